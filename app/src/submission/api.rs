//! The submitter's side: the form, filing, the receipt and "my initiatives".
use crate::dto::{CampaignDto, HistoryDto, InitiativeDto, SummaryDto, UnitDto};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use types::InitiativeInput;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitFormDto {
    pub campaigns: Vec<CampaignDto>,
    pub units: Vec<UnitDto>,
    /// The draft being resumed, if any.
    pub draft: Option<DraftDto>,
    /// Filing needs a verified address (drafts do not).
    pub email_verified: bool,
    /// The files of the draft.
    pub attachments: Vec<crate::dto::AttachmentDto>,
    /// Upload limits in MB (per file, per entry).
    pub max_file_mb: u64,
    pub max_entry_mb: u64,
    /// Recognised entries most like the draft's title and summary (the duplicate warning).
    pub similar: Vec<SummaryDto>,
    /// Set when the draft corrects a filed entry.
    pub correction: Option<CorrectionDto>,
}

/// The entry a correction draft belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorrectionDto {
    pub initiative_id: i64,
    pub code: String,
    pub campaign_id: i64,
    pub campaign_name: String,
}

/// A saved draft: its id, when it was last saved, and what was typed (by input name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftDto {
    pub id: i64,
    pub saved_at: String,
    pub values: Vec<(String, String)>,
}

/// A line of the list of drafts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftRowDto {
    pub id: i64,
    pub title: String,
    pub saved_at: String,
}

/// What autosave answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSavedDto {
    pub id: i64,
    pub saved_at: String,
    /// Recognised entries that read like the draft as saved (`public::resembling`): the box beside
    /// the title follows them while the author types.
    pub similar: Vec<SimilarDto>,
}

/// A recognised entry like a draft: enough to name it and link to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarDto {
    pub id: i64,
    pub title: String,
    pub unit_name: String,
    pub year: i32,
}

impl From<&SummaryDto> for SimilarDto {
    fn from(x: &SummaryDto) -> Self {
        SimilarDto {
            id: x.id,
            title: x.title.clone(),
            unit_name: x.unit_name.clone(),
            year: x.year,
        }
    }
}

/// Choices for the application form and the draft being resumed (signed-in people only; a draft
/// that is not the caller's does not exist).
#[server(endpoint = "du-lieu-bieu-mau")]
pub async fn submit_form_data(draft: Option<i64>) -> Result<SubmitFormDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let db = services()?.db;
    let campaigns = domain::catalog::open_campaigns(&db).await?;
    let units = domain::catalog::current_units(&db).await?;
    let limits = services()?.storage.limits;
    let resumed = match draft {
        Some(id) => Some(resumed_draft(&user, id).await?),
        None => None,
    };
    let (draft, correction, similar, attachments) = resumed.unwrap_or_default();
    Ok(SubmitFormDto {
        campaigns: campaigns.into_iter().map(CampaignDto::from).collect(),
        units: units.into_iter().map(UnitDto::from).collect(),
        draft,
        email_verified: user.email_verified,
        attachments,
        max_file_mb: limits.per_file / (1024 * 1024),
        max_entry_mb: limits.per_entry / (1024 * 1024),
        similar,
        correction,
    })
}

/// A draft being resumed: its values, the entry it corrects (if any), entries like it, its files.
#[cfg(feature = "ssr")]
type Resumed = (
    Option<DraftDto>,
    Option<CorrectionDto>,
    Vec<SummaryDto>,
    Vec<crate::dto::AttachmentDto>,
);

#[cfg(feature = "ssr")]
async fn resumed_draft(user: &domain::accounts::User, id: i64) -> Result<Resumed, AppError> {
    use crate::request::*;
    let db = services()?.db;
    let attachments = domain::submission::attachments::of_draft(&db, user, id)
        .await?
        .into_iter()
        .map(crate::dto::AttachmentDto::from)
        .collect();
    let (info, input) = domain::submission::drafts::get(&db, user, id).await?;
    let correction = match info.initiative_id {
        Some(initiative_id) => {
            let v =
                domain::submission::initiatives::get_for(&db, Some(user), initiative_id).await?;
            Some(CorrectionDto {
                initiative_id,
                code: v.code.unwrap_or_default(),
                campaign_id: v.campaign.id,
                campaign_name: v.campaign.name,
            })
        }
        None => None,
    };
    let similar = domain::public::resembling(&services()?, &input.title, &input.summary, 5)
        .await?
        .into_iter()
        .map(SummaryDto::from)
        .collect();
    let draft = DraftDto {
        id: info.id,
        saved_at: domain::time::format_datetime(info.updated_at),
        values: input.values(),
    };
    Ok((Some(draft), correction, similar, attachments))
}

