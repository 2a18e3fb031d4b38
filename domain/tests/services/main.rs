//! Service tests on real migrations (SQLite, or PostgreSQL when DATABASE_URL is set): the whole
//! journey and its refusals, without HTTP.
//!
//! - `accounts`: registration, signing in, sessions, and who may set roles.
//! - `submission`: filing (case numbers, window, units), who sees an entry, withdrawal, the full
//!   application, drafts, co-authors, and the corrections loop.
//! - `review`: assignment, score sheets, the whole journey to a recognition found by public search,
//!   refusals, the status history, and notifications of status changes.
//! - `public`: the search index and its rebuild, what reaches the public and search, similar
//!   entries, the staff search, facets, and places across the administrative reform.
//! - `campaigns`: opening, copying, archiving and restoring campaigns (administrators only).
//! - `admin`: the demo data, and the database's pooled connections and write transactions.
//! - `reminders`: reminders before deadlines, never twice, sent by one node.
//! - `support`: the helpers shared by the modules above (set-up, filing, screening, errors).

mod accounts;
mod admin;
mod campaigns;
mod public;
mod reminders;
mod review;
mod submission;
mod support;
