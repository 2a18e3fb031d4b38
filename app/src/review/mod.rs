//! Review: the secretary's list and case panel (screening, assignment, corrections), the reviewer's queue and score sheet.
//! `api` holds its server functions (thin: caller, parsed input, one service, DTO); `pages` its pages.
pub mod api;
pub mod pages;
