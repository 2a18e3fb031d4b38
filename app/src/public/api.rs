//! Public reading: home page numbers, search, detail. Recognised entries only, for everyone.
use crate::dto::{CampaignDto, InitiativeDto, SummaryDto};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeDto {
    pub campaign: Option<CampaignDto>,
    pub submitted: u64,
    pub recognised: u64,
    pub latest: Vec<SummaryDto>,
}

#[server(endpoint = "trang-chu")]
pub async fn home_data() -> Result<HomeDto, AppError> {
    use crate::request::*;
    let db = services()?.db;
    let campaign = domain::catalog::current_campaign(&db).await?;
    let counts = domain::submission::initiatives::counts(&db, None).await?;
    let latest = domain::submission::initiatives::recognised_latest(&db, 6).await?;
    Ok(HomeDto {
        campaign: campaign.map(CampaignDto::from),
        submitted: counts.submitted,
        recognised: counts.recognised,
        latest: latest.into_iter().map(SummaryDto::from).collect(),
    })
}

/// The search page's query and filters, as they travel in its address
/// (`/tim-kiem?q=…&tru-cot=…&linh-vuc=…&loai=…&cap=…&nam=…&don-vi=…&dia-ban=…&sap-xep=…&trang=…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub pillar: String,
    pub sector: String,
    pub solution_type: String,
    pub level: String,
    pub year: String,
    pub unit: String,
    /// A place's code (commune, ward or district, old or new).
    #[serde(default)]
    pub place: String,
    pub sort: String,
    pub page: usize,
}

/// Address names of the filters, in the order they appear in links.
pub const FILTER_PARAMS: [&str; 7] = [
    "tru-cot", "linh-vuc", "loai", "cap", "nam", "don-vi", "dia-ban",
];

impl SearchParams {
    /// Reads the parameters by their address names.
    pub fn from_query(get: impl Fn(&str) -> String) -> Self {
        SearchParams {
            q: get("q").chars().take(200).collect(),
            pillar: get("tru-cot"),
            sector: get("linh-vuc"),
            solution_type: get("loai"),
            level: get("cap"),
            year: get("nam"),
            unit: get("don-vi"),
            place: get("dia-ban"),
            sort: get("sap-xep"),
            page: get("trang").parse().unwrap_or(1).max(1),
        }
    }

    pub fn filter(&self, name: &str) -> &str {
        match name {
            "tru-cot" => &self.pillar,
            "linh-vuc" => &self.sector,
            "loai" => &self.solution_type,
            "cap" => &self.level,
            "nam" => &self.year,
            "don-vi" => &self.unit,
            "dia-ban" => &self.place,
            _ => "",
        }
    }

    fn filter_mut(&mut self, name: &str) -> Option<&mut String> {
        match name {
            "tru-cot" => Some(&mut self.pillar),
            "linh-vuc" => Some(&mut self.sector),
            "loai" => Some(&mut self.solution_type),
            "cap" => Some(&mut self.level),
            "nam" => Some(&mut self.year),
            "don-vi" => Some(&mut self.unit),
            "dia-ban" => Some(&mut self.place),
            _ => None,
        }
    }

    /// The filters that are set, as (address name, value).
    pub fn active_filters(&self) -> Vec<(&'static str, String)> {
        FILTER_PARAMS
            .iter()
            .filter(|n| !self.filter(n).is_empty())
            .map(|n| (*n, self.filter(n).to_string()))
            .collect()
    }

