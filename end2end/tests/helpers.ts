import { expect, Page, TestInfo } from "@playwright/test";

export const demo = {
  secretary: { email: "thuky@sangkien.local", password: "ThuKy@2026!" },
  reviewer: { email: "giamkhao1@sangkien.local", password: "GiamKhao1@2026" },
  author: { email: "tacgia@sangkien.local", password: "TacGia@2026!" },
};

/** A string unique to this test run and project, so that the js and nojs runs don't collide. */
export function unique(info: TestInfo): string {
  return `${info.project.name}-${Date.now().toString(36)}`;
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/dang-nhap");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Mật khẩu").fill(who.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" })).toBeVisible();
}
