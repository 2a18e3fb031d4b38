//! Places across the reform of 1 July 2025 (shared/DOMAIN.md §3): the 12 district-level units were
//! abolished and about 200 communes became 75. An entry keeps the unit of its time, and the public
//! still finds it by place, old or new:
//!
//! - an old unit lies in its district (`units.parent_id`), and its successor is the commune or
//!   ward that took it over (`units.successor_id`);
//! - a unit formed on 1 July 2025 names the former district(s) its area came from (`unit_places`).
//!
//! The place values of a unit are then its own code when it is a commune, ward or district, the
//! codes of the districts and communes above it, the former districts it names, and its successors'
//! codes. Filtering by a former district finds the entries of its old communes and of today's
//! communes formed from it; filtering by today's commune also finds the entries of the old communes
//! merged into it.
//!
//! The mapping is data, kept by the province with `sangkien places FILE.csv` (a file of
//! `unit,former_district,successor` lines, see `parse`); the demo loads `demo/places.csv`.
use crate::entities::{unit, unit_place};
use crate::{Error, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Unit kinds that are places in their own right.
const PLACE_KINDS: [&str; 2] = ["commune", "district"];

/// Every unit and its place codes.
#[derive(Clone, Debug, Default)]
pub struct Places {
    by_unit: HashMap<i64, Vec<String>>,
    units: HashMap<String, unit::Model>,
}

impl Places {
    /// The place codes of a unit (none for a unit without a place, such as a department).
    pub fn of(&self, unit_id: i64) -> &[String] {
        self.by_unit.get(&unit_id).map_or(&[], Vec::as_slice)
    }

    /// The unit with this code.
    pub fn unit(&self, code: &str) -> Option<&unit::Model> {
        self.units.get(code)
    }

    /// Every unit, in no order.
    pub fn units(&self) -> impl Iterator<Item = &unit::Model> {
        self.units.values()
    }

    /// How many entries each place has, from how many each unit has (by code): an entry counts
    /// once in each place of its unit.
    pub fn count(&self, per_unit: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for (code, n) in per_unit {
            let Some(u) = self.units.get(code) else {
                continue;
            };
            for place in self.of(u.id) {
                *out.entry(place.clone()).or_default() += n;
            }
        }
        out
    }
}

/// The places of every unit, from the units and the `unit_places` links.
pub async fn load(db: &impl ConnectionTrait) -> Result<Places> {
    let units = unit::Entity::find().all(db).await?;
    let links = unit_place::Entity::find().all(db).await?;
    Ok(compute(&units, &links))
}

fn compute(units: &[unit::Model], links: &[unit_place::Model]) -> Places {
    let by_id: HashMap<i64, &unit::Model> = units.iter().map(|u| (u.id, u)).collect();
    let mut named: HashMap<i64, Vec<i64>> = HashMap::new();
    for l in links {
        named.entry(l.unit_id).or_default().push(l.place_id);
    }
    let code = |id: i64| by_id.get(&id).map(|u| u.code.clone());
    let mut by_unit = HashMap::new();
    for u in units {
        let mut places = BTreeSet::new();
        // The unit and everything above it (a guard against a loop in bad data).
        let mut seen = HashSet::new();
        let mut at = Some(u);
        while let Some(x) = at.filter(|x| seen.insert(x.id)) {
            if PLACE_KINDS.contains(&x.kind.as_str()) {
                places.insert(x.code.clone());
            }
            places.extend(
                named
                    .get(&x.id)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| code(*p)),
            );
            at = x.parent_id.and_then(|p| by_id.get(&p).copied());
        }
        // The units that took it over, in turn.
        let mut seen = HashSet::from([u.id]);
        let mut next = u.successor_id;
        while let Some(s) = next.filter(|s| seen.insert(*s)) {
            let Some(successor) = by_id.get(&s) else {
                break;
            };
            places.insert(successor.code.clone());
            next = successor.successor_id;
        }
        if !places.is_empty() {
            by_unit.insert(u.id, places.into_iter().collect());
        }
    }
    Places {
        by_unit,
        units: units.iter().map(|u| (u.code.clone(), u.clone())).collect(),
    }
}