    /// The address of these parameters (empty ones and page 1 left out).
    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.clone())];
        pairs.extend(self.active_filters());
        pairs.push(("sap-xep", self.sort.clone()));
        if self.page > 1 {
            pairs.push(("trang", self.page.to_string()));
        }
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        types::paths::with_query(&crate::paths::search(), &pairs)
    }

    /// The Atom feed of this search (the API's parameter names).
    pub fn feed_href(&self) -> String {
        let pairs = [
            ("q", &self.q),
            ("pillar", &self.pillar),
            ("sector", &self.sector),
            ("solution_type", &self.solution_type),
            ("level", &self.level),
            ("year", &self.year),
            ("unit", &self.unit),
            ("place", &self.place),
        ];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        types::paths::with_query(crate::paths::ATOM, &pairs)
    }

    /// The same search on another page.
    pub fn on_page(&self, page: usize) -> String {
        SearchParams {
            page,
            ..self.clone()
        }
        .href()
    }

    /// The same search with one filter set to `value`, or cleared when it has that value already;
    /// back to page 1.
    pub fn toggled(&self, name: &str, value: &str) -> String {
        let mut next = SearchParams {
            page: 1,
            ..self.clone()
        };
        if let Some(slot) = next.filter_mut(name) {
            *slot = if slot == value {
                String::new()
            } else {
                value.to_string()
            };
        }
        next.href()
    }

    /// The same search sorted otherwise; back to page 1.
    pub fn sorted(&self, sort: &str) -> String {
        SearchParams {
            sort: sort.to_string(),
            page: 1,
            ..self.clone()
        }
        .href()
    }
}

/// One value of a facet: its label, how many matches have it, and the link that toggles it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValueDto {
    pub label: String,
    pub count: u64,
    pub selected: bool,
    pub href: String,
}

/// A facet (pillar, sector, …) with its values among all matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetDto {
    /// Address name of the filter (`linh-vuc`), also the key of its title (`search.facet.linh-vuc`).
    pub param: String,
    pub values: Vec<FacetValueDto>,
}

/// One result: the entry and, when the query matched its text, a highlighted excerpt (HTML,
/// escaped, matches in `<mark>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HitDto {
    pub item: SummaryDto,
    pub snippet: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchDto {
    pub params: SearchParams,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub items: Vec<HitDto>,
    pub facets: Vec<FacetDto>,
    /// "Did you mean": a corrected query and its address.
    pub suggestion: Option<(String, String)>,
    /// The search index is being rebuilt: results come from a plainer search in the database.
    pub fallback: bool,
    /// Widened to the entries with most of the words typed: how many have them all (first).
    pub all_words: Option<usize>,
}

pub const SEARCH_PER_PAGE: usize = 10;

/// One value of a facet: code, label, count.
#[cfg(feature = "ssr")]
type FacetRow = (String, String, u64);

/// Each facet of public results and the address name of its filter.
#[cfg(feature = "ssr")]
const FACET_PARAMS: [(&str, &str); 7] = [
    ("year", "nam"),
    ("pillar", "tru-cot"),
    ("sector", "linh-vuc"),
    ("solution_type", "loai"),
    ("level", "cap"),
    ("unit", "don-vi"),
    ("place", "dia-ban"),
];

/// Each facet of public results as (kind, rows of code, label, count), in the order pages show
/// them: the year (newest first), then pillar, sector, solution type, level, unit and place (most
/// first; units that no longer exist say until when they did).
/// Codes without a label (unknown to this version) are left out.
#[cfg(feature = "ssr")]
fn labelled_facets(f: &domain::public::Facets) -> Vec<(&'static str, Vec<FacetRow>)> {
    use crate::i18n::t;
    use types::{Level, Pillar, Sector, SolutionType};
    let rows = |counts: &std::collections::BTreeMap<String, u64>,
                label: &dyn Fn(&str) -> Option<String>| {
        let mut rows: Vec<FacetRow> = counts
            .iter()
            .filter_map(|(code, n)| Some((code.clone(), label(code)?, *n)))
            .collect();
        rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
        rows
    };
    let unit_label = |code: &str| {
        let name = f.unit_names.get(code)?.clone();
        Some(match f.unit_ends.get(code) {
            Some(end) => crate::i18n::t_with(
                "unit_kind.historical",
                &[("name", name), ("date", domain::time::format_date(*end))],
            ),
            None => name,
        })
    };
    let mut years = rows(&f.year, &|y| Some(y.to_string()));
    years.sort_by(|a, b| b.0.cmp(&a.0));
    vec![
        ("year", years),
        (
            "pillar",
            rows(&f.pillar, &|c| {
                Pillar::from_code(c).map(|x| t(&x.label_key()))
            }),
        ),
        (
            "sector",
            rows(&f.sector, &|c| {
                Sector::from_code(c).map(|x| t(&x.label_key()))
            }),
        ),
        (
            "solution_type",
            rows(&f.solution_type, &|c| {
                SolutionType::from_code(c).map(|x| t(&x.label_key()))
            }),
        ),
        (
            "level",
            rows(&f.level, &|c| {
                Level::from_code(c).map(|x| t(&x.label_key()))
            }),
        ),
        ("unit", rows(&f.unit, &unit_label)),
        ("place", rows(&f.place, &unit_label)),
    ]
}

