//! What a server function reads of its request and how it answers (server only): who is calling,
//! cookies, redirects, refused forms kept for the page, error mapping, the content security policy.
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
/// Name of the cookie whose random key ties a refused form of someone not signed in to their browser.
pub const FORM_COOKIE: &str = "sk_form";

/// Settings the web layer needs, provided by the server as context.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Adds `Secure` to cookies (when served over https).
    pub secure_cookies: bool,
    /// The portal's public address (`SANGKIEN_PUBLIC_URL`, no trailing slash), for absolute links
    /// in Open Graph tags and structured data; empty gives relative links.
    pub public_url: String,
    /// The header a reverse proxy sets with the client's address (`SANGKIEN_CLIENT_IP_HEADER`).
    pub client_ip_header: Option<String>,
    /// How long a request may take, reading its body included (`SANGKIEN_REQUEST_TIMEOUT_SECS`;
    /// unset: 30 s). Uploads get their own, longer time.
    pub request_timeout: Option<std::time::Duration>,
    /// Once ten sign-ins have failed from one address, how often one more is allowed (unset: every
    /// six seconds). Not a setting of the portal: tests make it long, so that a slow machine's
    /// pace never decides what they see.
    pub failed_sign_in_refill: Option<std::time::Duration>,
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

/// A domain error for the browser: answers (not found, not allowed, a conflict, outside the phase)
/// as themselves, failures logged with their causes under a request id. Validation errors are
/// handled by the caller (`refuse_form`) before this.
impl From<domain::Error> for AppError {
    fn from(e: domain::Error) -> Self {
        match e {
            domain::Error::NotFound => AppError::NotFound,
            domain::Error::Forbidden => AppError::Forbidden,
            domain::Error::Conflict(_) => AppError::Conflict,
            domain::Error::OutOfPhase(p) => AppError::OutOfPhase(p.code().into()),
            other => internal_msg(domain::error::report(&other)),
        }
    }
}

/// The value of one of the request's cookies.
fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let header = parts.headers.get_all(COOKIE);
    header
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// The session token of the request, if it carries one.
pub fn session_token() -> Option<String> {
    cookie(SESSION_COOKIE)
}

/// The browser's form key (see [`FORM_COOKIE`]), if it carries one.
pub fn browser_key() -> Option<String> {
    cookie(FORM_COOKIE)
}

/// The browser's form key, given to it now (an hour, like the stash) when it has none.
fn ensure_browser_key() -> String {
    let key = browser_key().unwrap_or_else(domain::accounts::random_secret);
    // Sent again each time, so the cookie lives as long as the newest form kept with it.
    set_private_cookie(FORM_COOKIE, &key, domain::forms::KEEP_MINUTES * 60);
    key
}

/// Sets one of the portal's cookies: `HttpOnly; SameSite=Lax`, `Secure` when served over https.
fn set_private_cookie(name: &str, value: &str, max_age_secs: i64) {
    let secure = if web_config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    set_cookie(format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ));
}

/// The signed-in person, if any.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    domain::accounts::user_by_session(&services()?.db, &token)
        .await
        .map_err(AppError::from)
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
    set_private_cookie(
        SESSION_COOKIE,
        token,
        domain::accounts::SESSION_DAYS * 24 * 3600,
    );
}

/// Ends the session: deletes it in the database and clears the cookie.
pub async fn end_session() -> Result<(), AppError> {
    if let Some(token) = session_token() {
        domain::accounts::end_session(&services()?.db, &token).await?;
    }
    clear_session_cookie();
    Ok(())
}

/// Tells the browser to forget the session cookie.
pub fn clear_session_cookie() {
    set_private_cookie(SESSION_COOKIE, "", 0);
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

pub use types::paths::encode;

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
        Err(e) => return Err(e.into()),
    };
    refuse_form(Some(owner), values, errors, page).await
}

/// An action posted with its confirmation box (final or destructive actions): without the box ticked,
/// back to `page` with the error beside it and `act` never run; otherwise as [`form_result`].
pub async fn confirmed<T>(
    owner: i64,
    confirm: &Option<String>,
    values: Vec<(String, String)>,
    page: &str,
    next: &str,
    act: impl std::future::Future<Output = domain::Result<T>>,
) -> Result<(), AppError> {
    if confirm.is_none() {
        return refuse_unconfirmed(owner, values, page).await;
    }
    form_result(act.await, owner, values, page, next).await
}

