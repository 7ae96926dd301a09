"use client";
/** Which labels only admins and owners may move: production always, plus the tenant's own list. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Text, TextInput, Title } from "@tremor/react";
import { useState, type FormEvent } from "react";
import { LABEL_NAME_HELP, LABEL_NAME_PATTERN, LATEST_LABEL, PRODUCTION_LABEL } from "@/server/core/prompt-template";
import { useTRPC } from "@/trpc/react";
import { useCan } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { LabelBadge, splitList } from "./shared";

export function ProtectedLabelsCard({ labels }: { labels: string[] | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canConfigure = useCan("tenant:settings");
  const [editing, setEditing] = useState<string | null>(null);
  const save = useMutation(
    trpc.prompts.setProtectedLabels.mutationOptions({
      onSuccess: async () => {
        setEditing(null);
        await queryClient.invalidateQueries(trpc.prompts.pathFilter());
      },
    }),
  );
  const extra = (labels ?? []).filter((l) => l !== PRODUCTION_LABEL);
  const draft = editing === null ? [] : splitList(editing);
  const bad = draft.find((l) => !LABEL_NAME_PATTERN.test(l) || l === LATEST_LABEL);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!bad) save.mutate({ labels: draft });
  }

  return (
    <Card data-testid="protected-labels-card">
      <Title>Protected labels</Title>
      <Text>Moving or rolling back these labels needs an admin or owner; members and API keys can move any other label. Production is always protected.</Text>
      <div className="mt-3 flex flex-wrap gap-1">
        {(labels ?? [PRODUCTION_LABEL]).map((l) => (
          <LabelBadge key={l} name={l} isProtected />
        ))}
      </div>
      {canConfigure &&
        (editing === null ? (
          <Button size="xs" variant="secondary" className="mt-3" onClick={() => setEditing(extra.join(", "))}>
            Change protected labels
          </Button>
        ) : (
          <form onSubmit={submit} className="mt-3 flex flex-wrap items-start gap-2">
            <TextInput value={editing} onValueChange={setEditing} placeholder="e.g. canary, eu-production" aria-label="Protected labels besides production" className="max-w-md" error={Boolean(bad)} errorMessage={bad ? `"${bad}": ${bad === LATEST_LABEL ? "latest moves with every version" : `use ${LABEL_NAME_HELP}`}` : undefined} />
            <Button type="submit" size="xs" loading={save.isPending}>
              Save
            </Button>
            <Button type="button" size="xs" variant="light" onClick={() => setEditing(null)}>
              Cancel
            </Button>
          </form>
        ))}
      <ErrorCallout error={save.error} title="Could not save the protected labels" />
    </Card>
  );
}
