import { expect, test } from "@playwright/test";
import { mailedLink, unique } from "./helpers";

// A forgotten password: the mailed one-time link sets a new one (with and without JavaScript).
test("a forgotten password is reset through the mailed link", async ({ page }, info) => {
  const email = `quen-${unique(info)}@son-la.vn`;
  await page.goto("/dang-ky");
  await page.getByLabel("Họ và tên").fill("Cầm Văn Quên");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill("mat-khau-ban-dau");
  await page.getByLabel("Tôi đã đọc và đồng ý").check();
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await expect(page.getByText("Đã nhận yêu cầu đăng ký")).toBeVisible();

  await page.goto("/dang-nhap");
  await page.getByRole("link", { name: "Quên mật khẩu?" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại" }).click();
  await expect(page.getByText("Nếu email này có tài khoản")).toBeVisible();

  await page.goto(await mailedLink(email, "/dat-lai-mat-khau?ma="));
  await page.getByLabel("Mật khẩu mới").fill("mat-khau-moi-sau-khi-quen");
  await page.getByRole("button", { name: "Lưu mật khẩu mới" }).click();
  await expect(page.getByText("Đã đặt mật khẩu mới")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill("mat-khau-moi-sau-khi-quen");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  await page.getByRole("link", { name: "Cầm Văn Quên" }).click();
  await expect(page.getByRole("heading", { name: "Tài khoản của tôi" })).toBeVisible();
  await expect(page.locator("main")).toContainText("đã xác minh");

  // The profile keeps private fields; the person can download everything held about them.
  await page.getByLabel("Số điện thoại").fill("0912 345 678");
  await page.getByLabel("Đối tượng").selectOption("tri_thuc");
  await page.getByRole("button", { name: "Lưu hồ sơ cá nhân" }).click();
  await expect(page.getByText("Đã lưu.")).toBeVisible();
  await expect(page.getByLabel("Số điện thoại")).toHaveValue("0912 345 678");
  const data = await page.request.get("/tai-khoan/du-lieu.json");
  expect((await data.json()).account.phone).toBe("0912 345 678");
});
