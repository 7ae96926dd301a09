"use client";
/** The signed-in frame: sidebar (tenant switcher, navigation, "coming" features, user) and content. */
import { Badge, Button, Text } from "@tremor/react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { COMING_FEATURES, LIVE_NAV } from "./nav";
import { useTenantView } from "./TenantContext";
import { TenantSwitcher } from "./TenantSwitcher";

function NavLink({ href, active, children, muted }: { href: string; active: boolean; children: ReactNode; muted?: boolean }) {
  const tone = active ? "bg-tremor-brand-faint text-tremor-brand-emphasis font-medium" : muted ? "text-tremor-content-subtle hover:bg-tremor-background-subtle" : "text-tremor-content-emphasis hover:bg-tremor-background-subtle";
  return (
    <Link href={href} aria-current={active ? "page" : undefined} className={`flex items-center justify-between rounded-tremor-small px-3 py-1.5 text-tremor-default ${tone}`}>
      {children}
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const { slug, user } = useTenantView();
  const pathname = usePathname();
  const base = `/t/${slug}`;
  const isActive = (segment: string) => pathname === `${base}/${segment}` || pathname.startsWith(`${base}/${segment}/`);

  return (
    <div className="flex min-h-screen">
      <aside className="flex w-64 shrink-0 flex-col gap-6 border-r border-tremor-border bg-white p-4">
        <Link href={`${base}/overview`} className="text-lg font-semibold text-tremor-content-strong">
          Flywheel
        </Link>
        <TenantSwitcher />
        <nav aria-label="Main" className="flex flex-col gap-0.5">
          {LIVE_NAV.map((item) => (
            <NavLink key={item.segment} href={`${base}/${item.segment}`} active={isActive(item.segment)}>
              {item.label}
            </NavLink>
          ))}
          <Text className="mb-1 mt-4 px-3 text-tremor-label uppercase tracking-wide">Coming</Text>
          {COMING_FEATURES.map((item) => (
            <NavLink key={item.segment} href={`${base}/${item.segment}`} active={isActive(item.segment)} muted>
              <span>{item.label}</span>
              <Badge size="xs" color="gray">
                coming
              </Badge>
            </NavLink>
          ))}
        </nav>
        <div className="mt-auto border-t border-tremor-border pt-4">
          <p className="truncate text-tremor-default text-tremor-content" title={user.email} data-testid="user-email">
            {user.email}
          </p>
          <Button variant="light" size="xs" className="mt-1" onClick={() => signOut({ callbackUrl: "/signin" })}>
            Sign out
          </Button>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-6 lg:p-8">{children}</main>
    </div>
  );
}
