//! Review: a secretary assigns reviewers, each reviewer fills one score sheet on the campaign's rubric,
//! the secretary sees the panel with the mean and records the decision.
use crate::accounts::{self, User};
use crate::audit::{self, Change, Entity as AuditEntity};
use crate::catalog::{self, CriterionInfo};
use crate::entities::{assignment, initiative, score_sheet, sheet_score, user};
use crate::initiatives::{self, InitiativeSummary, InitiativeView, record_status};
use crate::{Error, Result, conflicts, council, planner, scoring, time};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr,
    TransactionTrait,
};
use types::{FieldError, FieldErrors, Phase, Remark, Role, Status, ValidDecision, parse_points};

async fn load_initiative(db: &impl ConnectionTrait, id: i64) -> Result<initiative::Model> {
    initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

fn status_of(m: &initiative::Model) -> Status {
    Status::from_code(&m.status).unwrap_or(Status::Draft)
}

/// Assigns a reviewer to an entry. Refuses people without the reviewer role, the entry's own filer,
/// entries not open for review, and a second assignment of the same person.
pub async fn assign(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    reviewer_id: i64,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = db.begin().await?;
    let m = load_initiative(&txn, initiative_id).await?;
    let status = status_of(&m);
    if !status.is_open_for_review() {
        return Err(Error::field("reviewer_id", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Review).await?;
    let reviewer = accounts::user_by_id(&txn, reviewer_id)
        .await
        .map_err(|_| Error::field("reviewer_id", FieldError::UnknownCode))?;
    if !reviewer.has(Role::Reviewer) {
        return Err(Error::field("reviewer_id", FieldError::NotAllowed));
    }
    if !conflicts::of(&txn, initiative_id, reviewer_id)
        .await?
        .is_empty()
    {
        return Err(Error::field("reviewer_id", FieldError::ConflictOfInterest));
    }
    insert_assignment(&txn, actor, &m, reviewer_id).await?;
    txn.commit().await?;
    Ok(())
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

/// One reviewer's line on the secretary's panel.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetView {
    pub reviewer_id: i64,
    pub reviewer_name: String,
    /// (criterion id, points, comment) in rubric order; empty until the sheet is submitted.
    pub scores: Vec<(i64, u32, String)>,
    pub total: Option<u32>,
}

/// What the secretary sees for one entry: rubric, every assigned reviewer's sheet, the mean.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub criteria: Vec<CriterionInfo>,
    pub sheets: Vec<SheetView>,
    pub mean: Option<f64>,
}

/// Mean of the submitted totals, rounded to two decimals.
pub fn mean(totals: &[u32]) -> Option<f64> {
    if totals.is_empty() {
        return None;
    }
    let m = totals.iter().map(|t| *t as f64).sum::<f64>() / totals.len() as f64;
    Some((m * 100.0).round() / 100.0)
}

async fn sheets_of(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    criteria: &[CriterionInfo],
) -> Result<Vec<SheetView>> {
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(initiative_id))
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for a in assigned {
        let name = user::Entity::find_by_id(a.reviewer_id)
            .one(db)
            .await?
            .map(|u| u.full_name)
            .unwrap_or_default();
        let sheet = score_sheet::Entity::find()
            .filter(score_sheet::Column::AssignmentId.eq(a.id))
            .one(db)
            .await?;
        let (scores, total) = match sheet {
            None => (vec![], None),
            Some(s) => {
                let rows = sheet_score::Entity::find()
                    .filter(sheet_score::Column::SheetId.eq(s.id))
                    .all(db)
                    .await?;
                let scores = criteria
                    .iter()
                    .filter_map(|c| {
                        rows.iter()
                            .find(|r| r.criterion_id == c.id)
                            .map(|r| (c.id, r.points.max(0) as u32, r.comment.clone()))
                    })
                    .collect();
                (scores, Some(s.total.max(0) as u32))
            }
        };
        out.push(SheetView {
            reviewer_id: a.reviewer_id,
            reviewer_name: name,
            scores,
            total,
        });
    }
    Ok(out)
}

/// The review panel of an entry (secretaries and admins).
pub async fn panel(db: &impl ConnectionTrait, actor: &User, initiative_id: i64) -> Result<Panel> {
    actor.require(Role::Secretary)?;
    let m = load_initiative(db, initiative_id).await?;
    let criteria = catalog::criteria(db, m.campaign_id).await?;
    let sheets = sheets_of(db, initiative_id, &criteria).await?;
    let totals: Vec<u32> = sheets.iter().filter_map(|s| s.total).collect();
    Ok(Panel {
        mean: mean(&totals),
        criteria,
        sheets,
    })
}

/// A line of a reviewer's queue.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueItem {
    pub initiative: InitiativeSummary,
    pub total: Option<u32>,
}

