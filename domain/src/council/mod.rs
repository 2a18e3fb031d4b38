//! A campaign's review set-up: its settings (aggregation, marks, reviewers per entry, blind review,
//! ballot, flag thresholds), its phases with dates, its council (members with roles) and its rubric
//! (versioned; frozen once a score sheet has been submitted against it). Every change is audited.
pub mod dashboard;
pub mod deliberation;
pub mod overview;
pub mod staff_panel;
use crate::accounts::{self, User};
use crate::audit::{self, Change, Entity};
use crate::catalog::{self, Band};
use crate::entities::{
    assignment, campaign, campaign_phase, council_member, criterion, score_sheet, user,
};
use crate::{Error, Result, time};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;

use crate::catalog::campaigns::campaign_model;
pub use crate::catalog::campaigns::{
    Member, PhaseWindow, ReviewSettings, members, phases, require_phase, role_of, settings,
};
use types::{CommentRule, CouncilRole, FieldError, FieldErrors, Phase, Role};

/// Secretaries set the review settings (the ranking choice is the chair's: `choose_ranking`).
pub async fn update_settings(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    new: ReviewSettings,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    new.validate()?;
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    let m = campaign_model(&txn, campaign_id).await?;
    let old = ReviewSettings::from(&m);
    if old.secret_ballot != new.secret_ballot && any_vote_cast(&txn, campaign_id).await? {
        return Err(Error::field("secret_ballot", FieldError::NotAllowed));
    }
    let mut am: campaign::ActiveModel = m.into();
    am.aggregation = Set(new.aggregation.code().into());
    am.pass_mark = Set(new.pass_mark);
    am.provincial_mark = Set(new.provincial_mark);
    am.reviewers_per_entry = Set(new.reviewers_per_entry as i32);
    am.blind_review = Set(new.blind_review);
    am.secret_ballot = Set(new.secret_ballot);
    am.vote_numerator = Set(new.vote_numerator as i32);
    am.vote_denominator = Set(new.vote_denominator as i32);
    am.spread_pct = Set(new.spread_pct as i32);
    am.outlier_sd = Set(new.outlier_sd);
    campaign::Entity::update(am).exec(&txn).await?;
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            Entity::CampaignSettings,
            campaign_id,
            "update",
        )
        .before(&old)
        .after(&new),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether anyone has voted on an entry of the campaign (the ballot kind is then fixed).
async fn any_vote_cast(db: &impl ConnectionTrait, campaign_id: i64) -> Result<bool> {
    let entries = catalog::entry_ids(db, campaign_id).await?;
    if entries.is_empty() {
        return Ok(false);
    }
    Ok(crate::entities::vote_roll::Entity::find()
        .filter(crate::entities::vote_roll::Column::InitiativeId.is_in(entries))
        .count(db)
        .await?
        > 0)
}

