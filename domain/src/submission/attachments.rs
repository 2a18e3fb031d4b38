//! Attachments: uploaded to a draft, moved to the entry when it is filed, served only to those
//! allowed. The type is decided by the content (magic bytes), never by the name or the browser's
//! claim; the size limits are enforced while the bytes stream in; the bytes go to the object store
//! (a local directory by default, any S3-compatible store by configuration) under a random key, and
//! the upload is committed there only once it is complete and accepted, so nothing half-written or
//! refused is ever stored.
use crate::accounts::User;
use crate::entities::{attachment, draft, upload_reservation};
use crate::{Error, Result, time};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::{ObjectStore, WriteMultipart, path::Path as StorePath};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use sha2::{Digest, Sha256};
use types::FieldError;

/// The accepted kinds of file, as found in their content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Jpeg,
    Png,
}

impl FileKind {
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Pptx => "pptx",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }
}

/// How many bytes of the start (and of the end, for ZIP containers) the sniffer looks at.
const SNIFF_BYTES: usize = 64 * 1024;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the first bytes can start an accepted file at all (so a wrong type is refused at once).
pub fn plausible_start(head: &[u8]) -> bool {
    head.starts_with(b"%PDF-")
        || head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"PK\x03\x04")
}

/// The kind of a file from its first bytes and, for ZIP containers (Office and OpenDocument files),
/// its last bytes too (where the ZIP directory names every part).
pub fn sniff(head: &[u8], tail: &[u8]) -> Option<FileKind> {
    if head.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if !head.starts_with(b"PK\x03\x04") {
        return None;
    }
    // OpenDocument: the first entry is an uncompressed "mimetype" file holding the type.
    if head.len() > 38 && &head[30..38] == b"mimetype" {
        let rest = &head[38..head.len().min(38 + 80)];
        if rest.starts_with(b"application/vnd.oasis.opendocument.text")
            && !rest.starts_with(b"application/vnd.oasis.opendocument.text-")
        {
            return Some(FileKind::Odt);
        }
        if rest.starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
            && !rest.starts_with(b"application/vnd.oasis.opendocument.spreadsheet-")
        {
            return Some(FileKind::Ods);
        }
        return None;
    }
    // Office Open XML: "[Content_Types].xml" and the main part, named in the local headers or in the
    // central directory at the end.
    let has = |name: &[u8]| contains(head, name) || contains(tail, name);
    if !has(b"[Content_Types].xml") {
        return None;
    }
    if has(b"word/document.xml") {
        Some(FileKind::Docx)
    } else if has(b"xl/workbook.xml") {
        Some(FileKind::Xlsx)
    } else if has(b"ppt/presentation.xml") {
        Some(FileKind::Pptx)
    } else {
        None
    }
}

pub use crate::storage::{Limits, Storage};

/// How long a reservation left by an interrupted process keeps counting.
const RESERVATION_LIFETIME: chrono::Duration = chrono::Duration::hours(1);

fn mb(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// An attachment as lists and receipts show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub confidential: bool,
}

impl From<attachment::Model> for AttachmentView {
    fn from(m: attachment::Model) -> Self {
        AttachmentView {
            id: m.id,
            file_name: m.file_name,
            content_type: m.content_type,
            size_bytes: m.size_bytes,
            sha256: m.sha256,
            confidential: m.confidential,
        }
    }
}

/// A file name safe to show and to put in `Content-Disposition`: the last path part, no control
/// characters or quotes, at most 150 characters, ending in the extension of the kind found.
pub fn clean_name(raw: &str, kind: FileKind) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut s: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | ';'))
        .collect();
    s = s.trim().trim_start_matches('.').to_string();
    let stem = match s.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => s.clone(),
    };
    let stem: String = crate::text::nfc(&stem).chars().take(150).collect();
    let stem = if stem.trim().is_empty() {
        "tep-dinh-kem".to_string()
    } else {
        stem
    };
    format!("{stem}.{}", kind.ext())
}

fn random_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let hex = crate::text::hex(&bytes);
    format!("{}/{}/{hex}", &hex[..2], &hex[2..4])
}

