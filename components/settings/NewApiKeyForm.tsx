"use client";
import { useMutation } from "@tanstack/react-query";
import { Button, Callout, Text, TextInput } from "@tremor/react";
import { useState, type FormEvent } from "react";
import { API_KEY_SCOPES, type ApiKeyScope } from "@/server/core/permissions";
import { useTRPC } from "@/trpc/react";
import { CopyButton } from "../ui/CopyButton";
import { ErrorCallout } from "../ui/ErrorCallout";

const SCOPE_HELP: Record<ApiKeyScope, string> = { ingest: "send leads, touches, outcomes, calls", read: "read data" };

/** Creates a key and shows it once: only its hash is stored. */
export function NewApiKeyForm({ onCreated }: { onCreated: () => unknown }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["ingest", "read"]);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => {
        setName("");
        void onCreated();
      },
    }),
  );

  function toggle(scope: ApiKeyScope, on: boolean) {
    setScopes((current) => (on ? [...new Set([...current, scope])] : current.filter((s) => s !== scope)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), scopes });
  }

  return (
    <div className="mt-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-4">
        <label className="space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Key name</span>
          <TextInput value={name} onValueChange={setName} placeholder="e.g. CRM sync" aria-label="API key name" className="w-64" required />
        </label>
        <fieldset className="flex gap-4 pb-2">
          <legend className="sr-only">Scopes</legend>
          {API_KEY_SCOPES.map((scope) => (
            <label key={scope} className="flex items-center gap-1.5 text-tremor-default text-tremor-content-emphasis" title={SCOPE_HELP[scope]}>
              <input type="checkbox" className="h-4 w-4 accent-blue-500" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} />
              {scope}
            </label>
          ))}
        </fieldset>
        <Button type="submit" loading={create.isPending} disabled={!name.trim() || scopes.length === 0}>
          Create API key
        </Button>
      </form>
      {scopes.length === 0 && <Text className="mt-1 text-tremor-label">Choose at least one scope.</Text>}
      <ErrorCallout error={create.error} title="Could not create the key" />
      {create.data && (
        <Callout title={`New key "${create.data.name}": copy it now`} color="amber" className="mt-4" data-testid="new-api-key">
          <p>This is the only time the full key is shown; Flywheel stores only a hash of it. If you lose it, revoke it and create another.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-tremor-content-strong" data-testid="new-api-key-value">
              {create.data.key}
            </code>
            <CopyButton text={create.data.key} label="Copy key" />
            <Button size="xs" variant="light" onClick={() => create.reset()}>
              I have stored it
            </Button>
          </div>
          <p className="mt-1">Scopes: {create.data.scopes.join(", ")}.</p>
        </Callout>
      )}
    </div>
  );
}
