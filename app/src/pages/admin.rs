//! Accounts and roles.
use super::{form_state, query};
use crate::api::admin::admin_users;
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
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
