//! The panel of one entry for staff: its facts, versions compared, sheets, flags, vote and decision,
//! as the secretary or a council member may see them.
use crate::dto::InitiativeDto;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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
    use domain::council::deliberation as d;
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

    pub fn sheet_dto(s: domain::review::sheets::SheetView) -> SheetDto {
        SheetDto {
            assignment_id: s.assignment_id,
            reviewer_name: s.reviewer_name,
            scores: s.scores,
            total: s.total,
            calibrated: s.calibrated,
            submitted_at: s.submitted_at.map(format_datetime),
        }
    }

    pub fn tally_dto(t: domain::review::tally::Tally) -> TallyDto {
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
}

#[cfg(feature = "ssr")]
use convert::*;

/// An entry's panel for the secretary or a council member; `from` and `to` choose the versions to
/// compare (secretaries only).
#[server(endpoint = "bang-cham")]
pub async fn panel_data(id: i64, from: Option<i32>, to: Option<i32>) -> Result<PanelDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let p = domain::council::staff_panel::staff_panel(&services()?.db, &user, id, from, to).await?;
    Ok(PanelDto::from(p))
}

#[cfg(feature = "ssr")]
impl From<domain::council::staff_panel::StaffPanel> for PanelDto {
    fn from(s: domain::council::staff_panel::StaffPanel) -> Self {
        use domain::submission::corrections::LineChange;
        let p = s.panel;
        let reviewer_label = |c: domain::council::staff_panel::Candidate| {
            let label = match c.load {
                Some(load) => crate::i18n::t_with(
                    "secretary.reviewer_option",
                    &[
                        ("name", c.name.clone()),
                        (
                            "unit",
                            c.unit
                                .unwrap_or_else(|| crate::i18n::t("secretary.no_unit")),
                        ),
                        ("load", load.to_string()),
                    ],
                ),
                None => c.name,
            };
            (c.user_id, label)
        };
        let changes = s
            .changes
            .into_iter()
            .map(|c| ChangeDto {
                field: c.field,
                lines: c
                    .lines
                    .into_iter()
                    .map(|(op, l)| {
                        let mark = match op {
                            LineChange::Same => '=',
                            LineChange::Removed => '-',
                            LineChange::Added => '+',
                        };
                        (mark, l)
                    })
                    .collect(),
            })
            .collect();
        PanelDto {
            can_screen: s.can_screen,
            can_request_corrections: s.can_request_corrections,
            initiative: s.entry.into(),
            campaign_id: p.campaign_id,
            criteria: criteria_dto(p.criteria.clone()),
            aggregation: p.settings.aggregation,
            aggregate: p.aggregate,
            calibrated: p.calibrated,
            rank_by_calibrated: p.settings.rank_by_calibrated,
            scale_max: p.scale_max,
            flags: p.flags.iter().map(|f| p.flag_sentence(f)).collect(),
            unresolved: p.unresolved.iter().map(|f| p.flag_sentence(f)).collect(),
            resolution: p
                .resolution
                .clone()
                .map(|r| (r.note, r.by, domain::time::format_datetime(r.at))),
            tally: tally_dto(p.tally.clone()),
            decision: p.decision.clone().map(decision_dto),
            phases: s.phases.into_iter().map(phase_dto).collect(),
            practice: s.practice,
            viewer_is_secretary: s.viewer_is_secretary,
            viewer_presides: p.viewer_presides,
            viewer_may_vote: p.viewer_may_vote,
            viewer_voted: p.viewer_voted,
            sheets: p.sheets.into_iter().map(sheet_dto).collect(),
            available: s.candidates.into_iter().map(reviewer_label).collect(),
            conflicted: s
                .conflicted
                .into_iter()
                .map(|c| ConflictDto {
                    user_id: c.user_id,
                    name: c.name,
                    kinds: c.kinds,
                    overridable: c.overridable,
                })
                .collect(),
            versions: s
                .versions
                .into_iter()
                .map(|(v, at)| (v, domain::time::format_datetime(at)))
                .collect(),
            compared: s.compared,
            changes,
        }
    }
}
