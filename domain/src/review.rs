//! Review: the secretary assigns reviewers (by hand or automatically, never with a conflict), each
//! reviewer drafts and submits one score sheet on the campaign's rubric. What the council does with
//! the sheets is in `deliberation`.
use crate::accounts::{self, User};
use crate::audit::{self, Change, Entity as AuditEntity};
use crate::catalog::{self, CriterionInfo};
use crate::deliberation::{self, SheetView};
use crate::entities::{assignment, initiative, score_draft, score_sheet, sheet_score};
use crate::initiatives::{
    self, InitiativeSummary, InitiativeView, load as load_initiative, record_status, status_of,
};
use crate::{Error, Result, conflicts, planner, scoring, time};
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
    crate::staff::require_entry(&txn, actor, &first).await?;
    if !status_of(&first).is_open_for_review() || vote_over(&txn, &first).await? {
        return Err(Error::field("reviewers", FieldError::NotAllowed));
    }
    crate::campaigns::require_phase(&txn, first.campaign_id, Phase::Review).await?;
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

/// A line of a reviewer's queue.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueItem {
    pub initiative: InitiativeSummary,
    pub state: SheetState,
    /// The reviewer's own weighted total once submitted.
    pub total: Option<f64>,
}

/// Where a reviewer's sheet stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetState {
    NotStarted,
    Draft,
    Submitted,
}

impl SheetState {
    pub fn code(self) -> &'static str {
        match self {
            SheetState::NotStarted => "chua-cham",
            SheetState::Draft => "nhap",
            SheetState::Submitted => "da-gui",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            SheetState::NotStarted,
            SheetState::Draft,
            SheetState::Submitted,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

/// A reviewer's queue: their assignments (never one they are conflicted with), in an order of their
/// own (a hash of reviewer and entry: the same for them on every visit, different from other
/// reviewers', so entries filed first are not always read first), with the review deadline.
#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    pub items: Vec<QueueItem>,
    pub submitted: usize,
    pub total: usize,
    /// The earliest end of the review phase among the queue's campaigns.
    pub deadline: Option<chrono::DateTime<chrono::Utc>>,
}

fn queue_order(reviewer: i64, entry: i64) -> String {
    use sha2::{Digest, Sha256};
    crate::text::hex(&Sha256::digest(format!("{reviewer}:{entry}").as_bytes()))
}

/// The entries assigned to a reviewer, filtered by sheet state if asked; progress counts every entry
/// listed before that filter. An entry whose vote is over is listed only if the reviewer's sheet was
/// submitted.
pub async fn queue(
    db: &impl ConnectionTrait,
    reviewer: &User,
    only: Option<SheetState>,
) -> Result<Queue> {
    reviewer.require(Role::Reviewer)?;
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::ReviewerId.eq(reviewer.id))
        .all(db)
        .await?;
    let ids: Vec<i64> = assigned.iter().map(|a| a.initiative_id).collect();
    let blocked = conflicts::blocked_for(db, &ids, reviewer.id).await?;
    let mut items = Vec::new();
    let mut deadline = None;
    let mut campaigns_seen = Vec::new();
    for a in assigned {
        if blocked.contains(&a.initiative_id) {
            continue;
        }
        let m = load_initiative(db, a.initiative_id).await?;
        if status_of(&m) == Status::Withdrawn {
            continue;
        }
        if !campaigns_seen.contains(&m.campaign_id) {
            campaigns_seen.push(m.campaign_id);
            let review_end = crate::campaigns::phases(db, m.campaign_id)
                .await?
                .into_iter()
                .find(|p| p.phase == Phase::Review)
                .map(|p| p.ends_at);
            deadline = match (deadline, review_end) {
                (Some(d), Some(e)) => Some(std::cmp::min(d, e)),
                (d, e) => d.or(e),
            };
        }
        let sheet = score_sheet::Entity::find()
            .filter(score_sheet::Column::AssignmentId.eq(a.id))
            .one(db)
            .await?;
        let state = match &sheet {
            Some(_) => SheetState::Submitted,
            None if score_draft::Entity::find_by_id(a.id)
                .one(db)
                .await?
                .is_some() =>
            {
                SheetState::Draft
            }
            None => SheetState::NotStarted,
        };
        // A sheet not submitted when the vote ended can no longer be written: it is no work left.
        if state != SheetState::Submitted && vote_over(db, &m).await? {
            continue;
        }
        let mut summary = initiatives::for_reviewer_summary(db, &m).await?;
        if crate::campaigns::settings(db, m.campaign_id)
            .await?
            .blind_review
        {
            summary.unit_name.clear();
        }
        items.push(QueueItem {
            initiative: summary,
            state,
            total: sheet.map(|s| s.weighted_total.unwrap_or(s.total as f64)),
        });
    }
    let total = items.len();
    let submitted = items
        .iter()
        .filter(|i| i.state == SheetState::Submitted)
        .count();
    items.sort_by_key(|i| queue_order(reviewer.id, i.initiative.id));
    if let Some(state) = only {
        items.retain(|i| i.state == state);
    }
    Ok(Queue {
        items,
        submitted,
        total,
        deadline,
    })
}

