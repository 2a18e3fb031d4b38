//! The documents the province files: the council's workbooks (XLSX) and the papers set in type (PDF):
//! certificates, the minutes of a vote, the application form in its legal layout.
pub mod exports;
pub mod papers;
pub mod summing;
pub mod typeset;
pub mod workbooks;

pub use papers::{Pdf, application_form, campaign_certificates, certificates, vote_minutes};

use chrono::{Datelike, NaiveDate};
use std::sync::atomic::{AtomicUsize, Ordering};

/// How far a long document has come: items done of the total. The export that runs it reads it
/// while it works (`exports`); a document made on the spot ignores it.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// The number of items to go through.
    pub fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    /// One more item done.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// (done, total).
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// A document's own failures, boxed into `Error::Area`.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the data of a document could not be written as JSON")]
    Data(#[source] serde_json::Error),
    #[error("typst could not set {template:?}: {}", messages.join("; "))]
    Typeset {
        template: typeset::Template,
        messages: Vec<String>,
    },
    #[error("the PDF standard or its date could not be set")]
    Standard,
    #[error("the workbook could not be written")]
    Workbook(#[source] rust_xlsxwriter::XlsxError),
}

impl From<DocumentError> for crate::Error {
    fn from(e: DocumentError) -> Self {
        crate::Error::Area(Box::new(e))
    }
}

/// The labels a template reads as `t.at("key")`: `documents.common.*` and `documents.<part>.*` of
/// the locale files, so the printed words are translated with the pages.
pub type Labels = std::collections::BTreeMap<&'static str, String>;

const COMMON_LABELS: &[&str] = &[
    "nation",
    "motto",
    "issuer_line1",
    "issuer_line2",
    "sign_hint",
];

/// The keys each template reads, beside the common ones.
fn label_keys(part: &str) -> &'static [&'static str] {
    match part {
        "certificate" => &[
            "title",
            "author",
            "workplace",
            "initiative",
            "code",
            "share",
            "level",
            "decision",
            "campaign",
            "signer",
            "signer_hint",
        ],
        "minutes" => &[
            "title",
            "subtitle",
            "entry_heading",
            "code",
            "initiative",
            "authors",
            "unit",
            "ballot",
            "members_heading",
            "col_no",
            "col_name",
            "col_role",
            "col_present",
            "tally_heading",
            "entitled",
            "cast",
            "agree",
            "disagree",
            "needed",
            "result",
            "decision",
            "closing",
            "secretary",
            "chair",
        ],
        "application" => &[
            "title",
            "to",
            "we",
            "col_no",
            "col_name",
            "col_birth",
            "col_workplace",
            "col_position",
            "col_qualification",
            "col_share",
            "col_task",
            "request",
            "investor",
            "field",
            "first_applied",
            "essence",
            "confidential",
            "conditions",
            "benefits_author",
            "benefits_adopters",
            "adopters",
            "none",
            "pledge",
            "applicant",
        ],
        "summing" => &[
            "title",
            "subtitle",
            "part_results",
            "part_units",
            "part_fields",
            "part_proposals",
            "col_no",
            "col_rank",
            "col_unit",
            "col_pillar",
            "col_sector",
            "col_level",
            "col_filed",
            "col_recognised",
            "col_provincial",
            "col_name",
            "col_award",
            "col_basis",
            "collectives",
            "individuals",
            "nobody",
            "conditions",
            "signer",
        ],
        _ => &[],
    }
}

/// The text of a locale key built at run time.
pub(crate) fn text(key: &str) -> String {
    rust_i18n::t!(key).into_owned()
}

/// The labels of one template (`part`: `certificate`, `minutes`, `application`).
pub fn labels_of(part: &str) -> Labels {
    let common = COMMON_LABELS
        .iter()
        .map(|k| (*k, text(&format!("documents.common.{k}"))));
    let own = label_keys(part)
        .iter()
        .map(|k| (*k, text(&format!("documents.{part}.{k}"))));
    common.chain(own).collect()
}

/// "Sơn La, ngày 15 tháng 3 năm 2026"; with dots to fill in by hand when there is no date.
pub fn place_date(d: Option<NaiveDate>) -> String {
    match d {
        // Decree 30/2020: a day below 10, and January and February, take a leading zero.
        Some(d) => {
            let month = if d.month() < 3 {
                format!("{:02}", d.month())
            } else {
                d.month().to_string()
            };
            rust_i18n::t!(
                "documents.common.place_date",
                d = format!("{:02}", d.day()),
                m = month,
                y = d.year()
            )
            .into_owned()
        }
        None => rust_i18n::t!("documents.common.place_blank").into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_a_template_reads_is_translated() {
        for part in ["certificate", "minutes", "application", "summing"] {
            let labels = labels_of(part);
            assert_eq!(
                labels.len(),
                COMMON_LABELS.len() + label_keys(part).len(),
                "{part}: a key is both common and its own"
            );
            for (k, v) in labels {
                assert!(!v.starts_with("documents."), "{part}.{k} has no text: {v}");
            }
        }
    }

    #[test]
    fn a_date_is_written_out_the_vietnamese_way() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5);
        assert_eq!(place_date(d), "Sơn La, ngày 05 tháng 3 năm 2026");
        let d = NaiveDate::from_ymd_opt(2026, 2, 15);
        assert_eq!(place_date(d), "Sơn La, ngày 15 tháng 02 năm 2026");
        assert!(place_date(None).contains("ngày ..."));
    }
}
