//! The relevance set and its measures, shared by `relevance.rs` (the portal's search, with floors)
//! and `relevance_engines.rs` (SQLite FTS5 and PostgreSQL full-text search on the same set).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use domain::public::search::{Columns, Document, Order, SearchIndex, record_text, replace_all};
use serde::Deserialize;

/// How many hits a query's ranking is read to (MRR looks this far; recall and nDCG the first 10).
pub const DEPTH: usize = 100;
/// The first page.
pub const K: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Exact,
    NoDiacritics,
    TonePlacement,
    DForDd,
    NoSpaces,
    Abbreviations,
    Typos,
    Phrases,
    Places,
    PlainLanguage,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Exact,
        Kind::NoDiacritics,
        Kind::TonePlacement,
        Kind::DForDd,
        Kind::NoSpaces,
        Kind::Abbreviations,
        Kind::Typos,
        Kind::Phrases,
        Kind::Places,
        Kind::PlainLanguage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::NoDiacritics => "no_diacritics",
            Kind::TonePlacement => "tone_placement",
            Kind::DForDd => "d_for_dd",
            Kind::NoSpaces => "no_spaces",
            Kind::Abbreviations => "abbreviations",
            Kind::Typos => "typos",
            Kind::Phrases => "phrases",
            Kind::Places => "places",
            Kind::PlainLanguage => "plain_language",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// Queries the search may be tuned on.
    Tune,
    /// Every third query of each kind in each file: never tuned on.
    HeldOut,
    All,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    pub key: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub pillar: String,
    pub sector: String,
    #[serde(rename = "type")]
    pub solution_type: String,
    pub unit: String,
    pub year: i32,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Query {
    pub id: String,
    pub kind: Kind,
    pub query: String,
    #[serde(default)]
    pub need: String,
    /// Entry key → grade (2 highly relevant, 1 relevant).
    pub judgments: BTreeMap<String, u8>,
    #[serde(skip, default = "tune")]
    pub split: Split,
}

fn tune() -> Split {
    Split::Tune
}

/// The corpus and the queries.
pub struct Set {
    pub entries: Vec<Entry>,
    pub queries: Vec<Query>,
    /// Unit code → (name, names of its other places).
    pub units: HashMap<String, (String, Vec<String>)>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relevance")
}

fn jsonl<T: for<'de> Deserialize<'de>>(sub: &str) -> Vec<(String, Vec<T>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir().join(sub))
        .unwrap_or_else(|e| panic!("tests/relevance/{sub}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let rows = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| {
                    serde_json::from_str(l)
                        .unwrap_or_else(|e| panic!("{}:{}: {e}", p.display(), i + 1))
                })
                .collect();
            (p.file_name().unwrap().to_string_lossy().into_owned(), rows)
        })
        .collect()
}

/// The demo's units with the names of their places across the 2025 reform (the demo's
/// `places.csv`: a commune or ward of today → the district its area came from).
fn units() -> HashMap<String, (String, Vec<String>)> {
    #[derive(Deserialize)]
    struct Named {
        code: String,
        name: String,
    }
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/admin/demo");
    let read = |f: &str| -> Vec<Named> {
        serde_json::from_str(&std::fs::read_to_string(demo.join(f)).unwrap()).unwrap()
    };
    let districts: HashMap<String, String> = read("districts.json")
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let mut former: HashMap<String, Vec<String>> = HashMap::new();
    for line in std::fs::read_to_string(demo.join("places.csv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("unit,"))
    {
        let cols: Vec<&str> = line.split(',').collect();
        if let [unit, district, ..] = cols[..]
            && let Some(name) = districts.get(district)
        {
            former
                .entry(unit.to_string())
                .or_default()
                .push(name.clone());
        }
    }
    read("units.json")
        .into_iter()
        .map(|u| {
            let places = former.remove(&u.code).unwrap_or_default();
            (u.code, (u.name, places))
        })
        .collect()
}

impl Set {
    pub fn load() -> Set {
        let entries: Vec<Entry> = jsonl::<Entry>("corpus")
            .into_iter()
            .flat_map(|(_, rows)| rows)
            .collect();
        let mut queries = Vec::new();
        for (_, mut rows) in jsonl::<Query>("queries") {
            // Every third query of each kind, in the order written, is held out.
            let mut seen: HashMap<Kind, usize> = HashMap::new();
            for q in &mut rows {
                let n = seen.entry(q.kind).or_default();
                q.split = if *n % 3 == 2 {
                    Split::HeldOut
                } else {
                    Split::Tune
                };
                *n += 1;
            }
            queries.extend(rows);
        }
        // Judgments added by pooling (`pool`): entries some engine put on a query's first page
        // that its writer had not judged, judged afterwards by a person (0 = not relevant).
        #[derive(Deserialize)]
        struct Pooled {
            query_id: String,
            key: String,
            grade: u8,
        }
        let by_id: HashMap<String, usize> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), i))
            .collect();
        if dir().join("pooled").is_dir() {
            for (file, rows) in jsonl::<Pooled>("pooled") {
                for p in rows {
                    let i = *by_id
                        .get(&p.query_id)
                        .unwrap_or_else(|| panic!("pooled/{file}: no query {}", p.query_id));
                    assert!(p.grade <= 2, "pooled/{file}: grade {}", p.grade);
                    if p.grade > 0 {
                        queries[i].judgments.entry(p.key).or_insert(p.grade);
                    }
                }
            }
        }
        let units = units();
        let keys: std::collections::HashSet<&str> =
            entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys.len(), entries.len(), "entry keys are unique");
        for e in &entries {
            assert!(units.contains_key(&e.unit), "{}: unit {}", e.key, e.unit);
        }
        for q in &queries {
            assert!(!q.judgments.is_empty(), "{}: no judged entry", q.id);
            for (k, g) in &q.judgments {
                assert!(keys.contains(k.as_str()), "{}: no entry {k}", q.id);
                assert!((1..=2).contains(g), "{}: grade {g}", q.id);
            }
        }
        Set {
            entries,
            queries,
            units,
        }
    }

    /// The entries as the portal indexes them (`record_text` beside the text, the unit's places as filters).
    pub fn documents(&self) -> Vec<Document> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (unit_name, place_names) = &self.units[&e.unit];
                Document {
                    id: i as i64 + 1,
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    body: e.body.clone(),
                    record: record_text(unit_name, place_names, "", &[], ""),
                    columns: Columns {
                        pillar: e.pillar.clone(),
                        sector: e.sector.clone(),
                        solution_type: e.solution_type.clone(),
                        level: None,
                        unit: e.unit.clone(),
                        year: e.year,
                        decided_on: None,
                        score: None,
                        places: vec![e.unit.clone()],
                    },
                }
            })
            .collect()
    }

    /// The searchable text of an entry for the other engines: what the portal indexes.
    pub fn text_of(&self, e: &Entry) -> (String, String, String) {
        let (unit_name, place_names) = &self.units[&e.unit];
        (
            e.title.clone(),
            e.summary.clone(),
            format!(
                "{}\n{}",
                e.body,
                record_text(unit_name, place_names, "", &[], "")
            ),
        )
    }
}

