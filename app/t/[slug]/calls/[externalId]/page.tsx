import type { Metadata } from "next";
import { CallDetail } from "@/components/calls/CallDetail";

type Params = Promise<{ slug: string; externalId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { externalId } = await params;
  return { title: `${decodeURIComponent(externalId)} · Calls · Flywheel` };
}

/** The tenant layout checks the session and membership; the client component loads the call by its external id. */
export default async function CallPage({ params }: { params: Params }) {
  const { externalId } = await params;
  return <CallDetail externalId={decodeURIComponent(externalId)} />;
}
