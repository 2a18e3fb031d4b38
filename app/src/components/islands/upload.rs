//! Upload progress on the application form (`UploadProgress`).
use crate::i18n::{t, t_with};
use leptos::prelude::*;

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

#[cfg(feature = "hydrate")]
mod browser {
    use crate::components::islands::common::UPLOADING;
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{FormData, HtmlFormElement};

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
}
