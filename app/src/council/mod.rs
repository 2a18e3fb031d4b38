//! Council: campaign settings, phases, rubric and members; ranking, flags, vote, decision and announcement.
//! `api` holds its server functions (thin: caller, parsed input, one service, DTO); `pages` its pages;
//! `dashboard` a campaign's dashboard (its server function and page together).
pub mod api;
pub mod dashboard;
pub mod pages;
