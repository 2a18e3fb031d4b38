//! The search index, public pages and search, similar entries, staff search, facets and places.
use crate::support::{input, setup, submit, valid};
use domain::public::search::apply_pending;
use domain::testing::{Fixture, TestContext};
use domain::{public, submission::initiatives};
use types::{Level, ValidDecision};

#[tokio::test]
async fn a_lost_index_is_rebuilt_from_the_database() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let v = submit(&ctx, &f, "Cổng dữ liệu mở của tỉnh Sơn La").await;
    ctx.conclude(&f, v.id, ValidDecision::Recognised { level: Level::CoSo })
        .await
        .unwrap();
    apply_pending(&s.db, &s.search).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fresh = domain::public::search::SearchIndex::open(dir.path()).unwrap();
    assert_eq!(fresh.last_applied().unwrap(), None);
    apply_pending(&s.db, &fresh).await.unwrap();
    assert_eq!(fresh.search("du lieu mo", 0, 10).unwrap().ids, vec![v.id]);
}

/// Recognises an entry (screening, one assignment, the council's vote, decision, announcement; no
/// score sheets) and indexes it.
async fn recognise(ctx: &TestContext, f: &Fixture, id: i64) {
    let s = &ctx.services;
    ctx.conclude(f, id, ValidDecision::Recognised { level: Level::CoSo })
        .await
        .unwrap();
    apply_pending(&s.db, &s.search).await.unwrap();
}

#[tokio::test]
async fn confidential_sections_and_personal_data_never_reach_the_public_or_search() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let mut i = input(&f, "Sổ tay số hóa hồ sơ địa chính");
    i.known_solution = "Thuật toán bí mật xylophonic dùng cho đối chiếu thửa đất.".into();
    i.confidential.insert("known_solution".into(), "on".into());
    i.description = "Quy trình mật quetzalcoatl để số hóa bản đồ địa chính.".into();
    i.confidential.insert("new_solution".into(), "on".into());
    let v = initiatives::submit(&s.db, &f.submitter, valid(&i), None)
        .await
        .unwrap();
    recognise(&ctx, &f, v.id).await;

    let public = initiatives::public(&s.db, v.id).await.unwrap();
    assert!(public.sections.iter().all(|x| !x.confidential));
    assert!(
        !public
            .sections
            .iter()
            .any(|x| x.body.contains("xylophonic") || x.body.contains("quetzalcoatl"))
    );
    assert_eq!(
        public.description, "",
        "a confidential description is not public"
    );
    assert!(
        public
            .authors
            .iter()
            .all(|a| a.birth_date.is_none() && a.email.is_none())
    );
    assert!(public.adopters.iter().all(|a| a.birth_date.is_none()));
    for q in ["xylophonic", "quetzalcoatl"] {
        let page = public::search_summaries(s, q, &Default::default(), Default::default(), 1, 20)
            .await
            .unwrap();
        assert_eq!(page.total, 0, "{q} must not be searchable");
    }
    let page = public::search_summaries(
        s,
        "dia chinh",
        &Default::default(),
        Default::default(),
        1,
        20,
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1, "the public title is searchable");

    // The filer and the secretary still see everything.
    let full = initiatives::get_for(&s.db, Some(&f.secretary), v.id)
        .await
        .unwrap();
    assert!(full.sections.iter().any(|x| x.body.contains("xylophonic")));
    assert!(full.description.contains("quetzalcoatl"));
}

#[tokio::test]
async fn similar_recognised_entries_are_found_however_the_title_is_typed() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let mut ids = Vec::new();
    for (title, summary) in [
        (
            "Bản đồ số du lịch Mộc Châu",
            "Bản đồ số các điểm du lịch cộng đồng ở Mộc Châu cho du khách.",
        ),
        (
            "Sổ sức khỏe điện tử cho người cao tuổi",
            "Theo dõi sức khỏe người cao tuổi tại trạm y tế xã.",
        ),
        (
            "Chữ ký số cho trưởng bản",
            "Trưởng bản ký số văn bản gửi xã, không phải đi lại.",
        ),
    ] {
        let mut i = input(&f, title);
        i.summary = summary.into();
        let v = initiatives::submit(&s.db, &f.submitter, valid(&i), None)
            .await
            .unwrap();
        ctx.conclude(&f, v.id, ValidDecision::Recognised { level: Level::CoSo })
            .await
            .unwrap();
        ids.push(v.id);
    }
    let hidden = submit(&ctx, &f, "Bản đồ số du lịch Sơn La chưa duyệt").await;
    apply_pending(&s.db, &s.search).await.unwrap();

    let found = public::similar_to(s, "ban do du lich moc chau", "diem du lich cong dong", 5)
        .await
        .unwrap();
    assert_eq!(found.first().map(|x| x.id), Some(ids[0]), "{found:?}");
    assert!(
        found.iter().all(|x| x.id != hidden.id),
        "only recognised entries"
    );
    assert!(found.len() <= 5);
    assert!(public::similar_to(s, "", "", 5).await.unwrap().is_empty());
}

