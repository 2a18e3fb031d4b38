import { expect, Locator, test } from "@playwright/test";
import { assignReviewer, demo, fileApplication, fillApplication, mailedLink, person, section, signIn, signOut } from "./helpers";
import {
  csvField,
  expectAmong,
  expectServedAs,
  expectText,
  expectValue,
  literal,
  newRun,
  RAW_MARKUP,
  Run,
  sanitisedProblems,
  scanDom,
  shown,
  strings,
  Watch,
} from "./xss-helpers";

// An XSS corpus typed into every text field a person can fill, then every page that shows those
// texts is opened: nothing may execute and nothing may become markup. Runs with JavaScript (a
// payload that ran would call `xss()`, open a dialog, throw, or be blocked by the CSP: all four are
// watched) and without (the HTML the server sends must already be inert: no element, attribute,
// script or link made from what was typed). The data entry is done once per project, in order:
// account, application (and a second one that gets refused), corrections, screening, scoring, the
// chair's explanation, the vote, the decision, the announcement; then the public pages and the
// open data.
//
// The corpus, the texts typed in each run and the watch are in `xss-helpers.ts`. The tests below
// are one serial chain over shared state (the run, the ids it produced): they stay in one file.

const admin = { email: "quantri@sangkien.local", password: "SonLa-QuanTri-2026" };

const pdf = Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

// ---------------------------------------------------------------------------------------------

