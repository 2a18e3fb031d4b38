//! Long exports in the background: a campaign's meeting sheet, its list of recognised initiatives,
//! all its certificates in one PDF. Asking makes a row (`export_jobs`); a worker on any node claims
//! it under a lease, makes the document as the person who asked (their rights when it runs), reports
//! its progress on the row while it works, and keeps the file in storage for that person to download.
//! A node that dies mid-way leaves the lease to run out, and another takes the export up again; an
//! export that failed three times is given up. Requests are never held up: the document is made in
//! the worker, and typesetting runs on blocking threads.
use super::{Progress, papers, summing, workbooks};
use crate::accounts::{self, User, staff};
use crate::entities::export_job;
use crate::{Error, Result, Services, catalog, time};
use chrono::{DateTime, Duration, Utc};
use object_store::path::Path as StorePath;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, SqlErr,
};
use std::sync::Arc;

/// How long a claim holds without news from the node working on it.
const LEASE: i64 = 120;
/// Tries before an export is given up.
const ATTEMPTS: i32 = 3;
/// How long a finished export's file is kept.
const KEEP_DAYS: i64 = 7;

/// What can be exported in the background.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    MeetingSheet,
    RecognisedList,
    Certificates,
    /// The summing-up's figures and proposals (XLSX).
    SummingUp,
    /// The summing-up report (PDF).
    SummingUpReport,
}

