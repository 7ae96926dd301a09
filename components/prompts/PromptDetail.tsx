"use client";
/**
 * One prompt: its labels (move, roll back), versions, a form for the next version, a diff between
 * any two versions and the history of label moves. Actions follow the role (useCan); the server
 * checks again, and protected labels need prompts:promote.
 */
import { useQuery } from "@tanstack/react-query";
import { Text } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { DiffView } from "./DiffView";
import { LabelHistory } from "./LabelHistory";
import { LabelsCard } from "./LabelsCard";
import { NewVersionForm } from "./NewVersionForm";
import { KindBadge } from "./shared";
import { VersionsTable } from "./VersionsTable";

export function PromptDetail({ promptId }: { promptId: string }) {
  const trpc = useTRPC();
  const { slug, timezone } = useTenantView();
  const canWrite = useCan("prompts:write");
  const detail = useQuery(trpc.prompts.get.queryOptions({ promptId }));
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);

  if (detail.isPending) return <Loading what="the prompt" />;
  if (!detail.data) {
    return (
      <div className="space-y-3">
        <Link href={`/t/${slug}/prompts`} className="text-tremor-default text-tremor-brand hover:underline">
          ← All prompts
        </Link>
        <ErrorCallout error={detail.error} title="Could not load the prompt" />
      </div>
    );
  }
  const prompt = detail.data;

  function showDiff(range: { from: number; to: number }) {
    setCompare(range);
    requestAnimationFrame(() => document.getElementById("prompt-diff")?.scrollIntoView({ behavior: "smooth", block: "start" }));
  }

  return (
    <div className="max-w-6xl space-y-6" data-testid="prompt-detail">
      <div>
        <Link href={`/t/${slug}/prompts`} className="text-tremor-default text-tremor-brand hover:underline">
          ← All prompts
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-tremor-title font-medium text-tremor-content-strong" data-testid="prompt-name">
            {prompt.name}
          </h1>
          <KindBadge kind={prompt.kind} />
        </div>
        <Text>
          {prompt.description ? `${prompt.description} · ` : ""}
          {prompt.versionCount} {prompt.versionCount === 1 ? "version" : "versions"} · created {formatDateTime(prompt.createdAt, timezone)}. Agents read it with{" "}
          <code className="font-mono text-xs">GET /api/v1/prompts/{prompt.name}?label=production</code>.
        </Text>
      </div>

      <LabelsCard prompt={prompt} />
      <VersionsTable prompt={prompt} onCompare={showDiff} />
      {canWrite && <NewVersionForm prompt={prompt} />}
      <DiffView prompt={prompt} range={compare} onRangeChange={setCompare} />
      <LabelHistory prompt={prompt} />
    </div>
  );
}
