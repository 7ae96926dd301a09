import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/SignInForm";
import { getSessionUser } from "@/server/auth";

export const dynamic = "force-dynamic";

/** Only local/demo installs advertise the demo login. */
function showDemoHint(): boolean {
  return process.env.FLYWHEEL_DEMO === "1" || !process.env.DATABASE_URL;
}

function safeCallback(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  return <SignInForm callbackUrl={callbackUrl} demoHint={showDemoHint()} />;
}