#[server(endpoint = "tim-kiem")]
pub async fn search(params: SearchParams) -> Result<SearchDto, AppError> {
    use crate::request::*;
    let p = params.bounded();
    let (filters, sort) = (p.filters(), p.sort());
    let result = domain::public::search_summaries(
        &services()?,
        &p.q,
        &filters,
        sort,
        p.page,
        SEARCH_PER_PAGE,
    )
    .await?;
    Ok(SearchDto::of(result, p))
}

#[cfg(feature = "ssr")]
impl SearchParams {
    /// The same bounds as the address gives (the endpoint can be called directly).
    fn bounded(mut self) -> Self {
        self.q = self.q.chars().take(200).collect();
        self.page = self.page.max(1);
        self
    }

    /// The facet filters asked. Unknown codes in an address are ignored rather than refused: old
    /// links keep working.
    fn filters(&self) -> domain::public::Filters {
        use types::{Level, Pillar, Sector, SolutionType};
        domain::public::Filters {
            pillar: Pillar::from_code(&self.pillar),
            sector: Sector::from_code(&self.sector),
            solution_type: SolutionType::from_code(&self.solution_type),
            level: Level::from_code(&self.level),
            year: self.year.parse().ok(),
            unit: Some(self.unit.clone()).filter(|u| !u.trim().is_empty()),
            place: Some(self.place.trim().to_string()).filter(|u| !u.is_empty()),
        }
    }

