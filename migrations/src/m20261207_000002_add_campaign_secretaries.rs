//! Campaign secretaries: a secretary acts only on the campaigns an administrator assigned to them
//! (screening, corrections, reviewers, the council, decisions, the announcement). Every person who
//! held the secretary role when this migration ran keeps the campaigns that existed then, so an
//! upgrade takes nothing away; new campaigns need an assignment.
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
#[derive(DeriveIden)]
enum CampaignSecretaries {
    Table,
    CampaignId,
    UserId,
    AssignedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CampaignSecretaries::Table)
                .col(
                    ColumnDef::new(CampaignSecretaries::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignSecretaries::UserId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignSecretaries::AssignedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(CampaignSecretaries::CampaignId)
                        .col(CampaignSecretaries::UserId),
                )
                .foreign_key(&mut fk(
                    "fk_campaign_secretaries_campaign",
                    (CampaignSecretaries::Table, CampaignSecretaries::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_campaign_secretaries_user",
                    (CampaignSecretaries::Table, CampaignSecretaries::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaign_secretaries_user")
                .table(CampaignSecretaries::Table)
                .col(CampaignSecretaries::UserId)
                .to_owned(),
        )
        .await?;
        // Today's secretaries keep today's campaigns.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO campaign_secretaries (campaign_id, user_id, assigned_at) \
                 SELECT c.id, r.user_id, CURRENT_TIMESTAMP FROM campaigns c \
                 CROSS JOIN user_roles r WHERE r.role = 'secretary'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CampaignSecretaries::Table).to_owned())
            .await
    }
}
