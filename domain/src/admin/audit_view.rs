//! The audit log as administrators read it: filtered by who acted, the entry concerned, the kind
//! of record, the action and the days, newest first a page at a time; with the chain check, whose
//! first broken record the page opens.
use crate::accounts::User;
use crate::audit::{self, Verdict};
use crate::entities::{assignment, audit_log, flag_resolution, user};
use crate::{Error, Result, time};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;
use types::{FieldError, Role, ValidAuditQuery};

/// Records on a page.
pub const PER_PAGE: u64 = 50;

/// One record as the viewer shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The actor's name; `None` for the portal itself.
    pub actor: Option<String>,
    /// The kind of record (`audit::Entity` code) and the id of what it is about.
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// A page of records matching the filters, the chain's verdict, and the actions the log holds
/// (the filter's choices).
#[derive(Clone, Debug)]
pub struct AuditPage {
    pub rows: Vec<Row>,
    pub total: u64,
    pub page: usize,
    pub pages: usize,
    pub actions: Vec<String>,
    /// The chain check, when asked (it reads every record).
    pub verdict: Option<Verdict>,
}

fn day_start(d: types::Day) -> Option<i64> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
        .map(|d| time::local_midnight(d).timestamp_micros())
}

/// The records about entry `id`: its screening, votes, decision and conflicts (by the entry's id),
/// its sheets and assignments (by the assignment's), its flags' resolutions (by theirs).
async fn about_entry(db: &impl ConnectionTrait, id: i64) -> Result<Condition> {
    let mut assignments: Vec<i64> = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    // An assignment removed since (a reviewer declared a conflict) is only in the log: its
    // `assign` record holds `[entry, reviewer]`.
    assignments.extend(
        audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq(audit::Entity::Assignment.code()))
            .filter(audit_log::Column::Action.eq("assign"))
            .filter(audit_log::Column::After.like(format!("[{id},%")))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.entity_id),
    );
    assignments.sort_unstable();
    assignments.dedup();
    let resolutions: Vec<i64> = flag_resolution::Entity::find()
        .filter(flag_resolution::Column::InitiativeId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let by = |kinds: &[audit::Entity], ids: Vec<i64>| {
        Condition::all()
            .add(audit_log::Column::Entity.is_in(kinds.iter().map(|k| k.code())))
            .add(audit_log::Column::EntityId.is_in(ids))
    };
    use audit::Entity as E;
    Ok(Condition::any()
        .add(by(
            &[E::Screening, E::Conflict, E::Vote, E::Decision],
            vec![id],
        ))
        .add(by(&[E::ScoreSheet, E::Assignment], assignments))
        .add(by(&[E::FlagResolution], resolutions)))
}

/// Most people a word of the actor filter may match: more, and the page asks for more letters.
const MAX_ACTORS: usize = 2_000;

/// The accounts whose folded name or address holds every word.
async fn actors_matching(db: &impl ConnectionTrait, words: &str) -> Result<Vec<i64>> {
    let words: Vec<String> = crate::text::fold(words)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FullName)
        .column(user::Column::Email)
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .filter(|(_, name, email)| {
            let hay = crate::text::fold(&format!("{name} {email}"));
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|(id, ..)| id)
        .collect())
}

/// The records matching `q`, newest first, page `q.page`; the chain check when `q.check`.
/// Administrators only.
pub async fn find(
    db: &impl ConnectionTrait,
    admin: &User,
    q: &ValidAuditQuery,
) -> Result<AuditPage> {
    admin.require(Role::Admin)?;
    let mut cond = Condition::all();
    if let Some(words) = &q.actor {
        let actors = actors_matching(db, words).await?;
        if actors.len() > MAX_ACTORS {
            let typed = words.chars().count() + 1;
            return Err(Error::field("actor", FieldError::TooShort { min: typed }));
        }
        let mut any = Condition::any();
        for chunk in actors.chunks(500) {
            any = any.add(audit_log::Column::ActorId.is_in(chunk.to_vec()));
        }
        cond = cond.add(if actors.is_empty() {
            Condition::all().add(audit_log::Column::ActorId.is_in(Vec::<i64>::new()))
        } else {
            any
        });
    }
    if let Some(id) = q.entry {
        cond = cond.add(about_entry(db, id).await?);
    }
    if let Some(kind) = &q.kind {
        cond = cond.add(audit_log::Column::Entity.eq(kind.as_str()));
    }
    if let Some(action) = &q.action {
        cond = cond.add(audit_log::Column::Action.eq(action.as_str()));
    }
    if let Some(from) = q.from.and_then(day_start) {
        cond = cond.add(audit_log::Column::At.gte(from));
    }
    if let Some(to) = q.to.and_then(day_start) {
        // The whole of the last day.
        let next = to
            + Duration::days(1)
                .num_microseconds()
                .unwrap_or(86_400_000_000);
        cond = cond.add(audit_log::Column::At.lt(next));
    }
    if let Some(id) = q.record {
        cond = cond.add(audit_log::Column::Id.eq(id));
    }
    let query = audit_log::Entity::find()
        .filter(cond)
        .order_by_desc(audit_log::Column::Id);
    let total = query.clone().count(db).await?;
    let pages = (total.div_ceil(PER_PAGE) as usize).max(1);
    let page = q.page.clamp(1, pages);
    let found = query
        .offset((page as u64 - 1) * PER_PAGE)
        .limit(PER_PAGE)
        .all(db)
        .await?;
    let mut actor_ids: Vec<i64> = found.iter().filter_map(|r| r.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let names: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FullName)
        .filter(user::Column::Id.is_in(actor_ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let rows = found
        .into_iter()
        .map(|r| Row {
            id: r.id,
            at: DateTime::from_timestamp_micros(r.at).unwrap_or_default(),
            actor: r
                .actor_id
                .map(|a| names.get(&a).cloned().unwrap_or_else(|| format!("#{a}"))),
            entity: r.entity,
            entity_id: r.entity_id,
            action: r.action,
            before: r.before,
            after: r.after,
            reason: r.reason.filter(|s| !s.is_empty()),
        })
        .collect();
    let mut actions: Vec<String> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Action)
        .distinct()
        .into_tuple::<String>()
        .all(db)
        .await?;
    actions.sort();
    Ok(AuditPage {
        rows,
        total,
        page,
        pages,
        actions,
        verdict: if q.check {
            Some(audit::verify(db).await?)
        } else {
            None
        },
    })
}
