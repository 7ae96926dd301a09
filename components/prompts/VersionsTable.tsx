"use client";
/** Every version, newest first: commit message, author, time, labels; expand one to read it, or diff it against the one before. */
import { Badge, Button, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import { Fragment, useState } from "react";
import { stableStringify } from "@/server/core/text-diff";
import { useTenantView } from "../shell/TenantContext";
import { formatShortDateTime } from "../ui/format";
import { LabelBadge, type PromptDetailData } from "./shared";

export function VersionsTable({ prompt, onCompare }: { prompt: PromptDetailData; onCompare: (range: { from: number; to: number }) => void }) {
  const { timezone } = useTenantView();
  const [open, setOpen] = useState<number | null>(null);
  const protectedSet = new Set(prompt.protectedLabels);
  const oldestShown = prompt.versions.at(-1)?.version ?? 1;

  return (
    <Card id="versions">
      <Title>Versions</Title>
      <Text>
        Versions never change once created; a change is a new version.
        {prompt.versions.length < prompt.versionCount && ` Showing the newest ${prompt.versions.length} of ${prompt.versionCount}.`}
      </Text>
      <Table className="mt-3" data-testid="versions-table">
        <TableHead>
          <TableRow>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Commit message</TableHeaderCell>
            <TableHeaderCell>Author</TableHeaderCell>
            <TableHeaderCell>Created</TableHeaderCell>
            <TableHeaderCell>Labels</TableHeaderCell>
            <TableHeaderCell className="text-right">Actions</TableHeaderCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {prompt.versions.map((v) => (
            <Fragment key={v.id}>
              <TableRow data-testid="version-row" data-version={v.version}>
                <TableCell className="font-medium text-tremor-content-strong">v{v.version}</TableCell>
                <TableCell className="max-w-sm whitespace-normal">{v.commitMessage || <span className="text-tremor-content-subtle">no message</span>}</TableCell>
                <TableCell className="max-w-[14rem] truncate" title={v.author.name}>
                  {v.author.name}
                </TableCell>
                <TableCell className="whitespace-nowrap">{formatShortDateTime(v.createdAt, timezone)}</TableCell>
                <TableCell>
                  <div className="flex flex-wrap gap-1">
                    {v.labels.map((l) => (
                      <LabelBadge key={l} name={l} isProtected={protectedSet.has(l)} />
                    ))}
                  </div>
                </TableCell>
                <TableCell className="whitespace-nowrap text-right">
                  <Button size="xs" variant="light" onClick={() => setOpen(open === v.version ? null : v.version)} aria-expanded={open === v.version} data-testid="version-toggle">
                    {open === v.version ? "Hide" : "View"}
                  </Button>
                  {v.version > oldestShown && (
                    <Button size="xs" variant="light" className="ml-3" onClick={() => onCompare({ from: v.version - 1, to: v.version })} data-testid="version-diff-previous">
                      Diff with v{v.version - 1}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
              {open === v.version && (
                <TableRow data-testid="version-content">
                  <TableCell colSpan={6} className="bg-tremor-background-subtle">
                    <VersionContent version={v} kind={prompt.kind} />
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

function VersionContent({ version, kind }: { version: PromptDetailData["versions"][number]; kind: "text" | "config" }) {
  const parameters = stableStringify(version.parameters);
  return (
    <div className="space-y-2 whitespace-normal">
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded-tremor-small border border-tremor-border bg-white p-3 font-mono text-xs text-tremor-content-strong">
        {kind === "text" ? version.template : stableStringify(version.config)}
      </pre>
      <div className="flex flex-wrap items-center gap-2 text-tremor-label text-tremor-content">
        <span>Model: {version.model ?? "—"}</span>
        <span>· Parameters: {parameters === "{}" ? "none" : <code className="font-mono">{JSON.stringify(version.parameters)}</code>}</span>
        {kind === "text" && (
          <span className="flex flex-wrap items-center gap-1">
            · Variables:
            {version.variables.length === 0
              ? " none"
              : version.variables.map((name) => (
                  <Badge key={name} size="xs" color="slate">
                    {name}
                  </Badge>
                ))}
          </span>
        )}
      </div>
    </div>
  );
}
