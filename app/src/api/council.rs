//! A campaign's council page: phases, review settings, members, rubric, automatic assignment (shown
//! before it is applied), the ranking table and the announcement; and the history of a score sheet.
use crate::api::review::{CriterionDto, DecisionDto, PhaseDto};
use crate::error::AppError;
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
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let (settings, mut rows) = domain::deliberation::ranking(&db, &user, campaign_id)
        .await
        .map_err(map_err)?;
    domain::deliberation::SortBy::from_code(sort.as_deref().unwrap_or("")).apply(&mut rows);
    let secretary = domain::staff::may_act_on_campaign(&db, &user, campaign_id)
        .await
        .map_err(map_err)?;
    let campaign = domain::catalog::campaign(&db, campaign_id)
        .await
        .map_err(map_err)?;
    let campaign_name = campaign.name.clone();
    let role = domain::council::role_of(&db, campaign_id, user.id)
        .await
        .map_err(map_err)?;
    let members = domain::council::members(&db, campaign_id)
        .await
        .map_err(map_err)?;
    let phases = domain::council::phases(&db, campaign_id)
        .await
        .map_err(map_err)?
        .into_iter()
        .map(crate::api::review::convert::phase_dto)
        .collect();
    let criteria = domain::catalog::criteria(&db, campaign_id)
        .await
        .map_err(map_err)?;
    let cap: Option<u32> = cap.and_then(|c| c.trim().parse().ok()).filter(|c| *c > 0);
    let proposal = if preview && secretary {
        let p = domain::review::propose_assignments(&db, &user, campaign_id, cap)
            .await
            .map_err(map_err)?;
        let name_of = |id: i64| {
            p.loads
                .iter()
                .find(|(r, ..)| *r == id)
                .map(|(_, n, _)| n.clone())
                .unwrap_or_default()
        };
        let mut titles = std::collections::HashMap::new();
        let entries: Vec<i64> = p
            .add
            .iter()
            .map(|(e, _)| *e)
            .chain(p.short.iter().map(|(e, _)| *e))
            .collect();
        for e in entries {
            if !titles.contains_key(&e)
                && let Ok(v) = domain::initiatives::get_for(&db, Some(&user), e).await
            {
                titles.insert(e, v.title);
            }
        }
        let title = |e: i64| titles.get(&e).cloned().unwrap_or_default();
        Some(ProposalDto {
            cap,
            add: p
                .add
                .iter()
                .map(|(e, r)| (*e, title(*e), *r, name_of(*r)))
                .collect(),
            short: p.short.iter().map(|(e, n)| (title(*e), *n)).collect(),
            loads: p.loads.iter().map(|(_, n, l)| (n.clone(), *l)).collect(),
        })
    } else {
        None
    };
    let pending = rows
        .iter()
        .filter(|r| r.decision.as_ref().is_some_and(|d| !d.published))
        .count();
    Ok(CouncilDto {
        campaign_id,
        campaign_name,
        phases,
        practice: campaign.practice,
        settings: SettingsDto {
            aggregation: settings.aggregation,
            pass_mark: settings.pass_mark,
            provincial_mark: settings.provincial_mark,
            reviewers_per_entry: settings.reviewers_per_entry,
            blind_review: settings.blind_review,
            secret_ballot: settings.secret_ballot,
            vote_numerator: settings.vote_numerator,
            vote_denominator: settings.vote_denominator,
            spread_pct: settings.spread_pct,
            outlier_sd: settings.outlier_sd,
            rank_by_calibrated: settings.rank_by_calibrated,
        },
        members: members
            .into_iter()
            .map(|m| MemberDto {
                user_id: m.user_id,
                name: m.name,
                role: m.role,
            })
            .collect(),
        rubric_locked: domain::council::rubric_locked(&db, campaign_id)
            .await
            .map_err(map_err)?,
        criteria: crate::api::review::convert::criteria_dto(criteria),
        ranking: rows
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
                decision: r.decision.map(crate::api::review::convert::decision_dto),
            })
            .collect(),
        pending,
        announced_at: campaign.announced_at.map(domain::time::format_datetime),
        viewer_is_secretary: secretary,
        viewer_presides: role.is_some_and(|r| r.presides()),
        proposal,
    })
}

