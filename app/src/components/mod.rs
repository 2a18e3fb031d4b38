//! Reusable pieces of pages: the layout, form fields with their errors, charts, the tables of people,
//! badges, and the islands (the only code that runs in the browser).
pub mod chart;
pub mod forms;
pub mod head;
pub mod islands;
pub mod layout;
pub mod people;
pub mod ui;
