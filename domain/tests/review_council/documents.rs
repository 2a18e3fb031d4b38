//! The documents read back as their readers see them: the workbooks cell by cell (calamine), the
//! PDFs' text (pdftotext) and a page as pixels (pdftoppm); and who may have each.
use super::support::*;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use domain::council::deliberation::{self, DecisionInput};
use domain::documents::exports::{self, ExportKind, ExportStatus};
use domain::documents::{self, Progress, workbooks};
use domain::testing::{Fixture, TestContext};
use domain::{Error, catalog, review};
use std::io::{Cursor, Read};
use std::process::Command;
use types::{CouncilRole, Level, ValidDecision};

pub(super) const TITLE: &str = "Số hóa “một cửa” ở bản Nà Sản: nộp hồ sơ đất đai qua điện thoại";

/// An entry scored by the fixture's reviewer (22, 30, 31), voted by the chair and recognised at
/// provincial level under decision 123/QĐ-UBND; published when `publish`.
pub(super) async fn recognised(ctx: &TestContext, f: &Fixture, title: &str, publish: bool) -> i64 {
    let db = &ctx.services.db;
    let id = file(ctx, f, title, "xa_muong_bam").await;
    eligible(ctx, f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["22", "30", "31"], &COMMENTS),
    )
    .await
    .unwrap();
    if domain::council::role_of(db, f.open_campaign, f.admin.id)
        .await
        .unwrap()
        .is_none()
    {
        domain::council::set_member(
            db,
            &f.secretary,
            f.open_campaign,
            f.admin.id,
            CouncilRole::Chair,
        )
        .await
        .unwrap();
    }
    deliberation::cast_vote(db, &f.admin, id, true)
        .await
        .unwrap();
    deliberation::decide(
        db,
        &f.secretary,
        id,
        DecisionInput {
            decision: ValidDecision::Recognised {
                level: Level::CapTinh,
            },
            award: String::new(),
            decision_no: "123/QĐ-UBND".into(),
            comment: String::new(),
            decided_on: None,
        },
    )
    .await
    .unwrap();
    if publish {
        deliberation::publish(db, &f.secretary, f.open_campaign)
            .await
            .unwrap();
    }
    id
}

pub(super) fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("a workbook calamine reads")
}

pub(super) fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        other => panic!("expected text, got {other:?}"),
    }
}

pub(super) fn number(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("expected a number, got {other:?}"),
    }
}

/// The XML of a workbook's part (e.g. `xl/worksheets/sheet1.xml`).
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

#[tokio::test]
async fn the_meeting_sheet_reads_back_cell_by_cell() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    // A title a spreadsheet would run as a formula, were it written as one.
    let id = recognised(&ctx, &f, "=HYPERLINK(\"http://x\";\"bấm\") Sổ tay số", true).await;
    let bytes = workbooks::meeting_sheet(db, &f.secretary, f.open_campaign, &Progress::default())
        .await
        .unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), vec!["Xếp hạng", "Phiếu chấm"]);
    let ranking = book.worksheet_range("Xếp hạng").unwrap();
    assert_eq!(text(ranking.get_value((0, 0))), "Hạng");
    assert_eq!(text(ranking.get_value((0, 2))), "Tên sáng kiến");
    assert_eq!(text(ranking.get_value((0, 6))), "Điểm tổng hợp");
    assert_eq!(number(ranking.get_value((1, 0))), 1.0);
    let code = text(ranking.get_value((1, 1)));
    assert!(code.starts_with("SK-"), "{code}");
    assert_eq!(
        text(ranking.get_value((1, 2))),
        "=HYPERLINK(\"http://x\";\"bấm\") Sổ tay số"
    );
    assert_eq!(text(ranking.get_value((1, 3))), "Được công nhận");
    assert_eq!(number(ranking.get_value((1, 4))), 1.0);
    let panel = deliberation::panel(db, &f.secretary, id).await.unwrap();
    let aggregate = panel.aggregate.unwrap();
    assert!((number(ranking.get_value((1, 6))) - aggregate).abs() < 1e-9);
    assert_eq!(text(ranking.get_value((1, 11))), "Công nhận");
    assert_eq!(text(ranking.get_value((1, 12))), "Cấp tỉnh");
    assert_eq!(number(ranking.get_value((1, 13))), 1.0);

    let sheets = book.worksheet_range("Phiếu chấm").unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    assert_eq!(text(sheets.get_value((0, 2))), "Thành viên chấm");
    assert_eq!(
        text(sheets.get_value((0, 3))),
        format!("{} (tối đa {})", criteria[0].name, criteria[0].max_points)
    );
    assert_eq!(text(sheets.get_value((1, 0))), code);
    assert_eq!(text(sheets.get_value((1, 2))), f.reviewer.full_name);
    assert_eq!(number(sheets.get_value((1, 3))), 22.0);
    assert_eq!(number(sheets.get_value((1, 4))), 30.0);
    assert_eq!(number(sheets.get_value((1, 5))), 31.0);
    assert!((number(sheets.get_value((1, 6))) - panel.sheets[0].total.unwrap()).abs() < 1e-9);
    assert!(matches!(sheets.get_value((1, 8)), Some(Data::DateTime(_))));

    // The header row stays in view and carries filters, on both sheets.
    for n in 1..=2 {
        let xml = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains(r#"state="frozen""#), "sheet {n}: {xml}");
        assert!(xml.contains("<autoFilter ref=\"A1:"), "sheet {n}");
    }
    // Never a formula.
    assert!(!part(&bytes, "xl/worksheets/sheet1.xml").contains("<f>"));
}

