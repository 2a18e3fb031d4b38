//! The council's ranking table (and its CSV), the public scorecard of a decided entry, and a
//! reviewer sheet's history for the chair and the secretary.
use super::*;

/// One line of the council's ranking table.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRow {
    pub initiative_id: i64,
    pub code: Option<String>,
    pub title: String,
    pub status: Status,
    /// Sheets sent, of `assigned`.
    pub sheets: usize,
    pub assigned: usize,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    /// The largest spread on a criterion, as a percentage of its maximum.
    pub spread_pct: Option<f64>,
    pub flags: Vec<Flag>,
    pub unresolved: usize,
    pub decision: Option<DecisionView>,
}

/// The ranking of a campaign's reviewed entries (those with at least one assignment), best first by
/// the score the chair chose; for secretaries and council members. Entries a council member is
/// conflicted with are left out.
pub async fn ranking(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
) -> Result<(ReviewSettings, Vec<RankRow>)> {
    let staff = crate::accounts::staff::may_act_on_campaign(db, actor, campaign_id).await?;
    if !staff && council::role_of(db, campaign_id, actor.id).await?.is_none() {
        return Err(Error::Forbidden);
    }
    let basis = CampaignBasis::load(db, campaign_id).await?;
    let models = initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(initiative::Column::Status.is_in([
            Status::UnderReview.code(),
            Status::Recognised.code(),
            Status::Refused.code(),
        ]))
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = models.iter().map(|m| m.id).collect();
    // Staff and council members alike never see the entries they are in conflict with.
    let blocked = conflicts::blocked_for(db, &ids, actor.id).await?;
    let mut rows = Vec::new();
    for m in models.iter().filter(|m| !blocked.contains(&m.id)) {
        let p = panel_on(db, m, None, &basis).await?;
        if p.sheets.is_empty() {
            continue;
        }
        let spread_pct = p
            .criteria
            .iter()
            .filter_map(|c| {
                let pts: Vec<u32> = p
                    .sheets
                    .iter()
                    .filter_map(|s| s.scores.iter().find(|x| x.0 == c.id).map(|x| x.1))
                    .collect();
                let (lo, hi) = (pts.iter().min()?, pts.iter().max()?);
                Some(scoring::round2(
                    (hi - lo) as f64 * 100.0 / c.max_points as f64,
                ))
            })
            .max_by(f64::total_cmp);
        rows.push(RankRow {
            initiative_id: m.id,
            code: m.code.clone(),
            title: m.title.clone(),
            status: p.status,
            sheets: p.sheets.iter().filter(|s| s.total.is_some()).count(),
            assigned: p.sheets.len(),
            aggregate: p.aggregate,
            calibrated: p.calibrated,
            spread_pct,
            unresolved: p.unresolved.len(),
            flags: p.flags,
            decision: p.decision,
        });
    }
    let settings = basis.settings;
    let key = |r: &RankRow| {
        if settings.rank_by_calibrated {
            r.calibrated
        } else {
            r.aggregate
        }
    };
    rows.sort_by(|a, b| {
        key(b)
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&key(a).unwrap_or(f64::NEG_INFINITY))
            .then(a.initiative_id.cmp(&b.initiative_id))
    });
    Ok((settings, rows))
}

