//! Initiatives: submission with case numbers, who may see what, lists and status history.
//! Every status change writes a history row and a search-outbox row in the same transaction.
mod filing;
mod reading;
use crate::accounts::User;
use crate::catalog::{self, CampaignInfo, UnitInfo};
use crate::entities::{
    adopter, assignment, author, case_counter, draft, initiative, initiative_section,
    status_history, user,
};
use crate::{Error, Result, text, time};
use chrono::{DateTime, NaiveDate, Utc};
pub use filing::*;
pub use reading::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use std::collections::HashMap;
use types::{
    CampaignContent, Day, FieldError, Level, Pillar, Role, Section, Sector, SolutionType, Status,
    ValidInitiative,
};

/// An author. The particulars beyond name and share are personal data: `redact_for_public` clears them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorView {
    pub name: String,
    pub share_tenths: u32,
    pub birth_date: Option<NaiveDate>,
    pub workplace: Option<String>,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
    pub email: Option<String>,
}

/// Someone who took part in the first or trial application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdopterView {
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub workplace: String,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
    pub task: String,
}

/// One long section of the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionView {
    pub section: Section,
    pub body: String,
    pub confidential: bool,
}

/// One initiative with everything its detail page shows. Who may see it is decided by the service
/// that returns it.
#[derive(Clone, Debug, PartialEq)]
pub struct InitiativeView {
    pub id: i64,
    pub code: Option<String>,
    pub external_id: Option<String>,
    pub campaign: CampaignInfo,
    pub owner_id: Option<i64>,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub solution_type: SolutionType,
    pub pillar: Pillar,
    pub sector: Sector,
    pub unit: UnitInfo,
    pub status: Status,
    pub submitted_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
    pub level: Option<Level>,
    pub score: Option<f64>,
    pub decided_on: Option<NaiveDate>,
    pub decision_no: Option<String>,
    pub refusal_reasons: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub authors: Vec<AuthorView>,
    pub content: Option<CampaignContent>,
    pub investor: Option<String>,
    pub state_funds: Option<bool>,
    pub first_applied_on: Option<NaiveDate>,
    pub for_collective: bool,
    /// The long sections in the form's order; the new solution is also `description`.
    pub sections: Vec<SectionView>,
    pub adopters: Vec<AdopterView>,
    pub attachments: Vec<crate::submission::attachments::AttachmentView>,
}

impl InitiativeView {
    /// What the public may see: no confidential section (the description too when it is
    /// confidential), no personal data of authors or adopters beyond their names.
    pub fn redact_for_public(mut self) -> Self {
        self.sections.retain(|s| !s.confidential);
        if !self
            .sections
            .iter()
            .any(|s| s.section == Section::NewSolution)
        {
            self.description.clear();
        }
        for a in &mut self.authors {
            a.birth_date = None;
            a.email = None;
        }
        for a in &mut self.adopters {
            a.birth_date = None;
        }
        self.attachments.retain(|a| !a.confidential);
        self
    }

    /// What an assigned reviewer sees: every section (confidential ones too, they must judge them) but
    /// no personal particulars (dates of birth, emails). With blind review also no names of authors or
    /// adopters, no workplace, organisation, investor or attachment names.
    pub fn redact_for_reviewer(mut self, blind: bool) -> Self {
        for a in &mut self.authors {
            a.birth_date = None;
            a.email = None;
        }
        for a in &mut self.adopters {
            a.birth_date = None;
        }
        if blind {
            self.owner_id = None;
            self.investor = None;
            self.unit.name.clear();
            self.unit.code.clear();
            for a in &mut self.authors {
                a.name.clear();
                a.workplace = None;
                a.job_title = None;
                a.qualification = None;
            }
            for a in &mut self.adopters {
                a.name.clear();
                a.workplace.clear();
                a.job_title = None;
                a.qualification = None;
            }
            for (k, f) in self.attachments.iter_mut().enumerate() {
                let ext = f
                    .file_name
                    .rsplit_once('.')
                    .map(|(_, e)| format!(".{}", e.to_lowercase()))
                    .unwrap_or_default();
                f.file_name = format!("{}{ext}", k + 1);
            }
        }
        self
    }

    /// The year the open data gives: the year of the decision, else the campaign's.
    pub fn public_year(&self) -> i32 {
        self.decided_on
            .map(|d| chrono::Datelike::year(&d))
            .unwrap_or(self.campaign.year)
    }

