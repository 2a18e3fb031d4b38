//! Validated input. Each type has one constructor that checks it; services accept only these types.

use crate::codes::{CampaignContent, Level, Pillar, Section, Sector, SolutionType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// A new password that is common or easy to guess (checked by the server: `domain::passwords`).
    WeakPassword,
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

/// A sign-in email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        if s.len() > 254 {
            return Err(FieldError::TooLong { max: 254 });
        }
        let mut parts = s.split('@');
        let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
            (Some(l), Some(d), None) => (l, d),
            _ => return Err(FieldError::InvalidEmail),
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.split('.').all(|label| !label.is_empty());
        let no_space = !s.chars().any(char::is_whitespace);
        if local.is_empty() || !domain_ok || !no_space {
            return Err(FieldError::InvalidEmail);
        }
        Ok(Email(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: at least 10 characters. The server also refuses common and easily guessed ones
/// (`domain::passwords`, with the person's name and address: not here, this crate reaches the wasm).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 10;
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.is_empty() {
            return Err(FieldError::Required);
        }
        let n = char_count(raw);
        if n < Self::MIN {
            return Err(FieldError::TooShort { min: Self::MIN });
        }
        if n > 128 {
            return Err(FieldError::TooLong { max: 128 });
        }
        Ok(Password(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Parses a code of one of the taxonomy enums.
pub fn parse_code<T>(raw: &str, from_code: fn(&str) -> Option<T>) -> Result<T, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::Required);
    }
    from_code(s).ok_or(FieldError::UnknownCode)
}

/// A contribution share in tenths of a percent ("60" → 600, "33,3" or "33.3" → 333).
pub fn parse_share_tenths(raw: &str) -> Result<u32, FieldError> {
    let s = raw.trim().replace(',', ".");
    if s.is_empty() {
        return Err(FieldError::Required);
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s.as_str(), ""),
    };
    let digits_ok = !int_part.is_empty()
        && int_part.chars().all(|c| c.is_ascii_digit())
        && frac_part.len() <= 1
        && frac_part.chars().all(|c| c.is_ascii_digit());
    if !digits_ok || int_part.len() > 3 {
        return Err(FieldError::InvalidShare);
    }
    let whole: u32 = int_part.parse().map_err(|_| FieldError::InvalidShare)?;
    let tenth: u32 = if frac_part.is_empty() {
        0
    } else {
        frac_part.parse().map_err(|_| FieldError::InvalidShare)?
    };
    let tenths = whole * 10 + tenth;
    if tenths == 0 || tenths > 1000 {
        return Err(FieldError::InvalidShare);
    }
    Ok(tenths)
}

/// Formats tenths of a percent the Vietnamese way ("33,3", "60").
pub fn format_share(tenths: u32) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// The profile form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub submitter_kind: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub qualification: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub phone: String,
}

/// A validated profile. Empty optional fields are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProfile {
    pub full_name: FullName,
    pub submitter_kind: Option<crate::codes::SubmitterKind>,
    pub position: Option<ShortText>,
    pub qualification: Option<ShortText>,
    pub unit_code: Option<String>,
    pub birth_date: Option<Day>,
    pub phone: Option<String>,
}

/// A Vietnamese phone number as typed: digits with optional spaces, dots or dashes, an optional
/// leading `+84`; 9 to 12 digits.
pub fn parse_phone(raw: &str) -> Result<Option<String>, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let allowed = s
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (i == 0 && c == '+'));
    if !allowed || !(9..=12).contains(&digits.len()) {
        return Err(FieldError::InvalidPhone);
    }
    Ok(Some(s.to_string()))
}

