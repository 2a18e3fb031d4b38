//! Campaigns as administrators run them: the list with what each holds, a new campaign (the default
//! rubric and phases), a copy of an earlier one for a later year, and archiving a finished one.
//!
//! A copy takes the earlier campaign's review settings, its rubric, its phases and filing window
//! moved by the years between the two, its council with each member's role, and its secretaries; it
//! takes no entry, no decision and no announcement, and no one whose account is deactivated. A copy
//! is for a later year. An archived campaign accepts no filing, leaves the featured place on the home
//! page, and is marked archived in the administrators' list; its recognised entries stay public.
use crate::accounts::User;
use crate::catalog::{self, CampaignInfo};
use crate::entities::{
    campaign, campaign_phase, campaign_secretary, council_member, criterion, initiative,
};
use crate::{Error, Result, audit, time};
use chrono::{DateTime, Months, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use types::form::{ValidCampaign, ValidCopy};
use types::{FieldError, Role, Status};

/// A campaign as the administration's list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CampaignRow {
    pub campaign: CampaignInfo,
    /// Entries filed (drafts are not entries).
    pub entries: u64,
    /// Entries filed and not yet decided nor withdrawn.
    pub undecided: u64,
}

fn require_admin(actor: &User) -> Result<()> {
    if actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Every campaign, newest first, with its entries counted.
pub async fn list(db: &impl ConnectionTrait, actor: &User) -> Result<Vec<CampaignRow>> {
    require_admin(actor)?;
    let counts: Vec<(i64, String, i64)> = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::CampaignId)
        .column(initiative::Column::Status)
        .column_as(
            sea_orm::sea_query::Expr::col(initiative::Column::Id).count(),
            "n",
        )
        .group_by(initiative::Column::CampaignId)
        .group_by(initiative::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_campaign: HashMap<i64, (u64, u64)> = HashMap::new();
    for (campaign_id, status, n) in counts {
        let status = Status::from_code(&status);
        if status == Some(Status::Draft) {
            continue;
        }
        let e = by_campaign.entry(campaign_id).or_default();
        let n = n.max(0) as u64;
        e.0 += n;
        if is_undecided(status) {
            e.1 += n;
        }
    }
    let mut rows: Vec<CampaignRow> = catalog::campaigns(db)
        .await?
        .into_iter()
        .map(|c| {
            let (entries, undecided) = by_campaign.get(&c.id).copied().unwrap_or_default();
            CampaignRow {
                campaign: c,
                entries,
                undecided,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (b.campaign.year, b.campaign.opens_at, b.campaign.id).cmp(&(
            a.campaign.year,
            a.campaign.opens_at,
            a.campaign.id,
        ))
    });
    Ok(rows)
}

fn is_undecided(status: Option<Status>) -> bool {
    !matches!(
        status,
        Some(Status::Draft | Status::Recognised | Status::Refused | Status::Withdrawn)
    )
}

/// The unique name taken by another administrator between the check and the insert: the same
/// refusal as the check's.
fn name_taken_race(e: Error, field: &str) -> Error {
    match &e {
        Error::Db(db)
            if matches!(
                db.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Error::field(field, FieldError::NameTaken)
        }
        _ => e,
    }
}

/// Refuses (on `field`) a name another campaign has.
async fn refuse_taken_name(db: &impl ConnectionTrait, field: &str, name: &str) -> Result<()> {
    let taken = campaign::Entity::find()
        .filter(campaign::Column::Name.eq(name))
        .one(db)
        .await?
        .is_some();
    if taken {
        Err(Error::field(field, FieldError::NameTaken))
    } else {
        Ok(())
    }
}

/// Opens a new campaign with the default rubric (shared/DOMAIN.md §2) and default phases. Its
/// filing window runs from the opening day's midnight to the end of the closing day, in Sơn La.
pub async fn create(
    db: &impl TransactionTrait,
    actor: &User,
    input: &ValidCampaign,
) -> Result<i64> {
    require_admin(actor)?;
    let txn = crate::db::begin(db).await?;
    refuse_taken_name(&txn, "name", &input.name).await?;
    let day = |d: types::Day| chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day);
    let (Some(opens), Some(closes)) = (day(input.opens), day(input.closes)) else {
        return Err(Error::field("opens", FieldError::InvalidDate));
    };
    let opens_at = time::local_midnight(opens);
    let closes_at = time::local_midnight(closes + chrono::Duration::days(1));
    let id = catalog::ensure_campaign(
        &txn,
        &input.name,
        input.year,
        opens_at,
        closes_at,
        &input.description,
        &catalog::default_rubric(),
    )
    .await
    .map_err(|e| name_taken_race(e, "name"))?;
    audit::append(
        &txn,
        audit::Change::new(Some(actor.id), audit::Entity::Campaign, id, "create").after(
            serde_json::json!({
                "name": input.name, "year": input.year,
                "opens_at": opens_at, "closes_at": closes_at,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The same local time of day, `years` years later (earlier when negative); 29 February becomes
/// the 28th in a common year.
fn shift_years(at: DateTime<Utc>, years: i32) -> DateTime<Utc> {
    use chrono::TimeZone;
    use chrono_tz::Asia::Ho_Chi_Minh;
    let local = at.with_timezone(&Ho_Chi_Minh).naive_local();
    let months = Months::new(years.unsigned_abs() * 12);
    let moved = if years >= 0 {
        local.checked_add_months(months)
    } else {
        local.checked_sub_months(months)
    };
    moved
        .and_then(|m| Ho_Chi_Minh.from_local_datetime(&m).earliest())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(at)
}

/// Copies campaign `input.from` as a new campaign named `input.name` for `input.year` (see the
/// module's documentation for what is taken). Returns the new campaign's id.
pub async fn copy(db: &impl TransactionTrait, actor: &User, input: &ValidCopy) -> Result<i64> {
    require_admin(actor)?;
    let txn = crate::db::begin(db).await?;
    let Some(src) = campaign::Entity::find_by_id(input.from).one(&txn).await? else {
        return Err(Error::field("from", FieldError::UnknownCode));
    };
    if input.year <= src.year {
        return Err(Error::field(
            "new_year",
            FieldError::OutOfRange {
                min: (src.year + 1) as u32,
                max: *types::form::CAMPAIGN_YEARS.end(),
            },
        ));
    }
    refuse_taken_name(&txn, "new_name", &input.name).await?;
    let years = input.year - src.year;
    let shift = |at| shift_years(at, years);
    // An end is the midnight after its last day: the last day moves, so 28 February stays the last
    // day in a year after a leap year.
    let shift_end =
        |at| shift_years(at - chrono::Duration::days(1), years) + chrono::Duration::days(1);
    let new = campaign::ActiveModel {
        name: Set(input.name.clone()),
        year: Set(input.year),
        opens_at: Set(shift(src.opens_at)),
        closes_at: Set(shift_end(src.closes_at)),
        description: Set(src.description.clone()),
        aggregation: Set(src.aggregation.clone()),
        pass_mark: Set(src.pass_mark),
        provincial_mark: Set(src.provincial_mark),
        reviewers_per_entry: Set(src.reviewers_per_entry),
        blind_review: Set(src.blind_review),
        secret_ballot: Set(src.secret_ballot),
        vote_numerator: Set(src.vote_numerator),
        vote_denominator: Set(src.vote_denominator),
        spread_pct: Set(src.spread_pct),
        outlier_sd: Set(src.outlier_sd),
        rank_by: Set(src.rank_by.clone()),
        rubric_version: Set(1),
        announced_at: Set(None),
        practice: Set(false),
        archived_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| name_taken_race(e.into(), "new_name"))?;
    let id = new.id;
    let phases = campaign_phase::Entity::find()
        .filter(campaign_phase::Column::CampaignId.eq(src.id))
        .all(&txn)
        .await?;
    for p in phases {
        campaign_phase::ActiveModel {
            campaign_id: Set(id),
            phase: Set(p.phase),
            starts_at: Set(shift(p.starts_at)),
            ends_at: Set(shift_end(p.ends_at)),
        }
        .insert(&txn)
        .await?;
    }
    let rubric = criterion::Entity::find()
        .filter(criterion::Column::CampaignId.eq(src.id))
        .all(&txn)
        .await?;
    for c in rubric {
        criterion::ActiveModel {
            campaign_id: Set(id),
            code: Set(c.code),
            name: Set(c.name),
            max_points: Set(c.max_points),
            position: Set(c.position),
            bands: Set(c.bands),
            weight: Set(c.weight),
            comment_rule: Set(c.comment_rule),
            description: Set(c.description),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // People whose account is deactivated are not carried over.
    let active: std::collections::HashSet<i64> = crate::entities::user::Entity::find()
        .select_only()
        .column(crate::entities::user::Column::Id)
        .filter(crate::entities::user::Column::DeactivatedAt.is_null())
        .into_tuple()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let council = council_member::Entity::find()
        .filter(council_member::Column::CampaignId.eq(src.id))
        .all(&txn)
        .await?;
    for m in council.into_iter().filter(|m| active.contains(&m.user_id)) {
        council_member::ActiveModel {
            campaign_id: Set(id),
            user_id: Set(m.user_id),
            role: Set(m.role),
        }
        .insert(&txn)
        .await?;
    }
    let secretaries = campaign_secretary::Entity::find()
        .filter(campaign_secretary::Column::CampaignId.eq(src.id))
        .all(&txn)
        .await?;
    let now = time::now();
    for s in secretaries
        .into_iter()
        .filter(|s| active.contains(&s.user_id))
    {
        campaign_secretary::ActiveModel {
            campaign_id: Set(id),
            user_id: Set(s.user_id),
            assigned_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
    audit::append(
        &txn,
        audit::Change::new(Some(actor.id), audit::Entity::Campaign, id, "copy")
            .after(serde_json::json!({ "from": src.id, "name": input.name, "year": input.year })),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Archives a finished campaign: its filing window has closed and every entry is decided or
/// withdrawn; otherwise the refusal says which (on the field `campaign`). Archiving an archived
/// campaign changes nothing.
pub async fn archive(db: &impl TransactionTrait, actor: &User, id: i64) -> Result<()> {
    set_archived(db, actor, id, true).await
}

/// Takes a campaign out of the archive.
pub async fn restore(db: &impl TransactionTrait, actor: &User, id: i64) -> Result<()> {
    set_archived(db, actor, id, false).await
}

async fn set_archived(
    db: &impl TransactionTrait,
    actor: &User,
    id: i64,
    archive: bool,
) -> Result<()> {
    require_admin(actor)?;
    let txn = crate::db::begin(db).await?;
    let Some(m) = campaign::Entity::find_by_id(id).one(&txn).await? else {
        return Err(Error::NotFound);
    };
    if m.archived_at.is_some() == archive {
        return Ok(());
    }
    if archive {
        refuse_unfinished(&txn, &m).await?;
    }
    let before = m.archived_at;
    let after = archive.then(time::now);
    let mut am: campaign::ActiveModel = m.into();
    am.archived_at = Set(after);
    am.update(&txn).await?;
    let action = if archive { "archive" } else { "restore" };
    audit::append(
        &txn,
        audit::Change::new(Some(actor.id), audit::Entity::Campaign, id, action)
            .before(serde_json::json!({ "archived_at": before }))
            .after(serde_json::json!({ "archived_at": after })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Refuses to archive a campaign still accepting entries, or with entries not yet decided.
async fn refuse_unfinished(db: &impl ConnectionTrait, m: &campaign::Model) -> Result<()> {
    if time::now() < m.closes_at {
        return Err(Error::field("campaign", FieldError::StillAcceptingEntries));
    }
    let statuses: Vec<String> = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Status)
        .filter(initiative::Column::CampaignId.eq(m.id))
        .into_tuple()
        .all(db)
        .await?;
    let undecided = statuses
        .iter()
        .filter(|s| is_undecided(Status::from_code(s)))
        .count();
    if undecided > 0 {
        return Err(Error::field(
            "campaign",
            FieldError::EntriesUndecided {
                count: undecided as u32,
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_year_later_keeps_the_local_day_and_hour() {
        // 1 March 2026, 00:00 in Sơn La is 28 February, 17:00 UTC.
        let at = Utc.with_ymd_and_hms(2026, 2, 28, 17, 0, 0).unwrap();
        assert_eq!(
            shift_years(at, 1),
            Utc.with_ymd_and_hms(2027, 2, 28, 17, 0, 0).unwrap()
        );
        // Two years earlier: 1 March 2024 in Sơn La, the 29 February before it in UTC.
        assert_eq!(
            shift_years(at, -2),
            Utc.with_ymd_and_hms(2024, 2, 29, 17, 0, 0).unwrap()
        );
        // 29 February 2028 (local) has no day in 2029: the 28th.
        let leap = Utc.with_ymd_and_hms(2028, 2, 28, 17, 0, 0).unwrap();
        assert_eq!(
            shift_years(leap, 1),
            Utc.with_ymd_and_hms(2029, 2, 27, 17, 0, 0).unwrap()
        );
    }
}
