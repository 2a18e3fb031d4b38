//! Attachments: files uploaded to a draft, moved to the entry when it is filed. The bytes live in the
//! object store under a random key; the row records the checked type, size and SHA-256.
use crate::m20261127_000001_create_core::{fk, id};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Drafts {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Initiatives {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    OwnerId,
    DraftId,
    InitiativeId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    Confidential,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Attachments::Table)
                .col(id(Attachments::Id))
                .col(
                    ColumnDef::new(Attachments::OwnerId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Attachments::DraftId).big_integer().null())
                .col(
                    ColumnDef::new(Attachments::InitiativeId)
                        .big_integer()
                        .null(),
                )
                .col(
                    ColumnDef::new(Attachments::FileName)
                        .string_len(255)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Attachments::ContentType)
                        .string_len(120)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Attachments::SizeBytes)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Attachments::Sha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Attachments::StorageKey)
                        .string_len(200)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Attachments::Confidential)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(Attachments::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_attachments_owner",
                    (Attachments::Table, Attachments::OwnerId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_attachments_draft",
                    (Attachments::Table, Attachments::DraftId),
                    (Drafts::Table, Drafts::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_attachments_initiative",
                    (Attachments::Table, Attachments::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(
                    Expr::col(Attachments::DraftId)
                        .is_not_null()
                        .or(Expr::col(Attachments::InitiativeId).is_not_null()),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ix_attachments_draft", Attachments::DraftId),
            ("ix_attachments_initiative", Attachments::InitiativeId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Attachments::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Attachments::Table).to_owned())
            .await
    }
}
