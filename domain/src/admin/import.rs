//! Bulk import of past records (`sangkien import FILE.jsonl`, shared/INTERFACES.md §2).
//!
//! Two steps. [`validate`] reads the whole file and either returns every record, checked, or every
//! problem (line, field, reason): nothing touches the database until the whole file is good. [`apply`]
//! then writes all records in one transaction, so a failure half-way leaves the database as it was.
//! `external_id` is the key: a record whose id is already stored is left alone, so importing the same
//! file twice changes nothing. Each imported entry writes its search outbox row in that transaction;
//! the portal's indexer (or the next start) makes it searchable.
use crate::entities::{campaign, initiative, unit};
use crate::submission::initiatives::{self, NewAuthor, day_of};
use crate::text::name_key;
use crate::{Result, catalog, text, time};
use chrono::NaiveDate;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use types::{
    Day, Description, FieldError, FullName, Level, Pillar, Sector, ShortText, SolutionType, Status,
    Summary, Title, parse_code,
};

/// The fields a line may carry; anything else is reported (a misspelt field would otherwise be lost).
const FIELDS: &[&str] = &[
    "external_id",
    "campaign",
    "year",
    "title",
    "summary",
    "description",
    "solution_type",
    "pillar",
    "sector",
    "unit",
    "authors",
    "status",
    "level",
    "score",
    "decided_on",
    "decision_no",
];
const AUTHOR_FIELDS: &[&str] = &["name", "share", "position", "workplace"];
/// Years a past record may carry.
pub const YEARS: (u32, u32) = (2000, 2100);
const MAX_EXTERNAL_ID: usize = 100;
const MAX_NAME: usize = 300;

/// Why a line, or one field of it, was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The line is not UTF-8 JSON, or not one object.
    NotJson(String),
    /// A field the format does not have.
    UnknownField,
    /// A field present with the wrong JSON type (text where a number is due, …).
    WrongType { expected: &'static str },
    /// A value refused by the same rules as the application form.
    Invalid(FieldError),
    /// Only decided records (recognised or refused) are imported.
    NotDecided,
    /// The same `external_id` appears on an earlier line.
    Duplicate { first_line: usize },
}

/// One problem of the file: 1-based line number, the field (empty for the whole line), the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub problem: Problem,
}

/// The decision a past record carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Recognised {
        level: Level,
        score: f64,
        decided_on: NaiveDate,
        decision_no: String,
    },
    Refused {
        level: Option<Level>,
        score: Option<f64>,
        decided_on: Option<NaiveDate>,
        decision_no: Option<String>,
    },
}

/// One checked line.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub line: usize,
    pub external_id: String,
    pub campaign: String,
    pub year: i32,
    pub title: Title,
    pub summary: Summary,
    pub description: String,
    pub solution_type: SolutionType,
    pub pillar: Pillar,
    pub sector: Sector,
    pub unit: String,
    pub authors: Vec<NewAuthor>,
    pub outcome: Outcome,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Entries written now.
    pub imported: usize,
    /// Entries whose `external_id` was already stored, left as they were.
    pub already_present: usize,
    /// Campaigns and units that did not exist and were created, by name.
    pub campaigns_created: Vec<String>,
    pub units_created: Vec<String>,
}

/// Collects the problems of one line while its fields are read.
struct Line<'a> {
    number: usize,
    object: &'a Map<String, Value>,
    errors: Vec<LineError>,
}

impl<'a> Line<'a> {
    fn fail(&mut self, field: &str, problem: Problem) {
        self.errors.push(LineError {
            line: self.number,
            field: field.to_string(),
            problem,
        });
    }

