import { expect, test } from "@playwright/test";

test("pages render well on a 360 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/", "/tim-kiem?q=du+lich", "/tim-kiem?q=nong+san&linh-vuc=nong_nghiep", "/sang-kien/2", "/tac-gia?ten=L%C3%B2+V%C4%83n+Th%E1%BA%AFng", "/du-lieu-mo", "/thong-ke", "/dang-nhap"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
  }
});
