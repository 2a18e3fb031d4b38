//! The corrections loop: the secretary asks for corrections with a message; the filer edits a draft
//! made from the entry and files it again; every filed version is kept, and the secretary sees what
//! changed between two versions, field by field and line by line.
use crate::accounts::User;
use crate::entities::{draft, initiative, initiative_version};
use crate::submission::initiatives::{self, InitiativeView};
use crate::submission::initiatives::{load, status_of};
use crate::{Error, Result, catalog, text, time};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use types::{FieldError, InitiativeInput, Remark, Role, Status, ValidInitiative};

/// Whether the secretary may still ask for corrections: filed and not yet under review.
pub fn can_request(status: Status) -> bool {
    matches!(status, Status::Submitted | Status::Accepted)
}

/// Keeps the entry as filed now as its next version (inside the filing transaction).
pub async fn record_version(txn: &impl ConnectionTrait, v: &InitiativeView) -> Result<i32> {
    let n = initiative_version::Entity::find()
        .filter(initiative_version::Column::InitiativeId.eq(v.id))
        .count(txn)
        .await? as i32
        + 1;
    let snapshot = serde_json::to_string(&initiatives::input_of(v))?;
    initiative_version::Entity::insert(initiative_version::ActiveModel {
        initiative_id: Set(v.id),
        version: Set(n),
        snapshot: Set(snapshot),
        submitted_at: Set(time::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(n)
}

/// The secretary asks the filer for corrections; the message reaches them with the notification.
pub async fn request(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    message: Remark,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    crate::accounts::staff::require_entry(&txn, actor, &m).await?;
    let from = status_of(&m);
    if !can_request(from) {
        return Err(Error::field("message", FieldError::NotAllowed));
    }
    crate::catalog::campaigns::require_phase(&txn, m.campaign_id, types::Phase::Screening).await?;
    let mut am: initiative::ActiveModel = m.into();
    am.status = Set(Status::NeedsCorrection.code().to_string());
    am.updated_at = Set(time::now());
    initiative::Entity::update(am).exec(&txn).await?;
    initiatives::record_status(
        &txn,
        initiative_id,
        Some(from),
        Status::NeedsCorrection,
        Some((actor, Role::Secretary)),
        Some(text::nfc(message.as_str())),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The filer starts (or resumes) the correction of their entry: a draft holding the entry as filed,
/// in which the declaration and consent must be given again.
pub async fn start(db: &impl TransactionTrait, actor: &User, initiative_id: i64) -> Result<i64> {
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    if m.owner_id != Some(actor.id) {
        return Err(Error::NotFound);
    }
    if status_of(&m) != Status::NeedsCorrection {
        return Err(Error::Conflict("no corrections asked"));
    }
    if let Some(existing) = draft::Entity::find()
        .filter(draft::Column::OwnerId.eq(actor.id))
        .filter(draft::Column::InitiativeId.eq(initiative_id))
        .one(&txn)
        .await?
    {
        txn.commit().await?;
        return Ok(existing.id);
    }
    let view = initiatives::view_of(&txn, m).await?;
    let mut input = initiatives::input_of(&view);
    input.declaration.clear();
    input.consent.clear();
    let saved = crate::submission::drafts::save(&txn, actor, None, &input).await?;
    draft::Entity::update_many()
        .col_expr(
            draft::Column::InitiativeId,
            sea_orm::sea_query::Expr::value(initiative_id),
        )
        .filter(draft::Column::Id.eq(saved.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Files the corrected entry from its draft: the same case number and campaign (the campaign window
/// does not apply to corrections), the entry's fields replaced, files added from the draft, the new
/// version kept, back to "submitted".
pub async fn resubmit(
    db: &impl TransactionTrait,
    actor: &User,
    draft_id: i64,
    input: ValidInitiative,
) -> Result<InitiativeView> {
    if !actor.email_verified {
        return Err(Error::field("account", FieldError::EmailNotVerified));
    }
    let txn = crate::db::begin(db).await?;
    let d = draft::Entity::find_by_id(draft_id)
        .filter(draft::Column::OwnerId.eq(actor.id))
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let initiative_id = d.initiative_id.ok_or(Error::NotFound)?;
    let m = load(&txn, initiative_id).await?;
    if m.owner_id != Some(actor.id) {
        return Err(Error::NotFound);
    }
    if status_of(&m) != Status::NeedsCorrection {
        return Err(Error::field("account", FieldError::NotAllowed));
    }
    if input.campaign_id != m.campaign_id {
        return Err(Error::field("campaign_id", FieldError::NotAllowed));
    }
    let unit = catalog::current_unit_by_code(&txn, &input.unit_code).await?;
    let mut am: initiative::ActiveModel = m.into();
    initiatives::set_application_columns(&mut am, &input, unit.id)?;
    am.status = Set(Status::Submitted.code().to_string());
    am.updated_at = Set(time::now());
    initiative::Entity::update(am).exec(&txn).await?;
    initiatives::store_application_rows(&txn, initiative_id, &input).await?;
    crate::submission::attachments::move_to_initiative(&txn, draft_id, initiative_id).await?;
    draft::Entity::delete_by_id(draft_id).exec(&txn).await?;
    crate::accounts::record_consent(&txn, actor.id, "submission", Some(initiative_id)).await?;
    initiatives::record_status(
        &txn,
        initiative_id,
        Some(Status::NeedsCorrection),
        Status::Submitted,
        Some((actor, Role::Submitter)),
        None,
    )
    .await?;
    let view = initiatives::view_of(&txn, load(&txn, initiative_id).await?).await?;
    record_version(&txn, &view).await?;
    txn.commit().await?;
    Ok(view)
}

/// One kept version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    pub version: i32,
    pub submitted_at: DateTime<Utc>,
}

async fn may_compare(db: &impl ConnectionTrait, viewer: &User, initiative_id: i64) -> Result<()> {
    let m = load(db, initiative_id).await?;
    if m.owner_id == Some(viewer.id) || crate::accounts::staff::may_act_on(db, viewer, &m).await? {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The versions of an entry, for its filer and the secretaries of its campaign (not conflicted).
pub async fn versions(
    db: &impl ConnectionTrait,
    viewer: &User,
    initiative_id: i64,
) -> Result<Vec<VersionInfo>> {
    may_compare(db, viewer, initiative_id).await?;
    Ok(initiative_version::Entity::find()
        .filter(initiative_version::Column::InitiativeId.eq(initiative_id))
        .order_by_asc(initiative_version::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|v| VersionInfo {
            version: v.version,
            submitted_at: v.submitted_at,
        })
        .collect())
}

/// How a line fared between two versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineChange {
    Same,
    Removed,
    Added,
}

/// One field that differs between two versions, with its lines marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The form's input name (`title`, `known_solution`, `authors[1][share]`, …).
    pub field: String,
    pub lines: Vec<(LineChange, String)>,
}

/// How long the line diffs of one comparison (all its fields together) may search for the shortest
/// difference before they settle for a correct but longer one (more lines marked removed and added
/// than strictly needed).
const DIFF_TIME: std::time::Duration = std::time::Duration::from_millis(300);

/// A line-by-line difference: Myers' algorithm from the `similar` crate, in memory linear in the
/// number of lines and bounded in time ([`DIFF_TIME`]), so two long versions cannot exhaust the
/// server (the table of the former LCS grew as old × new lines: 25,000 short lines each, about 5 GB).
pub fn line_diff(before: &str, after: &str) -> Vec<(LineChange, String)> {
    line_diff_until(before, after, std::time::Instant::now() + DIFF_TIME)
}

fn line_diff_until(
    before: &str,
    after: &str,
    deadline: std::time::Instant,
) -> Vec<(LineChange, String)> {
    use similar::{Algorithm, DiffTag};
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let lines = |change: LineChange, of: &[&str]| {
        of.iter()
            .map(move |l| (change, l.to_string()))
            .collect::<Vec<_>>()
    };
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => out.extend(lines(LineChange::Same, &a[old])),
            DiffTag::Delete => out.extend(lines(LineChange::Removed, &a[old])),
            DiffTag::Insert => out.extend(lines(LineChange::Added, &b[new])),
            DiffTag::Replace => {
                out.extend(lines(LineChange::Removed, &a[old]));
                out.extend(lines(LineChange::Added, &b[new]));
            }
        }
    }
    out
}

/// The fields that differ between two filed forms, in the form's order.
pub fn compare(before: &InitiativeInput, after: &InitiativeInput) -> Vec<FieldChange> {
    let deadline = std::time::Instant::now() + DIFF_TIME;
    let old = before.values();
    let new = after.values();
    let mut names: Vec<String> = new.iter().map(|(k, _)| k.clone()).collect();
    for (k, _) in &old {
        if !names.contains(k) {
            names.push(k.clone());
        }
    }
    let get = |v: &[(String, String)], k: &str| {
        v.iter()
            .find(|(n, _)| n == k)
            .map(|(_, x)| x.clone())
            .unwrap_or_default()
    };
    names
        .into_iter()
        .filter_map(|k| {
            let (a, b) = (get(&old, &k), get(&new, &k));
            (a.trim() != b.trim()).then(|| FieldChange {
                lines: line_diff_until(&a, &b, deadline),
                field: k,
            })
        })
        .collect()
}

async fn snapshot(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    version: i32,
) -> Result<InitiativeInput> {
    let row = initiative_version::Entity::find()
        .filter(initiative_version::Column::InitiativeId.eq(initiative_id))
        .filter(initiative_version::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(serde_json::from_str(&row.snapshot)?)
}

/// What changed from version `from` to version `to` of an entry.
pub async fn diff(
    db: &impl ConnectionTrait,
    viewer: &User,
    initiative_id: i64,
    from: i32,
    to: i32,
) -> Result<Vec<FieldChange>> {
    may_compare(db, viewer, initiative_id).await?;
    let a = snapshot(db, initiative_id, from).await?;
    let b = snapshot(db, initiative_id, to).await?;
    // CPU work of up to DIFF_TIME: off the async workers.
    Ok(tokio::task::spawn_blocking(move || compare(&a, &b)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_diff_marks_removed_and_added_lines_around_common_ones() {
        let d = line_diff("một\nhai\nba", "một\nhai sửa\nba\nbốn");
        assert_eq!(
            d,
            vec![
                (LineChange::Same, "một".into()),
                (LineChange::Removed, "hai".into()),
                (LineChange::Added, "hai sửa".into()),
                (LineChange::Same, "ba".into()),
                (LineChange::Added, "bốn".into()),
            ]
        );
    }

    #[test]
    fn compare_lists_only_changed_fields() {
        let a = InitiativeInput {
            title: "Cũ".into(),
            summary: "Giữ nguyên".into(),
            ..Default::default()
        };
        let b = InitiativeInput {
            title: "Mới".into(),
            summary: "Giữ nguyên".into(),
            ..Default::default()
        };
        let c = compare(&a, &b);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].field, "title");
    }
}
