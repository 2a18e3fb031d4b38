//! Submission: what a filer writes, attaches, corrects and files, and how an entry is read back
//! (by its filer, by staff, by the public). Depends on catalog and accounts only.
pub mod attachments;
pub mod corrections;
pub mod drafts;
pub mod export;
pub mod initiatives;