/// The chair (or vice-chair) chooses whether the raw aggregate or the calibrated score ranks.
pub async fn choose_ranking(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    calibrated: bool,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    require_presiding(&txn, actor, campaign_id).await?;
    let m = campaign_model(&txn, campaign_id).await?;
    let before = m.rank_by.clone();
    let after = if calibrated { "calibrated" } else { "raw" };
    let mut am: campaign::ActiveModel = m.into();
    am.rank_by = Set(after.into());
    campaign::Entity::update(am).exec(&txn).await?;
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            Entity::CampaignSettings,
            campaign_id,
            "rank_by",
        )
        .before(before)
        .after(after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Phases

/// Sets the dates of a phase other than submission (secretaries; audited).
pub async fn set_phase(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    phase: Phase,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    if phase == Phase::Submission {
        return Err(Error::field("phase", FieldError::NotAllowed));
    }
    if starts_at >= ends_at {
        return Err(Error::field("ends_at", FieldError::NotAllowed));
    }
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    campaign_model(&txn, campaign_id).await?;
    // Ending the vote now would show how open votes stand (and could be undone after a look).
    if phase == Phase::Vote
        && ends_at <= time::now()
        && crate::council::deliberation::votes_under_way(&txn, campaign_id).await?
    {
        return Err(Error::field("ends_at", FieldError::VotesUnderWay));
    }
    let old = campaign_phase::Entity::find_by_id((campaign_id, phase.code().to_string()))
        .one(&txn)
        .await?;
    let am = campaign_phase::ActiveModel {
        campaign_id: Set(campaign_id),
        phase: Set(phase.code().into()),
        starts_at: Set(starts_at),
        ends_at: Set(ends_at),
    };
    if old.is_some() {
        campaign_phase::Entity::update(am).exec(&txn).await?;
    } else {
        campaign_phase::Entity::insert(am).exec(&txn).await?;
    }
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            Entity::CampaignSettings,
            campaign_id,
            "phase",
        )
        .before(old.map(|o| (o.phase, o.starts_at, o.ends_at)))
        .after((phase.code(), starts_at, ends_at)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Council

/// Fails with `Forbidden` unless `actor` chairs (or vice-chairs) the campaign's council.
pub async fn require_presiding(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
) -> Result<CouncilRole> {
    match role_of(db, campaign_id, actor.id).await? {
        Some(r) if r.presides() => Ok(r),
        _ => Err(Error::Forbidden),
    }
}

/// Adds a member or changes their role (secretaries; audited). A council has one chair.
pub async fn set_member(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    user_id: i64,
    role: CouncilRole,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    campaign_model(&txn, campaign_id).await?;
    accounts::user_by_id(&txn, user_id)
        .await
        .map_err(|_| Error::field("user_id", FieldError::UnknownCode))?;
    // A new member changes who is entitled to vote: not while votes are under way.
    if role_of(&txn, campaign_id, user_id).await?.is_none()
        && crate::council::deliberation::votes_under_way(&txn, campaign_id).await?
    {
        return Err(Error::field("user_id", FieldError::VotesUnderWay));
    }
    if role == CouncilRole::Chair
        && members(&txn, campaign_id)
            .await?
            .iter()
            .any(|m| m.role == CouncilRole::Chair && m.user_id != user_id)
    {
        return Err(Error::field("role", FieldError::NotAllowed));
    }
    let old = role_of(&txn, campaign_id, user_id).await?;
    let am = council_member::ActiveModel {
        campaign_id: Set(campaign_id),
        user_id: Set(user_id),
        role: Set(role.code().into()),
    };
    if old.is_some() {
        council_member::Entity::update(am).exec(&txn).await?;
    } else {
        council_member::Entity::insert(am).exec(&txn).await?;
    }
    audit::append(
        &txn,
        Change::new(Some(actor.id), Entity::Council, campaign_id, "set_member")
            .before(old.map(|r| (user_id, r.code())))
            .after((user_id, role.code())),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a member by their account's email address.
pub async fn set_member_by_email(
    db: &(impl TransactionTrait + ConnectionTrait),
    actor: &User,
    campaign_id: i64,
    email: &str,
    role: CouncilRole,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    crate::accounts::staff::require_campaign(db, actor, campaign_id).await?;
    let email = types::Email::parse(email).map_err(|e| Error::field("email", e))?;
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| Error::field("email", FieldError::UnknownCode))?;
    set_member(db, actor, campaign_id, found.id, role).await
}

pub async fn remove_member(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    user_id: i64,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    let Some(old) = role_of(&txn, campaign_id, user_id).await? else {
        return Err(Error::NotFound);
    };
    // Removing a member who has not voted could close a vote early (and be undone after a look).
    if crate::council::deliberation::votes_under_way(&txn, campaign_id).await? {
        return Err(Error::field("user_id", FieldError::VotesUnderWay));
    }
    council_member::Entity::delete_by_id((campaign_id, user_id))
        .exec(&txn)
        .await?;
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            Entity::Council,
            campaign_id,
            "remove_member",
        )
        .before((user_id, old.code())),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rubric

/// A criterion as the secretary edits it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionSpec {
    pub code: String,
    pub name: String,
    pub description: String,
    pub max_points: u32,
    pub weight: f64,
    pub bands: Vec<Band>,
    pub comment_rule: CommentRule,
}

impl CriterionSpec {
    fn check(&self, i: usize, e: &mut FieldErrors) {
        let f = |name: &str| format!("criteria[{i}].{name}");
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 40
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok {
            e.add(&f("code"), FieldError::NotAllowed);
        }
        if self.name.trim().is_empty() {
            e.add(&f("name"), FieldError::Required);
        }
        if !(1..=1000).contains(&self.max_points) {
            e.add(
                &f("max_points"),
                FieldError::OutOfRange { min: 1, max: 1000 },
            );
        }
        if !(self.weight > 0.0 && self.weight <= 10.0) {
            e.add(&f("weight"), FieldError::NotAllowed);
        }
        // Bands: inside the scale, each min ≤ max, no two overlapping.
        let mut bands = self.bands.clone();
        bands.sort_by_key(|b| b.min);
        let bad = bands
            .iter()
            .any(|b| b.min > b.max || b.max > self.max_points)
            || bands.windows(2).any(|w| w[0].max >= w[1].min);
        if bad {
            e.add(&f("bands"), FieldError::NotAllowed);
        }
    }
}

/// `set_rubric` with the rows read from the form (`types::parse_rubric`): the rubric's errors are
/// named by each row's number in the form (`criteria[k].part`), blank rows included, so each shows
/// beside its row.
pub async fn set_rubric_rows(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    rows: Vec<types::CriterionRow>,
) -> Result<u32> {
    let numbers: Vec<usize> = rows.iter().map(|r| r.row).collect();
    let spec = rows
        .into_iter()
        .map(|r| CriterionSpec {
            code: r.code,
            name: r.name,
            description: r.description,
            max_points: r.max_points,
            weight: r.weight,
            bands: r
                .bands
                .into_iter()
                .map(|(min, max, label)| Band { min, max, label })
                .collect(),
            comment_rule: r.comment_rule,
        })
        .collect();
    set_rubric(db, actor, campaign_id, spec)
        .await
        .map_err(|e| match e {
            Error::Invalid(found) => {
                let mut mapped = FieldErrors::default();
                for (name, err) in found.0 {
                    let renamed = name
                        .strip_prefix("criteria[")
                        .and_then(|rest| rest.split_once(']'))
                        .and_then(|(i, part)| {
                            let k = numbers.get(i.parse::<usize>().ok()?)?;
                            Some(format!("criteria[{k}]{part}"))
                        })
                        .unwrap_or(name);
                    mapped.add(&renamed, err);
                }
                Error::Invalid(mapped)
            }
            other => other,
        })
}

/// Whether a score sheet has been submitted on the campaign (the rubric is then frozen).
pub async fn rubric_locked(db: &impl ConnectionTrait, campaign_id: i64) -> Result<bool> {
    let entries = catalog::entry_ids(db, campaign_id).await?;
    if entries.is_empty() {
        return Ok(false);
    }
    let assignments: Vec<i64> = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.is_in(entries))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if assignments.is_empty() {
        return Ok(false);
    }
    Ok(score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.is_in(assignments))
        .count(db)
        .await?
        > 0)
}

