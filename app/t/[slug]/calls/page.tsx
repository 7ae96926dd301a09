import { Calls } from "@/components/calls/Calls";

export const metadata = { title: "Calls · Flywheel" };

/** The tenant layout checks the session and membership (and awaits `params`); the page reads the tenant from context. */
export default function CallsPage() {
  return <Calls />;
}
