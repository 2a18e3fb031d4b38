import { expect, test } from "@playwright/test";
import { demo, fileApplication, fillApplication, signIn, unique } from "./helpers";

const pdf = { name: "so-do-quy-trinh.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") };
const fake = { name: "bao-cao.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00 a program, not a PDF") };

// Attachments: a plain multipart form without JavaScript; with it, a progress bar while uploading.
test("files are attached to a draft, checked by content and listed on the receipt", async ({ page }, info) => {
  const title = `Hồ sơ có tệp đính kèm ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await expect(page.getByText("Bấm “Lưu nháp” trước")).toBeVisible();
  await fillApplication(page, { title, authors: [{ name: "Hà Văn Sáng", share: "100" }] });
  await page.getByRole("button", { name: "Lưu nháp" }).click();

  // Slow the answer down a little so that the progress bar can be seen (JavaScript only).
  await page.route("**/tep-dinh-kem", async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.getByLabel("Chọn tệp").setInputFiles(pdf);
  await page.getByRole("button", { name: "Tải tệp lên" }).click();
  if (info.project.name === "js") {
    await expect(page.locator(".upload-progress progress")).toBeVisible();
  }
  await expect(page.getByText("Đã tải tệp lên.")).toBeVisible();
  await expect(page.getByRole("link", { name: pdf.name })).toBeVisible();

  // A program renamed to .pdf is refused, with the reason next to the field.
  await page.getByLabel("Chọn tệp").setInputFiles(fake);
  await page.getByRole("button", { name: "Tải tệp lên" }).click();
  await expect(page.locator("#f-file-error")).toContainText("Tệp không đúng định dạng cho phép");
  await expect(page.getByRole("link", { name: fake.name })).toHaveCount(0);

  await fileApplication(page);
  await expect(page.locator(".receipt")).toContainText(pdf.name);
  await expect(page.locator(".receipt")).toContainText("SHA-256");
});
