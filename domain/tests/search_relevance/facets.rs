//! Browsing by facets on a corpus with facet columns: counts over every match, filters that only
//! narrow, places, the orders and their ties, and answers that follow every change of the index.
//! A module of `search_relevance.rs` (its `doc` and imports come from there).
use super::*;

#[test]
fn a_place_filter_finds_an_entry_under_any_of_its_places() {
    use domain::public::search::{FacetFilter, Order};
    use domain::text::query::parse;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, faceted(300), 1).unwrap();
    let every = parse("", &[]);
    let within = |filter: FacetFilter| {
        index
            .browse(&every, &filter, Order::Newest, 0, 300)
            .unwrap()
    };
    let found = within(FacetFilter {
        place: Some("h_a".into()),
        ..Default::default()
    });
    assert_eq!(found.total, 150, "units U1 and U2");
    assert!(found.ids.iter().all(|id| id % 4 == 1 || id % 4 == 2));
    assert_eq!(found.facets.unit.len(), 2, "U1 and U2");
    assert!(
        found.facets.place.is_empty(),
        "the portal counts places from the units"
    );
    let found = within(FacetFilter {
        place: Some("xa_b".into()),
        sector: Some("y_te".into()),
        ..Default::default()
    });
    assert_eq!(found.total, 25, "ids 9, 21, …: unit U1 among every third");
    assert!(found.ids.iter().all(|id| id % 4 == 1 && id % 3 == 0));
    let none = within(FacetFilter {
        place: Some("h_c".into()),
        ..Default::default()
    });
    assert_eq!(none.total, 0);
}

/// Entries with facet columns: every third in sector "y_te", the year from 2021 to 2024 by id, a
/// decision date spread over days, a score on all but every fifth.
fn faceted(n: i64) -> Vec<Document> {
    use domain::public::search::Columns;
    (1..=n)
        .map(|id| Document {
            columns: Columns {
                pillar: "chinh_quyen_so".into(),
                sector: if id % 3 == 0 { "y_te" } else { "giao_duc" }.into(),
                solution_type: "giai_phap".into(),
                level: (id % 2 == 0).then(|| "co_so".into()),
                unit: format!("U{}", id % 4),
                year: 2021 + (id % 4) as i32,
                decided_on: (id % 7 != 0).then(|| {
                    chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
                        + chrono::Duration::days(id * 37 % 101)
                }),
                score: (id % 5 != 0).then(|| (id * 13 % 50) as f64 + 50.0),
                // Unit U1 lies in a former district and a commune, U2 in the district only.
                places: match id % 4 {
                    1 => vec!["h_a".into(), "xa_b".into()],
                    2 => vec!["h_a".into()],
                    _ => vec![],
                },
            },
            ..doc(
                id,
                &format!("Hồ sơ sức khỏe điện tử {id}"),
                if id % 2 == 0 {
                    "Người dân tra cứu trực tuyến."
                } else {
                    "Trạm y tế nhắc lịch tiêm."
                },
            )
        })
        .collect()
}

