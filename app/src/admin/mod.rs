//! Administration: roles, campaign secretaries, the mail log, the audit log (`audit`: its viewer).
//! `api` holds its server functions (thin: caller, parsed input, one service, DTO); `pages` its pages.
pub mod api;
pub mod audit;
pub mod pages;
