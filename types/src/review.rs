//! Review rules shared by the scoring form in the browser and the server.
use serde::{Deserialize, Serialize};

/// When a reviewer must write a comment under a criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentRule {
    Optional,
    Always,
    /// Required when the points are below this percentage of the criterion's maximum
    /// (e.g. 50: "a comment is required under half marks").
    BelowPercent(u8),
}

impl CommentRule {
    /// Stored as `optional`, `always` or `below:<percent>`; anything unknown is `Always` (the strict
    /// reading).
    pub fn from_code(code: &str) -> Self {
        match code {
            "optional" => CommentRule::Optional,
            "always" => CommentRule::Always,
            other => other
                .strip_prefix("below:")
                .and_then(|p| p.parse::<u8>().ok())
                .filter(|p| (1..=100).contains(p))
                .map(CommentRule::BelowPercent)
                .unwrap_or(CommentRule::Always),
        }
    }

    pub fn code(self) -> String {
        match self {
            CommentRule::Optional => "optional".into(),
            CommentRule::Always => "always".into(),
            CommentRule::BelowPercent(p) => format!("below:{p}"),
        }
    }

    /// Whether `points` out of `max` need a comment.
    pub fn requires_comment(self, points: u32, max: u32) -> bool {
        match self {
            CommentRule::Optional => false,
            CommentRule::Always => true,
            CommentRule::BelowPercent(p) => (points as u64) * 100 < (p as u64) * (max as u64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_is_strict() {
        for r in [
            CommentRule::Optional,
            CommentRule::Always,
            CommentRule::BelowPercent(50),
        ] {
            assert_eq!(CommentRule::from_code(&r.code()), r);
        }
        assert_eq!(CommentRule::from_code("below:0"), CommentRule::Always);
        assert_eq!(CommentRule::from_code("?"), CommentRule::Always);
    }

    #[test]
    fn below_half_marks_needs_a_comment() {
        let r = CommentRule::BelowPercent(50);
        assert!(r.requires_comment(17, 35));
        assert!(!r.requires_comment(18, 35));
        assert!(!r.requires_comment(15, 30));
        assert!(r.requires_comment(14, 30));
        assert!(!CommentRule::Optional.requires_comment(0, 30));
        assert!(CommentRule::Always.requires_comment(30, 30));
    }
}

/// A score for people: two decimals at most, the Vietnamese decimal comma, no trailing zeros
/// (`82,5`, `90`).
pub fn format_score(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}
