//! The search box's input (`SearchInput`), which lists suggestions as one types.
use crate::dto::SuggestionDto;
use crate::i18n::{t, t_with};
use leptos::prelude::*;

/// The search box's text input. With JavaScript it is a combobox: as one types, recognised solutions
/// whose title holds the words typed so far are listed under it (arrow keys move through them, Enter
/// or a click opens one, Escape closes the list), and a status line tells screen readers how many
/// there are. Without JavaScript, and until it loads, it is a plain input of the same form.
#[island]
pub fn SearchInput(id: String, value: String, placeholder: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    let items = RwSignal::new(Vec::<SuggestionDto>::new());
    let active = RwSignal::new(None::<usize>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| ready.set(true));
    #[cfg(feature = "hydrate")]
    let asked = StoredValue::new(0u64);
    let list_id = format!("{id}-goi-y");
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };
    let open = move || items.with(|i| !i.is_empty());
    let close = move || {
        items.set(Vec::new());
        active.set(None);
    };
    let open_item = move |i: usize| {
        #[cfg(feature = "hydrate")]
        if let Some(url) = items.with_untracked(|all| all.get(i).map(|s| s.url.clone())) {
            let _ = window().location().assign(&url);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = i;
    };
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::suggest(event_target_value(&ev), asked, items, active);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = items.with_untracked(|i| i.len());
        if n == 0 {
            return;
        }
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" => {
                if let Some(i) = active.get_untracked() {
                    ev.prevent_default();
                    open_item(i);
                }
            }
            "Escape" => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };
    let controls = list_id.clone();
    let active_option = {
        let option_id = option_id.clone();
        move || active.get().map(&option_id)
    };
    view! {
        <div class="suggest">
            <input id=id name="q" type="search" value=value placeholder=placeholder
                role=move || ready.get().then_some("combobox")
                aria-autocomplete=move || ready.get().then_some("list")
                aria-controls=move || ready.get().then(|| controls.clone())
                aria-expanded=move || ready.get().then(|| open().to_string())
                aria-activedescendant=active_option
                autocomplete=move || ready.get().then_some("off")
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| close()/>
            <ul id=list_id class="suggestions" role="listbox" aria-label=t("search.suggestions") hidden=move || !open()>
                {move || items.get().into_iter().enumerate().map(|(i, s)| {
                    let selected = move || (active.get() == Some(i)).to_string();
                    view! {
                        // A click must not blur the input first (which closes the list).
                        <li id=option_id(i) role="option" aria-selected=selected
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| open_item(i)>
                            {s.title}
                            <span class="hint">{format!("{} · {}", s.unit, s.year)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="sr-only" role="status" aria-live="polite">
                {move || {
                    let n = items.with(|i| i.len());
                    (n > 0).then(|| t_with("search.suggestions_count", &[("count", n.to_string())]))
                }}
            </p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::dto::{SuggestionDto, SuggestionsDto};
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Response, UrlSearchParams};

    /// Typing pause before suggestions are asked for.
    const SUGGEST_AFTER: Duration = Duration::from_millis(150);

    /// Asks for suggestions once typing pauses; an answer to an older text is dropped.
    pub fn suggest(
        typed: String,
        asked: StoredValue<u64>,
        items: RwSignal<Vec<SuggestionDto>>,
        active: RwSignal<Option<usize>>,
    ) {
        let n = asked.get_value() + 1;
        asked.set_value(n);
        if typed.trim().chars().count() < 2 {
            items.set(Vec::new());
            active.set(None);
            return;
        }
        set_timeout(
            move || {
                if asked.get_value() != n {
                    return;
                }
                leptos::task::spawn_local(async move {
                    // A failed request shows nothing: the form still searches.
                    let found = fetch_suggestions(&typed).await.unwrap_or_default();
                    if asked.get_value() == n {
                        active.set(None);
                        items.set(found);
                    }
                });
            },
            SUGGEST_AFTER,
        );
    }

    async fn fetch_suggestions(typed: &str) -> Result<Vec<SuggestionDto>, JsValue> {
        let params = UrlSearchParams::new()?;
        params.set("q", typed);
        let url = format!(
            "{}?{}",
            types::paths::API_SUGGEST,
            String::from(params.to_string())
        );
        let resp: Response = JsFuture::from(window().fetch_with_str(&url))
            .await?
            .dyn_into()?;
        if !resp.ok() {
            return Err(JsValue::from_str("refused"));
        }
        let text = JsFuture::from(resp.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        serde_json::from_str::<SuggestionsDto>(&text)
            .map(|d| d.items)
            .map_err(|_| JsValue::from_str("unexpected answer"))
    }
}
