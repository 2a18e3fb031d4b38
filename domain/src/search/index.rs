//! Opening the index, searching it, and the single writer of this process.
use super::analyzer::{EXACT, FOLDED, PAIRS, PairTokenizer, VietnameseTokenizer, pair};
use super::cache::VersionCache;
use super::most::MostOf;
use super::query::{Parsed, Part, Word, alternatives_at, words};
use super::ranked::Ranked;
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::vietnamese;
use crate::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::Value;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};
use tantivy::{Searcher, Term};

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

fn io(what: &str, path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Search(format!("{what} {}: {e}", path.display()))
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
        let opened = MmapDirectory::open(dir)
            .map_err(|e| Error::Search(e.to_string()))
            .and_then(|d| Ok(Index::open(d)?))
            .and_then(|index| {
                // The schema must be ours too, field for field.
                if index.schema() != schema::build().0 {
                    return Err(Error::Search("another schema".into()));
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
        let mmap = MmapDirectory::open(&dir).map_err(|e| Error::Search(e.to_string()))?;
        Generation::from_index(
            Index::create(mmap, schema::build().0, Default::default())?,
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
            .map_err(|_| Error::Search("writer lock poisoned".into()))?;
        if guard.is_none() {
            *guard = Some(generation.index.writer(WRITER_HEAP)?);
        }
        let writer = guard.as_mut().ok_or(Error::Search("no writer".into()))?;
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
                .map_err(|_| Error::Search("index lock poisoned".into()))?;
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
        self.search_parsed(&super::query::parse(query, &[]), offset, limit)
    }

    /// Searches with a parsed query. A query with no text matches every document.
    pub fn search_parsed(
        &self,
        parsed: &super::query::Parsed,
        offset: usize,
        limit: usize,
    ) -> Result<SearchResult> {
        self.search_filtered(parsed, &Default::default(), offset, limit)
    }

    /// Searches with a parsed query within the facet filters: the best `limit` from `offset` and
    /// the number of matches (`browse` also counts the facets, sorts otherwise and keeps answers).
    pub fn search_filtered(
        &self,
        parsed: &super::query::Parsed,
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

    /// Highlighted excerpts of the given documents for a query: HTML-escaped text with the matching
    /// words in `<mark>`, cut from the body where it matches, else from the summary. Documents
    /// without a match in either have none.
    pub fn snippets(
        &self,
        parsed: &super::query::Parsed,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, String>> {
        use tantivy::snippet::SnippetGenerator;
        let mut out = std::collections::HashMap::new();
        if ids.is_empty() || parsed.is_text_empty() {
            return Ok(out);
        }
        let f = &self.inner.fields;
        let searcher = self.searcher();
        let mut words = QueryBuilder::new(self, &searcher).build(parsed).highlight;
        words.sort();
        words.dedup();
        // The words to mark, as a query on the folded text: the generator tokenizes the stored text
        // with that field's analyzer and marks the tokens among them.
        let marks = BooleanQuery::new(
            words
                .iter()
                .map(|w| (Occur::Should, term(f.text_folded, w)))
                .collect(),
        );
        let mut generator = SnippetGenerator::create(&searcher, &marks, f.text_folded)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        for id in ids {
            let hit = searcher.search(
                &TermQuery::new(
                    Term::from_field_u64(f.id, *id as u64),
                    IndexRecordOption::Basic,
                ),
                &TopDocs::with_limit(1),
            )?;
            let Some((_, addr)) = hit.first() else {
                continue;
            };
            let doc: TantivyDocument = searcher.doc(*addr)?;
            for field in [f.body, f.summary] {
                let Some(text) = doc.get_first(field).and_then(|v| v.as_str()) else {
                    continue;
                };
                let snippet = generator.snippet(text);
                if !snippet.highlighted().is_empty() {
                    let fragment = snippet.fragment();
                    let (before, after) = cut_marks(text, fragment);
                    out.insert(
                        *id,
                        format!(
                            "{before}{}{after}",
                            marked_html(fragment, snippet.highlighted())
                        ),
                    );
                    break;
                }
            }
        }
        Ok(out)
    }

    /// "Did you mean": the query with each word the index does not know replaced by a close known
    /// word (one edit for words under 5 letters, two for longer ones), written with its diacritics.
    /// Candidates are tried closest and most frequent first; the first corrected query that finds
    /// something is offered. `None` when nothing needs or admits correcting.
    pub fn did_you_mean(&self, parsed: &super::query::Parsed) -> Result<Option<String>> {
        const PER_WORD: usize = 3;
        const TRIES: usize = 12;
        let searcher = self.searcher();
        let b = QueryBuilder::new(self, &searcher);
        let mut vocabulary: Option<Arc<Vocabulary>> = None;
        // As many unknown words as the search corrects (`CORRECTED_WORDS`), no more.
        let mut unknown = 0;
        // Each slot: what it may be, best first (one when the word is known, or a phrase).
        let mut slots: Vec<Vec<Part>> = Vec::new();
        for part in &parsed.parts {
            let Part::Words(text) = part else {
                slots.push(vec![part.clone()]);
                continue;
            };
            let ws = words(text);
            let known: Vec<bool> = ws
                .iter()
                .map(|w| b.known(&w.folded) || b.split(&w.folded).is_some())
                .collect();
            // Words the index knows stay as typed.
            if known.iter().all(|k| *k) {
                slots.push(vec![part.clone()]);
                continue;
            }
            for (w, known) in ws.into_iter().zip(known) {
                if known {
                    slots.push(vec![Part::Words(w.exact)]);
                    continue;
                }
                unknown += 1;
                if unknown > CORRECTED_WORDS || w.folded.len() > MAX_CORRECTED_LETTERS {
                    return Ok(None);
                }
                let vocab = match &mut vocabulary {
                    Some(v) => v,
                    None => vocabulary.insert(self.vocabulary(&searcher)?),
                };
                let found = closest(&w, vocab, PER_WORD);
                if found.is_empty() {
                    return Ok(None);
                }
                slots.push(found.into_iter().map(Part::Words).collect());
            }
        }
        if vocabulary.is_none() {
            return Ok(None);
        }
        // Combinations in order of preference: vary the last slots fastest. Each is tried as a
        // query of its own (the facet filters do not concern the index), and offered as text.
        let mut choice = vec![0usize; slots.len()];
        for _ in 0..TRIES {
            let candidate = super::query::Parsed {
                parts: slots
                    .iter()
                    .zip(&choice)
                    .map(|(s, i)| s[*i].clone())
                    .collect(),
                excluded: parsed.excluded.clone(),
                filters: Vec::new(),
            };
            let query = QueryBuilder::new(self, &searcher).build(&candidate).query;
            if searcher.search(&query, &Count)? > 0 {
                return Ok(Some(
                    super::query::Parsed {
                        filters: parsed.filters.clone(),
                        ..candidate
                    }
                    .to_string(),
                ));
            }
            // Next combination.
            let mut k = slots.len();
            loop {
                if k == 0 {
                    return Ok(None);
                }
                k -= 1;
                if choice[k] + 1 < slots[k].len() {
                    choice[k] += 1;
                    break;
                }
                choice[k] = 0;
            }
        }
        Ok(None)
    }

    /// Every word of the index, kept for this version of the index (corrections and "did you
    /// mean" read it; it is built on the first unknown word after a change).
    fn vocabulary(&self, searcher: &Searcher) -> Result<Arc<Vocabulary>> {
        self.remembered(&self.inner.vocabulary, String::new(), || {
            let f = &self.inner.fields;
            let mut freq: std::collections::HashMap<String, u64> = Default::default();
            for reader in searcher.segment_readers() {
                let inverted = reader.inverted_index(f.text_exact)?;
                let mut stream = inverted
                    .terms()
                    .stream()
                    .map_err(|e| Error::Search(e.to_string()))?;
                while stream.advance() {
                    if let Ok(word) = std::str::from_utf8(stream.key()) {
                        *freq.entry(word.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
            Ok(Arc::new(Vocabulary::new(
                freq.into_iter()
                    .map(|(word, n)| (crate::text::fold(&word), word, n))
                    .collect(),
            )))
        })
    }

    /// Suggestions while a query is typed: the entries whose title holds the words typed so far,
    /// the last one possibly unfinished ("chuyen doi s" finds titles with "chuyển", "đổi" and a word
    /// starting with "s"), diacritics and case ignored. Best title match first, then the newest.
    /// Nothing for a single letter, or when no title word starts so.
    pub fn suggest(&self, typed: &str, limit: usize) -> Result<Vec<i64>> {
        let mut ws = words(typed);
        let unfinished = if typed.ends_with(char::is_whitespace) {
            None
        } else {
            ws.pop()
        };
        let letters = unfinished.as_ref().map_or(0, |w| w.folded.chars().count());
        if ws.is_empty() && letters < SUGGEST_MIN_LETTERS {
            return Ok(vec![]);
        }
        let searcher = self.searcher();
        let f = &self.inner.fields;
        let field = f.title_folded;
        // The finished words in the title, each word or form of the abbreviation list or the
        // thesaurus as one unit its other forms also satisfy (weighted as the search does).
        let mut clauses: Vec<(Occur, BoxQuery)> = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let title_words =
                |form: &[Word]| all(form.iter().map(|w| term(field, &w.folded)).collect());
            match alternatives_at(&ws[i..]) {
                Some((n, alternatives)) => {
                    let mut options = vec![title_words(&ws[i..i + n])];
                    options.extend(
                        alternatives
                            .into_iter()
                            .map(|(form, weight)| boosted(title_words(form), weight)),
                    );
                    clauses.push((Occur::Must, should(options)));
                    i += n;
                }
                None => {
                    clauses.push((Occur::Must, term(field, &ws[i].folded)));
                    i += 1;
                }
            }
        }
        // Words typed side by side rank higher where they stand so (as pairs of the whole text).
        let mut pairs: Vec<String> = ws
            .windows(2)
            .map(|p| pair(&p[0].folded, &p[1].folded))
            .collect();
        if let Some(w) = unfinished {
            let completions = completions(&searcher, field, &w.folded)?;
            if completions.is_empty() {
                return Ok(vec![]);
            }
            if let Some(before) = ws.last() {
                pairs.extend(completions.iter().map(|c| pair(&before.folded, c)));
            }
            // Which completion matched does not rank by itself.
            let any = should(completions.iter().map(|c| term(field, c)).collect());
            clauses.push((
                Occur::Must,
                Box::new(tantivy::query::ConstScoreQuery::new(any, 0.0)),
            ));
        }
        clauses.extend(
            pairs
                .iter()
                .map(|p| (Occur::Should, boosted(term(f.pairs, p), ADJACENT_WEIGHT))),
        );
        let top =
            TopDocs::with_limit(limit.max(1)).tweak_score(|reader: &tantivy::SegmentReader| {
                let decided = reader.fast_fields().i64(schema::DECIDED).ok();
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    (
                        score,
                        decided.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
                    )
                }
            });
        let hits = searcher.search(&BooleanQuery::new(clauses), &top)?;
        let addresses: Vec<tantivy::DocAddress> = hits.into_iter().map(|(_, a)| a).collect();
        ids_at(&searcher, &addresses)
    }

    /// The public entries most like a text (title and summary of an application being written):
    /// "more like this" on the folded text, so spelling with or without marks
    /// does not matter. Informational: the author checks novelty against them.
    pub fn similar(&self, title: &str, summary: &str, limit: usize) -> Result<Vec<i64>> {
        if title.trim().is_empty() && summary.trim().is_empty() {
            return Ok(vec![]);
        }
        let key = format!("{limit}\u{1}{title}\u{1}{summary}");
        self.remembered(&self.inner.similar_cache, key, || {
            self.similar_now(title, summary, limit)
        })
    }

    fn similar_now(&self, title: &str, summary: &str, limit: usize) -> Result<Vec<i64>> {
        use tantivy::query::MoreLikeThisQuery;
        use tantivy::schema::OwnedValue;
        let f = &self.inner.fields;
        // What the thesaurus and the abbreviation list call the same (or a kind of) thing counts
        // as words of the text too: "người già" finds entries on "người cao tuổi".
        let other_forms = super::query::other_forms(&format!("{title}\n{summary}"));
        let q = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_min_word_length(2)
            .with_max_query_terms(30)
            .with_document_fields(vec![(
                f.text_folded,
                vec![
                    OwnedValue::Str(title.to_string()),
                    OwnedValue::Str(summary.to_string()),
                    OwnedValue::Str(other_forms),
                ],
            )]);
        let searcher = self.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(limit.max(1)))?;
        ids_of(&searcher, &top)
    }
}

/// Fewest letters a lone unfinished word needs before it is completed (one letter would complete
/// to half the vocabulary).
const SUGGEST_MIN_LETTERS: usize = 2;
/// How many completions of an unfinished word are looked for: its most frequent.
const SUGGEST_COMPLETIONS: usize = 30;
/// How many words starting with the prefix are read at most to choose them.
const SUGGEST_SCAN: usize = 5_000;

/// The words of a field starting with `prefix`, most frequent first (at most `SUGGEST_COMPLETIONS`).
fn completions(searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<String>> {
    let mut freq: std::collections::HashMap<String, u64> = Default::default();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(|e| Error::Search(e.to_string()))?;
        let mut read = 0;
        while read < SUGGEST_SCAN && stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            read += 1;
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *freq.entry(word.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut words: Vec<(String, u64)> = freq.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(SUGGEST_COMPLETIONS);
    Ok(words.into_iter().map(|(w, _)| w).collect())
}

/// The entry ids of hits, in order.
fn ids_of(searcher: &Searcher, hits: &[(f32, tantivy::DocAddress)]) -> Result<Vec<i64>> {
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

/// Weight of a query word found with its diacritics as typed (over the folded match every hit has).
const EXACT_WEIGHT: f32 = 2.0;
/// Weight of a query word found in the title (over its match anywhere).
const TITLE_WEIGHT: f32 = 1.5;
/// A word one edit away counts this much of a folded match.
const FUZZY_FACTOR: f32 = 0.2;
/// Fewest letters a word needs before a typo in it is forgiven.
const FUZZY_MIN_LETTERS: usize = 5;
/// Typos are looked for only when the word as typed is rare: in fewer than this many entries, or
/// than one in `FUZZY_RARE_SHARE`. A common word's neighbours would only lengthen the tail of a long
/// list (and cost the time of reading every one of them).
const FUZZY_RARE_DOCS: u64 = 20;
const FUZZY_RARE_SHARE: u64 = 100;
/// Extra weight when neighbouring query words stand side by side, in order, in the text.
const ADJACENT_WEIGHT: f32 = 2.0;
/// What having every word (unit) of the query adds to a hit's score in the relaxed query: more than
/// the words' scores can sum to, so such hits come first.
const FULL_MATCH: f32 = 1000.0;
/// Fewest word units for which a query is relaxed, and the most (nobody describes a need in more
/// words). With two, missing one is missing half: they are relaxed only when nothing has both
/// (`relax_below`).
const RELAX_MIN_UNITS: usize = 2;
const RELAX_MAX_UNITS: usize = 16;
/// The relaxed query is used when every word together finds fewer hits than this (a first page).
const RELAX_BELOW: usize = 10;

/// Below how many hits of every word a query of `n` units is relaxed.
fn relax_below(n: usize) -> usize {
    if n <= 2 { 1 } else { RELAX_BELOW }
}
/// How many corrections of a mistyped word are searched, and their weight.
const CORRECTIONS: usize = 2;
const CORRECTION_WEIGHT: f32 = 0.6;
/// Weight of the word Telex or VNI keys decode to.
const DECODED_WEIGHT: f32 = 0.8;
/// At most this many unknown words of a query are corrected from the dictionary, and only words of
/// at most this many letters (a long unknown string is no mistyped syllable).
const CORRECTED_WORDS: usize = 4;
const MAX_CORRECTED_LETTERS: usize = 12;

type BoxQuery = Box<dyn Query>;

/// The clauses joined with one occurrence (a single clause stands alone).
fn joined(occur: Occur, mut clauses: Vec<BoxQuery>) -> BoxQuery {
    if clauses.len() == 1 {
        return clauses.pop().expect("one clause");
    }
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (occur, q)).collect(),
    ))
}

fn should(clauses: Vec<BoxQuery>) -> BoxQuery {
    joined(Occur::Should, clauses)
}

fn all(clauses: Vec<BoxQuery>) -> BoxQuery {
    joined(Occur::Must, clauses)
}

fn boosted(q: BoxQuery, boost: f32) -> BoxQuery {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn term(field: Field, text: &str) -> BoxQuery {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// Every word of the index: each spelling (folded, as written, documents), and each folded word
/// with the documents of all its spellings.
pub(super) struct Vocabulary {
    spellings: Vec<(String, String, u64)>,
    folded: std::collections::HashMap<String, u64>,
}

impl Vocabulary {
    fn new(spellings: Vec<(String, String, u64)>) -> Self {
        let mut folded: std::collections::HashMap<String, u64> = Default::default();
        for (f, _, n) in &spellings {
            *folded.entry(f.clone()).or_default() += n;
        }
        Vocabulary { spellings, folded }
    }

    /// The spellings of a folded word.
    fn spellings_of<'a>(
        &'a self,
        fold: &'a str,
    ) -> impl Iterator<Item = &'a (String, String, u64)> {
        self.spellings.iter().filter(move |(f, ..)| f == fold)
    }

    /// The spelling of a folded word that shares the most leading letters with `typed` (then the
    /// most frequent).
    fn closest_spelling(&self, fold: &str, typed: &str) -> Option<String> {
        self.spellings_of(fold)
            .max_by(|a, b| {
                shared_prefix(&a.1, typed)
                    .cmp(&shared_prefix(&b.1, typed))
                    .then(a.2.cmp(&b.2))
                    .then(b.1.cmp(&a.1))
            })
            .map(|(_, w, _)| w.clone())
    }

    /// The folded words a mistyped word was probably meant to be, best first: by the cost of the
    /// edits (`correct::within`) plus the marks typed that the word's best spelling lacks
    /// (`correct::marks_missing`), then the spelling sharing the most leading letters with the
    /// word as typed, then the most frequent.
    fn nearest(&self, typed: &Word, n: usize) -> Vec<String> {
        let candidates = super::correct::within(
            &typed.folded,
            self.folded.iter().map(|(w, df)| (w.as_str(), *df)),
        );
        let mut ranked: Vec<(u32, usize, u64, &str)> = candidates
            .into_iter()
            .map(|(cost, df, fold)| {
                let spelling = self
                    .closest_spelling(fold, &typed.exact)
                    .unwrap_or_default();
                (
                    cost + super::correct::marks_missing(&typed.exact, &spelling),
                    shared_prefix(&spelling, &typed.exact),
                    df,
                    fold,
                )
            })
            .collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
        let Some(best) = ranked.first().map(|r| r.0) else {
            return Vec::new();
        };
        ranked
            .into_iter()
            .take_while(|r| r.0 == best)
            .take(n)
            .map(|r| r.3.to_string())
            .collect()
    }
}

/// How many leading letters two words share.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// A built query, and the folded words its hits are to be highlighted with.
struct Built {
    /// Every word (or one of its forms) required.
    query: Ranked,
    /// Most words required, ranked by how many (for two words or more), and below how many hits
    /// of every word it is used.
    relaxed: Option<(Ranked, usize)>,
    highlight: Vec<String>,
}

/// Builds the tantivy query of a parsed query.
///
/// - Every word must match, without diacritics (title, summary or body); typing the word with its
///   marks ranks the texts that have them first, and a match in the title weighs more.
/// - A rare word of 5 or more letters also matches words one edit away, weighted far below.
/// - A word the index does not know, typed without spaces ("chuyendoiso"), also matches the
///   syllables it splits into, side by side.
/// - An abbreviation or its long form also matches the other form (`abbreviations.txt`).
/// - Neighbouring words found side by side and in order add weight; quoted phrases must be so.
/// - `-word` excludes texts containing it, with or without diacritics.
///
/// Words side by side are looked up as pairs (one term, see `analyzer::PAIRS`); only a phrase of
/// three or more words reads positions, and only in the texts that have all its pairs.
struct QueryBuilder<'a> {
    index: &'a SearchIndex,
    f: &'a Fields,
    searcher: &'a Searcher,
    highlight: Vec<String>,
    /// How many more unknown words may be looked up in the dictionary for corrections.
    scans_left: usize,
}

impl<'a> QueryBuilder<'a> {
    fn new(index: &'a SearchIndex, searcher: &'a Searcher) -> Self {
        QueryBuilder {
            index,
            f: &index.inner.fields,
            searcher,
            highlight: Vec::new(),
            scans_left: CORRECTED_WORDS,
        }
    }

    fn doc_freq(&self, folded: &str) -> u64 {
        self.searcher
            .doc_freq(&Term::from_field_text(self.f.text_folded, folded))
            .unwrap_or(0)
    }

    /// Whether a folded word occurs anywhere in the index.
    fn known(&self, folded: &str) -> bool {
        self.doc_freq(folded) > 0
    }

    /// The syllables of a word typed without spaces, when the index does not know the word itself.
    fn split(&self, folded: &str) -> Option<Vec<String>> {
        if folded.len() < 4 || !folded.is_ascii() || self.known(folded) {
            return None;
        }
        vietnamese::segment(folded, |s| vietnamese::is_syllable(s) && self.known(s))
    }

    /// Whether some text may have these folded words side by side: the word, or every pair of
    /// neighbours, is in the index.
    fn occurs(&self, folded: &[&str]) -> bool {
        match folded {
            [] => false,
            [one] => self.known(one),
            _ => folded.windows(2).all(|p| {
                let t = Term::from_field_text(self.f.pairs, &pair(p[0], p[1]));
                self.searcher.doc_freq(&t).unwrap_or(0) > 0
            }),
        }
    }

    /// Folded words side by side, in order: one word's term; for more, every neighbouring pair,
    /// and for three or more, when `exact`, also the phrase (pairs can be found apart, and the
    /// phrase adds its score). A form of the thesaurus is not `exact` (`thesaurus_form`): its
    /// pairs found together are taken for the form (the words typed themselves need not even be
    /// side by side), as reading the positions of a common form ("hồ sơ sức khỏe") at every text
    /// that has its pairs cost more than the rest of the query.
    fn sequence(&self, folded: &[&str], exact: bool) -> Option<BoxQuery> {
        match folded {
            [] => None,
            [one] => Some(term(self.f.text_folded, one)),
            _ => {
                let mut clauses: Vec<BoxQuery> = folded
                    .windows(2)
                    .map(|p| term(self.f.pairs, &pair(p[0], p[1])))
                    .collect();
                if exact && folded.len() > 2 {
                    let terms = folded
                        .iter()
                        .map(|w| Term::from_field_text(self.f.text_folded, w))
                        .collect();
                    clauses.push(Box::new(PhraseQuery::new(terms)));
                }
                Some(all(clauses))
            }
        }
    }

    /// The long form of an abbreviation (or the abbreviation of a long form): its words side by
    /// side, as a phrase. None when no text has it (it would add nothing but reading).
    fn long_form(&self, form: &[Word]) -> Option<BoxQuery> {
        let folded: Vec<&str> = form.iter().map(|w| w.folded.as_str()).collect();
        if !self.occurs(&folded) {
            return None;
        }
        self.sequence(&folded, true)
    }

    /// A form of the thesaurus, as written: its words side by side (their pairs, see `sequence`)
    /// and each with its marks. Without them a form can be another common word ("lợn" is "lon",
    /// as "lớn" is; "sổ đỏ" is "so do", as "sơ đồ" is). None when no text has it.
    fn thesaurus_form(&self, form: &[Word]) -> Option<BoxQuery> {
        let folded: Vec<&str> = form.iter().map(|w| w.folded.as_str()).collect();
        if !self.occurs(&folded) {
            return None;
        }
        let mut marked = Vec::new();
        for w in form.iter().filter(|w| w.exact != w.folded) {
            let t = Term::from_field_text(self.f.text_exact, &w.exact);
            if self.searcher.doc_freq(&t).unwrap_or(0) == 0 {
                return None;
            }
            marked.push(term(self.f.text_exact, &w.exact));
        }
        if folded.len() == 1 {
            return marked.pop().or_else(|| self.sequence(&folded, false));
        }
        // The pairs score, as for the words typed; the marks only decide.
        let mut clauses: Vec<BoxQuery> = self.sequence(&folded, false).into_iter().collect();
        clauses.extend(
            marked
                .into_iter()
                .map(|q| Box::new(tantivy::query::ConstScoreQuery::new(q, 0.0)) as BoxQuery),
        );
        Some(all(clauses))
    }

    /// One word: folded, a typo away, or the syllables it runs together. A word of a form of the
    /// lists is not `corrected`: the form is known, and its other forms are what finds it when no
    /// text has the words typed ("gia súc" is no typo of "giấy sử").
    fn word(&mut self, w: &Word, corrected: bool) -> BoxQuery {
        self.highlight.push(w.folded.clone());
        let df = self.doc_freq(&w.folded);
        let mut alts = vec![term(self.f.text_folded, &w.folded)];
        let rare = df < FUZZY_RARE_DOCS.max(self.searcher.num_docs() / FUZZY_RARE_SHARE);
        // A known rare word also matches its neighbours; an unknown one is corrected below.
        if df > 0 && rare && w.folded.chars().count() >= FUZZY_MIN_LETTERS {
            let t = Term::from_field_text(self.f.text_folded, &w.folded);
            alts.push(boosted(
                Box::new(FuzzyTermQuery::new(t, 1, true)),
                FUZZY_FACTOR,
            ));
        }
        if df == 0 && corrected {
            // A mistyped word: what it decodes to as Telex or VNI, else its nearest known words
            // (`correct`), weighted below a word typed right.
            for (field, fix, weight) in self.corrections(w) {
                alts.push(boosted(term(field, &fix), weight));
                self.highlight.push(crate::text::fold(&fix));
            }
        }
        should(alts)
    }

    /// The words of a text as the query reads them: a word the index does not know, typed without
    /// spaces ("hoctructuyenvungcao"), becomes the syllables it splits into, each a word of its own
    /// (so that the thesaurus, the abbreviations and "most words" apply to them; the pairs still
    /// rank them side by side).
    fn query_words(&self, text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        for w in words(text) {
            match self.split(&w.folded) {
                Some(parts) => out.extend(parts.into_iter().map(|p| Word {
                    exact: p.clone(),
                    folded: p,
                })),
                None => out.push(w),
            }
        }
        out
    }

    /// What a word the index does not know was probably meant to be, with the weight each
    /// counts: the Telex/VNI reading of its keys at full weight, else the nearest known words.
    fn corrections(&mut self, typed: &Word) -> Vec<(Field, String, f32)> {
        let folded = typed.folded.as_str();
        if let Some(decoded) = super::correct::decode_typing(folded)
            && self.known(&decoded)
        {
            // Below a word typed right: an English word ("max") decodes too.
            return vec![(self.f.text_folded, decoded, DECODED_WEIGHT)];
        }
        // Looking for the nearest words reads every word: a few words per query.
        if !folded.chars().all(|c| c.is_ascii_lowercase())
            || folded.len() > MAX_CORRECTED_LETTERS
            || self.scans_left == 0
        {
            return Vec::new();
        }
        self.scans_left -= 1;
        let Ok(vocabulary) = self.index.vocabulary(self.searcher) else {
            return Vec::new();
        };
        let marked = typed.exact != typed.folded;
        vocabulary
            .nearest(typed, CORRECTIONS)
            .into_iter()
            .map(|fold| {
                // Typed with marks, the spelling that keeps them is meant ("rừg" → rừng, not
                // "rung"): searched as written when one does.
                let spelling = vocabulary
                    .closest_spelling(&fold, &typed.exact)
                    .filter(|w| {
                        marked
                            && shared_prefix(w, &typed.exact) > shared_prefix(&fold, &typed.folded)
                    });
                match spelling {
                    Some(w) => (self.f.text_exact, w, CORRECTION_WEIGHT),
                    None => (self.f.text_folded, fold, CORRECTION_WEIGHT),
                }
            })
            .collect()
    }

    /// What ranks the hits of some words: each word with its diacritics as typed, each word in the
    /// title, and (when `pairs`) neighbouring words side by side. The spelling typed counts only
    /// where it tells texts apart: not when no text has it, nor when every text with the folded
    /// word also has that spelling (it would lift them all alike).
    fn rank(&self, ws: &[Word], pairs: bool, boosts: &mut Vec<(Term, f32)>) {
        for w in ws {
            let exact_df = || {
                self.searcher
                    .doc_freq(&Term::from_field_text(self.f.text_exact, &w.exact))
                    .unwrap_or(0)
            };
            if w.exact != w.folded && (1..self.doc_freq(&w.folded)).contains(&exact_df()) {
                let t = Term::from_field_text(self.f.text_exact, &w.exact);
                boosts.push((t, EXACT_WEIGHT));
            }
            let t = Term::from_field_text(self.f.title_folded, &w.folded);
            boosts.push((t, TITLE_WEIGHT));
        }
        if pairs {
            for p in ws.windows(2) {
                let t = Term::from_field_text(self.f.pairs, &pair(&p[0].folded, &p[1].folded));
                boosts.push((t, ADJACENT_WEIGHT));
            }
        }
    }

    /// The units of a run of bare words, one clause each (a form of the abbreviation list or the
    /// thesaurus counts as one unit that its other forms also satisfy, weighted as they are
    /// listed), and what ranks them.
    fn run(&mut self, ws: &[Word], units: &mut Vec<Unit>, boosts: &mut Vec<(Term, f32)>) {
        let mut i = 0;
        while i < ws.len() {
            if let Some((n, alternatives)) = alternatives_at(&ws[i..]) {
                let own: Vec<BoxQuery> = ws[i..i + n].iter().map(|w| self.word(w, false)).collect();
                let mut options = vec![all(own)];
                for (form, weight) in alternatives {
                    // An abbreviation weighs as the words typed (`query::links`).
                    let q = if weight >= 1.0 {
                        self.long_form(form)
                    } else {
                        self.thesaurus_form(form)
                    };
                    if let Some(q) = q {
                        self.highlight.extend(form.iter().map(|w| w.folded.clone()));
                        options.push(boosted(q, weight));
                    }
                }
                units.push(Unit {
                    query: should(options),
                });
                i += n;
            } else {
                units.push(Unit {
                    query: self.word(&ws[i], true),
                });
                i += 1;
            }
        }
        self.rank(ws, true, boosts);
    }

    fn build(mut self, parsed: &Parsed) -> Built {
        let mut units: Vec<Unit> = Vec::new();
        let mut phrases: Vec<BoxQuery> = Vec::new();
        let mut boosts: Vec<(Term, f32)> = Vec::new();
        let mut run: Vec<Word> = Vec::new();
        for part in &parsed.parts {
            match part {
                Part::Words(text) => run.extend(self.query_words(text)),
                Part::Phrase(text) => {
                    self.run(&std::mem::take(&mut run), &mut units, &mut boosts);
                    let ws = words(text);
                    let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
                    phrases.extend(self.sequence(&folded, true));
                    self.highlight.extend(folded.iter().map(|w| w.to_string()));
                    self.rank(&ws, false, &mut boosts);
                }
            }
        }
        self.run(&run, &mut units, &mut boosts);
        let excluded: Vec<BoxQuery> = parsed
            .excluded
            .iter()
            .filter_map(|ex| {
                let ws = words(ex);
                let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
                self.sequence(&folded, true)
            })
            .collect();
        // Most words, not all: a long query finds what misses a few of its words. The entries with
        // every word come first (`FULL_MATCH` on top of their score), then the others by their
        // words' scores; `MostOf` reads the common words only where a rarer one matched. Phrases
        // and exclusions stay strict.
        let relaxed = (RELAX_MIN_UNITS..=RELAX_MAX_UNITS)
            .contains(&units.len())
            .then(|| {
                let n = units.len();
                let most = MostOf::new(
                    units.iter().map(|u| u.query.box_clone()).collect(),
                    required_units(n),
                    FULL_MATCH,
                );
                let mut clauses: Vec<(Occur, BoxQuery)> = vec![(Occur::Must, Box::new(most))];
                clauses.extend(phrases.iter().map(|q| (Occur::Must, q.box_clone())));
                clauses.extend(excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
                (
                    Ranked::new(Box::new(BooleanQuery::new(clauses)), boosts.clone()),
                    relax_below(n),
                )
            });
        let mut clauses: Vec<(Occur, BoxQuery)> = Vec::new();
        if units.is_empty() && phrases.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(
            units
                .into_iter()
                .map(|u| u.query)
                .chain(phrases)
                .map(|q| (Occur::Must, q)),
        );
        clauses.extend(excluded.into_iter().map(|q| (Occur::MustNot, q)));
        Built {
            query: Ranked::new(Box::new(BooleanQuery::new(clauses)), boosts),
            relaxed,
            highlight: self.highlight,
        }
    }
}

/// How many of a query's `n` word units a hit of the relaxed query must have: all but two fifths,
/// and at least one fewer than all (1 of 2, 2 of 3, 3 of 4, 3 of 5, 4 of 6, 5 of 8). Chosen on the
/// benchmark's tuning queries: all but a third found less, all but half let in entries sharing
/// only common syllables ("số hóa" for "sổ tay hòa giải"). A form of the thesaurus counts as one
/// unit, whatever its words: counted in words, the tuning queries scored lower (recall@10 0.863
/// instead of 0.878).
fn required_units(n: usize) -> usize {
    (n - (2 * n / 5).max(1)).max(1)
}

/// One unit of a query: a word, or a form of the thesaurus or the abbreviation list with its
/// other forms.
struct Unit {
    query: BoxQuery,
}

/// Longest highlighted excerpt, in characters.
const SNIPPET_CHARS: usize = 220;

/// What a snippet cut from `text` shows around `fragment`: "… " before it when it begins inside a
/// sentence, " …" after it when it stops inside one. The fragment begins and ends on words.
fn cut_marks(text: &str, fragment: &str) -> (&'static str, &'static str) {
    let Some(at) = text.find(fragment) else {
        return ("", "");
    };
    let ends_sentence = |s: &str| {
        s.trim_end()
            .chars()
            .last()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '…'))
            || s.ends_with('\n')
    };
    let before = if ends_sentence(&text[..at]) {
        ""
    } else {
        "… "
    };
    let rest = &text[at + fragment.len()..];
    let after = if rest.trim().is_empty() || ends_sentence(fragment) {
        ""
    } else {
        " …"
    };
    (before, after)
}

/// A text fragment as HTML: escaped, with the highlighted byte ranges in `<mark>`.
fn marked_html(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> String {
    use crate::text::escape_markup as escape;
    let mut out = String::with_capacity(fragment.len() + 32);
    let mut at = 0;
    for r in highlighted {
        if r.start < at || r.end > fragment.len() {
            continue;
        }
        escape(&fragment[at..r.start], &mut out);
        out.push_str("<mark>");
        escape(&fragment[r.start..r.end], &mut out);
        out.push_str("</mark>");
        at = r.end;
    }
    escape(&fragment[at..], &mut out);
    out
}

/// Up to `n` known words a mistyped folded word was probably meant to be, with their diacritics:
/// its Telex/VNI reading if the index has it, else the nearest words (`Vocabulary::nearest`); each
/// as its most frequent spellings.
fn closest(typed: &Word, vocabulary: &Vocabulary, n: usize) -> Vec<String> {
    let folded = typed.folded.as_str();
    // The tone typed, if any, picks among the spellings of a correction ("tịcg" → "tịch", not
    // the more frequent "tích").
    let tone = vietnamese::tone_of(&typed.exact);
    let targets = match super::correct::decode_typing(folded) {
        Some(d) if vocabulary.folded.contains_key(d.as_str()) => vec![d],
        _ => vocabulary.nearest(typed, n),
    };
    let mut out = Vec::new();
    for t in targets {
        let mut spellings: Vec<&(String, String, u64)> = vocabulary
            .spellings
            .iter()
            .filter(|(f, ..)| *f == t)
            .collect();
        spellings.sort_by(|a, b| {
            let same = |w: &str| tone.is_some() && vietnamese::tone_of(w) == tone;
            same(&b.1)
                .cmp(&same(&a.1))
                .then(b.2.cmp(&a.2))
                .then(a.1.cmp(&b.1))
        });
        out.extend(spellings.into_iter().take(n).map(|(_, w, _)| w.clone()));
    }
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_html_escapes_and_marks() {
        assert_eq!(
            marked_html("a <b> số & c", &[(6..10)]),
            "a &lt;b&gt; <mark>số</mark> &amp; c"
        );
    }

    #[test]
    fn a_snippet_cut_inside_a_sentence_says_so() {
        let text = "Đầu câu. Giữa câu có từ cần tìm ở đây rồi hết câu. Câu sau.";
        assert_eq!(cut_marks(text, "Đầu câu."), ("", ""));
        assert_eq!(cut_marks(text, "có từ cần tìm"), ("… ", " …"));
        assert_eq!(cut_marks(text, "Giữa câu có từ"), ("", " …"));
        assert_eq!(cut_marks(text, "rồi hết câu."), ("… ", ""));
        assert_eq!(cut_marks(text, "Câu sau."), ("", ""));
        assert_eq!(cut_marks("Đoạn một\nĐoạn hai dài", "Đoạn hai"), ("", " …"));
    }

    #[test]
    fn the_closest_known_word_wins_then_the_most_frequent() {
        let vocab = vec![
            ("nghiep".to_string(), "nghiệp".to_string(), 3u64),
            ("nghiem".to_string(), "nghiệm".to_string(), 9),
            ("so".to_string(), "số".to_string(), 5),
        ];
        let vocab = Vocabulary::new(vocab);
        assert_eq!(closest(&words("ngiep")[0], &vocab, 1), ["nghiệp"]);
        assert_eq!(
            closest(&words("nghiex")[0], &vocab, 3),
            ["nghiệm", "nghiệp"]
        );
        assert_eq!(closest(&words("xo")[0], &vocab, 3), ["số"]);
        assert!(closest(&words("qwerty")[0], &vocab, 3).is_empty());
    }
}
