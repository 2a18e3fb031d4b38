//! One-time tokens sent by mail (email verification, password reset) and password changes.
use super::*;

// ---- One-time tokens: email verification and password reset ---------------------------------------

/// What a mailed token is for, and how long it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    /// An administrator's invitation (`manage::invite`): it sets the first password on the reset
    /// page, lasts a week, and a reset asked for meanwhile does not cancel it.
    Invite,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
            TokenPurpose::Invite => "invite",
        }
    }
    fn lifetime(self) -> chrono::Duration {
        match self {
            TokenPurpose::VerifyEmail => chrono::Duration::hours(48),
            TokenPurpose::ResetPassword => chrono::Duration::hours(1),
            TokenPurpose::Invite => chrono::Duration::days(7),
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
pub(super) async fn mark_verified(db: &impl ConnectionTrait, user_id: i64) -> Result<()> {
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
    let deactivated = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .is_none_or(|u| u.deactivated_at.is_some());
    if deactivated {
        return Err(Error::field("token", FieldError::TokenInvalid));
    }
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
    // A deactivated account is sent nothing (and told nothing different).
    if let Some(m) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::DeactivatedAt.is_null())
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

/// Sets a new password from a reset link (once, within the hour) or an invitation's (once, within the
/// week). Every session of the account ends;
/// the address counts as verified, since the link reached it. A weak password (`passwords::check`)
/// is refused without using up the link.
pub async fn reset_password(
    db: &(impl TransactionTrait + ConnectionTrait),
    token: &str,
    password: Password,
) -> Result<()> {
    // The link and the password's strength before the costly hash: a dead link or a weak password
    // costs no hashing turn, and a refusal leaves the link usable.
    // A reset link, or an invitation's (which sets the first password the same way).
    let (row, purpose) = match valid_token(db, token, TokenPurpose::ResetPassword).await {
        Ok(row) => (row, TokenPurpose::ResetPassword),
        Err(_) => (
            valid_token(db, token, TokenPurpose::Invite).await?,
            TokenPurpose::Invite,
        ),
    };
    let owner = user::Entity::find_by_id(row.user_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    if owner.deactivated_at.is_some() {
        return Err(Error::field("token", FieldError::TokenInvalid));
    }
    refuse_weak("password", &password, &owner.email, &owner.full_name).await?;
    let hash = hash_password(&password).await?;
    let txn = crate::db::begin(db).await?;
    let user_id = use_token(&txn, token, purpose).await?;
    set_hash(&txn, user_id, hash).await?;
    revoke_tokens(&txn, user_id, TokenPurpose::ResetPassword).await?;
    revoke_tokens(&txn, user_id, TokenPurpose::Invite).await?;
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
