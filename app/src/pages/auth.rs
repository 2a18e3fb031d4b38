//! Registration and sign-in pages.
use super::{form_state, query};
use crate::components::forms::{ErrorSummary, TextField};
use crate::components::ui::loading;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let form = form_state();
    view! {
        <Title text=t("auth.register_title")/>
        <section class="narrow">
            <h1>{t("auth.register_title")}</h1>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let f = form.await;
                    view! {
                        <ErrorSummary form=f.clone()/>
                        <form method="post" action="/api/dang-ky" novalidate>
                            <TextField name="full_name" label=t("auth.full_name") value=f.value("full_name") error=f.error("full_name") required=true autocomplete="name" maxlength=120/>
                            <TextField name="email" label=t("auth.email") value=f.value("email") error=f.error("email") kind="email" required=true autocomplete="email"/>
                            <TextField name="password" label=t("auth.password") error=f.error("password") hint=t("auth.password_hint") kind="password" required=true autocomplete="new-password"/>
                            <p class="hint">{t("auth.privacy")}</p>
                            <button type="submit">{t("auth.register_button")}</button>
                        </form>
                        <p>{t("auth.have_account")} " " <a href="/dang-nhap">{t("nav.login")}</a></p>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let form = form_state();
    let next = query("next");
    let expired = query("het-phien") == "1";
    view! {
        <Title text=t("auth.login_title")/>
        <section class="narrow">
            <h1>{t("auth.login_title")}</h1>
            {expired.then(|| view! { <p class="notice" role="status">{t("auth.session_expired")}</p> })}
            <Suspense fallback=loading>
                {move || {
                    let next = next.clone();
                    Suspend::new(async move {
                        let f = form.await;
                        view! {
                            <ErrorSummary form=f.clone()/>
                            <form method="post" action="/api/dang-nhap" novalidate>
                                <input type="hidden" name="next" value=next/>
                                <TextField name="email" label=t("auth.email") value=f.value("email") error=f.error("email") kind="email" required=true autocomplete="username"/>
                                <TextField name="password" label=t("auth.password") kind="password" required=true autocomplete="current-password"/>
                                <button type="submit">{t("auth.login_button")}</button>
                            </form>
                            <p>{t("auth.no_account")} " " <a href="/dang-ky">{t("nav.register")}</a></p>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
