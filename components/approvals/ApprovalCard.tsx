"use client";
/**
 * One approval request: what would change (prompt, label, from → to version), the evidence the
 * decision rested on, who asked and who decided, and the actions the viewer's role allows.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, Text, Textarea } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import type { ArmReport } from "@/server/core/experiments/decision";
import type { SampleRatioMismatch } from "@/server/core/stats";
import { useTRPC } from "@/trpc/react";
import { ApprovalStatusBadge, DecisionBadge } from "../experiments/badges";
import { formatP, formatSignedInterval, formatSignedPercent, isNum, okCode } from "../experiments/format";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatInt, formatPercent, formatShortDateTime } from "../ui/format";
import type { RouterOutputs } from "../ui/trpc-types";

export type ApprovalItem = RouterOutputs["approvals"]["list"]["items"][number];

/** What evaluate.ts stores with a promotion request. */
interface Evidence {
  decision?: string;
  winner?: string;
  control?: string;
  arm?: ArmReport | null;
  srm?: SampleRatioMismatch;
  units?: number;
}

function EvidenceFigures({ evidence }: { evidence: Evidence }) {
  const c = evidence.arm?.vsControl;
  const lift = c && okCode(c.relativeLift.code) ? c.relativeLift : null;
  const figures: Array<[string, string, string?]> = [];
  if (lift) figures.push(["Lift", formatSignedPercent(lift.lift), formatSignedInterval(lift.interval)]);
  if (c) figures.push([`${c.metric === "revenue" ? "Revenue / unit" : "Rate"}`, c.metric === "revenue" ? `${c.variantValue.toFixed(2)} vs ${c.controlValue.toFixed(2)}` : `${formatPercent(c.variantValue)} vs ${formatPercent(c.controlValue)}`]);
  if (c) figures.push(["p (adjusted)", formatP(c.adjustedPValue), `raw ${formatP(c.pValue)}`]);
  if (c && isNum(c.bayesian.probabilityToBeatControl)) figures.push(["P(beat control)", formatPercent(c.bayesian.probabilityToBeatControl)]);
  if (isNum(evidence.arm?.units)) figures.push([`Units (${evidence.winner ?? "winner"})`, formatInt(evidence.arm!.units)]);
  if (isNum(evidence.units)) figures.push(["Units (all arms)", formatInt(evidence.units)]);
  if (figures.length === 0) return null;
  return (
    <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="approval-evidence">
      {figures.map(([label, value, sub]) => (
        <div key={label} className="rounded-tremor-small border border-tremor-border px-2 py-1.5">
          <dt className="text-tremor-label text-tremor-content">{label}</dt>
          <dd className="font-medium tabular-nums text-tremor-content-strong">{value}</dd>
          {sub && <dd className="text-tremor-label tabular-nums text-tremor-content-subtle">{sub}</dd>}
        </div>
      ))}
    </dl>
  );
}

