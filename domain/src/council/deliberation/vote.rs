//! The vote on an entry: casting a ballot, closing the vote by hand, and whether votes are under way.
use super::*;

/// Closes the vote on an entry before every member has voted (some will not): the campaign's
/// secretary or the council's presiding member, without a conflict, in the vote phase. The counts
/// then show, no more ballots are taken, and the decision can be recorded.
pub async fn close_vote(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    let secretary = crate::accounts::staff::may_act_on(&txn, actor, &m).await?;
    let presides = council::role_of(&txn, m.campaign_id, actor.id)
        .await?
        .is_some_and(|r| r.presides())
        && conflicts::of(&txn, m.id, actor.id).await?.is_empty();
    if !secretary && !presides {
        return Err(Error::NotFound);
    }
    if status_of(&m) != Status::UnderReview
        || decision::Entity::find_by_id(m.id)
            .one(&txn)
            .await?
            .is_some()
    {
        return Err(Error::field("close", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    if tally(&txn, &m).await?.closed {
        return Err(Error::field("close", FieldError::Stale));
    }
    let now = time::now();
    vote_tally::Entity::insert(vote_tally::ActiveModel {
        initiative_id: Set(m.id),
        agree: Set(0),
        disagree: Set(0),
        closed_at: Set(Some(now)),
        closed_by: Set(Some(actor.id)),
    })
    .on_conflict(
        OnConflict::column(vote_tally::Column::InitiativeId)
            .update_columns([vote_tally::Column::ClosedAt, vote_tally::Column::ClosedBy])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::append(
        &txn,
        Change::new(Some(actor.id), AuditEntity::Vote, m.id, "close"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether votes are under way in the campaign: ballots cast on entries still under review, without
/// a decision (a withdrawn entry's ballots hold nothing). The council and the vote phase's end are
/// fixed meanwhile (changing them could close a vote early).
pub async fn votes_under_way(db: &impl ConnectionTrait, campaign_id: i64) -> Result<bool> {
    let entries: Vec<i64> = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Id)
        .filter(initiative::Column::CampaignId.eq(campaign_id))
        .filter(initiative::Column::Status.eq(Status::UnderReview.code()))
        .into_tuple()
        .all(db)
        .await?;
    if entries.is_empty() {
        return Ok(false);
    }
    let voted: Vec<i64> = vote_roll::Entity::find()
        .select_only()
        .column(vote_roll::Column::InitiativeId)
        .filter(vote_roll::Column::InitiativeId.is_in(entries))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    if voted.is_empty() {
        return Ok(false);
    }
    let decided = decision::Entity::find()
        .filter(decision::Column::InitiativeId.is_in(voted.clone()))
        .count(db)
        .await? as usize;
    Ok(decided < voted.len())
}

/// A council member votes on an entry under review, once, in the vote phase. In a secret ballot only
/// the fact of voting is kept beside the member; the choice goes into the counts.
pub async fn cast_vote(
    db: &impl TransactionTrait,
    member: &User,
    initiative_id: i64,
    agree: bool,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let m = load(&txn, initiative_id).await?;
    if council::role_of(&txn, m.campaign_id, member.id)
        .await?
        .is_none()
        || !conflicts::of(&txn, m.id, member.id).await?.is_empty()
    {
        return Err(Error::NotFound);
    }
    if status_of(&m) != Status::UnderReview
        || decision::Entity::find_by_id(m.id)
            .one(&txn)
            .await?
            .is_some()
    {
        return Err(Error::field("choice", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    if vote_tally::Entity::find_by_id(m.id)
        .one(&txn)
        .await?
        .is_some_and(|t| t.closed_at.is_some())
    {
        return Err(Error::field("choice", FieldError::NotAllowed));
    }
    let secret = council::settings(&txn, m.campaign_id).await?.secret_ballot;
    let inserted = vote_roll::Entity::insert(vote_roll::ActiveModel {
        initiative_id: Set(m.id),
        member_id: Set(member.id),
        choice: Set((!secret).then_some(agree)),
        cast_at: Set(time::now()),
    })
    .exec(&txn)
    .await;
    if let Err(e) = inserted {
        return Err(match e.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::Conflict("already voted"),
            _ => e.into(),
        });
    }
    // One statement adds the ballot to the counts (insert, or add to the row in place), so two
    // members voting at the same moment on PostgreSQL cannot both read the old counts and write
    // one of the two votes away.
    let (a, d) = (i32::from(agree), i32::from(!agree));
    let counted = vote_tally::Entity::insert(vote_tally::ActiveModel {
        initiative_id: Set(m.id),
        agree: Set(a),
        disagree: Set(d),
        closed_at: Set(None),
        closed_by: Set(None),
    })
    .on_conflict(
        OnConflict::column(vote_tally::Column::InitiativeId)
            .value(
                vote_tally::Column::Agree,
                Expr::col((vote_tally::Entity, vote_tally::Column::Agree)).add(a),
            )
            .value(
                vote_tally::Column::Disagree,
                Expr::col((vote_tally::Entity, vote_tally::Column::Disagree)).add(d),
            )
            // A vote closed meanwhile (PostgreSQL: after the check above) takes no ballot.
            .action_and_where(
                Expr::col((vote_tally::Entity, vote_tally::Column::ClosedAt)).is_null(),
            )
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if counted == 0 {
        return Err(Error::field("choice", FieldError::NotAllowed));
    }
    let mut change = Change::new(Some(member.id), AuditEntity::Vote, m.id, "cast");
    change = if secret {
        change.after(serde_json::json!({ "member": member.id, "ballot": "secret" }))
    } else {
        change.after(serde_json::json!({ "member": member.id, "agree": agree }))
    };
    audit::append(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}
