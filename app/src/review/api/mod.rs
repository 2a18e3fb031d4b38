//! Review: the secretary's list, screening, assignment and corrections; the reviewer's queue and
//! score sheet. The entry's panel (what staff see of one entry) is `panel`.
pub(crate) mod panel;
#[cfg(feature = "ssr")]
use panel::convert::{criteria_dto, sheet_dto};
pub use panel::*;

use crate::dto::{InitiativeDto, SummaryDto};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecretaryListDto {
    pub rows: Vec<SummaryDto>,
    /// Campaigns, newest first: (id, name), for their council pages.
    pub campaigns: Vec<(i64, String)>,
    /// The list's tabs with how many entries each holds (the search words applied): `can-xu-ly`
    /// (what needs action), each status code, `tat-ca`.
    pub tabs: Vec<(String, usize)>,
    /// The tab shown.
    pub tab: String,
}

/// The secretary's tab of what needs action now (`InitiativeSummary::needs_action`).
pub const TAB_ACTION: &str = "can-xu-ly";
/// The tab of every entry.
pub const TAB_ALL: &str = "tat-ca";

/// Entries for the secretary, newest first, in one tab (`status`: what needs action, the default
/// without search words; a status code; every entry, the default with search words), with every
/// tab's count, and filtered by search words (staff search: entries the secretary is in conflict
/// with are left out).
#[server(endpoint = "thu-ky")]
pub async fn secretary_list(
    status: Option<String>,
    words: Option<String>,
) -> Result<SecretaryListDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let db = services()?.db;
    let words = words.unwrap_or_default();
    let rows = domain::submission::initiatives::for_secretary(&db, &user, None, &words).await?;
    let today = domain::time::local_date(domain::time::now());
    let tab = chosen_tab(status, &words);
    let campaigns = domain::catalog::campaigns(&db).await?;
    Ok(SecretaryListDto::of(rows, today, campaigns, tab))
}

/// The tab asked for when there is one; else what needs action, or every entry for a search.
#[cfg(feature = "ssr")]
fn chosen_tab(status: Option<String>, words: &str) -> String {
    match status.filter(|s| !s.is_empty()) {
        Some(s) if s == TAB_ACTION || s == TAB_ALL || types::Status::from_code(&s).is_some() => s,
        _ if words.trim().is_empty() => TAB_ACTION.to_string(),
        _ => TAB_ALL.to_string(),
    }
}

#[cfg(feature = "ssr")]
impl SecretaryListDto {
    /// The rows of `tab`, with every tab's count (`today` decides what needs action).
    fn of(
        rows: Vec<domain::submission::initiatives::InitiativeSummary>,
        today: chrono::NaiveDate,
        campaigns: Vec<domain::catalog::CampaignInfo>,
        tab: String,
    ) -> Self {
        use types::Status;
        let in_tab = |t: &str, r: &domain::submission::initiatives::InitiativeSummary| match t {
            TAB_ACTION => r.needs_action(today),
            TAB_ALL => true,
            code => r.status.code() == code,
        };
        let tabs = std::iter::once(TAB_ACTION.to_string())
            .chain(
                Status::ALL
                    .iter()
                    .filter(|s| **s != Status::Draft)
                    .map(|s| s.code().to_string()),
            )
            .chain(std::iter::once(TAB_ALL.to_string()))
            .map(|t| {
                let n = rows.iter().filter(|r| in_tab(&t, r)).count();
                (t, n)
            })
            .collect();
        SecretaryListDto {
            rows: rows
                .into_iter()
                .filter(|r| in_tab(&tab, r))
                .map(SummaryDto::from)
                .collect(),
            campaigns: campaigns.into_iter().map(|c| (c.id, c.name)).collect(),
            tabs,
            tab,
        }
    }
}

/// One checkbox of a list posted as `name[k][value]` (hidden) and `name[k][on]` (the box), so the
/// rows stay densely numbered whichever boxes are ticked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub on: String,
}

