//! The index schema and its typed fields. Bump `SCHEMA_VERSION` when it changes: an index of another
//! version is rebuilt from the database.
//!
//! Title, summary and body go into one text field each way (folded, with diacritics, neighbouring
//! pairs), as separate values so that no phrase or pair runs from one into the next: a query word is
//! then one term to look up, not one per field. The title is indexed again on its own, so that a
//! match there weighs more.
use super::analyzer::{EXACT, FOLDED, PAIRS};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};

pub const SCHEMA_VERSION: u32 = 4;

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
    };
    (b.build(), fields)
}
