import { expect, test } from "@playwright/test";
import { demo, fillApplication, isoDaysAgo, section, signIn, unique } from "./helpers";

// Drafts: "Lưu nháp" works without JavaScript; with it the form also saves itself while typing.
test("a draft saved with the button is resumed from the list of own initiatives", async ({ page }, info) => {
  const title = `Bản nháp cổng thông tin bản ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await page.getByLabel("Tên sáng kiến").fill(title);
  await section(page, "Giải pháp đã biết và nhược điểm").fill("Mới viết được một câu.");
  await page.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu nháp lúc" })).toBeVisible();
  await expect(page).toHaveURL(/\/nop-sang-kien\?nhap=\d+/);
  await expect(page.locator(".field-error")).toHaveCount(0);

  await page.goto("/cua-toi");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(title);
  await expect(section(page, "Giải pháp đã biết và nhược điểm")).toHaveValue("Mới viết được một câu.");

  // Deleting needs the confirmation box; then the draft is gone from the list.
  await page.getByLabel("Tôi xác nhận xóa bản nháp này").check();
  await page.getByRole("button", { name: "Xóa bản nháp" }).click();
  await expect(page.getByText("Đã xóa bản nháp.")).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
});

test("a first application thirteen months ago is refused next to the date, nothing lost", async ({ page }, info) => {
  const title = `Áp dụng quá một năm ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await fillApplication(page, { title, authors: [{ name: "Hà Văn Sáng", share: "100" }] });
  await page.getByLabel("Ngày áp dụng lần đầu hoặc áp dụng thử").fill(isoDaysAgo(396));
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.locator("#f-first_applied_on-error")).toContainText("Đã quá một năm kể từ ngày áp dụng lần đầu");
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(title);
  await expect(section(page, "Điều kiện cần thiết để áp dụng")).toHaveValue(/Điện thoại thông minh/);
});

// Enter in a one-line field saves the draft: it never presses a card's "Xóa" or the upload, which
// come before "Lưu nháp" in the form (issue 19).
test("Enter in the title saves the draft and removes nobody", async ({ page }, info) => {
  const title = `Nhấn Enter ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await fillApplication(page, { title, authors: [{ name: "Hà Văn Sáng", share: "60" }, { name: "Lò Thị Én", share: "40" }] });
  await page.getByLabel("Tên sáng kiến").press("Enter");
  await expect(page).toHaveURL(/\/nop-sang-kien\?nhap=\d+.*da-luu=1/);
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(title);
  await expect(page.getByRole("group", { name: "Tác giả 1", exact: true }).getByLabel("Họ và tên")).toHaveValue("Hà Văn Sáng");
  await expect(page.getByRole("group", { name: "Tác giả 2", exact: true }).getByLabel("Họ và tên")).toHaveValue("Lò Thị Én");
});
