import { Prompts } from "@/components/prompts/Prompts";

export const metadata = { title: "Prompts · Flywheel" };

/** The tenant layout checks the session and membership; the page reads the tenant from context. */
export default function PromptsPage() {
  return <Prompts />;
}
