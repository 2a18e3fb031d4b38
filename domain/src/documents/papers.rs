//! The papers set in type: a recognised initiative's certificates, the minutes of the council's vote
//! on an entry, and the application form as filed. Each checks who asks, gathers the data, and sets
//! it with `typeset` in a blocking task (at most two at once, so typesetting never starves the
//! requests around it).
use super::typeset::{self, Template};
use super::{Labels, Progress, labels_of, place_date, text};
use crate::accounts::{User, conflicts, staff};
use crate::catalog::campaigns;
use crate::council::deliberation;
use crate::entities::decision;
use crate::submission::initiatives::{self, InitiativeView};
use crate::{Error, Result, time};
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use std::sync::OnceLock;
use tokio::sync::Semaphore;
use types::{CouncilRole, Section, format_share};

/// A PDF and the name it is saved under.
#[derive(Clone, Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub file_name: String,
}

/// Sets `template` off the async threads, two documents at most at a time.
pub(super) async fn set<T: Serialize + Send + 'static>(
    template: Template,
    data: T,
) -> Result<Vec<u8>> {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| Semaphore::new(2));
    // The semaphore is never closed.
    let _permit = permits
        .acquire()
        .await
        .map_err(|_| Error::Conflict("typesetting has stopped"))?;
    let now = time::now();
    Ok(tokio::task::spawn_blocking(move || typeset::pdf(template, &data, now)).await??)
}

/// The name of an entry in file names: its case number, else its id.
fn file_stem(v: &InitiativeView) -> String {
    v.code.clone().unwrap_or_else(|| v.id.to_string())
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(time::format_date).unwrap_or_default()
}

#[derive(Serialize)]
struct CertificatePage {
    author: String,
    workplace: String,
    title: String,
    code: String,
    share: String,
    level: String,
    decision: String,
    campaign: String,
    authority: String,
    place_date: String,
}

#[derive(Serialize)]
struct Certificates {
    t: Labels,
    pages: Vec<CertificatePage>,
}

