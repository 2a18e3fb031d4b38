//! Administration: accounts and roles, campaign secretaries, the mail log, the audit log check, the
//! campaigns (open, copy, archive).
use crate::admin::api::{
    AccountsPageDto, ArchiveCampaign, CampaignAdminDto, CopyCampaign, CreateCampaign,
    DeactivateUser, EraseUser, InviteUser, ReactivateUser, RestoreCampaign, SendUserReset,
    admin_campaigns, admin_users, campaign_secretaries, mail_log,
};
use crate::components::forms::{
    ErrorSummary, RowError, SelectField, TextArea, TextField, row_error,
};
use crate::components::head::Title;
use crate::components::ui::{error_view, loading};
use crate::i18n::{t, t_with};
use crate::page::{form_state, query};
use crate::paths;
use leptos::prelude::*;
use types::Role;

#[component]
pub fn UsersPage() -> impl IntoView {
    let q = query("q");
    let page: usize = query("trang").parse().unwrap_or(1);
    let asked = q.clone();
    let data = Resource::new(|| (), move |_| admin_users(Some(asked.clone()), Some(page)));
    let form = form_state();
    view! {
        <Title text=t("admin.title")/>
        <h1>{t("admin.title")}</h1>
        <p class="hint">{t("admin.note")}</p>
        <nav aria-label=t("admin.sections")>
            <ul class="inline-list">
                <li><a href=paths::admin_campaigns()>{t("campaigns.title")}</a></li>
                <li><a href=paths::audit()>{t("audit.title")}</a></li>
            </ul>
        </nav>
        {(query("luu") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("common.saved")}</p> })}
        {(query("da-xoa") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("admin.erased_now")}</p> })}
        {(query("da-gui") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("admin.reset_sent")}</p> })}
        {(query("da-moi") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("admin.invite_sent")}</p> })}
        <form method="get" action=paths::admin() class="inline-form search-accounts" role="search">
            <label for="tim-tai-khoan">{t("admin.search_label")}</label>
            <input type="search" id="tim-tai-khoan" name="q" value=q.clone() maxlength=200/>
            <button type="submit" class="small">{t("admin.search")}</button>
        </form>
        <Suspense fallback=loading>
            {move || {
                let q = q.clone();
                Suspend::new(async move {
                    let f = form.await;
                    match data.await {
                        Err(e) => error_view(e),
                        Ok(p) => view! {
                            <ErrorSummary form=f.clone()/>
                            <AccountsTable page=p q=q form=f.clone()/>
                            <InviteForm form=f.clone()/>
                            <CampaignSecretaries form=f.clone()/>
                            <MailLog/>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// One page of accounts: roles, and deactivating, reactivating or mailing a reset link.
#[component]
fn AccountsTable(
    page: AccountsPageDto,
    q: String,
    form: crate::dto::FormStateDto,
) -> impl IntoView {
    let on_page = |n: usize| {
        let n = n.to_string();
        let mut pairs = vec![("trang", n.as_str())];
        if !q.is_empty() {
            pairs.insert(0, ("q", q.as_str()));
        }
        types::paths::with_query(&paths::admin(), &pairs)
    };
    let viewer = page.viewer;
    let prev = (page.page > 1).then(|| on_page(page.page - 1));
    let next = (page.page < page.pages).then(|| on_page(page.page + 1));
    view! {
        <p role="status">{t_with("admin.accounts_found", &[("n", page.total.to_string())])}</p>
        <div class="table-wrap"><table>
            <caption class="sr-only">{t("admin.accounts")}</caption>
            <thead><tr>
                <th scope="col">{t("auth.full_name")}</th>
                <th scope="col">{t("auth.email")}</th>
                <th scope="col">{t("nav.admin")}</th>
                <th scope="col">{t("admin.account_actions")}</th>
            </tr></thead>
            <tbody>
                {page.rows.into_iter().map(|r| {
                    let u = r.user;
                    let id = u.id.to_string();
                    let legend = t_with("admin.roles_of", &[("name", u.full_name.clone())]);
                    let check = |role: Role, name: &'static str| {
                        let checked = u.roles.contains(&role);
                        view! { <label class="choice"><input type="checkbox" name=name value="on" checked=checked/> {t(&role.label_key())}</label> }
                    };
                    let RowError { error, input_id: confirm_id, error_id } =
                        row_error(&form, "user_id", &id, &["confirm", "account"], format!("khoa-{id}"));
                    let status = if r.erased {
                        view! { <span class="badge badge-withdrawn">{t("admin.erased")}</span> }.into_any()
                    } else if r.deactivated {
                        view! { <span class="badge badge-refused">{t("admin.deactivated")}</span> }.into_any()
                    } else {
                        ().into_any()
                    };
                    let erase = row_error(&form, "user_id", &id, &["confirm_erase"], format!("xoa-{id}"));
                    let actions = if r.erased {
                        view! { <p class="hint">{t("admin.erased_hint")}</p> }.into_any()
                    } else if r.deactivated {
                        view! {
                            <form method="post" action={paths::api::<ReactivateUser>()} class="inline-form">
                                <input type="hidden" name="user_id" value=id.clone()/>
                                <button type="submit" id=confirm_id class="small secondary"
                                    aria-describedby=error.is_some().then(|| error_id.clone())>
                                    {t_with("admin.reactivate", &[("name", u.full_name.clone())])}
                                </button>
                            </form>
                            {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
                            <form method="post" action={paths::api::<EraseUser>()} class="deactivate-form">
                                <input type="hidden" name="user_id" value=id.clone()/>
                                <p class="hint" id=format!("xoa-{id}-goi-y")>{t("admin.erase_hint")}</p>
                                <label class="choice">
                                    <input type="checkbox" id=erase.input_id.clone() name="confirm" value="on" required=true
                                        aria-invalid=erase.error.is_some().then_some("true")
                                        aria-describedby=if erase.error.is_some() { format!("xoa-{id}-goi-y {}", erase.error_id) } else { format!("xoa-{id}-goi-y") }/>
                                    " " {t_with("admin.erase_confirm", &[("name", u.full_name.clone())])}
                                </label>
                                {erase.error.clone().map(|e| view! { <p class="field-error" id=erase.error_id.clone()>{e}</p> })}
                                <button type="submit" class="small danger">{t("admin.erase")}</button>
                            </form>
                        }.into_any()
                    } else {
                        view! {
                            <form method="post" action={paths::api::<SendUserReset>()} class="inline-form">
                                <input type="hidden" name="user_id" value=id.clone()/>
                                <button type="submit" class="small secondary">{t_with("admin.send_reset", &[("name", u.full_name.clone())])}</button>
                            </form>
                            // Never one's own account: the service would refuse it.
                            {(u.id != viewer).then(|| view! {
                            <form method="post" action={paths::api::<DeactivateUser>()} class="deactivate-form">
                                <input type="hidden" name="user_id" value=id.clone()/>
                                <label class="choice">
                                    <input type="checkbox" id=confirm_id name="confirm" value="on" required=true
                                        aria-invalid=error.is_some().then_some("true")
                                        aria-describedby=error.is_some().then(|| error_id.clone())/>
                                    " " {t_with("admin.deactivate_confirm", &[("name", u.full_name.clone())])}
                                </label>
                                {error.clone().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
                                <button type="submit" class="small danger">{t("admin.deactivate")}</button>
                            </form>
                            })}
                        }.into_any()
                    };
                    view! {
                        <tr>
                            <th scope="row">{u.full_name.clone()} " " {status}</th>
                            <td>{u.email.clone()}</td>
                            <td>
                                {(!r.erased).then(|| view! {
                                <form method="post" action={paths::api::<crate::admin::api::SetRoles>()} class="roles-form">
                                    <input type="hidden" name="user_id" value=id.clone()/>
                                    <fieldset>
                                        <legend class="sr-only">{legend}</legend>
                                        {check(Role::Reviewer, "reviewer")}
                                        {check(Role::Secretary, "secretary")}
                                        {check(Role::Admin, "admin")}
                                    </fieldset>
                                    <button type="submit" class="small">{t("admin.save")}</button>
                                </form>
                                })}
                            </td>
                            <td>{actions}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {(page.pages > 1).then(|| view! {
            <nav class="pager" aria-label=t("admin.account_pages")>
                {prev.map(|h| view! { <a rel="prev" href=h>{t("search.prev")}</a> })}
                <span>{t_with("search.page", &[("page", page.page.to_string()), ("pages", page.pages.to_string())])}</span>
                {next.map(|h| view! { <a rel="next" href=h>{t("search.next")}</a> })}
            </nav>
        })}
    }
}

/// Invite a person by email: an account with the roles ticked, the first password set through the
/// mailed link.
#[component]
fn InviteForm(form: crate::dto::FormStateDto) -> impl IntoView {
    let refused = form.values.iter().any(|(k, _)| k == "invite_email");
    let ticked = |k: &str| refused && form.value(k) == "on";
    let check = |role: Role, name: &'static str| {
        let checked = ticked(name);
        view! { <label class="choice"><input type="checkbox" name=name value="on" checked=checked/> {t(&role.label_key())}</label> }
    };
    view! {
        <section aria-labelledby="moi-nguoi-dung">
            <h2 id="moi-nguoi-dung">{t("admin.invite_title")}</h2>
            <p class="hint">{t("admin.invite_note")}</p>
            <form method="post" action={paths::api::<InviteUser>()}>
                <TextField name="invite_name" label=t("auth.full_name") value=form.value("invite_name")
                    error=form.error("invite_name") required=true autocomplete="off" maxlength=types::FullName::MAX/>
                <TextField name="invite_email" label=t("auth.email") value=form.value("invite_email")
                    error=form.error("invite_email") required=true kind="email" autocomplete="off"/>
                <fieldset>
                    <legend>{t("admin.invite_roles")}</legend>
                    {check(Role::Reviewer, "reviewer")}
                    {check(Role::Secretary, "secretary")}
                    {check(Role::Admin, "admin")}
                </fieldset>
                <button type="submit">{t("admin.invite")}</button>
            </form>
        </section>
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
                                let typed = if mine { form.value("email") } else { String::new() };
                                let RowError { error, input_id, error_id } =
                                    row_error(&form, "campaign_id", &id, &["email"], format!("thu-ky-email-{id}"));
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
            {(query("gui-lai") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("admin.mail_retried")}</p> })}
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
                                                <td>
                                                    {state}
                                                    {m.sent_at.is_none().then(|| view! {
                                                        <form method="post" action={paths::api::<crate::admin::api::RetryMail>()} class="inline-form">
                                                            <input type="hidden" name="mail_id" value=m.id.to_string()/>
                                                            " "
                                                            <button type="submit" class="small secondary" aria-label=t_with("admin.mail_retry_label", &[("subject", m.subject.clone())])>{t("admin.mail_retry")}</button>
                                                        </form>
                                                    })}
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
        </section>
    }
}

/// The campaigns (administrators): the list with each one's state and entries, archiving, a copy
/// of an earlier campaign for a later year, and a new campaign.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| admin_campaigns());
    let form = form_state();
    view! {
        <Title text=t("campaigns.title")/>
        <h1>{t("campaigns.title")}</h1>
        <p class="hint">{t("campaigns.note")}</p>
        {(query("luu") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("common.saved")}</p> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(rows) => view! {
                        <ErrorSummary form=f.clone()/>
                        <CampaignTable rows=rows.clone() form=f.clone()/>
                        <CopyCampaignForm rows=rows form=f.clone()/>
                        <NewCampaignForm form=f/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CampaignTable(rows: Vec<CampaignAdminDto>, form: crate::dto::FormStateDto) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>{t("campaigns.none")}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table>
            <caption class="sr-only">{t("campaigns.title")}</caption>
            <thead><tr>
                <th scope="col">{t("campaigns.name")}</th>
                <th scope="col">{t("campaigns.window")}</th>
                <th scope="col">{t("campaigns.state")}</th>
                <th scope="col">{t("campaigns.entries")}</th>
                <th scope="col">{t("campaigns.actions")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|c| {
                    let id = c.id.to_string();
                    let RowError { error, input_id: confirm_id, error_id } =
                        row_error(&form, "campaign_id", &id, &["campaign", "confirm"], format!("luu-tru-{id}"));
                    let action = match c.state.as_str() {
                        "archived" => view! {
                            <form method="post" action={paths::api::<RestoreCampaign>()} class="inline-form">
                                <input type="hidden" name="campaign_id" value=id.clone()/>
                                <button type="submit" class="small secondary">
                                    {t_with("campaigns.restore", &[("name", c.name.clone())])}
                                </button>
                            </form>
                        }.into_any(),
                        "closed" => view! {
                            <form method="post" action={paths::api::<ArchiveCampaign>()} class="inline-form">
                                <input type="hidden" name="campaign_id" value=id.clone()/>
                                <label class="choice">
                                    <input type="checkbox" id=confirm_id name="confirm" value="on" required=true
                                        aria-invalid=error.is_some().then_some("true")
                                        aria-describedby=error.is_some().then(|| error_id.clone())/>
                                    " " {t_with("campaigns.archive_confirm", &[("name", c.name.clone())])}
                                </label>
                                {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
                                <button type="submit" class="small secondary">{t("campaigns.archive")}</button>
                            </form>
                        }.into_any(),
                        // A refusal met on a row without the form (the page was out of date).
                        _ => error.map(|e| view! { <p class="field-error" id=confirm_id>{e}</p> }).into_any(),
                    };
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=paths::campaign(c.id)>{c.name.clone()}</a>
                                {c.practice.then(|| view! { " " <span class="badge">{t("campaigns.practice")}</span> })}
                            </th>
                            <td>{format!("{} – {}", c.opens_on, c.closes_on)}</td>
                            <td>{t(&format!("campaigns.state_{}", c.state))}</td>
                            <td>{t_with("campaigns.entries_count", &[("n", c.entries.to_string()), ("open", c.undecided.to_string())])}</td>
                            <td>{action}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

/// Copy an earlier campaign: the newest is chosen and the year after it offered.
#[component]
fn CopyCampaignForm(rows: Vec<CampaignAdminDto>, form: crate::dto::FormStateDto) -> impl IntoView {
    // The list is newest first: the campaign to carry on from.
    let newest = rows.first();
    let default_from = newest.map(|c| c.id.to_string()).unwrap_or_default();
    let default_year = newest.map(|c| (c.year + 1).to_string()).unwrap_or_default();
    let refused = form.values.iter().any(|(k, _)| k == "new_name");
    let value = |k: &str, default: String| if refused { form.value(k) } else { default };
    let options: Vec<(String, String)> = rows
        .iter()
        .map(|c| (c.id.to_string(), format!("{} ({})", c.name, c.year)))
        .collect();
    (!rows.is_empty()).then(|| view! {
        <section aria-labelledby="sao-chep-dot">
            <h2 id="sao-chep-dot">{t("campaigns.copy_title")}</h2>
            <p class="hint">{t("campaigns.copy_note")}</p>
            <form method="post" action={paths::api::<CopyCampaign>()}>
                <SelectField name="from" label=t("campaigns.copy_from") options=options
                    value=value("from", default_from) error=form.error("from") required=true/>
                <TextField name="new_name" label=t("campaigns.name") value=value("new_name", String::new())
                    error=form.error("new_name") required=true maxlength=types::form::CAMPAIGN_NAME_MAX/>
                <TextField name="new_year" label=t("campaigns.year") value=value("new_year", default_year)
                    error=form.error("new_year") required=true kind="number"
                    hint=t("campaigns.copy_year_hint")/>
                <button type="submit">{t("campaigns.copy")}</button>
            </form>
        </section>
    })
}

#[component]
fn NewCampaignForm(form: crate::dto::FormStateDto) -> impl IntoView {
    view! {
        <section aria-labelledby="mo-dot">
            <h2 id="mo-dot">{t("campaigns.new_title")}</h2>
            <p class="hint">{t("campaigns.new_note")}</p>
            <form method="post" action={paths::api::<CreateCampaign>()}>
                <TextField name="name" label=t("campaigns.name") value=form.value("name")
                    error=form.error("name") required=true maxlength=types::form::CAMPAIGN_NAME_MAX/>
                <TextField name="year" label=t("campaigns.year") value=form.value("year")
                    error=form.error("year") required=true kind="number"/>
                <TextField name="opens" label=t("campaigns.opens") value=form.value("opens")
                    error=form.error("opens") required=true kind="date"/>
                <TextField name="closes" label=t("campaigns.closes") value=form.value("closes")
                    error=form.error("closes") required=true kind="date" hint=t("campaigns.closes_hint")/>
                <TextArea name="about" label=t("campaigns.description") value=form.value("about")
                    error=form.error("about") rows=3 maxlength=types::form::CAMPAIGN_DESCRIPTION_MAX/>
                <button type="submit">{t("campaigns.create")}</button>
            </form>
        </section>
    }
}
