//! The only code that runs in the browser. Each island works on top of a server-rendered form that
//! is complete without it.
use crate::components::people::{AUTHOR_COLUMNS, AddRowButton, PersonRow};
use crate::dto::SuggestionDto;
use crate::i18n::{t, t_with};
use leptos::prelude::*;
use types::AuthorInput;

/// The authors table of the application form, with a live total of the shares. Without JavaScript
/// the same inputs post the same names; the server checks the total with the same parser.
/// `errors` holds the message of each refused cell by input name.
#[island]
pub fn AuthorsTable(
    rows: Vec<AuthorInput>,
    errors: Vec<(String, String)>,
    table_error: Option<String>,
    /// The shares do not add up to 100: the share of every filled row is marked, nothing else.
    shares_wrong: bool,
) -> impl IntoView {
    let shares: Vec<RwSignal<String>> = rows
        .iter()
        .map(|r| RwSignal::new(r.share.clone()))
        .collect();
    // Cards added with "Thêm tác giả" (JavaScript), each with its share.
    let added: RwSignal<Vec<RwSignal<String>>> = RwSignal::new(Vec::new());
    let extra = RwSignal::new(0usize);
    Effect::new(move |_| {
        let want = extra.get();
        if added.with_untracked(|a| a.len()) < want {
            added.update(|a| a.resize_with(want, || RwSignal::new(String::new())));
        }
    });
    let all = shares.clone();
    let total = move || {
        let sum: u32 = all
            .iter()
            .chain(added.get().iter())
            .filter_map(|s| types::parse_share_tenths(&s.get()).ok())
            .sum();
        types::format_share(sum)
    };
    let n = rows.len();
    let table_error_id = table_error.as_ref().map(|_| "f-authors-error".to_string());
    // The table is marked by its side, never every field in it (`table-error`, not `has-error`).
    let table_has_error = table_error.is_some();
    let share_error = shares_wrong.then(|| "f-authors-error".to_string());
    view! {
        <fieldset class="field people authors" id="f-authors" class:table-error=table_has_error aria-describedby=table_error_id>
            <legend>{t("submit.authors_legend")} " *"</legend>
            <p class="hint">{t("submit.authors_hint")}</p>
            {table_error.map(|e| view! { <p class="field-error" id="f-authors-error">{e}</p> })}
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let share = shares[i];
                    let invalid_share = (shares_wrong && !row.is_blank()).then(|| share_error.clone()).flatten();
                    let removable = !row.is_blank();
                    let values = row.columns().iter().map(|(_, v)| v.to_string()).collect();
                    view! {
                        <PersonRow
                            table="authors"
                            legend=t_with("submit.author_n", &[("n", (i + 1).to_string())])
                            index=i
                            columns=AUTHOR_COLUMNS
                            values=values
                            errors=errors.clone()
                            share=Some(share)
                            invalid_share=invalid_share
                            removable=removable
                        />
                    }
                })
                .collect_view()}
            {move || added.get().into_iter().enumerate().map(|(k, share)| view! {
                <PersonRow
                    table="authors"
                    legend=t_with("submit.author_n", &[("n", (n + k + 1).to_string())])
                    index=n + k
                    columns=AUTHOR_COLUMNS
                    values=vec![String::new(); AUTHOR_COLUMNS.len()]
                    errors=Vec::new()
                    share=Some(share)
                />
            }).collect_view()}
            <AddRowButton table="authors" label=t("submit.add_author") extra=extra/>
            <p class="shares-total" class:field-error=shares_wrong aria-live="polite" data-testid="shares-total">
                {move || t_with("submit.shares_total", &[("sum", total())])}
            </p>
        </fieldset>
    }
}

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
pub fn SimilarLive(initial: Vec<crate::api::submit::SimilarDto>) -> impl IntoView {
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
                                    <a href=format!("/sang-kien/{}", x.id)>{x.title}</a>
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

/// "In hoặc lưu PDF" on the receipt: the browser's print dialog (which saves PDF too). The server
/// renders nothing here; without JavaScript the line beside it says how to print.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| ready.set(true));
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        {move || ready.get().then(|| view! {
            <button type="button" class="secondary" on:click=print>{label.clone()}</button> " "
        })}
    }
}

