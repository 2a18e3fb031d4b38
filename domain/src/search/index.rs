//! Opening the index, searching it, and the single writer of this process.
use super::analyzer::{EXACT, FOLDED, VietnameseTokenizer};
use super::query::{Parsed, Part, Word, abbreviation_at, words};
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::vietnamese;
use crate::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

    fn searcher(&self) -> Searcher {
        self.generation().reader.searcher()
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
        let built = Self::write_in(&fresh, &self.inner.fields, f)
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
        old.remove();
        Ok(())
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
        let searcher = self.searcher();
        let q = QueryBuilder {
            f: &self.inner.fields,
            searcher: &searcher,
        }
        .build(parsed);
        let (top, total) = searcher.search(
            &q,
            &(TopDocs::with_limit(limit.max(1)).and_offset(offset), Count),
        )?;
        let mut ids = Vec::with_capacity(top.len());
        for (_score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(self.inner.fields.id).and_then(|v| v.as_u64()) {
                ids.push(id as i64);
            }
        }
        Ok(SearchResult { total, ids })
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
        let q = QueryBuilder {
            f,
            searcher: &searcher,
        }
        .build(parsed);
        let mut generators = Vec::new();
        for field in [f.body_folded, f.summary_folded] {
            let mut g = SnippetGenerator::create(&searcher, &*q, field)?;
            g.set_max_num_chars(SNIPPET_CHARS);
            generators.push((field, g));
        }
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
            for (field, g) in &generators {
                let Some(text) = doc.get_first(*field).and_then(|v| v.as_str()) else {
                    continue;
                };
                let snippet = g.snippet(text);
                if !snippet.highlighted().is_empty() {
                    out.insert(*id, marked_html(snippet.fragment(), snippet.highlighted()));
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
        let f = &self.inner.fields;
        let searcher = self.searcher();
        let b = QueryBuilder {
            f,
            searcher: &searcher,
        };
        let mut vocabulary: Option<Vec<(String, String, u64)>> = None;
        // Each slot: what it may be, best first (one when the word is known, or a phrase).
        let mut slots: Vec<Vec<Part>> = Vec::new();
        for part in &parsed.parts {
            match part {
                Part::Phrase(_) => slots.push(vec![part.clone()]),
                Part::Words(text) => {
                    for w in words(text) {
                        if b.known(&w.folded) || b.split(&w.folded).is_some() {
                            slots.push(vec![Part::Words(w.exact)]);
                            continue;
                        }
                        let vocab = match &mut vocabulary {
                            Some(v) => v,
                            None => vocabulary.insert(self.vocabulary(&searcher)?),
                        };
                        let found = closest(&w.folded, vocab, PER_WORD);
                        if found.is_empty() {
                            return Ok(None);
                        }
                        slots.push(found.into_iter().map(Part::Words).collect());
                    }
                }
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
            if searcher.search(&b.build(&candidate), &Count)? > 0 {
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

    /// Every word of the title and summary (with diacritics), folded, with its document frequency.
    fn vocabulary(&self, searcher: &Searcher) -> Result<Vec<(String, String, u64)>> {
        let f = &self.inner.fields;
        let mut freq: std::collections::HashMap<String, u64> = Default::default();
        for reader in searcher.segment_readers() {
            for field in [f.title_exact, f.summary_exact] {
                let inverted = reader.inverted_index(field)?;
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
        }
        Ok(freq
            .into_iter()
            .map(|(word, n)| (crate::text::fold(&word), word, n))
            .collect())
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
        let searcher = self.searcher();
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

/// Weight of a match with diacritics as typed, by field (title, summary, body).
const EXACT_BOOSTS: [f32; 3] = [6.0, 3.0, 1.0];
/// Weight of a match without diacritics, by field.
const FOLDED_BOOSTS: [f32; 3] = [3.0, 1.5, 0.5];
/// A word one edit away counts this much of a folded match.
const FUZZY_FACTOR: f32 = 0.2;
/// Fewest letters a word needs before a typo in it is forgiven.
const FUZZY_MIN_LETTERS: usize = 5;
/// Extra weight when neighbouring query words stand side by side, in order, in the text.
const ADJACENT_BOOST: f32 = 2.0;

type BoxQuery = Box<dyn Query>;

fn should(clauses: Vec<BoxQuery>) -> BoxQuery {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn boosted(q: BoxQuery, boost: f32) -> BoxQuery {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Words in order on one field: a term query for one word, a phrase for more.
fn sequence(field: Field, texts: &[&str]) -> Option<BoxQuery> {
    let terms: Vec<Term> = texts
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            terms.into_iter().next()?,
            IndexRecordOption::WithFreqsAndPositions,
        ))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

/// Builds the tantivy query of a parsed query.
///
/// - Every word must match (in any field), with its diacritics (exact fields, heavier) or without
///   (folded fields); so "chuyen doi so" finds "chuyển đổi số", and typing the marks ranks the
///   texts that have them first.
/// - A word of 5 or more letters also matches words one edit away (folded), weighted far below.
/// - A word the index does not know, typed without spaces ("chuyendoiso"), also matches the
///   syllables it splits into, side by side.
/// - An abbreviation or its long form also matches the other form (`abbreviations.txt`).
/// - Neighbouring words found side by side and in order add weight; quoted phrases must be so.
/// - `-word` excludes texts containing it, with or without diacritics.
struct QueryBuilder<'a> {
    f: &'a Fields,
    searcher: &'a Searcher,
}

impl QueryBuilder<'_> {
    fn exact_fields(&self) -> [(Field, f32); 3] {
        let (f, b) = (self.f, EXACT_BOOSTS);
        [
            (f.title_exact, b[0]),
            (f.summary_exact, b[1]),
            (f.body_exact, b[2]),
        ]
    }

    fn folded_fields(&self) -> [(Field, f32); 3] {
        let (f, b) = (self.f, FOLDED_BOOSTS);
        [
            (f.title_folded, b[0]),
            (f.summary_folded, b[1]),
            (f.body_folded, b[2]),
        ]
    }

    /// The words in order, in any field: with diacritics (heavier) or folded.
    fn in_order(&self, ws: &[Word], boost: f32) -> Option<BoxQuery> {
        let exact: Vec<&str> = ws.iter().map(|w| w.exact.as_str()).collect();
        let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        let mut alts = Vec::new();
        for (field, b) in self.exact_fields() {
            alts.extend(sequence(field, &exact).map(|q| boosted(q, b * boost)));
        }
        for (field, b) in self.folded_fields() {
            alts.extend(sequence(field, &folded).map(|q| boosted(q, b * boost)));
        }
        (!alts.is_empty()).then(|| should(alts))
    }

    /// Folded words in order, in any field (for exclusions and splits).
    fn folded_in_order(&self, folded: &[&str], boost: f32) -> Option<BoxQuery> {
        let alts: Vec<BoxQuery> = self
            .folded_fields()
            .into_iter()
            .filter_map(|(field, b)| sequence(field, folded).map(|q| boosted(q, b * boost)))
            .collect();
        (!alts.is_empty()).then(|| should(alts))
    }

    /// Whether a folded word occurs anywhere in the index.
    fn known(&self, folded: &str) -> bool {
        self.folded_fields().iter().any(|(field, _)| {
            self.searcher
                .doc_freq(&Term::from_field_text(*field, folded))
                .is_ok_and(|n| n > 0)
        })
    }

    /// The syllables of a word typed without spaces, when the index does not know the word itself.
    fn split(&self, folded: &str) -> Option<Vec<String>> {
        if folded.len() < 4 || !folded.is_ascii() || self.known(folded) {
            return None;
        }
        vietnamese::segment(folded, |s| vietnamese::is_syllable(s) && self.known(s))
    }

    /// One word: exact or folded, a typo away, or the syllables it runs together.
    fn word(&self, w: &Word) -> Option<BoxQuery> {
        let mut alts: Vec<BoxQuery> = self
            .in_order(std::slice::from_ref(w), 1.0)
            .into_iter()
            .collect();
        if w.folded.chars().count() >= FUZZY_MIN_LETTERS {
            for (field, b) in self.folded_fields() {
                let term = Term::from_field_text(field, &w.folded);
                alts.push(boosted(
                    Box::new(FuzzyTermQuery::new(term, 1, true)),
                    b * FUZZY_FACTOR,
                ));
            }
        }
        if let Some(parts) = self.split(&w.folded) {
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            alts.extend(self.folded_in_order(&parts, 1.0));
        }
        (!alts.is_empty()).then(|| should(alts))
    }

    /// The clauses every hit must satisfy for a run of bare words (an abbreviation or its long
    /// form counts as one unit that either form satisfies), and the adjacency boosts.
    fn run(&self, ws: &[Word], must: &mut Vec<BoxQuery>, boosts: &mut Vec<BoxQuery>) {
        let mut i = 0;
        while i < ws.len() {
            if let Some((n, other)) = abbreviation_at(&ws[i..]) {
                let own: Vec<BoxQuery> = ws[i..i + n].iter().filter_map(|w| self.word(w)).collect();
                let mut alts: Vec<BoxQuery> = Vec::new();
                if !own.is_empty() {
                    alts.push(Box::new(BooleanQuery::new(
                        own.into_iter().map(|q| (Occur::Must, q)).collect(),
                    )));
                }
                alts.extend(self.in_order(other, 1.0));
                must.push(should(alts));
                i += n;
            } else {
                must.extend(self.word(&ws[i]));
                i += 1;
            }
        }
        for pair in ws.windows(2) {
            boosts.extend(self.in_order(pair, ADJACENT_BOOST));
        }
        if ws.len() > 2 {
            boosts.extend(self.in_order(ws, ADJACENT_BOOST));
        }
    }

    fn build(&self, parsed: &Parsed) -> BoxQuery {
        let mut must: Vec<BoxQuery> = Vec::new();
        let mut boosts: Vec<BoxQuery> = Vec::new();
        let mut run: Vec<Word> = Vec::new();
        for part in &parsed.parts {
            match part {
                Part::Words(text) => run.extend(words(text)),
                Part::Phrase(text) => {
                    self.run(&std::mem::take(&mut run), &mut must, &mut boosts);
                    let ws = words(text);
                    must.extend(self.in_order(&ws, 1.0));
                }
            }
        }
        self.run(&run, &mut must, &mut boosts);
        let mut clauses: Vec<(Occur, BoxQuery)> = Vec::new();
        if must.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        clauses.extend(must.into_iter().map(|q| (Occur::Must, q)));
        clauses.extend(boosts.into_iter().map(|q| (Occur::Should, q)));
        for ex in &parsed.excluded {
            let ws = words(ex);
            let folded: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
            if let Some(q) = self.folded_in_order(&folded, 1.0) {
                clauses.push((Occur::MustNot, q));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Longest highlighted excerpt, in characters.
const SNIPPET_CHARS: usize = 220;

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

/// Edit distance between two strings, in characters (insert, delete, substitute).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Up to `n` known words close to a folded word: fewest edits first (at most 1 under 5 letters,
/// else 2), then the most frequent.
fn closest(folded: &str, vocabulary: &[(String, String, u64)], n: usize) -> Vec<String> {
    let limit = if folded.chars().count() < FUZZY_MIN_LETTERS {
        1
    } else {
        2
    };
    let mut found: Vec<(usize, &String, u64)> = vocabulary
        .iter()
        .filter(|(f, ..)| f.len().abs_diff(folded.len()) <= limit)
        .map(|(f, word, n)| (edit_distance(f, folded), word, *n))
        .filter(|(d, ..)| *d <= limit)
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(b.1)));
    found
        .into_iter()
        .take(n)
        .map(|(_, w, _)| w.clone())
        .collect()
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
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("chuyen", "chuyen"), 0);
        assert_eq!(edit_distance("chuyen", "chuyn"), 1);
        assert_eq!(edit_distance("nghiep", "ngiep"), 1);
        assert_eq!(edit_distance("so", "xa"), 2);
    }

    #[test]
    fn the_closest_known_word_wins_then_the_most_frequent() {
        let vocab = vec![
            ("nghiep".to_string(), "nghiệp".to_string(), 3),
            ("nghiem".to_string(), "nghiệm".to_string(), 9),
            ("so".to_string(), "số".to_string(), 5),
        ];
        assert_eq!(closest("ngiep", &vocab, 1), ["nghiệp"]);
        assert_eq!(closest("nghiex", &vocab, 3), ["nghiệm", "nghiệp"]);
        assert_eq!(closest("xo", &vocab, 3), ["số"]);
        assert!(closest("qwerty", &vocab, 3).is_empty());
    }
}
