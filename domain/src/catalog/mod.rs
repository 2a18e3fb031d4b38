//! Organisations (units), campaigns and their rubrics: reference data the forms choose from.
pub mod campaigns;
pub mod places;
use crate::entities::{campaign, campaign_phase, criterion, unit};
use crate::{Error, Result, time};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitInfo {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    /// Last day of existence of a dissolved unit (the districts ended on 30 June 2025).
    pub valid_to: Option<chrono::NaiveDate>,
}

impl UnitInfo {
    /// Whether the unit still exists on `day`.
    pub fn exists_on(&self, day: chrono::NaiveDate) -> bool {
        self.valid_to.is_none_or(|end| day <= end)
    }
}

impl From<unit::Model> for UnitInfo {
    fn from(m: unit::Model) -> Self {
        UnitInfo {
            id: m.id,
            code: m.code,
            name: m.name,
            kind: m.kind,
            parent_id: m.parent_id,
            valid_to: m.valid_to,
        }
    }
}

/// Units that exist today (no end of validity), grouped by kind then name, for the submission form.
pub async fn current_units(db: &impl ConnectionTrait) -> Result<Vec<UnitInfo>> {
    units(db, true).await
}

/// The whole organisation tree, dissolved units included (the profile may name one), by kind then name.
pub async fn all_units(db: &impl ConnectionTrait) -> Result<Vec<UnitInfo>> {
    units(db, false).await
}

async fn units(db: &impl ConnectionTrait, current_only: bool) -> Result<Vec<UnitInfo>> {
    let mut q = unit::Entity::find();
    if current_only {
        q = q.filter(unit::Column::ValidTo.is_null());
    }
    let rows = q
        .order_by_asc(unit::Column::Kind)
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(UnitInfo::from).collect())
}

/// The unit an entry is filed under: it must exist today.
pub async fn current_unit_by_code(db: &impl ConnectionTrait, code: &str) -> Result<UnitInfo> {
    match unit_by_code(db, code.trim()).await? {
        None => Err(Error::field("unit", types::FieldError::UnknownCode)),
        Some(u) if !u.exists_on(time::local_date(time::now())) => {
            Err(Error::field("unit", types::FieldError::UnitDissolved))
        }
        Some(u) => Ok(u),
    }
}

pub async fn unit_by_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<UnitInfo>> {
    Ok(unit::Entity::find()
        .filter(unit::Column::Code.eq(code))
        .one(db)
        .await?
        .map(UnitInfo::from))
}

pub async fn unit_by_id(db: &impl ConnectionTrait, id: i64) -> Result<UnitInfo> {
    unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(UnitInfo::from)
        .ok_or(Error::NotFound)
}

