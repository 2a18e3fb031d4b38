//! The council's rubric form: one row per criterion (code, name, description, maximum points,
//! weight, comment rule, score bands), blank rows ignored. Numbers and bands are read here; the rules
//! of a rubric (codes, ranges, overlapping bands) are the council's (`domain::council::set_rubric`).

use super::{FieldError, FieldErrors};
use crate::review::CommentRule;
use serde::{Deserialize, Serialize};

/// One criterion row of the rubric form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CriterionField {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub max_points: String,
    #[serde(default)]
    pub weight: String,
    #[serde(default)]
    pub comment_rule: String,
    /// One band per line: `27-30: Hoàn toàn mới`.
    #[serde(default)]
    pub bands: String,
}

impl CriterionField {
    pub fn is_blank(&self) -> bool {
        self.code.trim().is_empty() && self.name.trim().is_empty()
    }
}

/// Parses the band lines of a criterion (`min-max: label`, en dash accepted); `None` when a line is
/// not of that form.
pub fn parse_bands(text: &str) -> Option<Vec<(u32, u32, String)>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (range, label) = line.split_once(':')?;
            let (lo, hi) = range.split_once(['-', '–'])?;
            Some((
                lo.trim().parse().ok()?,
                hi.trim().parse().ok()?,
                label.trim().to_string(),
            ))
        })
        .collect()
}

/// A criterion row read from the form: `row` is its number in the form (blank rows count), so an
/// error found later is shown beside the right row.
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionRow {
    pub row: usize,
    pub code: String,
    pub name: String,
    pub description: String,
    pub max_points: u32,
    pub weight: f64,
    /// (min, max, label)
    pub bands: Vec<(u32, u32, String)>,
    pub comment_rule: CommentRule,
}

/// What was typed, as the refused form shows it again (`criteria[k][part]`).
pub fn rubric_values(rows: &[CriterionField]) -> Vec<(String, String)> {
    let mut values = Vec::new();
    for (k, c) in rows.iter().enumerate() {
        for (part, v) in [
            ("code", &c.code),
            ("name", &c.name),
            ("description", &c.description),
            ("max_points", &c.max_points),
            ("weight", &c.weight),
            ("comment_rule", &c.comment_rule),
            ("bands", &c.bands),
        ] {
            values.push((format!("criteria[{k}][{part}]"), v.clone()));
        }
    }
    values
}

/// Reads the rows that are not blank: maximum points a whole number, weight a decimal (comma or
/// point; 1 when empty), bands one `min-max: label` per line. Every error at once, named
/// `criteria[k].part` by the row's number in the form.
pub fn parse_rubric(rows: &[CriterionField]) -> Result<Vec<CriterionRow>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut out = Vec::new();
    for (k, c) in rows.iter().enumerate().filter(|(_, c)| !c.is_blank()) {
        let field = |part: &str| format!("criteria[{k}].{part}");
        let max_points = c.max_points.trim().parse::<u32>().unwrap_or_else(|_| {
            errors.add(&field("max_points"), FieldError::NotANumber);
            0
        });
        let weight = if c.weight.trim().is_empty() {
            1.0
        } else {
            c.weight
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .unwrap_or_else(|_| {
                    errors.add(&field("weight"), FieldError::NotANumber);
                    0.0
                })
        };
        let bands = parse_bands(&c.bands).unwrap_or_else(|| {
            errors.add(&field("bands"), FieldError::NotAllowed);
            vec![]
        });
        out.push(CriterionRow {
            row: k,
            code: c.code.trim().to_string(),
            name: c.name.trim().to_string(),
            description: c.description.trim().to_string(),
            max_points,
            weight,
            bands,
            comment_rule: CommentRule::from_code(&c.comment_rule),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, max: &str, weight: &str, bands: &str) -> CriterionField {
        CriterionField {
            code: code.into(),
            name: "Tính mới".into(),
            max_points: max.into(),
            weight: weight.into(),
            bands: bands.into(),
            ..Default::default()
        }
    }

    #[test]
    fn rows_are_read_with_their_form_numbers_and_blank_rows_are_skipped() {
        let rows = [
            row(
                "tinh_moi",
                "30",
                "1,5",
                "27-30: Hoàn toàn mới\n0–26: Cải tiến",
            ),
            CriterionField::default(),
            row("hieu_qua", "40", "", ""),
        ];
        let parsed = parse_rubric(&rows).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(
            (parsed[0].row, parsed[0].max_points, parsed[0].weight),
            (0, 30, 1.5)
        );
        assert_eq!(
            parsed[0].bands,
            vec![(27, 30, "Hoàn toàn mới".into()), (0, 26, "Cải tiến".into())]
        );
        assert_eq!((parsed[1].row, parsed[1].weight), (2, 1.0));
    }

    #[test]
    fn bad_numbers_and_bands_are_named_by_their_row_in_the_form() {
        let rows = [
            CriterionField::default(),
            row("tinh_moi", "ba mươi", "nặng", "27 đến 30"),
        ];
        let errors = parse_rubric(&rows).unwrap_err();
        let names: Vec<&str> = errors.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "criteria[1].max_points",
                "criteria[1].weight",
                "criteria[1].bands"
            ]
        );
        assert_eq!(
            rubric_values(&rows[1..])[0],
            ("criteria[0][code]".to_string(), "tinh_moi".to_string())
        );
    }
}