#[cfg(feature = "ssr")]
fn council_page(campaign_id: i64) -> String {
    format!("/thu-ky/dot/{campaign_id}")
}

/// Sets a phase's dates (first and last day, local calendar days).
#[server(endpoint = "giai-doan")]
pub async fn set_phase(
    campaign_id: i64,
    phase: String,
    starts_on: String,
    ends_on: String,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    let values = vec![
        (format!("starts_on_{phase}"), starts_on.clone()),
        (format!("ends_on_{phase}"), ends_on.clone()),
    ];
    let Some(p) = types::Phase::from_code(&phase) else {
        return refuse_field(
            user.id,
            values,
            "phase",
            types::FieldError::UnknownCode,
            &page,
        )
        .await;
    };
    let (Ok(start), Ok(end)) = (types::Day::parse(&starts_on), types::Day::parse(&ends_on)) else {
        return refuse_field(
            user.id,
            values,
            &format!("starts_on_{phase}"),
            types::FieldError::InvalidDate,
            &page,
        )
        .await;
    };
    let day =
        |d: types::Day| chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).unwrap_or_default();
    let starts_at = domain::time::local_midnight(day(start));
    let ends_at = domain::time::local_midnight(day(end) + chrono::Duration::days(1));
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

/// The review settings (secretaries).
#[server(endpoint = "cau-hinh-cham")]
#[allow(clippy::too_many_arguments)]
pub async fn update_settings(
    campaign_id: i64,
    aggregation: String,
    pass_mark: String,
    provincial_mark: String,
    reviewers_per_entry: String,
    blind_review: Option<String>,
    secret_ballot: Option<String>,
    vote_numerator: String,
    vote_denominator: String,
    spread_pct: String,
    outlier_sd: String,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    let values = vec![
        ("aggregation".to_string(), aggregation.clone()),
        ("pass_mark".to_string(), pass_mark.clone()),
        ("provincial_mark".to_string(), provincial_mark.clone()),
        (
            "reviewers_per_entry".to_string(),
            reviewers_per_entry.clone(),
        ),
        ("vote_numerator".to_string(), vote_numerator.clone()),
        ("vote_denominator".to_string(), vote_denominator.clone()),
        ("spread_pct".to_string(), spread_pct.clone()),
        ("outlier_sd".to_string(), outlier_sd.clone()),
    ];
    let mut e = types::FieldErrors::default();
    let num = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
    let mut number = |field: &str, s: &str| {
        num(s).unwrap_or_else(|| {
            e.add(field, types::FieldError::NotANumber);
            0.0
        })
    };
    let db = services()?.db;
    let current = domain::council::settings(&db, campaign_id)
        .await
        .map_err(map_err)?;
    let new = domain::council::ReviewSettings {
        aggregation: types::Aggregation::from_code(&aggregation).unwrap_or(current.aggregation),
        pass_mark: number("pass_mark", &pass_mark),
        provincial_mark: number("provincial_mark", &provincial_mark),
        reviewers_per_entry: number("reviewers_per_entry", &reviewers_per_entry) as u32,
        blind_review: blind_review.is_some(),
        secret_ballot: secret_ballot.is_some(),
        vote_numerator: number("vote_numerator", &vote_numerator) as u32,
        vote_denominator: number("vote_denominator", &vote_denominator) as u32,
        spread_pct: number("spread_pct", &spread_pct) as u32,
        outlier_sd: number("outlier_sd", &outlier_sd),
        rank_by_calibrated: current.rank_by_calibrated,
    };
    if !e.is_empty() {
        return refuse_form(Some(user.id), values, e, &page).await;
    }
    let r = domain::council::update_settings(&db, &user, campaign_id, new).await;
    form_result(
        r,
        user.id,
        values,
        &page,
        &format!("{page}?da-luu=1#cau-hinh"),
    )
    .await
}

/// Adds a council member by email, or changes their role.
#[server(endpoint = "thanh-vien-hd")]
pub async fn set_member(campaign_id: i64, email: String, role: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
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
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &page).await;
    }
    let r = domain::council::remove_member(&services()?.db, &user, campaign_id, user_id).await;
    form_result(r, user.id, vec![], &page, &format!("{page}#hoi-dong")).await
}

