//! Validated input. Each type has one constructor that checks it; services accept only these types.
//!
//! This file holds the errors, the text types and the helpers they share; the rest is split by
//! topic: `account`, `campaign`, `dates`, `people`, `initiative`, `rubric`, `scoring` and `summing`.

use serde::{Deserialize, Serialize};

mod account;
mod audit;
mod campaign;
mod dates;
mod initiative;
mod people;
mod rubric;
mod scoring;
mod summing;

pub use account::*;
pub use audit::*;
pub use campaign::*;
pub use dates::*;
pub use initiative::*;
pub use people::*;
pub use rubric::*;
pub use scoring::*;
pub use summing::*;

/// Why one field was refused. The UI shows `error.<key>` from the i18n files, next to the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldError {
    Required,
    /// A box that must be ticked (a declaration, a consent, a confirmation) was not.
    NotTicked,
    /// "Tải lên" without a file chosen.
    NoFile,
    /// A file was chosen but the form was saved or filed without "Tải lên".
    FileNotUploaded,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    InvalidEmail,
    EmailTaken,
    WrongCredentials,
    UnknownCode,
    InvalidShare,
    SharesNotHundred {
        sum_tenths: u32,
    },
    NoAuthors,
    OutOfRange {
        min: u32,
        max: u32,
    },
    NotANumber,
    OutsideWindow,
    NotAllowed,
    InvalidDate,
    InFuture,
    /// The first application lies more than a year before the submission (the right has lapsed).
    FirstApplicationTooOld,
    /// The filer is not among the authors and does not file for a collective.
    FilerNotAuthor,
    /// A mailed link that is unknown, used or expired.
    TokenInvalid,
    /// The email address has not been verified yet.
    EmailNotVerified,
    /// An upload whose content is not one of the accepted file types.
    FileType,
    /// An upload larger than the per-file limit.
    FileTooLarge {
        max_mb: u64,
    },
    /// The entry's attachments together would exceed the per-entry limit.
    EntryFilesTooLarge {
        max_mb: u64,
    },
    /// The person's drafts together would exceed what one person may store before filing.
    PersonFilesTooLarge {
        max_mb: u64,
    },
    /// A new draft while the person already keeps as many as allowed.
    TooManyDrafts {
        max: u32,
    },
    InvalidPhone,
    /// The organisation no longer exists (a district dissolved on 1 July 2025).
    UnitDissolved,
    /// The reviewer has a conflict of interest with the entry.
    ConflictOfInterest,
    /// The rubric asks for a comment at these points.
    CommentRequired,
    /// Points outside every band of a "pick one band" criterion.
    NotInBand,
    /// The action belongs to a campaign phase that is not open now.
    OutOfPhase {
        phase: crate::Phase,
    },
    /// The data changed since the page was shown (already assigned, voted, decided, …).
    Stale,
    /// The vote on the entry has not ended: nobody may know how it stands yet.
    VoteOpen,
    /// The council or the vote's end cannot change while votes are under way.
    VotesUnderWay,
    /// No account has this email address.
    NoSuchAccount,
    /// The account does not hold the secretary role.
    NotASecretary,
    /// A new password that is common or easy to guess (checked by the server: `domain::accounts::passwords`).
    WeakPassword,
    /// An end (a closing day) before its start.
    EndsBeforeStart,
    /// Another campaign already has this name.
    NameTaken,
    /// A campaign still accepting entries cannot be archived.
    StillAcceptingEntries,
    /// A campaign with entries not yet decided (nor withdrawn) cannot be archived.
    EntriesUndecided {
        count: u32,
    },
    /// The account was deactivated by an administrator.
    AccountDeactivated,
    /// The list was issued: it stands as issued and no longer changes.
    AlreadyIssued,
    /// A list with nobody on it cannot be issued.
    NothingToIssue,
}

