//! The decision the secretary records after the vote, and the announcement that publishes a
//! campaign's decisions at once.
use super::*;

/// A recorded decision (published or not).
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionView {
    pub recognised: bool,
    pub level: Option<Level>,
    pub award: Option<String>,
    pub reasons: Option<String>,
    pub decision_no: Option<String>,
    pub decided_on: NaiveDate,
    pub score: Option<f64>,
    pub calibrated_score: Option<f64>,
    pub comment: Option<String>,
    pub agree: u32,
    pub disagree: u32,
    pub entitled: u32,
    pub published: bool,
}

impl From<decision::Model> for DecisionView {
    fn from(d: decision::Model) -> Self {
        DecisionView {
            recognised: d.outcome == "recognised",
            level: d.level.as_deref().and_then(Level::from_code),
            award: d.award,
            reasons: d.reasons,
            decision_no: d.decision_no,
            decided_on: d.decided_on,
            score: d.score,
            calibrated_score: d.calibrated_score,
            comment: d.comment,
            agree: d.agree.max(0) as u32,
            disagree: d.disagree.max(0) as u32,
            entitled: d.entitled.max(0) as u32,
            published: d.published_at.is_some(),
        }
    }
}

/// The decision as the secretary records it.
#[derive(Clone, Debug)]
pub struct DecisionInput {
    pub decision: ValidDecision,
    pub award: String,
    pub decision_no: String,
    /// The council's consolidated comment (public on the scorecard).
    pub comment: String,
    /// The date of the decision document; today when not given. Never in the future.
    pub decided_on: Option<NaiveDate>,
}

