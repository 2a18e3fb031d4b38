//! Keeps the index true to the database. Changes write rows to `search_outbox` in their own
//! transaction; this one task applies them in order, commits in batches and stores the last applied
//! outbox id in the commit payload, so a restart resumes exactly where it stopped.
use super::index::SearchIndex;
use crate::Result;
use crate::entities::search_outbox;
use crate::submission::initiatives;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::time::Duration;
use tantivy::Term;

const BATCH: u64 = 500;

/// A document ready for the index (a recognised initiative, its public text only).
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub id: i64,
    pub title: String,
    pub summary: String,
    /// The public text of the long sections: searched, and where snippets are cut from.
    pub body: String,
    /// The entry's record (`record_text`): searched, never shown in a snippet.
    pub record: String,
    pub columns: Columns,
}

/// The filter, facet and sort values of an entry, codes as in the database.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub pillar: String,
    pub sector: String,
    pub solution_type: String,
    pub level: Option<String>,
    /// The unit's code.
    pub unit: String,
    /// The decision's year, else the campaign's.
    pub year: i32,
    pub decided_on: Option<chrono::NaiveDate>,
    pub score: Option<f64>,
    /// The unit's places, old and new (`places::Places::of`).
    pub places: Vec<String>,
}

impl Columns {
    /// The facet values in `schema::FACETS` order.
    fn facet_values(&self) -> [Option<String>; 6] {
        [
            Some(self.pillar.clone()),
            Some(self.sector.clone()),
            Some(self.solution_type.clone()),
            self.level.clone(),
            Some(self.unit.clone()),
            Some(self.year.to_string()),
        ]
    }
}

type Doc = Document;

pub use crate::outbox::{REBUILD_ALL, request_rebuild};

/// Replaces the whole index with `docs`, built in a new directory and swapped in atomically
/// (blocking: call it off the async threads). The database rebuild and the relevance tests on a fixed
/// corpus go through here.
pub fn replace_all(index: &SearchIndex, docs: Vec<Document>, payload: i64) -> Result<()> {
    index.build_and_swap(|w, f| {
        for d in docs {
            w.add_document(document(f, d))?;
        }
        commit(w, payload)
    })
}

fn document(f: &super::schema::Fields, d: Doc) -> tantivy::TantivyDocument {
    let mut doc = tantivy::TantivyDocument::default();
    doc.add_u64(f.id, d.id as u64);
    doc.add_text(f.title_folded, &d.title);
    for text in [&d.title, &d.summary, &d.body, &d.record] {
        if !text.trim().is_empty() {
            for field in [f.text_folded, f.text_exact, f.pairs] {
                doc.add_text(field, text);
            }
        }
    }
    doc.add_text(f.summary, &d.summary);
    doc.add_text(f.body, &d.body);
    let c = &d.columns;
    for (field, value) in f.facets.iter().zip(c.facet_values()) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            doc.add_text(*field, value);
        }
    }
    for place in &c.places {
        doc.add_text(f.place, place);
    }
    doc.add_i64(f.decided, super::facets::decided_key(c.decided_on));
    if let Some(score) = c.score {
        doc.add_f64(f.score, score);
    }
    doc
}

fn commit(w: &mut tantivy::IndexWriter, payload: i64) -> Result<()> {
    let mut prepared = w.prepare_commit()?;
    prepared.set_payload(&payload.to_string());
    prepared.commit()?;
    Ok(())
}

async fn docs_for(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<Doc>> {
    Ok(index_sources(db, ids)
        .await?
        .into_iter()
        .map(|s| Doc {
            id: s.id,
            title: s.title,
            summary: s.summary,
            body: s.public_text,
            record: record_text(
                &s.unit,
                &s.place_names,
                &s.campaign,
                &s.authors,
                s.code.as_deref().unwrap_or_default(),
            ),
            columns: s.columns,
        })
        .collect())
}

/// The searchable record of an entry, beside its public text: its unit and the names of the
/// unit's places before and after 1 July 2025 (so "Thuận Châu" finds the entries of the communes
/// that were in that district), its campaign, authors and code. Snippets never show it (they would
/// run from the text into "Xã Ngọc Chiến Phong Lan…"). The relevance benchmark builds its
/// documents with this too.
pub fn record_text(
    unit: &str,
    place_names: &[String],
    campaign: &str,
    authors: &[String],
    code: &str,
) -> String {
    format!(
        "{unit}\n{}\n{campaign}\n{}\n{code}",
        place_names.join(", "),
        authors.join(", ")
    )
}

fn write_docs(index: &SearchIndex, touched: &[i64], docs: Vec<Doc>, payload: i64) -> Result<()> {
    index.with_writer(|w, f| {
        for id in touched {
            w.delete_term(Term::from_field_u64(f.id, *id as u64));
        }
        for d in docs {
            w.add_document(document(f, d))?;
        }
        commit(w, payload)
    })?;
    index.reload()
}

/// Applied outbox rows are no longer needed. The newest is kept so that ids keep growing on SQLite
/// (which may reuse the highest rowid once it is deleted).
async fn forget_applied(db: &impl ConnectionTrait, upto: i64) -> Result<()> {
    search_outbox::Entity::delete_many()
        .filter(search_outbox::Column::Id.lt(upto))
        .exec(db)
        .await?;
    Ok(())
}

async fn max_outbox_id(db: &impl ConnectionTrait) -> Result<i64> {
    Ok(search_outbox::Entity::find()
        .select_only()
        .column_as(search_outbox::Column::Id.max(), "m")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0))
}

