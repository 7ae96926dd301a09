/**
 * Foundation flow against the seeded demo tenant: sign in, Overview chart, API key, ingestion
 * over HTTP (good and bad batches), and the Data page finding what was sent. Plus sign-in
 * failure and tenant isolation by URL.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";

const DEMO = { email: "demo@flywheel.local", password: "flywheel-demo", slug: "demo" };

async function signIn(page: Page, password = DEMO.password) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(DEMO.email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("demo user: overview chart, API key, ingest over HTTP, find it on the Data page", async ({ page, request }) => {
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/overview$`));
  await expect(page.getByTestId("user-email")).toHaveText(DEMO.email);

  // Overview: the funnel chart renders as an SVG with real data.
  const chart = page.locator("[data-testid=overview-chart] svg.recharts-surface").first();
  await expect(chart).toBeVisible();
  await expect(page.getByTestId("kpi-cards")).toBeVisible();
  await page.screenshot({ path: "test-results/overview.png", fullPage: true });

  // Settings: create a key with both scopes and read it from the shown-once box.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/settings$`));
  await page.getByLabel("API key name").fill(`e2e key ${Date.now()}`);
  await expect(page.getByRole("checkbox", { name: "ingest" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "read" })).toBeChecked();
  await page.getByRole("button", { name: "Create API key" }).click();
  const box = page.getByTestId("new-api-key");
  await expect(box).toBeVisible();
  await expect(box).toContainText("only time the full key is shown");
  const key = (await page.getByTestId("new-api-key-value").textContent())?.trim() ?? "";
  expect(key).toMatch(/^fw_[a-z0-9]{10}_[A-Za-z0-9_-]{32}$/);

  // Ingest a unique lead and one touch for it over the plain HTTP API.
  const leadId = `e2e-lead-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const auth = { Authorization: `Bearer ${key}` };
  const leads = await request.post("/api/v1/leads", {
    headers: auth,
    data: { leads: [{ externalId: leadId, email: `${leadId}@example.com`, name: "E2E Lead", company: "Playwright Testing Co", industry: "QA", source: "e2e" }] },
  });
  expect(leads.status(), await leads.text()).toBe(200);
  expect(await leads.json()).toMatchObject({ inserted: 1 });

  const subject = `E2E subject ${leadId}`;
  const touches = await request.post("/api/v1/touches", {
    headers: auth,
    data: {
      touches: [{ externalId: `${leadId}-t1`, leadExternalId: leadId, channel: "email", sentAt: new Date().toISOString(), subject, cta: "Book a call", angle: "e2e-angle", model: "e2e-model", costUsd: 0.0021 }],
    },
  });
  expect(touches.status(), await touches.text()).toBe(200);
  expect(await touches.json()).toMatchObject({ inserted: 1 });

  // A bad batch is rejected whole, naming the field.
  const bad = await request.post("/api/v1/touches", {
    headers: auth,
    data: { touches: [{ externalId: `${leadId}-bad`, leadExternalId: leadId, channel: "carrier-pigeon", sentAt: new Date().toISOString() }] },
  });
  expect(bad.status()).toBe(400);
  const badBody = (await bad.json()) as { error: { issues: { path: string; message: string }[] } };
  expect(badBody.error.issues.map((i) => i.path)).toContain("touches[0].channel");

  // Data page: the lead is found by search, and its touch by the lead filter.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/data$`));
  const leadsTab = page.getByTestId("tab-leads");
  await leadsTab.getByLabel("Search leads").fill(leadId);
  const leadRows = page.getByTestId("leads-table").locator("tbody tr");
  await expect(leadRows).toHaveCount(1);
  await expect(leadRows.first()).toContainText(leadId);
  await expect(leadRows.first()).toContainText("Playwright Testing Co");

  await page.getByRole("tab", { name: "Touches" }).click();
  const touchesTab = page.getByTestId("tab-touches");
  await touchesTab.getByLabel("Lead external id").fill(leadId);
  const touchRows = page.getByTestId("touches-table").locator("tbody tr");
  await expect(touchRows).toHaveCount(1);
  await expect(touchRows.first()).toContainText(subject);
  await expect(touchRows.first()).toContainText("CTA: Book a call");
  await expect(touchRows.first()).toContainText("e2e-model");
  await page.screenshot({ path: "test-results/data-touches.png", fullPage: true });
});

test("a dataset in one file (semicolons, no ids, two outcome columns and an amount) imports with its outcomes", async ({ page }, testInfo) => {
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/overview$`));
  await page.goto(`/t/${DEMO.slug}/data`);
  // A unique batch column gives the file its own content hash, so its generated ids are new on every run; it is left out.
  const batch = `e2e-${Date.now()}`;
  const csv = [
    ";age;job;batch;visit;y;spend",
    `0;58;management;${batch};0;no;0`,
    `1;44;"technician; senior";${batch};1;yes;12.5`,
    `2;33;entrepreneur;${batch};1;yes;7`,
    `3;47;blue-collar;${batch};1;no;0`,
  ].join("\r\n");
  const file = testInfo.outputPath("dataset.csv");
  await writeFile(file, csv);
  await page.getByTestId("csv-file").setInputFiles(file);
  await expect(page.getByTestId("csv-summary")).toContainText("4 data rows, 7 columns (semicolon-separated)");
  await expect(page.getByTestId("csv-id-source")).toHaveValue("(generated)");

  await page.getByTestId("csv-add-outcome").click();
  const visit = page.getByTestId("csv-outcome").nth(0);
  await visit.getByTestId("csv-outcome-column").selectOption("visit");
  await expect(visit.getByTestId("csv-outcome-values").getByRole("checkbox", { name: /^1/ })).toBeChecked();
  await visit.getByTestId("csv-outcome-kind").selectOption("booked");

  await page.getByTestId("csv-add-outcome").click();
  const purchase = page.getByTestId("csv-outcome").nth(1);
  await expect(purchase.getByTestId("csv-outcome-kind")).toHaveValue("converted");
  await purchase.getByTestId("csv-outcome-column").selectOption("y");
  await expect(purchase.getByTestId("csv-outcome-values").getByRole("checkbox", { name: /yes/ })).toBeChecked();
  await expect(purchase.getByTestId("csv-outcome-values").getByRole("checkbox", { name: /no/ })).not.toBeChecked();
  await purchase.getByTestId("csv-outcome-value-column").selectOption("spend");
  await page.getByTestId("csv-ignore").getByRole("checkbox", { name: "batch" }).check();

  await page.getByRole("button", { name: "Import leads" }).click();
  await expect(page.getByTestId("csv-result")).toContainText("4 leads received: 4 inserted, 0 updated. 5 outcomes from the outcome columns: 5 inserted, 0 updated.");
  await expect(page.getByTestId("csv-result-columns")).toContainText("Attributes: age, job.");
  await expect(page.getByTestId("csv-result-columns")).toContainText("Left out: (column 1, unnamed) (no name (a row number, as pandas writes its index)); batch (ignored on import); visit (records booked); y (records converted); spend (the value of converted).");
  await page.screenshot({ path: "test-results/data-dataset-import.png", fullPage: true });

  // The same people's messages from an e-mail tool: touches with their own id column and a label of their own.
  const leadIds = `csv-${createHash("sha256").update(csv).digest("hex").slice(0, 10)}`;
  const sent = ["message_id,lead_external_id,channel,sent_at,subject,variant", `${batch}-m1,${leadIds}-3,Email,2026-03-02 09:30,Quick question,A`, `${batch}-m2,${leadIds}-4,Email,2026-03-03,Following up,B`].join("\n");
  const sentFile = testInfo.outputPath("sent.csv");
  await writeFile(sentFile, sent);
  await page.getByLabel("CSV kind").click();
  await page.getByRole("option", { name: "Touches" }).click();
  await page.getByTestId("csv-file").setInputFiles(sentFile);
  await page.getByTestId("csv-id-source").selectOption("message_id");
  await expect(page.getByTestId("csv-add-outcome")).toHaveCount(0);
  await page.getByRole("button", { name: "Import touches" }).click();
  await expect(page.getByTestId("csv-result")).toContainText("2 touches received: 2 inserted, 0 updated.");
  await expect(page.getByTestId("csv-result-columns")).toContainText("Attributes: variant.");
});

test("a wrong password shows an actionable error and stays on sign-in", async ({ page }) => {
  await signIn(page, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText("Email or password is incorrect");
  await expect(page).toHaveURL(/\/signin/);
});

test("tenant pages need a session and membership", async ({ page }) => {
  // Signed out: redirected to sign-in.
  await page.goto(`/t/${DEMO.slug}/overview`);
  await expect(page).toHaveURL(/\/signin/);

  // Signed in: a tenant the user does not belong to is a 404, with nothing of the tenant shown.
  await signIn(page);
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/overview$`));
  const response = await page.goto(`/t/no-such-tenant-${Date.now()}/overview`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.locator("[data-testid=overview-chart]")).toHaveCount(0);
});
