//! What every page uses: query and path parameters, the refused form of `?f=`, the 404 page.
use crate::components::ui::error_view;
use crate::dto::FormStateDto;
use crate::error::AppError;
use crate::forms::load_form;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A query parameter of the current URL.
pub fn query(name: &'static str) -> String {
    query_value(name)
}

/// A query parameter of the current address by any name (empty when absent).
pub fn query_value(name: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// A path parameter parsed as an id (0 when absent or not a number: the page then shows "not found").
pub fn param_id() -> i64 {
    leptos_router::hooks::use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The refused form named by `?f=` in the URL, if any.
pub fn form_state() -> Resource<FormStateDto> {
    let key = query("f");
    Resource::new(
        move || key.clone(),
        |key| async move {
            if key.is_empty() {
                return FormStateDto::default();
            }
            load_form(key).await.ok().flatten().unwrap_or_default()
        },
    )
}

/// The page of an address no route knows.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    error_view(AppError::NotFound)
}
