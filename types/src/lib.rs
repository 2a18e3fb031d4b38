//! Codes (shared/INTERFACES.md §1) and validated input types ("parse, don't validate").
//!
//! This crate compiles for the server and for the browser, so a form can check its input with the same
//! code the server runs again. It holds no text shown to people: errors are codes, and the UI turns
//! them into Vietnamese through the i18n layer (`app/locales`).

pub mod codes;
pub mod form;
pub mod paths;
pub mod review;

pub use codes::*;
pub use form::*;
pub use review::*;