#[tokio::test]
async fn staff_search_finds_words_and_case_numbers_without_marks_and_never_a_conflicted_entry() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let map = submit(&ctx, &f, "Bản đồ số du lịch Mộc Châu").await;
    let mediation = submit(&ctx, &f, "Sổ tay hòa giải điện tử").await;
    // The secretary's own entry: a conflict (author).
    let own = initiatives::submit(
        db,
        &f.secretary,
        valid(&input(&f, "Bản đồ số nông sản")),
        None,
    )
    .await
    .unwrap();
    let found = |words: &'static str| {
        let secretary = f.secretary.clone();
        async move {
            initiatives::for_secretary(db, &secretary, None, words)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        }
    };
    // The work list leaves the conflicted entry out too, not only a search (issue 17, hole 7).
    let all = found("").await;
    for id in [map.id, mediation.id] {
        assert!(all.contains(&id), "{id} in {all:?}");
    }
    assert!(
        !all.contains(&own.id),
        "own entry in the work list: {all:?}"
    );
    assert_eq!(found("ban do so").await, [map.id], "own entry left out");
    assert_eq!(found("SỔ TAY HOÀ GIẢI").await, [mediation.id]);
    assert_eq!(found("\"du lich moc chau\"").await, [map.id]);
    assert!(found("ban do -\"du lich\"").await.is_empty());
    assert!(
        found("\"moc chau du lich\"").await.is_empty(),
        "a phrase in order"
    );
    let code = mediation.code.clone().unwrap();
    let by_code = initiatives::for_secretary(db, &f.secretary, None, &code)
        .await
        .unwrap();
    assert_eq!(by_code.len(), 1);
    assert_eq!(by_code[0].id, mediation.id);
    assert!(
        initiatives::for_secretary(db, &f.submitter, None, "ban do")
            .await
            .is_err(),
        "only secretaries"
    );
}

#[tokio::test]
async fn facet_counts_follow_each_recognition_once_it_is_searchable() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let count = || async {
        let page = public::search_summaries(
            s,
            "",
            &public::Filters::default(),
            public::Sort::Newest,
            1,
            20,
        )
        .await
        .unwrap();
        (page.total, page.facets.pillar.values().sum::<u64>())
    };
    let first = submit(&ctx, &f, "Sổ tay chuyển đổi số cho bản").await;
    recognise(&ctx, &f, first.id).await;
    assert_eq!(count().await, (1, 1));
    // The index counts the facets: the next recognition counts once it is searchable.
    let second = submit(&ctx, &f, "Bản đồ số nông sản").await;
    recognise(&ctx, &f, second.id).await;
    assert_eq!(count().await, (2, 2));
    let page = public::search_summaries(
        s,
        "ban do",
        &public::Filters::default(),
        public::Sort::Relevance,
        1,
        20,
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].id, second.id);
}

/// Files and recognises an entry of a unit (by code); the entry is then moved to `moved_to`, as an
/// entry of a unit that no longer takes filings (an old commune) would be imported.
async fn recognised_of(
    ctx: &TestContext,
    f: &Fixture,
    title: &str,
    unit: &str,
    moved_to: Option<&str>,
) -> i64 {
    use domain::entities::initiative;
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let db = &ctx.services.db;
    let mut i = input(f, title);
    i.unit = unit.into();
    let id = initiatives::submit(db, &f.submitter, valid(&i), None)
        .await
        .expect("submit")
        .id;
    if let Some(code) = moved_to {
        let unit = domain::catalog::unit_by_code(db, code)
            .await
            .unwrap()
            .expect("unit");
        initiative::Entity::update(initiative::ActiveModel {
            id: Set(id),
            unit_id: Set(unit.id),
            ..Default::default()
        })
        .exec(db)
        .await
        .unwrap();
    }
    recognise(ctx, f, id).await;
    id
}

