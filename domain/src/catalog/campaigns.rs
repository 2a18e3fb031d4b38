//! A campaign's review set-up as the areas below the council read it: its review settings, its
//! phases with their dates (and whether an action is open now), its council members and their
//! roles. What the council changes (settings, phases, members, rubric) is `council`.
use crate::catalog;
use crate::entities::{campaign, campaign_phase, council_member, user};
use crate::{Error, Result, time};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use types::{Aggregation, CouncilRole, FieldError, FieldErrors, Phase};

/// How a campaign's entries are reviewed and decided.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewSettings {
    pub aggregation: Aggregation,
    pub pass_mark: f64,
    pub provincial_mark: f64,
    pub reviewers_per_entry: u32,
    pub blind_review: bool,
    pub secret_ballot: bool,
    pub vote_numerator: u32,
    pub vote_denominator: u32,
    pub spread_pct: u32,
    pub outlier_sd: f64,
    /// Rank by the calibrated score instead of the raw aggregate (the chair's choice).
    pub rank_by_calibrated: bool,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            aggregation: Aggregation::Mean,
            pass_mark: 50.0,
            provincial_mark: 80.0,
            reviewers_per_entry: 3,
            blind_review: false,
            secret_ballot: false,
            vote_numerator: 2,
            vote_denominator: 3,
            spread_pct: 30,
            outlier_sd: 2.0,
            rank_by_calibrated: false,
        }
    }
}

impl From<&campaign::Model> for ReviewSettings {
    fn from(m: &campaign::Model) -> Self {
        ReviewSettings {
            aggregation: Aggregation::from_code(&m.aggregation).unwrap_or(Aggregation::Mean),
            pass_mark: m.pass_mark,
            provincial_mark: m.provincial_mark,
            reviewers_per_entry: m.reviewers_per_entry.max(1) as u32,
            blind_review: m.blind_review,
            secret_ballot: m.secret_ballot,
            vote_numerator: m.vote_numerator.max(1) as u32,
            vote_denominator: m.vote_denominator.max(1) as u32,
            spread_pct: m.spread_pct.max(0) as u32,
            outlier_sd: m.outlier_sd,
            rank_by_calibrated: m.rank_by == "calibrated",
        }
    }
}

impl ReviewSettings {
    /// Checks the settings as a whole; errors name the field.
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::default();
        let range = |min: i64, max: i64| FieldError::OutOfRange {
            min: min as u32,
            max: max as u32,
        };
        if !(0.0..=1000.0).contains(&self.pass_mark) {
            e.add("pass_mark", range(0, 1000));
        }
        if !(self.pass_mark..=1000.0).contains(&self.provincial_mark) {
            e.add("provincial_mark", FieldError::NotAllowed);
        }
        if !(1..=15).contains(&self.reviewers_per_entry) {
            e.add("reviewers_per_entry", range(1, 15));
        }
        if self.vote_denominator == 0
            || self.vote_numerator == 0
            || self.vote_numerator > self.vote_denominator
        {
            e.add("vote_fraction", FieldError::NotAllowed);
        }
        if !(1..=100).contains(&self.spread_pct) {
            e.add("spread_pct", range(1, 100));
        }
        if !(0.5..=5.0).contains(&self.outlier_sd) {
            e.add("outlier_sd", FieldError::NotAllowed);
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(e))
        }
    }
}

pub(crate) async fn campaign_model(db: &impl ConnectionTrait, id: i64) -> Result<campaign::Model> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

pub async fn settings(db: &impl ConnectionTrait, campaign_id: i64) -> Result<ReviewSettings> {
    Ok(ReviewSettings::from(
        &campaign_model(db, campaign_id).await?,
    ))
}

// ---------------------------------------------------------------------------------------------
// Phases

/// One phase's window, [starts_at, ends_at).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhaseWindow {
    pub phase: Phase,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl PhaseWindow {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }
}

/// The campaign's phases in order; submission is the campaign's own window, a phase without dates is
/// left out (and its actions are refused).
pub async fn phases(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Vec<PhaseWindow>> {
    let c = catalog::campaign(db, campaign_id).await?;
    let rows = campaign_phase::Entity::find()
        .filter(campaign_phase::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    let mut out = vec![PhaseWindow {
        phase: Phase::Submission,
        starts_at: c.opens_at,
        ends_at: c.closes_at,
    }];
    for p in &Phase::ALL[1..] {
        if let Some(r) = rows.iter().find(|r| r.phase == p.code()) {
            out.push(PhaseWindow {
                phase: *p,
                starts_at: r.starts_at,
                ends_at: r.ends_at,
            });
        }
    }
    Ok(out)
}

/// Refuses with `Error::OutOfPhase(phase)` unless now is inside the phase or the campaign is a
/// practice one (the demo's).
pub async fn require_phase(
    db: &impl ConnectionTrait,
    campaign_id: i64,
    phase: Phase,
) -> Result<()> {
    let now = time::now();
    // A practice campaign keeps every action open (its pages say so); read only when needed.
    if phases(db, campaign_id)
        .await?
        .iter()
        .any(|w| w.phase == phase && w.contains(now))
        || catalog::campaign(db, campaign_id).await?.practice
    {
        Ok(())
    } else {
        Err(Error::OutOfPhase(phase))
    }
}

// ---------------------------------------------------------------------------------------------
// Council members

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub role: CouncilRole,
}

/// The council of a campaign, chair first.
pub async fn members(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Vec<Member>> {
    let rows = council_member::Entity::find()
        .filter(council_member::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let name = user::Entity::find_by_id(r.user_id)
            .one(db)
            .await?
            .map(|u| u.full_name)
            .unwrap_or_default();
        if let Some(role) = CouncilRole::from_code(&r.role) {
            out.push(Member {
                user_id: r.user_id,
                name,
                role,
            });
        }
    }
    out.sort_by(|a, b| a.role.cmp(&b.role).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// The person's role in the campaign's council, if they sit on it.
pub async fn role_of(
    db: &impl ConnectionTrait,
    campaign_id: i64,
    user_id: i64,
) -> Result<Option<CouncilRole>> {
    Ok(council_member::Entity::find_by_id((campaign_id, user_id))
        .one(db)
        .await?
        .and_then(|m| CouncilRole::from_code(&m.role)))
}
