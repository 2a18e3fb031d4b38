//! Submission: the application form and its drafts, files, corrections, the filer's list and case page.
//! `api` holds its server functions (thin: caller, parsed input, one service, DTO); `pages` its pages.
pub mod api;
pub mod pages;
