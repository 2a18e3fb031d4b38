//! The reviewers' sheets as the review reads them back: one entry's sheets (calibrated) and every
//! submitted total of a campaign (the basis of calibration). The council's panel reads them too.
use crate::Result;
use crate::catalog::{self, CriterionInfo};
use crate::entities::{assignment, score_sheet, sheet_score, user};
use crate::review::scoring::Calibration;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// One reviewer's sheet on the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetView {
    pub assignment_id: i64,
    pub reviewer_id: i64,
    pub reviewer_name: String,
    /// (criterion id, points, comment) in rubric order; empty until the sheet is submitted.
    pub scores: Vec<(i64, u32, String)>,
    /// Σ weight × points of the submitted sheet.
    pub total: Option<f64>,
    /// The reviewer's total calibrated within the campaign.
    pub calibrated: Option<f64>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Every submitted sheet of a campaign: (entry, reviewer, weighted total).
pub async fn campaign_totals(
    db: &impl ConnectionTrait,
    campaign_id: i64,
) -> Result<Vec<(i64, i64, f64)>> {
    let entries = catalog::entry_ids(db, campaign_id).await?;
    if entries.is_empty() {
        return Ok(vec![]);
    }
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.is_in(entries))
        .all(db)
        .await?;
    let by_id: HashMap<i64, &assignment::Model> = assignments.iter().map(|a| (a.id, a)).collect();
    if by_id.is_empty() {
        return Ok(vec![]);
    }
    let sheets = score_sheet::Entity::find()
        .filter(score_sheet::Column::AssignmentId.is_in(by_id.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?;
    Ok(sheets
        .into_iter()
        .filter_map(|s| {
            let a = by_id.get(&s.assignment_id)?;
            Some((
                a.initiative_id,
                a.reviewer_id,
                s.weighted_total.unwrap_or(s.total as f64),
            ))
        })
        .collect())
}

/// The sheets of one entry (assigned reviewers in assignment order), calibrated with `calibration`.
pub(crate) async fn sheets_of(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    criteria: &[CriterionInfo],
    calibration: &Calibration,
) -> Result<Vec<SheetView>> {
    let assigned = assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(initiative_id))
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for a in assigned {
        let name = user::Entity::find_by_id(a.reviewer_id)
            .one(db)
            .await?
            .map(|u| u.full_name)
            .unwrap_or_default();
        let sheet = score_sheet::Entity::find()
            .filter(score_sheet::Column::AssignmentId.eq(a.id))
            .one(db)
            .await?;
        let mut view = SheetView {
            assignment_id: a.id,
            reviewer_id: a.reviewer_id,
            reviewer_name: name,
            scores: vec![],
            total: None,
            calibrated: None,
            submitted_at: None,
        };
        if let Some(s) = sheet {
            let rows = sheet_score::Entity::find()
                .filter(sheet_score::Column::SheetId.eq(s.id))
                .all(db)
                .await?;
            view.scores = criteria
                .iter()
                .filter_map(|c| {
                    rows.iter()
                        .find(|r| r.criterion_id == c.id)
                        .map(|r| (c.id, r.points.max(0) as u32, r.comment.clone()))
                })
                .collect();
            let total = s.weighted_total.unwrap_or(s.total as f64);
            view.total = Some(total);
            view.calibrated = Some(calibration.calibrate(a.reviewer_id, total));
            view.submitted_at = Some(s.submitted_at);
        }
        out.push(view);
    }
    Ok(out)
}
