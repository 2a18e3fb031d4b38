//! The council at work once sheets come in: each entry's panel (raw aggregate by the campaign's
//! method, calibrated score, flags), the chair's resolution notes, the ranking table (and its CSV), the
//! vote (open or secret ballot, two-thirds rule), the decision, and the announcement that publishes a
//! campaign's decisions at once. Every change is audited.
use crate::accounts::User;
use crate::audit::{self, Change, Entity as AuditEntity};
use crate::catalog::{self, CriterionInfo};
use crate::council::{self, ReviewSettings};
use crate::entities::{
    assignment, campaign, decision, flag_resolution, initiative, score_sheet, sheet_score, user,
    vote_roll, vote_tally,
};
use crate::initiatives::record_status;
use crate::initiatives::{load, status_of};
use crate::scoring::{self, Calibration, CriterionRule, Flag, SheetFacts};
use crate::{Error, Result, conflicts, time};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use types::{FieldError, FieldErrors, Level, Phase, Remark, Role, Status, ValidDecision};

/// One reviewer's sheet on the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetView {
    pub assignment_id: i64,
    pub reviewer_id: i64,
    pub reviewer_name: String,
    /// (criterion id, points, comment) in rubric order; empty until the sheet is submitted.
    pub scores: Vec<(i64, u32, String)>,
    /// Σ weight × points of the submitted sheet.
    pub total: Option<f64>,
    /// The reviewer's total calibrated within the campaign.
    pub calibrated: Option<f64>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The chair's note on an entry's flags.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub keys: Vec<String>,
}

/// The vote on an entry so far.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Tally {
    pub agree: u32,
    pub disagree: u32,
    /// Council members entitled to vote on this entry (members without a conflict).
    pub entitled: u32,
    /// Agreeing votes needed to pass.
    pub needed: u32,
    pub passed: bool,
    pub secret: bool,
    /// Who has voted; with the choice in an open ballot only.
    pub voters: Vec<(i64, String, Option<bool>)>,
    /// Ballots cast so far.
    pub ballots: u32,
    /// The vote is over: every entitled member has voted, a decision is recorded, or the campaign's
    /// vote phase has ended. Until then a panel shows only how many have voted ([`Tally::sealed`]).
    pub closed: bool,
}

impl Tally {
    /// What a panel may show while the vote is open: how many of the entitled members have voted,
    /// nothing of how they voted nor who did (each change would reveal a ballot).
    pub fn sealed(self) -> Tally {
        if self.closed {
            return self;
        }
        Tally {
            agree: 0,
            disagree: 0,
            passed: false,
            voters: Vec::new(),
            ..self
        }
    }
}

/// A recorded decision (published or not).
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionView {
    pub recognised: bool,
    pub level: Option<Level>,
    pub award: Option<String>,
    pub reasons: Option<String>,
    pub decision_no: Option<String>,
    pub decided_on: NaiveDate,
    pub score: Option<f64>,
    pub calibrated_score: Option<f64>,
    pub comment: Option<String>,
    pub agree: u32,
    pub disagree: u32,
    pub entitled: u32,
    pub published: bool,
}

impl From<decision::Model> for DecisionView {
    fn from(d: decision::Model) -> Self {
        DecisionView {
            recognised: d.outcome == "recognised",
            level: d.level.as_deref().and_then(Level::from_code),
            award: d.award,
            reasons: d.reasons,
            decision_no: d.decision_no,
            decided_on: d.decided_on,
            score: d.score,
            calibrated_score: d.calibrated_score,
            comment: d.comment,
            agree: d.agree.max(0) as u32,
            disagree: d.disagree.max(0) as u32,
            entitled: d.entitled.max(0) as u32,
            published: d.published_at.is_some(),
        }
    }
}

/// What the council sees of one entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub initiative_id: i64,
    pub campaign_id: i64,
    pub status: Status,
    pub settings: ReviewSettings,
    pub criteria: Vec<CriterionInfo>,
    pub scale_max: f64,
    pub sheets: Vec<SheetView>,
    /// The raw aggregate of the submitted totals by the campaign's method.
    pub aggregate: Option<f64>,
    /// The same aggregate over the calibrated totals.
    pub calibrated: Option<f64>,
    pub flags: Vec<Flag>,
    /// Flags not covered by the chair's latest note.
    pub unresolved: Vec<Flag>,
    pub resolution: Option<Resolution>,
    pub tally: Tally,
    pub decision: Option<DecisionView>,
    /// Whether the viewer presides the council (may resolve flags, see sheet histories).
    pub viewer_presides: bool,
    /// Whether the viewer may vote on it now.
    pub viewer_may_vote: bool,
    /// Whether the viewer has voted on it (their own ballot is no secret to them).
    pub viewer_voted: bool,
}

