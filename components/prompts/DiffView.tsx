"use client";
/** A unified line diff between any two versions: content (template, or config as sorted JSON), then model, variables and parameters. */
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, Text, Title } from "@tremor/react";
import type { TextDiff } from "@/server/core/text-diff";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { fieldClass, type PromptDetailData } from "./shared";
import { useState } from "react";

const WHOLE_TEXT = 100_000;

export function DiffView({ prompt, range, onRangeChange }: { prompt: PromptDetailData; range: { from: number; to: number } | null; onRangeChange: (range: { from: number; to: number }) => void }) {
  const trpc = useTRPC();
  const [whole, setWhole] = useState(false);
  const versions = prompt.versions.map((v) => v.version);
  const fallback = versions.length >= 2 ? { from: versions[1]!, to: versions[0]! } : null;
  const selected = range ?? fallback;
  const diff = useQuery(trpc.prompts.diff.queryOptions({ promptId: prompt.id, from: selected?.from ?? 1, to: selected?.to ?? 1, context: whole ? WHOLE_TEXT : 3 }, { enabled: selected !== null }));

  return (
    <Card id="prompt-diff" data-testid="diff-view">
      <Title>Compare versions</Title>
      {!selected ? (
        <Text>There is only one version; create another to compare.</Text>
      ) : (
        <>
          <div className="mt-2 flex flex-wrap items-end gap-3">
            <label className="flex flex-col text-tremor-label text-tremor-content">
              From
              <select className={fieldClass} value={selected.from} onChange={(e) => onRangeChange({ ...selected, from: Number(e.target.value) })} aria-label="Diff from version" data-testid="diff-from-select">
                {versions.map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col text-tremor-label text-tremor-content">
              To
              <select className={fieldClass} value={selected.to} onChange={(e) => onRangeChange({ ...selected, to: Number(e.target.value) })} aria-label="Diff to version" data-testid="diff-to-select">
                {versions.map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1.5 pb-2 text-tremor-default text-tremor-content-emphasis">
              <input type="checkbox" className="h-4 w-4 accent-blue-500" checked={whole} onChange={(e) => setWhole(e.target.checked)} />
              Show every line
            </label>
          </div>
          <ErrorCallout error={diff.error} title="Could not compare the versions" />
          {diff.isPending ? (
            <Loading what="the diff" />
          ) : diff.data ? (
            <div className="mt-4 space-y-4">
              <div className="flex flex-wrap items-center gap-3 text-tremor-default" data-testid="diff-summary">
                <span className="text-emerald-700">+{diff.data.content.added}</span>
                <span className="text-rose-700">−{diff.data.content.removed}</span>
                <span className="text-tremor-content">
                  lines, v{diff.data.from.version} → v{diff.data.to.version}
                </span>
                {diff.data.model.changed && (
                  <span className="text-tremor-content">
                    · model {diff.data.model.from ?? "—"} → {diff.data.model.to ?? "—"}
                  </span>
                )}
                {diff.data.variables.added.map((v) => (
                  <Badge key={`+${v}`} size="xs" color="emerald">
                    +{v}
                  </Badge>
                ))}
                {diff.data.variables.removed.map((v) => (
                  <Badge key={`-${v}`} size="xs" color="rose">
                    −{v}
                  </Badge>
                ))}
              </div>
              <UnifiedDiff diff={diff.data.content} label={prompt.kind === "text" ? "Template" : "Config value"} />
              {!diff.data.parameters.identical && <UnifiedDiff diff={diff.data.parameters} label="Parameters" />}
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}

const ROW_STYLE = { added: "bg-emerald-50 text-emerald-900", removed: "bg-rose-50 text-rose-900", unchanged: "text-tremor-content-emphasis" } as const;
const SIGN = { added: "+", removed: "−", unchanged: " " } as const;

function UnifiedDiff({ diff, label }: { diff: TextDiff; label: string }) {
  return (
    <div>
      <Text className="mb-1 font-medium text-tremor-content-strong">{label}</Text>
      {diff.identical ? (
        <Text className="text-tremor-label" data-testid="diff-identical">
          No difference.
        </Text>
      ) : (
        <div className="overflow-x-auto rounded-tremor-small border border-tremor-border">
          {diff.approximate && <Text className="px-3 py-1 text-tremor-label text-amber-700">The versions differ too much for a line-by-line match; showing the changed block as removed and added.</Text>}
          <table className="w-full border-collapse font-mono text-xs">
            <tbody>
              {diff.hunks.map((hunk, h) => [
                <tr key={`h${h}`} className="bg-tremor-background-subtle text-tremor-content">
                  <td colSpan={4} className="px-3 py-1">
                    @@ −{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
                  </td>
                </tr>,
                ...hunk.lines.map((line, i) => (
                  <tr key={`${h}-${i}`} className={ROW_STYLE[line.kind]} data-testid={`diff-line-${line.kind}`}>
                    <td className="w-10 select-none px-2 text-right text-tremor-content-subtle">{line.oldLine ?? ""}</td>
                    <td className="w-10 select-none px-2 text-right text-tremor-content-subtle">{line.newLine ?? ""}</td>
                    <td className="w-4 select-none text-center">{SIGN[line.kind]}</td>
                    <td className="whitespace-pre-wrap break-words px-2 [overflow-wrap:anywhere]">{line.text || " "}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
