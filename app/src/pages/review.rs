//! The council's pages: the secretary's list and panel, the reviewer's queue and score sheet.
use super::{form_state, param_id, query};
use crate::api::review::{
    CriterionDto, PanelDto, SheetPageDto, panel_data, reviewer_queue, secretary_list, sheet_data,
};
use crate::components::forms::{
    ConfirmBox, ErrorSummary, SelectField, TextArea, TextField, code_options,
};
use crate::components::ui::{ApplicationBody, EntryTable, Fact, authors_text, error_view, loading};
use crate::dto::{FormStateDto, InitiativeDto};
use crate::i18n::{score, t, t_with};
use leptos::prelude::*;
use leptos_meta::Title;
use types::{Level, Status};

#[component]
pub fn SecretaryListPage() -> impl IntoView {
    let status = query("trang-thai");
    let s2 = status.clone();
    let data = Resource::new(
        move || s2.clone(),
        |s| secretary_list((!s.is_empty()).then_some(s)),
    );
    let options: Vec<(String, String)> = Status::ALL
        .iter()
        .filter(|s| **s != Status::Draft)
        .map(|s| (s.code().to_string(), t(&s.label_key())))
        .collect();
    view! {
        <Title text=t("secretary.title")/>
        <h1>{t("secretary.title")}</h1>
        <form method="get" action="/thu-ky" class="filter-row">
            <label for="trang-thai">{t("secretary.filter")}</label>
            <select id="trang-thai" name="trang-thai">
                <option value="">{t("secretary.all")}</option>
                {options.into_iter().map(|(v, l)| { let sel = v == status; view! { <option value=v selected=sel>{l}</option> } }).collect_view()}
            </select>
            <button type="submit">{t("secretary.apply")}</button>
        </form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(rows) if rows.is_empty() => view! { <p>{t("secretary.none")}</p> }.into_any(),
                    Ok(rows) => view! { <EntryTable rows link_prefix="/thu-ky/" show_unit=true/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn entry_facts(i: &InitiativeDto) -> impl IntoView {
    view! {
        <dl class="facts">
            <Fact label=t("initiative.code") value=i.code.clone()/>
            <Fact label=t("initiative.status") value=Some(t(&i.status.label_key()))/>
            <Fact label=t("initiative.unit") value=Some(i.unit_name.clone())/>
            <Fact label=t("initiative.authors") value=Some(authors_text(&i.authors))/>
            <Fact label=t("initiative.solution_type") value=Some(t(&i.solution_type.label_key()))/>
            <Fact label=t("initiative.pillar") value=Some(t(&i.pillar.label_key()))/>
            <Fact label=t("initiative.sector") value=Some(t(&i.sector.label_key()))/>
            <Fact label=t("initiative.submitted_at") value=i.submitted_at.clone()/>
            <Fact label=t("initiative.due_on") value=i.due_on.clone()/>
        </dl>
        <details class="entry-text">
            <summary>{t("initiative.description")}</summary>
            <p><strong>{i.summary.clone()}</strong></p>
            <ApplicationBody i=i.clone()/>
        </details>
    }
}

fn sheets_table(p: &PanelDto) -> impl IntoView {
    let criteria = p.criteria.clone();
    view! {
        <div class="table-wrap"><table class="scores">
            <thead><tr>
                <th scope="col">{t("secretary.reviewer")}</th>
                {criteria.iter().map(|c| view! { <th scope="col">{c.name.clone()} " (" {c.max_points} ")"</th> }).collect_view()}
                <th scope="col">{t("secretary.total")}</th>
            </tr></thead>
            <tbody>
                {p.sheets.iter().map(|s| {
                    let cells = criteria.iter().map(|c| {
                        let cell = s.scores.iter().find(|(id, _, _)| *id == c.id).map(|(_, pts, cm)| view! { <span>{*pts}</span><span class="hint">{cm.clone()}</span> }.into_any()).unwrap_or_else(|| view! { "–" }.into_any());
                        view! { <td>{cell}</td> }
                    }).collect_view();
                    view! {
                        <tr>
                            <th scope="row">{s.reviewer_name.clone()}</th>
                            {cells}
                            <td>{s.total.map(|x| x.to_string()).unwrap_or_else(|| t("secretary.not_scored"))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        <p class="mean"><strong>{t("secretary.mean")} ": "</strong>
            {p.mean.map(score).unwrap_or_else(|| t("secretary.no_mean"))}
        </p>
    }
}

fn decide_form(p: &PanelDto, f: &FormStateDto) -> AnyView {
    if !p.initiative.status.is_open_for_review() {
        return view! { <p class="notice">{t("secretary.decided")}</p> }.into_any();
    }
    let id = p.initiative.id.to_string();
    let outcome = f.value("outcome");
    view! {
        <form method="post" action="/api/quyet-dinh" class="decide-form">
            <input type="hidden" name="initiative_id" value=id/>
            <fieldset class="field" class:has-error=f.error("outcome").is_some()>
                <legend>{t("secretary.outcome")} " *"</legend>
                {f.error("outcome").map(|e| view! { <p class="field-error">{e}</p> })}
                <label class="choice"><input type="radio" name="outcome" value="recognised" checked=outcome == "recognised"/> {t("secretary.recognised")}</label>
                <label class="choice"><input type="radio" name="outcome" value="refused" checked=outcome == "refused"/> {t("secretary.refused")}</label>
            </fieldset>
            <SelectField name="level" label=t("initiative.level") options=code_options(Level::ALL, Level::code, Level::label_key) value=f.value("level") error=f.error("level")/>
            <TextArea name="reasons" label=t("secretary.reasons") value=f.value("reasons") error=f.error("reasons") rows=3/>
            <TextField name="decision_no" label=t("secretary.decision_no") value=f.value("decision_no") maxlength=60/>
            <ConfirmBox hint=t("secretary.decide_confirm") label=t("secretary.confirm_label") error=f.error("confirm")/>
            <button type="submit">{t("secretary.decide_button")}</button>
        </form>
    }
    .into_any()
}

/// Chooses two filed versions to compare (a plain GET form: works without JavaScript).
fn compare_form(p: &PanelDto) -> impl IntoView + use<> {
    let options: Vec<(String, String)> = p
        .versions
        .iter()
        .map(|(n, at)| {
            (
                n.to_string(),
                t_with(
                    "corrections.version",
                    &[("n", n.to_string()), ("at", at.clone())],
                ),
            )
        })
        .collect();
    let (older, newer) = p.compared.unwrap_or_default();
    let action = format!("/thu-ky/{}#phien-ban", p.initiative.id);
    view! {
        <form method="get" action=action class="compare-form">
            <SelectField name="tu" label=t("corrections.from") options=options.clone() value=older.to_string() required=true/>
            <SelectField name="den" label=t("corrections.to") options=options value=newer.to_string() required=true/>
            <button type="submit" class="secondary">{t("corrections.compare")}</button>
        </form>
    }
}

/// Versions, what changed between two of them, and the request for corrections.
fn corrections_part(p: &PanelDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = p.initiative.id;
    view! {
        <section aria-labelledby="phien-ban">
            <h2 id="phien-ban">{t("corrections.versions")}</h2>
            {if p.versions.is_empty() {
                view! { <p>{t("corrections.no_versions")}</p> }.into_any()
            } else {
                view! {
                    <ol class="versions">
                        {p.versions.iter().map(|(n, at)| view! { <li>{t_with("corrections.version", &[("n", n.to_string()), ("at", at.clone())])}</li> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {(p.versions.len() > 2).then(|| compare_form(p))}
            {(p.compared.is_none() && p.versions.len() >= 2).then(|| view! { <p class="notice">{t("corrections.choose_two")}</p> })}
            {p.compared.map(|(older, newer)| view! {
                <h3>{t_with("corrections.changes_between", &[("a", older.to_string()), ("b", newer.to_string())])}</h3>
                {p.changes.is_empty().then(|| view! { <p>{t("corrections.no_changes")}</p> })}
            })}
            {(!p.changes.is_empty()).then(|| view! {
                <dl class="changes">
                    {p.changes.iter().map(|c| view! {
                        <dt>{crate::components::forms::field_label(&c.field).unwrap_or_else(|| c.field.clone())}</dt>
                        <dd>
                            {c.lines.iter().map(|(mark, line)| match mark {
                                '-' => view! { <del>{line.clone()}</del> }.into_any(),
                                '+' => view! { <ins>{line.clone()}</ins> }.into_any(),
                                _ => view! { <span class="same">{line.clone()}</span> }.into_any(),
                            }).collect_view()}
                        </dd>
                    }).collect_view()}
                </dl>
            })}
            {p.can_request_corrections.then(|| view! {
                <form method="post" action="/api/yeu-cau-bo-sung" class="corrections-form">
                    <input type="hidden" name="initiative_id" value=id.to_string()/>
                    <TextArea name="message" label=t("corrections.message") value=f.value("message") error=f.error("message") hint=t("corrections.message_hint") required=true rows=4/>
                    <button type="submit" class="secondary">{t("corrections.request")}</button>
                </form>
            })}
        </section>
    }
}

#[component]
pub fn PanelPage() -> impl IntoView {
    let id = param_id();
    let from: Option<i32> = query("tu").parse().ok();
    let to: Option<i32> = query("den").parse().ok();
    let data = Resource::new(
        move || (id, from, to),
        |(id, from, to)| panel_data(id, from, to),
    );
    let form = form_state();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(p) => {
                        let i = p.initiative.clone();
                        let open = i.status.is_open_for_review();
                        let available: Vec<(String, String)> = p.available.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                        view! {
                            <Title text=i.title.clone()/>
                            <p><a href="/thu-ky">{t("initiative.back")}</a></p>
                            <h1>{i.title.clone()}</h1>
                            <ErrorSummary form=f.clone()/>
                            {entry_facts(&i)}
                            <section aria-labelledby="ket-qua-cham">
                                <h2 id="ket-qua-cham">{t("secretary.panel")}</h2>
                                {sheets_table(&p)}
                                {(open && !available.is_empty()).then(|| view! {
                                    <form method="post" action="/api/phan-cong" class="assign-form">
                                        <input type="hidden" name="initiative_id" value=i.id.to_string()/>
                                        <SelectField name="reviewer_id" label=t("secretary.reviewer") options=available.clone() error=f.error("reviewer_id") required=true/>
                                        <button type="submit">{t("secretary.assign_button")}</button>
                                    </form>
                                })}
                                {(open && available.is_empty() && p.sheets.is_empty()).then(|| view! { <p class="notice">{t("secretary.no_reviewers")}</p> })}
                            </section>
                            {corrections_part(&p, &f)}
                            <section aria-labelledby="quyet-dinh">
                                <h2 id="quyet-dinh">{t("secretary.decide")}</h2>
                                {decide_form(&p, &f)}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| reviewer_queue());
    view! {
        <Title text=t("reviewer.title")/>
        <h1>{t("reviewer.title")}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(rows) if rows.is_empty() => view! { <p>{t("reviewer.none")}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="queue">
                            {rows.into_iter().map(|q| view! {
                                <li>
                                    <a href=format!("/cham-diem/{}", q.initiative.id)>{q.initiative.title.clone()}</a>
                                    " – "
                                    {match q.total {
                                        Some(total) => view! { <span class="badge badge-recognised">{t_with("reviewer.done", &[("total", total.to_string())])}</span> }.into_any(),
                                        None => view! { <span class="badge badge-submitted">{t("reviewer.todo")}</span> }.into_any(),
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn criterion_inputs(c: &CriterionDto, index: usize, f: &FormStateDto) -> impl IntoView {
    let points_name = format!("points_{}", c.id);
    let comment_name = format!("comment_{}", c.id);
    let bands = c.bands.clone();
    view! {
        <fieldset class="criterion">
            <legend>{c.name.clone()} " (" {c.max_points} " " {t("common.points")} ")"</legend>
            <input type="hidden" name=format!("scores[{index}][criterion_id]") value=c.id.to_string()/>
            {(!bands.is_empty()).then(|| view! {
                <div class="bands">
                    <p class="hint">{t("reviewer.bands")}</p>
                    <ul>{bands.iter().map(|b| view! { <li>{format!("{}–{}: {}", b.min, b.max, b.label)}</li> }).collect_view()}</ul>
                </div>
            })}
            <div class="field" class:has-error=f.error(&points_name).is_some()>
                <label for=format!("f-{points_name}")>{t_with("reviewer.points", &[("max", c.max_points.to_string())])}</label>
                <input id=format!("f-{points_name}") name=format!("scores[{index}][points]") type="number" min="0" max=c.max_points.to_string() step="1" inputmode="numeric" value=f.value(&points_name) required=true/>
                {f.error(&points_name).map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            <div class="field" class:has-error=f.error(&comment_name).is_some()>
                <label for=format!("f-{comment_name}")>{t("reviewer.comment")} " *"</label>
                <textarea id=format!("f-{comment_name}") name=format!("scores[{index}][comment]") rows="3" required=true>{f.value(&comment_name)}</textarea>
                {f.error(&comment_name).map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        </fieldset>
    }
}

fn sheet_body(d: SheetPageDto, f: FormStateDto) -> AnyView {
    let i = d.initiative.clone();
    let form = match &d.own {
        Some(own) => view! {
            <p class="notice notice-ok">{t_with("reviewer.submitted", &[("total", own.total.unwrap_or(0).to_string())])}</p>
            <ul>{d.criteria.iter().map(|c| {
                let s = own.scores.iter().find(|(id, _, _)| *id == c.id).cloned();
                view! { <li><strong>{c.name.clone()}</strong> ": " {s.as_ref().map(|x| x.1.to_string()).unwrap_or_default()} " – " {s.map(|x| x.2).unwrap_or_default()}</li> }
            }).collect_view()}</ul>
        }.into_any(),
        None => view! {
            <ErrorSummary form=f.clone()/>
            <form method="post" action="/api/cham-diem" class="sheet-form" novalidate>
                <input type="hidden" name="initiative_id" value=i.id.to_string()/>
                {d.criteria.iter().enumerate().map(|(k, c)| criterion_inputs(c, k, &f)).collect_view()}
                <button type="submit">{t("reviewer.submit")}</button>
            </form>
        }.into_any(),
    };
    view! {
        <Title text=i.title.clone()/>
        <p><a href="/cham-diem">{t("initiative.back")}</a></p>
        <h1>{i.title.clone()}</h1>
        <div class="sheet-layout">
            <section class="sheet-entry">{entry_facts(&i)}</section>
            <section class="sheet-rubric" aria-labelledby="phieu-cham">
                <h2 id="phieu-cham">{t("reviewer.sheet")}</h2>
                {form}
            </section>
        </div>
    }
    .into_any()
}

#[component]
pub fn SheetPage() -> impl IntoView {
    let id = param_id();
    let data = Resource::new(move || id, sheet_data);
    let form = form_state();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => sheet_body(d, f),
                }
            })}
        </Suspense>
    }
}
