//! The summing-up of a campaign (tổng kết): the rules the secretariat sets for proposing people and
//! units for commendation, and the list of proposals built from them, edited, then issued (frozen).
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
enum Units {
    Table,
    Id,
}
#[derive(DeriveIden, Clone, Copy)]
enum SummingUps {
    Table,
    CampaignId,
    IndividualLevel,
    IndividualShareTenths,
    CollectiveCount,
    CollectiveLevel,
    BuiltAt,
    IssuedAt,
    IssuedBy,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Commendations {
    Table,
    Id,
    CampaignId,
    Position,
    Kind,
    Name,
    UnitId,
    UnitName,
    UserId,
    Award,
    Note,
    Basis,
}

const LEVELS: [&str; 3] = ["co_so", "cap_tinh", "toan_quoc"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SummingUps::Table)
                .col(
                    ColumnDef::new(SummingUps::CampaignId)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SummingUps::IndividualLevel)
                        .string_len(16)
                        .not_null()
                        .check(Expr::col(SummingUps::IndividualLevel).is_in(LEVELS)),
                )
                .col(
                    ColumnDef::new(SummingUps::IndividualShareTenths)
                        .integer()
                        .not_null()
                        .check(Expr::col(SummingUps::IndividualShareTenths).between(0, 1000)),
                )
                .col(
                    ColumnDef::new(SummingUps::CollectiveCount)
                        .integer()
                        .not_null()
                        .check(Expr::col(SummingUps::CollectiveCount).between(1, 100)),
                )
                .col(
                    ColumnDef::new(SummingUps::CollectiveLevel)
                        .string_len(16)
                        .not_null()
                        .check(Expr::col(SummingUps::CollectiveLevel).is_in(LEVELS)),
                )
                .col(
                    ColumnDef::new(SummingUps::BuiltAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(SummingUps::IssuedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(SummingUps::IssuedBy).big_integer().null())
                .col(
                    ColumnDef::new(SummingUps::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_summing_ups_campaign",
                    (SummingUps::Table, SummingUps::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_summing_ups_issuer",
                    (SummingUps::Table, SummingUps::IssuedBy),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Commendations::Table)
                .col(
                    ColumnDef::new(Commendations::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Commendations::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Commendations::Position).integer().not_null())
                .col(
                    ColumnDef::new(Commendations::Kind)
                        .string_len(16)
                        .not_null()
                        .check(Expr::col(Commendations::Kind).is_in(["individual", "collective"])),
                )
                .col(
                    ColumnDef::new(Commendations::Name)
                        .string_len(300)
                        .not_null(),
                )
                .col(ColumnDef::new(Commendations::UnitId).big_integer().null())
                .col(
                    ColumnDef::new(Commendations::UnitName)
                        .string_len(300)
                        .not_null()
                        .default(""),
                )
                .col(ColumnDef::new(Commendations::UserId).big_integer().null())
                .col(
                    ColumnDef::new(Commendations::Award)
                        .string_len(300)
                        .not_null(),
                )
                .col(ColumnDef::new(Commendations::Note).text().null())
                // The initiatives and decisions the proposal rests on, as they stood when it was
                // built (JSON): an issued list keeps them however the entries change later.
                .col(ColumnDef::new(Commendations::Basis).text().not_null())
                .foreign_key(&mut fk(
                    "fk_commendations_campaign",
                    (Commendations::Table, Commendations::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_commendations_unit",
                    (Commendations::Table, Commendations::UnitId),
                    (Units::Table, Units::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_commendations_user",
                    (Commendations::Table, Commendations::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_commendations_campaign")
                .table(Commendations::Table)
                .col(Commendations::CampaignId)
                .col(Commendations::Position)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Commendations::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(SummingUps::Table).to_owned())
            .await
    }
}
