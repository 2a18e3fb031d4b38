//! Long exports (a campaign's workbooks, all its certificates) run in the background: a row per
//! export asked for, claimed by one node at a time with a lease (a node that dies leaves it to be
//! taken up again once the lease runs out), with its progress, and the file kept in storage.
use crate::m20261127_000001_create_core::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
}
#[derive(DeriveIden, Clone, Copy)]
enum ExportJobs {
    Table,
    Id,
    Kind,
    CampaignId,
    RequestedBy,
    Status,
    Done,
    Total,
    StorageKey,
    FileName,
    Failure,
    Attempts,
    CreatedAt,
    StartedAt,
    FinishedAt,
    LeaseUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let counter = |c: ExportJobs| {
            ColumnDef::new(c)
                .integer()
                .not_null()
                .default(0)
                .check(Expr::col(c).gte(0))
                .to_owned()
        };
        m.create_table(
            Table::create()
                .table(ExportJobs::Table)
                .col(
                    ColumnDef::new(ExportJobs::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(ColumnDef::new(ExportJobs::Kind).string_len(40).not_null())
                .col(
                    ColumnDef::new(ExportJobs::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ExportJobs::RequestedBy)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ExportJobs::Status)
                        .string_len(16)
                        .not_null()
                        .check(
                            Expr::col(ExportJobs::Status)
                                .is_in(["queued", "running", "done", "failed"]),
                        ),
                )
                .col(&mut counter(ExportJobs::Done))
                .col(&mut counter(ExportJobs::Total))
                .col(&mut counter(ExportJobs::Attempts))
                .col(
                    ColumnDef::new(ExportJobs::StorageKey)
                        .string_len(300)
                        .null(),
                )
                .col(ColumnDef::new(ExportJobs::FileName).string_len(200).null())
                .col(ColumnDef::new(ExportJobs::Failure).string_len(40).null())
                .col(
                    ColumnDef::new(ExportJobs::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ExportJobs::StartedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ExportJobs::FinishedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ExportJobs::LeaseUntil)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    "fk_export_jobs_user",
                    (ExportJobs::Table, ExportJobs::RequestedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_export_jobs_campaign",
                    (ExportJobs::Table, ExportJobs::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_export_jobs_status")
                .table(ExportJobs::Table)
                .col(ExportJobs::Status)
                .col(ExportJobs::Id)
                .to_owned(),
        )
        .await?;
        // One pending export of a kind per person and campaign, even when asked twice at once (a
        // partial index, the same SQL in SQLite and PostgreSQL).
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_export_jobs_pending ON export_jobs \
                 (requested_by, campaign_id, kind) WHERE status IN ('queued', 'running')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ExportJobs::Table).to_owned())
            .await
    }
}
