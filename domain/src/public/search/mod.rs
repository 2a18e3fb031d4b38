//! Full-text search over public initiatives, derived from the database and rebuildable at any time.
//! Only recognised entries are ever written to the index, so public search cannot leak the others.
mod builder;
mod cache;
pub mod correct;
mod directory;
mod facets;
mod index;
mod indexer;
mod most;
mod ranked;
mod schema;
mod snippet;
mod suggest;
mod vocabulary;

/// A failure of the search index. Searches that meet one are logged and answered from the database
/// or with nothing; the index is rebuilt from the database when it cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Walking a segment's term dictionary failed.
    #[error("reading the terms: {0}")]
    Terms(#[source] std::io::Error),
    #[error("the index on disk has another schema")]
    OtherSchema,
    /// A thread panicked while it held one of the index's locks (`what`).
    #[error("{0} lock poisoned")]
    Poisoned(&'static str),
}

impl From<SearchError> for crate::Error {
    fn from(e: SearchError) -> Self {
        crate::Error::Area(Box::new(e))
    }
}

impl From<tantivy::TantivyError> for crate::Error {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::from(e).into()
    }
}

pub use facets::{Browsed, FacetCounts, FacetFilter, Order};
pub use index::{SearchIndex, SearchResult};
pub use indexer::{
    Columns, Document, REBUILD_ALL, apply_pending, rebuild, record_text, replace_all,
    request_rebuild, run_indexer,
};
