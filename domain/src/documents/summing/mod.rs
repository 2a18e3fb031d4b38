//! The summing-up of a campaign (tổng kết phong trào): what was filed and recognised per unit,
//! pillar, sector and level, the units ranked, and the list of people and units proposed for
//! commendation (bình xét khen thưởng).
//!
//! The list is built from the campaign's recognised initiatives by rules the secretariat sets (the
//! titles' conditions of shared/DOMAIN.md as defaults), edited (the commendation proposed, a note,
//! a proposal struck out), then issued: from then on it stands as issued, rules and all. Each
//! proposal keeps the initiatives and decisions it rests on as they stood when it was built.
//!
//! Only what the announcement made public counts as recognised (and records imported as
//! recognised): the figures and the proposals hold nothing a conflict of interest would hide.
//! Who: the campaign's secretaries and administrators.
//!
//! `mod.rs`: the figures; `proposals.rs`: the rules and the list, built, edited, issued;
//! `report.rs`: the workbook and the report (both made as background exports).
use super::Progress;
use crate::accounts::{User, staff};
use crate::entities::{campaign, commendation, initiative, summing_up, unit, user};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use types::{Level, Pillar, Sector, Status, ValidRules};

mod proposals;
mod report;

pub use proposals::{build, edit_proposal, issue, remove_proposal, save_rules};
pub use report::{report_of, workbook_of};

/// A count under one heading: a unit, a pillar, a sector or a level.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tally {
    /// The unit's name, or the code of a pillar, sector or level.
    pub key: String,
    pub filed: u32,
    pub recognised: u32,
    /// Of the recognised, those of provincial level or above.
    pub provincial: u32,
    /// A unit's place (equal counts share a place); `None` elsewhere.
    pub rank: Option<u32>,
}

/// One initiative a proposal rests on, as it stood when the list was built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Basis {
    pub initiative_id: i64,
    pub code: Option<String>,
    pub title: String,
    /// Its level's code.
    pub level: Option<String>,
    /// The person's share (tenths of a percent); none for a unit's proposal.
    pub share_tenths: Option<u32>,
    pub decision_no: Option<String>,
    pub decided_on: Option<NaiveDate>,
}

/// Whom a proposal names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalKind {
    Individual,
    Collective,
}

impl ProposalKind {
    pub fn code(self) -> &'static str {
        match self {
            ProposalKind::Individual => "individual",
            ProposalKind::Collective => "collective",
        }
    }
}

/// One proposal of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub id: i64,
    pub kind: ProposalKind,
    pub name: String,
    pub unit: Option<String>,
    pub award: String,
    pub note: Option<String>,
    pub basis: Vec<Basis>,
    /// The viewer may not change it: it names them, or rests on an entry they are in conflict with.
    pub conflicted: bool,
}

/// A campaign's summing-up as its page and its documents show it.
#[derive(Clone, Debug)]
pub struct SummingUp {
    pub campaign_id: i64,
    pub campaign_name: String,
    pub year: i32,
    pub announced: bool,
    pub filed: u32,
    pub recognised: u32,
    /// Ranked: most recognised first.
    pub by_unit: Vec<Tally>,
    pub by_pillar: Vec<Tally>,
    pub by_sector: Vec<Tally>,
    /// Recognised only, by level.
    pub by_level: Vec<Tally>,
    pub rules: ValidRules,
    pub built_at: Option<DateTime<Utc>>,
    pub issued_at: Option<DateTime<Utc>>,
    pub issued_by: Option<String>,
    pub proposals: Vec<Proposal>,
}

/// The recognised state of an entry as the summing-up counts it: published by the announcement (the
/// status follows the publication), or imported as recognised.
fn recognised(e: &initiative::Model) -> bool {
    e.status == Status::Recognised.code()
}

fn level_of(e: &initiative::Model) -> Option<Level> {
    e.level.as_deref().and_then(Level::from_code)
}

fn rules_of(row: Option<&summing_up::Model>) -> ValidRules {
    let Some(r) = row else {
        return ValidRules::DEFAULT;
    };
    let d = ValidRules::DEFAULT;
    ValidRules {
        individual_level: Level::from_code(&r.individual_level).unwrap_or(d.individual_level),
        individual_share_tenths: r.individual_share_tenths.clamp(0, 1000) as u32,
        collective_count: r.collective_count.max(1) as u32,
        collective_level: Level::from_code(&r.collective_level).unwrap_or(d.collective_level),
    }
}

