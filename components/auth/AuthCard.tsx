"use client";
import { Card, Text, Title } from "@tremor/react";
import type { ReactNode } from "react";

/** Centered card for the signed-out pages. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md">
        <p className="mb-4 text-center text-xl font-semibold text-tremor-content-strong">Flywheel</p>
        <Card>
          <Title>{title}</Title>
          {subtitle && <Text className="mt-1">{subtitle}</Text>}
          <div className="mt-5">{children}</div>
        </Card>
      </div>
    </main>
  );
}

export function Field({ label, htmlFor, children, hint }: { label: string; htmlFor: string; children: ReactNode; hint?: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-tremor-default font-medium text-tremor-content-emphasis">
        {label}
      </label>
      {children}
      {hint && <Text className="text-tremor-label">{hint}</Text>}
    </div>
  );
}
