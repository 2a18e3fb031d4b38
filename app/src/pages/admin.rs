//! Accounts and roles.
use super::{form_state, query};
use crate::api::admin::{admin_users, mail_log};
use crate::components::forms::ErrorSummary;
use crate::components::ui::{error_view, loading};
use crate::i18n::{t, t_with};
use leptos::prelude::*;
use leptos_meta::Title;
use types::Role;

#[component]
pub fn UsersPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| admin_users());
    let form = form_state();
    view! {
        <Title text=t("admin.title")/>
        <h1>{t("admin.title")}</h1>
        <p class="hint">{t("admin.note")}</p>
        <p><a href="/quan-tri/nhat-ky">{t("audit.title")}</a></p>
        {(query("luu") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("common.saved")}</p> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(users) => view! {
                        <ErrorSummary form=f/>
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
                                                <form method="post" action="/api/phan-quyen" class="roles-form">
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
                        <MailLog/>
                    }.into_any(),
                }
            })}
        </Suspense>
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
                                                        view! { <a href=format!("/quan-tri/thu/{}.eml", m.id)>{m.subject.clone()}</a> }.into_any()
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
