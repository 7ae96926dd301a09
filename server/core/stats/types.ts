/**
 * Sufficient-statistic input shapes shared by the stats core. All are plain, immutable,
 * addable records of counts: a segment's statistics are the sum of its parts'.
 */

/** Successes out of trials for one group (e.g. leads that booked out of leads contacted). */
export interface ProportionStats {
  readonly successes: number;
  readonly trials: number;
}

/**
 * A 2×2 table laid out as scipy/statsmodels take it, `[[a, b], [c, d]]`:
 * rows are the exposure (row 1 = has the trait / saw the variant, row 2 = does not),
 * columns the outcome (column 1 = converted, column 2 = did not).
 */
export interface Table2x2 {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

export function addProportions(x: ProportionStats, y: ProportionStats): ProportionStats {
  return { successes: x.successes + y.successes, trials: x.trials + y.trials };
}

export function addTables(x: Table2x2, y: Table2x2): Table2x2 {
  return { a: x.a + y.a, b: x.b + y.b, c: x.c + y.c, d: x.d + y.d };
}

/** The table whose rows are two groups' successes and failures. */
export function tableFromProportions(exposed: ProportionStats, unexposed: ProportionStats): Table2x2 {
  return {
    a: exposed.successes,
    b: exposed.trials - exposed.successes,
    c: unexposed.successes,
    d: unexposed.trials - unexposed.successes,
  };
}

/** A finite, non-negative count (not necessarily an integer: weighted counts are allowed where stated). */
export function isCount(x: number): boolean {
  return Number.isFinite(x) && x >= 0;
}

export function isValidProportion(s: ProportionStats): boolean {
  return isCount(s.successes) && isCount(s.trials) && s.successes <= s.trials;
}

export function isValidTable(t: Table2x2): boolean {
  return isCount(t.a) && isCount(t.b) && isCount(t.c) && isCount(t.d);
}
