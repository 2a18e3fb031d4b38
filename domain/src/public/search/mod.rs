//! Full-text search over public initiatives, derived from the database and rebuildable at any time.
//! Only recognised entries are ever written to the index, so public search cannot leak the others.
mod builder;
mod cache;
pub mod correct;
mod facets;
mod index;
mod indexer;
mod most;
mod ranked;
mod schema;
mod snippet;
mod suggest;
mod vocabulary;

pub use facets::{Browsed, FacetCounts, FacetFilter, Order};
pub use index::{SearchIndex, SearchResult};
pub use indexer::{
    Columns, Document, REBUILD_ALL, apply_pending, rebuild, record_text, replace_all,
    request_rebuild, run_indexer,
};
