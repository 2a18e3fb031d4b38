import { expect, test } from "@playwright/test";

test("pages render well on a 360 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/tim-kiem?q=du+lich", "/tim-kiem?q=nong+san&linh-vuc=nong_nghiep", "/sang-kien/2", "/tac-gia?ten=L%C3%B2+V%C4%83n+Th%E1%BA%AFng", "/du-lieu-mo", "/thong-ke", "/dang-nhap"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});

// Issue 19, 15: on a phone the header is the brand and one row of menu, the search button stays on
// one line, the filters are one "Lọc" away, and the site has an icon.
test("a phone's header, search box and filters", async ({ page, request }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/tim-kiem?q=du+lich");
  const tops = await page.locator(".site-header .nav > li").evaluateAll((items) =>
    items.map((li) => Math.round(li.getBoundingClientRect().top)),
  );
  expect(tops.length).toBeGreaterThanOrEqual(4);
  expect(new Set(tops).size, `menu rows at ${tops}`).toBe(1);
  const button = page.locator(".search-row button");
  const input = page.locator(".search-row input");
  const [b, i] = [await button.boundingBox(), await input.boundingBox()];
  expect(b!.height, "the search button on one line").toBeLessThanOrEqual(i!.height + 2);
  const filter = page.getByRole("link", { name: "Lọc", exact: true });
  await expect(filter).toBeVisible();
  await filter.click();
  await expect(page).toHaveURL(/#bo-loc$/);
  await expect(page.getByRole("heading", { name: "Lọc kết quả" })).toBeInViewport();
  // Wide screens show the filters beside the results: no button.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(filter).toBeHidden();
  for (const icon of ["/favicon.ico", "/favicon.svg"]) {
    const r = await request.get(icon);
    expect(r.status(), icon).toBe(200);
  }
});