    fn check<T>(&mut self, field: &str, r: std::result::Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.fail(field, Problem::Invalid(e))).ok()
    }

    /// A text field; absent, `null` and blank all read as "".
    fn text(&mut self, field: &str) -> Option<String> {
        match self.object.get(field) {
            None | Some(Value::Null) => Some(String::new()),
            Some(Value::String(s)) => Some(text::nfc(s.trim())),
            Some(_) => {
                self.fail(field, Problem::WrongType { expected: "text" });
                None
            }
        }
    }

    /// A required text field of at most `max` characters.
    fn required(&mut self, field: &str, max: usize) -> Option<String> {
        let s = self.text(field)?;
        let r = if s.is_empty() {
            Err(FieldError::Required)
        } else if s.chars().count() > max {
            Err(FieldError::TooLong { max })
        } else {
            Ok(s)
        };
        self.check(field, r)
    }

    fn code<T>(&mut self, field: &str, from_code: fn(&str) -> Option<T>) -> Option<T> {
        let s = self.text(field)?;
        self.check(field, parse_code(&s, from_code))
    }

    /// A number field; `Ok(None)` when absent.
    fn number(&mut self, field: &str) -> Option<Option<f64>> {
        match self.object.get(field) {
            None | Some(Value::Null) => Some(None),
            Some(Value::Number(n)) => Some(n.as_f64()),
            Some(_) => {
                self.fail(field, Problem::WrongType { expected: "number" });
                None
            }
        }
    }

    fn date(&mut self, field: &str, today: Day) -> Option<Option<NaiveDate>> {
        let s = self.text(field)?;
        if s.is_empty() {
            return Some(None);
        }
        let day = self.check(field, Day::parse(&s))?;
        if day > today {
            self.fail(field, Problem::Invalid(FieldError::InFuture));
            return None;
        }
        let d = day_of(day);
        if d.is_none() {
            self.fail(field, Problem::Invalid(FieldError::InvalidDate));
        }
        d.map(Some)
    }

    fn authors(&mut self) -> Option<Vec<NewAuthor>> {
        let rows = match self.object.get("authors") {
            None | Some(Value::Null) => {
                self.fail("authors", Problem::Invalid(FieldError::NoAuthors));
                return None;
            }
            Some(Value::Array(rows)) => rows,
            Some(_) => {
                self.fail("authors", Problem::WrongType { expected: "list" });
                return None;
            }
        };
        if rows.is_empty() {
            self.fail("authors", Problem::Invalid(FieldError::NoAuthors));
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, row) in rows.iter().enumerate() {
            let f = |c: &str| format!("authors[{i}].{c}");
            let Some(row) = row.as_object() else {
                self.fail(
                    &format!("authors[{i}]"),
                    Problem::WrongType { expected: "object" },
                );
                ok = false;
                continue;
            };
            for key in row.keys().filter(|k| !AUTHOR_FIELDS.contains(&k.as_str())) {
                self.fail(&f(key), Problem::UnknownField);
                ok = false;
            }
            let mut person = Line {
                number: self.number,
                object: row,
                errors: Vec::new(),
            };
            let name = person.text("name").and_then(|n| {
                let r = FullName::parse(&n).map(FullName::into_inner);
                person.check("name", r)
            });
            let optional = |person: &mut Line, field: &str| -> Option<Option<String>> {
                let s = person.text(field)?;
                if s.is_empty() {
                    return Some(None);
                }
                let r = ShortText::parse(&s).map(|t| Some(t.into_inner()));
                person.check(field, r)
            };
            let job_title = optional(&mut person, "position");
            let workplace = optional(&mut person, "workplace");
            let share = match row.get("share") {
                Some(Value::Number(n)) => person.check(
                    "share",
                    n.as_f64()
                        .filter(|s| *s > 0.0 && *s <= 100.0 && (s * 10.0).fract().abs() < 1e-9)
                        .map(|s| (s * 10.0).round() as u32)
                        .ok_or(FieldError::InvalidShare),
                ),
                None | Some(Value::Null) => person.check("share", Err(FieldError::Required)),
                Some(_) => {
                    person.fail("share", Problem::WrongType { expected: "number" });
                    None
                }
            };
            for mut e in person.errors {
                e.field = f(&e.field);
                self.errors.push(e);
                ok = false;
            }
            if let (Some(name), Some(job_title), Some(workplace), Some(share_tenths)) =
                (name, job_title, workplace, share)
            {
                out.push(NewAuthor {
                    name,
                    share_tenths,
                    job_title,
                    workplace,
                });
            }
        }
        if !ok {
            return None;
        }
        let sum: u32 = out.iter().map(|a| a.share_tenths).sum();
        if sum != 1000 {
            self.fail(
                "authors",
                Problem::Invalid(FieldError::SharesNotHundred { sum_tenths: sum }),
            );
            return None;
        }
        Some(out)
    }
}

