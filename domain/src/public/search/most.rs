//! "Most of the words": the hits of at least `required` of a query's clauses (its words, or forms
//! of the thesaurus), scored by the sum of the clauses they have, plus a constant when they have
//! them all.
//!
//! The same hits and scores as tantivy's `BooleanQuery::with_minimum_required_clauses` beside a
//! constant-score intersection of every clause, read for less. tantivy merges every clause's hits
//! in a heap, so a long query reads every posting of its most common syllables ("cho", "người",
//! "ở": most entries have them). Here only the `n − required + 1` rarest clauses, the drivers, are
//! read in full: a hit that has none of them has at most `required − 1` clauses. The others are
//! only looked up (`seek`, which skips whole blocks) at the drivers' candidates, rarest first, and
//! not at all once the candidate cannot reach `required` any more.
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

#[derive(Debug)]
pub(super) struct MostOf {
    clauses: Vec<Box<dyn Query>>,
    required: usize,
    /// Added to the score of a hit that has every clause.
    full: Score,
}

impl MostOf {
    /// `required` is at least 1 and at most the number of clauses.
    pub(super) fn new(clauses: Vec<Box<dyn Query>>, required: usize, full: Score) -> Self {
        let required = required.clamp(1, clauses.len().max(1));
        MostOf {
            clauses,
            required,
            full,
        }
    }
}

impl Clone for MostOf {
    fn clone(&self) -> Self {
        MostOf {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
            required: self.required,
            full: self.full,
        }
    }
}

impl Query for MostOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(MostOfWeight {
            weights,
            required: self.required,
            full: self.full,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for c in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct MostOfWeight {
    weights: Vec<Box<dyn Weight>>,
    required: usize,
    full: Score,
}

impl MostOfWeight {
    fn most_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<MostOfScorer> {
        let mut scorers = self
            .weights
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let n = scorers.len();
        // Rarest first: the drivers, then the others.
        scorers.sort_by_key(|s| s.size_hint());
        let others = scorers.split_off((n + 1).saturating_sub(self.required).min(n));
        let mut scorer = MostOfScorer {
            drivers: scorers,
            others,
            required: self.required,
            n,
            full: self.full * boost,
            doc: TERMINATED,
            score: 0.0,
        };
        scorer.settle();
        Ok(scorer)
    }
}

impl Weight for MostOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.most_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.most_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #{doc} has fewer than {} of the clauses",
                self.required
            )));
        }
        Ok(Explanation::new(
            "sum of the clauses present (plus a constant when all are)",
            scorer.score(),
        ))
    }
}

struct MostOfScorer {
    /// The `n − required + 1` rarest clauses: every hit has at least one.
    drivers: Vec<Box<dyn Scorer>>,
    /// The others, rarest first, looked up at the drivers' candidates.
    others: Vec<Box<dyn Scorer>>,
    required: usize,
    /// How many clauses in all.
    n: usize,
    full: Score,
    doc: DocId,
    score: Score,
}

impl MostOfScorer {
    /// Moves to the first hit at or after the drivers' current documents (none of them consumed).
    fn settle(&mut self) -> DocId {
        loop {
            let candidate = self
                .drivers
                .iter()
                .map(|d| d.doc())
                .min()
                .unwrap_or(TERMINATED);
            if candidate == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            let mut found = 0;
            let mut score = 0.0;
            for d in self.drivers.iter_mut().filter(|d| d.doc() == candidate) {
                found += 1;
                score += d.score();
            }
            let looked_up = self.others.len();
            for (i, o) in self.others.iter_mut().enumerate() {
                if found + (looked_up - i) < self.required {
                    break;
                }
                let at = if o.doc() < candidate {
                    o.seek(candidate)
                } else {
                    o.doc()
                };
                if at == candidate {
                    found += 1;
                    score += o.score();
                }
            }
            if found >= self.required {
                if found == self.n {
                    score += self.full;
                }
                self.doc = candidate;
                self.score = score;
                return candidate;
            }
            for d in self.drivers.iter_mut().filter(|d| d.doc() == candidate) {
                d.advance();
            }
        }
    }
}

impl DocSet for MostOfScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let doc = self.doc;
        for d in self.drivers.iter_mut().filter(|d| d.doc() == doc) {
            d.advance();
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for d in self.drivers.iter_mut().filter(|d| d.doc() < target) {
            d.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // At most the drivers' hits together.
        self.drivers
            .iter()
            .map(|d| d.size_hint())
            .fold(0u32, u32::saturating_add)
    }
}

