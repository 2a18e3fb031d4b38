//! Where attachment bytes live (a local directory or an S3-compatible bucket) and the upload limits:
//! part of `Services`, below every area; what is stored and who may read it is `attachments`.
use crate::{Error, Result};
use object_store::ObjectStore;
use std::sync::Arc;

/// Upload limits (configurable; 20 MB a file, 100 MB an entry and 300 MB for all of one person's
/// drafts by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub per_file: u64,
    pub per_entry: u64,
    /// What one person's drafts may hold together (files not filed yet).
    pub per_person: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_file: 20 * 1024 * 1024,
            per_entry: 100 * 1024 * 1024,
            per_person: 300 * 1024 * 1024,
        }
    }
}

/// Where attachment bytes live.
#[derive(Clone)]
pub struct Storage {
    pub(crate) store: Arc<dyn ObjectStore>,
    pub limits: Limits,
}

impl Storage {
    /// A local directory (created if missing), outside the web root.
    pub fn local(dir: &std::path::Path, limits: Limits) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("creating the files folder", dir, e))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
        Ok(Storage {
            store: Arc::new(store),
            limits,
        })
    }

    /// An S3-compatible bucket: `s3://bucket`; endpoint, region and keys from the usual `AWS_*`
    /// environment variables (`AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, …).
    pub fn s3(url: &str, limits: Limits) -> Result<Self> {
        let store = object_store::aws::AmazonS3Builder::from_env()
            .with_url(url)
            .build()?;
        Ok(Storage {
            store: Arc::new(store),
            limits,
        })
    }
}
