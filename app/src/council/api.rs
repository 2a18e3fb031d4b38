//! A campaign's council page: phases, review settings, members, rubric, automatic assignment (shown
//! before it is applied), the ranking table and the announcement; and the history of a score sheet.
use crate::error::AppError;
use crate::review::api::{CriterionDto, DecisionDto, PhaseDto};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsDto {
    pub aggregation: types::Aggregation,
    pub pass_mark: f64,
    pub provincial_mark: f64,
    pub reviewers_per_entry: u32,
    pub blind_review: bool,
    pub secret_ballot: bool,
    pub vote_numerator: u32,
    pub vote_denominator: u32,
    pub spread_pct: u32,
    pub outlier_sd: f64,
    pub rank_by_calibrated: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberDto {
    pub user_id: i64,
    pub name: String,
    pub role: types::CouncilRole,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankRowDto {
    pub initiative_id: i64,
    pub code: Option<String>,
    pub title: String,
    pub status: types::Status,
    /// Sheets sent, of `assigned`.
    pub sheets: usize,
    pub assigned: usize,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    pub spread_pct: Option<f64>,
    pub flags: usize,
    pub unresolved: usize,
    pub decision: Option<DecisionDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalDto {
    pub cap: Option<u32>,
    /// (entry id, entry title, reviewer id, reviewer name)
    pub add: Vec<(i64, String, i64, String)>,
    /// (entry title, reviewers missing)
    pub short: Vec<(String, u32)>,
    /// (reviewer, load after the plan)
    pub loads: Vec<(String, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouncilDto {
    pub campaign_id: i64,
    pub campaign_name: String,
    pub phases: Vec<PhaseDto>,
    /// Today in Sơn La (`YYYY-MM-DD`): where the timeline marks now.
    pub today: String,
    /// A practice campaign (the demo's): every action stays open whatever the dates.
    pub practice: bool,
    pub settings: SettingsDto,
    pub members: Vec<MemberDto>,
    pub criteria: Vec<CriterionDto>,
    pub rubric_locked: bool,
    pub ranking: Vec<RankRowDto>,
    /// Decisions recorded and not yet published.
    pub pending: usize,
    pub announced_at: Option<String>,
    pub viewer_is_secretary: bool,
    pub viewer_presides: bool,
    pub proposal: Option<ProposalDto>,
}

/// The council page of a campaign, for secretaries and council members. `sort` orders the ranking
/// table on screen; `cap` (with `preview`) computes an automatic assignment without applying it.
#[server(endpoint = "hoi-dong")]
pub async fn council_data(
    campaign_id: i64,
    sort: Option<String>,
    cap: Option<String>,
    preview: bool,
) -> Result<CouncilDto, AppError> {
    use crate::request::*;
    use domain::council::{deliberation::SortBy, overview};
    let user = require_user().await?;
    let cap: Option<u32> = cap.and_then(|c| c.trim().parse().ok()).filter(|c| *c > 0);
    let asked = overview::Asked {
        sort: SortBy::from_code(sort.as_deref().unwrap_or("")),
        proposal: preview.then_some(cap),
    };
    let o = overview::overview(&services()?.db, &user, campaign_id, asked).await?;
    Ok(CouncilDto::from(o))
}

#[cfg(feature = "ssr")]
impl From<domain::council::overview::Overview> for CouncilDto {
    fn from(o: domain::council::overview::Overview) -> Self {
        use crate::review::api::panel::convert::{criteria_dto, decision_dto, phase_dto};
        let s = o.settings;
        CouncilDto {
            campaign_id: o.campaign.id,
            campaign_name: o.campaign.name,
            today: domain::time::today().iso(),
            phases: o.phases.into_iter().map(phase_dto).collect(),
            practice: o.campaign.practice,
            settings: SettingsDto {
                aggregation: s.aggregation,
                pass_mark: s.pass_mark,
                provincial_mark: s.provincial_mark,
                reviewers_per_entry: s.reviewers_per_entry,
                blind_review: s.blind_review,
                secret_ballot: s.secret_ballot,
                vote_numerator: s.vote_numerator,
                vote_denominator: s.vote_denominator,
                spread_pct: s.spread_pct,
                outlier_sd: s.outlier_sd,
                rank_by_calibrated: s.rank_by_calibrated,
            },
            members: o
                .members
                .into_iter()
                .map(|m| MemberDto {
                    user_id: m.user_id,
                    name: m.name,
                    role: m.role,
                })
                .collect(),
            criteria: criteria_dto(o.criteria),
            rubric_locked: o.rubric_locked,
            ranking: o
                .ranking
                .into_iter()
                .map(|r| RankRowDto {
                    initiative_id: r.initiative_id,
                    code: r.code,
                    title: r.title,
                    status: r.status,
                    sheets: r.sheets,
                    assigned: r.assigned,
                    aggregate: r.aggregate,
                    calibrated: r.calibrated,
                    spread_pct: r.spread_pct,
                    flags: r.flags.len(),
                    unresolved: r.unresolved,
                    decision: r.decision.map(decision_dto),
                })
                .collect(),
            pending: o.pending,
            announced_at: o.campaign.announced_at.map(domain::time::format_datetime),
            viewer_is_secretary: o.viewer_is_secretary,
            viewer_presides: o.viewer_presides,
            proposal: o.proposal.map(|p| ProposalDto {
                cap: p.cap,
                add: p.add,
                short: p.short,
                loads: p.loads,
            }),
        }
    }
}

/// Sets a phase's dates (first and last day, local calendar days).
#[server(endpoint = "giai-doan")]
pub async fn set_phase(
    campaign_id: i64,
    phase: String,
    starts_on: String,
    ends_on: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    let values = vec![
        (format!("starts_on_{phase}"), starts_on.clone()),
        (format!("ends_on_{phase}"), ends_on.clone()),
    ];
    let (p, starts_at, ends_at) = match phase_window(&phase, &starts_on, &ends_on) {
        Ok(w) => (w.phase, w.starts_at, w.ends_at),
        Err((field, e)) => return refuse_field(user.id, values, &field, e, &page).await,
    };
    let r = domain::council::set_phase(&services()?.db, &user, campaign_id, p, starts_at, ends_at)
        .await
        .map_err(|e| match e {
            domain::Error::Invalid(_) => {
                domain::Error::field(&format!("ends_on_{phase}"), types::FieldError::NotAllowed)
            }
            other => other,
        });
    form_result(r, user.id, values, &page, &format!("{page}#giai-doan")).await
}

/// The phase and its window, from the local midnight starting the first day to the one ending the
/// last; or the field refused and why.
#[cfg(feature = "ssr")]
fn phase_window(
    phase: &str,
    starts_on: &str,
    ends_on: &str,
) -> Result<domain::council::PhaseWindow, (String, types::FieldError)> {
    let Some(p) = types::Phase::from_code(phase) else {
        return Err(("phase".to_string(), types::FieldError::UnknownCode));
    };
    let (Ok(start), Ok(end)) = (types::Day::parse(starts_on), types::Day::parse(ends_on)) else {
        return Err((format!("starts_on_{phase}"), types::FieldError::InvalidDate));
    };
    let day = |d: types::Day| naive_date(d).unwrap_or_default();
    Ok(domain::council::PhaseWindow {
        phase: p,
        starts_at: domain::time::local_midnight(day(start)),
        ends_at: domain::time::local_midnight(day(end) + chrono::Duration::days(1)),
    })
}

/// The calendar day of a date field (`None` for a day that does not exist).
#[cfg(feature = "ssr")]
fn naive_date(d: types::Day) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

/// The review settings (secretaries).
#[server(endpoint = "cau-hinh-cham")]
pub async fn update_settings(
    campaign_id: i64,
    #[server(flatten)] form: SettingsForm,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    let db = services()?.db;
    let current = domain::council::settings(&db, campaign_id).await?;
    let new = match form.settings(&current) {
        Ok(new) => new,
        Err(e) => return refuse_form(Some(user.id), form.values(), e, &page).await,
    };
    let r = domain::council::update_settings(&db, &user, campaign_id, new).await;
    let next = format!("{page}?da-luu=1#cau-hinh");
    form_result(r, user.id, form.values(), &page, &next).await
}

/// The review settings form as posted (a box is sent only when ticked).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub aggregation: String,
    pub pass_mark: String,
    pub provincial_mark: String,
    pub reviewers_per_entry: String,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub blind_review: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub secret_ballot: Option<String>,
    pub vote_numerator: String,
    pub vote_denominator: String,
    pub spread_pct: String,
    pub outlier_sd: String,
}

#[cfg(feature = "ssr")]
impl SettingsForm {
    /// The values kept for a refused form (not the boxes).
    fn values(&self) -> Vec<(String, String)> {
        [
            ("aggregation", &self.aggregation),
            ("pass_mark", &self.pass_mark),
            ("provincial_mark", &self.provincial_mark),
            ("reviewers_per_entry", &self.reviewers_per_entry),
            ("vote_numerator", &self.vote_numerator),
            ("vote_denominator", &self.vote_denominator),
            ("spread_pct", &self.spread_pct),
            ("outlier_sd", &self.outlier_sd),
        ]
        .into_iter()
        .map(|(name, v)| (name.to_string(), v.clone()))
        .collect()
    }

    /// The new settings (an unknown aggregation and the chair's ranking choice stay as `current`
    /// has them), or `NotANumber` under each field that is not a number.
    fn settings(
        &self,
        current: &domain::council::ReviewSettings,
    ) -> Result<domain::council::ReviewSettings, types::FieldErrors> {
        let mut e = types::FieldErrors::default();
        let num = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
        let mut number = |field: &str, s: &str| {
            num(s).unwrap_or_else(|| {
                e.add(field, types::FieldError::NotANumber);
                0.0
            })
        };
        let new = domain::council::ReviewSettings {
            aggregation: types::Aggregation::from_code(&self.aggregation)
                .unwrap_or(current.aggregation),
            pass_mark: number("pass_mark", &self.pass_mark),
            provincial_mark: number("provincial_mark", &self.provincial_mark),
            reviewers_per_entry: number("reviewers_per_entry", &self.reviewers_per_entry) as u32,
            blind_review: self.blind_review.is_some(),
            secret_ballot: self.secret_ballot.is_some(),
            vote_numerator: number("vote_numerator", &self.vote_numerator) as u32,
            vote_denominator: number("vote_denominator", &self.vote_denominator) as u32,
            spread_pct: number("spread_pct", &self.spread_pct) as u32,
            outlier_sd: number("outlier_sd", &self.outlier_sd),
            rank_by_calibrated: current.rank_by_calibrated,
        };
        if e.is_empty() { Ok(new) } else { Err(e) }
    }
}

/// Adds a council member by email, or changes their role.
#[server(endpoint = "thanh-vien-hd")]
pub async fn set_member(campaign_id: i64, email: String, role: String) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    let values = vec![
        ("email".to_string(), email.clone()),
        ("role".to_string(), role.clone()),
    ];
    let Some(role) = types::CouncilRole::from_code(&role) else {
        return refuse_field(user.id, values, "role", types::FieldError::Required, &page).await;
    };
    let r = domain::council::set_member_by_email(&services()?.db, &user, campaign_id, &email, role)
        .await;
    form_result(r, user.id, values, &page, &format!("{page}#hoi-dong")).await
}

/// Removes a council member (with the confirmation box).
#[server(endpoint = "xoa-thanh-vien-hd")]
pub async fn remove_member(
    campaign_id: i64,
    user_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let (page, db) = (crate::paths::campaign(campaign_id), services()?.db);
    let act = domain::council::remove_member(&db, &user, campaign_id, user_id);
    confirmed(
        user.id,
        &confirm,
        vec![],
        &page,
        &format!("{page}#hoi-dong"),
        act,
    )
    .await
}

/// The chair chooses the score that ranks (`raw` or `calibrated`).
#[server(endpoint = "chon-xep-hang")]
pub async fn choose_ranking(campaign_id: i64, by: String) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    let r =
        domain::council::choose_ranking(&services()?.db, &user, campaign_id, by == "calibrated")
            .await;
    form_result(r, user.id, vec![], &page, &format!("{page}#xep-hang")).await
}

/// Publishes the campaign's announcement (with the confirmation box).
#[server(endpoint = "cong-bo")]
pub async fn publish(campaign_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &page).await;
    }
    let db = services()?.db;
    let r = domain::council::deliberation::publish(&db, &user, campaign_id).await;
    let next = match &r {
        Ok(n) => format!("{page}?da-cong-bo={n}#cong-bo"),
        Err(_) => page.clone(),
    };
    form_result(r, user.id, vec![], &page, &next).await
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntryDto {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SheetHistoryDto {
    pub initiative_id: i64,
    pub initiative_title: String,
    pub reviewer: String,
    pub entries: Vec<HistoryEntryDto>,
}

/// Every saved and submitted version of one reviewer's sheet (the chair and secretaries).
#[server(endpoint = "lich-su-phieu")]
pub async fn sheet_history(assignment_id: i64) -> Result<SheetHistoryDto, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let db = services()?.db;
    let entries = domain::council::deliberation::sheet_history(&db, &user, assignment_id).await?;
    let (initiative_id, reviewer) =
        domain::council::deliberation::assignment_parties(&db, assignment_id).await?;
    let title = domain::submission::initiatives::get_for(&db, Some(&user), initiative_id)
        .await
        .map(|v| v.title)
        .unwrap_or_default();
    let mut out = Vec::new();
    for e in entries {
        out.push(HistoryEntryDto::of(&db, e).await);
    }
    Ok(SheetHistoryDto {
        initiative_id,
        initiative_title: title,
        reviewer,
        entries: out,
    })
}

#[cfg(feature = "ssr")]
impl HistoryEntryDto {
    /// One version of the sheet, with the name of whoever made it (empty when unknown).
    async fn of(db: &domain::DatabaseConnection, e: domain::audit::Entry) -> Self {
        let actor = match e.actor_id {
            Some(id) => domain::accounts::user_by_id(db, id)
                .await
                .map(|u| u.full_name)
                .unwrap_or_default(),
            None => String::new(),
        };
        HistoryEntryDto {
            at: domain::time::format_datetime(e.at),
            actor,
            action: e.action,
            before: e.before,
            after: e.after,
            reason: e.reason,
        }
    }
}

/// The campaigns whose council the signed-in person sits on: (id, name, role).
#[server(endpoint = "hoi-dong-cua-toi")]
pub async fn my_councils() -> Result<Vec<(i64, String, types::CouncilRole)>, AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let db = services()?.db;
    let mut out = Vec::new();
    for id in domain::council::campaigns_of_member(&db, user.id).await? {
        let c = domain::catalog::campaign(&db, id).await?;
        if let Some(role) = domain::council::role_of(&db, id, user.id).await? {
            out.push((id, c.name, role));
        }
    }
    Ok(out)
}

