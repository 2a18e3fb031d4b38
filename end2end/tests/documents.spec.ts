import { expect, test, Download, Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { demo, signIn } from "./helpers";

/** The bytes a download saved. */
async function saved(d: Download): Promise<Buffer> {
  const path = await d.path();
  expect(path).toBeTruthy();
  return readFileSync(path!);
}

/** On an export's page: waits until its file is offered. With JavaScript the page follows the
 * export by itself; without, the person looks again with the page's link. */
async function waitForFile(page: Page, js: boolean) {
  const file = page.getByRole("link", { name: /^Tải về / });
  for (let i = 0; i < 60 && !(await file.isVisible()); i++) {
    await page.waitForTimeout(500);
    if (!js && !(await file.isVisible())) {
      await page.getByRole("link", { name: "Cập nhật tiến độ" }).click();
    }
  }
  await expect(file).toBeVisible();
  return file;
}

// Issue 21: the secretary exports the council's meeting sheet from the council page (made in the
// background, its progress followed, then downloaded), and a recognised initiative's certificates
// from its panel; with and without JavaScript.
test("the secretary exports the council's workbook and a certificate", async ({ page }, info) => {
  await signIn(page, demo.secretary);

  // The council page of the current campaign, reached from the secretary's list.
  await page.goto("/thu-ky");
  await page
    .getByRole("navigation", { name: "Hội đồng theo đợt" })
    .getByRole("link", { name: `Ý tưởng số – Lan tỏa sức mạnh số ${new Date().getFullYear()}`, exact: true })
    .click();
  await expect(page).toHaveURL(/\/thu-ky\/dot\/\d+/);
  await page.getByRole("button", { name: /Bảng họp Hội đồng/ }).click();
  await expect(page).toHaveURL(/\/xuat\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: /Bảng họp Hội đồng/ })).toBeVisible();
  const file = await waitForFile(page, info.project.name === "js");
  await expect(page.getByRole("status")).toContainText("Đã tạo xong.");
  const workbook = page.waitForEvent("download");
  await file.click();
  const sheet = await workbook;
  expect(sheet.suggestedFilename()).toMatch(/^bang-hop-hoi-dong-dot-\d+\.xlsx$/);
  const xlsx = await saved(sheet);
  expect(xlsx.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(xlsx.length).toBeGreaterThan(4000);

  // A recognised entry of last year's campaign: its panel offers the certificates.
  await page.goto("/thu-ky?trang-thai=recognised&tu-khoa=" + encodeURIComponent("Số hóa hồ sơ một cửa cấp xã"));
  await page.getByRole("link", { name: "Số hóa hồ sơ một cửa cấp xã" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Số hóa hồ sơ một cửa cấp xã" })).toBeVisible();
  const pdf = page.waitForEvent("download");
  await page.getByRole("link", { name: /Giấy chứng nhận sáng kiến/ }).click();
  const certificate = await pdf;
  expect(certificate.suggestedFilename()).toMatch(/^giay-chung-nhan-SK-\d{4}-\d{4}\.pdf$/);
  const bytes = await saved(certificate);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(10_000);
});
