//! A practice campaign (the demo's): its phases keep their dates for reading, but every phase's
//! actions stay open, so the whole journey can be tried at once; its pages say so.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Practice,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Campaigns::Table)
                .add_column(
                    ColumnDef::new(Campaigns::Practice)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Campaigns::Table)
                .drop_column(Campaigns::Practice)
                .to_owned(),
        )
        .await
    }
}