impl ExportKind {
    pub const ALL: [ExportKind; 5] = [
        ExportKind::MeetingSheet,
        ExportKind::RecognisedList,
        ExportKind::Certificates,
        ExportKind::SummingUp,
        ExportKind::SummingUpReport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExportKind::MeetingSheet => "meeting_sheet",
            ExportKind::RecognisedList => "recognised_list",
            ExportKind::Certificates => "certificates",
            ExportKind::SummingUp => "summing_up",
            ExportKind::SummingUpReport => "summing_up_report",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    fn content_type(self) -> &'static str {
        match self {
            ExportKind::Certificates | ExportKind::SummingUpReport => "application/pdf",
            _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Where an export is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl ExportStatus {
    pub fn code(self) -> &'static str {
        match self {
            ExportStatus::Queued => "queued",
            ExportStatus::Running => "running",
            ExportStatus::Done => "done",
            ExportStatus::Failed => "failed",
        }
    }

    fn from_code(code: &str) -> Self {
        match code {
            "queued" => ExportStatus::Queued,
            "running" => ExportStatus::Running,
            "done" => ExportStatus::Done,
            _ => ExportStatus::Failed,
        }
    }
}

/// An export as its page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportView {
    pub id: i64,
    pub kind: ExportKind,
    pub campaign_id: i64,
    pub campaign_name: String,
    pub status: ExportStatus,
    pub done: u32,
    pub total: u32,
    pub file_name: Option<String>,
    /// Why it failed: `forbidden` (the person may no longer have it), `empty` (nothing to put in
    /// it), `error` (the portal's fault, in the log).
    pub failure: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Whether `actor` may have this export of the campaign: the meeting sheet as on the council page
/// (staff and council members), the others for staff.
async fn may(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    kind: ExportKind,
) -> Result<bool> {
    let is_staff = staff::may_act_on_campaign(db, actor, campaign_id).await?;
    Ok(match kind {
        ExportKind::MeetingSheet => {
            is_staff
                || catalog::campaigns::role_of(db, campaign_id, actor.id)
                    .await?
                    .is_some()
        }
        _ => is_staff,
    })
}

/// Asks for an export; the same one still waiting or under way for this person is returned
/// instead of a second. `NotFound` for someone who may not have it.
pub async fn request(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    kind: ExportKind,
) -> Result<i64> {
    if !may(db, actor, campaign_id, kind).await? {
        return Err(Error::NotFound);
    }
    let pending = export_job::Entity::find()
        .filter(export_job::Column::RequestedBy.eq(actor.id))
        .filter(export_job::Column::CampaignId.eq(campaign_id))
        .filter(export_job::Column::Kind.eq(kind.code()))
        .filter(export_job::Column::Status.is_in(["queued", "running"]))
        .one(db)
        .await?;
    if let Some(job) = pending {
        return Ok(job.id);
    }
    let inserted = export_job::ActiveModel {
        kind: Set(kind.code().into()),
        campaign_id: Set(campaign_id),
        requested_by: Set(actor.id),
        status: Set(ExportStatus::Queued.code().into()),
        done: Set(0),
        total: Set(0),
        attempts: Set(0),
        created_at: Set(time::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(row) => Ok(row.id),
        // Asked twice at once: the index of pending exports keeps one, the other gets it.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            export_job::Entity::find()
                .filter(export_job::Column::RequestedBy.eq(actor.id))
                .filter(export_job::Column::CampaignId.eq(campaign_id))
                .filter(export_job::Column::Kind.eq(kind.code()))
                .filter(export_job::Column::Status.is_in(["queued", "running"]))
                .one(db)
                .await?
                .map(|j| j.id)
                .ok_or(Error::Conflict("an export asked for twice at once"))
        }
        Err(e) => Err(e.into()),
    }
}

/// An export, for the person who asked for it (anyone else: `NotFound`).
pub async fn view(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<ExportView> {
    let job = export_job::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|j| j.requested_by == actor.id)
        .ok_or(Error::NotFound)?;
    let kind = ExportKind::from_code(&job.kind).ok_or(Error::NotFound)?;
    let campaign = catalog::campaign(db, job.campaign_id).await?;
    Ok(ExportView {
        id: job.id,
        kind,
        campaign_id: job.campaign_id,
        campaign_name: campaign.name,
        status: ExportStatus::from_code(&job.status),
        done: job.done.max(0) as u32,
        total: job.total.max(0) as u32,
        file_name: job.file_name,
        failure: job.failure,
        created_at: job.created_at,
    })
}

/// A finished export's file (bytes, name, content type), for the person who asked, while they
/// still may have it.
pub async fn file(s: &Services, actor: &User, id: i64) -> Result<(Vec<u8>, String, &'static str)> {
    let job = export_job::Entity::find_by_id(id)
        .one(&s.db)
        .await?
        .filter(|j| j.requested_by == actor.id && j.status == ExportStatus::Done.code())
        .ok_or(Error::NotFound)?;
    let kind = ExportKind::from_code(&job.kind).ok_or(Error::NotFound)?;
    if !may(&s.db, actor, job.campaign_id, kind).await? {
        return Err(Error::NotFound);
    }
    let (Some(key), Some(name)) = (job.storage_key, job.file_name) else {
        return Err(Error::NotFound);
    };
    let bytes = s
        .storage
        .store
        .get(&StorePath::from(key))
        .await?
        .bytes()
        .await?;
    Ok((bytes.to_vec(), name, kind.content_type()))
}

/// Claims the oldest export waiting (or one whose node stopped answering): `None` when there is
/// none, or another node took it first.
async fn claim(db: &impl ConnectionTrait) -> Result<Option<export_job::Model>> {
    let now = time::now();
    // A node that died on an export (or was killed by it) used up its tries: given up, not taken
    // again and again.
    export_job::Entity::update_many()
        .col_expr(
            export_job::Column::Status,
            Expr::value(ExportStatus::Failed.code()),
        )
        .col_expr(export_job::Column::Failure, Expr::value("error"))
        .col_expr(export_job::Column::FinishedAt, Expr::value(now))
        .filter(export_job::Column::Status.eq(ExportStatus::Running.code()))
        .filter(export_job::Column::LeaseUntil.lt(now))
        .filter(export_job::Column::Attempts.gte(ATTEMPTS))
        .exec(db)
        .await?;
    let free = Condition::any()
        .add(export_job::Column::Status.eq(ExportStatus::Queued.code()))
        .add(
            Condition::all()
                .add(export_job::Column::Status.eq(ExportStatus::Running.code()))
                .add(export_job::Column::LeaseUntil.lt(now))
                .add(export_job::Column::Attempts.lt(ATTEMPTS)),
        );
    let Some(job) = export_job::Entity::find()
        .filter(free.clone())
        .order_by_asc(export_job::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // Taken only if still free: of two nodes reading the same row, one update wins.
    let taken = export_job::Entity::update_many()
        .col_expr(
            export_job::Column::Status,
            Expr::value(ExportStatus::Running.code()),
        )
        .col_expr(
            export_job::Column::LeaseUntil,
            Expr::value(now + Duration::seconds(LEASE)),
        )
        .col_expr(export_job::Column::StartedAt, Expr::value(now))
        .col_expr(
            export_job::Column::Attempts,
            Expr::col(export_job::Column::Attempts).add(1),
        )
        .filter(export_job::Column::Id.eq(job.id))
        .filter(free)
        .exec(db)
        .await?;
    if taken.rows_affected != 1 {
        return Ok(None);
    }
    Ok(export_job::Entity::find_by_id(job.id).one(db).await?)
}

/// Writes the progress and renews the lease, as long as the export is still this claim's (`attempt`:
/// the claim's count of tries; a node that lost its lease to another writes nothing).
async fn report(
    db: &impl ConnectionTrait,
    id: i64,
    attempt: i32,
    progress: &Progress,
) -> Result<()> {
    let (done, total) = progress.get();
    export_job::Entity::update_many()
        .col_expr(export_job::Column::Done, Expr::value(done as i32))
        .col_expr(export_job::Column::Total, Expr::value(total as i32))
        .col_expr(
            export_job::Column::LeaseUntil,
            Expr::value(time::now() + Duration::seconds(LEASE)),
        )
        .filter(export_job::Column::Id.eq(id))
        .filter(export_job::Column::Status.eq(ExportStatus::Running.code()))
        .filter(export_job::Column::Attempts.eq(attempt))
        .exec(db)
        .await?;
    Ok(())
}

/// Stops the progress reports when the export ends, however it ends (a panic included).
struct Ticker(tokio::task::JoinHandle<()>);

impl Drop for Ticker {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Makes the document of a claimed export as the person who asked for it.
async fn make(
    s: &Services,
    job: &export_job::Model,
    progress: &Progress,
) -> Result<(Vec<u8>, String)> {
    let kind = ExportKind::from_code(&job.kind).ok_or(Error::NotFound)?;
    let actor = accounts::user_by_id(&s.db, job.requested_by).await?;
    let deactivated = crate::entities::user::Entity::find_by_id(actor.id)
        .one(&s.db)
        .await?
        .is_none_or(|u| u.deactivated_at.is_some());
    if deactivated || !may(&s.db, &actor, job.campaign_id, kind).await? {
        return Err(Error::Forbidden);
    }
    let campaign = job.campaign_id;
    Ok(match kind {
        ExportKind::MeetingSheet => (
            workbooks::meeting_sheet(&s.db, &actor, campaign, progress).await?,
            format!("bang-hop-hoi-dong-dot-{campaign}.xlsx"),
        ),
        ExportKind::RecognisedList => (
            workbooks::recognised_list(&s.db, &actor, campaign, progress).await?,
            format!("sang-kien-duoc-cong-nhan-dot-{campaign}.xlsx"),
        ),
        ExportKind::Certificates => {
            let pdf = papers::campaign_certificates(&s.db, &actor, campaign, progress).await?;
            (pdf.bytes, pdf.file_name)
        }
        ExportKind::SummingUp => (
            summing::workbook_of(&s.db, &actor, campaign, progress).await?,
            format!("tong-ket-dot-{campaign}.xlsx"),
        ),
        ExportKind::SummingUpReport => {
            let pdf = summing::report_of(&s.db, &actor, campaign, progress).await?;
            (pdf.bytes, pdf.file_name)
        }
    })
}

/// Runs one export if one waits: `true` when one was run (done or failed).
pub async fn run_next(s: &Services) -> Result<bool> {
    let Some(job) = claim(&s.db).await? else {
        return Ok(false);
    };
    let progress = Arc::new(Progress::default());
    // The progress reaches the row every second while the document is made.
    let ticker = Ticker({
        let (db, progress, id, attempt) = (s.db.clone(), progress.clone(), job.id, job.attempts);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                if let Err(e) = report(&db, id, attempt, &progress).await {
                    tracing::warn!(error = %e, export = id, "export progress not written");
                }
            }
        })
    });
    let made = match make(s, &job, &progress).await {
        Ok((bytes, name)) => {
            let key = format!("exports/{}/{}", job.id, name);
            match s
                .storage
                .store
                .put(&StorePath::from(key.clone()), bytes.into())
                .await
            {
                Ok(_) => Ok((key, name)),
                Err(e) => Err(Error::from(e)),
            }
        }
        Err(e) => Err(e),
    };
    drop(ticker);
    let (done, total) = progress.get();
    let now = time::now();
    let mut update = export_job::Entity::update_many()
        .col_expr(export_job::Column::Done, Expr::value(done as i32))
        .col_expr(export_job::Column::Total, Expr::value(total as i32))
        .col_expr(
            export_job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match &made {
        Ok((key, name)) => update
            .col_expr(
                export_job::Column::Status,
                Expr::value(ExportStatus::Done.code()),
            )
            .col_expr(export_job::Column::StorageKey, Expr::value(key.clone()))
            .col_expr(export_job::Column::FileName, Expr::value(name.clone()))
            .col_expr(export_job::Column::FinishedAt, Expr::value(now)),
        Err(e) => {
            let (failure, retry) = match e {
                Error::Forbidden | Error::NotFound => ("forbidden", false),
                Error::Conflict(_) => ("empty", false),
                _ => ("error", job.attempts < ATTEMPTS),
            };
            if failure == "error" {
                tracing::error!(error = %crate::error::report(e), export = job.id, "export failed");
            }
            if retry {
                update.col_expr(
                    export_job::Column::Status,
                    Expr::value(ExportStatus::Queued.code()),
                )
            } else {
                update
                    .col_expr(
                        export_job::Column::Status,
                        Expr::value(ExportStatus::Failed.code()),
                    )
                    .col_expr(export_job::Column::Failure, Expr::value(failure))
                    .col_expr(export_job::Column::FinishedAt, Expr::value(now))
            }
        }
    };
    // Only while the export is still this claim's: a node that lost its lease leaves the row to the
    // node that took it over (and its file to the week's clearing).
    let written = update
        .filter(export_job::Column::Id.eq(job.id))
        .filter(export_job::Column::Status.eq(ExportStatus::Running.code()))
        .filter(export_job::Column::Attempts.eq(job.attempts))
        .exec(&s.db)
        .await?;
    if written.rows_affected == 0 {
        tracing::warn!(
            export = job.id,
            "export taken over by another node meanwhile"
        );
    }
    Ok(true)
}

/// Removes the exports finished more than a week ago, with their files.
pub async fn purge(s: &Services) -> Result<u64> {
    let old = export_job::Entity::find()
        .filter(export_job::Column::FinishedAt.lt(time::now() - Duration::days(KEEP_DAYS)))
        .all(&s.db)
        .await?;
    for job in &old {
        if let Some(key) = &job.storage_key
            && let Err(e) = s.storage.store.delete(&StorePath::from(key.clone())).await
        {
            tracing::warn!(error = %e, export = job.id, "old export file not removed");
        }
    }
    let ids: Vec<i64> = old.iter().map(|j| j.id).collect();
    let gone = export_job::Entity::delete_many()
        .filter(export_job::Column::Id.is_in(ids))
        .exec(&s.db)
        .await?;
    Ok(gone.rows_affected)
}

/// The export worker: runs exports one after another while there are some, looks again every two
/// seconds, clears old ones every hour.
pub async fn run_worker(s: Services) {
    let mut last_purge = time::now() - Duration::hours(1);
    loop {
        match run_next(&s).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => {
                tracing::error!(error = %crate::error::report(&e), "export worker round failed")
            }
        }
        if time::now() - last_purge >= Duration::hours(1) {
            last_purge = time::now();
            if let Err(e) = purge(&s).await {
                tracing::error!(error = %crate::error::report(&e), "old exports not cleared");
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}
