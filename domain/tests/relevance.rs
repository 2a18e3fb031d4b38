//! The relevance benchmark (docs/SEARCH-QUALITY.md): a corpus of realistic entries and queries
//! written as people type them, with graded judgments, in `tests/relevance/`. The public search
//! runs every query; recall@10, nDCG@10 and MRR are computed per kind of query, for the queries
//! tuned on and for the held-out third, and compared with the floors recorded in
//! `tests/relevance/floors.json`. The test fails when any kind drops below its floor, or when a
//! query with a relevant entry finds nothing.
//!
//! `RELEVANCE_REPORT=1` prints the tables (and every query that misses) for the report.
//! `RELEVANCE_ENGINES=1` also scores SQLite FTS5 and, when `DATABASE_URL` names a PostgreSQL
//! server, PostgreSQL full-text search on the same set (see `relevance_engines.rs`).
#[path = "relevance/bench.rs"]
mod bench;

use bench::{Kind, Split, evaluate};

#[test]
fn every_kind_of_query_stays_above_its_floor() {
    let set = bench::Set::load();
    let index = bench::portal_index(&set);
    let runs = bench::run(&set, |q| bench::portal_search(&index, q));
    let report = evaluate(&set, &runs);
    bench::pool(&set, &runs, "portal");
    if std::env::var_os("RELEVANCE_REPORT").is_some() {
        println!("{}", report.markdown("Sáng kiến số (tantivy)"));
        println!("{}", report.misses(&set, &runs));
    }
    let floors = bench::Floors::load();
    let mut failures = Vec::new();
    for kind in Kind::ALL.iter().copied().map(Some).chain([None]) {
        let got = report.scores(kind, Split::All);
        let floor = floors.of(kind);
        let name = kind.map_or("overall", Kind::code);
        if got.ndcg + 1e-9 < floor.ndcg {
            failures.push(format!(
                "{name}: nDCG@10 {:.3} < {:.3}",
                got.ndcg, floor.ndcg
            ));
        }
        if got.recall + 1e-9 < floor.recall {
            failures.push(format!(
                "{name}: recall@10 {:.3} < {:.3}",
                got.recall, floor.recall
            ));
        }
        if got.mrr + 1e-9 < floor.mrr {
            failures.push(format!("{name}: MRR {:.3} < {:.3}", got.mrr, floor.mrr));
        }
    }
    let dead: Vec<&str> = set
        .queries
        .iter()
        .zip(&runs)
        .filter(|(_, r)| r.ids.is_empty())
        .map(|(q, _)| q.id.as_str())
        .collect();
    if !dead.is_empty() {
        failures.push(format!(
            "{} queries with a relevant entry found nothing: {dead:?}",
            dead.len()
        ));
    }
    assert!(
        failures.is_empty(),
        "below the recorded floors (run with RELEVANCE_REPORT=1 to see which queries miss):\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_set_is_as_described() {
    let set = bench::Set::load();
    assert!(set.entries.len() >= 500, "{} entries", set.entries.len());
    assert!(set.queries.len() >= 300, "{} queries", set.queries.len());
    for kind in Kind::ALL {
        let n = set.queries.iter().filter(|q| q.kind == kind).count();
        assert!(n >= 30, "{}: {n} queries", kind.code());
    }
    let held = set
        .queries
        .iter()
        .filter(|q| q.split == Split::HeldOut)
        .count();
    assert_eq!(held * 3, set.queries.len(), "a held-out third");
}
