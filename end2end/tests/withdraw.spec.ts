import { expect, test } from "@playwright/test";
import { demo, signIn, unique } from "./helpers";

// The filer withdraws an entry before a decision; the confirmation box is required.
test("a filer withdraws their entry after confirming", async ({ page }, info) => {
  const title = `Sáng kiến thử rút hồ sơ ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await page.getByLabel("Tên sáng kiến").fill(title);
  await page.getByLabel("Tóm tắt").fill("Một sáng kiến nộp để kiểm tra việc rút hồ sơ trước khi có quyết định.");
  await page.getByLabel("Mô tả giải pháp").fill("Mô tả đủ dài cho giải pháp dùng trong kiểm thử rút hồ sơ.");
  await page.getByLabel("Loại giải pháp").selectOption("quan_ly");
  await page.getByLabel("Trụ cột").selectOption("xa_hoi_so");
  await page.getByLabel("Lĩnh vực").selectOption("khac");
  await page.getByLabel("Đơn vị").selectOption({ label: "Sở Tư pháp" });
  await page.getByLabel("Họ và tên tác giả 1").fill("Hà Văn Sáng");
  await page.getByLabel("Tỷ lệ (%) của tác giả 1").fill("100");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByRole("heading", { name: "Biên nhận hồ sơ sáng kiến" })).toBeVisible();

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
