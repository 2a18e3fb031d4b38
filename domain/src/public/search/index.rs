//! Opening the index, searching it, and the single writer of this process.
use super::SearchError;
use super::builder::QueryBuilder;
use super::cache::VersionCache;
use super::directory::FsDirectory;
use super::ranked::Ranked;
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::vocabulary::Vocabulary;
use crate::text::analyzer::{EXACT, FOLDED, PAIRS, PairTokenizer, VietnameseTokenizer};
use crate::text::query::Parsed;
use crate::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::Searcher;
use tantivy::collector::Count;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

const WRITER_HEAP: usize = 50_000_000;
/// Browse answers kept per index version (a page of a query with its facets: a few kilobytes).
const BROWSE_CACHE: usize = 512;
/// "Similar" lists kept per index version (ids only).
const SIMILAR_CACHE: usize = 2048;
/// Public listings kept per index version (one per unit, author, open-data format, …).
const ANSWERS_CACHE: usize = 256;
const VERSION_FILE: &str = "sangkien-schema-version";
/// Names the generation directory in use; replaced atomically (write, fsync, rename) on a swap.
const POINTER: &str = "CURRENT";
/// Held (an OS file lock) by the one process that owns the index for its lifetime.
const OWNER_LOCK: &str = "owner.lock";

/// One page of search hits: ids in rank order, and how many matched in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub total: usize,
    pub ids: Vec<i64>,
}

/// The search index of this process. Cheap to clone.
///
/// On disk, the index directory holds generations (`g<time>/`, each a whole tantivy index) and the
/// `CURRENT` file naming the one in use. A rebuild writes a new generation beside the current one,
/// which keeps answering, then swaps `CURRENT` atomically and removes the old one. A process owns the
/// directory while it has it open (`owner.lock`); another process gets `Error::Conflict` and hands a
/// rebuild over through the database (`search::request_rebuild`).
#[derive(Clone)]
pub struct SearchIndex {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) fields: Fields,
    root: PathBuf,
    current: RwLock<Arc<Generation>>,
    /// Counts the changes made visible to searches (reloads and swaps): what is derived from the
    /// searchable entries may be kept until it moves.
    version: AtomicU64,
    /// Recent answers of this version of the index (`cache::VersionCache`): browse pages, and the
    /// similar entries of a text.
    pub(super) browse_cache: Mutex<VersionCache<super::Browsed>>,
    pub(super) similar_cache: Mutex<VersionCache<Vec<i64>>>,
    /// The words of this version of the index (`SearchIndex::vocabulary`).
    pub(super) vocabulary: Mutex<VersionCache<Arc<Vocabulary>>>,
    /// Whole answers of costly public listings (open data, statistics, unit and author pages),
    /// kept for one version of the index like the others (`SearchIndex::remember`).
    pub(super) answers: Mutex<VersionCache<super::cache::Answer>>,
    /// Keeps the owner lock for as long as the index is open.
    _owner: std::fs::File,
}

/// One whole index: a generation directory.
pub(super) struct Generation {
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    dir: PathBuf,
    /// Whether it holds a commit (built from the database); searches may use it only then.
    ready: AtomicBool,
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
    tokenizers.register(PAIRS, TextAnalyzer::from(PairTokenizer));
}

fn io(what: &'static str, path: &Path, e: std::io::Error) -> Error {
    Error::io(what, path, e)
}

impl Generation {
    fn from_index(index: Index, dir: &Path) -> Result<Generation> {
        register_analyzers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let ready = index.load_metas()?.payload.is_some();
        Ok(Generation {
            index,
            reader,
            writer: Mutex::new(None),
            dir: dir.to_path_buf(),
            ready: AtomicBool::new(ready),
        })
    }

    /// Opens a generation; `None` (logged) when it is of another schema version or unreadable.
    fn open(dir: &Path) -> Option<Generation> {
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
        if version.trim() != SCHEMA_VERSION.to_string() {
            tracing::warn!(dir = %dir.display(), found = version.trim(), expected = SCHEMA_VERSION,
                "search index of another schema version; rebuilding it from the database");
            return None;
        }
        let opened = FsDirectory::open(dir)
            .map_err(|e| io("opening", dir, e))
            .and_then(|d| Ok(Index::open(d)?))
            .and_then(|index| {
                // The schema must be ours too, field for field.
                if index.schema() != schema::build().0 {
                    return Err(SearchError::OtherSchema.into());
                }
                Generation::from_index(index, dir)
            });
        match opened {
            Ok(g) => Some(g),
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e,
                    "search index unreadable; rebuilding it from the database");
                None
            }
        }
    }

    /// Creates an empty generation in a new directory under `root`.
    fn create(root: &Path) -> Result<Generation> {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or_default();
        let mut n = 0;
        let dir = loop {
            let dir = root.join(format!(
                "g{stamp}{}",
                if n == 0 {
                    String::new()
                } else {
                    format!("-{n}")
                }
            ));
            if !dir.exists() {
                break dir;
            }
            n += 1;
        };
        std::fs::create_dir_all(&dir).map_err(|e| io("creating", &dir, e))?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
            .map_err(|e| io("writing in", &dir, e))?;
        let files = FsDirectory::open(&dir).map_err(|e| io("opening", &dir, e))?;
        Generation::from_index(
            Index::create(files, schema::build().0, Default::default())?,
            &dir,
        )
    }

    fn name(&self) -> String {
        self.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Closes the writer (without committing) and deletes the directory. Searches still holding
    /// this generation keep their open files until they finish.
    fn remove(&self) {
        if let Ok(mut w) = self.writer.lock() {
            w.take();
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(dir = %self.dir.display(), error = %e, "could not remove an old search index");
        }
    }
}

