/**
 * Prompt registry: named prompts and config values per tenant, immutable numbered versions,
 * labels that point at versions (production, staging, custom; "latest" follows the newest), a
 * history of every label move, rollback, diffs, and `resolvePrompt` for agents.
 *
 * Rules (shared by tRPC, HTTP, approvals and experiments; no raw Prisma on these tables elsewhere):
 * - Versions are created only here (createPrompt, createPromptVersion): the number is allocated
 *   under a row lock on the prompt, and a unique clash that still happens is a ConflictError.
 * - A label moves only through movePromptLabel: it writes the PromptLabelEvent (rollback reads
 *   it), the audit entry, and invalidates the read cache. Permission checks belong to callers
 *   (setPromptLabel, rollbackPromptLabel, approvals); protected labels need prompts:promote.
 * - Reads by label are cached in-process for LABEL_TTL_MS; a label move in this process drops
 *   them at once. Other processes see a move within the TTL. Version reads are immutable and
 *   cached longer.
 *
 * The code lives in ./prompts/, one module per concern; importers keep using this file.
 */
export {
  createPromptInput,
  createPromptVersionInput,
  diffPromptVersionsInput,
  LABEL_MOVE_SOURCES,
  labelName,
  listPromptsInput,
  parsePromptRequest,
  PROMPT_KINDS,
  promptName,
  promptRefInput,
  resolvePromptInput,
  rollbackPromptLabelInput,
  setPromptLabelInput,
  setProtectedLabelsInput,
} from "./prompts/schemas";
export type {
  CreatePromptInput,
  CreatePromptVersionInput,
  DiffPromptVersionsInput,
  LabelMoveSource,
  ListPromptsInput,
  ResolvePromptInput,
  RollbackPromptLabelInput,
  SetPromptLabelInput,
} from "./prompts/schemas";
export { clearPromptCache, invalidatePromptCache, LABEL_TTL_MS, promptCacheStats, VERSION_TTL_MS } from "./prompts/read-cache";
export type { ResolvedPrompt } from "./prompts/read-cache";
export { movePromptLabel, previousLabelVersion, rollbackPromptLabel, setPromptLabel, setProtectedLabels } from "./prompts/labels";
export { createPrompt, createPromptVersion } from "./prompts/versions";
export { diffPromptVersions, getPromptDetail, listPrompts } from "./prompts/browse";
export { resolvePrompt } from "./prompts/resolve";
