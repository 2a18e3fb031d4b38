//! The council's side: the secretary's list and panel (assign, see scores, decide) and the reviewer's
//! queue and score sheet.
use crate::dto::{InitiativeDto, SummaryDto};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Entries for the secretary, optionally filtered by status code.
#[server(endpoint = "thu-ky")]
pub async fn secretary_list(status: Option<String>) -> Result<Vec<SummaryDto>, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let status = status.as_deref().and_then(types::Status::from_code);
    let rows = domain::initiatives::for_secretary(&services()?.db, &user, status)
        .await
        .map_err(map_err)?;
    Ok(rows.into_iter().map(SummaryDto::from).collect())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandDto {
    pub min: u32,
    pub max: u32,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionDto {
    pub id: i64,
    pub name: String,
    pub max_points: u32,
    pub bands: Vec<BandDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetDto {
    pub reviewer_name: String,
    /// (criterion id, points, comment)
    pub scores: Vec<(i64, u32, String)>,
    pub total: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelDto {
    pub initiative: InitiativeDto,
    pub criteria: Vec<CriterionDto>,
    pub sheets: Vec<SheetDto>,
    pub mean: Option<f64>,
    /// Reviewers who can still be assigned: (id, name).
    pub available: Vec<(i64, String)>,
    /// Corrections can still be asked for.
    pub can_request_corrections: bool,
    /// Filed versions: (number, time).
    pub versions: Vec<(i32, String)>,
    /// The two versions compared (older, newer): the last two unless others were chosen.
    pub compared: Option<(i32, i32)>,
    /// What changed between the compared versions.
    pub changes: Vec<ChangeDto>,
}

/// One changed field between two versions; lines marked `=`, `-` or `+`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeDto {
    pub field: String,
    pub lines: Vec<(char, String)>,
}

#[cfg(feature = "ssr")]
fn criteria_dto(c: Vec<domain::catalog::CriterionInfo>) -> Vec<CriterionDto> {
    c.into_iter()
        .map(|c| CriterionDto {
            id: c.id,
            name: c.name,
            max_points: c.max_points,
            bands: c
                .bands
                .into_iter()
                .map(|b| BandDto {
                    min: b.min,
                    max: b.max,
                    label: b.label,
                })
                .collect(),
        })
        .collect()
}

#[cfg(feature = "ssr")]
fn sheet_dto(s: domain::review::SheetView) -> SheetDto {
    SheetDto {
        reviewer_name: s.reviewer_name,
        scores: s.scores,
        total: s.total,
    }
}

/// Which two filed versions to compare: the chosen ones when both exist (in either order), else the
/// last two; none when fewer than two were filed or the same one is chosen twice.
pub fn versions_to_compare(
    filed: &[i32],
    from: Option<i32>,
    to: Option<i32>,
) -> Option<(i32, i32)> {
    let last_two = || match filed {
        [.., a, b] => Some((*a, *b)),
        _ => None,
    };
    match (from, to) {
        (Some(a), Some(b)) if filed.contains(&a) && filed.contains(&b) => {
            (a != b).then(|| (a.min(b), a.max(b)))
        }
        _ => last_two(),
    }
}

/// The secretary's panel of one entry; `from` and `to` choose the versions to compare.
#[server(endpoint = "bang-cham")]
pub async fn panel_data(id: i64, from: Option<i32>, to: Option<i32>) -> Result<PanelDto, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let panel = domain::review::panel(&db, &user, id)
        .await
        .map_err(map_err)?;
    let view = domain::initiatives::get_for(&db, Some(&user), id)
        .await
        .map_err(map_err)?;
    let assigned: Vec<i64> = panel.sheets.iter().map(|s| s.reviewer_id).collect();
    let available = domain::accounts::users_with_role(&db, types::Role::Reviewer)
        .await
        .map_err(map_err)?
        .into_iter()
        .filter(|r| !assigned.contains(&r.id) && view.owner_id != Some(r.id))
        .map(|r| (r.id, r.full_name))
        .collect();
    let versions = domain::corrections::versions(&db, &user, id)
        .await
        .map_err(map_err)?;
    let filed: Vec<i32> = versions.iter().map(|v| v.version).collect();
    let compared = versions_to_compare(&filed, from, to);
    let changes = match compared {
        Some((older, newer)) => domain::corrections::diff(&db, &user, id, older, newer)
            .await
            .map_err(map_err)?
            .into_iter()
            .map(|c| ChangeDto {
                field: c.field,
                lines: c
                    .lines
                    .into_iter()
                    .map(|(op, l)| {
                        let mark = match op {
                            domain::corrections::LineChange::Same => '=',
                            domain::corrections::LineChange::Removed => '-',
                            domain::corrections::LineChange::Added => '+',
                        };
                        (mark, l)
                    })
                    .collect(),
            })
            .collect(),
        None => vec![],
    };
    Ok(PanelDto {
        can_request_corrections: domain::corrections::can_request(view.status),
        initiative: view.into(),
        criteria: criteria_dto(panel.criteria),
        sheets: panel.sheets.into_iter().map(sheet_dto).collect(),
        mean: panel.mean,
        available,
        versions: versions
            .into_iter()
            .map(|v| (v.version, domain::time::format_datetime(v.submitted_at)))
            .collect(),
        compared,
        changes,
    })
}

/// Assigns a reviewer, then back to the panel.
#[server(endpoint = "phan-cong")]
pub async fn assign_reviewer(
    initiative_id: i64,
    reviewer_id: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let Some(reviewer_id) = reviewer_id.and_then(|r| r.trim().parse::<i64>().ok()) else {
        let mut e = types::FieldErrors::default();
        e.add("reviewer_id", types::FieldError::Required);
        return refuse_form(Some(user.id), vec![], e, &page).await;
    };
    match domain::review::assign(&services()?.db, &user, initiative_id, reviewer_id).await {
        Ok(()) => {
            redirect(&page);
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => refuse_form(Some(user.id), vec![], e, &page).await,
        Err(e) => Err(map_err(e)),
    }
}

/// Records the decision (recognised with a level, or refused with reasons).
#[server(endpoint = "quyet-dinh")]
pub async fn decide(
    initiative_id: i64,
    outcome: Option<String>,
    level: Option<String>,
    reasons: Option<String>,
    decision_no: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let values = vec![
        ("outcome".to_string(), outcome.clone().unwrap_or_default()),
        ("level".to_string(), level.clone().unwrap_or_default()),
        ("reasons".to_string(), reasons.clone().unwrap_or_default()),
        (
            "decision_no".to_string(),
            decision_no.clone().unwrap_or_default(),
        ),
    ];
    let parsed = types::ValidDecision::parse(
        outcome.as_deref().unwrap_or(""),
        level.as_deref().unwrap_or(""),
        reasons.as_deref().unwrap_or(""),
    );
    // A decision cannot be undone: it is recorded only with the confirmation box ticked.
    let decision = match (parsed, confirm.is_some()) {
        (Ok(d), true) => d,
        (parsed, confirmed) => {
            let mut e = parsed.err().unwrap_or_default();
            if !confirmed {
                e.add("confirm", types::FieldError::Required);
            }
            return refuse_form(Some(user.id), values, e, &page).await;
        }
    };
    match domain::review::decide(&services()?.db, &user, initiative_id, decision, decision_no).await
    {
        Ok(()) => {
            redirect(&page);
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => refuse_form(Some(user.id), values, e, &page).await,
        Err(e) => Err(map_err(e)),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItemDto {
    pub initiative: SummaryDto,
    pub total: Option<u32>,
}

#[server(endpoint = "hang-cho-cham")]
pub async fn reviewer_queue() -> Result<Vec<QueueItemDto>, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let rows = domain::review::queue(&services()?.db, &user)
        .await
        .map_err(map_err)?;
    Ok(rows
        .into_iter()
        .map(|q| QueueItemDto {
            initiative: q.initiative.into(),
            total: q.total,
        })
        .collect())
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetPageDto {
    pub initiative: InitiativeDto,
    pub criteria: Vec<CriterionDto>,
    pub own: Option<SheetDto>,
}

/// The scoring page for an assigned reviewer: the entry, the rubric, and only their own sheet.
#[server(endpoint = "phieu-cham")]
pub async fn sheet_data(id: i64) -> Result<SheetPageDto, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let (view, criteria, own) = domain::review::sheet_page(&services()?.db, &user, id)
        .await
        .map_err(map_err)?;
    Ok(SheetPageDto {
        initiative: view.into(),
        criteria: criteria_dto(criteria),
        own: own.map(sheet_dto),
    })
}

/// One criterion as posted by the score form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreField {
    #[serde(default)]
    pub criterion_id: String,
    #[serde(default)]
    pub points: String,
    #[serde(default)]
    pub comment: String,
}

/// Submits the reviewer's sheet; refused input comes back with every value and the errors.
#[server(endpoint = "cham-diem")]
pub async fn submit_scores(
    initiative_id: i64,
    #[server(default)] scores: Vec<ScoreField>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/cham-diem/{initiative_id}");
    let input: Vec<domain::review::ScoreInput> = scores
        .iter()
        .filter_map(|s| {
            Some(domain::review::ScoreInput {
                criterion_id: s.criterion_id.trim().parse().ok()?,
                points: s.points.clone(),
                comment: s.comment.clone(),
            })
        })
        .collect();
    match domain::review::submit_sheet(&services()?.db, &user, initiative_id, &input).await {
        Ok(_) => {
            redirect("/cham-diem");
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => {
            let values = input
                .iter()
                .flat_map(|s| {
                    [
                        (format!("points_{}", s.criterion_id), s.points.clone()),
                        (format!("comment_{}", s.criterion_id), s.comment.clone()),
                    ]
                })
                .collect();
            refuse_form(Some(user.id), values, e, &page).await
        }
        Err(e) => Err(map_err(e)),
    }
}

/// The secretary asks the filer for corrections, with a message.
#[server(endpoint = "yeu-cau-bo-sung")]
pub async fn request_corrections(initiative_id: i64, message: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let values = vec![("message".to_string(), message.clone())];
    let msg = match types::Remark::parse(&message) {
        Ok(m) => m,
        Err(e) => {
            let mut errors = types::FieldErrors::default();
            errors.add("message", e);
            return refuse_form(Some(user.id), values, errors, &page).await;
        }
    };
    match domain::corrections::request(&services()?.db, &user, initiative_id, msg).await {
        Ok(()) => {
            redirect(&page);
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            refuse_form(Some(user.id), values, errors, &page).await
        }
        Err(e) => Err(map_err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::versions_to_compare;

    #[test]
    fn the_last_two_versions_unless_two_others_are_chosen() {
        assert_eq!(versions_to_compare(&[], None, None), None);
        assert_eq!(versions_to_compare(&[1], None, None), None);
        assert_eq!(versions_to_compare(&[1, 2, 3], None, None), Some((2, 3)));
        assert_eq!(
            versions_to_compare(&[1, 2, 3], Some(3), Some(1)),
            Some((1, 3))
        );
        assert_eq!(
            versions_to_compare(&[1, 2, 3], Some(1), Some(2)),
            Some((1, 2))
        );
        assert_eq!(versions_to_compare(&[1, 2, 3], Some(2), Some(2)), None);
        assert_eq!(
            versions_to_compare(&[1, 2, 3], Some(1), Some(9)),
            Some((2, 3))
        );
    }
}
