//! `cargo run --release -p server --example bench_search -- --docs 100000 --rounds 20`: a benchmark,
//! not a test (kept out of the `sangkien` binary). Generates a synthetic but realistic Vietnamese
//! corpus (fixed seed), indexes it with the portal's tantivy index, runs a fixed query mix and reports
//! p50/p99 latency and indexing throughput; the same corpus and queries run on SQLite FTS5
//! (`unicode61 remove_diacritics 2`, đ folded beforehand) and, when a PostgreSQL URL is given, on
//! PostgreSQL full-text search (`unaccent`, `simple` configuration). Results: docs/PERFORMANCE.md.
use clap::Parser;
use domain::public::search::{Columns, Document, Order, SearchIndex, replace_all};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};
use std::time::{Duration, Instant};

const ACTIONS: &[&str] = &[
    "Ứng dụng",
    "Số hóa",
    "Xây dựng",
    "Triển khai",
    "Quản lý",
    "Chuyển đổi số",
    "Nâng cao hiệu quả",
    "Hiện đại hóa",
    "Tự động hóa",
    "Kết nối",
];
const OBJECTS: &[&str] = &[
    "hồ sơ thủ tục hành chính",
    "dịch vụ công trực tuyến",
    "bản đồ số du lịch cộng đồng",
    "thanh toán không dùng tiền mặt",
    "sổ sức khỏe điện tử",
    "truy xuất nguồn gốc nông sản",
    "quản lý đàn bò sữa",
    "hòa giải ở cơ sở",
    "cơ sở dữ liệu đất đai",
    "học bạ điện tử",
    "camera giám sát giao thông",
    "hóa đơn điện tử",
    "tưới tiêu thông minh cho cây ăn quả",
    "chữ ký số cho cán bộ cấp xã",
    "cảnh báo sạt lở đất",
    "phòng họp không giấy",
    "sàn thương mại điện tử nông sản",
    "trợ lý ảo trả lời người dân",
    "bảo mật an toàn thông tin mạng",
    "kho dữ liệu dùng chung của tỉnh",
];
const PLACES: &[&str] = &[
    "tỉnh Sơn La",
    "Mộc Châu",
    "Sốp Cộp",
    "Thuận Châu",
    "Mai Sơn",
    "Yên Châu",
    "Phường Tô Hiệu",
    "xã Mường Lạn",
    "xã Phiêng Khoài",
    "Quỳnh Nhai",
    "Bắc Yên",
    "Phù Yên",
];
const SENTENCES: &[&str] = &[
    "Người dân nộp hồ sơ trực tuyến tại nhà văn hóa bản, không phải đi lại nhiều lần.",
    "Cán bộ một cửa tra cứu dữ liệu dùng chung, rút ngắn thời gian giải quyết từ năm ngày xuống hai ngày.",
    "Hợp tác xã bán nông sản qua sàn thương mại điện tử, doanh thu tăng ba mươi phần trăm.",
    "Giải pháp dùng điện thoại thông minh và mạng xã hội Zalo, chi phí thấp, dễ nhân rộng.",
    "Ủy ban nhân dân xã phối hợp với bưu điện hướng dẫn người cao tuổi sử dụng dịch vụ công.",
    "Dữ liệu được cập nhật hằng ngày, lãnh đạo theo dõi trên bảng điều khiển.",
    "Học sinh vùng cao học trực tuyến, giáo viên chia sẻ bài giảng điện tử.",
    "Trạm y tế quản lý hồ sơ sức khỏe, hẹn lịch khám và nhắc tiêm chủng qua tin nhắn.",
    "Khách du lịch quét mã QR để xem thông tin điểm đến và đặt dịch vụ homestay.",
    "Nông dân nhận cảnh báo thời tiết, sâu bệnh và lịch tưới qua ứng dụng.",
    "Tổ hòa giải trao đổi, ghi nhận ý kiến của người dân qua nhóm trực tuyến.",
    "Thông tin được bảo đảm an toàn, phân quyền theo vai trò, có nhật ký truy cập.",
];

