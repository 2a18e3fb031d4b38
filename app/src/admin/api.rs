//! Administration (admins only): accounts and roles, campaign secretaries, the mail log, the audit
//! log check.
use crate::dto::UserDto;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An account as the administration's list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountRowDto {
    pub user: UserDto,
    pub deactivated: bool,
    /// Erased on request: nothing left to act on.
    pub erased: bool,
    /// When it was made (`dd/mm/yyyy`).
    pub created_on: String,
}

/// One page of the administration's accounts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountsPageDto {
    /// The administrator looking (their own row offers no deactivation).
    pub viewer: i64,
    pub rows: Vec<AccountRowDto>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

#[cfg(feature = "ssr")]
impl AccountsPageDto {
    fn of(p: domain::accounts::manage::UserPage, viewer: i64) -> Self {
        use domain::time::{format_date, local_date};
        AccountsPageDto {
            viewer,
            rows: p
                .rows
                .into_iter()
                .map(|r| AccountRowDto {
                    user: UserDto::from(r.user),
                    deactivated: r.deactivated,
                    erased: r.erased,
                    created_on: format_date(local_date(r.created_at)),
                })
                .collect(),
            total: p.total,
            page: p.page,
            pages: p.pages,
        }
    }
}

/// The accounts whose name or address holds the words `q`, one page at a time (administrators).
#[server(endpoint = "nguoi-dung")]
pub async fn admin_users(
    q: Option<String>,
    page: Option<usize>,
) -> Result<AccountsPageDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let q = q.unwrap_or_default();
    let found =
        domain::accounts::manage::find(&services()?.db, &user, &q, page.unwrap_or(1)).await?;
    Ok(AccountsPageDto::of(found, user.id))
}

/// Invites a person by email, with the ticked roles: the mail's link sets their first password.
#[server(endpoint = "moi-nguoi-dung")]
pub async fn invite_user(
    #[server(flatten)] form: types::form::InviteFields,
) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    actor.require(types::Role::Admin)?;
    let page = crate::paths::admin();
    let invite = match form.parse() {
        Ok(invite) => invite,
        Err(e) => return refuse_form(Some(actor.id), form.values(), e, &page).await,
    };
    let r = domain::accounts::manage::invite(&services()?.db, &actor, invite).await;
    form_result(
        r,
        actor.id,
        form.values(),
        &page,
        &format!("{page}?da-moi=1"),
    )
    .await
}

/// Deactivates an account (with the confirmation box ticked): sign-in refused, sessions ended.
#[server(endpoint = "khoa-tai-khoan")]
pub async fn deactivate_user(user_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    actor.require(types::Role::Admin)?;
    let (page, db) = (crate::paths::admin(), services()?.db);
    let values = vec![("user_id".to_string(), user_id.to_string())];
    let act = domain::accounts::manage::deactivate(&db, &actor, user_id);
    confirmed(
        actor.id,
        &confirm,
        values,
        &page,
        &format!("{page}?luu=1"),
        act,
    )
    .await
}

/// Erases a (deactivated) account's personal data at the person's request, with its box ticked.
#[server(endpoint = "xoa-du-lieu-tai-khoan")]
pub async fn erase_user(user_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    actor.require(types::Role::Admin)?;
    let page = crate::paths::admin();
    let values = vec![("user_id".to_string(), user_id.to_string())];
    if confirm.is_none() {
        let e = types::FieldError::NotTicked;
        return refuse_field(actor.id, values, "confirm_erase", e, &page).await;
    }
    let s = services()?;
    let r = domain::admin::erasure::erase(&s.db, &s.storage, &actor, user_id).await;
    form_result(r, actor.id, values, &page, &format!("{page}?da-xoa=1")).await
}

/// Lets a deactivated account sign in again.
#[server(endpoint = "mo-tai-khoan")]
pub async fn reactivate_user(user_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    let page = crate::paths::admin();
    let values = vec![("user_id".to_string(), user_id.to_string())];
    let r = domain::accounts::manage::reactivate(&services()?.db, &actor, user_id).await;
    form_result(r, actor.id, values, &page, &format!("{page}?luu=1")).await
}

