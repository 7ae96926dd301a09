/** The Excellence Replicator's pure core (seed 002): score, transcript analysis, cohorts, report, variants. */
export * from "./score";
export * from "./transcript";
export * from "./features";
export * from "./cohort";
export * from "./report";
export * from "./variants";
