"use client";
/** What the signed-in user is looking at: the tenant, their role in it, and their other tenants. */
import { createContext, useContext, type ReactNode } from "react";
import { roleAllows, type Permission, type Role } from "@/server/core/permissions";

export interface TenantSummary {
  slug: string;
  name: string;
  role: Role;
}

export interface TenantView {
  slug: string;
  name: string;
  role: Role;
  timezone: string;
  tenants: TenantSummary[];
  user: { email: string; name: string | null };
}

const TenantContext = createContext<TenantView | null>(null);

export function TenantViewProvider({ value, children }: { value: TenantView; children: ReactNode }) {
  return <TenantContext.Provider value={value}>{children}</TenantContext.Provider>;
}

export function useTenantView(): TenantView {
  const value = useContext(TenantContext);
  if (!value) throw new Error("useTenantView outside the tenant layout");
  return value;
}

/** Whether the current role may do `permission` (to hide or disable actions; the server enforces anyway). */
export function useCan(permission: Permission): boolean {
  return roleAllows(useTenantView().role, permission);
}
