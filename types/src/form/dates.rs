//! Calendar days: how a date is typed and parsed, and the date checks of the forms (birth date,
//! first application).

use super::FieldError;
use serde::{Deserialize, Serialize};

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

    /// Days since 1 January 1970 (negative before): the distance between two days is a subtraction.
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days-from-civil, on a year that starts in March.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
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
pub(super) fn parse_birth_date(raw: &str, today: Day) -> Result<Option<Day>, FieldError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::test_support::TODAY;

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
    fn day_numbers_count_days_across_months_and_leap_years() {
        let n = |y, m, d| Day::new(y, m, d).unwrap().day_number();
        assert_eq!(n(1970, 1, 1), 0);
        assert_eq!(n(2000, 3, 1) - n(2000, 2, 28), 2);
        assert_eq!(n(2026, 3, 1) - n(2026, 2, 28), 1);
        assert_eq!(n(2027, 1, 1) - n(2026, 1, 1), 365);
        assert_eq!(n(2029, 1, 1) - n(2028, 1, 1), 366);
        assert_eq!(n(1969, 12, 31), -1);
    }
}
