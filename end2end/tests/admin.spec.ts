import { expect, test } from "@playwright/test";
import { mailedLink, signIn, signOut, unique } from "./helpers";

const admin = { email: "quantri@sangkien.local", password: "SonLa-QuanTri-2026" };

// Issue 21: an administrator opens next year's campaign by copying the last one, lands on its page
// and edits its rubric there; with and without JavaScript (plain forms either way).
test("an administrator opens a campaign by copying the last one and edits its rubric", async ({ page }, info) => {
  const name = `Đợt thi đua sao chép ${unique(info)}`;
  await signIn(page, admin);
  await page.goto("/quan-tri");
  await page.getByRole("link", { name: "Đợt thi đua" }).click();
  await expect(page).toHaveURL(/\/quan-tri\/dot$/);
  await expect(page.getByRole("heading", { level: 1, name: "Đợt thi đua" })).toBeVisible();

  const copy = page.getByRole("region", { name: "Sao chép một đợt đã có" });
  // The newest campaign is chosen, and the year after it offered.
  const offered = await copy.getByLabel("Năm").inputValue();
  expect(Number(offered)).toBeGreaterThan(2025);
  await copy.getByLabel("Tên đợt thi đua").fill(name);
  await copy.getByRole("button", { name: "Sao chép thành đợt mới" }).click();

  await expect(page).toHaveURL(/\/thu-ky\/dot\/\d+\?moi=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Đã mở đợt thi đua." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  // The rubric came along (the newest campaign may be the other project's copy, already edited).
  const rubric = page.getByRole("region", { name: "Bộ tiêu chí chấm" });
  await expect(rubric.getByRole("rowheader", { name: /^Tính mới/ })).toBeVisible();
  const renamed = `Tính mới, tính sáng tạo (${info.project.name})`;

  await rubric.getByText("Sửa bộ tiêu chí").click();
  await rubric.locator('input[name="criteria[0][name]"]').fill(renamed);
  await rubric.getByRole("button", { name: "Lưu phiên bản mới của bộ tiêu chí" }).click();
  await expect(page.getByText("Đã lưu bộ tiêu chí phiên bản 2.")).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Bộ tiêu chí chấm" }).getByRole("rowheader", { name: renamed }),
  ).toBeVisible();

  // Back on the list, the new campaign waits to open.
  await page.goto("/quan-tri/dot");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name }) });
  await expect(row).toContainText("Sắp mở");
  await expect(row).toContainText("0 hồ sơ");
});

// Issue 21: an administrator invites a person by email with a role; the mailed link sets their first
// password, and they sign in with it. The administrator finds them by a word without diacritics.
test("an administrator invites a reviewer, who sets a password through the mailed link and signs in", async ({ page }, info) => {
  const email = `moi-${unique(info)}@son-la.vn`;
  const name = `Lường Thị Mời ${info.project.name === "js" ? "Một" : "Hai"}`;
  await signIn(page, admin);
  await page.goto("/quan-tri");
  const invite = page.getByRole("region", { name: "Mời người dùng" });
  await invite.getByLabel("Họ và tên").fill(name);
  await invite.getByLabel("Email").fill(email);
  await invite.getByLabel("Thành viên chấm").check();
  await invite.getByRole("button", { name: "Gửi thư mời" }).click();
  await expect(page.getByText("Đã tạo tài khoản và gửi thư mời.")).toBeVisible();

  await page.getByLabel("Tìm theo tên hoặc email").fill(`luong moi ${info.project.name === "js" ? "mot" : "hai"}`);
  await page.getByRole("button", { name: "Tìm", exact: true }).click();
  await expect(page.getByText("1 tài khoản", { exact: true })).toBeVisible();
  await expect(page.getByRole("rowheader", { name })).toBeVisible();
  await signOut(page);

  await page.goto(await mailedLink(email, "/dat-lai-mat-khau?ma="));
  await page.getByLabel("Mật khẩu mới").fill("Rung-Thong-Ban-Mong-2026");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText("Đã đặt mật khẩu mới")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill("Rung-Thong-Ban-Mong-2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  // The role came with the invitation: the reviewer's page is theirs.
  await page.goto("/cham-diem");
  await expect(page.getByRole("heading", { level: 1, name: "Hồ sơ được phân công chấm" })).toBeVisible();
});
