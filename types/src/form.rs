//! Validated input. Each type has one constructor that checks it; services accept only these types.

use crate::codes::{Level, Pillar, Sector, SolutionType};
use serde::{Deserialize, Serialize};

/// Why one field was refused. The UI shows `error.<key>` from the i18n files, next to the field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldError {
    Required,
    TooLong { max: usize },
    TooShort { min: usize },
    InvalidEmail,
    EmailTaken,
    WrongCredentials,
    UnknownCode,
    InvalidShare,
    SharesNotHundred { sum_tenths: u32 },
    NoAuthors,
    OutOfRange { min: u32, max: u32 },
    NotANumber,
    OutsideWindow,
    NotAllowed,
}

impl FieldError {
    /// i18n key of the message (under `error.`).
    pub fn key(&self) -> &'static str {
        match self {
            FieldError::Required => "error.required",
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
    Description, 20, 50_000);
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

/// A new password: at least 10 characters.
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

/// One row of the authors table as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub share: String,
}

/// A validated author.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidAuthor {
    pub name: FullName,
    pub share_tenths: u32,
}

/// The authors table: at least one author; shares add up to exactly 100 %.
/// Entirely blank rows are ignored (the form offers spare rows). Errors are reported per row
/// (`authors[i][name]`, `authors[i][share]`) and for the table (`authors`).
pub fn parse_authors(rows: &[AuthorInput], errors: &mut FieldErrors) -> Option<Vec<ValidAuthor>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, row) in rows.iter().enumerate() {
        if row.name.trim().is_empty() && row.share.trim().is_empty() {
            continue;
        }
        let name = errors.take(&format!("authors[{i}][name]"), FullName::parse(&row.name));
        let share = errors.take(
            &format!("authors[{i}][share]"),
            parse_share_tenths(&row.share),
        );
        match (name, share) {
            (Some(name), Some(share_tenths)) => out.push(ValidAuthor { name, share_tenths }),
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

/// The submission form as typed (every field a string, so nothing typed is ever lost).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeInput {
    #[serde(default)]
    pub campaign_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub solution_type: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub authors: Vec<AuthorInput>,
}

/// The submission form after validation. The unit code and the campaign window are checked by the
/// service against the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidInitiative {
    pub campaign_id: i64,
    pub title: Title,
    pub summary: Summary,
    pub description: Description,
    pub solution_type: SolutionType,
    pub pillar: Pillar,
    pub sector: Sector,
    pub unit_code: String,
    pub authors: Vec<ValidAuthor>,
}

impl InitiativeInput {
    /// Checks every field and reports all problems at once.
    pub fn parse(&self) -> Result<ValidInitiative, FieldErrors> {
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
        let description = e.take("description", Description::parse(&self.description));
        let solution_type = e.take(
            "solution_type",
            parse_code(&self.solution_type, SolutionType::from_code),
        );
        let pillar = e.take("pillar", parse_code(&self.pillar, Pillar::from_code));
        let sector = e.take("sector", parse_code(&self.sector, Sector::from_code));
        let unit_code = e.take("unit", required_text(&self.unit, 1, 80));
        let authors = parse_authors(&self.authors, &mut e);
        match (
            campaign_id,
            title,
            summary,
            description,
            solution_type,
            pillar,
            sector,
            unit_code,
            authors,
        ) {
            (
                Some(campaign_id),
                Some(title),
                Some(summary),
                Some(description),
                Some(solution_type),
                Some(pillar),
                Some(sector),
                Some(unit_code),
                Some(authors),
            ) if e.is_empty() => Ok(ValidInitiative {
                campaign_id,
                title,
                summary,
                description,
                solution_type,
                pillar,
                sector,
                unit_code,
                authors,
            }),
            _ => Err(e),
        }
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
                share: s.to_string(),
            })
            .collect()
    }

    fn valid_input() -> InitiativeInput {
        InitiativeInput {
            campaign_id: "1".into(),
            title: "Số hóa hồ sơ một cửa cấp xã".into(),
            summary: "Quét và lưu trữ điện tử toàn bộ hồ sơ một cửa của xã.".into(),
            description: "Mô tả chi tiết giải pháp số hóa hồ sơ một cửa.".into(),
            solution_type: "quan_ly".into(),
            pillar: "chinh_quyen_so".into(),
            sector: "hanh_chinh_cong".into(),
            unit: "xa_muong_la".into(),
            authors: rows(&[("Lò Văn Minh", "60"), ("Cầm Thị Hoa", "40"), ("", "")]),
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
            &mut e,
        );
        assert_eq!(a.map(|a| a.len()), Some(3));
    }

    #[test]
    fn no_author_rows_is_refused() {
        let mut e = FieldErrors::default();
        assert!(parse_authors(&rows(&[("", ""), (" ", "")]), &mut e).is_none());
        assert_eq!(e.get("authors"), Some(&FieldError::NoAuthors));
    }

    #[test]
    fn author_row_errors_point_at_the_row() {
        let mut e = FieldErrors::default();
        assert!(parse_authors(&rows(&[("Lò Văn Minh", "100"), ("", "20")]), &mut e).is_none());
        assert_eq!(e.get("authors[1][name]"), Some(&FieldError::Required));
    }

    #[test]
    fn valid_initiative_parses() {
        let v = valid_input().parse().expect("valid");
        assert_eq!(v.authors.len(), 2);
        assert_eq!(v.pillar, Pillar::ChinhQuyenSo);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut input = valid_input();
        input.title = "  ".into();
        input.pillar = "khong_ton_tai".into();
        input.authors = rows(&[("Lò Văn Minh", "99")]);
        let e = input.parse().unwrap_err();
        assert_eq!(e.get("title"), Some(&FieldError::Required));
        assert_eq!(e.get("pillar"), Some(&FieldError::UnknownCode));
        assert_eq!(
            e.get("authors"),
            Some(&FieldError::SharesNotHundred { sum_tenths: 990 })
        );
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
