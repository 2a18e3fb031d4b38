//! Public: home, search, an entry's public page, units, authors, statistics, open data.
//! `api` holds its server functions (thin: caller, parsed input, one service, DTO); `pages` its pages.
pub mod api;
pub mod pages;
