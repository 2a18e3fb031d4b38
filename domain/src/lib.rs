//! Server-only core of Sáng kiến số: entities, services, search, authentication and demo data.
//! No Leptos here and never in the wasm build; every function takes parsed types from `types`.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod campaigns;
pub mod catalog;
pub mod conflicts;
pub mod corrections;
pub mod council;
pub mod db;
pub mod deliberation;
pub mod demo;
pub mod drafts;
pub mod entities;
pub mod error;
pub mod forms;
pub mod import;
pub mod initiatives;
pub mod mail;
pub mod mail_log;
pub mod notifications;
pub mod outbox;
pub mod passwords;
pub mod places;
pub mod planner;
pub mod public;
pub mod review;
pub mod richtext;
pub mod scoring;
pub mod screening;
pub mod search;
pub mod staff;
pub mod storage;
/// Fixtures and scratch databases for the tests (the `testing` feature), never in the binary.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;
pub mod time;

pub use error::{Error, Result};

// Texts people read (emails) come from the same locale files as the pages.
rust_i18n::i18n!("../app/locales", fallback = "vi");
pub use sea_orm::DatabaseConnection;

/// A short random id that ties an error shown to a person to the log line that explains it.
pub fn new_request_id() -> String {
    use rand::Rng;
    format!("{:08x}", rand::thread_rng().r#gen::<u32>())
}

/// Everything a request handler needs, cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub db: DatabaseConnection,
    pub search: search::SearchIndex,
    /// Attachment bytes (a local directory beside the index unless configured otherwise).
    pub storage: storage::Storage,
}

impl Services {
    /// Connects, migrates and opens (or rebuilds) the search index; starts nothing in the background.
    pub async fn open(database_url: &str, index_dir: &std::path::Path) -> Result<Self> {
        let db = db::connect(database_url).await?;
        db::migrate(&db).await?;
        let search = search::SearchIndex::open(index_dir)?;
        let files = index_dir
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join("files");
        let storage = storage::Storage::local(&files, storage::Limits::default())?;
        Ok(Services {
            db,
            search,
            storage,
        })
    }
}