/// Replaces the campaign's rubric with a new version (secretaries; refused once a sheet is in).
/// Blank rows are ignored.
#[server(endpoint = "bo-tieu-chi")]
pub async fn set_rubric(
    campaign_id: i64,
    #[server(default)] criteria: Vec<types::CriterionField>,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::campaign(campaign_id);
    let values = types::rubric_values(&criteria);
    let rows = match types::parse_rubric(&criteria) {
        Ok(rows) => rows,
        Err(errors) => return refuse_form(Some(user.id), values, errors, &page).await,
    };
    let r = domain::council::set_rubric_rows(&services()?.db, &user, campaign_id, rows).await;
    let next = match &r {
        Ok(n) => format!("{page}?bo-tieu-chi={n}#tieu-chi"),
        Err(_) => page.clone(),
    };
    form_result(r, user.id, values, &page, &next).await
}

/// The chair records how the entry's flags were resolved.
#[server(endpoint = "giai-trinh-canh-bao")]
pub async fn resolve_flags(
    initiative_id: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    let values = vec![("note".to_string(), note.clone())];
    let r =
        domain::council::deliberation::resolve_flags(&services()?.db, &user, initiative_id, &note)
            .await;
    form_result(r, user.id, values, &page, &format!("{page}#canh-bao")).await
}

