//! The score sheet's weighted total (`RunningTotal`), and the sum the server computes the same way.
use crate::i18n::t_with;
use leptos::prelude::*;

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
    use leptos::prelude::*;
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::HtmlInputElement;

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
}
