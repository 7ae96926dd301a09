"use client";
/** tRPC + React Query for client components. Every request names the tenant being viewed. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function TrpcProvider({ tenantSlug, children }: { tenantSlug: string | null; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 } } }));
  const [trpcClient] = useState(() => {
    const options = { url: "/api/trpc", transformer: superjson, headers: () => (tenantSlug ? { "x-flywheel-tenant": tenantSlug } : {}) };
    // Mutations (big uploads) go alone; queries are batched.
    return createTRPCClient<AppRouter>({ links: [splitLink({ condition: (op) => op.type === "mutation", true: httpLink(options), false: httpBatchLink(options) })] });
  });
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
