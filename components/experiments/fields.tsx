"use client";
/** Form fields for the experiment form: a label, the control, a hint and the server's issue for that path. */
import type { ReactNode } from "react";

export const controlClass =
  "w-full rounded-tremor-default border border-tremor-border bg-white px-2.5 py-1.5 text-tremor-default text-tremor-content-emphasis shadow-tremor-input focus:border-tremor-brand-subtle focus:outline-none focus:ring-2 focus:ring-tremor-brand-muted disabled:bg-tremor-background-subtle disabled:text-tremor-content-subtle";

export function FieldError({ message, testId }: { message?: string; testId?: string }) {
  if (!message) return null;
  return (
    <span className="block text-tremor-label text-rose-600" role="alert" data-testid={testId}>
      {message}
    </span>
  );
}

export function Field({ label, hint, error, errorTestId, children, className = "" }: { label: string; hint?: ReactNode; error?: string; errorTestId?: string; children: ReactNode; className?: string }) {
  return (
    <label className={`block space-y-1 ${className}`}>
      <span className="text-tremor-default font-medium text-tremor-content-emphasis">{label}</span>
      {children}
      {hint && <span className="block text-tremor-label text-tremor-content">{hint}</span>}
      <FieldError message={error} testId={errorTestId} />
    </label>
  );
}
