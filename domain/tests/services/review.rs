//! Assignment, score sheets, the journey to a decision (recognised and public, or refused), the
//! status history, and notifications of status changes.
use crate::support::{eligible, input, invalid_field, setup, submit, valid};
use domain::public::search::apply_pending;
use domain::{Error, public, review, submission::initiatives};
use types::{FieldError, Level, Status, ValidDecision};

#[tokio::test]
async fn only_a_secretary_assigns_and_only_reviewers_can_be_assigned() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Lớp học số cho học sinh bán trú").await;
    eligible(db, &f, v.id).await;
    assert!(matches!(
        review::assign(db, &f.reviewer, v.id, f.reviewer.id).await,
        Err(Error::Forbidden)
    ));
    let e = review::assign(db, &f.secretary, v.id, f.other_submitter.id)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "reviewers"), FieldError::NotAllowed);
    review::assign(db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    assert!(matches!(
        review::assign(db, &f.secretary, v.id, f.reviewer.id).await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(
        initiatives::get_for(db, Some(&f.secretary), v.id)
            .await
            .unwrap()
            .status,
        Status::UnderReview
    );
}

fn sheet(criteria: &[domain::catalog::CriterionInfo], points: &[&str]) -> Vec<review::ScoreInput> {
    criteria
        .iter()
        .zip(points)
        .map(|(c, p)| review::ScoreInput {
            criterion_id: c.id,
            band: String::new(),
            points: p.to_string(),
            comment: format!("Nhận xét về {}", c.name),
        })
        .collect()
}

#[tokio::test]
async fn scores_are_bounded_per_criterion_and_need_a_comment() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Truy xuất nguồn gốc xoài Yên Châu").await;
    eligible(db, &f, v.id).await;
    review::assign(db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = domain::catalog::criteria(db, f.open_campaign)
        .await
        .unwrap();
    let mut bad = sheet(&criteria, &["31", "20", "20"]);
    bad[1].comment = "  ".into();
    let e = review::submit_sheet(db, &f.reviewer, v.id, &bad)
        .await
        .unwrap_err();
    let Error::Invalid(errors) = e else {
        panic!("expected invalid")
    };
    assert_eq!(
        errors.get(&format!("points_{}", criteria[0].id)),
        Some(&FieldError::OutOfRange { min: 0, max: 30 })
    );
    assert_eq!(
        errors.get(&format!("comment_{}", criteria[1].id)),
        Some(&FieldError::CommentRequired)
    );
    // Nothing was stored: a valid sheet still goes through.
    assert_eq!(
        review::submit_sheet(
            db,
            &f.reviewer,
            v.id,
            &sheet(&criteria, &["27", "30", "31"])
        )
        .await
        .unwrap(),
        88
    );
}

#[tokio::test]
async fn a_reviewer_cannot_score_an_entry_not_assigned_to_them() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Chữ ký số cho trưởng bản").await;
    eligible(db, &f, v.id).await;
    review::assign(db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = domain::catalog::criteria(db, f.open_campaign)
        .await
        .unwrap();
    let r = review::submit_sheet(
        db,
        &f.reviewer2,
        v.id,
        &sheet(&criteria, &["20", "20", "20"]),
    )
    .await;
    assert!(matches!(r, Err(Error::NotFound)));
    assert!(matches!(
        review::sheet_page(db, &f.reviewer2, v.id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn whole_journey_ends_in_public_search_with_folded_diacritics() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let v = submit(&ctx, &f, "Chuyển đổi số hồ sơ điện tử tại xã Mường Bám").await;
    let hidden = submit(&ctx, &f, "Chuyển đổi số kho lưu trữ điện tử chưa duyệt").await;
    domain::review::screening::screen(
        &s.db,
        &f.secretary,
        &[v.id],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    for r in [&f.reviewer, &f.reviewer2] {
        review::assign(&s.db, &f.secretary, v.id, r.id)
            .await
            .unwrap();
    }
    let criteria = domain::catalog::criteria(&s.db, f.open_campaign)
        .await
        .unwrap();
    review::submit_sheet(
        &s.db,
        &f.reviewer,
        v.id,
        &sheet(&criteria, &["27", "30", "30"]),
    )
    .await
    .unwrap();
    review::submit_sheet(
        &s.db,
        &f.reviewer2,
        v.id,
        &sheet(&criteria, &["22", "28", "30"]),
    )
    .await
    .unwrap();
    let panel = domain::council::deliberation::panel(&s.db, &f.secretary, v.id)
        .await
        .unwrap();
    assert_eq!(panel.aggregate, Some(83.5));
    assert!(matches!(
        domain::council::deliberation::panel(&s.db, &f.reviewer, v.id).await,
        Err(Error::NotFound)
    ));

    ctx.conclude(
        &f,
        v.id,
        ValidDecision::Recognised {
            level: Level::CapTinh,
        },
    )
    .await
    .unwrap();
    apply_pending(&s.db, &s.search).await.unwrap();

    let decided = initiatives::public(&s.db, v.id)
        .await
        .expect("public after recognition");
    assert_eq!(
        (decided.status, decided.level, decided.score),
        (Status::Recognised, Some(Level::CapTinh), Some(83.5))
    );
    for q in [
        "chuyen doi so",
        "dien tu",
        "Chuyển đổi số",
        "muong bam",
        "DIEN TU",
    ] {
        let page = public::search_summaries(s, q, &Default::default(), Default::default(), 1, 10)
            .await
            .unwrap();
        let ids: Vec<i64> = page.items.iter().map(|i| i.id).collect();
        assert_eq!(ids, vec![v.id], "query {q:?}");
    }
    assert!(matches!(
        initiatives::public(&s.db, hidden.id).await,
        Err(Error::NotFound)
    ));
    // The entry not yet decided is not found (another entry with most of the words may be).
    let page = public::search_summaries(
        s,
        "kho luu tru",
        &Default::default(),
        Default::default(),
        1,
        10,
    )
    .await
    .unwrap();
    assert!(
        page.items.iter().all(|i| i.id != hidden.id),
        "{:?}",
        page.items
    );
    assert_eq!(page.all_words, Some(0), "no public entry has every word");
}

#[tokio::test]
async fn refusal_needs_reasons_and_keeps_the_entry_private() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let v = submit(&ctx, &f, "Phần mềm quản lý thiết bị trường học").await;
    assert!(ValidDecision::parse("refused", "", "").is_err());
    let d = ValidDecision::parse("refused", "", "Không có tính mới trong phạm vi đơn vị.").unwrap();
    ctx.conclude(&f, v.id, d).await.unwrap();
    apply_pending(&s.db, &s.search).await.unwrap();
    let seen = initiatives::get_for(&s.db, Some(&f.submitter), v.id)
        .await
        .unwrap();
    assert_eq!(seen.status, Status::Refused);
    assert_eq!(
        seen.refusal_reasons.as_deref(),
        Some("Không có tính mới trong phạm vi đơn vị.")
    );
    assert!(matches!(
        initiatives::public(&s.db, v.id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        public::search_summaries(
            s,
            "thiet bi truong hoc",
            &Default::default(),
            Default::default(),
            1,
            10
        )
        .await
        .unwrap()
        .total,
        0
    );
    // A decided entry cannot be decided again.
    let again = domain::council::deliberation::decide(
        &s.db,
        &f.secretary,
        v.id,
        domain::council::deliberation::DecisionInput {
            decision: ValidDecision::Recognised { level: Level::CoSo },
            award: String::new(),
            decision_no: String::new(),
            comment: String::new(),
            decided_on: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_field(again, "outcome"), FieldError::NotAllowed);
}

#[tokio::test]
async fn status_history_records_each_change_with_the_actors_role() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Quy trình tiếp nhận phản ánh hiện trường").await;
    eligible(db, &f, v.id).await;
    review::assign(db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    let h = initiatives::history(db, &f.submitter, v.id).await.unwrap();
    let steps: Vec<(Status, &str)> = h.iter().map(|e| (e.to, e.actor_role.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            (Status::Submitted, "submitter"),
            (Status::Accepted, "secretary"),
            (Status::UnderReview, "secretary")
        ]
    );
}

#[tokio::test]
async fn status_changes_notify_the_filer_and_linked_co_authors_but_not_the_actor() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut i = input(&f, "Thông báo khi đổi trạng thái");
    i.authors[1].name = "Cầm Thị Khác".into();
    i.authors[1].email = "khac@thu.nghiem.vn".into();
    let v = initiatives::submit(db, &f.submitter, valid(&i), None)
        .await
        .unwrap();
    assert!(
        domain::accounts::notifications::list(db, &f.submitter)
            .await
            .unwrap()
            .is_empty(),
        "own action"
    );
    assert_eq!(
        domain::accounts::notifications::list(db, &f.other_submitter)
            .await
            .unwrap()
            .len(),
        1
    );

    ctx.conclude(
        &f,
        v.id,
        ValidDecision::Refused {
            reasons: types::Remark::parse("Chưa có số liệu áp dụng thử.").unwrap(),
        },
    )
    .await
    .unwrap();
    // Screened eligible, under review, then the published refusal (newest first).
    let mine = domain::accounts::notifications::list(db, &f.submitter)
        .await
        .unwrap();
    assert_eq!(mine.len(), 3);
    assert!(
        mine[0].message.contains("Không công nhận"),
        "{}",
        mine[0].message
    );
    assert_eq!(mine[0].link_path, Some(format!("/ho-so/{}", v.id)));
    assert_eq!(
        domain::accounts::notifications::unread(db, &f.submitter)
            .await
            .unwrap(),
        3
    );
    domain::accounts::notifications::mark_all_read(db, &f.submitter)
        .await
        .unwrap();
    assert_eq!(
        domain::accounts::notifications::unread(db, &f.submitter)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        domain::accounts::notifications::unread(db, &f.other_submitter)
            .await
            .unwrap(),
        4
    );
    assert!(
        domain::accounts::notifications::list(db, &f.secretary)
            .await
            .unwrap()
            .is_empty()
    );
}