/// The entries assigned to a reviewer, with their own total once submitted.
pub async fn queue(db: &impl ConnectionTrait, reviewer: &User) -> Result<Vec<QueueItem>> {
    reviewer.require(Role::Reviewer)?;
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::ReviewerId.eq(reviewer.id))
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = assigned.iter().map(|a| a.initiative_id).collect();
    let blocked = conflicts::blocked_for(db, &ids, reviewer.id).await?;
    let mut out = Vec::new();
    for a in assigned {
        if blocked.contains(&a.initiative_id) {
            continue;
        }
        let m = load_initiative(db, a.initiative_id).await?;
        if status_of(&m) == Status::Withdrawn {
            continue;
        }
        let sheet = score_sheet::Entity::find()
            .filter(score_sheet::Column::AssignmentId.eq(a.id))
            .one(db)
            .await?;
        let summary = initiatives::for_reviewer_summary(db, &m).await?;
        out.push(QueueItem {
            initiative: summary,
            total: sheet.map(|s| s.total.max(0) as u32),
        });
    }
    Ok(out)
}

/// The scoring page of one entry for its assigned reviewer: the entry, the rubric and the reviewer's
/// own sheet if already submitted. Others' sheets are never part of it.
pub async fn sheet_page(
    db: &impl ConnectionTrait,
    reviewer: &User,
    initiative_id: i64,
) -> Result<(InitiativeView, Vec<CriterionInfo>, Option<SheetView>)> {
    reviewer.require(Role::Reviewer)?;
    let a = own_assignment(db, reviewer, initiative_id).await?;
    let view = initiatives::get_for(db, Some(reviewer), initiative_id).await?;
    let criteria = catalog::criteria(db, view.campaign.id).await?;
    let own = sheets_of(db, initiative_id, &criteria)
        .await?
        .into_iter()
        .find(|s| s.reviewer_id == a.reviewer_id && s.total.is_some());
    Ok((view, criteria, own))
}

