//! The summing-up on paper: its workbook (a sheet per heading, and the proposals) and its report
//! set in type, with the date the list was issued or "draft".
use super::{Basis, ProposalKind, Tally, gather, require_staff};
use crate::accounts::User;
use crate::documents::typeset::Template;
use crate::documents::workbooks::{Cell, Sheet, workbook};
use crate::documents::{Labels, Pdf, Progress, labels_of, papers, place_date, text};
use crate::{Result, time};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use types::{Level, format_share};

fn label(kind: &str, code: &str) -> String {
    if code.is_empty() {
        return xt("none");
    }
    text(&format!("{kind}.{code}"))
}

fn level_label(code: Option<&str>) -> String {
    code.and_then(Level::from_code)
        .map(|l| text(&l.label_key()))
        .unwrap_or_default()
}

/// "SK-2026-0001 Title (Cấp tỉnh; QĐ 12/QĐ-UBND, 15/03/2026; 60%)", one per line.
fn basis_lines(basis: &[Basis]) -> Vec<String> {
    basis
        .iter()
        .map(|b| {
            let mut parts = vec![level_label(b.level.as_deref())];
            if let Some(no) = &b.decision_no {
                let on = b.decided_on.map(time::format_date).unwrap_or_default();
                parts.push(
                    rust_i18n::t!("documents.summing.decision_line", no = no, on = on)
                        .trim()
                        .to_owned(),
                );
            }
            if let Some(s) = b.share_tenths {
                parts.push(format!("{}%", format_share(s)));
            }
            let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
            format!(
                "{} {} ({})",
                b.code.clone().unwrap_or_default(),
                b.title,
                parts.join("; ")
            )
            .trim()
            .to_owned()
        })
        .collect()
}

fn xt(key: &str) -> String {
    text(&format!("documents.summing.{key}"))
}

fn sheet(name: &str, columns: &[(&str, f64)]) -> Sheet {
    Sheet {
        name: xt(name),
        columns: columns.iter().map(|(k, w)| (xt(k), *w)).collect(),
        rows: Vec::new(),
    }
}

fn tally_sheet(
    name: &str,
    heading: &str,
    tallies: &[Tally],
    label_of: impl Fn(&str) -> String,
) -> Sheet {
    let ranked = tallies.iter().any(|t| t.rank.is_some());
    let mut cols = vec![];
    if ranked {
        cols.push(("col_rank", 8.0));
    }
    cols.extend([
        (heading, 40.0),
        ("col_filed", 12.0),
        ("col_recognised", 12.0),
        ("col_provincial", 16.0),
    ]);
    let mut s = sheet(name, &cols);
    for t in tallies {
        let mut row = vec![];
        if ranked {
            row.push(Cell::Number(t.rank.map(f64::from)));
        }
        row.extend([
            Cell::Text(label_of(&t.key)),
            Cell::Number(Some(t.filed.into())),
            Cell::Number(Some(t.recognised.into())),
            Cell::Number(Some(t.provincial.into())),
        ]);
        s.rows.push(row);
    }
    s
}

fn kind_label(k: ProposalKind) -> String {
    xt(&format!("kind_{}", k.code()))
}