impl ProfileInput {
    pub fn parse(&self, today: Day) -> Result<ValidProfile, FieldErrors> {
        let mut e = FieldErrors::default();
        let full_name = e.take("full_name", FullName::parse(&self.full_name));
        let submitter_kind = e.take(
            "submitter_kind",
            if self.submitter_kind.trim().is_empty() {
                Ok(None)
            } else {
                parse_code(&self.submitter_kind, crate::codes::SubmitterKind::from_code).map(Some)
            },
        );
        let position = e.take("position", optional_short(&self.position));
        let qualification = e.take("qualification", optional_short(&self.qualification));
        let birth_date = e.take("birth_date", parse_birth_date(&self.birth_date, today));
        let phone = e.take("phone", parse_phone(&self.phone));
        let unit_code = Some(self.unit.trim().to_string()).filter(|u| !u.is_empty());
        match (
            full_name,
            submitter_kind,
            position,
            qualification,
            birth_date,
            phone,
        ) {
            (
                Some(full_name),
                Some(submitter_kind),
                Some(position),
                Some(qualification),
                Some(birth_date),
                Some(phone),
            ) if e.is_empty() => Ok(ValidProfile {
                full_name,
                submitter_kind,
                position,
                qualification,
                unit_code,
                birth_date,
                phone,
            }),
            _ => Err(e),
        }
    }
}

/// Most rows of the authors or adopters table a form may post.
pub const MAX_PEOPLE_ROWS: usize = 50;

/// A calendar day, as `<input type="date">` sends it (`2026-03-15`) or as people type it
/// (`15/03/2026`). The browser and the server parse it with the same code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Day { year, month, day })
    }

    pub fn parse(raw: &str) -> Result<Day, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        let num = |p: &str| -> Option<u32> {
            (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        let (y, m, d) = match parts.as_slice() {
            [y, m, d] if y.len() == 4 => (num(y), num(m), num(d)),
            [d, m, y] if y.len() == 4 => (num(y), num(m), num(d)),
            _ => return Err(FieldError::InvalidDate),
        };
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) if y >= 1900 => {
                Day::new(y as i32, m, d).ok_or(FieldError::InvalidDate)
            }
            _ => Err(FieldError::InvalidDate),
        }
    }

    /// The same day a year earlier (29 February becomes 28 February).
    pub fn one_year_before(self) -> Day {
        let year = self.year - 1;
        let day = self.day.min(days_in_month(year, self.month));
        Day {
            year,
            month: self.month,
            day,
        }
    }

    /// `2026-03-15`, the value of a date input.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `15/03/2026`, the Vietnamese way.
    pub fn vi(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// An optional date of birth: empty is fine; otherwise a real day before today.
fn parse_birth_date(raw: &str, today: Day) -> Result<Option<Day>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let d = Day::parse(raw)?;
    if d >= today {
        return Err(FieldError::InFuture);
    }
    Ok(Some(d))
}

/// The date of first (or trial) application: not in the future, and not more than one year before
/// the submission (the right to ask for recognition lapses after a year).
pub fn parse_first_applied(raw: &str, today: Day) -> Result<Day, FieldError> {
    let d = Day::parse(raw)?;
    if d > today {
        return Err(FieldError::InFuture);
    }
    if d < today.one_year_before() {
        return Err(FieldError::FirstApplicationTooOld);
    }
    Ok(d)
}

fn optional_short(raw: &str) -> Result<Option<ShortText>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        ShortText::parse(raw).map(Some)
    }
}

/// Compares names as people write them: case, spacing and Unicode form do not matter.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// The particulars every person on the form has: the law's columns shared by authors and adopters.
struct Particulars {
    name: FullName,
    birth_date: Option<Day>,
    workplace: ShortText,
    position: Option<ShortText>,
    qualification: Option<ShortText>,
}

