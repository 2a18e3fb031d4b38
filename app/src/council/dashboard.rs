//! A campaign's dashboard (`/thu-ky/dot/{id}/tong-quan`, its secretaries and administrators):
//! entries per status, the phase under way, each reviewer's progress, overdue sheets, entries near
//! their three-month due date, and filings per day as a chart beside its table.
use crate::components::chart::day_chart;
use crate::components::head::Title;
use crate::components::ui::{error_view, loading};
use crate::error::AppError;
use crate::i18n::{t, t_with};
use crate::page::param_id;
use crate::paths;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewerDto {
    pub name: String,
    pub assigned: u32,
    pub submitted: u32,
}

/// An entry in one of the dashboard's lists: a sheet overdue (`reviewer`, `days` late) or an entry
/// near its due date (`days` left, negative when past).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashEntryDto {
    pub id: i64,
    pub title: String,
    pub reviewer: Option<String>,
    pub status: Option<String>,
    pub due_on: Option<String>,
    pub days: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardDto {
    pub campaign_id: i64,
    pub campaign_name: String,
    /// The code of the phase under way.
    pub current: Option<String>,
    /// How many days before its due date an entry is listed.
    pub due_soon_days: i64,
    pub by_status: Vec<(String, u32)>,
    pub reviewers: Vec<ReviewerDto>,
    pub overdue: Vec<DashEntryDto>,
    /// How many there are in all (the list shows the first ones).
    pub overdue_total: usize,
    pub due_soon: Vec<DashEntryDto>,
    pub due_soon_total: usize,
    /// (day as dd/mm/yyyy, entries filed).
    pub per_day: Vec<(String, u32)>,
}

#[cfg(feature = "ssr")]
impl From<domain::council::dashboard::Dashboard> for DashboardDto {
    fn from(d: domain::council::dashboard::Dashboard) -> Self {
        use domain::time::format_date;
        DashboardDto {
            campaign_id: d.campaign_id,
            campaign_name: d.campaign_name,
            due_soon_days: domain::council::dashboard::DUE_SOON_DAYS,
            current: d.current.map(|p| p.code().to_string()),
            by_status: d
                .by_status
                .iter()
                .map(|(s, n)| (s.code().to_string(), *n))
                .collect(),
            reviewers: d
                .reviewers
                .into_iter()
                .map(|r| ReviewerDto {
                    name: r.name,
                    assigned: r.assigned,
                    submitted: r.submitted,
                })
                .collect(),
            overdue: d
                .overdue
                .into_iter()
                .map(|o| DashEntryDto {
                    id: o.entry_id,
                    title: o.title,
                    reviewer: Some(o.reviewer),
                    status: None,
                    due_on: None,
                    days: o.days,
                })
                .collect(),
            due_soon: d
                .due_soon
                .into_iter()
                .map(|e| DashEntryDto {
                    id: e.entry_id,
                    title: e.title,
                    reviewer: None,
                    status: Some(e.status.code().to_string()),
                    due_on: Some(format_date(e.due_on)),
                    days: e.days_left,
                })
                .collect(),
            overdue_total: d.overdue_total,
            due_soon_total: d.due_soon_total,
            per_day: d
                .per_day
                .iter()
                .map(|(day, n)| (format_date(*day), *n))
                .collect(),
        }
    }
}

/// A campaign's dashboard, for its secretaries and administrators.
#[server(endpoint = "tong-quan-dot")]
pub async fn campaign_dashboard(campaign_id: i64) -> Result<DashboardDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let d = domain::council::dashboard::dashboard(&services()?.db, &user, campaign_id).await?;
    Ok(d.into())
}

