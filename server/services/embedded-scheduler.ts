/**
 * Without an Inngest engine, the app itself keeps seed 003's schedules: a once-a-minute tick
 * that starts the weekly learning (Sunday 02:00 UTC), the daily health check (06:00 UTC) and
 * the evaluation of running experiments (every 15 minutes), seed 002's weekly optimization
 * (Sunday 04:00 UTC) and the models' daily feedback check (06:30 UTC)
 * with the same service code the Inngest functions call.
 */
import { getPrisma } from "../db";
import { usesInngestEngine } from "./jobs";

export interface Schedule {
  id: string;
  /** UTC weekday 0–6 (Sunday 0) or every day. */
  weekday: number | "*";
  /** UTC hour, or every hour. */
  hour: number | "*";
  /** UTC minute, or a step ("every 15 minutes" is { every: 15 }). */
  minute: number | { every: number };
  run: () => Promise<void>;
}

export function isDue(schedule: Pick<Schedule, "weekday" | "hour" | "minute">, now: Date): boolean {
  const minute = typeof schedule.minute === "number" ? schedule.minute === now.getUTCMinutes() : now.getUTCMinutes() % schedule.minute.every === 0;
  return (schedule.weekday === "*" || schedule.weekday === now.getUTCDay()) && (schedule.hour === "*" || schedule.hour === now.getUTCHours()) && minute;
}

async function forEachTenant(fn: (tenantId: string) => Promise<unknown>) {
  const db = await getPrisma();
  for (const { id } of await db.tenant.findMany({ select: { id: true } })) {
    await fn(id).catch((error: unknown) => console.error(`[scheduler] tenant ${id}`, error));
  }
}

export const SCHEDULES: Schedule[] = [
  {
    id: "patterns-weekly-learning",
    weekday: 0,
    hour: 2,
    minute: 0,
    run: async () => {
      const { requestScheduledLearning } = await import("./patterns/learn");
      await forEachTenant(requestScheduledLearning);
    },
  },
  {
    id: "patterns-daily-health",
    weekday: "*",
    hour: 6,
    minute: 0,
    run: async () => {
      const { executeHealthCheck } = await import("./patterns/learn");
      const db = await getPrisma();
      await forEachTenant((tenantId) => executeHealthCheck(db, tenantId));
    },
  },
  {
    id: "experiments-scheduled-evaluation",
    weekday: "*",
    hour: "*",
    minute: { every: 15 },
    run: async () => {
      const { evaluateTenantExperiments, tenantsWithRunningExperiments } = await import("./experiments/evaluate");
      const { inlineStep } = await import("./jobs");
      const db = await getPrisma();
      for (const tenantId of await tenantsWithRunningExperiments(db)) {
        await evaluateTenantExperiments(db, tenantId, inlineStep).catch((error: unknown) => console.error(`[scheduler] experiments ${tenantId}`, error));
      }
    },
  },
  {
    id: "optimization-weekly",
    weekday: 0,
    hour: 4,
    minute: 0,
    run: async () => {
      const { runWeeklyOptimization } = await import("./optimization");
      const { inlineStep } = await import("./jobs");
      const db = await getPrisma();
      await forEachTenant((tenantId) => runWeeklyOptimization(db, tenantId, inlineStep));
    },
  },
  {
    // The feedback loop also runs daily, so drift is noticed even when no outcomes arrive.
    id: "models-daily-feedback",
    weekday: "*",
    hour: 6,
    minute: 30,
    run: async () => {
      const { runFeedback } = await import("./models/feedback");
      const db = await getPrisma();
      await forEachTenant((tenantId) => runFeedback(db, tenantId));
    },
  },
];

const globalForScheduler = globalThis as unknown as { flywheelScheduler?: NodeJS.Timeout };

export function startEmbeddedScheduler() {
  if (usesInngestEngine() || globalForScheduler.flywheelScheduler || process.env.FLYWHEEL_DISABLE_SCHEDULER === "1") return;
  let lastMinute = -1;
  globalForScheduler.flywheelScheduler = setInterval(() => {
    const now = new Date();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    for (const schedule of SCHEDULES) if (isDue(schedule, now)) void schedule.run().catch((error: unknown) => console.error(`[scheduler] ${schedule.id}`, error));
  }, 15_000);
  globalForScheduler.flywheelScheduler.unref();
}
