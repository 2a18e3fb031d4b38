//! The audit log nobody can quietly rewrite: every change to a score sheet, an assignment, a conflict,
//! a flag resolution, a vote or a decision appends a record (actor, time, before/after, reason) that
//! carries the SHA-256 of the previous record. `verify` walks the chain and names the first record that
//! does not fit. The head row (`audit_head`) holds the last id and hash: appending locks it first, so
//! two transactions can never both extend the same record, and deleting the newest records shows.
use crate::entities::{audit_head, audit_log};
use crate::{Error, Result, time};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use migrations::GENESIS_HASH;

/// What was changed, in the words of the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    /// A reviewer's sheet on one entry; the id is the assignment's.
    ScoreSheet,
    Assignment,
    Conflict,
    FlagResolution,
    Vote,
    Decision,
    Screening,
    Rubric,
    CampaignSettings,
    Council,
    Publication,
    /// A campaign opened, copied, archived or restored (administrators).
    Campaign,
    /// An account's roles, deactivation or password reset changed by an administrator.
    Account,
    /// A campaign's summing-up: its rules, its list built and issued (`documents::summing`).
    SummingUp,
    /// One proposal for commendation edited or struck out.
    Commendation,
    /// A mail of the outbox sent again by an administrator.
    Mail,
}

impl Entity {
    /// Every kind, in the order the audit viewer offers them.
    pub const ALL: [Entity; 16] = [
        Entity::Screening,
        Entity::Assignment,
        Entity::ScoreSheet,
        Entity::Conflict,
        Entity::FlagResolution,
        Entity::Vote,
        Entity::Decision,
        Entity::Publication,
        Entity::Rubric,
        Entity::CampaignSettings,
        Entity::Council,
        Entity::Campaign,
        Entity::SummingUp,
        Entity::Commendation,
        Entity::Account,
        Entity::Mail,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Entity::ScoreSheet => "score_sheet",
            Entity::Assignment => "assignment",
            Entity::Conflict => "conflict",
            Entity::FlagResolution => "flag_resolution",
            Entity::Vote => "vote",
            Entity::Decision => "decision",
            Entity::Screening => "screening",
            Entity::Rubric => "rubric",
            Entity::CampaignSettings => "campaign_settings",
            Entity::Council => "council",
            Entity::Publication => "publication",
            Entity::Campaign => "campaign",
            Entity::Account => "account",
            Entity::SummingUp => "summing_up",
            Entity::Commendation => "commendation",
            Entity::Mail => "mail",
        }
    }
}

/// A record to append. `before` and `after` are any serialisable state (stored as JSON).
pub struct Change<'a> {
    pub actor: Option<i64>,
    pub entity: Entity,
    pub entity_id: i64,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

impl<'a> Change<'a> {
    pub fn new(actor: Option<i64>, entity: Entity, entity_id: i64, action: &'a str) -> Self {
        Change {
            actor,
            entity,
            entity_id,
            action,
            before: None,
            after: None,
            reason: None,
        }
    }
    pub fn before(mut self, v: impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }
    pub fn after(mut self, v: impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
    pub fn reason(mut self, r: &'a str) -> Self {
        self.reason = Some(r);
        self
    }
}

/// The hash of a record: SHA-256 of a JSON array of every stored field but the hash itself.
pub fn record_hash(r: &audit_log::Model) -> String {
    let canonical = serde_json::json!([
        r.id,
        r.at,
        r.actor_id,
        r.entity,
        r.entity_id,
        r.action,
        r.before,
        r.after,
        r.reason,
        r.prev_hash,
    ]);
    crate::text::hex(&Sha256::digest(canonical.to_string().as_bytes()))
}

/// Appends a record inside the caller's transaction (so it exists exactly when the change does).
pub async fn append(txn: &impl ConnectionTrait, change: Change<'_>) -> Result<i64> {
    // Take the head's row lock before reading it (PostgreSQL); SQLite has one writer anyway.
    audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::LastId,
            Expr::col(audit_head::Column::LastId).into(),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(txn)
        .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(txn)
        .await?
        .ok_or_else(|| Error::missing("audit_head 1"))?;
    let mut record = audit_log::Model {
        id: head.last_id + 1,
        at: time::now().timestamp_micros(),
        actor_id: change.actor,
        entity: change.entity.code().to_string(),
        entity_id: change.entity_id,
        action: change.action.to_string(),
        before: change.before.map(|v| v.to_string()),
        after: change.after.map(|v| v.to_string()),
        reason: change.reason.map(crate::text::nfc),
        prev_hash: head.last_hash.clone(),
        hash: String::new(),
    };
    record.hash = record_hash(&record);
    let id = record.id;
    let hash = record.hash.clone();
    audit_log::Entity::insert(audit_log::ActiveModel::from(record))
        .exec(txn)
        .await?;
    audit_head::Entity::update(audit_head::ActiveModel {
        id: Set(1),
        last_id: Set(id),
        last_hash: Set(hash),
    })
    .exec(txn)
    .await?;
    Ok(id)
}

/// What is wrong with the first record that does not fit the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The record's content does not give its stored hash (it was edited).
    Altered,
    /// The record does not point at the hash of the record before it (one was edited or removed).
    Unlinked,
    /// Records are missing before this id.
    Missing,
    /// The newest records were removed: the head points further than the log goes.
    Truncated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { records: i64 },
    Broken { record_id: i64, problem: Problem },
}

/// Walks the whole chain in id order (in pages, so a long log does not fill memory).
pub async fn verify(db: &impl ConnectionTrait) -> Result<Verdict> {
    const PAGE: u64 = 1_000;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut expected_id = 1i64;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gte(expected_id))
            .order_by_asc(audit_log::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let done = (rows.len() as u64) < PAGE;
        for r in rows {
            let broken = |problem| Verdict::Broken {
                record_id: r.id,
                problem,
            };
            if r.id != expected_id {
                return Ok(broken(Problem::Missing));
            }
            if record_hash(&r) != r.hash {
                return Ok(broken(Problem::Altered));
            }
            if r.prev_hash != prev_hash {
                return Ok(broken(Problem::Unlinked));
            }
            prev_hash = r.hash;
            expected_id += 1;
        }
        if done {
            break;
        }
    }
    let records = expected_id - 1;
    let head = audit_head::Entity::find_by_id(1).one(db).await?;
    match head {
        Some(h) if h.last_id == records && h.last_hash == prev_hash => {
            Ok(Verdict::Intact { records })
        }
        _ => Ok(Verdict::Broken {
            record_id: records + 1,
            problem: Problem::Truncated,
        }),
    }
}

/// A record as shown to people.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// The history of one thing, oldest first. Callers check who may read it.
pub async fn history(
    db: &impl ConnectionTrait,
    entity: Entity,
    entity_id: i64,
) -> Result<Vec<Entry>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity.code()))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            id: r.id,
            at: chrono::DateTime::from_timestamp_micros(r.at).unwrap_or_default(),
            actor_id: r.actor_id,
            action: r.action,
            before: r.before,
            after: r.after,
            reason: r.reason,
        })
        .collect())
}
