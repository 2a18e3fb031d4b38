//! Browsing the index: a query with facet filters, facet counts over every match, and one page in
//! the order asked, all in one pass over the matching documents (no database read, no cap on the
//! number of matches).
use super::index::SearchIndex;
use super::ranked::Ranked;
use super::schema::{DECIDED, FACETS, SCORE};
use crate::Result;
use crate::text::query::Parsed;
use std::collections::{BTreeMap, HashMap};
use tantivy::collector::{
    Collector, Count, CustomScorer, CustomSegmentScorer, SegmentCollector, TopDocs,
};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{ConstScoreQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

/// Facet filters, codes as in the database; `None` does not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetFilter {
    pub pillar: Option<String>,
    pub sector: Option<String>,
    pub solution_type: Option<String>,
    pub level: Option<String>,
    /// The unit's code.
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// A place's code: a unit of before or after 1 July 2025 (`places`).
    pub place: Option<String>,
}

impl FacetFilter {
    /// The values in `schema::FACETS` order.
    fn values(&self) -> [Option<String>; 6] {
        [
            self.pillar.clone(),
            self.sector.clone(),
            self.solution_type.clone(),
            self.level.clone(),
            self.unit.clone(),
            self.year.map(|y| y.to_string()),
        ]
    }
}

/// How many matches have each facet value, by code (values without matches are left out).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    pub pillar: BTreeMap<String, u64>,
    pub sector: BTreeMap<String, u64>,
    pub solution_type: BTreeMap<String, u64>,
    pub level: BTreeMap<String, u64>,
    pub year: BTreeMap<String, u64>,
    /// By unit code; `unit_names` gives each code's name.
    pub unit: BTreeMap<String, u64>,
    /// By place (a unit's code, old or new): an entry counts once in each of its places. Derived
    /// by the portal from the unit counts (a unit's places are known); empty from `browse`.
    pub place: BTreeMap<String, u64>,
    /// The names of the units and places counted. Filled by the portal from the database (the index
    /// holds codes only); empty from `browse`.
    pub unit_names: BTreeMap<String, String>,
    /// The last day of those that no longer exist (the districts ended on 30 June 2025), from the
    /// database like the names.
    pub unit_ends: BTreeMap<String, chrono::NaiveDate>,
}

/// The order of a page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Best match first; newest first when the query has no words.
    #[default]
    Relevance,
    /// Latest decision first (entries without a decision date last), then highest id.
    Newest,
    /// Highest council score first (entries without one last), then newest.
    Score,
}

impl Order {
    /// The order by its name in addresses and the API (`relevance`, the default, `newest`, `score`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "" | "relevance" => Some(Order::Relevance),
            "newest" => Some(Order::Newest),
            "score" => Some(Order::Score),
            _ => None,
        }
    }
}

/// One page of a browse: the ids in order, how many matched in all, and the facet counts over all
/// of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browsed {
    pub total: usize,
    pub ids: Vec<i64>,
    pub facets: FacetCounts,
    /// Widened to the entries with most words of the query, since too few had them all: how many
    /// have them all (they come first).
    pub all_words: Option<usize>,
}

/// The sort key of a decision date: days since the Common Era, 0 without a date (sorts last).
pub(super) fn decided_key(decided_on: Option<chrono::NaiveDate>) -> i64 {
    decided_on.map_or(0, |d| i64::from(chrono::Datelike::num_days_from_ce(&d)))
}

impl SearchIndex {
    /// Runs `search` on a query's text (every entry when it has none) narrowed by the facet
    /// filters, with its ranking. Never a dead end: when the entries with every word do not fill a
    /// first page (`search` answers the number of matches), it runs again on the entries with most
    /// of them, and that answer (its counts and facets too) is the one given, with the number of
    /// entries that have every word (they rank first). The choice is the unfiltered query's, so
    /// that a facet's count says what choosing it shows.
    pub(super) fn with_filtered_query<T>(
        &self,
        searcher: &Searcher,
        parsed: &Parsed,
        filter: &FacetFilter,
        search: impl Fn(&Ranked) -> Result<(T, usize)>,
    ) -> Result<(T, Option<usize>)> {
        let fields = self.fields();
        let narrow = |mut query: Ranked| {
            let filters = fields.facets.into_iter().zip(filter.values());
            for (field, value) in filters.chain([(fields.place, filter.place.clone())]) {
                if let Some(value) = value {
                    // A filter only narrows: it adds nothing to the rank.
                    let term = TermQuery::new(
                        Term::from_field_text(field, &value),
                        IndexRecordOption::Basic,
                    );
                    query = query.and(Box::new(ConstScoreQuery::new(Box::new(term), 0.0)));
                }
            }
            query
        };
        let (all, most) = self.text_queries(searcher, parsed);
        let filtered = *filter != FacetFilter::default();
        // With filters, the unfiltered query's number of matches decides (read only when needed).
        let unfiltered = (filtered && most.is_some()).then(|| all.clone());
        let (answer, total) = search(&narrow(all))?;
        let Some((most, below)) = most.filter(|(_, below)| total < *below) else {
            return Ok((answer, None));
        };
        let few = match unfiltered {
            Some(all) => searcher.search(&all, &Count)? < below,
            None => true,
        };
        if few {
            Ok((search(&narrow(most))?.0, Some(total)))
        } else {
            Ok((answer, None))
        }
    }