/// The form page for a draft (`/nop-sang-kien?nhap=ID`).
pub fn form_page(draft_id: Option<i64>) -> String {
    match draft_id {
        Some(id) => crate::paths::draft(id),
        None => crate::paths::submit(),
    }
}

/// The one endpoint of the application form. Whatever is typed is first saved as the caller's draft,
/// so nothing is lost; then `action` decides: `save` (the "Lưu nháp" button) shows the form again,
/// `autosave` (the browser, every few seconds) answers with the draft's id, and `submit` checks
/// everything and files the entry (receipt page), or shows the form again with an error next to
/// each field. A post that arrives after the session expired is kept for an hour and handed back
/// after signing in.
///
/// The files part of the form: a file's "Xóa" button sends `delete_attachment` (the draft is saved,
/// then the file removed); a file chosen but not sent with "Tải lên" arrives here as its name only
/// (`file`), and the form comes back saying so instead of dropping it unseen. Before the first
/// filing without any file the form asks once (`files_seen`).
///
/// The tables of people: "Thêm tác giả" / "Thêm người áp dụng" (`action` = `add_authors` /
/// `add_adopters`) save and show the form with one more blank card there (with JavaScript the card
/// appears at once instead); a card's "Xóa" (`remove_row` = `authors:2`) saves the form without it.
#[server(endpoint = "nop-sang-kien")]
pub async fn save_application(
    #[server(flatten)] form: FormButtons,
    #[server(flatten)] input: InitiativeInput,
) -> Result<Option<DraftSavedDto>, AppError> {
    use crate::request::*;
    let mut input = input;
    let removed = remove_row_from(&mut input, form.remove_row.as_deref());
    let action = form.action.as_deref().unwrap_or_default();
    let draft_id = form.draft();
    let user = match require_user().await {
        Ok(u) => u,
        Err(AppError::NotSignedIn) if action != "autosave" => {
            return keep_until_signed_in(&input, draft_id).await;
        }
        Err(e) => return Err(e),
    };
    let Some(saved) = save_draft(&user, draft_id, &input).await? else {
        return Ok(None);
    };
    if action == "autosave" {
        return autosaved(&saved, &input).await.map(Some);
    }
    if !answer_buttons(&user, &saved, &input, &form, removed).await? {
        file_application(&user, &saved, &input, form.files_seen.is_some()).await?;
    }
    Ok(None)
}

/// What the application form posts beside the typed fields: the button pressed (`action`), the
/// draft, and the files part's and the cards' own buttons.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormButtons {
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub action: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub draft_id: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub files_seen: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub delete_attachment: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub file: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub remove_row: Option<String>,
}

#[cfg(feature = "ssr")]
impl FormButtons {
    /// The draft being edited (none before the first save).
    fn draft(&self) -> Option<i64> {
        self.draft_id.as_deref()?.trim().parse().ok()
    }
}

/// A card's "Xóa" (`authors:2`): the row goes before the draft is saved; the table to show again.
#[cfg(feature = "ssr")]
fn remove_row_from(input: &mut InitiativeInput, remove_row: Option<&str>) -> Option<&'static str> {
    let (table, row) = remove_row?.split_once(':')?;
    let row: usize = row.trim().parse().ok()?;
    match table {
        "authors" if row < input.authors.len() => {
            input.authors.remove(row);
            Some("f-authors")
        }
        "adopters" if row < input.adopters.len() => {
            input.adopters.remove(row);
            Some("f-adopters")
        }
        _ => None,
    }
}

/// A post after the session expired: kept for this browser only, and without personal particulars
/// (dates of birth, emails: those are typed again), then to sign in and back to the form.
#[cfg(feature = "ssr")]
async fn keep_until_signed_in(
    input: &InitiativeInput,
    draft_id: Option<i64>,
) -> Result<Option<DraftSavedDto>, AppError> {
    use crate::request::*;
    let values = input
        .values()
        .into_iter()
        .filter(|(k, _)| !(k.ends_with("[birth_date]") || k.ends_with("[email]")))
        .collect();
    let state = domain::forms::FormState {
        values,
        errors: Default::default(),
    };
    let key = stash_form(None, &state).await?;
    let back = format!(
        "{}{}f={key}",
        form_page(draft_id),
        if draft_id.is_some() { "&" } else { "?" }
    );
    redirect(&format!(
        "{}?het-phien=1&next={}",
        crate::paths::sign_in(),
        encode(&back)
    ));
    Ok(None)
}

