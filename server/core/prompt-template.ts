/**
 * Rules of the prompt registry shared by the server and the dashboard forms: what a prompt or
 * label may be called, which labels are special, and how {{variables}} are found and filled.
 * Pure: no I/O, no request context.
 */

/**
 * Prompt names: lowercase, digits and `._-`, optionally in folders separated by "/" (e.g.
 * "email/cold-open"), at most 100 characters. Every "/"-separated segment starts with a letter or
 * digit, so a name is always a valid URL path (no empty, "." or ".." segments) and can be used
 * as-is in /api/v1/prompts/<name>.
 */
export const PROMPT_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;
export const PROMPT_NAME_MAX = 100;
export const PROMPT_NAME_HELP = "lowercase letters, digits, . _ - and / between folders (each part starts with a letter or digit), at most 100 characters";

/** Label names: lowercase, digits and `._-`, at most 50 characters. */
export const LABEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,49}$/;
export const LABEL_NAME_HELP = "lowercase letters, digits, . _ - (starting with a letter or digit), at most 50 characters";

/** Always points at the newest version; moved by the registry itself, never by hand. */
export const LATEST_LABEL = "latest";
/** What agents read by default. Always protected. */
export const PRODUCTION_LABEL = "production";
export const DEFAULT_PROTECTED_LABELS: readonly string[] = [PRODUCTION_LABEL];

/** Protected labels of a tenant: production plus the names configured in settings. */
export function protectedLabelSet(configured: readonly string[] = []): Set<string> {
  return new Set([...DEFAULT_PROTECTED_LABELS, ...configured]);
}

/** `{{name}}` or `{{ name }}`; a variable name is a letter or underscore, then letters, digits, underscores. */
const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The distinct variables of a template, in order of first appearance. */
export function extractVariables(template: string): string[] {
  const seen = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) seen.add(match[1]!);
  return [...seen];
}

/**
 * Fills every {{variable}} in one pass (values are inserted literally: a value containing
 * "{{x}}" is not expanded again). Variables without a value are listed in `missing` and left
 * in place; extra values are ignored.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = template.replace(VARIABLE, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(values, name)) return values[name]!;
    missing.add(name);
    return whole;
  });
  return { text, missing: [...missing] };
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Parses a JSON editor's text: the value, or the parser's message (with position) to show. */
export function parseJsonText(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  if (!text.trim()) return { ok: false, error: "enter a JSON value" };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
