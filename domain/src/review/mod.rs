//! Review: the secretary assigns reviewers (by hand or automatically, never with a conflict), each
//! reviewer drafts and submits one score sheet on the campaign's rubric. What the council does with
//! the sheets is in `deliberation`.
mod reviewer;
pub use reviewer::*;
pub mod planner;
pub mod scoring;
pub mod screening;
pub mod sheets;
pub mod tally;
use crate::accounts::{self, User};
use crate::audit::{self, Change, Entity as AuditEntity};
use crate::catalog::{self, CriterionInfo};
use crate::entities::{assignment, conflict, initiative, score_draft, score_sheet, sheet_score};
use crate::review::sheets::SheetView;
use crate::submission::initiatives::{
    self, InitiativeSummary, InitiativeView, load as load_initiative, record_status, status_of,
};
use crate::{Error, Result, accounts::conflicts, time};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr,
    TransactionTrait,
};
use types::{FieldError, FieldErrors, Phase, Remark, Role, Status, parse_points};

/// The entries of a list the secretary may assign reviewers to: not those they are in conflict with.
async fn secretary_may_assign(
    db: &impl ConnectionTrait,
    actor: &User,
    mut entries: Vec<initiative::Model>,
) -> Result<Vec<initiative::Model>> {
    let ids: Vec<i64> = entries.iter().map(|m| m.id).collect();
    let blocked = conflicts::blocked_for(db, &ids, actor.id).await?;
    entries.retain(|m| !blocked.contains(&m.id));
    Ok(entries)
}

/// Assigns a reviewer to an entry. Refuses people without the reviewer role, the entry's own filer,
/// entries not open for review, and a second assignment of the same person.
pub async fn assign(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    reviewer_id: i64,
) -> Result<()> {
    assign_many(db, actor, initiative_id, &[reviewer_id])
        .await
        .map(|_| ())
}

/// Assigns several reviewers to one entry at once, all or none: one refused person (not a
/// reviewer, in conflict, already assigned) leaves the entry as it was. Returns how many.
pub async fn assign_many(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    reviewer_ids: &[i64],
) -> Result<usize> {
    actor.require(Role::Secretary)?;
    if reviewer_ids.is_empty() {
        return Err(Error::field("reviewers", FieldError::Required));
    }
    let txn = crate::db::begin(db).await?;
    let first = load_initiative(&txn, initiative_id).await?;
    crate::accounts::staff::require_entry(&txn, actor, &first).await?;
    if !status_of(&first).is_open_for_review() || vote_over(&txn, &first).await? {
        return Err(Error::field("reviewers", FieldError::NotAllowed));
    }
    crate::catalog::campaigns::require_phase(&txn, first.campaign_id, Phase::Review).await?;
    let mut ids = reviewer_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let blocked = conflicts::matrix(&txn, &[initiative_id], &ids).await?;
    for reviewer_id in &ids {
        let reviewer = accounts::user_by_id(&txn, *reviewer_id)
            .await
            .map_err(|_| Error::field("reviewers", FieldError::UnknownCode))?;
        if !reviewer.has(Role::Reviewer) {
            return Err(Error::field("reviewers", FieldError::NotAllowed));
        }
        if blocked
            .get(&(initiative_id, *reviewer_id))
            .is_some_and(|k| !k.is_empty())
        {
            return Err(Error::field("reviewers", FieldError::ConflictOfInterest));
        }
        // Re-read: the first of this batch moves the entry under review.
        let m = load_initiative(&txn, initiative_id).await?;
        insert_assignment(&txn, actor, &m, *reviewer_id).await?;
    }
    txn.commit().await?;
    Ok(ids.len())
}

