//! Screening, conflicts of interest, assignment (by hand and automatic), what reviewers see, and
//! score sheets' bands.
use crate::support::{COMMENTS, eligible, field_error, file, setup, sheet, status};
use domain::review::screening::{self, Screen, Skipped};
use domain::testing::TestContext;
use domain::{Error, accounts::conflicts, catalog, council, review, submission::initiatives};
use sea_orm::EntityTrait;
use std::collections::HashMap;
use types::{ConflictKind, CouncilRole, FieldError, RefusalReason, Remark, Role, Status};

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
        council::override_conflict(db, &f.secretary, at_department, child.id, "Lý do").await,
        Err(Error::Forbidden)
    ));
    council::override_conflict(
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
    let e = council::override_conflict(db, &chair, elsewhere, f.submitter.id, "Lý do")
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
    let e = domain::review::declare_conflict(db, &f.reviewer, id, "  ")
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "reason"), FieldError::Required);
    domain::review::declare_conflict(db, &f.reviewer, id, "Tác giả là em ruột của tôi.")
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
