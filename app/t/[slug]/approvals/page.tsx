import { Approvals } from "@/components/approvals/Approvals";

export const metadata = { title: "Approvals · Flywheel" };

const STATUSES = ["pending", "approved", "rejected", "all"] as const;
type Status = (typeof STATUSES)[number];

/** `?status=all` opens another tab than the pending inbox (links from an experiment use it). */
export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { status } = await searchParams;
  const initial = STATUSES.includes(status as Status) ? (status as Status) : "pending";
  return <Approvals initialStatus={initial} />;
}
