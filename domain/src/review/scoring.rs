//! The council's arithmetic, free of any database: weighted totals, aggregation (mean, median, trimmed
//! mean), calibration of reviewers (z-scores within the campaign), disagreement flags and the vote rule.
//! Services feed it rows; everything here is tested on worked examples.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use types::{Aggregation, CommentRule};

/// Rounds to two decimals (how scores are stored and shown).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Σ weight × points.
pub fn weighted_total(points_and_weights: &[(u32, f64)]) -> f64 {
    round2(points_and_weights.iter().map(|(p, w)| *p as f64 * w).sum())
}

/// The aggregate of an entry's sheet totals by the campaign's method. The trimmed mean drops the
/// highest and the lowest total when there are at least three; with fewer it is the mean.
pub fn aggregate(method: Aggregation, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
    let x = match method {
        Aggregation::Mean => mean(&v),
        Aggregation::Median => {
            let n = v.len();
            if n % 2 == 1 {
                v[n / 2]
            } else {
                (v[n / 2 - 1] + v[n / 2]) / 2.0
            }
        }
        Aggregation::TrimmedMean if v.len() >= 3 => mean(&v[1..v.len() - 1]),
        Aggregation::TrimmedMean => mean(&v),
    };
    Some(round2(x))
}

/// Count, mean and population standard deviation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
}

pub fn stats(xs: &[f64]) -> Option<Stats> {
    if xs.is_empty() {
        return None;
    }
    let n = xs.len();
    let mean = xs.iter().sum::<f64>() / n as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
    Some(Stats {
        n,
        mean,
        sd: var.sqrt(),
    })
}

const EPSILON: f64 = 1e-9;

/// Reviewer calibration within a campaign. A reviewer's total becomes a z-score among that reviewer's
/// own submitted totals, mapped back onto the campaign's distribution of totals (its mean and standard
/// deviation), clamped to the scale. A severe and a lenient reviewer who rank the same way then give
/// the same calibrated scores. A reviewer with a single sheet is left as scored (nothing to
/// calibrate against); one who gave every entry the same total maps to the campaign mean.
#[derive(Clone, Debug)]
pub struct Calibration {
    overall: Option<Stats>,
    reviewers: BTreeMap<i64, Stats>,
    max: f64,
}

impl Calibration {
    /// `sheets`: (reviewer id, total) of every submitted sheet of the campaign; `max`: the top of the
    /// scale (Σ weight × max points).
    pub fn new(sheets: &[(i64, f64)], max: f64) -> Self {
        let all: Vec<f64> = sheets.iter().map(|(_, x)| *x).collect();
        let mut by: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
        for (r, x) in sheets {
            by.entry(*r).or_default().push(*x);
        }
        Calibration {
            overall: stats(&all),
            reviewers: by
                .into_iter()
                .filter_map(|(r, xs)| stats(&xs).map(|s| (r, s)))
                .collect(),
            max,
        }
    }

    /// The calibrated value of `reviewer`'s total `x`, rounded to two decimals.
    pub fn calibrate(&self, reviewer: i64, x: f64) -> f64 {
        let (Some(all), Some(own)) = (self.overall, self.reviewers.get(&reviewer)) else {
            return round2(x);
        };
        if own.n < 2 {
            return round2(x);
        }
        let z = if own.sd > EPSILON {
            (x - own.mean) / own.sd
        } else {
            0.0
        };
        round2((all.mean + z * all.sd).clamp(0.0, self.max))
    }

    /// Standard deviation of every total of the campaign (the yardstick of the outlier flag).
    pub fn campaign_sd(&self) -> Option<f64> {
        self.overall.filter(|s| s.n >= 2).map(|s| s.sd)
    }
}

/// A criterion as the flags need it.
#[derive(Clone, Debug)]
pub struct CriterionRule {
    pub code: String,
    pub max_points: u32,
    pub comment_rule: CommentRule,
}

/// One submitted sheet as the flags need it.
#[derive(Clone, Debug)]
pub struct SheetFacts {
    pub reviewer_id: i64,
    pub total: f64,
    /// (criterion code, points, whether a comment was written)
    pub scores: Vec<(String, u32, bool)>,
}

/// Why an entry needs the chair's attention before it can be decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// Highest minus lowest points on a criterion above the campaign's threshold.
    Spread {
        criterion: String,
        spread: u32,
        limit: f64,
    },
    /// A reviewer's total further from the mean of the other reviewers than the campaign's number of
    /// standard deviations (of all the campaign's totals).
    Outlier { reviewer_id: i64, distance_sd: f64 },
    /// A comment the rubric requires is missing.
    MissingComment { reviewer_id: i64, criterion: String },
}

impl Flag {
    /// What a resolution note refers to: the same flag with other numbers is still resolved.
    pub fn key(&self) -> String {
        match self {
            Flag::Spread { criterion, .. } => format!("spread:{criterion}"),
            Flag::Outlier { reviewer_id, .. } => format!("outlier:{reviewer_id}"),
            Flag::MissingComment {
                reviewer_id,
                criterion,
            } => format!("comment:{reviewer_id}:{criterion}"),
        }
    }
}

