//! Reminders by mail, a few days before a deadline: reviewers whose sheet is not sent before the
//! review phase ends, filers asked for corrections before their month runs out, secretaries before
//! an entry's three-month due date, council members with votes left before the vote phase ends.
//! Each reminder sent is a row (`reminders_sent`, unique on kind, subject, recipient and deadline)
//! written in the transaction that queues its mail: a reminder goes once, whatever restarts, and
//! the scheduler runs on one node at a time (`lease`). Practice and archived campaigns are left
//! alone.
use crate::accounts::{conflicts, staff};
use crate::catalog::campaigns::{self, PhaseWindow};
use crate::entities::{
    assignment, campaign, initiative, reminder_sent, score_sheet, status_history, user, vote_roll,
};
use crate::mail::{self, Mail};
use crate::{Result, lease, time};
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait, TryInsertResult,
};
use std::collections::{HashMap, HashSet};
use types::{Phase, Status, paths};

/// A reminder to send, and what makes it unique.
#[derive(Clone, Debug)]
pub struct Due {
    pub kind: &'static str,
    pub subject_id: i64,
    pub recipient_id: i64,
    pub due_on: NaiveDate,
    pub mail: Mail,
}

impl Due {
    /// A reminder to `u` of `kind` about `subject_id`, with its words and the page it points to.
    fn to(
        u: &user::Model,
        kind: &'static str,
        subject_id: i64,
        due_on: NaiveDate,
        words: (String, String),
        path: &str,
    ) -> Self {
        let (subject, message) = words;
        Due {
            kind,
            subject_id,
            recipient_id: u.id,
            due_on,
            mail: mail::reminder(&u.email, &u.full_name, subject, message, path),
        }
    }
}

/// The last day of a window that ends at a local midnight (its end is the next day's start).
fn last_day(ends_at: DateTime<Utc>) -> NaiveDate {
    time::local_date(ends_at - Duration::seconds(1))
}

/// Whether `deadline` falls within the next `days` days (today included).
fn soon(today: NaiveDate, deadline: NaiveDate, days: u32) -> bool {
    today <= deadline && deadline <= today + Duration::days(days as i64)
}

/// The day corrections asked for are due: a month after they were asked.
pub fn correction_due(asked_at: DateTime<Utc>) -> NaiveDate {
    let d = time::local_date(asked_at);
    d.checked_add_months(Months::new(1)).unwrap_or(d)
}

struct People(HashMap<i64, user::Model>);

impl People {
    async fn load(db: &impl ConnectionTrait) -> Result<Self> {
        Ok(People(
            user::Entity::find()
                .filter(user::Column::DeactivatedAt.is_null())
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect(),
        ))
    }
}

fn code(m: &initiative::Model) -> String {
    m.code.clone().unwrap_or_else(|| m.id.to_string())
}

/// Every reminder due `today` with deadlines `days` ahead (sent or not: `send_due` skips those sent).
pub async fn due(db: &impl ConnectionTrait, today: NaiveDate, days: u32) -> Result<Vec<Due>> {
    let people = People::load(db).await?;
    let mut out = Vec::new();
    let live = campaign::Entity::find()
        .filter(campaign::Column::Practice.eq(false))
        .filter(campaign::Column::ArchivedAt.is_null())
        .order_by_asc(campaign::Column::Id)
        .all(db)
        .await?;
    for c in &live {
        let entries = initiative::Entity::find()
            .filter(initiative::Column::CampaignId.eq(c.id))
            .all(db)
            .await?;
        let phases = campaigns::phases(db, c.id).await?;
        let window = |p: Phase| -> Option<&PhaseWindow> { phases.iter().find(|w| w.phase == p) };
        if let Some(w) = window(Phase::Review).filter(|w| soon(today, last_day(w.ends_at), days)) {
            reviewers(db, &people, c, &entries, last_day(w.ends_at), &mut out).await?;
        }
        if let Some(w) = window(Phase::Vote).filter(|w| soon(today, last_day(w.ends_at), days)) {
            voters(db, &people, c, &entries, last_day(w.ends_at), &mut out).await?;
        }
        corrections(db, &people, &entries, today, days, &mut out).await?;
        due_dates(db, &people, c, &entries, today, days, &mut out).await?;
    }
    Ok(out)
}

