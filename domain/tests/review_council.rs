//! Service tests of the review councils (issue 4): phases, screening, conflicts through the
//! organisation tree, automatic assignment at scale, the rubric's rules and lock, and the audit chain.
use domain::audit::{self, Problem, Verdict};
use domain::screening::{self, Screen, Skipped};
use domain::testing::{Fixture, TestContext};
use domain::{Error, catalog, conflicts, council, initiatives, review};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use types::{
    CommentRule, ConflictKind, CouncilRole, FieldError, Phase, RefusalReason, Remark, Role, Status,
};

async fn setup() -> (TestContext, Fixture) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    (ctx, f)
}

/// Files an entry of the fixture's submitter for `unit`.
async fn file(ctx: &TestContext, f: &Fixture, title: &str, unit: &str) -> i64 {
    let mut input = domain::testing::application(f.open_campaign, title);
    input.unit = unit.into();
    let valid = input
        .parse(domain::time::today(), "Lò Văn Tác")
        .expect("valid input");
    initiatives::submit(&ctx.services.db, &f.submitter, valid, None)
        .await
        .expect("submit")
        .id
}

async fn eligible(ctx: &TestContext, f: &Fixture, ids: &[i64]) {
    let r = screening::screen(&ctx.services.db, &f.secretary, ids, &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.done, ids, "skipped: {:?}", r.skipped);
}

