//! Accounts, roles and server-side sessions. Passwords are hashed with argon2id; a session cookie holds
//! a random token whose SHA-256 is the only thing stored.
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

/// Argon2id cost of new password hashes. Never below OWASP's minimum (19 MiB, two passes, one
/// lane); a province with stronger servers raises it (`SANGKIEN_ARGON2_*`). Hashes made with other
/// parameters still verify: each hash carries its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl HashCost {
    pub const OWASP_MINIMUM: HashCost = HashCost {
        memory_kib: 19 * 1024,
        iterations: 2,
        lanes: 1,
    };

    /// This cost, raised where it falls below the minimum.
    pub fn at_least_minimum(self) -> HashCost {
        let min = Self::OWASP_MINIMUM;
        HashCost {
            memory_kib: self.memory_kib.max(min.memory_kib),
            iterations: self.iterations.max(min.iterations),
            lanes: self.lanes.max(min.lanes),
        }
    }
}

static HASH_COST: std::sync::OnceLock<HashCost> = std::sync::OnceLock::new();

/// Sets the cost of new hashes for this process (once, at start; later calls change nothing).
pub fn configure_hashing(cost: HashCost) -> HashCost {
    *HASH_COST.get_or_init(|| cost.at_least_minimum())
}

/// The argon2id hasher of new hashes.
fn hasher() -> Argon2<'static> {
    let c = *HASH_COST.get_or_init(|| HashCost::OWASP_MINIMUM);
    let params = argon2::Params::new(c.memory_kib, c.iterations, c.lanes, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Password hashes computed at once, at most: each argon2id takes 19 MiB and a core for a moment,
/// so a flood of sign-ins waits here instead of filling memory on the blocking pool.
const HASHING_AT_ONCE: usize = 4;
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);

/// How long a request waits for its turn to hash before it is told to try again.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// A turn at hashing. It moves into the blocking task, so it is held until the hash is done even
/// when the request that asked for it is dropped meanwhile.
async fn hashing_turn() -> Result<tokio::sync::SemaphorePermit<'static>> {
    match tokio::time::timeout(HASHING_WAIT, HASHING.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(e)) => Err(Error::Internal(e.to_string())),
        Err(_) => Err(Error::Internal(
            "every password-hashing turn is taken".into(),
        )),
    }
}