/// The chair chooses the score that ranks (`raw` or `calibrated`).
#[server(endpoint = "chon-xep-hang")]
pub async fn choose_ranking(campaign_id: i64, by: String) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    let r =
        domain::council::choose_ranking(&services()?.db, &user, campaign_id, by == "calibrated")
            .await;
    form_result(r, user.id, vec![], &page, &format!("{page}#xep-hang")).await
}

/// Applies the automatic assignment shown: each pair posted as `pairs[k]` = `entry:reviewer`.
#[server(endpoint = "ap-dung-phan-cong")]
pub async fn apply_assignments(
    campaign_id: i64,
    #[server(default)] pairs: Vec<String>,
    #[server(default)] cap: String,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    let pairs: Vec<(i64, i64)> = pairs
        .iter()
        .filter_map(|p| {
            let (e, r) = p.split_once(':')?;
            Some((e.trim().parse().ok()?, r.trim().parse().ok()?))
        })
        .collect();
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

/// Publishes the campaign's announcement (with the confirmation box).
#[server(endpoint = "cong-bo")]
pub async fn publish(campaign_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    if confirm.is_none() {
        return refuse_unconfirmed(user.id, vec![], &page).await;
    }
    let db = services()?.db;
    let r = domain::deliberation::publish(&db, &user, campaign_id).await;
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
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let entries = domain::deliberation::sheet_history(&db, &user, assignment_id)
        .await
        .map_err(map_err)?;
    let (initiative_id, reviewer) = domain::deliberation::assignment_parties(&db, assignment_id)
        .await
        .map_err(map_err)?;
    let title = domain::initiatives::get_for(&db, Some(&user), initiative_id)
        .await
        .map(|v| v.title)
        .unwrap_or_default();
    let mut out = Vec::new();
    for e in entries {
        let actor = match e.actor_id {
            Some(id) => domain::accounts::user_by_id(&db, id)
                .await
                .map(|u| u.full_name)
                .unwrap_or_default(),
            None => String::new(),
        };
        out.push(HistoryEntryDto {
            at: domain::time::format_datetime(e.at),
            actor,
            action: e.action,
            before: e.before,
            after: e.after,
            reason: e.reason,
        });
    }
    Ok(SheetHistoryDto {
        initiative_id,
        initiative_title: title,
        reviewer,
        entries: out,
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditCheckDto {
    pub intact: bool,
    pub records: i64,
    pub broken_at: Option<i64>,
    /// `altered`, `unlinked`, `missing` or `truncated`.
    pub problem: Option<String>,
}

/// Checks the audit log's hash chain (administrators).
#[server(endpoint = "kiem-tra-nhat-ky")]
pub async fn audit_check() -> Result<AuditCheckDto, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    user.require(types::Role::Admin).map_err(map_err)?;
    use domain::audit::{Problem, Verdict};
    Ok(
        match domain::audit::verify(&services()?.db)
            .await
            .map_err(map_err)?
        {
            Verdict::Intact { records } => AuditCheckDto {
                intact: true,
                records,
                broken_at: None,
                problem: None,
            },
            Verdict::Broken { record_id, problem } => AuditCheckDto {
                intact: false,
                records: record_id - 1,
                broken_at: Some(record_id),
                problem: Some(
                    match problem {
                        Problem::Altered => "altered",
                        Problem::Unlinked => "unlinked",
                        Problem::Missing => "missing",
                        Problem::Truncated => "truncated",
                    }
                    .into(),
                ),
            },
        },
    )
}

/// The campaigns whose council the signed-in person sits on: (id, name, role).
#[server(endpoint = "hoi-dong-cua-toi")]
pub async fn my_councils() -> Result<Vec<(i64, String, types::CouncilRole)>, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let db = services()?.db;
    let mut out = Vec::new();
    for id in domain::council::campaigns_of_member(&db, user.id)
        .await
        .map_err(map_err)?
    {
        let c = domain::catalog::campaign(&db, id).await.map_err(map_err)?;
        if let Some(role) = domain::council::role_of(&db, id, user.id)
            .await
            .map_err(map_err)?
        {
            out.push((id, c.name, role));
        }
    }
    Ok(out)
}

/// One criterion row of the rubric form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CriterionField {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub max_points: String,
    #[serde(default)]
    pub weight: String,
    #[serde(default)]
    pub comment_rule: String,
    /// One band per line: `27-30: Hoàn toàn mới`.
    #[serde(default)]
    pub bands: String,
}

impl CriterionField {
    pub fn is_blank(&self) -> bool {
        self.code.trim().is_empty() && self.name.trim().is_empty()
    }
}

/// Parses the band lines of a criterion (`min-max: label`, en dash accepted); `None` when a line is
/// not of that form.
pub fn parse_bands(text: &str) -> Option<Vec<(u32, u32, String)>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (range, label) = line.split_once(':')?;
            let (lo, hi) = range.split_once(['-', '–'])?;
            Some((
                lo.trim().parse().ok()?,
                hi.trim().parse().ok()?,
                label.trim().to_string(),
            ))
        })
        .collect()
}

