import { notFound } from "next/navigation";
import { PromptDetail } from "@/components/prompts/PromptDetail";

export const metadata = { title: "Prompt · Flywheel" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One prompt by id (names may contain "/", ids keep the URL simple); the tenant layout has checked membership. */
export default async function PromptPage({ params }: { params: Promise<{ slug: string; promptId: string }> }) {
  const { promptId } = await params;
  if (!UUID.test(promptId)) notFound();
  return <PromptDetail promptId={promptId} />;
}
