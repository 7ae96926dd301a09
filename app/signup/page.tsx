import { SignUpForm } from "@/components/auth/SignUpForm";
import { getPrisma } from "@/server/db";
import { describeInvitation } from "@/server/services/members";
import { TrpcProvider } from "@/trpc/react";

export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.invite === "string" && params.invite ? params.invite : null;
  const invitation = token ? await describeInvitation(await getPrisma(), token) : null;
  return (
    <TrpcProvider tenantSlug={null}>
      <SignUpForm invitationToken={token} invitation={invitation} />
    </TrpcProvider>
  );
}