    fn sort(&self) -> domain::public::Sort {
        domain::public::Sort::parse(&self.sort).unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
impl SearchDto {
    /// A page of results as the search page shows it: facets with their links, the suggestion,
    /// each hit with its snippet.
    fn of(
        result: domain::public::Page<domain::submission::initiatives::InitiativeSummary>,
        p: SearchParams,
    ) -> Self {
        let facets = labelled_facets(&result.facets)
            .into_iter()
            .map(|(kind, rows)| {
                let param = FACET_PARAMS
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(kind, |(_, param)| param);
                FacetDto {
                    param: param.to_string(),
                    values: rows
                        .into_iter()
                        .map(|(code, label, count)| FacetValueDto {
                            label,
                            count,
                            selected: p.filter(param) == code,
                            href: p.toggled(param, &code),
                        })
                        .collect(),
                }
            })
            .collect();
        let suggestion = result.suggestion.clone().map(|q| {
            let href = SearchParams {
                q: q.clone(),
                page: 1,
                ..p.clone()
            }
            .href();
            (q, href)
        });
        let pages = result.pages();
        let mut snippets = result.snippets;
        SearchDto {
            total: result.total,
            page: result.page,
            pages,
            items: result
                .items
                .into_iter()
                .map(|i| HitDto {
                    snippet: snippets.remove(&i.id),
                    item: SummaryDto::from(i),
                })
                .collect(),
            facets,
            suggestion,
            fallback: result.fallback,
            all_words: result.all_words,
            params: p,
        }
    }
}

/// The public scorecard: criteria with weights and the mean points given, the aggregate and the
/// calibrated score, the council's comment; never a reviewer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScorecardDto {
    /// (criterion, max points, weight, mean points)
    pub criteria: Vec<(String, u32, f64, Option<f64>)>,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    pub comment: Option<String>,
    pub scale_max: f64,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublicDetailDto {
    pub initiative: InitiativeDto,
    pub scorecard: Option<ScorecardDto>,
    /// Up to five recognised solutions most like this one.
    pub similar: Vec<SummaryDto>,
    /// The page's absolute address (Open Graph, canonical link).
    pub url: String,
    /// schema.org `CreativeWork` as JSON-LD, safe to put inside a `<script>` element.
    pub json_ld: String,
}

/// How many similar solutions a detail page shows.
pub const SIMILAR_SHOWN: usize = 5;

/// A recognised initiative and its scorecard; `NotFound` for anything not public, whoever asks.
#[server(endpoint = "sang-kien")]
pub async fn public_initiative(id: i64) -> Result<PublicDetailDto, AppError> {
    use crate::request::*;
    let s = services()?;
    let db = s.db.clone();
    let v = domain::submission::initiatives::public(&db, id).await?;
    let card = domain::council::deliberation::scorecard(&db, id).await?;
    let similar = domain::public::similar_to(&s, &v.title, &v.summary, SIMILAR_SHOWN + 1)
        .await?
        .into_iter()
        .filter(|x| x.id != id)
        .take(SIMILAR_SHOWN)
        .map(SummaryDto::from)
        .collect();
    let url = absolute_url(&crate::paths::entry(id));
    let json_ld = structured_data(&v, &url);
    Ok(PublicDetailDto {
        similar,
        url,
        json_ld,
        initiative: InitiativeDto::from(v),
        scorecard: card.map(ScorecardDto::from),
    })
}

#[cfg(feature = "ssr")]
impl From<domain::council::deliberation::Scorecard> for ScorecardDto {
    fn from(c: domain::council::deliberation::Scorecard) -> Self {
        ScorecardDto {
            criteria: c.criteria,
            aggregate: c.aggregate,
            calibrated: c.calibrated,
            comment: c.comment,
            scale_max: c.scale_max,
        }
    }
}

/// schema.org `CreativeWork` of a recognised solution, as JSON-LD text that cannot close its
/// `<script>` element early (`<` is written `\u003c`).
#[cfg(feature = "ssr")]
fn structured_data(v: &domain::submission::initiatives::InitiativeView, url: &str) -> String {
    use crate::i18n::t;
    let mut about = vec![t(&v.pillar.label_key()), t(&v.sector.label_key())];
    about.dedup();
    let data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": v.title,
        "description": v.summary,
        "url": url,
        "identifier": v.code,
        "inLanguage": "vi",
        "genre": t(&v.solution_type.label_key()),
        "about": about,
        "author": v.authors.iter().map(|a| serde_json::json!({"@type": "Person", "name": a.name})).collect::<Vec<_>>(),
        "sourceOrganization": {"@type": "Organization", "name": v.unit.name},
        "isPartOf": {"@type": "CreativeWorkSeries", "name": v.campaign.name},
        "datePublished": v.decided_on.map(|d| d.format("%Y-%m-%d").to_string()),
        "award": v.level.map(|l| t(&l.label_key())),
        "publisher": {"@type": "GovernmentOrganization", "name": t("site.publisher")},
    });
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A unit's public page: its recognised solutions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitPageDto {
    pub unit: crate::dto::UnitDto,
    pub items: Vec<SummaryDto>,
}