fn field_error(e: Error, field: &str) -> FieldError {
    match e {
        Error::Invalid(errors) => errors
            .get(field)
            .cloned()
            .unwrap_or_else(|| panic!("no error on {field}: {errors:?}")),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

async fn status(ctx: &TestContext, id: i64) -> Status {
    let m = domain::entities::initiative::Entity::find_by_id(id)
        .one(&ctx.services.db)
        .await
        .unwrap()
        .unwrap();
    Status::from_code(&m.status).unwrap()
}

#[tokio::test]
async fn actions_outside_their_phase_are_refused_naming_the_phase() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, "Sổ tay điện tử cho cán bộ xã", "xa_muong_bam").await;
    let now = domain::time::now();
    let day = chrono::Duration::days(1);
    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Screening,
        now + day,
        now + day * 9,
    )
    .await
    .unwrap();
    let r = screening::screen(db, &f.secretary, &[id], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.skipped, vec![(id, Skipped::OutOfPhase)]);
    assert_eq!(status(&ctx, id).await, Status::Submitted);

    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Screening,
        now - day,
        now + day,
    )
    .await
    .unwrap();
    eligible(&ctx, &f, &[id]).await;
    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Review,
        now - day * 9,
        now - day,
    )
    .await
    .unwrap();
    let e = review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::OutOfPhase(Phase::Review)), "{e:?}");
    // The phases as the council page lists them: submission first, then the dated ones.
    let phases = council::phases(db, f.open_campaign).await.unwrap();
    assert_eq!(
        phases.iter().map(|p| p.phase).collect::<Vec<_>>(),
        Phase::ALL.to_vec()
    );
    // Submission's window is the campaign's own and cannot be set here; a window must not be empty.
    assert!(
        council::set_phase(
            db,
            &f.secretary,
            f.open_campaign,
            Phase::Submission,
            now,
            now + day
        )
        .await
        .is_err()
    );
    assert!(
        council::set_phase(db, &f.secretary, f.open_campaign, Phase::Vote, now, now)
            .await
            .is_err()
    );
    assert!(matches!(
        council::set_phase(
            db,
            &f.reviewer,
            f.open_campaign,
            Phase::Vote,
            now,
            now + day
        )
        .await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn bulk_screening_marks_eligible_refuses_with_reasons_and_reports_what_it_skipped() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let a = file(
        &ctx,
        &f,
        "Bản đồ số điểm du lịch Mộc Châu",
        "phuong_moc_chau",
    )
    .await;
    let b = file(&ctx, &f, "Phần mềm quản lý hồ sơ một cửa", "xa_muong_bam").await;
    let c = file(&ctx, &f, "Camera giám sát rừng Sốp Cộp", "xa_sop_cop").await;
    let r = screening::screen(db, &f.secretary, &[a, b, 999_999], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.done, vec![a, b]);
    assert_eq!(r.skipped, vec![(999_999, Skipped::NotFound)]);
    // Screened once: a second pass skips it.
    let again = screening::screen(db, &f.secretary, &[a], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(again.skipped, vec![(a, Skipped::NotScreenable)]);

    let refuse = Screen::Refuse {
        reasons: vec![RefusalReason::Lapsed, RefusalReason::NotApplied],
        note: "Ngày áp dụng ghi trong đơn không khớp biên bản.".into(),
    };
    let r = screening::screen(db, &f.secretary, &[c], &refuse)
        .await
        .unwrap();
    assert_eq!(r.done, vec![c]);
    assert_eq!(status(&ctx, c).await, Status::Refused);
    let view = initiatives::get_for(db, Some(&f.submitter), c)
        .await
        .unwrap();
    let reasons = view.refusal_reasons.clone().unwrap_or_default();
    assert!(
        reasons.contains("Đã quá một năm kể từ ngày áp dụng lần đầu"),
        "{reasons}"
    );
    assert!(
        reasons.contains("Ngày áp dụng ghi trong đơn không khớp biên bản."),
        "{reasons}"
    );
    // A refusal needs a reason; only secretaries screen.
    let empty = Screen::Refuse {
        reasons: vec![],
        note: " ".into(),
    };
    assert_eq!(
        field_error(
            screening::screen(db, &f.secretary, &[b], &empty)
                .await
                .unwrap_err(),
            "reasons"
        ),
        FieldError::Required
    );
    assert!(matches!(
        screening::screen(db, &f.reviewer, &[b], &Screen::Eligible).await,
        Err(Error::Forbidden)
    ));
    // Asking for corrections goes through the corrections loop.
    let d = file(&ctx, &f, "Tra cứu thủ tục bằng mã QR", "xa_muong_bam").await;
    let ask = Screen::NeedsCorrection(Remark::parse("Bổ sung biên bản áp dụng thử.").unwrap());
    screening::screen(db, &f.secretary, &[d], &ask)
        .await
        .unwrap();
    assert_eq!(status(&ctx, d).await, Status::NeedsCorrection);
}

/// A unit under the Department of Science and Technology, for parent/child conflicts.
async fn office_under_so_khcn(ctx: &TestContext) -> i64 {
    let db = &ctx.services.db;
    let parent = catalog::unit_by_code(db, "so_khcn").await.unwrap().unwrap();
    catalog::ensure_unit(
        db,
        "tt_ung_dung_khcn",
        "Trung tâm Ứng dụng KH&CN",
        "other",
        Some(parent.id),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn conflicts_follow_the_organisation_tree_and_authorship() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    office_under_so_khcn(&ctx).await;
    let at_office = file(
        &ctx,
        &f,
        "Số hóa hồ sơ chuyển giao công nghệ",
        "tt_ung_dung_khcn",
    )
    .await;
    let at_department = file(&ctx, &f, "Cổng dữ liệu khoa học mở", "so_khcn").await;
    let elsewhere = file(&ctx, &f, "Ứng dụng đặt lịch khám bệnh", "bv_da_khoa_tinh").await;
    eligible(&ctx, &f, &[at_office, at_department, elsewhere]).await;

    let parent = ctx
        .account("so@thu.nghiem.vn", "Lường Văn Sở", &[Role::Reviewer])
        .await;
    ctx.set_unit(parent.id, "so_khcn").await;
    let child = ctx
        .account("tt@thu.nghiem.vn", "Hoàng Thị Tâm", &[Role::Reviewer])
        .await;
    ctx.set_unit(child.id, "tt_ung_dung_khcn").await;
    let sibling = ctx
        .account("yte@thu.nghiem.vn", "Mè Văn Tế", &[Role::Reviewer])
        .await;
    ctx.set_unit(sibling.id, "so_y_te").await;

    let kinds = |e, p| async move { conflicts::of(db, e, p).await.unwrap() };
    assert_eq!(
        kinds(at_office, parent.id).await,
        vec![ConflictKind::ParentUnit]
    );
    assert_eq!(
        kinds(at_department, parent.id).await,
        vec![ConflictKind::SameUnit]
    );
    assert_eq!(
        kinds(at_department, child.id).await,
        vec![ConflictKind::ChildUnit]
    );
    assert_eq!(
        kinds(at_office, child.id).await,
        vec![ConflictKind::SameUnit]
    );
    assert!(kinds(at_office, sibling.id).await.is_empty());
    assert!(kinds(elsewhere, parent.id).await.is_empty());

    // Never assigned, by hand either.
    let e = review::assign(db, &f.secretary, at_office, parent.id)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "reviewers"), FieldError::ConflictOfInterest);
    review::assign(db, &f.secretary, at_office, sibling.id)
        .await
        .unwrap();

    // The filer is conflicted with their own entry even as a reviewer.
    let filer_reviewer = ctx
        .account(
            "tacgia-chamdiem@thu.nghiem.vn",
            "Lò Văn Tác",
            &[Role::Reviewer],
        )
        .await;
    domain::accounts::grant_role(db, f.submitter.id, Role::Reviewer)
        .await
        .unwrap();
    assert_eq!(
        kinds(elsewhere, f.submitter.id).await,
        vec![ConflictKind::Author]
    );
    assert!(kinds(elsewhere, filer_reviewer.id).await.is_empty());

    // The chair lifts an organisation conflict with a reason; authorship cannot be lifted.
    let chair = ctx
        .account("chutich@thu.nghiem.vn", "Cầm Văn Chủ", &[])
        .await;
    council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        chair.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap();
    assert!(matches!(
        conflicts::override_conflict(db, &f.secretary, at_department, child.id, "Lý do").await,
        Err(Error::Forbidden)
    ));
    conflicts::override_conflict(
        db,
        &chair,
        at_department,
        child.id,
        "Chuyên gia duy nhất về lĩnh vực này",
    )
    .await
    .unwrap();
    assert!(kinds(at_department, child.id).await.is_empty());
    review::assign(db, &f.secretary, at_department, child.id)
        .await
        .unwrap();
    let e = conflicts::override_conflict(db, &chair, elsewhere, f.submitter.id, "Lý do")
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "user_id"), FieldError::NotAllowed);
}

#[tokio::test]
async fn a_declared_conflict_removes_the_assignment_and_hides_the_entry_everywhere() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, "Hệ thống cảnh báo lũ quét", "xa_muong_la").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    assert_eq!(
        review::queue(db, &f.reviewer, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let e = conflicts::declare(db, &f.reviewer, id, "  ")
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "reason"), FieldError::Required);
    conflicts::declare(db, &f.reviewer, id, "Tác giả là em ruột của tôi.")
        .await
        .unwrap();
    assert!(
        review::queue(db, &f.reviewer, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        review::sheet_page(db, &f.reviewer, id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        initiatives::get_for(db, Some(&f.reviewer), id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        conflicts::of(db, id, f.reviewer.id).await.unwrap(),
        vec![ConflictKind::Declared]
    );
    let e = review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "reviewers"), FieldError::ConflictOfInterest);
}

