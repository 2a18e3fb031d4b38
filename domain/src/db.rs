//! Connecting to SQLite (embedded, default) or PostgreSQL, and applying migrations.
use crate::Result;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    TransactionTrait,
};
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

/// Begins a transaction that will write. Every service that reads and then writes starts here, never with
/// `begin()` directly.
///
/// SQLite in WAL mode begins transactions deferred: a transaction that reads first and writes later fails
/// with "database is locked" (SQLITE_BUSY_SNAPSHOT, code 517) if another connection committed in between,
/// and the busy timeout cannot help, since waiting would not make its snapshot current. sea-orm has no
/// `BEGIN IMMEDIATE`, so the first statement here is a write that touches no row: it takes the write lock at
/// once (waiting up to the busy timeout for another writer), and the transaction's reads then see the
/// latest committed state. PostgreSQL needs nothing of this.
pub async fn begin(db: &impl TransactionTrait) -> Result<DatabaseTransaction> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE seaql_migrations SET version = version WHERE 0")
            .await?;
    }
    Ok(txn)
}

/// Begins a transaction that only reads: one consistent snapshot, no write lock (a read-only
/// transaction cannot meet the conflict `begin` avoids).
pub async fn begin_read(db: &impl TransactionTrait) -> Result<DatabaseTransaction> {
    Ok(db.begin().await?)
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
