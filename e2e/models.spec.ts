/**
 * Models end to end against the seeded demo tenant: the page opened from the navigation, a CSV
 * made in the test (600 rows; `plan` and `usage` drive a yes/no column, `id` excluded, `region` is
 * noise) uploaded and cross-validated in the browser form (a three-valued target refused first),
 * per-fold AUCs and the mean, the new version with its calibration and feature-importance charts,
 * read-only for an invited viewer, promoted by the owner, and the promotion approved in Approvals.
 * Screenshots go to test-results/models-*.png.
 */
import { writeFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const DEMO = { email: "demo@flywheel.local", password: "flywheel-demo", slug: "demo" };
const TENANT = { "x-flywheel-tenant": DEMO.slug };
const ROWS = 600;
const FOLDS = 5;

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

/** Deterministic uniform [0, 1) (mulberry32), so every run uploads the same table. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `plan` and `usage` decide the odds of "yes"; `region` is noise; `id` would only memorise rows. */
function trainingCsv(targetColumn: string): string {
  const rand = random(20261123);
  const plans = ["basic", "pro", "enterprise"] as const;
  const planEffect = { basic: -1.5, pro: 0.5, enterprise: 2.5 };
  const regions = ["north", "south", "east", "west"];
  const lines = [`id,plan,usage,region,${targetColumn}`];
  for (let i = 0; i < ROWS; i++) {
    const plan = plans[Math.floor(rand() * plans.length)]!;
    const usage = Math.round(rand() * 500) / 10; // 0–50 hours
    const region = regions[Math.floor(rand() * regions.length)]!;
    const logit = planEffect[plan] + 0.12 * (usage - 25);
    const yes = rand() < 1 / (1 + Math.exp(-logit));
    lines.push(`row-${i},${plan},${usage},${region},${yes ? "yes" : "no"}`);
  }
  return `${lines.join("\n")}\n`;
}

test("models: upload a CSV, see per-fold AUCs, open the version's charts, a viewer cannot act, promote as the owner, approved in Approvals", async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const targetColumn = `upgraded_${run}`;
  const target = `csv:${targetColumn}`;
  const api = page.request; // shares the browser's session cookie

  await signIn(page);
  // A better candidate waits for a person (a previous run may have switched automatic promotion on).
  await trpcMutation(api, "models.setPolicy", { autoPromoteModels: false });

  // Models from the navigation: the tenant-data targets are always listed.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/models$`));
  await expect(page.getByRole("heading", { name: "Models", exact: true })).toBeVisible();
  await expect(page.getByTestId("model-target-show_up")).toBeVisible();
  await expect(page.getByTestId("model-target-conversion")).toBeVisible();
  await expect(page.getByTestId("model-policy")).toHaveAttribute("data-auto", "false");
  await expect(page.getByTestId("train-now-show_up")).toBeVisible(); // the owner may train

  // The CSV, written by the test and chosen in the upload card.
  const csvPath = testInfo.outputPath(`models-${run}.csv`);
  await writeFile(csvPath, trainingCsv(targetColumn));
  const card = page.getByTestId("csv-train-card");
  await card.getByTestId("model-csv-file").setInputFiles(csvPath);
  await expect(card.getByTestId("csv-file-summary")).toContainText(`${ROWS} rows, 5 columns`);
  await expect(card.getByTestId("csv-exclude").locator("option", { hasText: "region" })).toHaveCount(1); // header read

  // A target with three values is refused by the server, and the reason shows beside the form.
  await card.getByTestId("csv-target").selectOption("plan");
  await expect(card.getByTestId("csv-target-warning")).toContainText("3 distinct values");
  await card.getByTestId("csv-exclude").selectOption(["id"]);
  await card.getByTestId("csv-train-submit").click();
  await expect(card.getByTestId("csv-train-error").getByRole("alert")).toContainText("Training was refused", { timeout: 60_000 });
  await card.screenshot({ path: "test-results/models-csv-error.png" });

  // The real target: yes/no, id excluded, 5 folds, two families (the network is slower and not needed here).
  await card.getByTestId("csv-target").selectOption(targetColumn);
  await card.getByTestId("csv-positive").selectOption("yes");
  await card.getByTestId("csv-exclude").selectOption(["id"]);
  await card.getByTestId("csv-folds").fill(String(FOLDS));
  await card.getByTestId("csv-family-mlp").uncheck();
  await expect(card.getByTestId("csv-family-gbdt")).toBeChecked();
  await expect(card.getByTestId("csv-family-logistic")).toBeChecked();
  await card.getByTestId("csv-train-submit").click();
  await expect(card.getByTestId("csv-train-pending")).toBeVisible();

  const result = card.getByTestId("csv-train-result");
  await expect(result).toBeVisible({ timeout: 180_000 });
  const folds = result.getByTestId("cv-fold-row");
  await expect(folds).toHaveCount(FOLDS);
  for (let i = 0; i < FOLDS; i++) expect(Number(await folds.nth(i).getAttribute("data-auc"))).toBeGreaterThan(0.7);
  await expect(result.getByTestId("cv-mean-auc")).toHaveText(/^0\.\d{3} ± 0\.\d{3}$/);
  expect(Number(await result.getByTestId("cv-mean-auc").getAttribute("data-mean"))).toBeGreaterThan(0.75);
  await expect(result.getByTestId("csv-holdout")).toContainText("Holdout AUC");
  await expect(result.getByTestId("csv-approval-link")).toBeVisible(); // better than no production model: proposed
  await card.screenshot({ path: "test-results/models-csv-result.png" });

  // The new target's section lists v1 as a candidate with its promotion pending.
  const section = page.getByTestId(`model-target-${target}`);
  await expect(section.locator("[data-testid=model-version-row][data-version='1']")).toHaveAttribute("data-status", "candidate");
  await expect(section.getByTestId("model-pending-approval")).toBeVisible();

  // The version: metrics, calibration and feature importance drawn, families compared, folds.
  await result.getByTestId("csv-version-link").click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/models/[0-9a-f-]{36}$`));
  const versionUrl = new URL(page.url()).pathname;
  const detail = page.getByTestId("model-detail");
  await expect(detail).toHaveAttribute("data-target", target);
  await expect(page.getByTestId("model-status")).toHaveText("candidate");
  await expect(page.getByTestId("metric-auc")).toContainText(/0\.\d{3}/);
  await expect(page.locator("[data-testid=calibration-chart] svg.recharts-surface").first()).toBeVisible();
  expect(await page.locator("[data-testid=calibration-chart] .recharts-line").count()).toBeGreaterThanOrEqual(2); // observed + diagonal
  await expect(page.locator("[data-testid=importance-chart] svg.recharts-surface").first()).toBeVisible();
  expect(await page.locator("[data-testid=importance-chart] .recharts-bar-rectangle").count()).toBeGreaterThan(0);
  expect(await page.getByTestId("importance-row").count()).toBeGreaterThan(0);
  await expect(page.locator("[data-testid=importance-row][data-feature=id]")).toHaveCount(0); // excluded
  await expect(page.getByTestId("model-cross-validation").getByTestId("cv-fold-row")).toHaveCount(FOLDS);
  await expect(page.getByTestId("comparison-reason")).toContainText("no production model yet");
  await page.screenshot({ path: "test-results/models-version.png", fullPage: true });

  // A viewer (invited, signed up, signed in in another browser context) sees the version but cannot act.
  const viewerUser = { email: `viewer-models-${run}@example.com`, password: "viewer-password-e2e" };
  const invitation = await trpcMutation<{ token: string }>(api, "members.invite", { email: viewerUser.email, role: "VIEWER" });
  const viewerContext = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    const viewer = await viewerContext.newPage();
    const signUp = await viewer.request.post("/api/trpc/account.signUp", { data: { json: { name: "E2E Models Viewer", ...viewerUser, invitationToken: invitation.token } } });
    expect(signUp.status(), await signUp.text()).toBe(200);
    await signIn(viewer, viewerUser);
    await viewer.goto(versionUrl);
    await expect(viewer.getByTestId("model-status")).toHaveText("candidate");
    await expect(viewer.getByTestId("model-actions-readonly")).toContainText("Only admins and owners");
    await expect(viewer.getByTestId("model-promote")).toHaveCount(0);
    await viewer.goto(`/t/${DEMO.slug}/models`);
    await expect(viewer.getByTestId("model-target-show_up")).toBeVisible();
    await expect(viewer.getByTestId("csv-train-card")).toHaveCount(0);
    await expect(viewer.getByTestId("train-now-show_up")).toHaveCount(0);
    await expect(viewer.getByTestId("model-rollback")).toHaveCount(0);
    await expect(viewer.getByTestId("model-policy")).toContainText("Only admins and owners can change this.");
  } finally {
    await viewerContext.close();
  }

  // The owner promotes it (the confirmation asks for an optional note).
  page.once("dialog", (dialog) => void dialog.accept("e2e: promote the CSV model"));
  await page.getByTestId("model-promote").click();
  await expect(page.getByTestId("model-status")).toHaveText("production");
  await expect(page.getByTestId("promote-result")).toContainText("is in production");
  await expect(page.getByTestId("model-promote")).toHaveCount(0);
  await expect(page.getByTestId("model-actions").getByTestId("model-rollback")).toBeVisible();
  await expect(page.locator("[data-testid=model-approval][data-status=approved]")).toHaveCount(1);
  await page.screenshot({ path: "test-results/models-promoted.png", fullPage: true });

  // The Models page shows it as the target's production version.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models", exact: true }).click();
  await expect(section.getByTestId("production-summary")).toHaveAttribute("data-version", "1");
  await expect(section.locator("[data-testid=model-version-row][data-version='1']")).toHaveAttribute("data-status", "production");
  await expect(section.getByTestId("model-pending-approval")).toHaveCount(0);

  // Approvals: the model promotion, approved.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/approvals$`));
  await page.getByTestId("approvals-tab-approved").click();
  const approval = page.getByTestId("approval-card").filter({ has: page.getByTestId("approval-model-link").filter({ hasText: target }) });
  await expect(approval).toHaveCount(1);
  await expect(approval).toHaveAttribute("data-status", "approved");
  await expect(approval.getByTestId("approval-model-change")).toContainText("v1");
  await approval.screenshot({ path: "test-results/models-approval.png" });
});
