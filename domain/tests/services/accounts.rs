//! Accounts: registration, signing in and sessions, and who may set roles.
use crate::support::{invalid_field, setup};
use domain::testing::PASSWORD;
use domain::{Error, accounts};
use sea_orm::EntityTrait;
use types::{FieldError, Role};

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
async fn a_deactivated_account_is_out_at_once_on_every_session_until_reactivated() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let here = accounts::create_session(db, f.submitter.id).await.unwrap();
    let there = accounts::create_session(db, f.submitter.id).await.unwrap();
    // Only an administrator, and never on themselves.
    assert!(matches!(
        accounts::manage::deactivate(db, &f.secretary, f.submitter.id).await,
        Err(Error::Forbidden)
    ));
    let own = accounts::manage::deactivate(db, &f.admin, f.admin.id).await;
    assert_eq!(
        invalid_field(own.unwrap_err(), "account"),
        FieldError::NotAllowed
    );

    accounts::manage::deactivate(db, &f.admin, f.submitter.id)
        .await
        .unwrap();
    for token in [&here, &there] {
        assert_eq!(accounts::user_by_session(db, token).await.unwrap(), None);
    }
    // The right password is told the account is deactivated; a wrong one learns nothing new.
    let right = accounts::authenticate(db, "tacgia@thu.nghiem.vn", PASSWORD).await;
    assert_eq!(
        invalid_field(right.unwrap_err(), "email"),
        FieldError::AccountDeactivated
    );
    let wrong = accounts::authenticate(db, "tacgia@thu.nghiem.vn", "sai-mat-khau-123").await;
    assert_eq!(
        invalid_field(wrong.unwrap_err(), "email"),
        FieldError::WrongCredentials
    );
    // A session made behind the service's back is refused too, and no reset link is mailed.
    let sneaked = accounts::create_session(db, f.submitter.id).await.unwrap();
    assert_eq!(accounts::user_by_session(db, &sneaked).await.unwrap(), None);
    let reset = accounts::manage::send_reset(db, &f.admin, f.submitter.id).await;
    assert_eq!(
        invalid_field(reset.unwrap_err(), "account"),
        FieldError::AccountDeactivated
    );

    accounts::manage::reactivate(db, &f.admin, f.submitter.id)
        .await
        .unwrap();
    assert_eq!(accounts::user_by_session(db, &here).await.unwrap(), None);
    let back = accounts::authenticate(db, "tacgia@thu.nghiem.vn", PASSWORD)
        .await
        .unwrap();
    assert_eq!(back.id, f.submitter.id);
    // Both changes and the refused reset left the audit chain whole, with the two records.
    assert!(matches!(
        domain::audit::verify(db).await.unwrap(),
        domain::audit::Verdict::Intact { records: 2 }
    ));
}

#[tokio::test]
async fn accounts_are_found_by_a_word_without_diacritics_a_page_at_a_time() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    for n in 0..accounts::manage::USERS_PER_PAGE + 3 {
        ctx.account(&format!("nguoi{n}@thu.nghiem.vn"), "Nguyễn Thị Hòa", &[])
            .await;
    }
    let first = accounts::manage::find(db, &f.admin, "nguyen hoa", 1)
        .await
        .unwrap();
    assert_eq!(first.total, accounts::manage::USERS_PER_PAGE + 3);
    assert_eq!((first.page, first.pages), (1, 2));
    assert_eq!(first.rows.len(), accounts::manage::USERS_PER_PAGE);
    let second = accounts::manage::find(db, &f.admin, "nguyen hoa", 9)
        .await
        .unwrap();
    assert_eq!(second.page, 2, "a page past the last is the last");
    assert_eq!(second.rows.len(), 3);
    let by_mail = accounts::manage::find(db, &f.admin, "TACGIA@", 1)
        .await
        .unwrap();
    assert_eq!(
        by_mail.rows.iter().map(|r| r.user.id).collect::<Vec<_>>(),
        vec![f.submitter.id]
    );
    let everyone = accounts::manage::find(db, &f.admin, "", 1).await.unwrap();
    assert_eq!(everyone.total, 6 + accounts::manage::USERS_PER_PAGE + 3);
    assert!(matches!(
        accounts::manage::find(db, &f.secretary, "", 1).await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn a_role_change_and_a_reset_sent_by_an_admin_are_in_the_audit_chain() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    accounts::set_roles(db, &f.admin, f.other_submitter.id, &[Role::Reviewer])
        .await
        .unwrap();
    accounts::manage::send_reset(db, &f.admin, f.other_submitter.id)
        .await
        .unwrap();
    let queued = domain::entities::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert!(
        queued
            .iter()
            .any(|m| m.to_addr == "khac@thu.nghiem.vn" && m.subject.contains("Đặt lại mật khẩu"))
    );
    let records = domain::entities::audit_log::Entity::find()
        .all(db)
        .await
        .unwrap();
    let actions: Vec<_> = records
        .iter()
        .map(|r| (r.entity.as_str(), r.action.as_str(), r.actor_id))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("account", "set_roles", Some(f.admin.id)),
            ("account", "send_reset", Some(f.admin.id)),
        ]
    );
}

