//! Protections every request passes through: state changes only from this site's own pages (no
//! cross-site request forgery, no login CSRF), the security headers (CSP outside Leptos pages,
//! HSTS over https), and the plain page with which such a refusal is answered.
use app::i18n::t;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

/// What the origin check compares against: the configured public address, if any.
#[derive(Clone, Debug, Default)]
pub struct SiteOrigin {
    /// `scheme://host[:port]` of `SANGKIEN_PUBLIC_URL`, when configured.
    pub public: Option<String>,
}

impl SiteOrigin {
    pub fn from_public_url(public_url: &str) -> Self {
        let public = url::Url::parse(public_url)
            .ok()
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o != "null");
        SiteOrigin { public }
    }
}

/// Whether a state-changing request comes from this site. A browser names the page's origin in
/// `Origin` on every cross-site POST (and on same-site ones in current browsers); when it sends none,
/// `Sec-Fetch-Site` says where the request came from. A request carrying neither is not from a
/// browser page (curl, a script with its own credentials) and cannot ride on a visitor's cookie.
pub fn from_this_site(headers: &HeaderMap, authority: Option<&str>, site: &SiteOrigin) -> bool {
    // HTTP/1.1 names the host in `Host`; HTTP/2 in the request's `:authority`.
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or(authority);
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        if site.public.as_deref() == Some(origin) {
            return true;
        }
        // The address the browser used (development, or a second name of the same server): the
        // origin's host and port must be the request's Host.
        let Ok(parsed) = url::Url::parse(origin) else {
            return false; // "null" (sandboxed frames, data: pages) and anything malformed
        };
        let authority = match (parsed.host_str(), parsed.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => return false,
        };
        return host.is_some_and(|h| h.eq_ignore_ascii_case(&authority));
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => true,
    }
}

fn changes_state(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Middleware: refuses a state-changing request from another site with 403 and a page that says so.
pub async fn same_origin(State(site): State<SiteOrigin>, req: Request, next: Next) -> Response {
    let authority = req.uri().authority().map(|a| a.as_str().to_string());
    if changes_state(req.method()) && !from_this_site(req.headers(), authority.as_deref(), &site) {
        tracing::warn!(
            path = %req.uri().path(),
            origin = ?req.headers().get(header::ORIGIN),
            "cross-site request refused"
        );
        return refusal_page(
            StatusCode::FORBIDDEN,
            &t("guard.cross_site_title"),
            &t("guard.cross_site_body"),
        );
    }
    next.run(req).await
}

/// A small page of its own (outside Leptos, no script) for refusals made before a page renders.
pub fn refusal_page(status: StatusCode, title: &str, body: &str) -> Response {
    let esc = |s: &str| app::components::head::escape_text(s);
    let html = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {site}</title><link rel=\"stylesheet\" href=\"/pkg/sangkien.css\"></head>\
         <body><main id=\"noi-dung\" class=\"container\"><section class=\"notice notice-error\" role=\"alert\">\
         <h1>{title}</h1><p>{body}</p><p><a href=\"/\">{home}</a></p></section></main></body></html>",
        title = esc(title),
        body = esc(body),
        site = esc(&t("site.name")),
        home = esc(&t("nav.home")),
    );
    let mut res = (status, Body::from(html)).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}

/// HSTS for a portal served over https (a year, subdomains included).
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_this_sites_pages_may_change_state() {
        let site = SiteOrigin::from_public_url("https://sangkien.sonla.gov.vn");
        let ok = |p: &[(&'static str, &str)]| from_this_site(&headers(p), None, &site);
        assert!(ok(&[
            ("origin", "https://sangkien.sonla.gov.vn"),
            ("host", "10.0.0.5:3000")
        ]));
        assert!(ok(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ]));
        assert!(!ok(&[
            ("origin", "https://evil.example"),
            ("host", "sangkien.sonla.gov.vn")
        ]));
        assert!(!ok(&[
            ("origin", "null"),
            ("host", "sangkien.sonla.gov.vn")
        ]));
        assert!(!ok(&[
            ("origin", "https://sangkien.sonla.gov.vn.evil.example"),
            ("host", "sangkien.sonla.gov.vn")
        ]));
        assert!(!ok(&[
            ("origin", "http://127.0.0.1:3001"),
            ("host", "127.0.0.1:3000")
        ]));
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(ok(&[]), "no browser headers: not a page of another site");
        let h2 = headers(&[("origin", "http://127.0.0.1:3000")]);
        assert!(
            from_this_site(&h2, Some("127.0.0.1:3000"), &SiteOrigin::default()),
            "HTTP/2 :authority"
        );
    }
}

/// Middleware on the server functions (`/api/…`, not the public `/api/v1/`): a refused call
/// answers with the status its error means (404 not found, 403 not allowed, 409 a conflict or a
/// phase not open, 400 a malformed call, 401 to a script of someone not signed in) instead of
/// leptos' 500, and a browser posting a plain form
/// gets a page saying so, not a silent return to the form. Failures of our own stay 500; a caller
/// who is not signed in is still sent back (the page then asks them to sign in).
pub async fn server_fn_errors(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !path.starts_with(types::paths::SERVER_FNS) || path.starts_with(types::paths::API_V1) {
        return next.run(req).await;
    }
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let res = next.run(req).await;
    // server_fn marks an error answer with this header: a successful answer is never read here.
    if !res
        .headers()
        .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Error bodies are a few hundred bytes of JSON; anything larger is not one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    use app::error::AppError;
    let refused = match &error {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Conflict | AppError::OutOfPhase(_) => StatusCode::CONFLICT,
        AppError::Call(_) => StatusCode::BAD_REQUEST,
        // A browser's form is sent back (its page then asks to sign in); a script is told 401.
        AppError::NotSignedIn if !wants_page => StatusCode::UNAUTHORIZED,
        AppError::NotSignedIn | AppError::Internal { .. } => {
            return Response::from_parts(parts, Body::from(bytes));
        }
    };
    if wants_page {
        return refusal_page(refused, &error.message(), &t("error.refused_hint"));
    }
    parts.status = refused;
    parts.headers.remove(header::LOCATION);
    Response::from_parts(parts, Body::from(bytes))
}

/// How long a request may take: uploads (`/tep-dinh-kem`) get their own, longer time.
#[derive(Clone, Copy, Debug)]
pub struct TimeLimits {
    pub request: std::time::Duration,
    pub upload: std::time::Duration,
}

/// Middleware: a request not answered within its time ends with 408 and a page saying so; what it
/// held (a database connection, a hashing turn, a reservation) is released as its future drops.
pub async fn time_limit(State(limits): State<TimeLimits>, req: Request, next: Next) -> Response {
    let limit = if req.uri().path() == types::paths::UPLOAD {
        limits.upload
    } else {
        limits.request
    };
    let path = req.uri().path().to_string();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(%path, ?limit, "request cut off after its time");
            refusal_page(
                StatusCode::REQUEST_TIMEOUT,
                &t("guard.timeout_title"),
                &t("guard.timeout_body"),
            )
        }
    }
}