/// Mails an account a password reset link.
#[server(endpoint = "gui-dat-lai-mat-khau")]
pub async fn send_user_reset(user_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let actor = require_user().await?;
    let page = crate::paths::admin();
    let values = vec![("user_id".to_string(), user_id.to_string())];
    let r = domain::accounts::manage::send_reset(&services()?.db, &actor, user_id).await;
    form_result(r, actor.id, values, &page, &format!("{page}?da-gui=1")).await
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

/// Sends a waiting mail at the worker's next round (administrators), back to the mail log.
#[server(endpoint = "gui-lai-thu")]
pub async fn retry_mail(mail_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    user.require(types::Role::Admin)?;
    let page = crate::paths::admin();
    let r = domain::admin::mail_log::retry(&services()?.db, &user, mail_id).await;
    let values = vec![("mail_id".to_string(), mail_id.to_string())];
    form_result(
        r,
        user.id,
        values,
        &page,
        &format!("{page}?gui-lai=1#nhat-ky-thu"),
    )
    .await
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

/// One record of the audit log as the viewer shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRowDto {
    pub id: i64,
    pub at: String,
    pub actor: Option<String>,
    pub kind: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// A page of the audit log for the filters asked, the chain check, and the filters' choices; or,
/// for filters that do not read, their errors and no records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLogDto {
    pub rows: Vec<AuditRowDto>,
    pub total: u64,
    pub page: usize,
    pub pages: usize,
    pub kinds: Vec<String>,
    pub actions: Vec<String>,
    /// The chain check, when asked.
    pub check: Option<AuditCheckDto>,
    pub errors: types::FieldErrors,
}

/// The audit log filtered, newest first, with the chain check when asked (administrators).
#[server(endpoint = "nhat-ky-kiem-toan")]
pub async fn audit_log(
    #[server(flatten)] query: types::form::AuditQuery,
) -> Result<AuditLogDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    user.require(types::Role::Admin)?;
    let db = services()?.db;
    AuditLogDto::find(&db, &user, &query).await
}

#[cfg(feature = "ssr")]
impl AuditLogDto {
    /// The page for the filters as typed; filters that do not read (or match too many people)
    /// give their errors beside the fields and no record.
    async fn find(
        db: &domain::DatabaseConnection,
        user: &domain::accounts::User,
        query: &types::form::AuditQuery,
    ) -> Result<Self, AppError> {
        use domain::admin::audit_view::find;
        let none = types::ValidAuditQuery {
            record: Some(0),
            ..Default::default()
        };
        let refused =
            |e| async move { Ok::<_, AppError>(Self::new(find(db, user, &none).await?, e)) };
        match query.parse() {
            Err(e) => refused(e).await,
            Ok(q) => match find(db, user, &q).await {
                Ok(p) => Ok(Self::new(p, types::FieldErrors::default())),
                Err(domain::Error::Invalid(e)) => refused(e).await,
                Err(e) => Err(e.into()),
            },
        }
    }

    fn new(p: domain::admin::audit_view::AuditPage, errors: types::FieldErrors) -> Self {
        AuditLogDto {
            rows: p
                .rows
                .into_iter()
                .map(|r| AuditRowDto {
                    id: r.id,
                    at: domain::time::format_datetime(r.at),
                    actor: r.actor,
                    kind: r.entity,
                    entity_id: r.entity_id,
                    action: r.action,
                    before: r.before,
                    after: r.after,
                    reason: r.reason,
                })
                .collect(),
            total: p.total,
            page: p.page,
            pages: p.pages,
            kinds: domain::audit::Entity::ALL
                .iter()
                .map(|k| k.code().to_string())
                .collect(),
            actions: p.actions,
            check: p.verdict.map(Into::into),
            errors,
        }
    }
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

/// A campaign as the administrators' list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignAdminDto {
    pub id: i64,
    pub name: String,
    pub year: i32,
    /// The filing window, as dates in Sơn La (`dd/mm/yyyy`, the closing day included).
    pub opens_on: String,
    pub closes_on: String,
    /// `open`, `upcoming`, `closed` or `archived`.
    pub state: String,
    pub entries: u64,
    pub undecided: u64,
    pub practice: bool,
}