#[tokio::test]
async fn a_conflict_arising_after_assignment_hides_the_entry() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, "Chữ ký số cho trưởng bản", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    // The reviewer moves to the entry's commune.
    ctx.set_unit(f.reviewer.id, "xa_muong_bam").await;
    assert!(
        review::queue(db, &f.reviewer, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        initiatives::get_for(db, Some(&f.reviewer), id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn automatic_assignment_of_200_entries_to_15_reviewers_respects_conflicts_and_caps() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    office_under_so_khcn(&ctx).await;
    let units = [
        "so_khcn",
        "tt_ung_dung_khcn",
        "so_y_te",
        "xa_muong_bam",
        "phuong_to_hieu",
        "xa_sop_cop",
        "phuong_moc_chau",
        "bv_da_khoa_tinh",
        "so_gddt",
        "xa_van_ho",
    ];
    let mut ids = Vec::new();
    for i in 0..200 {
        ids.push(
            file(
                &ctx,
                &f,
                &format!("Sáng kiến chuyển đổi số số {i}"),
                units[i % units.len()],
            )
            .await,
        );
    }
    eligible(&ctx, &f, &ids).await;
    let mut reviewers = Vec::new();
    for i in 0..15 {
        let r = ctx
            .account(
                &format!("cham{i}@thu.nghiem.vn"),
                &format!("Giám khảo {i}"),
                &[Role::Reviewer],
            )
            .await;
        // Reviewers sit in the same units as the entries: each conflicts with a tenth of them or more
        // (the one in so_khcn also with the office under it).
        ctx.set_unit(r.id, units[i % units.len()]).await;
        reviewers.push(r);
    }
    // One entry already has a reviewer: kept.
    review::assign(db, &f.secretary, ids[2], reviewers[0].id)
        .await
        .unwrap();

    let cap = 45;
    let proposal = review::propose_assignments(db, &f.secretary, f.open_campaign, Some(cap))
        .await
        .unwrap();
    // Nothing applied yet.
    let before = domain::entities::assignment::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert_eq!(before.len(), 1);
    let applied =
        review::apply_assignments(db, &f.secretary, f.open_campaign, &proposal.add, Some(cap))
            .await
            .unwrap();
    assert_eq!(applied, proposal.add.len());

    let rows = domain::entities::assignment::Entity::find()
        .all(db)
        .await
        .unwrap();
    let all_people: Vec<i64> = reviewers
        .iter()
        .map(|r| r.id)
        .chain([f.reviewer.id, f.reviewer2.id])
        .collect();
    let matrix = conflicts::matrix(db, &ids, &all_people).await.unwrap();
    assert!(
        matrix.len() >= 200,
        "the set-up has conflicts to avoid: {}",
        matrix.len()
    );
    let mut per_entry: HashMap<i64, usize> = HashMap::new();
    let mut per_reviewer: HashMap<i64, u32> = HashMap::new();
    for a in &rows {
        assert!(
            !matrix.contains_key(&(a.initiative_id, a.reviewer_id)),
            "conflicted pair {a:?}"
        );
        *per_entry.entry(a.initiative_id).or_default() += 1;
        *per_reviewer.entry(a.reviewer_id).or_default() += 1;
    }
    // 17 reviewers (15 + the fixture's two), 600 places, cap 45: every entry gets exactly 3.
    assert_eq!(proposal.short, vec![]);
    for id in &ids {
        assert_eq!(per_entry.get(id), Some(&3), "entry {id}");
    }
    assert!(per_reviewer.values().all(|n| *n <= cap));
    let (lo, hi) = (
        per_reviewer.values().min().unwrap(),
        per_reviewer.values().max().unwrap(),
    );
    assert!(hi - lo <= 2, "balanced load: {per_reviewer:?}");
    assert!(
        per_entry.contains_key(&ids[2])
            && rows
                .iter()
                .any(|a| a.initiative_id == ids[2] && a.reviewer_id == reviewers[0].id)
    );

    // Proposing again adds nothing: the assignments made are kept, nobody is added twice.
    let again = review::propose_assignments(db, &f.secretary, f.open_campaign, Some(cap))
        .await
        .unwrap();
    assert!(again.add.is_empty() && again.short.is_empty());
    // A stale or forged plan with a conflicted pair is refused as a whole.
    let (e, r) = matrix.keys().next().copied().unwrap();
    let forged = review::apply_assignments(db, &f.secretary, f.open_campaign, &[(e, r)], None)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(forged, "assignments"),
        FieldError::ConflictOfInterest
    );
}

fn sheet(
    criteria: &[catalog::CriterionInfo],
    points: &[&str],
    comments: &[&str],
) -> Vec<review::ScoreInput> {
    criteria
        .iter()
        .zip(points.iter().zip(comments))
        .map(|(c, (p, k))| review::ScoreInput {
            criterion_id: c.id,
            band: String::new(),
            points: p.to_string(),
            comment: k.to_string(),
        })
        .collect()
}

#[tokio::test]
async fn the_rubric_applies_bands_comment_rules_and_weights_and_freezes_after_a_sheet() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let spec = |weight: f64| {
        let mut s: Vec<council::CriterionSpec> = catalog::default_rubric()
            .iter()
            .map(|c| council::CriterionSpec {
                code: c.code.into(),
                name: c.name.into(),
                description: String::new(),
                max_points: c.max_points,
                weight: 1.0,
                bands: c.bands.clone(),
                comment_rule: CommentRule::BelowPercent(50),
            })
            .collect();
        s[2].weight = weight;
        s
    };
    // Overlapping bands are refused.
    let mut bad = spec(1.0);
    bad[0].bands[1].max = 27;
    let e = council::set_rubric(db, &f.secretary, f.open_campaign, bad)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "criteria[0].bands"), FieldError::NotAllowed);
    assert_eq!(
        council::set_rubric(db, &f.secretary, f.open_campaign, spec(2.0))
            .await
            .unwrap(),
        2
    );

    let id = file(
        &ctx,
        &f,
        "Hợp tác xã bán nông sản qua sàn TMĐT",
        "dn_htx_tu_nhien",
    )
    .await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    // Sơn La's novelty bands leave no gap from 0 to 30, so every score falls in a band; a low
    // scalability score needs a comment, a high one does not.
    let e = review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["25", "10", "30"], &["", "", ""]),
    )
    .await
    .unwrap_err();
    assert_eq!(
        field_error(e, &format!("comment_{}", criteria[1].id)),
        FieldError::CommentRequired
    );
    let total = review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(
            &criteria,
            &["25", "10", "30"],
            &["", "Chưa nhân rộng được ngoài xã.", ""],
        ),
    )
    .await
    .unwrap();
    assert_eq!(total, 65);
    let stored = domain::entities::score_sheet::Entity::find()
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.weighted_total, Some(95.0)); // 25 + 10 + 2 × 30
    assert_eq!(stored.rubric_version, 2);
    // Frozen now.
    let e = council::set_rubric(db, &f.secretary, f.open_campaign, spec(1.0))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    assert!(council::rubric_locked(db, f.open_campaign).await.unwrap());
}

