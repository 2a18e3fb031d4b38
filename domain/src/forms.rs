//! Refused form input kept for one hour, so that a form posted without JavaScript can be shown again
//! with everything typed and an error next to each field (post → redirect → get).
use crate::entities::form_stash;
use crate::{Result, time};
use base64::Engine;
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use types::FieldErrors;

const KEEP_MINUTES: i64 = 60;

/// Field values by input name, and the errors to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
}

/// Stores a refused form. `owner` is the signed-in person, if any: only they can read it back.
/// Returns the random key to put in the redirect URL.
pub async fn stash(
    db: &impl ConnectionTrait,
    owner: Option<i64>,
    state: &FormState,
) -> Result<String> {
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = time::now();
    form_stash::Entity::delete_many()
        .filter(form_stash::Column::CreatedAt.lt(now - chrono::Duration::minutes(KEEP_MINUTES)))
        .exec(db)
        .await?;
    form_stash::Entity::insert(form_stash::ActiveModel {
        id: Set(key.clone()),
        user_id: Set(owner),
        payload: Set(serde_json::to_string(state).unwrap_or_default()),
        created_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(key)
}

/// Reads a stashed form back; `None` if unknown, expired, or stashed by someone else.
pub async fn load(
    db: &impl ConnectionTrait,
    key: &str,
    viewer: Option<i64>,
) -> Result<Option<FormState>> {
    if key.is_empty() || key.len() > 64 {
        return Ok(None);
    }
    let Some(row) = form_stash::Entity::find_by_id(key.to_string())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let fresh = row.created_at > time::now() - chrono::Duration::minutes(KEEP_MINUTES);
    if !fresh || (row.user_id.is_some() && row.user_id != viewer) {
        return Ok(None);
    }
    Ok(serde_json::from_str(&row.payload).ok())
}
