"use client";
/** Settings: general, pattern learning, members, API keys and the audit log; each section follows the role's permissions. */
import { Text, Title } from "@tremor/react";
import { useCan } from "../shell/TenantContext";
import { ApiKeysCard } from "./ApiKeysCard";
import { AuditLogCard } from "./AuditLogCard";
import { GeneralCard } from "./GeneralCard";
import { MembersCard } from "./MembersCard";
import { PatternSettingsCard } from "./PatternSettingsCard";

export function Settings() {
  const canManageKeys = useCan("apiKeys:manage");
  const canReadAudit = useCan("audit:read");
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <Title>Settings</Title>
        <Text>Tenant details, how patterns are learned, people, API keys and the audit trail.</Text>
      </div>
      <GeneralCard />
      <PatternSettingsCard />
      <MembersCard />
      {canManageKeys ? <ApiKeysCard /> : <p id="api-keys" className="text-tremor-default text-tremor-content">API keys are managed by admins and owners of this tenant.</p>}
      {canReadAudit && <AuditLogCard />}
    </div>
  );
}
