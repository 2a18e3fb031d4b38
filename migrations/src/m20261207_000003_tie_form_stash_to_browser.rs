//! A refused form kept for someone not signed in (registration, sign-in, a post after the session
//! expired) is tied to the browser that posted it: the SHA-256 of a random key in that browser's
//! cookie. Before, knowing the URL was enough to read it for an hour.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FormStash {
    Table,
    BrowserHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(FormStash::Table)
                .add_column(ColumnDef::new(FormStash::BrowserHash).string_len(64).null())
                .to_owned(),
        )
        .await?;
        // Stashes without an owner or a browser can no longer be read: drop them.
        m.get_connection()
            .execute_unprepared("DELETE FROM form_stash WHERE user_id IS NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(FormStash::Table)
                .drop_column(FormStash::BrowserHash)
                .to_owned(),
        )
        .await
    }
}
