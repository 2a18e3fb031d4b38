//! The forms that ask for a campaign's exports (on its council page) and the page of one export:
//! its progress while it is made, then its file. Without JavaScript the page says where the export
//! is and offers a link to look again; with it, the progress follows by itself (`ExportProgress`).
use crate::components::head::Title;
use crate::components::islands::ExportProgress;
use crate::components::ui::{error_view, loading};
use crate::documents::api::{ExportDto, RequestExport, export_status};
use crate::i18n::{t, t_with};
use crate::page::param_id;
use crate::paths;
use leptos::prelude::*;

/// The kinds a person may ask for on the council page: the meeting sheet for the council, the rest
/// for the campaign's staff too.
pub fn export_forms(campaign_id: i64, staff: bool) -> impl IntoView + use<> {
    let kinds: &[&str] = if staff {
        &["meeting_sheet", "recognised_list", "certificates"]
    } else {
        &["meeting_sheet"]
    };
    view! {
        <section aria-labelledby="tao-van-ban" class="exports">
            <h3 id="tao-van-ban">{t("documents.export.heading")}</h3>
            <p class="hint">{t("documents.export.hint")}</p>
            <ul class="export-forms">
                {kinds.iter().map(|kind| view! {
                    <li>
                        <form method="post" action={paths::api::<RequestExport>()}>
                            <input type="hidden" name="campaign_id" value=campaign_id.to_string()/>
                            <input type="hidden" name="kind" value=*kind/>
                            <button type="submit" class="secondary">{t(&format!("documents.export.{kind}"))}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// What an export's page says of where it is (the island redraws the same).
pub fn export_state(e: &ExportDto) -> impl IntoView + use<> {
    let status = match (e.status.as_str(), e.failure.as_deref()) {
        ("queued", _) => t("documents.export.queued"),
        ("running", _) => t("documents.export.running"),
        ("done", _) => t("documents.export.done"),
        (_, Some(why @ ("forbidden" | "empty"))) => t(&format!("documents.export.failed_{why}")),
        _ => t("documents.export.failed_error"),
    };
    let counted = (e.total > 0).then(|| {
        t_with(
            "documents.export.counted",
            &[("done", e.done.to_string()), ("total", e.total.to_string())],
        )
    });
    let file = (e.status == "done").then(|| {
        let name = e.file_name.clone().unwrap_or_default();
        view! {
            <p><a class="button" href=paths::export_file(e.id) download="">{t_with("documents.export.download", &[("name", name)])}</a></p>
        }
    });
    view! {
        <p class="export-status">{status}</p>
        {e.pending().then(|| view! {
            <progress max=e.total.max(1).to_string() value=e.done.to_string() aria-label=t("documents.export.progress")></progress>
        })}
        {counted.map(|c| view! { <p>{c}</p> })}
        {file}
    }
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let id = param_id();
    let data = Resource::new(move || id, export_status);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(e) => {
                        let title = t_with("documents.export.title", &[("kind", t(&format!("documents.export.{}", e.kind)))]);
                        let refresh = e.pending().then(|| view! {
                            <p><a href=paths::export(e.id)>{t("documents.export.refresh")}</a></p>
                        });
                        let again = (e.status == "failed").then(|| export_forms_again(&e));
                        let back = paths::campaign(e.campaign_id);
                        let state = export_state(&e);
                        let (campaign, asked) = (e.campaign_name.clone(), e.created_at.clone());
                        view! {
                            <Title text=title.clone()/>
                            <h1>{title}</h1>
                            <dl class="facts">
                                <dt>{t("documents.export.campaign")}</dt><dd>{campaign}</dd>
                                <dt>{t("documents.export.asked_at")}</dt><dd>{asked}</dd>
                            </dl>
                            <div role="status" aria-live="polite">
                                <ExportProgress initial=e>
                                    {state}
                                </ExportProgress>
                            </div>
                            {refresh}
                            {again}
                            <p><a href=back>{t("documents.export.back")}</a></p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// "Tạo lại" after a failure: the same export asked for again.
fn export_forms_again(e: &ExportDto) -> impl IntoView + use<> {
    view! {
        <form method="post" action={paths::api::<RequestExport>()}>
            <input type="hidden" name="campaign_id" value=e.campaign_id.to_string()/>
            <input type="hidden" name="kind" value=e.kind.clone()/>
            <button type="submit">{t("documents.export.again")}</button>
        </form>
    }
}
