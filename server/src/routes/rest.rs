//! The public read API (open data, shared/INTERFACES.md §3) and health checks. JSON, no sign-in, and
//! only recognised entries with public fields, ever.
//!
//! Every answer of the API is a typed struct that also describes itself (`utoipa::ToSchema`), and
//! every handler declares its parameters and each status it can answer (`#[utoipa::path]`): the
//! OpenAPI document served at `/api/v1/openapi.json` (`routes::opendata::ApiDoc`) is generated from them.
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use domain::Services;
use domain::public::{Facets, Filters, Sort};
use domain::submission::initiatives::InitiativeView;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use types::paths;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AnyOfBuilder, Object, ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, ToSchema};

/// The parameters of a search: the list and the Atom feed. An empty value is the same as none.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Vietnamese-aware full-text query: words (with or without diacritics), "phrases", -word to
    /// exclude, field:value facets. Only its first 200 characters are read.
    #[serde(default)]
    pub(crate) q: String,
    #[param(schema_with = pillar_param)]
    pub(crate) pillar: Option<String>,
    #[param(schema_with = sector_param)]
    pub(crate) sector: Option<String>,
    #[param(schema_with = solution_type_param)]
    pub(crate) solution_type: Option<String>,
    #[param(schema_with = level_param)]
    pub(crate) level: Option<String>,
    #[param(schema_with = year_param)]
    pub(crate) year: Option<String>,
    /// A unit's code or exact name.
    pub(crate) unit: Option<String>,
    /// Place: the code of a commune or ward (from 1 July 2025) or of a former district or commune.
    /// A former district finds its old communes and today's communes formed from it; today's
    /// commune also finds the old communes merged into it (an extension of INTERFACES §3).
    pub(crate) place: Option<String>,
    #[param(schema_with = sort_param)]
    pub(crate) sort: Option<String>,
    #[param(schema_with = page_param)]
    pub(crate) page: Option<String>,
    #[param(schema_with = per_page_param)]
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
        .map(|(k, v)| format!("{k}={}", types::paths::encode_query(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query string of an API request, read into `T`; a parameter given more than once (which value
/// was meant cannot be told) or a query that cannot be read answers the API's JSON 400
/// (`invalid_parameter`), never axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        match Query::<T>::try_from_uri(&parts.uri) {
            Ok(Query(q)) => Ok(ApiQuery(q)),
            Err(_) => {
                let raw = parts.uri.query().unwrap_or_default();
                let mut seen = std::collections::HashSet::new();
                let repeated = url::form_urlencoded::parse(raw.as_bytes())
                    .map(|(k, _)| k)
                    .find(|k| !seen.insert(k.clone()));
                Err(match repeated {
                    Some(name) => bad_request(&name, "given more than once"),
                    None => bad_request("query", "malformed"),
                })
            }
        }
    }
}

/// Which taxonomy a code column holds: its component in the document lists every code.
macro_rules! code_schema {
    ($marker:ident, $name:literal, $codes:ty, $param:ident, $what:literal) => {
        #[doc = concat!("The schema of a ", $what, " code (the document's `", $name, "`).")]
        pub struct $marker;

        impl utoipa::PartialSchema for $marker {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some(concat!(
                        "A ",
                        $what,
                        " code (shared/INTERFACES.md §1)"
                    )))
                    .enum_values(Some(<$codes>::ALL.iter().map(|c| c.code())))
                    .into()
            }
        }

        impl ToSchema for $marker {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }

        /// The query parameter: a code, or empty for any.
        fn $param() -> Object {
            let mut o = codes_or_empty(<$codes>::ALL.iter().map(|c| c.code()));
            o.description =
                Some(concat!("A ", $what, " code (shared/INTERFACES.md §1); empty: any").into());
            o
        }
    };
}

code_schema!(PillarCode, "Pillar", types::Pillar, pillar_param, "pillar");
code_schema!(SectorCode, "Sector", types::Sector, sector_param, "sector");
code_schema!(
    SolutionTypeCode,
    "SolutionType",
    types::SolutionType,
    solution_type_param,
    "solution type"
);
code_schema!(
    LevelCode,
    "Level",
    types::Level,
    level_param,
    "recognition level"
);

/// A string parameter taking one of `codes`, or empty (the same as leaving it out).
fn codes_or_empty<'a>(codes: impl Iterator<Item = &'a str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(std::iter::once("").chain(codes)))
        .build()
}

fn sort_param() -> Object {
    let mut o = codes_or_empty(["relevance", "newest", "score"].into_iter());
    o.description =
        Some("The order: relevance (newest first without query words), newest or score".into());
    o.default = Some("relevance".into());
    o
}

