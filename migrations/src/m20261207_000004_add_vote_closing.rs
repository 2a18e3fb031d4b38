//! A vote on an entry closes when every entitled member has voted, a decision is recorded, the vote
//! phase has ended, or the campaign's secretary or the council's chair closes it (`closed_at`,
//! `closed_by`). Until then nobody sees how it stands: each change would reveal a ballot.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VoteTallies {
    Table,
    ClosedAt,
    ClosedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(VoteTallies::Table)
                .add_column(
                    ColumnDef::new(VoteTallies::ClosedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(VoteTallies::Table)
                .add_column(ColumnDef::new(VoteTallies::ClosedBy).big_integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(VoteTallies::Table)
                .drop_column(VoteTallies::ClosedBy)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(VoteTallies::Table)
                .drop_column(VoteTallies::ClosedAt)
                .to_owned(),
        )
        .await
    }
}
