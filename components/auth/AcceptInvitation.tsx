"use client";
import { useMutation } from "@tanstack/react-query";
import { Button, Callout, Text } from "@tremor/react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { AuthCard } from "./AuthCard";

interface Props {
  token: string;
  invitation: { email: string; role: string; tenantName: string } | null;
  user: { email: string } | null;
}

export function AcceptInvitation({ token, invitation, user }: Props) {
  const router = useRouter();
  const trpc = useTRPC();
  const accept = useMutation(
    trpc.account.acceptInvitation.mutationOptions({
      onSuccess: (tenant) => {
        router.replace(`/t/${tenant.slug}/overview`);
        router.refresh();
      },
    }),
  );

  if (!invitation) {
    return (
      <AuthCard title="Invitation not valid">
        <Text>This invitation link is invalid, already used, revoked or expired. Ask the person who invited you for a new link.</Text>
        <Link href="/" className="mt-4 inline-block text-tremor-brand hover:underline">
          Go to Flywheel
        </Link>
      </AuthCard>
    );
  }

  const callback = encodeURIComponent(`/invite/${token}`);
  const wrongAccount = user && user.email.toLowerCase() !== invitation.email.toLowerCase();
  return (
    <AuthCard title={`Join ${invitation.tenantName}`} subtitle={`You are invited as ${invitation.role.toLowerCase()} (${invitation.email}).`}>
      {user ? (
        <div className="space-y-3">
          <Text>Signed in as {user.email}.</Text>
          {wrongAccount && (
            <Callout title="Different account" color="amber">
              This invitation is for {invitation.email}. Sign out and sign in (or sign up) with that address to accept it.
            </Callout>
          )}
          <div className="flex gap-2">
            <Button onClick={() => accept.mutate({ token })} loading={accept.isPending} disabled={Boolean(wrongAccount)}>
              Accept invitation
            </Button>
            {wrongAccount && (
              <Button variant="secondary" onClick={() => signOut({ callbackUrl: `/signin?callbackUrl=${callback}` })}>
                Sign out
              </Button>
            )}
          </div>
          <ErrorCallout error={accept.error} title="Could not accept the invitation" />
        </div>
      ) : (
        <div className="flex flex-col gap-2">
          <Link href={`/signup?invite=${encodeURIComponent(token)}`} className="rounded-tremor-default bg-tremor-brand px-4 py-2 text-center text-white hover:bg-tremor-brand-emphasis">
            Create an account to join
          </Link>
          <Link href={`/signin?callbackUrl=${callback}`} className="text-center text-tremor-brand hover:underline">
            I already have an account: sign in
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
