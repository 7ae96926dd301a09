"use client";
/** Sign-up: creates the account and a tenant (or joins the inviting tenant), then signs in. */
import { useMutation } from "@tanstack/react-query";
import { Button, Callout, TextInput } from "@tremor/react";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/react";
import { ErrorCallout } from "../ui/ErrorCallout";
import { AuthCard, Field } from "./AuthCard";

interface InvitationInfo {
  email: string;
  role: string;
  tenantName: string;
}

export function SignUpForm({ invitationToken, invitation }: { invitationToken: string | null; invitation: InvitationInfo | null }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [email, setEmail] = useState(invitation?.email ?? "");
  const [password, setPassword] = useState("");
  const [tenantName, setTenantName] = useState("");
  const [signInError, setSignInError] = useState<string | null>(null);
  const joining = Boolean(invitationToken);

  const signUp = useMutation(
    trpc.account.signUp.mutationOptions({
      onSuccess: async (result) => {
        const login = await signIn("credentials", { redirect: false, email, password });
        if (!login || login.error) {
          setSignInError("Your account was created, but signing in failed. Sign in with the same email and password.");
          return;
        }
        router.replace(`/t/${result.tenant.slug}/overview`);
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setSignInError(null);
    signUp.mutate({ name, email, password, ...(joining ? { invitationToken } : { tenantName: tenantName.trim() || undefined }) });
  }

  const subtitle = (
    <>
      Already have an account?{" "}
      <Link href={joining ? `/signin?callbackUrl=${encodeURIComponent(`/invite/${invitationToken}`)}` : "/signin"} className="text-tremor-brand hover:underline">
        Sign in
      </Link>
    </>
  );

  return (
    <AuthCard title={joining ? "Create an account to join" : "Create your account"} subtitle={subtitle}>
      {joining && invitation && (
        <Callout title={`Invitation to ${invitation.tenantName}`} color="blue" className="mb-4">
          You are invited as {invitation.role.toLowerCase()} with {invitation.email}. Sign up with that address.
        </Callout>
      )}
      {joining && !invitation && (
        <Callout title="Invitation not valid" color="amber" className="mb-4">
          This invitation link is invalid, used or expired. Ask for a new one, or sign up without it to create your own tenant.
        </Callout>
      )}
      <form onSubmit={submit} className="space-y-4">
        <Field label="Your name" htmlFor="name">
          <TextInput id="name" autoComplete="name" placeholder="Ada Lovelace" required value={name} onValueChange={setName} />
        </Field>
        <Field label="Email" htmlFor="email">
          <TextInput id="email" type="email" autoComplete="email" placeholder="you@company.com" required value={email} onValueChange={setEmail} />
        </Field>
        <Field label="Password" htmlFor="password" hint="At least 10 characters.">
          <TextInput id="password" type="password" autoComplete="new-password" placeholder="" required minLength={10} value={password} onValueChange={setPassword} />
        </Field>
        {!joining && (
          <Field label="Team name" htmlFor="tenantName" hint="Your workspace; you can rename it and create more later.">
            <TextInput id="tenantName" placeholder={name ? `${name}'s team` : "Acme outbound"} value={tenantName} onValueChange={setTenantName} />
          </Field>
        )}
        <ErrorCallout error={signUp.error} title="Could not create the account" />
        {signInError && (
          <Callout title="Sign in needed" color="amber">
            {signInError}
          </Callout>
        )}
        <Button type="submit" className="w-full" loading={signUp.isPending} loadingText="Creating account…">
          {joining ? "Create account and join" : "Create account"}
        </Button>
      </form>
    </AuthCard>
  );
}