/// Shows upload progress: with JavaScript, when the form is sent by its upload button (`button_id`,
/// whose `formaction` is the upload), it goes by `XMLHttpRequest`, whose progress events fill a
/// progress bar; the answer (a redirect back to the draft) is then loaded. The form's other buttons,
/// and everything without JavaScript, post as usual.
#[island]
pub fn UploadProgress(form_id: String, button_id: String) -> impl IntoView {
    let percent = RwSignal::new(None::<u32>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::start_upload_progress(&form_id, &button_id, percent));
    #[cfg(not(feature = "hydrate"))]
    let _ = (form_id, button_id);
    view! {
        <div class="upload-progress" aria-live="polite">
            {move || percent.get().map(|p| view! {
                <progress max="100" value=p.to_string() aria-label=t("files.progress")></progress>
                " " <span data-testid="upload-percent">{t_with("files.percent", &[("p", p.to_string())])}</span>
            })}
        </div>
    }
}

/// Formatting buttons and a preview for one long section's textarea (`target` is its id). Without
/// JavaScript nothing shows here: the guide above the sections explains the same marks, typed by hand.
/// The buttons only insert those marks into the text; what reaches a page is always rendered and
/// sanitised on the server (the preview asks the server too).
#[island]
pub fn FormatBar(target: String, label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    let preview = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| ready.set(true));
    // The server renders nothing here (the buttons need JavaScript); the browser adds the bar.
    let bar = move || -> Option<AnyView> {
        #[cfg(feature = "hydrate")]
        return ready
            .get()
            .then(|| browser::format_bar(target.clone(), label.clone(), preview));
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&target, &label);
            ready.get().then(|| ().into_any())
        }
    };
    view! {
        {bar}
        {move || preview.get().map(|html| view! {
            <div class="format-preview" aria-live="polite">
                <p class="hint">{t("format.preview_note")}</p>
                <div class="prose" inner_html=html></div>
            </div>
        })}
    }
}

/// What a formatting button puts around the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Bold,
    Italic,
    List,
    Numbered,
    Link,
}

impl Mark {
    /// The text with the mark applied to `text[start..end]` (byte offsets on char boundaries), and
    /// the new selection. Lists prefix every selected line; a link keeps the words (or `link_words`
    /// when nothing is selected) and selects the address to type.
    pub fn apply(
        self,
        text: &str,
        start: usize,
        end: usize,
        link_words: &str,
    ) -> (String, usize, usize) {
        let (before, selected, after) = (&text[..start], &text[start..end], &text[end..]);
        let wrap = |m: &str| {
            let out = format!("{before}{m}{selected}{m}{after}");
            (out, start + m.len(), end + m.len())
        };
        match self {
            Mark::Bold => wrap("**"),
            Mark::Italic => wrap("*"),
            Mark::List | Mark::Numbered => {
                // Whole lines: from the start of the first selected line.
                let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
                let head = &text[..line_start];
                let lines = &text[line_start..end];
                let mut body = String::new();
                for (i, line) in lines.split('\n').enumerate() {
                    if i > 0 {
                        body.push('\n');
                    }
                    if self == Mark::List {
                        body.push_str("- ");
                    } else {
                        body.push_str(&format!("{}. ", i + 1));
                    }
                    body.push_str(line);
                }
                // A list needs a blank line before it to start.
                let gap = if head.is_empty() || head.ends_with("\n\n") {
                    ""
                } else if head.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                let out = format!("{head}{gap}{body}{after}");
                let new_start = head.len() + gap.len();
                (out, new_start, new_start + body.len())
            }
            Mark::Link => {
                let words = if selected.is_empty() {
                    link_words
                } else {
                    selected
                };
                let url = "https://";
                let out = format!("{before}[{words}]({url}){after}");
                let url_at = start + words.len() + 3;
                (out, url_at, url_at + url.len())
            }
        }
    }
}

/// The score sheet's weighted total. The server renders it from the saved draft (so it shows without
/// JavaScript after "Lưu nháp"); with JavaScript it follows the points as they are typed.
/// `inputs`: (points input id, max points, weight) per criterion.
#[island]
pub fn RunningTotal(
    form_id: String,
    inputs: Vec<(String, u32, f64)>,
    initial: Option<f64>,
    scale_max: f64,
) -> impl IntoView {
    let total = RwSignal::new(initial);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::watch_total(&form_id, inputs.clone(), total));
    #[cfg(not(feature = "hydrate"))]
    let _ = (form_id, inputs);
    view! {
        <p class="running-total" aria-live="polite">
            {move || t_with("reviewer.running_total", &[
                ("total", total.get().map(crate::i18n::score).unwrap_or_else(|| "–".into())),
                ("max", crate::i18n::score(scale_max)),
            ])}
        </p>
    }
}

