//! Initiatives: submission with case numbers, who may see what, lists and status history.
//! Every status change writes a history row and a search-outbox row in the same transaction.
use crate::accounts::User;
use crate::catalog::{self, CampaignInfo, UnitInfo};
use crate::entities::{
    adopter, assignment, author, case_counter, draft, initiative, initiative_section,
    status_history, user,
};
use crate::{Error, Result, text, time};
use chrono::{DateTime, NaiveDate, Utc};
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
    pub attachments: Vec<crate::attachments::AttachmentView>,
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
            .ok_or(Error::Internal(format!("unit {id} missing")))
    }
    fn campaign(&self, id: i64) -> Result<&CampaignInfo> {
        self.campaigns
            .get(&id)
            .ok_or(Error::Internal(format!("campaign {id} missing")))
    }
}

fn code_of<T>(raw: &str, parse: fn(&str) -> Option<T>) -> Result<T> {
    parse(raw).ok_or_else(|| Error::Internal(format!("unknown code in database: {raw}")))
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
        .ok_or_else(|| Error::Internal("a view went missing".into()))
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
        let mut attachments = crate::attachments::of_initiatives(db, &ids).await?;
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

/// Takes the next case number of a year (SK-2026-0001, SK-2026-0002, …) inside the caller's transaction.
/// The counter row is updated before it is read, so concurrent submissions never share a number.
pub async fn next_case_number(txn: &impl ConnectionTrait, year: i32) -> Result<String> {
    case_counter::Entity::insert(case_counter::ActiveModel {
        year: Set(year),
        last: Set(0),
    })
    .on_conflict(
        OnConflict::column(case_counter::Column::Year)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(txn)
    .await?;
    case_counter::Entity::update_many()
        .col_expr(
            case_counter::Column::Last,
            Expr::col(case_counter::Column::Last).add(1),
        )
        .filter(case_counter::Column::Year.eq(year))
        .exec(txn)
        .await?;
    let row = case_counter::Entity::find_by_id(year)
        .one(txn)
        .await?
        .ok_or(Error::Internal("case counter".into()))?;
    Ok(format!("SK-{year}-{:04}", row.last))
}

/// Records a status change: history row + outbox row. The caller has already updated the initiative.
pub async fn record_status(
    txn: &impl ConnectionTrait,
    initiative_id: i64,
    from: Option<Status>,
    to: Status,
    actor: Option<(&User, Role)>,
    note: Option<String>,
) -> Result<()> {
    let note_for_people = note.clone();
    status_history::Entity::insert(status_history::ActiveModel {
        initiative_id: Set(initiative_id),
        from_status: Set(from.map(|s| s.code().to_string())),
        to_status: Set(to.code().to_string()),
        actor_id: Set(actor.map(|(u, _)| u.id)),
        actor_role: Set(actor.map(|(_, r)| r.code()).unwrap_or("system").to_string()),
        note: Set(note),
        at: Set(time::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    if let Some((user, _)) = actor {
        crate::notifications::status_changed(
            txn,
            initiative_id,
            to,
            user,
            note_for_people.as_deref(),
        )
        .await?;
    }
    crate::outbox::enqueue_for_index(txn, initiative_id).await
}

/// Files an initiative: checks the window and the unit, gives the case number and the due date, and
/// stores it with its sections, authors and adopters in one transaction; the draft it came from, if
/// any, goes in the same transaction. Co-authors whose verified email has an account are linked to the entry (others when they verify it).
/// The returned view is the receipt: when this returns, the entry is committed.
pub async fn submit(
    db: &impl TransactionTrait,
    actor: &User,
    input: ValidInitiative,
    from_draft: Option<i64>,
) -> Result<InitiativeView> {
    if !actor.email_verified {
        return Err(Error::field("account", FieldError::EmailNotVerified));
    }
    let txn = crate::db::begin(db).await?;
    let campaign = match catalog::campaign(&txn, input.campaign_id).await {
        Ok(c) => c,
        Err(Error::NotFound) => return Err(Error::field("campaign_id", FieldError::UnknownCode)),
        Err(e) => return Err(e),
    };
    let now = time::now();
    if !campaign.is_open_at(now) {
        return Err(Error::field("campaign_id", FieldError::OutsideWindow));
    }
    let unit = catalog::current_unit_by_code(&txn, &input.unit_code).await?;
    if let Some(draft_id) = from_draft {
        draft::Entity::find_by_id(draft_id)
            .filter(draft::Column::OwnerId.eq(actor.id))
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?;
    }
    let code = next_case_number(&txn, time::case_year(now)).await?;
    let mut am = initiative::ActiveModel {
        code: Set(Some(code)),
        campaign_id: Set(campaign.id),
        owner_id: Set(Some(actor.id)),
        status: Set(Status::Submitted.code().into()),
        submitted_at: Set(Some(now)),
        due_on: Set(Some(time::due_date(now))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_application_columns(&mut am, &input, unit.id)?;
    let id = initiative::Entity::insert(am)
        .exec(&txn)
        .await?
        .last_insert_id;
    store_application_rows(&txn, id, &input).await?;
    crate::accounts::record_consent(&txn, actor.id, "submission", Some(id)).await?;
    if let Some(draft_id) = from_draft {
        crate::attachments::move_to_initiative(&txn, draft_id, id).await?;
        draft::Entity::delete_by_id(draft_id).exec(&txn).await?;
    }
    record_status(
        &txn,
        id,
        None,
        Status::Submitted,
        Some((actor, Role::Submitter)),
        None,
    )
    .await?;
    let view = view_of(
        &txn,
        initiative::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?,
    )
    .await?;
    crate::mail::enqueue(
        &txn,
        crate::mail::receipt(
            &actor.email,
            &actor.full_name,
            &crate::mail::Receipt {
                id: view.id,
                code: view.code.as_deref().unwrap_or_default(),
                title: &view.title,
                campaign: &view.campaign.name,
                submitted_at: view.submitted_at,
                due_on: view.due_on,
                files: view
                    .attachments
                    .iter()
                    .map(|a| (a.file_name.as_str(), a.size_bytes, a.sha256.as_str()))
                    .collect(),
            },
        ),
    )
    .await?;
    crate::corrections::record_version(&txn, &view).await?;
    txn.commit().await?;
    Ok(view)
}

/// Sets the columns of an entry that come from the application form.
pub(crate) fn set_application_columns(
    am: &mut initiative::ActiveModel,
    input: &ValidInitiative,
    unit_id: i64,
) -> Result<()> {
    let new_solution = input
        .section(Section::NewSolution)
        .ok_or(Error::Internal("new solution missing".into()))?;
    am.title = Set(text::nfc(input.title.as_str()));
    am.summary = Set(text::nfc(input.summary.as_str()));
    am.description = Set(text::nfc(new_solution.body.as_str()));
    am.description_confidential = Set(new_solution.confidential);
    am.solution_type = Set(input.solution_type.code().into());
    am.pillar = Set(input.pillar.code().into());
    am.sector = Set(input.sector.code().into());
    am.content = Set(Some(input.content.code().into()));
    am.investor = Set(input.investor.as_ref().map(|s| text::nfc(s.as_str())));
    am.state_funds = Set(Some(input.state_funds));
    am.first_applied_on = Set(day_of(input.first_applied_on));
    am.for_collective = Set(input.for_collective);
    am.unit_id = Set(unit_id);
    Ok(())
}

/// Writes the sections (other than the description), authors (linked to accounts by email) and
/// adopters of an entry; a resubmission deletes the old rows first.
pub(crate) async fn store_application_rows(
    txn: &impl ConnectionTrait,
    id: i64,
    input: &ValidInitiative,
) -> Result<()> {
    initiative_section::Entity::delete_many()
        .filter(initiative_section::Column::InitiativeId.eq(id))
        .exec(txn)
        .await?;
    author::Entity::delete_many()
        .filter(author::Column::InitiativeId.eq(id))
        .exec(txn)
        .await?;
    adopter::Entity::delete_many()
        .filter(adopter::Column::InitiativeId.eq(id))
        .exec(txn)
        .await?;
    for s in input
        .sections
        .iter()
        .filter(|s| s.section != Section::NewSolution)
    {
        initiative_section::Entity::insert(initiative_section::ActiveModel {
            initiative_id: Set(id),
            section: Set(s.section.code().into()),
            body: Set(text::nfc(s.body.as_str())),
            confidential: Set(s.confidential),
        })
        .exec(txn)
        .await?;
    }
    for (i, a) in input.authors.iter().enumerate() {
        let email = a.email.as_ref().map(|e| e.as_str().to_string());
        // Only a verified address links: whoever registers someone else's address sees nothing.
        let linked = match &email {
            Some(e) => user::Entity::find()
                .filter(user::Column::Email.eq(e.as_str()))
                .filter(user::Column::EmailVerifiedAt.is_not_null())
                .one(txn)
                .await?
                .map(|u| u.id),
            None => None,
        };
        author::Entity::insert(author::ActiveModel {
            initiative_id: Set(id),
            position: Set(i as i32),
            name: Set(text::nfc(a.name.as_str())),
            share_tenths: Set(a.share_tenths as i32),
            birth_date: Set(a.birth_date.and_then(day_of)),
            workplace: Set(Some(text::nfc(a.workplace.as_str()))),
            job_title: Set(a.position.as_ref().map(|s| text::nfc(s.as_str()))),
            qualification: Set(a.qualification.as_ref().map(|s| text::nfc(s.as_str()))),
            email: Set(email),
            user_id: Set(linked),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    for (i, a) in input.adopters.iter().enumerate() {
        adopter::Entity::insert(adopter::ActiveModel {
            initiative_id: Set(id),
            position: Set(i as i32),
            name: Set(text::nfc(a.name.as_str())),
            birth_date: Set(a.birth_date.and_then(day_of)),
            workplace: Set(text::nfc(a.workplace.as_str())),
            job_title: Set(a.position.as_ref().map(|s| text::nfc(s.as_str()))),
            qualification: Set(a.qualification.as_ref().map(|s| text::nfc(s.as_str()))),
            task: Set(text::nfc(a.task.as_str())),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// The application form as it would be typed to produce this entry (for versions and for the
/// draft of a correction). The declaration and consent are ticked: they were given when filing.
pub fn input_of(v: &InitiativeView) -> types::InitiativeInput {
    let iso = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let mut input = types::InitiativeInput {
        campaign_id: v.campaign.id.to_string(),
        title: v.title.clone(),
        summary: v.summary.clone(),
        solution_type: v.solution_type.code().into(),
        pillar: v.pillar.code().into(),
        sector: v.sector.code().into(),
        content: v.content.map(|c| c.code().to_string()).unwrap_or_default(),
        unit: v.unit.code.clone(),
        investor: v.investor.clone().unwrap_or_default(),
        state_funds: match v.state_funds {
            Some(true) => "co".into(),
            Some(false) => "khong".into(),
            None => String::new(),
        },
        first_applied_on: iso(v.first_applied_on),
        for_collective: if v.for_collective {
            "on".into()
        } else {
            String::new()
        },
        declaration: "on".into(),
        consent: "on".into(),
        ..Default::default()
    };
    for s in &v.sections {
        match s.section {
            Section::FieldProblem => input.field_problem = s.body.clone(),
            Section::KnownSolution => input.known_solution = s.body.clone(),
            Section::NewSolution => input.description = s.body.clone(),
            Section::Applicability => input.applicability = s.body.clone(),
            Section::BenefitsAuthor => input.benefits_author = s.body.clone(),
            Section::BenefitsAdopters => input.benefits_adopters = s.body.clone(),
            Section::Conditions => input.conditions = s.body.clone(),
        }
        if s.confidential {
            input
                .confidential
                .insert(s.section.code().into(), "on".into());
        }
    }
    input.authors = v
        .authors
        .iter()
        .map(|a| types::AuthorInput {
            name: a.name.clone(),
            birth_date: iso(a.birth_date),
            workplace: a.workplace.clone().unwrap_or_default(),
            position: a.job_title.clone().unwrap_or_default(),
            qualification: a.qualification.clone().unwrap_or_default(),
            share: types::format_share(a.share_tenths),
            email: a.email.clone().unwrap_or_default(),
        })
        .collect();
    input.adopters = v
        .adopters
        .iter()
        .map(|a| types::AdopterInput {
            name: a.name.clone(),
            birth_date: iso(a.birth_date),
            workplace: a.workplace.clone(),
            position: a.job_title.clone().unwrap_or_default(),
            qualification: a.qualification.clone().unwrap_or_default(),
            task: a.task.clone(),
        })
        .collect();
    input
}

/// An author of an imported or demo record: name, share, and where known their position and workplace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewAuthor {
    pub name: String,
    pub share_tenths: u32,
    pub job_title: Option<String>,
    pub workplace: Option<String>,
}

/// Stores the authors table of an initiative (imported and demo records).
pub async fn insert_authors(
    txn: &impl ConnectionTrait,
    initiative_id: i64,
    authors: impl Iterator<Item = NewAuthor>,
) -> Result<()> {
    for (i, a) in authors.enumerate() {
        author::Entity::insert(author::ActiveModel {
            initiative_id: Set(initiative_id),
            position: Set(i as i32),
            name: Set(text::nfc(&a.name)),
            share_tenths: Set(a.share_tenths as i32),
            job_title: Set(a.job_title.map(|t| text::nfc(&t))),
            workplace: Set(a.workplace.map(|w| text::nfc(&w))),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}

pub use crate::accounts::link_co_author;

/// Whether `user_id` is a co-author linked to the entry by their email.
async fn is_linked_author(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    user_id: i64,
) -> Result<bool> {
    Ok(author::Entity::find()
        .filter(author::Column::InitiativeId.eq(initiative_id))
        .filter(author::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some())
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

async fn is_assigned(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    reviewer_id: i64,
) -> Result<bool> {
    Ok(assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(initiative_id))
        .filter(assignment::Column::ReviewerId.eq(reviewer_id))
        .one(db)
        .await?
        .is_some())
}

/// An initiative as `viewer` may see it. The filer, linked co-authors, secretaries, admins and
/// assigned reviewers see all of it; anyone else sees a recognised entry redacted for the public
/// (no confidential section, no personal data). Anything else is `NotFound`, so that nobody learns
/// that a hidden entry exists.
pub async fn get_for(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    id: i64,
) -> Result<InitiativeView> {
    let m = initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let blind = crate::entities::campaign::Entity::find_by_id(m.campaign_id)
        .one(db)
        .await?
        .is_some_and(|c| c.blind_review);
    match access(db, viewer, &m).await? {
        Access::Full => view_of(db, m).await,
        Access::Reviewer => Ok(view_of(db, m).await?.redact_for_reviewer(blind)),
        Access::Public => Ok(view_of(db, m).await?.redact_for_public()),
        Access::None => Err(Error::NotFound),
    }
}

/// How much of an entry someone may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// The filer, linked co-authors, secretaries, admins.
    Full,
    /// An assigned reviewer or a council member without a conflict: everything but personal
    /// particulars (and, in blind review, identities).
    Reviewer,
    /// A recognised entry, redacted for the public.
    Public,
    None,
}

async fn access(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    m: &initiative::Model,
) -> Result<Access> {
    let public = m.status == Status::Recognised.code();
    if let Some(u) = viewer {
        // Staff (admins included) through `staff::may_act_on`: never on an entry they are in
        // conflict with.
        if m.owner_id == Some(u.id)
            || is_linked_author(db, m.id, u.id).await?
            || crate::staff::may_act_on(db, u, m).await?
        {
            return Ok(Access::Full);
        }
        // Assigned reviewers, and council members of the campaign once it is under review (they
        // vote on it), unless conflicted.
        let assigned = u.has(Role::Reviewer) && is_assigned(db, m.id, u.id).await?;
        let council = m.status == Status::UnderReview.code()
            && crate::campaigns::role_of(db, m.campaign_id, u.id)
                .await?
                .is_some();
        if (assigned || council) && crate::conflicts::of(db, m.id, u.id).await?.is_empty() {
            return Ok(Access::Reviewer);
        }
    }
    Ok(if public { Access::Public } else { Access::None })
}

/// What `viewer` may see of an entry: `Some(true)` all of it, `Some(false)` its public part (it is
/// recognised), `None` nothing.
async fn access_of(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    m: &initiative::Model,
) -> Result<Option<bool>> {
    Ok(match access(db, viewer, m).await? {
        Access::Full | Access::Reviewer => Some(true),
        Access::Public => Some(false),
        Access::None => None,
    })
}

/// [`access_of`] by id (used for attachments); `None` also when the entry does not exist.
pub async fn may_see_everything(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    id: i64,
) -> Result<Option<bool>> {
    match initiative::Entity::find_by_id(id).one(db).await? {
        Some(m) => access_of(db, viewer, &m).await,
        None => Ok(None),
    }
}

/// A public initiative (recognised), for the public pages and API.
pub async fn public(db: &impl ConnectionTrait, id: i64) -> Result<InitiativeView> {
    get_for(db, None, id).await
}

/// The signed-in person's entries (filed by them, or naming them as a linked co-author), newest first.
pub async fn mine(db: &impl ConnectionTrait, actor: &User) -> Result<Vec<InitiativeSummary>> {
    let co_authored: Vec<i64> = author::Entity::find()
        .select_only()
        .column(author::Column::InitiativeId)
        .filter(author::Column::UserId.eq(actor.id))
        .into_tuple()
        .all(db)
        .await?;
    let rows = initiative::Entity::find()
        .filter(
            initiative::Column::OwnerId
                .eq(actor.id)
                .or(initiative::Column::Id.is_in(co_authored)),
        )
        .order_by_desc(initiative::Column::CreatedAt)
        .all(db)
        .await?;
    summaries(&rows, &Lookup::load(db).await?)
}

/// Entries a secretary works on: those of their campaigns (every campaign for an admin), never one
/// they are in conflict with; optionally filtered by status; newest receipt first (what waits to be
/// screened; `InitiativeSummary::needs_action` names what is due soon). With search words (`search::query` syntax: words, quoted phrases, `-word`), only the
/// entries whose case number, title, summary or unit hold them, diacritics ignored.
pub async fn for_secretary(
    db: &impl ConnectionTrait,
    actor: &User,
    status: Option<Status>,
    words: &str,
) -> Result<Vec<InitiativeSummary>> {
    actor.require(Role::Secretary)?;
    let mut q =
        initiative::Entity::find().filter(initiative::Column::Status.ne(Status::Draft.code()));
    if let crate::staff::Scope::Only(campaigns) = crate::staff::scope(db, actor).await? {
        q = q.filter(initiative::Column::CampaignId.is_in(campaigns));
    }
    if let Some(s) = status {
        q = q.filter(initiative::Column::Status.eq(s.code()));
    }
    // Newest first: what came in last is what waits to be screened.
    let mut rows = q
        .order_by_desc(initiative::Column::SubmittedAt)
        .order_by_desc(initiative::Column::Id)
        .all(db)
        .await?;
    let lookup = Lookup::load(db).await?;
    let filter = crate::search::query::TextFilter::new(&crate::search::query::parse(words, &[]));
    if !filter.is_empty() {
        rows.retain(|m| {
            let unit = lookup
                .unit(m.unit_id)
                .map(|u| u.name.as_str())
                .unwrap_or("");
            let code = m.code.as_deref().unwrap_or("");
            filter.matches(&format!("{code}\n{}\n{}\n{unit}", m.title, m.summary))
        });
    }
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let blocked = crate::conflicts::blocked_for(db, &ids, actor.id).await?;
    rows.retain(|m| !blocked.contains(&m.id));
    summaries(&rows, &lookup)
}

/// Newest recognised entries for the public home page.
pub async fn recognised_latest(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<InitiativeSummary>> {
    let rows = initiative::Entity::find()
        .filter(initiative::Column::Status.eq(Status::Recognised.code()))
        .order_by_desc(initiative::Column::DecidedOn)
        .order_by_desc(initiative::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    summaries(&rows, &Lookup::load(db).await?)
}

/// Recognised entries by id, in the order given (search hits). Anything not public is dropped here
/// again, whatever the index said.
pub async fn public_summaries(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<InitiativeSummary>> {
    let rows = initiative::Entity::find()
        .filter(initiative::Column::Id.is_in(ids.to_vec()))
        .filter(initiative::Column::Status.eq(Status::Recognised.code()))
        .all(db)
        .await?;
    let l = Lookup::load(db).await?;
    let mut by_id: HashMap<i64, initiative::Model> = rows.into_iter().map(|m| (m.id, m)).collect();
    ids.iter()
        .filter_map(|id| by_id.remove(id))
        .map(|m| summary_of(&m, &l))
        .collect()
}

/// Public views by id in the given order (the API's search results, open-data downloads): only
/// recognised entries, redacted for the public, whatever the ids asked for.
pub async fn public_views(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<InitiativeView>> {
    let mut models = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let mut by_id: HashMap<i64, initiative::Model> = initiative::Entity::find()
            .filter(initiative::Column::Id.is_in(chunk.to_vec()))
            .filter(initiative::Column::Status.eq(Status::Recognised.code()))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        models.extend(chunk.iter().filter_map(|id| by_id.remove(id)));
    }
    Ok(views_of(db, models)
        .await?
        .into_iter()
        .map(InitiativeView::redact_for_public)
        .collect())
}

/// Numbers for the home page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub submitted: u64,
    pub recognised: u64,
}

pub async fn counts(db: &impl ConnectionTrait, campaign_id: Option<i64>) -> Result<Counts> {
    // One pass over the status index: entries per status.
    let mut q = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Status)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(initiative::Column::Status);
    if let Some(c) = campaign_id {
        q = q.filter(initiative::Column::CampaignId.eq(c));
    }
    let per_status: Vec<(String, i64)> = q.into_tuple().all(db).await?;
    let count = |keep: &dyn Fn(&str) -> bool| {
        per_status
            .iter()
            .filter(|(status, _)| keep(status))
            .map(|(_, n)| *n as u64)
            .sum()
    };
    Ok(Counts {
        submitted: count(&|s| s != Status::Draft.code()),
        recognised: count(&|s| s == Status::Recognised.code()),
    })
}

/// One line of an entry's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub from: Option<Status>,
    pub to: Status,
    pub actor_role: String,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// The status timeline with its notes (correction requests, screening notes, the staff's roles and
/// the times): only for those with full access to the entry (the filer, linked co-authors, staff).
/// Anyone else who may read the entry (a reviewer, a council member, anyone once it is recognised)
/// gets an empty timeline; whoever may not read it, `NotFound`.
pub async fn history(
    db: &impl ConnectionTrait,
    viewer: &User,
    id: i64,
) -> Result<Vec<HistoryEntry>> {
    let m = initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    match access(db, Some(viewer), &m).await? {
        Access::Full => {}
        Access::Reviewer | Access::Public => return Ok(Vec::new()),
        Access::None => return Err(Error::NotFound),
    }
    let rows = status_history::Entity::find()
        .filter(status_history::Column::InitiativeId.eq(id))
        .order_by_asc(status_history::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(HistoryEntry {
                from: r.from_status.as_deref().and_then(Status::from_code),
                to: Status::from_code(&r.to_status)?,
                actor_role: r.actor_role,
                note: r.note,
                at: r.at,
            })
        })
        .collect())
}

/// Ids of every initiative (for a full re-index).
pub async fn all_ids(db: &impl ConnectionTrait) -> Result<Vec<i64>> {
    Ok(initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Id)
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

/// What public search may index of one recognised entry: public fields and non-confidential text.
pub struct IndexSource {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub summary: String,
    pub public_text: String,
    pub unit: String,
    pub campaign: String,
    pub authors: Vec<String>,
    /// The names of the unit's places other than the unit itself (`places::Places::of`).
    pub place_names: Vec<String>,
    pub columns: crate::search::Columns,
}

/// The year a recognised entry is counted in: its decision's, else its campaign's.
pub fn public_year(decided_on: Option<NaiveDate>, campaign_year: i32) -> i32 {
    decided_on
        .map(|d| chrono::Datelike::year(&d))
        .unwrap_or(campaign_year)
}

/// Recognised initiatives by id, redacted for the public, for the indexer.
pub async fn index_sources(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<IndexSource>> {
    let places = crate::places::load(db).await?;
    Ok(public_views(db, ids)
        .await?
        .into_iter()
        .map(|v| IndexSource {
            columns: crate::search::Columns {
                pillar: v.pillar.code().to_string(),
                sector: v.sector.code().to_string(),
                solution_type: v.solution_type.code().to_string(),
                level: v.level.map(|l| l.code().to_string()),
                unit: v.unit.code.clone(),
                year: public_year(v.decided_on, v.campaign.year),
                decided_on: v.decided_on,
                score: v.score,
                places: places.of(v.unit.id).to_vec(),
            },
            id: v.id,
            public_text: v.public_text(),
            code: v.code,
            title: v.title,
            summary: v.summary,
            unit: v.unit.name,
            campaign: v.campaign.name,
            authors: v.authors.into_iter().map(|a| a.name).collect(),
            place_names: places
                .of(v.unit.id)
                .iter()
                .filter(|code| **code != v.unit.code)
                .filter_map(|code| places.unit(code).map(|u| u.name.clone()))
                .collect(),
        })
        .collect())
}

/// Whether the filer may still withdraw an entry: submitted and not yet decided.
pub fn can_withdraw(status: Status) -> bool {
    matches!(
        status,
        Status::Submitted | Status::NeedsCorrection | Status::Accepted | Status::UnderReview
    )
}

/// The filer withdraws their entry before a decision. Anyone else, or a decided entry, is refused.
/// Whether the filer may still withdraw the entry: by its status, and not once the council's
/// decision is recorded (it then waits for the announcement; withdrawing it would leave a decision
/// without its entry).
pub async fn withdrawable(db: &impl ConnectionTrait, id: i64, status: Status) -> Result<bool> {
    Ok(can_withdraw(status)
        && crate::entities::decision::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none())
}

/// The filer withdraws their entry (`withdrawable`). The entry's row is locked, as `decide` locks
/// it: a decision recorded at the same moment on PostgreSQL either comes first (and the withdrawal is
/// refused) or finds the entry withdrawn.
pub async fn withdraw(db: &impl TransactionTrait, actor: &User, id: i64) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let m = initiative::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if m.owner_id != Some(actor.id) {
        return Err(Error::NotFound);
    }
    let from = code_of(&m.status, Status::from_code)?;
    if !withdrawable(&txn, m.id, from).await? {
        return Err(Error::field("confirm", FieldError::NotAllowed));
    }
    let mut am: initiative::ActiveModel = m.into();
    am.status = Set(Status::Withdrawn.code().to_string());
    am.updated_at = Set(time::now());
    initiative::Entity::update(am).exec(&txn).await?;
    record_status(
        &txn,
        id,
        Some(from),
        Status::Withdrawn,
        Some((actor, Role::Submitter)),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The list row of one entry (used by the reviewer's queue).
pub async fn for_reviewer_summary(
    db: &impl ConnectionTrait,
    m: &initiative::Model,
) -> Result<InitiativeSummary> {
    summary_of(m, &Lookup::load(db).await?)
}
