import { AcceptInvitation } from "@/components/auth/AcceptInvitation";
import { getSessionUser } from "@/server/auth";
import { getPrisma } from "@/server/db";
import { describeInvitation } from "@/server/services/members";
import { TrpcProvider } from "@/trpc/react";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([getPrisma().then((db) => describeInvitation(db, token)), getSessionUser()]);
  return (
    <TrpcProvider tenantSlug={null}>
      <AcceptInvitation token={token} invitation={invitation} user={user ? { email: user.email } : null} />
    </TrpcProvider>
  );
}
