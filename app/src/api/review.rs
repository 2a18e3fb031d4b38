//! The council's side: the secretary's list and panel (assign, see scores, decide) and the reviewer's
//! queue and score sheet.
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
    use crate::ssr::*;
    use types::Status;
    let user = require_user().await?;
    let db = services()?.db;
    let words = words.unwrap_or_default();
    let rows = domain::initiatives::for_secretary(&db, &user, None, &words)
        .await
        .map_err(map_err)?;
    let today = domain::time::local_date(domain::time::now());
    // Opens on what needs action; a search looks through everything.
    let tab = match status.filter(|s| !s.is_empty()) {
        Some(s) if s == TAB_ACTION || s == TAB_ALL || Status::from_code(&s).is_some() => s,
        _ if words.trim().is_empty() => TAB_ACTION.to_string(),
        _ => TAB_ALL.to_string(),
    };
    let in_tab = |t: &str, r: &domain::initiatives::InitiativeSummary| match t {
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
    let campaigns = domain::catalog::campaigns(&db)
        .await
        .map_err(map_err)?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(SecretaryListDto {
        rows: rows
            .into_iter()
            .filter(|r| in_tab(&tab, r))
            .map(SummaryDto::from)
            .collect(),
        campaigns,
        tabs,
        tab,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandDto {
    pub min: u32,
    pub max: u32,
    pub label: String,
}

impl BandDto {
    /// "21–30: Hoàn toàn mới"; a band of one value reads "0: Không có tính mới", not "0–0".
    pub fn text(&self) -> String {
        if self.min == self.max {
            format!("{}: {}", self.min, self.label)
        } else {
            format!("{}–{}: {}", self.min, self.max, self.label)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CriterionDto {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub max_points: u32,
    pub weight: f64,
    pub bands: Vec<BandDto>,
    pub comment_rule: types::CommentRule,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetDto {
    pub assignment_id: i64,
    /// Empty for other reviewers' sheets shown to a reviewer (anonymous).
    pub reviewer_name: String,
    /// (criterion id, points, comment)
    pub scores: Vec<(i64, u32, String)>,
    pub total: Option<f64>,
    pub calibrated: Option<f64>,
    pub submitted_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TallyDto {
    pub agree: u32,
    pub disagree: u32,
    pub entitled: u32,
    pub needed: u32,
    pub passed: bool,
    pub secret: bool,
    /// (member, their vote in an open ballot); empty while the vote is open.
    pub voters: Vec<(String, Option<bool>)>,
    pub ballots: u32,
    /// The vote is over: the counts above are real (before, they are zero and hidden).
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionDto {
    pub recognised: bool,
    pub level: Option<types::Level>,
    pub award: Option<String>,
    pub reasons: Option<String>,
    pub decision_no: Option<String>,
    pub decided_on: String,
    pub score: Option<f64>,
    pub calibrated_score: Option<f64>,
    pub comment: Option<String>,
    pub agree: u32,
    pub disagree: u32,
    pub entitled: u32,
    pub published: bool,
}

/// A reviewer with a conflict of interest with the entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictDto {
    pub user_id: i64,
    pub name: String,
    pub kinds: Vec<types::ConflictKind>,
    /// Only organisation conflicts can be lifted by the chair.
    pub overridable: bool,
}

/// A phase of the campaign with its dates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseDto {
    pub phase: types::Phase,
    pub starts: String,
    pub ends: String,
    /// `YYYY-MM-DD` of the local start and end, for date inputs.
    pub starts_on: String,
    pub ends_on: String,
    pub open_now: bool,
}

impl PhaseDto {
    /// The first and last day as the rest of the portal writes dates (dd/mm/yyyy).
    pub fn days_vi(&self) -> (String, String) {
        let vi = |d: &str| {
            types::Day::parse(d)
                .map(|d| d.vi())
                .unwrap_or_else(|_| d.to_string())
        };
        (vi(&self.starts_on), vi(&self.ends_on))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelDto {
    pub initiative: InitiativeDto,
    pub campaign_id: i64,
    pub criteria: Vec<CriterionDto>,
    pub sheets: Vec<SheetDto>,
    pub aggregation: types::Aggregation,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    pub rank_by_calibrated: bool,
    pub scale_max: f64,
    /// Every flag, as a sentence.
    pub flags: Vec<String>,
    /// Flags not covered by the chair's latest note.
    pub unresolved: Vec<String>,
    /// The chair's latest note: (note, by, at).
    pub resolution: Option<(String, String, String)>,
    pub tally: TallyDto,
    pub decision: Option<DecisionDto>,
    pub phases: Vec<PhaseDto>,
    /// A practice campaign (the demo's): every action stays open whatever the dates.
    pub practice: bool,
    /// The viewer is a secretary (screens, assigns, records the decision).
    pub viewer_is_secretary: bool,
    /// The viewer chairs the council (resolves flags, lifts conflicts, reads sheet histories).
    pub viewer_presides: bool,
    pub viewer_may_vote: bool,
    pub viewer_voted: bool,
    /// Reviewers who can still be assigned (no conflict): (id, name).
    pub available: Vec<(i64, String)>,
    /// Reviewers with a conflict of interest with the entry.
    pub conflicted: Vec<ConflictDto>,
    /// Filed and waiting for screening.
    pub can_screen: bool,
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
pub(crate) mod convert {
    use super::*;
    use crate::i18n::{score, t_with};
    use domain::deliberation as d;
    use domain::time::{format_date, format_datetime};

    pub fn criteria_dto(c: Vec<domain::catalog::CriterionInfo>) -> Vec<CriterionDto> {
        c.into_iter()
            .map(|c| CriterionDto {
                id: c.id,
                code: c.code,
                name: c.name,
                description: c.description,
                max_points: c.max_points,
                weight: c.weight,
                comment_rule: c.comment_rule,
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

    pub fn sheet_dto(s: d::SheetView) -> SheetDto {
        SheetDto {
            assignment_id: s.assignment_id,
            reviewer_name: s.reviewer_name,
            scores: s.scores,
            total: s.total,
            calibrated: s.calibrated,
            submitted_at: s.submitted_at.map(format_datetime),
        }
    }

    pub fn tally_dto(t: d::Tally) -> TallyDto {
        TallyDto {
            agree: t.agree,
            disagree: t.disagree,
            entitled: t.entitled,
            needed: t.needed,
            passed: t.passed,
            secret: t.secret,
            voters: t.voters.into_iter().map(|(_, n, c)| (n, c)).collect(),
            ballots: t.ballots,
            closed: t.closed,
        }
    }

    pub fn decision_dto(x: d::DecisionView) -> DecisionDto {
        DecisionDto {
            recognised: x.recognised,
            level: x.level,
            award: x.award,
            reasons: x.reasons,
            decision_no: x.decision_no,
            decided_on: format_date(x.decided_on),
            score: x.score,
            calibrated_score: x.calibrated_score,
            comment: x.comment,
            agree: x.agree,
            disagree: x.disagree,
            entitled: x.entitled,
            published: x.published,
        }
    }

    pub fn phase_dto(w: domain::council::PhaseWindow) -> PhaseDto {
        let now = domain::time::now();
        let local = |at| domain::time::local_date(at).format("%Y-%m-%d").to_string();
        PhaseDto {
            phase: w.phase,
            starts: format_datetime(w.starts_at),
            ends: format_datetime(w.ends_at),
            starts_on: local(w.starts_at),
            // The window ends at the start of its end day's successor: show the last day.
            ends_on: domain::time::local_date(w.ends_at - chrono::Duration::seconds(1))
                .format("%Y-%m-%d")
                .to_string(),
            open_now: w.contains(now),
        }
    }

    /// A flag as a sentence for the council.
    pub fn flag_text(f: &domain::scoring::Flag, p: &d::Panel) -> String {
        use domain::scoring::Flag;
        let criterion = |code: &str| {
            p.criteria
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| code.to_string())
        };
        let reviewer = |id: i64| {
            p.sheets
                .iter()
                .find(|s| s.reviewer_id == id)
                .map(|s| s.reviewer_name.clone())
                .unwrap_or_default()
        };
        match f {
            Flag::Spread {
                criterion: c,
                spread,
                limit,
            } => t_with(
                "council.flag_spread",
                &[
                    ("criterion", criterion(c)),
                    ("spread", spread.to_string()),
                    ("limit", score(*limit)),
                ],
            ),
            Flag::Outlier {
                reviewer_id,
                distance_sd,
            } => t_with(
                "council.flag_outlier",
                &[
                    ("reviewer", reviewer(*reviewer_id)),
                    ("distance", score(*distance_sd)),
                ],
            ),
            Flag::MissingComment {
                reviewer_id,
                criterion: c,
            } => t_with(
                "council.flag_comment",
                &[
                    ("reviewer", reviewer(*reviewer_id)),
                    ("criterion", criterion(c)),
                ],
            ),
        }
    }
}

#[cfg(feature = "ssr")]
use convert::*;

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

/// An entry's panel for the secretary or a council member; `from` and `to` choose the versions to
/// compare (secretaries only).
#[server(endpoint = "bang-cham")]
pub async fn panel_data(id: i64, from: Option<i32>, to: Option<i32>) -> Result<PanelDto, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let p = domain::deliberation::panel(&db, &user, id)
        .await
        .map_err(map_err)?;
    let view = domain::initiatives::get_for(&db, Some(&user), id)
        .await
        .map_err(map_err)?;
    let secretary = domain::staff::may_act_on_id(&db, &user, id)
        .await
        .map_err(map_err)?;
    // Reviewers who could score it and council members who could vote on it.
    let reviewers = domain::accounts::users_with_role(&db, types::Role::Reviewer)
        .await
        .map_err(map_err)?;
    let mut people: Vec<(i64, String, bool)> = reviewers
        .into_iter()
        .map(|r| (r.id, r.full_name, true))
        .collect();
    for m in domain::council::members(&db, p.campaign_id)
        .await
        .map_err(map_err)?
    {
        if !people.iter().any(|(pid, ..)| *pid == m.user_id) {
            people.push((m.user_id, m.name, false));
        }
    }
    let ids: Vec<i64> = people.iter().map(|(pid, ..)| *pid).collect();
    let conflicts = domain::conflicts::matrix(&db, &[id], &ids)
        .await
        .map_err(map_err)?;
    let assigned: Vec<i64> = p.sheets.iter().map(|s| s.reviewer_id).collect();
    // Each reviewer offered with their unit and how many sheets they still owe.
    let facts = if secretary {
        domain::review::reviewer_facts(&db, &ids)
            .await
            .map_err(map_err)?
    } else {
        Default::default()
    };
    let (mut available, mut conflicted) = (vec![], vec![]);
    if secretary || p.viewer_presides {
        for (pid, name, reviewer) in people {
            match conflicts.get(&(id, pid)) {
                Some(kinds) => conflicted.push(ConflictDto {
                    user_id: pid,
                    name,
                    overridable: kinds.iter().all(|k| k.can_be_overridden()),
                    kinds: kinds.clone(),
                }),
                None if reviewer && !assigned.contains(&pid) && secretary => {
                    let label = match facts.get(&pid) {
                        Some((unit, load)) => crate::i18n::t_with(
                            "secretary.reviewer_option",
                            &[
                                ("name", name.clone()),
                                (
                                    "unit",
                                    unit.clone()
                                        .unwrap_or_else(|| crate::i18n::t("secretary.no_unit")),
                                ),
                                ("load", load.to_string()),
                            ],
                        ),
                        None => name.clone(),
                    };
                    available.push((pid, label))
                }
                None => {}
            }
        }
    }
    let (versions, compared, changes) = if secretary {
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
        let versions = versions
            .into_iter()
            .map(|v| (v.version, domain::time::format_datetime(v.submitted_at)))
            .collect();
        (versions, compared, changes)
    } else {
        (vec![], None, vec![])
    };
    let phases = domain::council::phases(&db, p.campaign_id)
        .await
        .map_err(map_err)?
        .into_iter()
        .map(phase_dto)
        .collect();
    let practice = domain::catalog::campaign(&db, p.campaign_id)
        .await
        .map_err(map_err)?
        .practice;
    let flags = p.flags.iter().map(|f| flag_text(f, &p)).collect();
    let unresolved = p.unresolved.iter().map(|f| flag_text(f, &p)).collect();
    Ok(PanelDto {
        can_screen: secretary && view.status == types::Status::Submitted,
        can_request_corrections: secretary && domain::corrections::can_request(view.status),
        initiative: view.into(),
        campaign_id: p.campaign_id,
        criteria: criteria_dto(p.criteria.clone()),
        aggregation: p.settings.aggregation,
        aggregate: p.aggregate,
        calibrated: p.calibrated,
        rank_by_calibrated: p.settings.rank_by_calibrated,
        scale_max: p.scale_max,
        flags,
        unresolved,
        resolution: p
            .resolution
            .clone()
            .map(|r| (r.note, r.by, domain::time::format_datetime(r.at))),
        tally: tally_dto(p.tally.clone()),
        decision: p.decision.clone().map(decision_dto),
        phases,
        practice,
        viewer_is_secretary: secretary,
        viewer_presides: p.viewer_presides,
        viewer_may_vote: p.viewer_may_vote,
        viewer_voted: p.viewer_voted,
        sheets: p.sheets.into_iter().map(sheet_dto).collect(),
        available,
        conflicted,
        versions,
        compared,
        changes,
    })
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
    use crate::ssr::*;
    let user = require_user().await?;
    let back = safe_next(&back);
    let values = vec![
        ("note".to_string(), note.clone()),
        ("message".to_string(), message.clone()),
    ];
    let ids: Vec<i64> = Pick::chosen(&ids)
        .filter_map(|i| i.trim().parse().ok())
        .collect();
    if ids.is_empty() {
        return refuse_field(user.id, values, "ids", types::FieldError::Required, &back).await;
    }
    let screen = match action.as_str() {
        "eligible" => domain::screening::Screen::Eligible,
        "correct" => match types::Remark::parse(&message) {
            Ok(m) => domain::screening::Screen::NeedsCorrection(m),
            Err(e) => return refuse_field(user.id, values, "message", e, &back).await,
        },
        "refuse" => domain::screening::Screen::Refuse {
            reasons: Pick::chosen(&reasons)
                .filter_map(types::RefusalReason::from_code)
                .collect(),
            note: note.clone(),
        },
        _ => {
            return refuse_field(
                user.id,
                values,
                "action",
                types::FieldError::Required,
                &back,
            )
            .await;
        }
    };
    let result = domain::screening::screen(&services()?.db, &user, &ids, &screen).await;
    let next = match &result {
        Ok(r) => {
            let sep = if back.contains('?') { '&' } else { '?' };
            format!(
                "{back}{sep}da-xu-ly={}&bo-qua={}",
                r.done.len(),
                r.skipped.len()
            )
        }
        Err(_) => back.clone(),
    };
    form_result(result, user.id, values, &back, &next).await
}

/// Assigns the reviewers ticked (`reviewers[k]`, one or several, all or none) by hand, then back to
/// the panel, which says how many.
#[server(endpoint = "phan-cong")]
pub async fn assign_reviewer(
    initiative_id: i64,
    #[server(default)] reviewers: Vec<Pick>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
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
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
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
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/cham-diem/{initiative_id}");
    let values = vec![("reason".to_string(), reason.clone())];
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, values, &page).await;
    }
    let r = domain::conflicts::declare(&services()?.db, &user, initiative_id, &reason).await;
    form_result(r, user.id, values, &page, "/cham-diem?da-khai-bao=1").await
}

/// The chair records how the entry's flags were resolved.
#[server(endpoint = "giai-trinh-canh-bao")]
pub async fn resolve_flags(
    initiative_id: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let values = vec![("note".to_string(), note.clone())];
    let r = domain::deliberation::resolve_flags(&services()?.db, &user, initiative_id, &note).await;
    form_result(r, user.id, values, &page, &format!("{page}#canh-bao")).await
}

/// The campaign's secretary or the council's chair closes the vote on an entry before every member
/// has voted (with the confirmation box ticked): the counts show and the decision can be recorded.
#[server(endpoint = "ket-thuc-bieu-quyet")]
pub async fn close_vote(initiative_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let values = vec![("close".to_string(), "1".to_string())];
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, values, &page).await;
    }
    let result = domain::deliberation::close_vote(&services()?.db, &user, initiative_id).await;
    form_result(
        result,
        user.id,
        values,
        &page,
        &format!("{page}#bieu-quyet"),
    )
    .await
}

/// A council member votes (`agree` or `disagree`), with the confirmation box: a vote is final.
#[server(endpoint = "bieu-quyet")]
pub async fn cast_vote(
    initiative_id: i64,
    choice: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let values = vec![("choice".to_string(), choice.clone().unwrap_or_default())];
    let agree = match choice.as_deref() {
        Some("agree") => true,
        Some("disagree") => false,
        _ => {
            return refuse_field(
                user.id,
                values,
                "choice",
                types::FieldError::Required,
                &page,
            )
            .await;
        }
    };
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, values, &page).await;
    }
    let r = domain::deliberation::cast_vote(&services()?.db, &user, initiative_id, agree).await;
    form_result(r, user.id, values, &page, &format!("{page}#bieu-quyet")).await
}

/// Records the decision (recognised with a level, or refused with reasons), with the confirmation
/// box. It stays hidden until the announcement is published.
#[server(endpoint = "quyet-dinh")]
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    initiative_id: i64,
    outcome: Option<String>,
    level: Option<String>,
    reasons: Option<String>,
    decision_no: Option<String>,
    award: Option<String>,
    comment: Option<String>,
    decided_on: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/thu-ky/{initiative_id}");
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let values = vec![
        ("outcome".to_string(), text(&outcome)),
        ("level".to_string(), text(&level)),
        ("reasons".to_string(), text(&reasons)),
        ("decision_no".to_string(), text(&decision_no)),
        ("award".to_string(), text(&award)),
        ("comment".to_string(), text(&comment)),
        ("decided_on".to_string(), text(&decided_on)),
    ];
    let date = match decided_on
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(d) => match types::Day::parse(d) {
            Ok(d) => chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day),
            Err(e) => return refuse_field(user.id, values, "decided_on", e, &page).await,
        },
    };
    let parsed = types::ValidDecision::parse(&text(&outcome), &text(&level), &text(&reasons));
    let decision = match (parsed, confirm.is_some()) {
        (Ok(d), true) => d,
        (parsed, confirmed) => {
            let mut e = parsed.err().unwrap_or_default();
            if !confirmed {
                e.add("confirm", types::FieldError::NotTicked);
            }
            return refuse_form(Some(user.id), values, e, &page).await;
        }
    };
    let input = domain::deliberation::DecisionInput {
        decision,
        award: text(&award),
        decision_no: text(&decision_no),
        comment: text(&comment),
        decided_on: date,
    };
    let r = domain::deliberation::decide(&services()?.db, &user, initiative_id, input).await;
    form_result(r, user.id, values, &page, &format!("{page}#quyet-dinh")).await
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
    use crate::ssr::*;
    let user = require_user().await?;
    let only = state
        .as_deref()
        .and_then(domain::review::SheetState::from_code);
    let q = domain::review::queue(&services()?.db, &user, only)
        .await
        .map_err(map_err)?;
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
    use crate::ssr::*;
    let user = require_user().await?;
    let page = domain::review::sheet_page(&services()?.db, &user, id)
        .await
        .map_err(map_err)?;
    let typed: Vec<(String, u32, f64)> = page
        .draft
        .iter()
        .filter_map(|d| {
            let c = page.criteria.iter().find(|c| c.id == d.criterion_id)?;
            Some((d.points.clone(), c.max_points, c.weight))
        })
        .collect();
    Ok(SheetPageDto {
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
    })
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
    use crate::ssr::*;
    let user = require_user().await?;
    let page = format!("/cham-diem/{initiative_id}");
    let input: Vec<domain::review::ScoreInput> = scores
        .iter()
        .filter_map(|s| {
            Some(domain::review::ScoreInput {
                criterion_id: s.criterion_id.trim().parse().ok()?,
                band: s.band.clone(),
                points: s.points.clone(),
                comment: s.comment.clone(),
            })
        })
        .collect();
    let values = input
        .iter()
        .flat_map(|s| {
            [
                (format!("band_{}", s.criterion_id), s.band.clone()),
                (format!("points_{}", s.criterion_id), s.points.clone()),
                (format!("comment_{}", s.criterion_id), s.comment.clone()),
            ]
        })
        .collect();
    let db = services()?.db;
    if action == "save" {
        let r = domain::review::save_draft(&db, &user, initiative_id, &input).await;
        return form_result(
            r,
            user.id,
            values,
            &page,
            &format!("{page}?da-luu=1#phieu-cham"),
        )
        .await;
    }
    let r = domain::review::submit_sheet(&db, &user, initiative_id, &input).await;
    form_result(r, user.id, values, &page, "/cham-diem?da-gui=1").await
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
        Err(e) => return refuse_field(user.id, values, "message", e, &page).await,
    };
    let r = domain::corrections::request(&services()?.db, &user, initiative_id, msg).await;
    form_result(r, user.id, values, &page, &page).await
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
