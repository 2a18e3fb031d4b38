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
