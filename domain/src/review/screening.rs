//! Screening: the secretary marks each filed entry eligible, asks for corrections (the loop of
//! `corrections`), or refuses it with reasons (templates and free text), one entry or many at once.
//! Only in the campaign's screening phase; every step is audited and reaches the filer as a
//! notification (through `record_status`).
use crate::accounts::User;
use crate::audit::{self, Change, Entity};
use crate::entities::initiative;
use crate::submission::initiatives::record_status;
use crate::{Error, Result, submission::corrections, text, time};
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use types::{FieldError, Phase, RefusalReason, Remark, Role, Status};

/// What the secretary decided for the selected entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Eligible,
    NeedsCorrection(Remark),
    Refuse {
        reasons: Vec<RefusalReason>,
        note: String,
    },
}

/// Why an entry of a bulk action was left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skipped {
    NotFound,
    /// Already screened, withdrawn or decided.
    NotScreenable,
    OutOfPhase,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub done: Vec<i64>,
    pub skipped: Vec<(i64, Skipped)>,
}

/// The refusal text the filer reads: each chosen reason on its line, then the secretary's words.
pub fn refusal_text(reasons: &[RefusalReason], note: &str) -> String {
    let mut lines: Vec<String> = reasons
        .iter()
        .map(|r| {
            let key = r.label_key();
            format!("- {}", rust_i18n::t!(&key))
        })
        .collect();
    if !note.trim().is_empty() {
        lines.push(text::nfc(note.trim()));
    }
    lines.join("\n")
}

/// Screens the entries one by one; an entry that cannot be screened now is reported, not an error, so
/// a bulk action over a filtered list does what it can and says what it skipped.
pub async fn screen(
    db: &impl TransactionTrait,
    actor: &User,
    ids: &[i64],
    action: &Screen,
) -> Result<Report> {
    actor.require(Role::Secretary)?;
    if let Screen::Refuse { reasons, note } = action
        && reasons.is_empty()
        && note.trim().is_empty()
    {
        return Err(Error::field("reasons", FieldError::Required));
    }
    let mut report = Report::default();
    for &id in ids {
        match screen_one(db, actor, id, action).await {
            Ok(()) => report.done.push(id),
            Err(Error::NotFound) => report.skipped.push((id, Skipped::NotFound)),
            Err(Error::OutOfPhase(_)) => report.skipped.push((id, Skipped::OutOfPhase)),
            Err(Error::Invalid(_)) => report.skipped.push((id, Skipped::NotScreenable)),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

async fn screen_one(
    db: &impl TransactionTrait,
    actor: &User,
    id: i64,
    action: &Screen,
) -> Result<()> {
    if let Screen::NeedsCorrection(message) = action {
        return corrections::request(db, actor, id, message.clone()).await;
    }
    let txn = crate::db::begin(db).await?;
    let m = initiative::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    crate::accounts::staff::require_entry(&txn, actor, &m).await?;
    let from = Status::from_code(&m.status).unwrap_or(Status::Draft);
    if from != Status::Submitted {
        return Err(Error::field("status", FieldError::NotAllowed));
    }
    crate::catalog::campaigns::require_phase(&txn, m.campaign_id, Phase::Screening).await?;
    let (to, note) = match action {
        Screen::Eligible => (Status::Accepted, None),
        Screen::Refuse { reasons, note } => (Status::Refused, Some(refusal_text(reasons, note))),
        Screen::NeedsCorrection(_) => unreachable!("handled above"),
    };
    let mut am: initiative::ActiveModel = m.into();
    am.status = Set(to.code().into());
    am.updated_at = Set(time::now());
    if let Some(n) = &note {
        am.refusal_reasons = Set(Some(n.clone()));
        am.decided_on = Set(Some(time::local_date(time::now())));
    }
    initiative::Entity::update(am).exec(&txn).await?;
    audit::append(
        &txn,
        Change::new(Some(actor.id), Entity::Screening, id, to.code())
            .before(from.code())
            .after(to.code())
            .reason(note.as_deref().unwrap_or("")),
    )
    .await?;
    record_status(
        &txn,
        id,
        Some(from),
        to,
        Some((actor, Role::Secretary)),
        note,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
