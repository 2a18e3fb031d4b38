//! The index follows the database through the outbox: a change committed to the database survives an
//! indexer that dies before its index commit, and an approval reaches public search within seconds.
use domain::initiatives;
use domain::search::{SearchIndex, apply_pending, run_indexer};
use domain::testing::{Fixture, TestContext};
use std::time::{Duration, Instant};
use types::{Level, ValidDecision};

async fn file(ctx: &TestContext, f: &Fixture, title: &str) -> i64 {
    let input = domain::testing::application(f.open_campaign, title);
    let valid = input
        .parse(domain::time::today(), "Lò Văn Tác")
        .expect("valid input");
    initiatives::submit(&ctx.services.db, &f.submitter, valid, None)
        .await
        .expect("submit")
        .id
}

async fn recognise(ctx: &TestContext, f: &Fixture, id: i64) {
    ctx.conclude(f, id, ValidDecision::Recognised { level: Level::CoSo })
        .await
        .expect("recognised");
}

#[tokio::test]
async fn an_entry_committed_before_the_indexer_died_is_searchable_after_a_restart() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let s = &ctx.services;
    // This test's own index directory, so that the test holds the only handle on it.
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let first = file(&ctx, &f, "Cổng dữ liệu mở của tỉnh Sơn La").await;
    recognise(&ctx, &f, first).await;
    apply_pending(&s.db, &index).await.unwrap();
    let applied = index.last_applied().unwrap().expect("a commit");

    // The database commits the second approval (its outbox row is in the same transaction)…
    let second = file(&ctx, &f, "Sổ tay điện tử cho tổ hòa giải ở bản").await;
    recognise(&ctx, &f, second).await;
    assert_eq!(index.search("so tay hoa giai", 0, 10).unwrap().total, 0);
    // …and the process dies before the indexer commits: the writer goes without a commit.
    drop(index);

    // The restart opens the same directory and resumes from the payload of the last commit.
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.last_applied().unwrap(), Some(applied));
    apply_pending(&s.db, &reopened).await.unwrap();
    assert_eq!(
        reopened.search("so tay hoa giai", 0, 10).unwrap().ids,
        vec![second]
    );
    assert_eq!(
        reopened.search("du lieu mo", 0, 10).unwrap().ids,
        vec![first],
        "what was indexed before the crash is still there"
    );
    assert!(reopened.last_applied().unwrap() > Some(applied));
}

#[tokio::test]
async fn an_approval_is_searchable_within_two_seconds_while_the_indexer_runs() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let s = &ctx.services;
    apply_pending(&s.db, &s.search).await.unwrap();
    let indexer = tokio::spawn(run_indexer(s.db.clone(), s.search.clone()));
    let id = file(&ctx, &f, "Bản đồ số du lịch cộng đồng Mộc Châu").await;
    recognise(&ctx, &f, id).await;
    let approved = Instant::now();
    let mut found = false;
    while approved.elapsed() < Duration::from_secs(2) {
        if s.search.search("ban do so moc chau", 0, 10).unwrap().ids == [id] {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    indexer.abort();
    assert!(
        found,
        "not searchable {:?} after the approval",
        approved.elapsed()
    );
}
