//! The print button of the receipt (`PrintButton`).
use leptos::prelude::*;

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
