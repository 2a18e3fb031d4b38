//! The submitter's side: the form, filing, the receipt and "my initiatives".
use crate::dto::{CampaignDto, HistoryDto, InitiativeDto, SummaryDto, UnitDto};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use types::AuthorInput;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitFormDto {
    pub campaigns: Vec<CampaignDto>,
    pub units: Vec<UnitDto>,
}

/// Choices for the submission form (signed-in people only).
#[server(endpoint = "du-lieu-bieu-mau")]
pub async fn submit_form_data() -> Result<SubmitFormDto, AppError> {
    use crate::ssr::*;
    require_user().await?;
    let db = services()?.db;
    let campaigns = domain::catalog::open_campaigns(&db)
        .await
        .map_err(map_err)?;
    let units = domain::catalog::current_units(&db).await.map_err(map_err)?;
    Ok(SubmitFormDto {
        campaigns: campaigns.into_iter().map(CampaignDto::from).collect(),
        units: units.into_iter().map(UnitDto::from).collect(),
    })
}

/// The form's field values by input name (to show a refused form again).
pub fn form_values(input: &types::InitiativeInput) -> Vec<(String, String)> {
    let mut v = vec![
        ("campaign_id".to_string(), input.campaign_id.clone()),
        ("title".to_string(), input.title.clone()),
        ("summary".to_string(), input.summary.clone()),
        ("description".to_string(), input.description.clone()),
        ("solution_type".to_string(), input.solution_type.clone()),
        ("pillar".to_string(), input.pillar.clone()),
        ("sector".to_string(), input.sector.clone()),
        ("unit".to_string(), input.unit.clone()),
    ];
    for (i, a) in input.authors.iter().enumerate() {
        v.push((format!("authors[{i}][name]"), a.name.clone()));
        v.push((format!("authors[{i}][share]"), a.share.clone()));
    }
    v
}

/// Files an initiative. On success: the receipt page. Refused input comes back to the form with
/// everything typed and an error next to each field.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "nop-sang-kien")]
pub async fn submit_initiative(
    campaign_id: Option<String>,
    title: String,
    summary: String,
    description: String,
    solution_type: Option<String>,
    pillar: Option<String>,
    sector: Option<String>,
    unit: Option<String>,
    #[server(default)] authors: Vec<AuthorInput>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = match require_user().await {
        Ok(u) => u,
        Err(AppError::NotSignedIn) => {
            redirect("/dang-nhap?next=%2Fnop-sang-kien");
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let input = types::InitiativeInput {
        campaign_id: campaign_id.unwrap_or_default(),
        title,
        summary,
        description,
        solution_type: solution_type.unwrap_or_default(),
        pillar: pillar.unwrap_or_default(),
        sector: sector.unwrap_or_default(),
        unit: unit.unwrap_or_default(),
        authors,
    };
    let valid = match input.parse() {
        Ok(v) => v,
        Err(errors) => {
            return refuse_form(Some(user.id), form_values(&input), errors, "/nop-sang-kien").await;
        }
    };
    match domain::initiatives::submit(&services()?.db, &user, valid).await {
        Ok(receipt) => {
            redirect(&format!("/ho-so/{}?bien-nhan=1", receipt.id));
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(user.id), form_values(&input), errors, "/nop-sang-kien").await
        }
        Err(e) => Err(map_err(e)),
    }
}

#[server(endpoint = "cua-toi")]
pub async fn my_initiatives() -> Result<Vec<SummaryDto>, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let rows = domain::initiatives::mine(&services()?.db, &user)
        .await
        .map_err(map_err)?;
    Ok(rows.into_iter().map(SummaryDto::from).collect())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseDto {
    pub initiative: InitiativeDto,
    pub history: Vec<HistoryDto>,
    /// The viewer filed it and may still withdraw it.
    pub can_withdraw: bool,
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
    let can_withdraw = v.owner_id == Some(user.id) && domain::initiatives::can_withdraw(v.status);
    Ok(CaseDto {
        initiative: v.into(),
        history: history.into_iter().map(HistoryDto::from).collect(),
        can_withdraw,
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
        let mut e = types::FieldErrors::default();
        e.add("confirm", types::FieldError::Required);
        return refuse_form(Some(user.id), vec![], e, &page).await;
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
