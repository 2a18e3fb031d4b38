//! A campaign's council page, read at once: the campaign and its phases, review settings, members,
//! rubric, the ranking table in the order asked, and (for the secretary) a proposed automatic
//! assignment with the entries' titles. Only the campaign's secretaries and council members may read
//! it (`deliberation::ranking` checks).
use crate::accounts::User;
use crate::catalog::campaigns::{Member, PhaseWindow, ReviewSettings};
use crate::catalog::{self, CampaignInfo, CriterionInfo};
use crate::council::deliberation::{self, RankRow, SortBy};
use crate::entities::initiative;
use crate::{Result, accounts, council, review};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// What the council page shows.
#[derive(Clone, Debug)]
pub struct Overview {
    pub campaign: CampaignInfo,
    pub settings: ReviewSettings,
    pub phases: Vec<PhaseWindow>,
    pub members: Vec<Member>,
    pub criteria: Vec<CriterionInfo>,
    pub rubric_locked: bool,
    /// The ranking table, in the order asked.
    pub ranking: Vec<RankRow>,
    /// Decisions recorded and not yet published.
    pub pending: usize,
    pub viewer_is_secretary: bool,
    pub viewer_presides: bool,
    /// The automatic assignment computed without applying it, when the secretary asked for it.
    pub proposal: Option<ProposalView>,
}

/// A proposed automatic assignment, with names and titles to show.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalView {
    pub cap: Option<u32>,
    /// (entry id, entry title, reviewer id, reviewer name)
    pub add: Vec<(i64, String, i64, String)>,
    /// (entry title, reviewers still missing)
    pub short: Vec<(String, u32)>,
    /// (reviewer, load after the plan)
    pub loads: Vec<(String, u32)>,
}

/// What the page asks for beyond the campaign.
#[derive(Clone, Copy, Debug, Default)]
pub struct Asked {
    pub sort: SortBy,
    /// `Some(cap)` to compute a proposal (the secretary's "preview"): at most `cap` entries per
    /// reviewer, or the default when `None`.
    pub proposal: Option<Option<u32>>,
}

/// The council page of a campaign for `actor` (a secretary of the campaign or a council member).
pub async fn overview(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    asked: Asked,
) -> Result<Overview> {
    let (settings, mut ranking) = deliberation::ranking(db, actor, campaign_id).await?;
    asked.sort.apply(&mut ranking);
    let secretary = accounts::staff::may_act_on_campaign(db, actor, campaign_id).await?;
    let role = council::role_of(db, campaign_id, actor.id).await?;
    let proposal = match asked.proposal {
        Some(cap) if secretary => Some(proposal(db, actor, campaign_id, cap).await?),
        _ => None,
    };
    let pending = ranking
        .iter()
        .filter(|r| r.decision.as_ref().is_some_and(|d| !d.published))
        .count();
    Ok(Overview {
        campaign: catalog::campaign(db, campaign_id).await?,
        settings,
        phases: council::phases(db, campaign_id).await?,
        members: council::members(db, campaign_id).await?,
        criteria: catalog::criteria(db, campaign_id).await?,
        rubric_locked: council::rubric_locked(db, campaign_id).await?,
        ranking,
        pending,
        viewer_is_secretary: secretary,
        viewer_presides: role.is_some_and(|r| r.presides()),
        proposal,
    })
}

/// The proposed assignment with the entries' titles (read in one query) and reviewers' names.
async fn proposal(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
    cap: Option<u32>,
) -> Result<ProposalView> {
    let p = review::propose_assignments(db, actor, campaign_id, cap).await?;
    let mut ids: Vec<i64> = p
        .add
        .iter()
        .map(|(e, _)| *e)
        .chain(p.short.iter().map(|(e, _)| *e))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut titles: HashMap<i64, String> = HashMap::new();
    // In slices, so a large campaign stays under the database's limit of bound values.
    for chunk in ids.chunks(500) {
        let rows = initiative::Entity::find()
            .select_only()
            .column(initiative::Column::Id)
            .column(initiative::Column::Title)
            .filter(initiative::Column::CampaignId.eq(campaign_id))
            .filter(initiative::Column::Id.is_in(chunk.to_vec()))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        titles.extend(rows);
    }
    let title = |e: &i64| titles.get(e).cloned().unwrap_or_default();
    let name = |id: &i64| {
        p.loads
            .iter()
            .find(|(r, ..)| r == id)
            .map(|(_, n, _)| n.clone())
            .unwrap_or_default()
    };
    Ok(ProposalView {
        cap,
        add: p
            .add
            .iter()
            .map(|(e, r)| (*e, title(e), *r, name(r)))
            .collect(),
        short: p.short.iter().map(|(e, n)| (title(e), *n)).collect(),
        loads: p.loads.iter().map(|(_, n, l)| (n.clone(), *l)).collect(),
    })
}
