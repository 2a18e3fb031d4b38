import { expect, test } from "@playwright/test";
import { demo, person, signIn, unique } from "./helpers";

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

// Issue 19, 4: with JavaScript "Thêm tác giả" adds a card at once (no page load), whose share
// counts in the total; without it the same button saves and brings the card (HTTP tests).
test("a fourth author's card appears at once and counts in the total", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await page.waitForLoadState("networkidle");
  const url = page.url();
  await expect(person(page, "Tác giả 4")).toHaveCount(0);
  await page.getByRole("button", { name: "Thêm tác giả" }).click();
  await expect(person(page, "Tác giả 4")).toBeVisible();
  expect(page.url()).toBe(url);
  for (const [i, share] of ["25", "25", "25", "25"].entries()) {
    await person(page, `Tác giả ${i + 1}`).getByLabel("Tỷ lệ đóng góp (%)").fill(share);
  }
  await expect(page.getByTestId("shares-total")).toHaveText("Tổng hiện tại: 100%");
  await expect(person(page, "Tác giả 4").getByLabel("Tỷ lệ đóng góp (%)")).toHaveAttribute("name", "authors[3][share]");
});

// Issue 19, 5: with JavaScript the duplicate warning beside the title follows what is typed (each
// autosave answers with the recognised entries that read like the draft); never a gate.
test("entries like the draft appear beside the title while typing", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { name: "Sáng kiến tương tự đã được công nhận" })).toHaveCount(0);
  await page.getByLabel("Tên sáng kiến").fill("Bản đồ số du lịch Mộc Châu cho du khách");
  await page.getByLabel("Tóm tắt").fill("Bản đồ trực tuyến các điểm du lịch, homestay, nhà hàng và đặc sản Mộc Châu.");
  const box = page.locator("#tuong-tu");
  await expect(box).toBeVisible({ timeout: 15_000 });
  await expect(box.getByRole("link", { name: "Bản đồ số du lịch Mộc Châu" })).toBeVisible();
  // Something else entirely: the box goes away.
  await page.getByLabel("Tên sáng kiến").fill("Camera cảnh báo cháy rừng đầu nguồn");
  await page.getByLabel("Tóm tắt").fill("Phát hiện sớm đám cháy, báo kiểm lâm qua điện thoại.");
  await expect(box).toHaveCount(0, { timeout: 15_000 });
});

// The application form saves itself while typing (the autosave island).
test("with JavaScript the form saves itself while typing and survives a reload", async ({ page }, info) => {
  const title = `Tự động lưu ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  // Autosave listens for changes once the island is running: let the wasm load first.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Tên sáng kiến").fill(title);
  await expect(page.getByTestId("autosave-status")).toContainText("Đã tự động lưu nháp lúc", { timeout: 15_000 });
  await expect(page).toHaveURL(/\/nop-sang-kien\?nhap=\d+/);
  await page.reload();
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(title);
});

// The formatting bar types the marks around the selection and previews the server's rendering.
test("the formatting bar marks the selection and previews it as the page will show it", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  const toolbar = page.getByRole("toolbar", { name: /Định dạng phần/ }).first();
  await expect(toolbar).toBeVisible();
  const id = await toolbar.getAttribute("aria-controls");
  const text = page.locator(`#${id}`);
  await text.fill("Giảm thời gian chờ");
  // Select "thời gian" and make it bold.
  await text.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 14));
  await toolbar.getByRole("button", { name: "Đậm" }).click();
  await expect(text).toHaveValue("Giảm **thời gian** chờ");
  await toolbar.getByRole("button", { name: "Xem trước" }).click();
  const preview = page.locator(".format-preview").first();
  await expect(preview.locator("strong")).toHaveText("thời gian");
  await toolbar.getByRole("button", { name: "Ẩn xem trước" }).click();
  await expect(preview).toHaveCount(0);
});

test("the score sheet's weighted total follows the points as they are typed", async ({ page }) => {
  // Demo: entry 30 is under review and not yet scored by the first reviewer.
  await signIn(page, demo.reviewer);
  await page.goto("/cham-diem/30");
  const total = page.locator(".running-total");
  await expect(total).toContainText("– / 100");
  const points = page.getByLabel(/^Điểm \(0–/);
  await points.nth(0).fill("25");
  await expect(total).toContainText("25 / 100");
  await points.nth(1).fill("30");
  await points.nth(2).fill("99");
  // Points out of bounds do not count.
  await expect(total).toContainText("55 / 100");
});

// The search box suggests recognised solutions while typing: a combobox once the island runs.
test("the search box suggests solutions as one types and opens one by keyboard", async ({ page }) => {
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  const input = page.getByRole("combobox", { name: "Tìm sáng kiến" });
  await expect(input).toHaveAttribute("aria-expanded", "false");
  await input.pressSequentially("truy xuat ng", { delay: 30 });
  const list = page.getByRole("listbox", { name: "Gợi ý sáng kiến" });
  const first = list.getByRole("option").first();
  await expect(first).toContainText("Truy xuất nguồn gốc xoài Yên Châu bằng mã QR");
  await expect(input).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("status").filter({ hasText: "gợi ý" })).toContainText("Dùng phím mũi tên");
  // Escape closes the list; typing again opens it.
  await input.press("Escape");
  await expect(list).toBeHidden();
  await input.pressSequentially("u", { delay: 30 });
  await expect(first).toContainText("Truy xuất nguồn gốc");
  // Arrow down marks the first; Enter opens it instead of searching.
  await input.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "true");
  await expect(input).toHaveAttribute("aria-activedescendant", (await first.getAttribute("id"))!);
  await input.press("Enter");
  await expect(page).toHaveURL(/\/sang-kien\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Truy xuất nguồn gốc xoài Yên Châu bằng mã QR");
  // Without a chosen suggestion, Enter searches as the form does.
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.getByRole("combobox", { name: "Tìm sáng kiến" }).pressSequentially("bo sua", { delay: 30 });
  await expect(page.getByRole("option").first()).toBeVisible();
  await page.getByRole("combobox", { name: "Tìm sáng kiến" }).press("Enter");
  await expect(page).toHaveURL(/\/tim-kiem\?q=bo\+sua/);
  await expect(page.locator(".card").first()).toContainText("Quản lý đàn bò sữa");
});
