//! Open data beyond the JSON list (shared/INTERFACES.md §3): an Atom feed for any search, every
//! recognised entry as CSV and JSON, the OpenAPI document of the read API (generated from the
//! handlers' types: [`ApiDoc`]), and the sitemap of the public pages. Recognised entries and public
//! fields only, like the API.
use crate::routes::rest::{ApiError, ApiQuery, Initiative, ListQuery, parse_query};
use app::i18n::{t, t_with};
use app::request::WebConfig;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Services;
use domain::public::Sort;
use domain::submission::initiatives::InitiativeView;
use types::paths;
use utoipa::OpenApi;

/// Entries in a feed.
const FEED_ENTRIES: usize = 30;

/// Text escaped for XML; control characters (not allowed in XML 1.0) are dropped.
fn xml(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| (*c as u32) >= 0x20 || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    let mut out = String::with_capacity(clean.len());
    domain::text::escape_markup(&clean, &mut out);
    out
}

fn base(web: &WebConfig) -> String {
    web.public_url.trim_end_matches('/').to_string()
}

/// A failure as a person downloading sees it: the portal's message with a request id; the details
/// go to the log under that id.
fn failed(e: domain::Error) -> Response {
    let id = domain::new_request_id();
    tracing::error!(request_id = %id, error = %e, "open data failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        t_with("error.internal", &[("id", id)]),
    )
        .into_response()
}

fn day(v: &InitiativeView) -> String {
    v.decided_on
        .map(|d| format!("{}T00:00:00+07:00", d.format("%Y-%m-%d")))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// `GET /feeds/initiatives.atom?q=&pillar=&…`: the newest recognised entries matching a search (the
/// API's parameters), as an Atom feed.
#[utoipa::path(
    get,
    path = types::paths::ATOM,
    tag = "open data",
    summary = "Atom feed of the newest recognised initiatives matching the same parameters as the list (sort, page and per_page are checked but not used)",
    params(ListQuery),
    responses(
        (status = 200, description = "Atom 1.0, the 30 newest matches", body = String, content_type = "application/atom+xml"),
        (status = 400, description = "A parameter is invalid, or given more than once", body = ApiError),
        (status = 500, description = "The search failed (the message carries a request id)", body = String, content_type = "text/plain"),
    )
)]
pub async fn atom(
    State(s): State<Services>,
    State(web): State<WebConfig>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Response {
    let (filters, _, _, _) = match parse_query(&q) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let text: String = q.q.chars().take(200).collect();
    let page = match domain::public::search_views(
        &s,
        &text,
        &filters,
        Sort::Newest,
        1,
        FEED_ENTRIES,
    )
    .await
    {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    let base = base(&web);
    let title = if text.trim().is_empty() {
        t("feed.title_all")
    } else {
        t_with("feed.title", &[("q", text.clone())])
    };
    let updated = page
        .items
        .iter()
        .map(day)
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    out.push_str(&format!("<title>{}</title>\n", xml(&title)));
    let search = crate::routes::rest::url_query(&q);
    out.push_str(&format!(
        "<id>urn:sangkien:feed:{}</id>\n",
        xml(if search.is_empty() { "all" } else { &search })
    ));
    out.push_str(&format!("<updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "<link rel=\"self\" href=\"{}\"/>\n",
        xml(&format!(
            "{base}/feeds/initiatives.atom{}{search}",
            if search.is_empty() { "" } else { "?" }
        ))
    ));
    out.push_str(&format!(
        "<author><name>{}</name></author>\n",
        xml(&t("site.publisher"))
    ));
    for v in &page.items {
        let url = format!("{base}/sang-kien/{}", v.id);
        out.push_str("<entry>\n");
        out.push_str(&format!("<title>{}</title>\n", xml(&v.title)));
        out.push_str(&format!("<id>urn:sangkien:initiative:{}</id>\n", v.id));
        out.push_str(&format!("<link href=\"{}\"/>\n", xml(&url)));
        out.push_str(&format!("<updated>{}</updated>\n", day(v)));
        for a in &v.authors {
            out.push_str(&format!("<author><name>{}</name></author>\n", xml(&a.name)));
        }
        for term in [v.pillar.code(), v.sector.code(), v.solution_type.code()] {
            out.push_str(&format!("<category term=\"{term}\"/>\n"));
        }
        out.push_str(&format!("<summary>{}</summary>\n", xml(&v.summary)));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        out,
    )
        .into_response()
}

/// Columns of the CSV download, in order (the data dictionary page explains each).
pub const CSV_COLUMNS: [&str; 16] = [
    "id",
    "external_id",
    "code",
    "campaign",
    "year",
    "title",
    "summary",
    "solution_type",
    "pillar",
    "sector",
    "unit",
    "authors",
    "level",
    "score",
    "decided_on",
    "url",
];

/// `GET /open-data/initiatives.csv`: every recognised entry, public fields, UTF-8 with BOM,
/// formula-safe.
#[utoipa::path(
    get,
    path = types::paths::OPEN_DATA_CSV,
    tag = "open data",
    summary = "Every recognised initiative, public fields, CSV (UTF-8 with BOM)",
    responses(
        (status = 200, description = "CSV, a header row then one row per initiative", body = String, content_type = "text/csv"),
        (status = 500, description = "Reading them failed (the message carries a request id)", body = String, content_type = "text/plain"),
    )
)]
pub async fn csv(State(s): State<Services>, State(web): State<WebConfig>) -> Response {
    let body = s
        .search
        .remember("open-data.csv".into(), csv_body(&s, &web))
        .await;
    match body {
        Ok(out) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"sang-kien-son-la.csv\"",
                ),
            ],
            out,
        )
            .into_response(),
        Err(e) => failed(e),
    }
}