/// What a reviewer sees on the scoring page.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetPage {
    /// The entry without personal particulars (and without identities in blind review).
    pub view: InitiativeView,
    pub criteria: Vec<CriterionInfo>,
    /// Their own sheet once submitted.
    pub own: Option<SheetView>,
    /// Their saved draft, as typed.
    pub draft: Vec<ScoreInput>,
    /// The other reviewers' submitted sheets, anonymous, shown only once their own is submitted.
    pub others: Vec<SheetView>,
    pub scale_max: f64,
    /// The sheet can still be written and submitted (see `open_sheet`).
    pub writable: bool,
}

/// The scoring page of one entry for its assigned reviewer.
pub async fn sheet_page(
    db: &impl ConnectionTrait,
    reviewer: &User,
    initiative_id: i64,
) -> Result<SheetPage> {
    reviewer.require(Role::Reviewer)?;
    let a = own_assignment(db, reviewer, initiative_id).await?;
    let view = initiatives::get_for(db, Some(reviewer), initiative_id).await?;
    let criteria = catalog::criteria(db, view.campaign.id).await?;
    let totals = deliberation::campaign_totals(db, view.campaign.id).await?;
    let scale_max = catalog::scale_max(&criteria);
    let calibration = scoring::Calibration::new(
        &totals.iter().map(|(_, r, x)| (*r, *x)).collect::<Vec<_>>(),
        scale_max,
    );
    let sheets = deliberation::sheets_of(db, initiative_id, &criteria, &calibration).await?;
    let own = sheets
        .iter()
        .find(|s| s.assignment_id == a.id && s.total.is_some())
        .cloned();
    let others = if own.is_some() {
        sheets
            .into_iter()
            .filter(|s| s.assignment_id != a.id && s.total.is_some())
            .map(|mut s| {
                s.reviewer_id = 0;
                s.reviewer_name.clear();
                s.assignment_id = 0;
                s.calibrated = None;
                s
            })
            .collect()
    } else {
        vec![]
    };
    let draft = match score_draft::Entity::find_by_id(a.id).one(db).await? {
        Some(d) if own.is_none() => serde_json::from_str(&d.payload).unwrap_or_default(),
        _ => vec![],
    };
    let writable = own.is_none()
        && view.status.is_open_for_review()
        && !vote_over(db, &load_initiative(db, initiative_id).await?).await?
        && crate::campaigns::require_phase(db, view.campaign.id, Phase::Review)
            .await
            .is_ok();
    Ok(SheetPage {
        writable,
        view,
        criteria,
        own,
        draft,
        others,
        scale_max,
    })
}

/// The reviewer's assignment and the entry, when the sheet may still be written: the entry open for
/// review, the council's vote on it not over, the review phase open, no sheet submitted yet.
async fn open_sheet(
    txn: &impl ConnectionTrait,
    reviewer: &User,
    initiative_id: i64,
) -> Result<(assignment::Model, initiative::Model)> {
    let a = own_assignment(txn, reviewer, initiative_id).await?;
    let m = load_initiative(txn, initiative_id).await?;
    if !status_of(&m).is_open_for_review() || vote_over(txn, &m).await? {
        return Err(Error::Conflict("review closed"));
    }
    crate::campaigns::require_phase(txn, m.campaign_id, Phase::Review).await?;
    ensure_not_submitted(txn, a.id).await?;
    Ok((a, m))
}

