import { expect, test } from "@playwright/test";
import { demo, fileApplication, fillApplication, signIn, unique } from "./helpers";

// The filer withdraws an entry before a decision; the confirmation box is required.
test("a filer withdraws their entry after confirming", async ({ page }, info) => {
  const title = `Sáng kiến thử rút hồ sơ ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await fillApplication(page, {
    title,
    unit: "Sở Tư pháp",
    summary: "Một sáng kiến nộp để kiểm tra việc rút hồ sơ trước khi có quyết định.",
    authors: [{ name: "Hà Văn Sáng", share: "100", workplace: "Sở Tư pháp" }],
  });
  await fileApplication(page);

  await page.getByRole("link", { name: "Xem sáng kiến của tôi" }).click();
  await page.getByRole("link", { name: title }).click();
  // The box is `required`: the browser blocks an unticked submit (with or without JavaScript); the
  // server refuses it too (server/tests/http.rs).
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.getByLabel("Tôi xác nhận rút hồ sơ này")).toBeVisible();
  await expect(page.locator(".detail .badge").first()).toHaveText("Đã nộp");
  await page.getByLabel("Tôi xác nhận rút hồ sơ này").check();
  await page.getByRole("button", { name: "Rút hồ sơ" }).click();
  await expect(page.locator(".detail .badge").first()).toHaveText("Đã rút");
  await expect(page.getByRole("button", { name: "Rút hồ sơ" })).toHaveCount(0);
});
