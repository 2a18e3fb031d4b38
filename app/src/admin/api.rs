//! Administration (admins only): accounts and roles, campaign secretaries, the mail log, the audit
//! log check.
use crate::dto::UserDto;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[server(endpoint = "nguoi-dung")]
pub async fn admin_users() -> Result<Vec<UserDto>, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let users = domain::accounts::list_users(&services()?.db, &user).await?;
    Ok(users.into_iter().map(UserDto::from).collect())
}

/// Sets the roles of one account from the checkboxes of the admin page.
#[server(endpoint = "phan-quyen")]
pub async fn set_roles(
    user_id: i64,
    reviewer: Option<String>,
    secretary: Option<String>,
    admin: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    let roles = ticked_roles(reviewer, secretary, admin);
    match domain::accounts::set_roles(&services()?.db, &actor, user_id, &roles).await {
        Ok(()) => {
            redirect(&format!("{}?luu=1", crate::paths::admin()));
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => {
            refuse_form(
                Some(actor.id),
                vec![("user_id".into(), user_id.to_string())],
                e,
                &crate::paths::admin(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// The roles whose checkbox is ticked.
#[cfg(feature = "ssr")]
fn ticked_roles(
    reviewer: Option<String>,
    secretary: Option<String>,
    admin: Option<String>,
) -> Vec<types::Role> {
    use types::Role;
    [
        (reviewer, Role::Reviewer),
        (secretary, Role::Secretary),
        (admin, Role::Admin),
    ]
    .into_iter()
    .filter_map(|(v, r)| v.is_some().then_some(r))
    .collect()
}

/// A line of the mail log.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MailRowDto {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    /// A development `.eml` file exists for it.
    pub has_file: bool,
}

/// The newest mails (administrators only).
#[server(endpoint = "nhat-ky-thu")]
pub async fn mail_log() -> Result<Vec<MailRowDto>, AppError> {
    use crate::request::*;
    use domain::time::format_datetime;
    let user = require_user().await?;
    let rows = domain::admin::mail_log::log(&services()?.db, &user, 50).await?;
    Ok(rows
        .into_iter()
        .map(|m| MailRowDto {
            id: m.id,
            to: m.to,
            subject: m.subject,
            created_at: format_datetime(m.created_at),
            sent_at: m.sent_at.map(format_datetime),
            attempts: m.attempts,
            last_error: m.last_error,
            has_file: m.file_name.is_some(),
        })
        .collect())
}

/// A campaign and its secretaries, for the administration page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CampaignSecretariesDto {
    pub campaign_id: i64,
    pub campaign_name: String,
    /// (user id, name, email)
    pub secretaries: Vec<(i64, String, String)>,
}

/// Every campaign with its secretaries (administrators only).
#[server(endpoint = "thu-ky-dot")]
pub async fn campaign_secretaries() -> Result<Vec<CampaignSecretariesDto>, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let rows = domain::accounts::staff::all_campaigns(&services()?.db, &user).await?;
    Ok(rows
        .into_iter()
        .map(|(c, people)| CampaignSecretariesDto {
            campaign_id: c.id,
            campaign_name: c.name,
            secretaries: people
                .into_iter()
                .map(|p| (p.user_id, p.name, p.email))
                .collect(),
        })
        .collect())
}

/// An administrator makes a secretary (by email) a secretary of a campaign.
#[server(endpoint = "giao-thu-ky")]
pub async fn assign_secretary(campaign_id: i64, email: String) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    let result =
        domain::accounts::staff::assign(&services()?.db, &actor, campaign_id, &email).await;
    let values = vec![
        ("campaign_id".to_string(), campaign_id.to_string()),
        ("email".to_string(), email),
    ];
    form_result(
        result,
        actor.id,
        values,
        &crate::paths::admin(),
        &format!("{}?luu=1", crate::paths::admin()),
    )
    .await
}

/// An administrator ends a secretary's assignment to a campaign.
#[server(endpoint = "bo-thu-ky")]
pub async fn unassign_secretary(campaign_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    let result =
        domain::accounts::staff::unassign(&services()?.db, &actor, campaign_id, user_id).await;
    form_result(
        result,
        actor.id,
        vec![],
        &crate::paths::admin(),
        &format!("{}?luu=1", crate::paths::admin()),
    )
    .await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditCheckDto {
    pub intact: bool,
    pub records: i64,
    pub broken_at: Option<i64>,
    /// `altered`, `unlinked`, `missing` or `truncated`.
    pub problem: Option<String>,
}

/// Checks the audit log's hash chain (administrators).
#[server(endpoint = "kiem-tra-nhat-ky")]
pub async fn audit_check() -> Result<AuditCheckDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    user.require(types::Role::Admin)?;
    let verdict = domain::audit::verify(&services()?.db).await?;
    Ok(AuditCheckDto::from(verdict))
}

#[cfg(feature = "ssr")]
impl From<domain::audit::Verdict> for AuditCheckDto {
    fn from(v: domain::audit::Verdict) -> Self {
        use domain::audit::{Problem, Verdict};
        match v {
            Verdict::Intact { records } => AuditCheckDto {
                intact: true,
                records,
                broken_at: None,
                problem: None,
            },
            Verdict::Broken { record_id, problem } => AuditCheckDto {
                intact: false,
                records: record_id - 1,
                broken_at: Some(record_id),
                problem: Some(
                    match problem {
                        Problem::Altered => "altered",
                        Problem::Unlinked => "unlinked",
                        Problem::Missing => "missing",
                        Problem::Truncated => "truncated",
                    }
                    .into(),
                ),
            },
        }
    }
}