/// Checks the shared columns of row `i` of `table` (given by name, as `columns()` lists them).
fn parse_particulars(
    table: &str,
    i: usize,
    columns: impl IntoIterator<Item = (&'static str, impl AsRef<str>)>,
    today: Day,
    errors: &mut FieldErrors,
) -> Option<Particulars> {
    let cols: Vec<(&str, String)> = columns
        .into_iter()
        .map(|(k, v)| (k, v.as_ref().to_string()))
        .collect();
    let raw = |c: &str| {
        cols.iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let f = |c: &str| format!("{table}[{i}][{c}]");
    let name = errors.take(&f("name"), FullName::parse(raw("name")));
    let birth_date = errors.take(&f("birth_date"), parse_birth_date(raw("birth_date"), today));
    let workplace = errors.take(&f("workplace"), ShortText::parse(raw("workplace")));
    let position = errors.take(&f("position"), optional_short(raw("position")));
    let qualification = errors.take(&f("qualification"), optional_short(raw("qualification")));
    Some(Particulars {
        name: name?,
        birth_date: birth_date?,
        workplace: workplace?,
        position: position?,
        qualification: qualification?,
    })
}

/// A table row of the form (authors, adopters) as typed: every column a string, named once here.
/// The column names are the input names (`authors[0][share]`); `from_columns` and `columns` give the
/// row from and as (name, value) pairs in the form's order.
macro_rules! person_row {
    ($(#[$meta:meta])* pub struct $row:ident { $($(#[$fmeta:meta])* $col:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $row {
            $($(#[$fmeta])* #[serde(default)] pub $col: String,)+
        }

        impl $row {
            /// A row from its values by column name (`get("share")`, …).
            pub fn from_columns(get: impl Fn(&str) -> String) -> Self {
                $row { $($col: get(stringify!($col))),+ }
            }

            /// The row's values by column name, in the form's order.
            pub fn columns(&self) -> Vec<(&'static str, &str)> {
                vec![$((stringify!($col), self.$col.as_str())),+]
            }

            /// Nothing typed in any column (a spare row of the form).
            pub fn is_blank(&self) -> bool {
                self.columns().iter().all(|(_, v)| v.trim().is_empty())
            }
        }
    };
}

person_row! {
    /// One row of the authors table as typed.
    pub struct AuthorInput {
        name,
        birth_date,
        workplace,
        position,
        qualification,
        share,
        /// The co-author's sign-in email, to link the entry to their account (optional).
        email,
    }
}

/// A validated author.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidAuthor {
    pub name: FullName,
    pub birth_date: Option<Day>,
    pub workplace: ShortText,
    pub position: Option<ShortText>,
    pub qualification: Option<ShortText>,
    pub share_tenths: u32,
    pub email: Option<Email>,
}

/// The authors table: at least one author; shares add up to exactly 100 %.
/// Entirely blank rows are ignored (the form offers spare rows). Errors are reported per cell
/// (`authors[i][name]`, `authors[i][share]`, …) and for the table (`authors`).
pub fn parse_authors(
    rows: &[AuthorInput],
    today: Day,
    errors: &mut FieldErrors,
) -> Option<Vec<ValidAuthor>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        let f = |c: &str| format!("authors[{i}][{c}]");
        let person = parse_particulars("authors", i, row.columns(), today, errors);
        let share = errors.take(&f("share"), parse_share_tenths(&row.share));
        let email = errors.take(
            &f("email"),
            if row.email.trim().is_empty() {
                Ok(None)
            } else {
                Email::parse(&row.email).map(Some)
            },
        );
        match (person, share, email) {
            (Some(p), Some(share_tenths), Some(email)) => out.push(ValidAuthor {
                name: p.name,
                birth_date: p.birth_date,
                workplace: p.workplace,
                position: p.position,
                qualification: p.qualification,
                share_tenths,
                email,
            }),
            _ => ok = false,
        }
    }
    if out.is_empty() && ok {
        errors.add("authors", FieldError::NoAuthors);
        return None;
    }
    if !ok {
        return None;
    }
    let sum: u32 = out.iter().map(|a| a.share_tenths).sum();
    if sum != 1000 {
        errors.add("authors", FieldError::SharesNotHundred { sum_tenths: sum });
        return None;
    }
    Some(out)
}

person_row! {
    /// One row of the table of people who took part in the first or trial application.
    pub struct AdopterInput {
        name,
        birth_date,
        workplace,
        position,
        qualification,
        /// What they did in the application.
        task,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidAdopter {
    pub name: FullName,
    pub birth_date: Option<Day>,
    pub workplace: ShortText,
    pub position: Option<ShortText>,
    pub qualification: Option<ShortText>,
    pub task: ShortText,
}

/// The adopters table: optional; each non-blank row needs a name, a workplace and what they did.
pub fn parse_adopters(
    rows: &[AdopterInput],
    today: Day,
    errors: &mut FieldErrors,
) -> Option<Vec<ValidAdopter>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, row) in rows.iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        let person = parse_particulars("adopters", i, row.columns(), today, errors);
        let task = errors.take(&format!("adopters[{i}][task]"), ShortText::parse(&row.task));
        match (person, task) {
            (Some(p), Some(task)) => out.push(ValidAdopter {
                name: p.name,
                birth_date: p.birth_date,
                workplace: p.workplace,
                position: p.position,
                qualification: p.qualification,
                task,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// A checkbox as posted: present ("on") or absent.
fn ticked(raw: &str) -> bool {
    !raw.trim().is_empty()
}

/// The application form as typed (every field a string, so nothing typed is ever lost: a draft is
/// this struct as it stands).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeInput {
    #[serde(default)]
    pub campaign_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub solution_type: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub unit: String,
    /// Who funded it, when not the authors.
    #[serde(default)]
    pub investor: String,
    /// `co` or `khong`: whether state funds, materials or equipment were used.
    #[serde(default)]
    pub state_funds: String,
    #[serde(default)]
    pub first_applied_on: String,
    #[serde(default)]
    pub field_problem: String,
    #[serde(default)]
    pub known_solution: String,
    /// The new solution (purpose, steps, what is new): the entry's description.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub applicability: String,
    #[serde(default)]
    pub benefits_author: String,
    #[serde(default)]
    pub benefits_adopters: String,
    #[serde(default)]
    pub conditions: String,
    /// Sections marked confidential, by section code (`confidential[known_solution]=on`).
    #[serde(default)]
    pub confidential: BTreeMap<String, String>,
    #[serde(default)]
    pub authors: Vec<AuthorInput>,
    #[serde(default)]
    pub adopters: Vec<AdopterInput>,
    /// The filer files for a collective (and need not be an author).
    #[serde(default)]
    pub for_collective: String,
    /// The truthfulness declaration.
    #[serde(default)]
    pub declaration: String,
    /// Consent to the processing of the personal data in the application.
    #[serde(default)]
    pub consent: String,
}

impl InitiativeInput {
    /// A section's text as typed.
    pub fn section(&self, s: Section) -> &str {
        match s {
            Section::FieldProblem => &self.field_problem,
            Section::KnownSolution => &self.known_solution,
            Section::NewSolution => &self.description,
            Section::Applicability => &self.applicability,
            Section::BenefitsAuthor => &self.benefits_author,
            Section::BenefitsAdopters => &self.benefits_adopters,
            Section::Conditions => &self.conditions,
        }
    }

    pub fn is_confidential(&self, s: Section) -> bool {
        self.confidential.get(s.code()).is_some_and(|v| ticked(v))
    }

    /// Every field by the name of its input, to show the form again (drafts, refused forms).
    pub fn values(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            ("campaign_id", &self.campaign_id),
            ("title", &self.title),
            ("summary", &self.summary),
            ("solution_type", &self.solution_type),
            ("pillar", &self.pillar),
            ("sector", &self.sector),
            ("content", &self.content),
            ("unit", &self.unit),
            ("investor", &self.investor),
            ("state_funds", &self.state_funds),
            ("first_applied_on", &self.first_applied_on),
            ("for_collective", &self.for_collective),
            ("declaration", &self.declaration),
            ("consent", &self.consent),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        for s in Section::ALL {
            v.push((s.input_name().to_string(), self.section(*s).to_string()));
            if self.is_confidential(*s) {
                v.push((format!("confidential[{}]", s.code()), "on".into()));
            }
        }
        for (i, a) in self.authors.iter().enumerate() {
            for (c, val) in a.columns() {
                v.push((format!("authors[{i}][{c}]"), val.to_string()));
            }
        }
        for (i, a) in self.adopters.iter().enumerate() {
            for (c, val) in a.columns() {
                v.push((format!("adopters[{i}][{c}]"), val.to_string()));
            }
        }
        v
    }

    /// Checks every field and reports all problems at once. `today` is the submission day in the
    /// province's time zone; `filer` the full name of the person filing.
    pub fn parse(&self, today: Day, filer: &str) -> Result<ValidInitiative, FieldErrors> {
        let mut e = FieldErrors::default();
        let campaign_id = e.take(
            "campaign_id",
            self.campaign_id
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldError::Required),
        );
        let title = e.take("title", Title::parse(&self.title));
        let summary = e.take("summary", Summary::parse(&self.summary));
        let solution_type = e.take(
            "solution_type",
            parse_code(&self.solution_type, SolutionType::from_code),
        );
        let pillar = e.take("pillar", parse_code(&self.pillar, Pillar::from_code));
        let sector = e.take("sector", parse_code(&self.sector, Sector::from_code));
        let content = e.take(
            "content",
            parse_code(&self.content, CampaignContent::from_code),
        );
        let unit_code = e.take("unit", required_text(&self.unit, 1, 80));
        let investor = e.take("investor", optional_short(&self.investor));
        let state_funds = e.take(
            "state_funds",
            match self.state_funds.trim() {
                "co" => Ok(true),
                "khong" => Ok(false),
                "" => Err(FieldError::Required),
                _ => Err(FieldError::UnknownCode),
            },
        );
        let first_applied_on = e.take(
            "first_applied_on",
            parse_first_applied(&self.first_applied_on, today),
        );
        let mut sections = Vec::new();
        for s in Section::ALL {
            let raw = self.section(*s);
            if !s.required() && raw.trim().is_empty() {
                continue;
            }
            if let Some(body) = e.take(s.input_name(), SectionText::parse(raw)) {
                sections.push(ValidSection {
                    section: *s,
                    body,
                    confidential: self.is_confidential(*s),
                });
            }
        }
        let authors = parse_authors(&self.authors, today, &mut e);
        let for_collective = ticked(&self.for_collective);
        if let Some(a) = &authors
            && !for_collective
            && !a.iter().any(|a| same_name(a.name.as_str(), filer))
        {
            e.add("authors", FieldError::FilerNotAuthor);
        }
        let adopters = parse_adopters(&self.adopters, today, &mut e);
        if !ticked(&self.declaration) {
            e.add("declaration", FieldError::NotTicked);
        }
        if !ticked(&self.consent) {
            e.add("consent", FieldError::NotTicked);
        }
        match (
            campaign_id,
            title,
            summary,
            solution_type,
            pillar,
            sector,
            content,
            unit_code,
            investor,
            state_funds,
            first_applied_on,
            authors,
            adopters,
        ) {
            (
                Some(campaign_id),
                Some(title),
                Some(summary),
                Some(solution_type),
                Some(pillar),
                Some(sector),
                Some(content),
                Some(unit_code),
                Some(investor),
                Some(state_funds),
                Some(first_applied_on),
                Some(authors),
                Some(adopters),
            ) if e.is_empty() => Ok(ValidInitiative {
                campaign_id,
                title,
                summary,
                solution_type,
                pillar,
                sector,
                content,
                unit_code,
                investor,
                state_funds,
                first_applied_on,
                sections,
                authors,
                adopters,
                for_collective,
            }),
            _ => Err(e),
        }
    }
}

/// One long section after validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSection {
    pub section: Section,
    pub body: SectionText,
    pub confidential: bool,
}

/// The application form after validation. The unit code and the campaign window are checked by the
/// service against the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidInitiative {
    pub campaign_id: i64,
    pub title: Title,
    pub summary: Summary,
    pub solution_type: SolutionType,
    pub pillar: Pillar,
    pub sector: Sector,
    pub content: CampaignContent,
    pub unit_code: String,
    pub investor: Option<ShortText>,
    pub state_funds: bool,
    pub first_applied_on: Day,
    /// Every required section, and the optional ones that were filled in, in the form's order.
    pub sections: Vec<ValidSection>,
    pub authors: Vec<ValidAuthor>,
    pub adopters: Vec<ValidAdopter>,
    pub for_collective: bool,
}

impl ValidInitiative {
    pub fn section(&self, s: Section) -> Option<&ValidSection> {
        self.sections.iter().find(|v| v.section == s)
    }
}

/// One reviewer's score for one criterion, checked against the criterion's maximum.
pub fn parse_points(raw: &str, max: u32) -> Result<u32, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::Required);
    }
    let v: u32 = s.parse().map_err(|_| FieldError::NotANumber)?;
    if v > max {
        return Err(FieldError::OutOfRange { min: 0, max });
    }
    Ok(v)
}

