//! Service tests on real migrations (SQLite, or PostgreSQL when DATABASE_URL is set): the whole
//! journey and its refusals, without HTTP.
use domain::search::apply_pending;
use domain::testing::{Fixture, PASSWORD, TestContext};
use domain::{Error, accounts, initiatives, public, review};
use types::{FieldError, InitiativeInput, Level, Role, Status, ValidDecision};

fn input(f: &Fixture, title: &str) -> InitiativeInput {
    domain::testing::application(f.open_campaign, title)
}

fn valid(i: &InitiativeInput) -> types::ValidInitiative {
    i.parse(domain::time::today(), "Lò Văn Tác")
        .expect("valid input")
}

/// Screens an entry eligible (reviewers are assigned only after screening).
async fn eligible(db: &sea_orm::DatabaseConnection, f: &Fixture, id: i64) {
    domain::screening::screen(
        db,
        &f.secretary,
        &[id],
        &domain::screening::Screen::Eligible,
    )
    .await
    .unwrap();
}

async fn setup() -> (TestContext, Fixture) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    (ctx, f)
}

async fn submit(ctx: &TestContext, f: &Fixture, title: &str) -> initiatives::InitiativeView {
    initiatives::submit(
        &ctx.services.db,
        &f.submitter,
        valid(&input(f, title)),
        None,
    )
    .await
    .expect("submit")
}