/// Creates a unit if its code is new; returns its id either way.
pub async fn ensure_unit(
    db: &impl ConnectionTrait,
    code: &str,
    name: &str,
    kind: &str,
    parent_id: Option<i64>,
) -> Result<i64> {
    if let Some(u) = unit_by_code(db, code).await? {
        return Ok(u.id);
    }
    let r = unit::Entity::insert(unit::ActiveModel {
        code: Set(code.to_string()),
        name: Set(name.to_string()),
        kind: Set(kind.to_string()),
        parent_id: Set(parent_id),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(r.last_insert_id)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignInfo {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub description: String,
    /// When the council's decisions were published.
    pub announced_at: Option<DateTime<Utc>>,
    /// A practice campaign (the demo's): every phase's actions stay open whatever its dates.
    pub practice: bool,
    /// When it was archived: it accepts no filing and is no longer featured.
    pub archived_at: Option<DateTime<Utc>>,
}

impl CampaignInfo {
    /// Whether submissions are accepted at `at` (the window is [opens_at, closes_at), and the
    /// campaign is not archived).
    pub fn is_open_at(&self, at: DateTime<Utc>) -> bool {
        self.archived_at.is_none() && self.opens_at <= at && at < self.closes_at
    }
}

impl From<campaign::Model> for CampaignInfo {
    fn from(m: campaign::Model) -> Self {
        CampaignInfo {
            id: m.id,
            name: m.name,
            year: m.year,
            opens_at: m.opens_at,
            closes_at: m.closes_at,
            description: m.description,
            announced_at: m.announced_at,
            practice: m.practice,
            archived_at: m.archived_at,
        }
    }
}

/// All campaigns, newest first.
pub async fn campaigns(db: &impl ConnectionTrait) -> Result<Vec<CampaignInfo>> {
    let rows = campaign::Entity::find()
        .order_by_desc(campaign::Column::OpensAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(CampaignInfo::from).collect())
}

pub async fn campaign(db: &impl ConnectionTrait, id: i64) -> Result<CampaignInfo> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(CampaignInfo::from)
        .ok_or(Error::NotFound)
}

/// Campaigns accepting submissions now.
pub async fn open_campaigns(db: &impl ConnectionTrait) -> Result<Vec<CampaignInfo>> {
    let now = time::now();
    Ok(campaigns(db)
        .await?
        .into_iter()
        .filter(|c| c.is_open_at(now))
        .collect())
}

/// The campaign to feature: the newest open one, else the newest not archived.
pub async fn current_campaign(db: &impl ConnectionTrait) -> Result<Option<CampaignInfo>> {
    let all = campaigns(db).await?;
    let now = time::now();
    Ok(all
        .iter()
        .find(|c| c.is_open_at(now))
        .or_else(|| all.iter().find(|c| c.archived_at.is_none()))
        .cloned())
}

/// A band of a criterion ("pick one band", e.g. Sơn La's novelty bands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub min: u32,
    pub max: u32,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CriterionInfo {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub max_points: u32,
    pub bands: Vec<Band>,
    pub weight: f64,
    pub comment_rule: types::CommentRule,
}

/// The top of a rubric's scale: Σ weight × max points.
pub fn scale_max(criteria: &[CriterionInfo]) -> f64 {
    criteria
        .iter()
        .map(|c| c.max_points as f64 * c.weight)
        .sum()
}

/// A criterion of a rubric to create.
#[derive(Clone, Debug)]
pub struct NewCriterion {
    pub code: &'static str,
    pub name: &'static str,
    pub max_points: u32,
    pub bands: Vec<Band>,
}

/// The default rubric (shared/DOMAIN.md §2): novelty 30 with Sơn La's five bands (Mẫu số 03),
/// scalability 35, effectiveness 35.
pub fn default_rubric() -> Vec<NewCriterion> {
    let band = |min, max, label: &str| Band {
        min,
        max,
        label: label.to_string(),
    };
    vec![
        NewCriterion {
            code: "novelty",
            name: "Tính mới và sáng tạo",
            max_points: 30,
            bands: vec![
                band(27, 30, "Hoàn toàn mới"),
                band(21, 26, "Cải tiến tốt"),
                band(16, 20, "Cải tiến trung bình"),
                band(1, 15, "Cải tiến nhỏ"),
                band(0, 0, "Không có tính mới hoặc sao chép"),
            ],
        },
        NewCriterion {
            code: "scalability",
            name: "Khả năng nhân rộng, áp dụng",
            max_points: 35,
            bands: vec![],
        },
        NewCriterion {
            code: "effectiveness",
            name: "Hiệu quả",
            max_points: 35,
            bands: vec![],
        },
    ]
}

/// The ids of every entry of a campaign.
pub async fn entry_ids(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Vec<i64>> {
    Ok(crate::entities::initiative::Entity::find()
        .filter(crate::entities::initiative::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect())
}

/// The rubric of a campaign, in order.
pub async fn criteria(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Vec<CriterionInfo>> {
    let rows = criterion::Entity::find()
        .filter(criterion::Column::CampaignId.eq(campaign_id))
        .order_by_asc(criterion::Column::Position)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| CriterionInfo {
            id: m.id,
            code: m.code,
            name: m.name,
            description: m.description,
            max_points: m.max_points.max(0) as u32,
            bands: serde_json::from_str(&m.bands).unwrap_or_default(),
            weight: m.weight,
            comment_rule: types::CommentRule::from_code(&m.comment_rule),
        })
        .collect())
}

/// The phases a new campaign gets (secretaries change them on the council page): entries are screened,
/// reviewed and voted on as they come (rolling review, from the opening), until one, two and two and a
/// half months after the closing; the announcement from the closing to three months after it.
pub fn default_phases(
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
) -> Vec<(types::Phase, DateTime<Utc>, DateTime<Utc>)> {
    use chrono::Duration;
    use types::Phase;
    vec![
        (Phase::Screening, opens_at, closes_at + Duration::days(30)),
        (Phase::Review, opens_at, closes_at + Duration::days(60)),
        (Phase::Vote, opens_at, closes_at + Duration::days(75)),
        (
            Phase::Announcement,
            closes_at,
            closes_at + Duration::days(90),
        ),
    ]
}

/// Creates a campaign with its rubric and default phases, or returns the existing one of that name.
pub async fn ensure_campaign(
    db: &impl TransactionTrait,
    name: &str,
    year: i32,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    description: &str,
    rubric: &[NewCriterion],
) -> Result<i64> {
    let txn = crate::db::begin(db).await?;
    if let Some(c) = campaign::Entity::find()
        .filter(campaign::Column::Name.eq(name))
        .one(&txn)
        .await?
    {
        return Ok(c.id);
    }
    let id = campaign::Entity::insert(campaign::ActiveModel {
        name: Set(name.to_string()),
        year: Set(year),
        opens_at: Set(opens_at),
        closes_at: Set(closes_at),
        description: Set(description.to_string()),
        ..Default::default()
    })
    .exec(&txn)
    .await?
    .last_insert_id;
    for (phase, starts_at, ends_at) in default_phases(opens_at, closes_at) {
        campaign_phase::Entity::insert(campaign_phase::ActiveModel {
            campaign_id: Set(id),
            phase: Set(phase.code().into()),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
        })
        .exec(&txn)
        .await?;
    }
    for (i, c) in rubric.iter().enumerate() {
        criterion::Entity::insert(criterion::ActiveModel {
            campaign_id: Set(id),
            code: Set(c.code.to_string()),
            name: Set(c.name.to_string()),
            max_points: Set(c.max_points as i32),
            position: Set(i as i32),
            bands: Set(serde_json::to_string(&c.bands).unwrap_or_else(|_| "[]".into())),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(id)
}
