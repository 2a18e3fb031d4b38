//! A query whose hits are those of one query, ranked by its score plus the scores of boost terms
//! that occur there; and the search loop that reads it once for the best hits, their number and
//! whatever else is counted over every hit.
//!
//! It ranks as tantivy's `BooleanQuery` of a `Must` clause and `Should` boosts would, and reads
//! less. There, the boosts are one union read in full, every posting of every boost scored, even
//! where the required clause does not match. Here a boost is looked up only at a hit, and only
//! while the hit could still enter the best ones: each boost term has a highest possible score
//! (BM25 saturates), so once the hit's score so far plus what the boosts left could add cannot beat
//! the lowest of the best hits kept, its remaining boosts are not read ("max-score" pruning). The
//! boosts are tried largest first. A search word's boosts (the spelling typed, the title, the
//! neighbouring word) are as broad as the word, often broader than the hits of all the words
//! together. Measured on the benchmark's corpus: "sổ sức khỏe điện tử" has 11 boost terms and
//! 46,607 hits, and a hit reads 3.5 of them on average.
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

/// Hits best first, with their scores.
pub(super) type Hits = Vec<(Score, DocAddress)>;

#[derive(Debug)]
pub(super) struct Ranked {
    required: Box<dyn Query>,
    /// Terms that add their BM25 score, times the factor, where they occur.
    boosts: Vec<(Term, Score)>,
}

impl Ranked {
    pub(super) fn new(required: Box<dyn Query>, boosts: Vec<(Term, Score)>) -> Self {
        Ranked { required, boosts }
    }

    /// The same ranking over the hits that also match `filter`.
    pub(super) fn and(self, filter: Box<dyn Query>) -> Self {
        use tantivy::query::{BooleanQuery, Occur};
        Ranked {
            required: Box::new(BooleanQuery::new(vec![
                (Occur::Must, self.required),
                (Occur::Must, filter),
            ])),
            boosts: self.boosts,
        }
    }

    fn ranked_weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<RankedWeight> {
        let EnableScoring::Enabled {
            statistics_provider: stats,
            ..
        } = scoring
        else {
            return Err(tantivy::TantivyError::InvalidArgument(
                "a ranking needs scores".into(),
            ));
        };
        let mut boosts = Vec::with_capacity(self.boosts.len());
        for (term, factor) in &self.boosts {
            if stats.doc_freq(term)? == 0 {
                // Not in the index: it adds nothing.
                continue;
            }
            let bm25 = Bm25Weight::for_terms(stats, std::slice::from_ref(term))?.boost_by(*factor);
            // What the boost can add at most: BM25 with an unbounded term frequency. A little
            // more, so that rounding never prunes a hit that would have entered.
            let bound = bm25.max_score() * 1.001;
            boosts.push(Boost {
                term: term.clone(),
                bm25,
                bound,
            });
        }
        // Largest first: a hit that cannot use them is given up soonest.
        boosts.sort_by(|a, b| b.bound.total_cmp(&a.bound));
        Ok(RankedWeight {
            required: self.required.weight(scoring)?,
            boosts,
        })
    }

    /// The `limit` best hits after the first `offset`, best first (equal scores in index order),
    /// with `each` collecting over every hit (its count, facets). One read of the hits.
    pub(super) fn top_and<C: Collector>(
        &self,
        searcher: &Searcher,
        offset: usize,
        limit: usize,
        each: &C,
    ) -> tantivy::Result<(Hits, C::Fruit)> {
        let weight = self.ranked_weight(EnableScoring::enabled_from_searcher(searcher))?;
        let wanted = offset + limit;
        let mut best = Best::new(wanted);
        let mut fruits = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let ord = ord as u32;
            let mut child = each.for_segment(ord, reader)?;
            let mut scorer = weight.ranked_scorer(reader, 1.0)?;
            let alive = reader.alive_bitset();
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    child.collect(doc, 0.0);
                    if wanted > 0
                        && let Some(score) = scorer.score_above(best.threshold())
                    {
                        best.push(score, DocAddress::new(ord, doc));
                    }
                }
                doc = scorer.advance();
            }
            fruits.push(child.harvest());
        }
        let mut hits = best.into_sorted();
        hits.drain(..offset.min(hits.len()));
        Ok((hits, each.merge_fruits(fruits)?))
    }
}

impl Clone for Ranked {
    fn clone(&self) -> Self {
        Ranked {
            required: self.required.box_clone(),
            boosts: self.boosts.clone(),
        }
    }
}

