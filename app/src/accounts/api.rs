//! Registration, sign-in, sign-out, and who is signed in.
use crate::dto::UserDto;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, if any (for the header and pages).
#[server(endpoint = "toi")]
pub async fn get_me() -> Result<Option<UserDto>, AppError> {
    use crate::request::*;
    let Some(user) = current_user().await? else {
        return Ok(None);
    };
    let unread = domain::accounts::notifications::unread(&services()?.db, &user).await?;
    let on_council = !domain::council::campaigns_of_member(&services()?.db, user.id)
        .await?
        .is_empty();
    let mut dto = UserDto::from(user);
    dto.unread = unread;
    dto.on_council = on_council;
    Ok(Some(dto))
}

/// One notification.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NotificationDto {
    pub message: String,
    pub link: Option<String>,
    pub at: String,
    pub read: bool,
}

/// The signed-in person's notifications, newest first.
#[server(endpoint = "thong-bao")]
pub async fn notifications() -> Result<Vec<NotificationDto>, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let rows = domain::accounts::notifications::list(&services()?.db, &user).await?;
    Ok(rows
        .into_iter()
        .map(|n| NotificationDto {
            message: n.message,
            link: n.link_path,
            at: domain::time::format_datetime(n.created_at),
            read: n.read,
        })
        .collect())
}

/// Marks every notification read (a form post, never a side effect of reading the page).
#[server(endpoint = "da-doc")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    domain::accounts::notifications::mark_all_read(&services()?.db, &user).await?;
    redirect(&crate::paths::notifications());
    Ok(())
}