impl Panel {
    /// The score that ranks, by the chair's choice.
    pub fn ranking_score(&self) -> Option<f64> {
        if self.settings.rank_by_calibrated {
            self.calibrated
        } else {
            self.aggregate
        }
    }
}

/// Who may open an entry's panel: the secretaries of its campaign and admins, without a conflict
/// with it; council members of its campaign without a
/// conflict with it, unless they are one of its reviewers and have not submitted their own sheet yet
/// (they would see the others' scores early).
async fn require_panel_access(
    db: &impl ConnectionTrait,
    actor: &User,
    m: &initiative::Model,
) -> Result<()> {
    if crate::staff::may_act_on(db, actor, m).await? {
        return Ok(());
    }
    if council::role_of(db, m.campaign_id, actor.id)
        .await?
        .is_none()
        || !conflicts::of(db, m.id, actor.id).await?.is_empty()
    {
        return Err(Error::NotFound);
    }
    let own = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(m.id))
        .filter(assignment::Column::ReviewerId.eq(actor.id))
        .one(db)
        .await?;
    if let Some(a) = own
        && score_sheet::Entity::find()
            .filter(score_sheet::Column::AssignmentId.eq(a.id))
            .one(db)
            .await?
            .is_none()
    {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Every submitted sheet of a campaign: (entry, reviewer, weighted total).
pub async fn campaign_totals(
    db: &impl ConnectionTrait,
    campaign_id: i64,
) -> Result<Vec<(i64, i64, f64)>> {
    let entries = catalog::entry_ids(db, campaign_id).await?;
    if entries.is_empty() {
        return Ok(vec![]);
    }
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.is_in(entries))
        .all(db)
        .await?;
    let by_id: HashMap<i64, &assignment::Model> = assignments.iter().map(|a| (a.id, a)).collect();
    if by_id.is_empty() {
        return Ok(vec![]);
    }
    let sheets = score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.is_in(by_id.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(sheets
        .into_iter()
        .filter_map(|s| {
            let a = by_id.get(&s.assignment_id)?;
            Some((
                a.initiative_id,
                a.reviewer_id,
                s.weighted_total.unwrap_or(s.total as f64),
            ))
        })
        .collect())
}

/// The sheets of one entry (assigned reviewers in assignment order), calibrated with `calibration`.
pub(crate) async fn sheets_of(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    criteria: &[CriterionInfo],
    calibration: &Calibration,
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
        let mut view = SheetView {
            assignment_id: a.id,
            reviewer_id: a.reviewer_id,
            reviewer_name: name,
            scores: vec![],
            total: None,
            calibrated: None,
            submitted_at: None,
        };
        if let Some(s) = sheet {
            let rows = sheet_score::Entity::find()
                .filter(sheet_score::Column::SheetId.eq(s.id))
                .all(db)
                .await?;
            view.scores = criteria
                .iter()
                .filter_map(|c| {
                    rows.iter()
                        .find(|r| r.criterion_id == c.id)
                        .map(|r| (c.id, r.points.max(0) as u32, r.comment.clone()))
                })
                .collect();
            let total = s.weighted_total.unwrap_or(s.total as f64);
            view.total = Some(total);
            view.calibrated = Some(calibration.calibrate(a.reviewer_id, total));
            view.submitted_at = Some(s.submitted_at);
        }
        out.push(view);
    }
    Ok(out)
}

fn rules(criteria: &[CriterionInfo]) -> Vec<CriterionRule> {
    criteria
        .iter()
        .map(|c| CriterionRule {
            code: c.code.clone(),
            max_points: c.max_points,
            comment_rule: c.comment_rule,
        })
        .collect()
}

fn facts(criteria: &[CriterionInfo], sheets: &[SheetView]) -> Vec<SheetFacts> {
    sheets
        .iter()
        .filter_map(|s| {
            Some(SheetFacts {
                reviewer_id: s.reviewer_id,
                total: s.total?,
                scores: s
                    .scores
                    .iter()
                    .filter_map(|(id, p, comment)| {
                        let c = criteria.iter().find(|c| c.id == *id)?;
                        Some((c.code.clone(), *p, !comment.trim().is_empty()))
                    })
                    .collect(),
            })
        })
        .collect()
}

