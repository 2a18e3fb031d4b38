//! The public read API (open data, shared/INTERFACES.md §3) and health checks. JSON, no sign-in, and
//! only recognised entries with public fields, ever.
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Services;
use domain::initiatives::InitiativeView;
use domain::public::{Facets, Filters, Sort};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub(crate) q: String,
    pub(crate) pillar: Option<String>,
    pub(crate) sector: Option<String>,
    pub(crate) solution_type: Option<String>,
    pub(crate) level: Option<String>,
    pub(crate) year: Option<String>,
    pub(crate) unit: Option<String>,
    /// A place's code: a commune, ward or district, old or new (an extension of INTERFACES §3).
    pub(crate) place: Option<String>,
    pub(crate) sort: Option<String>,
    pub(crate) page: Option<String>,
    pub(crate) per_page: Option<String>,
}

/// The search part of a query (text and filters) as an address query string, in a fixed order.
pub(crate) fn url_query(q: &ListQuery) -> String {
    let pairs = [
        ("q", Some(q.q.clone())),
        ("pillar", q.pillar.clone()),
        ("sector", q.sector.clone()),
        ("solution_type", q.solution_type.clone()),
        ("level", q.level.clone()),
        ("year", q.year.clone()),
        ("unit", q.unit.clone()),
        ("place", q.place.clone()),
    ];
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("{k}={}", app::url::encode_query(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[derive(Serialize)]
struct ApiAuthor {
    name: String,
    share: f64,
}

/// The public record of an initiative.
pub(crate) fn initiative_json(v: &InitiativeView) -> Value {
    json!({
        "id": v.id,
        "external_id": v.external_id,
        "code": v.code,
        "campaign": v.campaign.name,
        "year": v.public_year(),
        "title": v.title,
        "summary": v.summary,
        "description": v.description,
        "description_html": domain::richtext::to_html(&v.description),
        "solution_type": v.solution_type.code(),
        "pillar": v.pillar.code(),
        "sector": v.sector.code(),
        "unit": v.unit.name,
        "authors": v.authors.iter().map(|a| ApiAuthor { name: a.name.clone(), share: a.share_tenths as f64 / 10.0 }).collect::<Vec<_>>(),
        "level": v.level.map(|l| l.code()),
        "score": v.score,
        "decided_on": v.decided_on.map(|d| d.to_string()),
        "url": format!("/sang-kien/{}", v.id),
    })
}

fn facets_json(f: &Facets) -> Value {
    json!({ "pillar": f.pillar, "sector": f.sector, "solution_type": f.solution_type, "level": f.level, "year": f.year, "unit": f.unit, "place": f.place })
}

fn bad_request(field: &str, reason: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": "invalid_parameter", "field": field, "reason": reason })),
    )
        .into_response()
}

fn internal(e: domain::Error) -> Response {
    tracing::error!(error = %e, "public API failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "error": "internal" })),
    )
        .into_response()
}

fn code<T>(
    field: &str,
    raw: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Response> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s)
            .map(Some)
            .ok_or_else(|| bad_request(field, "unknown code")),
    }
}

fn number(field: &str, raw: &Option<String>) -> Result<Option<usize>, Response> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| bad_request(field, "not a number")),
    }
}

pub(crate) fn parse_query(q: &ListQuery) -> Result<(Filters, Sort, usize, usize), Response> {
    let filters = Filters {
        pillar: code("pillar", &q.pillar, types::Pillar::from_code)?,
        sector: code("sector", &q.sector, types::Sector::from_code)?,
        solution_type: code(
            "solution_type",
            &q.solution_type,
            types::SolutionType::from_code,
        )?,
        level: code("level", &q.level, types::Level::from_code)?,
        year: number("year", &q.year)?.map(|y| y as i32),
        unit: q.unit.clone().filter(|u| !u.trim().is_empty()),
        place: q
            .place
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    };
    let sort = Sort::parse(q.sort.as_deref().unwrap_or(""))
        .ok_or_else(|| bad_request("sort", "relevance, newest or score"))?;
    let page = number("page", &q.page)?.unwrap_or(1).max(1);
    let per_page = number("per_page", &q.per_page)?.unwrap_or(20);
    if per_page == 0 || per_page > domain::public::MAX_PER_PAGE {
        return Err(bad_request("per_page", "between 1 and 100"));
    }
    Ok((filters, sort, page, per_page))
}