/// Records (or, before publication, corrects) the council's decision on an entry under review, in the
/// vote phase. Recognition needs a passed vote; refusal a vote that can no longer pass (so a passed
/// vote cannot be turned into a refusal, nor an entry refused before the council has voted); flags
/// must be resolved first. Nothing reaches the filer or the public until `publish`.
pub async fn decide(
    db: &impl TransactionTrait,
    actor: &User,
    initiative_id: i64,
    input: DecisionInput,
) -> Result<()> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    // The entry's row locked, as `initiatives::withdraw` locks it (no decision on a withdrawn entry).
    let m = initiative::Entity::find_by_id(initiative_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    crate::accounts::staff::require_entry(&txn, actor, &m).await?;
    if status_of(&m) != Status::UnderReview {
        return Err(Error::field("outcome", FieldError::NotAllowed));
    }
    council::require_phase(&txn, m.campaign_id, Phase::Vote).await?;
    let p = build_panel(&txn, &m, None).await?;
    // While the vote is open, one answer whatever the counts: an outcome refused or accepted
    // would tell the secretary how the vote stands.
    if !p.tally.closed {
        return Err(Error::field("outcome", FieldError::VoteOpen));
    }
    let old = decision::Entity::find_by_id(m.id).one(&txn).await?;
    if old.as_ref().is_some_and(|d| d.published_at.is_some()) {
        return Err(Error::Conflict("decision already published"));
    }
    let mut e = FieldErrors::default();
    if !p.unresolved.is_empty() {
        e.add("flags", FieldError::NotAllowed);
    }
    // Recognition needs the passed vote; refusal needs a vote whose outcome is settled: even the
    // members who have not voted yet could no longer reach the votes needed.
    let recognised = matches!(input.decision, ValidDecision::Recognised { .. });
    let t = &p.tally;
    let remaining = t.entitled.saturating_sub(t.agree + t.disagree);
    let settled_against = t.entitled > 0 && t.agree + remaining < t.needed;
    if (recognised && !t.passed) || (!recognised && !settled_against) {
        e.add("outcome", FieldError::NotAllowed);
    }
    let text = |s: &str, max: usize, field: &str, e: &mut FieldErrors| {
        let s = crate::text::nfc(s.trim());
        if s.chars().count() > max {
            e.add(field, FieldError::TooLong { max });
        }
        (!s.is_empty()).then_some(s)
    };
    let award = text(&input.award, 300, "award", &mut e);
    let decision_no = text(&input.decision_no, 100, "decision_no", &mut e);
    let comment = text(&input.comment, 5_000, "comment", &mut e);
    let today = time::local_date(time::now());
    let decided_on = input.decided_on.unwrap_or(today);
    if decided_on > today {
        e.add("decided_on", FieldError::InFuture);
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let (outcome, level, reasons) = match &input.decision {
        ValidDecision::Recognised { level } => ("recognised", Some(level.code().to_string()), None),
        ValidDecision::Refused { reasons } => {
            ("refused", None, Some(crate::text::nfc(reasons.as_str())))
        }
    };
    let row = decision::Model {
        initiative_id: m.id,
        outcome: outcome.into(),
        level,
        award,
        reasons,
        decision_no,
        decided_on,
        score: p.aggregate,
        calibrated_score: p.calibrated,
        comment,
        agree: p.tally.agree as i32,
        disagree: p.tally.disagree as i32,
        entitled: p.tally.entitled as i32,
        decided_by: Some(actor.id),
        created_at: time::now(),
        published_at: None,
    };
    let record = serde_json::json!({
        "outcome": row.outcome,
        "level": row.level,
        "award": row.award,
        "reasons": row.reasons,
        "decision_no": row.decision_no,
        "score": row.score,
        "calibrated_score": row.calibrated_score,
        "votes": [row.agree, row.disagree, row.entitled],
    });
    let before = old.as_ref().map(|d| {
        serde_json::json!({
            "outcome": d.outcome, "level": d.level, "award": d.award, "reasons": d.reasons,
            "decision_no": d.decision_no,
        })
    });
    let am = decision::ActiveModel::from(row);
    if old.is_some() {
        decision::Entity::update(am).exec(&txn).await?;
    } else {
        decision::Entity::insert(am).exec(&txn).await?;
    }
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            AuditEntity::Decision,
            m.id,
            if before.is_some() {
                "correct"
            } else {
                "decide"
            },
        )
        .before(before)
        .after(record),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The secretary publishes the campaign's announcement in its announcement phase: every decision not
/// yet published becomes the entry's status (recognised entries turn public and searchable), and the
/// filers and co-authors are notified. Returns how many decisions were published.
pub async fn publish(db: &impl TransactionTrait, actor: &User, campaign_id: i64) -> Result<usize> {
    actor.require(Role::Secretary)?;
    let txn = crate::db::begin(db).await?;
    crate::accounts::staff::require_campaign(&txn, actor, campaign_id).await?;
    council::require_phase(&txn, campaign_id, Phase::Announcement).await?;
    let entries = catalog::entry_ids(&txn, campaign_id).await?;
    let pending = if entries.is_empty() {
        vec![]
    } else {
        decision::Entity::find()
            .filter(decision::Column::InitiativeId.is_in(entries))
            .filter(decision::Column::PublishedAt.is_null())
            .all(&txn)
            .await?
    };
    let now = time::now();
    let mut published = Vec::new();
    for d in &pending {
        let m = load(&txn, d.initiative_id).await?;
        let from = status_of(&m);
        if from != Status::UnderReview {
            // Withdrawn after the decision: nothing to publish for it.
            continue;
        }
        published.push((d.initiative_id, d.outcome.clone()));
        let to = if d.outcome == "recognised" {
            Status::Recognised
        } else {
            Status::Refused
        };
        let mut am: initiative::ActiveModel = m.into();
        am.status = Set(to.code().into());
        am.level = Set(d.level.clone());
        am.score = Set(d.score);
        am.decided_on = Set(Some(d.decided_on));
        am.decision_no = Set(d.decision_no.clone());
        am.refusal_reasons = Set(d.reasons.clone());
        am.updated_at = Set(now);
        initiative::Entity::update(am).exec(&txn).await?;
        let mut dm: decision::ActiveModel = d.clone().into();
        dm.published_at = Set(Some(now));
        decision::Entity::update(dm).exec(&txn).await?;
        record_status(
            &txn,
            d.initiative_id,
            Some(from),
            to,
            Some((actor, Role::Secretary)),
            d.reasons.clone(),
        )
        .await?;
    }
    let c = campaign::Entity::find_by_id(campaign_id)
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    let mut cm: campaign::ActiveModel = c.into();
    cm.announced_at = Set(Some(now));
    campaign::Entity::update(cm).exec(&txn).await?;
    audit::append(
        &txn,
        Change::new(
            Some(actor.id),
            AuditEntity::Publication,
            campaign_id,
            "publish",
        )
        .after(&published),
    )
    .await?;
    txn.commit().await?;
    Ok(published.len())
}