/// One line of a places file: a unit, a former district its area lay in, and the unit that took it
/// over (either may be empty, not both). Each names a unit by code, or else by its exact name (case
/// and runs of spaces aside), as `sangkien import` creates units by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceLine {
    pub line: usize,
    pub unit: String,
    pub former_district: Option<String>,
    pub successor: Option<String>,
}

/// What is wrong with a line of a places file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceProblem {
    /// Not three comma-separated columns.
    Columns,
    /// Neither a former district nor a successor.
    Empty,
    /// No unit has this code (the column is named).
    UnknownUnit(&'static str),
    /// The former district is not a district-level unit of before 1 July 2025.
    NotDistrict,
    /// The successor no longer exists, or is the unit itself.
    BadSuccessor,
    /// Another line gives the unit another successor (its line number).
    TwoSuccessors(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceError {
    pub line: usize,
    pub problem: PlaceProblem,
}

/// The lines of a places file: UTF-8 CSV with the columns `unit,former_district,successor` (unit
/// codes or names; a name with a comma in double quotes), an optional header line of those names,
/// blank lines and `#` comments ignored. A unit's
/// lines together give all its former districts and its successor: the file replaces what was
/// stored for the units it names.
pub fn parse(text: &str) -> std::result::Result<Vec<PlaceLine>, Vec<PlaceError>> {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols = split_csv(raw);
        let cols: Vec<&str> = cols.iter().flatten().map(|c| c.trim()).collect();
        if cols.len() != 3 || cols[0].is_empty() {
            errors.push(PlaceError {
                line,
                problem: PlaceProblem::Columns,
            });
            continue;
        }
        if cols == ["unit", "former_district", "successor"] {
            continue;
        }
        let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        let (former_district, successor) = (some(cols[1]), some(cols[2]));
        if former_district.is_none() && successor.is_none() {
            errors.push(PlaceError {
                line,
                problem: PlaceProblem::Empty,
            });
            continue;
        }
        lines.push(PlaceLine {
            line,
            unit: cols[0].to_string(),
            former_district,
            successor,
        });
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// The fields of one CSV line (`"` quotes a field, `""` inside quotes is one `"`); `None` when a
/// quote is left open.
fn split_csv(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.last_mut()?;
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (',', false) => fields.push(String::new()),
            (c, _) => field.push(c),
        }
    }
    (!quoted).then_some(fields)
}

/// What applying a places file changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlacesReport {
    /// Units whose places were replaced.
    pub units: usize,
    /// Links to former districts stored for them.
    pub districts: usize,
    /// Successors stored for them.
    pub successors: usize,
}

/// Checks every line against the units, then replaces the places of the units named, all in one
/// transaction (on any error nothing changes and every bad line is reported), and asks the search
/// index to rebuild so that the place facet follows. With `write` false it only checks: the
/// transaction is rolled back.
pub async fn apply(
    db: &impl TransactionTrait,
    lines: &[PlaceLine],
    write: bool,
) -> std::result::Result<PlacesReport, PlacesFailed> {
    let txn = crate::db::begin(db).await?;
    let report = apply_in(&txn, lines).await?;
    if write {
        crate::outbox::request_rebuild(&txn).await?;
        txn.commit().await.map_err(Error::from)?;
    } else {
        txn.rollback().await.map_err(Error::from)?;
    }
    Ok(report)
}

/// Why a places file was not applied.
#[derive(Debug)]
pub enum PlacesFailed {
    Lines(Vec<PlaceError>),
    Other(Error),
}

impl From<Error> for PlacesFailed {
    fn from(e: Error) -> Self {
        PlacesFailed::Other(e)
    }
}

impl From<sea_orm::DbErr> for PlacesFailed {
    fn from(e: sea_orm::DbErr) -> Self {
        PlacesFailed::Other(e.into())
    }
}

