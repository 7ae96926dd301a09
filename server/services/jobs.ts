/**
 * Background jobs. Each job is a service function taking a small `JobStep` interface; the
 * Inngest functions in inngest/ pass Inngest's step, and without an Inngest engine the app
 * runs the very same function in-process with the inline step below.
 */
export interface JobStep {
  /** Runs `fn` once under a stable id; on Inngest the result is memoized across retries. */
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

export const inlineStep: JobStep = { run: (_id, fn) => fn() };

export type FlywheelEvent =
  | { name: "patterns/learn.requested"; data: { tenantId: string; runId: string } }
  | { name: "patterns/backfill.requested"; data: { tenantId: string; runId: string } }
  | { name: "experiments/evaluate.requested"; data: { tenantId: string } }
  | { name: "models/train.requested"; data: { tenantId: string; runId: string; families: string[] | null; actor?: import("./context").Actor } }
  | { name: "models/feedback.requested"; data: { tenantId: string } }
  | { name: "optimization/weekly.requested"; data: { tenantId: string } };

type EventNamed<N extends FlywheelEvent["name"]> = Extract<FlywheelEvent, { name: N }>;
type Handler = (event: FlywheelEvent, step: JobStep) => Promise<unknown>;
const embeddedHandlers = new Map<FlywheelEvent["name"], Handler>();

/** Registers the in-process handler used when no Inngest engine is configured. */
export function registerEmbeddedHandler<N extends FlywheelEvent["name"]>(name: N, handler: (event: EventNamed<N>, step: JobStep) => Promise<unknown>) {
  embeddedHandlers.set(name, handler as Handler);
}

export function usesInngestEngine(): boolean {
  return Boolean(process.env.INNGEST_EVENT_KEY || process.env.INNGEST_BASE_URL);
}

/**
 * Sends an event to Inngest when an engine is configured, else runs its handler in-process
 * without awaiting it (the caller returns at once; progress is visible on the run record).
 * Returns the in-process promise so tests and CLIs can wait for it.
 */
export async function dispatch(event: FlywheelEvent): Promise<{ mode: "inngest" | "embedded"; done: Promise<unknown> }> {
  if (usesInngestEngine()) {
    const { inngest } = await import("../../inngest/client");
    await inngest.send(event);
    return { mode: "inngest", done: Promise.resolve() };
  }
  const handler = embeddedHandlers.get(event.name);
  if (!handler) throw new Error(`no embedded handler registered for ${event.name}`);
  const done = handler(event, inlineStep).catch((error: unknown) => {
    console.error(`[jobs] ${event.name} failed`, error);
  });
  return { mode: "embedded", done };
}
