import type { Metadata } from "next";
import { ExperimentDetail } from "@/components/experiments/ExperimentDetail";

type Params = Promise<{ slug: string; key: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { key } = await params;
  return { title: `${decodeURIComponent(key)} · Experiments · Flywheel` };
}

/** The tenant layout checks the session and membership; the client component loads the experiment by key. */
export default async function ExperimentPage({ params }: { params: Params }) {
  const { key } = await params;
  return <ExperimentDetail experimentKey={decodeURIComponent(key)} />;
}
