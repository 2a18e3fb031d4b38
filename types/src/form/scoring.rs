//! The review's inputs: a reviewer's points for one criterion and the secretary's decision.

use super::{FieldError, FieldErrors, Remark, parse_code};
use crate::codes::Level;

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
}