/// Registers a submitter, then says "check your mailbox" whether the address was new or not (the
/// owner of a taken address is mailed instead): nobody learns which addresses have an account.
#[server(endpoint = "dang-ky")]
pub async fn register(
    full_name: String,
    email: String,
    password: String,
    consent: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let parsed = parse_registration(&full_name, &email, &password, consent.is_some());
    let values = vec![
        ("full_name".to_string(), full_name),
        ("email".to_string(), email),
    ];
    let (name, mail, pw) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => return refuse_form(None, values, errors, &crate::paths::register()).await,
    };
    let s = services()?;
    match domain::accounts::register(&s.db, name, mail, pw).await {
        Ok(_) => {
            redirect(&format!("{}?da-gui=1", crate::paths::register()));
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(None, values, errors, &crate::paths::register()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The registration form read: name, address and password, or the errors of every field wrong
/// (the consent box unticked among them).
#[cfg(feature = "ssr")]
fn parse_registration(
    full_name: &str,
    email: &str,
    password: &str,
    consent: bool,
) -> Result<(types::FullName, types::Email, types::Password), types::FieldErrors> {
    use types::{Email, FieldErrors, FullName, Password};
    let mut errors = FieldErrors::default();
    let name = errors.take("full_name", FullName::parse(full_name));
    let mail = errors.take("email", Email::parse(email));
    let pw = errors.take("password", Password::parse(password));
    if !consent {
        errors.add("consent", types::FieldError::NotTicked);
    }
    match (name, mail, pw) {
        (Some(name), Some(mail), Some(pw)) if errors.is_empty() => Ok((name, mail, pw)),
        _ => Err(errors),
    }
}

/// Signs in and goes to `next` (a local path) or the home page.
#[server(endpoint = "dang-nhap")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let s = services()?;
    let (asked, next) = sign_in_next(next.as_deref());
    match domain::accounts::authenticate(&s.db, &email, &password).await {
        Ok(user) => {
            start_session(&s.db, &user).await?;
            // Without a page to return to, each role lands on its own work.
            let landing = if asked { next } else { home_of(&user) };
            redirect(&landing);
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            let values = vec![
                ("email".to_string(), email),
                ("next".to_string(), next.clone()),
            ];
            refuse_form(None, values, errors, &crate::paths::sign_in_then(&next)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether the sign-in form asked for a page to return to, and that page made safe (`/` when none
/// was asked).
#[cfg(feature = "ssr")]
fn sign_in_next(next: Option<&str>) -> (bool, String) {
    use crate::request::safe_next;
    let asked = next
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != crate::paths::HOME);
    (
        asked.is_some(),
        safe_next(asked.unwrap_or(crate::paths::HOME)),
    )
}

/// Signs `user` in on this browser. The session this browser carried before (maybe planted by
/// someone else) ends: a sign-in always starts a fresh one.
#[cfg(feature = "ssr")]
async fn start_session(
    db: &domain::DatabaseConnection,
    user: &domain::accounts::User,
) -> Result<(), AppError> {
    use crate::request::*;
    if let Some(old) = session_token() {
        domain::accounts::end_session(db, &old).await?;
    }
    let token = domain::accounts::create_session(db, user.id).await?;
    set_session_cookie(&token);
    Ok(())
}

/// Where a person lands after signing in when no page asked for it: an administrator on the
/// dashboard, a secretary on the entries to screen, a reviewer on their sheets, anyone else on
/// their own entries.
#[cfg(feature = "ssr")]
fn home_of(user: &domain::accounts::User) -> String {
    use types::Role;
    if user.roles.contains(&Role::Admin) {
        crate::paths::admin()
    } else if user.roles.contains(&Role::Secretary) {
        crate::paths::secretary()
    } else if user.roles.contains(&Role::Reviewer) {
        crate::paths::queue()
    } else {
        crate::paths::mine()
    }
}

/// Signs out of this session.
#[server(endpoint = "dang-xuat")]
pub async fn logout() -> Result<(), AppError> {
    crate::request::end_session().await?;
    crate::request::redirect(crate::paths::HOME);
    Ok(())
}

/// What opening a verification link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verification {
    /// The address is verified now.
    Verified,
    /// The link was used before and the address is verified (a second click).
    AlreadyVerified,
    /// Unknown, expired, or used by an address not verified any more.
    Invalid,
}

/// Confirms an email address from the mailed link (`/xac-minh-email?ma=…`).
#[server(endpoint = "xac-minh-email")]
pub async fn verify_email(token: String) -> Result<Verification, AppError> {
    use crate::request::*;
    let db = services()?.db;
    match domain::accounts::verify_email(&db, &token).await {
        Ok(_) => Ok(Verification::Verified),
        Err(domain::Error::Invalid(_)) => {
            match domain::accounts::verified_by_used_link(&db, &token).await {
                Ok(true) => Ok(Verification::AlreadyVerified),
                Ok(false) => Ok(Verification::Invalid),
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Mails a new verification link to the signed-in person, then back to `next`.
#[server(endpoint = "gui-lai-xac-minh")]
pub async fn resend_verification(next: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    domain::accounts::resend_verification(&services()?.db, &user).await?;
    let next = safe_next(next.as_deref().unwrap_or(&crate::paths::account()));
    let sep = if next.contains('?') { '&' } else { '?' };
    redirect(&format!("{next}{sep}da-gui-xac-minh=1"));
    Ok(())
}

/// Asks for a password-reset link. The answer is the same whether or not the address has an account.
#[server(endpoint = "quen-mat-khau")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::request::*;
    let mail = match types::Email::parse(&email) {
        Ok(m) => m,
        Err(e) => {
            let mut errors = types::FieldErrors::default();
            errors.add("email", e);
            return refuse_form(
                None,
                vec![("email".into(), email)],
                errors,
                &crate::paths::forgot_password(),
            )
            .await;
        }
    };
    domain::accounts::request_password_reset(&services()?.db, &mail).await?;
    redirect(&format!("{}?da-gui=1", crate::paths::forgot_password()));
    Ok(())
}

/// Sets a new password from the mailed link; then sign in again.
#[server(endpoint = "dat-lai-mat-khau")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::request::*;
    let page = crate::paths::reset_password_with(&token);
    let pw = match types::Password::parse(&password) {
        Ok(p) => p,
        Err(e) => {
            let mut errors = types::FieldErrors::default();
            errors.add("password", e);
            return refuse_form(None, vec![], errors, &page).await;
        }
    };
    match domain::accounts::reset_password(&services()?.db, &token, pw).await {
        Ok(()) => {
            redirect(&format!("{}?da-dat-lai=1", crate::paths::sign_in()));
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => refuse_form(None, vec![], errors, &page).await,
        Err(e) => Err(e.into()),
    }
}

/// Changes the signed-in person's password; their other sessions end.
#[server(endpoint = "doi-mat-khau")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let new = match field_parsed("new_password", types::Password::parse(&new_password)) {
        Ok(p) => p,
        Err(errors) => {
            return refuse_form(Some(user.id), vec![], errors, &crate::paths::account()).await;
        }
    };
    let token = session_token();
    let result = domain::accounts::change_password(
        &services()?.db,
        &user,
        &current_password,
        new,
        token.as_deref(),
    )
    .await;
    account_form_result(result, user.id, vec![], "da-doi").await
}

/// A field's parsed value, or the errors that show its problem next to it.
#[cfg(feature = "ssr")]
fn field_parsed<T>(
    field: &str,
    parsed: Result<T, types::FieldError>,
) -> Result<T, types::FieldErrors> {
    parsed.map_err(|e| {
        let mut errors = types::FieldErrors::default();
        errors.add(field, e);
        errors
    })
}

/// The end of a form of the account page: on success back to it with `done` in the address
/// (`?da-doi=1`); refused input back to it with the values and the errors.
#[cfg(feature = "ssr")]
async fn account_form_result(
    result: domain::Result<()>,
    owner: i64,
    values: Vec<(String, String)>,
    done: &str,
) -> Result<(), AppError> {
    use crate::request::*;
    match result {
        Ok(()) => {
            redirect(&format!("{}?{done}=1", crate::paths::account()));
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(owner), values, errors, &crate::paths::account()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Signs the person out on every device (with the confirmation box ticked).
#[server(endpoint = "dang-xuat-tat-ca")]
pub async fn sign_out_everywhere(confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &crate::paths::account()).await;
    }
    domain::accounts::end_all_sessions(&services()?.db, &user).await?;
    clear_session_cookie();
    redirect(&format!("{}?da-dang-xuat-het=1", crate::paths::sign_in()));
    Ok(())
}

/// The profile form's data: the stored profile and the organisations to choose from.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProfileDto {
    pub full_name: String,
    pub submitter_kind: String,
    pub position: String,
    pub qualification: String,
    pub unit: String,
    pub birth_date: String,
    pub phone: String,
    pub units: Vec<crate::dto::UnitDto>,
}

#[server(endpoint = "ho-so-ca-nhan-du-lieu")]
pub async fn my_profile() -> Result<ProfileDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let db = services()?.db;
    let p = domain::accounts::profile(&db, &user, user.id).await?;
    let units = domain::catalog::all_units(&db).await?;
    Ok(ProfileDto {
        full_name: p.full_name,
        submitter_kind: p
            .submitter_kind
            .map(|k| k.code().to_string())
            .unwrap_or_default(),
        position: p.position.unwrap_or_default(),
        qualification: p.qualification.unwrap_or_default(),
        unit: p.unit.map(|u| u.code).unwrap_or_default(),
        birth_date: p
            .birth_date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        phone: p.phone.unwrap_or_default(),
        units: units.into_iter().map(crate::dto::UnitDto::from).collect(),
    })
}

/// Saves the signed-in person's profile.
#[server(endpoint = "ho-so-ca-nhan")]
pub async fn save_profile(#[server(flatten)] input: types::ProfileInput) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let values = profile_values(&input);
    let valid = match input.parse(domain::time::today()) {
        Ok(v) => v,
        Err(errors) => {
            return refuse_form(Some(user.id), values, errors, &crate::paths::account()).await;
        }
    };
    let result = domain::accounts::update_profile(&services()?.db, &user, valid).await;
    account_form_result(result, user.id, values, "da-luu-ho-so").await
}

/// The profile form's values as typed, kept when it is refused.
#[cfg(feature = "ssr")]
fn profile_values(input: &types::ProfileInput) -> Vec<(String, String)> {
    vec![
        ("full_name".to_string(), input.full_name.clone()),
        ("submitter_kind".to_string(), input.submitter_kind.clone()),
        ("position".to_string(), input.position.clone()),
        ("qualification".to_string(), input.qualification.clone()),
        ("unit".to_string(), input.unit.clone()),
        ("birth_date".to_string(), input.birth_date.clone()),
        ("phone".to_string(), input.phone.clone()),
    ]
}