    /// The text the public may search: non-confidential sections only.
    pub fn public_text(&self) -> String {
        self.sections
            .iter()
            .filter(|s| !s.confidential)
            .map(|s| crate::richtext::to_plain(&s.body))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A row of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct InitiativeSummary {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub summary: String,
    pub status: Status,
    pub pillar: Pillar,
    pub sector: Sector,
    pub solution_type: SolutionType,
    pub unit_name: String,
    pub campaign_name: String,
    pub year: i32,
    pub level: Option<Level>,
    pub score: Option<f64>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_on: Option<NaiveDate>,
    /// When the law wants the outcome (three months after filing).
    pub due_on: Option<NaiveDate>,
}

impl InitiativeSummary {
    /// Whether its campaign's secretary has something to do with it now: screen it (filed, or
    /// filed again after corrections), or see it decided before its due date, which is at most
    /// `DUE_SOON_DAYS` away (or past).
    pub fn needs_action(&self, today: NaiveDate) -> bool {
        match self.status {
            Status::Submitted => true,
            Status::Accepted | Status::UnderReview => self
                .due_on
                .is_some_and(|due| due <= today + chrono::Duration::days(DUE_SOON_DAYS)),
            _ => false,
        }
    }
}

/// An undecided entry due within this many days needs its secretary's attention.
pub const DUE_SOON_DAYS: i64 = 14;

/// Units and campaigns by id, loaded once per list.
struct Lookup {
    units: HashMap<i64, UnitInfo>,
    campaigns: HashMap<i64, CampaignInfo>,
}

impl Lookup {
    async fn load(db: &impl ConnectionTrait) -> Result<Self> {
        let units = crate::entities::unit::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, UnitInfo::from(u)))
            .collect();
        let campaigns = catalog::campaigns(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(Lookup { units, campaigns })
    }
    fn unit(&self, id: i64) -> Result<&UnitInfo> {
        self.units
            .get(&id)
            .ok_or_else(|| Error::missing(format_args!("unit {id}")))
    }
    fn campaign(&self, id: i64) -> Result<&CampaignInfo> {
        self.campaigns
            .get(&id)
            .ok_or_else(|| Error::missing(format_args!("campaign {id}")))
    }
}

fn code_of<T>(raw: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    parse(raw).ok_or_else(|| Error::Db(sea_orm::DbErr::Type(format!("unknown code {raw:?}"))))
}

fn summary_of(m: &initiative::Model, l: &Lookup) -> Result<InitiativeSummary> {
    let campaign = l.campaign(m.campaign_id)?;
    Ok(InitiativeSummary {
        id: m.id,
        code: m.code.clone(),
        title: m.title.clone(),
        summary: m.summary.clone(),
        status: code_of(&m.status, Status::from_code)?,
        pillar: code_of(&m.pillar, Pillar::from_code)?,
        sector: code_of(&m.sector, Sector::from_code)?,
        solution_type: code_of(&m.solution_type, SolutionType::from_code)?,
        unit_name: l.unit(m.unit_id)?.name.clone(),
        campaign_name: campaign.name.clone(),
        year: campaign.year,
        level: m.level.as_deref().and_then(Level::from_code),
        score: m.score,
        submitted_at: m.submitted_at,
        decided_on: m.decided_on,
        due_on: m.due_on,
    })
}

fn summaries(rows: &[initiative::Model], l: &Lookup) -> Result<Vec<InitiativeSummary>> {
    rows.iter().map(|m| summary_of(m, l)).collect()
}

pub(crate) fn day_of(d: Day) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year, d.month, d.day)
}

pub(crate) async fn view_of(
    db: &impl ConnectionTrait,
    m: initiative::Model,
) -> Result<InitiativeView> {
    views_of(db, vec![m])
        .await?
        .pop()
        .ok_or_else(|| Error::missing("the view of an initiative just read"))
}

/// Most ids in one `IN (…)` list (SQLite allows 32,766 bound values, PostgreSQL 65,535).
const IDS_PER_QUERY: usize = 500;