#[tokio::test]
async fn points_outside_every_band_are_refused() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let gap = vec![council::CriterionSpec {
        code: "novelty".into(),
        name: "Tính mới".into(),
        description: String::new(),
        max_points: 30,
        weight: 1.0,
        bands: vec![
            catalog::Band {
                min: 21,
                max: 30,
                label: "Tốt".into(),
            },
            catalog::Band {
                min: 0,
                max: 15,
                label: "Nhỏ".into(),
            },
        ],
        comment_rule: CommentRule::Optional,
    }];
    council::set_rubric(db, &f.secretary, f.open_campaign, gap)
        .await
        .unwrap();
    let id = file(&ctx, &f, "Nhắn tin lịch tiêm chủng", "bv_da_khoa_tinh").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    let e = review::submit_sheet(db, &f.reviewer, id, &sheet(&criteria, &["18"], &[""]))
        .await
        .unwrap_err();
    assert_eq!(
        field_error(e, &format!("points_{}", criteria[0].id)),
        FieldError::NotInBand
    );
    assert_eq!(
        review::submit_sheet(db, &f.reviewer, id, &sheet(&criteria, &["22"], &[""]))
            .await
            .unwrap(),
        22
    );
}

#[tokio::test]
async fn the_council_has_one_chair_and_only_presiding_members_choose_the_ranking() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let chair = ctx
        .account("chutich@thu.nghiem.vn", "Cầm Văn Chủ", &[])
        .await;
    let other = ctx
        .account("uyvien@thu.nghiem.vn", "Tòng Thị Viên", &[])
        .await;
    council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        chair.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap();
    council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        other.id,
        CouncilRole::Member,
    )
    .await
    .unwrap();
    let e = council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        other.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap_err();
    assert_eq!(field_error(e, "role"), FieldError::NotAllowed);
    assert!(matches!(
        council::choose_ranking(db, &other, f.open_campaign, true).await,
        Err(Error::Forbidden)
    ));
    council::choose_ranking(db, &chair, f.open_campaign, true)
        .await
        .unwrap();
    assert!(
        council::settings(db, f.open_campaign)
            .await
            .unwrap()
            .rank_by_calibrated
    );
    let members = council::members(db, f.open_campaign).await.unwrap();
    assert_eq!(
        members.iter().map(|m| m.role).collect::<Vec<_>>(),
        vec![CouncilRole::Chair, CouncilRole::Member]
    );
    // Settings are checked as a whole.
    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.vote_numerator = 4;
    s.vote_denominator = 3;
    let e = council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "vote_fraction"), FieldError::NotAllowed);
}

async fn audited_activity(ctx: &TestContext, f: &Fixture) {
    let db = &ctx.services.db;
    let id = file(ctx, f, "Phần mềm quản lý kho thuốc", "bv_da_khoa_tinh").await;
    eligible(ctx, f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    review::assign(db, &f.secretary, id, f.reviewer2.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    let comments = [
        "Mới trong ngành y tế tỉnh.",
        "Áp dụng được ở các bệnh viện huyện.",
        "Giảm tồn kho.",
    ];
    review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["27", "30", "30"], &comments),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_audit_chain_verifies_and_points_at_a_tampered_record() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    audited_activity(&ctx, &f).await;
    let Verdict::Intact { records } = audit::verify(db).await.unwrap() else {
        panic!("fresh chain is intact")
    };
    assert!(
        records >= 4,
        "screening, two assignments, a sheet: {records}"
    );
    // The sheet's history names what was submitted.
    let sheet_rows = domain::entities::audit_log::Entity::find()
        .filter(domain::entities::audit_log::Column::Entity.eq("score_sheet"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(sheet_rows.len(), 1);
    let history = audit::history(db, audit::Entity::ScoreSheet, sheet_rows[0].entity_id)
        .await
        .unwrap();
    assert_eq!(history[0].action, "submit");
    assert!(
        history[0]
            .after
            .as_deref()
            .unwrap()
            .contains("Giảm tồn kho.")
    );

    // Someone edits the sheet's record in the database directly.
    let target = sheet_rows[0].id;
    db.execute_unprepared(&format!(
        "UPDATE audit_log SET after = REPLACE(after, '27', '30') WHERE id = {target}"
    ))
    .await
    .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: target,
            problem: Problem::Altered
        }
    );
}

#[tokio::test]
async fn removing_records_from_the_middle_or_the_end_of_the_chain_is_detected() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    audited_activity(&ctx, &f).await;
    let Verdict::Intact { records } = audit::verify(db).await.unwrap() else {
        panic!("intact")
    };
    db.execute_unprepared(&format!("DELETE FROM audit_log WHERE id = {records}"))
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: records,
            problem: Problem::Truncated
        }
    );
    db.execute_unprepared("DELETE FROM audit_log WHERE id = 2")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: 3,
            problem: Problem::Missing
        }
    );
    // Renumbering to hide the gap breaks the links instead.
    db.execute_unprepared("UPDATE audit_log SET id = 2 WHERE id = 3")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: 2,
            problem: Problem::Altered
        }
    );
}