/// Reads one line into a record, or the problems it has.
fn record(
    number: usize,
    object: &Map<String, Value>,
    today: Day,
) -> std::result::Result<Record, Vec<LineError>> {
    let mut l = Line {
        number,
        object,
        errors: Vec::new(),
    };
    for key in object.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        l.fail(key, Problem::UnknownField);
    }
    let external_id = l.required("external_id", MAX_EXTERNAL_ID);
    let campaign = l.required("campaign", MAX_NAME);
    let year = match l.number("year") {
        Some(Some(y)) if y.fract() == 0.0 && (YEARS.0 as f64..=YEARS.1 as f64).contains(&y) => {
            Some(y as i32)
        }
        Some(Some(_)) => l.check(
            "year",
            Err(FieldError::OutOfRange {
                min: YEARS.0,
                max: YEARS.1,
            }),
        ),
        Some(None) => l.check("year", Err(FieldError::Required)),
        None => None,
    };
    let title = l
        .text("title")
        .and_then(|s| l.check("title", Title::parse(&s)));
    let summary = l
        .text("summary")
        .and_then(|s| l.check("summary", Summary::parse(&s)));
    let description = l.text("description").and_then(|s| {
        if s.is_empty() {
            Some(s)
        } else {
            l.check(
                "description",
                Description::parse(&s).map(Description::into_inner),
            )
        }
    });
    let solution_type = l.code("solution_type", SolutionType::from_code);
    let pillar = l.code("pillar", Pillar::from_code);
    let sector = l.code("sector", Sector::from_code);
    let unit = l.required("unit", MAX_NAME);
    let authors = l.authors();
    let status = l.code("status", Status::from_code);
    let recognised = status == Some(Status::Recognised);
    if status.is_some_and(|s| !s.is_decided()) {
        l.fail("status", Problem::NotDecided);
    }
    let level = l.text("level").and_then(|s| {
        if s.is_empty() && !recognised {
            Some(None)
        } else {
            l.check("level", parse_code(&s, Level::from_code)).map(Some)
        }
    });
    let score = l.number("score").and_then(|s| match s {
        None if recognised => l.check("score", Err(FieldError::Required)),
        Some(v) if !(0.0..=100.0).contains(&v) => {
            l.check("score", Err(FieldError::OutOfRange { min: 0, max: 100 }))
        }
        other => Some(other),
    });
    let decided_on = l.date("decided_on", today).and_then(|d| match d {
        None if recognised => l.check("decided_on", Err(FieldError::Required)),
        other => Some(other),
    });
    let decision_no = l.text("decision_no").and_then(|s| {
        if s.is_empty() {
            if recognised {
                l.check("decision_no", Err(FieldError::Required))
            } else {
                Some(None)
            }
        } else if s.chars().count() > MAX_NAME {
            l.check("decision_no", Err(FieldError::TooLong { max: MAX_NAME }))
        } else {
            Some(Some(s))
        }
    });
    if !l.errors.is_empty() {
        return Err(l.errors);
    }
    let outcome = match (level, score, decided_on, decision_no) {
        (Some(Some(level)), Some(Some(score)), Some(Some(decided_on)), Some(Some(decision_no)))
            if recognised =>
        {
            Outcome::Recognised {
                level,
                score,
                decided_on,
                decision_no,
            }
        }
        (Some(level), Some(score), Some(decided_on), Some(decision_no)) if !recognised => {
            Outcome::Refused {
                level,
                score,
                decided_on,
                decision_no,
            }
        }
        _ => unreachable_line(number)?,
    };
    match (
        external_id,
        campaign,
        year,
        title,
        summary,
        description,
        solution_type,
        pillar,
        sector,
        unit,
        authors,
    ) {
        (
            Some(external_id),
            Some(campaign),
            Some(year),
            Some(title),
            Some(summary),
            Some(description),
            Some(solution_type),
            Some(pillar),
            Some(sector),
            Some(unit),
            Some(authors),
        ) => Ok(Record {
            line: number,
            external_id,
            campaign,
            year,
            title,
            summary,
            description,
            solution_type,
            pillar,
            sector,
            unit,
            authors,
            outcome,
        }),
        _ => unreachable_line(number),
    }
}

/// Every reader above records a problem whenever it yields nothing; reaching this means one did not.
fn unreachable_line<T>(number: usize) -> std::result::Result<T, Vec<LineError>> {
    Err(vec![LineError {
        line: number,
        field: String::new(),
        problem: Problem::NotJson("incomplete record".into()),
    }])
}

