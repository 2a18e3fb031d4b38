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
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let campaigns = domain::catalog::open_campaigns(&db)
        .await
        .map_err(map_err)?;
    let units = domain::catalog::current_units(&db).await.map_err(map_err)?;
    let attachments = match draft {
        Some(id) => domain::attachments::of_draft(&db, &user, id)
            .await
            .map_err(map_err)?
            .into_iter()
            .map(crate::dto::AttachmentDto::from)
            .collect(),
        None => vec![],
    };
    let limits = services()?.storage.limits;
    let mut similar = vec![];
    let mut correction = None;
    let draft = match draft {
        Some(id) => {
            let (info, input) = domain::drafts::get(&db, &user, id).await.map_err(map_err)?;
            if let Some(initiative_id) = info.initiative_id {
                let v = domain::initiatives::get_for(&db, Some(&user), initiative_id)
                    .await
                    .map_err(map_err)?;
                correction = Some(CorrectionDto {
                    initiative_id,
                    code: v.code.unwrap_or_default(),
                    campaign_id: v.campaign.id,
                    campaign_name: v.campaign.name,
                });
            }
            similar = domain::public::resembling(&services()?, &input.title, &input.summary, 5)
                .await
                .map_err(map_err)?
                .into_iter()
                .map(SummaryDto::from)
                .collect();
            Some(DraftDto {
                id: info.id,
                saved_at: domain::time::format_datetime(info.updated_at),
                values: input.values(),
            })
        }
        None => None,
    };
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

/// The form page for a draft (`/nop-sang-kien?nhap=ID`).
pub fn form_page(draft_id: Option<i64>) -> String {
    match draft_id {
        Some(id) => format!("/nop-sang-kien?nhap={id}"),
        None => "/nop-sang-kien".to_string(),
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
#[allow(clippy::too_many_arguments)]
pub async fn save_application(
    action: Option<String>,
    draft_id: Option<String>,
    files_seen: Option<String>,
    delete_attachment: Option<String>,
    file: Option<String>,
    remove_row: Option<String>,
    #[server(flatten)] input: InitiativeInput,
) -> Result<Option<DraftSavedDto>, AppError> {
    use crate::ssr::*;
    let mut input = input;
    let removed = remove_row.as_deref().and_then(|r| {
        let (table, row) = r.split_once(':')?;
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
    });
    let action = action.unwrap_or_default();
    let draft_id = draft_id.and_then(|s| s.trim().parse::<i64>().ok());
    let db = services()?.db;
    let user = match require_user().await {
        Ok(u) => u,
        Err(AppError::NotSignedIn) if action != "autosave" => {
            // Kept for this browser only, and without personal particulars (dates of birth,
            // emails): those are typed again after signing in.
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
            redirect(&format!("/dang-nhap?het-phien=1&next={}", encode(&back)));
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let saved = match domain::drafts::save(&db, &user, draft_id, &input).await {
        Ok(d) => d,
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(user.id), input.values(), errors, &form_page(draft_id)).await?;
            return Ok(None);
        }
        Err(e) => return Err(map_err(e)),
    };
    let page = form_page(Some(saved.id));
    if action == "autosave" {
        let similar = if saved.initiative_id.is_some() {
            Vec::new()
        } else {
            domain::public::resembling(&services()?, &input.title, &input.summary, 5)
                .await
                .map_err(map_err)?
                .into_iter()
                .map(|x| SimilarDto::from(&SummaryDto::from(x)))
                .collect()
        };
        return Ok(Some(DraftSavedDto {
            id: saved.id,
            saved_at: domain::time::format_datetime(saved.updated_at),
            similar,
        }));
    }
    if let Some(attachment) = delete_attachment.and_then(|s| s.trim().parse::<i64>().ok()) {
        let s = services()?;
        domain::attachments::delete_from_draft(&s.db, &s.storage, &user, attachment)
            .await
            .map_err(map_err)?;
        redirect(&format!("{page}&da-luu=1#tep-dinh-kem"));
        return Ok(None);
    }
    if file.is_some_and(|name| !name.trim().is_empty()) {
        // Chosen, never sent: the browser forgets the choice on the next page, so say it now.
        let mut errors = types::FieldErrors::default();
        errors.add("file", types::FieldError::FileNotUploaded);
        refuse_form(Some(user.id), input.values(), errors, &page).await?;
        return Ok(None);
    }
    if let Some(table) = removed {
        redirect(&format!("{page}&da-luu=1#{table}"));
        return Ok(None);
    }
    match action.as_str() {
        "save" => {
            redirect(&format!("{page}&da-luu=1"));
            return Ok(None);
        }
        "add_authors" | "add_adopters" => {
            let table = action.trim_start_matches("add_");
            redirect(&format!("{page}&da-luu=1&them={table}#f-{table}"));
            return Ok(None);
        }
        _ => {}
    }
    let valid = match input.parse(domain::time::today(), &user.full_name) {
        Ok(v) => v,
        Err(errors) => {
            refuse_form(Some(user.id), input.values(), errors, &page).await?;
            return Ok(None);
        }
    };
    if let Some(initiative_id) = saved.initiative_id {
        return match domain::corrections::resubmit(&db, &user, saved.id, valid).await {
            Ok(_) => {
                redirect(&format!("/ho-so/{initiative_id}?da-nop-lai=1"));
                Ok(None)
            }
            Err(domain::Error::Invalid(errors)) => {
                refuse_form(Some(user.id), input.values(), errors, &page).await?;
                Ok(None)
            }
            Err(e) => Err(map_err(e)),
        };
    }
    // Filing without any file is allowed (the legal form needs none), but rarely meant: asked once.
    if files_seen.is_none()
        && domain::attachments::of_draft(&db, &user, saved.id)
            .await
            .map_err(map_err)?
            .is_empty()
    {
        redirect(&format!("{page}&khong-tep=1#tep-dinh-kem"));
        return Ok(None);
    }
    match domain::initiatives::submit(&db, &user, valid, Some(saved.id)).await {
        Ok(receipt) => {
            redirect(&format!("/ho-so/{}?bien-nhan=1", receipt.id));
            Ok(None)
        }
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(user.id), input.values(), errors, &page).await?;
            Ok(None)
        }
        Err(e) => Err(map_err(e)),
    }
}

