//! Erasing a person's account at their request (Law 91/2025/QH15 on personal data; Decree 13/2023
//! before it). An administrator does it; it cannot be undone.
//!
//! What goes: the account's personal fields (name, address, birth date, phone, job, qualification,
//! unit), its password (sign-in becomes impossible), its sessions and mailed links, its roles and
//! campaign-secretary posts, its notifications, kept forms, unfiled drafts with their files, its
//! exports, the mails not yet sent to it, and its address and words in the mails already sent; the
//! link from the entries it filed and co-authored, with the private particulars it gave there
//! (birth date, address), in the entries and in the versions of their forms as filed.
//!
//! What stays, as the record the law on emulation and commendation asks the province to keep: the
//! entries filed (nobody owns them any more), authors' names as filed — a recognised initiative's
//! author as published, on its page, certificate and decision —, score sheets, votes and council
//! membership under the erased account's placeholder name, and the audit chain, which gets an
//! `erase` record naming no personal data. The chain cannot be rewritten: an invitation recorded
//! before 2026-12-08 names the invited address (later ones record the account only).
use crate::accounts::User;
use crate::entities::attachment;
use crate::entities::{
    account_token, author, campaign_secretary, commendation, draft, export_job, form_stash,
    initiative, mail_outbox, notification, session, upload_reservation, user, user_role,
};
use crate::storage::Storage;
use crate::{Error, Result, audit, time};
use object_store::path::Path as StorePath;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use types::{FieldError, Role};

/// What an erasure removed, for the administrator's notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub drafts: u64,
    pub files: usize,
}

fn text(key: &str) -> String {
    rust_i18n::t!(key).into_owned()
}

/// The address an erased account keeps: unique, and never one that receives mail (`.invalid`).
pub fn erased_address(id: i64) -> String {
    format!("da-xoa-{id}@tai-khoan.invalid")
}

/// Blanks the birth date and address of the person's author rows in the kept versions of
/// `entries`: the row with their address, or with their name.
async fn scrub_versions(
    txn: &impl sea_orm::ConnectionTrait,
    entries: &[i64],
    own_name: &str,
    address: &str,
) -> Result<()> {
    use crate::entities::initiative_version;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    for chunk in entries.chunks(500) {
        for v in initiative_version::Entity::find()
            .filter(initiative_version::Column::InitiativeId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            let mut form: serde_json::Value = serde_json::from_str(&v.snapshot)?;
            let mut changed = false;
            if let Some(authors) = form.get_mut("authors").and_then(|a| a.as_array_mut()) {
                for a in authors {
                    let text_of = |k: &str| {
                        a.get(k)
                            .and_then(|x| x.as_str())
                            .unwrap_or("")
                            .trim()
                            .to_owned()
                    };
                    let theirs = text_of("email").eq_ignore_ascii_case(address)
                        || crate::text::fold(&text_of("name")) == own_name;
                    if theirs {
                        for k in ["birth_date", "email"] {
                            if let Some(x) = a.get_mut(k) {
                                *x = serde_json::Value::String(String::new());
                                changed = true;
                            }
                        }
                    }
                }
            }
            if changed {
                let mut am: initiative_version::ActiveModel = v.into();
                am.snapshot = Set(form.to_string());
                am.update(txn).await?;
            }
        }
    }
    Ok(())
}

