//! Answers derived from the index, kept in memory for one version of it (`SearchIndex::version`
//! moves on every reload and swap, and a cache is emptied then): what many people ask again (the
//! search page without words, a popular query, a solution's similar ones) is answered from memory
//! until the index changes.
use super::index::SearchIndex;
use crate::Result;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// At most `capacity` answers of one index version; the oldest goes first.
pub(super) struct VersionCache<V> {
    version: u64,
    capacity: usize,
    entries: HashMap<String, V>,
    order: VecDeque<String>,
}

impl<V: Clone> VersionCache<V> {
    pub(super) fn new(capacity: usize) -> Mutex<Self> {
        Mutex::new(VersionCache {
            version: 0,
            capacity,
            entries: HashMap::new(),
            order: VecDeque::new(),
        })
    }

    fn get(&mut self, version: u64, key: &str) -> Option<V> {
        if self.version != version {
            self.version = version;
            self.entries.clear();
            self.order.clear();
            return None;
        }
        self.entries.get(key).cloned()
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }

    fn insert(&mut self, version: u64, key: String, value: V) {
        if version != self.version {
            return;
        }
        if self.entries.len() >= self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.entries.remove(&oldest);
        }
        if self.entries.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
    }
}

impl SearchIndex {
    /// Forgets every answer kept: the benchmark times the index's work, not the memory.
    pub fn forget_answers(&self) {
        if let Ok(mut c) = self.inner.browse_cache.lock() {
            c.clear();
        }
        if let Ok(mut c) = self.inner.similar_cache.lock() {
            c.clear();
        }
        if let Ok(mut c) = self.inner.vocabulary.lock() {
            c.clear();
        }
        if let Ok(mut c) = self.inner.answers.lock() {
            c.clear();
        }
    }

    /// The answer kept for `key` in this version of the index, else `compute`'s (then kept).
    pub(super) fn remembered<V: Clone>(
        &self,
        cache: &Mutex<VersionCache<V>>,
        key: String,
        compute: impl FnOnce() -> Result<V>,
    ) -> Result<V> {
        // Read the version first: an answer computed meanwhile on a newer index is dropped with
        // the cache when the version is read next.
        let version = self.version();
        if let Some(found) = cache.lock().ok().and_then(|mut c| c.get(version, &key)) {
            return Ok(found);
        }
        let found = compute()?;
        if let Ok(mut c) = cache.lock() {
            c.insert(version, key, found.clone());
        }
        Ok(found)
    }
}

/// A whole answer of a public listing, of any type (see [`SearchIndex::remember`]).
pub(super) type Answer = std::sync::Arc<dyn std::any::Any + Send + Sync>;

impl SearchIndex {
    /// The answer kept for `key` in this version of the index, else `compute`'s (then kept). For
    /// what anonymous visitors may ask again and again and that is costly to recompute (every
    /// recognised entry read from the database): every public change reaches the index through the
    /// outbox, which moves its version, so a kept answer is never older than the index.
    pub async fn remember<V, F>(&self, key: String, compute: F) -> Result<V>
    where
        V: Clone + Send + Sync + 'static,
        F: std::future::Future<Output = Result<V>>,
    {
        let version = self.version();
        let kept = self
            .inner
            .answers
            .lock()
            .ok()
            .and_then(|mut c| c.get(version, &key))
            .and_then(|a| a.downcast_ref::<V>().cloned());
        if let Some(v) = kept {
            return Ok(v);
        }
        let v = compute.await?;
        if let Ok(mut c) = self.inner.answers.lock() {
            c.insert(version, key, std::sync::Arc::new(v.clone()));
        }
        Ok(v)
    }
}