/// The campaign's secretary or the council's chair closes the vote on an entry before every member
/// has voted (with the confirmation box ticked): the counts show and the decision can be recorded.
#[server(endpoint = "ket-thuc-bieu-quyet")]
pub async fn close_vote(initiative_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    let values = vec![("close".to_string(), "1".to_string())];
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, values, &page).await;
    }
    let result =
        domain::council::deliberation::close_vote(&services()?.db, &user, initiative_id).await;
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
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    let values = vec![("choice".to_string(), choice.clone().unwrap_or_default())];
    let Some(agree) = agrees(choice.as_deref()) else {
        let e = types::FieldError::Required;
        return refuse_field(user.id, values, "choice", e, &page).await;
    };
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, values, &page).await;
    }
    let r = domain::council::deliberation::cast_vote(&services()?.db, &user, initiative_id, agree)
        .await;
    form_result(r, user.id, values, &page, &format!("{page}#bieu-quyet")).await
}

/// The vote chosen: `agree` or `disagree` (`None` for anything else).
#[cfg(feature = "ssr")]
fn agrees(choice: Option<&str>) -> Option<bool> {
    match choice {
        Some("agree") => Some(true),
        Some("disagree") => Some(false),
        _ => None,
    }
}

/// Records the decision (recognised with a level, or refused with reasons), with the confirmation
/// box. It stays hidden until the announcement is published.
#[server(endpoint = "quyet-dinh")]
pub async fn decide(
    initiative_id: i64,
    #[server(flatten)] form: DecisionForm,
) -> Result<(), AppError> {
    use crate::request::*;
    let user = require_user().await?;
    let page = crate::paths::panel(initiative_id);
    let input = match form.input() {
        Ok(input) => input,
        Err(e) => return refuse_form(Some(user.id), form.values(), e, &page).await,
    };
    let r =
        domain::council::deliberation::decide(&services()?.db, &user, initiative_id, input).await;
    let next = format!("{page}#quyet-dinh");
    form_result(r, user.id, form.values(), &page, &next).await
}

