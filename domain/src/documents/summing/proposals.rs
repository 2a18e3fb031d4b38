//! The list of proposals for commendation: its rules, the list built from them over the
//! recognised entries, a proposal edited or struck out, the list issued (and frozen from then on).
use super::{
    Basis, ProposalKind, filed_entries, level_of, recognised, require_staff, rules_of, unit_names,
};
use crate::accounts::{User, conflicts};
use crate::documents::text;
use crate::entities::{author, commendation, initiative, summing_up};
use crate::{Error, Result, audit, time};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, SqlErr, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap};
use types::{FieldError, Level, ValidProposal, ValidRules};

/// Takes the campaign's summing-up row for a change (made with the default rules when there is
/// none): refused once the list is issued. The row is written first, so two changes at once
/// (or a change and the issue) take their turns on it.
async fn open_for_change(
    txn: &impl ConnectionTrait,
    campaign_id: i64,
) -> Result<summing_up::Model> {
    let now = time::now();
    let touched = summing_up::Entity::update_many()
        .col_expr(summing_up::Column::UpdatedAt, Expr::value(now))
        .filter(summing_up::Column::CampaignId.eq(campaign_id))
        .filter(summing_up::Column::IssuedAt.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    if touched == 0 {
        if let Some(_issued) = summing_up::Entity::find_by_id(campaign_id).one(txn).await? {
            return Err(Error::field("form", FieldError::AlreadyIssued));
        }
        let d = ValidRules::DEFAULT;
        summing_up::ActiveModel {
            campaign_id: Set(campaign_id),
            individual_level: Set(d.individual_level.code().into()),
            individual_share_tenths: Set(d.individual_share_tenths as i32),
            collective_count: Set(d.collective_count as i32),
            collective_level: Set(d.collective_level.code().into()),
            built_at: Set(None),
            issued_at: Set(None),
            issued_by: Set(None),
            updated_at: Set(now),
        }
        .insert(txn)
        .await
        // Made at the same moment by another change: theirs goes first.
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Error::Conflict("summing-up made meanwhile")
            }
            _ => e.into(),
        })?;
    }
    summing_up::Entity::find_by_id(campaign_id)
        .one(txn)
        .await?
        .ok_or(Error::NotFound)
}

fn rules_json(r: &ValidRules) -> serde_json::Value {
    serde_json::json!({
        "individual_level": r.individual_level.code(),
        "individual_share_tenths": r.individual_share_tenths,
        "collective_count": r.collective_count,
        "collective_level": r.collective_level.code(),
    })
}