    /// The entries matching a query's text (every entry when it has none) and the facet filters:
    /// `limit` of them from `offset` in the order asked, their number and their facet counts.
    /// Answers are kept until the index changes (`cache::VersionCache`).
    pub fn browse(
        &self,
        parsed: &Parsed,
        filter: &FacetFilter,
        order: Order,
        offset: usize,
        limit: usize,
    ) -> Result<Browsed> {
        let key = format!("{parsed}\u{1}{filter:?}\u{1}{order:?}\u{1}{offset}\u{1}{limit}");
        self.remembered(&self.inner.browse_cache, key, || {
            let searcher = self.searcher();
            // Past the last match a page is empty (the collector reserves room for `offset` hits).
            let offset = offset.min(searcher.num_docs() as usize);
            let by_rank = order == Order::Relevance && !parsed.parts.is_empty();
            let page = |query: &Ranked| {
                let (addresses, counted): (Vec<DocAddress>, Counted) = if by_rank {
                    let (hits, counted) =
                        query.top_and(&searcher, offset, limit, &FacetCollector)?;
                    (hits.into_iter().map(|(_, a)| a).collect(), counted)
                } else {
                    let key = SortKey {
                        by_score: order == Order::Score,
                    };
                    let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
                    let (hits, counted) =
                        searcher.search(query, &(top.custom_score(key), FacetCollector))?;
                    (hits.into_iter().map(|(_, a)| a).collect(), counted)
                };
                let total = counted.total;
                Ok(((addresses, counted), total))
            };
            let ((addresses, counted), all_words) =
                self.with_filtered_query(&searcher, parsed, filter, page)?;
            Ok(Browsed {
                all_words,
                total: counted.total,
                ids: super::index::ids_at(&searcher, &addresses)?,
                facets: counted.into_counts(),
            })
        })
    }
}

/// Counts facet values over every match (by term ordinal per segment, named once at the end).
struct FacetCollector;

struct FacetSegment {
    columns: Vec<Option<StrColumn>>,
    /// Per facet, a count per term ordinal of the segment.
    counts: Vec<Vec<u64>>,
    total: usize,
}

#[derive(Default)]
struct Counted {
    total: usize,
    /// Per facet (`FACETS` order), value → count.
    values: Vec<HashMap<String, u64>>,
}

impl Counted {
    fn into_counts(self) -> FacetCounts {
        let mut maps = self
            .values
            .into_iter()
            .map(|m| m.into_iter().collect::<BTreeMap<_, _>>());
        let mut next = || maps.next().unwrap_or_default();
        // `FACETS` order.
        let (pillar, sector, solution_type, level, unit, year) =
            (next(), next(), next(), next(), next(), next());
        FacetCounts {
            pillar,
            sector,
            solution_type,
            level,
            year,
            unit,
            ..FacetCounts::default()
        }
    }
}

impl Collector for FacetCollector {
    type Fruit = Counted;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let columns = FACETS
            .iter()
            .map(|name| reader.fast_fields().str(name))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let counts = columns
            .iter()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        Ok(FacetSegment {
            columns,
            counts,
            total: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<Counted> {
        let mut all = Counted {
            total: 0,
            values: vec![HashMap::new(); FACETS.len()],
        };
        for fruit in fruits {
            all.total += fruit.total;
            for (into, from) in all.values.iter_mut().zip(fruit.values) {
                for (value, n) in from {
                    *into.entry(value).or_default() += n;
                }
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(ord) = column.as_ref().and_then(|c| c.ords().first(doc)) {
                counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self) -> Counted {
        let mut name = String::new();
        let values = self
            .columns
            .iter()
            .zip(self.counts)
            .map(|(column, counts)| {
                let mut values = HashMap::new();
                let Some(column) = column else {
                    return values;
                };
                for (ord, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                    name.clear();
                    if column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                        values.insert(name.clone(), n);
                    }
                }
                values
            })
            .collect();
        Counted {
            total: self.total,
            values,
        }
    }
}

/// Sorts by decision date (or by score, then decision date), the id breaking ties.
struct SortKey {
    by_score: bool,
}

/// (score, decision day, id), compared in that order, highest first.
type Key = (f64, i64, u64);

struct SegmentKey {
    by_score: bool,
    /// Absent from a segment where no entry has a score.
    score: Option<Column<f64>>,
    decided: Column<i64>,
    id: Column<u64>,
}

impl CustomScorer<Key> for SortKey {
    type Child = SegmentKey;

    fn segment_scorer(&self, reader: &SegmentReader) -> tantivy::Result<SegmentKey> {
        let ff = reader.fast_fields();
        Ok(SegmentKey {
            by_score: self.by_score,
            score: ff.column_opt(SCORE)?,
            decided: ff.i64(DECIDED)?,
            id: ff.u64("id")?,
        })
    }
}

impl CustomSegmentScorer<Key> for SegmentKey {
    fn score(&mut self, doc: DocId) -> Key {
        let score = if self.by_score {
            self.score
                .as_ref()
                .and_then(|c| c.first(doc))
                .unwrap_or(f64::NEG_INFINITY)
        } else {
            0.0
        };
        (
            score,
            self.decided.first(doc).unwrap_or(0),
            self.id.first(doc).unwrap_or(0),
        )
    }
}
