//! Every address of the portal, named once. The page routes (`app`'s `<Route>` list) are built from
//! the segments in [`seg`]; links, redirects and the links mail carries are built by the functions
//! here; the server's own routes (files, feeds, open data, the read API, health) are the constants at
//! the end. A server function's address is its own `endpoint` (`app::paths::api::<F>()`).
//!
//! Addresses are an interface (bookmarks, mail already sent, other systems): change one only with a
//! redirect from the old one.

/// Path segments as the router matches them (no slashes).
pub mod seg {
    pub const SEARCH: &str = "tim-kiem";
    pub const ENTRY: &str = "sang-kien";
    pub const OPEN_DATA: &str = "du-lieu-mo";
    pub const UNIT: &str = "don-vi";
    pub const AUTHOR: &str = "tac-gia";
    pub const STATISTICS: &str = "thong-ke";
    pub const REGISTER: &str = "dang-ky";
    pub const SIGN_IN: &str = "dang-nhap";
    pub const VERIFY_EMAIL: &str = "xac-minh-email";
    pub const FORGOT_PASSWORD: &str = "quen-mat-khau";
    pub const RESET_PASSWORD: &str = "dat-lai-mat-khau";
    pub const ACCOUNT: &str = "tai-khoan";
    pub const NOTIFICATIONS: &str = "thong-bao";
    pub const SUBMIT: &str = "nop-sang-kien";
    pub const MINE: &str = "cua-toi";
    pub const CASE: &str = "ho-so";
    pub const SECRETARY: &str = "thu-ky";
    /// Under [`SECRETARY`]: a campaign's council page.
    pub const CAMPAIGN: &str = "dot";
    /// Under [`SECRETARY`]: one score sheet's history.
    pub const SHEET_HISTORY: &str = "phieu";
    pub const COUNCILS: &str = "hoi-dong";
    pub const SCORING: &str = "cham-diem";
    pub const ADMIN: &str = "quan-tri";
    /// Under [`ADMIN`]: the audit log check.
    pub const AUDIT: &str = "nhat-ky";
    /// Under [`ADMIN`]: one development mail as an `.eml` file.
    pub const MAIL: &str = "thu";
    /// An attachment's download.
    pub const FILE: &str = "tep";
    /// A long export's page (its progress, then its file).
    pub const EXPORT: &str = "xuat";
    /// Under a campaign's council page: its summing-up.
    pub const SUMMING_UP: &str = "tong-ket";
    /// Under a campaign's council page: its dashboard.
    pub const DASHBOARD: &str = "tong-quan";
}

/// The home page.
pub const HOME: &str = "/";

fn page(segment: &str) -> String {
    format!("/{segment}")
}

fn page_of(segment: &str, id: impl std::fmt::Display) -> String {
    format!("/{segment}/{id}")
}

fn sub_page_of(segment: &str, sub: &str, id: impl std::fmt::Display) -> String {
    format!("/{segment}/{sub}/{id}")
}

/// Percent-encodes a query value: everything but unreserved characters (`A–Z a–z 0–9 - _ . ~`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Like `encode`, with spaces as `+` (shorter, readable addresses of searches).
pub fn encode_query(s: &str) -> String {
    encode(s).replace("%20", "+")
}

