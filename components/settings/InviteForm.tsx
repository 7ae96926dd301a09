"use client";
import { useMutation } from "@tanstack/react-query";
import { Button, Callout, Select, SelectItem, Text, TextInput } from "@tremor/react";
import { useState, type FormEvent } from "react";
import type { Role } from "@/server/core/permissions";
import { useTRPC } from "@/trpc/react";
import { CopyButton } from "../ui/CopyButton";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDate } from "../ui/format";
import { useOrigin } from "../ui/useOrigin";

/** Invites by email; the link is shown once (only its hash is stored) for the admin to share. */
export function InviteForm({ roles, onInvited }: { roles: readonly Role[]; onInvited: () => unknown }) {
  const trpc = useTRPC();
  const { timezone } = useTenantView();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("MEMBER") ? "MEMBER" : (roles[roles.length - 1] ?? "VIEWER"));
  const origin = useOrigin();
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: () => {
        setEmail("");
        void onInvited();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role });
  }

  return (
    <div className="mt-6 border-t border-tremor-border pt-4">
      <Text className="font-medium text-tremor-content-emphasis">Invite someone</Text>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-3">
        <TextInput className="max-w-xs" type="email" placeholder="name@company.com" value={email} onValueChange={setEmail} aria-label="Invite email" required />
        <div className="w-40">
          <Select value={role} onValueChange={(v) => setRole(v as Role)} enableClear={false} aria-label="Invite role">
            {roles.map((r) => (
              <SelectItem key={r} value={r}>
                {r.toLowerCase()}
              </SelectItem>
            ))}
          </Select>
        </div>
        <Button type="submit" loading={invite.isPending} disabled={!email.trim()}>
          Create invitation
        </Button>
      </form>
      <ErrorCallout error={invite.error} title="Could not invite" />
      {invite.data && (
        <Callout title={`Invitation for ${invite.data.email} (${invite.data.role.toLowerCase()})`} color="blue" className="mt-3" data-testid="invite-link">
          <p>Send this link to them; it is shown only now and expires on {formatDate(invite.data.expiresAt, timezone)}.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-tremor-content-strong">{origin + invite.data.path}</code>
            <CopyButton text={origin + invite.data.path} label="Copy link" />
          </div>
        </Callout>
      )}
    </div>
  );
}
