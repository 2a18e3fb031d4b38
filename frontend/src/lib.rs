//! The browser entry: wakes up the islands of the server-rendered page. Nothing else runs in wasm.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[allow(unused_imports)]
    use app::components::islands::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
