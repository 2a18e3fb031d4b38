//! The one error type of server functions. Internal failures reach the browser only as a request id;
//! their details are logged on the server.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    NotSignedIn,
    Forbidden,
    NotFound,
    Conflict,
    /// The action belongs to a campaign phase that is not open now (its code).
    OutOfPhase(String),
    Internal {
        request_id: String,
    },
    /// Transport or argument problems reported by the server-function machinery.
    Call(String),
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl AppError {
    /// The Vietnamese message for a person.
    pub fn message(&self) -> String {
        use crate::i18n::{t, t_with};
        match self {
            AppError::NotSignedIn => t("error.not_signed_in"),
            AppError::Forbidden => t("error.forbidden"),
            AppError::NotFound => t("error.not_found"),
            AppError::Conflict => t("error.conflict"),
            AppError::OutOfPhase(phase) => t_with(
                "error.out_of_phase",
                &[("phase", t(&format!("phase.{phase}")))],
            ),
            AppError::Internal { request_id } => {
                t_with("error.internal", &[("id", request_id.clone())])
            }
            AppError::Call(_) => t_with("error.internal", &[("id", "-".into())]),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Call(value.to_string())
    }
}
