//! Space held for uploads in progress: before a file streams in, its largest possible size is
//! reserved against the entry's and the person's limits in one transaction, so that uploads sent
//! in parallel cannot each pass a total read before any of them was stored. The row goes when the
//! file is stored or refused; a row left by a crash stops counting after an hour.
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
enum UploadReservations {
    Table,
    Id,
    OwnerId,
    DraftId,
    Bytes,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UploadReservations::Table)
                .col(
                    ColumnDef::new(UploadReservations::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(UploadReservations::OwnerId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UploadReservations::DraftId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UploadReservations::Bytes)
                        .big_integer()
                        .not_null()
                        .check(Expr::col(UploadReservations::Bytes).gte(0)),
                )
                .col(
                    ColumnDef::new(UploadReservations::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_upload_reservations_owner",
                    (UploadReservations::Table, UploadReservations::OwnerId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_upload_reservations_owner")
                .table(UploadReservations::Table)
                .col(UploadReservations::OwnerId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(UploadReservations::Table).to_owned())
            .await
    }
}
