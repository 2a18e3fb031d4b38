import { APIResponse, expect, Locator, Page, test, TestInfo } from "@playwright/test";
import { assignReviewer, demo, fileApplication, fillApplication, mailedLink, person, section, signIn, signOut, unique } from "./helpers";

// An XSS corpus typed into every text field a person can fill, then every page that shows those
// texts is opened: nothing may execute and nothing may become markup. Runs with JavaScript (a
// payload that ran would call `xss()`, open a dialog, throw, or be blocked by the CSP: all four are
// watched) and without (the HTML the server sends must already be inert: no element, attribute,
// script or link made from what was typed). The data entry is done once per project, in order:
// account, application (and a second one that gets refused), corrections, screening, scoring, the
// chair's explanation, the vote, the decision, the announcement; then the public pages and the
// open data.

// ---------------------------------------------------------------------------------------------
// The corpus. Each payload calls `xss('<field>.<kind>')` (or `alert`) when it runs; elements it
// would create carry `data-xss`, so a payload that became markup is found even where the CSP stops
// it from running, and even without JavaScript.

type Payload = (id: string) => string;

const corpus: Record<string, Payload> = {
  script: (id) => `<script>xss('${id}')</script>`,
  imgAttr: (id) => `"><img data-xss src=x onerror="xss('${id}')">`,
  imgSingle: (id) => `'><img data-xss src=x onerror=xss('${id}')>`,
  alert: (id) => `<svg data-xss onload=alert('${id}')>`,
  svg: (id) => `<svg data-xss onload="xss('${id}')">`,
  svgScript: (id) => `<svg data-xss><script>xss('${id}')</script></svg>`,
  jsUrl: (id) => `javascript:xss('${id}')`,
  dataUrl: (id) => `data:text/html,<script>xss('${id}')</script>`,
  anchor: (id) => `<a data-xss href="javascript:xss('${id}')">bấm</a>`,
  titleClose: (id) => `</title><script>xss('${id}')</script>`,
  scriptClose: (id) => `</script><script>xss('${id}')</script>`,
  scriptComment: (id) => `<!--<script>xss('${id}')</script>-->`,
  textareaClose: (id) => `</textarea><script>xss('${id}')</script>`,
  brokenImg: (id) => `<img data-xss src=x onerror=xss('${id}')//`,
  iframe: (id) => `<iframe data-xss srcdoc="<script>parent.xss('${id}')</script>"></iframe>`,
  details: (id) => `<details data-xss open ontoggle="xss('${id}')">`,
  autofocus: (id) => `<input data-xss autofocus onfocus="xss('${id}')">`,
  mxss: (id) => `<math><mtext><table><mglyph><style><img data-xss src=x onerror="xss('${id}')">`,
  noscript: (id) => `<noscript><p title="</noscript><img data-xss src=x onerror=xss('${id}')>">`,
  comment: (id) => `--><img data-xss src=x onerror="xss('${id}')"><!--`,
  cdata: (id) => `]]><script>xss('${id}')</script><![CDATA[`,
  meta: (id) => `<meta http-equiv="refresh" content="0;url=javascript:xss('${id}')">`,
  base: () => `<base href="http://evil.invalid/">`,
  style: () => `<style>@import 'http://evil.invalid/xss.css';</style>`,
  entity: (id) => `&lt;img data-xss src=x onerror=xss('${id}')&gt; &#60;script&#62;xss('${id}')&#60;/script&#62;`,
  bidi: () => "\u202Egnp.exe\u202C \u2066xss\u2069 \u200Fabc\u200E",
  template: () => "{{7*7}} ${7*7} #{7*7} <%= 7*7 %>",
  separators: () => "dòng\u2028mới\u2029đoạn",
};

// Links and raw HTML in the small markup of the long sections (rendered to HTML on the server).
const markdown: Record<string, Payload> = {
  mdJs: (id) => `[bấm vào đây](javascript:xss('${id}'))`,
  mdJsEntity: (id) => `[bấm](&#106;avascript:xss('${id}'))`,
  mdJsSpaced: (id) => `[bấm](java\tscript:xss('${id}'))`,
  mdData: () => `[dữ liệu](data:text/html;base64,PHNjcmlwdD54c3MoMSk8L3NjcmlwdD4=)`,
  mdVb: (id) => `[vb](vbscript:xss('${id}'))`,
  mdAttr: (id) => `[liên kết](https://sonla.gov.vn/" onmouseover="xss('${id}'))`,
  mdImage: (id) => `![ảnh](x" onerror="xss('${id}'))`,
  mdAutolink: (id) => `<javascript:xss('${id}')>`,
  mdRef: (id) => `[tham chiếu][r]\n\n[r]: javascript:xss('${id}')`,
  mdHtmlBlock: (id) => `<div data-xss onmouseover="xss('${id}')">khối</div>`,
  mdInlineHtml: (id) => `Chữ <b data-xss onclick="xss('${id}')">đậm</b> và <a href="javascript:xss('${id}')">liên kết</a>.`,
};