#[tokio::test]
async fn an_invited_person_sets_their_first_password_through_the_mailed_link() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let invite = types::form::InviteFields {
        invite_name: "Lường Thị Mời".into(),
        invite_email: "duocmoi@thu.nghiem.vn".into(),
        reviewer: Some("on".into()),
        ..Default::default()
    }
    .parse()
    .unwrap();
    assert!(matches!(
        accounts::manage::invite(db, &f.secretary, invite.clone()).await,
        Err(Error::Forbidden)
    ));
    let u = accounts::manage::invite(db, &f.admin, invite.clone())
        .await
        .unwrap();
    assert_eq!(u.roles, vec![Role::Submitter, Role::Reviewer]);
    assert!(!u.email_verified);
    let again = accounts::manage::invite(db, &f.admin, invite).await;
    assert_eq!(
        invalid_field(again.unwrap_err(), "invite_email"),
        FieldError::EmailTaken
    );
    // Nobody signs in before the link is used, whatever they try.
    let before = accounts::authenticate(db, "duocmoi@thu.nghiem.vn", "").await;
    assert_eq!(
        invalid_field(before.unwrap_err(), "email"),
        FieldError::WrongCredentials
    );
    let mail = domain::entities::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to_addr == "duocmoi@thu.nghiem.vn")
        .expect("the invitation");
    assert!(mail.subject.contains("Lời mời"), "{}", mail.subject);
    let link = mail.link_path.expect("a link");
    let token = link.split("ma=").nth(1).expect("a token");
    // Someone asking a reset for the address does not cancel the invitation.
    accounts::request_password_reset(db, &types::Email::parse("duocmoi@thu.nghiem.vn").unwrap())
        .await
        .unwrap();
    accounts::reset_password(
        db,
        token,
        types::Password::parse("Rung-Thong-Ban-Mong-2026").unwrap(),
    )
    .await
    .unwrap();
    let signed = accounts::authenticate(db, "duocmoi@thu.nghiem.vn", "Rung-Thong-Ban-Mong-2026")
        .await
        .unwrap();
    assert!(signed.email_verified, "the link proved the address");
    // The link works once.
    let twice = accounts::reset_password(
        db,
        token,
        types::Password::parse("Mot-Lan-Nua-Thoi-2026").unwrap(),
    )
    .await;
    assert_eq!(
        invalid_field(twice.unwrap_err(), "token"),
        FieldError::TokenInvalid
    );
}

#[tokio::test]
async fn the_command_line_admin_brings_a_deactivated_administrator_back() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let other = ctx
        .account("quantri2@thu.nghiem.vn", "Lò Văn Hai", &[Role::Admin])
        .await;
    accounts::manage::deactivate(db, &f.admin, other.id)
        .await
        .unwrap();
    accounts::create_admin(
        db,
        types::Email::parse("quantri2@thu.nghiem.vn").unwrap(),
        types::FullName::parse("Lò Văn Hai").unwrap(),
        types::Password::parse("Doi-Nui-Mua-Xuan-2026").unwrap(),
    )
    .await
    .unwrap();
    let back = accounts::authenticate(db, "quantri2@thu.nghiem.vn", "Doi-Nui-Mua-Xuan-2026")
        .await
        .unwrap();
    assert!(back.has(Role::Admin));
}