fn status_part(d: &DashboardDto) -> impl IntoView + use<> {
    let phase = d
        .current
        .as_ref()
        .map(|p| {
            t_with(
                "dashboard.phase_now",
                &[("phase", t(&format!("phase.{p}")))],
            )
        })
        .unwrap_or_else(|| t("dashboard.no_phase"));
    let total: u32 = d.by_status.iter().map(|(_, n)| n).sum();
    view! {
        <section aria-labelledby="theo-trang-thai">
            <h2 id="theo-trang-thai">{t("dashboard.by_status")}</h2>
            <p>{phase}</p>
            <div class="table-wrap" role="region" aria-labelledby="theo-trang-thai" tabindex="0">
                <table>
                    <caption class="sr-only">{t_with("dashboard.total", &[("n", total.to_string())])}</caption>
                    <thead><tr><th scope="col">{t("initiative.status")}</th><th scope="col" class="num">{t("dashboard.count")}</th></tr></thead>
                    <tbody>
                        {d.by_status.iter().map(|(s, n)| view! {
                            <tr><th scope="row">{t(&format!("status.{s}"))}</th><td class="num">{*n}</td></tr>
                        }).collect_view()}
                        <tr><th scope="row">{t("dashboard.all")}</th><td class="num"><strong>{total}</strong></td></tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn reviewers_part(d: &DashboardDto) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby="tien-do-cham">
            <h2 id="tien-do-cham">{t("dashboard.reviewers")}</h2>
            {if d.reviewers.is_empty() {
                view! { <p>{t("dashboard.no_reviewers")}</p> }.into_any()
            } else {
                view! {
                    <ul class="progress-list">
                        {d.reviewers.iter().map(|r| {
                            let words = t_with("dashboard.sheets", &[("name", r.name.clone()), ("done", r.submitted.to_string()), ("of", r.assigned.to_string())]);
                            view! {
                                <li>
                                    <span>{words.clone()}</span>
                                    <progress max=r.assigned.max(1).to_string() value=r.submitted.to_string() aria-label=words></progress>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// A list of entries with a line each; past the first ones, how many more there are.
fn entries_list(
    items: &[DashEntryDto],
    total: usize,
    empty: &'static str,
    line: fn(&DashEntryDto) -> String,
) -> impl IntoView + use<> {
    if items.is_empty() {
        return view! { <p>{t(empty)}</p> }.into_any();
    }
    let more = (total > items.len()).then(|| {
        view! { <p>{t_with("dashboard.more", &[("n", (total - items.len()).to_string())])}</p> }
    });
    view! {
        <ul>
            {items.iter().map(|e| view! {
                <li><a href=paths::panel(e.id)>{e.title.clone()}</a> " – " {line(e)}</li>
            }).collect_view()}
        </ul>
        {more}
    }
    .into_any()
}

fn lists_part(d: &DashboardDto) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby="qua-han">
            <h2 id="qua-han">{t("dashboard.overdue")}</h2>
            {entries_list(&d.overdue, d.overdue_total, "dashboard.no_overdue", |e| t_with("dashboard.overdue_line", &[
                ("reviewer", e.reviewer.clone().unwrap_or_default()),
                ("days", e.days.to_string()),
            ]))}
        </section>
        <section aria-labelledby="sap-den-han">
            <h2 id="sap-den-han">{t_with("dashboard.due_soon", &[("days", d.due_soon_days.to_string())])}</h2>
            {entries_list(&d.due_soon, d.due_soon_total, "dashboard.no_due_soon", |e| {
                let when = e.due_on.clone().unwrap_or_default();
                let status = e.status.as_ref().map(|s| t(&format!("status.{s}"))).unwrap_or_default();
                if e.days < 0 {
                    t_with("dashboard.past_due", &[("on", when), ("days", (-e.days).to_string()), ("status", status)])
                } else {
                    t_with("dashboard.due_in", &[("on", when), ("days", e.days.to_string()), ("status", status)])
                }
            })}
        </section>
    }
}

fn filings_part(d: &DashboardDto) -> impl IntoView + use<> {
    let title = t("dashboard.per_day");
    view! {
        <section aria-labelledby="nop-theo-ngay" class="chart-with-table">
            <h2 id="nop-theo-ngay">{title.clone()}</h2>
            {if d.per_day.is_empty() {
                view! { <p>{t("dashboard.no_filings")}</p> }.into_any()
            } else {
                view! {
                    {day_chart("bieu-do-nop", &title, &t("dashboard.chart_desc"), &d.per_day)}
                    <details>
                        <summary>{t("dashboard.per_day_table")}</summary>
                        <div class="table-wrap" role="region" aria-label=t("dashboard.per_day_table") tabindex="0">
                            <table>
                                <caption class="sr-only">{t("dashboard.per_day_table")}</caption>
                                <thead><tr><th scope="col">{t("dashboard.day")}</th><th scope="col" class="num">{t("dashboard.count")}</th></tr></thead>
                                <tbody>
                                    {d.per_day.iter().map(|(day, n)| view! { <tr><th scope="row">{day.clone()}</th><td class="num">{*n}</td></tr> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </details>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let id = param_id();
    let data = Resource::new(move || id, campaign_dashboard);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => {
                        let title = t_with("dashboard.title", &[("name", d.campaign_name.clone())]);
                        view! {
                            <Title text=title.clone()/>
                            <p><a href=paths::campaign(d.campaign_id)>{t("summing.back")}</a></p>
                            <h1>{title}</h1>
                            {status_part(&d)}
                            {reviewers_part(&d)}
                            {lists_part(&d)}
                            {filings_part(&d)}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
