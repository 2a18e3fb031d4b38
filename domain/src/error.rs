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
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("search index: {0}")]
    Search(String),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// A single-field validation error.
    pub fn field(field: &str, error: types::FieldError) -> Self {
        let mut e = FieldErrors::default();
        e.add(field, error);
        Error::Invalid(e)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Search(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