#[test]
fn facets_are_counted_in_the_index_over_every_match_and_filters_only_narrow() {
    use domain::public::search::{FacetFilter, Order};
    use domain::text::query::parse;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let docs = faceted(300);
    replace_all(&index, docs.clone(), 1).unwrap();
    let none = FacetFilter::default();

    // Every entry, counted over all 300 (not only the page of 20).
    let all = index
        .browse(&parse("", &[]), &none, Order::Relevance, 0, 20)
        .unwrap();
    assert_eq!(all.total, 300);
    assert_eq!(all.ids.len(), 20);
    assert_eq!(all.facets.sector["y_te"], 100);
    assert_eq!(all.facets.sector["giao_duc"], 200);
    assert_eq!(
        all.facets.level["co_so"], 150,
        "entries without a level are not counted"
    );
    assert_eq!(all.facets.year.values().sum::<u64>(), 300);
    assert_eq!(all.facets.unit["U1"], 75);

    // Filters narrow the matches and the counts; the rank order of what is left does not change.
    let parsed = parse("tra cuu truc tuyen", &[]);
    let text_only = index.search_parsed(&parsed, 0, 300).unwrap();
    let filter = FacetFilter {
        sector: Some("y_te".into()),
        year: Some(2023),
        ..Default::default()
    };
    let narrowed = index
        .browse(&parsed, &filter, Order::Relevance, 0, 300)
        .unwrap();
    let expected: Vec<i64> = text_only
        .ids
        .iter()
        .copied()
        .filter(|id| id % 3 == 0 && 2021 + id % 4 == 2023)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(narrowed.ids, expected);
    assert_eq!(narrowed.total, expected.len());
    assert_eq!(narrowed.facets.sector.len(), 1);
    assert_eq!(narrowed.facets.year["2023"], expected.len() as u64);
    let unknown = FacetFilter {
        unit: Some("no such unit".into()),
        ..Default::default()
    };
    assert_eq!(
        index
            .browse(&parsed, &unknown, Order::Relevance, 0, 20)
            .unwrap()
            .total,
        0
    );

    // Newest first (entries without a date last), the id breaking ties; pages follow each other.
    let key = |d: &Document| (d.columns.decided_on, d.id);
    let mut newest: Vec<&Document> = docs.iter().collect();
    newest.sort_by(|a, b| key(b).cmp(&key(a)));
    let newest: Vec<i64> = newest.iter().map(|d| d.id).collect();
    let mut paged = Vec::new();
    for page in 0..15 {
        paged.extend(
            index
                .browse(&parse("", &[]), &none, Order::Newest, page * 20, 20)
                .unwrap()
                .ids,
        );
    }
    assert_eq!(paged, newest);

    // Highest score first, entries without a score last, then newest.
    let by_score = index
        .browse(&parse("", &[]), &none, Order::Score, 0, 300)
        .unwrap()
        .ids;
    let score = |id: i64| docs[id as usize - 1].columns.score;
    assert!(by_score.windows(2).all(|w| score(w[0]) >= score(w[1])));
    assert!(score(by_score[0]).is_some());
    assert!(by_score[240..].iter().all(|id| score(*id).is_none()));
    let equal: Vec<&i64> = by_score
        .iter()
        .filter(|id| score(**id) == Some(63.0))
        .collect();
    assert!(
        equal
            .windows(2)
            .all(|w| key(&docs[*w[0] as usize - 1]) > key(&docs[*w[1] as usize - 1]))
    );
}

#[test]
fn entries_without_scores_or_dates_sort_last_even_when_none_has_one() {
    use domain::public::search::{FacetFilter, Order};
    use domain::text::query::parse;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    // No entry has a score or a decision date: the index has no values in those columns.
    let docs: Vec<Document> = (1..=5)
        .map(|id| doc(id, &format!("Giải pháp {id}"), "Tóm tắt."))
        .collect();
    replace_all(&index, docs, 1).unwrap();
    for order in [Order::Newest, Order::Score, Order::Relevance] {
        let found = index
            .browse(&parse("", &[]), &FacetFilter::default(), order, 0, 10)
            .unwrap();
        assert_eq!(
            found.ids,
            [5, 4, 3, 2, 1],
            "{order:?}: then by id, highest first"
        );
    }
}

#[test]
fn a_repeated_browse_follows_every_change_of_the_index() {
    use domain::public::search::{FacetFilter, Order};
    use domain::text::query::parse;
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, faceted(30), 1).unwrap();
    let browse = || {
        index
            .browse(
                &parse("ho so", &[]),
                &FacetFilter::default(),
                Order::Newest,
                0,
                5,
            )
            .unwrap()
    };
    let first = browse();
    assert_eq!(first.total, 30);
    assert_eq!(browse(), first, "the same answer, asked again");
    // The index changes: the answer kept for the same query is not served any more.
    replace_all(&index, faceted(12), 2).unwrap();
    let after = browse();
    assert_eq!(after.total, 12);
    assert_eq!(after.facets.sector.values().sum::<u64>(), 12);
    // Other pages and orders are answers of their own.
    let second_page = index
        .browse(
            &parse("ho so", &[]),
            &FacetFilter::default(),
            Order::Newest,
            5,
            5,
        )
        .unwrap();
    assert!(second_page.ids.iter().all(|id| !after.ids.contains(id)));
}
