//! Database migrations: one file per change, each with `down`, portable across SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_core;
mod m20261128_000001_add_application_form;
mod m20261128_000002_add_mail_and_tokens;
mod m20261128_000003_add_attachments;
mod m20261128_000004_add_notifications;
mod m20261128_000005_add_profile_and_consents;
mod m20261128_000006_add_corrections;
mod m20261128_000007_add_review_councils;
mod m20261128_000008_add_votes_and_decisions;
mod m20261129_000001_add_public_indexes;
mod m20261129_000002_add_unit_places;
mod m20261207_000001_add_upload_reservations;
mod m20261207_000002_add_campaign_secretaries;
mod m20261207_000003_tie_form_stash_to_browser;
mod m20261207_000004_add_vote_closing;
mod m20261207_000005_add_session_last_seen;
mod m20261207_000006_add_practice_campaigns;
mod m20261208_000001_add_campaign_archive;
mod m20261208_000002_add_user_deactivation;
mod m20261208_000003_add_invite_tokens;
mod m20261208_000004_add_export_jobs;
mod m20261208_000005_add_scheduler;
mod m20261208_000006_add_summing_up;
mod m20261208_000007_add_user_erasure;
mod m20261208_000008_index_audit_log;

pub use m20261128_000007_add_review_councils::GENESIS_HASH;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_core::Migration),
            Box::new(m20261128_000001_add_application_form::Migration),
            Box::new(m20261128_000002_add_mail_and_tokens::Migration),
            Box::new(m20261128_000003_add_attachments::Migration),
            Box::new(m20261128_000004_add_notifications::Migration),
            Box::new(m20261128_000005_add_profile_and_consents::Migration),
            Box::new(m20261128_000006_add_corrections::Migration),
            Box::new(m20261128_000007_add_review_councils::Migration),
            Box::new(m20261128_000008_add_votes_and_decisions::Migration),
            Box::new(m20261129_000001_add_public_indexes::Migration),
            Box::new(m20261129_000002_add_unit_places::Migration),
            Box::new(m20261207_000001_add_upload_reservations::Migration),
            Box::new(m20261207_000002_add_campaign_secretaries::Migration),
            Box::new(m20261207_000003_tie_form_stash_to_browser::Migration),
            Box::new(m20261207_000004_add_vote_closing::Migration),
            Box::new(m20261207_000005_add_session_last_seen::Migration),
            Box::new(m20261207_000006_add_practice_campaigns::Migration),
            Box::new(m20261208_000001_add_campaign_archive::Migration),
            Box::new(m20261208_000002_add_user_deactivation::Migration),
            Box::new(m20261208_000003_add_invite_tokens::Migration),
            Box::new(m20261208_000004_add_export_jobs::Migration),
            Box::new(m20261208_000005_add_scheduler::Migration),
            Box::new(m20261208_000006_add_summing_up::Migration),
            Box::new(m20261208_000007_add_user_erasure::Migration),
            Box::new(m20261208_000008_index_audit_log::Migration),
        ]
    }
}
