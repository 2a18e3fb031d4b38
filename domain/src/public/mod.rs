//! What the public may read: recognised initiatives only, found by search or listed, with filters and
//! facet counts (shared/INTERFACES.md §3).
pub mod search;
use crate::entities::{campaign, initiative, unit};
use crate::submission::initiatives::{self, InitiativeSummary, InitiativeView};
use crate::text::query::Parsed;
use crate::{Result, Services};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap};
use types::{Level, Pillar, Sector, SolutionType, Status};

/// One page of public results with facet counts over all matches.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub items: Vec<T>,
    pub facets: Facets,
    /// Highlighted excerpts of the page's items (id → HTML with `<mark>`), when the query has text.
    pub snippets: HashMap<i64, String>,
    /// "Did you mean": the query with its unknown words corrected, when that finds entries.
    pub suggestion: Option<String>,
    /// Widened to the entries with most words of the query (too few had them all): how many have
    /// every word; they come first. Pages say so.
    pub all_words: Option<usize>,
    /// The search index is being built: the text was matched in the database (title and summary,
    /// every word, newest first), which is slower and plainer. Pages say so.
    pub fallback: bool,
}

impl<T> Page<T> {
    pub fn pages(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// Counts per code among all matches (before pagination), with the names of the units.
pub use crate::public::search::FacetCounts as Facets;

/// Filters of a public query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub pillar: Option<Pillar>,
    pub sector: Option<Sector>,
    pub solution_type: Option<SolutionType>,
    pub level: Option<Level>,
    pub year: Option<i32>,
    /// Unit, by code or by exact name.
    pub unit: Option<String>,
    /// Place, by the code of a commune, ward or district, old or new (`places`).
    pub place: Option<String>,
}

/// Names accepted in `field:value` inside a query: the API's parameter names and Vietnamese ones.
pub const QUERY_FACETS: [&str; 14] = [
    "pillar",
    "sector",
    "solution_type",
    "level",
    "year",
    "unit",
    "place",
    "tru-cot",
    "linh-vuc",
    "loai",
    "cap",
    "nam",
    "don-vi",
    "dia-ban",
];

impl Filters {
    /// These filters with those typed in the query (`linh-vuc:y_te nam:2025`) where none is set;
    /// a value that is not a known code is ignored.
    pub fn with_query(&self, typed: &[(String, String)]) -> Filters {
        let mut f = self.clone();
        for (name, value) in typed {
            match name.as_str() {
                "pillar" | "tru-cot" => f.pillar = f.pillar.or(Pillar::from_code(value)),
                "sector" | "linh-vuc" => f.sector = f.sector.or(Sector::from_code(value)),
                "solution_type" | "loai" => {
                    f.solution_type = f.solution_type.or(SolutionType::from_code(value))
                }
                "level" | "cap" => f.level = f.level.or(Level::from_code(value)),
                "year" | "nam" => f.year = f.year.or(value.parse().ok()),
                "unit" | "don-vi" => f.unit = f.unit.clone().or(Some(value.clone())),
                "place" | "dia-ban" => f.place = f.place.clone().or(Some(value.clone())),
                _ => {}
            }
        }
        f
    }

