import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { demo, signIn, signOut } from "./helpers";

// WCAG 2.1 AA checks by axe-core on the public pages and the main forms. axe runs inside the page, so
// these run in the "js" project only; the HTML checked is the same server HTML the nojs run gets.
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function violations(page: import("@playwright/test").Page) {
  const result = await new AxeBuilder({ page }).withTags(tags).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("public pages have no WCAG 2.1 AA violations", async ({ page }) => {
  for (const path of ["/", "/tim-kiem?q=du+lich", "/tim-kiem?linh-vuc=nong_nghiep&sap-xep=score", "/tim-kiem?dia-ban=h_sop_cop", "/tim-kiem?q=the+tai+dien+tuu", "/du-lieu-mo", "/thong-ke", "/don-vi/xa_muong_bam", "/tac-gia?ten=L%C3%B2+V%C4%83n+Th%E1%BA%AFng", "/sang-kien/2", "/dang-nhap", "/dang-ky", "/quen-mat-khau", "/dat-lai-mat-khau?ma=x", "/khong-co-trang-nay"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
});

test("the search box with its suggestions open has no WCAG 2.1 AA violations", async ({ page }) => {
  await page.goto("/tim-kiem?q=");
  await page.waitForLoadState("networkidle");
  const input = page.getByRole("combobox", { name: "Tìm sáng kiến" });
  await input.pressSequentially("quan ly", { delay: 30 });
  await expect(page.getByRole("option").first()).toBeVisible();
  await input.press("ArrowDown");
  expect(await violations(page)).toEqual([]);
});

test("the submission form, also with errors, has no WCAG 2.1 AA violations", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/tai-khoan");
  expect(await violations(page), "/tai-khoan").toEqual([]);
  await page.goto("/cua-toi");
  expect(await violations(page), "/cua-toi").toEqual([]);
  // The receipt of an entry waiting for screening (demo 31 is the author's), with what comes next.
  await page.goto("/ho-so/31?bien-nhan=1");
  await expect(page.locator(".receipt")).toBeVisible();
  expect(await violations(page), "receipt").toEqual([]);
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/ho-so/31?bien-nhan=1", "/nop-sang-kien", "/cua-toi"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/nop-sang-kien");
  expect(await violations(page)).toEqual([]);
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.locator(".error-summary")).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("the council's pages have no WCAG 2.1 AA violations", async ({ page }) => {
  // Demo: campaign 2 is the current one; 29 is under review, 31 waits for screening.
  await signIn(page, demo.secretary);
  // The tabs of the list; 33 is accepted, so its reviewers are offered as boxes to tick.
  for (const path of ["/thu-ky", "/thu-ky?trang-thai=can-xu-ly", "/thu-ky?trang-thai=tat-ca", "/thu-ky?trang-thai=submitted", "/thu-ky/29", "/thu-ky/31", "/thu-ky/33", "/thu-ky/dot/2", "/thu-ky/dot/2?xem=1&toi-da=20", "/thu-ky/dot/2/tong-quan"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  // A long export's page, while it is made and once its file is offered (the island follows it).
  await page.goto("/thu-ky/dot/2");
  await page.getByRole("button", { name: /Danh sách sáng kiến được công nhận/ }).click();
  await expect(page).toHaveURL(/\/xuat\/\d+$/);
  expect(await violations(page), "an export's page").toEqual([]);
  await expect(page.getByRole("link", { name: /^Tải về / })).toBeVisible({ timeout: 30_000 });
  expect(await violations(page), "an export's page, done").toEqual([]);
  // The secretary's list and the assignment on a 360 px phone: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/thu-ky?trang-thai=tat-ca", "/thu-ky/33", "/thu-ky/dot/2/tong-quan"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await signOut(page);
  await signIn(page, demo.reviewer);
  for (const path of ["/cham-diem", "/cham-diem?loc=chua-cham", "/cham-diem/30"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  await signOut(page);
  await signIn(page, demo.chair);
  for (const path of ["/hoi-dong", "/thu-ky/dot/2", "/thu-ky/29"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  // On a 360 px phone the wide tables scroll inside their frame; the page itself does not.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/thu-ky/dot/2", "/thu-ky/29"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

// Issue 21: last year's campaign (1) summed up by its secretary: a rule refused beside its field,
// the list built by the rules, a proposal edited, the list issued; axe at every step, and the page
// on a 360 px phone.
test("the summing-up is built, edited and issued with no WCAG 2.1 AA violations", async ({ page }) => {
  await signIn(page, demo.secretary);
  await page.goto("/thu-ky/dot/1");
  await page.getByRole("link", { name: "Tổng kết đợt và danh sách đề nghị khen thưởng" }).click();
  await expect(page).toHaveURL(/\/thu-ky\/dot\/1\/tong-ket$/);
  await expect(page.getByRole("table", { name: /Xếp hạng đơn vị/ })).toBeVisible();
  expect(await violations(page), "the summing-up").toEqual([]);

  await page.getByText("Sửa tiêu chí").click();
  await page.getByLabel("Số sáng kiến được công nhận ít nhất").fill("0");
  await page.getByRole("button", { name: "Lưu tiêu chí" }).click();
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.getByLabel("Số sáng kiến được công nhận ít nhất")).toHaveAttribute("aria-invalid", "true");
  expect(await violations(page), "a rule refused").toEqual([]);
  await page.getByLabel("Số sáng kiến được công nhận ít nhất").fill("1");
  await page.getByRole("button", { name: "Lưu tiêu chí" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Đã lưu." })).toBeVisible();

  await page.getByRole("button", { name: "Lập danh sách theo tiêu chí" }).click();
  await expect(page.getByText(/Đã lập danh sách: \d+ đề nghị\./)).toBeVisible();
  expect(await violations(page), "the list built").toEqual([]);
  const first = page.locator("li.proposal").first();
  await first.locator("summary").click();
  await first.getByLabel("Hình thức đề nghị").fill("Giấy khen của Giám đốc Sở Khoa học và Công nghệ");
  await first.getByRole("button", { name: "Lưu đề nghị" }).click();
  await expect(page.getByText("Giấy khen của Giám đốc Sở Khoa học và Công nghệ").first()).toBeVisible();
  expect(await violations(page), "a proposal edited").toEqual([]);

  await page.getByLabel("Tôi đã rà soát và muốn ban hành danh sách đề nghị khen thưởng").check();
  await page.getByRole("button", { name: "Ban hành danh sách" }).click();
  await expect(page.getByText(/Danh sách đã ban hành lúc/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Lập lại danh sách/ })).toHaveCount(0);
  expect(await violations(page), "the list issued").toEqual([]);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "horizontal overflow on the summing-up").toBeLessThanOrEqual(0);
});

test("the administration pages have no WCAG 2.1 AA violations and fit a 360 px phone", async ({ page }) => {
  await signIn(page, { email: "quantri@sangkien.local", password: "SonLa-QuanTri-2026" });
  for (const path of ["/quan-tri", "/quan-tri/dot", "/quan-tri/nhat-ky", "/quan-tri/nhat-ky?kiem-tra=1", "/quan-tri/nhat-ky?action=publish", "/quan-tri/nhat-ky?from=2026-13-40"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/quan-tri/dot", "/quan-tri/nhat-ky"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});