impl Pick {
    pub fn chosen(rows: &[Pick]) -> impl Iterator<Item = &str> {
        rows.iter()
            .filter(|r| !r.on.is_empty())
            .map(|r| r.value.as_str())
    }
}

/// Screening of one entry (from its panel) or many (from the list): `action` is `eligible`,
/// `correct` (with `message`) or `refuse` (with `reasons` and/or `note`). Back to `back` with the
/// counts done and skipped.
#[server(endpoint = "so-loai")]
pub async fn screen_entries(
    #[server(default)] ids: Vec<Pick>,
    action: String,
    #[server(default)] reasons: Vec<Pick>,
    #[server(default)] note: String,
    #[server(default)] message: String,
    back: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let back = safe_next(&back);
    let values = vec![
        ("note".to_string(), note.clone()),
        ("message".to_string(), message.clone()),
    ];
    let ids: Vec<i64> = Pick::chosen(&ids)
        .filter_map(|i| i.trim().parse().ok())
        .collect();
    let screen = match screening(&ids, &action, &reasons, &note, &message) {
        Ok(screen) => screen,
        Err((field, e)) => return refuse_field(user.id, values, field, e, &back).await,
    };
    let result = domain::review::screening::screen(&services()?.db, &user, &ids, &screen).await;
    let next = match &result {
        Ok(r) => with_counts(&back, r),
        Err(_) => back.clone(),
    };
    form_result(result, user.id, values, &back, &next).await
}

/// The screening asked for, or the field refused and why: no entry ticked, no action, or the
/// message of a request for corrections.
#[cfg(feature = "ssr")]
fn screening(
    ids: &[i64],
    action: &str,
    reasons: &[Pick],
    note: &str,
    message: &str,
) -> Result<domain::review::screening::Screen, (&'static str, types::FieldError)> {
    use domain::review::screening::Screen;
    if ids.is_empty() {
        return Err(("ids", types::FieldError::Required));
    }
    match action {
        "eligible" => Ok(Screen::Eligible),
        "correct" => types::Remark::parse(message)
            .map(Screen::NeedsCorrection)
            .map_err(|e| ("message", e)),
        "refuse" => Ok(Screen::Refuse {
            reasons: Pick::chosen(reasons)
                .filter_map(types::RefusalReason::from_code)
                .collect(),
            note: note.to_string(),
        }),
        _ => Err(("action", types::FieldError::Required)),
    }
}

/// `back` saying how many entries were screened and how many skipped.
#[cfg(feature = "ssr")]
fn with_counts(back: &str, r: &domain::review::screening::Report) -> String {
    let sep = if back.contains('?') { '&' } else { '?' };
    format!(
        "{back}{sep}da-xu-ly={}&bo-qua={}",
        r.done.len(),
        r.skipped.len()
    )
}

/// Assigns the reviewers ticked (`reviewers[k]`, one or several, all or none) by hand, then back to
/// the panel, which says how many.
#[server(endpoint = "phan-cong")]
pub async fn assign_reviewer(
    initiative_id: i64,
    #[server(default)] reviewers: Vec<Pick>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    // The boxes ticked come back ticked when the post is refused.
    let ticked: Vec<(String, String)> = Pick::chosen(&reviewers)
        .map(|r| ("reviewers".to_string(), r.trim().to_string()))
        .collect();
    let parsed: Option<Vec<i64>> = ticked.iter().map(|(_, v)| v.parse().ok()).collect();
    let error = match &parsed {
        None => Some(types::FieldError::UnknownCode),
        Some(ids) if ids.is_empty() => Some(types::FieldError::Required),
        Some(_) => None,
    };
    if let Some(e) = error {
        return refuse_field(user.id, ticked, "reviewers", e, &page).await;
    }
    let ids = parsed.unwrap_or_default();
    let r = domain::review::assign_many(&services()?.db, &user, initiative_id, &ids).await;
    // Said on the page it comes back to, beside the list that now holds the people.
    let done = format!("{page}?da-phan-cong={}#phan-cong", ids.len());
    form_result(r, user.id, ticked, &page, &done).await
}