    /// The same filters for the search index (the unit taken as a code).
    pub fn index_filter(&self) -> crate::public::search::FacetFilter {
        crate::public::search::FacetFilter {
            pillar: self.pillar.map(|p| p.code().to_string()),
            sector: self.sector.map(|p| p.code().to_string()),
            solution_type: self.solution_type.map(|p| p.code().to_string()),
            level: self.level.map(|p| p.code().to_string()),
            unit: self.unit.clone(),
            year: self.year,
            place: self.place.clone(),
        }
    }
}

/// The order of a public list (`Order::parse` reads it from an address or the API).
pub use crate::public::search::Order as Sort;

/// Largest page size the public may ask for.
pub const MAX_PER_PAGE: usize = 100;

/// One page of public results from the search index: filtered, counted and sorted there, over every
/// match. Unit names are read from the database.
async fn page_from_index(
    s: &Services,
    parsed: &Parsed,
    filters: &Filters,
    sort: Sort,
    page: usize,
    per_page: usize,
) -> Result<(Vec<i64>, usize, Facets, Option<usize>)> {
    let mut filter = filters.index_filter();
    if let Some(u) = &filters.unit {
        // A value no unit has is kept: it then matches nothing.
        filter.unit = Some(unit_named(s, u).await?.map_or(u.clone(), |unit| unit.code));
    }
    let found = s.search.browse(
        parsed,
        &filter,
        sort,
        (page - 1).saturating_mul(per_page),
        per_page,
    )?;
    let mut facets = found.facets;
    complete_units(&crate::catalog::places::load(&s.db).await?, &mut facets);
    Ok((found.ids, found.total, facets, found.all_words))
}

/// Adds what follows from the unit counts: the place counts (a unit's places are known), and the
/// names (and the last days of those dissolved) of the units and places counted.
fn complete_units(places: &crate::catalog::places::Places, facets: &mut Facets) {
    facets.place = places.count(&facets.unit);
    let codes: Vec<String> = facets
        .unit
        .keys()
        .chain(facets.place.keys())
        .cloned()
        .collect();
    for code in codes {
        if let Some(u) = places.unit(&code) {
            if let Some(end) = u.valid_to {
                facets.unit_ends.insert(code.clone(), end);
            }
            facets.unit_names.insert(code, u.name.clone());
        }
    }
}

/// The unit a filter names, by code or else by exact name.
async fn unit_named(s: &Services, code_or_name: &str) -> Result<Option<unit::Model>> {
    let mut found = unit::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(unit::Column::Code.eq(code_or_name))
                .add(unit::Column::Name.eq(code_or_name)),
        )
        .all(&s.db)
        .await?;
    let by_code = found.iter().position(|u| u.code == code_or_name);
    Ok(match by_code {
        Some(i) => Some(found.swap_remove(i)),
        None => found.pop(),
    })
}

/// The filter, facet and sort columns of one public entry, read from the database.
struct Row {
    id: i64,
    pillar: String,
    sector: String,
    solution_type: String,
    level: Option<String>,
    year: i32,
    unit_code: String,
    places: std::sync::Arc<[String]>,
    decided_on: Option<chrono::NaiveDate>,
    score: Option<f64>,
}

/// The rows of the recognised entries (of one unit, when given), from the database (columns of
/// `ix_initiatives_facets`).
async fn load_rows(
    s: &Services,
    places: &crate::catalog::places::Places,
    unit_id: Option<i64>,
) -> Result<Vec<Row>> {
    type Columns = (
        i64,
        i64,
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<chrono::NaiveDate>,
        Option<f64>,
    );
    let mut find = initiative::Entity::find()
        .select_only()
        .columns([
            initiative::Column::Id,
            initiative::Column::CampaignId,
            initiative::Column::UnitId,
            initiative::Column::Pillar,
            initiative::Column::Sector,
            initiative::Column::SolutionType,
            initiative::Column::Level,
            initiative::Column::DecidedOn,
            initiative::Column::Score,
        ])
        .filter(initiative::Column::Status.eq(Status::Recognised.code()));
    if let Some(unit_id) = unit_id {
        find = find.filter(initiative::Column::UnitId.eq(unit_id));
    }
    let models: Vec<Columns> = find.into_tuple().all(&s.db).await?;
    let years: HashMap<i64, i32> = campaign::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.year))
        .collect();
    // Per unit: its code and its places, shared by its rows.
    let units: HashMap<i64, (String, std::sync::Arc<[String]>)> = places
        .units()
        .map(|u| (u.id, (u.code.clone(), places.of(u.id).into())))
        .collect();
    Ok(models
        .into_iter()
        .map(
            |(
                id,
                campaign_id,
                unit_id,
                pillar,
                sector,
                solution_type,
                level,
                decided_on,
                score,
            )| {
                let unit = units.get(&unit_id);
                Row {
                    id,
                    year: initiatives::public_year(
                        decided_on,
                        years.get(&campaign_id).copied().unwrap_or_default(),
                    ),
                    unit_code: unit.map(|u| u.0.clone()).unwrap_or_default(),
                    places: unit.map_or_else(|| [].into(), |u| u.1.clone()),
                    pillar,
                    sector,
                    solution_type,
                    level,
                    decided_on,
                    score,
                }
            },
        )
        .collect())
}