/// Deletes one of the caller's drafts (with the confirmation box ticked), then back to their list.
/// A section's text as it will read on the entry's pages (rendered and sanitised on the server): the
/// preview of the formatting bar. Signed-in people only; the text is not stored.
#[server(endpoint = "xem-truoc")]
pub async fn preview_text(text: String) -> Result<String, AppError> {
    use crate::ssr::*;
    require_user().await?;
    // A section never holds more; a longer text is previewed up to the limit.
    let text: String = text.chars().take(types::MAX_SECTION_CHARS).collect();
    Ok(domain::richtext::to_html(&text))
}

#[server(endpoint = "xoa-nhap")]
pub async fn delete_draft(draft_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &form_page(Some(draft_id))).await;
    }
    let s = services()?;
    domain::attachments::discard_draft(&s.db, &s.storage, &user, draft_id)
        .await
        .map_err(map_err)?;
    redirect("/cua-toi?da-xoa=1");
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
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let rows = domain::initiatives::mine(&db, &user)
        .await
        .map_err(map_err)?;
    let drafts = domain::drafts::list(&db, &user).await.map_err(map_err)?;
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
}

/// An entry with its timeline, for its filer and the staff who may see it.
#[server(endpoint = "ho-so")]
pub async fn case_data(id: i64) -> Result<CaseDto, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let v = domain::initiatives::get_for(&db, Some(&user), id)
        .await
        .map_err(map_err)?;
    let history = domain::initiatives::history(&db, &user, id)
        .await
        .map_err(map_err)?;
    let can_withdraw = v.owner_id == Some(user.id)
        && domain::initiatives::withdrawable(&db, v.id, v.status)
            .await
            .map_err(map_err)?;
    let can_correct = v.owner_id == Some(user.id) && v.status == types::Status::NeedsCorrection;
    let contacts = if v.owner_id == Some(user.id) {
        domain::staff::of_campaign(&db, v.campaign.id)
            .await
            .map_err(map_err)?
            .into_iter()
            .map(|s| (s.name, s.email))
            .collect()
    } else {
        Vec::new()
    };
    Ok(CaseDto {
        initiative: v.into(),
        history: history.into_iter().map(HistoryDto::from).collect(),
        can_withdraw,
        can_correct,
        contacts,
    })
}

/// The filer withdraws their entry (with the confirmation box ticked), then back to the entry.
#[server(endpoint = "rut-ho-so")]
pub async fn withdraw_initiative(
    initiative_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/ho-so/{initiative_id}");
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &page).await;
    }
    match domain::initiatives::withdraw(&services()?.db, &user, initiative_id).await {
        Ok(()) => {
            redirect(&page);
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => refuse_form(Some(user.id), vec![], e, &page).await,
        Err(e) => Err(map_err(e)),
    }
}

/// Removes a file from one of the caller's drafts, then back to the draft.
#[server(endpoint = "xoa-tep")]
pub async fn delete_attachment(attachment_id: i64) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let s = services()?;
    let draft_id = domain::attachments::delete_from_draft(&s.db, &s.storage, &user, attachment_id)
        .await
        .map_err(map_err)?;
    redirect(&format!("/nop-sang-kien?nhap={draft_id}#tep-dinh-kem"));
    Ok(())
}

/// The filer starts (or resumes) correcting their entry: to the form with the entry as filed.
#[server(endpoint = "sua-ho-so")]
pub async fn start_correction(initiative_id: i64) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let draft = domain::corrections::start(&services()?.db, &user, initiative_id)
        .await
        .map_err(map_err)?;
    redirect(&form_page(Some(draft)));
    Ok(())
}