/// An address with the non-empty parameters of `pairs` added to its query, in order (`encode_query`).
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode_query(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else if path.contains('?') {
        format!("{path}&{}", query.join("&"))
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

pub fn search() -> String {
    page(seg::SEARCH)
}
/// A recognised entry's public page.
pub fn entry(id: i64) -> String {
    page_of(seg::ENTRY, id)
}
pub fn open_data() -> String {
    page(seg::OPEN_DATA)
}
/// A unit's public page, by its code.
pub fn unit(code: &str) -> String {
    page_of(seg::UNIT, encode(code))
}
/// The authors' search page.
pub fn authors() -> String {
    page(seg::AUTHOR)
}
/// An author's public page, by name.
pub fn author(name: &str) -> String {
    format!("/{}?ten={}", seg::AUTHOR, encode_query(name))
}
pub fn statistics() -> String {
    page(seg::STATISTICS)
}
pub fn register() -> String {
    page(seg::REGISTER)
}
pub fn sign_in() -> String {
    page(seg::SIGN_IN)
}
/// Sign in, then go on to `next` (a path of this site).
pub fn sign_in_then(next: &str) -> String {
    format!("/{}?next={}", seg::SIGN_IN, encode(next))
}
pub fn verify_email() -> String {
    page(seg::VERIFY_EMAIL)
}
/// The verification link mailed to a new address, with its token.
pub fn verify_email_with(token: &str) -> String {
    format!("/{}?ma={}", seg::VERIFY_EMAIL, encode(token))
}
pub fn forgot_password() -> String {
    page(seg::FORGOT_PASSWORD)
}
pub fn reset_password() -> String {
    page(seg::RESET_PASSWORD)
}
/// The reset form, with the mailed token.
pub fn reset_password_with(token: &str) -> String {
    format!("/{}?ma={}", seg::RESET_PASSWORD, encode(token))
}
pub fn account() -> String {
    page(seg::ACCOUNT)
}
pub fn notifications() -> String {
    page(seg::NOTIFICATIONS)
}
/// The application form (a new draft).
pub fn submit() -> String {
    page(seg::SUBMIT)
}
/// The application form with one of the caller's drafts.
pub fn draft(id: i64) -> String {
    format!("/{}?nhap={id}", seg::SUBMIT)
}
pub fn mine() -> String {
    page(seg::MINE)
}
/// The filer's page of one of their entries.
pub fn case(id: i64) -> String {
    page_of(seg::CASE, id)
}
/// The secretary's list.
pub fn secretary() -> String {
    page(seg::SECRETARY)
}
/// Staff's panel of one entry.
pub fn panel(id: i64) -> String {
    page_of(seg::SECRETARY, id)
}
/// A campaign's council page.
pub fn campaign(id: i64) -> String {
    sub_page_of(seg::SECRETARY, seg::CAMPAIGN, id)
}
/// A campaign's dashboard: statuses, reviewers' progress, deadlines, filings per day.
pub fn dashboard(id: i64) -> String {
    format!("{}/{}", campaign(id), seg::DASHBOARD)
}
/// A campaign's summing-up: its figures and its proposals for commendation.
pub fn summing_up(id: i64) -> String {
    format!("{}/{}", campaign(id), seg::SUMMING_UP)
}
/// The history of one score sheet (by its assignment).
pub fn sheet_history(assignment: i64) -> String {
    sub_page_of(seg::SECRETARY, seg::SHEET_HISTORY, assignment)
}
pub fn councils() -> String {
    page(seg::COUNCILS)
}
/// The reviewer's queue.
pub fn queue() -> String {
    page(seg::SCORING)
}
/// The reviewer's score sheet of one entry.
pub fn sheet(entry: i64) -> String {
    page_of(seg::SCORING, entry)
}
/// Administration (roles, secretaries, mail log).
pub fn admin() -> String {
    page(seg::ADMIN)
}
/// The campaigns: open one, copy one, archive one (administrators).
pub fn admin_campaigns() -> String {
    format!("/{}/{}", seg::ADMIN, seg::CAMPAIGN)
}
pub fn audit() -> String {
    format!("/{}/{}", seg::ADMIN, seg::AUDIT)
}
/// A development mail as an `.eml` file.
pub fn mail_file(id: i64) -> String {
    format!("/{}/{}/{id}.eml", seg::ADMIN, seg::MAIL)
}
/// An attachment's download.
pub fn file(id: i64) -> String {
    page_of(seg::FILE, id)
}

// ---- The server's own routes (axum patterns: `{id}` is a parameter) ----

/// Attachment upload (multipart form).
pub const UPLOAD: &str = "/tep-dinh-kem";
/// Attachment download.
pub const FILE_ROUTE: &str = "/tep/{id}";
/// A development mail as `.eml`.
pub const MAIL_FILE_ROUTE: &str = "/quan-tri/thu/{id}";
/// A person's own data as JSON.
pub const MY_DATA: &str = "/tai-khoan/du-lieu.json";
/// A campaign's ranking as CSV.
pub const RANKING_CSV_ROUTE: &str = "/thu-ky/dot/{id}/xep-hang.csv";
/// A finished export's file.
pub const EXPORT_FILE_ROUTE: &str = "/xuat/{id}/tep";
/// A recognised initiative's certificates, one page per co-author (PDF).
pub const CERTIFICATE_ROUTE: &str = "/ho-so/{id}/giay-chung-nhan.pdf";
/// The minutes of the council's vote on an entry (PDF).
pub const VOTE_MINUTES_ROUTE: &str = "/ho-so/{id}/bien-ban-bieu-quyet.pdf";
/// The application form as filed, in its legal layout (PDF).
pub const APPLICATION_FORM_ROUTE: &str = "/ho-so/{id}/don-yeu-cau.pdf";
pub const ATOM: &str = "/feeds/initiatives.atom";
pub const OPEN_DATA_CSV: &str = "/open-data/initiatives.csv";
pub const OPEN_DATA_JSON: &str = "/open-data/initiatives.json";
pub const SITEMAP: &str = "/sitemap.xml";
pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
/// Server functions' prefix (`app`'s `#[server(endpoint = …)]` are under it).
pub const SERVER_FNS: &str = "/api/";
/// The public read API (shared/INTERFACES.md §3).
pub const API_V1: &str = "/api/v1/";
pub const API_INITIATIVES: &str = "/api/v1/initiatives";
pub const API_INITIATIVE_ROUTE: &str = "/api/v1/initiatives/{id}";
pub const API_SUGGEST: &str = "/api/v1/suggest";
pub const API_OPENAPI: &str = "/api/v1/openapi.json";

/// A campaign's ranking as CSV.
pub fn ranking_csv(campaign: i64) -> String {
    RANKING_CSV_ROUTE.replace("{id}", &campaign.to_string())
}
/// A long export's page.
pub fn export(id: i64) -> String {
    page_of(seg::EXPORT, id)
}
/// A finished export's file.
pub fn export_file(id: i64) -> String {
    EXPORT_FILE_ROUTE.replace("{id}", &id.to_string())
}
/// An initiative's certificates (PDF).
pub fn certificate(entry: i64) -> String {
    CERTIFICATE_ROUTE.replace("{id}", &entry.to_string())
}
/// The minutes of the vote on an entry (PDF).
pub fn vote_minutes(entry: i64) -> String {
    VOTE_MINUTES_ROUTE.replace("{id}", &entry.to_string())
}
/// An entry's application form (PDF).
pub fn application_form(entry: i64) -> String {
    APPLICATION_FORM_ROUTE.replace("{id}", &entry.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The addresses people and other systems already hold: they must not move.
    #[test]
    fn links_are_the_addresses_the_portal_has_always_had() {
        assert_eq!(entry(12), "/sang-kien/12");
        assert_eq!(case(7), "/ho-so/7");
        assert_eq!(panel(7), "/thu-ky/7");
        assert_eq!(campaign(3), "/thu-ky/dot/3");
        assert_eq!(sheet_history(5), "/thu-ky/phieu/5");
        assert_eq!(sheet(9), "/cham-diem/9");
        assert_eq!(draft(4), "/nop-sang-kien?nhap=4");
        assert_eq!(file(8), "/tep/8");
        assert_eq!(mail_file(2), "/quan-tri/thu/2.eml");
        assert_eq!(audit(), "/quan-tri/nhat-ky");
        assert_eq!(ranking_csv(3), "/thu-ky/dot/3/xep-hang.csv");
        assert_eq!(verify_email_with("a-b_c"), "/xac-minh-email?ma=a-b_c");
        assert_eq!(reset_password_with("a-b_c"), "/dat-lai-mat-khau?ma=a-b_c");
    }

    #[test]
    fn names_and_next_addresses_are_encoded() {
        assert_eq!(author("Lò Văn A"), "/tac-gia?ten=L%C3%B2+V%C4%83n+A");
        assert_eq!(unit("SO_TTTT"), "/don-vi/SO_TTTT");
        assert_eq!(
            sign_in_then("/ho-so/3?a=1&b=2"),
            "/dang-nhap?next=%2Fho-so%2F3%3Fa%3D1%26b%3D2"
        );
        assert_eq!(
            with_query(&case(3), &[("bien-nhan", "1")]),
            "/ho-so/3?bien-nhan=1"
        );
        assert_eq!(
            with_query(&draft(3), &[("f", "k")]),
            "/nop-sang-kien?nhap=3&f=k"
        );
        assert_eq!(
            with_query(&secretary(), &[("a", ""), ("b", " ")]),
            "/thu-ky"
        );
        assert_eq!(
            with_query(
                &secretary(),
                &[("trang-thai", "submitted"), ("tu-khoa", "hồ sơ")]
            ),
            "/thu-ky?trang-thai=submitted&tu-khoa=h%E1%BB%93+s%C6%A1"
        );
    }
}