/// A council of `n` new accounts on the open campaign, the first one chairing.
async fn council_of(ctx: &TestContext, f: &Fixture, n: usize) -> Vec<domain::accounts::User> {
    let mut members = Vec::new();
    for i in 0..n {
        let u = ctx
            .account(
                &format!("hd{i}@thu.nghiem.vn"),
                &format!("Ủy viên {i}"),
                &[],
            )
            .await;
        let role = if i == 0 {
            CouncilRole::Chair
        } else {
            CouncilRole::Member
        };
        council::set_member(&ctx.services.db, &f.secretary, f.open_campaign, u.id, role)
            .await
            .unwrap();
        members.push(u);
    }
    members
}

/// An entry screened eligible with the fixture's two reviewers and a third one assigned.
async fn reviewed_entry(
    ctx: &TestContext,
    f: &Fixture,
    title: &str,
) -> (i64, domain::accounts::User) {
    let db = &ctx.services.db;
    let id = file(ctx, f, title, "xa_muong_bam").await;
    eligible(ctx, f, &[id]).await;
    let third = ctx
        .account("giamkhao3@thu.nghiem.vn", "Sa Văn Ba", &[Role::Reviewer])
        .await;
    for r in [&f.reviewer, &f.reviewer2, &third] {
        review::assign(db, &f.secretary, id, r.id).await.unwrap();
    }
    (id, third)
}

const COMMENTS: [&str; 3] = ["Có tính mới.", "Nhân rộng được.", "Hiệu quả rõ."];