/// An integer parameter from `min` (to `max`, if any), written in decimal digits, or empty: the
/// same as leaving it out.
fn integer_or_empty(
    description: &str,
    min: u64,
    max: Option<u64>,
    default: Option<u64>,
) -> RefOr<Schema> {
    AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(max),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([""])),
        )
        .description(Some(description))
        .default(default.map(Into::into))
        .into()
}

fn year_param() -> RefOr<Schema> {
    let what = "The year of the decision (of the campaign when there is none); empty: any";
    integer_or_empty(what, 1, Some(9999), None)
}

/// Any page from 1, with no upper bound (nor a 64-bit format): a page past the last is empty.
fn page_param() -> RefOr<Schema> {
    let what = "The page, from 1; a page past the last is empty, however far";
    integer_or_empty(what, 1, None, Some(1))
}

fn per_page_param() -> RefOr<Schema> {
    let most = domain::public::MAX_PER_PAGE as u64;
    integer_or_empty("Entries on a page, 1 to 100", 1, Some(most), Some(20))
}

fn limit_param() -> RefOr<Schema> {
    let most = domain::public::MAX_SUGGESTIONS as u64;
    integer_or_empty("How many suggestions, 1 to 8", 1, Some(most), Some(most))
}

/// An author of a public record: the name and the share, nothing else.
#[derive(Serialize, ToSchema)]
pub struct Author {
    name: String,
    /// Share of the authorship, percent.
    share: f64,
}

/// The public record of a recognised initiative.
#[derive(Serialize, ToSchema)]
pub struct Initiative {
    id: i64,
    /// Identifier in the source system of an imported record; null when born in the portal.
    #[schema(required = true)]
    external_id: Option<String>,
    #[schema(required = true, example = "SK-2026-0001")]
    code: Option<String>,
    /// The campaign's name.
    campaign: String,
    /// The year of the decision (of the campaign when there is none).
    year: i32,
    title: String,
    summary: String,
    /// The public description as typed, with light marks (confidential sections are never included).
    description: String,
    /// The description as sanitised HTML (only p, br, lists, bold, italic and http(s)/mailto links).
    description_html: String,
    #[schema(value_type = SolutionTypeCode)]
    solution_type: &'static str,
    #[schema(value_type = PillarCode)]
    pillar: &'static str,
    #[schema(value_type = SectorCode)]
    sector: &'static str,
    /// The unit's name.
    unit: String,
    authors: Vec<Author>,
    #[schema(required = true, value_type = Option<LevelCode>)]
    level: Option<&'static str>,
    /// The council's score.
    #[schema(required = true)]
    score: Option<f64>,
    /// The day of the decision.
    #[schema(required = true, format = Date)]
    decided_on: Option<String>,
    /// The initiative's public page.
    url: String,
}

impl Initiative {
    /// The public record of an entry (its view already redacted for the public).
    pub(crate) fn of(v: &InitiativeView) -> Self {
        Initiative {
            id: v.id,
            external_id: v.external_id.clone(),
            code: v.code.clone(),
            campaign: v.campaign.name.clone(),
            year: v.public_year(),
            title: v.title.clone(),
            summary: v.summary.clone(),
            description: v.description.clone(),
            description_html: domain::richtext::to_html(&v.description),
            solution_type: v.solution_type.code(),
            pillar: v.pillar.code(),
            sector: v.sector.code(),
            unit: v.unit.name.clone(),
            authors: v
                .authors
                .iter()
                .map(|a| Author {
                    name: a.name.clone(),
                    share: a.share_tenths as f64 / 10.0,
                })
                .collect(),
            level: v.level.map(|l| l.code()),
            score: v.score,
            decided_on: v.decided_on.map(|d| d.to_string()),
            url: paths::entry(v.id),
        }
    }
}

/// A search result: the record and its highlighted excerpt.
#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    #[serde(flatten)]
    initiative: Initiative,
    /// A highlighted, HTML-escaped excerpt, matches in `<mark>`; null without query text or a
    /// match in the text.
    #[schema(required = true)]
    snippet: Option<String>,
}

/// For each facet: code → how many matches have it (codes without matches are left out).
#[derive(Serialize, ToSchema)]
pub struct FacetCounts {
    pillar: BTreeMap<String, u64>,
    sector: BTreeMap<String, u64>,
    solution_type: BTreeMap<String, u64>,
    level: BTreeMap<String, u64>,
    /// By year, as a string.
    year: BTreeMap<String, u64>,
    /// By unit code.
    unit: BTreeMap<String, u64>,
    /// By place code: an entry counts once in each of its places.
    place: BTreeMap<String, u64>,
}

