//! The council's workbooks (XLSX): the meeting sheet of a campaign (its ranking, and each reviewer's
//! points per criterion) and the list of recognised initiatives. A header row that stays in view,
//! filters on it, Vietnamese column names, numbers and dates as numbers and dates. A title typed as
//! `=HYPERLINK(…)` stays text: only strings are written, never formulas.
use super::{DocumentError, Progress};
use crate::accounts::{User, conflicts, staff};
use crate::catalog;
use crate::council::deliberation;
use crate::entities::{author, decision, initiative, unit};
use crate::{Error, Result};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use types::{Level, format_share};

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number, blank when there is none.
    Number(Option<f64>),
    Date(Option<NaiveDate>),
    /// An instant, written as local date and time.
    Moment(Option<DateTime<Utc>>),
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

/// One sheet: its name, column headings with widths (in characters), and rows.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<(String, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

fn t(key: &str) -> String {
    super::text(&format!("documents.xlsx.{key}"))
}

impl Sheet {
    fn new(name_key: &str, columns: &[(&str, f64)]) -> Self {
        Sheet {
            name: t(name_key),
            columns: columns.iter().map(|(k, w)| (t(k), *w)).collect(),
            rows: Vec::new(),
        }
    }
}

/// Writes the sheets into one workbook.
pub fn workbook(sheets: &[Sheet]) -> std::result::Result<Vec<u8>, DocumentError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDE7F0")
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new()
        .set_num_format("0.00")
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top);
    let moment = Format::new()
        .set_num_format("dd/mm/yyyy hh:mm")
        .set_align(FormatAlign::Top);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(DocumentError::Workbook)?;
        for (c, (title, width)) in sheet.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, title, &header)
                .map_err(DocumentError::Workbook)?;
            ws.set_column_width(c, *width)
                .map_err(DocumentError::Workbook)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => ws.write_string_with_format(r, c, fit(s), &text),
                    Cell::Number(Some(x)) => ws.write_number_with_format(r, c, *x, &number),
                    Cell::Date(Some(d)) => ws.write_date_with_format(r, c, &excel_date(*d)?, &date),
                    Cell::Moment(Some(at)) => {
                        ws.write_datetime_with_format(r, c, &excel_moment(*at)?, &moment)
                    }
                    Cell::Number(None) | Cell::Date(None) | Cell::Moment(None) => continue,
                }
                .map_err(DocumentError::Workbook)?;
            }
        }
        let last_col = sheet.columns.len().saturating_sub(1) as u16;
        ws.set_freeze_panes(1, 0).map_err(DocumentError::Workbook)?;
        ws.autofilter(0, 0, sheet.rows.len() as u32, last_col)
            .map_err(DocumentError::Workbook)?;
    }
    book.save_to_buffer().map_err(DocumentError::Workbook)
}

/// A cell holds at most 32,767 UTF-16 units: a longer text is cut there (on a character), with an
/// ellipsis.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_767;
    if s.encode_utf16().count() <= MAX {
        return s.into();
    }
    let mut cut = String::new();
    let mut units = 0;
    for c in s.chars() {
        if units + c.len_utf16() > MAX - 1 {
            break;
        }
        units += c.len_utf16();
        cut.push(c);
    }
    cut.push('…');
    cut.into()
}

fn excel_date(d: NaiveDate) -> std::result::Result<ExcelDateTime, DocumentError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .map_err(DocumentError::Workbook)
}

fn excel_moment(at: DateTime<Utc>) -> std::result::Result<ExcelDateTime, DocumentError> {
    use chrono::Timelike;
    let local = at.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    excel_date(local.date_naive())?
        .and_hms(
            local.hour() as u16,
            local.minute() as u8,
            local.second() as f64,
        )
        .map_err(DocumentError::Workbook)
}

fn level_text(l: Option<Level>) -> String {
    l.map(|l| super::text(&l.label_key())).unwrap_or_default()
}

