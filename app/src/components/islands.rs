//! The only code that runs in the browser. Each island works on top of a server-rendered form that
//! is complete without it.
use crate::components::people::{AUTHOR_COLUMNS, PersonRow};
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
) -> impl IntoView {
    let shares: Vec<RwSignal<String>> = rows
        .iter()
        .map(|r| RwSignal::new(r.share.clone()))
        .collect();
    let all = shares.clone();
    let total = move || {
        let sum: u32 = all
            .iter()
            .filter_map(|s| types::parse_share_tenths(&s.get()).ok())
            .sum();
        types::format_share(sum)
    };
    let table_error_id = table_error.as_ref().map(|_| "f-authors-error".to_string());
    let table_has_error = table_error.is_some();
    view! {
        <fieldset class="field people authors" id="f-authors" class:has-error=table_has_error aria-describedby=table_error_id>
            <legend>{t("submit.authors_legend")} " *"</legend>
            <p class="hint">{t("submit.authors_hint")}</p>
            {table_error.map(|e| view! { <p class="field-error" id="f-authors-error">{e}</p> })}
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let share = shares[i];
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
                        />
                    }
                })
                .collect_view()}
            <p class="shares-total" aria-live="polite" data-testid="shares-total">
                {move || t_with("submit.shares_total", &[("sum", total())])}
            </p>
        </fieldset>
    }
}

/// Saves the application form as a draft every few seconds while someone types, and says so.
/// Without JavaScript the "Lưu nháp" button does the same.
#[island]
pub fn Autosave(form_id: String) -> impl IntoView {
    let status = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::start_autosave(&form_id, status));
    #[cfg(not(feature = "hydrate"))]
    let _ = form_id;
    view! {
        <p class="autosave hint" role="status" aria-live="polite" data-testid="autosave-status">
            {move || status.get()}
        </p>
    }
}

/// Shows upload progress: with JavaScript the upload form is sent by `XMLHttpRequest`, whose progress
/// events fill a progress bar; the answer (a redirect back to the draft) is then loaded. Without
/// JavaScript the form posts as usual.
#[island]
pub fn UploadProgress(form_id: String) -> impl IntoView {
    let percent = RwSignal::new(None::<u32>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::start_upload_progress(&form_id, percent));
    #[cfg(not(feature = "hydrate"))]
    let _ = form_id;
    view! {
        <div class="upload-progress" aria-live="polite">
            {move || percent.get().map(|p| view! {
                <progress max="100" value=p.to_string() aria-label=t("files.progress")></progress>
                " " <span data-testid="upload-percent">{t_with("files.percent", &[("p", p.to_string())])}</span>
            })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::submit::DraftSavedDto;
    use crate::i18n::{t, t_with};
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        FormData, HtmlFormElement, HtmlInputElement, RequestInit, Response, UrlSearchParams,
    };

    const EVERY: Duration = Duration::from_secs(4);

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
                if dirty.get() && !busy.get() {
                    dirty.set(false);
                    busy.set(true);
                    let (form, dirty, busy) = (form.clone(), dirty.clone(), busy.clone());
                    leptos::task::spawn_local(async move {
                        match save(&form).await {
                            Ok(saved) => {
                                remember_draft(&form, saved.id);
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
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_body(&params);
        let headers = web_sys::Headers::new()?;
        headers.set("Accept", "application/json")?;
        init.set_headers(&headers);
        let resp: Response =
            JsFuture::from(window().fetch_with_str_and_init("/api/nop-sang-kien", &init))
                .await?
                .dyn_into()?;
        if !resp.ok() {
            return Err(JsValue::from_str("not saved"));
        }
        let text = JsFuture::from(resp.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        serde_json::from_str::<Option<DraftSavedDto>>(&text)
            .ok()
            .flatten()
            .ok_or_else(|| JsValue::from_str("unexpected answer"))
    }

    pub fn start_upload_progress(form_id: &str, percent: RwSignal<Option<u32>>) {
        let Some(form) = document()
            .get_element_by_id(form_id)
            .and_then(|e| e.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let on_submit = {
            let form = form.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                if !form.check_validity() {
                    return;
                }
                ev.prevent_default();
                let Ok(data) = FormData::new_with_form(&form) else {
                    return;
                };
                let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
                    return;
                };
                if xhr.open("POST", &form.action()).is_err() {
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
