/**
 * Text features of a touch's content snapshot, for the WHAT detector. Pure: no I/O.
 *
 * Rules (the SQL in server/services/patterns/what.ts implements the same rules for the
 * set-based categorical pass; these functions are the reference and are unit-tested):
 * - Tokens: lowercase runs of letters and digits; an apostrophe inside a word is kept ("i'm",
 *   "company's"), every other character is a separator. Curly apostrophes count as straight ones.
 * - Phrases (1–3-grams) never cross a clause boundary (. ! ? ; : , newline, brackets, quotes),
 *   so "…well. Teams like…" does not yield "well teams".
 * - A term made only of stopwords ("of the", "to") carries no content and is not a phrase.
 * - Subject style: the sender's own label (attributes.subjectStyle) wins; else "personalized"
 *   when the subject names the lead's company or first name (`mentionsName`),
 *   "question" when it contains "?", "short" at ≤ 4 words, "long" at ≥ 9 words, "medium" otherwise.
 *   Words are runs of non-whitespace.
 * - Body length is measured in characters (cheap in SQL, and unambiguous across languages).
 */

const CLAUSE_BREAK = /[.!?;:,\n\r()[\]{}"“”«»…]+/;
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Common English function words; a phrase made only of these is dropped. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have he her his how i i'm i've if in into is it it's its " +
    "me my no not of on or our out so than that the their them then there these they this those to too up us was we we're we've were " +
    "what when where which who will with would you you're your yours just all any also some such more most very s"
  ).split(" "),
);

