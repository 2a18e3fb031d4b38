//! What a reviewer does: the queue of assigned entries, the score sheet (drafts, submission) and a
//! declared conflict.
use super::*;

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
            let review_end = crate::catalog::campaigns::phases(db, m.campaign_id)
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
        if crate::catalog::campaigns::settings(db, m.campaign_id)
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
    let totals = sheets::campaign_totals(db, view.campaign.id).await?;
    let scale_max = catalog::scale_max(&criteria);
    let calibration = scoring::Calibration::new(
        &totals.iter().map(|(_, r, x)| (*r, *x)).collect::<Vec<_>>(),
        scale_max,
    );
    let sheets = sheets::sheets_of(db, initiative_id, &criteria, &calibration).await?;
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
        && crate::catalog::campaigns::require_phase(db, view.campaign.id, Phase::Review)
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
    crate::catalog::campaigns::require_phase(txn, m.campaign_id, Phase::Review).await?;
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

/// A reviewer declares a conflict with an entry assigned to them, before submitting the sheet: the
/// assignment and any draft go, the declaration stays. Audited.
pub async fn declare_conflict(
    db: &impl TransactionTrait,
    reviewer: &User,
    entry: i64,
    reason: &str,
) -> Result<()> {
    let reason = Remark::parse(reason).map_err(|e| Error::field("reason", e))?;
    let txn = crate::db::begin(db).await?;
    let a = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(entry))
        .filter(assignment::Column::ReviewerId.eq(reviewer.id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    ensure_not_submitted(&txn, a.id).await?;
    let reason = crate::text::nfc(reason.as_str());
    conflict::Entity::insert(conflict::ActiveModel {
        initiative_id: Set(entry),
        user_id: Set(reviewer.id),
        kind: Set("declared".into()),
        reason: Set(reason.clone()),
        actor_id: Set(Some(reviewer.id)),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    assignment::Entity::delete_by_id(a.id).exec(&txn).await?;
    audit::append(
        &txn,
        Change::new(Some(reviewer.id), AuditEntity::Conflict, entry, "declare")
            .after(reviewer.id)
            .reason(&reason),
    )
    .await?;
    audit::append(
        &txn,
        Change::new(Some(reviewer.id), AuditEntity::Assignment, a.id, "remove")
            .before((entry, reviewer.id))
            .reason(&reason),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
