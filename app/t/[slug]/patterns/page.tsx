import { Patterns } from "@/components/patterns/Patterns";

export const metadata = { title: "Patterns · Flywheel" };

/** The tenant layout checks the session and membership (and awaits `params`); the page reads the tenant from context. */
export default function PatternsPage() {
  return <Patterns />;
}
