//! Service tests of accounts by email (verification, password reset and change, signing out
//! everywhere) and of the mail outbox (files, retries, a real SMTP server).
use domain::entities::mail_outbox;
use domain::mail::{Mailer, deliver_due};
use domain::testing::{Fixture, PASSWORD, SmtpSink, TestContext};
use domain::{Error, accounts, submission::initiatives};
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
use types::{Email, FieldError, FullName, Password};

const FROM: &str = "Sáng kiến số <no-reply@sangkien.test>";
const BASE: &str = "https://sangkien.test";

async fn setup() -> (TestContext, Fixture) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    (ctx, f)
}

fn invalid_field(e: Error, field: &str) -> FieldError {
    match e {
        Error::Invalid(errors) => errors.get(field).cloned().expect("field error"),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

async fn outbox(ctx: &TestContext) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::Id)
        .all(&ctx.services.db)
        .await
        .unwrap()
}

/// The token in the link of a mail row (`…?ma=TOKEN`).
fn token_of(row: &mail_outbox::Model) -> String {
    row.link_path
        .as_deref()
        .and_then(|p| p.split("ma=").nth(1))
        .expect("link with a token")
        .to_string()
}

async fn register(ctx: &TestContext, email: &str) -> accounts::User {
    match accounts::register(
        &ctx.services.db,
        FullName::parse("Lường Văn Mới").unwrap(),
        Email::parse(email).unwrap(),
        Password::parse(PASSWORD).unwrap(),
    )
    .await
    .unwrap()
    {
        accounts::Registration::Created(u) => u,
        other => panic!("expected a new account, got {other:?}"),
    }
}

#[tokio::test]
async fn registration_mails_a_link_that_verifies_the_address_once() {
    let (ctx, _f) = setup().await;
    let db = &ctx.services.db;
    let u = register(&ctx, "moi@son-la.vn").await;
    assert!(!u.email_verified);
    let mails = outbox(&ctx).await;
    let mail = mails
        .iter()
        .find(|m| m.to_addr == "moi@son-la.vn")
        .expect("verification mail");
    assert_eq!(mail.kind, "verify_email");
    let token = token_of(mail);
    let verified = accounts::verify_email(db, &token).await.unwrap();
    assert!(verified.email_verified);
    let again = accounts::verify_email(db, &token).await.unwrap_err();
    assert_eq!(invalid_field(again, "token"), FieldError::TokenInvalid);
    let forged = accounts::verify_email(db, "khong-phai-ma-that")
        .await
        .unwrap_err();
    assert_eq!(invalid_field(forged, "token"), FieldError::TokenInvalid);
}

#[tokio::test]
async fn an_unverified_address_cannot_file_and_the_filer_gets_a_receipt_mail() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let u = register(&ctx, "chua-xac-minh@son-la.vn").await;
    let mut input = domain::testing::application(f.open_campaign, "Hồ sơ của người chưa xác minh");
    input.authors[0].name = "Lường Văn Mới".into();
    let valid = input.parse(domain::time::today(), &u.full_name).unwrap();
    let e = initiatives::submit(db, &u, valid.clone(), None)
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "account"), FieldError::EmailNotVerified);

    let token = token_of(outbox(&ctx).await.last().unwrap());
    let u = accounts::verify_email(db, &token).await.unwrap();
    let v = initiatives::submit(db, &u, valid, None).await.unwrap();
    let receipt = outbox(&ctx).await.into_iter().last().unwrap();
    assert_eq!(receipt.kind, "receipt");
    assert_eq!(receipt.to_addr, "chua-xac-minh@son-la.vn");
    let code = v.code.unwrap();
    assert!(receipt.subject.contains(&code));
    assert!(receipt.body.contains("Hồ sơ của người chưa xác minh"));
    assert_eq!(
        receipt.link_path,
        Some(format!("/ho-so/{}?bien-nhan=1", v.id))
    );
}

