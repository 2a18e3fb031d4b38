//! The refused form of any page, by its key (`load_form`). Server functions live with their area
//! (`accounts::api`, `review::api`, …). Each is a thin adapter: extract the caller, parse
//! input into domain types, call one service, map the result to a DTO. Each checks who is calling:
//! they are public HTTP endpoints. Form-posting ones redirect (post → redirect → get), so forms work
//! without JavaScript; refused input comes back through `load_form`.

use crate::dto::FormStateDto;
use crate::error::AppError;
use leptos::prelude::*;

/// A refused form's typed values and errors, by the key in the page URL (`?f=`).
#[server(endpoint = "bieu-mau")]
pub async fn load_form(key: String) -> Result<Option<FormStateDto>, AppError> {
    use crate::request::*;
    let viewer = current_user().await?.map(|u| u.id);
    let browser = browser_key();
    let state = domain::forms::load(&services()?.db, &key, viewer, browser.as_deref())
        .await
        .map_err(map_err)?;
    Ok(state.map(FormStateDto::from))
}