/// The campaign's secretaries and administrators; a campaign that does not exist is `NotFound` for
/// everyone (an administrator's scope is every campaign, existing or not).
async fn require_staff(db: &impl ConnectionTrait, actor: &User, campaign_id: i64) -> Result<()> {
    let exists = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .is_some();
    if exists && staff::may_act_on_campaign(db, actor, campaign_id).await? {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The entries of a campaign that were filed (every one but drafts), by case number.
async fn filed_entries(
    db: &impl ConnectionTrait,
    campaign_id: i64,
) -> Result<Vec<initiative::Model>> {
    Ok(initiative::Entity::find()
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(initiative::Column::Status.ne(Status::Draft.code()))
        .order_by_asc(initiative::Column::Code)
        .order_by_asc(initiative::Column::Id)
        .all(db)
        .await?)
}

async fn unit_names(db: &impl ConnectionTrait) -> Result<HashMap<i64, String>> {
    Ok(unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// Counts the entries under the heading `key` gives each.
fn tally(
    entries: &[initiative::Model],
    key: impl Fn(&initiative::Model) -> String,
    progress: Option<&Progress>,
) -> Vec<Tally> {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for e in entries {
        let k = key(e);
        let t = by.entry(k.clone()).or_insert_with(|| Tally {
            key: k,
            filed: 0,
            recognised: 0,
            provincial: 0,
            rank: None,
        });
        t.filed += 1;
        if recognised(e) {
            t.recognised += 1;
            if level_of(e).is_some_and(|l| l >= Level::CapTinh) {
                t.provincial += 1;
            }
        }
        if let Some(p) = progress {
            p.step();
        }
    }
    by.into_values().collect()
}

/// Ranks units: most recognised, then most of provincial level, then most filed; equal counts
/// share a place (1, 2, 2, 4); names in Vietnamese alphabetical order within a place.
fn rank(mut units: Vec<Tally>) -> Vec<Tally> {
    let score = |t: &Tally| (t.recognised, t.provincial, t.filed);
    units.sort_by(|a, b| {
        score(b)
            .cmp(&score(a))
            .then_with(|| crate::text::fold(&a.key).cmp(&crate::text::fold(&b.key)))
    });
    let mut place = 0;
    let mut last = None;
    for (i, t) in units.iter_mut().enumerate() {
        if last != Some(score(t)) {
            place = i as u32 + 1;
            last = Some(score(t));
        }
        t.rank = Some(place);
    }
    units
}

/// In the order of the codes (the order people see them), with the codes no entry has left out.
fn in_code_order(mut tallies: Vec<Tally>, codes: &[&str]) -> Vec<Tally> {
    tallies.sort_by_key(|t| codes.iter().position(|c| *c == t.key).unwrap_or(usize::MAX));
    tallies
}

/// The summing-up of a campaign. For its secretaries and administrators.
pub async fn view(db: &impl ConnectionTrait, actor: &User, campaign_id: i64) -> Result<SummingUp> {
    require_staff(db, actor, campaign_id).await?;
    let mut s = gather(db, campaign_id, None).await?;
    // One look at the conflicts for every entry the proposals rest on.
    let ids: Vec<i64> = s
        .proposals
        .iter()
        .flat_map(|p| p.basis.iter().map(|b| b.initiative_id))
        .collect();
    let blocked = crate::accounts::conflicts::blocked_for(db, &ids, actor.id).await?;
    let naming: Vec<i64> = commendation::Entity::find()
        .filter(commendation::Column::CampaignId.eq(campaign_id))
        .filter(commendation::Column::UserId.eq(actor.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    for p in &mut s.proposals {
        p.conflicted =
            naming.contains(&p.id) || p.basis.iter().any(|b| blocked.contains(&b.initiative_id));
    }
    Ok(s)
}

async fn gather(
    db: &impl ConnectionTrait,
    campaign_id: i64,
    progress: Option<&Progress>,
) -> Result<SummingUp> {
    let c = campaign::Entity::find_by_id(campaign_id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let entries = filed_entries(db, campaign_id).await?;
    if let Some(p) = progress {
        p.start(entries.len() * 4);
    }
    let units = unit_names(db).await?;
    // Counted by unit, named after: two units may share a name (a commune before and after 2025).
    let mut by_unit = tally(&entries, |e| e.unit_id.to_string(), progress);
    for t in &mut by_unit {
        t.key = t
            .key
            .parse::<i64>()
            .ok()
            .and_then(|id| units.get(&id).cloned())
            .unwrap_or_default();
    }
    let by_unit = rank(by_unit);
    let codes = |all: &[&'static str]| all.to_vec();
    let pillar_codes = codes(&Pillar::ALL.iter().map(|p| p.code()).collect::<Vec<_>>());
    let by_pillar = in_code_order(
        tally(&entries, |e| e.pillar.clone(), progress),
        &pillar_codes,
    );
    let sector_codes = codes(&Sector::ALL.iter().map(|s| s.code()).collect::<Vec<_>>());
    let by_sector = in_code_order(
        tally(&entries, |e| e.sector.clone(), progress),
        &sector_codes,
    );
    let level_codes: Vec<&str> = Level::ALL.iter().map(|l| l.code()).collect();
    let recognised_entries: Vec<initiative::Model> =
        entries.iter().filter(|e| recognised(e)).cloned().collect();
    let by_level = in_code_order(
        tally(
            &recognised_entries,
            |e| e.level.clone().unwrap_or_default(),
            progress,
        ),
        &level_codes,
    );
    let row = summing_up::Entity::find_by_id(campaign_id).one(db).await?;
    let issued_by = match row.as_ref().and_then(|r| r.issued_by) {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| u.full_name),
        None => None,
    };
    let proposals = commendation::Entity::find()
        .filter(commendation::Column::CampaignId.eq(campaign_id))
        .order_by_asc(commendation::Column::Position)
        .order_by_asc(commendation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| Proposal {
            id: m.id,
            kind: if m.kind == "collective" {
                ProposalKind::Collective
            } else {
                ProposalKind::Individual
            },
            name: m.name,
            unit: (!m.unit_name.is_empty()).then(|| m.unit_name.clone()),
            conflicted: false,
            award: m.award,
            note: m.note,
            // Written by `build` only; a row that does not read back shows no basis.
            basis: serde_json::from_str(&m.basis).unwrap_or_default(),
        })
        .collect();
    Ok(SummingUp {
        campaign_id,
        campaign_name: c.name,
        year: c.year,
        announced: c.announced_at.is_some(),
        filed: entries.len() as u32,
        recognised: recognised_entries.len() as u32,
        by_unit,
        by_pillar,
        by_sector,
        by_level,
        rules: rules_of(row.as_ref()),
        built_at: row.as_ref().and_then(|r| r.built_at),
        issued_at: row.as_ref().and_then(|r| r.issued_at),
        issued_by,
        proposals,
    })
}
