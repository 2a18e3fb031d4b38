import { expect, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

// With JavaScript the authors table's island shows the running total of shares (the same parser as
// the server); without it the form works the same and the server checks the total.
// Runs in the "js" project only (see playwright.config.ts): islands need JavaScript.
test("the shares total updates as the author types", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  const total = page.getByTestId("shares-total");
  await expect(total).toHaveText("Tổng hiện tại: 0%");
  await page.getByLabel("Tỷ lệ (%) của tác giả 1").fill("33,3");
  await page.getByLabel("Tỷ lệ (%) của tác giả 2").fill("33,3");
  await page.getByLabel("Tỷ lệ (%) của tác giả 3").fill("33,4");
  await expect(total).toHaveText("Tổng hiện tại: 100%");
});

