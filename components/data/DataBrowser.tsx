"use client";
/** Data: newest leads, touches, outcomes and calls with filters; CSV import for members and up. */
import { Card, Tab, TabGroup, TabList, TabPanel, TabPanels, Text, Title } from "@tremor/react";
import { useState } from "react";
import { useCan } from "../shell/TenantContext";
import { CallsTab } from "./CallsTab";
import { CsvImportCard } from "./CsvImportCard";
import { LeadsTab } from "./LeadsTab";
import { OutcomesTab } from "./OutcomesTab";
import { TouchesTab } from "./TouchesTab";

export function DataBrowser() {
  const canWrite = useCan("data:write");
  const [index, setIndex] = useState(0);
  const [touchLead, setTouchLead] = useState("");
  // Tabs mount on first visit (so hidden tabs do not query) and then keep their filters.
  const [visited, setVisited] = useState<ReadonlySet<number>>(() => new Set([0]));

  function select(next: number) {
    setIndex(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
  }

  function showTouches(leadExternalId: string) {
    setTouchLead(leadExternalId);
    select(1);
  }

  return (
    <div className="space-y-6">
      <div>
        <Title>Data</Title>
        <Text>What has been sent to Flywheel, newest first. Times are shown in the tenant&apos;s time zone.</Text>
      </div>
      <Card>
        <TabGroup index={index} onIndexChange={select}>
          <TabList variant="line">
            <Tab>Leads</Tab>
            <Tab>Touches</Tab>
            <Tab>Outcomes</Tab>
            <Tab>Calls</Tab>
          </TabList>
          <TabPanels className="mt-4">
            <TabPanel data-testid="tab-leads">{visited.has(0) && <LeadsTab onShowTouches={showTouches} />}</TabPanel>
            <TabPanel data-testid="tab-touches">{visited.has(1) && <TouchesTab key={touchLead} initialLead={touchLead} />}</TabPanel>
            <TabPanel data-testid="tab-outcomes">{visited.has(2) && <OutcomesTab />}</TabPanel>
            <TabPanel data-testid="tab-calls">{visited.has(3) && <CallsTab />}</TabPanel>
          </TabPanels>
        </TabGroup>
      </Card>
      {canWrite ? <CsvImportCard /> : <Text>Your role can view data but not import it; ask an admin for the member role to upload CSV files.</Text>}
    </div>
  );
}