#[tokio::test]
async fn places_find_entries_across_the_reform_in_the_index_and_in_the_database() {
    use domain::catalog::places::{PlaceLine, PlaceProblem, PlacesFailed};
    use sea_orm::{ActiveValue::Set, EntityTrait};
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let db = &s.db;
    // An old commune of Mai Sơn district, dissolved on 30 June 2025.
    let mai_son = domain::catalog::unit_by_code(db, "h_mai_son")
        .await
        .unwrap()
        .unwrap();
    domain::entities::unit::Entity::insert(domain::entities::unit::ActiveModel {
        code: Set("xa_hat_lot".into()),
        name: Set("Thị trấn Hát Lót".into()),
        kind: Set("commune".into()),
        parent_id: Set(Some(mai_son.id)),
        valid_to: Set(chrono::NaiveDate::from_ymd_opt(2025, 6, 30)),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();
    let line = |line, unit: &str, district: &str, successor: &str| PlaceLine {
        line,
        unit: unit.into(),
        former_district: Some(district.to_string()).filter(|s| !s.is_empty()),
        successor: Some(successor.to_string()).filter(|s| !s.is_empty()),
    };

    // A file with bad lines changes nothing and names every bad line.
    let bad = [
        line(1, "xa_hat_lot", "", "xa_mai_son"),
        line(2, "xa_khong_co", "h_mai_son", ""),
        line(3, "xa_yen_chau", "so_y_te", ""),
        line(4, "xa_hat_lot", "", "h_yen_chau"),
    ];
    let Err(PlacesFailed::Lines(errors)) = domain::catalog::places::apply(db, &bad, true).await
    else {
        panic!("refused");
    };
    let problems: Vec<(usize, PlaceProblem)> =
        errors.into_iter().map(|e| (e.line, e.problem)).collect();
    assert_eq!(
        problems,
        [
            (2, PlaceProblem::UnknownUnit("unit")),
            (3, PlaceProblem::NotDistrict),
            (4, PlaceProblem::BadSuccessor),
        ]
    );
    let hat_lot = domain::catalog::unit_by_code(db, "xa_hat_lot")
        .await
        .unwrap()
        .unwrap();
    assert!(
        domain::catalog::places::load(db)
            .await
            .unwrap()
            .of(hat_lot.id)
            .len()
            == 2,
        "only its own code and its district: no successor was stored"
    );

    // The old commune was merged into today's Xã Mai Sơn (the demo maps it to Mai Sơn district).
    let report =
        domain::catalog::places::apply(db, &[line(1, "xa_hat_lot", "", "xa_mai_son")], true)
            .await
            .unwrap();
    assert_eq!((report.units, report.successors), (1, 1));
    let old = recognised_of(
        &ctx,
        &f,
        "Loa truyền thanh thông minh",
        "xa_mai_son",
        Some("xa_hat_lot"),
    )
    .await;
    let new = recognised_of(&ctx, &f, "Chợ nông sản trên mạng", "xa_mai_son", None).await;
    let elsewhere = recognised_of(&ctx, &f, "Bản đồ số chè", "xa_yen_chau", None).await;
    let province_wide = recognised_of(&ctx, &f, "Hồ sơ sức khỏe điện tử", "so_y_te", None).await;
    apply_pending(db, &s.search).await.unwrap();

    let search = |services: domain::Services, place: &'static str| async move {
        let filters = public::Filters {
            place: Some(place.to_string()).filter(|p| !p.is_empty()),
            ..Default::default()
        };
        let page = public::search_summaries(&services, "", &filters, public::Sort::Newest, 1, 20)
            .await
            .unwrap();
        let mut ids: Vec<i64> = page.items.iter().map(|i| i.id).collect();
        ids.sort();
        (ids, page.facets)
    };
    // The index, then the database while an index is being built: the same answers.
    let mut unready = s.clone();
    let building = tempfile::tempdir().unwrap();
    unready.search = domain::public::search::SearchIndex::open(building.path()).unwrap();
    assert!(!unready.search.is_ready());
    for services in [s.clone(), unready] {
        let (all, facets) = search(services.clone(), "").await;
        assert_eq!(all.len(), 4);
        assert_eq!(facets.place["h_mai_son"], 2, "{facets:?}");
        assert_eq!(facets.place["xa_mai_son"], 2);
        assert_eq!(facets.place["xa_hat_lot"], 1);
        assert_eq!(facets.place["h_yen_chau"], 1);
        assert!(
            !facets.place.contains_key("so_y_te"),
            "a department is no place"
        );
        assert_eq!(facets.unit_names["h_mai_son"], "Huyện Mai Sơn");
        assert_eq!(
            facets.unit_ends.get("h_mai_son"),
            chrono::NaiveDate::from_ymd_opt(2025, 6, 30).as_ref()
        );
        assert!(!facets.unit_ends.contains_key("xa_mai_son"));
        let mut old_and_new = vec![old, new];
        old_and_new.sort();
        assert_eq!(search(services.clone(), "h_mai_son").await.0, old_and_new);
        assert_eq!(
            search(services.clone(), "xa_mai_son").await.0,
            old_and_new,
            "today's commune finds the old one merged into it"
        );
        assert_eq!(search(services.clone(), "xa_hat_lot").await.0, [old]);
        assert_eq!(search(services.clone(), "h_yen_chau").await.0, [elsewhere]);
        assert!(search(services.clone(), "so_y_te").await.0.is_empty());
        assert!(!all.is_empty() && all.contains(&province_wide));
    }

    // A new mapping reaches the index through the outbox (a rebuild).
    domain::catalog::places::apply(db, &[line(1, "xa_yen_chau", "h_mai_son", "")], true)
        .await
        .unwrap();
    apply_pending(db, &s.search).await.unwrap();
    let (in_mai_son, facets) = search(s.clone(), "h_mai_son").await;
    assert_eq!(in_mai_son.len(), 3);
    assert!(in_mai_son.contains(&elsewhere));
    assert!(
        !facets.place.contains_key("h_yen_chau"),
        "the file replaced Yên Châu for that unit"
    );
}
