import { expect, test } from "@playwright/test";
import { demo, person, signIn } from "./helpers";

// With JavaScript the authors table's island shows the running total of shares (the same parser as
// the server); without it the form works the same and the server checks the total.
// Runs in the "js" project only (see playwright.config.ts): islands need JavaScript.
test("the shares total updates as the author types", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  const total = page.getByTestId("shares-total");
  await expect(total).toHaveText("Tổng hiện tại: 0%");
  for (const [i, share] of ["33,3", "33,3", "33,4"].entries()) {
    await person(page, `Tác giả ${i + 1}`).getByLabel("Tỷ lệ đóng góp (%)").fill(share);
  }
  await expect(total).toHaveText("Tổng hiện tại: 100%");
});

