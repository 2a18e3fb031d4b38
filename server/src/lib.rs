//! The `sangkien` binary's library: configuration, the HTTP router (Leptos pages and server functions,
//! the public JSON API, health checks), start-up with the search indexer, and the CLI subcommands.
pub mod cli;
pub mod config;
pub mod guard;
pub mod routes;
pub mod throttle;

use app::request::WebConfig;
use app::{App, shell};
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use domain::Services;
use http::HeaderValue;
use http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// State of the router: what handlers extract.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub mailer: domain::mail::Mailer,
    pub web: WebConfig,
}

/// Leptos options from `LEPTOS_*` variables (set by cargo-leptos, or by hand), with our defaults.
pub fn leptos_options() -> LeptosOptions {
    let mut opts = get_configuration(None)
        .map(|c| c.leptos_options)
        .unwrap_or_else(|_| LeptosOptions::builder().output_name("sangkien").build());
    if opts.output_name.is_empty() {
        opts.output_name = "sangkien".into();
    }
    opts
}

/// The pages' route list, generated once per process.
///
/// Generating it runs the app with resource loading suppressed through a process-wide flag
/// (leptos_server's `SuppressResourceLoad`): a resource first polled on another thread meanwhile waits
/// forever (leptos-rs/leptos#4773). Generating it once, before any router exists, keeps that window
/// away from every request, including the HTTP tests that build many routers in parallel threads
/// (`OnceLock` makes the others wait until the first generation is done).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP application; `main` and the HTTP tests build it the same way.
pub fn router(
    services: Services,
    mailer: domain::mail::Mailer,
    leptos_options: LeptosOptions,
    web: WebConfig,
) -> Router {
    let routes = route_list();
    // The files of an entry, and the application form's text posted with them (seven sections of
    // at most 50,000 characters, the tables of people).
    let upload_limit = (services.storage.limits.per_entry + 4 * 1024 * 1024) as usize;
    let state = AppState {
        leptos_options: leptos_options.clone(),
        services: services.clone(),
        mailer,
        web: web.clone(),
    };
    let site = guard::SiteOrigin::from_public_url(&web.public_url);
    let https = web.public_url.starts_with("https://");
    let request_timeout = web
        .request_timeout
        .unwrap_or(std::time::Duration::from_secs(30));
    let throttle = throttle::Throttle::new(web.client_ip_header.clone(), web.failed_sign_in_refill);
    let context = move || {
        provide_context(services.clone());
        provide_context(web.clone());
    };
    let mut router = Router::new();
    for (_, path, handler) in plain_routes() {
        router = router.route(path, handler);
    }
    let router = router
        .leptos_routes_with_context(&state, routes, context, move || {
            shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .merge(
            Router::new()
                .route(
                    types::paths::UPLOAD,
                    axum::routing::post(routes::files::upload),
                )
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .layer(axum::middleware::from_fn(guard::server_fn_errors))
        .layer(axum::middleware::from_fn_with_state(
            throttle,
            throttle::limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            site,
            guard::same_origin,
        ))
        // Pages set their own policy with the nonce of their render (`app::ssr`); everything else
        // gets one without scripts.
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::request::CSP_WITHOUT_SCRIPTS),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(CompressionLayer::new());
    let router = if https {
        router.layer(SetResponseHeaderLayer::overriding(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(guard::HSTS),
        ))
    } else {
        router
    };
    router
        // A request not answered in time (a stalled render, a client sending its body slowly)
        // ends with 408 and frees what it held; outermost but for the limit below, so that every
        // middleware reading the body is inside it.
        .layer(axum::middleware::from_fn_with_state(
            guard::TimeLimits {
                request: request_timeout,
                upload: UPLOAD_TIMEOUT,
            },
            guard::time_limit,
        ))
        // Requests served at once, at most; more wait their turn (within their timeout).
        .layer(GlobalConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The routes outside Leptos (health, the public JSON API, files, feeds, open data), with their method:
/// one list serves the router and [`routes_served`].
fn plain_routes() -> Vec<(
    &'static str,
    &'static str,
    axum::routing::MethodRouter<AppState>,
)> {
    vec![
        ("GET", types::paths::HEALTHZ, get(routes::health::healthz)),
        ("GET", types::paths::READYZ, get(routes::health::readyz)),
        (
            "GET",
            types::paths::API_INITIATIVES,
            get(routes::rest::list),
        ),
        (
            "GET",
            types::paths::API_INITIATIVE_ROUTE,
            get(routes::rest::detail),
        ),
        ("GET", types::paths::API_SUGGEST, get(routes::rest::suggest)),
        (
            "GET",
            types::paths::MAIL_FILE_ROUTE,
            get(routes::downloads::mail_file),
        ),
        (
            "GET",
            types::paths::FILE_ROUTE,
            get(routes::files::download),
        ),
        (
            "GET",
            types::paths::MY_DATA,
            get(routes::downloads::my_data),
        ),
        (
            "GET",
            types::paths::RANKING_CSV_ROUTE,
            get(routes::downloads::ranking_csv),
        ),
        (
            "GET",
            types::paths::EXPORT_FILE_ROUTE,
            get(routes::downloads::export_file),
        ),
        (
            "GET",
            types::paths::CERTIFICATE_ROUTE,
            get(routes::downloads::certificate),
        ),
        (
            "GET",
            types::paths::VOTE_MINUTES_ROUTE,
            get(routes::downloads::vote_minutes),
        ),
        (
            "GET",
            types::paths::APPLICATION_FORM_ROUTE,
            get(routes::downloads::application_form),
        ),
        ("GET", types::paths::ATOM, get(routes::opendata::atom)),
        (
            "GET",
            types::paths::OPEN_DATA_CSV,
            get(routes::opendata::csv),
        ),
        (
            "GET",
            types::paths::OPEN_DATA_JSON,
            get(routes::opendata::json),
        ),
        (
            "GET",
            types::paths::API_OPENAPI,
            get(routes::opendata::openapi),
        ),
        ("GET", types::paths::SITEMAP, get(routes::opendata::sitemap)),
    ]
}

/// Every route the application serves, as `METHOD /path/{param}`: the pages, the server functions
/// and the routes outside Leptos. The authorization matrix (`server/tests/matrix/`) fails when
/// one of them is missing from its table.
pub fn routes_served() -> Vec<String> {
    let mut all: Vec<String> = plain_routes()
        .into_iter()
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    all.push(format!("POST {}", types::paths::UPLOAD));
    all.extend(route_list().iter().map(|r| format!("GET {}", r.path())));
    all.extend(
        leptos::server_fn::axum::server_fn_paths().map(|(path, method)| format!("{method} {path}")),
    );
    all.sort();
    all.dedup();
    all
}

/// Requests served at once by one process (the rest wait for a place).
const MAX_CONCURRENT_REQUESTS: usize = 512;
/// How long an upload may take (up to 100 MB over a slow line).
const UPLOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// The signed-in person behind the request's session cookie (for routes outside Leptos).
pub async fn session_user(
    s: &Services,
    headers: &http::HeaderMap,
) -> Option<domain::accounts::User> {
    let token = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == app::request::SESSION_COOKIE)
        .map(|(_, v)| v.to_string())?;
    domain::accounts::user_by_session(&s.db, &token)
        .await
        .ok()
        .flatten()
}
