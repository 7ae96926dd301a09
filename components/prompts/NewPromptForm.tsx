"use client";
/** Creates a prompt (text template or config value) with its first version, then opens it. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Text, TextInput, Title } from "@tremor/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { LABEL_NAME_HELP, LABEL_NAME_PATTERN, LATEST_LABEL, PROMPT_NAME_HELP, PROMPT_NAME_MAX, PROMPT_NAME_PATTERN } from "@/server/core/prompt-template";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { fieldClass, splitList } from "./shared";
import { checkDraft, EMPTY_DRAFT, VersionFields, type VersionDraft } from "./VersionFields";

export function NewPromptForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { slug } = useTenantView();
  const canPromote = useCan("prompts:promote");
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"text" | "config">("text");
  const [description, setDescription] = useState("");
  const [labelsText, setLabelsText] = useState("");
  const [draft, setDraft] = useState<VersionDraft>({ ...EMPTY_DRAFT, commitMessage: "first version" });
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation(
    trpc.prompts.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries(trpc.prompts.pathFilter());
        router.push(`/t/${slug}/prompts/${created.id}`);
      },
    }),
  );

  const trimmedName = name.trim();
  const nameError = trimmedName && (trimmedName.length > PROMPT_NAME_MAX || !PROMPT_NAME_PATTERN.test(trimmedName)) ? `Use ${PROMPT_NAME_HELP}.` : null;
  const labels = splitList(labelsText);
  const badLabel = labels.find((l) => !LABEL_NAME_PATTERN.test(l) || l === LATEST_LABEL);
  const labelError = badLabel ? (badLabel === LATEST_LABEL ? "latest is set automatically." : `"${badLabel}": use ${LABEL_NAME_HELP}.`) : !canPromote && labels.includes("production") ? "Only admins and owners can label a version production." : null;
  const checked = checkDraft(kind, draft);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!trimmedName || nameError || labelError || !checked.ok) return;
    create.mutate({ name: trimmedName, kind, description: description.trim() || undefined, labels, ...checked.value });
  }

  return (
    <Card data-testid="new-prompt-form">
      <Title>New prompt</Title>
      <Text>Version 1 is created with it; the label latest always follows the newest version.</Text>
      <form onSubmit={submit} className="mt-4 space-y-4">
        <div className="grid gap-3 md:grid-cols-[2fr_1fr]">
          <label className="block space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Name</span>
            <TextInput value={name} onValueChange={setName} placeholder="e.g. email/cold-open" aria-label="Prompt name" data-testid="prompt-name-input" error={Boolean(nameError) || (submitted && !trimmedName)} errorMessage={nameError ?? (submitted && !trimmedName ? "Name the prompt." : undefined)} />
          </label>
          <label className="block space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Kind</span>
            <select className={`${fieldClass} w-full`} value={kind} onChange={(e) => setKind(e.target.value as "text" | "config")} aria-label="Kind" data-testid="prompt-kind-select">
              <option value="text">text — a prompt or message template</option>
              <option value="config">config — a JSON value (model, send window, sequence…)</option>
            </select>
          </label>
        </div>
        <label className="block space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Description (optional)</span>
          <TextInput value={description} onValueChange={setDescription} placeholder="What it is for" aria-label="Description" maxLength={1000} />
        </label>
        <VersionFields kind={kind} draft={draft} onChange={setDraft} showErrors={submitted} />
        <label className="block space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Labels for version 1 (optional, comma-separated)</span>
          <TextInput value={labelsText} onValueChange={setLabelsText} placeholder={canPromote ? "e.g. staging, production" : "e.g. staging"} aria-label="Initial labels" data-testid="initial-labels-input" error={Boolean(labelError)} errorMessage={labelError ?? undefined} />
        </label>
        <div className="flex gap-2">
          <Button type="submit" loading={create.isPending} data-testid="create-prompt-submit">
            Create prompt
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
        <ErrorCallout error={create.error} title="Could not create the prompt" />
      </form>
    </Card>
  );
}
