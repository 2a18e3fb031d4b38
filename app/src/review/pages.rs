//! Review pages: the secretary's list (with bulk screening) and an entry's panel (screening,
//! assignment and conflicts, sheets with aggregate and calibrated scores; the council's flags, vote
//! and decision come from `council::pages`), the reviewer's queue and score sheet. Every form posts and redirects: no JavaScript
//! needed.
use crate::components::forms::{
    CheckGroup, ConfirmBox, ErrorSummary, SelectField, TextArea, TextField,
};
use crate::components::head::Title;
use crate::components::islands::RunningTotal;
use crate::components::ui::{
    ApplicationBody, Fact, StatusBadge, authors_text, error_view, loading,
};
use crate::council::pages::{decide_form, decision_view, flags_part, vote_part};
use crate::dto::{FormStateDto, InitiativeDto};
use crate::i18n::{score, t, t_with};
use crate::page::{form_state, param_id, query};
use crate::paths;
use crate::review::api::{
    CriterionDto, PanelDto, PhaseDto, SheetDto, SheetPageDto, panel_data, reviewer_queue,
    secretary_list, sheet_data,
};
use leptos::prelude::*;
use types::{RefusalReason, Status};

/// "3 done, 1 skipped" after a bulk action (from the redirect's query).
fn done_notice() -> Option<impl IntoView> {
    let done = query("da-xu-ly");
    let skipped = query("bo-qua");
    (!done.is_empty()).then(|| {
        view! {
            <p class="notice notice-ok" role="status">
                {t_with("screening.done", &[("done", done), ("skipped", if skipped.is_empty() { "0".into() } else { skipped })])}
            </p>
        }
    })
}

/// Hidden inputs that post one chosen id as `ids[0]`.
fn one_id(id: i64) -> impl IntoView {
    view! {
        <input type="hidden" name="ids[0][value]" value=id.to_string()/>
        <input type="hidden" name="ids[0][on]" value="on"/>
    }
}

/// The refusal reasons as checkboxes (`reasons[k]`) and the free text.
fn refusal_fields(f: &FormStateDto) -> impl IntoView + use<> {
    view! {
        <fieldset class="field">
            <legend>{t("screening.reasons")}</legend>
            {RefusalReason::ALL.iter().enumerate().map(|(k, r)| {
                let id = format!("f-reason-{}", r.code());
                let label_for = id.clone();
                view! {
                    <input type="hidden" name=format!("reasons[{k}][value]") value=r.code()/>
                    <label class="choice" for=label_for>
                        <input id=id type="checkbox" name=format!("reasons[{k}][on]") value="on"/>
                        " " {t(&r.label_key())}
                    </label>
                }
            }).collect_view()}
        </fieldset>
        <TextArea name="note" label=t("screening.note") value=f.value("note") error=f.error("reasons") rows=3/>
    }
}