/// The CSV of every recognised entry (kept per index version by [`csv`]).
async fn csv_body(s: &Services, web: &WebConfig) -> domain::Result<bytes::Bytes> {
    let all = domain::public::all_views(s).await?;
    let base = base(&web);
    let field = domain::text::csv_field;
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for v in &all {
        let authors = v
            .authors
            .iter()
            .map(|a| format!("{} ({}%)", a.name, a.share_tenths as f64 / 10.0))
            .collect::<Vec<_>>()
            .join("; ");
        let row = [
            v.id.to_string(),
            field(v.external_id.as_deref().unwrap_or("")),
            field(v.code.as_deref().unwrap_or("")),
            field(&v.campaign.name),
            v.public_year().to_string(),
            field(&v.title),
            field(&v.summary),
            v.solution_type.code().to_string(),
            v.pillar.code().to_string(),
            v.sector.code().to_string(),
            field(&v.unit.name),
            field(&authors),
            v.level.map(|l| l.code()).unwrap_or("").to_string(),
            v.score.map(|x| format!("{x:.2}")).unwrap_or_default(),
            v.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            field(&format!("{base}/sang-kien/{}", v.id)),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    Ok(bytes::Bytes::from(out))
}

/// `GET /open-data/initiatives.json`: every recognised entry as the API's `Initiative` objects.
#[utoipa::path(
    get,
    path = types::paths::OPEN_DATA_JSON,
    tag = "open data",
    summary = "Every recognised initiative as Initiative objects",
    responses(
        (status = 200, description = "JSON array", body = Vec<Initiative>),
        (status = 500, description = "Reading them failed (the message carries a request id)", body = String, content_type = "text/plain"),
    )
)]
pub async fn json(State(s): State<Services>) -> Response {
    let body = s
        .search
        .remember("open-data.json".into(), async {
            let all = domain::public::all_views(&s).await?;
            let items: Vec<_> = all.iter().map(Initiative::of).collect();
            Ok(serde_json::to_vec(&items).map(bytes::Bytes::from)?)
        })
        .await;
    match body {
        Ok(out) => ([(header::CONTENT_TYPE, "application/json")], out).into_response(),
        Err(e) => failed(e),
    }
}

/// The OpenAPI 3.1 document of the read API, generated from the handlers' annotations and the
/// types of their answers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sáng kiến số – public read API",
        version = "1",
        description = "Recognised initiatives of Sơn La province, public fields only. No sign-in. \
            Taxonomy codes: shared/INTERFACES.md §1. A query parameter given more than once, or a \
            query string that cannot be read, is answered 400 like any invalid parameter."
    ),
    paths(
        crate::routes::rest::list,
        crate::routes::rest::detail,
        crate::routes::rest::suggest,
        atom,
        csv,
        json,
        crate::routes::health::healthz,
        crate::routes::health::readyz,
    ),
    tags(
        (name = "initiatives", description = "Search and read recognised initiatives"),
        (name = "open data", description = "Feeds and whole downloads"),
        (name = "health", description = "For monitoring (shared/INTERFACES.md §4)"),
    )
)]
pub struct ApiDoc;

/// The document as served: the package's license and authors are the code's, not the data's.
pub fn api_document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.license = None;
    doc.info.contact = None;
    doc
}

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the read API ([`ApiDoc`]).
pub async fn openapi() -> Response {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOCUMENT.get_or_init(|| {
        api_document()
            .to_json()
            .expect("the OpenAPI document serialises")
    });
    ([(header::CONTENT_TYPE, "application/json")], body.as_str()).into_response()
}

/// `GET /sitemap.xml`: the home page, search, open data and every recognised entry.
pub async fn sitemap(State(s): State<Services>, State(web): State<WebConfig>) -> Response {
    match s
        .search
        .remember("sitemap".into(), sitemap_body(&s, &web))
        .await
    {
        Ok(out) => (
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            out,
        )
            .into_response(),
        Err(e) => failed(e),
    }
}

/// The sitemap (kept per index version by [`sitemap`]).
async fn sitemap_body(s: &Services, web: &WebConfig) -> domain::Result<bytes::Bytes> {
    let all = domain::public::all_views(s).await?;
    let base = base(&web);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in [paths::HOME, &paths::search(), &paths::open_data()] {
        out.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            xml(&format!("{base}{path}"))
        ));
    }
    for v in &all {
        out.push_str(&format!(
            "<url><loc>{}</loc>{}</url>\n",
            xml(&format!("{base}/sang-kien/{}", v.id)),
            v.decided_on
                .map(|d| format!("<lastmod>{}</lastmod>", d.format("%Y-%m-%d")))
                .unwrap_or_default()
        ));
    }
    out.push_str("</urlset>\n");
    Ok(bytes::Bytes::from(out))
}