/** The payloads of `kinds`, each labelled with `field`, side by side. */
function some(field: string, ...kinds: string[]): string {
  return kinds.map((k) => corpus[k](`${field}.${k}`)).join(" ");
}

/** The whole corpus, labelled with `field`. */
function all(field: string, sep = "\n"): string {
  return Object.keys(corpus)
    .map((k) => corpus[k](`${field}.${k}`))
    .join(sep);
}

/** The whole corpus and the markup payloads, one paragraph each (a long section's text). */
function allMarkup(field: string): string {
  const md = Object.keys(markdown).map((k) => markdown[k](`${field}.${k}`));
  return [all(field, "\n\n"), ...md].join("\n\n");
}

/** A value for a field that takes at most `max` characters (the form's `maxlength` would cut it). */
function fit(value: string, max: number, what: string): string {
  if ([...value].length > max) throw new Error(`${what}: ${[...value].length} characters, at most ${max}`);
  return value;
}

const sections = [
  ["field_problem", "Lĩnh vực áp dụng và vấn đề cần giải quyết"],
  ["known_solution", "Giải pháp đã biết và nhược điểm"],
  ["description", "Nội dung giải pháp mới"],
  ["applicability", "Khả năng áp dụng, nhân rộng"],
  ["benefits_author", "Hiệu quả, lợi ích theo ý kiến tác giả"],
  ["benefits_adopters", "Hiệu quả, lợi ích theo ý kiến người áp dụng thử"],
  ["conditions", "Điều kiện cần thiết để áp dụng"],
] as const;

/** Everything typed in one project's run, and the ids it produced. */
interface Run {
  js: boolean;
  tag: string;
  stamp: string;
  filer: { email: string; password: string };
  regName: string;
  profileName: string;
  profilePosition: string;
  profileQualification: string;
  titleA: string;
  titleFinal: string;
  titleB: string;
  summary: string;
  summaryB: string;
  investor: string;
  author1: { workplace: string; position: string; qualification: string };
  author2: { name: string; workplace: string; position: string; qualification: string; email: string };
  adopter: { name: string; workplace: string; position: string; qualification: string; task: string };
  sectionTexts: [string, string][];
  fileName: string;
  fixLine: string;
  correction: string;
  refusal: string;
  reviewer1: string[];
  reviewer2: string[];
  conflictReason: string;
  resolution: string;
  award: string;
  decisionNo: string;
  decisionComment: string;
  reflected: string;
  a: string;
  b: string;
  campaign: string;
}

