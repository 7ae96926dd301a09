"use client";
/** What to do when a tenant has no data yet: create a key, send leads and touches. */
import { Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useCan, useTenantView } from "../shell/TenantContext";
import { CopyButton } from "../ui/CopyButton";
import { useOrigin } from "../ui/useOrigin";

export function EmptyState() {
  const { slug } = useTenantView();
  const canManageKeys = useCan("apiKeys:manage");
  const origin = useOrigin("http://localhost:3000");
  const curl = `curl -X POST ${origin}/api/v1/leads \\
  -H "Authorization: Bearer fw_…" \\
  -H "Content-Type: application/json" \\
  -d '{"leads":[{"externalId":"lead-001","email":"ada@example.com","company":"Acme","industry":"SaaS","source":"import"}]}'`;
  return (
    <Card data-testid="overview-empty">
      <Title>No data yet</Title>
      <Text className="mt-1">The overview fills in as soon as leads, touches and outcomes arrive. To send them:</Text>
      <ol className="mt-3 list-decimal space-y-2 pl-5 text-tremor-default text-tremor-content">
        <li>
          {canManageKeys ? (
            <>
              Create an API key with the <em>ingest</em> scope in{" "}
              <Link href={`/t/${slug}/settings#api-keys`} className="text-tremor-brand hover:underline">
                Settings → API keys
              </Link>
              .
            </>
          ) : (
            <>Ask an admin of this tenant for an API key with the ingest scope (Settings → API keys).</>
          )}
        </li>
        <li>
          POST leads to <code className="font-mono">/api/v1/leads</code>, then touches to <code className="font-mono">/api/v1/touches</code> and outcomes to{" "}
          <code className="font-mono">/api/v1/outcomes</code>; or upload a CSV on the{" "}
          <Link href={`/t/${slug}/data`} className="text-tremor-brand hover:underline">
            Data
          </Link>{" "}
          page.
        </li>
      </ol>
      <div className="mt-4 rounded-tremor-default bg-gray-900 p-3">
        <pre className="overflow-x-auto whitespace-pre text-xs text-gray-100">{curl}</pre>
      </div>
      <div className="mt-2">
        <CopyButton text={curl} label="Copy curl example" />
      </div>
    </Card>
  );
}