impl From<&Facets> for FacetCounts {
    fn from(f: &Facets) -> Self {
        FacetCounts {
            pillar: f.pillar.clone(),
            sector: f.sector.clone(),
            solution_type: f.solution_type.clone(),
            level: f.level.clone(),
            year: f.year.clone(),
            unit: f.unit.clone(),
            place: f.place.clone(),
        }
    }
}

/// One page of matches, with facet counts over all matches.
#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    /// Matches in all.
    total: usize,
    page: usize,
    per_page: usize,
    items: Vec<SearchItem>,
    facets: FacetCounts,
    /// True while the search index is being rebuilt: q was matched in the database (every word in
    /// title or summary, newest first, no ranking).
    fallback: bool,
}

/// A criterion of the public scorecard.
#[derive(Serialize, ToSchema)]
pub struct Criterion {
    name: String,
    max_points: u32,
    weight: f64,
    /// The mean of the reviewers' points.
    #[schema(required = true)]
    mean_points: Option<f64>,
}

/// The council's public scorecard; it never names a reviewer.
#[derive(Serialize, ToSchema)]
pub struct Scorecard {
    criteria: Vec<Criterion>,
    /// The weighted total.
    #[schema(required = true)]
    aggregate: Option<f64>,
    /// The total after calibration between reviewers.
    #[schema(required = true)]
    calibrated: Option<f64>,
    /// The highest total possible.
    scale_max: f64,
    /// The council's consolidated comment.
    #[schema(required = true)]
    comment: Option<String>,
}

impl From<domain::council::deliberation::Scorecard> for Scorecard {
    fn from(c: domain::council::deliberation::Scorecard) -> Self {
        Scorecard {
            criteria: c
                .criteria
                .into_iter()
                .map(|(name, max_points, weight, mean_points)| Criterion {
                    name,
                    max_points,
                    weight,
                    mean_points,
                })
                .collect(),
            aggregate: c.aggregate,
            calibrated: c.calibrated,
            scale_max: c.scale_max,
            comment: c.comment,
        }
    }
}

/// One recognised initiative with its public scorecard.
#[derive(Serialize, ToSchema)]
pub struct InitiativeDetail {
    #[serde(flatten)]
    initiative: Initiative,
    /// Null for entries recognised without a council decision in the portal (imported or older).
    #[schema(required = true)]
    scorecard: Option<Scorecard>,
}

/// What went wrong, as a code.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidParameter,
    NotFound,
    Internal,
}

/// An error answer. `invalid_parameter` names the parameter and why (an unknown code, not a number,
/// out of range, given more than once, or `query`: a query string that cannot be read).
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    error: ErrorCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    reason: Option<String>,
}

fn error(status: StatusCode, error: ErrorCode) -> Response {
    let body = ApiError {
        error,
        field: None,
        reason: None,
    };
    (status, Json(body)).into_response()
}

pub(crate) fn bad_request(field: &str, reason: &str) -> Response {
    let body = ApiError {
        error: ErrorCode::InvalidParameter,
        field: Some(field.to_string()),
        reason: Some(reason.to_string()),
    };
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, ErrorCode::NotFound)
}

fn internal(e: domain::Error) -> Response {
    tracing::error!(error = %e, "public API failed");
    error(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
}

fn code<T>(
    field: &str,
    raw: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Response> {
    match raw.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s)
            .map(Some)
            .ok_or_else(|| bad_request(field, "unknown code")),
    }
}

/// A number in decimal digits, as documented (`integer`): no sign, no spaces. Empty is none; one
/// too large for 64 bits is the largest (past any page, outside any range).
fn number(field: &str, raw: &Option<String>) -> Result<Option<u64>, Response> {
    match raw.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(s.bytes().fold(0u64, |n, b| {
                n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
            })))
        }
        Some(_) => Err(bad_request(field, "not a number")),
    }
}

