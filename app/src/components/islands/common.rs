//! What several islands share in the browser: posting to a server function, and whether an upload
//! is under way. Compiled for the browser only.
use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response, UrlSearchParams};

/// Posts form fields to a server function and returns the body of a successful answer.
pub(super) async fn post(url: &str, params: &UrlSearchParams) -> Result<String, JsValue> {
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

thread_local! {
    /// An upload carries the whole form: autosave must not save over it meanwhile.
    pub(super) static UPLOADING: Cell<bool> = const { Cell::new(false) };
}