#[tokio::test]
async fn the_panel_aggregates_by_the_campaign_method_and_flags_disagreement_until_resolved() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.aggregation = types::Aggregation::TrimmedMean;
    council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap();
    let (id, third) = reviewed_entry(&ctx, &f, "Quản lý văn bản trên điện thoại").await;
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    // Others' sheets stay hidden until one's own is submitted.
    review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["27", "30", "30"], &COMMENTS),
    )
    .await
    .unwrap();
    let page = review::sheet_page(db, &f.reviewer2, id).await.unwrap();
    assert!(page.others.is_empty() && page.own.is_none());
    review::submit_sheet(
        db,
        &f.reviewer2,
        id,
        &sheet(&criteria, &["22", "28", "30"], &COMMENTS),
    )
    .await
    .unwrap();
    let page = review::sheet_page(db, &f.reviewer2, id).await.unwrap();
    assert_eq!(page.others.len(), 1);
    assert!(page.others[0].reviewer_name.is_empty(), "anonymous");
    assert_eq!(page.others[0].total, Some(87.0));
    // The third reviewer saves a draft, comes back to it, then submits a severe sheet.
    let low = sheet(&criteria, &["10", "12", "14"], &COMMENTS);
    review::save_draft(db, &third, id, &low).await.unwrap();
    assert_eq!(review::sheet_page(db, &third, id).await.unwrap().draft, low);
    let q = review::queue(db, &third, Some(review::SheetState::Draft))
        .await
        .unwrap();
    assert_eq!((q.items.len(), q.submitted, q.total), (1, 0, 1));
    review::submit_sheet(db, &third, id, &low).await.unwrap();

    let p = domain::deliberation::panel(db, &f.secretary, id)
        .await
        .unwrap();
    // totals 87, 80, 36: trimmed mean drops 87 and 36.
    assert_eq!(p.aggregate, Some(80.0));
    assert!(p.calibrated.is_some());
    let keys: Vec<String> = p.flags.iter().map(|f| f.key()).collect();
    assert!(keys.contains(&"spread:novelty".to_string()), "{keys:?}");
    assert!(keys.contains(&"spread:scalability".to_string()), "{keys:?}");
    assert_eq!(p.unresolved.len(), p.flags.len());

    // A flagged entry cannot be decided until the chair records a resolution.
    let chair = ctx
        .account("chutich@thu.nghiem.vn", "Cầm Văn Chủ", &[])
        .await;
    council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        chair.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap();
    domain::deliberation::cast_vote(db, &chair, id, true)
        .await
        .unwrap();
    let decision = || domain::deliberation::DecisionInput {
        decision: types::ValidDecision::Recognised {
            level: types::Level::CoSo,
        },
        award: "Giấy khen".into(),
        decision_no: "15/QĐ-HĐSK".into(),
        comment: "Giải pháp thiết thực cho xã vùng cao.".into(),
        decided_on: None,
    };
    let e = domain::deliberation::decide(db, &f.secretary, id, decision())
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "flags"), FieldError::NotAllowed);
    assert!(matches!(
        domain::deliberation::resolve_flags(db, &f.secretary, id, "Đã xem").await,
        Err(Error::Forbidden)
    ));
    domain::deliberation::resolve_flags(
        db,
        &chair,
        id,
        "Giám khảo 3 chấm theo mẫu cũ; hội đồng giữ điểm trung bình bỏ cực trị.",
    )
    .await
    .unwrap();
    let p = domain::deliberation::panel(db, &chair, id).await.unwrap();
    assert!(p.unresolved.is_empty() && p.resolution.is_some());
    domain::deliberation::decide(db, &f.secretary, id, decision())
        .await
        .unwrap();
    // The chair reads a sheet's history.
    let a = p
        .sheets
        .iter()
        .find(|s| s.reviewer_id == third.id)
        .unwrap()
        .assignment_id;
    let history = domain::deliberation::sheet_history(db, &chair, a)
        .await
        .unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| h.action.as_str())
            .collect::<Vec<_>>(),
        vec!["draft", "submit"]
    );
    assert!(matches!(
        domain::deliberation::sheet_history(db, &f.reviewer, a).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn two_thirds_of_seven_members_is_five_and_a_secret_ballot_keeps_no_link() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.secret_ballot = true;
    council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap();
    let members = council_of(&ctx, &f, 7).await;
    let four = file(&ctx, &f, "Bốn phiếu đồng ý", "xa_muong_bam").await;
    let five = file(&ctx, &f, "Năm phiếu đồng ý", "xa_muong_bam").await;
    for id in [four, five] {
        eligible(&ctx, &f, &[id]).await;
        review::assign(db, &f.secretary, id, f.reviewer.id)
            .await
            .unwrap();
    }
    for (k, m) in members.iter().enumerate() {
        domain::deliberation::cast_vote(db, m, four, k < 4)
            .await
            .unwrap();
        domain::deliberation::cast_vote(db, m, five, k < 5)
            .await
            .unwrap();
    }
    // Once only.
    assert!(matches!(
        domain::deliberation::cast_vote(db, &members[0], four, true).await,
        Err(Error::Conflict(_))
    ));
    // Not a member: as if the entry did not exist.
    assert!(matches!(
        domain::deliberation::cast_vote(db, &f.reviewer2, four, true).await,
        Err(Error::NotFound)
    ));
    let p4 = domain::deliberation::panel(db, &f.secretary, four)
        .await
        .unwrap();
    let p5 = domain::deliberation::panel(db, &f.secretary, five)
        .await
        .unwrap();
    assert_eq!(
        (
            p4.tally.agree,
            p4.tally.entitled,
            p4.tally.needed,
            p4.tally.passed
        ),
        (4, 7, 5, false)
    );
    assert_eq!((p5.tally.agree, p5.tally.passed), (5, true));
    // Who voted is known, not how.
    assert_eq!(p5.tally.voters.len(), 7);
    assert!(
        p5.tally
            .voters
            .iter()
            .all(|(_, _, choice)| choice.is_none())
    );
    let roll = domain::entities::vote_roll::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert!(roll.iter().all(|r| r.choice.is_none()));
    let log = domain::entities::audit_log::Entity::find()
        .filter(domain::entities::audit_log::Column::Entity.eq("vote"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(log.len(), 14);
    assert!(
        log.iter()
            .all(|r| !r.after.as_deref().unwrap_or("").contains("agree"))
    );

    // The failed vote cannot become a recognition; the passed one cannot become a refusal.
    let input = |d| domain::deliberation::DecisionInput {
        decision: d,
        award: String::new(),
        decision_no: String::new(),
        comment: String::new(),
        decided_on: None,
    };
    let recognise = || types::ValidDecision::Recognised {
        level: types::Level::CapTinh,
    };
    let refuse = || types::ValidDecision::Refused {
        reasons: Remark::parse("Chưa đủ hai phần ba số thành viên đồng ý.").unwrap(),
    };
    let e = domain::deliberation::decide(db, &f.secretary, four, input(recognise()))
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::NotAllowed);
    let e = domain::deliberation::decide(db, &f.secretary, five, input(refuse()))
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::NotAllowed);
    domain::deliberation::decide(db, &f.secretary, four, input(refuse()))
        .await
        .unwrap();
    domain::deliberation::decide(db, &f.secretary, five, input(recognise()))
        .await
        .unwrap();
    // A conflicted member is not entitled: a member from the entry's commune leaves six.
    ctx.set_unit(members[6].id, "xa_muong_bam").await;
    let other = file(&ctx, &f, "Sáu người được biểu quyết", "xa_muong_bam").await;
    eligible(&ctx, &f, &[other]).await;
    review::assign(db, &f.secretary, other, f.reviewer.id)
        .await
        .unwrap();
    let p = domain::deliberation::panel(db, &f.secretary, other)
        .await
        .unwrap();
    assert_eq!((p.tally.entitled, p.tally.needed), (6, 4));
    assert!(matches!(
        domain::deliberation::cast_vote(db, &members[6], other, true).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn decisions_stay_hidden_until_the_announcement_publishes_them_all() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(
        &ctx,
        &f,
        "Hóa đơn điện tử cho hộ kinh doanh",
        "phuong_to_hieu",
    )
    .await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["25", "30", "31"], &COMMENTS),
    )
    .await
    .unwrap();
    council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.admin.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap();
    domain::deliberation::cast_vote(db, &f.admin, id, true)
        .await
        .unwrap();
    domain::deliberation::decide(
        db,
        &f.secretary,
        id,
        domain::deliberation::DecisionInput {
            decision: types::ValidDecision::Recognised {
                level: types::Level::CapTinh,
            },
            award: "Bằng khen".into(),
            decision_no: "7/QĐ-UBND".into(),
            comment: "Nhân rộng cho các phường.".into(),
            decided_on: None,
        },
    )
    .await
    .unwrap();
    // The filer still sees the entry under review; the public sees nothing.
    let seen = initiatives::get_for(db, Some(&f.submitter), id)
        .await
        .unwrap();
    assert_eq!((seen.status, seen.level), (Status::UnderReview, None));
    assert!(matches!(
        initiatives::public(db, id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(domain::deliberation::scorecard(db, id).await.unwrap(), None);
    // Announcing is its own phase.
    let now = domain::time::now();
    let day = chrono::Duration::days(1);
    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Announcement,
        now + day,
        now + day * 30,
    )
    .await
    .unwrap();
    let e = domain::deliberation::publish(db, &f.secretary, f.open_campaign)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::OutOfPhase(Phase::Announcement)), "{e:?}");
    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Announcement,
        now - day,
        now + day * 30,
    )
    .await
    .unwrap();
    assert_eq!(
        domain::deliberation::publish(db, &f.secretary, f.open_campaign)
            .await
            .unwrap(),
        1
    );
    let public = initiatives::public(db, id).await.unwrap();
    assert_eq!(
        (public.status, public.level, public.score),
        (Status::Recognised, Some(types::Level::CapTinh), Some(86.0))
    );
    assert_eq!(public.decision_no.as_deref(), Some("7/QĐ-UBND"));
    let card = domain::deliberation::scorecard(db, id)
        .await
        .unwrap()
        .expect("scorecard");
    assert_eq!(card.aggregate, Some(86.0));
    assert_eq!(card.comment.as_deref(), Some("Nhân rộng cho các phường."));
    assert_eq!(card.criteria.len(), 3);
    assert_eq!(card.criteria[0].3, Some(25.0));
    // The filer was told.
    let note = domain::notifications::list(db, &f.submitter).await.unwrap();
    assert!(
        note[0].message.contains("Được công nhận"),
        "{}",
        note[0].message
    );
    // Published decisions are final.
    assert_eq!(
        domain::deliberation::publish(db, &f.secretary, f.open_campaign)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn reviewers_never_see_personal_particulars_and_blind_review_hides_identities() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, "Sổ theo dõi tiêm chủng điện tử", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let v = review::sheet_page(db, &f.reviewer, id).await.unwrap().view;
    assert!(
        v.authors
            .iter()
            .all(|a| a.birth_date.is_none() && a.email.is_none())
    );
    assert!(v.adopters.iter().all(|a| a.birth_date.is_none()));
    assert_eq!(v.authors[0].name, "Lò Văn Tác");
    // The secretary still sees everything.
    let full = initiatives::get_for(db, Some(&f.secretary), id)
        .await
        .unwrap();
    assert!(full.authors[0].birth_date.is_some());

    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.blind_review = true;
    council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap();
    let v = review::sheet_page(db, &f.reviewer, id).await.unwrap().view;
    assert!(
        v.authors
            .iter()
            .all(|a| a.name.is_empty() && a.workplace.is_none())
    );
    assert!(
        v.adopters
            .iter()
            .all(|a| a.name.is_empty() && a.workplace.is_empty())
    );
    assert!(v.unit.name.is_empty() && v.owner_id.is_none());
    let q = review::queue(db, &f.reviewer, None).await.unwrap();
    assert_eq!(q.items.len(), 1);
    assert!(q.items[0].initiative.unit_name.is_empty());
}

#[tokio::test]
async fn nothing_is_refused_before_the_vote_is_settled_and_the_ballot_kind_is_then_fixed() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let members = council_of(&ctx, &f, 3).await;
    let id = file(&ctx, &f, "Chưa biểu quyết xong", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let refuse = || domain::deliberation::DecisionInput {
        decision: types::ValidDecision::Refused {
            reasons: Remark::parse("Không đạt hai phần ba.").unwrap(),
        },
        award: String::new(),
        decision_no: String::new(),
        comment: String::new(),
        decided_on: None,
    };
    // Nobody has voted: a refusal would pre-empt the council (and the vote is open).
    let e = domain::deliberation::decide(db, &f.secretary, id, refuse())
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::VoteOpen);
    // One disagrees: two of three could still pass it.
    domain::deliberation::cast_vote(db, &members[0], id, false)
        .await
        .unwrap();
    let e = domain::deliberation::decide(db, &f.secretary, id, refuse())
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::VoteOpen);
    // Votes have been cast: the ballot cannot turn secret now.
    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.secret_ballot = true;
    let e = council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "secret_ballot"), FieldError::NotAllowed);
    // A second disagreement settles it; the secretary closes the vote (the third member will not
    // vote) and records the refusal.
    domain::deliberation::cast_vote(db, &members[1], id, false)
        .await
        .unwrap();
    assert_eq!(review::queue(db, &f.reviewer, None).await.unwrap().total, 1);
    domain::deliberation::close_vote(db, &f.secretary, id)
        .await
        .unwrap();
    // The reviewer never sent a sheet, and cannot now: the entry leaves their queue.
    let q = review::queue(db, &f.reviewer, None).await.unwrap();
    assert!(q.items.is_empty() && q.total == 0, "{q:?}");
    domain::deliberation::decide(db, &f.secretary, id, refuse())
        .await
        .unwrap();
}

