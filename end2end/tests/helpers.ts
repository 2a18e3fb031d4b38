import { expect, Locator, Page, TestInfo } from "@playwright/test";

export const demo = {
  secretary: { email: "thuky@sangkien.local", password: "SonLa-ThuKy-2026" },
  reviewer: { email: "giamkhao1@sangkien.local", password: "SonLa-GiamKhao1-2026" },
  author: { email: "tacgia@sangkien.local", password: "SonLa-TacGia-2026" },
  reviewer2: { email: "giamkhao2@sangkien.local", password: "SonLa-GiamKhao2-2026" },
  chair: { email: "chutich@sangkien.local", password: "SonLa-ChuTich-2026" },
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

export interface AuthorRow {
  name: string;
  share: string;
  workplace?: string;
}

/** A date `days` ago as a date input takes it (yyyy-mm-dd). */
export function isoDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** The card of one person in a table of people ("Tác giả 2", "Người tham gia áp dụng 1"). */
export function person(page: Page, legend: string) {
  return page.getByRole("group", { name: legend, exact: true });
}

/** Fills every required field of the application form (JavaScript or not, the same labels). */
/** A long section's text box (its formatting toolbar carries the section's name too). */
export function section(page: Page, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByRole("textbox", { name: new RegExp(`^${escaped}( \\*)?$`) });
}

export async function fillApplication(
  page: Page,
  o: { title: string; authors: AuthorRow[]; unit?: string; summary?: string },
) {
  await page.getByLabel("Tên sáng kiến").fill(o.title);
  await page.getByLabel("Tóm tắt").fill(o.summary ?? "Người dân tra cứu và xác nhận thông tin ngay tại bản, không phải xuống xã.");
  await page.getByLabel("Loại giải pháp").selectOption("tac_nghiep");
  await page.getByLabel("Trụ cột").selectOption("chinh_quyen_so");
  await page.getByLabel(/^Lĩnh vực( \*)?$/).selectOption("hanh_chinh_cong");
  await page.getByLabel(/^Đơn vị( \*)?$/).selectOption({ label: o.unit ?? "Xã Mường Lèo" });
  await page.getByLabel("Nội dung phong trào").selectOption("chinh_quyen_so");
  await page.getByRole("radio", { name: "Không" }).check();
  await page.getByLabel("Ngày áp dụng lần đầu hoặc áp dụng thử").fill(isoDaysAgo(45));
  const sections: [string, string][] = [
    ["Lĩnh vực áp dụng và vấn đề cần giải quyết", "Hành chính công cấp xã: người dân phải đi lại nhiều lần để xác nhận giấy tờ."],
    ["Giải pháp đã biết và nhược điểm", "Xác nhận giấy tại trụ sở xã, mất nhiều ngày đi lại cho người dân bản xa."],
    ["Nội dung giải pháp mới", "Tra cứu và xác nhận **điện tử** tại nhà văn hóa bản:\n\n- có tổ công nghệ số hỗ trợ\n- không phải xuống xã"],
    ["Khả năng áp dụng, nhân rộng", "Áp dụng được cho mọi xã vùng cao có sóng di động và tổ công nghệ số."],
    ["Hiệu quả, lợi ích theo ý kiến tác giả", "Giảm ba ngày đi lại cho mỗi hồ sơ; người dân hài lòng hơn."],
    ["Điều kiện cần thiết để áp dụng", "Điện thoại thông minh, tài khoản định danh điện tử mức 2."],
  ];
  for (const [label, text] of sections) await section(page, label).fill(text);
  for (const [i, a] of o.authors.entries()) {
    const card = person(page, `Tác giả ${i + 1}`);
    await card.getByLabel("Họ và tên").fill(a.name);
    await card.getByLabel("Nơi công tác").fill(a.workplace ?? "UBND xã Mường Lèo");
    await card.getByLabel("Tỷ lệ đóng góp (%)").fill(a.share);
  }
  await page.getByLabel("Tôi cam đoan").check();
  await page.getByLabel("Tôi đồng ý với việc xử lý dữ liệu cá nhân trong hồ sơ này").check();
}

/** Decodes the body of a single-part .eml file (base64, quoted-printable or plain). */
function emlText(raw: string): string {
  const split = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
  const head = raw.slice(0, split);
  const body = raw.slice(split).trim();
  if (/Content-Transfer-Encoding:\s*base64/i.test(head)) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/**
 * The link of the newest mail the portal wrote to `to` whose link path starts with `path`
 * (the development transport writes .eml files under `<data dir>/mail/`; the mail worker runs every
 * couple of seconds, so this waits for it).
 */
export async function mailedLink(to: string, pathPrefix: string): Promise<string> {
  const fs = await import("fs");
  const pathMod = await import("path");
  const dir = pathMod.join(process.env.E2E_DATA_DIR!, "mail");
  for (let i = 0; i < 40; i++) {
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".eml")).sort().reverse() : [];
    for (const n of names) {
      const raw = fs.readFileSync(pathMod.join(dir, n), "utf8");
      if (!raw.includes(`To: ${to}`)) continue;
      const m = emlText(raw).match(new RegExp(`https?://\\S+${pathPrefix.replace(/[?]/g, "\\?")}\\S*`));
      if (m) return new URL(m[0]).pathname + new URL(m[0]).search;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail to ${to} with a link to ${pathPrefix}`);
}

/**
 * Assigns a reviewer on an entry's panel: each is offered with their unit and how many sheets they
 * still owe ("Trần Văn Khảo – … – đang chấm 0 hồ sơ"); the page confirms.
 */
export async function assignReviewer(page: Page, name: string) {
  // Each reviewer is a box to tick, labelled "name – unit – đang chấm N hồ sơ".
  await page.getByRole("checkbox", { name: new RegExp(`^${name} – `) }).check();
  await page.getByRole("button", { name: "Phân công", exact: true }).click();
  await expect(page.getByText("Đã phân công 1 người; người vừa phân công")).toBeVisible();
  await expect(page.locator("table.scores")).toContainText(name);
}

/**
 * Files the application: presses "Nộp hồ sơ"; when the portal first shows the most similar
 * recognised entries (the duplicate warning), or asks about filing without any file, presses it
 * again, as a person who checked would.
 */
export async function fileApplication(page: Page) {
  const press = async () => {
    const before = page.url();
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await page.waitForURL((u) => u.href !== before && /bien-nhan=1|tuong-tu=1|khong-tep=1/.test(u.href));
  };
  await press();
  for (let asked = 0; asked < 3; asked++) {
    if (page.url().includes("bien-nhan=1")) break;
    if (page.url().includes("khong-tep=1")) {
      await expect(page.getByText("Hồ sơ chưa có tệp đính kèm nào.")).toBeVisible();
    } else {
      await expect(page.getByRole("heading", { name: "Sáng kiến tương tự đã được công nhận" })).toBeVisible();
    }
    await press();
  }
  await expect(page.getByRole("heading", { name: "Biên nhận hồ sơ sáng kiến" })).toBeVisible();
}
