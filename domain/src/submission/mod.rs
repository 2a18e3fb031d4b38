//! Submission: what a filer writes, attaches, corrects and files, and how an entry is read back
//! (by its filer, by staff, by the public). Depends on catalog and accounts only.
pub mod attachments;
pub mod corrections;
pub mod drafts;
pub mod export;
pub mod initiatives;

/// A failure of submission's own (refusals of the filer's input are `Error::Invalid`).
#[derive(Debug, thiserror::Error)]
pub enum SubmissionError {
    /// The browser's upload stopped before the end of the file.
    #[error("upload interrupted: {0}")]
    UploadInterrupted(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A stored draft does not read back as a form.
    #[error("draft {id} unreadable: {source}")]
    DraftUnreadable {
        id: i64,
        #[source]
        source: serde_json::Error,
    },
    /// A checked entry without its new-solution section: `ValidInitiative` promises one.
    #[error("a checked entry has no new-solution section")]
    NoNewSolution,
}

impl From<SubmissionError> for crate::Error {
    fn from(e: SubmissionError) -> Self {
        crate::Error::Area(Box::new(e))
    }
}