/// Inserts one assignment (already checked), moves the entry under review, audits.
async fn insert_assignment(
    txn: &impl ConnectionTrait,
    actor: &User,
    m: &initiative::Model,
    reviewer_id: i64,
) -> Result<()> {
    let initiative_id = m.id;
    let status = status_of(m);
    let inserted = assignment::Entity::insert(assignment::ActiveModel {
        initiative_id: Set(initiative_id),
        reviewer_id: Set(reviewer_id),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(txn)
    .await;
    let assignment_id = match inserted {
        Ok(r) => r.last_insert_id,
        Err(e) => {
            return Err(match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => Error::Conflict("already assigned"),
                _ => e.into(),
            });
        }
    };
    audit::append(
        txn,
        Change::new(
            Some(actor.id),
            AuditEntity::Assignment,
            assignment_id,
            "assign",
        )
        .after((initiative_id, reviewer_id)),
    )
    .await?;
    if status != Status::UnderReview {
        set_status(
            txn,
            m.clone(),
            Status::UnderReview,
            actor,
            Role::Secretary,
            None,
        )
        .await?;
    }
    Ok(())
}

async fn set_status(
    txn: &impl ConnectionTrait,
    m: initiative::Model,
    to: Status,
    actor: &User,
    role: Role,
    note: Option<String>,
) -> Result<()> {
    let from = status_of(&m);
    let id = m.id;
    let mut am: initiative::ActiveModel = m.into();
    am.status = Set(to.code().to_string());
    am.updated_at = Set(time::now());
    initiative::Entity::update(am).exec(txn).await?;
    record_status(txn, id, Some(from), to, Some((actor, role)), note).await
}

/// Entries a campaign's reviewers can be given: screened eligible or already under review.
async fn reviewable_entries(
    db: &impl ConnectionTrait,
    campaign_id: i64,
) -> Result<Vec<initiative::Model>> {
    let entries = initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(
            initiative::Column::Status.is_in([Status::Accepted.code(), Status::UnderReview.code()]),
        )
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?;
    let mut open = Vec::with_capacity(entries.len());
    for m in entries {
        if !vote_over(db, &m).await? {
            open.push(m);
        }
    }
    Ok(open)
}

/// Whether the council's vote on the entry is over (every member voted, closed by hand or by the
/// vote phase's end, or decided): no reviewer is added and no sheet taken then, since a late sheet
/// would change the score the ballots were cast on.
async fn vote_over(db: &impl ConnectionTrait, m: &initiative::Model) -> Result<bool> {
    Ok(crate::review::tally::tally(db, m).await?.closed)
}

/// A proposed automatic assignment, shown before it is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    /// (entry, reviewer) pairs to add.
    pub add: Vec<(i64, i64)>,
    /// Entries that will still lack reviewers, and how many.
    pub short: Vec<(i64, u32)>,
    /// Every reviewer's load after the plan: (id, name, load).
    pub loads: Vec<(i64, String, u32)>,
}

