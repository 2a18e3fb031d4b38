//! Health checks: `/healthz` (the process is up) and `/readyz` (database and search index usable).
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Services;

/// `GET /healthz`: the process is up.
#[utoipa::path(
    get,
    path = types::paths::HEALTHZ,
    tag = "health",
    summary = "The process is up",
    responses((status = 200, description = "`ok`", body = String, content_type = "text/plain"))
)]
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: 200 only when the database answers and the search index is open.
#[utoipa::path(
    get,
    path = types::paths::READYZ,
    tag = "health",
    summary = "Ready to serve: the database answers and the search index is open",
    responses(
        (status = 200, description = "`ready`", body = String, content_type = "text/plain"),
        (status = 503, description = "Not ready, and why: the database is unavailable, or the search index is being built or unavailable", body = String, content_type = "text/plain"),
    )
)]
pub async fn readyz(State(s): State<Services>) -> Response {
    if !domain::db::ping(&s.db).await {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
    }
    match s.search.last_applied() {
        Ok(Some(_)) => (StatusCode::OK, "ready").into_response(),
        Ok(None) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "search index is being built",
        )
            .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("search index unavailable: {e}"),
        )
            .into_response(),
    }
}
