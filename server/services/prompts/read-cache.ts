/**
 * The in-process read cache of resolved prompts: label reads for LABEL_TTL_MS, version reads
 * (immutable) for VERSION_TTL_MS, and the invalidation a label move triggers.
 */
import type { Prisma } from "../../db";
import type { PromptKind } from "./schemas";

export interface ResolvedPrompt {
  promptId: string;
  name: string;
  kind: PromptKind;
  versionId: string;
  version: number;
  /** The label asked for; null for a read by version number. */
  label: string | null;
  template: string | null;
  config: Prisma.JsonValue | null;
  variables: string[];
  model: string | null;
  parameters: Prisma.JsonValue;
  commitMessage: string;
  createdAt: Date;
  /** The template with the given variables filled in (text prompts, when variables were sent). */
  rendered?: string;
}

export const LABEL_TTL_MS = 10_000;
export const VERSION_TTL_MS = 10 * 60_000;
const MAX_CACHE_ENTRIES = 5_000;
/**
 * After a label move, reads of that prompt skip the cache for this long: a move inside a caller's
 * transaction (approvals) is invisible until it commits, and nothing read before the commit may
 * be cached. Longer than any transaction that moves a label.
 */
const BYPASS_AFTER_MOVE_MS = 30_000;

class PromptReadCache {
  private entries = new Map<string, { value: ResolvedPrompt; expiresAt: number }>();
  private bypassUntil = new Map<string, number>();
  /** Bumped by every invalidation: a read that started before one must not store its result. */
  generation = 0;
  hits = 0;
  misses = 0;

  get(key: string, now: number): ResolvedPrompt | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) {
      this.hits++;
      return entry.value;
    }
    if (entry) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  /** Label reads are stored only if nothing was invalidated since they started and no move is in flight; version reads always. */
  set(key: string, promptKey: string, generation: number, value: ResolvedPrompt, ttlMs: number, now: number) {
    const byLabel = value.label !== null;
    if (byLabel && (generation !== this.generation || (this.bypassUntil.get(promptKey) ?? 0) > now)) return;
    this.entries.delete(key);
    while (this.entries.size >= MAX_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value: deepFreeze(value), expiresAt: now + ttlMs });
  }

  /** Drops the label reads of one prompt (version reads stay valid) and bypasses it for a while. */
  invalidate(promptKey: string, now: number) {
    this.generation++;
    for (const key of this.entries.keys()) if (key.startsWith(`${promptKey}\u0000l`)) this.entries.delete(key);
    for (const [key, until] of this.bypassUntil) if (until <= now) this.bypassUntil.delete(key);
    this.bypassUntil.set(promptKey, now + BYPASS_AFTER_MOVE_MS);
  }

  clear() {
    this.entries.clear();
    this.bypassUntil.clear();
    this.generation++;
    this.hits = 0;
    this.misses = 0;
  }

  get size() {
    return this.entries.size;
  }
}

// One cache per process, shared by every route bundle that imports this module.
const globalForCache = globalThis as unknown as { flywheelPromptCache?: PromptReadCache };
export const cache = (globalForCache.flywheelPromptCache ??= new PromptReadCache());

export const promptCacheKey = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

/** Drops cached label reads of a prompt in this process (movePromptLabel does this itself). */
export function invalidatePromptCache(tenantId: string, promptName: string): void {
  cache.invalidate(promptCacheKey(tenantId, promptName), Date.now());
}

/** Hit and miss counters of this process's read cache (tests, diagnostics). */
export function promptCacheStats() {
  return { size: cache.size, hits: cache.hits, misses: cache.misses };
}

export function clearPromptCache(): void {
  cache.clear();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