/// Computes (without applying) the automatic assignment of a campaign: `reviewers_per_entry` from the
/// campaign's settings, `cap` entries at most per reviewer, existing assignments kept, conflicted
/// reviewers never chosen.
/// For choosing reviewers: each one's unit (by name) and how many sheets they still owe (assigned,
/// not sent, on entries still open for review).
pub async fn reviewer_facts(
    db: &impl ConnectionTrait,
    reviewer_ids: &[i64],
) -> Result<std::collections::HashMap<i64, (Option<String>, u32)>> {
    use crate::entities::{unit, user};
    let mut out: std::collections::HashMap<i64, (Option<String>, u32)> = Default::default();
    if reviewer_ids.is_empty() {
        return Ok(out);
    }
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(reviewer_ids.to_vec()))
        .all(db)
        .await?;
    let unit_ids: Vec<i64> = people.iter().filter_map(|u| u.unit_id).collect();
    let units: std::collections::HashMap<i64, String> = if unit_ids.is_empty() {
        Default::default()
    } else {
        unit::Entity::find()
            .filter(unit::Column::Id.is_in(unit_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    };
    for u in &people {
        out.insert(u.id, (u.unit_id.and_then(|id| units.get(&id).cloned()), 0));
    }
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::ReviewerId.is_in(reviewer_ids.to_vec()))
        .all(db)
        .await?;
    if assigned.is_empty() {
        return Ok(out);
    }
    let sent: std::collections::HashSet<i64> = score_sheet::Entity::find()
        .filter(
            score_sheet::Column::AssignmentId
                .is_in(assigned.iter().map(|a| a.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.assignment_id)
        .collect();
    let open: std::collections::HashSet<i64> = initiative::Entity::find()
        .filter(
            initiative::Column::Id
                .is_in(assigned.iter().map(|a| a.initiative_id).collect::<Vec<_>>()),
        )
        .filter(
            initiative::Column::Status.is_in([Status::Accepted.code(), Status::UnderReview.code()]),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    for a in assigned
        .iter()
        .filter(|a| !sent.contains(&a.id) && open.contains(&a.initiative_id))
    {
        if let Some(f) = out.get_mut(&a.reviewer_id) {
            f.1 += 1;
        }
    }
    Ok(out)
}

pub async fn propose_assignments(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    cap: Option<u32>,
) -> Result<Proposal> {
    actor.require(Role::Secretary)?;
    crate::accounts::staff::require_campaign(db, actor, campaign_id).await?;
    let settings = crate::catalog::campaigns::settings(db, campaign_id).await?;
    let entries =
        secretary_may_assign(db, actor, reviewable_entries(db, campaign_id).await?).await?;
    let reviewers = accounts::users_with_role(db, Role::Reviewer).await?;
    let entry_ids: Vec<i64> = entries.iter().map(|m| m.id).collect();
    let reviewer_ids: Vec<i64> = reviewers.iter().map(|u| u.id).collect();
    let blocked = conflicts::matrix(db, &entry_ids, &reviewer_ids).await?;
    let existing = if entry_ids.is_empty() {
        vec![]
    } else {
        assignment::Entity::find()
            .filter(assignment::Column::InitiativeId.is_in(entry_ids.clone()))
            .all(db)
            .await?
    };
    let needs: Vec<planner::Need> = entries
        .iter()
        .map(|m| planner::Need {
            entry: m.id,
            existing: existing
                .iter()
                .filter(|a| a.initiative_id == m.id)
                .map(|a| a.reviewer_id)
                .collect(),
            blocked: reviewer_ids
                .iter()
                .copied()
                .filter(|r| blocked.contains_key(&(m.id, *r)))
                .collect(),
        })
        .collect();
    let load_of = |r: i64| existing.iter().filter(|a| a.reviewer_id == r).count() as u32;
    let current: Vec<(i64, u32)> = reviewer_ids.iter().map(|r| (*r, load_of(*r))).collect();
    let plan = planner::plan(&needs, &current, settings.reviewers_per_entry, cap);
    let loads = reviewers
        .iter()
        .map(|u| {
            let added = plan.add.iter().filter(|(_, r)| *r == u.id).count() as u32;
            (u.id, u.full_name.clone(), load_of(u.id) + added)
        })
        .collect();
    Ok(Proposal {
        add: plan.add,
        short: plan.short,
        loads,
    })
}

/// Applies assignments (as proposed, or chosen by hand) in one transaction; each pair is checked
/// again (phase, status, role, conflicts, cap), so a plan made stale by a later change is refused as a
/// whole rather than half applied.
pub async fn apply_assignments(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    pairs: &[(i64, i64)],
    cap: Option<u32>,
) -> Result<usize> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    crate::catalog::campaigns::require_phase(&txn, campaign_id, Phase::Review).await?;
    let entries =
        secretary_may_assign(&txn, actor, reviewable_entries(&txn, campaign_id).await?).await?;
    let entry_ids: Vec<i64> = pairs.iter().map(|(e, _)| *e).collect();
    let reviewer_ids: Vec<i64> = pairs.iter().map(|(_, r)| *r).collect();
    let blocked = conflicts::matrix(&txn, &entry_ids, &reviewer_ids).await?;
    for (e, r) in pairs {
        let Some(m) = entries.iter().find(|m| m.id == *e) else {
            return Err(Error::field("assignments", FieldError::NotAllowed));
        };
        let reviewer = accounts::user_by_id(&txn, *r).await?;
        if !reviewer.has(Role::Reviewer) {
            return Err(Error::field("assignments", FieldError::NotAllowed));
        }
        if blocked.contains_key(&(*e, *r)) {
            return Err(Error::field("assignments", FieldError::ConflictOfInterest));
        }
        // Re-read: an earlier pair of this batch may have moved the entry under review.
        let m = load_initiative(&txn, m.id).await?;
        insert_assignment(&txn, actor, &m, *r).await?;
    }
    if let Some(cap) = cap {
        let all_ids: Vec<i64> = entries.iter().map(|m| m.id).collect();
        let rows = assignment::Entity::find()
            .filter(assignment::Column::InitiativeId.is_in(all_ids))
            .all(&txn)
            .await?;
        for r in &reviewer_ids {
            if rows.iter().filter(|a| a.reviewer_id == *r).count() as u32 > cap {
                return Err(Error::field("cap", FieldError::NotAllowed));
            }
        }
    }
    txn.commit().await?;
    Ok(pairs.len())
}