#[tokio::test]
async fn points_must_fall_in_the_band_the_reviewer_picked() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, "Chọn mức trước khi cho điểm", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    let mut input = sheet(&criteria, &["25", "30", "30"], &COMMENTS);
    // Sơn La's novelty bands: 25 lies in "21–26", not in "27–30".
    input[0].band = "27-30".into();
    let e = review::submit_sheet(db, &f.reviewer, id, &input)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(e, &format!("points_{}", criteria[0].id)),
        FieldError::NotInBand
    );
    // A band the criterion does not have is refused the same way.
    input[0].band = "20-25".into();
    assert!(
        review::submit_sheet(db, &f.reviewer, id, &input)
            .await
            .is_err()
    );
    // The picked band travels with the draft.
    input[0].band = "21-26".into();
    review::save_draft(db, &f.reviewer, id, &input)
        .await
        .unwrap();
    assert_eq!(
        review::sheet_page(db, &f.reviewer, id).await.unwrap().draft[0].band,
        "21-26"
    );
    assert_eq!(
        review::submit_sheet(db, &f.reviewer, id, &input)
            .await
            .unwrap(),
        85
    );
}

/// Issue 17, hole 6: while the vote is open, a panel shows how many have voted and nothing of how or
/// who (each change would reveal a ballot); the counts appear once every entitled member has voted.
/// Members voting at the same moment are all counted (one upsert, no read-then-write).
#[tokio::test]
async fn an_open_vote_shows_only_how_many_voted_and_simultaneous_votes_all_count() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let members = council_of(&ctx, &f, 6).await;
    let id = file(&ctx, &f, "Biểu quyết kín đến khi xong", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    domain::deliberation::cast_vote(db, &members[0], id, true)
        .await
        .unwrap();
    for viewer in [&f.secretary, &members[1], &members[0]] {
        let p = domain::deliberation::panel(db, viewer, id).await.unwrap();
        let t = &p.tally;
        assert!(!t.closed, "one of six has voted");
        assert_eq!((t.ballots, t.entitled), (1, 6));
        assert_eq!(
            (t.agree, t.disagree, t.passed),
            (0, 0, false),
            "no counts while open"
        );
        assert!(t.voters.is_empty(), "nor who has voted");
    }
    let own = domain::deliberation::panel(db, &members[0], id)
        .await
        .unwrap();
    assert!(own.viewer_voted && !own.viewer_may_vote);
    // The other five at once.
    let votes = members[1..].iter().enumerate().map(|(k, m)| {
        let (db, m) = (db.clone(), m.clone());
        tokio::spawn(async move { domain::deliberation::cast_vote(&db, &m, id, k != 0).await })
    });
    for v in futures_util::future::join_all(votes).await {
        v.unwrap().unwrap();
    }
    let p = domain::deliberation::panel(db, &f.secretary, id)
        .await
        .unwrap();
    let t = &p.tally;
    assert!(t.closed);
    assert_eq!(
        (t.agree, t.disagree, t.ballots),
        (5, 1, 6),
        "every ballot counted once"
    );
    assert!(t.passed);
    assert_eq!(
        t.voters.len(),
        6,
        "who voted is shown once the vote is over"
    );
}