#[tokio::test]
async fn deactivating_an_invited_person_kills_the_mailed_link() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let invite = types::form::InviteFields {
        invite_name: "Lò Văn Khóa".into(),
        invite_email: "khoa@thu.nghiem.vn".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let u = accounts::manage::invite(db, &f.admin, invite)
        .await
        .unwrap();
    let mail = domain::entities::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to_addr == "khoa@thu.nghiem.vn")
        .expect("the invitation");
    let link = mail.link_path.expect("a link");
    let token = link.split("ma=").nth(1).expect("a token").to_string();
    accounts::manage::deactivate(db, &f.admin, u.id)
        .await
        .unwrap();
    let used = accounts::reset_password(
        db,
        &token,
        types::Password::parse("Rung-Thong-Ban-Mong-2026").unwrap(),
    )
    .await;
    assert_eq!(
        invalid_field(used.unwrap_err(), "token"),
        FieldError::TokenInvalid
    );
    // Nor is a new link mailed to a deactivated address.
    let before = domain::entities::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .len();
    accounts::request_password_reset(db, &types::Email::parse("khoa@thu.nghiem.vn").unwrap())
        .await
        .unwrap();
    let after = domain::entities::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after);
}

#[tokio::test]
async fn an_erased_account_loses_its_personal_data_and_sign_in_but_the_record_stays() {
    use domain::admin::erasure;
    use domain::entities::{author, draft, initiative, mail_outbox, user};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let storage = &ctx.services.storage;
    // The submitter filed an entry that was recognised and published, keeps a draft, and has two
    // sessions open.
    let mut input = domain::testing::application(f.open_campaign, "Bản đồ số nguồn nước sinh hoạt");
    input.unit = "xa_muong_bam".into();
    // The co-author gives their address and birth date on the form.
    input.authors[1].email = "khac@thu.nghiem.vn".into();
    input.authors[1].birth_date = "1992-01-02".into();
    let valid = input.parse(domain::time::today(), "Lò Văn Tác").unwrap();
    let filed = domain::submission::initiatives::submit(db, &f.submitter, valid, None)
        .await
        .unwrap()
        .id;
    ctx.conclude(
        &f,
        filed,
        types::ValidDecision::Recognised {
            level: types::Level::CoSo,
        },
    )
    .await
    .unwrap();
    domain::submission::drafts::save(
        db,
        &f.submitter,
        None,
        &domain::testing::application(f.open_campaign, "Bản nháp chưa nộp"),
    )
    .await
    .unwrap();
    let sessions = [
        accounts::create_session(db, f.submitter.id).await.unwrap(),
        accounts::create_session(db, f.submitter.id).await.unwrap(),
    ];

    // Only an administrator, never on their own account.
    assert!(matches!(
        erasure::erase(db, storage, &f.secretary, f.submitter.id).await,
        Err(Error::Forbidden)
    ));
    let own = erasure::erase(db, storage, &f.admin, f.admin.id).await;
    assert_eq!(
        invalid_field(own.unwrap_err(), "account"),
        FieldError::NotAllowed
    );

    let erased = erasure::erase(db, storage, &f.admin, f.submitter.id)
        .await
        .unwrap();
    assert_eq!(erased.drafts, 1);

    // Out at once, for good: no session, no sign-in with the old address, no reactivation.
    for token in &sessions {
        assert_eq!(accounts::user_by_session(db, token).await.unwrap(), None);
    }
    let again = accounts::authenticate(db, "tacgia@thu.nghiem.vn", PASSWORD).await;
    assert_eq!(
        invalid_field(again.unwrap_err(), "email"),
        FieldError::WrongCredentials
    );
    let back = accounts::manage::reactivate(db, &f.admin, f.submitter.id).await;
    assert_eq!(
        invalid_field(back.unwrap_err(), "account"),
        FieldError::NotAllowed
    );

    // The personal fields are gone.
    let u = user::Entity::find_by_id(f.submitter.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.full_name, "Tài khoản đã xóa");
    assert_eq!(u.email, erasure::erased_address(f.submitter.id));
    assert_eq!(u.password_hash, "");
    assert!(u.erased_at.is_some() && u.deactivated_at.is_some());
    assert_eq!(
        (u.birth_date, u.phone, u.unit_id, u.job_title),
        (None, None, None, None)
    );
    assert!(
        draft::Entity::find()
            .filter(draft::Column::OwnerId.eq(f.submitter.id))
            .all(db)
            .await
            .unwrap()
            .is_empty()
    );
    // No mail waits for the old address, and the ones sent no longer name it.
    let to_old = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq("tacgia@thu.nghiem.vn"))
        .all(db)
        .await
        .unwrap();
    assert!(to_old.is_empty(), "{to_old:?}");

    // The recognised initiative keeps its author's name as published, unlinked from the account,
    // and still reads so on its public page.
    let e = initiative::Entity::find_by_id(filed)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(e.owner_id, None);
    let authors = author::Entity::find()
        .filter(author::Column::InitiativeId.eq(filed))
        .all(db)
        .await
        .unwrap();
    let first = authors.iter().find(|a| a.name == "Lò Văn Tác").unwrap();
    assert_eq!(
        (first.user_id, first.birth_date, first.email.clone()),
        (None, None, None)
    );
    assert!(authors.iter().all(|a| a.user_id != Some(f.submitter.id)));
    // Nor in the form as filed, which the entry keeps as its first version.
    let versions = domain::entities::initiative_version::Entity::find()
        .filter(domain::entities::initiative_version::Column::InitiativeId.eq(filed))
        .all(db)
        .await
        .unwrap();
    assert!(!versions.is_empty());
    for v in &versions {
        assert!(!v.snapshot.contains("1985-04-12"), "{}", v.snapshot);
        assert!(v.snapshot.contains("Lò Văn Tác"));
    }
    let public = domain::submission::initiatives::public(db, filed)
        .await
        .unwrap();
    assert!(public.authors.iter().any(|a| a.name == "Lò Văn Tác"));

    // Once, in the audit chain, naming no personal data; a second erasure does nothing.
    let rows = domain::entities::audit_log::Entity::find()
        .filter(domain::entities::audit_log::Column::Action.eq("erase"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let record = format!("{:?}", rows[0]);
    assert!(
        !record.contains("tacgia@") && !record.contains("Lò Văn Tác"),
        "{record}"
    );
    assert_eq!(
        erasure::erase(db, storage, &f.admin, f.submitter.id)
            .await
            .unwrap(),
        erasure::Erased::default()
    );
    // The co-author, erased in turn: their particulars leave the row and the form as filed.
    erasure::erase(db, storage, &f.admin, f.other_submitter.id)
        .await
        .unwrap();
    let versions = domain::entities::initiative_version::Entity::find()
        .filter(domain::entities::initiative_version::Column::InitiativeId.eq(filed))
        .all(db)
        .await
        .unwrap();
    for v in &versions {
        assert!(!v.snapshot.contains("1992-01-02"), "{}", v.snapshot);
        assert!(!v.snapshot.contains("khac@thu.nghiem.vn"), "{}", v.snapshot);
        assert!(v.snapshot.contains("Quàng Thị Hợp"));
    }
    let co = author::Entity::find()
        .filter(author::Column::InitiativeId.eq(filed))
        .filter(author::Column::Name.eq("Quàng Thị Hợp"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((co.email, co.birth_date, co.user_id), (None, None, None));
    assert!(matches!(
        domain::audit::verify(db).await.unwrap(),
        domain::audit::Verdict::Intact { .. }
    ));
}
