import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/AppShell";
import { TenantViewProvider } from "@/components/shell/TenantContext";
import { getSessionUser } from "@/server/auth";
import { getPrisma } from "@/server/db";
import { listUserTenants } from "@/server/services/accounts";
import { DomainError } from "@/server/services/errors";
import { resolveTenantAccess } from "@/server/services/tenant-access";
import { getTenant } from "@/server/services/tenants";
import { TrpcProvider } from "@/trpc/react";

export const dynamic = "force-dynamic";

/** Every tenant page: signed in, and a member of the tenant in the URL (else 404, so slugs cannot be probed). */
export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/t/${slug}/overview`)}`);
  const db = await getPrisma();
  let tenantContext;
  try {
    tenantContext = await resolveTenantAccess(db, { kind: "session", userId: user.id }, slug, "data:read");
  } catch (error) {
    if (error instanceof DomainError) notFound();
    throw error;
  }
  const [tenant, tenants] = await Promise.all([getTenant(tenantContext), listUserTenants(db, user.id)]);
  if (tenant.slug !== slug) notFound(); // the selector also accepts ids; URLs use slugs only

  const view = {
    slug: tenant.slug,
    name: tenant.name,
    role: tenant.role,
    timezone: tenant.timezone,
    tenants: tenants.map((t) => ({ slug: t.slug, name: t.name, role: t.role })),
    user: { email: user.email, name: user.name },
  };
  return (
    <TrpcProvider tenantSlug={slug}>
      <TenantViewProvider value={view}>
        <AppShell>{children}</AppShell>
      </TenantViewProvider>
    </TrpcProvider>
  );
}
