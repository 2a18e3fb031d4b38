//! The summing-up's forms: the rules that propose people and units for commendation, and one
//! proposal as the secretariat edits it before the list is issued.
use super::{FieldError, FieldErrors, required_text};
use crate::Level;
use serde::{Deserialize, Serialize};

/// The most recognised initiatives a rule for units may ask for.
pub const COLLECTIVE_COUNT_MAX: u32 = 100;
/// The longest name of a commendation (a title or a form of commendation).
pub const AWARD_MAX: usize = 200;
/// The longest note on a proposal.
pub const PROPOSAL_NOTE_MAX: usize = 1_000;

/// The rules as typed: levels by code, the share in percent (a comma or a point for decimals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesFields {
    #[serde(default)]
    pub individual_level: String,
    #[serde(default)]
    pub individual_share: String,
    #[serde(default)]
    pub collective_count: String,
    #[serde(default)]
    pub collective_level: String,
}

/// The rules, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidRules {
    /// A person is proposed with a recognised initiative of this level or above…
    pub individual_level: Level,
    /// …in which their share is at least this (tenths of a percent, 0–1000).
    pub individual_share_tenths: u32,
    /// A unit is proposed with at least this many recognised initiatives…
    pub collective_count: u32,
    /// …of this level or above.
    pub collective_level: Level,
}

impl ValidRules {
    /// The defaults, from the titles' conditions (shared/DOMAIN.md, "Levels of influence and
    /// titles"): a person with a provincial-level initiative, whatever their share; a unit with
    /// three recognised initiatives.
    pub const DEFAULT: ValidRules = ValidRules {
        individual_level: Level::CapTinh,
        individual_share_tenths: 0,
        collective_count: 3,
        collective_level: Level::CoSo,
    };

    /// The rules as the form shows them.
    pub fn fields(&self) -> RulesFields {
        RulesFields {
            individual_level: self.individual_level.code().into(),
            individual_share: super::format_share(self.individual_share_tenths),
            collective_count: self.collective_count.to_string(),
            collective_level: self.collective_level.code().into(),
        }
    }
}

fn parse_level(raw: &str) -> Result<Level, FieldError> {
    match raw.trim() {
        "" => Err(FieldError::Required),
        s => Level::from_code(s).ok_or(FieldError::UnknownCode),
    }
}

/// A share in percent, 0 to 100 with at most one decimal (`12,5`).
fn parse_min_share(raw: &str) -> Result<u32, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(0);
    }
    super::parse_share_tenths(s).or_else(|e| if s == "0" { Ok(0) } else { Err(e) })
}

impl RulesFields {
    pub fn parse(&self) -> Result<ValidRules, FieldErrors> {
        let mut e = FieldErrors::default();
        let individual_level = e.take("individual_level", parse_level(&self.individual_level));
        let share = e.take("individual_share", parse_min_share(&self.individual_share));
        let count = e.take(
            "collective_count",
            match self.collective_count.trim() {
                "" => Err(FieldError::Required),
                s => s
                    .parse::<u32>()
                    .map_err(|_| FieldError::NotANumber)
                    .and_then(|n| {
                        if (1..=COLLECTIVE_COUNT_MAX).contains(&n) {
                            Ok(n)
                        } else {
                            Err(FieldError::OutOfRange {
                                min: 1,
                                max: COLLECTIVE_COUNT_MAX,
                            })
                        }
                    }),
            },
        );
        let collective_level = e.take("collective_level", parse_level(&self.collective_level));
        match (individual_level, share, count, collective_level) {
            (Some(il), Some(s), Some(c), Some(cl)) => Ok(ValidRules {
                individual_level: il,
                individual_share_tenths: s,
                collective_count: c,
                collective_level: cl,
            }),
            _ => Err(e),
        }
    }

    pub fn values(&self) -> Vec<(String, String)> {
        [
            ("individual_level", &self.individual_level),
            ("individual_share", &self.individual_share),
            ("collective_count", &self.collective_count),
            ("collective_level", &self.collective_level),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

/// One proposal as edited: the commendation proposed and a note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalFields {
    #[serde(default)]
    pub award: String,
    #[serde(default)]
    pub note: String,
}

/// A proposal's edit, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProposal {
    pub award: String,
    pub note: Option<String>,
}

impl ProposalFields {
    pub fn parse(&self) -> Result<ValidProposal, FieldErrors> {
        let mut e = FieldErrors::default();
        let award = e.take(
            "award",
            required_text(&self.award, 3, AWARD_MAX).map(|s| s.replace('\n', " ")),
        );
        let note = self.note.trim().replace("\r\n", "\n");
        if note.chars().count() > PROPOSAL_NOTE_MAX {
            e.add(
                "note",
                FieldError::TooLong {
                    max: PROPOSAL_NOTE_MAX,
                },
            );
        }
        match award {
            Some(award) if e.is_empty() => Ok(ValidProposal {
                award,
                note: (!note.is_empty()).then_some(note),
            }),
            _ => Err(e),
        }
    }

    pub fn values(&self) -> Vec<(String, String)> {
        vec![
            ("award".into(), self.award.clone()),
            ("note".into(), self.note.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(il: &str, share: &str, count: &str, cl: &str) -> RulesFields {
        RulesFields {
            individual_level: il.into(),
            individual_share: share.into(),
            collective_count: count.into(),
            collective_level: cl.into(),
        }
    }

    #[test]
    fn the_defaults_read_back_as_typed() {
        let f = ValidRules::DEFAULT.fields();
        assert_eq!(f.parse(), Ok(ValidRules::DEFAULT));
    }

    #[test]
    fn rules_are_checked_field_by_field() {
        let r = rules("cap_tinh", "12,5", "2", "co_so").parse().unwrap();
        assert_eq!(r.individual_share_tenths, 125);
        assert_eq!(r.collective_count, 2);
        let e = rules("tinh", "120", "0", "").parse().unwrap_err();
        assert_eq!(e.get("individual_level"), Some(&FieldError::UnknownCode));
        assert!(e.get("individual_share").is_some());
        assert_eq!(
            e.get("collective_count"),
            Some(&FieldError::OutOfRange { min: 1, max: 100 })
        );
        assert_eq!(e.get("collective_level"), Some(&FieldError::Required));
        assert_eq!(
            rules("co_so", "", "x", "co_so")
                .parse()
                .unwrap_err()
                .get("collective_count"),
            Some(&FieldError::NotANumber)
        );
    }

    #[test]
    fn a_proposal_needs_its_commendation() {
        let p = ProposalFields {
            award: "  Bằng khen của Chủ tịch UBND tỉnh ".into(),
            note: " ".into(),
        };
        assert_eq!(
            p.parse(),
            Ok(ValidProposal {
                award: "Bằng khen của Chủ tịch UBND tỉnh".into(),
                note: None
            })
        );
        let p = ProposalFields {
            award: "".into(),
            note: "x".repeat(1001),
        };
        let e = p.parse().unwrap_err();
        assert_eq!(e.get("award"), Some(&FieldError::Required));
        assert_eq!(e.get("note"), Some(&FieldError::TooLong { max: 1000 }));
    }
}
