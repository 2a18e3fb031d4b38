//! The administrators' view of the mail outbox: the newest mails, a sent mail's `.eml` file, and
//! sending a mail that waits again now instead of at its next try.
use crate::accounts::User;
use crate::entities::mail_outbox;
use crate::mail::Mailer;
use crate::{Error, Result, audit, time};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

/// A line of the admin's mail log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailLogEntry {
    pub id: i64,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub file_name: Option<String>,
}

/// The newest mails, for administrators.
pub async fn log(db: &impl ConnectionTrait, actor: &User, limit: u64) -> Result<Vec<MailLogEntry>> {
    actor.require(types::Role::Admin)?;
    Ok(mail_outbox::Entity::find()
        .order_by_desc(mail_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MailLogEntry {
            id: m.id,
            kind: m.kind,
            to: m.to_addr,
            subject: m.subject,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attempts: m.attempts,
            last_error: m.last_error,
            file_name: m.file_name,
        })
        .collect())
}

/// The `.eml` file of a sent mail (file transport), for administrators.
pub async fn eml_file(
    db: &impl ConnectionTrait,
    actor: &User,
    mailer: &Mailer,
    id: i64,
) -> Result<Vec<u8>> {
    actor.require(types::Role::Admin)?;
    let row = mail_outbox::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let (Some(dir), Some(name)) = (mailer.files_dir(), row.file_name) else {
        return Err(Error::NotFound);
    };
    tokio::fs::read(dir.join(name))
        .await
        .map_err(|_| Error::NotFound)
}

/// Moves a mail not yet sent to the front of the queue: the worker tries it at its next round
/// rather than after its back-off. Refused (`Stale`) for a mail already sent. In the audit chain.
pub async fn retry(db: &impl TransactionTrait, actor: &User, id: i64) -> Result<()> {
    actor.require(types::Role::Admin)?;
    let txn = crate::db::begin(db).await?;
    let row = mail_outbox::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let moved = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(time::now()))
        .filter(mail_outbox::Column::Id.eq(id))
        .filter(mail_outbox::Column::SentAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 0 {
        return Err(Error::Conflict("mail already sent"));
    }
    audit::append(
        &txn,
        audit::Change::new(Some(actor.id), audit::Entity::Mail, id, "retry").before(
            serde_json::json!({
                "kind": row.kind, "attempts": row.attempts, "next_attempt_at": row.next_attempt_at,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