/// Σ weight × points over the points that parse within bounds (two decimals); `None` when none do.
pub fn weighted_sum(values: &[(String, u32, f64)]) -> Option<f64> {
    let valid: Vec<f64> = values
        .iter()
        .filter_map(|(v, max, w)| types::parse_points(v, *max).ok().map(|p| p as f64 * w))
        .collect();
    (!valid.is_empty()).then(|| (valid.iter().sum::<f64>() * 100.0).round() / 100.0)
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::submit::DraftSavedDto;
    use crate::dto::{SuggestionDto, SuggestionsDto};
    use crate::i18n::{t, t_with};
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        FormData, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement, RequestInit, Response,
        UrlSearchParams,
    };

    const EVERY: Duration = Duration::from_secs(4);
    /// Typing pause before suggestions are asked for.
    const SUGGEST_AFTER: Duration = Duration::from_millis(150);

    /// Recomputes the sheet's total on every change of the form.
    pub fn watch_total(
        form_id: &str,
        inputs: Vec<(String, u32, f64)>,
        total: RwSignal<Option<f64>>,
    ) {
        let Some(form) = document().get_element_by_id(form_id) else {
            return;
        };
        let compute = Rc::new(move || {
            let values: Vec<(String, u32, f64)> = inputs
                .iter()
                .map(|(id, max, w)| {
                    let v = document()
                        .get_element_by_id(id)
                        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
                        .map(|i| i.value())
                        .unwrap_or_default();
                    (v, *max, *w)
                })
                .collect();
            total.set(super::weighted_sum(&values));
        });
        // Points typed before the page finished loading count too.
        compute();
        let on_input = Closure::<dyn Fn()>::new(move || compute());
        let _ = form.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        on_input.forget();
    }

    /// The formatting toolbar of one textarea: a button per mark, and the preview toggle.
    pub fn format_bar(target: String, label: String, preview: RwSignal<Option<String>>) -> AnyView {
        use super::Mark;
        let button = |key: &'static str, mark: Mark| {
            let target = target.clone();
            view! {
                <button type="button" class="format-button" on:click=move |_| apply_mark(&target, mark)>
                    {t(key)}
                </button>
            }
        };
        let preview_target = target.clone();
        let toggle_preview = move |_| {
            if preview.get_untracked().is_some() {
                preview.set(None);
                return;
            }
            let target = preview_target.clone();
            leptos::task::spawn_local(async move {
                let html = render_preview(&target)
                    .await
                    .unwrap_or_else(|_| format!("<p>{}</p>", t("format.preview_failed")));
                preview.set(Some(html));
            });
        };
        view! {
            <div class="format-bar" role="toolbar" aria-label=t_with("format.bar", &[("section", label)]) aria-controls=target.clone()>
                {button("format.bold", Mark::Bold)}
                {button("format.italic", Mark::Italic)}
                {button("format.list", Mark::List)}
                {button("format.numbered", Mark::Numbered)}
                {button("format.link", Mark::Link)}
                <button type="button" class="format-button" aria-expanded=move || preview.get().is_some().to_string() on:click=toggle_preview>
                    {move || t(if preview.get().is_some() { "format.hide_preview" } else { "format.preview" })}
                </button>
            </div>
        }
        .into_any()
    }

    /// Applies a formatting mark to the textarea's selection and tells the form (autosave) it changed.
    fn apply_mark(target: &str, mark: super::Mark) {
        let Some(area) = document()
            .get_element_by_id(target)
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        else {
            return;
        };
        let text = area.value();
        // The browser counts UTF-16 units; the mark works on byte offsets.
        let to_byte = |units: u32| {
            let mut seen = 0u32;
            for (i, c) in text.char_indices() {
                if seen >= units {
                    return i;
                }
                seen += c.len_utf16() as u32;
            }
            text.len()
        };
        let start = to_byte(area.selection_start().ok().flatten().unwrap_or(0));
        let end = to_byte(area.selection_end().ok().flatten().unwrap_or(0)).max(start);
        let (out, s, e) = mark.apply(&text, start, end, &t("format.link_words"));
        area.set_value(&out);
        let units = |b: usize| out[..b].encode_utf16().count() as u32;
        let _ = area.focus();
        let _ = area.set_selection_range(units(s), units(e));
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = area.dispatch_event(&ev);
        }
    }

    /// The server's rendering of the textarea's text.
    async fn render_preview(target: &str) -> Result<String, JsValue> {
        let text = document()
            .get_element_by_id(target)
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
            .map(|a| a.value())
            .unwrap_or_default();
        let params = UrlSearchParams::new()?;
        params.set("text", &text);
        let answer = post("/api/xem-truoc", &params).await?;
        serde_json::from_str::<String>(&answer).map_err(|_| JsValue::from_str("unexpected answer"))
    }

    /// Posts form fields to a server function and returns the body of a successful answer.
    async fn post(url: &str, params: &UrlSearchParams) -> Result<String, JsValue> {
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(params);
        let headers = web_sys::Headers::new()?;
        headers.set("Accept", "application/json")?;
        init.set_headers(&headers);
        let resp: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
            .await?
            .dyn_into()?;
        if !resp.ok() {
            return Err(JsValue::from_str("refused"));
        }
        Ok(JsFuture::from(resp.text()?)
            .await?
            .as_string()
            .unwrap_or_default())
    }

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
        let url = format!("/api/v1/suggest?{}", String::from(params.to_string()));
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

    thread_local! {
        /// The entries like the draft as last autosaved, for `SimilarLive` (another island).
        pub static SIMILAR: ArcRwSignal<Option<Vec<crate::api::submit::SimilarDto>>> =
            ArcRwSignal::new(None);
        /// An upload carries the whole form: autosave must not save over it meanwhile.
        static UPLOADING: Cell<bool> = const { Cell::new(false) };
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
        let text = post("/api/nop-sang-kien", &params).await?;
        serde_json::from_str::<Option<DraftSavedDto>>(&text)
            .ok()
            .flatten()
            .ok_or_else(|| JsValue::from_str("unexpected answer"))
    }

    pub fn start_upload_progress(form_id: &str, button_id: &str, percent: RwSignal<Option<u32>>) {
        let Some(form) = document()
            .get_element_by_id(form_id)
            .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let button_id = button_id.to_string();
        let on_submit = {
            let form = form.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                // Only the upload button's submits; the others post as usual.
                let Some(button) = ev
                    .dyn_ref::<web_sys::SubmitEvent>()
                    .and_then(|e| e.submitter())
                    .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
                    .filter(|b| b.id() == button_id)
                else {
                    return;
                };
                ev.prevent_default();
                let Ok(data) = FormData::new_with_form(&form) else {
                    return;
                };
                // The post carries the form as it is now: nothing typed after this moment would be
                // in it, so the form waits (inert) and autosave stops until the page comes back.
                UPLOADING.with(|u| u.set(true));
                let _ = form.set_attribute("inert", "");
                let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
                    return;
                };
                if xhr.open("POST", &button.form_action()).is_err() {
                    return;
                }
                percent.set(Some(0));
                if let Ok(upload) = xhr.upload() {
                    let progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(
                        move |e: web_sys::ProgressEvent| {
                            if e.length_computable() && e.total() > 0.0 {
                                percent
                                    .set(Some(((e.loaded() / e.total()) * 100.0).round() as u32));
                            }
                        },
                    );
                    upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
                    progress.forget();
                }
                let done = {
                    let xhr = xhr.clone();
                    Closure::<dyn Fn()>::new(move || {
                        // The answer redirected back to the draft: show that page.
                        let url = xhr.response_url();
                        let target = if url.is_empty() {
                            window().location().href().unwrap_or_default()
                        } else {
                            url
                        };
                        let _ = window().location().assign(&target);
                    })
                };
                xhr.set_onloadend(Some(done.as_ref().unchecked_ref()));
                done.forget();
                let _ = xhr.send_with_opt_form_data(Some(&data));
            })
        };
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
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
                    Some(&format!("/nop-sang-kien?nhap={id}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Mark;

    #[test]
    fn marks_wrap_the_selection() {
        let t = "Giảm thời gian xử lý";
        let start = t.find("thời").unwrap();
        let end = t.find(" xử").unwrap();
        let (out, s, e) = Mark::Bold.apply(t, start, end, "");
        assert_eq!(out, "Giảm **thời gian** xử lý");
        assert_eq!(&out[s..e], "thời gian");
        assert_eq!(Mark::Italic.apply(t, 0, 0, "").0, "**Giảm thời gian xử lý");
    }

    #[test]
    fn lists_take_whole_lines_and_start_on_a_new_paragraph() {
        let t = "Các bước:\nMở cổng\nĐiền mẫu";
        let start = t.find("cổng").unwrap();
        let (out, s, e) = Mark::Numbered.apply(t, start, t.len(), "");
        assert_eq!(out, "Các bước:\n\n1. Mở cổng\n2. Điền mẫu");
        assert_eq!(&out[s..e], "1. Mở cổng\n2. Điền mẫu");
        assert_eq!(Mark::List.apply("Một", 0, "Một".len(), "").0, "- Một");
    }

    #[test]
    fn a_link_selects_the_address_to_type() {
        let (out, s, e) = Mark::Link.apply("Xem cổng", 4, "Xem cổng".len(), "liên kết");
        assert_eq!(out, "Xem [cổng](https://)");
        assert_eq!(&out[s..e], "https://");
        let (out, _, _) = Mark::Link.apply("", 0, 0, "liên kết");
        assert_eq!(out, "[liên kết](https://)");
    }
}