/// Replaces the campaign's rubric with a new version (secretaries). Refused once any sheet has been
/// submitted on the campaign. Criteria are matched by code: kept ones keep their id.
pub async fn set_rubric(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    spec: Vec<CriterionSpec>,
) -> Result<u32> {
    actor.require(Role::Secretary)?;
    let mut e = FieldErrors::default();
    if spec.is_empty() {
        e.add("criteria", FieldError::Required);
    }
    for (i, c) in spec.iter().enumerate() {
        c.check(i, &mut e);
        if spec[..i].iter().any(|o| o.code == c.code) {
            e.add(&format!("criteria[{i}].code"), FieldError::NotAllowed);
        }
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    let m = campaign_model(&txn, campaign_id).await?;
    if rubric_locked(&txn, campaign_id).await? {
        return Err(Error::Conflict("rubric locked"));
    }
    let old = catalog::criteria(&txn, campaign_id).await?;
    for o in &old {
        if !spec.iter().any(|c| c.code == o.code) {
            criterion::Entity::delete_by_id(o.id).exec(&txn).await?;
        }
    }
    for (i, c) in spec.iter().enumerate() {
        let bands = serde_json::to_string(&c.bands).unwrap_or_else(|_| "[]".into());
        let mut am = criterion::ActiveModel {
            campaign_id: Set(campaign_id),
            code: Set(c.code.clone()),
            name: Set(crate::text::nfc(c.name.trim())),
            description: Set(crate::text::nfc(c.description.trim())),
            max_points: Set(c.max_points as i32),
            position: Set(i as i32),
            bands: Set(bands),
            weight: Set(c.weight),
            comment_rule: Set(c.comment_rule.code()),
            ..Default::default()
        };
        match old.iter().find(|o| o.code == c.code) {
            Some(o) => {
                am.id = Set(o.id);
                criterion::Entity::update(am).exec(&txn).await?;
            }
            None => {
                criterion::Entity::insert(am).exec(&txn).await?;
            }
        }
    }
    let version = m.rubric_version + 1;
    let mut am: campaign::ActiveModel = m.into();
    am.rubric_version = Set(version);
    campaign::Entity::update(am).exec(&txn).await?;
    let before: Vec<CriterionSpec> = old.iter().map(CriterionSpec::from).collect();
    audit::append(
        &txn,
        Change::new(Some(actor.id), Entity::Rubric, campaign_id, "new_version")
            .before(&before)
            .after(serde_json::json!({ "version": version, "criteria": spec })),
    )
    .await?;
    txn.commit().await?;
    Ok(version as u32)
}

impl From<&catalog::CriterionInfo> for CriterionSpec {
    fn from(c: &catalog::CriterionInfo) -> Self {
        CriterionSpec {
            code: c.code.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            max_points: c.max_points,
            weight: c.weight,
            bands: c.bands.clone(),
            comment_rule: c.comment_rule,
        }
    }
}

/// Campaigns in which `user` sits on the council.
pub async fn campaigns_of_member(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<i64>> {
    Ok(council_member::Entity::find()
        .filter(council_member::Column::UserId.eq(user_id))
        .order_by_asc(council_member::Column::CampaignId)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.campaign_id)
        .collect())
}

/// The chair (or vice-chair) of the entry's campaign lifts an organisation conflict with a reason
/// (the conflict itself is `conflicts::of`).
/// Refused when the person is an author or declared the conflict themselves.
pub async fn override_conflict(
    db: &impl TransactionTrait,
    chair: &User,
    entry: i64,
    person: i64,
    reason: &str,
) -> Result<()> {
    let reason = types::Remark::parse(reason).map_err(|e| Error::field("reason", e))?;
    let txn = crate::db::begin(db).await?;
    let m = crate::entities::initiative::Entity::find_by_id(entry)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    require_presiding(&txn, chair, m.campaign_id).await?;
    let kinds = crate::accounts::conflicts::of(&txn, entry, person).await?;
    if kinds.is_empty() || kinds.iter().any(|k| !k.can_be_overridden()) {
        return Err(Error::field("user_id", FieldError::NotAllowed));
    }
    let reason = crate::text::nfc(reason.as_str());
    crate::entities::conflict::Entity::insert(crate::entities::conflict::ActiveModel {
        initiative_id: Set(entry),
        user_id: Set(person),
        kind: Set("override".into()),
        reason: Set(reason.clone()),
        actor_id: Set(Some(chair.id)),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    audit::append(
        &txn,
        Change::new(Some(chair.id), Entity::Conflict, entry, "override")
            .before(
                kinds
                    .iter()
                    .map(|k| (person, k.code()))
                    .collect::<std::collections::BTreeMap<_, _>>(),
            )
            .after(person)
            .reason(&reason),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
