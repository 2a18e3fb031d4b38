//! Asking for a long export, and reading where it is.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An export as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportDto {
    pub id: i64,
    /// `meeting_sheet`, `recognised_list` or `certificates`.
    pub kind: String,
    pub campaign_id: i64,
    pub campaign_name: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub done: u32,
    pub total: u32,
    pub file_name: Option<String>,
    pub failure: Option<String>,
    pub created_at: String,
}

impl ExportDto {
    /// Still to finish: the page follows it.
    pub fn pending(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "running")
    }
}

#[cfg(feature = "ssr")]
impl From<domain::documents::exports::ExportView> for ExportDto {
    fn from(v: domain::documents::exports::ExportView) -> Self {
        ExportDto {
            id: v.id,
            kind: v.kind.code().into(),
            campaign_id: v.campaign_id,
            campaign_name: v.campaign_name,
            status: v.status.code().into(),
            done: v.done,
            total: v.total,
            file_name: v.file_name,
            failure: v.failure,
            created_at: domain::time::format_datetime(v.created_at),
        }
    }
}

/// Asks for an export of a campaign (`kind`: `meeting_sheet`, `recognised_list`, `certificates`),
/// then to its page, where it is followed until its file is ready.
#[server(endpoint = "xuat-van-ban")]
pub async fn request_export(campaign_id: i64, kind: String) -> Result<(), AppError> {
    use crate::request::*;
    use domain::documents::exports::{self, ExportKind};
    let user = require_user().await?;
    let kind = ExportKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let id = exports::request(&services()?.db, &user, campaign_id, kind).await?;
    redirect(&crate::paths::export(id));
    Ok(())
}

/// Where an export is, for the person who asked for it.
#[server(endpoint = "tien-do-xuat")]
pub async fn export_status(id: i64) -> Result<ExportDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let v = domain::documents::exports::view(&services()?.db, &user, id).await?;
    Ok(v.into())
}

/// A count under one heading of the summing-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountDto {
    /// A unit's name, or the code of a pillar, sector or level (empty when the entries have none).
    pub key: String,
    pub filed: u32,
    pub recognised: u32,
    pub provincial: u32,
    pub rank: Option<u32>,
}

/// An initiative a proposal rests on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasisDto {
    pub initiative_id: i64,
    pub code: Option<String>,
    pub title: String,
    pub level: Option<String>,
    /// The person's share, as printed ("33,3").
    pub share: Option<String>,
    pub decision_no: Option<String>,
    pub decided_on: Option<String>,
}

/// One proposal for commendation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommendationDto {
    pub id: i64,
    pub collective: bool,
    pub name: String,
    pub unit: Option<String>,
    pub award: String,
    pub note: Option<String>,
    pub basis: Vec<BasisDto>,
    /// The viewer may not change it (it names them, or rests on an entry they are in conflict with).
    pub conflicted: bool,
}

/// A campaign's summing-up as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummingUpDto {
    pub campaign_id: i64,
    pub campaign_name: String,
    pub year: i32,
    pub announced: bool,
    pub filed: u32,
    pub recognised: u32,
    pub by_unit: Vec<CountDto>,
    pub by_pillar: Vec<CountDto>,
    pub by_sector: Vec<CountDto>,
    pub by_level: Vec<CountDto>,
    pub rules: types::form::RulesFields,
    pub built_at: Option<String>,
    pub issued_at: Option<String>,
    pub issued_by: Option<String>,
    pub proposals: Vec<CommendationDto>,
}

#[cfg(feature = "ssr")]
mod summing_convert {
    use super::*;
    use domain::documents::summing::{Proposal, ProposalKind, SummingUp, Tally};
    use domain::time::{format_date, format_datetime};

    fn tallies(v: Vec<Tally>) -> Vec<CountDto> {
        v.into_iter()
            .map(|t| CountDto {
                key: t.key,
                filed: t.filed,
                recognised: t.recognised,
                provincial: t.provincial,
                rank: t.rank,
            })
            .collect()
    }

    impl From<Proposal> for CommendationDto {
        fn from(p: Proposal) -> Self {
            CommendationDto {
                id: p.id,
                collective: p.kind == ProposalKind::Collective,
                name: p.name,
                unit: p.unit,
                award: p.award,
                note: p.note,
                conflicted: p.conflicted,
                basis: p
                    .basis
                    .into_iter()
                    .map(|b| BasisDto {
                        initiative_id: b.initiative_id,
                        code: b.code,
                        title: b.title,
                        level: b.level,
                        share: b.share_tenths.map(types::format_share),
                        decision_no: b.decision_no,
                        decided_on: b.decided_on.map(format_date),
                    })
                    .collect(),
            }
        }
    }