function newRun(info: TestInfo): Run {
  const tag = unique(info);
  const stamp = tag.slice(tag.indexOf("-") + 1);
  const sectionTexts: [string, string][] = sections.map(([code, label]) => [
    label,
    `Phần “${label}” – kiểm thử XSS ${tag}.\n\n${allMarkup(code)}`,
  ]);
  return {
    js: info.project.name === "js",
    tag,
    stamp,
    // A password no strength rule refuses (nothing of the address or of a common word in it).
    filer: { email: `xss-${tag}@son-la.vn`, password: "Tq7#vLm2-Pha-Din-9-khuc" },
    // Names: at most 120 characters. The registration mail carries the name: no "http" in it.
    regName: fit(`Lò Thị Đăng Ký ${some("reg", "imgAttr", "titleClose")}`, 120, "registration name"),
    profileName: fit(`Hà Văn Hồ Sơ ${some("pn", "scriptClose", "imgAttr")}`, 120, "profile name"),
    profilePosition: fit(some("pp", "imgAttr", "svgScript", "textareaClose", "details"), 300, "profile position"),
    profileQualification: fit(some("pq", "titleClose", "mxss", "bidi", "template"), 300, "profile qualification"),
    titleA: fit(`Kiểm thử XSS ${tag} ${some("ta", "titleClose", "scriptClose", "imgAttr", "cdata")} {{7*7}}`, 300, "title"),
    titleFinal: fit(`Kiểm thử XSS ${tag} đã sửa ${some("tf", "titleClose", "scriptClose", "imgAttr", "svg")} {{7*7}}`, 300, "title"),
    titleB: fit(`Kiểm thử XSS ${tag} hồ sơ B ${some("tb", "textareaClose", "svgScript", "imgSingle")}`, 300, "title B"),
    summary: fit(
      `Tóm tắt kiểm thử XSS ${tag}: ${some("su", "script", "imgAttr", "scriptClose", "titleClose", "textareaClose", "cdata", "scriptComment", "iframe", "entity", "alert", "bidi", "template", "separators")}`,
      1000,
      "summary",
    ),
    summaryB: fit(`Tóm tắt hồ sơ B kiểm thử XSS ${tag}: ${some("sb", "svg", "meta", "base")}`, 1000, "summary B"),
    investor: fit(`${corpus.jsUrl("inv.jsUrl")} ${some("inv", "dataUrl", "anchor")}`, 300, "investor"),
    author1: {
      workplace: fit(`UBND xã Mường Lèo ${some("w1", "imgSingle", "svgScript", "brokenImg")}`, 300, "workplace 1"),
      position: fit(some("p1", "details", "autofocus", "alert"), 300, "position 1"),
      qualification: fit(some("q1", "mxss", "noscript"), 300, "qualification 1"),
    },
    author2: {
      name: fit(`Vàng A ${some("n2", "titleClose")} ${corpus.bidi("")}`, 120, "author 2"),
      workplace: fit(some("w2", "iframe", "comment"), 300, "workplace 2"),
      position: fit(some("p2", "meta", "base"), 300, "position 2"),
      qualification: fit(some("q2", "style", "entity"), 300, "qualification 2"),
      // No whitespace and one @: a valid address to the form's parser.
      email: `co"><svg/data-xss/onload=xss('email')>@xss.vn`,
    },
    adopter: {
      name: fit(`Lường Văn ${some("an", "comment")}`, 120, "adopter name"),
      workplace: fit(some("aw", "iframe", "imgAttr"), 300, "adopter workplace"),
      position: fit(some("ap", "svg", "jsUrl"), 300, "adopter position"),
      qualification: fit(some("aq", "scriptComment", "cdata"), 300, "adopter qualification"),
      task: fit(some("at", "entity", "template", "textareaClose"), 300, "adopter task"),
    },
    sectionTexts,
    // The portal keeps a file's name but drops path parts, quotes, backslashes and semicolons.
    fileName: fit(`Sơ đồ '><img data-xss src=x onerror=xss('file')> <svg data-xss onload=xss('file')> {{7*7}} \u202Egnp.exe.pdf`, 150, "file name"),
    fixLine: `Bổ sung sau yêu cầu ${tag}: ${some("fx", "script", "imgAttr", "svg")}`,
    correction: `Đề nghị bổ sung ${tag}:\n${all("cr")}`,
    refusal: `Không tiếp nhận ${tag}: ${all("rf", " ")}`,
    reviewer1: [
      `Nhận xét 1 ${tag}:\n${all("r1a")}`,
      `Nhận xét 2: ${some("r1b", "imgAttr", "titleClose", "scriptClose")}`,
      `Nhận xét 3: ${some("r1c", "textareaClose", "svg", "bidi")}`,
    ],
    reviewer2: [
      `Tính mới chỉ ở mức cải tiến nhỏ ${tag}:\n${all("r2a")}`,
      `Nhận xét 2: ${some("r2b", "iframe", "details", "alert")}`,
      `Nhận xét 3: ${some("r2c", "mxss", "noscript", "template")}`,
    ],
    conflictReason: `Xung đột lợi ích ${tag}:\n${all("cf")}`,
    resolution: `Giải trình ${tag}:\n${all("rs")}`,
    award: fit(`Bằng khen ${some("aw2", "imgAttr", "titleClose", "svg")}`, 300, "award"),
    decisionNo: fit(`99/QĐ-UBND ${some("dn", "imgAttr")}`, 100, "decision number"),
    decisionComment: `Nhận xét chung ${tag}:\n${all("dc")}`,
    reflected: `${tag} ${some("rq", "imgAttr", "svg", "textareaClose", "titleClose")}`,
    a: "",
    b: "",
    campaign: "",
  };
}

// ---------------------------------------------------------------------------------------------
// The watch: events while pages are open, and a look at each page once it has loaded.