fn invalid_field(e: Error, field: &str) -> FieldError {
    match e {
        Error::Invalid(errors) => errors
            .get(field)
            .cloned()
            .unwrap_or_else(|| panic!("no error on {field}: {errors:?}")),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn register_then_authenticate_and_resolve_session() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let u = accounts::authenticate(db, "  TACGIA@thu.nghiem.vn ", PASSWORD)
        .await
        .expect("sign in");
    assert_eq!(u.id, f.submitter.id);
    assert_eq!(u.roles, vec![Role::Submitter]);
    let token = accounts::create_session(db, u.id).await.unwrap();
    assert_eq!(
        accounts::user_by_session(db, &token)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(u.id)
    );
    accounts::end_session(db, &token).await.unwrap();
    assert_eq!(accounts::user_by_session(db, &token).await.unwrap(), None);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_give_the_same_error() {
    let (ctx, _f) = setup().await;
    let db = &ctx.services.db;
    let a = accounts::authenticate(db, "tacgia@thu.nghiem.vn", "sai-mat-khau-123")
        .await
        .unwrap_err();
    let b = accounts::authenticate(db, "khong-co@thu.nghiem.vn", PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(a, "email"), FieldError::WrongCredentials);
    assert_eq!(invalid_field(b, "email"), FieldError::WrongCredentials);
}

#[tokio::test]
async fn registering_a_taken_email_creates_nothing_and_mails_its_owner() {
    let (ctx, _f) = setup().await;
    let db = &ctx.services.db;
    let r = accounts::register(
        db,
        types::FullName::parse("Người Trùng").unwrap(),
        types::Email::parse("TacGia@thu.nghiem.vn").unwrap(),
        types::Password::parse("mot-mat-khau-dai").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r, accounts::Registration::AddressTaken);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mails = domain::entities::mail_outbox::Entity::find()
        .filter(domain::entities::mail_outbox::Column::Kind.eq("already_registered"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_addr, "tacgia@thu.nghiem.vn");
    // The owner's password still works; the one typed by the newcomer does not.
    accounts::authenticate(db, "tacgia@thu.nghiem.vn", PASSWORD)
        .await
        .unwrap();
    assert!(
        accounts::authenticate(db, "tacgia@thu.nghiem.vn", "mot-mat-khau-dai")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn submission_gets_sequential_case_numbers_and_a_three_month_due_date() {
    let (ctx, f) = setup().await;
    let a = submit(&ctx, &f, "Số hóa hồ sơ một cửa cấp xã").await;
    let b = submit(&ctx, &f, "Bản đồ số du lịch Mộc Châu").await;
    let year = domain::time::case_year(domain::time::now());
    assert_eq!(a.code.as_deref(), Some(format!("SK-{year}-0001").as_str()));
    assert_eq!(b.code.as_deref(), Some(format!("SK-{year}-0002").as_str()));
    assert_eq!(a.status, Status::Submitted);
    assert_eq!(
        a.due_on,
        Some(domain::time::due_date(a.submitted_at.unwrap()))
    );
    assert_eq!(a.authors.iter().map(|x| x.share_tenths).sum::<u32>(), 1000);
}

#[tokio::test]
async fn submission_outside_the_window_is_refused() {
    let (ctx, f) = setup().await;
    let mut i = input(&f, "Thanh toán không dùng tiền mặt tại chợ");
    i.campaign_id = f.closed_campaign.to_string();
    let e = initiatives::submit(&ctx.services.db, &f.submitter, valid(&i), None)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "campaign_id"), FieldError::OutsideWindow);
}

#[tokio::test]
async fn submission_with_unknown_unit_is_refused_and_nothing_is_stored() {
    let (ctx, f) = setup().await;
    let mut i = input(&f, "Thanh toán không dùng tiền mặt tại chợ");
    i.unit = "xa_khong_ton_tai".into();
    let e = initiatives::submit(&ctx.services.db, &f.submitter, valid(&i), None)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "unit"), FieldError::UnknownCode);
    assert!(
        initiatives::mine(&ctx.services.db, &f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn only_owner_staff_and_assigned_reviewers_see_an_unrecognised_entry() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Sổ sức khỏe điện tử cho người cao tuổi").await;
    assert!(
        initiatives::get_for(db, Some(&f.submitter), v.id)
            .await
            .is_ok()
    );
    assert!(
        initiatives::get_for(db, Some(&f.secretary), v.id)
            .await
            .is_ok()
    );
    assert!(matches!(
        initiatives::get_for(db, None, v.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        initiatives::get_for(db, Some(&f.other_submitter), v.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        initiatives::get_for(db, Some(&f.reviewer), v.id).await,
        Err(Error::NotFound)
    ));
    eligible(db, &f, v.id).await;
    review::assign(db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    assert!(
        initiatives::get_for(db, Some(&f.reviewer), v.id)
            .await
            .is_ok()
    );
    assert!(matches!(
        initiatives::get_for(db, Some(&f.reviewer2), v.id).await,
        Err(Error::NotFound)
    ));
}

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
    domain::screening::screen(
        &s.db,
        &f.secretary,
        &[v.id],
        &domain::screening::Screen::Eligible,
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
    let panel = domain::deliberation::panel(&s.db, &f.secretary, v.id)
        .await
        .unwrap();
    assert_eq!(panel.aggregate, Some(83.5));
    assert!(matches!(
        domain::deliberation::panel(&s.db, &f.reviewer, v.id).await,
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
    let again = domain::deliberation::decide(
        &s.db,
        &f.secretary,
        v.id,
        domain::deliberation::DecisionInput {
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
async fn only_admins_set_roles_and_cannot_drop_their_own_admin_role() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    assert!(matches!(
        accounts::set_roles(db, &f.secretary, f.submitter.id, &[Role::Reviewer]).await,
        Err(Error::Forbidden)
    ));
    accounts::set_roles(db, &f.admin, f.submitter.id, &[Role::Reviewer])
        .await
        .unwrap();
    assert_eq!(
        accounts::user_by_id(db, f.submitter.id)
            .await
            .unwrap()
            .roles,
        vec![Role::Submitter, Role::Reviewer]
    );
    let e = accounts::set_roles(db, &f.admin, f.admin.id, &[])
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "roles"), FieldError::NotAllowed);
}

#[tokio::test]
async fn demo_data_loads_once_with_every_status_and_a_searchable_index() {
    let ctx = TestContext::new().await;
    let s = &ctx.services;
    assert!(domain::demo::load_if_empty(&s.db).await.unwrap().is_some());
    assert!(
        domain::demo::load_if_empty(&s.db).await.unwrap().is_none(),
        "second load must be a no-op"
    );
    let thuky = accounts::authenticate(&s.db, "thuky@sangkien.local", "SonLa-ThuKy-2026")
        .await
        .unwrap();
    let all = initiatives::for_secretary(&s.db, &thuky, None, "")
        .await
        .unwrap();
    assert!(all.len() >= 40, "{} entries", all.len());
    for status in [
        Status::Submitted,
        Status::NeedsCorrection,
        Status::Accepted,
        Status::UnderReview,
        Status::Recognised,
        Status::Refused,
        Status::Withdrawn,
    ] {
        assert!(
            all.iter().any(|i| i.status == status),
            "no demo entry {status:?}"
        );
    }
    // Issue 19, point 12: the current campaign reads as a real timeline (the vote and the
    // announcement are still ahead), yet as a practice campaign every action stays open.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let campaigns = domain::entities::campaign::Entity::find()
        .filter(domain::entities::campaign::Column::Practice.eq(true))
        .all(&s.db)
        .await
        .unwrap();
    assert_eq!(
        campaigns.len(),
        1,
        "only the current demo campaign practises"
    );
    let now = domain::time::now();
    let phases = domain::council::phases(&s.db, campaigns[0].id)
        .await
        .unwrap();
    let open: Vec<_> = phases
        .iter()
        .filter(|w| w.contains(now))
        .map(|w| w.phase)
        .collect();
    assert_eq!(
        open,
        vec![types::Phase::Submission, types::Phase::Screening]
    );
    for w in phases.windows(2).skip(1) {
        assert!(w[0].starts_at <= w[1].starts_at, "phases in order");
    }
    domain::council::require_phase(&s.db, campaigns[0].id, types::Phase::Vote)
        .await
        .unwrap();
    let old = domain::entities::campaign::Entity::find()
        .filter(domain::entities::campaign::Column::Practice.eq(false))
        .one(&s.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        domain::council::require_phase(&s.db, old.id, types::Phase::Vote)
            .await
            .is_err()
    );
    apply_pending(&s.db, &s.search).await.unwrap();
    let found = public::search_summaries(
        s,
        "ban do so du lich moc chau",
        &Default::default(),
        Default::default(),
        1,
        5,
    )
    .await
    .unwrap();
    assert_eq!(
        found.items.first().map(|i| i.title.as_str()),
        Some("Bản đồ số du lịch Mộc Châu")
    );
}

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
    let fresh = domain::search::SearchIndex::open(dir.path()).unwrap();
    assert_eq!(fresh.last_applied().unwrap(), None);
    apply_pending(&s.db, &fresh).await.unwrap();
    assert_eq!(fresh.search("du lieu mo", 0, 10).unwrap().ids, vec![v.id]);
}

#[tokio::test]
async fn only_the_filer_withdraws_and_only_before_a_decision() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let v = submit(&ctx, &f, "Cảnh báo lừa đảo trực tuyến qua nhóm bản").await;
    assert!(matches!(
        initiatives::withdraw(&s.db, &f.other_submitter, v.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        initiatives::withdraw(&s.db, &f.secretary, v.id).await,
        Err(Error::NotFound)
    ));
    eligible(&s.db, &f, v.id).await;
    review::assign(&s.db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    initiatives::withdraw(&s.db, &f.submitter, v.id)
        .await
        .expect("withdraw under review");
    let seen = initiatives::get_for(&s.db, Some(&f.submitter), v.id)
        .await
        .unwrap();
    assert_eq!(seen.status, Status::Withdrawn);
    // A withdrawn entry leaves the reviewer's queue and cannot be decided.
    assert!(
        review::queue(&s.db, &f.reviewer, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let e = ctx
        .conclude(&f, v.id, ValidDecision::Recognised { level: Level::CoSo })
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound | Error::Invalid(_)), "{e:?}");

    let decided = submit(&ctx, &f, "Sáng kiến đã có quyết định không rút được").await;
    ctx.conclude(
        &f,
        decided.id,
        ValidDecision::Recognised { level: Level::CoSo },
    )
    .await
    .unwrap();
    let e = initiatives::withdraw(&s.db, &f.submitter, decided.id)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "confirm"), FieldError::NotAllowed);
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
async fn full_application_is_stored_with_sections_particulars_and_adopters() {
    let (ctx, f) = setup().await;
    let v = submit(&ctx, &f, "Một cửa điện tử tại nhà văn hóa bản").await;
    let mine = initiatives::get_for(&ctx.services.db, Some(&f.submitter), v.id)
        .await
        .unwrap();
    assert_eq!(
        mine.sections.len(),
        6,
        "six required sections, no optional one"
    );
    assert_eq!(mine.sections[0].section, types::Section::FieldProblem);
    assert_eq!(mine.content, Some(types::CampaignContent::ChinhQuyenSo));
    assert_eq!(mine.state_funds, Some(false));
    assert!(mine.first_applied_on.is_some());
    assert_eq!(
        mine.authors[0].birth_date,
        chrono::NaiveDate::from_ymd_opt(1985, 4, 12)
    );
    assert_eq!(
        mine.authors[0].workplace.as_deref(),
        Some("UBND xã Mường Bám")
    );
    assert_eq!(mine.adopters.len(), 1);
    assert_eq!(mine.adopters[0].task, "Hướng dẫn người dân nộp hồ sơ thử");
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
async fn drafts_belong_to_their_owner_only() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut i = InitiativeInput {
        title: "Bản nháp chưa xong".into(),
        ..Default::default()
    };
    let d = domain::drafts::save(db, &f.submitter, None, &i)
        .await
        .unwrap();
    i.summary = "Thêm tóm tắt sau".into();
    let d2 = domain::drafts::save(db, &f.submitter, Some(d.id), &i)
        .await
        .unwrap();
    assert_eq!(d2.id, d.id);
    let (_, back) = domain::drafts::get(db, &f.submitter, d.id).await.unwrap();
    assert_eq!(back, i, "the draft is kept exactly as typed");
    assert_eq!(
        domain::drafts::list(db, &f.submitter).await.unwrap().len(),
        1
    );

    let other = &f.other_submitter;
    assert!(matches!(
        domain::drafts::get(db, other, d.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        domain::drafts::save(db, other, Some(d.id), &InitiativeInput::default()).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        domain::drafts::delete(db, other, d.id).await,
        Err(Error::NotFound)
    ));
    assert!(domain::drafts::list(db, other).await.unwrap().is_empty());
    domain::drafts::delete(db, &f.submitter, d.id)
        .await
        .unwrap();
    assert!(
        domain::drafts::list(db, &f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn submitting_a_draft_removes_it_and_someone_elses_draft_id_is_refused() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let i = input(&f, "Từ nháp đến hồ sơ");
    let d = domain::drafts::save(db, &f.submitter, None, &i)
        .await
        .unwrap();
    let other = domain::drafts::save(db, &f.other_submitter, None, &i)
        .await
        .unwrap();

    let e = initiatives::submit(db, &f.submitter, valid(&i), Some(other.id))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound));
    assert!(
        initiatives::mine(db, &f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        domain::drafts::list(db, &f.other_submitter)
            .await
            .unwrap()
            .len(),
        1
    );

    initiatives::submit(db, &f.submitter, valid(&i), Some(d.id))
        .await
        .unwrap();
    assert!(
        domain::drafts::list(db, &f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(initiatives::mine(db, &f.submitter).await.unwrap().len(), 1);
}

#[tokio::test]
async fn oversized_draft_is_refused_without_storing() {
    let (ctx, f) = setup().await;
    let i = InitiativeInput {
        description: "x".repeat(domain::drafts::MAX_BYTES + 1),
        ..Default::default()
    };
    let e = domain::drafts::save(&ctx.services.db, &f.submitter, None, &i)
        .await
        .unwrap_err();
    assert!(matches!(
        invalid_field(e, "draft"),
        FieldError::TooLong { .. }
    ));
}

#[tokio::test]
async fn co_author_with_an_account_is_linked_and_sees_the_entry() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut i = input(&f, "Hồ sơ có đồng tác giả có tài khoản");
    i.authors[1].name = "Cầm Thị Khác".into();
    i.authors[1].email = " KHAC@thu.nghiem.vn ".into();
    let v = initiatives::submit(db, &f.submitter, valid(&i), None)
        .await
        .unwrap();
    let theirs = initiatives::mine(db, &f.other_submitter).await.unwrap();
    assert_eq!(theirs.iter().map(|s| s.id).collect::<Vec<_>>(), vec![v.id]);
    assert!(
        initiatives::get_for(db, Some(&f.other_submitter), v.id)
            .await
            .is_ok()
    );
    assert!(matches!(
        initiatives::get_for(db, Some(&f.reviewer), v.id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn an_entry_cannot_be_filed_under_a_dissolved_district_but_a_profile_may_name_one() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut i = input(&f, "Hồ sơ ghi đơn vị cấp huyện đã giải thể");
    i.unit = "tp_son_la".into();
    let e = initiatives::submit(db, &f.submitter, valid(&i), None)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "unit"), FieldError::UnitDissolved);
    // The tree still holds the district, with its last day, for profiles and old records.
    let tree = domain::catalog::all_units(db).await.unwrap();
    let district = tree
        .iter()
        .find(|u| u.code == "tp_son_la")
        .expect("historical unit kept");
    assert_eq!(
        district.valid_to,
        chrono::NaiveDate::from_ymd_opt(2025, 6, 30)
    );
    assert!(
        !domain::catalog::current_units(db)
            .await
            .unwrap()
            .iter()
            .any(|u| u.code == "tp_son_la")
    );
}

#[tokio::test]
async fn a_co_author_is_linked_once_their_address_is_verified_and_not_before() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut i = input(&f, "Hồ sơ nêu đồng tác giả chưa có tài khoản");
    i.authors[1].name = "Quàng Văn Mới".into();
    i.authors[1].email = "moi@thu.nghiem.vn".into();
    let v = initiatives::submit(db, &f.submitter, valid(&i), None)
        .await
        .unwrap();
    // Someone registers the address without proving it is theirs: nothing to see.
    let newcomer = accounts::register(
        db,
        types::FullName::parse("Quàng Văn Mới").unwrap(),
        types::Email::parse("Moi@thu.nghiem.vn").unwrap(),
        types::Password::parse(PASSWORD).unwrap(),
    )
    .await
    .unwrap();
    let accounts::Registration::Created(newcomer) = newcomer else {
        panic!("a new address makes an account")
    };
    assert!(initiatives::mine(db, &newcomer).await.unwrap().is_empty());
    assert!(matches!(
        initiatives::get_for(db, Some(&newcomer), v.id).await,
        Err(Error::NotFound)
    ));
    // A second entry filed now, naming the unverified address, does not link either.
    let mut j = input(&f, "Hồ sơ thứ hai nêu địa chỉ chưa xác minh");
    j.authors[1].email = "moi@thu.nghiem.vn".into();
    let w = initiatives::submit(db, &f.submitter, valid(&j), None)
        .await
        .unwrap();
    assert!(initiatives::mine(db, &newcomer).await.unwrap().is_empty());
    // Opening the mailed link proves the address: both entries are theirs to follow.
    let token = domain::testing::newest_mail_token(db, "verify_email").await;
    let verified = accounts::verify_email(db, &token).await.unwrap();
    let mut theirs: Vec<i64> = initiatives::mine(db, &verified)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    theirs.sort();
    assert_eq!(theirs, vec![v.id, w.id]);
    assert!(
        initiatives::get_for(db, Some(&verified), v.id)
            .await
            .is_ok()
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
        domain::notifications::list(db, &f.submitter)
            .await
            .unwrap()
            .is_empty(),
        "own action"
    );
    assert_eq!(
        domain::notifications::list(db, &f.other_submitter)
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
    let mine = domain::notifications::list(db, &f.submitter).await.unwrap();
    assert_eq!(mine.len(), 3);
    assert!(
        mine[0].message.contains("Không công nhận"),
        "{}",
        mine[0].message
    );
    assert_eq!(mine[0].link_path, Some(format!("/ho-so/{}", v.id)));
    assert_eq!(
        domain::notifications::unread(db, &f.submitter)
            .await
            .unwrap(),
        3
    );
    domain::notifications::mark_all_read(db, &f.submitter)
        .await
        .unwrap();
    assert_eq!(
        domain::notifications::unread(db, &f.submitter)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        domain::notifications::unread(db, &f.other_submitter)
            .await
            .unwrap(),
        4
    );
    assert!(
        domain::notifications::list(db, &f.secretary)
            .await
            .unwrap()
            .is_empty()
    );
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
async fn corrections_loop_keeps_every_version_and_shows_what_changed() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Sổ tay điện tử cho tổ công nghệ số").await;
    use domain::corrections;
    let msg = types::Remark::parse("Bổ sung số liệu áp dụng thử tại bản.").unwrap();
    assert!(matches!(
        corrections::request(db, &f.reviewer, v.id, msg.clone()).await,
        Err(Error::Forbidden)
    ));
    corrections::request(db, &f.secretary, v.id, msg)
        .await
        .unwrap();
    let now = initiatives::get_for(db, Some(&f.submitter), v.id)
        .await
        .unwrap();
    assert_eq!(now.status, Status::NeedsCorrection);
    let note = domain::notifications::list(db, &f.submitter).await.unwrap();
    assert_eq!(note.len(), 1);

    assert!(matches!(
        corrections::start(db, &f.other_submitter, v.id).await,
        Err(Error::NotFound)
    ));
    let d = corrections::start(db, &f.submitter, v.id).await.unwrap();
    assert_eq!(
        corrections::start(db, &f.submitter, v.id).await.unwrap(),
        d,
        "resumed, not doubled"
    );
    let (_, mut input) = domain::drafts::get(db, &f.submitter, d).await.unwrap();
    assert_eq!(input.title, "Sổ tay điện tử cho tổ công nghệ số");
    assert!(
        input.declaration.is_empty(),
        "the declaration is given again"
    );
    input.title = "Sổ tay điện tử cho tổ công nghệ số cộng đồng".into();
    input.known_solution = format!("{}\nSố liệu: 120 hộ dân đã dùng thử.", input.known_solution);
    input.declaration = "on".into();
    input.consent = "on".into();
    domain::drafts::save(db, &f.submitter, Some(d), &input)
        .await
        .unwrap();
    let again = corrections::resubmit(db, &f.submitter, d, valid(&input))
        .await
        .unwrap();
    assert_eq!(again.id, v.id);
    assert_eq!(again.code, v.code, "same case number");
    assert_eq!(again.status, Status::Submitted);
    assert!(
        domain::drafts::list(db, &f.submitter)
            .await
            .unwrap()
            .is_empty()
    );

    let versions = corrections::versions(db, &f.secretary, v.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|x| x.version).collect::<Vec<_>>(),
        vec![1, 2]
    );
    let changes = corrections::diff(db, &f.secretary, v.id, 1, 2)
        .await
        .unwrap();
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, vec!["title", "known_solution"]);
    assert!(changes[1].lines.contains(&(
        corrections::LineChange::Added,
        "Số liệu: 120 hộ dân đã dùng thử.".to_string()
    )));
    assert!(matches!(
        corrections::versions(db, &f.other_submitter, v.id).await,
        Err(Error::NotFound)
    ));
    // Not asked for corrections any more: a second resubmission is refused.
    let d2 = domain::drafts::save(db, &f.submitter, None, &input)
        .await
        .unwrap();
    assert!(
        corrections::resubmit(db, &f.submitter, d2.id, valid(&input))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn every_pooled_sqlite_connection_enforces_foreign_keys_and_waits_when_busy() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
    let ctx = TestContext::new().await;
    let db = &ctx.services.db;
    if db.get_database_backend() != DbBackend::Sqlite {
        return; // PostgreSQL has no such per-connection settings.
    }
    // Five open transactions hold five different connections of the pool.
    let mut txns = Vec::new();
    for _ in 0..5 {
        txns.push(db.begin().await.unwrap());
    }
    for txn in &txns {
        let mut seen = Vec::new();
        for name in ["foreign_keys", "busy_timeout", "journal_mode"] {
            let row = txn
                .query_one(Statement::from_string(
                    DbBackend::Sqlite,
                    format!("PRAGMA {name}"),
                ))
                .await
                .unwrap()
                .unwrap();
            let value = row
                .try_get_by_index::<i64>(0)
                .map(|v| v.to_string())
                .or_else(|_| row.try_get_by_index::<String>(0))
                .unwrap();
            seen.push(value);
        }
        assert_eq!(seen, ["1", "5000", "wal"]);
    }
    for txn in txns {
        txn.rollback().await.unwrap();
    }
}

/// Regression: a transaction that reads and then writes failed with "database is locked" (SQLite code
/// 517) when another connection committed in between; seen in CI when assigning a reviewer while a
/// background worker wrote. Write transactions now take SQLite's write lock when they begin.
#[tokio::test]
async fn a_write_transaction_that_reads_first_survives_another_commit_and_loses_no_update() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let ctx = TestContext::new().await;
    let db = &ctx.services.db;
    if db.get_database_backend() != DbBackend::Sqlite {
        return; // PostgreSQL's transactions take row locks as they write.
    }
    db.execute_unprepared("CREATE TABLE probe (n INTEGER NOT NULL)")
        .await
        .unwrap();
    db.execute_unprepared("INSERT INTO probe (n) VALUES (0)")
        .await
        .unwrap();
    async fn read(c: &impl ConnectionTrait) -> i64 {
        let row = c
            .query_one(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT n FROM probe",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }
    let first = domain::db::begin(db).await.unwrap();
    let seen = read(&first).await;
    let pool = db.clone();
    let second = tokio::spawn(async move {
        let txn = domain::db::begin(&pool).await?;
        let n = read(&txn).await;
        txn.execute_unprepared(&format!("UPDATE probe SET n = {}", n + 1))
            .await?;
        txn.commit().await?;
        Ok::<_, domain::Error>(())
    });
    // Give the second transaction every chance to commit before the first one writes.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first
        .execute_unprepared(&format!("UPDATE probe SET n = {}", seen + 1))
        .await
        .expect("the first transaction writes after reading");
    first.commit().await.unwrap();
    second
        .await
        .unwrap()
        .expect("the second transaction waits its turn");
    assert_eq!(read(db).await, 2, "neither increment is lost");
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
    use domain::places::{PlaceLine, PlaceProblem, PlacesFailed};
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
    let Err(PlacesFailed::Lines(errors)) = domain::places::apply(db, &bad, true).await else {
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
        domain::places::load(db).await.unwrap().of(hat_lot.id).len() == 2,
        "only its own code and its district: no successor was stored"
    );

    // The old commune was merged into today's Xã Mai Sơn (the demo maps it to Mai Sơn district).
    let report = domain::places::apply(db, &[line(1, "xa_hat_lot", "", "xa_mai_son")], true)
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
    unready.search = domain::search::SearchIndex::open(building.path()).unwrap();
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
    domain::places::apply(db, &[line(1, "xa_yen_chau", "h_mai_son", "")], true)
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
