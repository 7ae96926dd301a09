"use client";
/** Status and decision badges shared by the experiment list, the detail page and the approvals inbox. */
import { Badge } from "@tremor/react";

const STATUS_COLOR = { draft: "gray", running: "blue", completed: "emerald", stopped: "amber" } as const;
const STATUS_HELP: Record<string, string> = {
  draft: "Not started: agents asking for an arm get the production version.",
  running: "Units are being assigned to arms and outcomes counted.",
  completed: "Ended by a decision (promote or reject).",
  stopped: "Stopped by a person before a decision.",
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge size="xs" color={STATUS_COLOR[status as keyof typeof STATUS_COLOR] ?? "gray"} title={STATUS_HELP[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}

const DECISION_COLOR = { PROMOTE: "emerald", REJECT: "rose", CONTINUE: "blue" } as const;
const DECISION_HELP: Record<string, string> = {
  PROMOTE: "A variant is significantly better by at least the deploy gate, with no failed guardrail and no sample-ratio mismatch.",
  REJECT: "Keep the control: every variant is worse, cannot reach the gate, or the sample limit was reached.",
  CONTINUE: "Not decided yet: keep collecting data.",
};

export function DecisionBadge({ decision, testId, size = "xs" }: { decision: string | null | undefined; testId?: string; size?: "xs" | "sm" | "md" }) {
  if (!decision)
    return (
      <Badge size={size} color="gray" title="Not evaluated yet" data-testid={testId} data-decision="">
        not evaluated
      </Badge>
    );
  return (
    <Badge size={size} color={DECISION_COLOR[decision as keyof typeof DECISION_COLOR] ?? "gray"} title={DECISION_HELP[decision]} data-testid={testId} data-decision={decision}>
      {decision}
    </Badge>
  );
}

const APPROVAL_COLOR = { pending: "amber", approved: "emerald", rejected: "rose", cancelled: "gray" } as const;

export function ApprovalStatusBadge({ status, rolledBack, testId }: { status: string; rolledBack?: boolean; testId?: string }) {
  return (
    <Badge size="xs" color={rolledBack ? "gray" : (APPROVAL_COLOR[status as keyof typeof APPROVAL_COLOR] ?? "gray")} data-testid={testId} data-status={status}>
      {rolledBack ? `${status}, rolled back` : status}
    </Badge>
  );
}
