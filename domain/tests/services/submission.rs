//! Filing an entry, who sees it, withdrawing it, drafts, co-authors, and the corrections loop.
use crate::support::{eligible, input, invalid_field, setup, submit, valid};
use domain::testing::PASSWORD;
use domain::{Error, accounts, review, submission::initiatives};
use types::{FieldError, InitiativeInput, Level, Status, ValidDecision};

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
async fn drafts_belong_to_their_owner_only() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut i = InitiativeInput {
        title: "Bản nháp chưa xong".into(),
        ..Default::default()
    };
    let d = domain::submission::drafts::save(db, &f.submitter, None, &i)
        .await
        .unwrap();
    i.summary = "Thêm tóm tắt sau".into();
    let d2 = domain::submission::drafts::save(db, &f.submitter, Some(d.id), &i)
        .await
        .unwrap();
    assert_eq!(d2.id, d.id);
    let (_, back) = domain::submission::drafts::get(db, &f.submitter, d.id)
        .await
        .unwrap();
    assert_eq!(back, i, "the draft is kept exactly as typed");
    assert_eq!(
        domain::submission::drafts::list(db, &f.submitter)
            .await
            .unwrap()
            .len(),
        1
    );

    let other = &f.other_submitter;
    assert!(matches!(
        domain::submission::drafts::get(db, other, d.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        domain::submission::drafts::save(db, other, Some(d.id), &InitiativeInput::default()).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        domain::submission::drafts::delete(db, other, d.id).await,
        Err(Error::NotFound)
    ));
    assert!(
        domain::submission::drafts::list(db, other)
            .await
            .unwrap()
            .is_empty()
    );
    domain::submission::drafts::delete(db, &f.submitter, d.id)
        .await
        .unwrap();
    assert!(
        domain::submission::drafts::list(db, &f.submitter)
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
    let d = domain::submission::drafts::save(db, &f.submitter, None, &i)
        .await
        .unwrap();
    let other = domain::submission::drafts::save(db, &f.other_submitter, None, &i)
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
        domain::submission::drafts::list(db, &f.other_submitter)
            .await
            .unwrap()
            .len(),
        1
    );

    initiatives::submit(db, &f.submitter, valid(&i), Some(d.id))
        .await
        .unwrap();
    assert!(
        domain::submission::drafts::list(db, &f.submitter)
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
        description: "x".repeat(domain::submission::drafts::MAX_BYTES + 1),
        ..Default::default()
    };
    let e = domain::submission::drafts::save(&ctx.services.db, &f.submitter, None, &i)
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
async fn corrections_loop_keeps_every_version_and_shows_what_changed() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let v = submit(&ctx, &f, "Sổ tay điện tử cho tổ công nghệ số").await;
    use domain::submission::corrections;
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
    let note = domain::accounts::notifications::list(db, &f.submitter)
        .await
        .unwrap();
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
    let (_, mut input) = domain::submission::drafts::get(db, &f.submitter, d)
        .await
        .unwrap();
    assert_eq!(input.title, "Sổ tay điện tử cho tổ công nghệ số");
    assert!(
        input.declaration.is_empty(),
        "the declaration is given again"
    );
    input.title = "Sổ tay điện tử cho tổ công nghệ số cộng đồng".into();
    input.known_solution = format!("{}\nSố liệu: 120 hộ dân đã dùng thử.", input.known_solution);
    input.declaration = "on".into();
    input.consent = "on".into();
    domain::submission::drafts::save(db, &f.submitter, Some(d), &input)
        .await
        .unwrap();
    let again = corrections::resubmit(db, &f.submitter, d, valid(&input))
        .await
        .unwrap();
    assert_eq!(again.id, v.id);
    assert_eq!(again.code, v.code, "same case number");
    assert_eq!(again.status, Status::Submitted);
    assert!(
        domain::submission::drafts::list(db, &f.submitter)
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
    let d2 = domain::submission::drafts::save(db, &f.submitter, None, &input)
        .await
        .unwrap();
    assert!(
        corrections::resubmit(db, &f.submitter, d2.id, valid(&input))
            .await
            .is_err()
    );
}