#[tokio::test]
async fn the_recognised_list_names_authors_shares_and_the_decision() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = recognised(&ctx, &f, TITLE, true).await;
    // An entry still under review is not on the list.
    let other = file(&ctx, &f, "Bản đồ số du lịch Mộc Châu", "xa_muong_bam").await;
    eligible(&ctx, &f, &[other]).await;
    let bytes = workbooks::recognised_list(db, &f.secretary, f.open_campaign, &Progress::default())
        .await
        .unwrap();
    let mut book = open(&bytes);
    let list = book.worksheet_range("Sáng kiến được công nhận").unwrap();
    assert_eq!(list.height(), 2, "a header and one entry");
    assert_eq!(text(list.get_value((0, 3))), "Tác giả (tỷ lệ đóng góp)");
    assert_eq!(number(list.get_value((1, 0))), 1.0);
    assert_eq!(text(list.get_value((1, 2))), TITLE);
    assert_eq!(
        text(list.get_value((1, 3))),
        "Lò Văn Tác (70%); Quàng Thị Hợp (30%)"
    );
    assert_eq!(text(list.get_value((1, 4))), "Xã Mường Bám");
    let decided = deliberation::panel(db, &f.secretary, id)
        .await
        .unwrap()
        .decision
        .unwrap();
    assert!((number(list.get_value((1, 5))) - decided.score.unwrap()).abs() < 1e-9);
    assert_eq!(text(list.get_value((1, 6))), "Cấp tỉnh");
    assert_eq!(text(list.get_value((1, 7))), "123/QĐ-UBND");
    match list.get_value((1, 8)) {
        Some(Data::DateTime(d)) => {
            let serial = d.as_f64();
            let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                + chrono::Duration::days(serial as i64);
            assert_eq!(day, decided.decided_on);
        }
        other => panic!("expected a date, got {other:?}"),
    }
    assert_eq!(text(list.get_value((1, 9))), "Có");

    // Staff of the campaign only: not a reviewer, not a filer.
    for who in [&f.reviewer, &f.submitter] {
        assert!(matches!(
            workbooks::recognised_list(db, who, f.open_campaign, &Progress::default()).await,
            Err(Error::NotFound)
        ));
    }
    assert!(matches!(
        workbooks::meeting_sheet(db, &f.submitter, f.open_campaign, &Progress::default()).await,
        Err(Error::Forbidden | Error::NotFound)
    ));
}

/// The text pdftotext reads from a PDF, pages separated by form feeds. With `DOCUMENTS_OUT` set to
/// a folder, the PDF is also kept there to be looked at.
pub(super) fn pdf_text(pdf: &[u8]) -> String {
    if let Ok(out) = std::env::var("DOCUMENTS_OUT") {
        let name = format!("{:016x}.pdf", {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            pdf.hash(&mut h);
            h.finish()
        });
        std::fs::write(std::path::Path::new(&out).join(name), pdf).unwrap();
    }
    String::from_utf8(poppler("pdftotext", &["-"], pdf)).unwrap()
}

