//! The forms that ask for a campaign's exports (on its council page) and the page of one export:
//! its progress while it is made, then its file. Without JavaScript the page says where the export
//! is and offers a link to look again; with it, the progress follows by itself (`ExportProgress`).
//! And a campaign's summing-up: its figures, the rules and list of proposals for commendation, the
//! list's issue, and its report and workbook.
use crate::components::forms::{
    ConfirmBox, ErrorSummary, SelectField, TextField, code_options, row_error,
};
use crate::components::head::Title;
use crate::components::islands::ExportProgress;
use crate::components::ui::{error_view, loading};
use crate::council::pages::notice;
use crate::documents::api::{
    BuildCommendations, CommendationDto, CountDto, EditCommendation, ExportDto, IssueCommendations,
    RemoveCommendation, RequestExport, SaveSummingRules, SummingUpDto, export_status,
    summing_up_data,
};
use crate::dto::FormStateDto;
use crate::i18n::{t, t_with};
use crate::page::{form_state, param_id};
use crate::paths;
use leptos::prelude::*;
use types::Level;

/// The kinds a person may ask for on the council page: the meeting sheet for the council, the rest
/// for the campaign's staff too.
pub fn council_exports(campaign_id: i64, staff: bool) -> impl IntoView + use<> {
    let kinds: &'static [&'static str] = if staff {
        &["meeting_sheet", "recognised_list", "certificates"]
    } else {
        &["meeting_sheet"]
    };
    export_forms(campaign_id, kinds, "tao-van-ban")
}

/// One form per kind of export of the campaign, under a heading with the id `heading_id`.
pub fn export_forms(
    campaign_id: i64,
    kinds: &'static [&'static str],
    heading_id: &'static str,
) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby=heading_id class="exports">
            <h3 id=heading_id>{t("documents.export.heading")}</h3>
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

/// What an export's page says of where it is: its state, a progress bar while it is made, the count
/// of entries done, and its file once ready. The elements carry ids so that `ExportProgress` updates
/// them in place (`export_status_text` gives the words of a state to both).
pub fn export_state(e: &ExportDto) -> impl IntoView + use<> {
    let counted = (e.total > 0).then(|| {
        t_with(
            "documents.export.counted",
            &[("done", e.done.to_string()), ("total", e.total.to_string())],
        )
    });
    let done = e.status == "done";
    let name = e.file_name.clone().unwrap_or_default();
    view! {
        <p class="export-status" id="xuat-trang-thai">{export_status_text(&e.status, e.failure.as_deref())}</p>
        <progress id="xuat-tien-do" hidden=!e.pending() max=e.total.max(1).to_string() value=e.done.to_string() aria-label=t("documents.export.progress")></progress>
        <p id="xuat-dem">{counted}</p>
        <p id="xuat-tep" hidden=!done>
            <a class="button" href=paths::export_file(e.id) download="">{t_with("documents.export.download", &[("name", name)])}</a>
        </p>
    }
}

