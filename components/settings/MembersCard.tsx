"use client";
/** Members and pending invitations; admins and owners change roles, remove people and invite. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, Select, SelectItem, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import { useRouter } from "next/navigation";
import { canAssignRole, ROLES, type Role } from "@/server/core/permissions";
import { useTRPC } from "@/trpc/react";
import { useCan, useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDate } from "../ui/format";
import { Loading } from "../ui/Loading";
import { InviteForm } from "./InviteForm";

export function MembersCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { role: myRole, user, timezone } = useTenantView();
  const canManage = useCan("members:manage");
  const list = useQuery(trpc.members.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.members.list.queryFilter());
  const updateRole = useMutation(trpc.members.updateRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: (_result, input) => {
        const self = list.data?.members.find((m) => m.userId === input.userId)?.email === user.email;
        if (self) router.push("/");
        else void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  const assignable = ROLES.filter((r) => canAssignRole(myRole, r));

  function confirmRemove(userId: string, email: string) {
    const self = email === user.email;
    if (window.confirm(self ? "Leave this tenant? You will lose access until someone invites you again." : `Remove ${email} from this tenant?`)) remove.mutate({ userId });
  }

  return (
    <Card id="members">
      <Title>Members</Title>
      <Text>Owners and admins manage people and keys; members also import data; viewers only read.</Text>
      {list.isPending && <Loading what="members" />}
      <ErrorCallout error={list.error} title="Could not load members" />
      <ErrorCallout error={updateRole.error ?? remove.error ?? revoke.error} title="Could not change membership" />
      {list.data && (
        <Table className="mt-3" data-testid="members-table">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Member</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Since</TableHeaderCell>
              {canManage && <TableHeaderCell className="text-right">Actions</TableHeaderCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {list.data.members.map((m) => {
              const editable = canManage && canAssignRole(myRole, m.role);
              return (
                <TableRow key={m.userId}>
                  <TableCell>
                    <div className="text-tremor-content-strong">
                      {m.email} {m.email === user.email && <span className="text-tremor-content-subtle">(you)</span>}
                    </div>
                    {m.name && <div className="text-tremor-label">{m.name}</div>}
                  </TableCell>
                  <TableCell className="w-44">
                    {editable ? (
                      <Select value={m.role} onValueChange={(role) => role !== m.role && updateRole.mutate({ userId: m.userId, role: role as Role })} enableClear={false} disabled={updateRole.isPending} aria-label={`Role of ${m.email}`}>
                        {assignable.map((r) => (
                          <SelectItem key={r} value={r}>
                            {r.toLowerCase()}
                          </SelectItem>
                        ))}
                      </Select>
                    ) : (
                      <Badge color={m.role === "OWNER" ? "indigo" : "gray"}>{m.role.toLowerCase()}</Badge>
                    )}
                  </TableCell>
                  <TableCell>{formatDate(m.since, timezone)}</TableCell>
                  {canManage && (
                    <TableCell className="text-right">
                      {editable && (
                        <Button size="xs" variant="light" color="rose" onClick={() => confirmRemove(m.userId, m.email)} disabled={remove.isPending}>
                          {m.email === user.email ? "Leave" : "Remove"}
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {list.data && list.data.invitations.length > 0 && (
        <>
          <Text className="mt-6 font-medium text-tremor-content-emphasis">Pending invitations</Text>
          <Table className="mt-1">
            <TableHead>
              <TableRow>
                <TableHeaderCell>Email</TableHeaderCell>
                <TableHeaderCell>Role</TableHeaderCell>
                <TableHeaderCell>Expires</TableHeaderCell>
                {canManage && <TableHeaderCell className="text-right">Actions</TableHeaderCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {list.data.invitations.map((inv) => (
                <TableRow key={inv.id}>
                  <TableCell>{inv.email}</TableCell>
                  <TableCell>{inv.role.toLowerCase()}</TableCell>
                  <TableCell>{formatDate(inv.expiresAt, timezone)}</TableCell>
                  {canManage && (
                    <TableCell className="text-right">
                      <Button size="xs" variant="light" color="rose" disabled={revoke.isPending} onClick={() => window.confirm(`Revoke the invitation for ${inv.email}?`) && revoke.mutate({ invitationId: inv.id })}>
                        Revoke
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {canManage && <InviteForm roles={assignable} onInvited={refresh} />}
    </Card>
  );
}