/// The council's meeting sheet of a campaign: the ranking (first sheet) and every reviewer's points
/// per criterion (second sheet). For the campaign's staff and council members; entries the caller
/// is in conflict with are left out, as on the council page.
pub async fn meeting_sheet(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    progress: &Progress,
) -> Result<Vec<u8>> {
    let (_, rows) = deliberation::ranking(db, actor, campaign_id).await?;
    progress.start(rows.len());
    let criteria = catalog::criteria(db, campaign_id).await?;
    let mut ranking = Sheet::new(
        "ranking_sheet",
        &[
            ("rank", 7.0),
            ("code", 14.0),
            ("title", 48.0),
            ("status", 16.0),
            ("sheets_in", 10.0),
            ("sheets_assigned", 10.0),
            ("aggregate", 11.0),
            ("calibrated", 11.0),
            ("spread", 11.0),
            ("flags", 48.0),
            ("flags_open", 11.0),
            ("decision", 18.0),
            ("level", 14.0),
            ("agree", 9.0),
            ("disagree", 9.0),
        ],
    );
    let mut columns: Vec<(&str, f64)> = vec![("code", 14.0), ("title", 40.0), ("reviewer", 24.0)];
    let criterion_titles: Vec<String> = criteria
        .iter()
        .map(|c| {
            rust_i18n::t!(
                "documents.xlsx.criterion",
                name = c.name,
                max = c.max_points
            )
            .into_owned()
        })
        .collect();
    columns.extend([
        ("total", 11.0),
        ("calibrated", 11.0),
        ("submitted_at", 18.0),
    ]);
    let mut sheets = Sheet::new("sheets_sheet", &columns);
    // The criteria go between the reviewer and the total.
    let at = 3;
    for (k, title) in criterion_titles.into_iter().enumerate() {
        sheets.columns.insert(at + k, (title, 14.0));
    }
    for (k, r) in rows.iter().enumerate() {
        // A council member who is one of its reviewers and has not sent their own sheet sees its
        // row, not the others' sheets (as on the council page).
        let panel = match deliberation::panel(db, actor, r.initiative_id).await {
            Ok(p) => Some(p),
            Err(Error::NotFound) => None,
            Err(e) => return Err(e),
        };
        let code = r.code.clone().unwrap_or_default();
        let (decision, level) = match &r.decision {
            Some(d) if d.recognised => (t("recognised"), level_text(d.level)),
            Some(_) => (t("refused"), String::new()),
            None => (String::new(), String::new()),
        };
        let flags: Vec<String> = panel
            .iter()
            .flat_map(|p| p.flags.iter().map(|f| p.flag_sentence(f)))
            .collect();
        ranking.rows.push(vec![
            Cell::Number(Some((k + 1) as f64)),
            code.clone().into(),
            r.title.clone().into(),
            super::text(&r.status.label_key()).into(),
            Cell::Number(Some(r.sheets as f64)),
            Cell::Number(Some(r.assigned as f64)),
            Cell::Number(r.aggregate),
            Cell::Number(r.calibrated),
            Cell::Number(r.spread_pct),
            flags.join("\n").into(),
            Cell::Number(Some(r.unresolved as f64)),
            decision.into(),
            level.into(),
            Cell::Number(r.decision.as_ref().map(|d| d.agree as f64)),
            Cell::Number(r.decision.as_ref().map(|d| d.disagree as f64)),
        ]);
        for s in panel.iter().flat_map(|p| &p.sheets) {
            let mut row: Vec<Cell> = vec![
                code.clone().into(),
                r.title.clone().into(),
                s.reviewer_name.clone().into(),
            ];
            row.extend(criteria.iter().map(|c| {
                Cell::Number(
                    s.scores
                        .iter()
                        .find(|x| x.0 == c.id)
                        .map(|x| f64::from(x.1)),
                )
            }));
            row.extend([
                Cell::Number(s.total),
                Cell::Number(s.calibrated),
                Cell::Moment(s.submitted_at),
            ]);
            sheets.rows.push(row);
        }
        progress.step();
    }
    Ok(workbook(&[ranking, sheets])?)
}

/// What the list says of one recognised entry's decision.
struct Record {
    score: Option<f64>,
    level: Option<String>,
    number: Option<String>,
    on: Option<NaiveDate>,
    published: bool,
}

