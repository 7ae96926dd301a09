/**
 * Sufficient statistics per arm, in one set-based statement: exposed units, and for each
 * outcome kind the units with at least one such outcome inside the attribution window
 * (from the unit's first exposure), plus revenue per unit (n, sum, sum of squares).
 */
import type { PrismaClient } from "../../db";

export interface ArmStats {
  armId: string;
  units: number;
  /** Units with ≥ 1 outcome of the kind within the window. */
  counts: { replied: number; booked: number; showed: number; converted: number; no_show: number; lost: number };
  revenue: { n: number; sum: number; sumSquares: number };
}

type Row = {
  arm_id: string;
  units: bigint;
  replied: bigint;
  booked: bigint;
  showed: bigint;
  converted: bigint;
  no_show: bigint;
  lost: bigint;
  revenue_sum: number | null;
  revenue_sum_squares: number | null;
};

export async function armStatistics(db: PrismaClient, tenantId: string, experimentId: string, attributionWindowDays: number, asOf: Date = new Date()): Promise<ArmStats[]> {
  const rows = await db.$queryRaw<Row[]>`
    WITH exposed AS (
      SELECT a.arm_id, a.unit_id, a.first_exposed_at, l.id AS lead_id
      FROM experiment_assignments a
      LEFT JOIN leads l ON l.tenant_id = ${tenantId}::uuid AND l.external_id = a.unit_id
      WHERE a.experiment_id = ${experimentId}::uuid AND a.first_exposed_at <= ${asOf}
    ), per_unit AS (
      SELECT e.arm_id, e.unit_id,
             coalesce(bool_or(o.kind = 'replied'), false) AS replied,
             coalesce(bool_or(o.kind = 'booked'), false) AS booked,
             coalesce(bool_or(o.kind = 'showed'), false) AS showed,
             coalesce(bool_or(o.kind = 'converted'), false) AS converted,
             coalesce(bool_or(o.kind = 'no_show'), false) AS no_show,
             coalesce(bool_or(o.kind = 'lost'), false) AS lost,
             coalesce(sum(o.value) FILTER (WHERE o.kind = 'converted'), 0)::float8 AS revenue
      FROM exposed e
      LEFT JOIN outcomes o
        ON o.tenant_id = ${tenantId}::uuid AND o.lead_id = e.lead_id
       AND o.occurred_at >= e.first_exposed_at
       AND o.occurred_at < e.first_exposed_at + make_interval(days => ${attributionWindowDays}::int)
       AND o.occurred_at <= ${asOf}
      GROUP BY e.arm_id, e.unit_id
    )
    SELECT arm_id::text, count(*) AS units,
           count(*) FILTER (WHERE replied) AS replied, count(*) FILTER (WHERE booked) AS booked,
           count(*) FILTER (WHERE showed) AS showed, count(*) FILTER (WHERE converted) AS converted,
           count(*) FILTER (WHERE no_show) AS no_show, count(*) FILTER (WHERE lost) AS lost,
           sum(revenue) AS revenue_sum, sum(revenue * revenue) AS revenue_sum_squares
    FROM per_unit GROUP BY arm_id`;
  return rows.map((r) => ({
    armId: r.arm_id,
    units: Number(r.units),
    counts: { replied: Number(r.replied), booked: Number(r.booked), showed: Number(r.showed), converted: Number(r.converted), no_show: Number(r.no_show), lost: Number(r.lost) },
    revenue: { n: Number(r.units), sum: Number(r.revenue_sum ?? 0), sumSquares: Number(r.revenue_sum_squares ?? 0) },
  }));
}
