//! Server-only core of Sáng kiến số: entities, services, search, authentication and demo data.
//! No Leptos here and never in the wasm build; every function takes parsed types from `types`.

// Kernel: loose files every area may use (they use no area).
pub mod audit;
pub mod db;
pub mod entities;
pub mod error;
pub mod forms;
pub mod lease;
pub mod mail;
pub mod outbox;
pub mod richtext;
pub mod storage;
/// Fixtures and scratch databases for the tests (the `testing` feature), never in the binary.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;
pub mod time;

// Areas, lowest first: each uses only the kernel and the areas before it here (checked by
// scripts/check_structure.py). A lower area never calls a higher one.

/// Units, places, campaigns with their phases, rubrics and council.
pub mod catalog;

/// People: sign-in, roles, profiles, staff scope, conflicts of interest, notifications.
pub mod accounts;

/// Drafts, attachments, corrections, filing; an entry read back by whoever may see it.
pub mod submission;

/// Screening, assignment, score sheets, the vote's count.
pub mod review;

/// Panel, flags, vote, decision, announcement.
pub mod council;

/// The council's workbooks (XLSX) and the papers set in type (PDF): certificates, minutes of a
/// vote, the application form.
pub mod documents;

/// Browsing, search and open data of recognised entries.
pub mod public;

/// Campaigns as administrators run them, demo data, import, mail log.
pub mod admin;

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
    pub search: public::search::SearchIndex,
    /// Attachment bytes (a local directory beside the index unless configured otherwise).
    pub storage: storage::Storage,
}

impl Services {
    /// Connects, migrates and opens (or rebuilds) the search index; starts nothing in the background.
    pub async fn open(database_url: &str, index_dir: &std::path::Path) -> Result<Self> {
        let db = db::connect(database_url).await?;
        db::migrate(&db).await?;
        let search = public::search::SearchIndex::open(index_dir)?;
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
