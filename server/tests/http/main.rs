//! HTTP tests through the real router (in-process, `oneshot`): forms as a browser without JavaScript
//! posts them, the public API, health checks, and who may see what.
//!
//! One module per area:
//! - `harness`: the router and the harness themselves: building routers, health.
//! - `accounts`: registration, verification, sign-in, passwords, profile, sessions.
//! - `submission`: the form filed: errors, receipt, withdrawal, notices, corrections.
//! - `drafts`: the form before filing: drafts, autosave, author cards, preview.
//! - `attachments`: uploads and downloads, with the multipart helpers.
//! - `review`: the secretary's list, assigning reviewers, score sheets, conflicts.
//! - `council`: screening, members, phases, vote, decision, announcement, rubric.
//! - `documents`: the workbooks and PDFs downloaded, and the links to them.
//! - `public`: public pages, search, feeds, open data, statistics, the API v1.
//! - `admin`: administration: roles, the development mail files.
//! - `journey`: journeys: long scenarios across several areas.
//! - `helpers`: helpers shared by several areas (`TestApp::file_entry`).
#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod admin;
mod attachments;
mod council;
mod documents;
mod drafts;
mod harness;
mod helpers;
mod journey;
mod public;
mod review;
mod submission;