/// Checks a whole JSON Lines file (UTF-8; a byte-order mark, CRLF line ends and blank lines are
/// accepted). Returns every record, or every problem of every line, in line order.
pub fn validate(bytes: &[u8], today: Day) -> std::result::Result<Vec<Record>, Vec<LineError>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut records = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let not_json = |reason: String| LineError {
            line: number,
            field: String::new(),
            problem: Problem::NotJson(reason),
        };
        let value: Value = match std::str::from_utf8(raw)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(s).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(reason) => {
                errors.push(not_json(reason));
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            errors.push(not_json("not a JSON object".into()));
            continue;
        };
        match record(number, object, today) {
            Ok(r) => {
                if let Some(first_line) = seen.get(&r.external_id) {
                    errors.push(LineError {
                        line: number,
                        field: "external_id".into(),
                        problem: Problem::Duplicate {
                            first_line: *first_line,
                        },
                    });
                } else {
                    seen.insert(r.external_id.clone(), number);
                    records.push(r);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// `external_id`s among `ids` already stored.
async fn stored_ids(db: &impl sea_orm::ConnectionTrait, ids: &[String]) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        let found: Vec<Option<String>> = initiative::Entity::find()
            .select_only()
            .column(initiative::Column::ExternalId)
            .filter(initiative::Column::ExternalId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(found.into_iter().flatten());
    }
    Ok(out)
}

/// A code for a unit created by an import: `nhap_` and its folded name, made unique.
fn unit_code(name: &str, taken: &HashSet<String>) -> String {
    let mut slug = String::new();
    for c in text::fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let base: String = format!("nhap_{}", slug.trim_matches('_'))
        .chars()
        .take(60)
        .collect();
    let mut code = base.clone();
    let mut n = 2;
    while taken.contains(&code) {
        code = format!("{base}_{n}");
        n += 1;
    }
    code
}

/// Writes the records in one transaction (see the module documentation). `progress` is called with
/// (records done, records in all) as the work advances.
pub async fn apply(
    db: &impl sea_orm::TransactionTrait,
    records: &[Record],
    mut progress: impl FnMut(usize, usize),
) -> Result<Report> {
    let txn = crate::db::begin(db).await?;
    let mut report = Report::default();
    let ids: Vec<String> = records.iter().map(|r| r.external_id.clone()).collect();
    let stored = stored_ids(&txn, &ids).await?;
    let mut campaigns: HashMap<String, i64> = campaign::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| (c.name, c.id))
        .collect();
    // Units by name as people write it; a unit that still exists wins over a dissolved namesake.
    let all_units = unit::Entity::find().all(&txn).await?;
    let mut codes: HashSet<String> = all_units.iter().map(|u| u.code.clone()).collect();
    let province = all_units
        .iter()
        .find(|u| u.kind == "province" && u.parent_id.is_none())
        .map(|u| u.id);
    let mut units: HashMap<String, i64> = HashMap::new();
    for u in all_units.iter().filter(|u| u.valid_to.is_some()) {
        units.insert(name_key(&u.name), u.id);
    }
    for u in all_units.iter().filter(|u| u.valid_to.is_none()) {
        units.insert(name_key(&u.name), u.id);
    }
    let now = time::now();
    for (done, r) in records.iter().enumerate() {
        progress(done, records.len());
        if stored.contains(&r.external_id) {
            report.already_present += 1;
            continue;
        }
        let campaign_id = match campaigns.get(&r.campaign) {
            Some(id) => *id,
            None => {
                let opens =
                    time::local_midnight(NaiveDate::from_ymd_opt(r.year, 1, 1).unwrap_or_default());
                let closes = time::local_midnight(
                    NaiveDate::from_ymd_opt(r.year + 1, 1, 1).unwrap_or_default(),
                );
                let id = catalog::ensure_campaign(
                    &txn,
                    &r.campaign,
                    r.year,
                    opens,
                    closes,
                    "",
                    &catalog::default_rubric(),
                )
                .await?;
                campaigns.insert(r.campaign.clone(), id);
                report.campaigns_created.push(r.campaign.clone());
                id
            }
        };
        let unit_id = match units.get(&name_key(&r.unit)) {
            Some(id) => *id,
            None => {
                let code = unit_code(&r.unit, &codes);
                let id = catalog::ensure_unit(&txn, &code, &r.unit, "other", province).await?;
                codes.insert(code);
                units.insert(name_key(&r.unit), id);
                report.units_created.push(r.unit.clone());
                id
            }
        };
        let (status, level, score, decided_on, decision_no) = match &r.outcome {
            Outcome::Recognised {
                level,
                score,
                decided_on,
                decision_no,
            } => (
                Status::Recognised,
                Some(*level),
                Some(*score),
                Some(*decided_on),
                Some(decision_no.clone()),
            ),
            Outcome::Refused {
                level,
                score,
                decided_on,
                decision_no,
            } => (
                Status::Refused,
                *level,
                *score,
                *decided_on,
                decision_no.clone(),
            ),
        };
        let code = initiatives::next_case_number(&txn, r.year).await?;
        let id = initiative::Entity::insert(initiative::ActiveModel {
            code: Set(Some(code)),
            external_id: Set(Some(r.external_id.clone())),
            campaign_id: Set(campaign_id),
            owner_id: Set(None),
            title: Set(r.title.as_str().to_string()),
            summary: Set(r.summary.as_str().to_string()),
            description: Set(r.description.clone()),
            solution_type: Set(r.solution_type.code().into()),
            pillar: Set(r.pillar.code().into()),
            sector: Set(r.sector.code().into()),
            unit_id: Set(unit_id),
            status: Set(status.code().into()),
            level: Set(level.map(|l| l.code().to_string())),
            score: Set(score),
            decided_on: Set(decided_on),
            decision_no: Set(decision_no),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?
        .last_insert_id;
        initiatives::insert_authors(&txn, id, r.authors.iter().cloned()).await?;
        // History and the search outbox row, in this transaction.
        initiatives::record_status(&txn, id, None, status, None, None).await?;
        report.imported += 1;
    }
    progress(records.len(), records.len());
    txn.commit().await?;
    Ok(report)
}
