/**
 * Experiments and approvals end to end against the seeded demo tenant: a prompt with two versions
 * made in the Prompts UI (production on v1), an experiment drafted and started in the UI with v1 as control and v2 as
 * variant, 600 leads assigned and their outcomes ingested over the HTTP API as an agent would
 * (v2 books 30%, v1 10%), "Evaluate now" deciding PROMOTE with its reasons, the request read-only
 * for an invited viewer, the approval by the owner, and the production label on v2 afterwards.
 * Screenshots go to test-results/experiments-*.png.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const DEMO = { email: "demo@flywheel.local", password: "flywheel-demo", slug: "demo" };
const TENANT = { "x-flywheel-tenant": DEMO.slug };
const UNITS = 600;

async function signIn(page: Page, user: { email: string; password: string } = DEMO) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/overview$`));
}

/** A tRPC mutation over plain HTTP with the page's session cookie (superjson envelope). */
async function trpcMutation<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${path}`, { headers: TENANT, data: { json: input } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function postJson(request: APIRequestContext, path: string, data: unknown, headers: Record<string, string>) {
  const response = await request.post(path, { headers, data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** Runs `fn` over `items` with at most `width` calls in flight. */
async function inBatches<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

test("experiment: start in the UI, ingest outcomes, decide PROMOTE, a viewer cannot act, approve, production moves to v2", async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const promptName = `e2e/exp-${run}`;
  const experimentKey = `e2e-exp-${run}`;
  const api = page.request; // shares the browser's session cookie

  await signIn(page);

  // Promotions wait for a person (a previous run may have switched the policy on).
  await trpcMutation(api, "approvals.setPolicy", { autoApprovePromotions: false });

  // The prompt, in the Prompts UI: v1 created with the production label, then v2.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prompts", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/prompts$`));
  await page.getByTestId("new-prompt-button").click();
  await page.getByLabel("Prompt name").fill(promptName);
  await page.getByLabel("Template").fill("Hi {{first_name}}, we help teams like {{company}} book more meetings. Worth a 20-minute call next week?");
  await page.getByLabel("Initial labels").fill("production");
  await page.getByTestId("create-prompt-submit").click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/prompts/[0-9a-f-]{36}$`));
  const promptUrl = new URL(page.url()).pathname;
  const productionRow = page.locator("[data-testid=label-row][data-label=production]");
  await expect(productionRow).toContainText("v1");
  await page.getByTestId("new-version-button").click();
  await page.getByLabel("Template").fill("{{first_name}}, 20 minutes on Tuesday?");
  await page.getByLabel("Commit message").fill("v2: short opener");
  await page.getByTestId("create-version-submit").click();
  await expect(page.getByTestId("version-row")).toHaveCount(2);
  await expect(productionRow).toContainText("v1");

  // The agent's key (ingest + read), as an integration would hold it.
  const { key } = await trpcMutation<{ key: string }>(api, "apiKeys.create", { name: `e2e experiments ${run}`, scopes: ["ingest", "read"] });
  const agent = { Authorization: `Bearer ${key}` };

  // Experiments page: draft and start the experiment in the form.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experiments", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/experiments$`));
  await expect(page.getByRole("heading", { name: "Experiments", exact: true })).toBeVisible();
  await page.getByTestId("new-experiment").click();
  const form = page.getByTestId("new-experiment-form");
  await expect(form).toBeVisible();
  await form.getByLabel("Experiment name").fill(`Short opener ${run}`);
  await form.getByLabel("Experiment key").fill(experimentKey);
  await form.getByLabel("Hypothesis").fill("A shorter first email gets more meetings booked.");
  await form.getByLabel("Prompt", { exact: true }).selectOption(promptName);
  await form.getByLabel("Arm 1 key").fill("control");
  await expect(form.getByLabel("Arm 1 version").locator("option", { hasText: "v2" })).toHaveCount(1); // versions loaded
  await form.getByLabel("Arm 1 version").selectOption("1");
  await form.getByLabel("Arm 2 key").fill("variant");
  await form.getByLabel("Arm 2 version").selectOption("2");
  await form.getByLabel("Arm 1 is the control").check();
  await form.getByLabel("Primary metric").selectOption("booked");
  await expect(form.getByLabel("Min sample per arm")).toHaveValue("100");
  await expect(form.getByLabel("Min relative lift (%)")).toHaveValue("5");
  // An explicit hash seed (optional; random when empty) is stored with the experiment.
  await form.getByLabel("Hash seed").fill(`e2e-${experimentKey}`);
  await form.getByLabel("Start now").check();
  // The server's validation issues show next to the field they name.
  await form.getByLabel("Min sample per arm").fill("5");
  await form.getByTestId("create-experiment").click();
  await expect(form.getByTestId("error-issues")).toContainText("minSamplePerArm");
  await expect(form.getByTestId("field-error-minSamplePerArm")).toBeVisible();
  await form.getByLabel("Min sample per arm").fill("100");
  await form.screenshot({ path: "test-results/experiments-form.png" });
  await form.getByTestId("create-experiment").click();

  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/experiments/${experimentKey}$`));
  const detail = page.getByTestId("experiment-detail");
  await expect(page.getByTestId("experiment-status")).toHaveText("running");
  await expect(page.getByTestId("no-units")).toContainText("POST /api/v1/experiments/assign");
  await expect(page.getByTestId("experiment-decision")).toHaveText("not evaluated");
  await page.screenshot({ path: "test-results/experiments-started.png", fullPage: true });

  // The agent: leads, an arm per lead (sticky), then outcomes. v2 books 30% of its units, v1 10%.
  const units = Array.from({ length: UNITS }, (_, i) => `${experimentKey}-lead-${i}`);
  await postJson(api, "/api/v1/leads", { leads: units.map((id) => ({ externalId: id, email: `${id}@example.com`, company: "E2E Experiments Co", source: "e2e" })) }, agent);
  const assigned = await inBatches(units, 20, async (unitId) => {
    const body = (await postJson(api, "/api/v1/experiments/assign", { experiment: experimentKey, unitId }, agent)) as { inExperiment: boolean; arm: string; served: { version: number } };
    expect(body.inExperiment).toBe(true);
    expect(body.served.version).toBe(body.arm === "control" ? 1 : 2);
    return { unitId, arm: body.arm };
  });
  const again = (await postJson(api, "/api/v1/experiments/assign", { experiment: experimentKey, unitId: units[0] }, agent)) as { arm: string; firstExposure: boolean };
  expect(again).toMatchObject({ arm: assigned[0]!.arm, firstExposure: false });
  const byArm = { control: assigned.filter((a) => a.arm === "control"), variant: assigned.filter((a) => a.arm === "variant") };
  expect(byArm.control.length + byArm.variant.length).toBe(UNITS);
  expect(Math.min(byArm.control.length, byArm.variant.length)).toBeGreaterThan(200);

  const occurredAt = new Date().toISOString(); // after every first exposure, inside the 14-day window
  const booked = [...byArm.control.filter((_, i) => i % 10 === 0), ...byArm.variant.filter((_, i) => i % 10 < 3)];
  await postJson(api, "/api/v1/outcomes", { outcomes: booked.map((u) => ({ externalId: `${u.unitId}-booked`, leadExternalId: u.unitId, kind: "booked", occurredAt })) }, agent);

  // Evaluate now (the server may already have evaluated on its own a few seconds after the outcomes).
  await page.reload();
  await expect(detail).toBeVisible();
  const evaluate = page.getByTestId("experiment-evaluate");
  if (await evaluate.isVisible()) {
    await evaluate.click();
    await expect(page.getByTestId("evaluate-result")).toContainText(/PROMOTE|Not evaluated: experiment is completed/);
  }
  await expect(page.getByTestId("experiment-decision")).toHaveText("PROMOTE");
  await expect(page.getByTestId("experiment-status")).toHaveText("completed");
  const reasons = page.getByTestId("decision-reasons");
  await expect(reasons.locator("li[data-code=WINNER]")).toContainText("variant beats control on booking rate");
  await expect(page.getByTestId("srm-warning")).toHaveCount(0);
  await expect(page.getByTestId("arms-table").getByTestId("arm-variant")).toContainText("winner");
  await expect(page.getByTestId("arms-table").getByTestId("arm-control")).toContainText("control");
  await expect(page.getByTestId("comparison-table").getByTestId("comparison-variant").getByTestId("arm-verdict")).toHaveText("significantly better");
  await expect(page.locator("[data-testid=lift-chart] svg.recharts-surface").first()).toBeVisible();
  await expect(page.locator("[data-testid=units-chart] svg.recharts-surface").first()).toBeVisible();
  const request = page.getByTestId("experiment-approval");
  await expect(request).toHaveCount(1);
  await expect(request).toContainText("pending");
  await expect(request).toContainText("production: v1 → v2");
  await page.screenshot({ path: "test-results/experiments-decided.png", fullPage: true });

  // A viewer (invited, signed up, signed in in another browser context) sees the request but cannot act.
  const viewerUser = { email: `viewer-${run}@example.com`, password: "viewer-password-e2e" };
  const invitation = await trpcMutation<{ token: string }>(api, "members.invite", { email: viewerUser.email, role: "VIEWER" });
  const viewerContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const viewer = await viewerContext.newPage();
    const signUp = await viewer.request.post("/api/trpc/account.signUp", { data: { json: { name: "E2E Viewer", ...viewerUser, invitationToken: invitation.token } } });
    expect(signUp.status(), await signUp.text()).toBe(200);
    await signIn(viewer, viewerUser);
    await viewer.goto(`/t/${DEMO.slug}/approvals`);
    const viewerCard = viewer.locator(`[data-testid=approval-card][data-experiment="${experimentKey}"]`);
    await expect(viewerCard).toHaveAttribute("data-status", "pending");
    await expect(viewerCard.getByTestId("approval-readonly")).toContainText("Only admins can approve");
    await expect(viewerCard.getByTestId("approve-button")).toHaveCount(0);
    await expect(viewerCard.getByTestId("reject-button")).toHaveCount(0);
    await expect(viewer.getByTestId("approval-policy")).toContainText("Only admins and owners can change this.");
    await viewer.screenshot({ path: "test-results/experiments-approvals-viewer.png", fullPage: true });
    await viewer.goto(`/t/${DEMO.slug}/experiments/${experimentKey}`);
    await expect(viewer.getByTestId("experiment-decision")).toHaveText("PROMOTE");
    await expect(viewer.getByText("Only admins and owners can start, stop or evaluate experiments.")).toBeVisible();
    await viewer.goto(`/t/${DEMO.slug}/experiments`);
    await expect(viewer.getByTestId(`experiment-row-${experimentKey}`)).toBeVisible();
    await expect(viewer.getByTestId("new-experiment")).toHaveCount(0);
  } finally {
    await viewerContext.close();
  }

  // Approvals inbox: the pending request with its evidence; approve it with a note.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/approvals$`));
  await expect(page.getByTestId("approvals-pending-count")).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId("approval-policy")).toHaveAttribute("data-auto", "false");
  const card = page.locator(`[data-testid=approval-card][data-experiment="${experimentKey}"]`);
  await expect(card).toHaveAttribute("data-status", "pending");
  await expect(card.getByTestId("approval-change")).toContainText("v1 → v2");
  await expect(card.getByTestId("approval-evidence")).toContainText("Lift");
  await expect(card.getByTestId("approval-evidence")).toContainText("P(beat control)");
  await card.screenshot({ path: "test-results/experiments-approval-pending.png" });
  await card.getByTestId("approval-note").fill("e2e: clear winner");
  await card.getByTestId("approve-button").click();
  await expect(card).toBeHidden(); // it leaves the pending tab

  await page.getByTestId("approvals-tab-approved").click();
  const approved = page.locator(`[data-testid=approval-card][data-experiment="${experimentKey}"]`);
  await expect(approved).toHaveAttribute("data-status", "approved");
  // Names come from the server: the demo user's display name, not an id.
  await expect(approved.getByTestId("approval-decided")).toContainText("Approved by Demo Operator");
  await expect(approved.getByTestId("approval-decided")).toContainText("e2e: clear winner");
  await expect(approved.getByTestId("rollback-button")).toBeVisible();
  await page.screenshot({ path: "test-results/experiments-approved.png", fullPage: true });

  // The label moved: agents resolving production now get v2.
  const resolved = await api.get(`/api/v1/prompts/${promptName}`, { headers: agent });
  expect(resolved.status(), await resolved.text()).toBe(200);
  expect(await resolved.json()).toMatchObject({ version: 2 });
  // And after the experiment ended, the assignment API serves production (v2) outside the experiment.
  const after = (await postJson(api, "/api/v1/experiments/assign", { experiment: experimentKey, unitId: `${experimentKey}-late` }, agent)) as { inExperiment: boolean; served: { version: number } };
  expect(after).toMatchObject({ inExperiment: false, served: { version: 2 } });

  // The prompt page shows production on v2, moved by the approval.
  await page.goto(promptUrl);
  await expect(productionRow).toContainText("v2");
  await expect(page.locator("[data-testid=label-event][data-label=production][data-source=approval]")).toHaveCount(1);
  await page.screenshot({ path: "test-results/experiments-prompt-after.png", fullPage: true });

  // The experiment links to its now approved request.
  await page.goto(`/t/${DEMO.slug}/approvals?status=approved`);
  await page.locator(`[data-testid=approval-card][data-experiment="${experimentKey}"]`).getByTestId("approval-experiment-link").click();
  await expect(page).toHaveURL(new RegExp(`/experiments/${experimentKey}$`));
  await expect(page.getByTestId("experiment-approval")).toContainText("approved");
});

test("the seeded demo experiment shows its lift and units over time", async ({ page }) => {
  await signIn(page);
  await page.goto(`/t/${DEMO.slug}/experiments`);
  const row = page.getByTestId("experiment-row-cold-open-v4");
  await expect(row.or(page.getByTestId("experiments-table")).or(page.getByTestId("experiments-empty")).first()).toBeVisible();
  test.skip((await row.count()) === 0, "this database has no seeded cold-open-v4 experiment");
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/experiments/cold-open-v4$`));
  await expect(page.getByTestId("experiment-decision")).toHaveAttribute("data-decision", /PROMOTE|REJECT|CONTINUE/);
  await expect(page.getByTestId("decision-reasons").locator("li").first()).toBeVisible();
  await expect(page.getByTestId("arms-table").locator("tbody tr")).toHaveCount(2);
  await expect(page.locator("[data-testid=lift-chart] svg.recharts-surface").first()).toBeVisible();
  await expect(page.locator("[data-testid=units-chart] svg.recharts-surface").first()).toBeVisible();
  expect(await page.locator("[data-testid=units-chart] .recharts-line").count()).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/experiments-demo.png", fullPage: true });
});