#[server(endpoint = "don-vi")]
pub async fn unit_page(code: String) -> Result<UnitPageDto, AppError> {
    use crate::request::*;
    let s = services()?;
    // Unit codes are short; a longer one is no unit's (and never takes a place among kept answers).
    let code = code.trim();
    if code.chars().count() > 64 {
        return Err(AppError::NotFound);
    }
    match s
        .search
        .remember(format!("unit:{code}"), domain::public::by_unit(&s, code))
        .await?
    {
        None => Err(AppError::NotFound),
        Some((unit, items)) => Ok(UnitPageDto {
            unit: crate::dto::UnitDto::from(unit),
            items: items.into_iter().map(SummaryDto::from).collect(),
        }),
    }
}

/// An author's recognised solutions with their share (for checking eligibility for emulation
/// titles). Authors are found by name as written; namesakes are listed together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthorPageDto {
    pub name: String,
    /// Each solution with the author's share in percent ("60").
    pub items: Vec<(SummaryDto, String)>,
}

#[server(endpoint = "tac-gia")]
pub async fn author_page(name: String) -> Result<AuthorPageDto, AppError> {
    use crate::request::*;
    let name: String = name.chars().take(120).collect();
    let s = services()?;
    let items = s
        .search
        .remember(
            format!("author:{}", domain::public::name_key(&name)),
            domain::public::by_author(&s, &name),
        )
        .await?;
    Ok(AuthorPageDto {
        name: name.trim().to_string(),
        items: items
            .into_iter()
            .map(|(x, share)| (SummaryDto::from(x), crate::i18n::score(share)))
            .collect(),
    })
}

/// One chart of the statistics page: its rows (label, value), largest first unless ordered by time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartDto {
    /// Anchor and key of the title (`stats.chart.<key>`).
    pub key: String,
    pub rows: Vec<(String, u64)>,
}

/// One campaign's row: name, year, filed, recognised, recognition rate ("42,5"), which only a
/// campaign whose announcement is out has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRateDto {
    pub name: String,
    pub year: i32,
    pub submitted: u64,
    pub recognised: u64,
    pub rate: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsDto {
    pub total: u64,
    pub charts: Vec<ChartDto>,
    pub campaigns: Vec<CampaignRateDto>,
}

/// Units shown on the statistics page.
pub const STATS_UNITS: usize = 15;

#[server(endpoint = "thong-ke")]
pub async fn statistics_data() -> Result<StatisticsDto, AppError> {
    use crate::request::*;
    let s = services()?;
    let st = s
        .search
        .remember("statistics".into(), domain::public::statistics(&s))
        .await?;
    Ok(StatisticsDto::from(st))
}

#[cfg(feature = "ssr")]
impl From<domain::public::Statistics> for StatisticsDto {
    fn from(st: domain::public::Statistics) -> Self {
        let total = st.facets.year.values().sum::<u64>();
        let mut charts: Vec<ChartDto> = labelled_facets(&st.facets)
            .into_iter()
            // Units get their own chart below (the busiest few); places are for searching.
            .filter(|(kind, _)| *kind != "unit" && *kind != "place")
            .map(|(kind, rows)| ChartDto {
                key: kind.to_string(),
                rows: rows.into_iter().map(|(_, label, n)| (label, n)).collect(),
            })
            .collect();
        // Years read oldest first in a chart; the rest most first.
        for c in charts.iter_mut().filter(|c| c.key == "year") {
            c.rows.reverse();
        }
        charts.push(ChartDto {
            key: "unit".into(),
            rows: st
                .units
                .iter()
                .take(STATS_UNITS)
                .map(|(_, name, n)| (name.clone(), *n))
                .collect(),
        });
        StatisticsDto {
            total,
            charts,
            campaigns: st
                .campaigns
                .into_iter()
                .map(CampaignRateDto::from)
                .collect(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<domain::public::CampaignFigures> for CampaignRateDto {
    fn from(c: domain::public::CampaignFigures) -> Self {
        use crate::i18n::score;
        CampaignRateDto {
            rate: (c.announced && c.submitted > 0)
                .then(|| score(c.recognised as f64 * 100.0 / c.submitted as f64)),
            name: c.name,
            year: c.year,
            submitted: c.submitted,
            recognised: c.recognised,
        }
    }
}