#[tokio::test]
async fn password_reset_works_once_within_the_hour_and_ends_every_session() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let session = accounts::create_session(db, f.submitter.id).await.unwrap();
    accounts::request_password_reset(db, &Email::parse("khong-co@son-la.vn").unwrap())
        .await
        .unwrap();
    assert!(
        outbox(&ctx).await.is_empty(),
        "no mail for an unknown address"
    );
    accounts::request_password_reset(db, &Email::parse(&f.submitter.email).unwrap())
        .await
        .unwrap();
    let token = token_of(outbox(&ctx).await.last().unwrap());
    // A verification token is not a reset token, and vice versa.
    assert!(accounts::verify_email(db, &token).await.is_err());
    accounts::reset_password(db, &token, Password::parse("mat-khau-moi-dai-du").unwrap())
        .await
        .unwrap();
    assert!(
        accounts::authenticate(db, &f.submitter.email, "mat-khau-moi-dai-du")
            .await
            .is_ok()
    );
    assert!(
        accounts::authenticate(db, &f.submitter.email, PASSWORD)
            .await
            .is_err()
    );
    assert_eq!(accounts::user_by_session(db, &session).await.unwrap(), None);
    let twice =
        accounts::reset_password(db, &token, Password::parse("mat-khau-lan-hai-nua").unwrap())
            .await
            .unwrap_err();
    assert_eq!(invalid_field(twice, "token"), FieldError::TokenInvalid);

    // An expired link is refused.
    accounts::request_password_reset(db, &Email::parse(&f.submitter.email).unwrap())
        .await
        .unwrap();
    let token = token_of(outbox(&ctx).await.last().unwrap());
    let rows = domain::entities::account_token::Entity::find()
        .all(db)
        .await
        .unwrap();
    for r in rows {
        let mut am: domain::entities::account_token::ActiveModel = r.into();
        am.expires_at = Set(domain::time::now() - chrono::Duration::minutes(1));
        domain::entities::account_token::Entity::update(am)
            .exec(db)
            .await
            .unwrap();
    }
    let late =
        accounts::reset_password(db, &token, Password::parse("mat-khau-qua-han-roi").unwrap())
            .await
            .unwrap_err();
    assert_eq!(invalid_field(late, "token"), FieldError::TokenInvalid);
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one_and_ends_other_sessions() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let here = accounts::create_session(db, f.submitter.id).await.unwrap();
    let elsewhere = accounts::create_session(db, f.submitter.id).await.unwrap();
    let wrong = accounts::change_password(
        db,
        &f.submitter,
        "khong-dung",
        Password::parse("mat-khau-moi-dai-du").unwrap(),
        Some(&here),
    )
    .await
    .unwrap_err();
    assert_eq!(
        invalid_field(wrong, "current_password"),
        FieldError::WrongCredentials
    );
    accounts::change_password(
        db,
        &f.submitter,
        PASSWORD,
        Password::parse("mat-khau-moi-dai-du").unwrap(),
        Some(&here),
    )
    .await
    .unwrap();
    assert!(
        accounts::user_by_session(db, &here)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        accounts::user_by_session(db, &elsewhere)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        accounts::end_all_sessions(db, &f.submitter).await.unwrap(),
        1
    );
    assert!(
        accounts::user_by_session(db, &here)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_failed_send_is_retried_later_and_never_lost() {
    let (ctx, _f) = setup().await;
    let db = &ctx.services.db;
    register(&ctx, "thu-lai@son-la.vn").await;
    // Nothing listens on port 1: the send fails and is scheduled again.
    let down = Mailer::smtp("smtp://127.0.0.1:1", FROM, BASE).unwrap();
    let r = deliver_due(db, &down).await.unwrap();
    assert_eq!((r.sent, r.failed), (0, 1));
    let row = outbox(&ctx).await.remove(0);
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_none() && row.last_error.is_some());
    assert!(row.next_attempt_at > domain::time::now());
    // Not due yet: the next round leaves it alone.
    let dir = tempfile::tempdir().unwrap();
    let files = Mailer::files(dir.path().to_path_buf(), FROM, BASE).unwrap();
    assert_eq!(deliver_due(db, &files).await.unwrap().sent, 0);
    // Once due, it goes out.
    let mut am: mail_outbox::ActiveModel = row.into();
    am.next_attempt_at = Set(domain::time::now());
    mail_outbox::Entity::update(am).exec(db).await.unwrap();
    assert_eq!(deliver_due(db, &files).await.unwrap().sent, 1);
    let row = outbox(&ctx).await.remove(0);
    assert_eq!(row.attempts, 2);
    let name = row.file_name.expect("written file");
    let eml = std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(eml.contains("To: thu-lai@son-la.vn"), "{eml}");
    assert_eq!(
        deliver_due(db, &files).await.unwrap().sent,
        0,
        "sent only once"
    );
}

#[tokio::test]
async fn mails_arrive_at_a_real_smtp_server_with_their_content() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let sink = SmtpSink::start();
    let mailer = Mailer::smtp(&sink.url(), FROM, BASE).unwrap();
    register(&ctx, "smtp@son-la.vn").await;
    deliver_due(db, &mailer).await.unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["to"][0], "smtp@son-la.vn");
    assert_eq!(got[0]["subject"], "Xác minh địa chỉ email – Sáng kiến số");
    let body = got[0]["body"].as_str().unwrap();
    assert!(body.contains("Lường Văn Mới"), "{body}");
    let link = body
        .split_whitespace()
        .find(|w| w.starts_with("https://sangkien.test/xac-minh-email?ma="))
        .expect("verification link in the body");
    let token = link.split("ma=").nth(1).unwrap();
    let u = accounts::verify_email(db, token).await.unwrap();
    assert_eq!(u.id, accounts::user_by_id(db, u.id).await.unwrap().id);

    let mut input = domain::testing::application(f.open_campaign, "Biên nhận qua thư điện tử");
    input.authors[0].name = "Lường Văn Mới".into();
    let v = initiatives::submit(
        db,
        &u,
        input.parse(domain::time::today(), &u.full_name).unwrap(),
        None,
    )
    .await
    .unwrap();
    deliver_due(db, &mailer).await.unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 2);
    let code = v.code.unwrap();
    assert_eq!(
        got[1]["subject"],
        format!("Biên nhận hồ sơ sáng kiến {code}")
    );
    let body = got[1]["body"].as_str().unwrap();
    assert!(
        body.contains("Biên nhận qua thư điện tử") && body.contains("Ngày hẹn trả kết quả"),
        "{body}"
    );
    assert!(body.contains(&format!("https://sangkien.test/ho-so/{}?bien-nhan=1", v.id)));
}

