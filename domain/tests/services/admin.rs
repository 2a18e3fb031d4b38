//! The demo data, and the database: pooled SQLite connections and write transactions.
use domain::public::search::apply_pending;
use domain::testing::TestContext;
use domain::{accounts, public, submission::initiatives};
use types::Status;

#[tokio::test]
async fn demo_data_loads_once_with_every_status_and_a_searchable_index() {
    let ctx = TestContext::new().await;
    let s = &ctx.services;
    assert!(
        domain::admin::demo::load_if_empty(&s.db)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        domain::admin::demo::load_if_empty(&s.db)
            .await
            .unwrap()
            .is_none(),
        "second load must be a no-op"
    );
    let thuky = accounts::authenticate(&s.db, "thuky@sangkien.local", "SonLa-ThuKy-2026")
        .await
        .unwrap();
    let all = initiatives::for_secretary(&s.db, &thuky, None, "")
        .await
        .unwrap();
    assert!(all.len() >= 40, "{} entries", all.len());
    for status in [
        Status::Submitted,
        Status::NeedsCorrection,
        Status::Accepted,
        Status::UnderReview,
        Status::Recognised,
        Status::Refused,
        Status::Withdrawn,
    ] {
        assert!(
            all.iter().any(|i| i.status == status),
            "no demo entry {status:?}"
        );
    }
    // Issue 19, point 12: the current campaign reads as a real timeline (the vote and the
    // announcement are still ahead), yet as a practice campaign every action stays open.
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let campaigns = domain::entities::campaign::Entity::find()
        .filter(domain::entities::campaign::Column::Practice.eq(true))
        .all(&s.db)
        .await
        .unwrap();
    assert_eq!(
        campaigns.len(),
        1,
        "only the current demo campaign practises"
    );
    let now = domain::time::now();
    let phases = domain::council::phases(&s.db, campaigns[0].id)
        .await
        .unwrap();
    let open: Vec<_> = phases
        .iter()
        .filter(|w| w.contains(now))
        .map(|w| w.phase)
        .collect();
    assert_eq!(
        open,
        vec![types::Phase::Submission, types::Phase::Screening]
    );
    for w in phases.windows(2).skip(1) {
        assert!(w[0].starts_at <= w[1].starts_at, "phases in order");
    }
    domain::council::require_phase(&s.db, campaigns[0].id, types::Phase::Vote)
        .await
        .unwrap();
    let old = domain::entities::campaign::Entity::find()
        .filter(domain::entities::campaign::Column::Practice.eq(false))
        .one(&s.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        domain::council::require_phase(&s.db, old.id, types::Phase::Vote)
            .await
            .is_err()
    );
    apply_pending(&s.db, &s.search).await.unwrap();
    let found = public::search_summaries(
        s,
        "ban do so du lich moc chau",
        &Default::default(),
        Default::default(),
        1,
        5,
    )
    .await
    .unwrap();
    assert_eq!(
        found.items.first().map(|i| i.title.as_str()),
        Some("Bản đồ số du lịch Mộc Châu")
    );
}

#[tokio::test]
async fn every_pooled_sqlite_connection_enforces_foreign_keys_and_waits_when_busy() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
    let ctx = TestContext::new().await;
    let db = &ctx.services.db;
    if db.get_database_backend() != DbBackend::Sqlite {
        return; // PostgreSQL has no such per-connection settings.
    }
    // Five open transactions hold five different connections of the pool.
    let mut txns = Vec::new();
    for _ in 0..5 {
        txns.push(db.begin().await.unwrap());
    }
    for txn in &txns {
        let mut seen = Vec::new();
        for name in ["foreign_keys", "busy_timeout", "journal_mode"] {
            let row = txn
                .query_one(Statement::from_string(
                    DbBackend::Sqlite,
                    format!("PRAGMA {name}"),
                ))
                .await
                .unwrap()
                .unwrap();
            let value = row
                .try_get_by_index::<i64>(0)
                .map(|v| v.to_string())
                .or_else(|_| row.try_get_by_index::<String>(0))
                .unwrap();
            seen.push(value);
        }
        assert_eq!(seen, ["1", "5000", "wal"]);
    }
    for txn in txns {
        txn.rollback().await.unwrap();
    }
}

/// Regression: a transaction that reads and then writes failed with "database is locked" (SQLite code
/// 517) when another connection committed in between; seen in CI when assigning a reviewer while a
/// background worker wrote. Write transactions now take SQLite's write lock when they begin.
#[tokio::test]
async fn a_write_transaction_that_reads_first_survives_another_commit_and_loses_no_update() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let ctx = TestContext::new().await;
    let db = &ctx.services.db;
    if db.get_database_backend() != DbBackend::Sqlite {
        return; // PostgreSQL's transactions take row locks as they write.
    }
    db.execute_unprepared("CREATE TABLE probe (n INTEGER NOT NULL)")
        .await
        .unwrap();
    db.execute_unprepared("INSERT INTO probe (n) VALUES (0)")
        .await
        .unwrap();
    async fn read(c: &impl ConnectionTrait) -> i64 {
        let row = c
            .query_one(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT n FROM probe",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }
    let first = domain::db::begin(db).await.unwrap();
    let seen = read(&first).await;
    let pool = db.clone();
    let second = tokio::spawn(async move {
        let txn = domain::db::begin(&pool).await?;
        let n = read(&txn).await;
        txn.execute_unprepared(&format!("UPDATE probe SET n = {}", n + 1))
            .await?;
        txn.commit().await?;
        Ok::<_, domain::Error>(())
    });
    // Give the second transaction every chance to commit before the first one writes.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first
        .execute_unprepared(&format!("UPDATE probe SET n = {}", seen + 1))
        .await
        .expect("the first transaction writes after reading");
    first.commit().await.unwrap();
    second
        .await
        .unwrap()
        .expect("the second transaction waits its turn");
    assert_eq!(read(db).await, 2, "neither increment is lost");
}
