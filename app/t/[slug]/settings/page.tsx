import { Settings } from "@/components/settings/Settings";

export const metadata = { title: "Settings · Flywheel" };

export default function SettingsPage() {
  return <Settings />;
}