/// One synthetic entry: a title, a summary and a body of several sentences, recognised in one of
/// five yearly campaigns, with taxonomy codes, unit, level and score spread at random.
fn corpus(n: usize) -> Vec<Document> {
    use types::{Level, Pillar, Sector, SolutionType};
    fn any<T>(rng: &mut StdRng, from: &'static [T]) -> &'static T {
        &from[rng.gen_range(0..from.len())]
    }
    let mut rng = StdRng::seed_from_u64(2026);
    (1..=n as i64)
        .map(|id| {
            let pick = |rng: &mut StdRng, from: &[&'static str]| from[rng.gen_range(0..from.len())];
            let title = format!(
                "{} {} tại {}",
                pick(&mut rng, ACTIONS),
                pick(&mut rng, OBJECTS),
                pick(&mut rng, PLACES)
            );
            let summary = format!(
                "{} {}",
                pick(&mut rng, SENTENCES),
                pick(&mut rng, SENTENCES)
            );
            let body: Vec<&str> = (0..rng.gen_range(4..9))
                .map(|_| pick(&mut rng, SENTENCES))
                .collect();
            let year = 2021 + (id % 5) as i32;
            let unit = any(&mut rng, UNITS).to_string();
            let places = UNIT_PLACES
                .iter()
                .filter(|(u, _)| *u == unit)
                .flat_map(|(_, p)| p.iter().map(|p| p.to_string()))
                .collect();
            let columns = Columns {
                pillar: any(&mut rng, Pillar::ALL).code().to_string(),
                sector: any(&mut rng, Sector::ALL).code().to_string(),
                solution_type: any(&mut rng, SolutionType::ALL).code().to_string(),
                level: Some(any(&mut rng, Level::ALL).code().to_string()),
                unit,
                year,
                decided_on: chrono::NaiveDate::from_ymd_opt(year, 11, 20),
                score: Some(f64::from(rng.gen_range(700..=980)) / 10.0),
                places,
            };
            Document {
                id,
                title,
                summary,
                body: body.join(" "),
                record: String::new(),
                columns,
            }
        })
        .collect()
}

/// Units and authors of the import file (`write_import`).
const UNITS: &[&str] = &[
    "Sở Thông tin và Truyền thông",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Công an tỉnh",
    "UBND xã Mường Bám",
    "UBND xã Mộc Châu",
    "UBND phường Tô Hiệu",
    "UBND xã Sốp Cộp",
    "Hợp tác xã chè Tà Xùa",
    "Trường THPT Chiềng Sinh",
];
/// The places of the communes and wards among `UNITS` (today's and their former district).
const UNIT_PLACES: &[(&str, &[&str])] = &[
    ("UBND xã Mường Bám", &["xa_muong_bam", "h_thuan_chau"]),
    ("UBND xã Mộc Châu", &["xa_moc_chau", "tx_moc_chau"]),
    ("UBND phường Tô Hiệu", &["phuong_to_hieu", "tp_son_la"]),
    ("UBND xã Sốp Cộp", &["xa_sop_cop", "h_sop_cop"]),
];
const AUTHORS: &[&str] = &[
    "Lò Văn Minh",
    "Cầm Thị Hoa",
    "Quàng Văn Sơn",
    "Nguyễn Thị Lan",
    "Hà Văn Dũng",
    "Vì Thị Mai",
    "Đinh Công Tuấn",
    "Lường Thị Thu",
];

/// Writes the corpus as an import file (shared/INTERFACES.md §2): the same entries, recognised,
/// over five yearly campaigns, with taxonomy codes, units, levels and scores spread at random (fixed
/// seed). `sangkien import` then loads it, to measure the portal's pages at this size
/// (`scripts/measure.sh` with `DOCS=`).
fn write_import(docs: usize, path: &std::path::Path) -> anyhow::Result<()> {
    use std::io::Write;
    let mut rng = StdRng::seed_from_u64(2027);
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for d in corpus(docs) {
        let c = &d.columns;
        let year = c.year;
        let line = serde_json::json!({
            "external_id": format!("bench-{}", d.id),
            "campaign": format!("Phong trào thi đua chuyển đổi số năm {year}"),
            "year": year,
            "title": d.title,
            "summary": d.summary,
            "description": d.body,
            "solution_type": c.solution_type,
            "pillar": c.pillar,
            "sector": c.sector,
            "unit": c.unit,
            "authors": [{"name": AUTHORS[rng.gen_range(0..AUTHORS.len())], "share": 100}],
            "status": "recognised",
            "level": c.level,
            "score": c.score,
            "decided_on": c.decided_on.map(|d| d.to_string()),
            "decision_no": format!("{}/QĐ-UBND", 1000 + d.id),
        });
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// The query mix: (kind, query as typed). SQL engines get the same words (phrases quoted) and
/// the same facet filters, as conditions on their `year` and `sector` columns (`sql_filter`).
const QUERIES: &[(&str, &str)] = &[
    ("folded", "chuyen doi so ho so"),
    ("folded", "ban do du lich moc chau"),
    ("folded", "thanh toan khong dung tien mat"),
    ("exact", "chuyển đổi số"),
    ("exact", "sổ sức khỏe điện tử"),
    ("exact", "hòa giải cơ sở"),
    ("phrase", "\"truy xuất nguồn gốc\""),
    ("phrase", "\"dịch vụ công trực tuyến\""),
    ("facet", "nông sản nam:2024"),
    ("facet", "du lịch linh-vuc:du_lich"),
    ("typo", "chuyeen doi so"),
    ("typo", "thuoong mai dien tu"),
    ("typo", "so hoa ho ticg"),
    // Needs described at length, where no entry has every word: the relaxed query answers
    // (issue 18), with corrections and the thesaurus.
    (
        "long",
        "đặt lịch khám bệnh cho người dân ở bản xa qua điện thoại",
    ),
    (
        "long",
        "cảnh báo thiên tai cho người già vùng cao bằng tin nhắn",
    ),
    ("long", "nguowif dân nộp hồ sơ đất đai không phải đi xa"),
];

/// Latency figures of one engine for one kind of query.
struct Figures {
    p50: Duration,
    p99: Duration,
}

fn figures(mut samples: Vec<Duration>) -> Figures {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Figures {
        p50: at(0.50),
        p99: at(0.99),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// The text part of a query, for the SQL engines (its facet filters go to `sql_filter`).
fn text_of(q: &str) -> String {
    q.split_whitespace()
        .filter(|w| !w.contains(':'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The facet filters of a query (`nam:2024`, `linh-vuc:du_lich`), as the portal reads them.
fn filters_of(q: &str) -> domain::public::Filters {
    let parsed = domain::text::query::parse(q, &domain::public::QUERY_FACETS);
    domain::public::Filters::default().with_query(&parsed.filters)
}

/// A query's facet filters as SQL conditions on the `year` and `sector` columns (the only facets
/// the SQL tables hold), numbered from `$first` for PostgreSQL.
fn sql_filter(q: &str, backend: DbBackend, first: usize) -> (String, Vec<Value>) {
    let f = filters_of(q);
    assert!(
        f.pillar.is_none()
            && f.solution_type.is_none()
            && f.level.is_none()
            && f.unit.is_none()
            && f.place.is_none(),
        "the benchmark filters by year and sector only: {q}"
    );
    let conditions = [
        f.year.map(|y| ("year", Value::from(y))),
        f.sector
            .map(|s| ("sector", Value::from(s.code().to_string()))),
    ];
    let mut sql = String::new();
    let mut values = Vec::new();
    for (column, value) in conditions.into_iter().flatten() {
        let p = match backend {
            DbBackend::Postgres => format!("${}", first + values.len()),
            _ => "?".to_string(),
        };
        sql.push_str(&format!(" AND {column} = {p}"));
        values.push(value);
    }
    (sql, values)
}

fn fold(s: &str) -> String {
    domain::text::fold(s)
}

async fn run_sql(
    db: &DatabaseConnection,
    sql: &str,
    values: Vec<Value>,
) -> anyhow::Result<Vec<sea_orm::QueryResult>> {
    Ok(db
        .query_all(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?)
}

async fn load(
    db: &DatabaseConnection,
    docs: &[Document],
    insert: &str,
    per_row: usize,
) -> anyhow::Result<()> {
    use sea_orm::TransactionTrait;
    let backend = db.get_database_backend();
    let txn = db.begin().await?;
    for chunk in docs.chunks(200) {
        let mut sql = insert.to_string();
        let mut values = Vec::new();
        for (i, d) in chunk.iter().enumerate() {
            let n = values.len();
            let p = |k: usize| match backend {
                DbBackend::Postgres => format!("${}", n + k),
                _ => "?".to_string(),
            };
            let row: Vec<String> = (1..=per_row).map(p).collect();
            sql.push_str(if i == 0 { "" } else { "," });
            sql.push_str(&match backend {
                DbBackend::Postgres => format!(
                    "({}, to_tsvector('simple', unaccent({} || ' ' || {} || ' ' || {})))",
                    row.join(", "),
                    row[3],
                    row[4],
                    row[5]
                ),
                _ => format!("({})", row.join(",")),
            });
            values.push(Value::from(d.id));
            values.push(Value::from(d.columns.year));
            values.push(Value::from(d.columns.sector.clone()));
            let text = |t: &str| match backend {
                DbBackend::Postgres => t.to_string(),
                _ => t.replace(['đ', 'Đ'], "d"),
            };
            values.push(Value::from(text(&d.title)));
            values.push(Value::from(text(&d.summary)));
            values.push(Value::from(text(&d.body)));
        }
        txn.execute(Statement::from_sql_and_values(backend, &sql, values))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// An FTS5 query: words ANDed, phrases kept; everything folded (the table folds the same way).
fn fts5_query(q: &str) -> String {
    let mut out = Vec::new();
    let text = fold(&text_of(q));
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            out.push(format!("\"{}\"", part.trim()));
        } else {
            out.extend(
                part.split_whitespace()
                    .filter(|w| w.chars().all(char::is_alphanumeric))
                    .map(|w| format!("\"{w}\"")),
            );
        }
    }
    out.join(" ")
}

/// Search benchmark: a synthetic Vietnamese corpus indexed by tantivy, SQLite FTS5 and, with
/// --postgres, PostgreSQL full-text search; p50/p99 latency per kind of query and indexing
/// throughput, as Markdown tables (docs/PERFORMANCE.md).
#[derive(Parser, Debug)]
struct Options {
    #[arg(long, default_value_t = 100_000)]
    docs: usize,
    /// Times the query mix is run after a warm-up round.
    #[arg(long, default_value_t = 20)]
    rounds: usize,
    /// e.g. postgres://postgres@127.0.0.1:5432/postgres (a scratch database is created and dropped).
    #[arg(long)]
    postgres: Option<String>,
    /// Only write the corpus as an import file (shared/INTERFACES.md §2) to this path.
    #[arg(long)]
    write_import: Option<std::path::PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = Options::parse();
    match &o.write_import {
        Some(path) => write_import(o.docs, path),
        None => run(o).await,
    }
}

async fn run(o: Options) -> anyhow::Result<()> {
    println!("Corpus: {} synthetic entries (fixed seed)…", o.docs);
    let docs = corpus(o.docs);
    let chars: usize = docs
        .iter()
        .map(|d| d.title.len() + d.summary.len() + d.body.len())
        .sum();
    println!("  {} MB of text", chars / 1_000_000);
    let mut rows: Vec<(String, String, Figures)> = Vec::new();

    // tantivy, the portal's index.
    let dir = tempfile::tempdir()?;
    let index = SearchIndex::open(dir.path())?;
    let started = Instant::now();
    let to_index = docs.clone();
    let index2 = index.clone();
    tokio::task::spawn_blocking(move || replace_all(&index2, to_index, 1)).await??;
    let tantivy_build = started.elapsed();
    println!(
        "tantivy: indexed in {:.1} s ({:.0} entries/s)",
        tantivy_build.as_secs_f64(),
        o.docs as f64 / tantivy_build.as_secs_f64()
    );
    let facets = domain::public::QUERY_FACETS;
    let tantivy_all = measure("tantivy", &o, &mut rows, |q| {
        let index = index.clone();
        let parsed = domain::text::query::parse(q, &facets);
        let filter = filters_of(q).index_filter();
        async move {
            let r = index.search_filtered(&parsed, &filter, 0, 10)?;
            Ok(r.total)
        }
    })
    .await?;
    // What the search page asks of the index: the facet filters applied, facets counted over every
    // match, the first 20 in rank order and their highlighted excerpts (not compared: the SQL
    // engines count no facets and cut no excerpts). The answers the index keeps are forgotten first: this times
    // the work of a query asked for the first time since the index last changed.
    measure("tantivy, search page", &o, &mut rows, |q| {
        let index = index.clone();
        let parsed = domain::text::query::parse(q, &facets);
        let filter = filters_of(q).index_filter();
        async move {
            index.forget_answers();
            let r = index.browse(&parsed, &filter, Order::Relevance, 0, 20)?;
            index.snippets(&parsed, &r.ids)?;
            Ok(r.total)
        }
    })
    .await?;
    let mut browse = Vec::new();
    for round in 0..=o.rounds {
        let t = Instant::now();
        index.forget_answers();
        let r = index.browse(
            &Default::default(),
            &Default::default(),
            Order::Newest,
            0,
            20,
        )?;
        if round > 0 {
            browse.push(t.elapsed());
        } else {
            println!("  tantivy, search page without words: {} entries", r.total);
        }
    }
    rows.push((
        "tantivy, search page".into(),
        "no words (newest of all)".into(),
        figures(browse),
    ));

    // SQLite FTS5.
    let sqlite_dir = tempfile::tempdir()?;
    let url = format!(
        "sqlite://{}?mode=rwc",
        sqlite_dir.path().join("fts.db").display()
    );
    let lite = Database::connect(&url).await?;
    lite.execute_unprepared(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, year UNINDEXED, sector UNINDEXED, \
         title, summary, body, \
         tokenize = 'unicode61 remove_diacritics 2')",
    )
    .await?;
    let started = Instant::now();
    load(
        &lite,
        &docs,
        "INSERT INTO docs (id, year, sector, title, summary, body) VALUES ",
        6,
    )
    .await?;
    let fts5_build = started.elapsed();
    println!(
        "SQLite FTS5: indexed in {:.1} s ({:.0} entries/s)",
        fts5_build.as_secs_f64(),
        o.docs as f64 / fts5_build.as_secs_f64()
    );
    let fts5_all = measure("SQLite FTS5", &o, &mut rows, |q| {
        let lite = lite.clone();
        let m = fts5_query(q);
        let (filter, filter_values) = sql_filter(q, DbBackend::Sqlite, 2);
        let values = [vec![m.into()], filter_values].concat();
        async move {
            let total = run_sql(
                &lite,
                &format!("SELECT count(*) AS n FROM docs WHERE docs MATCH ?{filter}"),
                values.clone(),
            )
            .await?;
            run_sql(
                &lite,
                &format!(
                    "SELECT id FROM docs WHERE docs MATCH ?{filter} \
                     ORDER BY bm25(docs, 0.0, 0.0, 0.0, 6.0, 3.0, 1.0) LIMIT 10"
                ),
                values,
            )
            .await?;
            Ok(total
                .first()
                .and_then(|r| r.try_get::<i64>("", "n").ok())
                .unwrap_or(0) as usize)
        }
    })
    .await?;

    // PostgreSQL full-text search.
    let mut pg_figures = None;
    if let Some(base) = &o.postgres {
        let name = format!("sk_bench_{}", std::process::id());
        let admin = Database::connect(base).await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        let (prefix, _) = base
            .rsplit_once('/')
            .ok_or_else(|| anyhow::anyhow!("a PostgreSQL URL with a database name"))?;
        let pg = Database::connect(format!("{prefix}/{name}")).await?;
        let result = async {
            pg.execute_unprepared("CREATE EXTENSION IF NOT EXISTS unaccent").await?;
            pg.execute_unprepared(
                "CREATE TABLE docs (id BIGINT PRIMARY KEY, year INT, sector TEXT, title TEXT, summary TEXT, \
                 body TEXT, tsv TSVECTOR)",
            )
            .await?;
            let started = Instant::now();
            load(
                &pg,
                &docs,
                "INSERT INTO docs (id, year, sector, title, summary, body, tsv) VALUES ",
                6,
            )
            .await?;
            pg.execute_unprepared("CREATE INDEX docs_tsv ON docs USING GIN (tsv)").await?;
            pg.execute_unprepared("ANALYZE docs").await?;
            let build = started.elapsed();
            println!(
                "PostgreSQL FTS: indexed in {:.1} s ({:.0} entries/s)",
                build.as_secs_f64(),
                o.docs as f64 / build.as_secs_f64()
            );
            let all = measure("PostgreSQL FTS", &o, &mut rows, |q| {
                let pg = pg.clone();
                let text = text_of(q);
                let phrase = text.contains('"');
                let words = text.replace('"', " ");
                let (filter, filter_values) = sql_filter(q, DbBackend::Postgres, 2);
                let values = [vec![words.into()], filter_values].concat();
                async move {
                    let tsq = if phrase {
                        "phraseto_tsquery('simple', unaccent($1))"
                    } else {
                        "plainto_tsquery('simple', unaccent($1))"
                    };
                    let total = run_sql(
                        &pg,
                        &format!("SELECT count(*) AS n FROM docs WHERE tsv @@ {tsq}{filter}"),
                        values.clone(),
                    )
                    .await?;
                    run_sql(
                        &pg,
                        &format!(
                            "SELECT id FROM docs WHERE tsv @@ {tsq}{filter} \
                             ORDER BY ts_rank(tsv, {tsq}) DESC LIMIT 10"
                        ),
                        values,
                    )
                    .await?;
                    Ok(total.first().and_then(|r| r.try_get::<i64>("", "n").ok()).unwrap_or(0) as usize)
                }
            })
            .await?;
            anyhow::Ok((build, all))
        }
        .await;
        pg.close().await.ok();
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
            .await
            .ok();
        pg_figures = Some(result?);
    }

    println!();
    println!("| engine | queries | p50 ms | p99 ms |");
    println!("| --- | --- | ---: | ---: |");
    for (engine, kind, f) in &rows {
        println!("| {engine} | {kind} | {} | {} |", ms(f.p50), ms(f.p99));
    }
    println!();
    println!(
        "| engine | index 100% of the corpus | all queries p50 ms | all queries p99 ms | p50 ÷ tantivy |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    let line = |engine: &str, build: Duration, f: &Figures| {
        println!(
            "| {engine} | {:.1} s | {} | {} | {:.1}× |",
            build.as_secs_f64(),
            ms(f.p50),
            ms(f.p99),
            f.p50.as_secs_f64() / tantivy_all.p50.as_secs_f64()
        )
    };
    line("tantivy", tantivy_build, &tantivy_all);
    line("SQLite FTS5", fts5_build, &fts5_all);
    if let Some((build, all)) = &pg_figures {
        line("PostgreSQL FTS", *build, all);
    }
    Ok(())
}

/// Runs every query of the mix `rounds` times (after one warm-up round), records figures per kind
/// of query, prints how many entries each query found, and returns the figures over all queries.
async fn measure<F, Fut>(
    engine: &str,
    o: &Options,
    rows: &mut Vec<(String, String, Figures)>,
    search: F,
) -> anyhow::Result<Figures>
where
    F: Fn(&'static str) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<usize>>,
{
    let mut found = Vec::new();
    for (_, q) in QUERIES {
        found.push(search(q).await?);
    }
    println!(
        "  {engine}: hits per query: {}",
        QUERIES
            .iter()
            .zip(&found)
            .map(|((_, q), n)| format!("{q} → {n}"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let mut by_kind: Vec<(&str, Vec<Duration>)> = Vec::new();
    let mut all = Vec::new();
    for _ in 0..o.rounds {
        for (kind, q) in QUERIES {
            let t = Instant::now();
            search(q).await?;
            let d = t.elapsed();
            all.push(d);
            match by_kind.iter_mut().find(|(k, _)| k == kind) {
                Some((_, v)) => v.push(d),
                None => by_kind.push((kind, vec![d])),
            }
        }
    }
    for (kind, samples) in by_kind {
        rows.push((engine.to_string(), kind.to_string(), figures(samples)));
    }
    Ok(figures(all))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_corpus_is_written_as_a_valid_import_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("corpus.jsonl");
        super::write_import(40, &file).unwrap();
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(
            bytes
                .split(|b| *b == b'\n')
                .filter(|l| !l.is_empty())
                .count(),
            40
        );
        let records = domain::admin::import::validate(&bytes, domain::time::today())
            .unwrap_or_else(|e| panic!("{} errors, first {:?}", e.len(), e.first()));
        assert_eq!(records.len(), 40);
    }
}
