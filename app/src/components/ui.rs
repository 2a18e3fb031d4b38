//! Small display components and the page-level error view.
use crate::dto::{AuthorDto, InitiativeDto, SummaryDto};
use crate::error::AppError;
use crate::i18n::{score, t};
use crate::paths;
use leptos::prelude::*;
use types::Status;

/// Shows an error of a page and sets the HTTP status while rendering on the server. A visitor who is
/// not signed in is sent to the sign-in page and brought back afterwards.
pub fn error_view(e: AppError) -> AnyView {
    #[cfg(feature = "ssr")]
    {
        use http::StatusCode;
        match &e {
            AppError::NotSignedIn => {
                let path = use_context::<http::request::Parts>()
                    .map(|p| {
                        p.uri
                            .path_and_query()
                            .map(|x| x.to_string())
                            .unwrap_or_default()
                    })
                    .unwrap_or_default();
                crate::request::page_redirect(&types::paths::sign_in_then(&path));
            }
            AppError::Forbidden => crate::request::set_status(StatusCode::FORBIDDEN),
            AppError::NotFound => crate::request::set_status(StatusCode::NOT_FOUND),
            AppError::Conflict => crate::request::set_status(StatusCode::CONFLICT),
            _ => crate::request::set_status(StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
    let message = e.message();
    view! {
        <crate::components::head::Title text=message.clone()/>
        <section class="notice notice-error" role="alert">
            <h1>{message}</h1>
            <p><a href=paths::HOME>{t("nav.home")}</a></p>
        </section>
    }
    .into_any()
}

pub fn loading() -> impl IntoView {
    view! { <p class="loading">{t("common.loading")}</p> }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.code())>{t(&status.label_key())}</span> }
}

/// A recognised initiative as a card in public lists.
#[component]
pub fn InitiativeCard(
    item: SummaryDto,
    /// A highlighted excerpt (HTML escaped by the search, matches in `<mark>`).
    #[prop(default = None)]
    snippet: Option<String>,
) -> impl IntoView {
    let href = paths::entry(item.id);
    view! {
        <article class="card">
            <h3 class="card-title"><a href=href>{item.title.clone()}</a></h3>
            <p class="card-meta">
                <span>{item.unit_name.clone()}</span>
                " · "
                <span>{t(&item.pillar.label_key())}</span>
                {item.level.map(|l| view! { " · " <span class="level">{t(&l.label_key())}</span> })}
                {item.score.map(|s| view! { " · " <span>{score(s)} " " {t("common.points")}</span> })}
            </p>
            <p class="card-summary">{item.summary.clone()}</p>
            {snippet.map(|html| view! { <p class="snippet" inner_html=html></p> })}
        </article>
    }
}

/// A definition list row, only when there is a value.
#[component]
pub fn Fact(label: String, value: Option<String>) -> impl IntoView {
    value.map(|v| view! { <div class="fact"><dt>{label}</dt><dd>{v}</dd></div> })
}

/// "Name (60%), Name (40%)".
pub fn authors_text(authors: &[AuthorDto]) -> String {
    authors
        .iter()
        .map(|a| format!("{} ({}%)", a.name, a.share))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table of entries for staff and filers: code, title (linking to `link(id)`), optionally the
/// unit, status, time of receipt.
#[component]
pub fn EntryTable(
    rows: Vec<SummaryDto>,
    link: fn(i64) -> String,
    #[prop(optional)] show_unit: bool,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead><tr>
                    <th scope="col">{t("initiative.code")}</th>
                    <th scope="col">{t("submit.title_field")}</th>
                    {show_unit.then(|| view! { <th scope="col">{t("initiative.unit")}</th> })}
                    <th scope="col">{t("initiative.status")}</th>
                    <th scope="col">{t("initiative.submitted_at")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.code.clone().unwrap_or_default()}</td>
                            <td><a href=link(r.id)>{r.title.clone()}</a></td>
                            {show_unit.then(|| view! { <td>{r.unit_name.clone()}</td> })}
                            <td><StatusBadge status=r.status/></td>
                            <td>{r.submitted_at.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The application's text and tables as the viewer may see them: the long sections (a "confidential"
/// mark on those the authors asked to keep secret; the public never receives them), the authors with
/// their particulars and the adopters. Public views arrive redacted, so empty particulars are skipped.
#[component]
pub fn ApplicationBody(i: InitiativeDto) -> impl IntoView {
    let yes_no = |b: bool| t(if b { "common.yes" } else { "common.no" });
    let show_particulars = i.authors.iter().any(|a| a.workplace.is_some());
    // Dates of birth reach only those allowed to see them; the column goes when there are none.
    let author_births = i.authors.iter().any(|a| a.birth_date.is_some());
    let adopter_births = i.adopters.iter().any(|a| a.birth_date.is_some());
    view! {
        <dl class="facts">
            <Fact label=t("initiative.content") value=i.content.map(|c| t(&c.label_key()))/>
            <Fact label=t("initiative.investor") value=i.investor.clone()/>
            <Fact label=t("initiative.state_funds") value=i.state_funds.map(yes_no)/>
            <Fact label=t("initiative.first_applied_on") value=i.first_applied_on.clone()/>
            <Fact label=t("initiative.for_collective") value=i.for_collective.then(|| t("common.yes"))/>
        </dl>
        {i.sections.iter().map(|s| {
            let heading_id = format!("muc-{}", s.section.code());
            let labelled_by = heading_id.clone();
            view! {
                <section class="app-section" class:confidential=s.confidential aria-labelledby=labelled_by>
                    <h2 id=heading_id>
                        {t(&s.section.label_key())}
                        {s.confidential.then(|| view! { " " <span class="badge badge-confidential">{t("initiative.confidential")}</span> })}
                    </h2>
                    {s.confidential.then(|| view! { <p class="hint">{t("initiative.confidential_note")}</p> })}
                    <div class="prose" inner_html=s.html.clone()></div>
                </section>
            }
        }).collect_view()}
        {show_particulars.then(|| view! {
            <h2>{t("initiative.authors")}</h2>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{t("person.name")}</th>
                    {author_births.then(|| view! { <th scope="col">{t("person.birth_date")}</th> })}
                    <th scope="col">{t("person.workplace")}</th>
                    <th scope="col">{t("person.position")}</th>
                    <th scope="col">{t("person.qualification")}</th>
                    <th scope="col">{t("person.share")}</th>
                </tr></thead>
                <tbody>
                    {i.authors.iter().map(|a| view! {
                        <tr>
                            <td>{a.name.clone()}</td>
                            {author_births.then(|| view! { <td>{a.birth_date.clone().unwrap_or_default()}</td> })}
                            <td>{a.workplace.clone().unwrap_or_default()}</td>
                            <td>{a.job_title.clone().unwrap_or_default()}</td>
                            <td>{a.qualification.clone().unwrap_or_default()}</td>
                            <td>{a.share.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        })}
        {(!i.attachments.is_empty()).then(|| view! {
            <h2>{t("files.title")}</h2>
            <ul class="files">
                {i.attachments.iter().map(|a| view! {
                    <li>
                        <a href=paths::file(a.id)>{a.file_name.clone()}</a> " (" {a.size.clone()} ")"
                        {a.confidential.then(|| view! { " " <span class="badge badge-confidential">{t("initiative.confidential")}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!i.adopters.is_empty()).then(|| view! {
            <h2>{t("initiative.adopters")}</h2>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{t("person.name")}</th>
                    {adopter_births.then(|| view! { <th scope="col">{t("person.birth_date")}</th> })}
                    <th scope="col">{t("person.workplace")}</th>
                    <th scope="col">{t("person.position")}</th>
                    <th scope="col">{t("person.qualification")}</th>
                    <th scope="col">{t("person.task")}</th>
                </tr></thead>
                <tbody>
                    {i.adopters.iter().map(|a| view! {
                        <tr>
                            <td>{a.name.clone()}</td>
                            {adopter_births.then(|| view! { <td>{a.birth_date.clone().unwrap_or_default()}</td> })}
                            <td>{a.workplace.clone()}</td>
                            <td>{a.job_title.clone().unwrap_or_default()}</td>
                            <td>{a.qualification.clone().unwrap_or_default()}</td>
                            <td>{a.task.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        })}
    }
}
