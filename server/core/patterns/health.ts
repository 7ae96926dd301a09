/** Daily health of a tenant's patterns (seed 003 "Pattern Health"): stale, low sample, drift. Pure. */
import { PATTERN_TYPES, type PatternType } from "./types";

export interface PatternSummaryForHealth {
  type: PatternType;
  version: number;
  computedAt: Date;
  validUntil: Date;
  sampleSize: number;
  /** Units the primary target was analysed on (leads for WHO and HOW, touches for WHAT and WHEN); absent when unknown. */
  units?: number;
  confidence: number;
  driftLevel: "stable" | "warning" | "alert" | null;
}

export interface HealthFinding {
  type: PatternType;
  severity: "ok" | "warning" | "alert";
  code: "MISSING" | "NO_DATA" | "STALE" | "LOW_SAMPLE" | "LOW_CONFIDENCE" | "DRIFT" | "HEALTHY";
  message: string;
}

/** Seed 003: confidence should pass 0.7 after about 200 outcomes; below 100 outcomes weights have not converged. */
export const HEALTH_MIN_SAMPLE = 100;
export const HEALTH_MIN_CONFIDENCE = 0.7;

const NO_DATA_MESSAGE: Record<PatternType, string> = {
  who: "No leads in the learning window: WHO learns which leads convert once leads arrive.",
  what: "No touches in the learning window: WHAT learns from the content of the touches your agents send; ingest touches to enable it.",
  when: "No touches in the learning window: WHEN learns from when touches were sent; ingest touches to enable it.",
  how: "No touches in the learning window: HOW learns from each lead's sequence of touches; ingest touches to enable it.",
};

export function checkPatternHealth(current: readonly PatternSummaryForHealth[], now: Date): { status: "ok" | "warning" | "alert"; findings: HealthFinding[] } {
  const findings: HealthFinding[] = [];
  for (const type of PATTERN_TYPES) {
    const row = current.find((r) => r.type === type);
    if (!row) {
      findings.push({ type, severity: "warning", code: "MISSING", message: `No ${type.toUpperCase()} patterns yet: run learning once data has arrived.` });
      continue;
    }
    const before = findings.length;
    if (row.validUntil < now) {
      const days = Math.floor((now.getTime() - row.computedAt.getTime()) / 86_400_000);
      findings.push({ type, severity: "alert", code: "STALE", message: `Computed ${days} days ago and past its validity; the weekly learning run may have failed.` });
    }
    if (row.units === 0) {
      // Not a warning: a tenant that imports leads and outcomes (a CRM export) but no touches has WHO patterns and nothing for the rest to learn from.
      findings.push({ type, severity: "ok", code: "NO_DATA", message: NO_DATA_MESSAGE[type] });
      continue;
    }
    if (row.sampleSize < HEALTH_MIN_SAMPLE) {
      findings.push({ type, severity: "warning", code: "LOW_SAMPLE", message: `Rests on ${row.sampleSize} outcomes; ${HEALTH_MIN_SAMPLE - row.sampleSize} more are needed before acting on it.` });
    } else if (row.confidence < HEALTH_MIN_CONFIDENCE) {
      findings.push({ type, severity: "warning", code: "LOW_CONFIDENCE", message: `Confidence ${row.confidence.toFixed(2)} is below ${HEALTH_MIN_CONFIDENCE}.` });
    }
    if (row.driftLevel === "alert" || row.driftLevel === "warning") {
      findings.push({ type, severity: row.driftLevel === "alert" ? "alert" : "warning", code: "DRIFT", message: `Version ${row.version} shifted ${row.driftLevel === "alert" ? "strongly" : "moderately"} from the previous one; check the drift view.` });
    }
    if (findings.length === before) findings.push({ type, severity: "ok", code: "HEALTHY", message: `Version ${row.version}, ${row.sampleSize} outcomes, confidence ${row.confidence.toFixed(2)}.` });
  }
  const status = findings.some((f) => f.severity === "alert") ? "alert" : findings.some((f) => f.severity === "warning") ? "warning" : "ok";
  return { status, findings };
}
