//! The frame of every page: skip link, header with navigation by role, main, footer.
use crate::accounts::api::get_me;
use crate::i18n::{t, t_with};
use crate::paths;
use leptos::prelude::*;
use types::Role;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let me = Resource::new(|| (), |_| get_me());
    view! {
        <a class="skip-link" href="#noi-dung">{t("site.skip")}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href=paths::HOME>
                    <span class="brand-name">{t("site.name")}</span>
                    <span class="brand-tag">{t("site.tagline")}</span>
                </a>
                <nav aria-label=t("nav.main")>
                    <ul class="nav">
                        <li><a href=paths::HOME>{t("nav.home")}</a></li>
                        <li><a href=paths::search()>{t("nav.search")}</a></li>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                match me.await.ok().flatten() {
                                    None => view! {
                                        <li><a href=paths::sign_in()>{t("nav.login")}</a></li>
                                        <li><a class="nav-cta" href=paths::register()>{t("nav.register")}</a></li>
                                    }.into_any(),
                                    Some(u) => view! {
                                        <li><a href=paths::submit()>{t("nav.submit")}</a></li>
                                        <li><a href=paths::mine()>{t("nav.mine")}</a></li>
                                        <li>
                                            <a href=paths::notifications()>
                                                {if u.unread > 0 { t_with("notify.nav_unread", &[("n", u.unread.to_string())]) } else { t("notify.nav") }}
                                            </a>
                                        </li>
                                        {u.has(Role::Secretary).then(|| view! { <li><a href=paths::secretary()>{t("nav.secretary")}</a></li> })}
                                        {u.has(Role::Reviewer).then(|| view! { <li><a href=paths::queue()>{t("nav.reviewer")}</a></li> })}
                                        {u.on_council.then(|| view! { <li><a href=paths::councils()>{t("nav.council")}</a></li> })}
                                        {u.roles.contains(&Role::Admin).then(|| view! { <li><a href=paths::admin()>{t("nav.admin")}</a></li> })}
                                        <li class="nav-user">
                                            <span class="sr-only">{t("nav.signed_in_as")}</span>
                                            <a class="user-name" href=paths::account()>{u.full_name.clone()}</a>
                                            <form method="post" action={paths::api::<crate::accounts::api::Logout>()} class="inline-form">
                                                <button type="submit" class="link-button">{t("nav.logout")}</button>
                                            </form>
                                        </li>
                                    }.into_any(),
                                }
                            })}
                        </Suspense>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="noi-dung" class="wrap" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{t("site.footer")}</p>
                <p><a href=paths::statistics()>{t("stats.title")}</a> " · " <a href=paths::authors()>{t("author.title")}</a> " · " <a href=paths::open_data()>{t("opendata.title")}</a></p>
            </div>
        </footer>
    }
}
