//! The administrator's campaign forms: a new campaign, or a copy of an earlier one for a later year.
//! Each field's error is its own; whether a name is taken is the domain's (`admin::campaigns`).
use super::{Day, FieldError, FieldErrors, required_text};
use serde::{Deserialize, Serialize};

/// The years a campaign may belong to.
pub const CAMPAIGN_YEARS: std::ops::RangeInclusive<u32> = 2020..=2100;
/// The longest campaign name, in characters.
pub const CAMPAIGN_NAME_MAX: usize = 200;
/// The longest campaign description, in characters.
pub const CAMPAIGN_DESCRIPTION_MAX: usize = 2_000;

/// The new-campaign form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignFields {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub year: String,
    /// The first day entries are accepted (`YYYY-MM-DD`).
    #[serde(default)]
    pub opens: String,
    /// The last day entries are accepted, included.
    #[serde(default)]
    pub closes: String,
    /// The campaign's description (named apart from the application's "description" section).
    #[serde(default)]
    pub about: String,
}

/// A new campaign, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCampaign {
    pub name: String,
    pub year: i32,
    pub opens: Day,
    pub closes: Day,
    pub description: String,
}

/// The copy form as typed: which campaign, and the new one's name and year (its dates follow the
/// earlier one's, moved by the years between them). Its names differ from the new-campaign form's,
/// which shares the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyFields {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub new_name: String,
    #[serde(default)]
    pub new_year: String,
}

/// A copy, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCopy {
    pub from: i64,
    pub name: String,
    pub year: i32,
}

pub fn parse_campaign_name(raw: &str) -> Result<String, FieldError> {
    required_text(raw, 5, CAMPAIGN_NAME_MAX).map(|s| s.replace('\n', " "))
}

pub fn parse_campaign_year(raw: &str) -> Result<i32, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::Required);
    }
    let n: u32 = s.parse().map_err(|_| FieldError::NotANumber)?;
    if !CAMPAIGN_YEARS.contains(&n) {
        return Err(FieldError::OutOfRange {
            min: *CAMPAIGN_YEARS.start(),
            max: *CAMPAIGN_YEARS.end(),
        });
    }
    Ok(n as i32)
}

impl CampaignFields {
    /// Every field's error at once.
    pub fn parse(&self) -> Result<ValidCampaign, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("name", parse_campaign_name(&self.name));
        let year = e.take("year", parse_campaign_year(&self.year));
        let opens = e.take("opens", Day::parse(&self.opens));
        let closes = e.take("closes", Day::parse(&self.closes));
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            e.add("closes", FieldError::EndsBeforeStart);
        }
        let description = self.about.trim().replace("\r\n", "\n");
        if description.chars().count() > CAMPAIGN_DESCRIPTION_MAX {
            e.add(
                "about",
                FieldError::TooLong {
                    max: CAMPAIGN_DESCRIPTION_MAX,
                },
            );
        }
        match (name, year, opens, closes) {
            (Some(name), Some(year), Some(opens), Some(closes)) if e.is_empty() => {
                Ok(ValidCampaign {
                    name,
                    year,
                    opens,
                    closes,
                    description,
                })
            }
            _ => Err(e),
        }
    }

    /// What was typed, as the refused form shows it again.
    pub fn values(&self) -> Vec<(String, String)> {
        [
            ("name", &self.name),
            ("year", &self.year),
            ("opens", &self.opens),
            ("closes", &self.closes),
            ("about", &self.about),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

impl CopyFields {
    pub fn parse(&self) -> Result<ValidCopy, FieldErrors> {
        let mut e = FieldErrors::default();
        let from = match self.from.trim() {
            "" => {
                e.add("from", FieldError::Required);
                None
            }
            s => e.take(
                "from",
                s.parse::<i64>().map_err(|_| FieldError::UnknownCode),
            ),
        };
        let name = e.take("new_name", parse_campaign_name(&self.new_name));
        let year = e.take("new_year", parse_campaign_year(&self.new_year));
        match (from, name, year) {
            (Some(from), Some(name), Some(year)) => Ok(ValidCopy { from, name, year }),
            _ => Err(e),
        }
    }

    pub fn values(&self) -> Vec<(String, String)> {
        [
            ("from", &self.from),
            ("new_name", &self.new_name),
            ("new_year", &self.new_year),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(name: &str, year: &str, opens: &str, closes: &str) -> CampaignFields {
        CampaignFields {
            name: name.into(),
            year: year.into(),
            opens: opens.into(),
            closes: closes.into(),
            about: String::new(),
        }
    }

    #[test]
    fn a_whole_campaign_parses() {
        let v = fields("Đợt thi đua 2027", "2027", "2027-03-01", "2027-09-30")
            .parse()
            .unwrap();
        assert_eq!(v.name, "Đợt thi đua 2027");
        assert_eq!(v.year, 2027);
        assert_eq!(v.opens, Day::new(2027, 3, 1).unwrap());
        assert_eq!(v.closes, Day::new(2027, 9, 30).unwrap());
    }

    #[test]
    fn every_field_says_what_is_wrong_at_once() {
        let e = fields("", "20x7", "2027-02-30", "").parse().unwrap_err();
        assert_eq!(e.get("name"), Some(&FieldError::Required));
        assert_eq!(e.get("year"), Some(&FieldError::NotANumber));
        assert_eq!(e.get("opens"), Some(&FieldError::InvalidDate));
        assert_eq!(e.get("closes"), Some(&FieldError::Required));
    }

    #[test]
    fn a_campaign_cannot_close_before_it_opens_or_fall_outside_the_years() {
        let e = fields("Đợt thi đua 2027", "1999", "2027-09-30", "2027-03-01")
            .parse()
            .unwrap_err();
        assert_eq!(e.get("closes"), Some(&FieldError::EndsBeforeStart));
        assert_eq!(
            e.get("year"),
            Some(&FieldError::OutOfRange {
                min: 2020,
                max: 2100
            })
        );
        // One day is a window.
        assert!(
            fields("Đợt thi đua 2027", "2027", "2027-03-01", "2027-03-01")
                .parse()
                .is_ok()
        );
    }

    #[test]
    fn a_copy_needs_its_source_name_and_year() {
        let e = CopyFields::default().parse().unwrap_err();
        assert_eq!(e.get("from"), Some(&FieldError::Required));
        assert_eq!(e.get("new_name"), Some(&FieldError::Required));
        let ok = CopyFields {
            from: "3".into(),
            new_name: "Đợt thi đua 2028".into(),
            new_year: "2028".into(),
        }
        .parse()
        .unwrap();
        assert_eq!((ok.from, ok.year), (3, 2028));
    }
}
