//! Accounts: registration, sign-in, email verification, password reset, profile, notifications.
//! `api` holds its server functions (thin: caller, parsed input, one service, DTO); `pages` its pages.
pub mod api;
pub mod pages;
