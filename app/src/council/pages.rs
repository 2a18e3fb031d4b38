//! A campaign's council page (phases, settings, members, rubric, automatic assignment, ranking,
//! announcement), a score sheet's history, the person's councils; and the council's parts of an
//! entry's panel (flags, vote, decision).
use crate::components::forms::{
    ConfirmBox, ErrorSummary, SelectField, TextArea, TextField, code_options,
};
use crate::components::head::Title;
use crate::components::ui::{Fact, StatusBadge, error_view, loading};
use crate::council::api::{CouncilDto, ProposalDto, council_data, my_councils, sheet_history};
use crate::dto::FormStateDto;
use crate::i18n::{score, t, t_with};
use crate::page::{form_state, param_id, query};
use crate::paths;
use crate::review::api::{DecisionDto, PanelDto, TallyDto};
use leptos::prelude::*;
use types::{Aggregation, CouncilRole, Level, Status};

pub(crate) fn notice(param: &'static str, key: &'static str) -> Option<impl IntoView> {
    let v = query(param);
    (!v.is_empty()).then(|| {
        view! { <p class="notice notice-ok" role="status">{t_with(key, &[("n", v)])}</p> }
    })
}

fn phases_part(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = d.campaign_id;
    let secretary = d.viewer_is_secretary;
    view! {
        <section aria-labelledby="giai-doan">
            <h2 id="giai-doan">{t("council.phases")}</h2>
            {d.practice.then(|| view! { <p class="notice">{t("council.practice_note")}</p> })}
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{t("council.phase")}</th>
                    <th scope="col">{t("council.from")}</th>
                    <th scope="col">{t("council.to")}</th>
                    {secretary.then(|| view! { <th scope="col"><span class="sr-only">{t("council.change")}</span></th> })}
                </tr></thead>
                <tbody>
                    {d.phases.iter().map(|p| {
                        let code = p.phase.code();
                        let editable = secretary && p.phase != types::Phase::Submission;
                        let start_name = format!("starts_on_{code}");
                        let end_name = format!("ends_on_{code}");
                        let start = if f.values.iter().any(|(k, _)| *k == start_name) { f.value(&start_name) } else { p.starts_on.clone() };
                        let end = if f.values.iter().any(|(k, _)| *k == end_name) { f.value(&end_name) } else { p.ends_on.clone() };
                        let form_id = format!("phase-{code}");
                        let err = f.error(&start_name).or_else(|| f.error(&end_name));
                        view! {
                            <tr class:current=p.open_now>
                                <th scope="row">{t(&p.phase.label_key())} {p.open_now.then(|| view! { " " <span class="badge badge-submitted">{t("council.open_now")}</span> })}</th>
                                {if editable {
                                    let label_start = t_with("council.phase_start", &[("phase", t(&p.phase.label_key()))]);
                                    let label_end = t_with("council.phase_end", &[("phase", t(&p.phase.label_key()))]);
                                    view! {
                                        <td><input type="date" name="starts_on" form=form_id.clone() value=start aria-label=label_start required=true/></td>
                                        <td><input type="date" name="ends_on" form=form_id.clone() value=end aria-label=label_end required=true/>
                                            {err.map(|e| view! { <p class="field-error">{e}</p> })}</td>
                                        <td>
                                            <form id=form_id method="post" action={paths::api::<crate::council::api::SetPhase>()}>
                                                <input type="hidden" name="campaign_id" value=id.to_string()/>
                                                <input type="hidden" name="phase" value=code/>
                                                <button type="submit" class="secondary">{t("council.save_phase")}</button>
                                            </form>
                                        </td>
                                    }.into_any()
                                } else {
                                    let (from, to) = p.days_vi();
                                    view! { <td>{from}</td><td>{to}</td> {secretary.then(|| view! { <td></td> })} }.into_any()
                                }}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
            {timeline(&d.phases, &d.today)}
        </section>
    }
}

/// The phases drawn to scale on one time line, today marked: the table above says the same in
/// words, so the drawing is hidden from screen readers. SVG attributes place the bars (the content
/// security policy allows no inline styles).
fn timeline(
    phases: &[crate::review::api::panel::PhaseDto],
    today: &str,
) -> Option<impl IntoView + use<>> {
    let day = |iso: &str| types::Day::parse(iso).ok().map(types::Day::day_number);
    let bars: Vec<(types::Phase, i64, i64, bool)> = phases
        .iter()
        .filter_map(|p| Some((p.phase, day(&p.starts_on)?, day(&p.ends_on)?, p.open_now)))
        .collect();
    let lo = bars.iter().map(|b| b.1).min()?;
    let hi = bars.iter().map(|b| b.2).max()?;
    let span = (hi - lo).max(1) as f64;
    let x = move |d: i64| format!("{:.1}", (d - lo) as f64 * 1000.0 / span);
    let now = day(today).filter(|t| (lo..=hi).contains(t));
    Some(view! {
        <div class="timeline" aria-hidden="true">
            {bars.into_iter().map(|(phase, start, end, open)| view! {
                <div class="timeline-row">
                    <span class="timeline-label">{t(&phase.label_key())}</span>
                    <svg class="timeline-track" viewBox="0 0 1000 10" preserveAspectRatio="none" focusable="false">
                        <rect class="timeline-bar" class:timeline-open=open x=x(start) y="1" height="8"
                            width=format!("{:.1}", ((end - start).max(1)) as f64 * 1000.0 / span)/>
                        {now.map(|t| view! { <line class="timeline-today" x1=x(t) x2=x(t) y1="0" y2="10"/> })}
                    </svg>
                </div>
            }).collect_view()}
        </div>
    })
}

fn settings_part(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    let s = d.settings.clone();
    let v = |name: &str, current: String| {
        if f.values.iter().any(|(k, _)| k == name) {
            f.value(name)
        } else {
            current
        }
    };
    let aggregation = code_options(Aggregation::ALL, Aggregation::code, Aggregation::label_key);
    let facts = view! {
        <ul class="settings">
            <li>{t("council.aggregation")} ": " {t(&s.aggregation.label_key())}</li>
            <li>{t("council.marks")} ": " {score(s.pass_mark)} " / " {score(s.provincial_mark)}</li>
            <li>{t("council.reviewers_per_entry")} ": " {s.reviewers_per_entry}</li>
            <li>{t("council.vote_rule")} ": " {format!("{}/{}", s.vote_numerator, s.vote_denominator)} " · " {t(if s.secret_ballot { "council.secret_ballot" } else { "council.open_ballot" })}</li>
            <li>{t(if s.blind_review { "council.blind_on" } else { "council.blind_off" })}</li>
        </ul>
    };
    view! {
        <section aria-labelledby="cau-hinh">
            <h2 id="cau-hinh">{t("council.settings")}</h2>
            {facts}
            {d.viewer_is_secretary.then(|| view! {
                <details>
                    <summary>{t("council.edit_settings")}</summary>
                    <form method="post" action={paths::api::<crate::council::api::UpdateSettings>()} class="settings-form">
                        <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                        <SelectField name="aggregation" label=t("council.aggregation") options=aggregation value=v("aggregation", s.aggregation.code().into()) required=true/>
                        <TextField name="pass_mark" label=t("council.pass_mark") value=v("pass_mark", score(s.pass_mark)) error=f.error("pass_mark") required=true/>
                        <TextField name="provincial_mark" label=t("council.provincial_mark") value=v("provincial_mark", score(s.provincial_mark)) error=f.error("provincial_mark") required=true/>
                        <TextField name="reviewers_per_entry" label=t("council.reviewers_per_entry") kind="number" value=v("reviewers_per_entry", s.reviewers_per_entry.to_string()) error=f.error("reviewers_per_entry") required=true/>
                        <fieldset class="field" class:has-error=f.error("vote_fraction").is_some()>
                            <legend>{t("council.vote_rule")}</legend>
                            {f.error("vote_fraction").map(|e| view! { <p class="field-error">{e}</p> })}
                            <TextField name="vote_numerator" label=t("council.vote_numerator") kind="number" value=v("vote_numerator", s.vote_numerator.to_string()) required=true/>
                            <TextField name="vote_denominator" label=t("council.vote_denominator") kind="number" value=v("vote_denominator", s.vote_denominator.to_string()) required=true/>
                        </fieldset>
                        <TextField name="spread_pct" label=t("council.spread_pct") kind="number" value=v("spread_pct", s.spread_pct.to_string()) error=f.error("spread_pct") required=true/>
                        <TextField name="outlier_sd" label=t("council.outlier_sd") value=v("outlier_sd", score(s.outlier_sd)) error=f.error("outlier_sd") required=true/>
                        <label class="choice"><input type="checkbox" name="blind_review" value="on" checked=s.blind_review/> " " {t("council.blind_review")}</label>
                        <label class="choice"><input type="checkbox" name="secret_ballot" value="on" checked=s.secret_ballot/> " " {t("council.secret_ballot_field")}</label>
                        <button type="submit">{t("council.save_settings")}</button>
                    </form>
                </details>
            })}
        </section>
    }
}

fn members_part(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = d.campaign_id;
    let roles = code_options(CouncilRole::ALL, CouncilRole::code, CouncilRole::label_key);
    view! {
        <section aria-labelledby="hoi-dong">
            <h2 id="hoi-dong">{t("council.members")}</h2>
            {if d.members.is_empty() {
                view! { <p>{t("council.no_members")}</p> }.into_any()
            } else {
                view! {
                    <ul class="members">
                        {d.members.iter().map(|m| view! {
                            <li>
                                <strong>{m.name.clone()}</strong> " – " {t(&m.role.label_key())}
                                {d.viewer_is_secretary.then(|| view! {
                                    <details class="inline">
                                        <summary>{t("council.remove")}</summary>
                                        <form method="post" action={paths::api::<crate::council::api::RemoveMember>()}>
                                            <input type="hidden" name="campaign_id" value=id.to_string()/>
                                            <input type="hidden" name="user_id" value=m.user_id.to_string()/>
                                            <ConfirmBox scope="member" hint=t_with("council.remove_hint", &[("name", m.name.clone())]) label=t("council.remove_confirm") error=None/>
                                            <button type="submit" class="danger">{t("council.remove")}</button>
                                        </form>
                                    </details>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {d.viewer_is_secretary.then(|| view! {
                <form method="post" action={paths::api::<crate::council::api::SetMember>()} class="member-form">
                    <input type="hidden" name="campaign_id" value=id.to_string()/>
                    <TextField name="email" label=t("council.member_email") kind="email" value=f.value("email") error=f.error("email") required=true/>
                    <SelectField name="role" label=t("council.member_role") options=roles value=f.value("role") error=f.error("role") required=true/>
                    <button type="submit">{t("council.add_member")}</button>
                </form>
            })}
        </section>
    }
}

/// The rubric form: every criterion as a group of fields, plus one blank group to add a criterion.
fn rubric_form(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    let refused = f.values.iter().any(|(k, _)| k.starts_with("criteria["));
    let rows = d.criteria.len() + 1;
    let rules = vec![
        ("optional".to_string(), t("council.rule_optional")),
        ("always".to_string(), t("council.rule_always")),
        ("below:50".to_string(), t("council.rule_below_half")),
    ];
    view! {
        <details open=refused>
            <summary>{t("council.rubric_edit")}</summary>
            <form method="post" action={paths::api::<crate::council::api::SetRubric>()} class="rubric-form">
                <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                <p class="hint">{t("council.rubric_hint")}</p>
                {(0..rows).map(|k| {
                    let c = d.criteria.get(k);
                    let name = |part: &str| format!("criteria[{k}][{part}]");
                    let value = |part: &str, current: String| if refused { f.value(&name(part)) } else { current };
                    let err = |part: &str| f.error(&format!("criteria[{k}].{part}"));
                    let bands = c.map(|c| c.bands.iter().map(|b| format!("{}-{}: {}", b.min, b.max, b.label)).collect::<Vec<_>>().join("\n")).unwrap_or_default();
                    let rule = c.map(|c| match c.comment_rule {
                        types::CommentRule::Optional => "optional".to_string(),
                        types::CommentRule::Always => "always".to_string(),
                        types::CommentRule::BelowPercent(p) => format!("below:{p}"),
                    }).unwrap_or_else(|| "always".into());
                    view! {
                        <fieldset class="criterion">
                            <legend>{t_with("council.criterion_n", &[("n", (k + 1).to_string())])}</legend>
                            <TextField name=name("code") label=t("council.criterion_code") value=value("code", c.map(|c| c.code.clone()).unwrap_or_default()) error=err("code") maxlength=40/>
                            <TextField name=name("name") label=t("council.criterion_name") value=value("name", c.map(|c| c.name.clone()).unwrap_or_default()) error=err("name") maxlength=200/>
                            <TextArea name=name("description") label=t("council.criterion_description") value=value("description", c.map(|c| c.description.clone()).unwrap_or_default()) rows=2/>
                            <TextField name=name("max_points") label=t("council.max_points") kind="number" value=value("max_points", c.map(|c| c.max_points.to_string()).unwrap_or_default()) error=err("max_points")/>
                            <TextField name=name("weight") label=t("council.weight") value=value("weight", c.map(|c| score(c.weight)).unwrap_or_else(|| "1".into())) error=err("weight")/>
                            <SelectField name=name("comment_rule") label=t("council.comment_rule") options=rules.clone() value=value("comment_rule", rule)/>
                            <TextArea name=name("bands") label=t("council.criterion_bands") value=value("bands", bands) error=err("bands") rows=3/>
                        </fieldset>
                    }
                }).collect_view()}
                {f.error("criteria").map(|e| view! { <p class="field-error">{e}</p> })}
                <button type="submit">{t("council.save_rubric")}</button>
            </form>
        </details>
    }
}

fn rubric_part(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    view! {
        <section aria-labelledby="tieu-chi">
            <h2 id="tieu-chi">{t("council.rubric")}</h2>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{t("council.criterion")}</th>
                    <th scope="col">{t("council.max_points")}</th>
                    <th scope="col">{t("council.weight")}</th>
                    <th scope="col">{t("reviewer.bands")}</th>
                    <th scope="col">{t("reviewer.comment")}</th>
                </tr></thead>
                <tbody>
                    {d.criteria.iter().map(|c| view! {
                        <tr>
                            <th scope="row">{c.name.clone()}</th>
                            <td>{c.max_points}</td>
                            <td>{score(c.weight)}</td>
                            <td>{c.bands.iter().map(|b| b.text()).collect::<Vec<_>>().join("; ")}</td>
                            <td>{crate::review::pages::comment_rule_text(c)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <p class="hint">{t(if d.rubric_locked { "council.rubric_locked" } else { "council.rubric_open" })}</p>
            {notice("bo-tieu-chi", "council.rubric_saved")}
            {(d.viewer_is_secretary && !d.rubric_locked).then(|| rubric_form(d, f))}
        </section>
    }
}

fn proposal_view(d: &CouncilDto, p: &ProposalDto) -> impl IntoView + use<> {
    let cap = p.cap.map(|c| c.to_string()).unwrap_or_default();
    view! {
        <h3>{t_with("council.proposal", &[("n", p.add.len().to_string())])}</h3>
        {(!p.short.is_empty()).then(|| view! {
            <div class="notice"><p>{t("council.short")}</p>
                <ul>{p.short.iter().map(|(title, n)| view! { <li>{t_with("council.short_one", &[("title", title.clone()), ("n", n.to_string())])}</li> }).collect_view()}</ul>
            </div>
        })}
        <div class="table-wrap"><table>
            <caption>{t("council.loads")}</caption>
            <thead><tr><th scope="col">{t("secretary.reviewer")}</th><th scope="col">{t("council.load")}</th></tr></thead>
            <tbody>{p.loads.iter().map(|(n, l)| view! { <tr><th scope="row">{n.clone()}</th><td>{*l}</td></tr> }).collect_view()}</tbody>
        </table></div>
        {(!p.add.is_empty()).then(|| view! {
            <form method="post" action={paths::api::<crate::review::api::ApplyAssignments>()}>
                <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                <input type="hidden" name="cap" value=cap/>
                <div class="table-wrap"><table>
                    <caption>{t("council.new_pairs")}</caption>
                    <thead><tr><th scope="col">{t("submit.title_field")}</th><th scope="col">{t("secretary.reviewer")}</th></tr></thead>
                    <tbody>
                        {p.add.iter().enumerate().map(|(k, (e, title, r, name))| view! {
                            <tr>
                                <td><input type="hidden" name=format!("pairs[{k}]") value=format!("{e}:{r}")/>{title.clone()}</td>
                                <td>{name.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
                <button type="submit">{t("council.apply")}</button>
            </form>
        })}
    }
}

fn assign_part(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    let cap = query("toi-da");
    d.viewer_is_secretary.then(|| view! {
        <section aria-labelledby="phan-cong">
            <h2 id="phan-cong">{t("council.auto_assign")}</h2>
            {notice("da-phan-cong", "council.assigned")}
            {f.error("assignments").map(|e| view! { <p class="field-error">{e}</p> })}
            <p class="hint">{t_with("council.auto_hint", &[("n", d.settings.reviewers_per_entry.to_string())])}</p>
            <form method="get" action=format!("{}#phan-cong", paths::campaign(d.campaign_id)) class="inline-form">
                <input type="hidden" name="xem" value="1"/>
                <TextField name="toi-da" label=t("council.cap") kind="number" value=cap hint=t("council.cap_hint")/>
                <button type="submit" class="secondary">{t("council.preview")}</button>
            </form>
            {d.proposal.as_ref().map(|p| proposal_view(d, p))}
        </section>
    })
}

/// Where the ranking score stands against the campaign's marks; only provisional while assigned
/// sheets are still out.
fn meets(d: &CouncilDto, r: &crate::council::api::RankRowDto) -> String {
    if r.sheets < r.assigned {
        return t_with(
            "council.provisional",
            &[("n", r.sheets.to_string()), ("of", r.assigned.to_string())],
        );
    }
    let s = &d.settings;
    let x = if s.rank_by_calibrated {
        r.calibrated
    } else {
        r.aggregate
    };
    match x {
        None => "–".into(),
        Some(x) if x >= s.provincial_mark => t("council.meets_provincial"),
        Some(x) if x >= s.pass_mark => t("council.meets_pass"),
        Some(_) => t("council.below_pass"),
    }
}

fn ranking_part(d: &CouncilDto) -> impl IntoView + use<> {
    let base = paths::campaign(d.campaign_id);
    let sort_link = |code: &str, key: &str| {
        let href = format!("{base}?sap-xep={code}#xep-hang");
        let here = query("sap-xep") == code;
        view! { <a href=href aria-current=here.then_some("true")>{t(key)}</a> }
    };
    view! {
        <section aria-labelledby="xep-hang">
            <h2 id="xep-hang">{t("council.ranking")}</h2>
            <p>
                {t(if d.settings.rank_by_calibrated { "council.ranks_calibrated" } else { "council.ranks_raw" })}
            </p>
            <ul class="downloads">
                <li><a href=paths::ranking_csv(d.campaign_id) download="">{t("council.csv")}</a></li>
            </ul>
            {crate::documents::pages::council_exports(d.campaign_id, d.viewer_is_secretary)}
            {d.viewer_presides.then(|| view! {
                <form method="post" action={paths::api::<crate::council::api::ChooseRanking>()} class="inline-form">
                    <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                    <input type="hidden" name="by" value=if d.settings.rank_by_calibrated { "raw" } else { "calibrated" }/>
                    <button type="submit" class="secondary">{t(if d.settings.rank_by_calibrated { "council.use_raw" } else { "council.use_calibrated" })}</button>
                </form>
            })}
            <nav class="filter-links" aria-label=t("council.sort")>
                {t("council.sort")} ": "
                {sort_link("", "council.sort_rank")} " "
                {sort_link("diem", "council.sort_aggregate")} " "
                {sort_link("hieu-chinh", "council.sort_calibrated")} " "
                {sort_link("chenh-lech", "council.sort_spread")}
            </nav>
            {if d.ranking.is_empty() {
                view! { <p>{t("council.no_ranking")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="xep-hang" tabindex="0"><table class="ranking">
                        <thead><tr>
                            <th scope="col">{t("submit.title_field")}</th>
                            <th scope="col">{t("initiative.status")}</th>
                            <th scope="col">{t("council.sheets_n")}</th>
                            <th scope="col">{t("council.aggregate_short")}</th>
                            <th scope="col">{t("council.calibrated")}</th>
                            <th scope="col">{t("council.spread")}</th>
                            <th scope="col">{t("council.meets")}</th>
                            <th scope="col">{t("council.flags")}</th>
                            <th scope="col">{t("secretary.decide")}</th>
                        </tr></thead>
                        <tbody>
                            {d.ranking.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">
                                        <a href=paths::panel(r.initiative_id)>{r.title.clone()}</a>
                                        {r.code.clone().map(|c| view! { <br/><span class="hint">{c}</span> })}
                                    </th>
                                    <td><StatusBadge status=r.status/></td>
                                    <td>{format!("{}/{}", r.sheets, r.assigned)}</td>
                                    <td>{r.aggregate.map(score).unwrap_or_else(|| "–".into())}</td>
                                    <td>{r.calibrated.map(score).unwrap_or_else(|| "–".into())}</td>
                                    <td>{r.spread_pct.map(|s| format!("{}%", score(s))).unwrap_or_else(|| "–".into())}</td>
                                    <td>{meets(d, r)}</td>
                                    <td>{if r.flags == 0 { "–".to_string() } else { t_with("council.flags_n", &[("n", r.flags.to_string()), ("open", r.unresolved.to_string())]) }}</td>
                                    <td>{r.decision.as_ref().map(|x| {
                                        let what = if x.recognised { t("secretary.recognised") } else { t("secretary.refused") };
                                        if x.published { what } else { format!("{what} ({})", t("council.unpublished")) }
                                    }).unwrap_or_else(|| "–".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

fn publish_part(d: &CouncilDto, f: &FormStateDto) -> impl IntoView + use<> {
    d.viewer_is_secretary.then(|| view! {
        <section aria-labelledby="cong-bo">
            <h2 id="cong-bo">{t("council.announce")}</h2>
            {notice("da-cong-bo", "council.published")}
            {d.announced_at.clone().map(|at| view! { <p>{t_with("council.announced_at", &[("at", at)])}</p> })}
            <p><a href=paths::dashboard(d.campaign_id)>{t("dashboard.link")}</a></p>
            <p><a href=paths::summing_up(d.campaign_id)>{t("summing.link")}</a></p>
            <p>{t_with("council.pending", &[("n", d.pending.to_string())])}</p>
            {(d.pending > 0).then(|| view! {
                <form method="post" action={paths::api::<crate::council::api::Publish>()}>
                    <input type="hidden" name="campaign_id" value=d.campaign_id.to_string()/>
                    <ConfirmBox scope="publish" hint=t("council.publish_hint") label=t("council.publish_confirm") error=f.error("confirm")/>
                    <button type="submit">{t("council.publish")}</button>
                </form>
            })}
        </section>
    })
}

#[component]
pub fn CouncilPage() -> impl IntoView {
    let id = param_id();
    let sort = query("sap-xep");
    let cap = query("toi-da");
    let preview = !query("xem").is_empty();
    let data = Resource::new(
        move || (id, sort.clone(), cap.clone(), preview),
        |(id, sort, cap, preview)| {
            council_data(
                id,
                (!sort.is_empty()).then_some(sort),
                (!cap.is_empty()).then_some(cap),
                preview,
            )
        },
    );
    let form = form_state();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => view! {
                        <Title text=t_with("council.page_title", &[("name", d.campaign_name.clone())])/>
                        <p><a href=if d.viewer_is_secretary { paths::secretary() } else { paths::councils() }>{t("initiative.back")}</a></p>
                        <h1>{t_with("council.page_title", &[("name", d.campaign_name.clone())])}</h1>
                        {notice("da-luu", "council.saved")}
                        {notice("moi", "council.opened")}
                        <ErrorSummary form=f.clone()/>
                        {phases_part(&d, &f)}
                        {ranking_part(&d)}
                        {assign_part(&d, &f)}
                        {publish_part(&d, &f)}
                        {members_part(&d, &f)}
                        {settings_part(&d, &f)}
                        {rubric_part(&d, &f)}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SheetHistoryPage() -> impl IntoView {
    let id = param_id();
    let data = Resource::new(move || id, sheet_history);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(h) => view! {
                        <Title text=t_with("council.history_title", &[("name", h.reviewer.clone())])/>
                        <p><a href=paths::panel(h.initiative_id)>{t("initiative.back")}</a></p>
                        <h1>{t_with("council.history_title", &[("name", h.reviewer.clone())])}</h1>
                        <p>{h.initiative_title.clone()}</p>
                        {if h.entries.is_empty() {
                            view! { <p>{t("council.history_empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="history">
                                    {h.entries.iter().map(|e| view! {
                                        <li>
                                            <p><strong>{t(&format!("audit_action.{}", e.action))}</strong> " – " {e.at.clone()} " – " {e.actor.clone()}</p>
                                            {e.reason.clone().filter(|r| !r.is_empty()).map(|r| view! { <p>{t("council.reason")} ": " {r}</p> })}
                                            {e.after.clone().map(|a| view! { <pre class="record">{a}</pre> })}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MyCouncilsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_councils());
    view! {
        <Title text=t("council.mine")/>
        <h1>{t("council.mine")}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(rows) if rows.is_empty() => view! { <p>{t("council.mine_none")}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul>
                            {rows.into_iter().map(|(id, name, role)| view! {
                                <li><a href=paths::campaign(id)>{name}</a> " – " {t(&role.label_key())}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

// ---- The council's parts of an entry's panel (`review::pages::PanelPage`) ----

pub(crate) fn flags_part(p: &PanelDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = p.initiative.id;
    view! {
        <section aria-labelledby="canh-bao">
            <h2 id="canh-bao">{t("council.flags")}</h2>
            {if p.flags.is_empty() {
                view! { <p>{t("council.no_flags")}</p> }.into_any()
            } else {
                view! {
                    <ul class="flags">
                        {p.flags.iter().map(|x| {
                            let open = p.unresolved.contains(x);
                            view! { <li class:unresolved=open>{x.clone()} {open.then(|| view! { " " <span class="badge badge-needs_correction">{t("council.unresolved")}</span> })}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {p.resolution.clone().map(|(note, by, at)| view! {
                <div class="resolution"><p><strong>{t_with("council.resolved_by", &[("name", by), ("at", at)])}</strong></p><p>{note}</p></div>
            })}
            {(p.viewer_presides && !p.unresolved.is_empty()).then(|| view! {
                <form method="post" action={paths::api::<crate::council::api::ResolveFlags>()}>
                    <input type="hidden" name="initiative_id" value=id.to_string()/>
                    <TextArea name="note" label=t("council.resolution_note") value=f.value("note") error=f.error("note") hint=t("council.resolution_hint") required=true rows=3/>
                    <button type="submit">{t("council.resolve")}</button>
                </form>
            })}
        </section>
    }
}

pub(crate) fn tally_view(tally: &TallyDto, viewer_voted: bool) -> impl IntoView + use<> {
    if !tally.closed {
        // While the vote is open nobody sees how it stands: each change would reveal a ballot.
        return view! {
            <p class="tally">
                {t_with("council.tally_open", &[
                    ("ballots", tally.ballots.to_string()),
                    ("entitled", tally.entitled.to_string()),
                    ("needed", tally.needed.to_string()),
                ])}
            </p>
            <p class="hint">{t(if tally.secret { "council.secret_ballot" } else { "council.open_ballot" })}</p>
            {viewer_voted.then(|| view! { <p class="hint">{t("council.you_voted")}</p> })}
        }
        .into_any();
    }
    view! {
        <p class="tally">
            {t_with("council.tally", &[
                ("agree", tally.agree.to_string()),
                ("disagree", tally.disagree.to_string()),
                ("entitled", tally.entitled.to_string()),
                ("needed", tally.needed.to_string()),
            ])}
            " "
            {if tally.passed {
                view! { <span class="badge badge-recognised">{t("council.passes")}</span> }.into_any()
            } else {
                view! { <span class="badge badge-submitted">{t("council.not_passed")}</span> }.into_any()
            }}
        </p>
        <p class="hint">{t(if tally.secret { "council.secret_ballot" } else { "council.open_ballot" })}</p>
        {(!tally.voters.is_empty()).then(|| view! {
            <ul class="voters">
                {tally.voters.iter().map(|(name, choice)| view! {
                    <li>{name.clone()} {choice.map(|c| format!(": {}", t(if c { "council.agree" } else { "council.disagree" })))}</li>
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

pub(crate) fn vote_part(p: &PanelDto, f: &FormStateDto) -> impl IntoView + use<> {
    let id = p.initiative.id;
    let mine = f.values.iter().any(|(k, _)| k == "choice");
    let closing = f.values.iter().any(|(k, _)| k == "close");
    // As `council::require_phase` has it: a practice campaign keeps every action open.
    let vote_phase_open = p.practice
        || p.phases
            .iter()
            .any(|w| w.phase == types::Phase::Vote && w.open_now);
    let may_close = (p.viewer_is_secretary || p.viewer_presides)
        && !p.tally.closed
        && p.decision.is_none()
        && vote_phase_open
        && p.initiative.status == types::Status::UnderReview;
    view! {
        <section aria-labelledby="bieu-quyet">
            <h2 id="bieu-quyet">{t("council.vote")}</h2>
            {tally_view(&p.tally, p.viewer_voted)}
            {p.viewer_may_vote.then(|| view! {
                <form method="post" action={paths::api::<crate::council::api::CastVote>()} class="vote-form">
                    <input type="hidden" name="initiative_id" value=id.to_string()/>
                    <fieldset class="field" class:has-error=f.error("choice").is_some()>
                        <legend>{t("council.your_vote")} " *"</legend>
                        {f.error("choice").map(|e| view! { <p class="field-error">{e}</p> })}
                        <label class="choice"><input type="radio" name="choice" value="agree"/> " " {t("council.agree")}</label>
                        <label class="choice"><input type="radio" name="choice" value="disagree"/> " " {t("council.disagree")}</label>
                    </fieldset>
                    <ConfirmBox scope="vote" hint=t("council.vote_final") label=t("council.vote_confirm") error=if mine { f.error("confirm") } else { None }/>
                    <button type="submit">{t("council.cast")}</button>
                </form>
            })}
            {may_close.then(|| view! {
                <form method="post" action={paths::api::<crate::council::api::CloseVote>()} class="close-vote-form">
                    <input type="hidden" name="initiative_id" value=id.to_string()/>
                    {(closing && f.error("close").is_some()).then(|| view! { <p class="field-error" id=crate::components::forms::field_id("close")>{f.error("close")}</p> })}
                    <ConfirmBox scope="close" hint=t("council.close_hint") label=t("council.close_confirm") error=if closing { f.error("confirm") } else { None }/>
                    <button type="submit" class="secondary">{t("council.close_vote")}</button>
                </form>
            })}
        </section>
    }
}

pub(crate) fn decision_view(d: &DecisionDto) -> impl IntoView + use<> {
    let outcome = if d.recognised {
        format!(
            "{} – {}",
            t("secretary.recognised"),
            d.level.map(|l| t(&l.label_key())).unwrap_or_default()
        )
    } else {
        t("secretary.refused")
    };
    view! {
        {(!d.published).then(|| view! { <p class="notice">{t("council.not_published")}</p> })}
        <dl class="facts">
            <Fact label=t("secretary.outcome") value=Some(outcome)/>
            <Fact label=t("council.award") value=d.award.clone()/>
            <Fact label=t("secretary.reasons") value=d.reasons.clone()/>
            <Fact label=t("secretary.decision_no") value=d.decision_no.clone()/>
            <Fact label=t("council.decided_on") value=Some(d.decided_on.clone())/>
            <Fact label=t("council.votes") value=Some(format!("{} / {} ({} {})", d.agree, d.entitled, d.disagree, t("council.disagree").to_lowercase()))/>
            <Fact label=t("council.comment") value=d.comment.clone()/>
        </dl>
    }
}

pub(crate) fn decide_form(p: &PanelDto, f: &FormStateDto) -> AnyView {
    let published = p.decision.as_ref().is_some_and(|d| d.published);
    // While the vote is open a decision cannot be recorded (`decide` says so): no form to fill
    // in vain. A recorded decision closes the vote, so corrections before publication still show.
    if !p.viewer_is_secretary
        || p.initiative.status != Status::UnderReview
        || published
        || !p.tally.closed
    {
        return ().into_any();
    }
    let id = p.initiative.id.to_string();
    let outcome = f.value("outcome");
    let mine = f.values.iter().any(|(k, _)| k == "outcome");
    view! {
        <form method="post" action={paths::api::<crate::council::api::Decide>()} class="decide-form">
            <input type="hidden" name="initiative_id" value=id/>
            {f.error("flags").map(|_| view! { <p class="field-error">{t("council.resolve_first")}</p> })}
            <fieldset class="field" class:has-error=f.error("outcome").is_some()>
                <legend>{t("secretary.outcome")} " *"</legend>
                {f.error("outcome").map(|e| view! { <p class="field-error">{e}</p> })}
                <p class="hint">{t("council.outcome_hint")}</p>
                <label class="choice"><input type="radio" name="outcome" value="recognised" checked=outcome == "recognised"/> {t("secretary.recognised")}</label>
                <label class="choice"><input type="radio" name="outcome" value="refused" checked=outcome == "refused"/> {t("secretary.refused")}</label>
            </fieldset>
            <SelectField name="level" label=t("initiative.level") options=code_options(Level::ALL, Level::code, Level::label_key) value=f.value("level") error=f.error("level")/>
            <TextField name="award" label=t("council.award") value=f.value("award") error=f.error("award") maxlength=300/>
            <TextArea name="reasons" label=t("secretary.reasons") value=f.value("reasons") error=f.error("reasons") rows=3/>
            <TextField name="decision_no" label=t("secretary.decision_no") value=f.value("decision_no") error=f.error("decision_no") maxlength=100/>
            <TextField name="decided_on" label=t("council.decision_date") kind="date" value=f.value("decided_on") error=f.error("decided_on") hint=t("council.decision_date_hint")/>
            <TextArea name="comment" label=t("council.comment") value=f.value("comment") error=f.error("comment") hint=t("council.comment_hint") rows=3/>
            <ConfirmBox scope="decision" hint=t("secretary.decide_confirm") label=t("secretary.confirm_label") error=if mine { f.error("confirm") } else { None }/>
            <button type="submit">{t("secretary.decide_button")}</button>
        </form>
    }
    .into_any()
}