impl Query for Ranked {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // Without scores, the boosts change nothing.
        if !scoring.is_scoring_enabled() || self.boosts.is_empty() {
            return self.required.weight(scoring);
        }
        Ok(Box::new(self.ranked_weight(scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.required.query_terms(visitor);
        for (term, _) in &self.boosts {
            visitor(term, false);
        }
    }
}

struct Boost {
    term: Term,
    bm25: Bm25Weight,
    /// The most it can add to a hit's score.
    bound: Score,
}

/// A boost term's postings in one segment, read forward only, scored as tantivy's `TermScorer`.
struct BoostPostings {
    postings: SegmentPostings,
    norms: FieldNormReader,
    bm25: Bm25Weight,
}

impl BoostPostings {
    /// Its score at `doc`, when it occurs there (`doc` never before the last one asked).
    #[inline]
    fn at(&mut self, doc: DocId) -> Option<Score> {
        if self.postings.doc() < doc {
            self.postings.seek(doc);
        }
        (self.postings.doc() == doc).then(|| {
            self.bm25
                .score(self.norms.fieldnorm_id(doc), self.postings.term_freq())
        })
    }
}

struct RankedWeight {
    required: Box<dyn Weight>,
    boosts: Vec<Boost>,
}

impl RankedWeight {
    fn ranked_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<RankedScorer> {
        let mut boosts = Vec::with_capacity(self.boosts.len());
        let mut bounds = Vec::with_capacity(self.boosts.len());
        for b in &self.boosts {
            let field = b.term.field();
            let postings = reader
                .inverted_index(field)?
                .read_postings(&b.term, IndexRecordOption::WithFreqs)?;
            // Absent from this segment: nothing to read, nothing to add.
            if let Some(postings) = postings {
                boosts.push(BoostPostings {
                    postings,
                    norms: reader.get_fieldnorms_reader(field)?,
                    bm25: b.bm25.boost_by(boost),
                });
                bounds.push(b.bound * boost);
            }
        }
        Ok(RankedScorer {
            required: self.required.scorer(reader, boost)?,
            total: bounds.iter().sum(),
            boosts,
            bounds,
        })
    }
}

impl Weight for RankedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.ranked_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut details = vec![self.required.explain(reader, doc)?];
        let mut scorer = self.ranked_scorer(reader, 1.0)?;
        for b in &mut scorer.boosts {
            if let Some(score) = b.at(doc) {
                details.push(Explanation::new("boost term", score));
            }
        }
        let score = details.iter().map(Explanation::value).sum();
        let mut out = Explanation::new("required, plus the boosts that occur", score);
        for d in details {
            out.add_detail(d);
        }
        Ok(out)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.required.count(reader)
    }

    fn for_each_pruning(
        &self,
        mut threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut scorer = self.ranked_scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if let Some(score) = scorer.score_above(threshold) {
                threshold = callback(doc, score);
            }
            doc = scorer.advance();
        }
        Ok(())
    }
}

struct RankedScorer {
    required: Box<dyn Scorer>,
    /// Largest bound first.
    boosts: Vec<BoostPostings>,
    bounds: Vec<Score>,
    total: Score,
}

impl RankedScorer {
    /// The hit's score when it is above `threshold`. Stops reading boosts as soon as the score so
    /// far plus the bounds of the boosts not yet read cannot pass it.
    fn score_above(&mut self, threshold: Score) -> Option<Score> {
        let doc = self.required.doc();
        let mut score = self.required.score();
        let mut rest = self.total;
        for (b, bound) in self.boosts.iter_mut().zip(&self.bounds) {
            if score + rest <= threshold {
                return None;
            }
            rest -= bound;
            // Boosts only move forward: the hits come in order.
            if let Some(s) = b.at(doc) {
                score += s;
            }
        }
        (score > threshold).then_some(score)
    }
}

impl DocSet for RankedScorer {
    fn advance(&mut self) -> DocId {
        self.required.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.required.seek(target)
    }

    fn doc(&self) -> DocId {
        self.required.doc()
    }

    fn size_hint(&self) -> u32 {
        self.required.size_hint()
    }
}

impl Scorer for RankedScorer {
    fn score(&mut self) -> Score {
        self.score_above(Score::MIN).unwrap_or(Score::MIN)
    }
}

/// The best hits so far: a heap of at most `n`, the worst on top.
struct Best {
    n: usize,
    heap: BinaryHeap<Hit>,
}

/// A hit ordered worst first: lower score, then later in the index.
#[derive(PartialEq)]
struct Hit(Score, DocAddress);

