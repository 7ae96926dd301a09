"use client";
import { Button, Callout, TextInput } from "@tremor/react";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AuthCard, Field } from "./AuthCard";

export const DEMO_LOGIN = { email: "demo@flywheel.local", password: "flywheel-demo" };

export function SignInForm({ callbackUrl, demoHint }: { callbackUrl: string; demoHint: boolean }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { redirect: false, email, password });
      if (!result || result.error) {
        setError(
          result?.error === "CredentialsSignin" || !result
            ? "Email or password is incorrect. Check both and try again, or create an account."
            : `Sign-in failed (${result.error}). Try again in a moment; if it persists, check that the server is running.`,
        );
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <AuthCard
      title="Sign in"
      subtitle={
        <>
          No account yet?{" "}
          <Link href="/signup" className="text-tremor-brand hover:underline">
            Create one
          </Link>
        </>
      }
    >
      {demoHint && (
        <Callout title="Demo login" color="blue" className="mb-4" data-testid="demo-hint">
          Email <code className="whitespace-nowrap font-mono">{DEMO_LOGIN.email}</code>, password <code className="whitespace-nowrap font-mono">{DEMO_LOGIN.password}</code>.
        </Callout>
      )}
      <form onSubmit={submit} className="space-y-4">
        <Field label="Email" htmlFor="email">
          <TextInput id="email" name="email" type="email" autoComplete="email" placeholder="you@company.com" required value={email} onValueChange={setEmail} />
        </Field>
        <Field label="Password" htmlFor="password">
          <TextInput id="password" name="password" type="password" autoComplete="current-password" placeholder="" required value={password} onValueChange={setPassword} />
        </Field>
        {error && (
          <Callout title="Could not sign in" color="rose" role="alert">
            {error}
          </Callout>
        )}
        <Button type="submit" className="w-full" loading={pending} loadingText="Signing in…">
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
