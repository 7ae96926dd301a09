"use client";
/**
 * Experiments: every A/B test of a prompt's versions, with its status and latest decision, and
 * the form to draft a new one (members and up).
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Select, SelectItem, Text } from "@tremor/react";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";
import { ExperimentsTable } from "./ExperimentsTable";
import { NewExperimentForm } from "./NewExperimentForm";

const STATUSES = ["running", "draft", "completed", "stopped"] as const;
type Status = (typeof STATUSES)[number];

export function Experiments() {
  const trpc = useTRPC();
  const { name } = useTenantView();
  const canWrite = useCan("experiments:write");
  const [status, setStatus] = useState<Status | "all">("all");
  const [creating, setCreating] = useState(false);
  const list = useQuery(trpc.experiments.list.queryOptions({ status: status === "all" ? undefined : status, limit: 200 }, { placeholderData: (previous) => previous }));

  return (
    <div className="space-y-6" data-testid="experiments-page">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="max-w-3xl">
          <h1 className="text-tremor-title font-medium text-tremor-content-strong">Experiments</h1>
          <Text>
            {name} · A/B tests of prompt versions. Agents ask for an arm per lead, outcomes decide: a variant is promoted only when it is significantly better by at least the deploy gate, and
            promotion waits for an admin in Approvals unless the tenant approves automatically.
          </Text>
        </div>
        <div className="flex items-end gap-3">
          <div className="w-44">
            <Select value={status} onValueChange={(v) => setStatus((v || "all") as Status | "all")} enableClear={false} aria-label="Status filter" data-testid="experiments-status-filter">
              <SelectItem value="all">All statuses</SelectItem>
              {STATUSES.map((s) => (
                <SelectItem key={s} value={s}>
                  {s}
                </SelectItem>
              ))}
            </Select>
          </div>
          {canWrite && !creating && (
            <Button onClick={() => setCreating(true)} data-testid="new-experiment">
              New experiment
            </Button>
          )}
        </div>
      </div>

      {creating && (
        <Card>
          <NewExperimentForm onCancel={() => setCreating(false)} />
        </Card>
      )}

      <Card>
        <ErrorCallout error={list.error} title="Could not load the experiments" />
        {list.isPending ? <Loading what="experiments" /> : list.data ? <ExperimentsTable rows={list.data} filtered={status !== "all"} canWrite={canWrite} onNew={() => setCreating(true)} /> : null}
      </Card>
    </div>
  );
}
