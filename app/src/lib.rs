//! Pages, components and thin server functions of Sáng kiến số.
//!
//! Compiled twice: with `ssr` for the server (pages render there, server functions call `domain`) and
//! with `hydrate` for the browser, where only the islands (`#[island]`) run. Everything else is plain
//! server-rendered HTML whose forms post to server functions and redirect, so the portal works without
//! JavaScript.
#![recursion_limit = "256"]

rust_i18n::i18n!("locales", fallback = "vi");

pub mod api;
pub mod components;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod url;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ssr::set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="vi">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content=i18n::t("site.tagline")/>
                <link rel="icon" href="/favicon.ico" sizes="32x32"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Routes. Every page renders completely on the server before it is sent (`SsrMode::Async`), so
/// status codes and redirects are right and the HTML is whole without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/sangkien.css"/>
        <leptos_meta::Title formatter=|t: String| if t.is_empty() { i18n::t("site.name") } else { format!("{t} – {}", i18n::t("site.name")) }/>
        <Router>
            <components::layout::Layout>
                <Routes fallback=|| view! { <pages::errors::NotFoundPage/> }>
                    <Route path=path!("/") view=pages::public::HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/tim-kiem") view=pages::public::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/sang-kien/:id") view=pages::public::DetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/du-lieu-mo") view=pages::public::OpenDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/don-vi/:code") view=pages::public::UnitPage ssr=SsrMode::Async/>
                    <Route path=path!("/tac-gia") view=pages::public::AuthorPage ssr=SsrMode::Async/>
                    <Route path=path!("/thong-ke") view=pages::public::StatisticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-ky") view=pages::auth::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-nhap") view=pages::auth::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/xac-minh-email") view=pages::auth::VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/quen-mat-khau") view=pages::auth::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/dat-lai-mat-khau") view=pages::auth::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/tai-khoan") view=pages::auth::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/thong-bao") view=pages::auth::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/nop-sang-kien") view=pages::submit::SubmitPage ssr=SsrMode::Async/>
                    <Route path=path!("/cua-toi") view=pages::submit::MinePage ssr=SsrMode::Async/>
                    <Route path=path!("/ho-so/:id") view=pages::submit::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/thu-ky") view=pages::review::SecretaryListPage ssr=SsrMode::Async/>
                    <Route path=path!("/thu-ky/:id") view=pages::review::PanelPage ssr=SsrMode::Async/>
                    <Route path=path!("/thu-ky/dot/:id") view=pages::council::CouncilPage ssr=SsrMode::Async/>
                    <Route path=path!("/thu-ky/phieu/:id") view=pages::council::SheetHistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/hoi-dong") view=pages::council::MyCouncilsPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/nhat-ky") view=pages::council::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/cham-diem") view=pages::review::QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/cham-diem/:id") view=pages::review::SheetPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri") view=pages::admin::UsersPage ssr=SsrMode::Async/>
                </Routes>
            </components::layout::Layout>
        </Router>
    }
}