/** CSP directives whose violation means a script, a frame or an object was injected. */
const BLOCKED_INJECTION = /^(script-src|object-src|frame-src|child-src|default-src|base-uri|form-action|trusted-types|require-trusted-types-for)/;
/** Console lines that only a payload produces (CSP refusals of inline code, the payloads' own names). */
const SUSPICIOUS_CONSOLE = /xss|evil\.invalid|Refused to (execute|evaluate|frame|load the script)/i;
/** Console lines about a failed load (an injected `src=x` is caught as a request instead). */
const LOAD_FAILURE = /^Failed to load resource/;
/** Page errors that have nothing to do with a payload (a fetch cut short by leaving the page). */
const UNRELATED_ERROR = /Failed to fetch|NetworkError|aborted|Load failed/i;

/**
 * Everything in a document that a payload would have made: elements carrying `data-xss`, event
 * handlers that call the sinks, script URLs, scripts whose text is a payload's, injected styles,
 * frames, objects, `<base>` and `<meta http-equiv>` (the portal uses none of them). Runs in the
 * browser; with `html`, on that HTML parsed into a separate, inert document.
 */
function scanDom(html?: string): string[] {
  const doc = html === undefined ? document : new DOMParser().parseFromString(html, "text/html");
  const out: string[] = [];
  const show = (el: Element) => el.outerHTML.replace(/\s+/g, " ").slice(0, 200);
  for (const el of Array.from(doc.querySelectorAll("[data-xss]"))) {
    out.push(`injected element <${el.tagName.toLowerCase()}>: ${show(el)}`);
  }
  for (const el of Array.from(doc.querySelectorAll("*"))) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on") && /xss|alert/i.test(a.value)) out.push(`event handler ${name}: ${show(el)}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"].includes(name)) {
        const url = a.value.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
        if (/^(javascript|vbscript|livescript):/.test(url) || url.startsWith("data:text/html") || url.startsWith("data:image/svg")) {
          out.push(`script URL in ${name}: ${show(el)}`);
        }
      }
      if (name === "srcdoc") out.push(`srcdoc: ${show(el)}`);
    }
  }
  for (const s of Array.from(doc.querySelectorAll("script"))) {
    const type = (s.getAttribute("type") ?? "").trim().toLowerCase();
    const runs = type === "" || type === "module" || /(java|ecma)script/.test(type);
    if (runs && /^\s*(parent\.|window\.|top\.)?(xss|alert)\s*\(/.test(s.textContent ?? "")) {
      out.push(`injected script: ${show(s)}`);
    }
  }
  for (const s of Array.from(doc.querySelectorAll("style"))) {
    if (/evil\.invalid|xss/i.test(s.textContent ?? "")) out.push(`injected style: ${show(s)}`);
  }
  for (const el of Array.from(doc.querySelectorAll("iframe, frame, object, embed, base, meta[http-equiv]"))) {
    out.push(`injected <${el.tagName.toLowerCase()}>: ${show(el)}`);
  }
  return out;
}

/** Tags of sanitised HTML outside `allowed`, and links to anything but http(s) and mailto. Browser. */
function sanitisedProblems(arg: { html: string; allowed: string[] }): string[] {
  const doc = new DOMParser().parseFromString(`<body>${arg.html}</body>`, "text/html");
  const out: string[] = [];
  for (const el of Array.from(doc.body.querySelectorAll("*"))) {
    const tag = el.tagName.toLowerCase();
    if (!arg.allowed.includes(tag)) out.push(`tag <${tag}>: ${el.outerHTML.slice(0, 160)}`);
    for (const a of Array.from(el.attributes)) {
      const ok = (tag === "a" && (a.name === "href" || a.name === "rel")) || (tag === "ol" && a.name === "start");
      if (!ok) out.push(`attribute ${a.name} on <${tag}>`);
    }
    const href = el.getAttribute("href");
    if (href !== null && !/^(https?:|mailto:)/i.test(href)) out.push(`link to ${href}`);
  }
  return out;
}

class Watch {
  private readonly problems: string[] = [];
  private readonly reported = new Set<string>();
  readonly page: Page;
  readonly js: boolean;

  private constructor(page: Page, js: boolean) {
    this.page = page;
    this.js = js;
  }

