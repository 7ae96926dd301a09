import { TRPCError } from "@trpc/server";

/** The tRPC error code a call fails with, or null when it succeeds (any other error is rethrown). */
export async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}
