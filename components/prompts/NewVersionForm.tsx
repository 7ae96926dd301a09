"use client";
/** The next version of a prompt, prefilled from the newest one. Labels stay where they are (latest moves). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Text, Title } from "@tremor/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import type { PromptDetailData } from "./shared";
import { checkDraft, draftFrom, VersionFields, type VersionDraft } from "./VersionFields";

export function NewVersionForm({ prompt }: { prompt: PromptDetailData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const newest = prompt.versions[0];
  const [draft, setDraft] = useState<VersionDraft | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation(
    trpc.prompts.createVersion.mutationOptions({
      onSuccess: async () => {
        setDraft(null);
        setSubmitted(false);
        await queryClient.invalidateQueries(trpc.prompts.pathFilter());
      },
    }),
  );

  if (draft === null) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => setDraft(draftFrom(newest))} data-testid="new-version-button">
          New version
        </Button>
        {create.isSuccess && (
          <Text data-testid="new-version-created">
            Created v{create.data.version}. Move a label to it to put it in use.
          </Text>
        )}
      </div>
    );
  }

  const checked = checkDraft(prompt.kind, draft);
  const unchanged = newest && checked.ok && JSON.stringify(draftFrom(newest)) === JSON.stringify({ ...draft, commitMessage: "" });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (checked.ok) create.mutate({ promptId: prompt.id, ...checked.value });
  }

  return (
    <Card data-testid="new-version-form">
      <Title>New version of {prompt.name}</Title>
      <Text>
        Starts from v{newest?.version ?? 0}. It becomes v{prompt.versionCount + 1} (or the next free number) and latest; production and other labels do not move.
      </Text>
      <form onSubmit={submit} className="mt-4 space-y-4">
        <VersionFields kind={prompt.kind} draft={draft} onChange={setDraft} showErrors={submitted} />
        {unchanged && <Text className="text-tremor-label text-amber-700">Nothing changed from v{newest?.version} yet.</Text>}
        <div className="flex gap-2">
          <Button type="submit" loading={create.isPending} data-testid="create-version-submit">
            Create version
          </Button>
          <Button type="button" variant="secondary" onClick={() => setDraft(null)}>
            Cancel
          </Button>
        </div>
        <ErrorCallout error={create.error} title="Could not create the version" />
      </form>
    </Card>
  );
}
