//! The portal's addresses (`types::paths`, shared with the server and the mail), and the address of
//! a server function, read from its own `#[server(endpoint = …)]`: `paths::api::<SaveApplication>()`.
pub use types::paths::*;

/// The address a server function answers at (`/api/<endpoint>`), for a form's `action`.
pub fn api<F: leptos::server_fn::ServerFn>() -> &'static str {
    F::PATH
}
