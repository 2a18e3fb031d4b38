//! Administration: opening, copying and archiving campaigns, erasing an account on request, demo data, importing earlier
//! campaigns' entries, the mail log. The top area: it may use every other one, and nothing uses it.
pub mod audit_view;
pub mod campaigns;
pub mod demo;
pub mod erasure;
pub mod import;
pub mod mail_log;
pub mod reminders;
