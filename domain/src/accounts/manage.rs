//! Accounts as administrators keep them: find one among many (a word of the name or the address,
//! with or without diacritics) a page at a time, deactivate and reactivate, and mail a password
//! reset. Every change is in the audit chain.
//!
//! A deactivated account cannot sign in (the right password is told it is deactivated), and every
//! session it had ends at once: the next request of each of its browsers is anonymous. Its entries,
//! sheets and decisions stay as they are.
use super::*;
use crate::audit;
use sea_orm::QuerySelect;
use types::ValidInvite;

/// Accounts on one page of the administration's list.
pub const USERS_PER_PAGE: usize = 50;

/// An account as the administration's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub user: User,
    pub deactivated: bool,
    /// Erased on request (`admin::erasure`): nothing left to act on.
    pub erased: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One page of accounts matching a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    /// Accounts matching, on every page.
    pub total: usize,
    /// This page (from 1; a page past the last is the last).
    pub page: usize,
    pub pages: usize,
}

/// The accounts whose name or address holds every word of `q` (folded: "nguyen" finds
/// "Nguyễn"), oldest first, page `page` of [`USERS_PER_PAGE`].
pub async fn find(
    db: &impl ConnectionTrait,
    admin: &User,
    q: &str,
    page: usize,
) -> Result<UserPage> {
    admin.require(Role::Admin)?;
    let words: Vec<String> = crate::text::fold(q)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let all: Vec<(i64, String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FullName)
        .column(user::Column::Email)
        .order_by_asc(user::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let matching: Vec<i64> = all
        .into_iter()
        .filter(|(_, name, email)| {
            let hay = crate::text::fold(&format!("{name} {email}"));
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|(id, ..)| id)
        .collect();
    let total = matching.len();
    let pages = total.div_ceil(USERS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let ids: Vec<i64> = matching
        .into_iter()
        .skip((page - 1) * USERS_PER_PAGE)
        .take(USERS_PER_PAGE)
        .collect();
    let mut rows = Vec::with_capacity(ids.len());
    for m in user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
    {
        let (deactivated, erased) = (m.deactivated_at.is_some(), m.erased_at.is_some());
        let created_at = m.created_at;
        rows.push(UserRow {
            user: to_user(db, m).await?,
            deactivated,
            erased,
            created_at,
        });
    }
    Ok(UserPage {
        rows,
        total,
        page,
        pages,
    })
}

/// Deactivates an account: sign-in refused, every session ended. An administrator cannot
/// deactivate themselves (the portal is never left without one by accident).
pub async fn deactivate(db: &impl TransactionTrait, admin: &User, user_id: i64) -> Result<()> {
    set_active(db, admin, user_id, false).await
}

/// Lets a deactivated account sign in again (its sessions do not come back).
pub async fn reactivate(db: &impl TransactionTrait, admin: &User, user_id: i64) -> Result<()> {
    set_active(db, admin, user_id, true).await
}

async fn set_active(
    db: &impl TransactionTrait,
    admin: &User,
    user_id: i64,
    active: bool,
) -> Result<()> {
    admin.require(Role::Admin)?;
    if admin.id == user_id && !active {
        return Err(Error::field("account", FieldError::NotAllowed));
    }
    let txn = crate::db::begin(db).await?;
    let m = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if m.deactivated_at.is_none() == active {
        return Ok(());
    }
    // An erased account stays out for good.
    if m.erased_at.is_some() {
        return Err(Error::field("account", FieldError::NotAllowed));
    }
    let before = m.deactivated_at;
    let after = (!active).then(time::now);
    let mut am: user::ActiveModel = m.into();
    am.deactivated_at = Set(after);
    user::Entity::update(am).exec(&txn).await?;
    if !active {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        // Links mailed before (verification, reset, invitation) stop working too.
        crate::entities::account_token::Entity::delete_many()
            .filter(crate::entities::account_token::Column::UserId.eq(user_id))
            .filter(crate::entities::account_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
    }
    let action = if active { "reactivate" } else { "deactivate" };
    audit::append(
        &txn,
        audit::Change::new(Some(admin.id), audit::Entity::Account, user_id, action)
            .before(serde_json::json!({ "deactivated_at": before }))
            .after(serde_json::json!({ "deactivated_at": after })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Invites a person: an account for the address with the ticked roles, no password yet, and a mail
/// whose link (for a week) sets the first password and proves the address. Refused on
/// `invite_email` when the address has an account. Recorded in the audit chain.
pub async fn invite(db: &impl TransactionTrait, admin: &User, invite: ValidInvite) -> Result<User> {
    let ValidInvite { name, email, roles } = invite;
    admin.require(Role::Admin)?;
    // A real hash of a secret nobody knows: signing in to the account before the link is used
    // fails, and takes the time any wrong password takes.
    let secret = Password::parse(&random_secret()).map_err(|e| Error::field("invite_email", e))?;
    let hash = hash_password(&secret).await?;
    let txn = crate::db::begin(db).await?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(Error::field("invite_email", FieldError::EmailTaken));
    }
    let id = match insert_user(&txn, &email, &name, hash).await {
        Ok(id) => id,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(Error::field("invite_email", FieldError::EmailTaken));
        }
        Err(e) => return Err(e.into()),
    };
    grant(&txn, id, Role::Submitter).await?;
    for r in &roles {
        grant(&txn, id, *r).await?;
    }
    let token = issue_token(&txn, id, TokenPurpose::Invite).await?;
    crate::mail::enqueue(
        &txn,
        crate::mail::invitation(email.as_str(), name.as_str(), &token),
    )
    .await?;
    audit::append(
        &txn,
        // The account only: an address in the chain could never be erased.
        audit::Change::new(Some(admin.id), audit::Entity::Account, id, "invite")
            .after(serde_json::json!({ "roles": roles })),
    )
    .await?;
    txn.commit().await?;
    user_by_id(db, id).await
}

/// Mails the account a password reset link (as "forgot password" would), at an administrator's
/// request; recorded in the audit chain. Refused for a deactivated account.
pub async fn send_reset(db: &impl TransactionTrait, admin: &User, user_id: i64) -> Result<()> {
    admin.require(Role::Admin)?;
    let txn = crate::db::begin(db).await?;
    let m = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if m.deactivated_at.is_some() {
        return Err(Error::field("account", FieldError::AccountDeactivated));
    }
    let token = issue_token(&txn, m.id, TokenPurpose::ResetPassword).await?;
    crate::mail::enqueue(
        &txn,
        crate::mail::password_reset(&m.email, &m.full_name, &token),
    )
    .await?;
    audit::append(
        &txn,
        audit::Change::new(
            Some(admin.id),
            audit::Entity::Account,
            user_id,
            "send_reset",
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