export function ApprovalCard({ item }: { item: ApprovalItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { slug, timezone } = useTenantView();
  const canDecide = useCan("approvals:decide");
  const [note, setNote] = useState("");
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.approvals.pathFilter()),
      queryClient.invalidateQueries(trpc.experiments.pathFilter()),
      queryClient.invalidateQueries(trpc.prompts.pathFilter()),
      queryClient.invalidateQueries(trpc.models.pathFilter()),
    ]);
  const onSuccess = () => {
    setNote("");
    return refresh();
  };
  const approve = useMutation(trpc.approvals.approve.mutationOptions({ onSuccess }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions({ onSuccess }));
  const rollback = useMutation(trpc.approvals.rollback.mutationOptions({ onSuccess }));
  const busy = approve.isPending || reject.isPending || rollback.isPending;
  const payload = () => ({ id: item.id, ...(note.trim() ? { note: note.trim() } : {}) });

  const evidence = (item.evidence ?? {}) as Evidence;
  const isModel = item.kind === "model_promotion";
  const isProposal = item.kind === "experiment_proposal";
  const requester =
    item.requestedByType === "system" ? `Flywheel (${isModel ? "retrained model" : isProposal ? "excellence analysis" : "experiment decision"})` : (item.requestedByName ?? "someone");
  const pending = item.status === "pending";
  const canRollback = item.status === "approved" && !item.rolledBackAt && !isProposal;
  const previous = isModel ? (item.fromModel ? `v${item.fromModel.version}` : "no model") : `v${item.fromVersion ?? "?"}`;
  const proposalVariants = isProposal ? ((item.evidence as { variants?: Array<{ key: string; version: number; title: string; rationale: string }> }).variants ?? []) : [];

  function confirmRollback() {
    const what = isModel ? `Production goes back to ${previous}.` : `The ${item.label ?? "label"} label moves back to ${previous}.`;
    if (window.confirm(`Roll back "${item.title}"? ${what}`)) rollback.mutate(payload());
  }

  return (
    <Card id={`approval-${item.id}`} className="scroll-mt-6 p-4 target:ring-2 target:ring-tremor-brand-muted" data-testid="approval-card" data-status={item.status} data-id={item.id} data-experiment={item.experimentKey ?? ""}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <ApprovalStatusBadge status={item.status} rolledBack={Boolean(item.rolledBackAt)} testId="approval-status" />
            <span className="font-medium text-tremor-content-strong" data-testid="approval-title">
              {item.title}
            </span>
          </div>
          <Text className="mt-1 text-tremor-label">
            Requested by {requester} · {formatShortDateTime(item.createdAt, timezone)}
          </Text>
        </div>
        {evidence.decision && <DecisionBadge decision={evidence.decision} />}
      </div>

      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-tremor-default">
        {item.experimentKey && (
          <span>
            Experiment{" "}
            <Link href={`/t/${slug}/experiments/${encodeURIComponent(item.experimentKey)}`} className="text-tremor-brand hover:underline" data-testid="approval-experiment-link">
              {item.experimentName ?? item.experimentKey}
            </Link>
          </span>
        )}
        {item.promptName && (
          <span>
            Prompt{" "}
            <Link href={`/t/${slug}/prompts${item.promptId ? `/${item.promptId}` : ""}`} className="font-mono text-tremor-brand hover:underline" data-testid="approval-prompt-link">
              {item.promptName}
            </Link>
          </span>
        )}
        {isModel && item.toModel && (
          <span data-testid="approval-model-change">
            Model{" "}
            <Link href={`/t/${slug}/models/${item.toModel.id}`} className="font-mono text-tremor-brand hover:underline" data-testid="approval-model-link">
              {item.toModel.target}
            </Link>{" "}
            {previous} → <span className="font-medium text-tremor-content-strong">v{item.toModel.version}</span> ({item.toModel.family})
          </span>
        )}
        {item.label && (
          <span data-testid="approval-change">
            <Badge size="xs" color="gray">
              {item.label}
            </Badge>{" "}
            v{item.fromVersion ?? "?"} → <span className="font-medium text-tremor-content-strong">v{item.toVersion ?? "?"}</span>
          </span>
        )}
      </div>

      {item.summary && <p className="mt-2 text-tremor-default text-tremor-content-emphasis">{item.summary}</p>}
      {!isModel && !isProposal && <EvidenceFigures evidence={evidence} />}
      {proposalVariants.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5 text-tremor-default" data-testid="approval-variants">
          {proposalVariants.map((v) => (
            <li key={v.key}>
              <span className="font-medium text-tremor-content-strong">
                v{v.version} {v.title}
              </span>
              : {v.rationale}
            </li>
          ))}
        </ul>
      )}
      {evidence.srm?.mismatch && <p className="mt-2 text-tremor-default text-rose-700">The evaluation flagged a sample-ratio mismatch (p = {formatP(evidence.srm.pValue)}).</p>}

      {item.decidedAt && (
        <p className="text-tremor-default text-tremor-content mt-3" data-testid="approval-decided">
          {item.status === "approved" ? "Approved" : item.status === "rejected" ? "Rejected" : "Closed"} by {item.decidedByName ?? "the tenant's policy"} ·{" "}
          {formatShortDateTime(item.decidedAt, timezone)}
          {item.decisionNote && <span className="italic"> — “{item.decisionNote}”</span>}
        </p>
      )}
      {item.rolledBackAt && (
        <Text className="mt-1 text-amber-700">
          Rolled back by {item.rolledBackByName ?? "someone"} · {formatShortDateTime(item.rolledBackAt, timezone)}: {isModel ? `production is back on ${previous}` : `${item.label} is back on ${previous}`}.
        </Text>
      )}

      {(pending || canRollback) &&
        (canDecide ? (
          <div className="mt-4 space-y-2 border-t border-tremor-border pt-3">
            <Textarea value={note} onValueChange={setNote} rows={2} placeholder="Note (optional): why, for the audit log" aria-label={`Decision note for ${item.title}`} data-testid="approval-note" />
            <div className="flex flex-wrap gap-2">
              {pending && (
                <>
                  <Button size="xs" color="emerald" onClick={() => approve.mutate(payload())} loading={approve.isPending} disabled={busy} data-testid="approve-button">
                    Approve
                    {isModel && item.toModel
                      ? `: make v${item.toModel.version} production`
                      : isProposal
                        ? ": start the experiment"
                        : item.label && item.toVersion
                          ? `: move ${item.label} to v${item.toVersion}`
                          : ""}
                  </Button>
                  <Button size="xs" variant="secondary" color="rose" onClick={() => reject.mutate(payload())} loading={reject.isPending} disabled={busy} data-testid="reject-button">
                    Reject
                  </Button>
                </>
              )}
              {canRollback && (
                <Button size="xs" variant="secondary" color="amber" onClick={confirmRollback} loading={rollback.isPending} disabled={busy} data-testid="rollback-button">
                  Roll back to {previous}
                </Button>
              )}
            </div>
            <ErrorCallout error={approve.error ?? reject.error ?? rollback.error} title="That did not go through" />
          </div>
        ) : (
          <p className="mt-3 border-t border-tremor-border pt-3 text-tremor-label text-tremor-content" data-testid="approval-readonly">
            Only admins can approve, reject or roll back changes.
          </p>
        ))}
    </Card>
  );
}
