//! The search outbox: one row per changed initiative, written in the same transaction as the
//! change; the indexer (`search::run_indexer`) reads the rows and applies them. The areas that
//! change what the public reads write here and never call the search themselves.
use crate::Result;
use crate::entities::search_outbox;
use crate::time;
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

/// An outbox row naming this "initiative" asks for a whole rebuild (`sangkien reindex` while a
/// portal owns the index, new places). No initiative has id 0.
pub const REBUILD_ALL: i64 = 0;

/// Queues an initiative for the search indexer (same transaction as the change).
pub async fn enqueue_for_index(txn: &impl ConnectionTrait, initiative_id: i64) -> Result<()> {
    search_outbox::Entity::insert(search_outbox::ActiveModel {
        initiative_id: Set(initiative_id),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// Asks the process that owns the index for a whole rebuild, through the database.
pub async fn request_rebuild(db: &impl ConnectionTrait) -> Result<()> {
    enqueue_for_index(db, REBUILD_ALL).await
}