/// Counts per facet value (by `&str` first: no string is copied per row).
fn count_facets(rows: &[Row]) -> Facets {
    fn into(counts: HashMap<&str, u64>) -> BTreeMap<String, u64> {
        counts
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }
    let mut pillar: HashMap<&str, u64> = HashMap::new();
    let mut sector: HashMap<&str, u64> = HashMap::new();
    let mut solution_type: HashMap<&str, u64> = HashMap::new();
    let mut level: HashMap<&str, u64> = HashMap::new();
    let mut year: HashMap<i32, u64> = HashMap::new();
    let mut unit: HashMap<&str, u64> = HashMap::new();
    for r in rows {
        *pillar.entry(&r.pillar).or_default() += 1;
        *sector.entry(&r.sector).or_default() += 1;
        *solution_type.entry(&r.solution_type).or_default() += 1;
        if let Some(l) = &r.level {
            *level.entry(l).or_default() += 1;
        }
        *year.entry(r.year).or_default() += 1;
        *unit.entry(&r.unit_code).or_default() += 1;
    }
    Facets {
        pillar: into(pillar),
        sector: into(sector),
        solution_type: into(solution_type),
        level: into(level),
        year: year.into_iter().map(|(y, n)| (y.to_string(), n)).collect(),
        unit: into(unit),
        ..Facets::default()
    }
}

/// All matching public ids in order, with the facet counts, from the database: the source of truth
/// for listings that must be complete and current (a unit's page, statistics, open-data downloads),
/// and public search while the index is being built (text matched by `fallback_ids`).
async fn matching_in_db(
    s: &Services,
    parsed: &Parsed,
    filters: &Filters,
    sort: Sort,
) -> Result<(Vec<i64>, Facets)> {
    let text: Option<std::collections::HashSet<i64>> = if parsed.is_text_empty() {
        None
    } else {
        Some(fallback_ids(s, parsed).await?.into_iter().collect())
    };
    let unit_id = match &filters.unit {
        Some(u) => match unit_named(s, u).await? {
            Some(unit) => Some(unit.id),
            None => return Ok((Vec::new(), Facets::default())),
        },
        None => None,
    };
    let places = crate::catalog::places::load(&s.db).await?;
    let mut rows = load_rows(s, &places, unit_id).await?;
    rows.retain(|r| {
        text.as_ref().is_none_or(|ids| ids.contains(&r.id))
            && filters.pillar.is_none_or(|p| r.pillar == p.code())
            && filters.sector.is_none_or(|p| r.sector == p.code())
            && filters
                .solution_type
                .is_none_or(|p| r.solution_type == p.code())
            && filters
                .level
                .is_none_or(|p| r.level.as_deref() == Some(p.code()))
            && filters.year.is_none_or(|y| r.year == y)
            && filters
                .place
                .as_ref()
                .is_none_or(|p| r.places.iter().any(|x| x == p))
    });
    let mut facets = count_facets(&rows);
    complete_units(&places, &mut facets);
    let newest = |a: &Row, b: &Row| b.decided_on.cmp(&a.decided_on).then(b.id.cmp(&a.id));
    match sort {
        Sort::Score => rows.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| newest(a, b))
        }),
        // The database has no rank: newest first.
        Sort::Relevance | Sort::Newest => rows.sort_by(newest),
    }
    Ok((rows.into_iter().map(|r| r.id).collect(), facets))
}

/// Whether a query's text must be matched in the database: the index is not built yet.
fn uses_fallback(s: &Services, parsed: &Parsed) -> bool {
    !parsed.is_text_empty() && !s.search.is_ready()
}

/// Public search without the index (while it is being built from the database): the recognised
/// entries whose title or summary hold every word and quoted phrase of the query, and none of the
/// excluded ones, with diacritics and case ignored. No abbreviations, typos or ranking: it only keeps
/// search answering until the index is back.
async fn fallback_ids(s: &Services, parsed: &Parsed) -> Result<Vec<i64>> {
    let filter = crate::text::query::TextFilter::new(parsed);
    let rows: Vec<(i64, String, String)> = initiative::Entity::find()
        .select_only()
        .columns([
            initiative::Column::Id,
            initiative::Column::Title,
            initiative::Column::Summary,
        ])
        .filter(initiative::Column::Status.eq(Status::Recognised.code()))
        .into_tuple()
        .all(&s.db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, title, summary)| filter.matches(&format!("{title}\n{summary}")))
        .map(|(id, ..)| id)
        .collect())
}