/// The certificates of a recognised initiative, one page per co-author. For the campaign's staff
/// once the decision is recorded; for the filer and linked co-authors once it is published.
pub async fn certificates(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<Pdf> {
    let v = initiatives::in_full(db, actor, id).await?;
    if !initiatives::certificates_printable(db, actor, id).await? {
        return Err(Error::NotFound);
    }
    let data = Certificates {
        t: labels_of("certificate"),
        pages: certificate_pages(db, &v).await?,
    };
    Ok(Pdf {
        bytes: set(Template::Certificate, data).await?,
        file_name: format!("giay-chung-nhan-{}.pdf", file_stem(&v)),
    })
}

/// Every certificate of a campaign in one PDF, entry by entry in case-number order: its recognised
/// initiatives (published, or decided and not yet published). For the campaign's staff, without the
/// entries they are in conflict with. `Conflict` when there is none.
pub async fn campaign_certificates(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    progress: &Progress,
) -> Result<Pdf> {
    use crate::entities::initiative;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    if !staff::may_act_on_campaign(db, actor, campaign_id).await? {
        return Err(Error::NotFound);
    }
    let entries: Vec<i64> = initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .order_by_asc(initiative::Column::Code)
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let blocked = conflicts::blocked_for(db, &entries, actor.id).await?;
    let mut ids = Vec::new();
    for id in entries.into_iter().filter(|id| !blocked.contains(id)) {
        if initiatives::certificates_printable(db, actor, id).await? {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(Error::Conflict("no recognised initiative in the campaign"));
    }
    progress.start(ids.len());
    let mut pages = Vec::new();
    for id in ids {
        let v = initiatives::in_full(db, actor, id).await?;
        pages.extend(certificate_pages(db, &v).await?);
        progress.step();
    }
    let data = Certificates {
        t: labels_of("certificate"),
        pages,
    };
    Ok(Pdf {
        bytes: set(Template::Certificate, data).await?,
        file_name: format!("giay-chung-nhan-dot-{campaign_id}.pdf"),
    })
}

/// One certificate page per co-author of a recognised entry.
async fn certificate_pages(
    db: &impl ConnectionTrait,
    v: &InitiativeView,
) -> Result<Vec<CertificatePage>> {
    // The council's decision; for an entry imported as recognised, what its record holds.
    let (level, decision_no, decided_on) = match decision::Entity::find_by_id(v.id).one(db).await? {
        Some(d) => (
            d.level.as_deref().and_then(types::Level::from_code),
            d.decision_no,
            Some(d.decided_on),
        ),
        None => (v.level, v.decision_no.clone(), v.decided_on),
    };
    let level = level.map(|l| text(&l.label_key())).unwrap_or_default();
    let decision = match (&decision_no, decided_on) {
        (Some(no), Some(on)) => rust_i18n::t!(
            "documents.certificate.decision_value",
            no = no,
            date = time::format_date(on)
        )
        .into_owned(),
        (Some(no), None) => no.clone(),
        (None, on) => day(on),
    };
    Ok(v.authors
        .iter()
        .map(|a| CertificatePage {
            author: a.name.clone(),
            workplace: a.workplace.clone().unwrap_or_else(|| v.unit.name.clone()),
            title: v.title.clone(),
            code: opt(&v.code),
            share: format!("{}%", format_share(a.share_tenths)),
            level: level.clone(),
            decision: decision.clone(),
            campaign: v.campaign.name.clone(),
            authority: text("documents.certificate.authority"),
            place_date: place_date(decided_on),
        })
        .collect())
}

#[derive(Serialize)]
struct MinutesMember {
    name: String,
    role: String,
    present: String,
}

#[derive(Serialize)]
struct Minutes {
    t: Labels,
    council: String,
    place_date: String,
    code: String,
    title: String,
    authors: String,
    unit: String,
    ballot: String,
    members: Vec<MinutesMember>,
    entitled: String,
    cast: String,
    agree: String,
    disagree: String,
    needed: String,
    result: String,
    decision: String,
    secretary: String,
    chair: String,
}

/// The minutes of the council's vote on an entry, once the vote is over; for the campaign's staff and
/// council members without a conflict (those who see the panel). In a secret ballot the minutes name
/// who voted, never how.
pub async fn vote_minutes(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<Pdf> {
    // Whoever may not read the entry learns nothing of it, not even that its vote is open.
    let v = initiatives::get_for(db, Some(actor), id).await?;
    let panel = deliberation::panel(db, actor, id).await?;
    if !panel.tally.closed {
        return Err(Error::OutOfPhase(types::Phase::Vote));
    }
    let members = campaigns::members(db, panel.campaign_id).await?;
    let mut rows = Vec::new();
    for m in &members {
        let voted = panel.tally.voters.iter().any(|(who, ..)| *who == m.user_id);
        let conflicted = !conflicts::of(db, id, m.user_id).await?.is_empty();
        let key = match (voted, conflicted) {
            (true, _) => "documents.minutes.voted",
            (false, true) => "documents.minutes.conflicted",
            (false, false) => "documents.minutes.absent",
        };
        rows.push(MinutesMember {
            name: m.name.clone(),
            role: text(&m.role.label_key()),
            present: rust_i18n::t!(key).into_owned(),
        });
    }
    let name_of = |role: CouncilRole| {
        members
            .iter()
            .find(|m| m.role == role)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    let tally = &panel.tally;
    let decision = match &panel.decision {
        Some(d) if d.recognised => {
            let level = d.level.map(|l| text(&l.label_key())).unwrap_or_default();
            rust_i18n::t!("documents.minutes.recognised", level = level).into_owned()
        }
        Some(_) => rust_i18n::t!("documents.minutes.refused").into_owned(),
        None => String::new(),
    };
    let result = if tally.passed {
        "documents.minutes.passed"
    } else {
        "documents.minutes.not_passed"
    };
    let ballot = if tally.secret {
        "documents.minutes.secret"
    } else {
        "documents.minutes.open"
    };
    let data = Minutes {
        t: labels_of("minutes"),
        council: rust_i18n::t!("documents.minutes.council", campaign = v.campaign.name)
            .into_owned(),
        // The day of the decision, else today (the minutes are drawn up once the vote is over).
        place_date: place_date(Some(
            panel
                .decision
                .as_ref()
                .map(|d| d.decided_on)
                .unwrap_or_else(|| time::local_date(time::now())),
        )),
        code: opt(&v.code),
        title: v.title.clone(),
        authors: v
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        unit: v.unit.name.clone(),
        ballot: rust_i18n::t!(ballot).into_owned(),
        members: rows,
        entitled: tally.entitled.to_string(),
        cast: tally.ballots.to_string(),
        agree: tally.agree.to_string(),
        disagree: tally.disagree.to_string(),
        needed: tally.needed.to_string(),
        result: rust_i18n::t!(result).into_owned(),
        decision,
        secretary: name_of(CouncilRole::Secretary),
        chair: name_of(CouncilRole::Chair),
    };
    Ok(Pdf {
        bytes: set(Template::VoteMinutes, data).await?,
        file_name: format!("bien-ban-bieu-quyet-{}.pdf", file_stem(&v)),
    })
}

#[derive(Serialize)]
struct FormPerson {
    name: String,
    birth: String,
    workplace: String,
    position: String,
    qualification: String,
    share: String,
    task: String,
}

#[derive(Serialize)]
struct FormSection {
    label: String,
    body: String,
}

#[derive(Serialize)]
struct ApplicationForm {
    t: Labels,
    addressee: String,
    authors: Vec<FormPerson>,
    title: String,
    investor: String,
    field: String,
    first_applied: String,
    essence: Vec<FormSection>,
    confidential: String,
    conditions: String,
    benefits_author: String,
    benefits_adopters: String,
    adopters: Vec<FormPerson>,
    place_date: String,
    applicant: String,
}

/// The text of a section as filed, or empty.
fn section(v: &InitiativeView, s: Section) -> String {
    v.sections
        .iter()
        .find(|x| x.section == s)
        .map(|x| crate::richtext::to_plain(&x.body))
        .unwrap_or_default()
}

/// The application form in its legal layout, filled in with the entry as filed (confidential parts
/// and personal particulars included): for the filer, linked co-authors and the campaign's staff.
pub async fn application_form(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<Pdf> {
    let v = initiatives::in_full(db, actor, id).await?;
    let essence_parts = [
        Section::KnownSolution,
        Section::NewSolution,
        Section::Applicability,
    ];
    let essence = essence_parts
        .iter()
        .map(|s| FormSection {
            label: text(&format!("section.{}", s.code())),
            body: section(&v, *s),
        })
        .collect();
    let confidential: Vec<String> = v
        .sections
        .iter()
        .filter(|s| s.confidential)
        .map(|s| text(&format!("section.{}", s.section.code())))
        .collect();
    let none = || rust_i18n::t!("documents.application.none").into_owned();
    let person =
        |name: &str, birth, workplace: &str, position: &Option<String>, q: &Option<String>| {
            FormPerson {
                name: name.to_owned(),
                birth: day(birth),
                workplace: workplace.to_owned(),
                position: opt(position),
                qualification: opt(q),
                share: String::new(),
                task: String::new(),
            }
        };
    let authors = v
        .authors
        .iter()
        .map(|a| FormPerson {
            share: format!("{}%", format_share(a.share_tenths)),
            ..person(
                &a.name,
                a.birth_date,
                a.workplace.as_deref().unwrap_or(""),
                &a.job_title,
                &a.qualification,
            )
        })
        .collect();
    let adopters = v
        .adopters
        .iter()
        .map(|a| FormPerson {
            task: a.task.clone(),
            ..person(
                &a.name,
                a.birth_date,
                &a.workplace,
                &a.job_title,
                &a.qualification,
            )
        })
        .collect();
    let funds = match v.state_funds {
        Some(true) => rust_i18n::t!("documents.application.state_funds_yes").into_owned(),
        Some(false) => rust_i18n::t!("documents.application.state_funds_no").into_owned(),
        None => String::new(),
    };
    let investor = [opt(&v.investor), funds]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ");
    let data = ApplicationForm {
        t: labels_of("application"),
        addressee: rust_i18n::t!(
            "documents.application.addressee",
            campaign = v.campaign.name
        )
        .into_owned(),
        authors,
        title: v.title.clone(),
        investor: if investor.is_empty() {
            none()
        } else {
            investor
        },
        field: section(&v, Section::FieldProblem),
        first_applied: day(v.first_applied_on),
        essence,
        confidential: if confidential.is_empty() {
            none()
        } else {
            confidential.join("; ")
        },
        conditions: section(&v, Section::Conditions),
        benefits_author: section(&v, Section::BenefitsAuthor),
        benefits_adopters: section(&v, Section::BenefitsAdopters),
        adopters,
        place_date: place_date(v.submitted_at.map(time::local_date)),
        applicant: v
            .authors
            .first()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
    };
    Ok(Pdf {
        bytes: set(Template::ApplicationForm, data).await?,
        file_name: format!("don-yeu-cau-cong-nhan-{}.pdf", file_stem(&v)),
    })
}
