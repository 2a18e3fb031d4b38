//! A campaign at a glance for its secretaries: entries per status, the phase under way, each
//! reviewer's progress, the sheets overdue, the entries nearing their three-month due date, and
//! filings per day. Counts take every entry; the lists leave out the entries the viewer is in
//! conflict with, as the council page does.
use crate::accounts::{User, conflicts, staff};
use crate::catalog;
use crate::entities::{assignment, initiative, score_sheet, user};
use crate::{Error, Result, time};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, HashMap, HashSet};
use types::{Phase, Status};

/// How many days before its due date an entry is listed as nearing it.
pub const DUE_SOON_DAYS: i64 = 14;
/// The most lines a list shows; the rest are counted.
pub const LIST_MAX: usize = 50;

/// One reviewer's work in the campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewerProgress {
    pub name: String,
    pub assigned: u32,
    pub submitted: u32,
}

/// A sheet not in after the review phase ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overdue {
    pub entry_id: i64,
    pub title: String,
    pub reviewer: String,
    pub days: i64,
}

/// An undecided entry whose due date is near or past.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueSoon {
    pub entry_id: i64,
    pub title: String,
    pub status: Status,
    pub due_on: NaiveDate,
    /// Days left (negative: past it).
    pub days_left: i64,
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    pub campaign_id: i64,
    pub campaign_name: String,
    /// The phase under way now, if any.
    pub current: Option<Phase>,
    /// Entries per status (every status, zeros too), in the order of the codes.
    pub by_status: Vec<(Status, u32)>,
    pub reviewers: Vec<ReviewerProgress>,
    /// The first [`LIST_MAX`] sheets overdue (the latest first), and how many there are in all.
    pub overdue: Vec<Overdue>,
    pub overdue_total: usize,
    /// The first [`LIST_MAX`] entries by due date, and how many there are in all.
    pub due_soon: Vec<DueSoon>,
    pub due_soon_total: usize,
    /// Entries filed per day (Sơn La's calendar), every day from the first filing to the last.
    pub per_day: Vec<(NaiveDate, u32)>,
}

fn settled(s: &str) -> bool {
    [Status::Recognised, Status::Refused, Status::Withdrawn]
        .iter()
        .any(|x| x.code() == s)
}

/// The dashboard of a campaign, for its secretaries and administrators.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
) -> Result<Dashboard> {
    if !staff::may_act_on_campaign(db, actor, campaign_id).await? {
        return Err(Error::NotFound);
    }
    let c = catalog::campaign(db, campaign_id).await?;
    let phases = catalog::campaigns::phases(db, campaign_id).await?;
    let now = time::now();
    let current = phases.iter().find(|p| p.contains(now)).map(|p| p.phase);
    let entries: Vec<initiative::Model> = initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let blocked: HashSet<i64> = conflicts::blocked_for(db, &ids, actor.id).await?;
    let titles: HashMap<i64, &initiative::Model> = entries.iter().map(|e| (e.id, e)).collect();

    let mut counts: HashMap<&str, u32> = HashMap::new();
    for e in &entries {
        *counts.entry(e.status.as_str()).or_default() += 1;
    }
    let by_status = Status::ALL
        .iter()
        .filter(|s| **s != Status::Draft)
        .map(|s| (*s, counts.get(s.code()).copied().unwrap_or(0)))
        .collect();

    // Reviewers: every assignment, with its sheet when it is in.
    let mut assignments: Vec<assignment::Model> = Vec::new();
    for chunk in ids.chunks(500) {
        assignments.extend(
            assignment::Entity::find()
                .filter(assignment::Column::InitiativeId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let mut sheets: HashSet<i64> = HashSet::new();
    let assignment_ids: Vec<i64> = assignments.iter().map(|a| a.id).collect();
    for chunk in assignment_ids.chunks(500) {
        sheets.extend(
            score_sheet::Entity::find()
                .filter(score_sheet::Column::AssignmentId.is_in(chunk.to_vec()))
                .all(db)
                .await?
                .into_iter()
                .map(|s| s.assignment_id),
        );
    }
    let mut reviewer_ids: Vec<i64> = assignments.iter().map(|a| a.reviewer_id).collect();
    reviewer_ids.sort_unstable();
    reviewer_ids.dedup();
    let names: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FullName)
        .filter(user::Column::Id.is_in(reviewer_ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut per_reviewer: BTreeMap<i64, ReviewerProgress> = BTreeMap::new();
    let review_end = phases
        .iter()
        .find(|p| p.phase == Phase::Review)
        .map(|p| p.ends_at);
    let mut overdue = Vec::new();
    for a in &assignments {
        let name = names.get(&a.reviewer_id).cloned().unwrap_or_default();
        let r = per_reviewer
            .entry(a.reviewer_id)
            .or_insert_with(|| ReviewerProgress {
                name: name.clone(),
                assigned: 0,
                submitted: 0,
            });
        r.assigned += 1;
        let done = sheets.contains(&a.id);
        if done {
            r.submitted += 1;
        }
        let Some(e) = titles.get(&a.initiative_id) else {
            continue;
        };
        if let Some(end) = review_end
            && !done
            && end < now
            && !settled(&e.status)
            && !blocked.contains(&e.id)
        {
            overdue.push(Overdue {
                entry_id: e.id,
                title: e.title.clone(),
                reviewer: name,
                days: (time::local_date(now) - time::local_date(end))
                    .num_days()
                    .max(0),
            });
        }
    }
    let mut reviewers: Vec<ReviewerProgress> = per_reviewer.into_values().collect();
    reviewers.sort_by_cached_key(|r| crate::text::fold(&r.name));
    overdue.sort_by(|a, b| b.days.cmp(&a.days).then(a.entry_id.cmp(&b.entry_id)));

    let today = time::local_date(now);
    let mut due_soon: Vec<DueSoon> = entries
        .iter()
        .filter(|e| !settled(&e.status) && !blocked.contains(&e.id))
        .filter_map(|e| {
            let due = e.due_on?;
            let left = (due - today).num_days();
            (left <= DUE_SOON_DAYS).then(|| DueSoon {
                entry_id: e.id,
                title: e.title.clone(),
                status: Status::from_code(&e.status).unwrap_or(Status::Submitted),
                due_on: due,
                days_left: left,
            })
        })
        .collect();
    due_soon.sort_by_key(|d| (d.due_on, d.entry_id));
    let (overdue_total, due_soon_total) = (overdue.len(), due_soon.len());
    overdue.truncate(LIST_MAX);
    due_soon.truncate(LIST_MAX);

    let mut days: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for at in entries.iter().filter_map(|e| e.submitted_at) {
        *days.entry(time::local_date(at)).or_default() += 1;
    }
    let per_day = match (days.keys().next(), days.keys().next_back()) {
        (Some(first), Some(last)) => first
            .iter_days()
            .take_while(|d| d <= last)
            .map(|d| (d, days.get(&d).copied().unwrap_or(0)))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Dashboard {
        campaign_id,
        campaign_name: c.name,
        current,
        by_status,
        reviewers,
        overdue,
        overdue_total,
        due_soon,
        due_soon_total,
        per_day,
    })
}
