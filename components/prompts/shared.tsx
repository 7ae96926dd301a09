"use client";
/** Small pieces shared by the prompt pages: label badges (with a lock for protected labels), inputs, types. */
import { Badge } from "@tremor/react";
import type { RouterOutputs } from "../ui/trpc-types";

export type PromptDetailData = RouterOutputs["prompts"]["get"];
export type PromptListItem = RouterOutputs["prompts"]["list"]["items"][number];

/** The native control style used across forms (plain selects are easy to drive in browser tests). */
export const fieldClass = "rounded-tremor-default border border-tremor-border bg-white px-2 py-1.5 text-tremor-default text-tremor-content-emphasis shadow-tremor-input";

export function LockIcon({ className = "h-3 w-3" }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" className={className}>
      <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1.5 1.5 0 0 0-1.5 1.5v5A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-5A1.5 1.5 0 0 0 12 7h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6V4.5a2 2 0 1 0-4 0V7h4Z" fillRule="evenodd" />
    </svg>
  );
}

const LABEL_COLOR = (name: string) => (name === "production" ? "emerald" : name === "latest" ? "gray" : name === "staging" ? "amber" : "blue");

/** A label chip: "production" green, "staging" amber, "latest" grey, others blue; protected ones carry a lock. */
export function LabelBadge({ name, version, isProtected }: { name: string; version?: number | null; isProtected?: boolean }) {
  return (
    <Badge size="xs" color={LABEL_COLOR(name)} data-testid={`label-badge-${name}`} title={isProtected ? `${name} is protected: only admins and owners move it` : undefined}>
      <span className="inline-flex items-center gap-1">
        {isProtected && <LockIcon />}
        {name}
        {version !== undefined && version !== null && <span className="opacity-70">v{version}</span>}
      </span>
    </Badge>
  );
}

export function KindBadge({ kind }: { kind: "text" | "config" }) {
  return (
    <Badge size="xs" color={kind === "text" ? "indigo" : "violet"} data-testid="prompt-kind">
      {kind}
    </Badge>
  );
}

/** "a, b , c" → ["a", "b", "c"] (lowercased, empty parts dropped, duplicates removed). */
export function splitList(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean))];
}