#[cfg(feature = "ssr")]
impl From<domain::admin::campaigns::CampaignRow> for CampaignAdminDto {
    fn from(r: domain::admin::campaigns::CampaignRow) -> Self {
        use domain::time::{format_date, local_date};
        let c = r.campaign;
        let now = domain::time::now();
        let state = if c.archived_at.is_some() {
            "archived"
        } else if c.is_open_at(now) {
            "open"
        } else if now < c.opens_at {
            "upcoming"
        } else {
            "closed"
        };
        CampaignAdminDto {
            id: c.id,
            name: c.name,
            year: c.year,
            opens_on: format_date(local_date(c.opens_at)),
            // The window ends at the midnight after its last day.
            closes_on: format_date(local_date(c.closes_at - chrono::Duration::seconds(1))),
            state: state.into(),
            entries: r.entries,
            undecided: r.undecided,
            practice: c.practice,
        }
    }
}

/// Every campaign, newest first (administrators only).
#[server(endpoint = "dot-thi-dua")]
pub async fn admin_campaigns() -> Result<Vec<CampaignAdminDto>, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let rows = domain::admin::campaigns::list(&services()?.db, &user).await?;
    Ok(rows.into_iter().map(CampaignAdminDto::from).collect())
}

/// Opens a new campaign; on success, on to its page to set its phases, rubric and council.
#[server(endpoint = "mo-dot")]
pub async fn create_campaign(
    #[server(flatten)] form: types::form::CampaignFields,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    user.require(types::Role::Admin)?;
    let page = crate::paths::admin_campaigns();
    let input = match form.parse() {
        Ok(input) => input,
        Err(e) => return refuse_form(Some(user.id), form.values(), e, &page).await,
    };
    let r = domain::admin::campaigns::create(&services()?.db, &user, &input).await;
    to_new_campaign(r, user.id, form.values()).await
}

/// Copies an earlier campaign for a later year; on success, on to the new campaign's page.
#[server(endpoint = "sao-chep-dot")]
pub async fn copy_campaign(
    #[server(flatten)] form: types::form::CopyFields,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    user.require(types::Role::Admin)?;
    let page = crate::paths::admin_campaigns();
    let input = match form.parse() {
        Ok(input) => input,
        Err(e) => return refuse_form(Some(user.id), form.values(), e, &page).await,
    };
    let r = domain::admin::campaigns::copy(&services()?.db, &user, &input).await;
    to_new_campaign(r, user.id, form.values()).await
}

/// On to a new campaign's page, or back to the campaigns with the form refused.
#[cfg(feature = "ssr")]
async fn to_new_campaign(
    r: domain::Result<i64>,
    owner: i64,
    values: Vec<(String, String)>,
) -> Result<(), AppError> {
    let page = crate::paths::admin_campaigns();
    let next = match &r {
        Ok(id) => format!("{}?moi=1", crate::paths::campaign(*id)),
        Err(_) => page.clone(),
    };
    crate::request::form_result(r, owner, values, &page, &next).await
}

/// Archives a finished campaign (with the confirmation box ticked).
#[server(endpoint = "luu-tru-dot")]
pub async fn archive_campaign(campaign_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    user.require(types::Role::Admin)?;
    let (page, db) = (crate::paths::admin_campaigns(), services()?.db);
    let values = vec![("campaign_id".to_string(), campaign_id.to_string())];
    let act = domain::admin::campaigns::archive(&db, &user, campaign_id);
    confirmed(
        user.id,
        &confirm,
        values,
        &page,
        &format!("{page}?luu=1"),
        act,
    )
    .await
}

/// Takes a campaign out of the archive.
#[server(endpoint = "khoi-phuc-dot")]
pub async fn restore_campaign(campaign_id: i64) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::admin_campaigns();
    let r = domain::admin::campaigns::restore(&services()?.db, &user, campaign_id).await;
    form_result(r, user.id, vec![], &page, &format!("{page}?luu=1")).await
}