/// Points `CURRENT` at a generation: written beside, flushed, renamed over (atomic on one file system).
fn write_pointer(root: &Path, name: &str) -> Result<()> {
    use std::io::Write;
    let tmp = root.join(format!("{POINTER}.tmp"));
    let mut f = std::fs::File::create(&tmp).map_err(|e| io("writing", &tmp, e))?;
    f.write_all(name.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| io("writing", &tmp, e))?;
    std::fs::rename(&tmp, root.join(POINTER)).map_err(|e| io("renaming", &tmp, e))?;
    if let Ok(d) = std::fs::File::open(root) {
        let _ = d.sync_all();
    }
    Ok(())
}

impl SearchIndex {
    /// Opens the index directory `root` (created when missing) and takes ownership of it. The
    /// generation `CURRENT` names is used when it is readable and of this schema version; otherwise an
    /// empty one is started: it has no commit (`is_ready` is false) and the indexer rebuilds it from
    /// the database. Anything else in `root` (generations left by a crash, an index of the older flat
    /// layout) is removed. Fails with `Error::Conflict` when another process owns the directory.
    pub fn open(root: &Path) -> Result<Self> {
        std::fs::create_dir_all(root).map_err(|e| io("creating", root, e))?;
        let lock_path = root.join(OWNER_LOCK);
        let owner = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io("opening", &lock_path, e))?;
        match owner.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Conflict("search index is owned by another process"));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io("locking", &lock_path, e)),
        }
        let pointed = std::fs::read_to_string(root.join(POINTER))
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && !s.contains(['/', '\\']) && s != "..");
        let generation = match pointed
            .as_deref()
            .and_then(|n| Generation::open(&root.join(n)))
        {
            Some(g) => g,
            None => {
                let g = Generation::create(root)?;
                write_pointer(root, &g.name())?;
                g
            }
        };
        let keep = [
            generation.name(),
            POINTER.to_string(),
            OWNER_LOCK.to_string(),
        ];
        if let Ok(entries) = std::fs::read_dir(root) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if keep.contains(&name) {
                    continue;
                }
                let path = entry.path();
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(&path)
                } else {
                    std::fs::remove_file(&path)
                };
                if let Err(e) = removed {
                    tracing::warn!(path = %path.display(), error = %e, "could not remove a stale search index file");
                }
            }
        }
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                fields: schema::build().1,
                root: root.to_path_buf(),
                current: RwLock::new(Arc::new(generation)),
                version: AtomicU64::new(0),
                browse_cache: VersionCache::new(BROWSE_CACHE),
                similar_cache: VersionCache::new(SIMILAR_CACHE),
                vocabulary: VersionCache::new(1),
                answers: VersionCache::new(ANSWERS_CACHE),
                _owner: owner,
            }),
        })
    }

    /// The generation in use now.
    pub(super) fn generation(&self) -> Arc<Generation> {
        match self.inner.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub(super) fn searcher(&self) -> Searcher {
        self.generation().reader.searcher()
    }

    pub(super) fn fields(&self) -> &Fields {
        &self.inner.fields
    }

    /// The query matching a parsed query's text (every document when it has none), and its ranking.
    /// The query of a text (every word required), and its relaxed form (most words) when it has
    /// one, with below how many hits of the first it is used; `with_filtered_query` chooses.
    pub(super) fn text_queries(
        &self,
        searcher: &Searcher,
        parsed: &Parsed,
    ) -> (Ranked, Option<(Ranked, usize)>) {
        let built = QueryBuilder::new(self, searcher).build(parsed);
        (built.query, built.relaxed)
    }

    /// The directory of the generation in use.
    pub fn dir(&self) -> PathBuf {
        self.generation().dir.clone()
    }

    /// Whether the index holds a build from the database. Until it does (a new index, or one being
    /// rebuilt after a schema change or damage), public search answers from the database instead.
    pub fn is_ready(&self) -> bool {
        self.generation().ready.load(Ordering::Acquire)
    }

    /// The id of the last outbox row applied, stored in the last commit's payload; `None` when the
    /// index was never committed (new or wiped: it must be rebuilt).
    pub fn last_applied(&self) -> Result<Option<i64>> {
        let metas = self.generation().index.load_metas()?;
        Ok(metas.payload.and_then(|p| p.trim().parse().ok()))
    }

    /// Runs `f` with the writer of the generation in use, creating it if needed.
    pub(super) fn with_writer<R>(
        &self,
        f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<R>,
    ) -> Result<R> {
        let generation = self.generation();
        Self::write_in(&generation, &self.inner.fields, f)
    }

    fn write_in<R>(
        generation: &Generation,
        fields: &Fields,
        f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<R>,
    ) -> Result<R> {
        let mut guard = generation
            .writer
            .lock()
            .map_err(|_| SearchError::Poisoned("writer"))?;
        let writer = match guard.take() {
            Some(w) => w,
            None => generation.index.writer(WRITER_HEAP)?,
        };
        let writer = guard.insert(writer);
        let out = f(writer, fields);
        if out.is_err() {
            // Drop a writer that failed mid-way; the next call starts clean from the last commit.
            let _ = writer.rollback();
        }
        out
    }

    /// Makes the latest commit visible to searches now.
    pub(super) fn reload(&self) -> Result<()> {
        let generation = self.generation();
        generation.reader.reload()?;
        generation.ready.store(true, Ordering::Release);
        self.inner.version.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    /// Builds a whole new generation with `f` (which commits), then swaps it in: `CURRENT` is
    /// replaced atomically, searches move to it, and the old generation is removed. The old one
    /// answers searches until the swap; on failure it stays and the new directory is removed.
    pub(super) fn build_and_swap(
        &self,
        f: impl FnOnce(&mut IndexWriter, &Fields) -> Result<()>,
    ) -> Result<()> {
        let fresh = Generation::create(&self.inner.root)?;
        let built = Self::write_in(&fresh, &self.inner.fields, |w, fields| {
            f(w, fields)?;
            // A whole build leaves several segments (one per writer thread and memory budget);
            // one segment answers a query with one lookup per term instead of one per segment.
            // The merge keeps the commit's payload.
            let segments = fresh.index.searchable_segment_ids()?;
            if segments.len() > 1 {
                w.merge(&segments).wait()?;
            }
            Ok(())
        })
        .and_then(|_| Ok(fresh.reader.reload()?))
        .and_then(|_| write_pointer(&self.inner.root, &fresh.name()));
        if let Err(e) = built {
            fresh.remove();
            return Err(e);
        }
        fresh.ready.store(true, Ordering::Release);
        let old = {
            let mut current = self
                .inner
                .current
                .write()
                .map_err(|_| SearchError::Poisoned("index"))?;
            std::mem::replace(&mut *current, Arc::new(fresh))
        };
        self.inner.version.fetch_add(1, Ordering::AcqRel);
        old.remove();
        Ok(())
    }

    /// Moves whenever a change becomes searchable (see `Inner::version`).
    pub fn version(&self) -> u64 {
        self.inner.version.load(Ordering::Acquire)
    }

    /// Number of segments searched now (one after a whole build).
    pub fn num_segments(&self) -> usize {
        self.searcher().segment_readers().len()
    }

    /// Number of documents (public initiatives) searchable now.
    pub fn num_docs(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// Searches title, summary and body with the query language of `query::parse` (facet filters
    /// in the text are left to the caller). See `QueryBuilder` for how words match and rank.
    pub fn search(&self, query: &str, offset: usize, limit: usize) -> Result<SearchResult> {
        self.search_parsed(&crate::text::query::parse(query, &[]), offset, limit)
    }

    /// Searches with a parsed query. A query with no text matches every document.
    pub fn search_parsed(
        &self,
        parsed: &crate::text::query::Parsed,
        offset: usize,
        limit: usize,
    ) -> Result<SearchResult> {
        self.search_filtered(parsed, &Default::default(), offset, limit)
    }

    /// Searches with a parsed query within the facet filters: the best `limit` from `offset` and
    /// the number of matches (`browse` also counts the facets, sorts otherwise and keeps answers).
    pub fn search_filtered(
        &self,
        parsed: &crate::text::query::Parsed,
        filter: &super::FacetFilter,
        offset: usize,
        limit: usize,
    ) -> Result<SearchResult> {
        let searcher = self.searcher();
        let offset = offset.min(searcher.num_docs() as usize);
        let ((top, total), _) = self.with_filtered_query(&searcher, parsed, filter, |q| {
            let (top, total) = q.top_and(&searcher, offset, limit, &Count)?;
            Ok(((top, total), total))
        })?;
        Ok(SearchResult {
            total,
            ids: ids_of(&searcher, &top)?,
        })
    }
}

/// The entry ids of hits, in order.
pub(super) fn ids_of(searcher: &Searcher, hits: &[(f32, tantivy::DocAddress)]) -> Result<Vec<i64>> {
    let addresses: Vec<tantivy::DocAddress> = hits.iter().map(|(_, a)| *a).collect();
    ids_at(searcher, &addresses)
}

/// The entry ids of documents, from the `id` column (no stored document is read).
pub(super) fn ids_at(searcher: &Searcher, addresses: &[tantivy::DocAddress]) -> Result<Vec<i64>> {
    let columns = searcher
        .segment_readers()
        .iter()
        .map(|r| r.fast_fields().u64("id"))
        .collect::<tantivy::Result<Vec<_>>>()?;
    Ok(addresses
        .iter()
        .filter_map(|addr| columns[addr.segment_ord as usize].first(addr.doc_id))
        .map(|id| id as i64)
        .collect())
}
