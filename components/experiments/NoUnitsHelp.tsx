"use client";
/** What to do while an experiment has no units: how an agent asks for its arm, with a curl example. */
import { Card, Text, Title } from "@tremor/react";
import Link from "next/link";
import { useCan, useTenantView } from "../shell/TenantContext";
import { CopyButton } from "../ui/CopyButton";
import { useOrigin } from "../ui/useOrigin";

export function NoUnitsHelp({ experimentKey, status }: { experimentKey: string; status: string }) {
  const { slug } = useTenantView();
  const canManageKeys = useCan("apiKeys:manage");
  const origin = useOrigin("http://localhost:3000");
  const curl = `curl -X POST ${origin}/api/v1/experiments/assign \\
  -H "Authorization: Bearer fw_…" \\
  -H "x-flywheel-tenant: ${slug}" \\
  -H "Content-Type: application/json" \\
  -d '{"experiment":"${experimentKey}","unitId":"lead-001"}'`;
  return (
    <Card data-testid="no-units">
      <Title>No units yet</Title>
      <Text className="mt-1">
        {status === "draft" ? "The experiment is a draft: once it is started, " : "Nothing has been assigned: "}
        agents call <code className="font-mono">POST /api/v1/experiments/assign</code> with the lead&apos;s external id before they write to it, use the version in the answer&apos;s{" "}
        <code className="font-mono">served</code> field, and send the lead&apos;s outcomes to <code className="font-mono">/api/v1/outcomes</code> as usual. The same lead always gets the same arm.
      </Text>
      <div className="mt-3 rounded-tremor-default bg-gray-900 p-3">
        <pre className="overflow-x-auto whitespace-pre text-xs text-gray-100">{curl}</pre>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <CopyButton text={curl} label="Copy curl example" />
        <Text className="text-tremor-label">
          {canManageKeys ? (
            <>
              The key needs the <em>ingest</em> scope:{" "}
              <Link href={`/t/${slug}/settings#api-keys`} className="text-tremor-brand hover:underline">
                Settings → API keys
              </Link>
              .
            </>
          ) : (
            "The key needs the ingest scope; an admin creates it in Settings → API keys."
          )}
        </Text>
      </div>
    </Card>
  );
}
