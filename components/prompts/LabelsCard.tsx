"use client";
/**
 * Where each label points, a control to move one (protected labels are locked for roles without
 * prompts:promote) and a rollback per label to the version it pointed at before its last move.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, TextInput, Title } from "@tremor/react";
import { useState, type FormEvent } from "react";
import { LABEL_NAME_HELP, LABEL_NAME_PATTERN, LATEST_LABEL, PRODUCTION_LABEL } from "@/server/core/prompt-template";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatShortDateTime } from "../ui/format";
import { fieldClass, LabelBadge, LockIcon, type PromptDetailData } from "./shared";

const OTHER = "__other__";

export function LabelsCard({ prompt }: { prompt: PromptDetailData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timezone } = useTenantView();
  const canWrite = useCan("prompts:write");
  const canPromote = useCan("prompts:promote");
  const protectedSet = new Set(prompt.protectedLabels);
  const mayMove = (label: string) => label !== LATEST_LABEL && (protectedSet.has(label) ? canPromote : canWrite);
  const refresh = () => queryClient.invalidateQueries(trpc.prompts.pathFilter());

  const rollback = useMutation(trpc.prompts.rollback.mutationOptions({ onSuccess: refresh }));
  function confirmRollback(label: string, from: number | null, to: number) {
    if (window.confirm(`Move ${label} of ${prompt.name} back from v${from ?? "?"} to v${to}? Agents reading ${label} get v${to} at once.`)) rollback.mutate({ promptId: prompt.id, label });
  }

  return (
    <Card id="labels" data-testid="labels-card">
      <Title>Labels</Title>
      <Text>
        Agents read a label, so moving one changes what they run. <span className="inline-flex items-center gap-1"><LockIcon /> Protected</span> labels ({prompt.protectedLabels.join(", ")}) need an admin or owner.
      </Text>
      <Table className="mt-3" data-testid="labels-table">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Label</TableHeaderCell>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Moved</TableHeaderCell>
            <TableHeaderCell className="text-right">Rollback</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {prompt.labels.map((l) => (
            <TableRow key={l.name} data-testid="label-row" data-label={l.name}>
              <TableCell>
                <LabelBadge name={l.name} isProtected={l.protected} />
              </TableCell>
              <TableCell className="font-medium text-tremor-content-strong">v{l.version}</TableCell>
              <TableCell className="whitespace-nowrap">{formatShortDateTime(l.updatedAt, timezone)}</TableCell>
              <TableCell className="text-right">
                {l.name === LATEST_LABEL ? (
                  <Text className="text-tremor-label">follows the newest version</Text>
                ) : l.rollbackTo === null ? (
                  <Text className="text-tremor-label">nothing to roll back to</Text>
                ) : (
                  <Button
                    size="xs"
                    variant="secondary"
                    color="rose"
                    disabled={!mayMove(l.name) || rollback.isPending}
                    title={mayMove(l.name) ? undefined : "Only admins and owners can roll back a protected label"}
                    onClick={() => confirmRollback(l.name, l.version, l.rollbackTo!)}
                    data-testid={`rollback-${l.name}`}
                  >
                    {!mayMove(l.name) && <LockIcon className="mr-1 inline h-3 w-3" />}Roll back to v{l.rollbackTo}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ErrorCallout error={rollback.error} title="Could not roll back" />
      {canWrite && <LabelMoveForm prompt={prompt} mayMove={mayMove} onMoved={refresh} />}
    </Card>
  );
}

function LabelMoveForm({ prompt, mayMove, onMoved }: { prompt: PromptDetailData; mayMove: (label: string) => boolean; onMoved: () => unknown }) {
  const trpc = useTRPC();
  const protectedSet = new Set(prompt.protectedLabels);
  const choices = [...new Set([PRODUCTION_LABEL, "staging", ...prompt.protectedLabels, ...prompt.labels.map((l) => l.name)])].filter((l) => l !== LATEST_LABEL);
  const [choice, setChoice] = useState(choices.find(mayMove) ?? choices[0] ?? OTHER);
  const [custom, setCustom] = useState("");
  const [version, setVersion] = useState(String(prompt.versions[0]?.version ?? 1));
  const [reason, setReason] = useState("");
  const move = useMutation(
    trpc.prompts.setLabel.mutationOptions({
      onSuccess: () => {
        setReason("");
        void onMoved();
      },
    }),
  );

  const label = (choice === OTHER ? custom : choice).trim().toLowerCase();
  const labelError = choice === OTHER && label && (!LABEL_NAME_PATTERN.test(label) || label === LATEST_LABEL) ? (label === LATEST_LABEL ? "latest follows the newest version" : `use ${LABEL_NAME_HELP}`) : null;
  const locked = Boolean(label) && protectedSet.has(label) && !mayMove(label);
  const current = prompt.labels.find((l) => l.name === label)?.version ?? null;
  const target = Number(version);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!label || labelError || locked) return;
    move.mutate({ promptId: prompt.id, label, version: target, reason: reason.trim() || undefined });
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-2 border-t border-tremor-border pt-4" data-testid="label-move-form" aria-label="Move a label">
      <Text className="font-medium text-tremor-content-strong">Move a label</Text>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-tremor-label text-tremor-content">
          Label
          <select className={fieldClass} value={choice} onChange={(e) => setChoice(e.target.value)} aria-label="Label to move" data-testid="label-select">
            {choices.map((l) => (
              <option key={l} value={l}>
                {protectedSet.has(l) ? `${l} (protected)` : l}
              </option>
            ))}
            <option value={OTHER}>new label…</option>
          </select>
        </label>
        {choice === OTHER && (
          <label className="flex flex-col text-tremor-label text-tremor-content">
            New label
            <TextInput value={custom} onValueChange={setCustom} placeholder="e.g. canary" aria-label="New label name" className="w-40" data-testid="custom-label-input" />
          </label>
        )}
        <label className="flex flex-col text-tremor-label text-tremor-content">
          To version
          <select className={fieldClass} value={version} onChange={(e) => setVersion(e.target.value)} aria-label="Version to point the label at" data-testid="label-version-select">
            {prompt.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.commitMessage ? ` — ${v.commitMessage.slice(0, 40)}` : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-[12rem] flex-1 flex-col text-tremor-label text-tremor-content">
          Reason (optional)
          <TextInput value={reason} onValueChange={setReason} placeholder="Why, for the history" aria-label="Reason for the move" maxLength={500} />
        </label>
        <Button type="submit" loading={move.isPending} disabled={!label || Boolean(labelError) || locked || current === target} data-testid="label-move-submit">
          {locked && <LockIcon className="mr-1 inline h-3 w-3" />}Move {label || "label"} to v{target}
        </Button>
      </div>
      {locked && (
        <Text className="text-tremor-label text-amber-700" data-testid="label-locked">
          {label} is protected: only admins and owners can move it (an approved experiment can also promote a winner).
        </Text>
      )}
      {labelError && <Text className="text-tremor-label text-rose-600">{labelError}</Text>}
      {current === target && !locked && <Text className="text-tremor-label">{label} already points at v{target}.</Text>}
      <ErrorCallout error={move.error} title="Could not move the label" />
    </form>
  );
}
