import { APIResponse, expect, Locator, Page, test, TestInfo } from "@playwright/test";
import { unique } from "./helpers";

// The harness of `xss.spec.ts`: the payloads, the texts one project's run types, the watch that
// looks for anything a payload would do or make, and small assertions on what comes back.

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
export interface Run {
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

export function newRun(info: TestInfo): Run {
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
export function scanDom(html?: string): string[] {
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
export function sanitisedProblems(arg: { html: string; allowed: string[] }): string[] {
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

export class Watch {
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
export function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v as Record<string, unknown>).flatMap(strings);
  return [];
}

/** Invisible direction and format marks (a portal may well drop them: the test does not mind). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Text as a reader sees it: without invisible marks, whitespace collapsed (as `toHaveText` does). */
export function shown(s: string): string {
  return s.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** The element shows `text` (`is`: exactly that; `has`: among its text), as text. */
export async function expectText(loc: Locator, text: string, how: "is" | "has" = "has") {
  const read = async () => shown((await loc.textContent({ timeout: 1000 }).catch(() => null)) ?? "");
  const message = `${loc} ${how === "is" ? "shows exactly" : "shows"} the typed text`;
  if (how === "is") await expect.poll(read, { message }).toBe(shown(text));
  else await expect.poll(read, { message }).toContain(shown(text));
}

/** A form field holds `value` again, as typed. */
export async function expectValue(loc: Locator, value: string) {
  const read = async () => shown(await loc.inputValue({ timeout: 1000 }).catch(() => "(no such field)"));
  await expect.poll(read, { message: `${loc} holds the typed value` }).toBe(shown(value));
}

/** Every expected text is among `got` (compared as shown). */
export function expectAmong(got: string[], expected: string[]) {
  const seen = got.map(shown);
  for (const e of expected) expect(seen, "a typed text comes back as is").toContain(shown(e));
}

/** A regular expression matching `s` literally. */
export function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The CSV field the portal writes for a text (quoted, quotes doubled, formulas neutralised). */
export function csvField(s: string): string {
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A download or data answer is never read as a page: its type, and no sniffing. */
export function expectServedAs(res: APIResponse, type: string) {
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain(type);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
}

/** Raw markup a feed must never contain (its own elements are Atom's). */
export const RAW_MARKUP = /<\s*(script|svg|img|iframe|style|details|input|math|meta|base|noscript|textarea|a\s)/i;
