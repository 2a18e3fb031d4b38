//! Accounts, roles and server-side sessions. Passwords are hashed with argon2id; a session cookie holds
//! a random token whose SHA-256 is the only thing stored.
mod hashing;
mod sessions;
mod tokens;
pub use hashing::*;
pub use sessions::*;
pub use tokens::*;
pub mod conflicts;
pub mod manage;
pub mod notifications;
pub mod passwords;
pub mod staff;
use crate::entities::{account_token, author, consent, session, user, user_role};
use crate::{Error, Result, time};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr,
    TransactionTrait,
};
use sha2::{Digest, Sha256};
use types::{Email, FieldError, FieldErrors, FullName, Password, Role};

/// The version of the personal-data notices (`consent.*` in the locale file). Change it whenever
/// their text changes: every consent row records the version the person saw.
pub const CONSENT_VERSION: &str = "2026-11-28";

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;
/// A session unused this long ends (a shared office computer left signed in).
pub const SESSION_IDLE: chrono::Duration = chrono::Duration::hours(2);
/// How stale `last_seen_at` may get before a request writes it again (one write per few minutes).
const SEEN_EVERY: chrono::Duration = chrono::Duration::minutes(5);

/// A signed-in person as the services see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub roles: Vec<Role>,
    /// The person opened the link mailed to this address (or reset their password through it).
    pub email_verified: bool,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    /// Fails with `Forbidden` unless the person has the role (admins may do everything).
    pub fn require(&self, role: Role) -> Result<()> {
        if self.has(role) || self.has(Role::Admin) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

async fn roles_of(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<Role>> {
    let rows = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|r| Role::from_code(&r.role))
        .collect();
    roles.sort();
    Ok(roles)
}

async fn to_user(db: &impl ConnectionTrait, m: user::Model) -> Result<User> {
    let roles = roles_of(db, m.id).await?;
    Ok(User {
        id: m.id,
        email: m.email,
        full_name: m.full_name,
        roles,
        email_verified: m.email_verified_at.is_some(),
    })
}

async fn insert_user(
    db: &impl ConnectionTrait,
    email: &Email,
    name: &FullName,
    hash: String,
) -> Result<i64, sea_orm::DbErr> {
    let r = user::Entity::insert(user::ActiveModel {
        email: Set(email.as_str().to_string()),
        full_name: Set(crate::text::nfc(name.as_str())),
        password_hash: Set(hash),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(r.last_insert_id)
}

/// What a registration did. The person registering is told the same either way ("check your
/// mailbox"), so that nobody learns which addresses have an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registration {
    /// A new account, its verification link mailed.
    Created(User),
    /// The address already had an account: its owner is mailed that someone tried to register
    /// with it (and how to sign in or reset the password); nothing else changes.
    AddressTaken,
}

/// Registers a submitter who ticked the personal-data consent (recorded with [`CONSENT_VERSION`])
/// and mails the verification link (same transaction); for an address that has an account, mails
/// its owner instead. The password is hashed either way, so the time taken tells nothing either.
pub async fn register(
    db: &impl TransactionTrait,
    name: FullName,
    email: Email,
    password: Password,
) -> Result<Registration> {
    match create_account(db, name, email.clone(), password, false).await {
        Ok(u) => Ok(Registration::Created(u)),
        Err(Error::Invalid(e)) if e.get("email") == Some(&FieldError::EmailTaken) => {
            let txn = crate::db::begin(db).await?;
            if let Some(owner) = user::Entity::find()
                .filter(user::Column::Email.eq(email.as_str()))
                .one(&txn)
                .await?
            {
                crate::mail::enqueue(
                    &txn,
                    crate::mail::already_registered(&owner.email, &owner.full_name),
                )
                .await?;
            }
            txn.commit().await?;
            Ok(Registration::AddressTaken)
        }
        Err(e) => Err(e),
    }
}

/// An account whose address is taken as verified, without a mail: demo accounts.
pub async fn create_verified(
    db: &impl TransactionTrait,
    name: FullName,
    email: Email,
    password: Password,
) -> Result<User> {
    create_account(db, name, email, password, true).await
}

async fn create_account(
    db: &impl TransactionTrait,
    name: FullName,
    email: Email,
    password: Password,
    verified: bool,
) -> Result<User> {
    // Before the address is looked at: a taken address gets the same refusal as a new one.
    refuse_weak("password", &password, email.as_str(), name.as_str()).await?;
    let hash = hash_password(&password).await?;
    let txn = crate::db::begin(db).await?;
    let exists = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Err(Error::field("email", FieldError::EmailTaken));
    }
    let id = match insert_user(&txn, &email, &name, hash).await {
        Ok(id) => id,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(Error::field("email", FieldError::EmailTaken));
        }
        Err(e) => return Err(e.into()),
    };
    grant(&txn, id, Role::Submitter).await?;
    if verified {
        mark_verified(&txn, id).await?;
    } else {
        record_consent(&txn, id, "registration", None).await?;
        let token = issue_token(&txn, id, TokenPurpose::VerifyEmail).await?;
        crate::mail::enqueue(
            &txn,
            crate::mail::verification(email.as_str(), name.as_str(), &token),
        )
        .await?;
    }
    txn.commit().await?;
    user_by_id(db, id).await
}

