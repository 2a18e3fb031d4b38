//! Reusable pieces of pages: the layout, form fields with their errors, badges, the one island.
pub mod forms;
pub mod islands;
pub mod layout;
pub mod ui;