/// The list of a campaign's recognised initiatives, by case number: authors with their shares, unit,
/// score, level, decision number and date, and whether the decision is published. For the campaign's
/// staff, without the entries they are in conflict with.
pub async fn recognised_list(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    progress: &Progress,
) -> Result<Vec<u8>> {
    if !staff::may_act_on_campaign(db, actor, campaign_id).await? {
        return Err(Error::NotFound);
    }
    let entries = initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .order_by_asc(initiative::Column::Code)
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?;
    // As on the council page: never an entry the caller is in conflict with.
    let all: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let blocked = conflicts::blocked_for(db, &all, actor.id).await?;
    let entries: Vec<initiative::Model> = entries
        .into_iter()
        .filter(|e| !blocked.contains(&e.id))
        .collect();
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let mut decisions: HashMap<i64, decision::Model> = HashMap::new();
    let mut authors: HashMap<i64, Vec<author::Model>> = HashMap::new();
    // In slices, so a large campaign stays under the database's limit of bound values.
    for chunk in ids.chunks(500) {
        for d in decision::Entity::find()
            .filter(decision::Column::InitiativeId.is_in(chunk.to_vec()))
            .filter(decision::Column::Outcome.eq("recognised"))
            .all(db)
            .await?
        {
            decisions.insert(d.initiative_id, d);
        }
        for a in author::Entity::find()
            .filter(author::Column::InitiativeId.is_in(chunk.to_vec()))
            .order_by_asc(author::Column::Position)
            .all(db)
            .await?
        {
            authors.entry(a.initiative_id).or_default().push(a);
        }
    }
    let units: HashMap<i64, String> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut sheet = Sheet::new(
        "recognised_sheet",
        &[
            ("number", 7.0),
            ("code", 14.0),
            ("title", 48.0),
            ("authors", 40.0),
            ("unit", 30.0),
            ("score", 10.0),
            ("level", 14.0),
            ("decision_no", 16.0),
            ("decided_on", 13.0),
            ("published", 12.0),
        ],
    );
    // The council's decision; for an entry imported as recognised (no decision row), its record.
    let recognised = types::Status::Recognised.code();
    let records: Vec<(&initiative::Model, Record)> = entries
        .iter()
        .filter_map(|e| match decisions.get(&e.id) {
            Some(d) => Some((
                e,
                Record {
                    score: d.score,
                    level: d.level.clone(),
                    number: d.decision_no.clone(),
                    on: Some(d.decided_on),
                    published: d.published_at.is_some(),
                },
            )),
            None if e.status == recognised => Some((
                e,
                Record {
                    score: e.score,
                    level: e.level.clone(),
                    number: e.decision_no.clone(),
                    on: e.decided_on,
                    published: true,
                },
            )),
            None => None,
        })
        .collect();
    progress.start(records.len());
    for (e, d) in records {
        progress.step();
        let names = authors
            .get(&e.id)
            .map(|list| {
                list.iter()
                    .map(|a| {
                        format!(
                            "{} ({}%)",
                            a.name,
                            format_share(a.share_tenths.max(0) as u32)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        let published = if d.published {
            t("published_yes")
        } else {
            t("published_no")
        };
        sheet.rows.push(vec![
            Cell::Number(Some((sheet.rows.len() + 1) as f64)),
            e.code.clone().unwrap_or_default().into(),
            e.title.clone().into(),
            names.into(),
            units.get(&e.unit_id).cloned().unwrap_or_default().into(),
            Cell::Number(d.score),
            level_text(d.level.as_deref().and_then(Level::from_code)).into(),
            d.number.clone().unwrap_or_default().into(),
            Cell::Date(d.on),
            published.into(),
        ]);
    }
    Ok(workbook(&[sheet])?)
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis() {
        assert_eq!(fit("Mường Bám"), "Mường Bám");
        let long = "ạ".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), 32_767);
        assert!(cut.ends_with('…'));
        // Outside the basic plane a character takes two units.
        let wide = "😀".repeat(20_000);
        assert!(fit(&wide).encode_utf16().count() <= 32_767);
    }
}
