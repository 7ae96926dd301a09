"use client";
/**
 * Shows a failed request as actionable text: the server's message, plus the field issues a
 * validation error carries (`error.data.issues`), first 20 and a count of the rest.
 */
import { Callout } from "@tremor/react";

export interface FieldIssue {
  path: string;
  message: string;
}

const MAX_SHOWN = 20;

export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string" && error.message) return error.message;
  return "Something went wrong; try again.";
}

export function errorIssues(error: unknown): FieldIssue[] {
  const data = error && typeof error === "object" && "data" in error ? (error as { data?: { issues?: unknown } }).data : undefined;
  return Array.isArray(data?.issues) ? (data.issues as FieldIssue[]) : [];
}

export function ErrorCallout({ error, title = "That did not work" }: { error: unknown; title?: string }) {
  if (!error) return null;
  const issues = errorIssues(error);
  return (
    <Callout title={title} color="rose" className="mt-3" role="alert">
      <p>{errorMessage(error)}</p>
      {issues.length > 0 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5" data-testid="error-issues">
          {issues.slice(0, MAX_SHOWN).map((issue, i) => (
            <li key={i}>
              <code className="font-mono text-xs">{issue.path}</code>: {issue.message}
            </li>
          ))}
          {issues.length > MAX_SHOWN && <li>and {issues.length - MAX_SHOWN} more</li>}
        </ul>
      )}
    </Callout>
  );
}
