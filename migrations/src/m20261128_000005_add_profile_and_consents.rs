//! Profiles (submitter kind, position, qualification, organisation; date of birth and phone kept
//! private) and personal-data consents (what was agreed, which text version, when).
use crate::m20261127_000001_create_core::{fk, id};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    SubmitterKind,
    JobTitle,
    Qualification,
    UnitId,
    BirthDate,
    Phone,
}
#[derive(DeriveIden)]
enum Consents {
    Table,
    Id,
    UserId,
    Purpose,
    TextVersion,
    InitiativeId,
    GivenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Users::SubmitterKind)
                .string_len(20)
                .null()
                .to_owned(),
            ColumnDef::new(Users::JobTitle)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(Users::Qualification)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(Users::UnitId)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Users::BirthDate).date().null().to_owned(),
            ColumnDef::new(Users::Phone)
                .string_len(30)
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(Consents::Table)
                .col(id(Consents::Id))
                .col(ColumnDef::new(Consents::UserId).big_integer().not_null())
                .col(ColumnDef::new(Consents::Purpose).string_len(20).not_null())
                .col(
                    ColumnDef::new(Consents::TextVersion)
                        .string_len(20)
                        .not_null(),
                )
                .col(ColumnDef::new(Consents::InitiativeId).big_integer().null())
                .col(
                    ColumnDef::new(Consents::GivenAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_consents_user",
                    (Consents::Table, Consents::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(Expr::col(Consents::Purpose).is_in(["registration", "submission"]))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Consents::Table).to_owned())
            .await?;
        for col in [
            Users::Phone,
            Users::BirthDate,
            Users::UnitId,
            Users::Qualification,
            Users::JobTitle,
            Users::SubmitterKind,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
