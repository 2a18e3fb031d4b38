//! Opening the index, searching it, and the single writer of this process.
use super::analyzer::{EXACT, FOLDED, VietnameseTokenizer};
use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::Value;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError};

const WRITER_HEAP: usize = 50_000_000;
const VERSION_FILE: &str = "sangkien-schema-version";

/// One page of search hits: ids in rank order, and how many matched in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub total: usize,
    pub ids: Vec<i64>,
}

/// The search index of this process. Cheap to clone; the writer is created on first use and kept.
#[derive(Clone)]
pub struct SearchIndex {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    pub(super) writer: Mutex<Option<IndexWriter>>,
    dir: PathBuf,
}

fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(
        EXACT,
        TextAnalyzer::from(VietnameseTokenizer { fold: false }),
    );
    tokenizers.register(
        FOLDED,
        TextAnalyzer::from(VietnameseTokenizer { fold: true }),
    );
}

fn wipe(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| Error::Search(format!("removing {}: {e}", dir.display())))?;
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Search(format!("creating {}: {e}", dir.display())))?;
    Ok(())
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when missing. An index written with another schema
    /// version, or one that cannot be opened, is wiped; it has no commit then, and the indexer
    /// rebuilds it from the database.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Search(format!("creating {}: {e}", dir.display())))?;
        let version_path = dir.join(VERSION_FILE);
        let version_ok = std::fs::read_to_string(&version_path)
            .map(|v| v.trim() == SCHEMA_VERSION.to_string())
            .unwrap_or(false);
        if !version_ok {
            wipe(dir)?;
        }
        let (schema, fields) = schema::build();
        let open = |schema| -> Result<Index> {
            let mmap = MmapDirectory::open(dir).map_err(|e| Error::Search(e.to_string()))?;
            Ok(Index::open_or_create(mmap, schema)?)
        };
        let index = match open(schema.clone()) {
            Ok(i) => i,
            Err(e) => {
                tracing::warn!(error = %e, "search index unreadable; rebuilding it from the database");
                wipe(dir)?;
                open(schema)?
            }
        };
        std::fs::write(&version_path, SCHEMA_VERSION.to_string())
            .map_err(|e| Error::Search(e.to_string()))?;
        register_analyzers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                writer: Mutex::new(None),
                dir: dir.to_path_buf(),
            }),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The id of the last outbox row applied, stored in the last commit's payload; `None` when the
    /// index was never committed (new or wiped: it must be rebuilt).
    pub fn last_applied(&self) -> Result<Option<i64>> {
        let metas = self.inner.index.load_metas()?;
        Ok(metas.payload.and_then(|p| p.trim().parse().ok()))
    }

    /// Runs `f` with this process's writer, creating it if needed. Fails when another process owns it.
    pub(super) fn with_writer<R>(
        &self,
        f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<R>,
    ) -> Result<R> {
        let mut guard = self
            .inner
            .writer
            .lock()
            .map_err(|_| Error::Search("writer lock poisoned".into()))?;
        if guard.is_none() {
            let w = self.inner.index.writer(WRITER_HEAP).map_err(|e| match e {
                TantivyError::LockFailure(..) => {
                    Error::Conflict("search index writer is owned by another process")
                }
                other => Error::from(other),
            })?;
            *guard = Some(w);
        }
        let writer = guard.as_mut().ok_or(Error::Search("no writer".into()))?;
        let out = f(writer, &self.inner.fields);
        if out.is_err() {
            // Drop a writer that failed mid-way; the next call starts clean from the last commit.
            let _ = writer.rollback();
        }
        out
    }

    /// Makes the latest commit visible to searches now.
    pub(super) fn reload(&self) -> Result<()> {
        Ok(self.inner.reader.reload()?)
    }

    /// Number of documents (public initiatives) searchable now.
    pub fn num_docs(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Searches title, summary and body. Every word must match somewhere; a word matches with or
    /// without its diacritics, and exact-diacritic matches and title matches rank higher.
    pub fn search(&self, query: &str, offset: usize, limit: usize) -> Result<SearchResult> {
        let f = &self.inner.fields;
        let mut qp = QueryParser::for_index(
            &self.inner.index,
            vec![
                f.title_exact,
                f.title_folded,
                f.summary_exact,
                f.summary_folded,
                f.body_exact,
                f.body_folded,
            ],
        );
        qp.set_conjunction_by_default();
        for (field, boost) in [
            (f.title_exact, 6.0),
            (f.title_folded, 3.0),
            (f.summary_exact, 3.0),
            (f.summary_folded, 1.5),
            (f.body_exact, 1.0),
            (f.body_folded, 0.5),
        ] {
            qp.set_field_boost(field, boost);
        }
        let (q, _ignored) = qp.parse_query_lenient(query);
        let searcher = self.inner.reader.searcher();
        let (top, total) = searcher.search(
            &q,
            &(TopDocs::with_limit(limit.max(1)).and_offset(offset), Count),
        )?;
        let mut ids = Vec::with_capacity(top.len());
        for (_score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_u64()) {
                ids.push(id as i64);
            }
        }
        Ok(SearchResult { total, ids })
    }

    /// The public entries most like a text (title and summary of an application being written):
    /// "more like this" on the folded title and summary fields, so spelling with or without marks
    /// does not matter. Informational: the author checks novelty against them.
    pub fn similar(&self, title: &str, summary: &str, limit: usize) -> Result<Vec<i64>> {
        use tantivy::query::MoreLikeThisQuery;
        use tantivy::schema::OwnedValue;
        let f = &self.inner.fields;
        if title.trim().is_empty() && summary.trim().is_empty() {
            return Ok(vec![]);
        }
        let q = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(30)
            .with_document_fields(vec![
                (f.title_folded, vec![OwnedValue::Str(title.to_string())]),
                (f.summary_folded, vec![OwnedValue::Str(summary.to_string())]),
            ]);
        let searcher = self.inner.reader.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(limit.max(1)))?;
        let mut ids = Vec::with_capacity(top.len());
        for (_score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_u64()) {
                ids.push(id as i64);
            }
        }
        Ok(ids)
    }
}