impl Scorer for MostOfScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    fn term_query(field: tantivy::schema::Field, w: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, w),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Hits, scores and counts are those of tantivy's minimum-should-match query plus a constant
    /// for every clause, for every `required`, over several segments and with deleted documents.
    #[test]
    fn the_same_hits_and_scores_as_minimum_should_match() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Words of very different frequencies: "a" everywhere, "f" rare.
        let words = ["a", "b", "c", "d", "e", "f"];
        for i in 0..4000usize {
            let mut doc = TantivyDocument::default();
            let mut s = String::new();
            for (k, w) in words.iter().enumerate() {
                // Word k in about one document in k² + 1, some repeated.
                if (i * 31 + k * 17 + i / 7) % (k * k + 1) == 0 {
                    for _ in 0..1 + (i + k) % 3 {
                        s.push_str(w);
                        s.push(' ');
                    }
                }
            }
            s.push_str(if i % 97 == 0 { "gone" } else { "z" });
            doc.add_text(text, &s);
            writer.add_document(doc).unwrap();
            if i % 1500 == 1499 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(text, "gone"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let mut full = 0;
        for set in [
            &words[..],
            &words[1..5],
            &words[..3],
            &["a", "e", "missing"][..],
        ] {
            for required in 1..=set.len() {
                let ours = MostOf::new(
                    set.iter().map(|w| term_query(text, w)).collect(),
                    required,
                    1000.0,
                );
                let every = ConstScoreQuery::new(
                    Box::new(BooleanQuery::new(
                        set.iter()
                            .map(|w| (Occur::Must, term_query(text, w)))
                            .collect(),
                    )),
                    1000.0,
                );
                let clauses = set
                    .iter()
                    .map(|w| (Occur::Should, term_query(text, w)))
                    .collect();
                let most: Box<dyn Query> = if required == 1 {
                    Box::new(BooleanQuery::new(clauses))
                } else {
                    Box::new(BooleanQuery::with_minimum_required_clauses(
                        clauses, required,
                    ))
                };
                let theirs =
                    BooleanQuery::new(vec![(Occur::Must, most), (Occur::Should, Box::new(every))]);
                let total = searcher.search(&theirs, &Count).unwrap();
                assert_eq!(
                    searcher.search(&ours, &Count).unwrap(),
                    total,
                    "{set:?} {required}"
                );
                let top = TopDocs::with_limit(4000);
                let a = searcher.search(&ours, &top).unwrap();
                let b = searcher.search(&theirs, &top).unwrap();
                let key = |h: &Vec<(Score, tantivy::DocAddress)>| {
                    let mut v: Vec<_> = h
                        .iter()
                        .map(|(s, d)| (*d, (s * 1000.0).round() as i64))
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(key(&a), key(&b), "{set:?} {required}");
                full += a.iter().filter(|(s, _)| *s > 1000.0).count();
                if required == 2 && set.len() > 3 {
                    assert!(total > 0, "{set:?} {required}");
                }
            }
        }
        // Some hits had every clause.
        assert!(full > 0);
    }

    /// The hits are the documents with `required` of the clauses or more, and `seek` lands on the
    /// first of them at or after the target.
    #[test]
    fn hits_and_seek() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let has = |i: u32| [i % 2 == 0, i % 3 == 0, i % 5 == 0];
        for i in 0..500u32 {
            let mut doc = TantivyDocument::default();
            let [x, y, w] = has(i);
            let s = format!(
                "{} {} {}",
                if x { "x" } else { "-" },
                if y { "y" } else { "-" },
                if w { "w" } else { "-" }
            );
            doc.add_text(text, &s);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        for required in [1, 2, 3] {
            let q = MostOf::new(
                ["x", "y", "w"]
                    .iter()
                    .map(|w| term_query(text, w))
                    .collect(),
                required,
                10.0,
            );
            let weight = q
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            let mut all = Vec::new();
            let mut s = weight.scorer(reader, 1.0).unwrap();
            while s.doc() != TERMINATED {
                all.push(s.doc());
                s.advance();
            }
            let expected: Vec<DocId> = (0..500u32)
                .filter(|i| has(*i).iter().filter(|h| **h).count() >= required)
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(all, expected, "{required}");
            for target in [0u32, 1, 7, 31, 250, 499] {
                let mut s = weight.scorer(reader, 1.0).unwrap();
                let want = expected
                    .iter()
                    .copied()
                    .find(|d| *d >= target)
                    .unwrap_or(TERMINATED);
                assert_eq!(s.seek(target), want, "{required} {target}");
            }
        }
    }
}