/// The chair lifts an organisation conflict, with a reason.
#[server(endpoint = "go-xung-dot")]
pub async fn override_conflict(
    initiative_id: i64,
    user_id: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    let values = vec![("reason".to_string(), reason.clone())];
    let r =
        domain::council::override_conflict(&services()?.db, &user, initiative_id, user_id, &reason)
            .await;
    form_result(r, user.id, values, &page, &page).await
}

/// A reviewer declares a conflict with an entry assigned to them (reason and confirmation needed):
/// the entry leaves their queue.
#[server(endpoint = "khai-xung-dot")]
pub async fn declare_conflict(
    initiative_id: i64,
    #[server(default)] reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::sheet(initiative_id);
    let values = vec![("reason".to_string(), reason.clone())];
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, values, &page).await;
    }
    let r = domain::review::declare_conflict(&services()?.db, &user, initiative_id, &reason).await;
    form_result(
        r,
        user.id,
        values,
        &page,
        &format!("{}?da-khai-bao=1", crate::paths::queue()),
    )
    .await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItemDto {
    pub initiative: SummaryDto,
    /// `chua-cham`, `nhap` or `da-gui`.
    pub state: String,
    pub total: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueDto {
    pub items: Vec<QueueItemDto>,
    pub submitted: usize,
    pub total: usize,
    pub deadline: Option<String>,
}

/// The reviewer's queue, optionally only the entries in one sheet state (`loc`).
#[server(endpoint = "hang-cho-cham")]
pub async fn reviewer_queue(state: Option<String>) -> Result<QueueDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let only = state
        .as_deref()
        .and_then(domain::review::SheetState::from_code);
    let q = domain::review::queue(&services()?.db, &user, only).await?;
    Ok(QueueDto {
        items: q
            .items
            .into_iter()
            .map(|i| QueueItemDto {
                initiative: i.initiative.into(),
                state: i.state.code().into(),
                total: i.total,
            })
            .collect(),
        submitted: q.submitted,
        total: q.total,
        deadline: q.deadline.map(domain::time::format_datetime),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetPageDto {
    pub initiative: InitiativeDto,
    pub criteria: Vec<CriterionDto>,
    pub own: Option<SheetDto>,
    /// The saved draft as typed.
    pub draft: Vec<ScoreField>,
    /// Σ weight × points of the draft's valid points (computed on the server, so it shows without
    /// JavaScript after "Lưu nháp").
    pub draft_total: Option<f64>,
    /// The other reviewers' sheets, anonymous, once one's own is submitted.
    pub others: Vec<SheetDto>,
    pub scale_max: f64,
    /// The sheet can still be written (the review open, the council's vote not over).
    pub writable: bool,
}

/// The scoring page for an assigned reviewer.
#[server(endpoint = "phieu-cham")]
pub async fn sheet_data(id: i64) -> Result<SheetPageDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = domain::review::sheet_page(&services()?.db, &user, id).await?;
    Ok(SheetPageDto::from(page))
}

#[cfg(feature = "ssr")]
impl From<domain::review::SheetPage> for SheetPageDto {
    fn from(page: domain::review::SheetPage) -> Self {
        let typed: Vec<(String, u32, f64)> = page
            .draft
            .iter()
            .filter_map(|d| {
                let c = page.criteria.iter().find(|c| c.id == d.criterion_id)?;
                Some((d.points.clone(), c.max_points, c.weight))
            })
            .collect();
        SheetPageDto {
            draft_total: crate::components::islands::weighted_sum(&typed),
            writable: page.writable,
            initiative: page.view.into(),
            criteria: criteria_dto(page.criteria),
            own: page.own.map(sheet_dto),
            draft: page
                .draft
                .into_iter()
                .map(|d| ScoreField {
                    criterion_id: d.criterion_id.to_string(),
                    band: d.band,
                    points: d.points,
                    comment: d.comment,
                })
                .collect(),
            others: page.others.into_iter().map(sheet_dto).collect(),
            scale_max: page.scale_max,
        }
    }
}

/// One criterion as posted by the score form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreField {
    #[serde(default)]
    pub criterion_id: String,
    /// The band picked (`min-max`), for criteria with bands.
    #[serde(default)]
    pub band: String,
    #[serde(default)]
    pub points: String,
    #[serde(default)]
    pub comment: String,
}

/// Saves the reviewer's sheet as a draft (`action=save`) or submits it (`action=submit`, final);
/// refused input comes back with every value and the errors.
#[server(endpoint = "cham-diem")]
pub async fn submit_scores(
    initiative_id: i64,
    #[server(default)] scores: Vec<ScoreField>,
    #[server(default)] action: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::sheet(initiative_id);
    let input = score_inputs(&scores);
    let values = score_values(&input);
    let db = services()?.db;
    if action == "save" {
        let r = domain::review::save_draft(&db, &user, initiative_id, &input).await;
        let next = format!("{page}?da-luu=1#phieu-cham");
        return form_result(r, user.id, values, &page, &next).await;
    }
    let r = domain::review::submit_sheet(&db, &user, initiative_id, &input).await;
    let next = format!("{}?da-gui=1", crate::paths::queue());
    form_result(r, user.id, values, &page, &next).await
}

/// The criteria posted, as the services take them (a row without a criterion id is dropped).
#[cfg(feature = "ssr")]
fn score_inputs(scores: &[ScoreField]) -> Vec<domain::review::ScoreInput> {
    scores
        .iter()
        .filter_map(|s| {
            Some(domain::review::ScoreInput {
                criterion_id: s.criterion_id.trim().parse().ok()?,
                band: s.band.clone(),
                points: s.points.clone(),
                comment: s.comment.clone(),
            })
        })
        .collect()
}

/// The values kept for a refused sheet: `band_<id>`, `points_<id>` and `comment_<id>`.
#[cfg(feature = "ssr")]
fn score_values(input: &[domain::review::ScoreInput]) -> Vec<(String, String)> {
    input
        .iter()
        .flat_map(|s| {
            [
                (format!("band_{}", s.criterion_id), s.band.clone()),
                (format!("points_{}", s.criterion_id), s.points.clone()),
                (format!("comment_{}", s.criterion_id), s.comment.clone()),
            ]
        })
        .collect()
}

/// The secretary asks the filer for corrections, with a message.
#[server(endpoint = "yeu-cau-bo-sung")]
pub async fn request_corrections(initiative_id: i64, message: String) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    let values = vec![("message".to_string(), message.clone())];
    let msg = match types::Remark::parse(&message) {
        Ok(m) => m,
        Err(e) => return refuse_field(user.id, values, "message", e, &page).await,
    };
    let r =
        domain::submission::corrections::request(&services()?.db, &user, initiative_id, msg).await;
    form_result(r, user.id, values, &page, &page).await
}

