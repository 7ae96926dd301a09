import { ModelDetail } from "@/components/models/ModelDetail";

export const metadata = { title: "Model version · Models · Flywheel" };

type Params = Promise<{ slug: string; id: string }>;

/** The tenant layout checks the session and membership; the client component loads the version by id. */
export default async function ModelVersionPage({ params }: { params: Params }) {
  const { id } = await params;
  return <ModelDetail id={decodeURIComponent(id)} />;
}
