"use client";
/** Status badges for model versions and training runs. */
import { Badge } from "@tremor/react";

const STATUS_COLOR = { candidate: "blue", production: "emerald", archived: "gray" } as const;
const STATUS_HELP: Record<string, string> = {
  candidate: "Trained and registered; agents are not served by it until it is promoted.",
  production: "Serves every prediction for this target.",
  archived: "Replaced by a later production model (it can come back by rollback or promotion).",
};

export function ModelStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge size="xs" color={STATUS_COLOR[status as keyof typeof STATUS_COLOR] ?? "gray"} title={STATUS_HELP[status]} data-testid={testId} data-status={status}>
      {status}
    </Badge>
  );
}

const RUN_COLOR = { running: "blue", succeeded: "emerald", failed: "rose" } as const;

export function RunStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge size="xs" color={RUN_COLOR[status as keyof typeof RUN_COLOR] ?? "gray"} data-testid={testId} data-status={status}>
      {status === "succeeded" ? "done" : status}
    </Badge>
  );
}