async fn latest_resolution(
    db: &impl ConnectionTrait,
    initiative_id: i64,
) -> Result<Option<Resolution>> {
    let Some(r) = flag_resolution::Entity::find()
        .filter(flag_resolution::Column::InitiativeId.eq(initiative_id))
        .order_by_desc(flag_resolution::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let by = match r.actor_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| u.full_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(Some(Resolution {
        note: r.note,
        by,
        at: r.created_at,
        keys: serde_json::from_str(&r.flags).unwrap_or_default(),
    }))
}

/// The vote so far on an entry.
pub async fn tally(db: &impl ConnectionTrait, m: &initiative::Model) -> Result<Tally> {
    let settings = council::settings(db, m.campaign_id).await?;
    let members = council::members(db, m.campaign_id).await?;
    let ids: Vec<i64> = members.iter().map(|x| x.user_id).collect();
    let blocked = conflicts::matrix(db, &[m.id], &ids).await?;
    let entitled_ids: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|u| !blocked.contains_key(&(m.id, *u)))
        .collect();
    let entitled = entitled_ids.len() as u32;
    let counts = vote_tally::Entity::find_by_id(m.id).one(db).await?;
    let closed_by_hand = counts.as_ref().is_some_and(|c| c.closed_at.is_some());
    let (agree, disagree) = counts
        .map(|c| (c.agree.max(0) as u32, c.disagree.max(0) as u32))
        .unwrap_or((0, 0));
    let roll = vote_roll::Entity::find()
        .filter(vote_roll::Column::InitiativeId.eq(m.id))
        .all(db)
        .await?;
    let voters = roll
        .iter()
        .map(|r| {
            let name = members
                .iter()
                .find(|x| x.user_id == r.member_id)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            (r.member_id, name, r.choice)
        })
        .collect();
    let (num, den) = (settings.vote_numerator, settings.vote_denominator);
    // Only the ballots of members entitled now count towards "everyone has voted": a voter who
    // became conflicted afterwards must not close the vote for those still to vote.
    let ballots = roll
        .iter()
        .filter(|r| entitled_ids.contains(&r.member_id))
        .count() as u32;
    let decided = decision::Entity::find_by_id(m.id).one(db).await?.is_some();
    let now = time::now();
    // A practice campaign's vote never ends by its date (`council::require_phase`).
    let vote_over = !crate::catalog::campaign(db, m.campaign_id).await?.practice
        && council::phases(db, m.campaign_id)
            .await?
            .iter()
            .any(|w| w.phase == Phase::Vote && w.ends_at <= now);
    Ok(Tally {
        agree,
        disagree,
        entitled,
        needed: scoring::votes_needed(entitled, num, den),
        passed: scoring::vote_passes(agree, entitled, num, den),
        secret: settings.secret_ballot,
        voters,
        ballots,
        closed: decided || closed_by_hand || vote_over || (entitled > 0 && ballots >= entitled),
    })
}

