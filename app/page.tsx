import { redirect } from "next/navigation";
import { CreateFirstTenant } from "@/components/auth/CreateFirstTenant";
import { getSessionUser } from "@/server/auth";
import { getPrisma } from "@/server/db";
import { listUserTenants } from "@/server/services/accounts";
import { TrpcProvider } from "@/trpc/react";

/** Signed in: the first tenant's Overview (or a prompt to create one). Otherwise: sign in. */
export default async function Home() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const tenants = await listUserTenants(await getPrisma(), user.id);
  if (tenants[0]) redirect(`/t/${tenants[0].slug}/overview`);
  return (
    <TrpcProvider tenantSlug={null}>
      <CreateFirstTenant email={user.email} />
    </TrpcProvider>
  );
}