/// The decision form as posted: the decision chosen (outcome, level, reasons), its record (decision
/// number, award, comment, date) and the confirmation box.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DecisionForm {
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub outcome: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub level: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub reasons: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub decision_no: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub award: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub comment: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub decided_on: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::empty_as_none")]
    pub confirm: Option<String>,
}

#[cfg(feature = "ssr")]
impl DecisionForm {
    fn text(v: &Option<String>) -> String {
        v.clone().unwrap_or_default()
    }

    /// The values kept for a refused form (not the box).
    fn values(&self) -> Vec<(String, String)> {
        [
            ("outcome", &self.outcome),
            ("level", &self.level),
            ("reasons", &self.reasons),
            ("decision_no", &self.decision_no),
            ("award", &self.award),
            ("comment", &self.comment),
            ("decided_on", &self.decided_on),
        ]
        .into_iter()
        .map(|(name, v)| (name.to_string(), Self::text(v)))
        .collect()
    }

    /// The decision to record; or the form's errors: an invalid date alone, else the decision's own
    /// errors and the confirmation box when it is not ticked.
    fn input(&self) -> Result<domain::council::deliberation::DecisionInput, types::FieldErrors> {
        let date = self.decided_on.as_deref().map(str::trim);
        let decided_on = match date.filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => match types::Day::parse(d) {
                Ok(d) => naive_date(d),
                Err(e) => return Err(types::FieldErrors(vec![("decided_on".to_string(), e)])),
            },
        };
        let (outcome, level, reasons) = (
            Self::text(&self.outcome),
            Self::text(&self.level),
            Self::text(&self.reasons),
        );
        let parsed = types::ValidDecision::parse(&outcome, &level, &reasons);
        let decision = match (parsed, self.confirm.is_some()) {
            (Ok(d), true) => d,
            (parsed, confirmed) => {
                let mut e = parsed.err().unwrap_or_default();
                if !confirmed {
                    e.add("confirm", types::FieldError::NotTicked);
                }
                return Err(e);
            }
        };
        Ok(domain::council::deliberation::DecisionInput {
            decision,
            award: Self::text(&self.award),
            decision_no: Self::text(&self.decision_no),
            comment: Self::text(&self.comment),
            decided_on,
        })
    }
}
