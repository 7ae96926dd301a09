import { apiRoute } from "@/server/api/http-v1";
import { createPrompt, createPromptInput, listPrompts, listPromptsInput, parsePromptRequest } from "@/server/services/prompts";

export const runtime = "nodejs";

/** GET ?search=&limit=: prompts by name with their newest version and labels (scope read). */
export const GET = apiRoute("prompts:read", { kind: "query" }, (ctx, query) => listPrompts(ctx, parsePromptRequest(listPromptsInput, query)));

/**
 * POST { name, kind?: "text"|"config", description?, template | config, model?, parameters?, commitMessage?, labels? }:
 * a new prompt with version 1 (scope ingest; a protected label such as production needs an ADMIN session).
 */
export const POST = apiRoute("prompts:write", { kind: "json" }, (ctx, body) => createPrompt(ctx, parsePromptRequest(createPromptInput, body, "prompt rejected")));
