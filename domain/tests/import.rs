//! Bulk import of past records (shared/INTERFACES.md §2): the whole file is checked first, every bad
//! line is reported, nothing is imported on error, a second import changes nothing, and imported
//! entries become searchable through the outbox.
use domain::admin::import::{self, LineError, Problem};
use domain::public::search::apply_pending;
use domain::public::{self, Filters, Sort};
use domain::testing::TestContext;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use types::{Day, FieldError};

const TODAY: Day = Day {
    year: 2026,
    month: 11,
    day: 28,
};

fn good(id: &str, title: &str, unit: &str) -> serde_json::Value {
    json!({
        "external_id": id,
        "campaign": "Phong trào thi đua chuyển đổi số 2021-2025",
        "year": 2023,
        "title": title,
        "summary": "Người dân tra cứu và nộp hồ sơ trực tuyến, không phải đi lại nhiều lần.",
        "description": "Xây dựng kho dữ liệu dùng chung và hướng dẫn từng bước cho cán bộ một cửa.",
        "solution_type": "quan_ly",
        "pillar": "chinh_quyen_so",
        "sector": "hanh_chinh_cong",
        "unit": unit,
        "authors": [
            {"name": "Nguyễn Văn An", "share": 60, "position": "Chuyên viên", "workplace": unit},
            {"name": "Lò Thị Bình", "share": 40}
        ],
        "status": "recognised",
        "level": "cap_tinh",
        "score": 86.5,
        "decided_on": "2023-11-20",
        "decision_no": "1234/QĐ-UBND"
    })
}

fn lines(values: &[serde_json::Value]) -> Vec<u8> {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

fn problem_at(errors: &[LineError], line: usize, field: &str) -> Problem {
    errors
        .iter()
        .find(|e| e.line == line && e.field == field)
        .unwrap_or_else(|| {
            panic!("no problem reported at line {line}, field {field:?}: {errors:#?}")
        })
        .problem
        .clone()
}

#[test]
fn every_bad_line_is_reported_with_its_field() {
    let mut missing_title = good("sl-2", "x", "Sở Y tế");
    missing_title.as_object_mut().unwrap().remove("title");
    let mut bad_codes = good("sl-3", "Bản đồ số du lịch Mộc Châu", "Sở Y tế");
    bad_codes["pillar"] = json!("kinh_te");
    bad_codes["year"] = json!("2023");
    let mut shares = good("sl-4", "Bản đồ số du lịch Mộc Châu", "Sở Y tế");
    shares["authors"][1]["share"] = json!(30);
    let mut undecided = good("sl-5", "Bản đồ số du lịch Mộc Châu", "Sở Y tế");
    undecided["status"] = json!("under_review");
    let mut no_level = good("sl-6", "Bản đồ số du lịch Mộc Châu", "Sở Y tế");
    no_level.as_object_mut().unwrap().remove("level");
    no_level["typo_field"] = json!(1);
    let mut future = good("sl-7", "Bản đồ số du lịch Mộc Châu", "Sở Y tế");
    future["decided_on"] = json!("2027-01-05");
    let mut text = lines(&[
        good("sl-1", "Một cửa điện tử cấp xã", "Sở Y tế"),
        missing_title,
        bad_codes,
        shares,
        undecided,
        no_level,
        future,
        good("sl-1", "Bản sao của dòng một", "Sở Y tế"),
    ]);
    text.extend_from_slice(b"\n{not json\n");
    let errors = import::validate(&text, TODAY).unwrap_err();
    assert_eq!(
        problem_at(&errors, 2, "title"),
        Problem::Invalid(FieldError::Required)
    );
    assert_eq!(
        problem_at(&errors, 3, "pillar"),
        Problem::Invalid(FieldError::UnknownCode)
    );
    assert_eq!(
        problem_at(&errors, 3, "year"),
        Problem::WrongType { expected: "number" }
    );
    assert_eq!(
        problem_at(&errors, 4, "authors"),
        Problem::Invalid(FieldError::SharesNotHundred { sum_tenths: 900 })
    );
    assert_eq!(problem_at(&errors, 5, "status"), Problem::NotDecided);
    assert_eq!(
        problem_at(&errors, 6, "level"),
        Problem::Invalid(FieldError::Required)
    );
    assert_eq!(problem_at(&errors, 6, "typo_field"), Problem::UnknownField);
    assert_eq!(
        problem_at(&errors, 7, "decided_on"),
        Problem::Invalid(FieldError::InFuture)
    );
    assert_eq!(
        problem_at(&errors, 8, "external_id"),
        Problem::Duplicate { first_line: 1 }
    );
    assert!(matches!(problem_at(&errors, 9, ""), Problem::NotJson(_)));
    assert!(
        errors.iter().all(|e| e.line != 1),
        "the good line is not blamed: {errors:#?}"
    );
}

#[test]
fn a_refused_record_needs_no_decision_details_and_line_ends_may_be_crlf() {
    let mut refused = good("sl-9", "Sổ tay điện tử cho tổ hòa giải", "Sở Tư pháp");
    for k in ["level", "score", "decided_on", "decision_no"] {
        refused.as_object_mut().unwrap().remove(k);
    }
    refused["status"] = json!("refused");
    let mut text = "\u{feff}".as_bytes().to_vec();
    text.extend(refused.to_string().into_bytes());
    text.extend_from_slice(b"\r\n\r\n");
    text.extend(
        good("sl-10", "Một cửa điện tử cấp xã", "Sở Tư pháp")
            .to_string()
            .into_bytes(),
    );
    text.extend_from_slice(b"\r\n");
    let records = import::validate(&text, TODAY).expect("valid");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].line, 3, "blank lines still count");
    assert_eq!(records[0].authors[0].share_tenths, 600);
    assert_eq!(
        records[0].authors[0].job_title.as_deref(),
        Some("Chuyên viên")
    );
}

