//! Suggestions: the entries whose titles complete a query being typed, and the entries most like
//! a text being written.
use super::builder::{ADJACENT_WEIGHT, BoxQuery, all, boosted, should, term};
use super::index::{SearchIndex, ids_at, ids_of};
use super::schema;
use crate::Result;
use crate::text::analyzer::pair;
use crate::text::query::{Word, alternatives_at, words};
use tantivy::Searcher;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur};
use tantivy::schema::Field;

impl SearchIndex {
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
        let other_forms = crate::text::query::other_forms(&format!("{title}\n{summary}"));
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
            .map_err(super::SearchError::Terms)?;
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