/// Issue 17, hole 6: while the vote is open, `decide` gives one answer whatever the counts (an
/// outcome refused or accepted would tell how the vote stands); the council and the vote's end are
/// fixed while votes are under way; a closed vote takes no more ballots; a voter who became
/// conflicted does not close the vote for those still to vote.
#[tokio::test]
async fn an_open_vote_cannot_be_read_through_decisions_or_council_changes() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let members = council_of(&ctx, &f, 3).await;
    let id = file(&ctx, &f, "Không dò được phiếu", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let input = |d| domain::deliberation::DecisionInput {
        decision: d,
        award: String::new(),
        decision_no: String::new(),
        comment: String::new(),
        decided_on: None,
    };
    let recognise = || types::ValidDecision::Recognised {
        level: types::Level::CoSo,
    };
    let refuse = || types::ValidDecision::Refused {
        reasons: Remark::parse("Không đạt.").unwrap(),
    };
    domain::deliberation::cast_vote(db, &members[0], id, true)
        .await
        .unwrap();
    domain::deliberation::cast_vote(db, &members[1], id, true)
        .await
        .unwrap();
    // Two of three agree (it passes), but both outcomes get the same answer.
    for d in [recognise(), refuse()] {
        let e = domain::deliberation::decide(db, &f.secretary, id, input(d))
            .await
            .unwrap_err();
        assert_eq!(field_error(e, "outcome"), FieldError::VoteOpen);
    }
    // Removing the member who has not voted, adding one, or ending the vote phase now would close it.
    let e = council::remove_member(db, &f.secretary, f.open_campaign, members[2].id)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "user_id"), FieldError::VotesUnderWay);
    let e = council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.reviewer2.id,
        CouncilRole::Member,
    )
    .await
    .unwrap_err();
    assert_eq!(field_error(e, "user_id"), FieldError::VotesUnderWay);
    let now = domain::time::now();
    let e = council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Vote,
        now - chrono::Duration::days(5),
        now - chrono::Duration::minutes(1),
    )
    .await
    .unwrap_err();
    assert_eq!(field_error(e, "ends_at"), FieldError::VotesUnderWay);
    // A voter who becomes conflicted leaves two entitled, one of whom has voted: still open.
    ctx.set_unit(members[0].id, "xa_muong_bam").await;
    let p = domain::deliberation::panel(db, &f.secretary, id)
        .await
        .unwrap();
    assert_eq!(
        (p.tally.entitled, p.tally.ballots, p.tally.closed),
        (2, 1, false)
    );
    // Only the campaign's secretary or the chair closes it; then no more ballots.
    assert!(matches!(
        domain::deliberation::close_vote(db, &members[1], id).await,
        Err(Error::NotFound)
    ));
    domain::deliberation::close_vote(db, &f.secretary, id)
        .await
        .unwrap();
    let e = domain::deliberation::cast_vote(db, &members[2], id, false)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "choice"), FieldError::NotAllowed);
    let p = domain::deliberation::panel(db, &members[2], id)
        .await
        .unwrap();
    assert!(p.tally.closed);
    assert!(!p.viewer_may_vote, "no ballot form once closed");
    assert_eq!(p.tally.agree, 2, "the counts show once closed");
    let e = domain::deliberation::close_vote(db, &f.secretary, id)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(e, "close"),
        FieldError::Stale,
        "closed once, by one person"
    );
    domain::deliberation::decide(db, &f.secretary, id, input(recognise()))
        .await
        .unwrap();
}
