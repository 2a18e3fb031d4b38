//! Connecting to SQLite (embedded, default) or PostgreSQL, and applying migrations.
use crate::Result;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
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
        // One writer at a time in SQLite: a small pool avoids "database is locked" storms.
        opts.max_connections(if url.contains(":memory:") { 1 } else { 5 });
    } else {
        opts.max_connections(10);
    }
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .await?;
        if !url.contains(":memory:") {
            db.execute_unprepared("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
                .await?;
        }
    }
    Ok(db)
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