/// The ranking as CSV: rank, case number, title, status, sheets, aggregate, calibrated score,
/// largest spread (%), flags (open), decision. Fields are quoted; a leading `=`, `+`, `-` or `@` is
/// neutralised so a spreadsheet never runs a title as a formula.
pub fn ranking_csv(rows: &[RankRow]) -> String {
    use crate::text::csv_field as field;
    let num = |x: Option<f64>| x.map(|v| format!("{v:.2}")).unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&rust_i18n::t!("council.csv_header"));
    out.push_str("\r\n");
    for (k, r) in rows.iter().enumerate() {
        let decision = match &r.decision {
            Some(d) if d.recognised => d.level.map(|l| l.code()).unwrap_or("recognised"),
            Some(_) => "refused",
            None => "",
        };
        let line = [
            (k + 1).to_string(),
            field(r.code.as_deref().unwrap_or("")),
            field(&r.title),
            r.status.code().to_string(),
            r.sheets.to_string(),
            num(r.aggregate),
            num(r.calibrated),
            num(r.spread_pct),
            format!("{} ({})", r.flags.len(), r.unresolved),
            decision.to_string(),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// How a ranking table is ordered on screen (the CSV keeps the ranking order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Ranking,
    Aggregate,
    Calibrated,
    Spread,
}

impl SortBy {
    pub fn from_code(s: &str) -> Self {
        match s {
            "diem" => SortBy::Aggregate,
            "hieu-chinh" => SortBy::Calibrated,
            "chenh-lech" => SortBy::Spread,
            _ => SortBy::Ranking,
        }
    }

    /// Highest first for scores and spread; the ranking keeps its own order.
    pub fn apply(self, rows: &mut [RankRow]) {
        let by = |f: fn(&RankRow) -> Option<f64>| {
            move |a: &RankRow, b: &RankRow| {
                f(b).unwrap_or(f64::NEG_INFINITY)
                    .total_cmp(&f(a).unwrap_or(f64::NEG_INFINITY))
                    .then(a.initiative_id.cmp(&b.initiative_id))
            }
        };
        match self {
            SortBy::Ranking => {}
            SortBy::Aggregate => rows.sort_by(by(|r| r.aggregate)),
            SortBy::Calibrated => rows.sort_by(by(|r| r.calibrated)),
            SortBy::Spread => rows.sort_by(by(|r| r.spread_pct)),
        }
    }
}

/// The public scorecard of a published, recognised entry: criteria with weights and the mean points
/// given on each, the aggregate and calibrated score and the council's comment; never a reviewer.
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    /// (criterion name, max points, weight, mean points)
    pub criteria: Vec<(String, u32, f64, Option<f64>)>,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    pub comment: Option<String>,
    pub scale_max: f64,
}

pub async fn scorecard(db: &impl ConnectionTrait, initiative_id: i64) -> Result<Option<Scorecard>> {
    let m = load(db, initiative_id).await?;
    if status_of(&m) != Status::Recognised {
        return Ok(None);
    }
    let Some(d) = decision::Entity::find_by_id(m.id)
        .one(db)
        .await?
        .filter(|d| d.published_at.is_some())
    else {
        return Ok(None);
    };
    let p = build_panel(db, &m, None).await?;
    let criteria = p
        .criteria
        .iter()
        .map(|c| {
            let pts: Vec<f64> = p
                .sheets
                .iter()
                .filter_map(|s| s.scores.iter().find(|x| x.0 == c.id).map(|x| x.1 as f64))
                .collect();
            (
                c.name.clone(),
                c.max_points,
                c.weight,
                scoring::aggregate(types::Aggregation::Mean, &pts),
            )
        })
        .collect();
    Ok(Some(Scorecard {
        criteria,
        aggregate: d.score,
        calibrated: d.calibrated_score,
        comment: d.comment,
        scale_max: p.scale_max,
    }))
}

/// The entry and the reviewer's name of an assignment.
pub async fn assignment_parties(
    db: &impl ConnectionTrait,
    assignment_id: i64,
) -> Result<(i64, String)> {
    let a = assignment::Entity::find_by_id(assignment_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let name = user::Entity::find_by_id(a.reviewer_id)
        .one(db)
        .await?
        .map(|u| u.full_name)
        .unwrap_or_default();
    Ok((a.initiative_id, name))
}

/// The history of one reviewer's sheet (its assignment), for the chair and the secretary.
pub async fn sheet_history(
    db: &impl ConnectionTrait,
    actor: &User,
    assignment_id: i64,
) -> Result<Vec<audit::Entry>> {
    let a = assignment::Entity::find_by_id(assignment_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let m = load(db, a.initiative_id).await?;
    if !crate::accounts::staff::may_act_on(db, actor, &m).await? {
        council::require_presiding(db, actor, m.campaign_id)
            .await
            .map_err(|_| Error::NotFound)?;
        if !conflicts::of(db, m.id, actor.id).await?.is_empty() {
            return Err(Error::NotFound);
        }
    }
    audit::history(db, AuditEntity::ScoreSheet, assignment_id).await
}
