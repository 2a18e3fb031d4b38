//! Registration, sign-in, email verification, password reset and the account page.
use crate::accounts::api::{Verification, get_me, my_profile, notifications, verify_email};
use crate::components::forms::{
    CheckField, DangerAction, ErrorSummary, SelectField, TextField, UnitSelect, code_options,
};
use crate::components::head::Title;
use crate::components::ui::{error_view, loading};
use crate::i18n::t;
use crate::page::{form_state, query};
use crate::paths;
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let form = form_state();
    if query("da-gui") == "1" {
        return view! {
            <Title text=t("auth.register_title")/>
            <section class="narrow">
                <h1>{t("auth.register_title")}</h1>
                <p class="notice notice-ok" role="status">{t("auth.check_mail")}</p>
                <p><a class="button" href=paths::sign_in()>{t("nav.login")}</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <Title text=t("auth.register_title")/>
        <section class="narrow">
            <h1>{t("auth.register_title")}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let f = form.await;
                    view! {
                        <ErrorSummary form=f.clone()/>
                        <form method="post" action={paths::api::<crate::accounts::api::Register>()} novalidate>
                            <TextField name="full_name" label=t("auth.full_name") value=f.value("full_name") error=f.error("full_name") required=true autocomplete="name" maxlength=120/>
                            <TextField name="email" label=t("auth.email") value=f.value("email") error=f.error("email") kind="email" required=true autocomplete="email"/>
                            <TextField name="password" label=t("auth.password") error=f.error("password") hint=t("auth.password_hint") kind="password" required=true autocomplete="new-password"/>
                            <ConsentNotice purpose="registration"/>
                            <CheckField name="consent" label=t("consent.agree_registration") checked=!f.value("consent").is_empty() error=f.error("consent") required=true/>
                            <button type="submit">{t("auth.register_button")}</button>
                        </form>
                        <p>{t("auth.have_account")} " " <a href=paths::sign_in()>{t("nav.login")}</a></p>
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let form = form_state();
    let next = query("next");
    let notice = if query("het-phien") == "1" {
        Some(t("auth.session_expired"))
    } else if query("da-dat-lai") == "1" {
        Some(t("account.reset_done"))
    } else if query("da-dang-xuat-het") == "1" {
        Some(t("account.everywhere_done"))
    } else {
        None
    };
    view! {
        <Title text=t("auth.login_title")/>
        <section class="narrow">
            <h1>{t("auth.login_title")}</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <Suspense fallback=loading>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        let f = form.await;
                        view! {
                            <ErrorSummary form=f.clone()/>
                            <form method="post" action={paths::api::<crate::accounts::api::Login>()} novalidate>
                                <input type="hidden" name="next" value=next/>
                                <TextField name="email" label=t("auth.email") value=f.value("email") error=f.error("email") kind="email" required=true autocomplete="username"/>
                                <TextField name="password" label=t("auth.password") kind="password" required=true autocomplete="current-password"/>
                                <button type="submit">{t("auth.login_button")}</button>
                            </form>
                            <p><a href=paths::forgot_password()>{t("account.forgot_link")}</a></p>
                            <p>{t("auth.no_account")} " " <a href=paths::register()>{t("nav.register")}</a></p>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The link mailed at registration lands here.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = query("ma");
    let data = Resource::new(move || token.clone(), verify_email);
    view! {
        <Title text=t("account.verify_title")/>
        <section class="narrow">
            <h1>{t("account.verify_title")}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Verification::Verified) => view! {
                            <p class="notice notice-ok" role="status">{t("account.verified")}</p>
                            <p><a class="button" href=paths::submit()>{t("nav.submit")}</a></p>
                        }.into_any(),
                        // A second click on the link: nothing to ask for again.
                        Ok(Verification::AlreadyVerified) => view! {
                            <p class="notice notice-ok" role="status">{t("account.already_verified")}</p>
                            <p><a class="button" href=paths::sign_in_then(&paths::submit())>{t("nav.login")}</a></p>
                        }.into_any(),
                        Ok(Verification::Invalid) => view! {
                            <p class="notice notice-error" role="alert">{t("error.token_invalid")}</p>
                            <p><a href=paths::account()>{t("account.resend_from_account")}</a></p>
                        }.into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Asks for a password-reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let form = form_state();
    let sent = query("da-gui") == "1";
    view! {
        <Title text=t("account.forgot_title")/>
        <section class="narrow">
            <h1>{t("account.forgot_title")}</h1>
            {sent.then(|| view! { <p class="notice notice-ok" role="status">{t("account.forgot_sent")}</p> })}
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let f = form.await;
                    view! {
                        <p>{t("account.forgot_lead")}</p>
                        <ErrorSummary form=f.clone()/>
                        <form method="post" action={paths::api::<crate::accounts::api::ForgotPassword>()} novalidate>
                            <TextField name="email" label=t("auth.email") value=f.value("email") error=f.error("email") kind="email" required=true autocomplete="email"/>
                            <button type="submit">{t("account.forgot_button")}</button>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Chooses a new password from the mailed link.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let form = form_state();
    let token = query("ma");
    view! {
        <Title text=t("account.reset_title")/>
        <section class="narrow">
            <h1>{t("account.reset_title")}</h1>
            <Suspense fallback=loading>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        let f = form.await;
                        view! {
                            <ErrorSummary form=f.clone()/>
                            {f.error("token").map(|_| view! { <p><a href=paths::forgot_password()>{t("account.forgot_again")}</a></p> })}
                            <form method="post" action={paths::api::<crate::accounts::api::ResetPassword>()} novalidate>
                                <input type="hidden" name="token" value=token/>
                                <TextField name="password" label=t("account.new_password") error=f.error("password") kind="password" hint=t("auth.password_hint") required=true autocomplete="new-password"/>
                                <button type="submit">{t("account.reset_button")}</button>
                            </form>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The signed-in person's account: email status, password, sessions.
#[component]
pub fn AccountPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    let profile = Resource::new(|| (), |_| my_profile());
    let form = form_state();
    let notice = match (query("da-doi") == "1", query("da-gui-xac-minh") == "1") {
        (true, _) => Some(t("account.password_changed")),
        (_, true) => Some(t("account.verification_sent")),
        _ => None,
    };
    view! {
        <Title text=t("account.title")/>
        <h1>{t("account.title")}</h1>
        {notice.map(|n| view! { <p class="notice notice-ok" role="status">{n}</p> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match me.await {
                    Err(e) => error_view(e),
                    Ok(None) => error_view(crate::error::AppError::NotSignedIn),
                    Ok(Some(u)) => view! {
                        <ErrorSummary form=f.clone()/>
                        {match profile.await {
                            Ok(p) => profile_form(&p, &f).into_any(),
                            Err(e) => error_view(e),
                        }}
                        <section aria-labelledby="email-status" class="narrow">
                            <h2 id="email-status">{t("auth.email")}</h2>
                            <p>{u.email.clone()} " – "
                                {if u.email_verified { t("account.email_verified") } else { t("account.email_unverified") }}
                            </p>
                            {(!u.email_verified).then(|| view! { <ResendVerification next=paths::account()/> })}
                        </section>
                        <section aria-labelledby="doi-mat-khau" class="narrow">
                            <h2 id="doi-mat-khau">{t("account.change_title")}</h2>
                            <form method="post" action={paths::api::<crate::accounts::api::ChangePassword>()} novalidate>
                                <TextField name="current_password" label=t("account.current_password") error=f.error("current_password") kind="password" required=true autocomplete="current-password"/>
                                <TextField name="new_password" label=t("account.new_password") error=f.error("new_password") kind="password" hint=t("account.change_hint") required=true autocomplete="new-password"/>
                                <button type="submit">{t("account.change_button")}</button>
                            </form>
                        </section>
                        <DangerAction id="dang-xuat-het" class="narrow" title=t("account.everywhere_title") action={paths::api::<crate::accounts::api::SignOutEverywhere>()}
                            hidden=vec![] hint=t("account.everywhere_hint") confirm=t("account.everywhere_confirm")
                            button=t("account.everywhere_button") error=f.error("confirm")/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A one-button form that mails a new verification link.
#[component]
pub fn ResendVerification(#[prop(into)] next: String) -> impl IntoView {
    view! {
        <form method="post" action={paths::api::<crate::accounts::api::ResendVerification>()} class="inline-form">
            <input type="hidden" name="next" value=next/>
            <button type="submit" class="secondary">{t("account.resend")}</button>
        </form>
    }
}

/// The person's notifications (status changes of their entries).
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| notifications());
    view! {
        <Title text=t("notify.title")/>
        <h1>{t("notify.title")}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(rows) if rows.is_empty() => view! { <p>{t("notify.none")}</p> }.into_any(),
                    Ok(rows) => {
                        let any_unread = rows.iter().any(|n| !n.read);
                        view! {
                            {any_unread.then(|| view! {
                                <form method="post" action={paths::api::<crate::accounts::api::MarkNotificationsRead>()}>
                                    <button type="submit" class="secondary">{t("notify.mark_read")}</button>
                                </form>
                            })}
                            <ul class="notifications">
                                {rows.into_iter().map(|n| view! {
                                    <li class:unread=!n.read>
                                        <time>{n.at.clone()}</time> " – "
                                        {match n.link.clone() {
                                            Some(href) => view! { <a href=href>{n.message.clone()}</a> }.into_any(),
                                            None => view! { <span>{n.message.clone()}</span> }.into_any(),
                                        }}
                                        {(!n.read).then(|| view! { " " <span class="badge">{t("notify.unread")}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// What personal data is collected, why, and who sees it (Law 91/2025/QH15). The version agreed to
/// is recorded with each consent.
#[component]
pub fn ConsentNotice(purpose: &'static str) -> impl IntoView {
    let heading_id = format!("thong-bao-du-lieu-{purpose}");
    let labelled = heading_id.clone();
    view! {
        <section class="consent-notice" aria-labelledby=labelled>
            <h3 id=heading_id>{t("consent.title")}</h3>
            <ul>
                <li>{t(&format!("consent.{purpose}_what"))}</li>
                <li>{t(&format!("consent.{purpose}_why"))}</li>
                <li>{t("consent.who")}</li>
                <li>{t("consent.rights")}</li>
            </ul>
        </section>
    }
}

/// The profile form of the account page.
fn profile_form(
    p: &crate::accounts::api::ProfileDto,
    f: &crate::dto::FormStateDto,
) -> impl IntoView + use<> {
    // A refused form shows what was typed; otherwise the stored profile.
    let v = |name: &str, stored: &str| {
        if f.values.is_empty() {
            stored.to_string()
        } else {
            f.value(name)
        }
    };
    view! {
        <section aria-labelledby="ho-so-ca-nhan" class="narrow">
            <h2 id="ho-so-ca-nhan">{t("profile.title")}</h2>
            {(query("da-luu-ho-so") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("common.saved")}</p> })}
            <form method="post" action={paths::api::<crate::accounts::api::SaveProfile>()} novalidate>
                <TextField name="full_name" label=t("auth.full_name") value=v("full_name", &p.full_name) error=f.error("full_name") required=true autocomplete="name" maxlength=120/>
                <SelectField name="submitter_kind" label=t("profile.kind") options=code_options(types::SubmitterKind::ALL, types::SubmitterKind::code, types::SubmitterKind::label_key) value=v("submitter_kind", &p.submitter_kind) error=f.error("submitter_kind")/>
                <TextField name="position" label=t("person.position") value=v("position", &p.position) error=f.error("position") maxlength=300/>
                <TextField name="qualification" label=t("person.qualification") value=v("qualification", &p.qualification) error=f.error("qualification") maxlength=300/>
                <UnitSelect name="unit" label=t("profile.unit") units=p.units.clone() value=v("unit", &p.unit) error=f.error("unit") hint=t("profile.unit_hint")/>
                <p class="hint">{t("profile.private_note")}</p>
                <TextField name="birth_date" kind="date" label=t("person.birth_date") value=crate::components::people::date_value(&v("birth_date", &p.birth_date)) error=f.error("birth_date") autocomplete="bday"/>
                <TextField name="phone" kind="tel" label=t("profile.phone") value=v("phone", &p.phone) error=f.error("phone") autocomplete="tel"/>
                <button type="submit">{t("profile.save")}</button>
            </form>
            <p><a href=paths::MY_DATA download="du-lieu-ca-nhan.json">{t("profile.download")}</a></p>
        </section>
    }
}
