//! Drafts of the application form, kept on the server exactly as typed (nothing is validated, so
//! nothing is lost): resumable from any device, saved by the "Lưu nháp" button, by autosave, and
//! before every submission attempt. Only their owner can read, change or delete them; for anyone
//! else a draft does not exist.
use crate::accounts::User;
use crate::entities::draft;
use crate::{Error, Result, time};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use types::{FieldError, InitiativeInput};

/// Largest draft kept (the JSON of the form): far above any real application, well below abuse.
pub const MAX_BYTES: usize = 1_000_000;
/// Most rows of the authors or adopters table.
pub const MAX_ROWS: usize = types::MAX_PEOPLE_ROWS;
/// Drafts one person may keep at once (a filed or deleted draft makes room).
pub const MAX_DRAFTS: u64 = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftInfo {
    pub id: i64,
    pub title: String,
    pub updated_at: DateTime<Utc>,
    /// The filed entry this draft corrects, if any.
    pub initiative_id: Option<i64>,
}

impl From<&draft::Model> for DraftInfo {
    fn from(m: &draft::Model) -> Self {
        DraftInfo {
            id: m.id,
            title: m.title.clone(),
            updated_at: m.updated_at,
            initiative_id: m.initiative_id,
        }
    }
}

/// Creates a draft (`id` none) or replaces the owner's draft `id` with what is typed now.
pub async fn save(
    db: &impl ConnectionTrait,
    actor: &User,
    id: Option<i64>,
    input: &InitiativeInput,
) -> Result<DraftInfo> {
    if input.authors.len() > MAX_ROWS {
        return Err(Error::field(
            "authors",
            FieldError::TooLong { max: MAX_ROWS },
        ));
    }
    if input.adopters.len() > MAX_ROWS {
        return Err(Error::field(
            "adopters",
            FieldError::TooLong { max: MAX_ROWS },
        ));
    }
    let payload = serde_json::to_string(input)?;
    if payload.len() > MAX_BYTES {
        return Err(Error::field(
            "draft",
            FieldError::TooLong { max: MAX_BYTES },
        ));
    }
    let title: String = input.title.trim().chars().take(300).collect();
    let now = time::now();
    let model = match id {
        Some(id) => {
            let existing = owned(db, actor, id).await?;
            let mut am: draft::ActiveModel = existing.into();
            am.title = Set(title);
            am.payload = Set(payload);
            am.updated_at = Set(now);
            draft::Entity::update(am).exec(db).await?
        }
        None => {
            let kept = draft::Entity::find()
                .filter(draft::Column::OwnerId.eq(actor.id))
                .count(db)
                .await?;
            if kept >= MAX_DRAFTS {
                return Err(Error::field(
                    "draft",
                    FieldError::TooManyDrafts {
                        max: MAX_DRAFTS as u32,
                    },
                ));
            }
            let id = draft::Entity::insert(draft::ActiveModel {
                owner_id: Set(actor.id),
                title: Set(title),
                payload: Set(payload),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(db)
            .await?
            .last_insert_id;
            owned(db, actor, id).await?
        }
    };
    Ok(DraftInfo::from(&model))
}

async fn owned(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<draft::Model> {
    draft::Entity::find_by_id(id)
        .filter(draft::Column::OwnerId.eq(actor.id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// The owner's draft with what was typed.
pub async fn get(
    db: &impl ConnectionTrait,
    actor: &User,
    id: i64,
) -> Result<(DraftInfo, InitiativeInput)> {
    let m = owned(db, actor, id).await?;
    let input = serde_json::from_str(&m.payload)
        .map_err(|source| super::SubmissionError::DraftUnreadable { id, source })?;
    Ok((DraftInfo::from(&m), input))
}

/// The owner's drafts, most recently saved first.
pub async fn list(db: &impl ConnectionTrait, actor: &User) -> Result<Vec<DraftInfo>> {
    Ok(draft::Entity::find()
        .filter(draft::Column::OwnerId.eq(actor.id))
        .order_by_desc(draft::Column::UpdatedAt)
        .order_by_desc(draft::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(DraftInfo::from)
        .collect())
}

/// Deletes the owner's draft.
pub async fn delete(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<()> {
    let res = draft::Entity::delete_many()
        .filter(draft::Column::Id.eq(id))
        .filter(draft::Column::OwnerId.eq(actor.id))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}
