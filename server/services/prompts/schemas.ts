/**
 * Inputs of the prompt registry, shared by tRPC and the HTTP API: zod schemas for names, labels
 * and version content, the per-kind rules for a version (template vs config), and the small
 * types the other prompt modules share.
 */
import { z } from "zod";
import {
  LABEL_NAME_HELP,
  LABEL_NAME_PATTERN,
  PROMPT_NAME_HELP,
  PROMPT_NAME_MAX,
  PROMPT_NAME_PATTERN,
} from "../../core/prompt-template";
import type { Prisma, PrismaClient } from "../../db";
import { ValidationError, zodIssues, type FieldIssue } from "../errors";

export const PROMPT_KINDS = ["text", "config"] as const;
export const LABEL_MOVE_SOURCES = ["manual", "approval", "auto", "rollback"] as const;
export type LabelMoveSource = (typeof LABEL_MOVE_SOURCES)[number];

const MAX_TEMPLATE_CHARS = 100_000;
const MAX_JSON_CHARS = 100_000;
const MAX_LABELS_PER_CALL = 20;

export const promptName = z.string().trim().max(PROMPT_NAME_MAX, `at most ${PROMPT_NAME_MAX} characters`).regex(PROMPT_NAME_PATTERN, `use ${PROMPT_NAME_HELP}`);
export const labelName = z.string().trim().regex(LABEL_NAME_PATTERN, `use ${LABEL_NAME_HELP}`);
const jsonText = (value: unknown) => JSON.stringify(value)?.length ?? 0;

/** A prompt is named by id (dashboard) or by name (agents); exactly one of them. */
const promptRefShape = { promptId: z.string().uuid().optional(), name: promptName.optional() };
export type PromptRef = { promptId?: string; name?: string };
function oneRef(value: PromptRef, ctx: z.RefinementCtx) {
  if ((value.promptId === undefined) === (value.name === undefined)) ctx.addIssue({ code: "custom", path: ["name"], message: "name the prompt by name or by promptId (exactly one)" });
}

/** The content of one version; which fields apply depends on the prompt's kind. */
const versionShape = {
  /** Text prompts: the template, with {{variables}}. */
  template: z.string().max(MAX_TEMPLATE_CHARS, `at most ${MAX_TEMPLATE_CHARS} characters`).optional(),
  /** Config items: any JSON value except null (a model choice, a send window, a channel sequence…). */
  config: z.json().optional(),
  model: z.string().trim().min(1).max(200).nullish(),
  parameters: z
    .record(z.string(), z.json())
    .refine((p) => jsonText(p) <= MAX_JSON_CHARS, `at most ${MAX_JSON_CHARS} characters of JSON`)
    .default({}),
  commitMessage: z.string().trim().max(1000).default(""),
  /** Labels to point at the new version (protected ones need prompts:promote). */
  labels: z.array(labelName).max(MAX_LABELS_PER_CALL).default([]),
};
export type VersionFields = { template?: string; config?: unknown; model?: string | null; parameters: Record<string, unknown>; commitMessage: string; labels: string[] };

/** Template for text prompts, config for config items: each kind gets only its own field. */
export function versionIssues(kind: PromptKind, value: Pick<VersionFields, "template" | "config">): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (kind === "text") {
    if (value.template === undefined || !value.template.trim()) issues.push({ path: "template", message: "a text prompt needs a non-empty template" });
    if (value.config !== undefined) issues.push({ path: "config", message: "a text prompt has no config value; send template" });
  } else {
    if (value.config === undefined || value.config === null) issues.push({ path: "config", message: "a config item needs a JSON value (not null)" });
    else if (jsonText(value.config) > MAX_JSON_CHARS) issues.push({ path: "config", message: `at most ${MAX_JSON_CHARS} characters of JSON` });
    if (value.template !== undefined) issues.push({ path: "template", message: "a config item has no template; send config" });
  }
  return issues;
}

export const listPromptsInput = z
  .object({ search: z.string().trim().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) })
  .prefault({});

export const createPromptInput = z
  .object({ name: promptName, kind: z.enum(PROMPT_KINDS).default("text"), description: z.string().trim().max(1000).optional(), ...versionShape })
  .superRefine((value, ctx) => {
    for (const issue of versionIssues(value.kind, value)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  });

export const createPromptVersionInput = z.object({ ...promptRefShape, ...versionShape }).superRefine(oneRef);
export const promptRefInput = z.object(promptRefShape).superRefine(oneRef);

export const setPromptLabelInput = z
  .object({ ...promptRefShape, label: labelName, version: z.coerce.number().int().min(1), reason: z.string().trim().max(500).optional() })
  .superRefine(oneRef);

export const rollbackPromptLabelInput = z.object({ ...promptRefShape, label: labelName, reason: z.string().trim().max(500).optional() }).superRefine(oneRef);

export const diffPromptVersionsInput = z
  .object({
    ...promptRefShape,
    from: z.coerce.number().int().min(1),
    to: z.coerce.number().int().min(1),
    /** Unchanged lines around each change; a large number shows the whole text. */
    context: z.coerce.number().int().min(0).max(100_000).default(3),
  })
  .superRefine(oneRef);

export const resolvePromptInput = z.object({
  name: promptName,
  /** Defaults to production when no version is given. */
  label: labelName.optional(),
  version: z.coerce.number().int().min(1).optional(),
  /** Fills {{variables}} of a text prompt into `rendered`; numbers and booleans are written as text. */
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
});

export const setProtectedLabelsInput = z.object({ labels: z.array(labelName).max(50) });

/** Parses an HTTP body or query with one of the schemas above: a ValidationError with field paths on failure. */
export function parsePromptRequest<S extends z.ZodType>(schema: S, payload: unknown, message = "request rejected"): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ValidationError(message, zodIssues(parsed.error));
  return parsed.data;
}

export type ListPromptsInput = z.output<typeof listPromptsInput>;
export type CreatePromptInput = z.output<typeof createPromptInput>;
export type CreatePromptVersionInput = z.output<typeof createPromptVersionInput>;
export type SetPromptLabelInput = z.output<typeof setPromptLabelInput>;
export type RollbackPromptLabelInput = z.output<typeof rollbackPromptLabelInput>;
export type DiffPromptVersionsInput = z.output<typeof diffPromptVersionsInput>;
export type ResolvePromptInput = z.output<typeof resolvePromptInput>;

export type PromptKind = (typeof PROMPT_KINDS)[number];
export type Db = Prisma.TransactionClient | PrismaClient;