/// What a poppler tool (`pdftotext`, `pdftoppm`) writes to its standard output for the PDF, given
/// `args` before the file's name (or, for `-`, after it).
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new(tool);
    if args == ["-"] {
        cmd.arg(&path).arg("-");
    } else {
        cmd.args(args).arg(&path);
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils, installed by scripts/setup.sh): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The first page rendered in grey at 40 dpi by pdftoppm: (width, height, pixels).
fn first_page(pdf: &[u8]) -> (usize, usize, Vec<u8>) {
    let bytes = poppler(
        "pdftoppm",
        &["-gray", "-r", "40", "-f", "1", "-l", "1"],
        pdf,
    );
    // A binary PGM: "P5\n<w> <h>\n<max>\n", then one byte per pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8(bytes[start..at].to_vec()).unwrap());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// Ink on the page, and none in a band of `band` of each edge: what is printed stays inside the
/// margins. Returns the share of dark pixels.
pub(super) fn assert_inside_the_page(pdf: &[u8], band: f64) -> f64 {
    let (w, h, px) = first_page(pdf);
    let (bx, by) = ((w as f64 * band) as usize, (h as f64 * band) as usize);
    let mut dark = 0usize;
    for y in 0..h {
        for x in 0..w {
            if px[y * w + x] < 160 {
                dark += 1;
                assert!(
                    x >= bx && x < w - bx && y >= by && y < h - by,
                    "ink at ({x}, {y}) of {w}×{h}: outside the margins"
                );
            }
        }
    }
    let share = dark as f64 / (w * h) as f64;
    assert!(share > 0.005, "the page is blank ({share})");
    share
}

#[tokio::test]
async fn a_certificate_per_co_author_prints_the_vietnamese_exactly() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = recognised(&ctx, &f, TITLE, false).await;
    // Before the announcement: the secretary may print; the filer may not yet.
    assert!(matches!(
        documents::certificates(db, &f.submitter, id).await,
        Err(Error::NotFound)
    ));
    let pdf = documents::certificates(db, &f.secretary, id).await.unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(
        pdf.file_name.starts_with("giay-chung-nhan-SK-"),
        "{}",
        pdf.file_name
    );
    let text = pdf_text(&pdf.bytes);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "one page per co-author: {text}");
    for (page, (name, share)) in pages
        .iter()
        .zip([("Lò Văn Tác", "70%"), ("Quàng Thị Hợp", "30%")])
    {
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("GIẤY CHỨNG NHẬN SÁNG KIẾN"), "{flat}");
        assert!(
            flat.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{flat}"
        );
        assert!(flat.contains("Độc lập - Tự do - Hạnh phúc"), "{flat}");
        assert!(flat.contains(name), "{name}: {flat}");
        assert!(flat.contains(share), "{flat}");
        assert!(flat.contains(TITLE), "{flat}");
        assert!(flat.contains("Cấp tỉnh"), "{flat}");
        assert!(flat.contains("123/QĐ-UBND"), "{flat}");
    }
    assert_inside_the_page(&pdf.bytes, 0.02);

    deliberation::publish(db, &f.secretary, f.open_campaign)
        .await
        .unwrap();
    // Published: the filer prints theirs; someone else still finds nothing.
    assert!(documents::certificates(db, &f.submitter, id).await.is_ok());
    assert!(matches!(
        documents::certificates(db, &f.other_submitter, id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn the_minutes_of_a_vote_wait_for_its_end_and_name_who_voted() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, TITLE, "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    domain::council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.admin.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap();
    domain::council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.reviewer2.id,
        CouncilRole::Member,
    )
    .await
    .unwrap();
    deliberation::cast_vote(db, &f.admin, id, true)
        .await
        .unwrap();
    assert!(matches!(
        documents::vote_minutes(db, &f.secretary, id).await,
        Err(Error::OutOfPhase(_))
    ));
    deliberation::cast_vote(db, &f.reviewer2, id, true)
        .await
        .unwrap();
    let pdf = documents::vote_minutes(db, &f.secretary, id).await.unwrap();
    let flat = pdf_text(&pdf.bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("BIÊN BẢN"), "{flat}");
    assert!(flat.contains(TITLE), "{flat}");
    assert!(flat.contains(&f.admin.full_name), "{flat}");
    assert!(flat.contains(&f.reviewer2.full_name), "{flat}");
    assert!(flat.contains("Số phiếu đồng ý: 2"), "{flat}");
    assert!(
        flat.contains("Đạt (được Hội đồng đề nghị công nhận)"),
        "{flat}"
    );
    assert_inside_the_page(&pdf.bytes, 0.02);
    // Not for the filer.
    assert!(documents::vote_minutes(db, &f.submitter, id).await.is_err());
}

#[tokio::test]
async fn the_application_form_is_printed_as_filed_for_its_filer_only() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(&ctx, &f, TITLE, "xa_muong_bam").await;
    let pdf = documents::application_form(db, &f.submitter, id)
        .await
        .unwrap();
    let flat = pdf_text(&pdf.bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN",
        "Kính gửi: Hội đồng sáng kiến",
        "Lò Văn Tác",
        "Quàng Thị Hợp",
        "12/04/1985",
        "Cà Văn Dụng",
        "Hướng dẫn người dân nộp hồ sơ thử",
        TITLE,
        "Nộp hồ sơ giấy tại bộ phận một cửa; mất nhiều ngày đi lại.",
        "Giảm 70% số lần đi lại của người dân trong năm đầu áp dụng.",
        "xin cam đoan mọi thông tin nêu trong đơn là trung thực",
    ] {
        assert!(flat.contains(expected), "{expected}: {flat}");
    }
    assert_inside_the_page(&pdf.bytes, 0.02);
    // The secretary may print it too; another filer and a reviewer find nothing.
    assert!(
        documents::application_form(db, &f.secretary, id)
            .await
            .is_ok()
    );
    assert!(matches!(
        documents::application_form(db, &f.other_submitter, id).await,
        Err(Error::NotFound)
    ));
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    assert!(matches!(
        documents::application_form(db, &f.reviewer, id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn a_title_typed_as_markup_is_printed_as_typed() {
    let (ctx, f) = setup().await;
    let title = "#set page(width: 1cm) *đậm* $x^2$ ] \" \\ // chú thích";
    let id = file(&ctx, &f, title, "xa_muong_bam").await;
    let pdf = documents::application_form(&ctx.services.db, &f.submitter, id)
        .await
        .unwrap();
    let flat = pdf_text(&pdf.bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains(title), "{flat}");
    assert_inside_the_page(&pdf.bytes, 0.02);
}

#[tokio::test]
async fn an_export_runs_once_in_the_background_and_only_its_asker_gets_it() {
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let db = &s.db;
    recognised(&ctx, &f, TITLE, true).await;
    recognised(&ctx, &f, "Bản đồ số du lịch cộng đồng bản Áng", true).await;
    // Not for a filer; nothing is queued for them.
    assert!(matches!(
        exports::request(db, &f.submitter, f.open_campaign, ExportKind::Certificates).await,
        Err(Error::NotFound)
    ));
    let id = exports::request(db, &f.secretary, f.open_campaign, ExportKind::Certificates)
        .await
        .unwrap();
    // Asked again while it waits: the same export, not a second one.
    assert_eq!(
        exports::request(db, &f.secretary, f.open_campaign, ExportKind::Certificates)
            .await
            .unwrap(),
        id
    );
    let v = exports::view(db, &f.secretary, id).await.unwrap();
    assert_eq!(v.status, ExportStatus::Queued);
    assert!(matches!(
        exports::view(db, &f.admin, id).await,
        Err(Error::NotFound)
    ));
    // Two workers (two nodes) look at once: one takes it.
    let (a, b) = tokio::join!(exports::run_next(s), exports::run_next(s));
    assert_eq!(
        [a.unwrap(), b.unwrap()].iter().filter(|x| **x).count(),
        1,
        "run exactly once"
    );
    assert!(!exports::run_next(s).await.unwrap(), "nothing left");
    let v = exports::view(db, &f.secretary, id).await.unwrap();
    assert_eq!(v.status, ExportStatus::Done);
    assert_eq!((v.done, v.total), (2, 2));
    let (bytes, name, content_type) = exports::file(s, &f.secretary, id).await.unwrap();
    assert_eq!(content_type, "application/pdf");
    assert!(name.starts_with("giay-chung-nhan-dot-"), "{name}");
    let text = pdf_text(&bytes);
    assert_eq!(
        text.split('\u{c}').filter(|p| !p.trim().is_empty()).count(),
        4,
        "two entries, two co-authors each"
    );
    assert!(matches!(
        exports::file(s, &f.admin, id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn an_export_left_by_a_dead_node_is_taken_up_and_one_that_cannot_be_made_says_why() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let (ctx, f) = setup().await;
    let s = &ctx.services;
    let db = &s.db;
    recognised(&ctx, &f, TITLE, true).await;
    let id = exports::request(
        db,
        &f.secretary,
        f.open_campaign,
        ExportKind::RecognisedList,
    )
    .await
    .unwrap();
    // A node claimed it and died: its lease ran out a minute ago.
    domain::entities::export_job::ActiveModel {
        id: Set(id),
        status: Set("running".into()),
        attempts: Set(1),
        lease_until: Set(Some(domain::time::now() - chrono::Duration::minutes(1))),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    assert!(exports::run_next(s).await.unwrap());
    let v = exports::view(db, &f.secretary, id).await.unwrap();
    assert_eq!(v.status, ExportStatus::Done);
    let (bytes, ..) = exports::file(s, &f.secretary, id).await.unwrap();
    let mut book = open(&bytes);
    let list = book.worksheet_range("Sáng kiến được công nhận").unwrap();
    assert_eq!(text(list.get_value((1, 2))), TITLE);

    // A campaign with nothing recognised: the export fails and says so.
    let empty = exports::request(
        db,
        &f.secretary,
        f.closed_campaign,
        ExportKind::Certificates,
    )
    .await
    .unwrap();
    assert!(exports::run_next(s).await.unwrap());
    let v = exports::view(db, &f.secretary, empty).await.unwrap();
    assert_eq!(v.status, ExportStatus::Failed);
    assert_eq!(v.failure.as_deref(), Some("empty"));
}
