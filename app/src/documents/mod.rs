//! Documents: long exports of a campaign (its meeting sheet, its recognised list, all its
//! certificates) asked for, followed while they are made, and downloaded.
//! `api` holds its server functions; `pages` the export's page.
pub mod api;
pub mod pages;
