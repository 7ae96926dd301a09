/**
 * Flywheel's pure statistics core. Boundary: no I/O, no database, no request context, no Node
 * APIs; every function is deterministic given its inputs (and seed, where it resamples).
 * Inputs are sufficient statistics (counts, tables, design matrices); degenerate data return a
 * result with a `code` from `messages.ts` and finite defaults, never NaN. See README.md.
 */
export * from "./messages";
export * from "./types";
export * from "./distributions";
export * from "./proportions";
export * from "./shrinkage";
export * from "./contingency";
export * from "./multiple-testing";
export * from "./stratified";
export * from "./log-odds";
export * from "./logistic";
export * from "./logistic-stability";
export * from "./binning";
export * from "./confidence";
export * from "./drift";
export * from "./welch";
export * from "./bayesian";
export * from "./sequential";
export * from "./thompson";
export { seededRandom, type SeededRandom } from "./random";
