/**
 * The Inngest client. Scheduled and event-driven jobs (pattern learning, experiment
 * evaluation, retraining) register in `inngest/functions.ts`; each is a thin shell around a
 * service in server/services that receives a small step interface, so the same code runs on
 * the Inngest engine (self-hosted or cloud: set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY and
 * point the engine at /api/inngest) and in-process on the embedded default.
 */
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "flywheel" });
