import { expect, test } from "@playwright/test";

// The public search page on the demo data: Vietnamese-aware matching, facets that filter through the
// address, filters kept by a new query, sorting and pagination; "did you mean". Runs with and
// without JavaScript: everything is links and a GET form.

test("search finds what is meant however it is typed", async ({ page }) => {
  for (const q of ["quan ly dan bo sua", "quản lý đàn bò sữa", "quanlydanbosua", "\"bò sữa\"", "bo sua -xoai"]) {
    await page.goto(`/tim-kiem?q=${encodeURIComponent(q)}`);
    await expect(page.locator(".card").first(), q).toContainText("Quản lý đàn bò sữa bằng thẻ tai điện tử");
  }
  await page.goto(`/tim-kiem?q=${encodeURIComponent("xoài -QR")}`);
  await expect(page.locator(".result-count")).toBeVisible();
  await expect(page.locator(".card-title", { hasText: "Truy xuất nguồn gốc xoài" })).toHaveCount(0);
  // An abbreviation finds the long form.
  await page.goto("/tim-kiem?q=TMĐT");
  await expect(page.locator(".cards")).toContainText("Sàn thương mại điện tử cho nông sản Sơn La");
  // The words found are highlighted in an excerpt.
  await page.goto("/tim-kiem?q=the+tai+dien+tu");
  await expect(page.locator(".card .snippet mark").first()).toBeVisible();
});

test("facets filter the results and the filters stay in the address", async ({ page }) => {
  await page.goto("/tim-kiem");
  const facets = page.locator("#bo-loc");
  await expect(facets.getByRole("heading", { name: "Lĩnh vực" })).toBeVisible();
  await facets.getByRole("link", { name: /^Nông nghiệp/ }).click();
  await expect(page).toHaveURL(/linh-vuc=nong_nghiep/);
  await expect(page.locator(".chips")).toContainText("Nông nghiệp");
  for (const title of await page.locator(".card-title").allTextContents()) {
    expect(["Quản lý đàn bò sữa bằng thẻ tai điện tử", "Truy xuất nguồn gốc xoài Yên Châu bằng mã QR"]).toContain(title);
  }
  // A new query keeps the filter.
  await page.getByLabel("Tìm sáng kiến").fill("xoai");
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await expect(page).toHaveURL(/linh-vuc=nong_nghiep/);
  await expect(page.locator(".card-title")).toHaveText(["Truy xuất nguồn gốc xoài Yên Châu bằng mã QR"]);
  // Removing the filter widens the search again.
  await page.locator(".chips").getByRole("link", { name: "Bỏ lọc: Nông nghiệp" }).click();
  await expect(page).not.toHaveURL(/linh-vuc/);
  await expect(page.locator(".result-count")).toContainText("kết quả cho “xoai”");
});

test("a former district finds the communes formed from it", async ({ page }) => {
  await page.goto("/tim-kiem");
  const place = page.getByRole("region", { name: /^Địa bàn/ });
  const district = place.getByRole("link", { name: /^Huyện Sốp Cộp \(đến 30\/06\/2025\)/ });
  // Long facets fold their rarer values away (a native disclosure, with or without JavaScript).
  if (!(await district.isVisible())) await place.locator("summary").click();
  await district.click();
  await expect(page).toHaveURL(/dia-ban=h_sop_cop/);
  // The demo's two entries of the district (other tests may add entries in its communes).
  const titles = await page.locator(".card-title").allTextContents();
  expect(titles).toEqual(expect.arrayContaining(["Lớp học số cho học sinh bán trú", "Phát thanh thông minh bằng tiếng dân tộc"]));
  expect(titles).not.toContain("Hóa đơn điện tử cho hộ kinh doanh du lịch cộng đồng");
  await expect(page.locator(".chips")).toContainText("Huyện Sốp Cộp");
  // Today's commune inside it narrows further; the district stays listed with its count.
  await place.getByRole("link", { name: /^Xã Mường Lèo/ }).click();
  await expect(page).toHaveURL(/dia-ban=xa_muong_leo/);
  await expect(page.locator(".cards")).toContainText("Phát thanh thông minh bằng tiếng dân tộc");
  await expect(page.locator(".cards")).not.toContainText("Lớp học số cho học sinh bán trú");
});

test("sorting and pagination keep the query in the address", async ({ page }) => {
  await page.goto("/tim-kiem");
  await page.locator(".sorts").getByRole("link", { name: "Điểm cao nhất" }).click();
  await expect(page).toHaveURL(/sap-xep=score/);
  // Scores never increase down the page.
  const scores = (await page.locator(".card-meta").allTextContents()).map((t) => {
    const m = t.match(/([\d.,]+) điểm/);
    return m ? Number(m[1].replace(/\./g, "").replace(",", ".")) : -1;
  });
  expect(scores.length).toBeGreaterThan(1);
  for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]);
  await page.getByRole("link", { name: "Trang sau" }).click();
  await expect(page).toHaveURL(/sap-xep=score&trang=2/);
  await expect(page.locator(".pager")).toContainText("Trang 2");
});

test("a query with no result offers a corrected one", async ({ page }) => {
  await page.goto(`/tim-kiem?q=${encodeURIComponent("thẻ tai điện tửu")}`);
  await expect(page.locator(".notice")).toBeVisible();
  await page.locator(".did-you-mean a").click();
  await expect(page.locator(".card").first()).toContainText("Quản lý đàn bò sữa bằng thẻ tai điện tử");
});

test("from a solution to its unit, its author and the open data", async ({ page, request }) => {
  await page.goto(`/tim-kiem?q=${encodeURIComponent("Số hóa hồ sơ một cửa cấp xã")}`);
  await page.locator(".card-title a").first().click();
  await expect(page.locator("h1")).toHaveText("Số hóa hồ sơ một cửa cấp xã");
  await expect(page.getByRole("heading", { name: "Giải pháp tương tự" })).toBeVisible();
  await page.getByRole("link", { name: "Lò Văn Thắng" }).click();
  await expect(page.locator("table")).toContainText("Số hóa hồ sơ một cửa cấp xã");
  await expect(page.locator("table")).toContainText("60%");
  await page.goBack();
  await page.locator(".facts").getByRole("link", { name: /Mường Bám/ }).click();
  await expect(page).toHaveURL(/\/don-vi\/xa_muong_bam$/);
  await expect(page.locator(".cards")).toContainText("Số hóa hồ sơ một cửa cấp xã");
  await page.getByRole("link", { name: "Dữ liệu mở" }).click();
  await expect(page.getByRole("heading", { name: "Từ điển dữ liệu" })).toBeVisible();
  const csv = await request.get("/open-data/initiatives.csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("Số hóa hồ sơ một cửa cấp xã");
  const feed = await request.get("/feeds/initiatives.atom?q=so+hoa");
  expect(await feed.text()).toContain("<feed");
});
