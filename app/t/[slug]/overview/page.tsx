import { Overview } from "@/components/overview/Overview";

export const metadata = { title: "Overview · Flywheel" };

export default function OverviewPage() {
  return <Overview />;
}
