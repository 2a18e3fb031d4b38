//! Refused form input kept for one hour, so that a form posted without JavaScript can be shown again
//! with everything typed and an error next to each field (post → redirect → get).
use crate::entities::form_stash;
use crate::{Result, time};
use base64::Engine;
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use types::FieldErrors;

/// How long a refused form is kept (and the browser cookie it is tied to).
pub const KEEP_MINUTES: i64 = 60;

/// Field values by input name, and the errors to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
}

/// Whose a stash is: a signed-in person, or (nobody signed in) the browser that posted it, by the
/// random key of its form cookie.
#[derive(Clone, Copy, Debug)]
pub enum Holder<'a> {
    Person(i64),
    Browser(&'a str),
}

fn browser_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::text::hex(&Sha256::digest(key.as_bytes()))
}

/// Stores a refused form for its holder: only they can read it back. Returns the random key to
/// put in the redirect URL.
pub async fn stash(
    db: &impl ConnectionTrait,
    holder: Holder<'_>,
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
        user_id: Set(match holder {
            Holder::Person(id) => Some(id),
            Holder::Browser(_) => None,
        }),
        browser_hash: Set(match holder {
            Holder::Person(_) => None,
            Holder::Browser(b) => Some(browser_hash(b)),
        }),
        payload: Set(serde_json::to_string(state).unwrap_or_default()),
        created_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(key)
}

/// Reads a stashed form back; `None` if unknown, expired, or stashed by someone else: a person's
/// stash by that person only, a browser's by that browser only (whoever signs in there meanwhile,
/// as after an expired session).
pub async fn load(
    db: &impl ConnectionTrait,
    key: &str,
    viewer: Option<i64>,
    browser: Option<&str>,
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
    let holder_ok = match (&row.user_id, &row.browser_hash) {
        (Some(owner), _) => Some(*owner) == viewer,
        (None, Some(hash)) => browser.is_some_and(|b| browser_hash(b) == *hash),
        (None, None) => false,
    };
    if !fresh || !holder_ok {
        return Ok(None);
    }
    Ok(serde_json::from_str(&row.payload).ok())
}
