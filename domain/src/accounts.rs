//! Accounts, roles and server-side sessions. Passwords are hashed with argon2id; a session cookie holds
//! a random token whose SHA-256 is the only thing stored.
use crate::entities::{session, user, user_role};
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
use types::{Email, FieldError, FullName, Password, Role};

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;

/// A signed-in person as the services see them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub roles: Vec<Role>,
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

async fn hash_password(password: &Password) -> Result<String> {
    let pw = password.expose().to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(b"no such account", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

async fn verify_password(password: &str, hash: Option<String>) -> bool {
    let pw = password.to_string();
    tokio::task::spawn_blocking(move || {
        // Without an account we still spend the time of one verification, so that response times do
        // not tell which emails are registered.
        let stored = hash.clone().unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(pw.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && hash.is_some()
    })
    .await
    .unwrap_or(false)
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

/// Registers a submitter. A taken email is reported on the `email` field.
pub async fn register(
    db: &impl TransactionTrait,
    name: FullName,
    email: Email,
    password: Password,
) -> Result<User> {
    let hash = hash_password(&password).await?;
    let txn = db.begin().await?;
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
    let txn = db.begin().await?;
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
        Some(m) if ok => to_user(db, m).await,
        _ => Err(Error::field("email", FieldError::WrongCredentials)),
    }
}

fn token_id(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session and returns the secret token for the cookie.
pub async fn create_session(db: &impl ConnectionTrait, user_id: i64) -> Result<String> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = time::now();
    session::Entity::insert(session::ActiveModel {
        id: Set(token_id(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(SESSION_DAYS)),
    })
    .exec(db)
    .await?;
    Ok(token)
}

/// The person behind a session token, if the session exists and has not expired.
pub async fn user_by_session(db: &impl ConnectionTrait, token: &str) -> Result<Option<User>> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    let Some(s) = session::Entity::find_by_id(token_id(token)).one(db).await? else {
        return Ok(None);
    };
    if s.expires_at <= time::now() {
        session::Entity::delete_by_id(s.id).exec(db).await?;
        return Ok(None);
    }
    let Some(m) = user::Entity::find_by_id(s.user_id).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(to_user(db, m).await?))
}

/// Ends one session (sign out).
pub async fn end_session(db: &impl ConnectionTrait, token: &str) -> Result<()> {
    session::Entity::delete_by_id(token_id(token))
        .exec(db)
        .await?;
    Ok(())
}

/// All accounts, for the admin's role page.
pub async fn list_users(db: &impl ConnectionTrait, actor: &User) -> Result<Vec<User>> {
    actor.require(Role::Admin)?;
    let mut out = Vec::new();
    for m in user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
    {
        out.push(to_user(db, m).await?);
    }
    Ok(out)
}

/// People holding a role (e.g. reviewers a secretary can assign).
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
    let txn = db.begin().await?;
    user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    grant(&txn, user_id, Role::Submitter).await?;
    for r in roles {
        grant(&txn, user_id, *r).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Creates an administrator, or makes an existing account one and sets its password (CLI).
pub async fn create_admin(
    db: &impl TransactionTrait,
    email: Email,
    name: FullName,
    password: Password,
) -> Result<User> {
    let hash = hash_password(&password).await?;
    let txn = db.begin().await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?;
    let id = match existing {
        Some(m) => {
            let id = m.id;
            let mut am: user::ActiveModel = m.into();
            am.password_hash = Set(hash);
            user::Entity::update(am).exec(&txn).await?;
            id
        }
        None => insert_user(&txn, &email, &name, hash).await?,
    };
    grant(&txn, id, Role::Submitter).await?;
    grant(&txn, id, Role::Admin).await?;
    txn.commit().await?;
    user_by_id(db, id).await
}

/// Grants a role without an actor check: for demo data and the CLI only.
pub async fn grant_role(db: &impl ConnectionTrait, user_id: i64, role: Role) -> Result<()> {
    grant(db, user_id, role).await
}
