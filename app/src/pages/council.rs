//! A campaign's council page (phases, settings, members, rubric, automatic assignment, ranking,
//! announcement), a score sheet's history, the person's councils and the audit check.
use super::{form_state, param_id, query};
use crate::api::council::{
    CouncilDto, ProposalDto, audit_check, council_data, my_councils, sheet_history,
};
use crate::components::forms::{
    ConfirmBox, ErrorSummary, SelectField, TextArea, TextField, code_options,
};
use crate::components::head::Title;
use crate::components::ui::{StatusBadge, error_view, loading};
use crate::dto::FormStateDto;
use crate::i18n::{score, t, t_with};
use leptos::prelude::*;
use types::{Aggregation, CouncilRole};

fn notice(param: &'static str, key: &'static str) -> Option<impl IntoView> {
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
                                            <form id=form_id method="post" action="/api/giai-doan">
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
        </section>
    }
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
                    <form method="post" action="/api/cau-hinh-cham" class="settings-form">
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
                                        <form method="post" action="/api/xoa-thanh-vien-hd">
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
                <form method="post" action="/api/thanh-vien-hd" class="member-form">
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
            <form method="post" action="/api/bo-tieu-chi" class="rubric-form">
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
                            <td>{super::review::comment_rule_text(c)}</td>
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
            <form method="post" action="/api/ap-dung-phan-cong">
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
            <form method="get" action=format!("/thu-ky/dot/{}#phan-cong", d.campaign_id) class="inline-form">
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
fn meets(d: &CouncilDto, r: &crate::api::council::RankRowDto) -> String {
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
    let base = format!("/thu-ky/dot/{}", d.campaign_id);
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
                " · " <a href=format!("{base}/xep-hang.csv") download="">{t("council.csv")}</a>
            </p>
            {d.viewer_presides.then(|| view! {
                <form method="post" action="/api/chon-xep-hang" class="inline-form">
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
                                        <a href=format!("/thu-ky/{}", r.initiative_id)>{r.title.clone()}</a>
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
            <p>{t_with("council.pending", &[("n", d.pending.to_string())])}</p>
            {(d.pending > 0).then(|| view! {
                <form method="post" action="/api/cong-bo">
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
                        <p><a href=if d.viewer_is_secretary { "/thu-ky" } else { "/hoi-dong" }>{t("initiative.back")}</a></p>
                        <h1>{t_with("council.page_title", &[("name", d.campaign_name.clone())])}</h1>
                        {notice("da-luu", "council.saved")}
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
                        <p><a href=format!("/thu-ky/{}", h.initiative_id)>{t("initiative.back")}</a></p>
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
                                <li><a href=format!("/thu-ky/dot/{id}")>{name}</a> " – " {t(&role.label_key())}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| audit_check());
    view! {
        <Title text=t("audit.title")/>
        <h1>{t("audit.title")}</h1>
        <p class="hint">{t("audit.hint")}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(a) if a.intact => view! {
                        <p class="notice notice-ok" role="status">{t_with("audit.intact", &[("n", a.records.to_string())])}</p>
                    }.into_any(),
                    Ok(a) => view! {
                        <p class="notice notice-error" role="alert">
                            {t_with("audit.broken", &[
                                ("id", a.broken_at.unwrap_or_default().to_string()),
                                ("problem", t(&format!("audit.problem_{}", a.problem.unwrap_or_default()))),
                            ])}
                        </p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
