//! The vote's count on an entry, and whether the vote is over. The council shows it; the review reads
//! it to take no sheet and add no reviewer once the vote is over (a late sheet would change the score
//! the ballots were cast on).
use crate::accounts::conflicts;
use crate::catalog::campaigns;
use crate::entities::{decision, initiative, vote_roll, vote_tally};
use crate::review::scoring;
use crate::{Result, time};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use types::Phase;

/// The vote on an entry so far.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Tally {
    pub agree: u32,
    pub disagree: u32,
    /// Council members entitled to vote on this entry (members without a conflict).
    pub entitled: u32,
    /// Agreeing votes needed to pass.
    pub needed: u32,
    pub passed: bool,
    pub secret: bool,
    /// Who has voted; with the choice in an open ballot only.
    pub voters: Vec<(i64, String, Option<bool>)>,
    /// Ballots cast so far.
    pub ballots: u32,
    /// The vote is over: every entitled member has voted, a decision is recorded, or the campaign's
    /// vote phase has ended. Until then a panel shows only how many have voted ([`Tally::sealed`]).
    pub closed: bool,
}

impl Tally {
    /// What a panel may show while the vote is open: how many of the entitled members have voted,
    /// nothing of how they voted nor who did (each change would reveal a ballot).
    pub fn sealed(self) -> Tally {
        if self.closed {
            return self;
        }
        Tally {
            agree: 0,
            disagree: 0,
            passed: false,
            voters: Vec::new(),
            ..self
        }
    }
}

/// The vote so far on an entry.
pub async fn tally(db: &impl ConnectionTrait, m: &initiative::Model) -> Result<Tally> {
    let settings = campaigns::settings(db, m.campaign_id).await?;
    let members = campaigns::members(db, m.campaign_id).await?;
    let ids: Vec<i64> = members.iter().map(|x| x.user_id).collect();
    let blocked = conflicts::matrix(db, &[m.id], &ids).await?;
    let entitled_ids: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|u| !blocked.contains_key(&(m.id, *u)))
        .collect();
    let entitled = entitled_ids.len() as u32;
    let counts = vote_tally::Entity::find_by_id(m.id).one(db).await?;
    let closed_by_hand = counts.as_ref().is_some_and(|c| c.closed_at.is_some());
    let (agree, disagree) = counts
        .map(|c| (c.agree.max(0) as u32, c.disagree.max(0) as u32))
        .unwrap_or((0, 0));
    let roll = vote_roll::Entity::find()
        .filter(vote_roll::Column::InitiativeId.eq(m.id))
        .all(db)
        .await?;
    let voters = roll
        .iter()
        .map(|r| {
            let name = members
                .iter()
                .find(|x| x.user_id == r.member_id)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            (r.member_id, name, r.choice)
        })
        .collect();
    let (num, den) = (settings.vote_numerator, settings.vote_denominator);
    // Only the ballots of members entitled now count towards "everyone has voted": a voter who
    // became conflicted afterwards must not close the vote for those still to vote.
    let ballots = roll
        .iter()
        .filter(|r| entitled_ids.contains(&r.member_id))
        .count() as u32;
    let decided = decision::Entity::find_by_id(m.id).one(db).await?.is_some();
    let now = time::now();
    // A practice campaign's vote never ends by its date (`council::require_phase`).
    let vote_over = !crate::catalog::campaign(db, m.campaign_id).await?.practice
        && campaigns::phases(db, m.campaign_id)
            .await?
            .iter()
            .any(|w| w.phase == Phase::Vote && w.ends_at <= now);
    Ok(Tally {
        agree,
        disagree,
        entitled,
        needed: scoring::votes_needed(entitled, num, den),
        passed: scoring::vote_passes(agree, entitled, num, den),
        secret: settings.secret_ballot,
        voters,
        ballots,
        closed: decided || closed_by_hand || vote_over || (entitled > 0 && ballots >= entitled),
    })
}