/// Applies the automatic assignment shown: each pair posted as `pairs[k]` = `entry:reviewer`.
#[server(endpoint = "ap-dung-phan-cong")]
pub async fn apply_assignments(
    campaign_id: i64,
    #[server(default)] pairs: Vec<String>,
    #[server(default)] cap: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    let pairs = parse_pairs(&pairs);
    if pairs.is_empty() {
        return refuse_field(
            user.id,
            vec![],
            "assignments",
            types::FieldError::Required,
            &page,
        )
        .await;
    }
    let cap = cap.trim().parse::<u32>().ok().filter(|c| *c > 0);
    let r =
        domain::review::apply_assignments(&services()?.db, &user, campaign_id, &pairs, cap).await;
    let next = format!("{page}?da-phan-cong={}#phan-cong", pairs.len());
    form_result(r, user.id, vec![], &page, &next).await
}

/// The pairs posted as `entry:reviewer` (ids); a malformed one is dropped.
#[cfg(feature = "ssr")]
fn parse_pairs(pairs: &[String]) -> Vec<(i64, i64)> {
    pairs
        .iter()
        .filter_map(|p| {
            let (e, r) = p.split_once(':')?;
            Some((e.trim().parse().ok()?, r.trim().parse().ok()?))
        })
        .collect()
}