impl Eq for Hit {}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> Ordering {
        // The heap's greatest is the worst hit.
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Best {
    fn new(n: usize) -> Self {
        Best {
            n,
            heap: BinaryHeap::with_capacity(n + 1),
        }
    }

    /// What a hit must pass to enter: the worst kept score once `n` are kept. A hit equal to it
    /// comes later in the index, so it would rank below and not enter.
    fn threshold(&self) -> Score {
        match self.heap.peek() {
            Some(worst) if self.heap.len() >= self.n => worst.0,
            _ => Score::MIN,
        }
    }

    fn push(&mut self, score: Score, at: DocAddress) {
        self.heap.push(Hit(score, at));
        if self.heap.len() > self.n {
            self.heap.pop();
        }
    }

    /// Best first.
    fn into_sorted(self) -> Hits {
        // Ascending in `Hit` order is best first.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Hit(s, a)| (s, a))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::schema::{STRING, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    /// An index of several segments, and texts repeated so that many hits tie.
    fn index() -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let tag = b.add_text_field("tag", STRING);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = [
            "so",
            "ho so",
            "so hoa",
            "chuyen doi so",
            "ban do",
            "so so so hoa",
            "ho so so hoa dien tu",
        ];
        for i in 0..3000 {
            let mut doc = TantivyDocument::default();
            doc.add_text(text, words[(i * 7 + i / 13) % words.len()]);
            doc.add_text(tag, if i % 11 == 0 { "a" } else { "b" });
            writer.add_document(doc).unwrap();
            if i % 1000 == 999 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        (index, text, tag)
    }

    /// The best hits, their scores and their count are those of a `BooleanQuery` of a `Must`
    /// clause and boosted `Should` terms, at any page, although most boosts are never read.
    #[test]
    fn ranks_like_a_boolean_query_of_must_and_should() {
        let (index, text, tag) = index();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let term = |f, t: &str| Term::from_field_text(f, t);
        let required = || -> Box<dyn Query> {
            Box::new(TermQuery::new(
                term(text, "so"),
                IndexRecordOption::WithFreqs,
            ))
        };
        let boosts = vec![
            (term(tag, "a"), 3.0),
            (term(text, "hoa"), 1.0),
            (term(text, "ho"), 0.5),
            (term(text, "nowhere"), 2.0),
        ];
        let ranked = Ranked::new(required(), boosts.clone());
        let mut clauses = vec![(Occur::Must, required())];
        for (t, factor) in &boosts {
            let q = TermQuery::new(t.clone(), IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(q), *factor)),
            ));
        }
        let boolean = BooleanQuery::new(clauses);
        let total = searcher.search(&boolean, &Count).unwrap();
        assert!(total > 2000);
        for (offset, limit) in [(0, 10), (0, 1), (7, 20), (2000, 50), (total - 3, 10)] {
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let theirs = searcher.search(&boolean, &top).unwrap();
            let (ours, n) = ranked.top_and(&searcher, offset, limit, &Count).unwrap();
            assert_eq!(n, total);
            assert_eq!(ours.len(), theirs.len(), "{offset} {limit}");
            for ((s, a), (t, b)) in ours.iter().zip(&theirs) {
                assert_eq!(a, b, "{offset} {limit}");
                assert!((s - t).abs() < 1e-4, "{s} {t}");
            }
            // Through tantivy's collectors too (`for_each_pruning`).
            let pruned = searcher.search(&ranked, &top).unwrap();
            assert_eq!(
                pruned.iter().map(|h| h.1).collect::<Vec<_>>(),
                theirs.iter().map(|h| h.1).collect::<Vec<_>>()
            );
        }
        assert_eq!(ranked.count(&searcher).unwrap(), total);
        let (none, n) = ranked.top_and(&searcher, 0, 0, &Count).unwrap();
        assert!(none.is_empty());
        assert_eq!(n, total);
    }

    /// A filter narrows the hits and keeps the ranking.
    #[test]
    fn a_filter_narrows_the_hits() {
        let (index, text, tag) = index();
        let searcher = index.reader().unwrap().searcher();
        let q = |t| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
        let ranked = Ranked::new(
            q(Term::from_field_text(text, "so")),
            vec![(Term::from_field_text(text, "hoa"), 1.0)],
        )
        .and(q(Term::from_field_text(tag, "a")));
        let (hits, n) = ranked.top_and(&searcher, 0, 5, &Count).unwrap();
        assert_eq!(n, searcher.search(&ranked, &Count).unwrap());
        assert!(n > 0 && n < 400);
        assert_eq!(hits.len(), 5);
    }
}