async fn count(ctx: &TestContext) -> u64 {
    domain::entities::initiative::Entity::find()
        .count(&ctx.services.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_import_is_searchable_and_a_second_one_changes_nothing() {
    let ctx = TestContext::new().await;
    let _f = ctx.fixture().await;
    let before = count(&ctx).await;
    let text = lines(&[
        good(
            "sl-2023-0042",
            "Bản đồ số du lịch cộng đồng Mộc Châu",
            "Sở Y tế",
        ),
        good(
            "sl-2023-0043",
            "Một cửa điện tử liên thông cấp xã",
            "Trung tâm Lưu trữ lịch sử tỉnh",
        ),
    ]);
    let records = import::validate(&text, TODAY).expect("valid file");
    let mut seen = Vec::new();
    let report = import::apply(&ctx.services.db, &records, |done, total| {
        seen.push((done, total))
    })
    .await
    .unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(report.already_present, 0);
    assert_eq!(
        report.campaigns_created,
        ["Phong trào thi đua chuyển đổi số 2021-2025"]
    );
    assert_eq!(report.units_created, ["Trung tâm Lưu trữ lịch sử tỉnh"]);
    assert_eq!(seen.last(), Some(&(2, 2)), "progress reaches the end");
    assert_eq!(count(&ctx).await, before + 2);

    // Through the outbox, as the portal's indexer does.
    apply_pending(&ctx.services.db, &ctx.services.search)
        .await
        .unwrap();
    let page = public::search_summaries(
        &ctx.services,
        "ban do so du lich moc chau",
        &Filters::default(),
        Sort::Relevance,
        1,
        20,
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
    let hit = &page.items[0];
    assert_eq!(
        hit.unit_name, "Sở Y tế",
        "an existing unit is found by name"
    );
    assert_eq!(hit.year, 2023);
    assert_eq!(hit.score, Some(86.5));
    let authors = public::by_author(&ctx.services, "lò thị bình")
        .await
        .unwrap();
    assert_eq!(authors.len(), 2);
    assert!(authors.iter().all(|(_, share)| *share == 40.0));

    let again = import::apply(&ctx.services.db, &records, |_, _| {})
        .await
        .unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.already_present, 2);
    assert!(again.campaigns_created.is_empty() && again.units_created.is_empty());
    assert_eq!(count(&ctx).await, before + 2);
}

#[tokio::test]
async fn a_failure_half_way_leaves_nothing_behind() {
    let ctx = TestContext::new().await;
    let _f = ctx.fixture().await;
    let before = count(&ctx).await;
    let text = lines(&[
        good("sl-1", "Bản đồ số du lịch cộng đồng Mộc Châu", "Sở Y tế"),
        good(
            "sl-2",
            "Một cửa điện tử liên thông cấp xã",
            "Đơn vị hoàn toàn mới",
        ),
    ]);
    let records = import::validate(&text, TODAY).expect("valid file");
    // The database refuses the second record half-way: its new unit cannot be stored.
    use sea_orm::{ConnectionTrait, DbBackend};
    let refuse = match ctx.services.db.get_database_backend() {
        DbBackend::Postgres => {
            "ALTER TABLE units ADD CONSTRAINT no_new_unit CHECK (name <> 'Đơn vị hoàn toàn mới')"
        }
        _ => {
            "CREATE TRIGGER no_new_unit BEFORE INSERT ON units \
             WHEN NEW.name = 'Đơn vị hoàn toàn mới' BEGIN SELECT RAISE(ABORT, 'refused'); END"
        }
    };
    ctx.services.db.execute_unprepared(refuse).await.unwrap();
    let mut progressed = 0;
    let result = import::apply(&ctx.services.db, &records, |done, _| progressed = done).await;
    assert!(result.is_err());
    assert!(
        progressed >= 1,
        "the first record was written before the failure"
    );
    assert_eq!(count(&ctx).await, before, "nothing of the file is kept");
    let outbox = domain::entities::search_outbox::Entity::find()
        .count(&ctx.services.db)
        .await
        .unwrap();
    apply_pending(&ctx.services.db, &ctx.services.search)
        .await
        .unwrap();
    let page = public::search_summaries(
        &ctx.services,
        "Mộc Châu",
        &Filters::default(),
        Sort::Relevance,
        1,
        20,
    )
    .await
    .unwrap();
    assert_eq!(page.total, 0, "outbox rows {outbox}: nothing to index");
}
