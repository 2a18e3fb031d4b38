//! A person's own data, as JSON (the right of access): account and profile, consents, drafts as
//! typed, own entries as they see them, notifications. In submission because it reads the drafts and
//! entries; accounts knows nothing of them.
use crate::accounts::User;
use crate::entities::consent;
use crate::submission::{drafts, initiatives};
use crate::{Result, time};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

/// Everything the portal holds about the signed-in person, as JSON (the right of access): account
/// and profile, consents, drafts as typed, own entries as they see them, notifications.
pub async fn of(db: &impl TransactionTrait, actor: &User) -> Result<serde_json::Value> {
    use serde_json::json;
    let txn = crate::db::begin_read(db).await?;
    let p = crate::accounts::profile(&txn, actor, actor.id).await?;
    let consents: Vec<serde_json::Value> = consent::Entity::find()
        .filter(consent::Column::UserId.eq(actor.id))
        .order_by_asc(consent::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| {
            json!({"purpose": c.purpose, "text_version": c.text_version,
                   "initiative_id": c.initiative_id, "given_at": c.given_at.to_rfc3339()})
        })
        .collect();
    let mut drafts = Vec::new();
    for d in drafts::list(&txn, actor).await? {
        let (_, input) = drafts::get(&txn, actor, d.id).await?;
        drafts.push(json!({"id": d.id, "saved_at": d.updated_at.to_rfc3339(), "form": input}));
    }
    let mut entries = Vec::new();
    for s in initiatives::mine(&txn, actor).await? {
        let v = initiatives::get_for(&txn, Some(actor), s.id).await?;
        entries.push(json!({
            "id": v.id, "code": v.code, "title": v.title, "summary": v.summary,
            "status": v.status.code(), "submitted_at": v.submitted_at.map(|t| t.to_rfc3339()),
            "sections": v.sections.iter().map(|x| json!({"section": x.section.code(), "text": x.body, "confidential": x.confidential})).collect::<Vec<_>>(),
            "authors": v.authors.iter().map(|a| json!({"name": a.name, "share_tenths": a.share_tenths,
                "birth_date": a.birth_date, "workplace": a.workplace, "position": a.job_title,
                "qualification": a.qualification, "email": a.email})).collect::<Vec<_>>(),
            "attachments": v.attachments.iter().map(|a| json!({"file_name": a.file_name, "size_bytes": a.size_bytes, "sha256": a.sha256})).collect::<Vec<_>>(),
        }));
    }
    let notifications: Vec<serde_json::Value> = crate::accounts::notifications::list(&txn, actor)
        .await?
        .into_iter()
        .map(|n| json!({"message": n.message, "at": n.created_at.to_rfc3339(), "read": n.read}))
        .collect();
    txn.commit().await?;
    Ok(json!({
        "exported_at": time::now().to_rfc3339(),
        "account": {
            "email": p.email, "full_name": p.full_name, "email_verified": actor.email_verified,
            "roles": actor.roles.iter().map(|r| r.code()).collect::<Vec<_>>(),
            "submitter_kind": p.submitter_kind.map(|k| k.code()),
            "position": p.position, "qualification": p.qualification,
            "organisation": p.unit.map(|u| u.name),
            "birth_date": p.birth_date, "phone": p.phone,
        },
        "consents": consents,
        "drafts": drafts,
        "initiatives": entries,
        "notifications": notifications,
    }))
}