/// Rebuilds the whole index from the database into a new directory and swaps it in; the index in
/// use keeps answering meanwhile.
pub async fn rebuild(db: &impl ConnectionTrait, index: &SearchIndex) -> Result<usize> {
    // Read the outbox position first: changes made while we read are applied again afterwards.
    let upto = max_outbox_id(db).await?;
    let ids = initiatives::all_ids(db).await?;
    let docs = docs_for(db, &ids).await?;
    let n = docs.len();
    let index2 = index.clone();
    tokio::task::spawn_blocking(move || replace_all(&index2, docs, upto)).await??;
    forget_applied(db, upto).await?;
    tracing::info!(documents = n, "search index rebuilt");
    Ok(n)
}

/// Applies the outbox rows after the last applied one. Returns how many rows it applied.
pub async fn apply_pending(db: &impl ConnectionTrait, index: &SearchIndex) -> Result<usize> {
    let Some(last) = index.last_applied()? else {
        rebuild(db, index).await?;
        return Ok(1);
    };
    let rows = search_outbox::Entity::find()
        .filter(search_outbox::Column::Id.gt(last))
        .order_by_asc(search_outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let Some(upto) = rows.last().map(|r| r.id) else {
        return Ok(0);
    };
    if rows.iter().any(|r| r.initiative_id == REBUILD_ALL) {
        rebuild(db, index).await?;
        return Ok(rows.len());
    }
    let mut touched: Vec<i64> = rows.iter().map(|r| r.initiative_id).collect();
    touched.sort_unstable();
    touched.dedup();
    let docs = docs_for(db, &touched).await?;
    let index2 = index.clone();
    let touched2 = touched.clone();
    tokio::task::spawn_blocking(move || write_docs(&index2, &touched2, docs, upto)).await??;
    forget_applied(db, upto).await?;
    Ok(rows.len())
}

/// The indexer task: applies the outbox every 200 ms (sooner when there is more to do). Errors are
/// logged and retried; the database stays the source of truth.
pub async fn run_indexer(db: sea_orm::DatabaseConnection, index: SearchIndex) {
    loop {
        match apply_pending(&db, &index).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "search indexer failed; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
/// What public search may index of one recognised entry: public fields and non-confidential text.
pub struct IndexSource {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub summary: String,
    pub public_text: String,
    pub unit: String,
    pub campaign: String,
    pub authors: Vec<String>,
    /// The names of the unit's places other than the unit itself (`places::Places::of`).
    pub place_names: Vec<String>,
    pub columns: Columns,
}

/// Recognised initiatives by id, redacted for the public, for the indexer.
pub async fn index_sources(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<IndexSource>> {
    let places = crate::catalog::places::load(db).await?;
    Ok(initiatives::public_views(db, ids)
        .await?
        .into_iter()
        .map(|v| IndexSource {
            columns: Columns {
                pillar: v.pillar.code().to_string(),
                sector: v.sector.code().to_string(),
                solution_type: v.solution_type.code().to_string(),
                level: v.level.map(|l| l.code().to_string()),
                unit: v.unit.code.clone(),
                year: initiatives::public_year(v.decided_on, v.campaign.year),
                decided_on: v.decided_on,
                score: v.score,
                places: places.of(v.unit.id).to_vec(),
            },
            id: v.id,
            public_text: v.public_text(),
            code: v.code,
            title: v.title,
            summary: v.summary,
            unit: v.unit.name,
            campaign: v.campaign.name,
            authors: v.authors.into_iter().map(|a| a.name).collect(),
            place_names: places
                .of(v.unit.id)
                .iter()
                .filter(|code| **code != v.unit.code)
                .filter_map(|code| places.unit(code).map(|u| u.name.clone()))
                .collect(),
        })
        .collect())
}
