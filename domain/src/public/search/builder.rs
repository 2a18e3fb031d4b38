//! The tantivy query of a parsed query (`QueryBuilder`): how words match, are corrected and rank,
//! and the small query helpers the other searches share.
use super::index::SearchIndex;
use super::most::MostOf;
use super::ranked::Ranked;
use super::schema::Fields;
use super::vocabulary::shared_prefix;
use crate::text::analyzer::pair;
use crate::text::query::{Parsed, Part, Word, alternatives_at, words};
use crate::text::vietnamese;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

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
pub(super) const ADJACENT_WEIGHT: f32 = 2.0;
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
pub(super) const CORRECTED_WORDS: usize = 4;
pub(super) const MAX_CORRECTED_LETTERS: usize = 12;

pub(super) type BoxQuery = Box<dyn Query>;

/// The clauses joined with one occurrence (a single clause stands alone).
fn joined(occur: Occur, mut clauses: Vec<BoxQuery>) -> BoxQuery {
    if clauses.len() == 1 {
        return clauses.pop().expect("one clause");
    }
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (occur, q)).collect(),
    ))
}

pub(super) fn should(clauses: Vec<BoxQuery>) -> BoxQuery {
    joined(Occur::Should, clauses)
}

pub(super) fn all(clauses: Vec<BoxQuery>) -> BoxQuery {
    joined(Occur::Must, clauses)
}

pub(super) fn boosted(q: BoxQuery, boost: f32) -> BoxQuery {
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

pub(super) fn term(field: Field, text: &str) -> BoxQuery {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// A built query, and the folded words its hits are to be highlighted with.
pub(super) struct Built {
    /// Every word (or one of its forms) required.
    pub(super) query: Ranked,
    /// Most words required, ranked by how many (for two words or more), and below how many hits
    /// of every word it is used.
    pub(super) relaxed: Option<(Ranked, usize)>,
    pub(super) highlight: Vec<String>,
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
pub(super) struct QueryBuilder<'a> {
    index: &'a SearchIndex,
    f: &'a Fields,
    searcher: &'a Searcher,
    highlight: Vec<String>,
    /// How many more unknown words may be looked up in the dictionary for corrections.
    scans_left: usize,
}

impl<'a> QueryBuilder<'a> {
    pub(super) fn new(index: &'a SearchIndex, searcher: &'a Searcher) -> Self {
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
    pub(super) fn known(&self, folded: &str) -> bool {
        self.doc_freq(folded) > 0
    }

    /// The syllables of a word typed without spaces, when the index does not know the word itself.
    pub(super) fn split(&self, folded: &str) -> Option<Vec<String>> {
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

    pub(super) fn build(mut self, parsed: &Parsed) -> Built {
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
