//! Files for signed-in people outside the pages: a person's own data (JSON), the ranking as CSV for
//! the council, an entry's papers (PDF), a finished export's file, and the `.eml` files of
//! development mail for administrators.
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Services;
use types::paths;

/// `GET /quan-tri/thu/{id}`: the `.eml` file of a mail written in development, for administrators.
pub async fn mail_file(
    State(s): State<Services>,
    State(mailer): State<domain::mail::Mailer>,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "không tìm thấy").into_response();
    let Ok(id) = id.trim_end_matches(".eml").parse::<i64>() else {
        return not_found();
    };
    let Some(user) = crate::session_user(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "cần đăng nhập").into_response();
    };
    match domain::admin::mail_log::eml_file(&s.db, &user, &mailer, id).await {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "message/rfc822".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"thu-{id}.eml\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(domain::Error::Forbidden) => (StatusCode::FORBIDDEN, "không có quyền").into_response(),
        Err(_) => not_found(),
    }
}

/// `GET /tai-khoan/du-lieu.json`: everything the portal holds about the signed-in person.
pub async fn my_data(State(s): State<Services>, headers: axum::http::HeaderMap) -> Response {
    let Some(user) = crate::session_user(&s, &headers).await else {
        return axum::response::Redirect::to(&paths::sign_in_then(&paths::account()))
            .into_response();
    };
    match domain::submission::export::of(&s.db, &user).await {
        Ok(data) => (
            [
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"du-lieu-ca-nhan.json\"",
                ),
                (axum::http::header::CACHE_CONTROL, "private, no-store"),
            ],
            Json(data),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "personal data export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hệ thống").into_response()
        }
    }
}

/// The council's ranking table of a campaign as CSV (UTF-8 with BOM, so spreadsheet programs read the
/// Vietnamese letters), for secretaries and council members.
pub async fn ranking_csv(
    State(s): State<Services>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(user) = crate::session_user(&s, &headers).await else {
        let next = paths::sign_in_then(&paths::campaign(id));
        return axum::response::Redirect::to(&next).into_response();
    };
    match domain::council::deliberation::ranking(&s.db, &user, id).await {
        Ok((_, rows)) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/csv; charset=utf-8".to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"xep-hang-dot-{id}.csv\""),
                ),
                (
                    axum::http::header::CACHE_CONTROL,
                    "private, no-store".to_string(),
                ),
            ],
            domain::council::deliberation::ranking_csv(&rows),
        )
            .into_response(),
        Err(domain::Error::NotFound | domain::Error::Forbidden) => {
            (StatusCode::NOT_FOUND, "không tìm thấy").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "ranking export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hệ thống").into_response()
        }
    }
}

/// A document for a signed-in person: `make` builds it for them (bytes, file name, content type);
/// whoever is not signed in is sent to sign in and back to `back`. An entry, campaign or export
/// they may not have is 404 (nothing tells it exists); a vote not over yet is 409.
async fn document<F, Fut>(
    s: &Services,
    headers: &axum::http::HeaderMap,
    back: String,
    make: F,
) -> Response
where
    F: FnOnce(domain::accounts::User) -> Fut,
    Fut: std::future::Future<Output = domain::Result<(Vec<u8>, String, &'static str)>>,
{
    let Some(user) = crate::session_user(s, headers).await else {
        return axum::response::Redirect::to(&paths::sign_in_then(&back)).into_response();
    };
    match make(user).await {
        Ok((bytes, name, content_type)) => (
            [
                (axum::http::header::CONTENT_TYPE, content_type.to_string()),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
                (
                    axum::http::header::CACHE_CONTROL,
                    "private, no-store".to_string(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(domain::Error::NotFound | domain::Error::Forbidden) => {
            (StatusCode::NOT_FOUND, "không tìm thấy").into_response()
        }
        Err(domain::Error::OutOfPhase(_)) => (
            StatusCode::CONFLICT,
            "biểu quyết chưa kết thúc: chưa lập được biên bản",
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %domain::error::report(&e), "document failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hệ thống").into_response()
        }
    }
}

/// `GET /xuat/{id}/tep`: a finished export's file, for the person who asked for it.
pub async fn export_file(
    State(s): State<Services>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Response {
    let services = s.clone();
    document(&s, &headers, paths::export(id), |user| async move {
        domain::documents::exports::file(&services, &user, id).await
    })
    .await
}

/// An entry's paper as a route: `GET /ho-so/{id}/….pdf`, made by the service for whoever it lets
/// have it.
macro_rules! entry_pdf {
    ($(#[$doc:meta])* $name:ident => $service:path) => {
        $(#[$doc])*
        pub async fn $name(
            State(s): State<Services>,
            Path(id): Path<i64>,
            headers: axum::http::HeaderMap,
        ) -> Response {
            let db = s.db.clone();
            document(&s, &headers, paths::case(id), |user| async move {
                let pdf = $service(&db, &user, id).await?;
                Ok((pdf.bytes, pdf.file_name, "application/pdf"))
            })
            .await
        }
    };
}

entry_pdf!(
    /// `GET /ho-so/{id}/giay-chung-nhan.pdf`: the certificates of a recognised initiative.
    certificate => domain::documents::certificates
);
entry_pdf!(
    /// `GET /ho-so/{id}/bien-ban-bieu-quyet.pdf`: the minutes of the council's vote.
    vote_minutes => domain::documents::vote_minutes
);
entry_pdf!(
    /// `GET /ho-so/{id}/don-yeu-cau.pdf`: the application form as filed.
    application_form => domain::documents::application_form
);
