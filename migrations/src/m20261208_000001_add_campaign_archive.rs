//! A finished campaign can be archived (`admin::campaigns::archive`): it accepts no filing, leaves
//! the home page, and is marked archived in the administrators' list. NULL: not archived.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    ArchivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Campaigns::Table)
                .add_column(
                    ColumnDef::new(Campaigns::ArchivedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Campaigns::Table)
                .drop_column(Campaigns::ArchivedAt)
                .to_owned(),
        )
        .await
    }
}
