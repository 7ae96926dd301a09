"use client";
/**
 * The content of a version, shared by the new-prompt and new-version forms: a template with its
 * detected {{variables}} (text prompts) or a JSON editor that shows parse errors (config items),
 * plus model, parameters (JSON object) and commit message.
 */
import { Badge, Text, Textarea, TextInput } from "@tremor/react";
import { extractVariables, parseJsonText, type JsonValue } from "@/server/core/prompt-template";
import { stableStringify } from "@/server/core/text-diff";

export interface VersionDraft {
  template: string;
  configText: string;
  model: string;
  parametersText: string;
  commitMessage: string;
}

export const EMPTY_DRAFT: VersionDraft = { template: "", configText: "", model: "", parametersText: "{}", commitMessage: "" };

/** A draft prefilled from an existing version (the next version usually starts from the newest). */
export function draftFrom(version: { template: string | null; config: unknown; model: string | null; parameters: unknown } | undefined): VersionDraft {
  if (!version) return EMPTY_DRAFT;
  return {
    template: version.template ?? "",
    configText: version.config === null || version.config === undefined ? "" : stableStringify(version.config),
    model: version.model ?? "",
    parametersText: stableStringify(version.parameters ?? {}) || "{}",
    commitMessage: "",
  };
}

type Checked =
  | { ok: true; value: { template?: string; config?: JsonValue; model?: string; parameters: Record<string, JsonValue>; commitMessage: string } }
  | { ok: false; errors: { config?: string; parameters?: string; template?: string } };

/** Client-side checks before sending (the server checks again and names any field it rejects). */
export function checkDraft(kind: "text" | "config", draft: VersionDraft): Checked {
  const errors: { config?: string; parameters?: string; template?: string } = {};
  let config: JsonValue | undefined;
  if (kind === "config") {
    const parsed = parseJsonText(draft.configText);
    if (!parsed.ok) errors.config = parsed.error;
    else if (parsed.value === null) errors.config = "a config value cannot be null";
    else config = parsed.value;
  } else if (!draft.template.trim()) errors.template = "write the template";
  let parameters: Record<string, JsonValue> = {};
  const params = parseJsonText(draft.parametersText.trim() ? draft.parametersText : "{}");
  if (!params.ok) errors.parameters = params.error;
  else if (!params.value || typeof params.value !== "object" || Array.isArray(params.value)) errors.parameters = "parameters must be a JSON object, e.g. {\"temperature\": 0.7}";
  else parameters = params.value as Record<string, JsonValue>;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { ...(kind === "text" ? { template: draft.template } : { config }), model: draft.model.trim() || undefined, parameters, commitMessage: draft.commitMessage.trim() },
  };
}

export function VersionFields({ kind, draft, onChange, showErrors }: { kind: "text" | "config"; draft: VersionDraft; onChange: (draft: VersionDraft) => void; showErrors: boolean }) {
  const set = (patch: Partial<VersionDraft>) => onChange({ ...draft, ...patch });
  const checked = checkDraft(kind, draft);
  const errors = checked.ok ? {} : checked.errors;
  const variables = kind === "text" ? extractVariables(draft.template) : [];
  const configError = kind === "config" && draft.configText.trim() ? errors.config : showErrors ? errors.config : undefined;

  return (
    <div className="space-y-3">
      {kind === "text" ? (
        <label className="block space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Template</span>
          <Textarea
            value={draft.template}
            onValueChange={(template) => set({ template })}
            rows={8}
            className="font-mono text-xs"
            placeholder={"You are {{agent_name}}, writing to {{first_name}} at {{company}}…"}
            aria-label="Template"
            data-testid="template-input"
            error={showErrors && Boolean(errors.template)}
            errorMessage={errors.template}
          />
          <div className="flex flex-wrap items-center gap-1" data-testid="detected-variables">
            <Text className="text-tremor-label">Variables:</Text>
            {variables.length === 0 ? (
              <Text className="text-tremor-label text-tremor-content-subtle">none — write {"{{name}}"} to add one</Text>
            ) : (
              variables.map((v) => (
                <Badge key={v} size="xs" color="slate" data-testid="detected-variable">
                  {v}
                </Badge>
              ))
            )}
          </div>
        </label>
      ) : (
        <label className="block space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Config value (JSON)</span>
          <Textarea
            value={draft.configText}
            onValueChange={(configText) => set({ configText })}
            rows={8}
            className="font-mono text-xs"
            placeholder={'{ "channels": ["email", "linkedin", "sms"], "gapDays": 2 }'}
            aria-label="Config value"
            data-testid="config-input"
            error={Boolean(configError)}
            errorMessage={configError}
          />
        </label>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Model (optional)</span>
          <TextInput value={draft.model} onValueChange={(model) => set({ model })} placeholder="e.g. gpt-4o-mini" aria-label="Model" data-testid="model-input" />
        </label>
        <label className="block space-y-1">
          <span className="text-tremor-default font-medium text-tremor-content-emphasis">Parameters (JSON object)</span>
          <Textarea
            value={draft.parametersText}
            onValueChange={(parametersText) => set({ parametersText })}
            rows={2}
            className="font-mono text-xs"
            aria-label="Parameters"
            data-testid="parameters-input"
            error={Boolean(errors.parameters)}
            errorMessage={errors.parameters}
          />
        </label>
      </div>
      <label className="block space-y-1">
        <span className="text-tremor-default font-medium text-tremor-content-emphasis">Commit message</span>
        <TextInput value={draft.commitMessage} onValueChange={(commitMessage) => set({ commitMessage })} placeholder="What changed and why" aria-label="Commit message" data-testid="commit-message-input" maxLength={1000} />
      </label>
    </div>
  );
}
