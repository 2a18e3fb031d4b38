//! The council at work once sheets come in: each entry's panel (raw aggregate by the campaign's
//! method, calibrated score, flags), the chair's resolution notes, the ranking table (and its CSV), the
//! vote (open or secret ballot, two-thirds rule), the decision, and the announcement that publishes a
//! campaign's decisions at once. Every change is audited.
mod decisions;
mod ranking;
mod vote;
use crate::accounts::User;
use crate::audit::{self, Change, Entity as AuditEntity};
use crate::catalog::{self, CriterionInfo};
use crate::council::{self, ReviewSettings};
use crate::entities::{
    assignment, campaign, decision, flag_resolution, initiative, score_sheet, user, vote_roll,
    vote_tally,
};
use crate::review::scoring::{self, Calibration, CriterionRule, Flag, SheetFacts};
use crate::review::sheets::{SheetView, campaign_totals, sheets_of};
use crate::review::tally::{Tally, tally};
use crate::submission::initiatives::record_status;
use crate::submission::initiatives::{load, status_of};
use crate::{Error, Result, accounts::conflicts, time};
use chrono::{DateTime, NaiveDate, Utc};
pub use decisions::*;
pub use ranking::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use types::{FieldError, FieldErrors, Level, Phase, Remark, Role, Status, ValidDecision};
pub use vote::*;

/// The chair's note on an entry's flags.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub keys: Vec<String>,
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

    /// A flag as a sentence for the council (the panel, the meeting sheet).
    pub fn flag_sentence(&self, f: &Flag) -> String {
        let criterion = |code: &str| {
            self.criteria
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| code.to_string())
        };
        let reviewer = |id: i64| {
            self.sheets
                .iter()
                .find(|s| s.reviewer_id == id)
                .map(|s| s.reviewer_name.clone())
                .unwrap_or_default()
        };
        match f {
            Flag::Spread {
                criterion: c,
                spread,
                limit,
            } => rust_i18n::t!(
                "council.flag_spread",
                criterion = criterion(c),
                spread = spread,
                limit = types::format_score(*limit)
            ),
            Flag::Outlier {
                reviewer_id,
                distance_sd,
            } => rust_i18n::t!(
                "council.flag_outlier",
                reviewer = reviewer(*reviewer_id),
                distance = types::format_score(*distance_sd)
            ),
            Flag::MissingComment {
                reviewer_id,
                criterion: c,
            } => rust_i18n::t!(
                "council.flag_comment",
                reviewer = reviewer(*reviewer_id),
                criterion = criterion(c)
            ),
        }
        .into_owned()
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
    if crate::accounts::staff::may_act_on(db, actor, m).await? {
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
