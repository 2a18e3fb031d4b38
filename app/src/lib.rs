//! Pages, components and thin server functions of Sáng kiến số.
//!
//! Compiled twice: with `ssr` for the server (pages render there, server functions call `domain`) and
//! with `hydrate` for the browser, where only the islands (`#[island]`) run. Everything else is plain
//! server-rendered HTML whose forms post to server functions and redirect, so the portal works without
//! JavaScript.
#![recursion_limit = "256"]

rust_i18n::i18n!("locales", fallback = "vi");

pub mod accounts;
pub mod admin;
pub mod components;
pub mod council;
pub mod documents;
pub mod dto;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod page;
pub mod paths;
pub mod public;
#[cfg(feature = "ssr")]
pub mod request;
pub mod review;
pub mod submission;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, SsrMode, StaticSegment};
use types::paths::seg;

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    request::set_content_security_policy();
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
                <Routes fallback=|| view! { <page::NotFoundPage/> }>
                    <Route path=() view=public::pages::HomePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SEARCH),) view=public::pages::SearchPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::ENTRY), ParamSegment("id")) view=public::pages::DetailPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::OPEN_DATA),) view=public::pages::OpenDataPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::UNIT), ParamSegment("code")) view=public::pages::UnitPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::AUTHOR),) view=public::pages::AuthorPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::STATISTICS),) view=public::pages::StatisticsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::REGISTER),) view=accounts::pages::RegisterPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SIGN_IN),) view=accounts::pages::LoginPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::VERIFY_EMAIL),) view=accounts::pages::VerifyEmailPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::FORGOT_PASSWORD),) view=accounts::pages::ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::RESET_PASSWORD),) view=accounts::pages::ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::ACCOUNT),) view=accounts::pages::AccountPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::NOTIFICATIONS),) view=accounts::pages::NotificationsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SUBMIT),) view=submission::pages::SubmitPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::MINE),) view=submission::pages::MinePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::CASE), ParamSegment("id")) view=submission::pages::CasePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::EXPORT), ParamSegment("id")) view=documents::pages::ExportPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SECRETARY),) view=review::pages::SecretaryListPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SECRETARY), ParamSegment("id")) view=review::pages::PanelPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SECRETARY), StaticSegment(seg::CAMPAIGN), ParamSegment("id")) view=council::pages::CouncilPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SECRETARY), StaticSegment(seg::CAMPAIGN), ParamSegment("id"), StaticSegment(seg::SUMMING_UP)) view=documents::pages::SummingUpPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SECRETARY), StaticSegment(seg::CAMPAIGN), ParamSegment("id"), StaticSegment(seg::DASHBOARD)) view=council::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SECRETARY), StaticSegment(seg::SHEET_HISTORY), ParamSegment("id")) view=council::pages::SheetHistoryPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::COUNCILS),) view=council::pages::MyCouncilsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::ADMIN), StaticSegment(seg::AUDIT)) view=admin::audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::ADMIN), StaticSegment(seg::CAMPAIGN)) view=admin::pages::CampaignsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SCORING),) view=review::pages::QueuePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::SCORING), ParamSegment("id")) view=review::pages::SheetPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(seg::ADMIN),) view=admin::pages::UsersPage ssr=SsrMode::Async/>
                </Routes>
            </components::layout::Layout>
        </Router>
    }
}