async fn own_assignment(
    db: &impl ConnectionTrait,
    reviewer: &User,
    initiative_id: i64,
) -> Result<assignment::Model> {
    let a = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(initiative_id))
        .filter(assignment::Column::ReviewerId.eq(reviewer.id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    // A conflict that arose after the assignment (a new co-author, a changed unit) hides the entry.
    if !conflicts::of(db, initiative_id, reviewer.id)
        .await?
        .is_empty()
    {
        return Err(Error::NotFound);
    }
    Ok(a)
}

/// One criterion's input as typed: points and comment.
#[derive(Clone, Debug, Default)]
pub struct ScoreInput {
    pub criterion_id: i64,
    pub points: String,
    pub comment: String,
}

/// Submits a reviewer's sheet: one score per criterion within 0..=max and a comment each. A submitted
/// sheet is final. Errors are reported on `points_<criterion id>` and `comment_<criterion id>`.
pub async fn submit_sheet(
    db: &impl TransactionTrait,
    reviewer: &User,
    initiative_id: i64,
    input: &[ScoreInput],
) -> Result<u32> {
    reviewer.require(Role::Reviewer)?;
    let txn = db.begin().await?;
    let a = own_assignment(&txn, reviewer, initiative_id).await?;
    let m = load_initiative(&txn, initiative_id).await?;
    if !status_of(&m).is_open_for_review() {
        return Err(Error::Conflict("review closed"));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Review).await?;
    if score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.eq(a.id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(Error::Conflict("sheet already submitted"));
    }
    let criteria = catalog::criteria(&txn, m.campaign_id).await?;
    let mut errors = FieldErrors::default();
    let mut parsed = Vec::new();
    for c in &criteria {
        let given = input
            .iter()
            .find(|s| s.criterion_id == c.id)
            .cloned()
            .unwrap_or_default();
        let points_field = format!("points_{}", c.id);
        let points = errors.take(
            &points_field,
            parse_points(&given.points, c.max_points).and_then(|p| {
                if c.bands.is_empty() || c.band_of(p).is_some() {
                    Ok(p)
                } else {
                    Err(FieldError::NotInBand)
                }
            }),
        );
        let comment_field = format!("comment_{}", c.id);
        let required = points.is_some_and(|p| c.comment_rule.requires_comment(p, c.max_points));
        let comment = if given.comment.trim().is_empty() && !required {
            Some(String::new())
        } else if given.comment.trim().is_empty() && required {
            errors.add(&comment_field, FieldError::CommentRequired);
            None
        } else {
            errors
                .take(&comment_field, Remark::parse(&given.comment))
                .map(|r| crate::text::nfc(r.as_str()))
        };
        if let (Some(p), Some(cm)) = (points, comment) {
            parsed.push((c, p, cm));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let total: u32 = parsed.iter().map(|(_, p, _)| *p).sum();
    let weighted = scoring::weighted_total(
        &parsed
            .iter()
            .map(|(c, p, _)| (*p, c.weight))
            .collect::<Vec<_>>(),
    );
    let rubric_version = crate::entities::campaign::Entity::find_by_id(m.campaign_id)
        .one(&txn)
        .await?
        .map(|c| c.rubric_version)
        .unwrap_or(1);
    let sheet_id = score_sheet::Entity::insert(score_sheet::ActiveModel {
        assignment_id: Set(a.id),
        total: Set(total as i32),
        submitted_at: Set(time::now()),
        rubric_version: Set(rubric_version),
        weighted_total: Set(Some(weighted)),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    let mut record = Vec::new();
    for (c, points, comment) in parsed {
        record.push((c.code.clone(), points, comment.clone()));
        sheet_score::Entity::insert(sheet_score::ActiveModel {
            sheet_id: Set(sheet_id),
            criterion_id: Set(c.id),
            points: Set(points as i32),
            comment: Set(comment),
        })
        .exec(&txn)
        .await?;
    }
    audit::append(
        &txn,
        Change::new(Some(reviewer.id), AuditEntity::ScoreSheet, a.id, "submit").after(
            serde_json::json!({
                "initiative_id": initiative_id,
                "rubric_version": rubric_version,
                "scores": record,
                "total": weighted,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(total)
}

/// Records the council's decision. Recognition stores the level and the panel's mean as the score;
/// refusal stores the reasons. The entry becomes public (and searchable) only when recognised.
pub async fn decide(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    decision: ValidDecision,
    decision_no: Option<String>,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = db.begin().await?;
    let m = load_initiative(&txn, initiative_id).await?;
    if !status_of(&m).is_open_for_review() {
        return Err(Error::field("outcome", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    let panel = panel(&txn, actor, initiative_id).await?;
    let today = time::local_date(time::now());
    let decision_no = decision_no
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let level_code = match &decision {
        ValidDecision::Recognised { level } => Some(level.code()),
        ValidDecision::Refused { .. } => None,
    };
    let (to, note) = match &decision {
        ValidDecision::Recognised { .. } => (Status::Recognised, None),
        ValidDecision::Refused { reasons } => (Status::Refused, Some(reasons.as_str().to_string())),
    };
    let mut am: initiative::ActiveModel = m.clone().into();
    match decision {
        ValidDecision::Recognised { level } => {
            am.level = Set(Some(level.code().to_string()));
            am.score = Set(panel.mean);
        }
        ValidDecision::Refused { reasons } => {
            am.refusal_reasons = Set(Some(crate::text::nfc(reasons.as_str())));
        }
    }
    am.decided_on = Set(Some(today));
    am.decision_no = Set(decision_no.clone());
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            AuditEntity::Decision,
            initiative_id,
            "decide",
        )
        .after(serde_json::json!({
            "outcome": to.code(),
            "level": level_code,
            "score": panel.mean,
            "decision_no": decision_no,
            "reasons": note,
        })),
    )
    .await?;
    am.status = Set(to.code().to_string());
    am.updated_at = Set(time::now());
    initiative::Entity::update(am).exec(&txn).await?;
    record_status(
        &txn,
        initiative_id,
        Some(status_of(&m)),
        to,
        Some((actor, Role::Secretary)),
        note,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Entries a campaign's reviewers can be given: screened eligible or already under review.
async fn reviewable_entries(
    db: &impl ConnectionTrait,
    campaign_id: i64,
) -> Result<Vec<initiative::Model>> {
    Ok(initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(
            initiative::Column::Status.is_in([Status::Accepted.code(), Status::UnderReview.code()]),
        )
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?)
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
pub async fn propose_assignments(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    cap: Option<u32>,
) -> Result<Proposal> {
    actor.require(Role::Secretary)?;
    let settings = council::settings(db, campaign_id).await?;
    let entries = reviewable_entries(db, campaign_id).await?;
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
    let txn = db.begin().await?;
    council::require_phase(&txn, campaign_id, Phase::Review).await?;
    let entries = reviewable_entries(&txn, campaign_id).await?;
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
