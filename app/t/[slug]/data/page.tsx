import { DataBrowser } from "@/components/data/DataBrowser";

export const metadata = { title: "Data · Flywheel" };

export default function DataPage() {
  return <DataBrowser />;
}