/// A decision as typed by the secretary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValidDecision {
    Recognised { level: Level },
    Refused { reasons: Remark },
}

impl ValidDecision {
    pub fn parse(outcome: &str, level: &str, reasons: &str) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        match outcome {
            "recognised" => {
                let level = e.take("level", parse_code(level, Level::from_code));
                level
                    .map(|level| ValidDecision::Recognised { level })
                    .ok_or(e)
            }
            "refused" => {
                let reasons = e.take("reasons", Remark::parse(reasons));
                reasons
                    .map(|reasons| ValidDecision::Refused { reasons })
                    .ok_or(e)
            }
            _ => {
                e.add("outcome", FieldError::Required);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(&str, &str)]) -> Vec<AuthorInput> {
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

    const TODAY: Day = Day {
        year: 2026,
        month: 11,
        day: 28,
    };
    const FILER: &str = "Lò Văn Minh";

    fn long(s: &str) -> String {
        format!("{s}: nội dung đủ dài để đọc và chấm điểm.")
    }

    fn valid_input() -> InitiativeInput {
        InitiativeInput {
            campaign_id: "1".into(),
            title: "Số hóa hồ sơ một cửa cấp xã".into(),
            summary: "Quét và lưu trữ điện tử toàn bộ hồ sơ một cửa của xã.".into(),
            solution_type: "quan_ly".into(),
            pillar: "chinh_quyen_so".into(),
            sector: "hanh_chinh_cong".into(),
            content: "chinh_quyen_so".into(),
            unit: "xa_muong_la".into(),
            state_funds: "khong".into(),
            first_applied_on: "2026-03-01".into(),
            field_problem: long("Lĩnh vực"),
            known_solution: long("Giải pháp đã biết"),
            description: long("Giải pháp mới"),
            applicability: long("Khả năng áp dụng"),
            benefits_author: long("Hiệu quả"),
            conditions: long("Điều kiện"),
            authors: rows(&[("Lò Văn Minh", "60"), ("Cầm Thị Hoa", "40"), ("", "")]),
            declaration: "on".into(),
            consent: "on".into(),
            ..Default::default()
        }
    }

    #[test]
    fn share_accepts_integer_and_one_decimal_with_comma_or_point() {
        assert_eq!(parse_share_tenths("60"), Ok(600));
        assert_eq!(parse_share_tenths("33,3"), Ok(333));
        assert_eq!(parse_share_tenths(" 33.4 "), Ok(334));
    }

    #[test]
    fn share_refuses_two_decimals_negative_zero_and_over_hundred() {
        for bad in ["33.33", "-5", "0", "100.1", "abc", "1e2"] {
            assert_eq!(
                parse_share_tenths(bad),
                Err(FieldError::InvalidShare),
                "{bad}"
            );
        }
    }

    #[test]
    fn authors_must_sum_to_exactly_hundred() {
        let mut e = FieldErrors::default();
        assert!(
            parse_authors(
                &rows(&[("Lò Văn Minh", "60"), ("Cầm Thị Hoa", "39")]),
                TODAY,
                &mut e
            )
            .is_none()
        );
        assert_eq!(
            e.get("authors"),
            Some(&FieldError::SharesNotHundred { sum_tenths: 990 })
        );
    }

    #[test]
    fn three_thirds_with_decimals_sum_to_hundred() {
        let mut e = FieldErrors::default();
        let a = parse_authors(
            &rows(&[
                ("An Văn Ba", "33,3"),
                ("Bế Thị Tư", "33,3"),
                ("Cà Văn Năm", "33,4"),
            ]),
            TODAY,
            &mut e,
        );
        assert_eq!(a.map(|a| a.len()), Some(3));
    }

    #[test]
    fn no_author_rows_is_refused() {
        let mut e = FieldErrors::default();
        assert!(parse_authors(&rows(&[("", ""), (" ", "")]), TODAY, &mut e).is_none());
        assert_eq!(e.get("authors"), Some(&FieldError::NoAuthors));
    }

    #[test]
    fn author_row_errors_point_at_the_row() {
        let mut e = FieldErrors::default();
        assert!(
            parse_authors(&rows(&[("Lò Văn Minh", "100"), ("", "20")]), TODAY, &mut e).is_none()
        );
        assert_eq!(e.get("authors[1][name]"), Some(&FieldError::Required));
    }

    #[test]
    fn valid_initiative_parses() {
        let v = valid_input().parse(TODAY, FILER).expect("valid");
        assert_eq!(v.authors.len(), 2);
        assert_eq!(v.pillar, Pillar::ChinhQuyenSo);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut input = valid_input();
        input.title = "  ".into();
        input.pillar = "khong_ton_tai".into();
        input.authors = rows(&[("Lò Văn Minh", "99")]);
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(e.get("title"), Some(&FieldError::Required));
        assert_eq!(e.get("pillar"), Some(&FieldError::UnknownCode));
        assert_eq!(
            e.get("authors"),
            Some(&FieldError::SharesNotHundred { sum_tenths: 990 })
        );
    }

    #[test]
    fn first_application_a_year_and_a_day_ago_is_refused() {
        let mut input = valid_input();
        input.first_applied_on = "2025-11-27".into();
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(
            e.get("first_applied_on"),
            Some(&FieldError::FirstApplicationTooOld)
        );
        input.first_applied_on = "28/11/2025".into();
        assert!(
            input.parse(TODAY, FILER).is_ok(),
            "exactly one year is allowed"
        );
    }

    #[test]
    fn first_application_thirteen_months_ago_or_tomorrow_is_refused() {
        assert_eq!(
            parse_first_applied("2025-10-28", TODAY),
            Err(FieldError::FirstApplicationTooOld)
        );
        assert_eq!(
            parse_first_applied("2026-11-29", TODAY),
            Err(FieldError::InFuture)
        );
        assert_eq!(parse_first_applied("2026-11-28", TODAY), Ok(TODAY));
    }

    #[test]
    fn day_parses_iso_and_vietnamese_order_and_refuses_impossible_days() {
        assert_eq!(Day::parse("2026-03-15"), Ok(Day::new(2026, 3, 15).unwrap()));
        assert_eq!(Day::parse("15/03/2026"), Ok(Day::new(2026, 3, 15).unwrap()));
        for bad in [
            "2026-02-29",
            "31/04/2026",
            "2026-13-01",
            "hôm qua",
            "15/03/26",
        ] {
            assert_eq!(Day::parse(bad), Err(FieldError::InvalidDate), "{bad}");
        }
        assert_eq!(
            Day::new(2028, 2, 29).unwrap().one_year_before(),
            Day::new(2027, 2, 28).unwrap()
        );
    }

    #[test]
    fn filer_must_be_an_author_unless_filing_for_a_collective() {
        let mut input = valid_input();
        let e = input.parse(TODAY, "Quàng Văn Khác").unwrap_err();
        assert_eq!(e.get("authors"), Some(&FieldError::FilerNotAuthor));
        assert!(input.parse(TODAY, "  lò  văn MINH ").is_ok());
        input.for_collective = "on".into();
        assert!(input.parse(TODAY, "Quàng Văn Khác").is_ok());
    }

    #[test]
    fn declaration_and_required_sections_are_checked_optional_ones_skipped() {
        let mut input = valid_input();
        input.declaration = String::new();
        input.known_solution = " ".into();
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(e.get("declaration"), Some(&FieldError::NotTicked));
        assert_eq!(e.get("known_solution"), Some(&FieldError::Required));
        assert_eq!(e.get("benefits_adopters"), None);
        let v = valid_input().parse(TODAY, FILER).unwrap();
        assert!(v.section(Section::BenefitsAdopters).is_none());
        assert_eq!(v.sections.len(), 6);
    }

    #[test]
    fn confidential_marks_follow_the_section_codes() {
        let mut input = valid_input();
        input
            .confidential
            .insert("known_solution".into(), "on".into());
        let v = input.parse(TODAY, FILER).unwrap();
        assert!(v.section(Section::KnownSolution).unwrap().confidential);
        assert!(!v.section(Section::NewSolution).unwrap().confidential);
        assert!(
            input
                .values()
                .contains(&("confidential[known_solution]".into(), "on".into()))
        );
    }

    #[test]
    fn adopter_rows_need_name_workplace_and_task() {
        let mut e = FieldErrors::default();
        let rows = vec![
            AdopterInput::default(),
            AdopterInput {
                name: "Hà Văn Tú".into(),
                ..Default::default()
            },
        ];
        assert!(parse_adopters(&rows, TODAY, &mut e).is_none());
        assert_eq!(e.get("adopters[1][workplace]"), Some(&FieldError::Required));
        assert_eq!(e.get("adopters[1][task]"), Some(&FieldError::Required));
        assert_eq!(e.get("adopters[0][name]"), None);
    }

    #[test]
    fn author_birth_date_in_the_future_and_bad_email_point_at_the_cell() {
        let mut input = valid_input();
        input.authors[1].birth_date = "2030-01-01".into();
        input.authors[1].email = "hoa@".into();
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(e.get("authors[1][birth_date]"), Some(&FieldError::InFuture));
        assert_eq!(e.get("authors[1][email]"), Some(&FieldError::InvalidEmail));
    }

    #[test]
    fn consent_is_required_to_file() {
        let mut input = valid_input();
        input.consent = String::new();
        assert_eq!(
            input.parse(TODAY, FILER).unwrap_err().get("consent"),
            Some(&FieldError::NotTicked)
        );
    }

    #[test]
    fn phone_accepts_vietnamese_forms_and_refuses_others() {
        assert_eq!(parse_phone(""), Ok(None));
        assert!(parse_phone("0912 345 678").unwrap().is_some());
        assert!(parse_phone("+84 212.3852.123").unwrap().is_some());
        for bad in ["12345", "09a2345678", "0912-345-678-999-1", "++84912345678"] {
            assert_eq!(parse_phone(bad), Err(FieldError::InvalidPhone), "{bad}");
        }
    }

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse(" An.Nguyen@SonLa.gov.vn ").unwrap().as_str(),
            "an.nguyen@sonla.gov.vn"
        );
        for bad in ["", "a@b", "a b@c.vn", "@c.vn", "a@@c.vn", "a@c..vn"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_needs_ten_characters() {
        assert_eq!(
            Password::parse("ngắn"),
            Err(FieldError::TooShort { min: 10 })
        );
        assert!(Password::parse("mật khẩu dài đủ").is_ok());
    }

    #[test]
    fn points_are_bounded_by_the_criterion_max() {
        assert_eq!(parse_points("30", 30), Ok(30));
        assert_eq!(
            parse_points("31", 30),
            Err(FieldError::OutOfRange { min: 0, max: 30 })
        );
        assert_eq!(parse_points("-1", 30), Err(FieldError::NotANumber));
        assert_eq!(parse_points("", 30), Err(FieldError::Required));
    }

    #[test]
    fn decision_needs_level_or_reasons() {
        assert!(matches!(
            ValidDecision::parse("recognised", "cap_tinh", ""),
            Ok(ValidDecision::Recognised {
                level: Level::CapTinh
            })
        ));
        assert!(ValidDecision::parse("refused", "", " ").is_err());
        assert!(ValidDecision::parse("", "", "").is_err());
    }

    #[test]
    fn share_is_formatted_with_vietnamese_decimal_comma() {
        assert_eq!(format_share(333), "33,3");
        assert_eq!(format_share(600), "60");
    }
}