/// The flags of one entry. `spread_pct`: threshold as a percentage of a criterion's maximum;
/// `outlier_sd`: the number of standard deviations; `campaign_sd`: from `Calibration::campaign_sd`.
/// The outlier flag needs three sheets or more (with two, the spread flag speaks).
pub fn flags(
    criteria: &[CriterionRule],
    sheets: &[SheetFacts],
    spread_pct: u32,
    outlier_sd: f64,
    campaign_sd: Option<f64>,
) -> Vec<Flag> {
    let mut out = Vec::new();
    if sheets.len() >= 2 {
        for c in criteria {
            let points: Vec<u32> = sheets
                .iter()
                .filter_map(|s| s.scores.iter().find(|(code, ..)| *code == c.code))
                .map(|(_, p, _)| *p)
                .collect();
            let (Some(lo), Some(hi)) = (points.iter().min(), points.iter().max()) else {
                continue;
            };
            let limit = c.max_points as f64 * spread_pct as f64 / 100.0;
            if (hi - lo) as f64 > limit + EPSILON {
                out.push(Flag::Spread {
                    criterion: c.code.clone(),
                    spread: hi - lo,
                    limit: round2(limit),
                });
            }
        }
    }
    if let Some(sd) = campaign_sd.filter(|sd| *sd > EPSILON && sheets.len() >= 3) {
        for (i, s) in sheets.iter().enumerate() {
            let others: Vec<f64> = sheets
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| o.total)
                .collect();
            let rest = others.iter().sum::<f64>() / others.len() as f64;
            let distance = (s.total - rest).abs() / sd;
            if distance > outlier_sd + EPSILON {
                out.push(Flag::Outlier {
                    reviewer_id: s.reviewer_id,
                    distance_sd: round2(distance),
                });
            }
        }
    }
    for s in sheets {
        for c in criteria {
            if let Some((_, points, has_comment)) =
                s.scores.iter().find(|(code, ..)| *code == c.code)
                && !has_comment
                && c.comment_rule.requires_comment(*points, c.max_points)
            {
                out.push(Flag::MissingComment {
                    reviewer_id: s.reviewer_id,
                    criterion: c.code.clone(),
                });
            }
        }
    }
    out
}

/// The council's rule: at least `numerator / denominator` of the members entitled to vote agree
/// (DOMAIN.md §2: two thirds). Exact integer arithmetic: with 7 members and 2/3, 5 pass and 4 do not.
pub fn vote_passes(agree: u32, entitled: u32, numerator: u32, denominator: u32) -> bool {
    entitled > 0
        && denominator > 0
        && (agree as u64) * (denominator as u64) >= (numerator as u64) * (entitled as u64)
}