  /** Starts watching a page: sinks, CSP reports, dialogs, console, errors, requests. */
  static async on(page: Page, info: TestInfo): Promise<Watch> {
    const w = new Watch(page, info.project.name === "js");
    // Without JavaScript init scripts do not run (nor do payloads): the document checks remain.
    await page.addInitScript(() => {
      const win = window as unknown as Record<string, unknown>;
      win.xss = (id: unknown) => {
        const ran = (win.__xss as string[] | undefined) ?? [];
        ran.push(String(id));
        win.__xss = ran;
      };
      win.__csp = [];
      document.addEventListener(
        "securitypolicyviolation",
        (e) => {
          (win.__csp as unknown[]).push({
            directive: e.effectiveDirective || e.violatedDirective,
            blocked: e.blockedURI,
            sample: e.sample,
            source: `${e.sourceFile}:${e.lineNumber}`,
          });
        },
        true,
      );
    });
    page.on("dialog", (d) => {
      w.problems.push(`dialog (${d.type()}) "${d.message()}" on ${page.url()}`);
      d.dismiss().catch(() => {});
    });
    page.on("console", (m) => {
      if (SUSPICIOUS_CONSOLE.test(m.text()) && !LOAD_FAILURE.test(m.text())) w.problems.push(`console ${m.type()}: ${m.text().slice(0, 300)} on ${page.url()}`);
    });
    page.on("pageerror", (e) => {
      if (!UNRELATED_ERROR.test(e.message)) w.problems.push(`page error: ${e.message.slice(0, 300)} on ${page.url()}`);
    });
    page.on("request", (r) => {
      let u: URL;
      try {
        u = new URL(r.url());
      } catch {
        return;
      }
      // `src=x` of an injected image, or anything bound for the payloads' host.
      if (u.hostname.endsWith("evil.invalid") || /\/x$/.test(u.pathname)) w.problems.push(`request to ${r.url()} from ${page.url()}`);
    });
    return w;
  }

  /** What the watch has seen since the last call, and what the current document holds. */
  async findings(): Promise<string[]> {
    await this.page.waitForLoadState("load");
    const found = this.problems.splice(0);
    found.push(...(await this.page.evaluate(scanDom)));
    const state = await this.page.evaluate(() => {
      const win = window as unknown as Record<string, unknown>;
      return { xss: (win.__xss as string[] | undefined) ?? null, csp: (win.__csp as Record<string, string>[] | undefined) ?? [] };
    });
    if (state.xss) found.push(`payload ran: xss(${state.xss.join(", ")})`);
    for (const v of state.csp) {
      const line = `CSP refused ${v.directive} (${v.blocked}) ${v.sample ?? ""} at ${v.source}`;
      if (BLOCKED_INJECTION.test(v.directive)) found.push(line);
      else if (!this.reported.has(line)) {
        // Not a sign of injection by itself (e.g. a style); kept in the report.
        this.reported.add(line);
        test.info().annotations.push({ type: "csp", description: `${this.page.url()}: ${line}` });
      }
    }
    return found;
  }

  /** The page as it is now shows everything typed as inert text. */
  async check(where: string) {
    expect(await this.findings(), `${where} (${this.page.url()})`).toEqual([]);
  }

  /** Opens a page and checks it. */
  async visit(path: string, status = 200): Promise<void> {
    const res = await this.page.goto(path);
    expect(res?.status(), path).toBe(status);
    await this.check(path);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** Every string inside a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v as Record<string, unknown>).flatMap(strings);
  return [];
}

/** Invisible direction and format marks (a portal may well drop them: the test does not mind). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Text as a reader sees it: without invisible marks, whitespace collapsed (as `toHaveText` does). */
function shown(s: string): string {
  return s.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** The element shows `text` (`is`: exactly that; `has`: among its text), as text. */
async function expectText(loc: Locator, text: string, how: "is" | "has" = "has") {
  const read = async () => shown((await loc.textContent({ timeout: 1000 }).catch(() => null)) ?? "");
  const message = `${loc} ${how === "is" ? "shows exactly" : "shows"} the typed text`;
  if (how === "is") await expect.poll(read, { message }).toBe(shown(text));
  else await expect.poll(read, { message }).toContain(shown(text));
}

/** A form field holds `value` again, as typed. */
async function expectValue(loc: Locator, value: string) {
  const read = async () => shown(await loc.inputValue({ timeout: 1000 }).catch(() => "(no such field)"));
  await expect.poll(read, { message: `${loc} holds the typed value` }).toBe(shown(value));
}

/** Every expected text is among `got` (compared as shown). */
function expectAmong(got: string[], expected: string[]) {
  const seen = got.map(shown);
  for (const e of expected) expect(seen, "a typed text comes back as is").toContain(shown(e));
}

/** A regular expression matching `s` literally. */
function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The CSV field the portal writes for a text (quoted, quotes doubled, formulas neutralised). */
function csvField(s: string): string {
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A download or data answer is never read as a page: its type, and no sniffing. */
function expectServedAs(res: APIResponse, type: string) {
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain(type);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
}

/** Raw markup a feed must never contain (its own elements are Atom's). */
const RAW_MARKUP = /<\s*(script|svg|img|iframe|style|details|input|math|meta|base|noscript|textarea|a\s)/i;

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
