import { Models } from "@/components/models/Models";

export const metadata = { title: "Models · Flywheel" };

/** The tenant layout checks the session and membership (and awaits `params`); the page reads the tenant from context. */
export default function ModelsPage() {
  return <Models />;
}
