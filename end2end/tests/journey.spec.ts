import { expect, test } from "@playwright/test";
import { assignReviewer, demo, fileApplication, fillApplication, mailedLink, person, section, signIn, signOut, unique } from "./helpers";

// The whole journey in a real browser: register, submit (with refusals), screening, assignment,
// scoring with a draft, a disagreement flag resolved by the chair, the council's vote, the decision,
// the announcement, then find the entry as the public, by search without diacritics. Runs with and without JavaScript.
test("an initiative travels from submission to public search", async ({ page }, info) => {
  const tag = unique(info);
  const title = `Chuyển đổi số sổ hộ khẩu điện tử bản Pá ${tag}`;

  // Register a new submitter.
  await page.goto("/dang-ky");
  await page.getByLabel("Họ và tên").fill("Lò Thị Kiểm Thử");
  await page.getByLabel("Email").fill(`kiemthu-${tag}@son-la.vn`);
  await page.getByLabel("Mật khẩu").fill("mat-khau-kiem-thu");
  await page.getByLabel("Tôi đã đọc và đồng ý").check();
  await page.getByRole("button", { name: "Đăng ký" }).click();
  // The same answer whether or not the address had an account: check the mailbox.
  await expect(page.getByText("Đã nhận yêu cầu đăng ký")).toBeVisible();

  // The verification mail arrives; its link confirms the address (needed before filing).
  await page.goto(await mailedLink(`kiemthu-${tag}@son-la.vn`, "/xac-minh-email?ma="));
  await expect(page.getByText("Địa chỉ email của bạn đã được xác minh")).toBeVisible();
  await signIn(page, { email: `kiemthu-${tag}@son-la.vn`, password: "mat-khau-kiem-thu" });

  // Submit with shares summing to 99: refused, everything typed kept, error next to the table.
  await page.getByRole("link", { name: "Nộp sáng kiến" }).first().click();
  await fillApplication(page, {
    title,
    authors: [
      { name: "Lò Thị Kiểm Thử", share: "60" },
      { name: "Vàng A Dơ", share: "39" },
    ],
  });
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.locator("#f-authors-error")).toContainText("phải bằng đúng 100% (hiện là 99%)");
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(title);
  await expect(person(page, "Tác giả 2").getByLabel("Họ và tên")).toHaveValue("Vàng A Dơ");
  await expect(section(page, "Nội dung giải pháp mới")).toHaveValue(/nhà văn hóa bản/);

  // Correct the share, rename the entry and attach the explanatory PDF without saving first: the
  // upload carries the form, so the new title and the share survive (with and without JavaScript).
  await person(page, "Tác giả 2").getByLabel("Tỷ lệ đóng góp (%)").fill("40");
  await page.getByLabel("Tên sáng kiến").fill(`${title} (bản cuối)`);
  await page.getByLabel("Chọn tệp").setInputFiles({
    name: "thuyet-minh.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"),
  });
  await page.getByRole("button", { name: "Tải tệp lên" }).click();
  await expect(page.getByText("Đã tải tệp lên.")).toBeVisible();
  await expect(page.getByRole("link", { name: "thuyet-minh.pdf" })).toBeVisible();
  await expect(page.getByLabel("Tên sáng kiến")).toHaveValue(`${title} (bản cuối)`);
  await expect(person(page, "Tác giả 2").getByLabel("Tỷ lệ đóng góp (%)")).toHaveValue("40");
  await page.getByLabel("Tên sáng kiến").fill(title);
  // Submit: receipt with case number and due date, and the file.
  await fileApplication(page);
  await expect(page.locator(".receipt")).toContainText("thuyet-minh.pdf");
  await expect(page.locator(".receipt")).toContainText(/SK-\d{4}-\d{4}/);
  await expect(page.locator(".receipt")).toContainText("Ngày hẹn trả kết quả");
  const caseUrl = page.url();
  const id = caseUrl.match(/\/ho-so\/(\d+)/)![1];
  // The receipt also arrives by mail, with a link back to it.
  expect(await mailedLink(`kiemthu-${tag}@son-la.vn`, `/ho-so/${id}?bien-nhan=1`)).toBe(`/ho-so/${id}?bien-nhan=1`);
  await signOut(page);

  // Not public yet.
  const hidden = await page.goto(`/sang-kien/${id}`);
  expect(hidden?.status()).toBe(404);

  // The secretary screens it eligible, then assigns two reviewers.
  await signIn(page, demo.secretary);
  await page.goto("/thu-ky");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("button", { name: "Đánh dấu đủ điều kiện" }).click();
  await expect(page.getByText("Đã xử lý 1 hồ sơ")).toBeVisible();
  for (const name of ["Trần Văn Khảo", "Cầm Thị Định"]) {
    await assignReviewer(page, name);
  }
  await signOut(page);

  // The first reviewer scores: out of range first (refused), a draft, then within bounds; then, as
  // a council expert, votes.
  await signIn(page, demo.reviewer);
  await page.goto("/cham-diem");
  await expect(page.getByText(/\d+ \/ \d+ chấm xong/)).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  const points = page.getByLabel(/^Điểm \(0–/);
  const comments = page.getByLabel("Nhận xét", { exact: true });
  await points.nth(0).fill("35");
  await points.nth(1).fill("30");
  await points.nth(2).fill("31");
  for (let i = 0; i < 3; i++) await comments.nth(i).fill("Giải pháp thiết thực, đã áp dụng có số liệu.");
  await page.getByRole("button", { name: "Gửi phiếu chấm" }).click();
  await expect(page.getByText("Điểm phải từ 0 đến 30.").first()).toBeVisible();
  await expect(points.nth(1)).toHaveValue("30");
  await points.nth(0).fill("27");
  await page.getByRole("button", { name: "Lưu nháp" }).click();
  await expect(page.getByText("Đã lưu nháp phiếu chấm")).toBeVisible();
  await expect(page.locator(".running-total")).toContainText("88 / 100");
  await page.getByRole("button", { name: "Gửi phiếu chấm" }).click();
  await expect(page.getByRole("heading", { name: "Hồ sơ được phân công chấm" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: title })).toContainText("Đã chấm: 88 điểm");
  await page.goto(`/thu-ky/${id}`);
  await page.getByLabel("Đồng ý", { exact: true }).check();
  await page.getByLabel("Tôi xác nhận phiếu biểu quyết này").check();
  await page.getByRole("button", { name: "Gửi phiếu biểu quyết" }).click();
  // While the vote is open only how many voted shows: each change would reveal a ballot.
  await expect(page.locator(".tally")).toContainText("1/3");
  await expect(page.locator(".tally")).not.toContainText("Đồng ý 1");
  await signOut(page);

  // The second reviewer disagrees on novelty by more than 30% of its maximum: the entry is flagged.
  await signIn(page, demo.reviewer2);
  await page.goto(`/cham-diem/${id}`);
  await page.getByLabel("1–15: Cải tiến nhỏ").check();
  await points.nth(0).fill("15");
  await points.nth(1).fill("30");
  await points.nth(2).fill("31");
  for (let i = 0; i < 3; i++) await comments.nth(i).fill("Tính mới chỉ ở mức cải tiến nhỏ.");
  await page.getByRole("button", { name: "Gửi phiếu chấm" }).click();
  await expect(page.getByText("Đã gửi phiếu chấm")).toBeVisible();
  await signOut(page);

  // The chair sees the flag, records how it was resolved, and votes: two of three pass.
  await signIn(page, demo.chair);
  await page.goto(`/thu-ky/${id}`);
  await expect(page.locator(".flags")).toContainText("Tính mới và sáng tạo");
  await expect(page.locator(".flags")).toContainText("chưa giải trình");
  await page.getByLabel("Giải trình của Chủ tịch Hội đồng").fill("Hội đồng thống nhất lấy điểm trung bình; giải pháp mới ở cấp xã.");
  await page.getByRole("button", { name: "Ghi nhận giải trình" }).click();
  await expect(page.locator(".resolution")).toContainText("Hội đồng thống nhất");
  await page.getByLabel("Đồng ý", { exact: true }).check();
  await page.getByLabel("Tôi xác nhận phiếu biểu quyết này").check();
  await page.getByRole("button", { name: "Gửi phiếu biểu quyết" }).click();
  await expect(page.locator(".tally")).toContainText("2/3");
  // The third member will not vote: the chair closes the vote, and the result shows.
  await page.getByLabel("Tôi xác nhận kết thúc biểu quyết hồ sơ này").check();
  await page.getByRole("button", { name: "Kết thúc biểu quyết" }).click();
  await expect(page.locator(".tally")).toContainText("Đạt");
  await signOut(page);

  // The secretary records the recognition at provincial level; nothing is public before the
  // announcement, which the secretary then publishes for the whole campaign.
  await signIn(page, demo.secretary);
  await page.goto(`/thu-ky/${id}`);
  await expect(page.locator(".mean")).toContainText("82");
  await page.getByLabel("Công nhận sáng kiến").check();
  await page.getByLabel("Phạm vi công nhận").selectOption("cap_tinh");
  await page.getByLabel("Số quyết định (nếu có)").fill("99/QĐ-UBND");
  await page.getByLabel("Nhận xét chung của Hội đồng").fill("Mô hình hay, nên nhân rộng cho các bản vùng cao.");
  await page.getByLabel("Tôi đã kiểm tra và xác nhận ghi nhận quyết định này").check();
  await page.getByRole("button", { name: "Ghi nhận quyết định" }).click();
  await expect(page.getByText("Quyết định chưa công bố")).toBeVisible();
  expect((await page.request.get(`/sang-kien/${id}`)).status()).toBe(404);
  await page.getByRole("link", { name: "Trang hội đồng của đợt" }).click();
  await page.getByLabel("Tôi xác nhận công bố kết quả của đợt").check();
  await page.getByRole("button", { name: "Công bố kết quả" }).click();
  await expect(page.getByText(/Đã công bố \d+ quyết định/)).toBeVisible();
  await signOut(page);

  // The public finds it by typing without diacritics (the indexer applies the change within seconds).
  await expect(async () => {
    await page.goto(`/tim-kiem?q=${encodeURIComponent(`so ho khau dien tu ban pa ${tag}`)}`);
    await expect(page.getByRole("link", { name: title })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".facts").first()).toContainText("Cấp tỉnh");
  await expect(page.locator(".facts").first()).toContainText("Vàng A Dơ (40%)");
  // The public sees the sections, not the authors' personal particulars.
  await expect(page.getByRole("heading", { name: "Nội dung giải pháp mới" })).toBeVisible();
  // Typed marks read as formatting (rendered and sanitised on the server, with or without JavaScript).
  const solution = page.locator("section", { has: page.getByRole("heading", { name: "Nội dung giải pháp mới" }) });
  await expect(solution.locator("strong")).toHaveText("điện tử");
  await expect(solution.getByRole("listitem")).toHaveCount(2);
  await expect(page.locator("main")).toContainText("UBND xã Mường Lèo");
  await expect(page.locator("main")).not.toContainText("Ngày sinh");
});

