/**
 * A tenant's pattern-learning settings (tenant.settings.patterns): how far back learning looks
 * (from the newest lead or touch, see detectOptionsFor in learn.ts), the false-discovery level,
 * the minimum outcomes a finding needs, and the confounders every effect is re-checked within.
 * Read by every learning run; changed by admins, audited.
 */
import { z } from "zod";
import { DEFAULT_DETECT_OPTIONS } from "../../core/patterns/types";
import { BUILT_IN_ATTRIBUTES, FREE_ATTRIBUTE_NAME } from "../../core/patterns/who";
import type { PrismaClient } from "../../db";
import { recordAudit } from "../audit";
import type { TenantContext } from "../context";

/** Confounders every detector knows, and what each one stratifies. */
export const KNOWN_CONFOUNDERS = {
  source: "lead source (WHO, WHAT, HOW)",
  channel_mix: "the set of channels a lead was reached on (WHO)",
  days_to_appointment: "days from booking to the appointment (HOW interventions)",
} as const;

/**
 * A confounder: a known one, a built-in lead attribute, or a free one ("attributes.<key>",
 * FREE_ATTRIBUTE_NAME: written into SQL, so restricted to a few characters).
 */
export const confounderName = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    if (name in KNOWN_CONFOUNDERS || (BUILT_IN_ATTRIBUTES as readonly string[]).includes(name) || FREE_ATTRIBUTE_NAME.test(name)) return;
    ctx.addIssue({ code: "custom", message: `unknown confounder "${name}": use ${Object.keys(KNOWN_CONFOUNDERS).join(", ")}, a lead attribute (${BUILT_IN_ATTRIBUTES.join(", ")}) or attributes.<key>` });
  });

/** A lead attribute WHO may leave out: a built-in one or "attributes.<key>" (same characters as confounders). */
export const attributeName = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    if ((BUILT_IN_ATTRIBUTES as readonly string[]).includes(name) || FREE_ATTRIBUTE_NAME.test(name)) return;
    ctx.addIssue({ code: "custom", message: `unknown lead attribute "${name}": use ${BUILT_IN_ATTRIBUTES.join(", ")} or attributes.<key>` });
  });

export const patternSettingsSchema = z.object({
  lookbackDays: z.number().int().min(7).max(3650).default(365),
  alpha: z.number().min(0.001).max(0.2).default(DEFAULT_DETECT_OPTIONS.alpha),
  minConversions: z.number().int().min(1).max(10_000).default(DEFAULT_DETECT_OPTIONS.minConversions),
  confounders: z
    .array(confounderName)
    .max(8, "at most 8 confounders: each one adds a stratified pass")
    .refine((list) => new Set(list).size === list.length, "each confounder once")
    .default([...DEFAULT_DETECT_OPTIONS.confounders]),
  /** Lead attributes WHO leaves out, e.g. a call's duration, known only after the outreach it would explain. */
  excludedAttributes: z
    .array(attributeName)
    .max(50)
    .refine((list) => new Set(list).size === list.length, "each attribute once")
    .default([]),
});
export type PatternSettings = z.infer<typeof patternSettingsSchema>;

export const updatePatternSettingsInput = patternSettingsSchema.partial();

/** The stored settings, or the defaults where they are missing or no longer valid. */
export function parsePatternSettings(settings: unknown): PatternSettings {
  const stored = (settings as { patterns?: unknown } | null)?.patterns;
  const parsed = patternSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : patternSettingsSchema.parse({});
}

export async function readPatternSettings(db: Pick<PrismaClient, "tenant">, tenantId: string): Promise<PatternSettings> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
  return parsePatternSettings(tenant.settings);
}

/** The settings with what may be chosen as a confounder: the known ones and the lead attributes WHO analysed last. */
export async function getPatternSettings(ctx: TenantContext) {
  const [settings, who] = await Promise.all([
    readPatternSettings(ctx.db, ctx.tenantId),
    ctx.db.conversionPattern.findUnique({ where: { tenantId_type: { tenantId: ctx.tenantId, type: "who" } }, select: { patterns: true } }),
  ]);
  const compared = ((who?.patterns as { details?: { attributes?: Array<{ attribute: string; values: number }> } } | null)?.details?.attributes ?? []).filter((a) => a.values > 1).map((a) => a.attribute);
  return {
    settings,
    defaults: patternSettingsSchema.parse({}),
    confounderChoices: [
      ...Object.entries(KNOWN_CONFOUNDERS).map(([name, description]) => ({ name, description })),
      ...compared.filter((name) => name !== "source").map((name) => ({ name, description: "lead attribute (WHO)" })),
    ],
    /** Attributes that may be left out: those WHO compared last, and those already left out. */
    attributeChoices: [...new Set([...compared, ...settings.excludedAttributes])],
  };
}

export async function updatePatternSettings(ctx: TenantContext, input: z.infer<typeof updatePatternSettingsInput>) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  const before = parsePatternSettings(tenant.settings);
  const after = patternSettingsSchema.parse({ ...before, ...input });
  // Only the patterns key is replaced, in one statement: a concurrent change to another key (approvals) is not lost.
  await ctx.db.$executeRawUnsafe(
    `UPDATE tenants SET settings = jsonb_set(CASE WHEN jsonb_typeof(settings) = 'object' THEN settings ELSE '{}'::jsonb END, '{patterns}', $1::jsonb), updated_at = now() WHERE id = $2::uuid`,
    JSON.stringify(after),
    ctx.tenantId,
  );
  await recordAudit(ctx, ctx.db, { action: "patterns.settings_updated", targetType: "tenant", targetId: ctx.tenantId, details: { before, after } });
  return after;
}
