//! Administration: accounts and roles, campaign secretaries, the mail log, the audit log check.
use crate::admin::api::{admin_users, audit_check, campaign_secretaries, mail_log};
use crate::components::forms::ErrorSummary;
use crate::components::head::Title;
use crate::components::ui::{error_view, loading};
use crate::i18n::{t, t_with};
use crate::page::{form_state, query};
use crate::paths;
use leptos::prelude::*;
use types::Role;

#[component]
pub fn UsersPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| admin_users());
    let form = form_state();
    view! {
        <Title text=t("admin.title")/>
        <h1>{t("admin.title")}</h1>
        <p class="hint">{t("admin.note")}</p>
        <p><a href=paths::audit()>{t("audit.title")}</a></p>
        {(query("luu") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("common.saved")}</p> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(users) => view! {
                        <ErrorSummary form=f.clone()/>
                        <div class="table-wrap"><table>
                            <thead><tr>
                                <th scope="col">{t("auth.full_name")}</th>
                                <th scope="col">{t("auth.email")}</th>
                                <th scope="col">{t("nav.admin")}</th>
                            </tr></thead>
                            <tbody>
                                {users.into_iter().map(|u| {
                                    let legend = t_with("admin.roles_of", &[("name", u.full_name.clone())]);
                                    let check = |r: Role, name: &'static str| {
                                        let checked = u.roles.contains(&r);
                                        view! { <label class="choice"><input type="checkbox" name=name value="on" checked=checked/> {t(&r.label_key())}</label> }
                                    };
                                    view! {
                                        <tr>
                                            <td>{u.full_name.clone()}</td>
                                            <td>{u.email.clone()}</td>
                                            <td>
                                                <form method="post" action={paths::api::<crate::admin::api::SetRoles>()} class="roles-form">
                                                    <input type="hidden" name="user_id" value=u.id.to_string()/>
                                                    <fieldset>
                                                        <legend class="sr-only">{legend}</legend>
                                                        {check(Role::Reviewer, "reviewer")}
                                                        {check(Role::Secretary, "secretary")}
                                                        {check(Role::Admin, "admin")}
                                                    </fieldset>
                                                    <button type="submit" class="small">{t("admin.save")}</button>
                                                </form>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                        <CampaignSecretaries form=f.clone()/>
                        <MailLog/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Who is secretary of which campaign: a secretary acts only on the campaigns listed here.
#[component]
pub fn CampaignSecretaries(form: crate::dto::FormStateDto) -> impl IntoView {
    let data = Resource::new(|| (), |_| campaign_secretaries());
    view! {
        <section aria-labelledby="thu-ky-dot">
            <h2 id="thu-ky-dot">{t("admin.secretaries_title")}</h2>
            <p class="hint">{t("admin.secretaries_note")}</p>
            <Suspense fallback=loading>
                {move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        match data.await {
                            Err(e) => error_view(e),
                            Ok(rows) => rows.into_iter().map(|c| {
                                let id = c.campaign_id.to_string();
                                let mine = form.values.iter().any(|(k, v)| k == "campaign_id" && *v == id);
                                let (typed, error) = if mine {
                                    (form.value("email"), form.error("email"))
                                } else {
                                    (String::new(), None)
                                };
                                // The refused campaign's field takes the id the error summary links to.
                                let input_id = if mine && error.is_some() {
                                    crate::components::forms::field_id("email")
                                } else {
                                    format!("thu-ky-email-{id}")
                                };
                                let error_id = format!("{input_id}-error");
                                view! {
                                    <h3>{c.campaign_name.clone()}</h3>
                                    {if c.secretaries.is_empty() {
                                        view! { <p>{t("admin.secretaries_none")}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="secretaries">
                                                {c.secretaries.iter().map(|(uid, name, email)| view! {
                                                    <li>
                                                        {name.clone()} " (" {email.clone()} ") "
                                                        <form method="post" action={paths::api::<crate::admin::api::UnassignSecretary>()} class="inline-form">
                                                            <input type="hidden" name="campaign_id" value=id.clone()/>
                                                            <input type="hidden" name="user_id" value=uid.to_string()/>
                                                            <button type="submit" class="small secondary">
                                                                {t_with("admin.secretary_remove", &[("name", name.clone())])}
                                                            </button>
                                                        </form>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                    <form method="post" action={paths::api::<crate::admin::api::AssignSecretary>()} class="inline-form">
                                        <input type="hidden" name="campaign_id" value=id.clone()/>
                                        <label for=input_id.clone()>{t("admin.secretary_email")}</label>
                                        <input type="email" id=input_id name="email" value=typed required=true autocomplete="off"
                                            aria-invalid=error.is_some().then_some("true")
                                            aria-describedby=error.is_some().then(|| error_id.clone())/>
                                        {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
                                        <button type="submit" class="small">{t("admin.secretary_add")}</button>
                                    </form>
                                }
                            }).collect_view().into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The newest mails, with the development `.eml` files (administrators only).
#[component]
pub fn MailLog() -> impl IntoView {
    let data = Resource::new(|| (), |_| mail_log());
    view! {
        <section aria-labelledby="nhat-ky-thu">
            <h2 id="nhat-ky-thu">{t("admin.mail_title")}</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => error_view(e),
                        Ok(rows) if rows.is_empty() => view! { <p>{t("admin.mail_none")}</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-wrap"><table>
                                <thead><tr>
                                    <th scope="col">{t("admin.mail_to")}</th>
                                    <th scope="col">{t("admin.mail_subject")}</th>
                                    <th scope="col">{t("admin.mail_created")}</th>
                                    <th scope="col">{t("admin.mail_state")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|m| {
                                        let state = match (&m.sent_at, &m.last_error) {
                                            (Some(at), _) => t_with("admin.mail_sent", &[("at", at.clone())]),
                                            (None, Some(e)) => t_with("admin.mail_failed", &[("n", m.attempts.to_string()), ("error", e.clone())]),
                                            (None, None) => t("admin.mail_waiting"),
                                        };
                                        view! {
                                            <tr>
                                                <td>{m.to.clone()}</td>
                                                <td>
                                                    {if m.has_file {
                                                        view! { <a href=paths::mail_file(m.id)>{m.subject.clone()}</a> }.into_any()
                                                    } else {
                                                        view! { <span>{m.subject.clone()}</span> }.into_any()
                                                    }}
                                                </td>
                                                <td>{m.created_at.clone()}</td>
                                                <td>{state}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
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
