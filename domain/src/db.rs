//! Connecting to SQLite (embedded, default) or PostgreSQL, and applying migrations.
use crate::Result;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use std::time::Duration;

/// Opens a pool. For SQLite the file is created if missing, foreign keys are enforced and WAL is used so
/// that a CLI subcommand can write while the portal serves.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    let mut url = url.to_string();
    if url.starts_with("sqlite:") && !url.contains("mode=") && !url.contains(":memory:") {
        url.push_str(if url.contains('?') {
            "&mode=rwc"
        } else {
            "?mode=rwc"
        });
    }
    let mut opts = ConnectOptions::new(url.clone());
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        let memory = url.contains(":memory:");
        // One writer at a time in SQLite: a small pool avoids "database is locked" storms.
        opts.max_connections(if memory { 1 } else { 5 });
        // Set on every connection the pool opens (a PRAGMA run once would reach only one of them).
        opts.map_sqlx_sqlite_opts(move |o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            let o = o.foreign_keys(true).busy_timeout(Duration::from_secs(5));
            if memory {
                o
            } else {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
            }
        });
    } else {
        opts.max_connections(10);
    }
    Ok(Database::connect(opts).await?)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}
