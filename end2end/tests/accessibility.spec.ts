import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./helpers";

// WCAG 2.1 AA checks by axe-core on the public pages and the main forms. axe runs inside the page, so
// these run in the "js" project only; the HTML checked is the same server HTML the nojs run gets.
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function violations(page: import("@playwright/test").Page) {
  const result = await new AxeBuilder({ page }).withTags(tags).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("public pages have no WCAG 2.1 AA violations", async ({ page }) => {
  for (const path of ["/", "/tim-kiem?q=du+lich", "/sang-kien/2", "/dang-nhap", "/dang-ky", "/quen-mat-khau", "/dat-lai-mat-khau?ma=x", "/khong-co-trang-nay"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
});

test("the submission form, also with errors, has no WCAG 2.1 AA violations", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/tai-khoan");
  expect(await violations(page), "/tai-khoan").toEqual([]);
  await page.goto("/cua-toi");
  expect(await violations(page), "/cua-toi").toEqual([]);
  await page.goto("/nop-sang-kien");
  expect(await violations(page)).toEqual([]);
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.locator(".error-summary")).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test("the council's pages have no WCAG 2.1 AA violations", async ({ page }) => {
  await signIn(page, demo.secretary);
  for (const path of ["/thu-ky", "/thu-ky/29"]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
});