async fn grant(db: &impl ConnectionTrait, user_id: i64, role: Role) -> Result<()> {
    user_role::Entity::insert(user_role::ActiveModel {
        user_id: Set(user_id),
        role: Set(role.code().to_string()),
    })
    .on_conflict(
        OnConflict::columns([user_role::Column::UserId, user_role::Column::Role])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    Ok(())
}

/// Loads a user by id.
pub async fn user_by_id(db: &impl TransactionTrait, id: i64) -> Result<User> {
    let txn = crate::db::begin_read(db).await?;
    let m = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let u = to_user(&txn, m).await?;
    txn.commit().await?;
    Ok(u)
}

/// Checks an email and password. Any mismatch is the same error, on the `email` field.
pub async fn authenticate(db: &impl ConnectionTrait, email: &str, password: &str) -> Result<User> {
    let email = email.trim().to_lowercase();
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?;
    let ok = verify_password(password, found.as_ref().map(|u| u.password_hash.clone())).await;
    match found {
        // Told only to whoever knows the password.
        Some(m) if ok && m.deactivated_at.is_some() => {
            Err(Error::field("email", FieldError::AccountDeactivated))
        }
        Some(m) if ok => to_user(db, m).await,
        _ => Err(Error::field("email", FieldError::WrongCredentials)),
    }
}

/// Active people holding a role (e.g. reviewers a secretary can assign).
pub async fn users_with_role(db: &impl ConnectionTrait, role: Role) -> Result<Vec<User>> {
    let ids: Vec<i64> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(role.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut out = Vec::new();
    for m in user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::DeactivatedAt.is_null())
        .order_by_asc(user::Column::FullName)
        .all(db)
        .await?
    {
        out.push(to_user(db, m).await?);
    }
    Ok(out)
}

/// Sets a person's roles (admin only). Everyone stays a submitter; an admin cannot remove their own
/// admin role, so the portal is never left without one by accident.
pub async fn set_roles(
    db: &impl TransactionTrait,
    actor: &User,
    user_id: i64,
    roles: &[Role],
) -> Result<()> {
    actor.require(Role::Admin)?;
    if actor.id == user_id && !roles.contains(&Role::Admin) {
        return Err(Error::field("roles", FieldError::NotAllowed));
    }
    let txn = crate::db::begin(db).await?;
    user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let before = roles_of(&txn, user_id).await?;
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    grant(&txn, user_id, Role::Submitter).await?;
    for r in roles {
        grant(&txn, user_id, *r).await?;
    }
    // Without the role, the person is no campaign's secretary any more (nor again if the role
    // comes back later: an admin assigns campaigns anew).
    let mut campaigns_left = 0;
    if !roles.contains(&Role::Secretary) {
        campaigns_left = crate::entities::campaign_secretary::Entity::delete_many()
            .filter(crate::entities::campaign_secretary::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?
            .rows_affected;
    }
    let after = roles_of(&txn, user_id).await?;
    crate::audit::append(
        &txn,
        crate::audit::Change::new(
            Some(actor.id),
            crate::audit::Entity::Account,
            user_id,
            "set_roles",
        )
        .before(serde_json::json!({ "roles": before }))
        .after(
            serde_json::json!({ "roles": after, "secretary_of_campaigns_removed": campaigns_left }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Creates an administrator, or makes an existing account one, active, with this password (CLI).
/// A weak password (`passwords::check`) is refused as the error of `password`.
pub async fn create_admin(
    db: &impl TransactionTrait,
    email: Email,
    name: FullName,
    password: Password,
) -> Result<User> {
    refuse_weak("password", &password, email.as_str(), name.as_str()).await?;
    let hash = hash_password(&password).await?;
    let txn = crate::db::begin(db).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    let id = match existing {
        Some(m) => {
            let id = m.id;
            let mut am: user::ActiveModel = m.into();
            am.password_hash = Set(hash);
            // The way back in when every administrator was locked out: active again.
            am.deactivated_at = Set(None);
            user::Entity::update(am).exec(&txn).await?;
            id
        }
        None => insert_user(&txn, &email, &name, hash).await?,
    };
    grant(&txn, id, Role::Submitter).await?;
    grant(&txn, id, Role::Admin).await?;
    mark_verified(&txn, id).await?;
    txn.commit().await?;
    user_by_id(db, id).await
}

/// Grants a role without an actor check: for demo data and the CLI only.
pub async fn grant_role(db: &impl ConnectionTrait, user_id: i64, role: Role) -> Result<()> {
    grant(db, user_id, role).await
}

// ---- Consents, profile, personal data ---------------------------------------------------------------

/// Records that the person agreed to the notice of `purpose` (`registration`, `submission`).
pub async fn record_consent(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: &str,
    initiative_id: Option<i64>,
) -> Result<()> {
    consent::Entity::insert(consent::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.to_string()),
        text_version: Set(CONSENT_VERSION.to_string()),
        initiative_id: Set(initiative_id),
        given_at: Set(time::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

/// A person's profile. `birth_date` and `phone` are private: [`profile`] gives them only to the
/// person, secretaries and admins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub submitter_kind: Option<types::SubmitterKind>,
    pub position: Option<String>,
    pub qualification: Option<String>,
    pub unit: Option<crate::catalog::UnitInfo>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub phone: Option<String>,
}

/// The profile of `user_id` as `viewer` may see it: everything for the person, secretaries and
/// admins; `Forbidden` for anyone else.
pub async fn profile(db: &impl ConnectionTrait, viewer: &User, user_id: i64) -> Result<Profile> {
    if viewer.id != user_id && !viewer.has(Role::Secretary) && !viewer.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    let m = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let unit = match m.unit_id {
        Some(id) => Some(crate::catalog::unit_by_id(db, id).await?),
        None => None,
    };
    Ok(Profile {
        user_id: m.id,
        full_name: m.full_name,
        email: m.email,
        submitter_kind: m
            .submitter_kind
            .as_deref()
            .and_then(types::SubmitterKind::from_code),
        position: m.job_title,
        qualification: m.qualification,
        unit,
        birth_date: m.birth_date,
        phone: m.phone,
    })
}

/// Saves the signed-in person's profile. An unknown organisation is refused on `unit`.
pub async fn update_profile(
    db: &impl ConnectionTrait,
    actor: &User,
    p: types::ValidProfile,
) -> Result<()> {
    let unit_id = match &p.unit_code {
        Some(code) => match crate::catalog::unit_by_code(db, code).await? {
            Some(u) => Some(u.id),
            None => return Err(Error::field("unit", FieldError::UnknownCode)),
        },
        None => None,
    };
    let m = user::Entity::find_by_id(actor.id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let mut am: user::ActiveModel = m.into();
    am.full_name = Set(crate::text::nfc(p.full_name.as_str()));
    am.submitter_kind = Set(p.submitter_kind.map(|k| k.code().to_string()));
    am.job_title = Set(p.position.map(|s| crate::text::nfc(s.as_str())));
    am.qualification = Set(p.qualification.map(|s| crate::text::nfc(s.as_str())));
    am.unit_id = Set(unit_id);
    am.birth_date = Set(p
        .birth_date
        .and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)));
    am.phone = Set(p.phone);
    user::Entity::update(am).exec(db).await?;
    Ok(())
}