/// Replaces the campaign's rubric with a new version (secretaries; refused once a sheet is in).
/// Blank rows are ignored.
#[server(endpoint = "bo-tieu-chi")]
pub async fn set_rubric(
    campaign_id: i64,
    #[server(default)] criteria: Vec<CriterionField>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let page = council_page(campaign_id);
    let mut values = Vec::new();
    for (k, c) in criteria.iter().enumerate() {
        for (part, v) in [
            ("code", &c.code),
            ("name", &c.name),
            ("description", &c.description),
            ("max_points", &c.max_points),
            ("weight", &c.weight),
            ("comment_rule", &c.comment_rule),
            ("bands", &c.bands),
        ] {
            values.push((format!("criteria[{k}][{part}]"), v.clone()));
        }
    }
    let mut errors = types::FieldErrors::default();
    let mut spec = Vec::new();
    let mut rows = Vec::new();
    for (k, c) in criteria.iter().enumerate().filter(|(_, c)| !c.is_blank()) {
        let field = |part: &str| format!("criteria[{k}].{part}");
        let max_points = c.max_points.trim().parse::<u32>().unwrap_or_else(|_| {
            errors.add(&field("max_points"), types::FieldError::NotANumber);
            0
        });
        let weight = if c.weight.trim().is_empty() {
            1.0
        } else {
            c.weight
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .unwrap_or_else(|_| {
                    errors.add(&field("weight"), types::FieldError::NotANumber);
                    0.0
                })
        };
        let bands = parse_bands(&c.bands).unwrap_or_else(|| {
            errors.add(&field("bands"), types::FieldError::NotAllowed);
            vec![]
        });
        rows.push(k);
        spec.push(domain::council::CriterionSpec {
            code: c.code.trim().to_string(),
            name: c.name.trim().to_string(),
            description: c.description.trim().to_string(),
            max_points,
            weight,
            bands: bands
                .into_iter()
                .map(|(min, max, label)| domain::catalog::Band { min, max, label })
                .collect(),
            comment_rule: types::CommentRule::from_code(&c.comment_rule),
        });
    }
    if !errors.is_empty() {
        return refuse_form(Some(user.id), values, errors, &page).await;
    }
    let r = domain::council::set_rubric(&services()?.db, &user, campaign_id, spec)
        .await
        .map_err(|e| match e {
            // The service numbers the kept rows; the form numbers every row.
            domain::Error::Invalid(found) => {
                let mut mapped = types::FieldErrors::default();
                for (name, err) in found.0 {
                    let renamed = name
                        .strip_prefix("criteria[")
                        .and_then(|rest| rest.split_once(']'))
                        .and_then(|(i, part)| {
                            let k = rows.get(i.parse::<usize>().ok()?)?;
                            Some(format!("criteria[{k}]{part}"))
                        })
                        .unwrap_or(name);
                    mapped.add(&renamed, err);
                }
                domain::Error::Invalid(mapped)
            }
            other => other,
        });
    let next = match &r {
        Ok(n) => format!("{page}?bo-tieu-chi={n}#tieu-chi"),
        Err(_) => page.clone(),
    };
    form_result(r, user.id, values, &page, &next).await
}
