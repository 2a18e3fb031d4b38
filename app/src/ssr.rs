//! Server-side helpers for server functions: who is calling, cookies, redirects, error mapping.
use crate::error::AppError;
use domain::Services;
use domain::accounts::User;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, StatusCode};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use types::FieldErrors;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sk_session";

/// Settings the web layer needs, provided by the server as context.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Adds `Secure` to cookies (when served over https).
    pub secure_cookies: bool,
    /// The portal's public address (`SANGKIEN_PUBLIC_URL`, no trailing slash), for absolute links
    /// in Open Graph tags and structured data; empty gives relative links.
    pub public_url: String,
}

/// The public address of a path of this portal (relative when no public address is configured).
pub fn absolute_url(path: &str) -> String {
    format!("{}{path}", web_config().public_url.trim_end_matches('/'))
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(|| internal_msg("services missing from context"))
}

fn web_config() -> WebConfig {
    use_context::<WebConfig>().unwrap_or_default()
}

/// Logs an internal error under a fresh request id and returns the opaque error for the browser.
pub fn internal_msg(msg: impl std::fmt::Display) -> AppError {
    let request_id = domain::new_request_id();
    tracing::error!(%request_id, error = %msg, "internal error");
    AppError::Internal { request_id }
}

/// Maps a domain error for the browser. Validation errors are handled by the caller (stash).
pub fn map_err(e: domain::Error) -> AppError {
    match e {
        domain::Error::NotFound => AppError::NotFound,
        domain::Error::Forbidden => AppError::Forbidden,
        domain::Error::Conflict(_) => AppError::Conflict,
        domain::Error::OutOfPhase(p) => AppError::OutOfPhase(p.code().into()),
        other => internal_msg(other),
    }
}

/// The session token of the request, if it carries one.
pub fn session_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let header = parts.headers.get_all(COOKIE);
    header
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The signed-in person, if any.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    domain::accounts::user_by_session(&services()?.db, &token)
        .await
        .map_err(map_err)
}

/// The signed-in person, or `NotSignedIn`.
pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or(AppError::NotSignedIn)
}

fn set_cookie(value: String) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        res.append_header(SET_COOKIE, v);
    }
}

/// Starts a session cookie (`HttpOnly; SameSite=Lax`, `Secure` over https).
pub fn set_session_cookie(token: &str) {
    let secure = if web_config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let max_age = domain::accounts::SESSION_DAYS * 24 * 3600;
    set_cookie(format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ));
}

/// Ends the session: deletes it in the database and clears the cookie.
pub async fn end_session() -> Result<(), AppError> {
    if let Some(token) = session_token() {
        domain::accounts::end_session(&services()?.db, &token)
            .await
            .map_err(map_err)?;
    }
    clear_session_cookie();
    Ok(())
}

/// Tells the browser to forget the session cookie.
pub fn clear_session_cookie() {
    let secure = if web_config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    set_cookie(format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ));
}

/// Redirects the browser (302 for a plain form post; the server-function client follows it too).
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// Redirects while rendering a page (302 with `Location`, whatever the client accepts).
pub fn page_redirect(path: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(path),
    ) {
        res.set_status(StatusCode::FOUND);
        res.insert_header(http::header::LOCATION, v);
    }
}

/// Sets the HTTP status of the page being rendered.
pub fn set_status(status: StatusCode) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(status);
    }
}

pub use crate::url::encode;

/// Keeps refused input and redirects back to the form page with `?f=<key>`, where the page shows the
/// typed values and an error next to each field.
/// The end of a form post: on success redirect to `next`; refused input (and an action outside its
/// phase, or on data that changed meanwhile) goes back to `page` with the values and the errors.
pub async fn form_result<T>(
    result: domain::Result<T>,
    owner: i64,
    values: Vec<(String, String)>,
    page: &str,
    next: &str,
) -> Result<(), AppError> {
    let general = |e: types::FieldError| {
        let mut errors = FieldErrors::default();
        errors.add("form", e);
        errors
    };
    let errors = match result {
        Ok(_) => {
            redirect(next);
            return Ok(());
        }
        Err(domain::Error::Invalid(e)) => e,
        Err(domain::Error::OutOfPhase(phase)) => general(types::FieldError::OutOfPhase { phase }),
        Err(domain::Error::Conflict(_)) => general(types::FieldError::Stale),
        Err(e) => return Err(map_err(e)),
    };
    refuse_form(Some(owner), values, errors, page).await
}

/// A form refused because its confirmation box (final or destructive actions) was not ticked: back
/// to `page` with the values kept and the error next to the box.
pub async fn refuse_unconfirmed(
    owner: i64,
    values: Vec<(String, String)>,
    page: &str,
) -> Result<(), AppError> {
    refuse_field(owner, values, "confirm", types::FieldError::Required, page).await
}

/// A form refused before reaching a service (a missing field, an unticked confirmation).
pub async fn refuse_field(
    owner: i64,
    values: Vec<(String, String)>,
    field: &str,
    e: types::FieldError,
    page: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    errors.add(field, e);
    refuse_form(Some(owner), values, errors, page).await
}

pub async fn refuse_form(
    owner: Option<i64>,
    values: Vec<(String, String)>,
    errors: FieldErrors,
    page: &str,
) -> Result<(), AppError> {
    let state = domain::forms::FormState { values, errors };
    let key = domain::forms::stash(&services()?.db, owner, &state)
        .await
        .map_err(map_err)?;
    let sep = if page.contains('?') { '&' } else { '?' };
    redirect(&format!("{page}{sep}f={key}"));
    Ok(())
}

/// Where to go after signing in: only paths of this site.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_only_accepts_local_paths() {
        assert_eq!(safe_next("/cua-toi"), "/cua-toi");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
    }

    #[test]
    fn encode_escapes_everything_but_unreserved() {
        assert_eq!(encode("a b/đ"), "a%20b%2F%C4%91");
    }
}