async fn hash_password(password: &Password) -> Result<String> {
    let pw = password.expose().to_string();
    let permit = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        hasher()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(format!("hashing: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
}

/// Refuses a new password that is common or easy to guess for this person (`passwords::check`), as
/// the error of the form's field `field`. Called before anything is written. The check (zxcvbn's
/// matching) runs on the blocking pool and takes a hashing turn, so a flood of long passwords cannot
/// hold up the async workers.
async fn refuse_weak(field: &str, password: &Password, email: &str, full_name: &str) -> Result<()> {
    let (pw, email, name) = (
        password.expose().to_string(),
        email.to_string(),
        full_name.to_string(),
    );
    let permit = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        crate::passwords::check(&pw, &email, &name)
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
    .map_err(|e| Error::field(field, e))
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        hasher()
            .hash_password(b"no such account", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

async fn verify_password(password: &str, hash: Option<String>) -> bool {
    let pw = password.to_string();
    let Ok(permit) = hashing_turn().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
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
        Some(m) if ok => to_user(db, m).await,
        _ => Err(Error::field("email", FieldError::WrongCredentials)),
    }
}

fn token_id(token: &str) -> String {
    crate::text::hex(&Sha256::digest(token.as_bytes()))
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
        last_seen_at: Set(Some(now)),
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
    let now = time::now();
    let seen = s.last_seen_at.unwrap_or(s.created_at);
    if s.expires_at <= now || now - seen > SESSION_IDLE {
        session::Entity::delete_by_id(s.id).exec(db).await?;
        return Ok(None);
    }
    if now - seen > SEEN_EVERY {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(session::Column::Id.eq(s.id.clone()))
            .exec(db)
            .await?;
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
    let txn = crate::db::begin(db).await?;
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
    // Without the role, the person is no campaign's secretary any more (nor again if the role
    // comes back later: an admin assigns campaigns anew).
    if !roles.contains(&Role::Secretary) {
        crate::entities::campaign_secretary::Entity::delete_many()
            .filter(crate::entities::campaign_secretary::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Creates an administrator, or makes an existing account one and sets its password (CLI). A weak
/// password (`passwords::check`) is refused as the error of `password`.
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

// ---- One-time tokens: email verification and password reset ---------------------------------------

/// What a mailed token is for, and how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
    fn lifetime(self) -> chrono::Duration {
        match self {
            TokenPurpose::VerifyEmail => chrono::Duration::hours(48),
            TokenPurpose::ResetPassword => chrono::Duration::hours(1),
        }
    }
}

/// A random secret (32 bytes, URL-safe base64): tokens, browser keys.
pub fn random_secret() -> String {
    random_token()
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Deletes the person's unused tokens of one purpose: a new link, a new password or a reset makes
/// every earlier link of that kind useless.
async fn revoke_tokens(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: TokenPurpose,
) -> Result<()> {
    account_token::Entity::delete_many()
        .filter(account_token::Column::UserId.eq(user_id))
        .filter(account_token::Column::Purpose.eq(purpose.code()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Creates a token (only its SHA-256 is stored) and returns the secret to mail. Earlier unused
/// tokens of the same purpose stop working: only the newest link mailed opens.
pub async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: TokenPurpose,
) -> Result<String> {
    revoke_tokens(db, user_id, purpose).await?;
    let token = random_token();
    let now = time::now();
    account_token::Entity::insert(account_token::ActiveModel {
        id: Set(token_id(&token)),
        user_id: Set(user_id),
        purpose: Set(purpose.code().to_string()),
        created_at: Set(now),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(token)
}

/// Uses a token once: it must exist, have this purpose, be unused and unexpired. Returns its user.
/// The unused, unexpired token of `purpose`, read without using it up.
async fn valid_token(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
) -> Result<account_token::Model> {
    let invalid = || Error::field("token", FieldError::TokenInvalid);
    if token.is_empty() || token.len() > 100 {
        return Err(invalid());
    }
    let row = account_token::Entity::find_by_id(token_id(token))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if row.purpose != purpose.code() || row.used_at.is_some() || row.expires_at <= time::now() {
        return Err(invalid());
    }
    Ok(row)
}

async fn use_token(db: &impl ConnectionTrait, token: &str, purpose: TokenPurpose) -> Result<i64> {
    let invalid = || Error::field("token", FieldError::TokenInvalid);
    let row = valid_token(db, token, purpose).await?;
    let now = time::now();
    // Marked used only if still unused: two concurrent uses cannot both succeed.
    let res = account_token::Entity::update_many()
        .col_expr(
            account_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(account_token::Column::Id.eq(row.id.clone()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(invalid());
    }
    Ok(row.user_id)
}

/// Marks the address verified, then links the person to every entry that names them as a co-author
/// by this address (filed before they had an account, or before they proved the address was theirs).
async fn mark_verified(db: &impl ConnectionTrait, user_id: i64) -> Result<()> {
    user::Entity::update_many()
        .col_expr(
            user::Column::EmailVerifiedAt,
            sea_orm::sea_query::Expr::value(time::now()),
        )
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::EmailVerifiedAt.is_null())
        .exec(db)
        .await?;
    if let Some(u) = user::Entity::find_by_id(user_id).one(db).await? {
        link_co_author(db, user_id, &u.email).await?;
    }
    Ok(())
}

/// Links a person whose address was just verified to the entries naming them as a co-author by that
/// address and not linked yet.
pub async fn link_co_author(db: &impl ConnectionTrait, user_id: i64, email: &str) -> Result<u64> {
    Ok(author::Entity::update_many()
        .col_expr(
            author::Column::UserId,
            sea_orm::sea_query::Expr::value(user_id),
        )
        .filter(author::Column::Email.eq(email))
        .filter(author::Column::UserId.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Confirms an address from the mailed link.
pub async fn verify_email(db: &impl TransactionTrait, token: &str) -> Result<User> {
    let txn = crate::db::begin(db).await?;
    let user_id = use_token(&txn, token, TokenPurpose::VerifyEmail).await?;
    mark_verified(&txn, user_id).await?;
    txn.commit().await?;
    user_by_id(db, user_id).await
}

/// Whether a verification link was already used and its address is verified: a second click on
/// the link (the answer then says so and offers to sign in, instead of asking for a new link).
/// Unknown, expired or other links are not.
pub async fn verified_by_used_link(db: &impl ConnectionTrait, token: &str) -> Result<bool> {
    if token.is_empty() || token.len() > 100 {
        return Ok(false);
    }
    let Some(row) = account_token::Entity::find_by_id(token_id(token))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if row.purpose != TokenPurpose::VerifyEmail.code() || row.used_at.is_none() {
        return Ok(false);
    }
    Ok(user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .is_some_and(|u| u.email_verified_at.is_some()))
}

/// Marks an address as verified without a mail (accounts made by an administrator, demo accounts).
pub async fn set_email_verified(db: &impl ConnectionTrait, user_id: i64) -> Result<()> {
    mark_verified(db, user_id).await
}

/// Mails a new verification link to a signed-in person whose address is not verified yet.
pub async fn resend_verification(db: &impl TransactionTrait, actor: &User) -> Result<()> {
    if actor.email_verified {
        return Ok(());
    }
    let txn = crate::db::begin(db).await?;
    let token = issue_token(&txn, actor.id, TokenPurpose::VerifyEmail).await?;
    crate::mail::enqueue(
        &txn,
        crate::mail::verification(&actor.email, &actor.full_name, &token),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Mails a reset link when the address has an account; says nothing either way (the caller shows
/// the same message), so that nobody learns which addresses are registered.
pub async fn request_password_reset(db: &impl TransactionTrait, email: &Email) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    if let Some(m) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
    {
        let token = issue_token(&txn, m.id, TokenPurpose::ResetPassword).await?;
        crate::mail::enqueue(
            &txn,
            crate::mail::password_reset(&m.email, &m.full_name, &token),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets a new password from a reset link (once, within the hour). Every session of the account ends;
/// the address counts as verified, since the link reached it. A weak password (`passwords::check`)
/// is refused without using up the link.
pub async fn reset_password(
    db: &(impl TransactionTrait + ConnectionTrait),
    token: &str,
    password: Password,
) -> Result<()> {
    // The link and the password's strength before the costly hash: a dead link or a weak password
    // costs no hashing turn, and a refusal leaves the link usable.
    let row = valid_token(db, token, TokenPurpose::ResetPassword).await?;
    let owner = user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    refuse_weak("password", &password, &owner.email, &owner.full_name).await?;
    let hash = hash_password(&password).await?;
    let txn = crate::db::begin(db).await?;
    let user_id = use_token(&txn, token, TokenPurpose::ResetPassword).await?;
    set_hash(&txn, user_id, hash).await?;
    revoke_tokens(&txn, user_id, TokenPurpose::ResetPassword).await?;
    mark_verified(&txn, user_id).await?;
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn set_hash(db: &impl ConnectionTrait, user_id: i64, hash: String) -> Result<()> {
    user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Changes the password of the signed-in person after checking the current one (a weak new one is
/// judged only once the current one is right). Their other sessions end; `keep_session` (the one
/// making the change) stays.
pub async fn change_password(
    db: &(impl TransactionTrait + ConnectionTrait),
    actor: &User,
    current: &str,
    new: Password,
    keep_session: Option<&str>,
) -> Result<()> {
    let m = user::Entity::find_by_id(actor.id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    // The current password first: the strength check costs CPU, and is for the account's owner.
    let current_ok = verify_password(current, Some(m.password_hash)).await;
    let weak = if current_ok {
        match refuse_weak("new_password", &new, &m.email, &m.full_name).await {
            Err(Error::Invalid(errors)) => errors.get("new_password").cloned(),
            Err(e) => return Err(e),
            Ok(()) => None,
        }
    } else {
        None
    };
    if !current_ok || weak.is_some() {
        let mut errors = FieldErrors::default();
        if !current_ok {
            errors.add("current_password", FieldError::WrongCredentials);
        }
        if let Some(e) = weak {
            errors.add("new_password", e);
        }
        return Err(Error::Invalid(errors));
    }
    let hash = hash_password(&new).await?;
    let txn = crate::db::begin(db).await?;
    set_hash(&txn, actor.id, hash).await?;
    // A reset link mailed before the change (maybe to someone who read the mailbox) is void now.
    revoke_tokens(&txn, actor.id, TokenPurpose::ResetPassword).await?;
    let mut others = session::Entity::delete_many().filter(session::Column::UserId.eq(actor.id));
    if let Some(token) = keep_session {
        others = others.filter(session::Column::Id.ne(token_id(token)));
    }
    others.exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of the signed-in person, on every device.
pub async fn end_all_sessions(db: &impl ConnectionTrait, actor: &User) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(actor.id))
        .exec(db)
        .await?
        .rows_affected)
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

/// Everything the portal holds about the signed-in person, as JSON (the right of access): account
/// and profile, consents, drafts as typed, own entries as they see them, notifications.
pub async fn export(db: &impl TransactionTrait, actor: &User) -> Result<serde_json::Value> {
    use serde_json::json;
    let txn = crate::db::begin_read(db).await?;
    let p = profile(&txn, actor, actor.id).await?;
    let consents: Vec<serde_json::Value> = consent::Entity::find()
        .filter(consent::Column::UserId.eq(actor.id))
        .order_by_asc(consent::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| {
            json!({"purpose": c.purpose, "text_version": c.text_version,
                   "initiative_id": c.initiative_id, "given_at": c.given_at.to_rfc3339()})
        })
        .collect();
    let mut drafts = Vec::new();
    for d in crate::drafts::list(&txn, actor).await? {
        let (_, input) = crate::drafts::get(&txn, actor, d.id).await?;
        drafts.push(json!({"id": d.id, "saved_at": d.updated_at.to_rfc3339(), "form": input}));
    }
    let mut entries = Vec::new();
    for s in crate::initiatives::mine(&txn, actor).await? {
        let v = crate::initiatives::get_for(&txn, Some(actor), s.id).await?;
        entries.push(json!({
            "id": v.id, "code": v.code, "title": v.title, "summary": v.summary,
            "status": v.status.code(), "submitted_at": v.submitted_at.map(|t| t.to_rfc3339()),
            "sections": v.sections.iter().map(|x| json!({"section": x.section.code(), "text": x.body, "confidential": x.confidential})).collect::<Vec<_>>(),
            "authors": v.authors.iter().map(|a| json!({"name": a.name, "share_tenths": a.share_tenths,
                "birth_date": a.birth_date, "workplace": a.workplace, "position": a.job_title,
                "qualification": a.qualification, "email": a.email})).collect::<Vec<_>>(),
            "attachments": v.attachments.iter().map(|a| json!({"file_name": a.file_name, "size_bytes": a.size_bytes, "sha256": a.sha256})).collect::<Vec<_>>(),
        }));
    }
    let notifications: Vec<serde_json::Value> = crate::notifications::list(&txn, actor)
        .await?
        .into_iter()
        .map(|n| json!({"message": n.message, "at": n.created_at.to_rfc3339(), "read": n.read}))
        .collect();
    txn.commit().await?;
    Ok(json!({
        "exported_at": time::now().to_rfc3339(),
        "account": {
            "email": p.email, "full_name": p.full_name, "email_verified": actor.email_verified,
            "roles": actor.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
            "submitter_kind": p.submitter_kind.map(|k| k.code()),
            "position": p.position, "qualification": p.qualification,
            "organisation": p.unit.map(|u| u.name),
            "birth_date": p.birth_date, "phone": p.phone,
        },
        "consents": consents,
        "drafts": drafts,
        "initiatives": entries,
        "notifications": notifications,
    }))
}

#[cfg(test)]
mod hashing_tests {
    use super::*;

    #[test]
    fn hash_cost_never_falls_below_owasps_minimum() {
        let weak = HashCost {
            memory_kib: 4096,
            iterations: 1,
            lanes: 1,
        };
        assert_eq!(weak.at_least_minimum(), HashCost::OWASP_MINIMUM);
        let strong = HashCost {
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 2,
        };
        assert_eq!(strong.at_least_minimum(), strong);
    }
}
