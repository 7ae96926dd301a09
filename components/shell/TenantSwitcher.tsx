"use client";
/** Lists the user's tenants with their role; switching opens the other tenant's Overview. */
import { useMutation } from "@tanstack/react-query";
import { Button, Select, SelectItem, Text, TextInput } from "@tremor/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { useTenantView } from "./TenantContext";

const CREATE = "__create__";

export function TenantSwitcher() {
  const { slug, tenants } = useTenantView();
  const router = useRouter();
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.account.createTenant.mutationOptions({
      onSuccess: (tenant) => {
        setCreating(false);
        setName("");
        router.push(`/t/${tenant.slug}/overview`);
        router.refresh();
      },
    }),
  );

  function onChange(value: string) {
    if (value === CREATE) setCreating(true);
    else if (value && value !== slug) router.push(`/t/${value}/overview`);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <div>
      <Text className="mb-1 text-tremor-label uppercase tracking-wide">Tenant</Text>
      <Select value={slug} onValueChange={onChange} enableClear={false} aria-label="Switch tenant">
        {[
          ...tenants.map((t) => (
            <SelectItem key={t.slug} value={t.slug}>
              {t.name} · {t.role.toLowerCase()}
            </SelectItem>
          )),
          <SelectItem key={CREATE} value={CREATE}>
            + Create tenant…
          </SelectItem>,
        ]}
      </Select>
      {creating && (
        <form onSubmit={submit} className="mt-2 space-y-2 rounded-tremor-default border border-tremor-border bg-white p-2">
          <TextInput value={name} onValueChange={setName} placeholder="Team or client name" aria-label="New tenant name" autoFocus />
          <div className="flex gap-2">
            <Button type="submit" size="xs" loading={create.isPending} disabled={name.trim().length < 2}>
              Create
            </Button>
            <Button type="button" size="xs" variant="light" onClick={() => setCreating(false)}>
              Cancel
            </Button>
          </div>
          <ErrorCallout error={create.error} title="Could not create the tenant" />
        </form>
      )}
    </div>
  );
}