/// One page of matching ids, with everything but the items themselves: from the search index, or
/// from the database while the index is not built.
async fn page_ids(
    s: &Services,
    q: &str,
    filters: &Filters,
    sort: Sort,
    page: usize,
    per_page: usize,
) -> Result<(Vec<i64>, Page<()>)> {
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let parsed = crate::text::query::parse(q, &QUERY_FACETS);
    let filters = &filters.with_query(&parsed.filters);
    let (ids, total, facets, all_words) = if s.search.is_ready() {
        page_from_index(s, &parsed, filters, sort, page, per_page).await?
    } else {
        let (all, facets) = matching_in_db(s, &parsed, filters, sort).await?;
        let ids = all
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .copied()
            .collect();
        (ids, all.len(), facets, None)
    };
    let snippets = s.search.snippets(&parsed, &ids)?;
    // Offered whenever a word is unknown and its correction finds entries, also when the search
    // already found some through the correction.
    let suggestion = if !parsed.is_text_empty() {
        s.search.did_you_mean(&parsed)?
    } else {
        None
    };
    let shell = Page {
        total,
        page,
        per_page,
        items: Vec::new(),
        facets,
        snippets,
        suggestion,
        all_words,
        fallback: uses_fallback(s, &parsed),
    };
    Ok((ids, shell))
}

impl Page<()> {
    fn with<T>(self, items: Vec<T>) -> Page<T> {
        Page {
            total: self.total,
            page: self.page,
            per_page: self.per_page,
            items,
            facets: self.facets,
            snippets: self.snippets,
            suggestion: self.suggestion,
            all_words: self.all_words,
            fallback: self.fallback,
        }
    }
}

/// Public search (or the newest recognised entries when `q` is blank), as list rows, with filters
/// and sort (the search page).
pub async fn search_summaries(
    s: &Services,
    q: &str,
    filters: &Filters,
    sort: Sort,
    page: usize,
    per_page: usize,
) -> Result<Page<InitiativeSummary>> {
    let (ids, shell) = page_ids(s, q, filters, sort, page, per_page).await?;
    Ok(shell.with(initiatives::public_summaries(&s.db, &ids).await?))
}

/// Public search as full records, with filters and sort (the open-data API).
pub async fn search_views(
    s: &Services,
    q: &str,
    filters: &Filters,
    sort: Sort,
    page: usize,
    per_page: usize,
) -> Result<Page<InitiativeView>> {
    let (ids, shell) = page_ids(s, q, filters, sort, page, per_page).await?;
    Ok(shell.with(initiatives::public_views(&s.db, &ids).await?))
}

/// Every recognised entry as public records, newest first (open-data downloads, sitemap).
pub async fn all_views(s: &Services) -> Result<Vec<InitiativeView>> {
    let (ids, _) = matching_in_db(s, &Parsed::default(), &Filters::default(), Sort::Newest).await?;
    initiatives::public_views(&s.db, &ids).await
}

/// One campaign's figures: entries filed (withdrawn ones included) and recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignFigures {
    pub name: String,
    pub year: i32,
    pub submitted: u64,
    pub recognised: u64,
    /// Its outcome is out: the announcement published, or (records imported from before the portal,
    /// campaigns closed before announcements were kept) the submission window closed and every
    /// entry decided or withdrawn. Until then its recognition rate means nothing: entries are still
    /// coming in, or being reviewed.
    pub announced: bool,
}

/// Figures for the statistics page. Only published outcomes count: a decision is not a
/// recognition until the announcement releases it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statistics {
    /// Recognised solutions by pillar, sector, solution type, level and year.
    pub facets: Facets,
    /// Units by recognised solutions, most first: (code, name, count).
    pub units: Vec<(String, String, u64)>,
    /// Campaigns, oldest first.
    pub campaigns: Vec<CampaignFigures>,
}