/// A number in `range`, as documented; empty is none.
fn number_in(
    field: &str,
    raw: &Option<String>,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<u64>, Response> {
    match number(field, raw)? {
        Some(n) if !range.contains(&n) => Err(bad_request(
            field,
            &match *range.end() {
                u64::MAX => format!("at least {}", range.start()),
                end => format!("between {} and {end}", range.start()),
            },
        )),
        n => Ok(n),
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
        year: number_in("year", &q.year, 1..=9999)?.map(|y| y as i32),
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
    // Past the last page however far; beyond 2^63 - 1 it is answered as that page.
    let page = number_in("page", &q.page, 1..=u64::MAX)?
        .unwrap_or(1)
        .min(i64::MAX as u64);
    let per_page = number_in(
        "per_page",
        &q.per_page,
        1..=domain::public::MAX_PER_PAGE as u64,
    )?
    .unwrap_or(20);
    Ok((
        filters,
        sort,
        usize::try_from(page).unwrap_or(usize::MAX),
        per_page as usize,
    ))
}

/// `GET /api/v1/initiatives`
#[utoipa::path(
    get,
    path = types::paths::API_INITIATIVES,
    tag = "initiatives",
    summary = "Search and list recognised initiatives",
    params(ListQuery),
    responses(
        (status = 200, description = "One page of matches with facet counts over all matches", body = SearchPage),
        (status = 400, description = "A parameter is invalid, or given more than once", body = ApiError),
        (status = 500, description = "The search failed", body = ApiError),
    )
)]
pub async fn list(State(s): State<Services>, ApiQuery(q): ApiQuery<ListQuery>) -> Response {
    let (filters, sort, page, per_page) = match parse_query(&q) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let text: String = q.q.chars().take(200).collect();
    match domain::public::search_views(&s, &text, &filters, sort, page, per_page).await {
        Ok(p) => Json(SearchPage {
            total: p.total,
            page: p.page,
            per_page: p.per_page,
            items: p
                .items
                .iter()
                .map(|v| SearchItem {
                    initiative: Initiative::of(v),
                    snippet: p.snippets.get(&v.id).cloned(),
                })
                .collect(),
            facets: FacetCounts::from(&p.facets),
            fallback: p.fallback,
        })
        .into_response(),
        Err(e) => internal(e),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// The text typed so far (its first 100 characters are read).
    #[serde(default)]
    q: String,
    #[param(schema_with = limit_param)]
    limit: Option<String>,
}

/// A suggestion while the search box is typed in: a recognised initiative whose title holds the
/// words typed so far (the same JSON as `app::dto::SuggestionDto`, which the search box reads).
#[derive(Serialize, ToSchema)]
pub struct Suggestion {
    id: i64,
    title: String,
    /// The unit's name.
    unit: String,
    year: i32,
    /// The initiative's public page.
    url: String,
}

/// The answer of `GET /api/v1/suggest` (`app::dto::SuggestionsDto`).
#[derive(Serialize, ToSchema)]
pub struct Suggestions {
    /// The text typed, as received.
    q: String,
    items: Vec<Suggestion>,
}

/// `GET /api/v1/suggest?q=&limit=`: suggestions while a query is typed (the search box's list).
#[utoipa::path(
    get,
    path = types::paths::API_SUGGEST,
    tag = "initiatives",
    summary = "Suggestions while a query is typed: recognised titles holding the words typed so far",
    params(SuggestQuery),
    responses(
        (status = 200, description = "The suggestions, best first (none while the search index is built)", body = Suggestions),
        (status = 400, description = "A parameter is invalid, or given more than once", body = ApiError),
        (status = 500, description = "The search failed", body = ApiError),
    )
)]
pub async fn suggest(State(s): State<Services>, ApiQuery(q): ApiQuery<SuggestQuery>) -> Response {
    let limit = match number_in(
        "limit",
        &q.limit,
        1..=domain::public::MAX_SUGGESTIONS as u64,
    ) {
        Ok(n) => n.map_or(domain::public::MAX_SUGGESTIONS, |n| n as usize),
        Err(r) => return r,
    };
    match domain::public::suggest(&s, &q.q, limit).await {
        Ok(found) => {
            let body = Suggestions {
                q: q.q,
                items: found
                    .into_iter()
                    .map(|x| Suggestion {
                        url: paths::entry(x.id),
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
#[utoipa::path(
    get,
    path = types::paths::API_INITIATIVE_ROUTE,
    tag = "initiatives",
    summary = "One recognised initiative with its public scorecard",
    params(("id" = i64, Path, description = "The initiative's id")),
    responses(
        (status = 200, description = "The initiative", body = InitiativeDetail),
        (status = 404, description = "Not found, not public, or not an id", body = ApiError),
        (status = 500, description = "Reading it failed", body = ApiError),
    )
)]
pub async fn detail(
    State(s): State<Services>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    // Digits only, as documented (`integer`); anything else names no initiative.
    let Some(id) = id
        .ok()
        .filter(|Path(id)| id.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|Path(id)| id.parse::<i64>().ok())
    else {
        return not_found();
    };
    match domain::submission::initiatives::public(&s.db, id).await {
        Ok(v) => match domain::council::deliberation::scorecard(&s.db, id).await {
            Ok(card) => Json(InitiativeDetail {
                initiative: Initiative::of(&v),
                scorecard: card.map(Scorecard::from),
            })
            .into_response(),
            Err(e) => internal(e),
        },
        Err(domain::Error::NotFound) => not_found(),
        Err(e) => internal(e),
    }
}
