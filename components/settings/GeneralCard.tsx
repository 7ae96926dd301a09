"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, SearchSelect, SearchSelectItem, Text, TextInput, Title } from "@tremor/react";
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { Loading } from "../ui/Loading";

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...zones])].sort();
}

export function GeneralCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const view = useTenantView();
  const canEdit = useCan("tenant:settings");
  const tenant = useQuery(trpc.tenant.get.queryOptions());
  const [name, setName] = useState<string | null>(null);
  const [timezone, setTimezone] = useState<string | null>(null);
  const zones = useMemo(() => timeZones(tenant.data?.timezone ?? view.timezone), [tenant.data?.timezone, view.timezone]);
  const update = useMutation(
    trpc.tenant.update.mutationOptions({
      onSuccess: async () => {
        setName(null);
        setTimezone(null);
        await Promise.all([queryClient.invalidateQueries(trpc.tenant.get.queryFilter()), queryClient.invalidateQueries(trpc.data.pathFilter())]);
        router.refresh(); // the shell shows the tenant name and formats times in its zone
      },
    }),
  );

  const current = tenant.data;
  const nameValue = name ?? current?.name ?? "";
  const zoneValue = timezone ?? current?.timezone ?? "";
  const changed = current && (nameValue.trim() !== current.name || zoneValue !== current.timezone);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!current) return;
    update.mutate({
      ...(nameValue.trim() !== current.name ? { name: nameValue.trim() } : {}),
      ...(zoneValue !== current.timezone ? { timezone: zoneValue } : {}),
    });
  }

  return (
    <Card id="general">
      <Title>General</Title>
      {tenant.isPending && <Loading what="tenant settings" />}
      <ErrorCallout error={tenant.error} title="Could not load the tenant" />
      {current && !canEdit && (
        <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-y-2 text-tremor-default">
          <dt className="text-tremor-content">Name</dt>
          <dd className="text-tremor-content-strong">{current.name}</dd>
          <dt className="text-tremor-content">Time zone</dt>
          <dd className="text-tremor-content-strong">{current.timezone}</dd>
          <dt className="text-tremor-content">Slug</dt>
          <dd className="font-mono text-tremor-content-strong">{current.slug}</dd>
          <dd className="col-span-2 mt-1 text-tremor-label text-tremor-content">Only admins and owners can change these.</dd>
        </dl>
      )}
      {current && canEdit && (
        <form onSubmit={submit} className="mt-3 grid max-w-xl gap-4">
          <label className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Name</span>
            <TextInput value={nameValue} onValueChange={setName} aria-label="Tenant name" />
          </label>
          <label className="space-y-1">
            <span className="text-tremor-default font-medium text-tremor-content-emphasis">Time zone</span>
            <SearchSelect value={zoneValue} onValueChange={(v) => v && setTimezone(v)} enableClear={false} aria-label="Time zone">
              {zones.map((z) => (
                <SearchSelectItem key={z} value={z}>
                  {z}
                </SearchSelectItem>
              ))}
            </SearchSelect>
            <Text className="text-tremor-label">Weeks on the Overview start on Monday in this zone, and times are shown in it.</Text>
          </label>
          <Text className="text-tremor-label">
            Slug <span className="font-mono">{current.slug}</span> (used in URLs; it does not change on rename).
          </Text>
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={!changed} loading={update.isPending}>
              Save
            </Button>
            {update.isSuccess && !changed && (
              <p className="text-tremor-default text-emerald-600" role="status">
                Saved.
              </p>
            )}
          </div>
          <ErrorCallout error={update.error} title="Could not save" />
        </form>
      )}
    </Card>
  );
}
