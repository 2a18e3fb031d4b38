//! Autosave of the application form (`Autosave`) and the duplicate warning that follows each save
//! (`SimilarLive`).
use crate::i18n::t;
use leptos::prelude::*;

/// Saves the application form as a draft every few seconds while someone types, and says so.
/// Without JavaScript the "Lưu nháp" button does the same, and the note promising autosave is not
/// shown (the server renders nothing; the browser adds it once the island runs).
#[island]
pub fn Autosave(form_id: String) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let running = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        browser::start_autosave(&form_id, status);
        running.set(true);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = form_id;
    view! {
        {move || running.get().then(|| view! { <p class="hint" data-testid="autosave-note">{t("submit.autosave_note")}</p> })}
        <p class="autosave hint" role="status" aria-live="polite" data-testid="autosave-status">
            {move || status.get()}
        </p>
    }
}

/// The duplicate warning beside the application's title: recognised entries that read like the
/// draft (`public::resembling`), never a gate. The server shows those of the saved draft; with
/// JavaScript the list follows each autosave (`browser::SIMILAR`) while the author types, and a
/// screen reader hears the change.
#[island]
pub fn SimilarLive(initial: Vec<crate::submission::api::SimilarDto>) -> impl IntoView {
    let items = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // Set only when it changed: a screen reader hears the list once, not at every autosave.
        if let Some(now) = browser::SIMILAR.with(|s| s.get())
            && items.with_untracked(|old| *old != now)
        {
            items.set(now);
        }
    });
    view! {
        <div aria-live="polite">
            {move || {
                let list = items.get();
                (!list.is_empty()).then(|| view! {
                    <aside class="notice similar" id="tuong-tu" aria-labelledby="tuong-tu-h" tabindex="-1">
                        <h3 id="tuong-tu-h">{t("similar.title")}</h3>
                        <p>{t("similar.lead")}</p>
                        <ul>
                            {list.into_iter().map(|x| view! {
                                <li>
                                    <a href=crate::paths::entry(x.id)>{x.title}</a>
                                    " – " <span class="hint">{x.unit_name} ", " {x.year.to_string()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </aside>
                })
            }}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::components::islands::common::{UPLOADING, post};
    use crate::i18n::{t, t_with};
    use crate::submission::api::DraftSavedDto;
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use web_sys::{FormData, HtmlFormElement, HtmlInputElement, UrlSearchParams};

    const EVERY: Duration = Duration::from_secs(4);

    thread_local! {
        /// The entries like the draft as last autosaved, for `SimilarLive` (another island).
        pub static SIMILAR: ArcRwSignal<Option<Vec<crate::submission::api::SimilarDto>>> =
            ArcRwSignal::new(None);
    }

    pub fn start_autosave(form_id: &str, status: RwSignal<String>) {
        let Some(form) = document()
            .get_element_by_id(form_id)
            .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let dirty = Rc::new(Cell::new(false));
        let busy = Rc::new(Cell::new(false));
        let mark = {
            let dirty = dirty.clone();
            Closure::<dyn Fn()>::new(move || dirty.set(true))
        };
        for event in ["input", "change"] {
            let _ = form.add_event_listener_with_callback(event, mark.as_ref().unchecked_ref());
        }
        mark.forget();
        set_interval(
            move || {
                if dirty.get() && !busy.get() && !UPLOADING.with(Cell::get) {
                    dirty.set(false);
                    busy.set(true);
                    let (form, dirty, busy) = (form.clone(), dirty.clone(), busy.clone());
                    leptos::task::spawn_local(async move {
                        match save(&form).await {
                            Ok(saved) => {
                                remember_draft(&form, saved.id);
                                SIMILAR.with(|s| s.set(Some(saved.similar)));
                                status.set(t_with("submit.autosaved", &[("at", saved.saved_at)]));
                            }
                            Err(_) => {
                                dirty.set(true);
                                status.set(t("submit.autosave_failed"));
                            }
                        }
                        busy.set(false);
                    });
                }
            },
            EVERY,
        );
    }

    async fn save(form: &HtmlFormElement) -> Result<DraftSavedDto, JsValue> {
        let data = FormData::new_with_form(form)?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data)?;
        params.set("action", "autosave");
        let text = post(
            crate::paths::api::<crate::submission::api::SaveApplication>(),
            &params,
        )
        .await?;
        serde_json::from_str::<Option<DraftSavedDto>>(&text)
            .ok()
            .flatten()
            .ok_or_else(|| JsValue::from_str("unexpected answer"))
    }

    /// Later saves and the buttons update this draft; a reload resumes it.
    fn remember_draft(form: &HtmlFormElement, id: i64) {
        if let Ok(Some(el)) = form.query_selector("input[name=draft_id]")
            && let Ok(input) = el.dyn_into::<HtmlInputElement>()
            && input.value() != id.to_string()
        {
            input.set_value(&id.to_string());
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(
                    &JsValue::NULL,
                    "",
                    Some(&crate::paths::draft(id)),
                );
            }
        }
    }
}
