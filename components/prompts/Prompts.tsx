"use client";
/**
 * Prompt registry: every prompt and config item of the tenant with its kind, newest version and
 * labels. Agents read a label (production by default) over tRPC or GET /api/v1/prompts/<name>.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, TextInput } from "@tremor/react";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatShortDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { useDebounced } from "../ui/useDebounced";
import { NewPromptForm } from "./NewPromptForm";
import { ProtectedLabelsCard } from "./ProtectedLabelsCard";
import { KindBadge, LabelBadge } from "./shared";

export function Prompts() {
  const trpc = useTRPC();
  const { slug, name, timezone } = useTenantView();
  const canWrite = useCan("prompts:write");
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const query = useDebounced(search.trim());
  const list = useQuery(trpc.prompts.list.queryOptions({ search: query || undefined }));
  const items = list.data?.items ?? [];

  return (
    <div className="max-w-6xl space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-tremor-title font-medium text-tremor-content-strong">Prompts</h1>
          <Text>
            {name} · system prompts, message templates and config values with immutable versions. Labels point at versions: agents read <code className="font-mono text-xs">production</code> unless they ask
            for another label or a version, via <code className="font-mono text-xs">GET /api/v1/prompts/&lt;name&gt;</code>.
          </Text>
        </div>
        {canWrite && !creating && (
          <Button onClick={() => setCreating(true)} data-testid="new-prompt-button">
            New prompt
          </Button>
        )}
      </div>

      {creating && <NewPromptForm onCancel={() => setCreating(false)} />}

      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <TextInput value={search} onValueChange={setSearch} placeholder="Filter by name…" className="max-w-xs" aria-label="Filter prompts by name" />
          {list.data && (
            <Text className="text-tremor-label">
              {items.length} {items.length === 1 ? "prompt" : "prompts"}
              {list.data.truncated ? " (first ones only; narrow the filter)" : ""}
            </Text>
          )}
        </div>
        <ErrorCallout error={list.error} title="Could not load the prompts" />
        {list.isPending ? (
          <Loading what="prompts" />
        ) : list.data ? (
          <Table className="mt-3" data-testid="prompts-table">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Kind</TableHeaderCell>
                <TableHeaderCell>Newest version</TableHeaderCell>
                <TableHeaderCell>Labels</TableHeaderCell>
                <TableHeaderCell>Updated</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={5} className="text-center text-tremor-content-subtle">
                    {query ? `No prompt name contains "${query}".` : canWrite ? "No prompts yet. Create one with “New prompt”, or POST /api/v1/prompts." : "No prompts yet."}
                  </TableCell>
                </TableRow>
              )}
              {items.map((p) => (
                <TableRow key={p.id} data-testid="prompt-row" data-prompt-name={p.name}>
                  <TableCell>
                    <Link href={`/t/${slug}/prompts/${p.id}`} className="font-mono text-tremor-default text-tremor-brand hover:underline">
                      {p.name}
                    </Link>
                    {p.description && <div className="max-w-md truncate text-tremor-label text-tremor-content">{p.description}</div>}
                  </TableCell>
                  <TableCell>
                    <KindBadge kind={p.kind} />
                  </TableCell>
                  <TableCell>
                    {p.latestVersion ? (
                      <div>
                        <span className="font-medium text-tremor-content-strong">v{p.latestVersion.version}</span>
                        <span className="ml-2 text-tremor-label text-tremor-content">{p.latestVersion.commitMessage || "no commit message"}</span>
                      </div>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-wrap gap-1">
                      {p.labels.map((l) => (
                        <LabelBadge key={l.name} name={l.name} version={l.version} isProtected={l.protected} />
                      ))}
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{formatShortDateTime(p.updatedAt, timezone)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : null}
      </Card>

      <ProtectedLabelsCard labels={list.data?.protectedLabels} />
    </div>
  );
}