/// `Conflict` once the assignment's sheet has been submitted (it is final).
pub(crate) async fn ensure_not_submitted(
    db: &impl ConnectionTrait,
    assignment_id: i64,
) -> Result<()> {
    if score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.eq(assignment_id))
        .one(db)
        .await?
        .is_some()
    {
        return Err(Error::Conflict("sheet already submitted"));
    }
    Ok(())
}

/// Saves the sheet as typed, without checking it (a draft; the reviewer can come back to it). Audited:
/// the chair sees every saved version in the sheet's history.
pub async fn save_draft(
    db: &impl TransactionTrait,
    reviewer: &User,
    initiative_id: i64,
    input: &[ScoreInput],
) -> Result<()> {
    reviewer.require(Role::Reviewer)?;
    let txn = crate::db::begin(db).await?;
    let (a, _) = open_sheet(&txn, reviewer, initiative_id).await?;
    let typed: Vec<ScoreInput> = input
        .iter()
        .map(|s| ScoreInput {
            criterion_id: s.criterion_id,
            band: s.band.chars().take(20).collect(),
            points: s.points.chars().take(10).collect(),
            comment: crate::text::nfc(&s.comment.chars().take(5_000).collect::<String>()),
        })
        .collect();
    let payload = serde_json::to_string(&typed).unwrap_or_else(|_| "[]".into());
    let row = score_draft::ActiveModel {
        assignment_id: Set(a.id),
        payload: Set(payload),
        updated_at: Set(time::now()),
    };
    let before = score_draft::Entity::find_by_id(a.id).one(&txn).await?;
    if before.is_some() {
        score_draft::Entity::update(row).exec(&txn).await?;
    } else {
        score_draft::Entity::insert(row).exec(&txn).await?;
    }
    audit::append(
        &txn,
        Change::new(Some(reviewer.id), AuditEntity::ScoreSheet, a.id, "draft").after(&typed),
    )
    .await?;
    txn.commit().await?;
    Ok(())
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

/// One criterion's input as typed: the band picked (`min-max`, empty when none or the criterion has
/// no bands), points and comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScoreInput {
    #[serde(rename = "c")]
    pub criterion_id: i64,
    #[serde(rename = "b", default)]
    pub band: String,
    #[serde(rename = "p", default)]
    pub points: String,
    #[serde(rename = "m", default)]
    pub comment: String,
}

/// Checks points against a criterion: within its scale, inside one of its bands when it has some,
/// and inside the band the reviewer picked, when they picked one.
fn check_points(c: &CriterionInfo, given: &ScoreInput) -> Result<u32, FieldError> {
    let picked = given.band.trim();
    let p = parse_points(&given.points, c.max_points)?;
    let inside = |b: &catalog::Band| b.min <= p && p <= b.max;
    let ok = if picked.is_empty() {
        c.bands.is_empty() || c.bands.iter().any(inside)
    } else {
        c.bands
            .iter()
            .any(|b| format!("{}-{}", b.min, b.max) == picked && inside(b))
    };
    if ok {
        Ok(p)
    } else {
        Err(FieldError::NotInBand)
    }
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
    let txn = crate::db::begin(db).await?;
    let (a, m) = open_sheet(&txn, reviewer, initiative_id).await?;
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
        let points = errors.take(&points_field, check_points(c, &given));
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
    score_draft::Entity::delete_by_id(a.id).exec(&txn).await?;
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
    Ok(deliberation::tally(db, m).await?.closed)
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
    crate::staff::require_campaign(db, actor, campaign_id).await?;
    let settings = crate::campaigns::settings(db, campaign_id).await?;
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
    crate::staff::require_campaign(&txn, actor, campaign_id).await?;
    crate::campaigns::require_phase(&txn, campaign_id, Phase::Review).await?;
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