test.describe.serial("an XSS corpus in every field stays text on every page", () => {
  let run: Run;

  test.beforeAll(async ({}, info) => {
    run = newRun(info);
  });

  test("the watch notices a payload that lands in a page", async ({ page }, info) => {
    const watch = await Watch.on(page, info);
    await watch.visit("/");
    // A payload as a careless page would carry it: the document check finds it with or without
    // JavaScript; with JavaScript the CSP refuses its handler and the refusal is seen.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML("beforeend", `<img data-xss src=x onerror="xss('canary')">`);
    });
    const expected = [/injected element <img>/, /event handler onerror/];
    if (watch.js) {
      expected.push(/CSP refused script-src/);
      // A payload that ran, and one that opened a dialog.
      await page.evaluate(() => {
        (window as unknown as { xss: (id: string) => void }).xss("canary-ran");
        setTimeout(() => alert("canary-dialog"), 0);
      });
      expected.push(/payload ran: xss\(canary-ran\)/, /dialog \(alert\) "canary-dialog"/);
    }
    const seen: string[] = [];
    for (const pattern of expected) {
      await expect
        .poll(async () => {
          seen.push(...(await watch.findings()));
          return seen.join("\n");
        })
        .toMatch(pattern);
    }
  });

  test("a new filer types the corpus into their account and two applications", async ({ page }, info) => {
    const watch = await Watch.on(page, info);

    // Registration: the full name.
    await watch.visit("/dang-ky");
    await page.getByLabel("Họ và tên").fill(run.regName);
    await page.getByLabel("Email").fill(run.filer.email);
    await page.getByLabel("Mật khẩu").fill(run.filer.password);
    await page.getByLabel("Tôi đã đọc và đồng ý").check();
    await page.getByRole("button", { name: "Đăng ký" }).click();
    await expect(page.getByText("Đã nhận yêu cầu đăng ký")).toBeVisible();
    await watch.check("after registering");
    await watch.visit(await mailedLink(run.filer.email, "/xac-minh-email?ma="));
    await expect(page.getByText("Địa chỉ email của bạn đã được xác minh")).toBeVisible();
    await signIn(page, run.filer);
    await expectText(page.locator(".user-name"), run.regName, "is");
    await watch.check("the header with the registered name");

    // The profile: name, position, qualification (the phone number takes digits only).
    await watch.visit("/tai-khoan");
    const profile = page.locator('form[action="/api/ho-so-ca-nhan"]');
    await expectValue(profile.getByLabel("Họ và tên"), run.regName);
    const profileFields: [Locator, string][] = [
      [profile.getByLabel("Họ và tên"), run.profileName],
      [profile.getByLabel("Chức danh"), run.profilePosition],
      [profile.getByLabel("Trình độ chuyên môn"), run.profileQualification],
    ];
    for (const [field, value] of profileFields) await field.fill(value);
    await profile.getByLabel("Số điện thoại").fill("0912 345 678");
    await profile.getByRole("button", { name: "Lưu hồ sơ cá nhân" }).click();
    await expect(page.getByText("Đã lưu.")).toBeVisible();
    for (const [field, value] of profileFields) await expectValue(field, value);
    await expectText(page.locator(".user-name"), run.profileName, "is");
    await watch.check("the account page with the saved profile");
    const personal = await page.request.get("/tai-khoan/du-lieu.json");
    expectServedAs(personal, "application/json");
    expectAmong(strings(await personal.json()), [run.profileName, run.profilePosition, run.profileQualification]);

    // The application: every free-text field, saved as a draft and shown again.
    await watch.visit("/nop-sang-kien");
    await fillApplication(page, {
      title: run.titleA,
      summary: run.summary,
      authors: [
        { name: run.profileName, share: "60", workplace: run.author1.workplace },
        { name: run.author2.name, share: "40", workplace: run.author2.workplace },
      ],
    });
    const a1 = person(page, "Tác giả 1");
    const a2 = person(page, "Tác giả 2");
    const ad = person(page, "Người tham gia áp dụng 1");
    const typed: [Locator, string][] = [
      [page.getByLabel("Tên sáng kiến"), run.titleA],
      [page.getByLabel("Tóm tắt"), run.summary],
      [page.getByLabel(/^Chủ đầu tư/), run.investor],
      [a1.getByLabel("Họ và tên"), run.profileName],
      [a1.getByLabel("Nơi công tác"), run.author1.workplace],
      [a1.getByLabel("Chức danh"), run.author1.position],
      [a1.getByLabel("Trình độ chuyên môn"), run.author1.qualification],
      [a2.getByLabel("Họ và tên"), run.author2.name],
      [a2.getByLabel("Nơi công tác"), run.author2.workplace],
      [a2.getByLabel("Chức danh"), run.author2.position],
      [a2.getByLabel("Trình độ chuyên môn"), run.author2.qualification],
      [a2.getByLabel(/^Email/), run.author2.email],
      [ad.getByLabel("Họ và tên"), run.adopter.name],
      [ad.getByLabel("Nơi công tác"), run.adopter.workplace],
      [ad.getByLabel("Chức danh"), run.adopter.position],
      [ad.getByLabel("Trình độ chuyên môn"), run.adopter.qualification],
      [ad.getByLabel("Công việc đã làm"), run.adopter.task],
      ...run.sectionTexts.map(([label, text]): [Locator, string] => [section(page, label), text]),
    ];
    for (const [field, value] of typed) await field.fill(value);
    await page.getByRole("button", { name: "Lưu nháp" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Đã lưu nháp lúc" })).toBeVisible();
    await expect(page).toHaveURL(/\/nop-sang-kien\?nhap=\d+/);
    // Values come back inside attributes and textareas as typed.
    for (const [field, value] of typed) await expectValue(field, value);
    await watch.check("the draft shown again in the form");
    // A file's name is text a person chooses too.
    await page.getByLabel("Chọn tệp").setInputFiles({ name: run.fileName, mimeType: "application/pdf", buffer: pdf });
    await page.getByRole("button", { name: "Tải tệp lên" }).click();
    await expect(page.getByText("Đã tải tệp lên.")).toBeVisible();
    await expectText(page.locator("ul.files"), run.fileName);
    await watch.check("the draft with its file");
    await watch.visit("/cua-toi");
    const draftLink = page.locator('.drafts a[href^="/nop-sang-kien?nhap="]').filter({ hasText: run.tag });
    await expectText(draftLink, run.titleA, "is");
    await draftLink.click();
    await expectValue(page.getByLabel("Tên sáng kiến"), run.titleA);
    await watch.check("the draft resumed from the list");

    if (run.js) {
      // The formatting bar's preview puts the server's rendering of a section into the page.
      const bar = page.locator('[role="toolbar"][aria-controls="f-description"]');
      await expect(bar).toBeVisible();
      await bar.getByRole("button", { name: "Xem trước" }).click();
      await expect(page.locator(".format-preview .prose")).toContainText(`kiểm thử XSS ${run.tag}`);
      await watch.check("the formatting bar's preview");
    }

    await fileApplication(page);
    run.a = page.url().match(/\/ho-so\/(\d+)/)![1];
    await expectText(page.locator(".receipt"), run.titleA);
    await expectText(page.locator(".receipt"), run.fileName);
    await watch.check("the receipt");
    await watch.visit(`/ho-so/${run.a}`);
    await expectText(page.locator("article.detail h1"), run.titleA, "is");
    const detail = page.locator("article.detail");
    for (const text of [run.summary, run.investor, run.author1.position, run.author2.qualification, run.adopter.task, run.fileName]) {
      await expectText(detail, text);
    }
    await watch.visit("/cua-toi");
    await expectText(page.locator(`a[href="/ho-so/${run.a}"]`), run.titleA, "is");

    // A second application, to be refused at screening.
    await watch.visit("/nop-sang-kien");
    await fillApplication(page, {
      title: run.titleB,
      summary: run.summaryB,
      authors: [{ name: run.profileName, share: "100", workplace: run.author1.workplace }],
    });
    await fileApplication(page);
    run.b = page.url().match(/\/ho-so\/(\d+)/)![1];
    await watch.check("the second receipt");
  });

  test("the secretary asks for corrections, refuses the second entry and sees the changes", async ({ page }, info) => {
    const watch = await Watch.on(page, info);
    await signIn(page, demo.secretary);
    await watch.visit("/thu-ky");
    await expectText(page.locator(`a[href="/thu-ky/${run.a}"]`), run.titleA, "is");
    await watch.visit(`/thu-ky?tu-khoa=${encodeURIComponent(run.tag)}`);
    await expectText(page.locator(`a[href="/thu-ky/${run.b}"]`), run.titleB, "is");
    await watch.visit(`/thu-ky?tu-khoa=${encodeURIComponent(run.reflected)}`);
    await expect(page.locator("#tu-khoa")).toHaveValue(new RegExp(`^${literal(run.tag)} `));

    // Corrections asked for the first entry.
    await watch.visit(`/thu-ky/${run.a}`);
    await expectText(page.locator("h1"), run.titleA, "is");
    await page.getByLabel("Yêu cầu bổ sung, sửa đổi").fill(run.correction);
    await page.getByRole("button", { name: "Gửi yêu cầu bổ sung" }).click();
    await expect(page.locator(".facts").first()).toContainText("Cần bổ sung");
    await watch.check("the panel after asking for corrections");

    // The second is refused with a note.
    await watch.visit(`/thu-ky/${run.b}`);
    await page.locator("details.refuse > summary").click();
    await page.getByLabel("Lý do khác hoặc ghi chú").fill(run.refusal);
    await page.getByRole("button", { name: "Không tiếp nhận hồ sơ" }).click();
    await expect(page.getByText("Đã xử lý 1 hồ sơ")).toBeVisible();
    await watch.check("the panel of the refused entry");
    await signOut(page);

    // The filer reads the request and the refusal, corrects and files again.
    await signIn(page, run.filer);
    await watch.visit(`/ho-so/${run.a}`);
    await expectText(page.locator(".corrections blockquote"), run.correction, "is");
    await watch.visit(`/ho-so/${run.b}`);
    await expectText(page.locator("main"), run.refusal);
    await watch.visit("/thong-bao");
    await expectText(page.locator(".notifications"), run.titleA);
    await expectText(page.locator(".notifications"), run.titleB);
    await watch.visit(`/ho-so/${run.a}`);
    await page.getByRole("button", { name: "Sửa và nộp lại" }).click();
    await expect(page.getByText("Bạn đang sửa hồ sơ")).toBeVisible();
    await expectValue(page.getByLabel("Tên sáng kiến"), run.titleA);
    await expectValue(section(page, "Nội dung giải pháp mới"), run.sectionTexts[2][1]);
    await watch.check("the entry made into a form again");
    await page.getByLabel("Tên sáng kiến").fill(run.titleFinal);
    await section(page, "Nội dung giải pháp mới").fill(`${run.fixLine}\n\n${run.sectionTexts[2][1]}`);
    await page.getByLabel("Tôi cam đoan").check();
    await page.getByLabel("Tôi đồng ý với việc xử lý dữ liệu cá nhân trong hồ sơ này").check();
    await page.getByRole("button", { name: "Nộp lại hồ sơ" }).click();
    await expect(page.getByText("Đã nộp lại hồ sơ.")).toBeVisible();
    await watch.check("the entry filed again");
    await signOut(page);

    // The secretary sees what changed, line by line, then screens and assigns.
    await signIn(page, demo.secretary);
    await watch.visit(`/thu-ky/${run.a}`);
    await expect(page.getByRole("heading", { name: "Thay đổi từ lần nộp 1 đến lần nộp 2" })).toBeVisible();
    await expectText(page.locator(".changes ins").first(), run.titleFinal, "is");
    await expectText(page.locator(".changes"), run.fixLine);
    await page.getByRole("button", { name: "Đánh dấu đủ điều kiện" }).click();
    await expect(page.getByText("Đã xử lý 1 hồ sơ")).toBeVisible();
    for (const name of ["Trần Văn Khảo", "Cầm Thị Định"]) {
      await assignReviewer(page, name);
    }
    await watch.check("the panel with the reviewers assigned");
    const council = await page.getByRole("link", { name: "Trang hội đồng của đợt" }).getAttribute("href");
    run.campaign = council!.match(/\/thu-ky\/dot\/(\d+)/)![1];
    await watch.visit(`/thu-ky/dot/${run.campaign}`);
  });

  test("reviewers, the chair and the secretary write their remarks; the result is announced", async ({ page }, info) => {
    const watch = await Watch.on(page, info);
    const points = page.getByLabel(/^Điểm \(0–/);
    const comments = page.getByLabel("Nhận xét", { exact: true });

    // The first reviewer: comments saved as a draft, a conflict declaration refused (its reason
    // comes back), the sheet sent, then a vote.
    await signIn(page, demo.reviewer);
    await watch.visit("/cham-diem");
    await expectText(page.locator(`a[href="/cham-diem/${run.a}"]`), run.titleFinal, "is");
    await watch.visit(`/cham-diem/${run.a}`);
    await expectText(page.locator("h1"), run.titleFinal, "is");
    for (const [i, p] of ["27", "30", "31"].entries()) await points.nth(i).fill(p);
    for (const [i, c] of run.reviewer1.entries()) await comments.nth(i).fill(c);
    await page.getByRole("button", { name: "Lưu nháp" }).click();
    await expect(page.getByText("Đã lưu nháp phiếu chấm")).toBeVisible();
    for (const [i, c] of run.reviewer1.entries()) await expectValue(comments.nth(i), c);
    await watch.check("the score sheet's draft");
    await page.locator("details.declare-conflict > summary").click();
    await page.getByLabel("Lý do xung đột lợi ích").fill(run.conflictReason);
    // The box is required in the browser; a browser that ignores `required` posts without it and
    // the server refuses, showing the form again with the reason as typed. Nothing is declared.
    await page.locator("#f-confirm-conflict").evaluate((el) => el.removeAttribute("required"));
    await page.getByRole("button", { name: "Khai báo và rút khỏi hồ sơ" }).click();
    await expect(page).toHaveURL(new RegExp(`/cham-diem/${run.a}\\?f=`));
    await expectValue(page.getByLabel("Lý do xung đột lợi ích"), run.conflictReason);
    await watch.check("the refused conflict declaration shown again");
    await page.getByRole("button", { name: "Gửi phiếu chấm" }).click();
    await expect(page.getByRole("heading", { name: "Hồ sơ được phân công chấm" })).toBeVisible();
    await expectText(page.locator(`a[href="/cham-diem/${run.a}"]`), run.titleFinal, "is");
    await watch.check("the queue after sending the sheet");
    await watch.visit(`/cham-diem/${run.a}`);
    await expectText(page.locator(".sheet-rubric"), run.reviewer1[0]);
    await watch.visit(`/thu-ky/${run.a}`);
    await page.getByLabel("Đồng ý", { exact: true }).check();
    await page.getByLabel("Tôi xác nhận phiếu biểu quyết này").check();
    await page.getByRole("button", { name: "Gửi phiếu biểu quyết" }).click();
    await expect(page.locator(".tally")).toContainText("1/3");
    await watch.check("the panel as a council member");
    await signOut(page);

    // The second reviewer disagrees on novelty (a flag), then reads the others' sheets.
    await signIn(page, demo.reviewer2);
    await watch.visit(`/cham-diem/${run.a}`);
    await page.getByLabel("1–15: Cải tiến nhỏ").check();
    for (const [i, p] of ["15", "30", "31"].entries()) await points.nth(i).fill(p);
    for (const [i, c] of run.reviewer2.entries()) await comments.nth(i).fill(c);
    await page.getByRole("button", { name: "Gửi phiếu chấm" }).click();
    await expect(page.getByText("Đã gửi phiếu chấm")).toBeVisible();
    await watch.check("the queue of the second reviewer");
    await watch.visit(`/cham-diem/${run.a}`);
    await expectText(page.locator(".sheet-rubric"), run.reviewer2[1]);
    await expectText(page.locator(".sheet-rubric"), run.reviewer1[1]);
    await signOut(page);

    // The chair explains the flag, votes, closes the vote and reads a sheet's history.
    await signIn(page, demo.chair);
    await watch.visit(`/thu-ky/${run.a}`);
    await expectText(page.locator("table.scores"), run.reviewer1[2]);
    await page.getByLabel("Giải trình của Chủ tịch Hội đồng").fill(run.resolution);
    await page.getByRole("button", { name: "Ghi nhận giải trình" }).click();
    await expectText(page.locator(".resolution"), run.resolution);
    await watch.check("the panel with the chair's explanation");
    await page.getByLabel("Đồng ý", { exact: true }).check();
    await page.getByLabel("Tôi xác nhận phiếu biểu quyết này").check();
    await page.getByRole("button", { name: "Gửi phiếu biểu quyết" }).click();
    await expect(page.locator(".tally")).toContainText("2/3");
    await page.getByLabel("Tôi xác nhận kết thúc biểu quyết hồ sơ này").check();
    await page.getByRole("button", { name: "Kết thúc biểu quyết" }).click();
    await expect(page.locator(".tally")).toContainText("Đạt");
    await watch.check("the panel after the vote");
    await page.locator('table.scores a[href^="/thu-ky/phieu/"]').first().click();
    await expectText(page.locator("main"), run.titleFinal);
    await watch.check("a sheet's history");
    await watch.visit("/hoi-dong");
    await signOut(page);

    // The secretary records the decision with its free texts and announces it.
    await signIn(page, demo.secretary);
    await watch.visit(`/thu-ky/${run.a}`);
    await page.getByLabel("Công nhận sáng kiến").check();
    await page.getByLabel("Phạm vi công nhận").selectOption("cap_tinh");
    await page.getByLabel("Hình thức khen thưởng (nếu có)").fill(run.award);
    await page.getByLabel("Số quyết định (nếu có)").fill(run.decisionNo);
    await page.getByLabel("Nhận xét chung của Hội đồng").fill(run.decisionComment);
    await page.getByLabel("Tôi đã kiểm tra và xác nhận ghi nhận quyết định này").check();
    await page.getByRole("button", { name: "Ghi nhận quyết định" }).click();
    await expect(page.getByText("Quyết định chưa công bố")).toBeVisible();
    const decision = page.locator('section[aria-labelledby="quyet-dinh"]');
    for (const text of [run.award, run.decisionNo, run.decisionComment]) await expectText(decision, text);
    await watch.check("the recorded decision");
    const ranking = await page.request.get(`/thu-ky/dot/${run.campaign}/xep-hang.csv`);
    expectServedAs(ranking, "text/csv");
    expect(await ranking.text()).toContain(csvField(run.titleFinal));
    await watch.visit(`/thu-ky/dot/${run.campaign}`);
    await page.getByLabel("Tôi xác nhận công bố kết quả của đợt").check();
    await page.getByRole("button", { name: "Công bố kết quả" }).click();
    await expect(page.getByText(/Đã công bố \d+ quyết định/)).toBeVisible();
    await watch.check("the council page after the announcement");
  });

  test("the public pages show the corpus as text", async ({ page }, info) => {
    const watch = await Watch.on(page, info);
    const mine = page.locator(`a[href="/sang-kien/${run.a}"]`);
    // The indexer applies the announcement within seconds.
    await expect(async () => {
      await page.goto(`/tim-kiem?q=${encodeURIComponent(`kiem thu xss ${run.tag}`)}`);
      await expect(mine.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await watch.check("search results with highlighted excerpts");
    const card = page.locator(".card", { has: mine });
    await expectText(card.locator(".card-title"), run.titleFinal, "is");
    await expectText(card.locator(".card-summary"), run.summary, "is");

    // The detail: text, head, Open Graph, JSON-LD, the scorecard, the decision's number.
    await mine.first().click();
    await expectText(page.locator("article.detail h1"), run.titleFinal, "is");
    await watch.check("the public detail");
    await expectText(page.locator("article.detail .lead"), run.summary, "is");
    expect(await page.title()).toContain(run.titleFinal);
    const og = async (property: string) => shown((await page.locator(`meta[property="${property}"]`).getAttribute("content")) ?? "");
    expect(await og("og:title")).toBe(shown(run.titleFinal));
    expect(await og("og:description")).toBe(shown(run.summary));
    const ld = page.locator('script[type="application/ld+json"]');
    await expect(ld).toHaveCount(1);
    const ldText = (await ld.textContent()) ?? "";
    expect(ldText, "JSON-LD never holds a raw < (it could end its script element)").not.toContain("<");
    const data = JSON.parse(ldText);
    expect(shown(data.name)).toBe(shown(run.titleFinal));
    expect(shown(data.description)).toBe(shown(run.summary));
    expect(data.author.map((a: { name: string }) => shown(a.name))).toEqual([shown(run.profileName), shown(run.author2.name)]);
    const facts = page.locator("article.detail .facts").first();
    await expectText(facts, run.decisionNo);
    await expectText(page.locator(".scorecard"), run.decisionComment);
    const detail = page.locator("article.detail");
    for (const text of [run.investor, run.author1.workplace, run.author1.position, run.author2.name, run.adopter.task, run.fileName]) {
      await expectText(detail, text);
    }
    // Sections are rendered markup; raw HTML in them reads as the characters typed, so a broken
    // tag such as `<img … onerror=…//` swallows nothing after it.
    await expectText(detail, `Bổ sung sau yêu cầu ${run.tag}`);

    // The author's page (through the link on the detail) and the unit's.
    await facts.locator('a[href^="/tac-gia?ten="]').first().click();
    await expectValue(page.locator("#ten"), run.profileName);
    await expectText(page.locator(".result-count"), run.profileName);
    await expectText(page.locator(`table a[href="/sang-kien/${run.a}"]`), run.titleFinal, "is");
    await watch.check("the author's page");
    await watch.visit(`/sang-kien/${run.a}`);
    await page.locator('article.detail .facts a[href^="/don-vi/"]').first().click();
    await expectText(page.locator(`.cards a[href="/sang-kien/${run.a}"]`), run.titleFinal, "is");
    await watch.check("the unit's page");

    for (const path of ["/", "/thong-ke", "/du-lieu-mo", "/tac-gia", "/tim-kiem"]) await watch.visit(path);

    // What is typed into an address comes back as text too (the search keeps 200 characters).
    await watch.visit(`/tim-kiem?q=${encodeURIComponent(run.reflected)}`);
    await expect(page.locator("#q")).toHaveValue(new RegExp(`^${literal(run.tag)} `));
    await watch.visit(`/tac-gia?ten=${encodeURIComponent(run.reflected)}`);
    await expectValue(page.locator("#ten"), run.reflected);
    await watch.visit(`/don-vi/${encodeURIComponent(run.reflected)}`, 404);
    await watch.visit(`/sang-kien/${encodeURIComponent(run.reflected)}`, 404);

    if (run.js) {
      // Suggestions while typing: titles written into a list by the island.
      await watch.visit("/");
      await page.waitForLoadState("networkidle");
      const input = page.getByRole("combobox", { name: "Tìm sáng kiến" });
      await input.pressSequentially(`kiem thu xss ${run.tag.split("-")[0]} ${run.stamp.slice(0, -1)}`, { delay: 20 });
      const option = page.getByRole("listbox", { name: "Gợi ý sáng kiến" }).getByRole("option").filter({ hasText: run.stamp });
      await expectText(option.first(), run.titleFinal);
      await watch.check("the search box's suggestions");
    }

    // The filer's own pages once the entry is recognised.
    await signIn(page, run.filer);
    await watch.visit(`/ho-so/${run.a}`);
    await expectText(page.locator("article.detail h1"), run.titleFinal, "is");
    await expectText(page.locator(".timeline"), run.correction);
    await watch.visit("/cua-toi");
    await watch.visit("/thong-bao");
    await expectText(page.locator(".notifications"), run.titleFinal);
    await signOut(page);

    // The administrator's list of accounts and mails, after signing in with a hostile `next`
    // (which must not take the browser anywhere but this site).
    await watch.visit(`/dang-nhap?next=${encodeURIComponent(`javascript:xss('next')//"><svg data-xss onload=xss('next')>`)}`);
    const origin = new URL(page.url()).origin;
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Mật khẩu").fill(admin.password);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(origin);
    await watch.check("after signing in with a hostile next");
    await watch.visit("/quan-tri");
    await expectText(page.locator("main"), run.profileName);
  });

  test("the feed, the downloads and the API carry the corpus escaped", async ({ page, request }, info) => {
    const watch = await Watch.on(page, info);
    await watch.visit("/du-lieu-mo");
    const words = encodeURIComponent(`kiem thu xss ${run.tag}`);

    // Atom: well-formed XML whose text is what was typed, and no markup of the payloads in it.
    const feed = await request.get(`/feeds/initiatives.atom?q=${words}`);
    expectServedAs(feed, "application/atom+xml");
    const xml = await feed.text();
    expect(xml).not.toMatch(RAW_MARKUP);
    const parsed = await page.evaluate((text) => {
      const ns = "http://www.w3.org/2005/Atom";
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const first = (e: Element, name: string) => e.getElementsByTagNameNS(ns, name)[0]?.textContent ?? "";
      return {
        error: doc.getElementsByTagName("parsererror")[0]?.textContent ?? null,
        entries: Array.from(doc.getElementsByTagNameNS(ns, "entry")).map((e) => ({
          title: first(e, "title"),
          summary: first(e, "summary"),
          authors: Array.from(e.getElementsByTagNameNS(ns, "name")).map((n) => n.textContent ?? ""),
        })),
      };
    }, xml);
    expect(parsed.error).toBeNull();
    const entry = parsed.entries.find((e) => shown(e.title) === shown(run.titleFinal));
    expect(entry, "the entry in the feed, its title as typed").toBeTruthy();
    expect(shown(entry!.summary)).toBe(shown(run.summary));
    expect(entry!.authors.map(shown)).toEqual([shown(run.profileName), shown(run.author2.name)]);

    // JSON (open data and the API): the text as typed, served as JSON; the HTML it offers is
    // sanitised (the light markup of the sections only, links to http(s) and mailto only).
    const everything = await request.get("/open-data/initiatives.json");
    expectServedAs(everything, "application/json");
    const item = (await everything.json()).find((x: { id: number }) => String(x.id) === run.a);
    expect(item, "the entry in the open data").toBeTruthy();
    expect(shown(item.title)).toBe(shown(run.titleFinal));
    expect(shown(item.summary)).toBe(shown(run.summary));
    const allowed = ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"];
    expect(await page.evaluate(sanitisedProblems, { html: item.description_html, allowed })).toEqual([]);
    expect(await page.evaluate(scanDom, item.description_html)).toEqual([]);
    const one = await request.get(`/api/v1/initiatives/${run.a}`);
    expectServedAs(one, "application/json");
    const body = await one.json();
    expect(shown(body.title)).toBe(shown(run.titleFinal));
    expect(shown(body.scorecard.comment)).toBe(shown(run.decisionComment));
    expectAmong(strings(body), [run.profileName, run.author2.name]);
    const list = await request.get(`/api/v1/initiatives?q=${words}`);
    expectServedAs(list, "application/json");
    const hit = (await list.json()).items.find((x: { id: number }) => String(x.id) === run.a);
    expect(hit, "the entry found through the API").toBeTruthy();
    if (hit.snippet) {
      expect(await page.evaluate(sanitisedProblems, { html: hit.snippet, allowed: ["mark"] })).toEqual([]);
    }
    expectServedAs(await request.get(`/api/v1/suggest?q=${words}`), "application/json");

    // CSV: a download, the title one quoted field.
    const csv = await request.get("/open-data/initiatives.csv");
    expectServedAs(csv, "text/csv");
    expect(csv.headers()["content-disposition"]).toContain("attachment");
    expect(await csv.text()).toContain(csvField(run.titleFinal));
  });
});