/// Saves whatever was typed as the caller's draft; `None` when refused (the form is shown again).
#[cfg(feature = "ssr")]
async fn save_draft(
    user: &domain::accounts::User,
    draft_id: Option<i64>,
    input: &InitiativeInput,
) -> Result<Option<domain::submission::drafts::DraftInfo>, AppError> {
    use crate::request::*;
    match domain::submission::drafts::save(&services()?.db, user, draft_id, input).await {
        Ok(d) => Ok(Some(d)),
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(user.id), input.values(), errors, &form_page(draft_id)).await?;
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// The browser's autosave: the draft's id and time, and entries like it (not for a correction).
#[cfg(feature = "ssr")]
async fn autosaved(
    saved: &domain::submission::drafts::DraftInfo,
    input: &InitiativeInput,
) -> Result<DraftSavedDto, AppError> {
    use crate::request::*;
    let similar = if saved.initiative_id.is_some() {
        Vec::new()
    } else {
        domain::public::resembling(&services()?, &input.title, &input.summary, 5)
            .await?
            .into_iter()
            .map(|x| SimilarDto::from(&SummaryDto::from(x)))
            .collect()
    };
    Ok(DraftSavedDto {
        id: saved.id,
        saved_at: domain::time::format_datetime(saved.updated_at),
        similar,
    })
}

/// Answers a button that only saves (a file's "Xóa", a card's "Xóa", "Lưu nháp", "Thêm …") or a
/// file chosen but never sent; `false` when the post files the entry.
#[cfg(feature = "ssr")]
async fn answer_buttons(
    user: &domain::accounts::User,
    saved: &domain::submission::drafts::DraftInfo,
    input: &InitiativeInput,
    b: &FormButtons,
    removed: Option<&'static str>,
) -> Result<bool, AppError> {
    use crate::request::*;
    let page = form_page(Some(saved.id));
    let action = b.action.as_deref().unwrap_or_default();
    let attachment = b.delete_attachment.as_deref();
    if let Some(attachment) = attachment.and_then(|s| s.trim().parse::<i64>().ok()) {
        let s = services()?;
        domain::submission::attachments::delete_from_draft(&s.db, &s.storage, user, attachment)
            .await?;
        redirect(&format!("{page}&da-luu=1#tep-dinh-kem"));
    } else if b
        .file
        .as_deref()
        .is_some_and(|name| !name.trim().is_empty())
    {
        // Chosen, never sent: the browser forgets the choice on the next page, so say it now.
        let mut errors = types::FieldErrors::default();
        errors.add("file", types::FieldError::FileNotUploaded);
        refuse_form(Some(user.id), input.values(), errors, &page).await?;
    } else if let Some(table) = removed {
        redirect(&format!("{page}&da-luu=1#{table}"));
    } else if action == "save" {
        redirect(&format!("{page}&da-luu=1"));
    } else if action == "add_authors" || action == "add_adopters" {
        let table = action.trim_start_matches("add_");
        redirect(&format!("{page}&da-luu=1&them={table}#f-{table}"));
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// Checks everything and files the entry (the receipt), or resubmits a correction; refused input
/// shows the form again with an error next to each field. Filing without any file is allowed (the
/// legal form needs none), but rarely meant: asked once (`files_seen`).
#[cfg(feature = "ssr")]
async fn file_application(
    user: &domain::accounts::User,
    saved: &domain::submission::drafts::DraftInfo,
    input: &InitiativeInput,
    files_seen: bool,
) -> Result<(), AppError> {
    use crate::request::*;
    let db = services()?.db;
    let page = form_page(Some(saved.id));
    let valid = match input.parse(domain::time::today(), &user.full_name) {
        Ok(v) => v,
        Err(errors) => return refuse_form(Some(user.id), input.values(), errors, &page).await,
    };
    let filed = if let Some(initiative_id) = saved.initiative_id {
        domain::submission::corrections::resubmit(&db, user, saved.id, valid)
            .await
            .map(|_| format!("{}?da-nop-lai=1", crate::paths::case(initiative_id)))
    } else if !files_seen
        && domain::submission::attachments::of_draft(&db, user, saved.id)
            .await?
            .is_empty()
    {
        redirect(&format!("{page}&khong-tep=1#tep-dinh-kem"));
        return Ok(());
    } else {
        domain::submission::initiatives::submit(&db, user, valid, Some(saved.id))
            .await
            .map(|receipt| format!("{}?bien-nhan=1", crate::paths::case(receipt.id)))
    };
    match filed {
        Ok(next) => {
            redirect(&next);
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(user.id), input.values(), errors, &page).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Deletes one of the caller's drafts (with the confirmation box ticked), then back to their list.
/// A section's text as it will read on the entry's pages (rendered and sanitised on the server): the
/// preview of the formatting bar. Signed-in people only; the text is not stored.
#[server(endpoint = "xem-truoc")]
pub async fn preview_text(text: String) -> Result<String, AppError> {
    use crate::request::*;
    require_user().await?;
    // A section never holds more; a longer text is previewed up to the limit.
    let text: String = text.chars().take(types::MAX_SECTION_CHARS).collect();
    Ok(domain::richtext::to_html(&text))
}

#[server(endpoint = "xoa-nhap")]
pub async fn delete_draft(draft_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &form_page(Some(draft_id))).await;
    }
    let s = services()?;
    domain::submission::attachments::discard_draft(&s.db, &s.storage, &user, draft_id).await?;
    redirect(&format!("{}?da-xoa=1", crate::paths::mine()));
    Ok(())
}

/// The caller's drafts and entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MineDto {
    pub drafts: Vec<DraftRowDto>,
    pub entries: Vec<SummaryDto>,
}

#[server(endpoint = "cua-toi")]
pub async fn my_initiatives() -> Result<MineDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let db = services()?.db;
    let rows = domain::submission::initiatives::mine(&db, &user).await?;
    let drafts = domain::submission::drafts::list(&db, &user).await?;
    Ok(MineDto {
        drafts: drafts
            .into_iter()
            .map(|d| DraftRowDto {
                id: d.id,
                title: d.title,
                saved_at: domain::time::format_datetime(d.updated_at),
            })
            .collect(),
        entries: rows.into_iter().map(SummaryDto::from).collect(),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDto {
    pub initiative: InitiativeDto,
    pub history: Vec<HistoryDto>,
    /// The viewer filed it and may still withdraw it.
    pub can_withdraw: bool,
    /// The viewer filed it and corrections were asked for.
    pub can_correct: bool,
    /// Whom its filer may contact: the secretaries of its campaign (name, email), for the receipt.
    pub contacts: Vec<(String, String)>,
    /// The viewer may print the application form as filed.
    pub form_printable: bool,
    /// The viewer may print the certificates (recognised; published, or the viewer is staff).
    pub certificates_printable: bool,
}

/// An entry with its timeline, for its filer and the staff who may see it.
#[server(endpoint = "ho-so")]
pub async fn case_data(id: i64) -> Result<CaseDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let c = domain::submission::initiatives::case(&services()?.db, &user, id).await?;
    Ok(CaseDto {
        initiative: c.entry.into(),
        history: c.history.into_iter().map(HistoryDto::from).collect(),
        can_withdraw: c.can_withdraw,
        can_correct: c.can_correct,
        contacts: c.contacts,
        form_printable: c.form_printable,
        certificates_printable: c.certificates_printable,
    })
}

/// The filer withdraws their entry (with the confirmation box ticked), then back to the entry.
#[server(endpoint = "rut-ho-so")]
pub async fn withdraw_initiative(
    initiative_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::case(initiative_id);
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &page).await;
    }
    match domain::submission::initiatives::withdraw(&services()?.db, &user, initiative_id).await {
        Ok(()) => {
            redirect(&page);
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => refuse_form(Some(user.id), vec![], e, &page).await,
        Err(e) => Err(e.into()),
    }
}

/// Removes a file from one of the caller's drafts, then back to the draft.
#[server(endpoint = "xoa-tep")]
pub async fn delete_attachment(attachment_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let s = services()?;
    let draft_id =
        domain::submission::attachments::delete_from_draft(&s.db, &s.storage, &user, attachment_id)
            .await?;
    redirect(&format!("{}#tep-dinh-kem", crate::paths::draft(draft_id)));
    Ok(())
}

/// The filer starts (or resumes) correcting their entry: to the form with the entry as filed.
#[server(endpoint = "sua-ho-so")]
pub async fn start_correction(initiative_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let draft =
        domain::submission::corrections::start(&services()?.db, &user, initiative_id).await?;
    redirect(&form_page(Some(draft)));
    Ok(())
}
