//! The corrections loop: a draft can be the correction of a filed entry, and every submitted version
//! of an entry is kept (the form as filed, as JSON) so that the secretary sees what changed.
use crate::m20261127_000001_create_core::{fk, id};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Drafts {
    Table,
    InitiativeId,
}
#[derive(DeriveIden)]
enum Initiatives {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum InitiativeVersions {
    Table,
    Id,
    InitiativeId,
    Version,
    Snapshot,
    SubmittedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Drafts::Table)
                .add_column(ColumnDef::new(Drafts::InitiativeId).big_integer().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InitiativeVersions::Table)
                .col(id(InitiativeVersions::Id))
                .col(
                    ColumnDef::new(InitiativeVersions::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InitiativeVersions::Version)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InitiativeVersions::Snapshot)
                        .text()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InitiativeVersions::SubmittedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_versions_initiative",
                    (InitiativeVersions::Table, InitiativeVersions::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .index(
                    Index::create()
                        .name("ux_versions_initiative_version")
                        .col(InitiativeVersions::InitiativeId)
                        .col(InitiativeVersions::Version)
                        .unique(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(InitiativeVersions::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Drafts::Table)
                .drop_column(Drafts::InitiativeId)
                .to_owned(),
        )
        .await
    }
}
