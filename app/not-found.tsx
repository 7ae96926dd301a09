import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-2xl font-semibold text-tremor-content-strong">Not found</h1>
      <p className="mt-2 text-tremor-content">
        This page does not exist, or you are not a member of this tenant. Ask an admin of the tenant for an invitation, or go back to your own tenants.
      </p>
      <Link href="/" className="mt-4 inline-block text-tremor-brand hover:underline">
        Go to my dashboard
      </Link>
    </main>
  );
}
