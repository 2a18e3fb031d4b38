//! The index schema and its typed fields. Bump `SCHEMA_VERSION` when it changes: an index of another
//! version is rebuilt from the database.
//!
//! Title, summary and body go into one text field each way (folded, with diacritics, neighbouring
//! pairs), as separate values so that no phrase or pair runs from one into the next: a query word is
//! then one term to look up, not one per field. The title is indexed again on its own, so that a
//! match there weighs more.
//!
//! The filter, facet and sort columns of each entry are fast fields: a search filters, counts its
//! facets and sorts inside the index, over every match, without reading the database.
use crate::text::analyzer::{EXACT, FOLDED, PAIRS};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Raised whenever what is indexed changes (8: the body names the unit's places across the 2025
/// reform; 9: the stored body is the public text alone, the record indexed beside it), so that an
/// index of an older version is rebuilt from the database.
pub const SCHEMA_VERSION: u32 = 9;

/// The facets, held as codes (text fast fields, each value indexed as one term): pillar, sector,
/// solution type, level, unit code, year.
pub const FACETS: [&str; 6] = ["pillar", "sector", "solution_type", "level", "unit", "year"];
/// Sort column: the decision's day (days since the Common Era), 0 when there is none.
pub const DECIDED: &str = "decided";
/// Sort column: the council's score, absent when there is none.
pub const SCORE: &str = "score";

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    /// Title, summary and body, folded, with positions (quoted phrases).
    pub text_folded: Field,
    /// Title, summary and body with their diacritics (canonical tone): ranks the spelling typed first.
    pub text_exact: Field,
    /// Neighbouring folded words of title, summary and body, one term per pair.
    pub pairs: Field,
    /// The title, folded: a match in the title weighs more.
    pub title_folded: Field,
    /// Summary and body as written (stored only: snippets are cut from them).
    pub summary: Field,
    pub body: Field,
    /// The facets, in `FACETS` order.
    pub facets: [Field; 6],
    /// The places of the entry's unit (`places`: several, old and new, one term each), to filter
    /// by. Not counted here: places follow from the unit, so the portal derives their counts from
    /// the unit counts.
    pub place: Field,
    pub decided: Field,
    pub score: Field,
}

fn text(analyzer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

pub fn build() -> (Schema, Fields) {
    use IndexRecordOption::{WithFreqs, WithFreqsAndPositions};
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        text_folded: b.add_text_field("text_folded", text(FOLDED, WithFreqsAndPositions)),
        text_exact: b.add_text_field("text_exact", text(EXACT, WithFreqs)),
        pairs: b.add_text_field("pairs", text(PAIRS, WithFreqs)),
        title_folded: b.add_text_field("title_folded", text(FOLDED, WithFreqs)),
        summary: b.add_text_field("summary", STORED),
        body: b.add_text_field("body", STORED),
        facets: FACETS.map(|name| b.add_text_field(name, STRING | FAST)),
        place: b.add_text_field("place", STRING),
        decided: b.add_i64_field(DECIDED, FAST),
        score: b.add_f64_field(SCORE, FAST),
    };
    (b.build(), fields)
}