#[tokio::test]
async fn consents_are_recorded_with_their_version_and_the_export_holds_everything() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let u = register(&ctx, "dong-y@son-la.vn").await;
    let token = token_of(outbox(&ctx).await.last().unwrap());
    let u = accounts::verify_email(db, &token).await.map(|_| u).unwrap();
    let u = accounts::user_by_id(db, u.id).await.unwrap();
    let mut input = domain::testing::application(f.open_campaign, "Hồ sơ để xuất dữ liệu");
    input.authors[0].name = "Lường Văn Mới".into();
    let v = initiatives::submit(
        db,
        &u,
        input.parse(domain::time::today(), &u.full_name).unwrap(),
        None,
    )
    .await
    .unwrap();
    domain::submission::drafts::save(
        db,
        &u,
        None,
        &types::InitiativeInput {
            title: "Nháp dở".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let data = domain::submission::export::of(db, &u).await.unwrap();
    let consents = data["consents"].as_array().unwrap();
    assert_eq!(consents.len(), 2);
    assert_eq!(consents[0]["purpose"], "registration");
    assert_eq!(consents[1]["purpose"], "submission");
    assert_eq!(consents[1]["initiative_id"], v.id);
    assert_eq!(consents[0]["text_version"], accounts::CONSENT_VERSION);
    assert_eq!(data["account"]["email"], "dong-y@son-la.vn");
    assert_eq!(data["drafts"][0]["form"]["title"], "Nháp dở");
    assert_eq!(data["initiatives"][0]["title"], "Hồ sơ để xuất dữ liệu");
    assert_eq!(
        data["initiatives"][0]["authors"][0]["birth_date"],
        "1985-04-12"
    );
}

#[tokio::test]
async fn private_profile_fields_are_for_the_person_secretaries_and_admins_only() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let p = types::ProfileInput {
        full_name: "Lò Văn Tác".into(),
        submitter_kind: "can_bo".into(),
        position: "Công chức văn phòng".into(),
        unit: "xa_muong_bam".into(),
        birth_date: "12/04/1985".into(),
        phone: "0912 345 678".into(),
        ..Default::default()
    }
    .parse(domain::time::today())
    .unwrap();
    accounts::update_profile(db, &f.submitter, p).await.unwrap();
    for viewer in [&f.submitter, &f.secretary, &f.admin] {
        let seen = accounts::profile(db, viewer, f.submitter.id).await.unwrap();
        assert_eq!(seen.phone.as_deref(), Some("0912 345 678"));
        assert_eq!(seen.unit.map(|u| u.code).as_deref(), Some("xa_muong_bam"));
    }
    for viewer in [&f.other_submitter, &f.reviewer] {
        assert!(matches!(
            accounts::profile(db, viewer, f.submitter.id).await,
            Err(Error::Forbidden)
        ));
    }
    let bad = types::ProfileInput {
        full_name: "Lò Văn Tác".into(),
        unit: "khong_co".into(),
        ..Default::default()
    }
    .parse(domain::time::today())
    .unwrap();
    assert_eq!(
        invalid_field(
            accounts::update_profile(db, &f.submitter, bad)
                .await
                .unwrap_err(),
            "unit"
        ),
        FieldError::UnknownCode
    );
}

/// Issue 17: a session unused for longer than the idle limit ends, whatever its absolute end; one
/// in use is renewed.
#[tokio::test]
async fn a_session_left_unused_ends_and_one_in_use_is_kept() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    use domain::entities::session;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let set_seen = |ago: chrono::Duration| async move {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(domain::time::now() - ago),
            )
            .filter(session::Column::UserId.eq(f.submitter.id))
            .exec(db)
            .await
            .unwrap();
    };
    let token = accounts::create_session(db, f.submitter.id).await.unwrap();
    set_seen(accounts::SESSION_IDLE - chrono::Duration::minutes(10)).await;
    assert!(
        accounts::user_by_session(db, &token)
            .await
            .unwrap()
            .is_some(),
        "still in use"
    );
    let renewed = session::Entity::find()
        .filter(session::Column::UserId.eq(f.submitter.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(domain::time::now() - renewed.last_seen_at.unwrap() < chrono::Duration::minutes(1));
    set_seen(accounts::SESSION_IDLE + chrono::Duration::minutes(1)).await;
    assert!(
        accounts::user_by_session(db, &token)
            .await
            .unwrap()
            .is_none(),
        "idle too long"
    );
}