/// Reviewers with a sheet not sent on an entry under review.
async fn reviewers(
    db: &impl ConnectionTrait,
    people: &People,
    c: &campaign::Model,
    entries: &[initiative::Model],
    deadline: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<()> {
    let under_review: HashMap<i64, &initiative::Model> = entries
        .iter()
        .filter(|m| m.status == Status::UnderReview.code())
        .map(|m| (m.id, m))
        .collect();
    let ids: Vec<i64> = under_review.keys().copied().collect();
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.is_in(ids))
        .all(db)
        .await?;
    let sent: HashSet<i64> = score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.is_in(assigned.iter().map(|a| a.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.assignment_id)
        .collect();
    for a in assigned.iter().filter(|a| !sent.contains(&a.id)) {
        let (Some(m), Some(u)) = (
            under_review.get(&a.initiative_id),
            people.0.get(&a.reviewer_id),
        ) else {
            continue;
        };
        let date = time::format_date(deadline);
        let words = (
            rust_i18n::t!("mail.remind_review_subject", code = code(m), date = date).into_owned(),
            rust_i18n::t!(
                "mail.remind_review",
                code = code(m),
                title = m.title,
                campaign = c.name,
                date = date
            )
            .into_owned(),
        );
        out.push(Due::to(
            u,
            "review",
            a.id,
            deadline,
            words,
            &paths::sheet(m.id),
        ));
    }
    Ok(())
}

/// Council members without a conflict who have entries under review left to vote on.
async fn voters(
    db: &impl ConnectionTrait,
    people: &People,
    c: &campaign::Model,
    entries: &[initiative::Model],
    deadline: NaiveDate,
    out: &mut Vec<Due>,
) -> Result<()> {
    let open: Vec<i64> = entries
        .iter()
        .filter(|m| m.status == Status::UnderReview.code())
        .map(|m| m.id)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let cast: HashSet<(i64, i64)> = vote_roll::Entity::find()
        .filter(vote_roll::Column::InitiativeId.is_in(open.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.initiative_id, v.member_id))
        .collect();
    let date = time::format_date(deadline);
    for member in campaigns::members(db, c.id).await? {
        let Some(u) = people.0.get(&member.user_id) else {
            continue;
        };
        let blocked = conflicts::blocked_for(db, &open, u.id).await?;
        let left = open
            .iter()
            .filter(|e| !blocked.contains(e) && !cast.contains(&(**e, u.id)))
            .count();
        if left == 0 {
            continue;
        }
        let words = (
            rust_i18n::t!("mail.remind_vote_subject", campaign = c.name, date = date).into_owned(),
            rust_i18n::t!("mail.remind_vote", n = left, campaign = c.name, date = date)
                .into_owned(),
        );
        out.push(Due::to(
            u,
            "vote",
            c.id,
            deadline,
            words,
            &paths::campaign(c.id),
        ));
    }
    Ok(())
}

/// Filers of entries waiting for their corrections, before the month runs out.
async fn corrections(
    db: &impl ConnectionTrait,
    people: &People,
    entries: &[initiative::Model],
    today: NaiveDate,
    days: u32,
    out: &mut Vec<Due>,
) -> Result<()> {
    for m in entries
        .iter()
        .filter(|m| m.status == Status::NeedsCorrection.code())
    {
        let Some(u) = m.owner_id.and_then(|id| people.0.get(&id)) else {
            continue;
        };
        let asked = status_history::Entity::find()
            .filter(status_history::Column::InitiativeId.eq(m.id))
            .filter(status_history::Column::ToStatus.eq(Status::NeedsCorrection.code()))
            .order_by_desc(status_history::Column::At)
            .one(db)
            .await?;
        let Some(asked) = asked else { continue };
        let deadline = correction_due(asked.at);
        if !soon(today, deadline, days) {
            continue;
        }
        let date = time::format_date(deadline);
        let words = (
            rust_i18n::t!(
                "mail.remind_correction_subject",
                code = code(m),
                date = date
            )
            .into_owned(),
            rust_i18n::t!(
                "mail.remind_correction",
                code = code(m),
                title = m.title,
                date = date
            )
            .into_owned(),
        );
        out.push(Due::to(
            u,
            "correction",
            m.id,
            deadline,
            words,
            &paths::case(m.id),
        ));
    }
    Ok(())
}

/// The campaign's secretaries, for entries still undecided near their three-month due date (not the
/// ones they are in conflict with).
async fn due_dates(
    db: &impl ConnectionTrait,
    people: &People,
    c: &campaign::Model,
    entries: &[initiative::Model],
    today: NaiveDate,
    days: u32,
    out: &mut Vec<Due>,
) -> Result<()> {
    let undecided = [
        Status::Submitted,
        Status::NeedsCorrection,
        Status::Accepted,
        Status::UnderReview,
    ]
    .map(|s| s.code());
    let near: Vec<&initiative::Model> = entries
        .iter()
        .filter(|m| undecided.contains(&m.status.as_str()))
        .filter(|m| m.due_on.is_some_and(|d| soon(today, d, days)))
        .collect();
    if near.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = near.iter().map(|m| m.id).collect();
    for s in staff::of_campaign(db, c.id).await? {
        let Some(u) = people.0.get(&s.user_id) else {
            continue;
        };
        let blocked = conflicts::blocked_for(db, &ids, u.id).await?;
        for m in near.iter().filter(|m| !blocked.contains(&m.id)) {
            let Some(deadline) = m.due_on else { continue };
            let date = time::format_date(deadline);
            let words = (
                rust_i18n::t!("mail.remind_due_subject", code = code(m), date = date).into_owned(),
                rust_i18n::t!(
                    "mail.remind_due",
                    code = code(m),
                    title = m.title,
                    campaign = c.name,
                    date = date
                )
                .into_owned(),
            );
            out.push(Due::to(
                u,
                "due_date",
                m.id,
                deadline,
                words,
                &paths::panel(m.id),
            ));
        }
    }
    Ok(())
}

/// Sends the reminders due today that were not sent before: each row and its mail in one
/// transaction. Returns how many went.
pub async fn send_due(db: &impl TransactionTrait, today: NaiveDate, days: u32) -> Result<usize> {
    let read = crate::db::begin_read(db).await?;
    let list = due(&read, today, days).await?;
    read.commit().await?;
    let mut sent = 0;
    for d in list {
        let txn = crate::db::begin(db).await?;
        let inserted = reminder_sent::Entity::insert(reminder_sent::ActiveModel {
            kind: Set(d.kind.into()),
            subject_id: Set(d.subject_id),
            recipient_id: Set(d.recipient_id),
            due_on: Set(d.due_on),
            sent_at: Set(time::now()),
            ..Default::default()
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                reminder_sent::Column::Kind,
                reminder_sent::Column::SubjectId,
                reminder_sent::Column::RecipientId,
                reminder_sent::Column::DueOn,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec(&txn)
        .await?;
        if matches!(inserted, TryInsertResult::Inserted(_)) {
            mail::enqueue(&txn, d.mail).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

/// The lease the scheduler holds.
pub const LEASE: &str = "reminders";

/// One round of the scheduler on this node: sends the reminders due when it holds the lease.
/// `None` when another node holds it.
pub async fn round<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    holder: &str,
    days: u32,
) -> Result<Option<usize>> {
    if !lease::acquire(db, LEASE, holder, Duration::minutes(5)).await? {
        return Ok(None);
    }
    Ok(Some(
        send_due(db, time::local_date(time::now()), days).await?,
    ))
}

/// The scheduler: a round a minute, on whichever node holds the lease.
pub async fn run_scheduler(db: sea_orm::DatabaseConnection, days: u32) {
    let holder = lease::node_name();
    loop {
        match round(&db, &holder, days).await {
            Ok(Some(n)) if n > 0 => tracing::info!(sent = n, "reminders sent"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %crate::error::report(&e), "reminder round failed"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
}
