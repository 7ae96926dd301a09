"use client";
/** API keys for integrations (admins and owners): create with scopes, see once, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Card, Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow, Text, Title } from "@tremor/react";
import { useTRPC } from "@/trpc/react";
import { useTenantView } from "../shell/TenantContext";
import { ErrorCallout } from "../ui/ErrorCallout";
import { formatDateTime } from "../ui/format";
import { Loading } from "../ui/Loading";
import { NewApiKeyForm } from "./NewApiKeyForm";

export function ApiKeysCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timezone } = useTenantView();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));

  function confirmRevoke(id: string, name: string, displayKey: string) {
    if (window.confirm(`Revoke "${name}" (${displayKey})? Integrations using it will get 401 errors immediately. This cannot be undone.`)) revoke.mutate({ id });
  }

  return (
    <Card id="api-keys">
      <Title>API keys</Title>
      <Text>
        Integrations send data with <code className="font-mono text-xs">Authorization: Bearer fw_…</code> to <code className="font-mono text-xs">/api/v1/leads</code>,{" "}
        <code className="font-mono text-xs">/touches</code>, <code className="font-mono text-xs">/outcomes</code> and <code className="font-mono text-xs">/calls</code>. The <em>ingest</em> scope
        writes data; <em>read</em> reads it.
      </Text>
      <NewApiKeyForm onCreated={refresh} />
      {keys.isPending && <Loading what="API keys" />}
      <ErrorCallout error={keys.error} title="Could not load API keys" />
      <ErrorCallout error={revoke.error} title="Could not revoke the key" />
      {keys.data && (
        <Table className="mt-4" data-testid="api-keys-table">
          <TableHead>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Key</TableHeaderCell>
              <TableHeaderCell>Scopes</TableHeaderCell>
              <TableHeaderCell>Created</TableHeaderCell>
              <TableHeaderCell>Last used</TableHeaderCell>
              <TableHeaderCell className="text-right">Status</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {keys.data.length === 0 && (
              <TableRow>
                <TableCell colSpan={6} className="text-center text-tremor-content-subtle">
                  No API keys yet. Create one above to send data.
                </TableCell>
              </TableRow>
            )}
            {keys.data.map((k) => (
              <TableRow key={k.id} className={k.revokedAt ? "opacity-60" : undefined}>
                <TableCell className="text-tremor-content-strong">{k.name}</TableCell>
                <TableCell className="font-mono text-xs">{k.displayKey}</TableCell>
                <TableCell>
                  <div className="flex gap-1">
                    {k.scopes.map((s) => (
                      <Badge key={s} size="xs" color={s === "ingest" ? "blue" : "gray"}>
                        {s}
                      </Badge>
                    ))}
                  </div>
                </TableCell>
                <TableCell className="whitespace-nowrap">{formatDateTime(k.createdAt, timezone)}</TableCell>
                <TableCell className="whitespace-nowrap">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, timezone) : "never"}</TableCell>
                <TableCell className="text-right">
                  {k.revokedAt ? (
                    <Badge size="xs" color="rose" title={`revoked ${formatDateTime(k.revokedAt, timezone)}`}>
                      revoked
                    </Badge>
                  ) : (
                    <Button size="xs" variant="light" color="rose" disabled={revoke.isPending} onClick={() => confirmRevoke(k.id, k.name, k.displayKey)}>
                      Revoke
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
