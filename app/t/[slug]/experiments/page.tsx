import { Experiments } from "@/components/experiments/Experiments";

export const metadata = { title: "Experiments · Flywheel" };

/** The tenant layout checks the session and membership (and awaits `params`); the page reads the tenant from context. */
export default function ExperimentsPage() {
  return <Experiments />;
}