async fn draft_of(db: &impl ConnectionTrait, actor: &User, draft_id: i64) -> Result<draft::Model> {
    draft::Entity::find_by_id(draft_id)
        .filter(draft::Column::OwnerId.eq(actor.id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// Bytes stored in the draft's files, or in all of the person's drafts, plus what uploads in
/// progress have reserved there.
async fn bytes_held(
    db: &impl ConnectionTrait,
    owner_id: i64,
    draft_id: Option<i64>,
) -> Result<u64> {
    let mut files = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::SizeBytes)
        .filter(attachment::Column::OwnerId.eq(owner_id))
        .filter(attachment::Column::DraftId.is_not_null());
    let mut held = upload_reservation::Entity::find()
        .select_only()
        .column(upload_reservation::Column::Bytes)
        .filter(upload_reservation::Column::OwnerId.eq(owner_id))
        .filter(upload_reservation::Column::CreatedAt.gt(time::now() - RESERVATION_LIFETIME));
    if let Some(d) = draft_id {
        files = files.filter(attachment::Column::DraftId.eq(d));
        held = held.filter(upload_reservation::Column::DraftId.eq(d));
    }
    let files: Vec<i64> = files.into_tuple().all(db).await?;
    let held: Vec<i64> = held.into_tuple().all(db).await?;
    Ok(files.into_iter().chain(held).map(|s| s.max(0) as u64).sum())
}

/// Space held for one upload in progress (see [`reserve`]).
struct Reservation {
    id: i64,
    max: u64,
    too_large: FieldError,
}

/// Reserves, in one transaction, the most the upload may store: the per-file limit, or less when
/// the entry or the person has less room left. The person's row is locked first (PostgreSQL; on
/// SQLite the write transaction already serialises), so parallel uploads see each other's
/// reservations and together never pass a limit.
async fn reserve(
    db: &impl TransactionTrait,
    actor: &User,
    draft_id: i64,
    limits: Limits,
) -> Result<Reservation> {
    let txn = crate::db::begin(db).await?;
    // Reservations of processes that stopped mid-upload lapse; they are removed here.
    upload_reservation::Entity::delete_many()
        .filter(upload_reservation::Column::CreatedAt.lte(time::now() - RESERVATION_LIFETIME))
        .exec(&txn)
        .await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        crate::entities::user::Entity::find_by_id(actor.id)
            .lock_exclusive()
            .one(&txn)
            .await?;
    }
    draft_of(&txn, actor, draft_id).await?;
    let room_entry = limits
        .per_entry
        .saturating_sub(bytes_held(&txn, actor.id, Some(draft_id)).await?);
    let room_person = limits
        .per_person
        .saturating_sub(bytes_held(&txn, actor.id, None).await?);
    let (max, too_large) = if room_person < room_entry.min(limits.per_file) {
        (
            room_person,
            FieldError::PersonFilesTooLarge {
                max_mb: mb(limits.per_person),
            },
        )
    } else if room_entry < limits.per_file {
        (
            room_entry,
            FieldError::EntryFilesTooLarge {
                max_mb: mb(limits.per_entry),
            },
        )
    } else {
        (
            limits.per_file,
            FieldError::FileTooLarge {
                max_mb: mb(limits.per_file),
            },
        )
    };
    if max == 0 {
        return Err(Error::field("file", too_large));
    }
    let id = upload_reservation::Entity::insert(upload_reservation::ActiveModel {
        owner_id: Set(actor.id),
        draft_id: Set(draft_id),
        bytes: Set(max as i64),
        created_at: Set(time::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    txn.commit().await?;
    Ok(Reservation { id, max, too_large })
}

async fn release(db: &impl ConnectionTrait, reservation: i64) {
    if let Err(e) = upload_reservation::Entity::delete_by_id(reservation)
        .exec(db)
        .await
    {
        tracing::warn!(error = %e, reservation, "upload reservation not released (it lapses in an hour)");
    }
}

/// Receives one file for the owner's draft. The stream is read chunk by chunk: it is refused as
/// soon as it passes the limit or starts with bytes no accepted type starts with; a ZIP container is
/// checked once complete. Refusals are field errors on `file`; nothing is stored then.
pub async fn upload<S, E>(
    db: &sea_orm::DatabaseConnection,
    storage: &Storage,
    actor: &User,
    draft_id: i64,
    file_name: &str,
    confidential: bool,
    body: S,
) -> Result<AttachmentView>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
{
    // Files are stored only for a verified address: an account made up in a second cannot fill
    // the store.
    if !actor.email_verified {
        draft_of(db, actor, draft_id).await?;
        return Err(Error::field("file", FieldError::EmailNotVerified));
    }
    let r = reserve(db, actor, draft_id, storage.limits).await?;
    // Given back however the upload ends: stored or refused (here, before answering), or cut
    // off with the request (by the guard, in a task of its own).
    let mut held = Held {
        db: db.clone(),
        id: r.id,
        released: false,
    };
    let stored = store(
        db,
        storage,
        actor,
        draft_id,
        file_name,
        confidential,
        body,
        &r,
    )
    .await;
    release(db, r.id).await;
    held.released = true;
    stored
}

/// Releases a reservation when dropped before the upload ended.
struct Held {
    db: sea_orm::DatabaseConnection,
    id: i64,
    released: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        if self.released {
            return;
        }
        let (db, id) = (self.db.clone(), self.id);
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move { release(&db, id).await });
        }
    }
}

/// Streams the file into the store within the reservation's bytes, then records it.
#[allow(clippy::too_many_arguments)]
async fn store<S, E>(
    db: &impl ConnectionTrait,
    storage: &Storage,
    actor: &User,
    draft_id: i64,
    file_name: &str,
    confidential: bool,
    mut body: S,
    r: &Reservation,
) -> Result<AttachmentView>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
{
    let (max, too_large) = (r.max, r.too_large.clone());
    let key = random_key();
    let path = StorePath::from(key.clone());
    let upload = storage.store.put_multipart(&path).await?;
    let mut writer = WriteMultipart::new(upload);
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
    let mut tail: Vec<u8> = Vec::new();
    let mut size: u64 = 0;
    let refuse = |writer: WriteMultipart, e: Error| async move {
        let _ = writer.abort().await;
        Err(e)
    };
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                let e = super::SubmissionError::UploadInterrupted(e.into());
                return refuse(writer, e.into()).await;
            }
        };
        size += chunk.len() as u64;
        if size > max {
            return refuse(writer, Error::field("file", too_large)).await;
        }
        if head.len() < SNIFF_BYTES {
            let take = (SNIFF_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() >= 8 && !plausible_start(&head) {
                return refuse(writer, Error::field("file", FieldError::FileType)).await;
            }
        }
        tail.extend_from_slice(&chunk);
        if tail.len() > 2 * SNIFF_BYTES {
            tail.drain(..tail.len() - SNIFF_BYTES);
        }
        hasher.update(&chunk);
        writer.write(&chunk);
    }
    let kind = match sniff(&head, &tail) {
        Some(k) if size > 0 => k,
        _ => return refuse(writer, Error::field("file", FieldError::FileType)).await,
    };
    writer.finish().await?;
    let sha256 = crate::text::hex(&hasher.finalize());
    let row = attachment::ActiveModel {
        owner_id: Set(actor.id),
        draft_id: Set(Some(draft_id)),
        initiative_id: Set(None),
        file_name: Set(clean_name(file_name, kind)),
        content_type: Set(kind.mime().to_string()),
        size_bytes: Set(size as i64),
        sha256: Set(sha256),
        storage_key: Set(key),
        confidential: Set(confidential),
        created_at: Set(time::now()),
        ..Default::default()
    };
    // The draft may have been filed or deleted while the bytes streamed in: then the row cannot be
    // written (its draft is gone), the bytes are taken back, and the answer is "not found".
    let inserted = match draft_of(db, actor, draft_id).await {
        Ok(_) => attachment::Entity::insert(row)
            .exec(db)
            .await
            .map_err(Error::from),
        Err(e) => Err(e),
    };
    let id = match inserted {
        Ok(r) => r.last_insert_id,
        Err(e) => {
            if let Err(e) = storage.store.delete(&path).await {
                tracing::warn!(error = %e, "bytes of an unrecorded upload not deleted");
            }
            return match draft_of(db, actor, draft_id).await {
                Err(Error::NotFound) => Err(Error::NotFound),
                _ => Err(e),
            };
        }
    };
    let m = attachment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(m.into())
}