/// Whole records of several entries, in the order given, unredacted: a few queries per
/// `IDS_PER_QUERY` entries, not per entry.
pub(crate) async fn views_of(
    db: &impl ConnectionTrait,
    models: Vec<initiative::Model>,
) -> Result<Vec<InitiativeView>> {
    let mut out = Vec::with_capacity(models.len());
    let mut models = models.into_iter().peekable();
    while models.peek().is_some() {
        let chunk: Vec<initiative::Model> = models.by_ref().take(IDS_PER_QUERY).collect();
        let ids: Vec<i64> = chunk.iter().map(|m| m.id).collect();
        let mut authors: HashMap<i64, Vec<AuthorView>> = HashMap::new();
        for a in author::Entity::find()
            .filter(author::Column::InitiativeId.is_in(ids.clone()))
            .order_by_asc(author::Column::Position)
            .all(db)
            .await?
        {
            authors
                .entry(a.initiative_id)
                .or_default()
                .push(AuthorView {
                    name: a.name,
                    share_tenths: a.share_tenths.max(0) as u32,
                    birth_date: a.birth_date,
                    workplace: a.workplace,
                    job_title: a.job_title,
                    qualification: a.qualification,
                    email: a.email,
                });
        }
        let mut adopters: HashMap<i64, Vec<AdopterView>> = HashMap::new();
        for a in adopter::Entity::find()
            .filter(adopter::Column::InitiativeId.is_in(ids.clone()))
            .order_by_asc(adopter::Column::Position)
            .all(db)
            .await?
        {
            adopters
                .entry(a.initiative_id)
                .or_default()
                .push(AdopterView {
                    name: a.name,
                    birth_date: a.birth_date,
                    workplace: a.workplace,
                    job_title: a.job_title,
                    qualification: a.qualification,
                    task: a.task,
                });
        }
        let mut stored: HashMap<i64, HashMap<String, initiative_section::Model>> = HashMap::new();
        for s in initiative_section::Entity::find()
            .filter(initiative_section::Column::InitiativeId.is_in(ids.clone()))
            .all(db)
            .await?
        {
            stored
                .entry(s.initiative_id)
                .or_default()
                .insert(s.section.clone(), s);
        }
        let mut attachments = crate::submission::attachments::of_initiatives(db, &ids).await?;
        let campaigns: HashMap<i64, CampaignInfo> = crate::entities::campaign::Entity::find()
            .filter(
                crate::entities::campaign::Column::Id
                    .is_in(chunk.iter().map(|m| m.campaign_id).collect::<Vec<_>>()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, CampaignInfo::from(c)))
            .collect();
        let units: HashMap<i64, UnitInfo> = crate::entities::unit::Entity::find()
            .filter(
                crate::entities::unit::Column::Id
                    .is_in(chunk.iter().map(|m| m.unit_id).collect::<Vec<_>>()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, UnitInfo::from(u)))
            .collect();
        for m in chunk {
            let mut stored = stored.remove(&m.id).unwrap_or_default();
            // The new solution lives in `description` (entries imported from old records have only that).
            let sections = Section::ALL
                .iter()
                .filter_map(|s| {
                    if *s == Section::NewSolution {
                        return (!m.description.trim().is_empty()).then(|| SectionView {
                            section: *s,
                            body: m.description.clone(),
                            confidential: m.description_confidential,
                        });
                    }
                    stored.remove(s.code()).map(|row| SectionView {
                        section: *s,
                        body: row.body,
                        confidential: row.confidential,
                    })
                })
                .collect();
            out.push(InitiativeView {
                id: m.id,
                campaign: campaigns
                    .get(&m.campaign_id)
                    .cloned()
                    .ok_or(Error::NotFound)?,
                unit: units.get(&m.unit_id).cloned().ok_or(Error::NotFound)?,
                status: code_of(&m.status, Status::from_code)?,
                pillar: code_of(&m.pillar, Pillar::from_code)?,
                sector: code_of(&m.sector, Sector::from_code)?,
                solution_type: code_of(&m.solution_type, SolutionType::from_code)?,
                level: m.level.as_deref().and_then(Level::from_code),
                content: m.content.as_deref().and_then(CampaignContent::from_code),
                code: m.code,
                external_id: m.external_id,
                owner_id: m.owner_id,
                title: m.title,
                summary: m.summary,
                description: m.description,
                submitted_at: m.submitted_at,
                due_on: m.due_on,
                score: m.score,
                decided_on: m.decided_on,
                decision_no: m.decision_no,
                refusal_reasons: m.refusal_reasons,
                updated_at: m.updated_at,
                authors: authors.remove(&m.id).unwrap_or_default(),
                investor: m.investor,
                state_funds: m.state_funds,
                first_applied_on: m.first_applied_on,
                for_collective: m.for_collective,
                sections,
                adopters: adopters.remove(&m.id).unwrap_or_default(),
                attachments: attachments.remove(&m.id).unwrap_or_default(),
            })
        }
    }
    Ok(out)
}

/// An entry's row, or `NotFound`.
pub(crate) async fn load(db: &impl ConnectionTrait, id: i64) -> Result<initiative::Model> {
    initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// An entry row's status.
pub(crate) fn status_of(m: &initiative::Model) -> Status {
    Status::from_code(&m.status).unwrap_or(Status::Draft)
}
