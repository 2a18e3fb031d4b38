//! The people on the application: the authors and adopters tables, their shared particulars, and
//! the authors' contribution shares.

use super::account::Email;
use super::dates::{Day, parse_birth_date};
use super::{FieldError, FieldErrors, FullName, ShortText, optional_short};
use serde::{Deserialize, Serialize};

/// Most rows of the authors or adopters table a form may post.
pub const MAX_PEOPLE_ROWS: usize = 50;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::test_support::{TODAY, rows};

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
    fn share_is_formatted_with_vietnamese_decimal_comma() {
        assert_eq!(format_share(333), "33,3");
        assert_eq!(format_share(600), "60");
    }
}
