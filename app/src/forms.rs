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
    let state = domain::forms::load(&services()?.db, &key, viewer, browser.as_deref()).await?;
    Ok(state.map(FormStateDto::from))
}

/// Reads an optional form field as a plain parameter reads it: a field sent empty (`confirm=`) is
/// absent. A server function's own parameters are read this way; the fields of a flattened form
/// struct (`#[server(flatten)]`) would otherwise read `Some("")`, and an empty confirmation box
/// would count as ticked. Use with `#[serde(default, deserialize_with = "crate::forms::empty_as_none")]`.
pub fn empty_as_none<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    Ok(Option::<String>::deserialize(d)?.filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Form {
        #[serde(default, deserialize_with = "super::empty_as_none")]
        confirm: Option<String>,
    }

    #[derive(serde::Deserialize)]
    struct Post {
        #[serde(flatten)]
        form: Form,
    }

    #[test]
    fn an_empty_field_of_a_flattened_form_is_absent() {
        // A flattened struct is read from serde's buffered values, as a form post's is.
        let read = |q: &str| serde_json::from_str::<Post>(q).unwrap().form.confirm;
        assert_eq!(read(r#"{"confirm": ""}"#), None);
        assert_eq!(read("{}"), None);
        assert_eq!(read(r#"{"confirm": "on"}"#), Some("on".to_string()));
    }
}