/// The fewest agreeing votes that pass.
pub fn votes_needed(entitled: u32, numerator: u32, denominator: u32) -> u32 {
    if denominator == 0 {
        return entitled;
    }
    ((numerator as u64 * entitled as u64).div_ceil(denominator as u64)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregation_methods_on_a_worked_example() {
        let v = [62.0, 70.0, 71.0, 95.0];
        assert_eq!(aggregate(Aggregation::Mean, &v), Some(74.5));
        assert_eq!(aggregate(Aggregation::Median, &v), Some(70.5));
        // 62 and 95 dropped: (70 + 71) / 2
        assert_eq!(aggregate(Aggregation::TrimmedMean, &v), Some(70.5));
        let odd = [80.0, 40.0, 60.0];
        assert_eq!(aggregate(Aggregation::Median, &odd), Some(60.0));
        assert_eq!(aggregate(Aggregation::TrimmedMean, &odd), Some(60.0));
        assert_eq!(
            aggregate(Aggregation::Mean, &[70.0, 71.0, 71.0]),
            Some(70.67)
        );
    }

    #[test]
    fn trimmed_mean_of_two_is_the_mean_and_nothing_aggregates_to_none() {
        assert_eq!(
            aggregate(Aggregation::TrimmedMean, &[50.0, 60.0]),
            Some(55.0)
        );
        assert_eq!(aggregate(Aggregation::Median, &[]), None);
    }

    #[test]
    fn weighted_total_multiplies_each_criterion_by_its_weight() {
        assert_eq!(weighted_total(&[(27, 1.0), (30, 1.0), (20, 1.0)]), 77.0);
        assert_eq!(weighted_total(&[(10, 2.0), (5, 0.5)]), 22.5);
    }

    #[test]
    fn calibration_maps_a_severe_and_a_lenient_reviewer_onto_one_scale() {
        // Reviewer 1 is severe (60, 70, 80), reviewer 2 lenient (80, 85, 90). Campaign: mean 77.5,
        // sd √(587.5 / 6) = 9.895. Each one's best sheet has z = 1.2247 → 77.5 + 1.2247 × 9.895.
        let sheets = [
            (1, 60.0),
            (1, 70.0),
            (1, 80.0),
            (2, 80.0),
            (2, 85.0),
            (2, 90.0),
        ];
        let c = Calibration::new(&sheets, 100.0);
        assert_eq!(c.calibrate(1, 80.0), 89.62);
        assert_eq!(c.calibrate(2, 90.0), 89.62);
        assert_eq!(c.calibrate(1, 70.0), 77.5);
        assert_eq!(c.calibrate(2, 85.0), 77.5);
        assert_eq!(c.calibrate(1, 60.0), 65.38);
        assert!((c.campaign_sd().unwrap() - 9.895).abs() < 0.001);
    }

    #[test]
    fn calibration_leaves_a_single_sheet_alone_and_flattens_a_constant_reviewer() {
        let sheets = [(1, 50.0), (1, 90.0), (2, 75.0), (3, 60.0), (3, 60.0)];
        let c = Calibration::new(&sheets, 100.0);
        assert_eq!(c.calibrate(2, 75.0), 75.0);
        assert_eq!(c.calibrate(3, 60.0), 67.0); // campaign mean (335 / 5)
        assert_eq!(c.calibrate(9, 42.0), 42.0); // unknown reviewer: as scored
    }

    #[test]
    fn calibrated_scores_stay_on_the_scale() {
        let sheets = [
            (1, 0.0),
            (1, 100.0),
            (2, 99.0),
            (2, 100.0),
            (3, 0.0),
            (3, 1.0),
        ];
        let c = Calibration::new(&sheets, 100.0);
        let v = c.calibrate(2, 100.0);
        assert!((0.0..=100.0).contains(&v));
    }

    fn rule(code: &str, max: u32, comment_rule: CommentRule) -> CriterionRule {
        CriterionRule {
            code: code.into(),
            max_points: max,
            comment_rule,
        }
    }

    fn sheet(reviewer_id: i64, scores: &[(&str, u32, bool)]) -> SheetFacts {
        SheetFacts {
            reviewer_id,
            total: scores.iter().map(|(_, p, _)| *p as f64).sum(),
            scores: scores
                .iter()
                .map(|(c, p, k)| (c.to_string(), *p, *k))
                .collect(),
        }
    }

    #[test]
    fn a_spread_above_thirty_percent_of_the_maximum_is_flagged() {
        let criteria = [
            rule("novelty", 30, CommentRule::Optional),
            rule("effect", 35, CommentRule::Optional),
        ];
        // novelty: 27 − 17 = 10 > 9 (30 % of 30); effect: 30 − 20 = 10 ≤ 10.5
        let sheets = [
            sheet(1, &[("novelty", 27, true), ("effect", 30, true)]),
            sheet(2, &[("novelty", 17, true), ("effect", 20, true)]),
        ];
        let f = flags(&criteria, &sheets, 30, 2.0, None);
        assert_eq!(
            f,
            vec![Flag::Spread {
                criterion: "novelty".into(),
                spread: 10,
                limit: 9.0
            }]
        );
        // exactly at the threshold is not above it
        let at = [
            sheet(1, &[("novelty", 27, true)]),
            sheet(2, &[("novelty", 18, true)]),
        ];
        assert!(flags(&criteria[..1], &at, 30, 2.0, None).is_empty());
    }

    #[test]
    fn a_reviewer_far_from_the_rest_of_the_panel_is_flagged() {
        let criteria = [rule("all", 100, CommentRule::Optional)];
        let sheets = [
            sheet(1, &[("all", 70, true)]),
            sheet(2, &[("all", 74, true)]),
            sheet(3, &[("all", 40, true)]),
        ];
        // campaign sd 10: reviewer 3 is |40 − 72| / 10 = 3.2 sd from the others; 1 and 2 are 1.3 and
        // 1.9 sd from theirs.
        let f = flags(&criteria, &sheets, 100, 2.0, Some(10.0));
        assert_eq!(
            f,
            vec![Flag::Outlier {
                reviewer_id: 3,
                distance_sd: 3.2
            }]
        );
        // two sheets: no outlier flag, whatever the distance
        assert!(flags(&criteria, &sheets[1..], 100, 2.0, Some(10.0)).is_empty());
    }

    #[test]
    fn a_missing_required_comment_is_flagged() {
        let criteria = [
            rule("novelty", 30, CommentRule::BelowPercent(50)),
            rule("effect", 35, CommentRule::Always),
        ];
        let sheets = [
            sheet(1, &[("novelty", 10, false), ("effect", 35, true)]),
            sheet(2, &[("novelty", 16, false), ("effect", 30, false)]),
        ];
        let f = flags(&criteria, &sheets, 100, 2.0, None);
        assert_eq!(
            f.iter().map(Flag::key).collect::<Vec<_>>(),
            vec!["comment:1:novelty", "comment:2:effect"]
        );
    }

    #[test]
    fn two_thirds_of_seven_needs_five() {
        assert!(vote_passes(5, 7, 2, 3));
        assert!(!vote_passes(4, 7, 2, 3));
        assert_eq!(votes_needed(7, 2, 3), 5);
        assert!(vote_passes(6, 9, 2, 3));
        assert!(!vote_passes(5, 9, 2, 3));
        assert_eq!(votes_needed(9, 2, 3), 6);
        assert!(!vote_passes(0, 0, 2, 3));
        assert!(vote_passes(4, 7, 1, 2));
    }
}
