//! Accounts: registration, signing in and sessions, and who may set roles.
use crate::support::{invalid_field, setup};
use domain::testing::PASSWORD;
use domain::{Error, accounts};
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
