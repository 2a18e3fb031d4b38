use crate::components::ui::error_view;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    error_view(AppError::NotFound)
}