    impl From<SummingUp> for SummingUpDto {
        fn from(s: SummingUp) -> Self {
            SummingUpDto {
                campaign_id: s.campaign_id,
                campaign_name: s.campaign_name,
                year: s.year,
                announced: s.announced,
                filed: s.filed,
                recognised: s.recognised,
                by_unit: tallies(s.by_unit),
                by_pillar: tallies(s.by_pillar),
                by_sector: tallies(s.by_sector),
                by_level: tallies(s.by_level),
                rules: s.rules.fields(),
                built_at: s.built_at.map(format_datetime),
                issued_at: s.issued_at.map(format_datetime),
                issued_by: s.issued_by,
                proposals: s.proposals.into_iter().map(Into::into).collect(),
            }
        }
    }
}

/// A campaign's summing-up, for its secretaries and administrators.
#[server(endpoint = "tong-ket")]
pub async fn summing_up_data(campaign_id: i64) -> Result<SummingUpDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let s = domain::documents::summing::view(&services()?.db, &user, campaign_id).await?;
    Ok(s.into())
}

/// Sets the rules the proposals for commendation are built from.
#[server(endpoint = "tieu-chi-khen-thuong")]
pub async fn save_summing_rules(
    campaign_id: i64,
    #[server(flatten)] form: types::form::RulesFields,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::summing_up(campaign_id);
    let rules = match form.parse() {
        Ok(r) => r,
        Err(e) => return refuse_form(Some(user.id), form.values(), e, &page).await,
    };
    let r =
        domain::documents::summing::save_rules(&services()?.db, &user, campaign_id, &rules).await;
    let next = format!("{page}?da-luu=1#tieu-chi");
    form_result(r, user.id, form.values(), &page, &next).await
}

/// Builds the list of proposals from the rules, in place of the one before (which needs the
/// confirmation box: the service refuses to replace a list without it).
#[server(endpoint = "lap-danh-sach-khen-thuong")]
pub async fn build_commendations(
    campaign_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::summing_up(campaign_id);
    let db = services()?.db;
    let r = domain::documents::summing::build(&db, &user, campaign_id, confirm.is_some()).await;
    let next = match &r {
        Ok(n) => format!("{page}?da-lap={n}#de-nghi"),
        Err(_) => page.clone(),
    };
    form_result(r, user.id, vec![], &page, &next).await
}

/// Changes one proposal: the commendation it names and its note.
#[server(endpoint = "sua-de-nghi-khen-thuong")]
pub async fn edit_commendation(
    campaign_id: i64,
    proposal_id: i64,
    #[server(flatten)] form: types::form::ProposalFields,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::summing_up(campaign_id);
    let mut values = form.values();
    values.push(("proposal_id".into(), proposal_id.to_string()));
    let input = match form.parse() {
        Ok(p) => p,
        Err(e) => return refuse_form(Some(user.id), values, e, &page).await,
    };
    let db = services()?.db;
    let r = domain::documents::summing::edit_proposal(&db, &user, proposal_id, &input).await;
    // The page of the proposal's own campaign, whatever the form said.
    let page = match &r {
        Ok(c) => crate::paths::summing_up(*c),
        Err(_) => page,
    };
    let next = format!("{page}?da-luu=1#de-nghi-{proposal_id}");
    form_result(r, user.id, values, &page, &next).await
}

/// Strikes one proposal out of the list (with the confirmation box).
#[server(endpoint = "bo-de-nghi-khen-thuong")]
pub async fn remove_commendation(
    campaign_id: i64,
    proposal_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::summing_up(campaign_id);
    let values = vec![("proposal_id".into(), proposal_id.to_string())];
    if confirm.is_none() {
        return refuse_field(
            user.id,
            values,
            "confirm_remove",
            types::FieldError::NotTicked,
            &page,
        )
        .await;
    }
    let r = domain::documents::summing::remove_proposal(&services()?.db, &user, proposal_id).await;
    let page = match &r {
        Ok(c) => crate::paths::summing_up(*c),
        Err(_) => page,
    };
    let next = format!("{page}?da-bo=1#de-nghi");
    form_result(r, user.id, values, &page, &next).await
}

/// Issues the list of proposals: from then on it stands as issued (with the confirmation box).
#[server(endpoint = "ban-hanh-khen-thuong")]
pub async fn issue_commendations(
    campaign_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::summing_up(campaign_id);
    if confirm.is_none() {
        let e = types::FieldError::NotTicked;
        return refuse_field(user.id, vec![], "confirm-issue", e, &page).await;
    }
    let r = domain::documents::summing::issue(&services()?.db, &user, campaign_id).await;
    let next = format!("{page}?da-ban-hanh=1#ban-hanh");
    form_result(r, user.id, vec![], &page, &next).await
}
