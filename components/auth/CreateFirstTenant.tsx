"use client";
/** Shown at / to a signed-in user who belongs to no tenant (e.g. removed from all of them). */
import { useMutation } from "@tanstack/react-query";
import { Button, Text, TextInput } from "@tremor/react";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { AuthCard, Field } from "./AuthCard";

export function CreateFirstTenant({ email }: { email: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.account.createTenant.mutationOptions({
      onSuccess: (tenant) => {
        router.replace(`/t/${tenant.slug}/overview`);
        router.refresh();
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }
  return (
    <AuthCard title="Create a tenant" subtitle={`Signed in as ${email}. You are not a member of any tenant yet.`}>
      <Text className="mb-4">Create one now, or ask a tenant admin to invite {email}.</Text>
      <form onSubmit={submit} className="space-y-4">
        <Field label="Team name" htmlFor="tenant-name">
          <TextInput id="tenant-name" required value={name} onValueChange={setName} />
        </Field>
        <ErrorCallout error={create.error} title="Could not create the tenant" />
        <div className="flex gap-2">
          <Button type="submit" loading={create.isPending} disabled={name.trim().length < 2}>
            Create tenant
          </Button>
          <Button type="button" variant="light" onClick={() => signOut({ callbackUrl: "/signin" })}>
            Sign out
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
