//! The index schema and its typed fields. Bump `SCHEMA_VERSION` when it changes: an index of another
//! version is rebuilt from the database.
use super::analyzer::{EXACT, FOLDED};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};

pub const SCHEMA_VERSION: u32 = 3;

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub title_exact: Field,
    pub title_folded: Field,
    pub summary_exact: Field,
    pub summary_folded: Field,
    pub body_exact: Field,
    pub body_folded: Field,
}

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        title_exact: b.add_text_field("title_exact", text(EXACT)),
        title_folded: b.add_text_field("title_folded", text(FOLDED)),
        summary_exact: b.add_text_field("summary_exact", text(EXACT)),
        // The folded fields keep the text as written, for highlighted snippets.
        summary_folded: b.add_text_field("summary_folded", text(FOLDED) | STORED),
        body_exact: b.add_text_field("body_exact", text(EXACT)),
        body_folded: b.add_text_field("body_folded", text(FOLDED) | STORED),
    };
    (b.build(), fields)
}