/// The tabs of the secretary's list, each with its count; the search words stay.
fn secretary_tabs(tabs: &[(String, usize)], current: &str, words: &str) -> impl IntoView + use<> {
    let words = words.to_string();
    view! {
        <nav class="filter-links secretary-tabs" aria-label=t("secretary.filter")>
            <ul>
                {tabs.iter().map(|(code, n)| {
                    let label = match code.as_str() {
                        crate::review::api::TAB_ACTION => t("secretary.needs_action"),
                        crate::review::api::TAB_ALL => t("secretary.all"),
                        code => Status::from_code(code).map(|s| t(&s.label_key())).unwrap_or_default(),
                    };
                    let href = types::paths::with_query(&paths::secretary(), &[("trang-thai", code.as_str()), ("tu-khoa", words.as_str())]);
                    let here = (code == current).then_some("page");
                    view! { <li><a href=href aria-current=here>{format!("{label} ({n})")}</a></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn SecretaryListPage() -> impl IntoView {
    let status = query("trang-thai");
    let words = query("tu-khoa");
    let (s2, w2) = (status.clone(), words.clone());
    let data = Resource::new(
        move || (s2.clone(), w2.clone()),
        |(s, w)| secretary_list((!s.is_empty()).then_some(s), (!w.is_empty()).then_some(w)),
    );
    let form = form_state();
    let back = types::paths::with_query(
        &paths::secretary(),
        &[("trang-thai", status.as_str()), ("tu-khoa", words.as_str())],
    );
    let searching = !words.is_empty();
    view! {
        <Title text=t("secretary.title")/>
        <h1>{t("secretary.title")}</h1>
        {done_notice()}
        <form method="get" action=paths::secretary() class="filter-row">
            {(!status.is_empty()).then(|| view! { <input type="hidden" name="trang-thai" value=status.clone()/> })}
            <label for="tu-khoa">{t("secretary.search")}</label>
            <input id="tu-khoa" type="search" name="tu-khoa" value=words.clone() aria-describedby="tu-khoa-goi-y"/>
            <button type="submit">{t("secretary.apply")}</button>
            <p id="tu-khoa-goi-y" class="hint">{t("secretary.search_hint")}</p>
        </form>
        <Suspense fallback=loading>
            {move || {
                let back = back.clone();
                let words = words.clone();
                Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => {
                        let campaigns = view! {
                            <nav aria-labelledby="cac-dot" class="campaign-links">
                                <h2 id="cac-dot">{t("council.campaigns")}</h2>
                                <ul>{d.campaigns.iter().map(|(id, name)| view! { <li><a href=paths::campaign(*id)>{name.clone()}</a></li> }).collect_view()}</ul>
                            </nav>
                        };
                        let tabs = secretary_tabs(&d.tabs, &d.tab, &words);
                        if d.rows.is_empty() {
                            let none = if searching { t("secretary.none_found") } else { t("secretary.none") };
                            return view! { {campaigns} {tabs} <p>{none}</p> }.into_any();
                        }
                        let any_submitted = d.rows.iter().any(|r| r.status == Status::Submitted);
                        view! {
                            {campaigns}
                            {tabs}
                            <ErrorSummary form=f.clone()/>
                            <form method="post" action={paths::api::<crate::review::api::ScreenEntries>()} class="bulk-form">
                                <input type="hidden" name="back" value=back.clone()/>
                                <div class="table-wrap"><table>
                                    <caption>{t("secretary.entries")}</caption>
                                    <thead><tr>
                                        <th scope="col"><span class="sr-only">{t("screening.pick")}</span></th>
                                        <th scope="col">{t("initiative.code")}</th>
                                        <th scope="col">{t("submit.title_field")}</th>
                                        <th scope="col">{t("initiative.unit")}</th>
                                        <th scope="col">{t("initiative.status")}</th>
                                        <th scope="col">{t("initiative.submitted_at")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {d.rows.iter().enumerate().map(|(k, r)| {
                                            let pick = (r.status == Status::Submitted).then(|| {
                                                let id = format!("f-pick-{}", r.id);
                                                let label_for = id.clone();
                                                view! {
                                                    <input type="hidden" name=format!("ids[{k}][value]") value=r.id.to_string()/>
                                                    <input id=id type="checkbox" name=format!("ids[{k}][on]") value="on"/>
                                                    <label for=label_for class="sr-only">{t_with("screening.pick_one", &[("title", r.title.clone())])}</label>
                                                }
                                            });
                                            view! {
                                                <tr>
                                                    <td>{pick}</td>
                                                    <td>{r.code.clone().unwrap_or_default()}</td>
                                                    <td><a href=paths::panel(r.id)>{r.title.clone()}</a></td>
                                                    <td>{r.unit_name.clone()}</td>
                                                    <td><StatusBadge status=r.status/></td>
                                                    <td>{r.submitted_at.clone().unwrap_or_default()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                                {any_submitted.then(|| view! {
                                    <fieldset class="bulk-actions">
                                        <legend>{t("screening.bulk")}</legend>
                                        <p class="hint">{t("screening.bulk_hint")}</p>
                                        <label class="choice"><input type="radio" name="action" value="eligible" checked=true/> " " {t("screening.eligible")}</label>
                                        <label class="choice"><input type="radio" name="action" value="refuse"/> " " {t("screening.refuse")}</label>
                                        <label class="choice"><input type="radio" name="action" value="correct"/> " " {t("screening.correct")}</label>
                                        {refusal_fields(&f)}
                                        <TextArea name="message" label=t("corrections.message") value=f.value("message") error=f.error("message") hint=t("screening.message_hint") rows=3/>
                                        <button type="submit">{t("screening.apply")}</button>
                                    </fieldset>
                                })}
                            </form>
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
}

fn entry_facts(i: &InitiativeDto) -> impl IntoView {
    // Blind review: the server sends no names and no organisation.
    let blind = !i.authors.is_empty() && i.authors.iter().all(|a| a.name.is_empty());
    let hidden = || Some(t("council.hidden_blind"));
    view! {
        <dl class="facts">
            <Fact label=t("initiative.code") value=i.code.clone()/>
            <Fact label=t("initiative.status") value=Some(t(&i.status.label_key()))/>
            <Fact label=t("initiative.unit") value=if blind { hidden() } else { Some(i.unit_name.clone()) }/>
            <Fact label=t("initiative.authors") value=if blind { hidden() } else { Some(authors_text(&i.authors)) }/>
            <Fact label=t("initiative.solution_type") value=Some(t(&i.solution_type.label_key()))/>
            <Fact label=t("initiative.pillar") value=Some(t(&i.pillar.label_key()))/>
            <Fact label=t("initiative.sector") value=Some(t(&i.sector.label_key()))/>
            <Fact label=t("initiative.submitted_at") value=i.submitted_at.clone()/>
            <Fact label=t("initiative.due_on") value=i.due_on.clone()/>
        </dl>
        // The applicant's files in sight, without opening the text below (issue 19).
        <p class="entry-files">
            <strong>{t("files.title")} ": "</strong>
            {if i.attachments.is_empty() {
                view! { {t("files.none")} }.into_any()
            } else {
                i.attachments.iter().enumerate().map(|(k, a)| view! {
                    {(k > 0).then_some(", ")}
                    <a href=paths::file(a.id)>{a.file_name.clone()}</a> " (" {a.size.clone()} ")"
                }).collect_view().into_any()
            }}
        </p>
        <details class="entry-text">
            <summary>{t("initiative.description")}</summary>
            <p><strong>{i.summary.clone()}</strong></p>
            <ApplicationBody i=i.clone()/>
        </details>
    }
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
    let action = format!("{}#phien-ban", paths::panel(p.initiative.id));
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
                <form method="post" action={paths::api::<crate::review::api::RequestCorrections>()} class="corrections-form">
                    <input type="hidden" name="initiative_id" value=id.to_string()/>
                    <TextArea name="message" label=t("corrections.message") value=f.value("message") error=f.error("message") hint=t("corrections.message_hint") required=true rows=4/>
                    <button type="submit" class="secondary">{t("corrections.request")}</button>
                </form>
            })}
        </section>
    }
}

fn phase_list(phases: &[PhaseDto], practice: bool) -> impl IntoView + use<> {
    view! {
        <ol class="phases" aria-label=t("council.phases")>
            {phases.iter().map(|p| view! {
                <li class:current=p.open_now>
                    <strong>{t(&p.phase.label_key())}</strong> " "
                    <span>{let (from, to) = p.days_vi(); format!("{from} – {to}")}</span>
                    {p.open_now.then(|| view! { " " <span class="badge badge-submitted">{t("council.open_now")}</span> })}
                </li>
            }).collect_view()}
        </ol>
        {practice.then(|| view! { <p class="notice">{t("council.practice_note")}</p> })}
    }
}

fn sheets_table(p: &PanelDto) -> impl IntoView + use<> {
    let criteria = p.criteria.clone();
    let history = p.viewer_presides || p.viewer_is_secretary;
    view! {
        <div class="table-wrap"><table class="scores">
            <caption>{t("council.sheets")}</caption>
            <thead><tr>
                <th scope="col">{t("secretary.reviewer")}</th>
                {criteria.iter().map(|c| view! { <th scope="col">{c.name.clone()} " (" {c.max_points} ")"</th> }).collect_view()}
                <th scope="col">{t("secretary.total")}</th>
                <th scope="col">{t("council.calibrated")}</th>
            </tr></thead>
            <tbody>
                {p.sheets.iter().map(|s| {
                    let cells = criteria.iter().map(|c| {
                        let cell = s.scores.iter().find(|(id, _, _)| *id == c.id).map(|(_, pts, cm)| view! { <span>{*pts}</span><span class="hint">{cm.clone()}</span> }.into_any()).unwrap_or_else(|| view! { "–" }.into_any());
                        view! { <td>{cell}</td> }
                    }).collect_view();
                    let name = if history {
                        view! { <a href=paths::sheet_history(s.assignment_id)>{s.reviewer_name.clone()}</a> }.into_any()
                    } else {
                        view! { {s.reviewer_name.clone()} }.into_any()
                    };
                    view! {
                        <tr>
                            <th scope="row">{name}</th>
                            {cells}
                            <td>{s.total.map(score).unwrap_or_else(|| t("secretary.not_scored"))}</td>
                            <td>{s.calibrated.map(score).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        <p class="mean">
            <strong>{t_with("council.aggregate", &[("method", t(&p.aggregation.label_key()))])} ": "</strong>
            {p.aggregate.map(score).unwrap_or_else(|| t("secretary.no_mean"))}
            " · "
            <strong>{t("council.calibrated_aggregate")} ": "</strong>
            {p.calibrated.map(score).unwrap_or_else(|| "–".into())}
            " · "
            {t(if p.rank_by_calibrated { "council.ranks_calibrated" } else { "council.ranks_raw" })}
        </p>
    }
}

fn screening_part(p: &PanelDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = p.initiative.id;
    let back = paths::panel(id);
    p.can_screen.then(|| {
        view! {
            <section aria-labelledby="so-loai">
                <h2 id="so-loai">{t("screening.title")}</h2>
                <form method="post" action={paths::api::<crate::review::api::ScreenEntries>()} class="inline-form">
                    {one_id(id)}
                    <input type="hidden" name="back" value=back.clone()/>
                    <input type="hidden" name="action" value="eligible"/>
                    <button type="submit">{t("screening.mark_eligible")}</button>
                </form>
                <details class="refuse">
                    <summary>{t("screening.refuse")}</summary>
                    <form method="post" action={paths::api::<crate::review::api::ScreenEntries>()}>
                        {one_id(id)}
                        <input type="hidden" name="back" value=back/>
                        <input type="hidden" name="action" value="refuse"/>
                        {refusal_fields(f)}
                        <button type="submit" class="danger">{t("screening.refuse_button")}</button>
                    </form>
                </details>
            </section>
        }
    })
}

fn assignment_part(p: &PanelDto, f: &FormStateDto) -> impl IntoView + use<> {
    let i = &p.initiative;
    // As the server has it (`review::assign`): not once the council's vote is over.
    let open = i.status.is_open_for_review() && !p.tally.closed && p.decision.is_none();
    let available: Vec<(String, String)> = p
        .available
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let id = i.id;
    view! {
        {query("da-phan-cong").parse::<u32>().ok().filter(|n| *n > 0).map(|n| view! {
            <p class="notice notice-ok" role="status" id="phan-cong">{t_with("secretary.assigned_now", &[("n", n.to_string())])}</p>
        })}
        {(p.viewer_is_secretary && open && !available.is_empty()).then(|| view! {
            <form method="post" action={paths::api::<crate::review::api::AssignReviewer>()} class="assign-form">
                <input type="hidden" name="initiative_id" value=id.to_string()/>
                <CheckGroup name="reviewers" label=t("secretary.reviewers_pick") hint=t("secretary.reviewers_pick_hint") options=available.clone() checked=f.values.iter().filter(|(k, _)| k == "reviewers").map(|(_, v)| v.clone()).collect() error=f.error("reviewers") required=true/>
                <button type="submit">{t("secretary.assign_button")}</button>
            </form>
        })}
        {(p.viewer_is_secretary && i.status == Status::Submitted).then(|| view! { <p class="notice">{t("screening.before_assign")}</p> })}
        {(!p.conflicted.is_empty()).then(|| view! {
            <details class="conflicts">
                <summary>{t_with("council.conflicted", &[("n", p.conflicted.len().to_string())])}</summary>
                <ul>
                    {p.conflicted.iter().map(|c| {
                        let kinds = c.kinds.iter().map(|k| t(&k.label_key())).collect::<Vec<_>>().join("; ");
                        let form = (p.viewer_presides && c.overridable).then(|| view! {
                            <form method="post" action={paths::api::<crate::review::api::OverrideConflict>()} class="override-form">
                                <input type="hidden" name="initiative_id" value=id.to_string()/>
                                <input type="hidden" name="user_id" value=c.user_id.to_string()/>
                                <TextField name="reason" label=t_with("council.override_reason", &[("name", c.name.clone())]) value=String::new() error=f.error("reason") required=true maxlength=500/>
                                <button type="submit" class="secondary">{t("council.override")}</button>
                            </form>
                        });
                        view! { <li><strong>{c.name.clone()}</strong> ": " {kinds} {form}</li> }
                    }).collect_view()}
                </ul>
            </details>
        })}
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
                        let back = if p.viewer_is_secretary { paths::secretary() } else { paths::campaign(p.campaign_id) };
                        view! {
                            <Title text=i.title.clone()/>
                            <p><a href=back>{t("initiative.back")}</a> " · " <a href=paths::campaign(p.campaign_id)>{t("council.campaign_page")}</a></p>
                            <h1>{i.title.clone()}</h1>
                            {done_notice()}
                            <ErrorSummary form=f.clone()/>
                            {phase_list(&p.phases, p.practice)}
                            {entry_facts(&i)}
                            {screening_part(&p, &f)}
                            <section aria-labelledby="ket-qua-cham">
                                <h2 id="ket-qua-cham">{t("secretary.panel")}</h2>
                                {sheets_table(&p)}
                                {assignment_part(&p, &f)}
                            </section>
                            {flags_part(&p, &f)}
                            {vote_part(&p, &f)}
                            {p.viewer_is_secretary.then(|| corrections_part(&p, &f))}
                            <section aria-labelledby="quyet-dinh">
                                <h2 id="quyet-dinh">{t("secretary.decide")}</h2>
                                {p.decision.as_ref().map(decision_view)}
                                {decide_form(&p, &f)}
                                {documents_part(&p)}
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The papers of the vote and the decision: the minutes once the vote is over; the certificates
/// once the decision recognises it (the secretary prints them before the announcement).
fn documents_part(p: &PanelDto) -> impl IntoView + use<> {
    let id = p.initiative.id;
    // Council members read a refused entry no more once it is announced: no link that answers 404.
    let minutes =
        p.tally.closed && (p.viewer_is_secretary || p.initiative.status != Status::Refused);
    // As `certificates_printable` has it for staff: recognised by the council's decision, or
    // recognised and published (an entry imported as such has no decision row).
    let certificates = p.viewer_is_secretary
        && (p.initiative.status == Status::Recognised
            || p.decision.as_ref().is_some_and(|d| d.recognised));
    (minutes || certificates).then(|| view! {
        <ul class="downloads" aria-label=t("documents.page.print")>
            {minutes.then(|| view! {
                <li><a href=paths::vote_minutes(id) download="">{t("documents.page.vote_minutes")}</a></li>
            })}
            {certificates.then(|| view! {
                <li><a href=paths::certificate(id) download="">{t("documents.page.certificates")}</a></li>
            })}
        </ul>
    })
}

fn queue_filter(current: &str) -> impl IntoView + use<> {
    let links = [
        ("", "reviewer.filter_all"),
        ("chua-cham", "reviewer.filter_todo"),
        ("nhap", "reviewer.filter_draft"),
        ("da-gui", "reviewer.filter_done"),
    ];
    view! {
        <nav class="filter-links" aria-label=t("reviewer.filter")>
            {links.into_iter().map(|(code, key)| {
                let href = if code.is_empty() { paths::queue() } else { format!("{}?loc={code}", paths::queue()) };
                let here = code == current;
                view! { <a href=href aria-current=here.then_some("page")>{t(key)}</a> }
            }).collect_view()}
        </nav>
    }
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let state = query("loc");
    let s2 = state.clone();
    let data = Resource::new(
        move || s2.clone(),
        |s| reviewer_queue((!s.is_empty()).then_some(s)),
    );
    view! {
        <Title text=t("reviewer.title")/>
        <h1>{t("reviewer.title")}</h1>
        {(!query("da-gui").is_empty()).then(|| view! { <p class="notice notice-ok" role="status">{t("reviewer.sent")}</p> })}
        {(!query("da-khai-bao").is_empty()).then(|| view! { <p class="notice notice-ok" role="status">{t("reviewer.declared")}</p> })}
        <Suspense fallback=loading>
            {move || {
                let state = state.clone();
                Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(q) => view! {
                        <p class="progress-line">
                            <strong>{t_with("reviewer.progress", &[("done", q.submitted.to_string()), ("total", q.total.to_string())])}</strong>
                            {q.deadline.clone().map(|d| view! { " · " {t_with("reviewer.deadline", &[("at", d)])} })}
                        </p>
                        <progress max=q.total.max(1).to_string() value=q.submitted.to_string()>{format!("{}/{}", q.submitted, q.total)}</progress>
                        {queue_filter(&state)}
                        {if q.items.is_empty() {
                            view! { <p>{t("reviewer.none")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="queue">
                                    {q.items.into_iter().map(|item| {
                                        let badge = match item.state.as_str() {
                                            "da-gui" => view! { <span class="badge badge-recognised">{t_with("reviewer.done", &[("total", item.total.map(score).unwrap_or_default())])}</span> }.into_any(),
                                            "nhap" => view! { <span class="badge badge-needs_correction">{t("reviewer.draft")}</span> }.into_any(),
                                            _ => view! { <span class="badge badge-submitted">{t("reviewer.todo")}</span> }.into_any(),
                                        };
                                        view! {
                                            <li>
                                                <a href=paths::sheet(item.initiative.id)>{item.initiative.title.clone()}</a>
                                                " – " {badge}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// When a criterion asks for a comment, in words.
pub(crate) fn comment_rule_text(c: &CriterionDto) -> String {
    match c.comment_rule {
        types::CommentRule::Optional => t("reviewer.comment_optional"),
        types::CommentRule::Always => t("reviewer.comment_always"),
        types::CommentRule::BelowPercent(p) => t_with(
            "reviewer.comment_below",
            &[("points", score(c.max_points as f64 * p as f64 / 100.0))],
        ),
    }
}

/// Why a total of whole points can read "84,64": the criteria weighed otherwise than 1, named.
fn weights_note(criteria: &[CriterionDto]) -> Option<impl IntoView + use<>> {
    let weighed: Vec<String> = criteria
        .iter()
        .filter(|c| c.weight != 1.0)
        .map(|c| format!("{} ×{}", c.name, score(c.weight)))
        .collect();
    (!weighed.is_empty()).then(|| {
        view! { <p class="hint">{t_with("reviewer.weights_note", &[("weights", weighed.join("; "))])}</p> }
    })
}

/// The sheet's fields named by their criterion in the error summary ("Tính mới – Điểm").
fn criterion_labels(criteria: &[CriterionDto]) -> Vec<(String, String)> {
    criteria
        .iter()
        .flat_map(|c| {
            [
                (format!("points_{}", c.id), "reviewer.points_label"),
                (format!("comment_{}", c.id), "reviewer.comment"),
                (format!("band_{}", c.id), "reviewer.pick_band"),
            ]
            .map(|(name, key)| (name, format!("{} – {}", c.name, t(key))))
        })
        .collect()
}

fn criterion_inputs(
    c: &CriterionDto,
    index: usize,
    f: &FormStateDto,
    draft: &[crate::review::api::ScoreField],
) -> impl IntoView + use<> {
    let points_name = format!("points_{}", c.id);
    let comment_name = format!("comment_{}", c.id);
    let saved = draft.iter().find(|d| d.criterion_id == c.id.to_string());
    // Values come back from a refused post first, else from the saved draft.
    let value = |name: &str, from_draft: Option<String>| {
        if f.values.iter().any(|(k, _)| k == name) {
            f.value(name)
        } else {
            from_draft.unwrap_or_default()
        }
    };
    let band_name = format!("band_{}", c.id);
    let band = value(&band_name, saved.map(|d| d.band.clone()));
    let points = value(&points_name, saved.map(|d| d.points.clone()));
    let comment = value(&comment_name, saved.map(|d| d.comment.clone()));
    let bands = c.bands.clone();
    let rule = comment_rule_text(c);
    let rule_id = format!("f-{comment_name}-rule");
    view! {
        <fieldset class="criterion">
            <legend>{c.name.clone()} " (" {c.max_points} " " {t("common.points")}
                {(c.weight != 1.0).then(|| format!(", {} ×{}", t("reviewer.weight"), score(c.weight)))} ")"</legend>
            {(!c.description.is_empty()).then(|| view! { <p class="hint">{c.description.clone()}</p> })}
            <input type="hidden" name=format!("scores[{index}][criterion_id]") value=c.id.to_string()/>
            {(!bands.is_empty()).then(|| view! {
                <fieldset class="bands">
                    <legend>{t("reviewer.pick_band")}</legend>
                    {bands.iter().enumerate().map(|(j, b)| {
                        let code = format!("{}-{}", b.min, b.max);
                        let id = format!("f-band-{}-{j}", c.id);
                        let label_for = id.clone();
                        let checked = band == code;
                        view! {
                            <label class="choice" for=label_for>
                                <input id=id type="radio" name=format!("scores[{index}][band]") value=code checked=checked/>
                                " " {b.text()}
                            </label>
                        }
                    }).collect_view()}
                    <p class="hint">{t("reviewer.band_hint")}</p>
                </fieldset>
            })}
            <div class="field" class:has-error=f.error(&points_name).is_some()>
                <label for=format!("f-{points_name}")>{t_with("reviewer.points", &[("max", c.max_points.to_string())])}</label>
                <input id=format!("f-{points_name}") name=format!("scores[{index}][points]") type="number" min="0" max=c.max_points.to_string() step="1" inputmode="numeric" value=points required=true/>
                {f.error(&points_name).map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            <div class="field" class:has-error=f.error(&comment_name).is_some()>
                <label for=format!("f-{comment_name}")>{t("reviewer.comment")}</label>
                <p class="hint" id=rule_id.clone()>{rule}</p>
                <textarea id=format!("f-{comment_name}") name=format!("scores[{index}][comment]") rows="3" aria-describedby=rule_id>{crate::components::forms::textarea_text(&comment)}</textarea>
                {f.error(&comment_name).map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
        </fieldset>
    }
}

fn sheet_summary(
    criteria: &[CriterionDto],
    s: &SheetDto,
    heading: String,
) -> impl IntoView + use<> {
    view! {
        <h3>{heading}</h3>
        <ul>{criteria.iter().map(|c| {
            let x = s.scores.iter().find(|(id, _, _)| *id == c.id).cloned();
            view! { <li><strong>{c.name.clone()}</strong> ": " {x.as_ref().map(|x| x.1.to_string()).unwrap_or_default()} " – " {x.map(|x| x.2).unwrap_or_default()}</li> }
        }).collect_view()}</ul>
    }
}

fn sheet_body(d: SheetPageDto, f: FormStateDto) -> AnyView {
    let i = d.initiative.clone();
    let declare = view! {
        <details class="declare-conflict">
            <summary>{t("reviewer.declare")}</summary>
            <form method="post" action={paths::api::<crate::review::api::DeclareConflict>()}>
                <input type="hidden" name="initiative_id" value=i.id.to_string()/>
                <TextArea name="reason" label=t("reviewer.declare_reason") value=f.value("reason") error=f.error("reason") required=true rows=3/>
                <ConfirmBox scope="conflict" hint=t("reviewer.declare_hint") label=t("reviewer.declare_confirm") error=f.error("confirm")/>
                <button type="submit" class="danger">{t("reviewer.declare_button")}</button>
            </form>
        </details>
    };
    let form = match &d.own {
        Some(own) => view! {
            <p class="notice notice-ok">{t_with("reviewer.submitted", &[("total", own.total.map(score).unwrap_or_default())])}</p>
            {sheet_summary(&d.criteria, own, t("reviewer.own_sheet"))}
            <h3>{t("reviewer.others")}</h3>
            {if d.others.is_empty() {
                view! { <p>{t("reviewer.no_others")}</p> }.into_any()
            } else {
                d.others.iter().enumerate().map(|(k, s)| {
                    sheet_summary(&d.criteria, s, t_with("reviewer.other_n", &[("n", (k + 1).to_string()), ("total", s.total.map(score).unwrap_or_default())]))
                }).collect_view().into_any()
            }}
        }.into_any(),
        None if !d.writable => view! {
            <p class="notice" role="status">{t("reviewer.closed")}</p>
        }.into_any(),
        None => view! {
            <ErrorSummary form=f.clone() labels=criterion_labels(&d.criteria)/>
            {(!query("da-luu").is_empty()).then(|| view! { <p class="notice notice-ok" role="status">{t("reviewer.saved")}</p> })}
            <form method="post" action={paths::api::<crate::review::api::SubmitScores>()} class="sheet-form" id="phieu-cham-form" novalidate>
                <input type="hidden" name="initiative_id" value=i.id.to_string()/>
                {d.criteria.iter().enumerate().map(|(k, c)| criterion_inputs(c, k, &f, &d.draft)).collect_view()}
                <RunningTotal
                    form_id="phieu-cham-form".to_string()
                    inputs=d.criteria.iter().map(|c| (format!("f-points_{}", c.id), c.max_points, c.weight)).collect()
                    initial=d.draft_total
                    scale_max=d.scale_max
                />
                {weights_note(&d.criteria)}
                <p class="hint">{t("reviewer.submit_hint")}</p>
                <div class="actions">
                    <button type="submit" name="action" value="save" class="secondary">{t("reviewer.save")}</button>
                    <button type="submit" name="action" value="submit">{t("reviewer.submit")}</button>
                </div>
            </form>
            {declare}
        }.into_any(),
    };
    view! {
        <Title text=i.title.clone()/>
        <p><a href=paths::queue()>{t("initiative.back")}</a></p>
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