pub async fn statistics(s: &Services) -> Result<Statistics> {
    let (_, facets) =
        matching_in_db(s, &Parsed::default(), &Filters::default(), Sort::Newest).await?;
    let rows: Vec<(i64, i64, String)> = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::CampaignId)
        .column(initiative::Column::UnitId)
        .column(initiative::Column::Status)
        .filter(initiative::Column::Status.ne(Status::Draft.code()))
        .into_tuple()
        .all(&s.db)
        .await?;
    let recognised = Status::Recognised.code();
    let settled = [Status::Recognised, Status::Refused, Status::Withdrawn].map(|s| s.code());
    let mut per_unit: HashMap<i64, u64> = HashMap::new();
    // Filed, recognised, still under way.
    let mut per_campaign: HashMap<i64, (u64, u64, u64)> = HashMap::new();
    for (campaign_id, unit_id, status) in &rows {
        let c = per_campaign.entry(*campaign_id).or_default();
        c.0 += 1;
        if status == recognised {
            c.1 += 1;
            *per_unit.entry(*unit_id).or_default() += 1;
        }
        if !settled.contains(&status.as_str()) {
            c.2 += 1;
        }
    }
    let now = crate::time::now();
    let units_by_id: HashMap<i64, (String, String)> = unit::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.code, u.name)))
        .collect();
    let mut units: Vec<(String, String, u64)> = per_unit
        .into_iter()
        .filter_map(|(id, n)| {
            units_by_id
                .get(&id)
                .map(|(c, name)| (c.clone(), name.clone(), n))
        })
        .collect();
    units.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    let mut campaigns: Vec<(i64, CampaignFigures)> = campaign::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .filter_map(|c| {
            let (submitted, recognised, open) = per_campaign.get(&c.id).copied()?;
            Some((
                c.opens_at.timestamp(),
                CampaignFigures {
                    announced: c.announced_at.is_some() || (c.closes_at <= now && open == 0),
                    name: c.name,
                    year: c.year,
                    submitted,
                    recognised,
                },
            ))
        })
        .collect();
    campaigns.sort_by_key(|(opens, _)| *opens);
    Ok(Statistics {
        facets,
        units,
        campaigns: campaigns.into_iter().map(|(_, c)| c).collect(),
    })
}

/// A unit's recognised entries, newest first; `None` for an unknown unit code.
pub async fn by_unit(
    s: &Services,
    code: &str,
) -> Result<Option<(crate::catalog::UnitInfo, Vec<InitiativeSummary>)>> {
    let Some(unit) = crate::catalog::unit_by_code(&s.db, code).await? else {
        return Ok(None);
    };
    let filters = Filters {
        unit: Some(unit.code.clone()),
        ..Default::default()
    };
    let (ids, _) = matching_in_db(s, &Parsed::default(), &filters, Sort::Newest).await?;
    Ok(Some((
        unit,
        initiatives::public_summaries(&s.db, &ids).await?,
    )))
}

pub use crate::text::name_key;

/// The recognised entries an author (by name as written on the application) took part in, with
/// their share in percent, newest first. People who share a name are listed together: the page
/// says so, and shows unit and year to tell them apart.
pub async fn by_author(s: &Services, name: &str) -> Result<Vec<(InitiativeSummary, f64)>> {
    use crate::entities::author;
    let key = name_key(name);
    if key.is_empty() {
        return Ok(vec![]);
    }
    let recognised = sea_orm::sea_query::Query::select()
        .column(initiative::Column::Id)
        .from(initiative::Entity)
        .and_where(initiative::Column::Status.eq(Status::Recognised.code()))
        .to_owned();
    let shares: HashMap<i64, i32> = author::Entity::find()
        .select_only()
        .column(author::Column::InitiativeId)
        .column(author::Column::Name)
        .column(author::Column::ShareTenths)
        .filter(author::Column::InitiativeId.in_subquery(recognised))
        .into_tuple::<(i64, String, i32)>()
        .all(&s.db)
        .await?
        .into_iter()
        .filter(|(_, n, _)| name_key(n) == key)
        .map(|(id, _, share)| (id, share))
        .collect();
    let mine: Vec<i64> = shares.keys().copied().collect();
    let mut out: Vec<(InitiativeSummary, f64)> = initiatives::public_summaries(&s.db, &mine)
        .await?
        .into_iter()
        .map(|x| {
            let share = shares.get(&x.id).copied().unwrap_or_default() as f64 / 10.0;
            (x, share)
        })
        .collect();
    out.sort_by(|a, b| {
        b.0.decided_on
            .cmp(&a.0.decided_on)
            .then(b.0.id.cmp(&a.0.id))
    });
    Ok(out)
}

