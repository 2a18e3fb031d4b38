import { expect, test } from "@playwright/test";
import { demo, fileApplication, fillApplication, signIn, unique } from "./helpers";

const pdf = { name: "so-do-quy-trinh.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") };
const fake = { name: "bao-cao.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00 a program, not a PDF") };

// Attachments: part of the application form, sent with it (multipart) without JavaScript; with it,
// a progress bar while uploading. Nothing needs saving first, and nothing typed is lost.
test("files are attached to a draft, checked by content and listed on the receipt", async ({ page }, info) => {
  const title = `Hồ sơ có tệp đính kèm ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await fillApplication(page, { title: `${title} (bản đầu)`, authors: [{ name: "Hà Văn Sáng", share: "100" }] });
  // Without JavaScript nothing saves on its own: the page does not promise it.
  if (info.project.name === "nojs") {
    await expect(page.getByText("tự động lưu nháp")).toHaveCount(0);
  } else {
    await expect(page.getByTestId("autosave-note")).toBeVisible();
  }
  // The files part comes before the declaration and "Nộp hồ sơ".
  const files = await page.locator("#tep-dinh-kem").boundingBox();
  const declaration = await page.getByRole("heading", { name: "Cam đoan" }).boundingBox();
  expect(files!.y).toBeLessThan(declaration!.y);
  // The title edited just before attaching, never saved: it survives the upload.
  await page.getByLabel("Tên sáng kiến").fill(title);

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
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(title);

  // A program renamed to .pdf is refused, with the reason next to the field.
  await page.getByLabel("Chọn tệp").setInputFiles(fake);
  await page.getByRole("button", { name: "Tải tệp lên" }).click();
  await expect(page.locator("#f-file-error")).toContainText("Tệp không đúng định dạng cho phép");
  await expect(page.getByRole("link", { name: fake.name })).toHaveCount(0);

  await fileApplication(page);
  await expect(page.locator(".receipt")).toContainText(pdf.name);
  await expect(page.locator(".receipt")).toContainText("SHA-256");
});
