/**
 * Typed errors thrown by services. Each entry point (tRPC, HTTP, jobs, CLI) maps them once,
 * so the same failure gets the same answer everywhere.
 */
export interface FieldIssue {
  /** Where the problem is, e.g. "touches[17].channel". */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHORIZED" | "CONFLICT",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super("BAD_REQUEST", message);
  }
}
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super("FORBIDDEN", message);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(message: string) {
    super("UNAUTHORIZED", message);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/** ["touches", 17, "channel"] → "touches[17].channel" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(root)";
}

export function zodIssues(error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> }, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: issue.message }));
}
