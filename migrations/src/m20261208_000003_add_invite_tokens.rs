//! An administrator's invitation is a token of its own (`invite`, a week long): a password reset
//! asked for the same address does not cancel it. Widens the `purpose` check of `account_tokens`.
//! PostgreSQL changes the constraint; SQLite cannot, so its table is rebuilt from its own DDL with
//! the wider list (the rows are copied).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

const BEFORE: &str = "'verify_email', 'reset_password'";
const AFTER: &str = "'verify_email', 'reset_password', 'invite'";

async fn set_purposes(m: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    match db.get_database_backend() {
        DbBackend::Postgres => {
            let names = db
                .query_all(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT conname FROM pg_constraint \
                     WHERE conrelid = 'account_tokens'::regclass AND contype = 'c'",
                ))
                .await?;
            for row in names {
                let name: String = row.try_get("", "conname")?;
                db.execute_unprepared(&format!(
                    "ALTER TABLE account_tokens DROP CONSTRAINT \"{name}\""
                ))
                .await?;
            }
            db.execute_unprepared(&format!(
                "ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check \
                 CHECK (purpose IN ({to}))"
            ))
            .await?;
        }
        _ => {
            let row = db
                .query_one(Statement::from_string(
                    DbBackend::Sqlite,
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'account_tokens'",
                ))
                .await?
                .ok_or_else(|| DbErr::Migration("account_tokens is missing".into()))?;
            let ddl: String = row.try_get("", "sql")?;
            if !ddl.contains(from) {
                return Err(DbErr::Migration(format!(
                    "account_tokens: the purpose check is not ({from}): {ddl}"
                )));
            }
            // The table's name is the first place its DDL says it, however it is quoted.
            let new = ddl
                .replacen(from, to, 1)
                .replacen("account_tokens", "account_tokens_new", 1);
            // On one connection, in one transaction: a pooled connection still reading the old
            // schema must not see half of it.
            let txn = db.begin().await?;
            txn.execute_unprepared(&new).await?;
            txn.execute_unprepared("INSERT INTO account_tokens_new SELECT * FROM account_tokens")
                .await?;
            txn.execute_unprepared("DROP TABLE account_tokens").await?;
            txn.execute_unprepared("ALTER TABLE account_tokens_new RENAME TO account_tokens")
                .await?;
            txn.commit().await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_purposes(m, BEFORE, AFTER).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DELETE FROM account_tokens WHERE purpose = 'invite'")
            .await?;
        set_purposes(m, AFTER, BEFORE).await
    }
}
