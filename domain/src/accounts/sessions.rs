//! Sign-in sessions: a random token in the cookie, its SHA-256 in the database, an idle timeout.
use super::*;

pub(super) fn token_id(token: &str) -> String {
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
    if m.deactivated_at.is_some() {
        // Deactivation ends the sessions; one made meanwhile ends here.
        session::Entity::delete_by_id(s.id).exec(db).await?;
        return Ok(None);
    }
    Ok(Some(to_user(db, m).await?))
}

/// Ends one session (sign out).
pub async fn end_session(db: &impl ConnectionTrait, token: &str) -> Result<()> {
    session::Entity::delete_by_id(token_id(token))
        .exec(db)
        .await?;
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