/// `GET /api/v1/initiatives`
pub async fn list(State(s): State<Services>, Query(q): Query<ListQuery>) -> Response {
    let (filters, sort, page, per_page) = match parse_query(&q) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let text: String = q.q.chars().take(200).collect();
    match domain::public::search_views(&s, &text, &filters, sort, page, per_page).await {
        Ok(p) => Json(json!({
            "total": p.total,
            "page": p.page,
            "per_page": p.per_page,
            "items": p.items.iter().map(|v| {
                // The highlighted excerpt; null without query text or a match in the text.
                let mut item = initiative_json(v);
                item["snippet"] = json!(p.snippets.get(&v.id));
                item
            }).collect::<Vec<_>>(),
            "facets": facets_json(&p.facets),
            // True while the search index is rebuilt: `q` was matched plainly in the database.
            "fallback": p.fallback,
        }))
        .into_response(),
        Err(e) => internal(e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    q: String,
    limit: Option<String>,
}

/// `GET /api/v1/suggest?q=&limit=`: suggestions while a query is typed (the search box's list).
pub async fn suggest(State(s): State<Services>, Query(q): Query<SuggestQuery>) -> Response {
    let limit = match number("limit", &q.limit) {
        Ok(n) => n.unwrap_or(domain::public::MAX_SUGGESTIONS),
        Err(r) => return r,
    };
    if limit == 0 || limit > domain::public::MAX_SUGGESTIONS {
        return bad_request("limit", "between 1 and 8");
    }
    match domain::public::suggest(&s, &q.q, limit).await {
        Ok(found) => {
            let body = app::dto::SuggestionsDto {
                q: q.q,
                items: found
                    .into_iter()
                    .map(|x| app::dto::SuggestionDto {
                        url: format!("/sang-kien/{}", x.id),
                        id: x.id,
                        title: x.title,
                        unit: x.unit_name,
                        year: x.year,
                    })
                    .collect(),
            };
            // Public data that changes when a decision is published: a minute's staleness is fine.
            (
                [(axum::http::header::CACHE_CONTROL, "public, max-age=60")],
                Json(body),
            )
                .into_response()
        }
        Err(e) => internal(e),
    }
}

/// `GET /api/v1/initiatives/{id}`: 404 for anything not public.
pub async fn detail(State(s): State<Services>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, Json(json!({ "error": "not_found" }))).into_response();
    };
    match domain::initiatives::public(&s.db, id).await {
        Ok(v) => {
            let mut body = initiative_json(&v);
            let card = match domain::deliberation::scorecard(&s.db, id).await {
                Ok(c) => c,
                Err(e) => return internal(e),
            };
            body["scorecard"] = match card {
                None => Value::Null,
                Some(c) => json!({
                    "criteria": c.criteria.iter().map(|(name, max, weight, mean)| json!({
                        "name": name, "max_points": max, "weight": weight, "mean_points": mean,
                    })).collect::<Vec<_>>(),
                    "aggregate": c.aggregate,
                    "calibrated": c.calibrated,
                    "scale_max": c.scale_max,
                    "comment": c.comment,
                }),
            };
            Json(body).into_response()
        }
        Err(domain::Error::NotFound) => {
            (StatusCode::NOT_FOUND, Json(json!({ "error": "not_found" }))).into_response()
        }
        Err(e) => internal(e),
    }
}

/// `GET /healthz`: the process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 only when the database answers and the search index is open.
pub async fn readyz(State(s): State<Services>) -> Response {
    if !domain::db::ping(&s.db).await {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
    }
    match s.search.last_applied() {
        Ok(Some(_)) => (StatusCode::OK, "ready").into_response(),
        Ok(None) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "search index is being built",
        )
            .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("search index unavailable: {e}"),
        )
            .into_response(),
    }
}

/// `GET /quan-tri/thu/{id}`: the `.eml` file of a mail written in development, for administrators.
pub async fn mail_file(
    State(s): State<Services>,
    State(mailer): State<domain::mail::Mailer>,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "không tìm thấy").into_response();
    let Ok(id) = id.trim_end_matches(".eml").parse::<i64>() else {
        return not_found();
    };
    let Some(user) = crate::session_user(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "cần đăng nhập").into_response();
    };
    match domain::mail::eml_file(&s.db, &user, &mailer, id).await {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "message/rfc822".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"thu-{id}.eml\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(domain::Error::Forbidden) => (StatusCode::FORBIDDEN, "không có quyền").into_response(),
        Err(_) => not_found(),
    }
}

/// `GET /tai-khoan/du-lieu.json`: everything the portal holds about the signed-in person.
pub async fn my_data(State(s): State<Services>, headers: axum::http::HeaderMap) -> Response {
    let Some(user) = crate::session_user(&s, &headers).await else {
        return axum::response::Redirect::to("/dang-nhap?next=%2Ftai-khoan").into_response();
    };
    match domain::accounts::export(&s.db, &user).await {
        Ok(data) => (
            [
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"du-lieu-ca-nhan.json\"",
                ),
                (axum::http::header::CACHE_CONTROL, "private, no-store"),
            ],
            Json(data),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "personal data export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hệ thống").into_response()
        }
    }
}

/// The council's ranking table of a campaign as CSV (UTF-8 with BOM, so spreadsheet programs read the
/// Vietnamese letters), for secretaries and council members.
pub async fn ranking_csv(
    State(s): State<Services>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(user) = crate::session_user(&s, &headers).await else {
        let next = format!("/dang-nhap?next=%2Fthu-ky%2Fdot%2F{id}");
        return axum::response::Redirect::to(&next).into_response();
    };
    match domain::deliberation::ranking(&s.db, &user, id).await {
        Ok((_, rows)) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/csv; charset=utf-8".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"xep-hang-dot-{id}.csv\""),
                ),
                (
                    axum::http::header::CACHE_CONTROL,
                    "private, no-store".to_string(),
                ),
            ],
            domain::deliberation::ranking_csv(&rows),
        )
            .into_response(),
        Err(domain::Error::NotFound | domain::Error::Forbidden) => {
            (StatusCode::NOT_FOUND, "không tìm thấy").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "ranking export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hệ thống").into_response()
        }
    }
}