/// Most suggestions given while a query is typed.
pub const MAX_SUGGESTIONS: usize = 8;

/// Suggestions while the search box is typed in: recognised entries whose title holds the words
/// typed so far, the last one possibly unfinished (`SearchIndex::suggest`), checked against the
/// database. None while the index is being built.
pub async fn suggest(s: &Services, typed: &str, limit: usize) -> Result<Vec<InitiativeSummary>> {
    if !s.search.is_ready() {
        return Ok(vec![]);
    }
    let typed: String = typed.chars().take(100).collect();
    let ids = s.search.suggest(&typed, limit.clamp(1, MAX_SUGGESTIONS))?;
    initiatives::public_summaries(&s.db, &ids).await
}

/// The (at most `limit`) recognised entries most like a title and summary, across campaigns: the
/// duplicate warning shown before filing. Hits are checked against the database again.
pub async fn similar_to(
    s: &Services,
    title: &str,
    summary: &str,
    limit: usize,
) -> Result<Vec<InitiativeSummary>> {
    let ids = s.search.similar(title, summary, limit)?;
    initiatives::public_summaries(&s.db, &ids).await
}

/// How alike two texts read: the Dice coefficient of their pairs of neighbouring words, without
/// diacritics (0 nothing shared, 1 the same pairs). Pairs, not words: two entries on "chuyển đổi
/// số" share the words of every entry; a near copy shares its phrasing.
pub fn resemblance(a: &str, b: &str) -> f64 {
    use std::collections::HashSet;
    let pairs = |s: &str| -> HashSet<String> {
        let w: Vec<String> = crate::text::query::words(s)
            .into_iter()
            .map(|w| w.folded)
            .collect();
        w.windows(2).map(|p| format!("{} {}", p[0], p[1])).collect()
    };
    let (x, y) = (pairs(a), pairs(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    2.0 * x.intersection(&y).count() as f64 / (x.len() + y.len()) as f64
}

/// Below this resemblance (title and summary) a recognised entry is not worth a filer's attention
/// as a possible duplicate. Measured on the 500 entries of the relevance benchmark's corpus (every
/// pair of titles and summaries, 2026-12-07): at 0.14–0.17 sit unrelated entries sharing stock
/// phrases (389 pairs: "Xòe Thái" and fake news), at 0.20–0.23 different solutions on one subject
/// (76: e-receipts and QR payment of hospital fees), from 0.28 the same solution elsewhere (paying
/// health insurance by e-wallet in two districts); the closest pair reads 0.56.
pub const RESEMBLANCE_MIN: f64 = 0.25;

/// Recognised entries a draft may duplicate: the most similar (`similar_to`), kept only when their
/// title and summary resemble the draft's (`RESEMBLANCE_MIN`), most alike first.
pub async fn resembling(
    s: &Services,
    title: &str,
    summary: &str,
    limit: usize,
) -> Result<Vec<InitiativeSummary>> {
    let draft = format!("{title}\n{summary}");
    let mut found: Vec<(f64, InitiativeSummary)> = similar_to(s, title, summary, limit * 4)
        .await?
        .into_iter()
        .map(|x| {
            (
                resemblance(&draft, &format!("{}\n{}", x.title, x.summary)),
                x,
            )
        })
        .filter(|(r, _)| *r >= RESEMBLANCE_MIN)
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(found.into_iter().take(limit).map(|(_, x)| x).collect())
}

#[cfg(test)]
mod tests {
    use super::resemblance;

    #[test]
    fn resemblance_compares_phrasing_without_diacritics() {
        let a = "Bản đồ số du lịch Mộc Châu";
        assert_eq!(resemblance(a, "ban do so du lich moc chau"), 1.0);
        assert_eq!(resemblance(a, "Camera cảnh báo cháy rừng"), 0.0);
        // Two pairs shared ("bản đồ", "du lịch"), of six and five: 2 × 2 / (6 + 5).
        let r = resemblance(a, "Bản đồ các điểm du lịch");
        assert!((r - 4.0 / 11.0).abs() < 1e-9, "{r}");
        assert_eq!(resemblance("", a), 0.0);
    }
}
