//! The index follows the database through the outbox: a change committed to the database survives an
//! indexer that dies before its index commit, and an approval reaches public search within seconds.
use domain::public::search::{SearchIndex, apply_pending, run_indexer};
use domain::submission::initiatives;
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
    assert!(
        !index
            .search("so tay hoa giai", 0, 10)
            .unwrap()
            .ids
            .contains(&second)
    );
    // …and the process dies before the indexer commits: the writer goes without a commit.
    drop(index);

    // The restart opens the same directory and resumes from the payload of the last commit.
    let reopened = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.last_applied().unwrap(), Some(applied));
    apply_pending(&s.db, &reopened).await.unwrap();
    // (Fewer than a page have every word: the other entry may follow, below.)
    assert_eq!(
        reopened
            .search("so tay hoa giai", 0, 10)
            .unwrap()
            .ids
            .first(),
        Some(&second)
    );
    assert_eq!(
        reopened.search("du lieu mo", 0, 10).unwrap().ids.first(),
        Some(&first),
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

#[tokio::test]
async fn a_rebuild_is_written_beside_the_index_in_use_and_swapped_in() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let s = &ctx.services;
    let root = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(root.path()).unwrap();
    let id = file(&ctx, &f, "Cổng dữ liệu mở của tỉnh Sơn La").await;
    recognise(&ctx, &f, id).await;
    apply_pending(&s.db, &index).await.unwrap();
    let before = index.dir();
    assert!(before.starts_with(root.path()) && before.exists());

    // Another process (the CLI) cannot take the index while this one owns it; it asks for a rebuild.
    assert!(matches!(
        SearchIndex::open(root.path()),
        Err(domain::Error::Conflict(_))
    ));
    domain::public::search::request_rebuild(&s.db)
        .await
        .unwrap();
    apply_pending(&s.db, &index).await.unwrap();
    let after = index.dir();
    assert_ne!(after, before, "built in a new directory");
    assert!(!before.exists(), "the old one is removed after the swap");
    let pointer = std::fs::read_to_string(root.path().join("CURRENT")).unwrap();
    assert_eq!(root.path().join(pointer.trim()), after);
    assert_eq!(index.search("du lieu mo", 0, 10).unwrap().ids, vec![id]);
    // Nothing is left over but the index in use, its pointer and the owner's lock.
    let mut names: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected = vec![
        "CURRENT".to_string(),
        after.file_name().unwrap().to_string_lossy().into_owned(),
        "owner.lock".to_string(),
    ];
    expected.sort();
    assert_eq!(names, expected);
}

/// Breaks the index in use, then checks that it is rebuilt and that search answers from the
/// database (and says so) until it is.
async fn rebuilt_after(damage: impl FnOnce(&std::path::Path)) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let root = tempfile::tempdir().unwrap();
    let mut s = ctx.services.clone();
    s.search = SearchIndex::open(root.path()).unwrap();
    let moc_chau = file(&ctx, &f, "Bản đồ số du lịch cộng đồng Mộc Châu").await;
    recognise(&ctx, &f, moc_chau).await;
    let other = file(&ctx, &f, "Sổ tay điện tử cho tổ hòa giải ở bản").await;
    recognise(&ctx, &f, other).await;
    apply_pending(&s.db, &s.search).await.unwrap();
    assert!(s.search.is_ready());
    let dir = s.search.dir();
    let elsewhere = tempfile::tempdir().unwrap();
    s.search = SearchIndex::open(elsewhere.path()).unwrap(); // lets go of the root
    damage(&dir);
    s.search = SearchIndex::open(root.path()).unwrap();
    assert!(!s.search.is_ready(), "the damaged index is not used");

    let search = |q: &'static str| {
        let s = s.clone();
        async move {
            domain::public::search_summaries(&s, q, &Default::default(), Default::default(), 1, 10)
                .await
                .unwrap()
        }
    };
    let page = search("ban do so MOC CHAU").await;
    assert!(page.fallback, "the page says the answer is a fallback");
    assert_eq!(
        page.items.iter().map(|i| i.id).collect::<Vec<_>>(),
        [moc_chau]
    );
    assert_eq!(search("\"du lich cong dong\"").await.total, 1);
    assert_eq!(search("ban -\"moc chau\"").await.items[0].id, other);
    assert_eq!(search("chưa có ở đâu").await.total, 0);

    apply_pending(&s.db, &s.search).await.unwrap();
    assert!(s.search.is_ready());
    let page = search("ban do so moc chau").await;
    assert!(!page.fallback);
    assert_eq!(page.items[0].id, moc_chau);
}

#[tokio::test]
async fn an_index_of_another_schema_version_is_rebuilt_and_search_falls_back_meanwhile() {
    rebuilt_after(|dir| std::fs::write(dir.join("sangkien-schema-version"), "1").unwrap()).await;
}

#[tokio::test]
async fn a_corrupt_index_is_rebuilt_and_search_falls_back_meanwhile() {
    rebuilt_after(|dir| std::fs::write(dir.join("meta.json"), "{ not json").unwrap()).await;
}
