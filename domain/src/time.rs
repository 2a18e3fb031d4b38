//! Time in the province: deadlines and windows are judged in Asia/Ho_Chi_Minh.
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// The instant a local calendar day starts in Sơn La (its midnight).
pub fn local_midnight(d: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    Ho_Chi_Minh
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()))
}

/// The calendar date in Sơn La of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Ho_Chi_Minh).date_naive()
}

/// The date a decision is due: three months after receipt (Decree 13/2012, art. 8). When the month is
/// shorter, the last day of that month.
pub fn due_date(received: DateTime<Utc>) -> NaiveDate {
    let d = local_date(received);
    d.checked_add_months(Months::new(3)).unwrap_or(d)
}

/// The year used in case numbers (SK-<year>-NNNN): the local year of receipt.
pub fn case_year(received: DateTime<Utc>) -> i32 {
    local_date(received).year()
}

/// Formats a date the Vietnamese way: 27/11/2026.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Formats an instant in local time: 27/11/2026 14:05.
pub fn format_datetime(at: DateTime<Utc>) -> String {
    at.with_timezone(&Ho_Chi_Minh)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The end of a window, for people: a window closing at local midnight is shown as the last day
/// ("31/12/2026 23:59"), not as the next day at 00:00.
pub fn format_deadline(closes_at: DateTime<Utc>) -> String {
    format_datetime(closes_at - chrono::Duration::minutes(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn due_date_is_three_months_after_local_receipt() {
        let at = Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0).unwrap();
        assert_eq!(due_date(at), NaiveDate::from_ymd_opt(2026, 6, 10).unwrap());
    }

    #[test]
    fn due_date_clamps_to_end_of_shorter_month() {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap();
        assert_eq!(due_date(at), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
    }

    #[test]
    fn deadline_at_midnight_shows_the_last_minute_of_the_day_before() {
        let closes = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap(); // 01/01/2027 00:00 local
        assert_eq!(format_deadline(closes), "31/12/2026 23:59");
    }

    #[test]
    fn receipt_late_evening_utc_counts_as_next_local_day() {
        // 31/12/2025 18:00 UTC is 01/01/2026 01:00 in Sơn La.
        let at = Utc.with_ymd_and_hms(2025, 12, 31, 18, 0, 0).unwrap();
        assert_eq!(case_year(at), 2026);
    }
}

/// Today in the province, as the form types compare it.
pub fn today() -> types::Day {
    use chrono::Datelike;
    let d = local_date(now());
    types::Day {
        year: d.year(),
        month: d.month(),
        day: d.day(),
    }
}
