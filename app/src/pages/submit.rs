//! The submitter's pages: the form, the list of own entries, an entry with its receipt and timeline.
use super::{form_state, param_id, query};
use crate::api::submit::{CaseDto, case_data, my_initiatives, submit_form_data};
use crate::components::forms::{
    ConfirmBox, ErrorSummary, SelectField, TextArea, TextField, code_options,
};
use crate::components::islands::AuthorsTable;
use crate::components::ui::{
    EntryTable, Fact, Paragraphs, StatusBadge, authors_text, error_view, loading,
};
use crate::i18n::{score, t};
use leptos::prelude::*;
use leptos_meta::Title;
use types::{Pillar, Sector, SolutionType};

const AUTHOR_ROWS: usize = 5;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| submit_form_data());
    let form = form_state();
    view! {
        <Title text=t("submit.title")/>
        <h1>{t("submit.title")}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) if d.campaigns.is_empty() => view! { <p class="notice">{t("submit.no_campaign")}</p> }.into_any(),
                    Ok(d) => {
                        let campaigns: Vec<(String, String)> = d.campaigns.iter().map(|c| (c.id.to_string(), c.name.clone())).collect();
                        let mut campaign_value = f.value("campaign_id");
                        if campaign_value.is_empty() && campaigns.len() == 1 {
                            campaign_value = campaigns[0].0.clone();
                        }
                        let units: Vec<(String, String)> = d.units.iter().map(|u| (u.code.clone(), u.name.clone())).collect();
                        let filled = (0..50).take_while(|i| !f.value(&format!("authors[{i}][name]")).is_empty() || !f.value(&format!("authors[{i}][share]")).is_empty()).count();
                        let rows: Vec<(String, String)> = (0..AUTHOR_ROWS.max(filled + 1))
                            .map(|i| (f.value(&format!("authors[{i}][name]")), f.value(&format!("authors[{i}][share]"))))
                            .collect();
                        let row_errors = (0..rows.len())
                            .map(|i| (f.error(&format!("authors[{i}][name]")), f.error(&format!("authors[{i}][share]"))))
                            .collect();
                        view! {
                            <p class="lead">{t("submit.lead")}</p>
                            <ErrorSummary form=f.clone()/>
                            <form method="post" action="/api/nop-sang-kien" class="submit-form" novalidate>
                                <SelectField name="campaign_id" label=t("submit.campaign") options=campaigns value=campaign_value error=f.error("campaign_id") required=true/>
                                <TextField name="title" label=t("submit.title_field") value=f.value("title") error=f.error("title") hint=t("submit.title_hint") required=true maxlength=300/>
                                <TextArea name="summary" label=t("initiative.summary") value=f.value("summary") error=f.error("summary") hint=t("submit.summary_hint") required=true rows=4 maxlength=1000/>
                                <TextArea name="description" label=t("initiative.description") value=f.value("description") error=f.error("description") hint=t("submit.description_hint") required=true rows=12/>
                                <div class="grid-2">
                                    <SelectField name="solution_type" label=t("initiative.solution_type") options=code_options(SolutionType::ALL, SolutionType::code, SolutionType::label_key) value=f.value("solution_type") error=f.error("solution_type") required=true/>
                                    <SelectField name="pillar" label=t("initiative.pillar") options=code_options(Pillar::ALL, Pillar::code, Pillar::label_key) value=f.value("pillar") error=f.error("pillar") required=true/>
                                    <SelectField name="sector" label=t("initiative.sector") options=code_options(Sector::ALL, Sector::code, Sector::label_key) value=f.value("sector") error=f.error("sector") required=true/>
                                    <SelectField name="unit" label=t("initiative.unit") options=units value=f.value("unit") error=f.error("unit") required=true/>
                                </div>
                                <AuthorsTable rows=rows errors=row_errors table_error=f.error("authors")/>
                                <button type="submit">{t("submit.button")}</button>
                            </form>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MinePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_initiatives());
    view! {
        <Title text=t("mine.title")/>
        <h1>{t("mine.title")}</h1>
        {(query("chao") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("auth.registered")}</p> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(rows) if rows.is_empty() => view! {
                        <p>{t("mine.none")}</p>
                        <p><a class="button" href="/nop-sang-kien">{t("nav.submit")}</a></p>
                    }.into_any(),
                    Ok(rows) => view! { <EntryTable rows link_prefix="/ho-so/"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn receipt(c: &CaseDto) -> impl IntoView {
    let i = &c.initiative;
    view! {
        <section class="receipt" aria-labelledby="bien-nhan">
            <h1 id="bien-nhan">{t("receipt.title")}</h1>
            <p class="notice notice-ok" role="status">{t("receipt.lead")}</p>
            <dl class="facts">
                <Fact label=t("receipt.case") value=i.code.clone()/>
                <Fact label=t("submit.title_field") value=Some(i.title.clone())/>
                <Fact label=t("receipt.received") value=i.submitted_at.clone()/>
                <Fact label=t("receipt.due") value=i.due_on.clone()/>
                <Fact label=t("initiative.campaign") value=Some(i.campaign_name.clone())/>
            </dl>
            <p class="no-print">
                {t("receipt.print")}
                " "
                <a href="/cua-toi">{t("receipt.mine")}</a>
            </p>
        </section>
    }
}

fn withdraw_form(id: i64, f: &crate::dto::FormStateDto) -> impl IntoView {
    view! {
        <section class="withdraw" aria-labelledby="rut-ho-so">
            <h2 id="rut-ho-so">{t("case.withdraw_title")}</h2>
            <form method="post" action="/api/rut-ho-so">
                <input type="hidden" name="initiative_id" value=id.to_string()/>
                <ConfirmBox hint=t("case.withdraw_hint") label=t("case.withdraw_confirm") error=f.error("confirm")/>
                <button type="submit" class="danger">{t("case.withdraw_button")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let id = param_id();
    let show_receipt = query("bien-nhan") == "1";
    let data = Resource::new(move || id, case_data);
    let form = form_state();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(c) => {
                        let i = c.initiative.clone();
                        let withdraw = c.can_withdraw.then(|| withdraw_form(i.id, &f));
                        view! {
                            <Title text=i.title.clone()/>
                            {show_receipt.then(|| receipt(&c))}
                            <article class="detail">
                                {(!show_receipt).then(|| view! { <h1>{i.title.clone()}</h1> })}
                                {show_receipt.then(|| view! { <h2>{i.title.clone()}</h2> })}
                                <p><StatusBadge status=i.status/></p>
                                <dl class="facts">
                                    <Fact label=t("initiative.code") value=i.code.clone()/>
                                    <Fact label=t("initiative.campaign") value=Some(i.campaign_name.clone())/>
                                    <Fact label=t("initiative.unit") value=Some(i.unit_name.clone())/>
                                    <Fact label=t("initiative.authors") value=Some(authors_text(&i.authors))/>
                                    <Fact label=t("initiative.submitted_at") value=i.submitted_at.clone()/>
                                    <Fact label=t("initiative.due_on") value=i.due_on.clone()/>
                                    <Fact label=t("initiative.level") value=i.level.map(|l| t(&l.label_key()))/>
                                    <Fact label=t("initiative.score") value=i.score.map(score)/>
                                    <Fact label=t("initiative.refusal") value=i.refusal_reasons.clone()/>
                                </dl>
                                <h2>{t("initiative.summary")}</h2>
                                <p>{i.summary.clone()}</p>
                                <h2>{t("initiative.description")}</h2>
                                <Paragraphs text=i.description.clone()/>
                                <h2>{t("initiative.timeline")}</h2>
                                <ol class="timeline">
                                    {c.history.iter().map(|h| view! {
                                        <li>
                                            <time>{h.at.clone()}</time> " – "
                                            <StatusBadge status=h.to/> " " {t("initiative.by")} " " {t(&format!("role.{}", h.actor_role))}
                                            {h.note.clone().map(|n| view! { <p class="hint">{n}</p> })}
                                        </li>
                                    }).collect_view()}
                                </ol>
                                {withdraw}
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
