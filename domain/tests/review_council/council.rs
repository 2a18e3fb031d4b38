//! The council's phases, rubric, chair, ranking and settings, and the panel with its flags.
use crate::support::{COMMENTS, eligible, field_error, file, setup, sheet, status};
use domain::review::screening::{self, Screen, Skipped};
use domain::testing::{Fixture, TestContext};
use domain::{Error, catalog, council, review};
use sea_orm::EntityTrait;
use types::{CommentRule, CouncilRole, FieldError, Phase, Role, Status};

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

    let p = domain::council::deliberation::panel(db, &f.secretary, id)
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
    domain::council::deliberation::cast_vote(db, &chair, id, true)
        .await
        .unwrap();
    let decision = || domain::council::deliberation::DecisionInput {
        decision: types::ValidDecision::Recognised {
            level: types::Level::CoSo,
        },
        award: "Giấy khen".into(),
        decision_no: "15/QĐ-HĐSK".into(),
        comment: "Giải pháp thiết thực cho xã vùng cao.".into(),
        decided_on: None,
    };
    let e = domain::council::deliberation::decide(db, &f.secretary, id, decision())
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "flags"), FieldError::NotAllowed);
    assert!(matches!(
        domain::council::deliberation::resolve_flags(db, &f.secretary, id, "Đã xem").await,
        Err(Error::Forbidden)
    ));
    domain::council::deliberation::resolve_flags(
        db,
        &chair,
        id,
        "Giám khảo 3 chấm theo mẫu cũ; hội đồng giữ điểm trung bình bỏ cực trị.",
    )
    .await
    .unwrap();
    let p = domain::council::deliberation::panel(db, &chair, id)
        .await
        .unwrap();
    assert!(p.unresolved.is_empty() && p.resolution.is_some());
    domain::council::deliberation::decide(db, &f.secretary, id, decision())
        .await
        .unwrap();
    // The chair reads a sheet's history.
    let a = p
        .sheets
        .iter()
        .find(|s| s.reviewer_id == third.id)
        .unwrap()
        .assignment_id;
    let history = domain::council::deliberation::sheet_history(db, &chair, a)
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
        domain::council::deliberation::sheet_history(db, &f.reviewer, a).await,
        Err(Error::NotFound)
    ));
}
