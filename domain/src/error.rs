//! The one error type of the domain's services, as the app and the server see it.
//!
//! The first variants are answers to the caller (refused input, not found, not allowed, a conflict,
//! outside the phase). The rest are failures, each keeping what caused it as its `source()`: the
//! database, a file, the object store, stored JSON, mail settings, a blocking task. A failure that
//! belongs to one area has that area's own type (`accounts::HashingError`,
//! `public::search::SearchError`, `submission::SubmissionError`, `admin::demo::DemoError`), which
//! converts into [`Error::Area`] with `?`: the kernel names no area, so areas keep depending one way.
use std::path::PathBuf;
use types::FieldErrors;

/// Errors of the domain services. `Invalid` carries per-field errors for the form that sent the input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The action belongs to a phase of the campaign that is not open now.
    #[error("outside the {0} phase")]
    OutOfPhase(types::Phase),
    /// The database failed, or a row it promises (a foreign key, a counter) is missing
    /// (`DbErr::RecordNotFound`), or a stored code is not one of ours (`DbErr::Type`).
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// A file or folder of the portal's own (files, mail, search index) could not be used.
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
    /// JSON the portal stored itself (a draft, a version) does not read back.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("mail transport: {0}")]
    MailTransport(#[from] lettre::transport::smtp::Error),
    #[error("mail address {address:?}: {source}")]
    MailAddress {
        address: String,
        #[source]
        source: lettre::address::AddressError,
    },
    /// A task on the blocking pool (hashing, indexing, comparing versions) panicked or was cancelled.
    #[error("blocking task: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// A failure of one area, of that area's own error type (see the module's documentation).
    #[error(transparent)]
    Area(Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl Error {
    /// A single-field validation error.
    pub fn field(field: &str, error: types::FieldError) -> Self {
        let mut e = FieldErrors::default();
        e.add(field, error);
        Error::Invalid(e)
    }

    /// A file or folder of the portal's own that could not be used (`what` it was being done to).
    pub fn io(what: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            what,
            path: path.into(),
            source,
        }
    }

    /// A row the data promises (named `what`, e.g. "unit 7") is missing: a broken invariant.
    pub fn missing(what: impl std::fmt::Display) -> Self {
        Error::Db(sea_orm::DbErr::RecordNotFound(what.to_string()))
    }

    /// The area error inside, when this is one of that type.
    pub fn area<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            Error::Area(e) => e.downcast_ref::<E>(),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error and its causes on one line, for the log: each cause that its error's message does not
/// already hold is added after a colon.
pub fn report(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let message = c.to_string();
        if !out.contains(&message) {
            out.push_str(": ");
            out.push_str(&message);
        }
        cause = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("area failure")]
    struct AreaFailure(#[source] std::io::Error);

    impl From<AreaFailure> for Error {
        fn from(e: AreaFailure) -> Self {
            Error::Area(Box::new(e))
        }
    }

    #[test]
    fn an_area_error_keeps_its_type_and_its_source() {
        let e: Error = AreaFailure(std::io::Error::other("disk")).into();
        assert!(e.area::<AreaFailure>().is_some());
        assert_eq!(e.to_string(), "area failure");
        let source = std::error::Error::source(&e).expect("the cause is kept");
        assert_eq!(source.to_string(), "disk");
    }

    #[test]
    fn an_io_error_names_the_path_and_keeps_the_cause() {
        let e = Error::io("reading", "/srv/x", std::io::Error::other("gone"));
        assert_eq!(e.to_string(), "reading /srv/x: gone");
        assert!(std::error::Error::source(&e).is_some());
    }

    #[derive(Debug, thiserror::Error)]
    #[error("upload stopped")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn a_report_names_each_cause_once() {
        let e: Error = AreaFailure(std::io::Error::other("disk")).into();
        assert_eq!(report(&e), "area failure: disk");
        let e = Error::io("reading", "/srv/x", std::io::Error::other("gone"));
        assert_eq!(report(&e), "reading /srv/x: gone");
        let e = Error::Area(Box::new(Outer(std::io::Error::other("reset"))));
        assert_eq!(report(&e), "upload stopped: reset");
    }
}
