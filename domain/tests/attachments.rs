//! Service tests of attachments: types by content, limits while streaming, who may read what.
use bytes::Bytes;
use domain::submission::attachments::{self, Limits, Storage};
use domain::testing::{Fixture, TestContext};
use domain::{Error, review, submission::initiatives};
use futures_util::{StreamExt, stream};
use sha2::{Digest, Sha256};
use types::{FieldError, Level, ValidDecision};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const EXE: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 this program";

fn body(bytes: &'static [u8]) -> impl futures_util::Stream<Item = Result<Bytes, String>> + Unpin {
    // In small chunks, as a network delivers them.
    stream::iter(
        bytes
            .chunks(7)
            .map(|c| Ok(Bytes::from_static(c)))
            .collect::<Vec<_>>(),
    )
}

fn hex_sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn setup() -> (TestContext, Fixture, i64) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let input = domain::testing::application(f.open_campaign, "Hồ sơ có tệp đính kèm");
    let d = domain::submission::drafts::save(&ctx.services.db, &f.submitter, None, &input)
        .await
        .unwrap();
    (ctx, f, d.id)
}

fn invalid_field(e: Error, field: &str) -> FieldError {
    match e {
        Error::Invalid(errors) => errors.get(field).cloned().expect("field error"),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn stored_files(dir: &std::path::Path) -> usize {
    fn walk(p: &std::path::Path) -> usize {
        std::fs::read_dir(p)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| {
                        let p = e.path();
                        if p.is_dir() { walk(&p) } else { 1 }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(dir)
}

#[tokio::test]
async fn a_pdf_is_stored_with_its_hash_and_follows_the_draft_into_the_entry() {
    let (ctx, f, draft) = setup().await;
    let s = &ctx.services;
    let a = attachments::upload(
        &s.db,
        &s.storage,
        &f.submitter,
        draft,
        "Sơ đồ quy trình.pdf",
        false,
        body(PDF),
    )
    .await
    .unwrap();
    assert_eq!(a.content_type, "application/pdf");
    assert_eq!(a.size_bytes, PDF.len() as i64);
    assert_eq!(a.sha256, hex_sha(PDF));
    assert_eq!(a.file_name, "Sơ đồ quy trình.pdf");

    let input = domain::testing::application(f.open_campaign, "Hồ sơ có tệp đính kèm");
    let v = initiatives::submit(
        &s.db,
        &f.submitter,
        input.parse(domain::time::today(), "Lò Văn Tác").unwrap(),
        Some(draft),
    )
    .await
    .unwrap();
    assert_eq!(v.attachments.len(), 1, "the receipt lists the file");
    assert_eq!(v.attachments[0].sha256, hex_sha(PDF));
    let d = attachments::open_for(&s.db, &s.storage, Some(&f.submitter), a.id)
        .await
        .unwrap();

    let bytes: Vec<u8> = d.body.map(|c| c.unwrap().to_vec()).concat().await;
    assert_eq!(bytes, PDF);
}

#[tokio::test]
async fn a_program_renamed_to_pdf_is_refused_and_nothing_is_stored() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(dir.path(), Limits::default()).unwrap();
    let d =
        domain::submission::drafts::save(&ctx.services.db, &f.submitter, None, &Default::default())
            .await
            .unwrap();
    let e = attachments::upload(
        &ctx.services.db,
        &storage,
        &f.submitter,
        d.id,
        "bao-cao.pdf",
        false,
        body(EXE),
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_field(e, "file"), FieldError::FileType);
    assert!(
        attachments::of_draft(&ctx.services.db, &f.submitter, d.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(stored_files(dir.path()), 0, "no bytes left in the store");
}

#[tokio::test]
async fn limits_hold_while_streaming_even_for_an_endless_upload() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(
        dir.path(),
        Limits {
            per_file: 4096,
            per_entry: 6000,
            per_person: 1_000_000,
        },
    )
    .unwrap();
    let d =
        domain::submission::drafts::save(&ctx.services.db, &f.submitter, None, &Default::default())
            .await
            .unwrap();
    // A body that never ends: only a limit checked while reading can stop it.
    let endless = stream::iter(std::iter::once(Ok::<_, String>(Bytes::from_static(PDF))))
        .chain(stream::repeat_with(|| Ok(Bytes::from(vec![b'x'; 1000]))));
    let e = attachments::upload(
        &ctx.services.db,
        &storage,
        &f.submitter,
        d.id,
        "lon.pdf",
        false,
        Box::pin(endless),
    )
    .await
    .unwrap_err();
    assert_eq!(
        invalid_field(e, "file"),
        FieldError::FileTooLarge { max_mb: 0 }
    );
    assert_eq!(stored_files(dir.path()), 0);

    // Two files within the per-file limit but over the entry's total.
    let three_k: &'static [u8] = Box::leak([PDF, &[b' '; 3000][..]].concat().into_boxed_slice());
    attachments::upload(
        &ctx.services.db,
        &storage,
        &f.submitter,
        d.id,
        "a.pdf",
        false,
        body(three_k),
    )
    .await
    .unwrap();
    let e = attachments::upload(
        &ctx.services.db,
        &storage,
        &f.submitter,
        d.id,
        "b.pdf",
        false,
        body(three_k),
    )
    .await
    .unwrap_err();
    assert_eq!(
        invalid_field(e, "file"),
        FieldError::EntryFilesTooLarge { max_mb: 0 }
    );
}

#[tokio::test]
async fn someone_elses_draft_cannot_receive_or_show_files() {
    let (ctx, f, draft) = setup().await;
    let s = &ctx.services;
    let e = attachments::upload(
        &s.db,
        &s.storage,
        &f.other_submitter,
        draft,
        "x.pdf",
        false,
        body(PDF),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, Error::NotFound));
    let a = attachments::upload(
        &s.db,
        &s.storage,
        &f.submitter,
        draft,
        "x.pdf",
        false,
        body(PDF),
    )
    .await
    .unwrap();
    for viewer in [Some(&f.other_submitter), Some(&f.secretary), None] {
        assert!(matches!(
            attachments::open_for(&s.db, &s.storage, viewer, a.id).await,
            Err(Error::NotFound)
        ));
    }
    assert!(matches!(
        attachments::delete_from_draft(&s.db, &s.storage, &f.other_submitter, a.id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn the_public_gets_only_non_confidential_files_of_recognised_entries() {
    let (ctx, f, draft) = setup().await;
    let s = &ctx.services;
    let open = attachments::upload(
        &s.db,
        &s.storage,
        &f.submitter,
        draft,
        "cong-khai.pdf",
        false,
        body(PDF),
    )
    .await
    .unwrap();
    let secret = attachments::upload(
        &s.db,
        &s.storage,
        &f.submitter,
        draft,
        "mat.pdf",
        true,
        body(PDF),
    )
    .await
    .unwrap();
    let input = domain::testing::application(f.open_campaign, "Hồ sơ có tệp đính kèm");
    let v = initiatives::submit(
        &s.db,
        &f.submitter,
        input.parse(domain::time::today(), "Lò Văn Tác").unwrap(),
        Some(draft),
    )
    .await
    .unwrap();
    // Before a decision: not public at all.
    assert!(
        attachments::open_for(&s.db, &s.storage, None, open.id)
            .await
            .is_err()
    );
    domain::review::screening::screen(
        &s.db,
        &f.secretary,
        &[v.id],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    review::assign(&s.db, &f.secretary, v.id, f.reviewer.id)
        .await
        .unwrap();
    assert!(
        attachments::open_for(&s.db, &s.storage, Some(&f.reviewer), secret.id)
            .await
            .is_ok()
    );
    assert!(
        attachments::open_for(&s.db, &s.storage, Some(&f.reviewer2), open.id)
            .await
            .is_err()
    );
    ctx.conclude(&f, v.id, ValidDecision::Recognised { level: Level::CoSo })
        .await
        .unwrap();
    assert!(
        attachments::open_for(&s.db, &s.storage, None, open.id)
            .await
            .is_ok()
    );
    assert!(matches!(
        attachments::open_for(&s.db, &s.storage, None, secret.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        attachments::open_for(&s.db, &s.storage, Some(&f.other_submitter), secret.id).await,
        Err(Error::NotFound)
    ));
    let public = initiatives::public(&s.db, v.id).await.unwrap();
    assert_eq!(
        public.attachments.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![open.id]
    );
}

/// A body that arrives slowly: `n` chunks of `size` bytes after the PDF header, one per tick, so
/// that uploads sent together are all streaming at the same time.
fn slow_pdf(
    n: usize,
    size: usize,
) -> impl futures_util::Stream<Item = Result<Bytes, String>> + Unpin {
    let first = stream::iter(std::iter::once(Ok::<_, String>(Bytes::from_static(PDF))));
    let rest = stream::iter(0..n).then(move |_| async move {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        Ok(Bytes::from(vec![b' '; size]))
    });
    Box::pin(first.chain(rest))
}

/// Issue 17, hole 3: uploads sent in parallel reserve their room before streaming, so together
/// they never pass the entry's limit (before, each read the same total and all passed).
#[tokio::test]
async fn parallel_uploads_cannot_pass_the_entrys_limit_together() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(
        dir.path(),
        Limits {
            per_file: 4096,
            per_entry: 6000,
            per_person: 1_000_000,
        },
    )
    .unwrap();
    let d =
        domain::submission::drafts::save(&ctx.services.db, &f.submitter, None, &Default::default())
            .await
            .unwrap();
    let uploads = (0..4).map(|k| {
        let (db, storage, user) = (
            ctx.services.db.clone(),
            storage.clone(),
            f.submitter.clone(),
        );
        tokio::spawn(async move {
            attachments::upload(
                &db,
                &storage,
                &user,
                d.id,
                &format!("{k}.pdf"),
                false,
                slow_pdf(30, 100),
            )
            .await
        })
    });
    let results: Vec<_> = futures_util::future::join_all(uploads)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let stored = results.iter().filter(|r| r.is_ok()).count();
    let files = attachments::of_draft(&ctx.services.db, &f.submitter, d.id)
        .await
        .unwrap();
    let total: u64 = files.iter().map(|a| a.size_bytes as u64).sum();
    assert!(
        total <= 6000,
        "{stored} uploads stored {total} bytes, over the entry's 6000"
    );
    assert_eq!(
        stored, 1,
        "one reservation of 4096 leaves 1904 bytes: a 3000-byte file does not fit"
    );
    for e in results.into_iter().filter_map(|r| r.err()) {
        assert_eq!(
            invalid_field(e, "file"),
            FieldError::EntryFilesTooLarge { max_mb: 0 }
        );
    }
}

/// Issue 17, hole 3: an unverified address stores no file, one person's drafts have a quota
/// across entries, and drafts per person are bounded.
#[tokio::test]
async fn unverified_accounts_store_nothing_and_a_person_has_a_quota() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(
        dir.path(),
        Limits {
            per_file: 4096,
            per_entry: 6000,
            per_person: 7000,
        },
    )
    .unwrap();
    let mut unverified = f.submitter.clone();
    unverified.email_verified = false;
    let d1 = domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
        .await
        .unwrap();
    let e = attachments::upload(db, &storage, &unverified, d1.id, "a.pdf", false, body(PDF))
        .await
        .unwrap_err();
    assert_eq!(invalid_field(e, "file"), FieldError::EmailNotVerified);
    assert_eq!(stored_files(dir.path()), 0);

    let three_k: &'static [u8] = Box::leak([PDF, &[b' '; 3000][..]].concat().into_boxed_slice());
    let d2 = domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
        .await
        .unwrap();
    for d in [d1.id, d2.id] {
        attachments::upload(db, &storage, &f.submitter, d, "a.pdf", false, body(three_k))
            .await
            .unwrap();
    }
    let d3 = domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
        .await
        .unwrap();
    let e = attachments::upload(
        db,
        &storage,
        &f.submitter,
        d3.id,
        "b.pdf",
        false,
        body(three_k),
    )
    .await
    .unwrap_err();
    assert_eq!(
        invalid_field(e, "file"),
        FieldError::PersonFilesTooLarge { max_mb: 0 }
    );

    for _ in 3..domain::submission::drafts::MAX_DRAFTS {
        domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
            .await
            .unwrap();
    }
    let e = domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
        .await
        .unwrap_err();
    assert_eq!(
        invalid_field(e, "draft"),
        FieldError::TooManyDrafts {
            max: domain::submission::drafts::MAX_DRAFTS as u32
        }
    );
    // Saving an existing draft again is always possible.
    domain::submission::drafts::save(db, &f.submitter, Some(d3.id), &Default::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_draft_is_deleted_with_its_files_and_only_by_its_owner() {
    use sea_orm::EntityTrait;
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(dir.path(), Limits::default()).unwrap();
    let d = domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
        .await
        .unwrap();
    for confidential in [false, true] {
        attachments::upload(
            db,
            &storage,
            &f.submitter,
            d.id,
            "minh-chung.pdf",
            confidential,
            body(PDF),
        )
        .await
        .unwrap();
    }
    assert_eq!(stored_files(dir.path()), 2);
    assert!(matches!(
        attachments::discard_draft(db, &storage, &f.other_submitter, d.id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        stored_files(dir.path()),
        2,
        "someone else's try deletes nothing"
    );
    attachments::discard_draft(db, &storage, &f.submitter, d.id)
        .await
        .unwrap();
    assert!(
        domain::submission::drafts::list(db, &f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        domain::entities::attachment::Entity::find()
            .all(db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(stored_files(dir.path()), 0, "no bytes left in the store");
}

#[tokio::test]
async fn a_draft_deleted_while_its_file_streams_in_keeps_no_bytes() {
    use sea_orm::EntityTrait;
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage::local(dir.path(), Limits::default()).unwrap();
    let d = domain::submission::drafts::save(db, &f.submitter, None, &Default::default())
        .await
        .unwrap();
    // The file's first bytes arrive, then the draft is deleted (another tab), then the rest.
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Result<Bytes, String>>();
    tx.send(Ok(Bytes::from_static(&PDF[..20]))).unwrap();
    let rx = Box::pin(stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|c| (c, rx))
    }));
    let upload = attachments::upload(db, &storage, &f.submitter, d.id, "muon.pdf", false, rx);
    let discard = async {
        // Let the upload take its reservation and start streaming first.
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        attachments::discard_draft(db, &storage, &f.submitter, d.id)
            .await
            .unwrap();
        tx.send(Ok(Bytes::from_static(&PDF[20..]))).unwrap();
        drop(tx);
    };
    let (uploaded, ()) = tokio::join!(upload, discard);
    assert!(
        matches!(uploaded, Err(Error::NotFound)),
        "the draft is gone: {uploaded:?}"
    );
    assert!(
        domain::entities::attachment::Entity::find()
            .all(db)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        stored_files(dir.path()),
        0,
        "no orphaned bytes in the store"
    );
}
