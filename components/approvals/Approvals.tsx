"use client";
/**
 * The approval inbox: changes Flywheel proposes (promoting an experiment's winner to production)
 * wait here for an admin, pending first. Everyone with access sees them; only admins act.
 */
import { useQuery } from "@tanstack/react-query";
import { Card, Tab, TabGroup, TabList, Text } from "@tremor/react";
import { useEffect, useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { ApprovalCard } from "./ApprovalCard";
import { PolicyCard } from "./PolicyCard";

const TABS = [
  { status: "pending", label: "Pending" },
  { status: "approved", label: "Approved" },
  { status: "rejected", label: "Rejected" },
  { status: "all", label: "All" },
] as const;
type Status = (typeof TABS)[number]["status"];

const EMPTY: Record<Status, string> = {
  pending: "Nothing waiting. When an experiment's variant wins, a request to promote it appears here.",
  approved: "No approved changes yet.",
  rejected: "No rejected changes.",
  all: "No approval requests yet: they come from experiments that decide PROMOTE.",
};

export function Approvals({ initialStatus = "pending" }: { initialStatus?: Status }) {
  const trpc = useTRPC();
  const { name } = useTenantView();
  const [index, setIndex] = useState(() => Math.max(0, TABS.findIndex((t) => t.status === initialStatus)));
  const status = TABS[index]!.status;
  const list = useQuery(trpc.approvals.list.queryOptions({ status: status === "all" ? undefined : status, limit: 200 }, { placeholderData: (previous) => previous }));

  const items = list.data?.items ?? [];
  const pending = list.data?.pending;

  // Links from an experiment point at one request (#approval-<id>): scroll to it once it is rendered.
  const ready = list.isSuccess;
  useEffect(() => {
    if (!ready || !window.location.hash.startsWith("#approval-")) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: "start" });
  }, [ready]);

  return (
    <div className="max-w-5xl space-y-6" data-testid="approvals-page">
      <div>
        <h1 className="text-tremor-title font-medium text-tremor-content-strong">Approvals</h1>
        <Text>
          {name} · changes waiting for a person: promoting an experiment&apos;s winning version to a protected label. Approving moves the label at once; an approved change can be rolled back. Every
          decision is in the audit log.
        </Text>
      </div>

      <PolicyCard />

      <Card>
        <TabGroup index={index} onIndexChange={setIndex}>
          <TabList variant="line" aria-label="Approval status">
            {TABS.map((t) => (
              <Tab key={t.status} data-testid={`approvals-tab-${t.status}`}>
                {t.label}
                {t.status === "pending" && pending !== undefined && (
                  <span className={`ml-2 rounded-full px-1.5 text-tremor-label ${pending > 0 ? "bg-amber-100 text-amber-800" : "bg-gray-100 text-gray-600"}`} data-testid="approvals-pending-count">
                    {pending}
                  </span>
                )}
              </Tab>
            ))}
          </TabList>
        </TabGroup>
        <ErrorCallout error={list.error} title="Could not load the approval requests" />
        <div className="mt-4 space-y-4" data-testid="approvals-list" data-status={status}>
          {list.isPending ? (
            <Loading what="approval requests" />
          ) : items.length === 0 ? (
            <p className="text-tremor-default text-tremor-content" data-testid="approvals-empty">{EMPTY[status]}</p>
          ) : (
            items.map((item) => <ApprovalCard key={item.id} item={item} />)
          )}
        </div>
      </Card>
    </div>
  );
}