/** Lowercase tokens of one clause (see the file comment). */
export function tokenize(text: string): string[] {
  const normalized = text.toLowerCase().replace(/[’‘`´]/g, "'");
  return normalized.match(TOKEN) ?? [];
}

/** Clauses of a text, each as its token list (empty clauses dropped). */
export function clauses(text: string): string[][] {
  const out: string[][] = [];
  for (const part of text.split(CLAUSE_BREAK)) {
    const tokens = tokenize(part);
    if (tokens.length > 0) out.push(tokens);
  }
  return out;
}

/** The raw clauses of a text, split at clause breaks (some may hold no tokens). */
export function rawClauses(text: string): string[] {
  return text.split(CLAUSE_BREAK);
}

/** Calls `visit` for every 1…maxN-gram of one raw clause (see `forEachTerm`). */
export function forEachClauseTerm(clause: string, maxN: number, visit: (term: string) => void): void {
  const tokens = tokenize(clause);
  for (let i = 0; i < tokens.length; i++) {
    let term = "";
    let content = false;
    for (let n = 1; n <= maxN && i + n <= tokens.length; n++) {
      const token = tokens[i + n - 1];
      term = n === 1 ? token : `${term} ${token}`;
      if (!content && !STOPWORDS.has(token)) content = true;
      if (content) visit(term);
    }
  }
}

/**
 * Calls `visit` for every 1…maxN-gram of the given texts (subject, body), within clauses, without
 * stopword-only terms; a term occurring twice is visited twice.
 */
export function forEachTerm(texts: ReadonlyArray<string | null | undefined>, maxN: number, visit: (term: string) => void): void {
  for (const text of texts) {
    if (!text) continue;
    for (const clause of rawClauses(text)) forEachClauseTerm(clause, maxN, visit);
  }
}

/** The distinct 1…maxN-grams of the texts (see `forEachTerm`): a term counts once per touch however often it occurs. */
export function distinctTerms(texts: ReadonlyArray<string | null | undefined>, maxN = 3): Set<string> {
  const terms = new Set<string>();
  forEachTerm(texts, maxN, (term) => terms.add(term));
  return terms;
}

/** Words (runs of non-whitespace) of a text. */
export function wordCount(text: string | null | undefined): number {
  return (text ?? "").match(/\S+/g)?.length ?? 0;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * Does the text mention `name`? Its first case-insensitive occurrence must stand as a whole word
 * (no letter, digit or underscore right before or after it). Names shorter than 2 characters never match.
 */
export function mentionsName(text: string, name: string): boolean {
  return mentionsNameInLowered(text.toLowerCase(), name);
}

/** `mentionsName` on a text already lowercased (a message checked for several names is lowercased once). */
function mentionsNameInLowered(hay: string, name: string): boolean {
  const needle = name.trim().toLowerCase();
  if ([...needle].length < 2) return false;
  const pos = hay.indexOf(needle);
  if (pos < 0) return false;
  const before = pos > 0 ? hay.slice(0, pos).slice(-1) : "";
  const after = hay.slice(pos + needle.length, pos + needle.length + 1);
  return !(before && WORD_CHAR.test(before)) && !(after && WORD_CHAR.test(after));
}

/** Does the text name the lead's company or first name (see `mentionsName`)? */
export function mentionsLead(text: string | null | undefined, lead: { company?: string | null; firstName?: string | null }): boolean {
  if (!text) return false;
  const hay = text.toLowerCase();
  return [lead.company, lead.firstName].some((name) => !!name && mentionsNameInLowered(hay, name));
}

export const SHORT_SUBJECT_MAX_WORDS = 4;
export const LONG_SUBJECT_MIN_WORDS = 9;

/** Subject style of a touch, or null when it has no subject and no sender label. */
export function subjectStyle(
  subject: string | null | undefined,
  lead: { company?: string | null; firstName?: string | null },
  senderLabel?: string | null,
): string | null {
  if (senderLabel && senderLabel.trim() !== "") return senderLabel.trim();
  if (!subject || subject.trim() === "") return null;
  if (mentionsLead(subject, lead)) return "personalized";
  if (subject.includes("?")) return "question";
  const words = wordCount(subject);
  if (words <= SHORT_SUBJECT_MAX_WORDS) return "short";
  if (words >= LONG_SUBJECT_MIN_WORDS) return "long";
  return "medium";
}

/** Body length buckets in characters: upper bounds of each bucket (the last is open). */
export const BODY_LENGTH_BUCKETS: readonly number[] = [150, 300, 600, 1200];

/** "1-150", "151-300", "301-600", "601-1200", "1201+" characters; null for an empty body. */
export function bodyLengthBucket(body: string | null | undefined): string | null {
  if (!body || !NON_SPACE.test(body)) return null;
  const chars = codePoints(body);
  let lower = 1;
  for (const upper of BODY_LENGTH_BUCKETS) {
    if (chars <= upper) return `${lower}-${upper}`;
    lower = upper + 1;
  }
  return `${lower}+`;
}

/** Question marks in the body: "0", "1" or "2+"; null for an empty body. */
export function questionCountBucket(body: string | null | undefined): string | null {
  if (!body || !NON_SPACE.test(body)) return null;
  const first = body.indexOf("?");
  return first < 0 ? "0" : body.indexOf("?", first + 1) < 0 ? "1" : "2+";
}

/** Any character String.prototype.trim would keep (it removes exactly what \s matches). */
const NON_SPACE = /\S/;

const HIGH_SURROGATE = /[\ud800-\udbff]/;

/** Length in code points, as [...text].length, without building the array. */
function codePoints(text: string): number {
  if (!HIGH_SURROGATE.test(text)) return text.length;
  let surrogatePairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogatePairs++;
        i++;
      }
    }
  }
  return text.length - surrogatePairs;
}

/** First word of a person's name, for personalization checks. */
export function firstNameOf(name: string | null | undefined): string | null {
  const first = (name ?? "").trim().split(/\s+/)[0];
  return first ? first : null;
}

/** The content features WHAT counts per touch (see the functions above). */
export interface TouchContentFeatures {
  subjectStyle: string | null;
  bodyLength: string | null;
  questionCount: string | null;
  /** Does the body name the lead's company or first name: "yes" | "no", null for an empty body. */
  personalization: "yes" | "no" | null;
}

/**
 * Measures a touch's content features once, when it is written, against the lead as it was then
 * (the message that was sent named the lead as it was known). A sender's own subject-style label
 * (attributes.subjectStyle) wins over the measured style.
 */
export function touchContentFeatures(
  touch: { subject?: string | null; body?: string | null; attributes?: Record<string, unknown> | null },
  lead: { company?: string | null; name?: string | null },
): TouchContentFeatures {
  const label = touch.attributes?.subjectStyle;
  const senderLabel = typeof label === "string" || typeof label === "number" || typeof label === "boolean" ? String(label) : null;
  const named = { company: lead.company, firstName: firstNameOf(lead.name) };
  // Null exactly for an empty body, as the other body features.
  const bodyLength = bodyLengthBucket(touch.body);
  return {
    subjectStyle: subjectStyle(touch.subject, named, senderLabel),
    bodyLength,
    questionCount: questionCountBucket(touch.body),
    personalization: bodyLength === null ? null : mentionsLead(touch.body, named) ? "yes" : "no",
  };
}
