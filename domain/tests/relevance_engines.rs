//! The relevance set (see `relevance.rs`) run on two engines a portal could have used instead, each
//! set up the usual way for Vietnamese text, for docs/SEARCH-QUALITY.md:
//! - SQLite FTS5, `unicode61 remove_diacritics 2`, ranked by `bm25` (title 10, summary 5, body 1);
//! - PostgreSQL full-text search, `simple` configuration over `unaccent`, weights A/B/C, ranked by
//!   `ts_rank_cd`, queries through `websearch_to_tsquery` (quotes and `-word` understood).
//!
//! A report, not a check: `cargo test -p domain --test relevance_engines -- --ignored --nocapture`
//! (PostgreSQL when `DATABASE_URL` names a server; it creates and drops its own database).
#[path = "relevance/bench.rs"]
mod bench;

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement, Value};

/// A query in FTS5's syntax: its words and quoted phrases (each quoted, so that nothing typed is
/// read as an operator), all required, `-word` and `-"phrase"` as `NOT`.
fn fts5_query(q: &str) -> String {
    let parsed = domain::text::query::parse(q, &[]);
    let quote = |t: &str| format!("\"{}\"", t.replace('"', ""));
    let mut wanted: Vec<String> = Vec::new();
    for p in &parsed.parts {
        match p {
            domain::text::query::Part::Words(w) => {
                // Punctuation inside a chunk ("KT-XH") is split by the tokenizer as in a phrase.
                wanted.push(quote(w));
            }
            domain::text::query::Part::Phrase(t) => wanted.push(quote(t)),
        }
    }
    let mut out = wanted.join(" ");
    for e in &parsed.excluded {
        out = format!("({out}) NOT {}", quote(e));
    }
    out
}

async fn fts5(set: &bench::Set) -> Vec<bench::Run> {
    let db = Database::connect("sqlite::memory:").await.unwrap();
    db.execute_unprepared(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, summary, body, \
         tokenize = 'unicode61 remove_diacritics 2')",
    )
    .await
    .unwrap();
    load(
        &db,
        DbBackend::Sqlite,
        "INSERT INTO docs (key, title, summary, body) VALUES (?, ?, ?, ?)",
        set,
    )
    .await;
    let sql =
        "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 10.0, 5.0, 1.0) LIMIT 100";
    // A query FTS5 cannot read finds nothing.
    runs(&db, DbBackend::Sqlite, sql, set, fts5_query, true).await
}

/// Writes every entry with one `INSERT` taking key, title, summary and body (as indexed).
async fn load(db: &sea_orm::DatabaseConnection, backend: DbBackend, sql: &str, set: &bench::Set) {
    for e in &set.entries {
        let (title, summary, body) = set.text_of(e);
        db.execute(Statement::from_sql_and_values(
            backend,
            sql,
            [
                e.key.clone().into(),
                title.into(),
                summary.into(),
                body.into(),
            ],
        ))
        .await
        .unwrap();
    }
}

/// Each query's ranked keys from one `SELECT key …` taking the query (as `to_sql` writes it).
async fn runs(
    db: &sea_orm::DatabaseConnection,
    backend: DbBackend,
    sql: &str,
    set: &bench::Set,
    to_sql: fn(&str) -> String,
    unreadable_is_empty: bool,
) -> Vec<bench::Run> {
    let mut out = Vec::new();
    for q in &set.queries {
        let rows = db
            .query_all(Statement::from_sql_and_values(
                backend,
                sql,
                [Value::from(to_sql(&q.query))],
            ))
            .await;
        let rows = if unreadable_is_empty {
            rows.unwrap_or_default()
        } else {
            rows.unwrap()
        };
        out.push(bench::Run {
            ids: rows
                .iter()
                .map(|r| r.try_get_by_index::<String>(0).unwrap())
                .collect(),
        });
    }
    out
}

async fn postgres(set: &bench::Set, url: &str) -> Vec<bench::Run> {
    let admin = Database::connect(url).await.unwrap();
    let name = format!("relevance_{}", std::process::id());
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    let db = Database::connect(format!("{base}/{name}")).await.unwrap();
    db.execute_unprepared(
        "CREATE EXTENSION unaccent;
         CREATE TABLE docs (key text, title text, summary text, body text, doc tsvector);",
    )
    .await
    .unwrap();
    load(
        &db,
        DbBackend::Postgres,
        "INSERT INTO docs (key, title, summary, body, doc) VALUES ($1, $2, $3, $4, \
             setweight(to_tsvector('simple', unaccent($2)), 'A') || \
             setweight(to_tsvector('simple', unaccent($3)), 'B') || \
             setweight(to_tsvector('simple', unaccent($4)), 'C'))",
        set,
    )
    .await;
    let sql = "SELECT key FROM docs, websearch_to_tsquery('simple', unaccent($1)) q \
               WHERE doc @@ q ORDER BY ts_rank_cd(doc, q) DESC, key LIMIT 100";
    let runs = runs(&db, DbBackend::Postgres, sql, set, str::to_string, false).await;
    drop(db);
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    runs
}

#[tokio::test]
#[ignore = "a report for docs/SEARCH-QUALITY.md: run with --ignored --nocapture"]
async fn other_engines_on_the_same_set() {
    let set = bench::Set::load();
    let runs = fts5(&set).await;
    bench::pool(&set, &runs, "fts5");
    println!(
        "{}",
        bench::evaluate(&set, &runs).markdown("SQLite FTS5 (unicode61 remove_diacritics 2, bm25)")
    );
    match std::env::var("DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => {
            let runs = postgres(&set, &url).await;
            bench::pool(&set, &runs, "postgres");
            println!(
                "{}",
                bench::evaluate(&set, &runs)
                    .markdown("PostgreSQL full-text search (simple + unaccent, ts_rank_cd)")
            );
        }
        _ => println!("PostgreSQL: set DATABASE_URL=postgres://… to score it too."),
    }
}