impl FieldError {
    /// i18n key of the message (under `error.`).
    pub fn key(&self) -> &'static str {
        match self {
            FieldError::Required => "error.required",
            FieldError::NotTicked => "error.not_ticked",
            FieldError::NoFile => "error.no_file",
            FieldError::FileNotUploaded => "error.file_not_uploaded",
            FieldError::TooLong { .. } => "error.too_long",
            FieldError::TooShort { .. } => "error.too_short",
            FieldError::InvalidEmail => "error.invalid_email",
            FieldError::EmailTaken => "error.email_taken",
            FieldError::WrongCredentials => "error.wrong_credentials",
            FieldError::UnknownCode => "error.unknown_code",
            FieldError::InvalidShare => "error.invalid_share",
            FieldError::SharesNotHundred { .. } => "error.shares_not_hundred",
            FieldError::NoAuthors => "error.no_authors",
            FieldError::OutOfRange { .. } => "error.out_of_range",
            FieldError::NotANumber => "error.not_a_number",
            FieldError::OutsideWindow => "error.outside_window",
            FieldError::NotAllowed => "error.not_allowed",
            FieldError::InvalidDate => "error.invalid_date",
            FieldError::InFuture => "error.in_future",
            FieldError::FirstApplicationTooOld => "error.first_application_too_old",
            FieldError::FilerNotAuthor => "error.filer_not_author",
            FieldError::TokenInvalid => "error.token_invalid",
            FieldError::EmailNotVerified => "error.email_not_verified",
            FieldError::FileType => "error.file_type",
            FieldError::FileTooLarge { .. } => "error.file_too_large",
            FieldError::EntryFilesTooLarge { .. } => "error.entry_files_too_large",
            FieldError::PersonFilesTooLarge { .. } => "error.person_files_too_large",
            FieldError::TooManyDrafts { .. } => "error.too_many_drafts",
            FieldError::InvalidPhone => "error.invalid_phone",
            FieldError::UnitDissolved => "error.unit_dissolved",
            FieldError::ConflictOfInterest => "error.conflict_of_interest",
            FieldError::CommentRequired => "error.comment_required",
            FieldError::NotInBand => "error.not_in_band",
            FieldError::OutOfPhase { .. } => "error.out_of_phase",
            FieldError::Stale => "error.conflict",
            FieldError::VoteOpen => "error.vote_open",
            FieldError::VotesUnderWay => "error.votes_under_way",
            FieldError::NoSuchAccount => "error.no_such_account",
            FieldError::NotASecretary => "error.not_a_secretary",
            FieldError::WeakPassword => "error.weak_password",
            FieldError::EndsBeforeStart => "error.ends_before_start",
            FieldError::NameTaken => "error.name_taken",
            FieldError::StillAcceptingEntries => "error.still_accepting_entries",
            FieldError::EntriesUndecided { .. } => "error.entries_undecided",
            FieldError::AccountDeactivated => "error.account_deactivated",
            FieldError::AlreadyIssued => "error.already_issued",
            FieldError::NothingToIssue => "error.nothing_to_issue",
        }
    }

    /// A short stable code, used in URLs when a form page is shown again with errors.
    pub fn code(&self) -> &'static str {
        self.key().trim_start_matches("error.")
    }
}

/// The errors of one form, by field name (the `name` of the input).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<(String, FieldError)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, error: FieldError) {
        self.0.push((field.into(), error));
    }
    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, e)| e)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Collects the error of a parse result under `field`, returning the value when it parsed.
    pub fn take<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e);
                None
            }
        }
    }
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Trims and checks the length of a required text.
fn required_text(raw: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::Required);
    }
    let n = char_count(s);
    if n < min {
        return Err(FieldError::TooShort { min });
    }
    if n > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(s.replace("\r\n", "\n"))
}

macro_rules! text_type {
    ($(#[$meta:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);
        impl $name {
            pub const MIN: usize = $min;
            pub const MAX: usize = $max;
            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                required_text(raw, $min, $max).map($name)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

text_type!(
    /// A person's full name as typed (Vietnamese names keep their diacritics).
    FullName, 2, 120);
text_type!(
    /// Title of an initiative: must say what the solution is.
    Title, 5, 300);
text_type!(
    /// Short summary shown in lists and search results.
    Summary, 20, 1000);
text_type!(
    /// The description of the solution's essence.
    Description, 20, MAX_SECTION_CHARS);
text_type!(
    /// One long section of the application form (known solution, applicability, …).
    SectionText, 20, MAX_SECTION_CHARS);

/// The longest text a long section of the application may hold, in characters.
pub const MAX_SECTION_CHARS: usize = 50_000;
text_type!(
    /// A short line: workplace, position, qualification, investor, what an adopter did.
    ShortText, 1, 300);
text_type!(
    /// Reasons for a refusal, a reviewer's comment and similar free text.
    Remark, 1, 5_000);

/// Parses a code of one of the taxonomy enums.
pub fn parse_code<T>(raw: &str, from_code: fn(&str) -> Option<T>) -> Result<T, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::Required);
    }
    from_code(s).ok_or(FieldError::UnknownCode)
}

fn optional_short(raw: &str) -> Result<Option<ShortText>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        ShortText::parse(raw).map(Some)
    }
}

#[cfg(test)]
mod test_support {
    use super::*;

    pub(super) fn rows(v: &[(&str, &str)]) -> Vec<AuthorInput> {
        v.iter()
            .map(|(n, s)| AuthorInput {
                name: n.to_string(),
                workplace: if n.trim().is_empty() {
                    String::new()
                } else {
                    "UBND xã Mường La".into()
                },
                share: s.to_string(),
                ..Default::default()
            })
            .collect()
    }

    pub(super) const TODAY: Day = Day {
        year: 2026,
        month: 11,
        day: 28,
    };
}