/// What one query found: entry keys, best first (at most `DEPTH`).
pub struct Run {
    pub ids: Vec<String>,
}

/// The portal's index of the corpus, in a temporary directory kept with it.
pub struct PortalIndex {
    pub index: SearchIndex,
    keys: Vec<String>,
    _dir: tempfile::TempDir,
}

pub fn portal_index(set: &Set) -> PortalIndex {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, set.documents(), 0).unwrap();
    PortalIndex {
        index,
        keys: set.entries.iter().map(|e| e.key.clone()).collect(),
        _dir: dir,
    }
}

/// The public search's first `DEPTH` hits, as the search page asks for them.
pub fn portal_search(p: &PortalIndex, query: &str) -> Vec<String> {
    let parsed = domain::text::query::parse(query, &[]);
    let found = p
        .index
        .browse(&parsed, &Default::default(), Order::Relevance, 0, DEPTH)
        .unwrap();
    found
        .ids
        .into_iter()
        .map(|id| p.keys[(id - 1) as usize].clone())
        .collect()
}

pub fn run(set: &Set, mut search: impl FnMut(&str) -> Vec<String>) -> Vec<Run> {
    set.queries
        .iter()
        .map(|q| Run {
            ids: search(&q.query),
        })
        .collect()
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Scores {
    pub n: usize,
    pub recall: f64,
    pub ndcg: f64,
    pub mrr: f64,
    /// Queries that found nothing.
    pub empty: usize,
}

/// The measures of one query's hits against its judgments.
pub fn measure(q: &Query, found: &[String]) -> (f64, f64, f64) {
    let relevant = q.judgments.len() as f64;
    let top = &found[..found.len().min(K)];
    let hit = top.iter().filter(|k| q.judgments.contains_key(*k)).count() as f64;
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let dcg: f64 = top
        .iter()
        .enumerate()
        .map(|(i, k)| q.judgments.get(k).map_or(0.0, |g| gain(*g)) / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u8> = q.judgments.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(K)
        .enumerate()
        .map(|(i, g)| gain(*g) / ((i + 2) as f64).log2())
        .sum();
    let rr = found
        .iter()
        .position(|k| q.judgments.contains_key(k))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64);
    (hit / relevant.min(K as f64), dcg / idcg, rr)
}

/// One query's measures.
struct Row {
    kind: Kind,
    split: Split,
    recall: f64,
    ndcg: f64,
    rr: f64,
    empty: bool,
}

pub struct Report {
    rows: Vec<Row>,
}

pub fn evaluate(set: &Set, runs: &[Run]) -> Report {
    Report {
        rows: set
            .queries
            .iter()
            .zip(runs)
            .map(|(q, r)| {
                let (recall, ndcg, rr) = measure(q, &r.ids);
                Row {
                    kind: q.kind,
                    split: q.split,
                    recall,
                    ndcg,
                    rr,
                    empty: r.ids.is_empty(),
                }
            })
            .collect(),
    }
}

impl Report {
    /// Mean scores of one kind (or all) in one split (or both).
    pub fn scores(&self, kind: Option<Kind>, split: Split) -> Scores {
        let rows: Vec<_> = self
            .rows
            .iter()
            .filter(|r| {
                kind.is_none_or(|k| r.kind == k) && (split == Split::All || r.split == split)
            })
            .collect();
        let n = rows.len();
        if n == 0 {
            return Scores::default();
        }
        let mean = |f: fn(&Row) -> f64| rows.iter().map(|r| f(r)).sum::<f64>() / n as f64;
        Scores {
            n,
            recall: mean(|r| r.recall),
            ndcg: mean(|r| r.ndcg),
            mrr: mean(|r| r.rr),
            empty: rows.iter().filter(|r| r.empty).count(),
        }
    }

    /// The table of the report: one line per kind, then overall; tuned and held-out side by side.
    pub fn markdown(&self, engine: &str) -> String {
        let mut out = format!(
            "#### {engine}\n\n| kind | queries (tune/held-out) | recall@10 tune | nDCG@10 tune | MRR tune | recall@10 held-out | nDCG@10 held-out | MRR held-out | no hit |\n|---|---|---|---|---|---|---|---|---|\n"
        );
        for kind in Kind::ALL.iter().copied().map(Some).chain([None]) {
            let t = self.scores(kind, Split::Tune);
            let h = self.scores(kind, Split::HeldOut);
            let a = self.scores(kind, Split::All);
            out.push_str(&format!(
                "| {} | {}/{} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |\n",
                kind.map_or("**overall**", Kind::code),
                t.n,
                h.n,
                t.recall,
                t.ndcg,
                t.mrr,
                h.recall,
                h.ndcg,
                h.mrr,
                a.empty
            ));
        }
        out
    }

    /// The queries that miss part of what is relevant, with what they found first.
    pub fn misses(&self, set: &Set, runs: &[Run]) -> String {
        let titles: HashMap<&str, &str> = set
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.title.as_str()))
            .collect();
        let mut out = String::from("Queries below full marks:\n");
        for ((q, r), row) in set.queries.iter().zip(runs).zip(&self.rows) {
            if row.recall >= 1.0 && row.ndcg >= 0.9 {
                continue;
            }
            out.push_str(&format!(
                "- {} [{}{}] {:?}: recall {:.2} nDCG {:.2} ({} hits)\n",
                q.id,
                q.kind.code(),
                if q.split == Split::HeldOut {
                    ", held out"
                } else {
                    ""
                },
                q.query,
                row.recall,
                row.ndcg,
                r.ids.len()
            ));
            for (i, k) in r.ids.iter().take(5).enumerate() {
                let g = q
                    .judgments
                    .get(k)
                    .map_or(String::new(), |g| format!(" ({g})"));
                out.push_str(&format!("    {}. {k}{g} {}\n", i + 1, titles[k.as_str()]));
            }
            for (k, g) in &q.judgments {
                if !r.ids.iter().take(K).any(|f| f == k) {
                    let at = r
                        .ids
                        .iter()
                        .position(|f| f == k)
                        .map_or("-".into(), |i| (i + 1).to_string());
                    out.push_str(&format!(
                        "    missed ({g}) at {at}: {k} {}\n",
                        titles[k.as_str()]
                    ));
                }
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, Default, Deserialize)]
pub struct Floor {
    pub recall: f64,
    pub ndcg: f64,
    pub mrr: f64,
}

/// The lowest scores each kind may have (`tests/relevance/floors.json`), on all its queries.
#[derive(Debug, Deserialize)]
pub struct Floors(BTreeMap<String, Floor>);

impl Floors {
    pub fn load() -> Floors {
        let text = std::fs::read_to_string(dir().join("floors.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    pub fn of(&self, kind: Option<Kind>) -> Floor {
        let name = kind.map_or("overall", Kind::code);
        *self
            .0
            .get(name)
            .unwrap_or_else(|| panic!("floors.json has no floor for {name}"))
    }
}

/// Appends to the file named by `RELEVANCE_POOL` the unjudged entries a run puts in a query's first
/// page, for a person to judge (pooling, as TREC does): one JSON line per query and entry.
pub fn pool(set: &Set, runs: &[Run], engine: &str) {
    let Some(path) = std::env::var_os("RELEVANCE_POOL") else {
        return;
    };
    use std::io::Write;
    let by_key: HashMap<&str, &Entry> = set.entries.iter().map(|e| (e.key.as_str(), e)).collect();
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    for (q, r) in set.queries.iter().zip(runs) {
        for k in r
            .ids
            .iter()
            .take(K)
            .filter(|k| !q.judgments.contains_key(*k))
        {
            let e = by_key[k.as_str()];
            let line = serde_json::json!({
                "query_id": q.id, "query": q.query, "need": q.need, "engine": engine,
                "key": k, "title": e.title, "summary": e.summary,
            });
            writeln!(out, "{line}").unwrap();
        }
    }
}