/// A form refused because its confirmation box (final or destructive actions) was not ticked: back
/// to `page` with the values kept and the error next to the box.
pub async fn refuse_unconfirmed(
    owner: i64,
    values: Vec<(String, String)>,
    page: &str,
) -> Result<(), AppError> {
    refuse_field(owner, values, "confirm", types::FieldError::NotTicked, page).await
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

/// Keeps a form for the signed-in person `owner`, or, with nobody signed in, for this browser
/// (its form cookie, given now if missing). Returns the key for the URL.
pub async fn stash_form(
    owner: Option<i64>,
    state: &domain::forms::FormState,
) -> Result<String, AppError> {
    let browser;
    let holder = match owner {
        Some(id) => domain::forms::Holder::Person(id),
        None => {
            browser = ensure_browser_key();
            domain::forms::Holder::Browser(&browser)
        }
    };
    domain::forms::stash(&services()?.db, holder, state)
        .await
        .map_err(AppError::from)
}

pub async fn refuse_form(
    owner: Option<i64>,
    values: Vec<(String, String)>,
    errors: FieldErrors,
    page: &str,
) -> Result<(), AppError> {
    let key = stash_form(owner, &domain::forms::FormState { values, errors }).await?;
    let sep = if page.contains('?') { '&' } else { '?' };
    redirect(&format!("{page}{sep}f={key}"));
    Ok(())
}

/// The Content-Security-Policy of a page: scripts only from this site and the inline loader that
/// carries this response's nonce (the islands' bootstrap, which leptos_axum renders with it), wasm
/// compiled by the browser, styles, images and fonts from this site, forms posting only here, and no
/// framing. No `unsafe-inline`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy of every other response (API, files, refusals rendered outside Leptos): no script
/// at all.
pub const CSP_WITHOUT_SCRIPTS: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Sets the page's Content-Security-Policy with the nonce of this render (called by the shell).
pub fn set_content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&content_security_policy(&nonce)),
    ) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
    }
}

/// Where to go after signing in (and every other `next`/`back` a form carries): only a path of this
/// site. The value is resolved against the portal's address the way a browser resolves a `Location`
/// (WHATWG URL: tabs and newlines dropped, `\\` read as `/`), and kept only when the result is on the
/// same origin; what is returned is that result's path, query and fragment, so the browser cannot read
/// it differently (`/\t/evil.example` resolves to `//evil.example`: another host, refused).
pub fn safe_next(next: &str) -> String {
    const FALLBACK_BASE: &str = "http://localhost/";
    let configured = web_config().public_url;
    let base = url::Url::parse(&configured)
        .or_else(|_| url::Url::parse(FALLBACK_BASE))
        .expect("fallback base parses");
    local_path(&base, next).unwrap_or_else(|| "/".to_string())
}

/// `next` resolved against `base`, when it is a path of the same origin.
fn local_path(base: &url::Url, next: &str) -> Option<String> {
    // Only a path is accepted as given: "https://this-site/x" or "?q" would also stay on the site,
    // but nothing of ours writes them, and refusing them keeps the rule one line long.
    if !next.starts_with('/') {
        return None;
    }
    let joined = base.join(next).ok()?;
    if joined.origin() != base.origin() || joined.cannot_be_a_base() {
        return None;
    }
    let path = &joined[url::Position::BeforePath..];
    // The result must itself read as a path (never "//host"), whatever the browser does with it.
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_only_accepts_local_paths() {
        let base = url::Url::parse("https://sangkien.sonla.gov.vn").unwrap();
        let ok = |n: &str| local_path(&base, n);
        assert_eq!(ok("/cua-toi").as_deref(), Some("/cua-toi"));
        assert_eq!(
            ok("/tim-kiem?q=h%E1%BB%99+t%E1%BB%8Bch#kq").as_deref(),
            Some("/tim-kiem?q=h%E1%BB%99+t%E1%BB%8Bch#kq")
        );
        assert_eq!(ok("/thu-ky?trang=2").as_deref(), Some("/thu-ky?trang=2"));
        for hostile in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/%09/evil.example",
            "javascript:alert(1)",
            "http:evil.example",
            "https://sangkien.sonla.gov.vn.evil.example/",
        ] {
            let got = ok(hostile);
            // Either refused, or a path that any browser resolves on this site.
            if let Some(p) = &got {
                let again = base.join(p).unwrap();
                assert_eq!(again.origin(), base.origin(), "{hostile:?} → {p:?}");
                assert!(
                    !p.starts_with("//") && !p.contains('\\') && !p.contains('\t'),
                    "{hostile:?} → {p:?}"
                );
            }
        }
        assert_eq!(ok("/\t/evil.example"), None, "tab trick refused");
        assert_eq!(ok("//evil.example"), None);
        assert_eq!(ok("/\\evil.example"), None);
        assert_eq!(ok("javascript:alert(1)"), None);
    }

    #[test]
    fn without_a_configured_address_the_same_rule_holds() {
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/cua-toi"), "/cua-toi");
    }

    #[test]
    fn encode_escapes_everything_but_unreserved() {
        assert_eq!(encode("a b/đ"), "a%20b%2F%C4%91");
    }
}