/// Erases the account `user_id` (see the module). Never one's own; an account already erased is
/// left as it is. The files go from the store once the rows are gone.
pub async fn erase(
    db: &impl TransactionTrait,
    storage: &Storage,
    admin: &User,
    user_id: i64,
) -> Result<Erased> {
    admin.require(Role::Admin)?;
    if admin.id == user_id {
        return Err(Error::field("account", FieldError::NotAllowed));
    }
    let txn = crate::db::begin(db).await?;
    let m = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if m.erased_at.is_some() {
        return Ok(Erased::default());
    }
    let now = time::now();
    let old_address = m.email.clone();
    let roles: Vec<String> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.role)
        .collect();

    // The account itself.
    let erased = user::Entity::update_many()
        .col_expr(user::Column::Email, Expr::value(erased_address(user_id)))
        .col_expr(
            user::Column::FullName,
            Expr::value(text("admin.erased_name")),
        )
        .col_expr(user::Column::PasswordHash, Expr::value(""))
        .col_expr(
            user::Column::EmailVerifiedAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .col_expr(
            user::Column::SubmitterKind,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::JobTitle, Expr::value(Option::<String>::None))
        .col_expr(
            user::Column::Qualification,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::UnitId, Expr::value(Option::<i64>::None))
        .col_expr(
            user::Column::BirthDate,
            Expr::value(Option::<chrono::NaiveDate>::None),
        )
        .col_expr(user::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(
            user::Column::DeactivatedAt,
            Expr::value(Some(m.deactivated_at.unwrap_or(now))),
        )
        .col_expr(user::Column::ErasedAt, Expr::value(Some(now)))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::ErasedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    // Erased meanwhile by another administrator: theirs stands.
    if erased == 0 {
        return Ok(Erased::default());
    }

    // What only served the person.
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    account_token::Entity::delete_many()
        .filter(account_token::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    campaign_secretary::Entity::delete_many()
        .filter(campaign_secretary::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    notification::Entity::delete_many()
        .filter(notification::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    form_stash::Entity::delete_many()
        .filter(form_stash::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    upload_reservation::Entity::delete_many()
        .filter(upload_reservation::Column::OwnerId.eq(user_id))
        .exec(&txn)
        .await?;

    // Unfiled drafts with their files, and the person's exports: rows now, bytes after.
    let mut keys: Vec<String> = Vec::new();
    // The files of every draft of theirs (a correction's draft too); filed files belong to entries.
    let files = attachment::Entity::find()
        .filter(attachment::Column::OwnerId.eq(user_id))
        .filter(attachment::Column::DraftId.is_not_null())
        .filter(attachment::Column::InitiativeId.is_null())
        .all(&txn)
        .await?;
    for f in &files {
        keys.push(f.storage_key.clone());
    }
    attachment::Entity::delete_many()
        .filter(attachment::Column::Id.is_in(files.iter().map(|f| f.id).collect::<Vec<_>>()))
        .exec(&txn)
        .await?;
    let removed_drafts = draft::Entity::delete_many()
        .filter(draft::Column::OwnerId.eq(user_id))
        .exec(&txn)
        .await?
        .rows_affected;
    let exports = export_job::Entity::find()
        .filter(export_job::Column::RequestedBy.eq(user_id))
        .all(&txn)
        .await?;
    keys.extend(exports.iter().filter_map(|e| e.storage_key.clone()));
    export_job::Entity::delete_many()
        .filter(export_job::Column::RequestedBy.eq(user_id))
        .exec(&txn)
        .await?;

    // The entries keep their record, without the link to the account and its private particulars:
    // on the entries they filed, the author row of their own name is theirs too (a filer is one of
    // the authors, named as on their account).
    let owned: Vec<i64> = initiative::Entity::find()
        .filter(initiative::Column::OwnerId.eq(user_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let own_name = crate::text::fold(m.full_name.trim());
    let mut theirs: Vec<i64> = Vec::new();
    for chunk in owned.chunks(500) {
        for a in author::Entity::find()
            .filter(author::Column::InitiativeId.is_in(chunk.to_vec()))
            .all(&txn)
            .await?
        {
            if crate::text::fold(a.name.trim()) == own_name {
                theirs.push(a.id);
            }
        }
    }
    for chunk in theirs.chunks(500) {
        author::Entity::update_many()
            .col_expr(author::Column::Email, Expr::value(Option::<String>::None))
            .col_expr(
                author::Column::BirthDate,
                Expr::value(Option::<chrono::NaiveDate>::None),
            )
            .filter(author::Column::Id.is_in(chunk.to_vec()))
            .exec(&txn)
            .await?;
    }
    initiative::Entity::update_many()
        .col_expr(
            initiative::Column::OwnerId,
            Expr::value(Option::<i64>::None),
        )
        .filter(initiative::Column::OwnerId.eq(user_id))
        .exec(&txn)
        .await?;
    // The forms as filed (the versions an entry keeps) name them with the same particulars.
    let mut entries: Vec<i64> = owned.clone();
    entries.extend(
        author::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(author::Column::UserId.eq(user_id))
                    .add(author::Column::Email.eq(old_address.as_str())),
            )
            .all(&txn)
            .await?
            .into_iter()
            .map(|a| a.initiative_id),
    );
    entries.sort_unstable();
    entries.dedup();
    scrub_versions(&txn, &entries, &own_name, &old_address).await?;
    // A co-author row that gave their address without being linked to the account is theirs too.
    author::Entity::update_many()
        .col_expr(author::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(
            author::Column::BirthDate,
            Expr::value(Option::<chrono::NaiveDate>::None),
        )
        .filter(author::Column::Email.eq(old_address.as_str()))
        .exec(&txn)
        .await?;
    author::Entity::update_many()
        .col_expr(author::Column::UserId, Expr::value(Option::<i64>::None))
        .col_expr(author::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(
            author::Column::BirthDate,
            Expr::value(Option::<chrono::NaiveDate>::None),
        )
        .filter(author::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    commendation::Entity::update_many()
        .col_expr(
            commendation::Column::UserId,
            Expr::value(Option::<i64>::None),
        )
        .filter(commendation::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;

    // Mails: none still sent to them; the ones sent keep that a mail went, not to whom or what.
    mail_outbox::Entity::delete_many()
        .filter(mail_outbox::Column::ToAddr.eq(old_address.as_str()))
        .filter(mail_outbox::Column::SentAt.is_null())
        .exec(&txn)
        .await?;
    mail_outbox::Entity::update_many()
        .col_expr(
            mail_outbox::Column::ToAddr,
            Expr::value(erased_address(user_id)),
        )
        .col_expr(
            mail_outbox::Column::Body,
            Expr::value(text("admin.erased_mail")),
        )
        .col_expr(
            mail_outbox::Column::LinkPath,
            Expr::value(Option::<String>::None),
        )
        .filter(mail_outbox::Column::ToAddr.eq(old_address.as_str()))
        .exec(&txn)
        .await?;

    audit::append(
        &txn,
        audit::Change::new(Some(admin.id), audit::Entity::Account, user_id, "erase")
            .before(serde_json::json!({ "roles": roles }))
            .after(serde_json::json!({
                "erased_at": now, "drafts": removed_drafts, "files": keys.len(),
            })),
    )
    .await?;
    txn.commit().await?;
    for key in &keys {
        if let Err(e) = storage.store.delete(&StorePath::from(key.as_str())).await {
            tracing::warn!(error = %e, "an erased account's file was not deleted; its row is gone");
        }
    }
    Ok(Erased {
        drafts: removed_drafts,
        files: keys.len(),
    })
}
