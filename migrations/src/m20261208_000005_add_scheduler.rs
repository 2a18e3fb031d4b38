//! Scheduled work: a lease row per kind of work, so that only one node does it at a time (the node
//! holding it renews it; when it stops, another takes over once it runs out), and a row per reminder
//! sent, unique on what it reminds of, so that no reminder goes twice, across restarts and nodes.
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
enum Leases {
    Table,
    Name,
    Holder,
    Until,
}
#[derive(DeriveIden)]
enum RemindersSent {
    Table,
    Id,
    Kind,
    SubjectId,
    RecipientId,
    DueOn,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Leases::Table)
                .col(
                    ColumnDef::new(Leases::Name)
                        .string_len(40)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Leases::Holder).string_len(100).not_null())
                .col(
                    ColumnDef::new(Leases::Until)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RemindersSent::Table)
                .col(
                    ColumnDef::new(RemindersSent::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(RemindersSent::Kind)
                        .string_len(40)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RemindersSent::SubjectId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RemindersSent::RecipientId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(RemindersSent::DueOn).date().not_null())
                .col(
                    ColumnDef::new(RemindersSent::SentAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_reminders_sent_recipient",
                    (RemindersSent::Table, RemindersSent::RecipientId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_reminders_sent_once")
                .table(RemindersSent::Table)
                .col(RemindersSent::Kind)
                .col(RemindersSent::SubjectId)
                .col(RemindersSent::RecipientId)
                .col(RemindersSent::DueOn)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RemindersSent::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Leases::Table).to_owned())
            .await
    }
}
