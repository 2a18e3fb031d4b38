//! Accounts and roles (admins only).
use crate::dto::UserDto;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "tai-khoan")]
pub async fn admin_users() -> Result<Vec<UserDto>, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let users = domain::accounts::list_users(&services()?.db, &user)
        .await
        .map_err(map_err)?;
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
    use crate::ssr::*;
    use types::Role;
    let actor = require_user().await?;
    let roles: Vec<Role> = [
        (reviewer, Role::Reviewer),
        (secretary, Role::Secretary),
        (admin, Role::Admin),
    ]
    .into_iter()
    .filter_map(|(v, r)| v.is_some().then_some(r))
    .collect();
    match domain::accounts::set_roles(&services()?.db, &actor, user_id, &roles).await {
        Ok(()) => {
            redirect("/quan-tri?luu=1");
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => {
            refuse_form(
                Some(actor.id),
                vec![("user_id".into(), user_id.to_string())],
                e,
                "/quan-tri",
            )
            .await
        }
        Err(e) => Err(map_err(e)),
    }
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
    use crate::ssr::*;
    use domain::time::format_datetime;
    let user = require_user().await?;
    let rows = domain::mail_log::log(&services()?.db, &user, 50)
        .await
        .map_err(map_err)?;
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
    use crate::ssr::*;
    let user = require_user().await?;
    let rows = domain::staff::all_campaigns(&services()?.db, &user)
        .await
        .map_err(map_err)?;
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
    use crate::ssr::*;
    let actor = require_user().await?;
    let result = domain::staff::assign(&services()?.db, &actor, campaign_id, &email).await;
    let values = vec![
        ("campaign_id".to_string(), campaign_id.to_string()),
        ("email".to_string(), email),
    ];
    form_result(result, actor.id, values, "/quan-tri", "/quan-tri?luu=1").await
}

/// An administrator ends a secretary's assignment to a campaign.
#[server(endpoint = "bo-thu-ky")]
pub async fn unassign_secretary(campaign_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::ssr::*;
    let actor = require_user().await?;
    let result = domain::staff::unassign(&services()?.db, &actor, campaign_id, user_id).await;
    form_result(result, actor.id, vec![], "/quan-tri", "/quan-tri?luu=1").await
}