/// The words of an export's state.
pub fn export_status_text(status: &str, failure: Option<&str>) -> String {
    match (status, failure) {
        ("queued", _) => t("documents.export.queued"),
        ("running", _) => t("documents.export.running"),
        ("done", _) => t("documents.export.done"),
        (_, Some(why @ ("forbidden" | "empty"))) => t(&format!("documents.export.failed_{why}")),
        _ => t("documents.export.failed_error"),
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
                        let (back, back_text) = if e.kind.starts_with("summing_up") {
                            (paths::summing_up(e.campaign_id), t("documents.export.back_summing"))
                        } else {
                            (paths::campaign(e.campaign_id), t("documents.export.back"))
                        };
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
                            <p><a href=back>{back_text}</a></p>
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

/// A table of counts (units ranked, or pillars, sectors, levels), with its caption.
fn counts_table(
    caption: String,
    heading: String,
    rows: &[CountDto],
    label: fn(&str) -> String,
) -> impl IntoView + use<> {
    let ranked = rows.iter().any(|r| r.rank.is_some());
    let region = caption.clone();
    view! {
        <div class="table-wrap" role="region" aria-label=region tabindex="0">
            <table class="counts">
                <caption>{caption}</caption>
                <thead><tr>
                    {ranked.then(|| view! { <th scope="col">{t("summing.rank")}</th> })}
                    <th scope="col">{heading}</th>
                    <th scope="col" class="num">{t("summing.filed")}</th>
                    <th scope="col" class="num">{t("summing.recognised")}</th>
                    <th scope="col" class="num">{t("summing.provincial")}</th>
                </tr></thead>
                <tbody>
                    {rows.iter().map(|r| view! {
                        <tr>
                            {ranked.then(|| view! { <td>{r.rank.map(|n| n.to_string()).unwrap_or_default()}</td> })}
                            <th scope="row">{label(&r.key)}</th>
                            <td class="num">{r.filed}</td>
                            <td class="num">{r.recognised}</td>
                            <td class="num">{r.provincial}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The label of a code of `kind` (pillar, sector, level); "(not given)" when empty.
fn code_label(kind: &str, code: &str) -> String {
    if code.is_empty() {
        t("summing.not_given")
    } else {
        t(&format!("{kind}.{code}"))
    }
}

fn figures_part(d: &SummingUpDto) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby="so-lieu">
            <h2 id="so-lieu">{t("summing.figures")}</h2>
            // Imported records are recognised without an announcement in the portal.
            {(!d.announced && d.recognised == 0).then(|| view! { <p class="notice">{t("summing.not_announced")}</p> })}
            <dl class="facts">
                <dt>{t("summing.filed")}</dt><dd>{d.filed}</dd>
                <dt>{t("summing.recognised")}</dt><dd>{d.recognised}</dd>
                <dt>{t("summing.units")}</dt><dd>{d.by_unit.len()}</dd>
            </dl>
            {counts_table(t("summing.by_unit"), t("summing.unit"), &d.by_unit, |k: &str| if k.is_empty() { t("summing.not_given") } else { k.to_owned() })}
            {counts_table(t("summing.by_pillar"), t("summing.pillar"), &d.by_pillar, |k: &str| code_label("pillar", k))}
            {counts_table(t("summing.by_sector"), t("summing.sector"), &d.by_sector, |k: &str| code_label("sector", k))}
            {counts_table(t("summing.by_level"), t("summing.level"), &d.by_level, |k: &str| code_label("level", k))}
        </section>
    }
}

fn rules_part(d: &SummingUpDto, f: &FormStateDto) -> impl IntoView + use<> {
    let r = d.rules.clone();
    let v = |name: &str, current: &str| {
        if f.values.iter().any(|(k, _)| k == name) {
            f.value(name)
        } else {
            current.to_owned()
        }
    };
    let levels = || code_options(Level::ALL, Level::code, Level::label_key);
    let level_name = |code: &str| code_label("level", code);
    let facts = view! {
        <ul class="settings">
            <li>{t_with("summing.rule_individual", &[("level", level_name(&r.individual_level)), ("share", r.individual_share.clone())])}</li>
            <li>{t_with("summing.rule_collective", &[("n", r.collective_count.clone()), ("level", level_name(&r.collective_level))])}</li>
        </ul>
    };
    let form = d.issued_at.is_none().then(|| view! {
        <details open=f.errors.0.iter().any(|(k, _)| k.starts_with("individual_") || k.starts_with("collective_"))>
            <summary>{t("summing.edit_rules")}</summary>
            <form method="post" action={paths::api::<SaveSummingRules>()} class="settings-form">
                <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                <fieldset>
                    <legend>{t("summing.individuals")}</legend>
                    <SelectField name="individual_level" label=t("summing.individual_level") options=levels() value=v("individual_level", &r.individual_level) error=f.error("individual_level") required=true/>
                    <TextField name="individual_share" label=t("summing.individual_share") value=v("individual_share", &r.individual_share) error=f.error("individual_share") hint=t("summing.individual_share_hint")/>
                </fieldset>
                <fieldset>
                    <legend>{t("summing.collectives")}</legend>
                    <TextField name="collective_count" label=t("summing.collective_count") kind="number" value=v("collective_count", &r.collective_count) error=f.error("collective_count") required=true/>
                    <SelectField name="collective_level" label=t("summing.collective_level") options=levels() value=v("collective_level", &r.collective_level) error=f.error("collective_level") required=true/>
                </fieldset>
                <button type="submit">{t("summing.save_rules")}</button>
            </form>
        </details>
    });
    view! {
        <section aria-labelledby="tieu-chi">
            <h2 id="tieu-chi">{t("summing.rules")}</h2>
            <p class="hint">{t("summing.rules_hint")}</p>
            {facts}
            {form}
        </section>
    }
}

/// One proposal: whom, for what, on which initiatives; while the list is a draft, its edit form
/// and the form that strikes it out.
fn proposal_item(d: &SummingUpDto, p: &CommendationDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = p.id.to_string();
    let open = d.issued_at.is_none() && !p.conflicted;
    let mine = f.values.iter().any(|(k, v)| k == "proposal_id" && *v == id);
    let typed = |name: &str, current: String| if mine { f.value(name) } else { current };
    let award = row_error(f, "proposal_id", &id, &["award"], format!("khen-{id}"));
    let note = row_error(f, "proposal_id", &id, &["note"], format!("ghi-chu-{id}"));
    let remove = row_error(
        f,
        "proposal_id",
        &id,
        &["confirm_remove"],
        format!("bo-{id}"),
    );
    let anchor = format!("de-nghi-{id}");
    let heading_id = format!("{anchor}-ten");
    let basis = p
        .basis
        .iter()
        .map(|b| {
            let mut facts: Vec<String> = Vec::new();
            if let Some(l) = &b.level {
                facts.push(code_label("level", l));
            }
            if let Some(no) = &b.decision_no {
                facts.push(t_with(
                    "summing.decision",
                    &[
                        ("no", no.clone()),
                        ("on", b.decided_on.clone().unwrap_or_default()),
                    ],
                ));
            }
            if let Some(s) = &b.share {
                facts.push(t_with("summing.share", &[("share", s.clone())]));
            }
            view! {
                <li>
                    <a href=paths::entry(b.initiative_id)>{b.title.clone()}</a>
                    {b.code.clone().map(|c| view! { " " <span class="hint">{c}</span> })}
                    " – " {facts.join("; ")}
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="proposal" id=anchor>
            <h3 id=heading_id.clone()>
                {p.name.clone()}
                " " <span class="badge">{t(if p.collective { "summing.kind_collective" } else { "summing.kind_individual" })}</span>
            </h3>
            {p.unit.clone().filter(|u| *u != p.name).map(|u| view! { <p>{u}</p> })}
            <p><strong>{t("summing.award")} ": "</strong> {p.award.clone()}</p>
            {p.note.clone().map(|n| view! { <p><strong>{t("summing.note")} ": "</strong> {n}</p> })}
            <p>{t("summing.basis")}</p>
            <ul class="basis">{basis}</ul>
            {(p.conflicted && d.issued_at.is_none()).then(|| view! { <p class="hint">{t("summing.conflicted")}</p> })}
            {open.then(|| view! {
                <details open=award.error.is_some() || note.error.is_some()>
                    <summary>{t_with("summing.edit", &[("name", p.name.clone())])}</summary>
                    <form method="post" action={paths::api::<EditCommendation>()} class="proposal-form">
                        <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                        <input type="hidden" name="proposal_id" value=id.clone()/>
                        <div class="field" class:has-error=award.error.is_some()>
                            <label for=award.input_id.clone()>{t("summing.award")} " *"</label>
                            <input id=award.input_id.clone() name="award" required=true maxlength="200" value=typed("award", p.award.clone())
                                aria-invalid=award.error.is_some().then_some("true") aria-describedby=award.error.is_some().then(|| award.error_id.clone())/>
                            {award.error.clone().map(|e| view! { <p class="field-error" id=award.error_id.clone()>{e}</p> })}
                        </div>
                        <div class="field" class:has-error=note.error.is_some()>
                            <label for=note.input_id.clone()>{t("summing.note")}</label>
                            <textarea id=note.input_id.clone() name="note" rows="2" maxlength="1000"
                                aria-invalid=note.error.is_some().then_some("true") aria-describedby=note.error.is_some().then(|| note.error_id.clone())>
                                {typed("note", p.note.clone().unwrap_or_default())}
                            </textarea>
                            {note.error.clone().map(|e| view! { <p class="field-error" id=note.error_id.clone()>{e}</p> })}
                        </div>
                        <button type="submit" class="secondary">{t("summing.save_proposal")}</button>
                    </form>
                    <form method="post" action={paths::api::<RemoveCommendation>()} class="proposal-form">
                        <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                        <input type="hidden" name="proposal_id" value=id.clone()/>
                        <div class="field" class:has-error=remove.error.is_some()>
                            <label class="choice">
                                <input id=remove.input_id.clone() type="checkbox" name="confirm" value="on" required=true
                                    aria-describedby=remove.error.is_some().then(|| remove.error_id.clone())/>
                                " " {t_with("summing.remove_confirm", &[("name", p.name.clone())])}
                            </label>
                            {remove.error.clone().map(|e| view! { <p class="field-error" id=remove.error_id.clone()>{e}</p> })}
                        </div>
                        <button type="submit" class="danger small">{t("summing.remove")}</button>
                    </form>
                </details>
            })}
        </li>
    }
}

fn proposals_part(d: &SummingUpDto, f: &FormStateDto) -> impl IntoView + use<> {
    let open = d.issued_at.is_none();
    let has = !d.proposals.is_empty();
    let build = open.then(|| view! {
        <form method="post" action={paths::api::<BuildCommendations>()}>
            <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
            {has.then(|| view! {
                <ConfirmBox scope="build" hint=t("summing.rebuild_hint") label=t("summing.rebuild_confirm") error=f.error("confirm-build")/>
            })}
            <button type="submit" class=if has { "secondary" } else { "" }>{t(if has { "summing.rebuild" } else { "summing.build" })}</button>
        </form>
    });
    let (collectives, individuals): (Vec<&CommendationDto>, Vec<&CommendationDto>) =
        d.proposals.iter().partition(|p| p.collective);
    let list = |heading: &'static str, items: Vec<&CommendationDto>| {
        (!items.is_empty()).then(|| {
            view! {
                <h3 class="list-heading">{t(heading)}</h3>
                <ol class="proposals">
                    {items.into_iter().map(|p| proposal_item(d, p, f)).collect_view()}
                </ol>
            }
        })
    };
    view! {
        <section aria-labelledby="de-nghi">
            <h2 id="de-nghi">{t("summing.proposals")}</h2>
            {notice("da-lap", "summing.built")}
            {notice("da-bo", "summing.removed")}
            {d.built_at.clone().map(|at| view! { <p class="hint">{t_with("summing.built_at", &[("at", at)])}</p> })}
            {(has && open && d.built_at.is_none()).then(|| view! { <p class="notice">{t("summing.rules_changed")}</p> })}
            {build}
            {if has {
                view! {
                    {list("summing.collectives", collectives)}
                    {list("summing.individuals", individuals)}
                }.into_any()
            } else {
                view! { <p>{t(if d.built_at.is_some() { "summing.nobody" } else { "summing.not_built" })}</p> }.into_any()
            }}
        </section>
    }
}

fn issue_part(d: &SummingUpDto, f: &FormStateDto) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby="ban-hanh">
            <h2 id="ban-hanh">{t("summing.issue_heading")}</h2>
            {notice("da-ban-hanh", "summing.issued_now")}
            {match (&d.issued_at, &d.issued_by) {
                (Some(at), by) => view! {
                    <p>{t_with("summing.issued", &[("at", at.clone()), ("by", by.clone().unwrap_or_default())])}</p>
                }.into_any(),
                (None, _) => view! {
                    <form method="post" action={paths::api::<IssueCommendations>()}>
                        <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                        <ConfirmBox scope="issue" hint=t("summing.issue_hint") label=t("summing.issue_confirm") error=f.error("confirm-issue")/>
                        <button type="submit">{t("summing.issue")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// A campaign's summing-up (/thu-ky/dot/{id}/tong-ket): the figures, the rules, the proposals for
/// commendation while they are edited, their issue, and the report and workbook to download.
#[component]
pub fn SummingUpPage() -> impl IntoView {
    let id = param_id();
    let data = Resource::new(move || id, summing_up_data);
    let form = form_state();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => {
                        let title = t_with("summing.page_title", &[("name", d.campaign_name.clone())]);
                        view! {
                            <Title text=title.clone()/>
                            <p><a href=paths::campaign(d.campaign_id)>{t("summing.back")}</a></p>
                            <h1>{title}</h1>
                            {notice("da-luu", "summing.saved")}
                            <ErrorSummary form=f.clone()/>
                            {figures_part(&d)}
                            {rules_part(&d, &f)}
                            {proposals_part(&d, &f)}
                            {issue_part(&d, &f)}
                            {export_forms(d.campaign_id, &["summing_up", "summing_up_report"], "tai-tong-ket")}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