/// Sets the rules of the campaign's proposals (the list is built from them by `build`; a list
/// built before stays to be looked at, and must be built again before it is issued).
pub async fn save_rules(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    rules: &ValidRules,
) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    require_staff(&txn, actor, campaign_id).await?;
    let row = open_for_change(&txn, campaign_id).await?;
    let was = rules_of(Some(&row));
    let before = rules_json(&was);
    let mut am: summing_up::ActiveModel = row.into();
    am.individual_level = Set(rules.individual_level.code().into());
    am.individual_share_tenths = Set(rules.individual_share_tenths as i32);
    am.collective_count = Set(rules.collective_count as i32);
    am.collective_level = Set(rules.collective_level.code().into());
    // A list built by other rules is no longer theirs: it is built again before it is issued.
    if was != *rules {
        am.built_at = Set(None);
    }
    am.update(&txn).await?;
    audit::append(
        &txn,
        audit::Change::new(
            Some(actor.id),
            audit::Entity::SummingUp,
            campaign_id,
            "rules",
        )
        .before(before)
        .after(rules_json(rules)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The commendation a proposal names by default: for a person, the emulation title their best
/// initiative is a basis for (shared/DOMAIN.md: a unit-level initiative for Chiến sĩ thi đua cơ
/// sở, a provincial one for cấp tỉnh, a national one for toàn quốc; the title's other conditions
/// are the secretariat's to check); for a unit, the province's certificate of merit.
fn default_award(kind: ProposalKind, best: Option<Level>) -> String {
    match kind {
        ProposalKind::Collective => text("documents.summing.award_collective"),
        ProposalKind::Individual => text(&format!(
            "documents.summing.award_{}",
            best.unwrap_or(Level::CoSo).code()
        )),
    }
}

fn basis_of(e: &initiative::Model, share_tenths: Option<u32>) -> Basis {
    Basis {
        initiative_id: e.id,
        code: e.code.clone(),
        title: e.title.clone(),
        level: e.level.clone(),
        share_tenths,
        decision_no: e.decision_no.clone(),
        decided_on: e.decided_on,
    }
}

struct Draft {
    kind: ProposalKind,
    name: String,
    unit_id: Option<i64>,
    user_id: Option<i64>,
    basis: Vec<Basis>,
    best: Option<Level>,
}

/// The proposals the rules give over the recognised entries, in the order of the list: units
/// first (most initiatives first, then as the tree lists them), then people (highest level, then
/// most initiatives, then names in Vietnamese alphabetical order).
fn proposals_by_rules(
    rules: &ValidRules,
    entries: &[initiative::Model],
    authors: &HashMap<i64, Vec<author::Model>>,
) -> Vec<Draft> {
    let recognised: Vec<&initiative::Model> = entries.iter().filter(|e| recognised(e)).collect();
    // Units with enough recognised initiatives of the level asked.
    let mut by_unit: BTreeMap<i64, Vec<&initiative::Model>> = BTreeMap::new();
    for e in &recognised {
        if level_of(e).is_some_and(|l| l >= rules.collective_level) {
            by_unit.entry(e.unit_id).or_default().push(e);
        }
    }
    let mut units: Vec<Draft> = by_unit
        .into_iter()
        .filter(|(_, list)| list.len() as u32 >= rules.collective_count)
        .map(|(unit_id, list)| Draft {
            kind: ProposalKind::Collective,
            name: String::new(),
            unit_id: Some(unit_id),
            user_id: None,
            best: list.iter().filter_map(|e| level_of(e)).max(),
            basis: list.iter().map(|e| basis_of(e, None)).collect(),
        })
        .collect();
    // People: one proposal per person, however many initiatives; a linked account names the person,
    // else the folded name with the birth date and workplace (never shown), so that two people of
    // one name stay two.
    let mut people: BTreeMap<String, Draft> = BTreeMap::new();
    for e in &recognised {
        let Some(level) = level_of(e).filter(|l| *l >= rules.individual_level) else {
            continue;
        };
        for a in authors.get(&e.id).into_iter().flatten() {
            let share = a.share_tenths.max(0) as u32;
            if share < rules.individual_share_tenths || a.name.trim().is_empty() {
                continue;
            }
            let key = match a.user_id {
                Some(u) => format!("u{u}"),
                None => format!(
                    "n{}|{}|{}",
                    crate::text::fold(a.name.trim()),
                    a.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                    crate::text::fold(a.workplace.as_deref().unwrap_or("").trim())
                ),
            };
            let d = people.entry(key).or_insert_with(|| Draft {
                kind: ProposalKind::Individual,
                name: a.name.trim().to_owned(),
                unit_id: Some(e.unit_id),
                user_id: a.user_id,
                basis: Vec::new(),
                best: None,
            });
            d.best = d.best.max(Some(level));
            d.basis.push(basis_of(e, Some(share)));
        }
    }
    let mut people: Vec<Draft> = people.into_values().collect();
    units.sort_by_key(|d| std::cmp::Reverse(d.basis.len()));
    people.sort_by(|a, b| {
        (b.best, b.basis.len())
            .cmp(&(a.best, a.basis.len()))
            .then_with(|| crate::text::fold(&a.name).cmp(&crate::text::fold(&b.name)))
    });
    units.into_iter().chain(people).collect()
}

/// Builds the list of proposals from the rules, in place of the one before: its edits are lost, so
/// replacing a list needs `confirmed` (the box on the page; `confirm-build` otherwise). Refused once
/// the list is issued. Returns how many were proposed.
pub async fn build(
    db: &impl TransactionTrait,
    actor: &User,
    campaign_id: i64,
    confirmed: bool,
) -> Result<usize> {
    let txn = crate::db::begin(db).await?;
    require_staff(&txn, actor, campaign_id).await?;
    let row = open_for_change(&txn, campaign_id).await?;
    let existing = commendation::Entity::find()
        .filter(commendation::Column::CampaignId.eq(campaign_id))
        .count(&txn)
        .await?;
    if existing > 0 && !confirmed {
        return Err(Error::field("confirm-build", FieldError::NotTicked));
    }
    // Replacing the list replaces every proposal: not by someone a proposal names or who is in
    // conflict with an entry one rests on (they may not change those one by one either).
    for p in commendation::Entity::find()
        .filter(commendation::Column::CampaignId.eq(campaign_id))
        .all(&txn)
        .await?
    {
        if conflicted(&txn, actor, &p).await? {
            return Err(Error::field(
                "confirm-build",
                FieldError::ConflictOfInterest,
            ));
        }
    }
    let rules = rules_of(Some(&row));
    let entries = filed_entries(&txn, campaign_id).await?;
    let ids: Vec<i64> = entries
        .iter()
        .filter(|e| recognised(e))
        .map(|e| e.id)
        .collect();
    let mut authors: HashMap<i64, Vec<author::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for a in author::Entity::find()
            .filter(author::Column::InitiativeId.is_in(chunk.to_vec()))
            .order_by_asc(author::Column::Position)
            .all(&txn)
            .await?
        {
            authors.entry(a.initiative_id).or_default().push(a);
        }
    }
    let units = unit_names(&txn).await?;
    let drafts = proposals_by_rules(&rules, &entries, &authors);
    let removed = commendation::Entity::delete_many()
        .filter(commendation::Column::CampaignId.eq(campaign_id))
        .exec(&txn)
        .await?
        .rows_affected;
    for (i, d) in drafts.iter().enumerate() {
        let unit_name = d
            .unit_id
            .and_then(|u| units.get(&u).cloned())
            .unwrap_or_default();
        let name = match d.kind {
            ProposalKind::Collective => unit_name.clone(),
            ProposalKind::Individual => d.name.clone(),
        };
        commendation::ActiveModel {
            campaign_id: Set(campaign_id),
            position: Set(i as i32 + 1),
            kind: Set(d.kind.code().into()),
            name: Set(name),
            unit_id: Set(d.unit_id),
            unit_name: Set(unit_name),
            user_id: Set(d.user_id),
            award: Set(default_award(d.kind, d.best)),
            note: Set(None),
            basis: Set(serde_json::to_string(&d.basis)?),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut am: summing_up::ActiveModel = row.into();
    am.built_at = Set(Some(time::now()));
    am.update(&txn).await?;
    audit::append(
        &txn,
        audit::Change::new(
            Some(actor.id),
            audit::Entity::SummingUp,
            campaign_id,
            "build",
        )
        .before(serde_json::json!({ "proposals": removed }))
        .after(serde_json::json!({ "rules": rules_json(&rules), "proposals": drafts.len() })),
    )
    .await?;
    txn.commit().await?;
    Ok(drafts.len())
}

/// Whether `actor` may not touch this proposal: it names them, or rests on an entry they are in
/// conflict with (they filed or wrote it, or work in its unit).
pub(super) async fn conflicted(
    db: &impl ConnectionTrait,
    actor: &User,
    p: &commendation::Model,
) -> Result<bool> {
    if p.user_id == Some(actor.id) {
        return Ok(true);
    }
    let basis: Vec<Basis> = serde_json::from_str(&p.basis).unwrap_or_default();
    let ids: Vec<i64> = basis.iter().map(|b| b.initiative_id).collect();
    Ok(!conflicts::blocked_for(db, &ids, actor.id).await?.is_empty())
}

/// The proposal, for a change by the campaign's staff without a conflict, before the list is
/// issued. Read again once the summing-up row is held, so that a list built meanwhile is seen.
async fn proposal_for_change(
    txn: &impl ConnectionTrait,
    actor: &User,
    id: i64,
) -> Result<commendation::Model> {
    let p = commendation::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    require_staff(txn, actor, p.campaign_id).await?;
    open_for_change(txn, p.campaign_id).await?;
    let p = commendation::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(Error::NotFound)?;
    if conflicted(txn, actor, &p).await? {
        return Err(Error::NotFound);
    }
    Ok(p)
}

/// Changes the commendation a proposal names and its note. Returns the proposal's campaign.
pub async fn edit_proposal(
    db: &impl TransactionTrait,
    actor: &User,
    id: i64,
    input: &ValidProposal,
) -> Result<i64> {
    let txn = crate::db::begin(db).await?;
    let p = proposal_for_change(&txn, actor, id).await?;
    let campaign_id = p.campaign_id;
    let before = serde_json::json!({ "award": p.award, "note": p.note });
    let mut am: commendation::ActiveModel = p.into();
    am.award = Set(input.award.clone());
    am.note = Set(input.note.clone());
    am.update(&txn).await?;
    audit::append(
        &txn,
        audit::Change::new(Some(actor.id), audit::Entity::Commendation, id, "edit")
            .before(before)
            .after(serde_json::json!({ "award": input.award, "note": input.note })),
    )
    .await?;
    txn.commit().await?;
    Ok(campaign_id)
}

/// Strikes a proposal out of the list. Returns its campaign.
pub async fn remove_proposal(db: &impl TransactionTrait, actor: &User, id: i64) -> Result<i64> {
    let txn = crate::db::begin(db).await?;
    let p = proposal_for_change(&txn, actor, id).await?;
    let campaign_id = p.campaign_id;
    commendation::Entity::delete_by_id(id).exec(&txn).await?;
    audit::append(
        &txn,
        audit::Change::new(Some(actor.id), audit::Entity::Commendation, id, "remove").before(
            serde_json::json!({
                "campaign_id": campaign_id, "kind": p.kind, "name": p.name, "award": p.award,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(campaign_id)
}

/// Issues the list: from now on it stands as it is. Refused when it holds nobody, and once issued.
pub async fn issue(db: &impl TransactionTrait, actor: &User, campaign_id: i64) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    require_staff(&txn, actor, campaign_id).await?;
    let row = open_for_change(&txn, campaign_id).await?;
    let count = commendation::Entity::find()
        .filter(commendation::Column::CampaignId.eq(campaign_id))
        .count(&txn)
        .await?;
    if row.built_at.is_none() || count == 0 {
        return Err(Error::field("form", FieldError::NothingToIssue));
    }
    let now = time::now();
    let mut am: summing_up::ActiveModel = row.into();
    am.issued_at = Set(Some(now));
    am.issued_by = Set(Some(actor.id));
    am.update(&txn).await?;
    audit::append(
        &txn,
        audit::Change::new(
            Some(actor.id),
            audit::Entity::SummingUp,
            campaign_id,
            "issue",
        )
        .after(serde_json::json!({ "issued_at": now, "proposals": count })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