/// `apply` inside a transaction the caller owns (the demo loads its places with its units).
pub async fn apply_in(
    db: &impl ConnectionTrait,
    lines: &[PlaceLine],
) -> std::result::Result<PlacesReport, PlacesFailed> {
    let all = unit::Entity::find().all(db).await?;
    let by_code: HashMap<&str, &unit::Model> = all.iter().map(|u| (u.code.as_str(), u)).collect();
    let by_name: HashMap<String, &unit::Model> = all
        .iter()
        .map(|u| (crate::text::name_key(&u.name), u))
        .collect();
    let units = Lookup { by_code, by_name };
    let mut errors = Vec::new();
    let mut fail = |line: usize, problem| errors.push(PlaceError { line, problem });
    // Per unit id: its former districts, and its successor with the line that gave it.
    let mut plan: BTreeMap<i64, (BTreeSet<i64>, Option<(i64, usize)>)> = BTreeMap::new();
    for l in lines {
        let Some(u) = units.get(&l.unit) else {
            fail(l.line, PlaceProblem::UnknownUnit("unit"));
            continue;
        };
        let district = match &l.former_district {
            None => None,
            Some(code) => match units.get(code) {
                None => {
                    fail(l.line, PlaceProblem::UnknownUnit("former_district"));
                    continue;
                }
                Some(d) if d.kind != "district" || d.valid_to.is_none() => {
                    fail(l.line, PlaceProblem::NotDistrict);
                    continue;
                }
                Some(d) => Some(d.id),
            },
        };
        let successor = match &l.successor {
            None => None,
            Some(code) => match units.get(code) {
                None => {
                    fail(l.line, PlaceProblem::UnknownUnit("successor"));
                    continue;
                }
                Some(s) if s.valid_to.is_some() || s.id == u.id => {
                    fail(l.line, PlaceProblem::BadSuccessor);
                    continue;
                }
                Some(s) => Some(s.id),
            },
        };
        let entry = plan.entry(u.id).or_default();
        entry.0.extend(district);
        if let Some(s) = successor {
            match entry.1 {
                Some((other, first)) if other != s => {
                    fail(l.line, PlaceProblem::TwoSuccessors(first));
                }
                _ => entry.1 = Some((s, l.line)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(PlacesFailed::Lines(errors));
    }
    let mut report = PlacesReport::default();
    for (unit_id, (districts, successor)) in plan {
        unit_place::Entity::delete_many()
            .filter(unit_place::Column::UnitId.eq(unit_id))
            .exec(db)
            .await?;
        if !districts.is_empty() {
            unit_place::Entity::insert_many(districts.iter().map(|d| unit_place::ActiveModel {
                unit_id: Set(unit_id),
                place_id: Set(*d),
            }))
            .exec(db)
            .await?;
        }
        unit::Entity::update_many()
            .col_expr(
                unit::Column::SuccessorId,
                sea_orm::sea_query::Expr::value(successor.map(|s| s.0)),
            )
            .filter(unit::Column::Id.eq(unit_id))
            .exec(db)
            .await?;
        report.units += 1;
        report.districts += districts.len();
        report.successors += usize::from(successor.is_some());
    }
    Ok(report)
}

/// Units by code, or else by name.
struct Lookup<'a> {
    by_code: HashMap<&'a str, &'a unit::Model>,
    by_name: HashMap<String, &'a unit::Model>,
}

impl<'a> Lookup<'a> {
    fn get(&self, code_or_name: &str) -> Option<&'a unit::Model> {
        self.by_code
            .get(code_or_name)
            .or_else(|| self.by_name.get(&crate::text::name_key(code_or_name)))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn u(
        id: i64,
        code: &str,
        kind: &str,
        parent: Option<i64>,
        successor: Option<i64>,
    ) -> unit::Model {
        unit::Model {
            id,
            code: code.into(),
            name: code.into(),
            kind: kind.into(),
            parent_id: parent,
            valid_from: None,
            valid_to: (kind == "district" || successor.is_some())
                .then(|| NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()),
            successor_id: successor,
        }
    }

    #[test]
    fn old_communes_new_communes_and_districts_find_each_other() {
        let units = vec![
            u(1, "ubnd_tinh", "province", None, None),
            u(2, "h_mai_son", "district", Some(1), None),
            u(3, "h_yen_chau", "district", Some(1), None),
            // An old commune of Mai Sơn, merged into today's Xã Mai Sơn.
            u(4, "xa_hat_lot", "commune", Some(2), Some(6)),
            // A school under the old commune.
            u(5, "truong_hat_lot", "other", Some(4), None),
            u(6, "xa_mai_son", "commune", Some(1), None),
            // Today's commune formed from parts of two districts.
            u(7, "xa_chieng_sung", "commune", Some(1), None),
            u(8, "so_y_te", "department", Some(1), None),
        ];
        let links = vec![
            unit_place::Model {
                unit_id: 6,
                place_id: 2,
            },
            unit_place::Model {
                unit_id: 7,
                place_id: 2,
            },
            unit_place::Model {
                unit_id: 7,
                place_id: 3,
            },
        ];
        let p = compute(&units, &links);
        assert_eq!(p.of(4), ["h_mai_son", "xa_hat_lot", "xa_mai_son"]);
        assert_eq!(
            p.of(5),
            ["h_mai_son", "xa_hat_lot"],
            "a unit inherits the places above it"
        );
        assert_eq!(p.of(6), ["h_mai_son", "xa_mai_son"]);
        assert_eq!(p.of(7), ["h_mai_son", "h_yen_chau", "xa_chieng_sung"]);
        assert_eq!(p.of(2), ["h_mai_son"]);
        assert!(p.of(8).is_empty(), "a department is no place");
        assert!(p.of(1).is_empty());
        let units_in = |code: &str| -> HashSet<i64> {
            units
                .iter()
                .filter(|u| p.of(u.id).iter().any(|x| x == code))
                .map(|u| u.id)
                .collect()
        };
        assert_eq!(units_in("h_mai_son"), HashSet::from([2, 4, 5, 6, 7]));
        assert_eq!(units_in("xa_mai_son"), HashSet::from([4, 6]));
        let per_unit = BTreeMap::from([
            ("xa_hat_lot".to_string(), 3),
            ("xa_mai_son".to_string(), 2),
            ("so_y_te".to_string(), 5),
            ("khong_co".to_string(), 1),
        ]);
        let expected = BTreeMap::from([
            ("h_mai_son".to_string(), 5),
            ("xa_hat_lot".to_string(), 3),
            ("xa_mai_son".to_string(), 5),
        ]);
        assert_eq!(p.count(&per_unit), expected);
    }

    #[test]
    fn a_loop_in_bad_data_ends() {
        let units = vec![
            u(1, "a", "commune", Some(2), Some(2)),
            u(2, "b", "commune", Some(1), Some(1)),
        ];
        let p = compute(&units, &[]);
        assert_eq!(p.of(1), ["a", "b"]);
        assert_eq!(p.of(2), ["a", "b"]);
    }

    #[test]
    fn a_file_is_read_whole_and_every_bad_line_is_named() {
        let ok = parse(
            "\u{feff}unit,former_district,successor\n# comment\n\nxa_mai_son, h_mai_son ,\nxa_hat_lot,,xa_mai_son\n",
        )
        .unwrap();
        assert_eq!(
            ok,
            vec![
                PlaceLine {
                    line: 4,
                    unit: "xa_mai_son".into(),
                    former_district: Some("h_mai_son".into()),
                    successor: None,
                },
                PlaceLine {
                    line: 5,
                    unit: "xa_hat_lot".into(),
                    former_district: None,
                    successor: Some("xa_mai_son".into()),
                },
            ]
        );
        let quoted = parse("\"Sở Văn hóa, Thể thao và Du lịch\", h_a ,\"\"\n").unwrap();
        assert_eq!(quoted[0].unit, "Sở Văn hóa, Thể thao và Du lịch");
        assert_eq!(quoted[0].former_district.as_deref(), Some("h_a"));
        assert_eq!(quoted[0].successor, None);
        let bad = parse("xa_a,h_b\nxa_c,,\nxa_d,h_e,\n,h_f,\n\"open,h_g,\n").unwrap_err();
        assert_eq!(
            bad,
            vec![
                PlaceError {
                    line: 1,
                    problem: PlaceProblem::Columns
                },
                PlaceError {
                    line: 2,
                    problem: PlaceProblem::Empty
                },
                PlaceError {
                    line: 4,
                    problem: PlaceProblem::Columns
                },
                PlaceError {
                    line: 5,
                    problem: PlaceProblem::Columns
                },
            ]
        );
    }
}
