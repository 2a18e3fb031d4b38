import { expect, test } from "@playwright/test";
import { demo, fileApplication, fillApplication, signIn, signOut, unique } from "./helpers";

// The corrections loop: the secretary asks, the filer corrects and files again, the secretary sees
// what changed (with and without JavaScript).
test("a secretary asks for corrections and sees what the filer changed", async ({ page }, info) => {
  const title = `Hồ sơ được yêu cầu bổ sung ${unique(info)}`;
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await fillApplication(page, { title, authors: [{ name: "Hà Văn Sáng", share: "100" }] });
  await fileApplication(page);
  const id = page.url().match(/\/ho-so\/(\d+)/)![1];
  await signOut(page);

  await signIn(page, demo.secretary);
  await page.goto(`/thu-ky/${id}`);
  await page.getByLabel("Yêu cầu bổ sung, sửa đổi").fill("Bổ sung số hộ dân đã dùng thử.");
  await page.getByRole("button", { name: "Gửi yêu cầu bổ sung" }).click();
  await expect(page.locator(".facts").first()).toContainText("Cần bổ sung");
  await signOut(page);

  await signIn(page, demo.author);
  await page.goto(`/ho-so/${id}`);
  await expect(page.locator(".corrections blockquote")).toHaveText("Bổ sung số hộ dân đã dùng thử.");
  await page.getByRole("button", { name: "Sửa và nộp lại" }).click();
  await expect(page.getByText("Bạn đang sửa hồ sơ")).toBeVisible();
  await page.getByLabel("Tên sáng kiến").fill(`${title} – đã bổ sung`);
  await page.getByLabel("Tôi cam đoan").check();
  await page.getByLabel("Tôi đồng ý với việc xử lý dữ liệu cá nhân trong hồ sơ này").check();
  await page.getByRole("button", { name: "Nộp lại hồ sơ" }).click();
  await expect(page.getByText("Đã nộp lại hồ sơ.")).toBeVisible();
  await signOut(page);

  await signIn(page, demo.secretary);
  await page.goto(`/thu-ky/${id}`);
  await expect(page.getByRole("heading", { name: "Thay đổi từ lần nộp 1 đến lần nộp 2" })).toBeVisible();
  await expect(page.locator(".changes ins").first()).toHaveText(`${title} – đã bổ sung`);
});