/// Closes the vote on an entry before every member has voted (some will not): the campaign's
/// secretary or the council's presiding member, without a conflict, in the vote phase. The counts
/// then show, no more ballots are taken, and the decision can be recorded.
pub async fn close_vote(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    let secretary = crate::staff::may_act_on(&txn, actor, &m).await?;
    let presides = council::role_of(&txn, m.campaign_id, actor.id)
        .await?
        .is_some_and(|r| r.presides())
        && conflicts::of(&txn, m.id, actor.id).await?.is_empty();
    if !secretary && !presides {
        return Err(Error::NotFound);
    }
    if status_of(&m) != Status::UnderReview
        || decision::Entity::find_by_id(m.id)
            .one(&txn)
            .await?
            .is_some()
    {
        return Err(Error::field("close", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    if tally(&txn, &m).await?.closed {
        return Err(Error::field("close", FieldError::Stale));
    }
    let now = time::now();
    vote_tally::Entity::insert(vote_tally::ActiveModel {
        initiative_id: Set(m.id),
        agree: Set(0),
        disagree: Set(0),
        closed_at: Set(Some(now)),
        closed_by: Set(Some(actor.id)),
    })
    .on_conflict(
        OnConflict::column(vote_tally::Column::InitiativeId)
            .update_columns([vote_tally::Column::ClosedAt, vote_tally::Column::ClosedBy])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::append(
        &txn,
        Change::new(Some(actor.id), AuditEntity::Vote, m.id, "close"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether votes are under way in the campaign: ballots cast on entries still under review, without
/// a decision (a withdrawn entry's ballots hold nothing). The council and the vote phase's end are
/// fixed meanwhile (changing them could close a vote early).
pub async fn votes_under_way(db: &impl ConnectionTrait, campaign_id: i64) -> Result<bool> {
    let entries: Vec<i64> = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Id)
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(initiative::Column::Status.eq(Status::UnderReview.code()))
        .into_tuple()
        .all(db)
        .await?;
    if entries.is_empty() {
        return Ok(false);
    }
    let voted: Vec<i64> = vote_roll::Entity::find()
        .select_only()
        .column(vote_roll::Column::InitiativeId)
        .filter(vote_roll::Column::InitiativeId.is_in(entries))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    if voted.is_empty() {
        return Ok(false);
    }
    let decided = decision::Entity::find()
        .filter(decision::Column::InitiativeId.is_in(voted.clone()))
        .count(db)
        .await? as usize;
    Ok(decided < voted.len())
}

/// What every panel of one campaign shares: its settings, rubric and calibration (computed from all
/// of its submitted sheets). Loaded once when many panels are built (the ranking).
struct CampaignBasis {
    settings: ReviewSettings,
    criteria: Vec<CriterionInfo>,
    scale_max: f64,
    calibration: Calibration,
}

impl CampaignBasis {
    async fn load(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Self> {
        let settings = council::settings(db, campaign_id).await?;
        let criteria = catalog::criteria(db, campaign_id).await?;
        let scale_max = catalog::scale_max(&criteria);
        let totals = campaign_totals(db, campaign_id).await?;
        let calibration = Calibration::new(
            &totals.iter().map(|(_, r, x)| (*r, *x)).collect::<Vec<_>>(),
            scale_max,
        );
        Ok(CampaignBasis {
            settings,
            criteria,
            scale_max,
            calibration,
        })
    }
}

async fn build_panel(
    db: &impl ConnectionTrait,
    m: &initiative::Model,
    viewer: Option<&User>,
) -> Result<Panel> {
    let basis = CampaignBasis::load(db, m.campaign_id).await?;
    panel_on(db, m, viewer, &basis).await
}

async fn panel_on(
    db: &impl ConnectionTrait,
    m: &initiative::Model,
    viewer: Option<&User>,
    basis: &CampaignBasis,
) -> Result<Panel> {
    let settings = basis.settings.clone();
    let criteria = basis.criteria.clone();
    let (scale_max, calibration) = (basis.scale_max, &basis.calibration);
    let sheets = sheets_of(db, m.id, &criteria, calibration).await?;
    let raw: Vec<f64> = sheets.iter().filter_map(|s| s.total).collect();
    let cal: Vec<f64> = sheets.iter().filter_map(|s| s.calibrated).collect();
    let flags = scoring::flags(
        &rules(&criteria),
        &facts(&criteria, &sheets),
        settings.spread_pct,
        settings.outlier_sd,
        calibration.campaign_sd(),
    );
    let resolution = latest_resolution(db, m.id).await?;
    let unresolved = flags
        .iter()
        .filter(|f| {
            resolution
                .as_ref()
                .is_none_or(|r| !r.keys.contains(&f.key()))
        })
        .cloned()
        .collect();
    let tally = tally(db, m).await?;
    let decision = decision::Entity::find_by_id(m.id)
        .one(db)
        .await?
        .map(DecisionView::from);
    let (viewer_presides, viewer_may_vote, viewer_voted) = match viewer {
        None => (false, false, false),
        Some(u) => {
            let role = council::role_of(db, m.campaign_id, u.id).await?;
            let free = conflicts::of(db, m.id, u.id).await?.is_empty();
            let voted = tally.voters.iter().any(|(id, ..)| *id == u.id);
            (
                role.is_some_and(|r| r.presides()) && free,
                role.is_some()
                    && free
                    && !voted
                    && !tally.closed
                    && decision.is_none()
                    && status_of(m) == Status::UnderReview,
                voted,
            )
        }
    };
    // A person looking at the panel sees the counts only once the vote is over; the service
    // (`decide`, viewer `None`) works on the real ones.
    let tally = if viewer.is_some() {
        tally.sealed()
    } else {
        tally
    };
    Ok(Panel {
        initiative_id: m.id,
        campaign_id: m.campaign_id,
        status: status_of(m),
        aggregate: scoring::aggregate(settings.aggregation, &raw),
        calibrated: scoring::aggregate(settings.aggregation, &cal),
        settings,
        criteria,
        scale_max,
        sheets,
        flags,
        unresolved,
        resolution,
        tally,
        decision,
        viewer_presides,
        viewer_may_vote,
        viewer_voted,
    })
}

/// The panel of an entry for the secretary or a council member (see `require_panel_access`).
pub async fn panel(db: &impl ConnectionTrait, actor: &User, initiative_id: i64) -> Result<Panel> {
    let m = load(db, initiative_id).await?;
    require_panel_access(db, actor, &m).await?;
    build_panel(db, &m, Some(actor)).await
}

/// The chair (or vice-chair) records how the entry's current flags were resolved.
pub async fn resolve_flags(
    db: &impl TransactionTrait,
    chair: &User,
    initiative_id: i64,
    note: &str,
) -> Result<()> {
    let note = Remark::parse(note).map_err(|e| Error::field("note", e))?;
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    council::require_presiding(&txn, chair, m.campaign_id).await?;
    if !conflicts::of(&txn, m.id, chair.id).await?.is_empty() {
        return Err(Error::NotFound);
    }
    let p = build_panel(&txn, &m, None).await?;
    if p.flags.is_empty() {
        return Err(Error::field("note", FieldError::NotAllowed));
    }
    let keys: Vec<String> = p.flags.iter().map(Flag::key).collect();
    let note = crate::text::nfc(note.as_str());
    let id = flag_resolution::Entity::insert(flag_resolution::ActiveModel {
        initiative_id: Set(m.id),
        flags: Set(serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into())),
        note: Set(note.clone()),
        actor_id: Set(Some(chair.id)),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    audit::append(
        &txn,
        Change::new(Some(chair.id), AuditEntity::FlagResolution, id, "resolve")
            .before(&p.flags)
            .after(serde_json::json!({ "initiative_id": m.id, "resolved": keys }))
            .reason(&note),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A council member votes on an entry under review, once, in the vote phase. In a secret ballot only
/// the fact of voting is kept beside the member; the choice goes into the counts.
pub async fn cast_vote(
    db: &impl TransactionTrait,
    member: &User,
    initiative_id: i64,
    agree: bool,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    if council::role_of(&txn, m.campaign_id, member.id)
        .await?
        .is_none()
        || !conflicts::of(&txn, m.id, member.id).await?.is_empty()
    {
        return Err(Error::NotFound);
    }
    if status_of(&m) != Status::UnderReview
        || decision::Entity::find_by_id(m.id)
            .one(&txn)
            .await?
            .is_some()
    {
        return Err(Error::field("choice", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    if vote_tally::Entity::find_by_id(m.id)
        .one(&txn)
        .await?
        .is_some_and(|t| t.closed_at.is_some())
    {
        return Err(Error::field("choice", FieldError::NotAllowed));
    }
    let secret = council::settings(&txn, m.campaign_id).await?.secret_ballot;
    let inserted = vote_roll::Entity::insert(vote_roll::ActiveModel {
        initiative_id: Set(m.id),
        member_id: Set(member.id),
        choice: Set((!secret).then_some(agree)),
        cast_at: Set(time::now()),
    })
    .exec(&txn)
    .await;
    if let Err(e) = inserted {
        return Err(match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::Conflict("already voted"),
            _ => e.into(),
        });
    }
    // One statement adds the ballot to the counts (insert, or add to the row in place), so two
    // members voting at the same moment on PostgreSQL cannot both read the old counts and write
    // one of the two votes away.
    let (a, d) = (i32::from(agree), i32::from(!agree));
    let counted = vote_tally::Entity::insert(vote_tally::ActiveModel {
        initiative_id: Set(m.id),
        agree: Set(a),
        disagree: Set(d),
        closed_at: Set(None),
        closed_by: Set(None),
    })
    .on_conflict(
        OnConflict::column(vote_tally::Column::InitiativeId)
            .value(
                vote_tally::Column::Agree,
                Expr::col((vote_tally::Entity, vote_tally::Column::Agree)).add(a),
            )
            .value(
                vote_tally::Column::Disagree,
                Expr::col((vote_tally::Entity, vote_tally::Column::Disagree)).add(d),
            )
            // A vote closed meanwhile (PostgreSQL: after the check above) takes no ballot.
            .action_and_where(
                Expr::col((vote_tally::Entity, vote_tally::Column::ClosedAt)).is_null(),
            )
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if counted == 0 {
        return Err(Error::field("choice", FieldError::NotAllowed));
    }
    let mut change = Change::new(Some(member.id), AuditEntity::Vote, m.id, "cast");
    change = if secret {
        change.after(serde_json::json!({ "member": member.id, "ballot": "secret" }))
    } else {
        change.after(serde_json::json!({ "member": member.id, "agree": agree }))
    };
    audit::append(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}

/// The decision as the secretary records it.
#[derive(Clone, Debug)]
pub struct DecisionInput {
    pub decision: ValidDecision,
    pub award: String,
    pub decision_no: String,
    /// The council's consolidated comment (public on the scorecard).
    pub comment: String,
    /// The date of the decision document; today when not given. Never in the future.
    pub decided_on: Option<NaiveDate>,
}

/// Records (or, before publication, corrects) the council's decision on an entry under review, in the
/// vote phase. Recognition needs a passed vote; refusal a vote that can no longer pass (so a passed
/// vote cannot be turned into a refusal, nor an entry refused before the council has voted); flags
/// must be resolved first. Nothing reaches the filer or the public until `publish`.
pub async fn decide(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    input: DecisionInput,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    // The entry's row locked, as `initiatives::withdraw` locks it (no decision on a withdrawn entry).
    let m = initiative::Entity::find_by_id(initiative_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    crate::staff::require_entry(&txn, actor, &m).await?;
    if status_of(&m) != Status::UnderReview {
        return Err(Error::field("outcome", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    let p = build_panel(&txn, &m, None).await?;
    // While the vote is open, one answer whatever the counts: an outcome refused or accepted
    // would tell the secretary how the vote stands.
    if !p.tally.closed {
        return Err(Error::field("outcome", FieldError::VoteOpen));
    }
    let old = decision::Entity::find_by_id(m.id).one(&txn).await?;
    if old.as_ref().is_some_and(|d| d.published_at.is_some()) {
        return Err(Error::Conflict("decision already published"));
    }
    let mut e = FieldErrors::default();
    if !p.unresolved.is_empty() {
        e.add("flags", FieldError::NotAllowed);
    }
    // Recognition needs the passed vote; refusal needs a vote whose outcome is settled: even the
    // members who have not voted yet could no longer reach the votes needed.
    let recognised = matches!(input.decision, ValidDecision::Recognised { .. });
    let t = &p.tally;
    let remaining = t.entitled.saturating_sub(t.agree + t.disagree);
    let settled_against = t.entitled > 0 && t.agree + remaining < t.needed;
    if (recognised && !t.passed) || (!recognised && !settled_against) {
        e.add("outcome", FieldError::NotAllowed);
    }
    let text = |s: &str, max: usize, field: &str, e: &mut FieldErrors| {
        let s = crate::text::nfc(s.trim());
        if s.chars().count() > max {
            e.add(field, FieldError::TooLong { max });
        }
        (!s.is_empty()).then_some(s)
    };
    let award = text(&input.award, 300, "award", &mut e);
    let decision_no = text(&input.decision_no, 100, "decision_no", &mut e);
    let comment = text(&input.comment, 5_000, "comment", &mut e);
    let today = time::local_date(time::now());
    let decided_on = input.decided_on.unwrap_or(today);
    if decided_on > today {
        e.add("decided_on", FieldError::InFuture);
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let (outcome, level, reasons) = match &input.decision {
        ValidDecision::Recognised { level } => ("recognised", Some(level.code().to_string()), None),
        ValidDecision::Refused { reasons } => {
            ("refused", None, Some(crate::text::nfc(reasons.as_str())))
        }
    };
    let row = decision::Model {
        initiative_id: m.id,
        outcome: outcome.into(),
        level,
        award,
        reasons,
        decision_no,
        decided_on,
        score: p.aggregate,
        calibrated_score: p.calibrated,
        comment,
        agree: p.tally.agree as i32,
        disagree: p.tally.disagree as i32,
        entitled: p.tally.entitled as i32,
        decided_by: Some(actor.id),
        created_at: time::now(),
        published_at: None,
    };
    let record = serde_json::json!({
        "outcome": row.outcome,
        "level": row.level,
        "award": row.award,
        "reasons": row.reasons,
        "decision_no": row.decision_no,
        "score": row.score,
        "calibrated_score": row.calibrated_score,
        "votes": [row.agree, row.disagree, row.entitled],
    });
    let before = old.as_ref().map(|d| {
        serde_json::json!({
            "outcome": d.outcome, "level": d.level, "award": d.award, "reasons": d.reasons,
            "decision_no": d.decision_no,
        })
    });
    let am = decision::ActiveModel::from(row);
    if old.is_some() {
        decision::Entity::update(am).exec(&txn).await?;
    } else {
        decision::Entity::insert(am).exec(&txn).await?;
    }
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            AuditEntity::Decision,
            m.id,
            if before.is_some() {
                "correct"
            } else {
                "decide"
            },
        )
        .before(before)
        .after(record),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The secretary publishes the campaign's announcement in its announcement phase: every decision not
/// yet published becomes the entry's status (recognised entries turn public and searchable), and the
/// filers and co-authors are notified. Returns how many decisions were published.
pub async fn publish(db: &impl TransactionTrait, actor: &User, campaign_id: i64) -> Result<usize> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    crate::staff::require_campaign(&txn, actor, campaign_id).await?;
    council::require_phase(&txn, campaign_id, Phase::Announcement).await?;
    let entries = catalog::entry_ids(&txn, campaign_id).await?;
    let pending = if entries.is_empty() {
        vec![]
    } else {
        decision::Entity::find()
            .filter(decision::Column::InitiativeId.is_in(entries))
            .filter(decision::Column::PublishedAt.is_null())
            .all(&txn)
            .await?
    };
    let now = time::now();
    let mut published = Vec::new();
    for d in &pending {
        let m = load(&txn, d.initiative_id).await?;
        let from = status_of(&m);
        if from != Status::UnderReview {
            // Withdrawn after the decision: nothing to publish for it.
            continue;
        }
        published.push((d.initiative_id, d.outcome.clone()));
        let to = if d.outcome == "recognised" {
            Status::Recognised
        } else {
            Status::Refused
        };
        let mut am: initiative::ActiveModel = m.into();
        am.status = Set(to.code().into());
        am.level = Set(d.level.clone());
        am.score = Set(d.score);
        am.decided_on = Set(Some(d.decided_on));
        am.decision_no = Set(d.decision_no.clone());
        am.refusal_reasons = Set(d.reasons.clone());
        am.updated_at = Set(now);
        initiative::Entity::update(am).exec(&txn).await?;
        let mut dm: decision::ActiveModel = d.clone().into();
        dm.published_at = Set(Some(now));
        decision::Entity::update(dm).exec(&txn).await?;
        record_status(
            &txn,
            d.initiative_id,
            Some(from),
            to,
            Some((actor, Role::Secretary)),
            d.reasons.clone(),
        )
        .await?;
    }
    let c = campaign::Entity::find_by_id(campaign_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut cm: campaign::ActiveModel = c.into();
    cm.announced_at = Set(Some(now));
    campaign::Entity::update(cm).exec(&txn).await?;
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            AuditEntity::Publication,
            campaign_id,
            "publish",
        )
        .after(&published),
    )
    .await?;
    txn.commit().await?;
    Ok(published.len())
}

/// One line of the council's ranking table.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    pub initiative_id: i64,
    pub code: Option<String>,
    pub title: String,
    pub status: Status,
    /// Sheets sent, of `assigned`.
    pub sheets: usize,
    pub assigned: usize,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    /// The largest spread on a criterion, as a percentage of its maximum.
    pub spread_pct: Option<f64>,
    pub flags: Vec<Flag>,
    pub unresolved: usize,
    pub decision: Option<DecisionView>,
}

/// The ranking of a campaign's reviewed entries (those with at least one assignment), best first by
/// the score the chair chose; for secretaries and council members. Entries a council member is
/// conflicted with are left out.
pub async fn ranking(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
) -> Result<(ReviewSettings, Vec<RankRow>)> {
    let staff = crate::staff::may_act_on_campaign(db, actor, campaign_id).await?;
    if !staff && council::role_of(db, campaign_id, actor.id).await?.is_none() {
        return Err(Error::Forbidden);
    }
    let basis = CampaignBasis::load(db, campaign_id).await?;
    let models = initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(initiative::Column::Status.is_in([
            Status::UnderReview.code(),
            Status::Recognised.code(),
            Status::Refused.code(),
        ]))
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = models.iter().map(|m| m.id).collect();
    // Staff and council members alike never see the entries they are in conflict with.
    let blocked = conflicts::blocked_for(db, &ids, actor.id).await?;
    let mut rows = Vec::new();
    for m in models.iter().filter(|m| !blocked.contains(&m.id)) {
        let p = panel_on(db, m, None, &basis).await?;
        if p.sheets.is_empty() {
            continue;
        }
        let spread_pct = p
            .criteria
            .iter()
            .filter_map(|c| {
                let pts: Vec<u32> = p
                    .sheets
                    .iter()
                    .filter_map(|s| s.scores.iter().find(|x| x.0 == c.id).map(|x| x.1))
                    .collect();
                let (lo, hi) = (pts.iter().min()?, pts.iter().max()?);
                Some(scoring::round2(
                    (hi - lo) as f64 * 100.0 / c.max_points as f64,
                ))
            })
            .max_by(f64::total_cmp);
        rows.push(RankRow {
            initiative_id: m.id,
            code: m.code.clone(),
            title: m.title.clone(),
            status: p.status,
            sheets: p.sheets.iter().filter(|s| s.total.is_some()).count(),
            assigned: p.sheets.len(),
            aggregate: p.aggregate,
            calibrated: p.calibrated,
            spread_pct,
            unresolved: p.unresolved.len(),
            flags: p.flags,
            decision: p.decision,
        });
    }
    let settings = basis.settings;
    let key = |r: &RankRow| {
        if settings.rank_by_calibrated {
            r.calibrated
        } else {
            r.aggregate
        }
    };
    rows.sort_by(|a, b| {
        key(b)
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&key(a).unwrap_or(f64::NEG_INFINITY))
            .then(a.initiative_id.cmp(&b.initiative_id))
    });
    Ok((settings, rows))
}

/// The ranking as CSV: rank, case number, title, status, sheets, aggregate, calibrated score,
/// largest spread (%), flags (open), decision. Fields are quoted; a leading `=`, `+`, `-` or `@` is
/// neutralised so a spreadsheet never runs a title as a formula.
pub fn ranking_csv(rows: &[RankRow]) -> String {
    use crate::text::csv_field as field;
    let num = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&rust_i18n::t!("council.csv_header"));
    out.push_str("\r\n");
    for (k, r) in rows.iter().enumerate() {
        let decision = match &r.decision {
            Some(d) if d.recognised => d.level.map(|l| l.code()).unwrap_or("recognised"),
            Some(_) => "refused",
            None => "",
        };
        let line = [
            (k + 1).to_string(),
            field(r.code.as_deref().unwrap_or("")),
            field(&r.title),
            r.status.code().to_string(),
            r.sheets.to_string(),
            num(r.aggregate),
            num(r.calibrated),
            num(r.spread_pct),
            format!("{} ({})", r.flags.len(), r.unresolved),
            decision.to_string(),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// How a ranking table is ordered on screen (the CSV keeps the ranking order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    Ranking,
    Aggregate,
    Calibrated,
    Spread,
}

impl SortBy {
    pub fn from_code(s: &str) -> Self {
        match s {
            "diem" => SortBy::Aggregate,
            "hieu-chinh" => SortBy::Calibrated,
            "chenh-lech" => SortBy::Spread,
            _ => SortBy::Ranking,
        }
    }

    /// Highest first for scores and spread; the ranking keeps its own order.
    pub fn apply(self, rows: &mut [RankRow]) {
        let by = |f: fn(&RankRow) -> Option<f64>| {
            move |a: &RankRow, b: &RankRow| {
                f(b).unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&f(a).unwrap_or(f64::NEG_INFINITY))
                    .then(a.initiative_id.cmp(&b.initiative_id))
            }
        };
        match self {
            SortBy::Ranking => {}
            SortBy::Aggregate => rows.sort_by(by(|r| r.aggregate)),
            SortBy::Calibrated => rows.sort_by(by(|r| r.calibrated)),
            SortBy::Spread => rows.sort_by(by(|r| r.spread_pct)),
        }
    }
}

/// The public scorecard of a published, recognised entry: criteria with weights and the mean points
/// given on each, the aggregate and calibrated score and the council's comment; never a reviewer.
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    /// (criterion name, max points, weight, mean points)
    pub criteria: Vec<(String, u32, f64, Option<f64>)>,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    pub comment: Option<String>,
    pub scale_max: f64,
}

pub async fn scorecard(db: &impl ConnectionTrait, initiative_id: i64) -> Result<Option<Scorecard>> {
    let m = load(db, initiative_id).await?;
    if status_of(&m) != Status::Recognised {
        return Ok(None);
    }
    let Some(d) = decision::Entity::find_by_id(m.id)
        .one(db)
        .await?
        .filter(|d| d.published_at.is_some())
    else {
        return Ok(None);
    };
    let p = build_panel(db, &m, None).await?;
    let criteria = p
        .criteria
        .iter()
        .map(|c| {
            let pts: Vec<f64> = p
                .sheets
                .iter()
                .filter_map(|s| s.scores.iter().find(|x| x.0 == c.id).map(|x| x.1 as f64))
                .collect();
            (
                c.name.clone(),
                c.max_points,
                c.weight,
                scoring::aggregate(types::Aggregation::Mean, &pts),
            )
        })
        .collect();
    Ok(Some(Scorecard {
        criteria,
        aggregate: d.score,
        calibrated: d.calibrated_score,
        comment: d.comment,
        scale_max: p.scale_max,
    }))
}

/// The entry and the reviewer's name of an assignment.
pub async fn assignment_parties(
    db: &impl ConnectionTrait,
    assignment_id: i64,
) -> Result<(i64, String)> {
    let a = assignment::Entity::find_by_id(assignment_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let name = user::Entity::find_by_id(a.reviewer_id)
        .one(db)
        .await?
        .map(|u| u.full_name)
        .unwrap_or_default();
    Ok((a.initiative_id, name))
}

/// The history of one reviewer's sheet (its assignment), for the chair and the secretary.
pub async fn sheet_history(
    db: &impl ConnectionTrait,
    actor: &User,
    assignment_id: i64,
) -> Result<Vec<audit::Entry>> {
    let a = assignment::Entity::find_by_id(assignment_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let m = load(db, a.initiative_id).await?;
    if !crate::staff::may_act_on(db, actor, &m).await? {
        council::require_presiding(db, actor, m.campaign_id)
            .await
            .map_err(|_| Error::NotFound)?;
        if !conflicts::of(db, m.id, actor.id).await?.is_empty() {
            return Err(Error::NotFound);
        }
    }
    audit::history(db, AuditEntity::ScoreSheet, assignment_id).await
}
