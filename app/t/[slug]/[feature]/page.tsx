import { notFound } from "next/navigation";
import { ComingFeaturePage } from "@/components/shell/ComingFeaturePage";
import { comingFeature } from "@/components/shell/nav";

/** Placeholder pages for features not built yet: what they will show, and no figures. */
export default async function ComingPage({ params }: { params: Promise<{ slug: string; feature: string }> }) {
  const { slug, feature } = await params;
  const info = comingFeature(feature);
  if (!info) notFound();
  return <ComingFeaturePage feature={info} slug={slug} />;
}