/// The summing-up as a workbook: units ranked, pillars, sectors, levels, and the proposals. For
/// the campaign's staff.
pub async fn workbook_of(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    progress: &Progress,
) -> Result<Vec<u8>> {
    require_staff(db, actor, campaign_id).await?;
    let s = gather(db, campaign_id, Some(progress)).await?;
    let mut proposals = sheet(
        "sheet_proposals",
        &[
            ("col_no", 7.0),
            ("col_kind", 12.0),
            ("col_name", 30.0),
            ("col_unit", 30.0),
            ("col_award", 30.0),
            ("col_basis", 60.0),
            ("col_note", 30.0),
        ],
    );
    for (i, p) in s.proposals.iter().enumerate() {
        proposals.rows.push(vec![
            Cell::Number(Some((i + 1) as f64)),
            kind_label(p.kind).into(),
            p.name.clone().into(),
            p.unit.clone().unwrap_or_default().into(),
            p.award.clone().into(),
            basis_lines(&p.basis).join("\n").into(),
            p.note.clone().unwrap_or_default().into(),
        ]);
    }
    Ok(workbook(&[
        tally_sheet("sheet_units", "col_unit", &s.by_unit, |k| k.to_owned()),
        tally_sheet("sheet_pillars", "col_pillar", &s.by_pillar, |k| {
            label("pillar", k)
        }),
        tally_sheet("sheet_sectors", "col_sector", &s.by_sector, |k| {
            label("sector", k)
        }),
        tally_sheet("sheet_levels", "col_level", &s.by_level, |k| {
            label("level", k)
        }),
        proposals,
    ])?)
}

#[derive(Serialize)]
struct Row {
    rank: String,
    name: String,
    filed: u32,
    recognised: u32,
    provincial: u32,
}

#[derive(Serialize)]
struct ProposalRow {
    name: String,
    unit: String,
    award: String,
    basis: Vec<String>,
    note: String,
}

#[derive(Serialize)]
struct Report {
    t: Labels,
    campaign: String,
    place_date: String,
    overview: String,
    state: String,
    units: Vec<Row>,
    pillars: Vec<Row>,
    sectors: Vec<Row>,
    levels: Vec<Row>,
    collectives: Vec<ProposalRow>,
    individuals: Vec<ProposalRow>,
}

fn rows(tallies: &[Tally], label_of: impl Fn(&str) -> String) -> Vec<Row> {
    tallies
        .iter()
        .map(|t| Row {
            rank: t.rank.map(|r| r.to_string()).unwrap_or_default(),
            name: label_of(&t.key),
            filed: t.filed,
            recognised: t.recognised,
            provincial: t.provincial,
        })
        .collect()
}

/// The summing-up report (PDF): the figures, the units ranked, and the proposals, with the date
/// the list was issued (or "draft"). For the campaign's staff.
pub async fn report_of(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    progress: &Progress,
) -> Result<Pdf> {
    require_staff(db, actor, campaign_id).await?;
    let s = gather(db, campaign_id, Some(progress)).await?;
    let date = s
        .issued_at
        .map(|at| at.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh).date_naive());
    let state = match s.issued_at {
        Some(at) => rust_i18n::t!(
            "documents.summing.issued_on",
            at = time::format_datetime(at)
        )
        .into_owned(),
        None => xt("draft"),
    };
    let overview = rust_i18n::t!(
        "documents.summing.overview",
        filed = s.filed,
        recognised = s.recognised,
        units = s.by_unit.len()
    )
    .into_owned();
    let proposal_rows = |kind: ProposalKind| -> Vec<ProposalRow> {
        s.proposals
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| ProposalRow {
                name: p.name.clone(),
                unit: p.unit.clone().unwrap_or_default(),
                award: p.award.clone(),
                basis: basis_lines(&p.basis),
                note: p.note.clone().unwrap_or_default(),
            })
            .collect()
    };
    let data = Report {
        t: labels_of("summing"),
        campaign: s.campaign_name.clone(),
        place_date: place_date(date),
        overview,
        state,
        units: rows(&s.by_unit, |k| k.to_owned()),
        pillars: rows(&s.by_pillar, |k| label("pillar", k)),
        sectors: rows(&s.by_sector, |k| label("sector", k)),
        levels: rows(&s.by_level, |k| label("level", k)),
        collectives: proposal_rows(ProposalKind::Collective),
        individuals: proposal_rows(ProposalKind::Individual),
    };
    Ok(Pdf {
        bytes: papers::set(Template::SummingUp, data).await?,
        file_name: format!("tong-ket-dot-{campaign_id}.pdf"),
    })
}