test("wrong password is refused with a message next to the field", async ({ page }) => {
  await page.goto("/dang-nhap");
  await page.getByLabel("Email").fill(demo.author.email);
  await page.getByLabel("Mật khẩu").fill("khong-dung-mat-khau");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.locator("#f-email-error")).toHaveText("Email hoặc mật khẩu không đúng.");
  await expect(page.getByLabel("Email")).toHaveValue(demo.author.email);
});

test("an empty title is refused and the rest of the form is kept", async ({ page }) => {
  await signIn(page, demo.author);
  await page.goto("/nop-sang-kien");
  await page.getByLabel("Tóm tắt").fill("Tóm tắt đủ dài để qua kiểm tra độ dài tối thiểu.");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.locator("#f-title-error")).toHaveText("Vui lòng nhập thông tin này.");
  await expect(page.getByLabel("Tóm tắt")).toHaveValue("Tóm tắt đủ dài để qua kiểm tra độ dài tối thiểu.");
  await expect(page.locator(".error-summary")).toBeVisible();
});

test("visitors are sent to sign in and come back", async ({ page }) => {
  await page.goto("/nop-sang-kien");
  await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fnop-sang-kien/);
  await page.getByLabel("Email").fill(demo.author.email);
  await page.getByLabel("Mật khẩu").fill(demo.author.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/nop-sang-kien$/);
});

test("public search folds diacritics and đ", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Tìm sáng kiến").fill("ban do so du lich moc chau");
  await page.getByRole("button", { name: "Tìm kiếm" }).click();
  await expect(page.locator(".card").first()).toContainText("Bản đồ số du lịch Mộc Châu");
  await page.goto("/tim-kiem?q=dien+tu");
  await expect(page.locator(".result-count")).toContainText("kết quả");
  await expect(page.locator(".cards")).toContainText(/điện tử/i);
});

test("the public never sees an entry that is not recognised", async ({ page, request }) => {
  const api = await request.get("/api/v1/initiatives?per_page=100");
  const json = await api.json();
  for (const item of json.items) expect(item.level).not.toBeNull();
  // The demo's submitted entries exist but are not reachable publicly.
  const res = await page.goto("/sang-kien/31");
  expect(res?.status()).toBe(404);
  expect((await request.get("/api/v1/initiatives/31")).status()).toBe(404);
});
