/**
 * Prompt registry against the demo tenant (the demo user is its owner): create a prompt with
 * detected variables, add a version, read the diff, move production and roll it back. Each run
 * uses a fresh prompt name. Screenshots go to test-results/prompts-*.png.
 */
import { expect, test, type Page } from "@playwright/test";

const DEMO = { email: "demo@flywheel.local", password: "flywheel-demo", slug: "demo" };

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(DEMO.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/overview$`));
}

test("prompts: create, new version, diff, move production and roll back", async ({ page }) => {
  const name = `e2e/opener-${Date.now()}`;
  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prompts", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/prompts$`));
  await expect(page.getByRole("heading", { name: "Prompts", exact: true })).toBeVisible();

  // New prompt: the template's {{variables}} are detected while typing.
  await page.getByTestId("new-prompt-button").click();
  await page.getByLabel("Prompt name").fill(name);
  await page.getByLabel("Template").fill("Hi {{first_name}}, quick question about {{company}}.");
  await expect(page.getByTestId("detected-variable")).toHaveText(["first_name", "company"]);
  await page.getByLabel("Initial labels").fill("staging");
  await page.getByTestId("create-prompt-submit").click();
  await expect(page).toHaveURL(new RegExp(`/t/${DEMO.slug}/prompts/[0-9a-f-]{36}$`));
  await expect(page.getByTestId("prompt-name")).toHaveText(name);
  await expect(page.getByTestId("version-row")).toHaveCount(1);
  await expect(page.getByTestId("labels-table").getByTestId("label-badge-staging")).toBeVisible();

  // Version 2, starting from version 1's text.
  await page.getByTestId("new-version-button").click();
  const template = page.getByLabel("Template");
  await expect(template).toHaveValue("Hi {{first_name}}, quick question about {{company}}.");
  await template.fill("Hi {{first_name}}, one question about hiring at {{company}}.\nWorth a call?");
  await page.getByLabel("Commit message").fill("e2e: sharper ask");
  await page.getByTestId("create-version-submit").click();
  await expect(page.getByTestId("version-row")).toHaveCount(2);
  await expect(page.locator("[data-testid=version-row][data-version='2']")).toContainText("e2e: sharper ask");

  // The diff between v1 and v2 shows removed and added lines.
  const diff = page.getByTestId("diff-view");
  await expect(diff.getByTestId("diff-line-removed")).toHaveCount(1);
  await expect(diff.getByTestId("diff-line-added")).toHaveCount(2);
  await diff.screenshot({ path: "test-results/prompts-diff.png" });

  // Production → v1, then v2; roll back returns it to v1.
  const move = page.getByTestId("label-move-form");
  const productionRow = page.locator("[data-testid=label-row][data-label=production]");
  await move.getByTestId("label-select").selectOption("production");
  await move.getByTestId("label-version-select").selectOption("1");
  await move.getByTestId("label-move-submit").click();
  await expect(productionRow).toContainText("v1");
  await move.getByTestId("label-version-select").selectOption("2");
  await move.getByLabel("Reason for the move").fill("e2e promotion");
  await move.getByTestId("label-move-submit").click();
  await expect(productionRow).toContainText("v2");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("rollback-production").click();
  await expect(productionRow).toContainText("v1");
  await expect(page.locator("[data-testid=label-event][data-label=production][data-source=rollback]")).toHaveCount(1);
  await page.screenshot({ path: "test-results/prompts-detail.png", fullPage: true });

  // The list shows the prompt with its labels.
  await page.getByRole("link", { name: "← All prompts" }).click();
  const row = page.locator(`[data-testid=prompt-row][data-prompt-name="${name}"]`);
  await expect(row).toContainText("v2");
  await expect(row.getByTestId("label-badge-production")).toContainText("v1");
});
