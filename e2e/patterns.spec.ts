/**
 * Patterns page against the seeded demo tenant (patterns learned at seed time): each tab renders
 * its chart as an SVG, and "Learn now" runs to done with its stages, producing a new version.
 * Screenshots go to test-results/patterns-*.png.
 */
import { expect, test, type Page } from "@playwright/test";

const DEMO = { email: "demo@flywheel.local", password: "flywheel-demo", slug: "demo" };

const TABS = [
  { type: "who", name: /^WHO/, chart: "[data-testid=who-chart] svg" },
  { type: "what", name: /^WHAT/, chart: "[data-testid=what-chart] svg" },
  { type: "when", name: /^WHEN/, chart: "[data-testid=when-heatmap] svg" },
  { type: "how", name: /^HOW/, chart: "[data-testid=how-chart] svg" },
] as const;

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(DEMO.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/overview$`));
}

/** Presses "Learn now" and waits for the run to finish; returns the progress card. */
async function learnNow(page: Page, shot: string) {
  await page.getByTestId("learn-now").first().click();
  const progress = page.getByTestId("learn-progress");
  await expect(progress).toBeVisible();
  await progress.screenshot({ path: `test-results/patterns-learn-progress-${shot}.png` });
  await expect(progress.getByRole("list", { name: "Stages" }).getByRole("listitem")).toHaveCount(5); // detect who/what/when/how, store
  await expect(progress).toHaveAttribute("data-status", "succeeded", { timeout: 150_000 });
  await expect(progress.getByTestId("learn-status")).toHaveText("done");
  await expect(progress).toContainText("5/5 stages · 100%");
  return progress;
}

test("patterns: every tab renders its chart, and Learn now runs to done", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patterns", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/patterns$`));
  await expect(page.getByRole("heading", { name: "Patterns", exact: true })).toBeVisible();

  // Patterns are learned at seed time; if this database has none, learn them first.
  const empty = page.getByTestId("patterns-empty");
  const whoTab = page.getByRole("tab", { name: TABS[0].name });
  await expect(empty.or(whoTab)).toBeVisible();
  if (await empty.isVisible()) {
    await learnNow(page, "first");
    await expect(whoTab).toBeVisible();
  }
  await expect(page.getByTestId("patterns-health").or(page.getByText("No health check yet"))).toBeVisible();
  await expect(page.getByTestId("last-run")).toContainText("Last run:");

  for (const tab of TABS) {
    await page.getByRole("tab", { name: tab.name }).click();
    const summary = page.getByTestId(`summary-${tab.type}`);
    await expect(summary).toBeVisible();
    await expect(summary).toContainText("Sample size");
    await expect(summary).toContainText("Confidence");
    const chart = page.locator(tab.chart).first();
    await expect(chart).toBeVisible();
    expect(await page.locator(tab.chart).count()).toBeGreaterThan(0);
    await expect(page.getByTestId(`drift-${tab.type}`)).toBeVisible();
    await page.screenshot({ path: `test-results/patterns-${tab.type}.png`, fullPage: true });
  }

  // A binned number says whether conversion rises or falls across its bins (company size in the demo).
  await page.getByRole("tab", { name: /^WHO/ }).click();
  await expect(page.getByTestId("trend-line").first()).toContainText("company size");

  // The WHEN heatmap has all 168 weekday × hour cells, and hovering one shows its n and interval.
  await page.getByRole("tab", { name: /^WHEN/ }).click();
  await expect(page.locator("[data-testid=when-heatmap] rect[data-cell]")).toHaveCount(168);
  await page.locator("[data-testid=when-heatmap] rect[data-cell='Tue 10']").hover();
  await expect(page.getByTestId("when-cell-detail")).toContainText(/Tue 10.*n=\d/);

  // Learn now on the HOW tab: progress with stages until done, then a new version is shown.
  await page.getByRole("tab", { name: /^HOW/ }).click();
  const version = page.getByTestId("summary-how").getByTestId("pattern-version");
  const before = (await version.textContent())?.trim();
  const progress = await learnNow(page, "demo");
  await expect(version).not.toHaveText(before ?? "");
  await expect(page.getByTestId("drift-how")).toContainText(/v\d+ against v\d+/);
  await page.screenshot({ path: "test-results/patterns-learned.png", fullPage: true });

  // Backfill two weeks: one stage per week end, each recomputing every type as of that day.
  await progress.getByRole("button", { name: "Dismiss" }).click();
  await expect(progress).toBeHidden();
  await page.getByRole("button", { name: "Backfill…" }).click();
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Backfill from").fill(day(-14));
  await page.getByLabel("Backfill to").fill(day(0));
  await page.getByRole("button", { name: "Backfill", exact: true }).click();
  const backfill = page.getByTestId("learn-progress");
  await expect(backfill).toContainText("Backfill run");
  await expect(backfill.getByRole("listitem").first()).toContainText(/^as of \d{4}-\d{2}-\d{2}/);
  await expect(backfill).toHaveAttribute("data-status", "succeeded", { timeout: 150_000 });
  await expect(page.getByTestId("last-run")).toContainText("Last run: backfill · succeeded");
});

test("a tenant without data gets the empty state, and learning on nothing still renders", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  // A fresh tenant of the demo user (owner there), created through the tenant switcher.
  await page.getByLabel("Switch tenant").getByRole("button").click();
  await page.getByRole("option", { name: "+ Create tenant…" }).click();
  await page.getByLabel("New tenant name").fill(`Empty ${Date.now()}`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/t\/[^/]+\/overview$/);
  await expect(page).not.toHaveURL(new RegExp(`/t/${DEMO.slug}/`));
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patterns", exact: true }).click();

  const empty = page.getByTestId("patterns-empty");
  await expect(empty).toBeVisible();
  await expect(empty).toContainText("No patterns learned yet");
  await expect(empty).toContainText("WHO");
  await expect(page.getByTestId("last-run")).toHaveText("No learning run yet.");
  await page.screenshot({ path: "test-results/patterns-empty.png", fullPage: true });

  // Learning over no data finishes and the tabs say how much data is missing instead of showing numbers.
  await learnNow(page, "empty");
  await page.getByRole("tab", { name: /^WHO/ }).click();
  await expect(page.getByTestId("summary-who")).toContainText("0 outcomes");
  await page.screenshot({ path: "test-results/patterns-empty-learned.png", fullPage: true });

  // The learning settings are one click away; the owner changes the minimum outcomes, and it sticks.
  await page.getByRole("link", { name: "Learning settings" }).click();
  await expect(page).toHaveURL(/\/settings#pattern-learning$/);
  const settings = page.getByTestId("pattern-settings");
  await expect(settings).toBeVisible();
  const minimum = settings.getByLabel("Minimum outcomes per finding");
  await expect(minimum).toHaveValue("10");
  await minimum.fill("20");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved. The next learning run uses these.");
  await page.reload();
  await expect(page.getByTestId("pattern-settings").getByLabel("Minimum outcomes per finding")).toHaveValue("20");
  await page.getByTestId("pattern-settings").screenshot({ path: "test-results/patterns-settings.png" });
});
