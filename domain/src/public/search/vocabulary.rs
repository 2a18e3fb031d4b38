//! The words of the index (`Vocabulary`), and the corrections read from them: the nearest known
//! words of a mistyped one, and "did you mean".
use super::builder::{CORRECTED_WORDS, MAX_CORRECTED_LETTERS, QueryBuilder};
use super::index::SearchIndex;
use crate::Result;
use crate::text::query::{Part, Word, words};
use crate::text::vietnamese;
use std::sync::Arc;
use tantivy::Searcher;
use tantivy::collector::Count;

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
    pub(super) fn closest_spelling(&self, fold: &str, typed: &str) -> Option<String> {
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
    pub(super) fn nearest(&self, typed: &Word, n: usize) -> Vec<String> {
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
pub(super) fn shared_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
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

impl SearchIndex {
    /// "Did you mean": the query with each word the index does not know replaced by a close known
    /// word (one edit for words under 5 letters, two for longer ones), written with its diacritics.
    /// Candidates are tried closest and most frequent first; the first corrected query that finds
    /// something is offered. `None` when nothing needs or admits correcting.
    pub fn did_you_mean(&self, parsed: &crate::text::query::Parsed) -> Result<Option<String>> {
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
            let candidate = crate::text::query::Parsed {
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
                    crate::text::query::Parsed {
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
    pub(super) fn vocabulary(&self, searcher: &Searcher) -> Result<Arc<Vocabulary>> {
        self.remembered(&self.inner.vocabulary, String::new(), || {
            let f = &self.inner.fields;
            let mut freq: std::collections::HashMap<String, u64> = Default::default();
            for reader in searcher.segment_readers() {
                let inverted = reader.inverted_index(f.text_exact)?;
                let mut stream = inverted
                    .terms()
                    .stream()
                    .map_err(super::SearchError::Terms)?;
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