/// The files of the owner's draft.
pub async fn of_draft(
    db: &impl ConnectionTrait,
    actor: &User,
    draft_id: i64,
) -> Result<Vec<AttachmentView>> {
    draft_of(db, actor, draft_id).await?;
    listed(db, attachment::Column::DraftId.eq(draft_id)).await
}

async fn listed(
    db: &impl ConnectionTrait,
    belongs: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<AttachmentView>> {
    Ok(attachment::Entity::find()
        .filter(belongs)
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(AttachmentView::from)
        .collect())
}

/// The files of an entry, unredacted (the caller decides who sees what).
pub async fn of_initiative(
    db: &impl ConnectionTrait,
    initiative_id: i64,
) -> Result<Vec<AttachmentView>> {
    listed(db, attachment::Column::InitiativeId.eq(initiative_id)).await
}

/// The files of several entries, unredacted, by entry (for lists of whole records).
pub async fn of_initiatives(
    db: &impl ConnectionTrait,
    initiative_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<AttachmentView>>> {
    let mut out: std::collections::HashMap<i64, Vec<AttachmentView>> = Default::default();
    let rows = attachment::Entity::find()
        .filter(attachment::Column::InitiativeId.is_in(initiative_ids.to_vec()))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await?;
    for row in rows {
        if let Some(id) = row.initiative_id {
            out.entry(id).or_default().push(AttachmentView::from(row));
        }
    }
    Ok(out)
}

/// Moves a draft's files to the entry filed from it (inside the filing transaction).
pub async fn move_to_initiative(
    db: &impl ConnectionTrait,
    draft_id: i64,
    initiative_id: i64,
) -> Result<()> {
    attachment::Entity::update_many()
        .col_expr(
            attachment::Column::InitiativeId,
            sea_orm::sea_query::Expr::value(initiative_id),
        )
        .col_expr(
            attachment::Column::DraftId,
            sea_orm::sea_query::Expr::value(Option::<i64>::None),
        )
        .filter(attachment::Column::DraftId.eq(draft_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes a file from the owner's draft (row, then bytes).
pub async fn delete_from_draft(
    db: &impl ConnectionTrait,
    storage: &Storage,
    actor: &User,
    id: i64,
) -> Result<i64> {
    let m = attachment::Entity::find_by_id(id)
        .filter(attachment::Column::OwnerId.eq(actor.id))
        .filter(attachment::Column::DraftId.is_not_null())
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let draft_id = m.draft_id.unwrap_or_default();
    attachment::Entity::delete_by_id(m.id).exec(db).await?;
    if let Err(e) = storage.store.delete(&StorePath::from(m.storage_key)).await {
        tracing::warn!(error = %e, "attachment bytes not deleted; row is gone");
    }
    Ok(draft_id)
}

/// Deletes the owner's draft with its files (rows in one transaction, then the bytes). Someone
/// else's draft, or one that does not exist, is `NotFound`.
pub async fn discard_draft(
    db: &impl TransactionTrait,
    storage: &Storage,
    actor: &User,
    draft_id: i64,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let files = attachment::Entity::find()
        .filter(attachment::Column::DraftId.eq(draft_id))
        .filter(attachment::Column::OwnerId.eq(actor.id))
        .all(&txn)
        .await?;
    attachment::Entity::delete_many()
        .filter(attachment::Column::DraftId.eq(draft_id))
        .filter(attachment::Column::OwnerId.eq(actor.id))
        .exec(&txn)
        .await?;
    crate::submission::drafts::delete(&txn, actor, draft_id).await?;
    txn.commit().await?;
    for m in files {
        if let Err(e) = storage.store.delete(&StorePath::from(m.storage_key)).await {
            tracing::warn!(error = %e, "attachment bytes not deleted; row is gone");
        }
    }
    Ok(())
}

/// A file ready to be sent: what it is, and its bytes as a stream.
pub struct Download {
    pub view: AttachmentView,
    pub body: futures_util::stream::BoxStream<'static, object_store::Result<Bytes>>,
}

/// Opens a file for `viewer`. Draft files: their owner only. Entry files: whoever may see the whole
/// entry (filer, linked co-authors, assigned reviewers, secretaries, admins); the public only the
/// non-confidential files of recognised entries. Anything else is `NotFound`.
pub async fn open_for(
    db: &impl ConnectionTrait,
    storage: &Storage,
    viewer: Option<&User>,
    id: i64,
) -> Result<Download> {
    let m = attachment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let allowed = match (m.draft_id, m.initiative_id) {
        (Some(_), _) => viewer.is_some_and(|u| u.id == m.owner_id),
        (None, Some(initiative_id)) => {
            match crate::submission::initiatives::may_see_everything(db, viewer, initiative_id)
                .await?
            {
                Some(true) => true,
                Some(false) => !m.confidential,
                None => false,
            }
        }
        (None, None) => false,
    };
    if !allowed {
        return Err(Error::NotFound);
    }
    let result = storage
        .store
        .get(&StorePath::from(m.storage_key.clone()))
        .await?;
    let entry = m.initiative_id;
    let mut view = AttachmentView::from(m);
    // The name as this viewer sees it on the entry (blind review numbers the files).
    if let Some(entry) = entry
        && let Ok(v) = crate::submission::initiatives::get_for(db, viewer, entry).await
        && let Some(shown) = v.attachments.iter().find(|a| a.id == view.id)
    {
        view.file_name = shown.file_name.clone();
    }
    Ok(Download {
        view,
        body: result.into_stream(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(&[0u8; 26]);
        for n in names {
            v.extend_from_slice(n.as_bytes());
            v.extend_from_slice(b"....");
        }
        v
    }

    #[test]
    fn content_decides_the_kind() {
        assert_eq!(sniff(b"%PDF-1.7\n...", b""), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....", b""), Some(FileKind::Png));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0], b""),
            Some(FileKind::Jpeg)
        );
        let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
        assert_eq!(sniff(&docx, b""), Some(FileKind::Docx));
        let xlsx_dir_at_end = zip_with(&["[Content_Types].xml"]);
        assert_eq!(
            sniff(&xlsx_dir_at_end, b"..xl/workbook.xml.."),
            Some(FileKind::Xlsx)
        );
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0u8; 26]);
        odt.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.textPK");
        assert_eq!(sniff(&odt, b""), Some(FileKind::Odt));
    }

    #[test]
    fn other_content_is_refused_whatever_its_name() {
        assert_eq!(sniff(b"MZ\x90\x00 windows program", b""), None);
        assert_eq!(sniff(b"<html><script>", b""), None);
        assert_eq!(
            sniff(&zip_with(&["evil.exe"]), b""),
            None,
            "a plain ZIP is not a document"
        );
        assert!(!plausible_start(b"MZ\x90\x00\x03\x00\x00\x00"));
    }

    #[test]
    fn names_are_cleaned_and_get_the_extension_of_their_content() {
        assert_eq!(
            clean_name("C:\\Users\\a\\Báo cáo.pdf", FileKind::Pdf),
            "Báo cáo.pdf"
        );
        assert_eq!(clean_name("../../etc/passwd", FileKind::Png), "passwd.png");
        assert_eq!(
            clean_name("bang-so-lieu.pdf", FileKind::Xlsx),
            "bang-so-lieu.xlsx"
        );
        assert_eq!(clean_name("\"; rm.pdf", FileKind::Pdf), "rm.pdf");
        assert_eq!(clean_name("", FileKind::Jpeg), "tep-dinh-kem.jpg");
    }
}
