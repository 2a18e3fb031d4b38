//! Who acts as secretary of what. An administrator assigns secretaries to campaigns
//! (`campaign_secretaries`); a secretary screens, asks corrections, assigns reviewers, runs the
//! council, records decisions and publishes only in those campaigns, and never on an entry they are
//! in conflict with (they filed it, wrote it, or work in its organisation: `conflicts::of`).
//! Administrators act on every campaign, but the conflict rule holds for them too.
use crate::accounts::User;
use crate::entities::{campaign_secretary, initiative, user, user_role};
use crate::{Error, Result, accounts::conflicts, time};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use types::{FieldError, Role};

/// The campaigns a person may act on as secretary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// An administrator: every campaign.
    All,
    /// A secretary: the campaigns assigned to them (maybe none).
    Only(Vec<i64>),
}

impl Scope {
    pub fn contains(&self, campaign_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(ids) => ids.contains(&campaign_id),
        }
    }
}

/// The campaigns `actor` acts on as secretary; `Forbidden` for someone who is neither secretary
/// nor administrator.
pub async fn scope(db: &impl ConnectionTrait, actor: &User) -> Result<Scope> {
    if actor.has(Role::Admin) {
        return Ok(Scope::All);
    }
    if !actor.has(Role::Secretary) {
        return Err(Error::Forbidden);
    }
    let ids: Vec<i64> = campaign_secretary::Entity::find()
        .select_only()
        .column(campaign_secretary::Column::CampaignId)
        .filter(campaign_secretary::Column::UserId.eq(actor.id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(Scope::Only(ids))
}

/// Refuses (`Forbidden`) unless `actor` is a secretary of the campaign or an administrator.
pub async fn require_campaign(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
) -> Result<()> {
    if scope(db, actor).await?.contains(campaign_id) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Whether `actor` acts as secretary of the campaign (an admin: of every campaign).
pub async fn may_act_on_campaign(
    db: &impl ConnectionTrait,
    actor: &User,
    campaign_id: i64,
) -> Result<bool> {
    if !(actor.has(Role::Secretary) || actor.has(Role::Admin)) {
        return Ok(false);
    }
    Ok(scope(db, actor).await?.contains(campaign_id))
}

/// Whether `actor` may act as secretary on this entry: its campaign is theirs and they have no
/// conflict with it.
pub async fn may_act_on(
    db: &impl ConnectionTrait,
    actor: &User,
    m: &initiative::Model,
) -> Result<bool> {
    Ok(may_act_on_campaign(db, actor, m.campaign_id).await?
        && conflicts::of(db, m.id, actor.id).await?.is_empty())
}

/// [`may_act_on`] by the entry's id (`false` when it does not exist).
pub async fn may_act_on_id(db: &impl ConnectionTrait, actor: &User, id: i64) -> Result<bool> {
    match initiative::Entity::find_by_id(id).one(db).await? {
        Some(m) => may_act_on(db, actor, &m).await,
        None => Ok(false),
    }
}

/// Refuses an entry outside the secretary's campaigns or in conflict with them as if it did not
/// exist (`NotFound`): their lists never show it either.
pub async fn require_entry(
    db: &impl ConnectionTrait,
    actor: &User,
    m: &initiative::Model,
) -> Result<()> {
    if may_act_on(db, actor, m).await? {
        Ok(())
    } else if actor.has(Role::Secretary) || actor.has(Role::Admin) {
        Err(Error::NotFound)
    } else {
        Err(Error::Forbidden)
    }
}

/// A secretary of a campaign, as the administration page lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secretary {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// Every campaign with its secretaries, newest campaign first (the administration page).
pub async fn all_campaigns(
    db: &impl ConnectionTrait,
    admin: &User,
) -> Result<Vec<(crate::catalog::CampaignInfo, Vec<Secretary>)>> {
    if !admin.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    let mut out = Vec::new();
    for c in crate::catalog::campaigns(db).await? {
        let people = of_campaign(db, c.id).await?;
        out.push((c, people));
    }
    out.sort_by(|a, b| b.0.year.cmp(&a.0.year).then(b.0.id.cmp(&a.0.id)));
    Ok(out)
}

/// The secretaries of a campaign, by name.
pub async fn of_campaign(db: &impl ConnectionTrait, campaign_id: i64) -> Result<Vec<Secretary>> {
    let ids: Vec<i64> = campaign_secretary::Entity::find()
        .select_only()
        .column(campaign_secretary::Column::UserId)
        .filter(campaign_secretary::Column::CampaignId.eq(campaign_id))
        .into_tuple()
        .all(db)
        .await?;
    let mut people: Vec<Secretary> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| Secretary {
            user_id: u.id,
            name: u.full_name,
            email: u.email,
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(people)
}

/// An administrator makes a person holding the secretary role a secretary of the campaign
/// (identified by email, as typed on the administration page).
pub async fn assign(
    db: &impl TransactionTrait,
    admin: &User,
    campaign_id: i64,
    email: &str,
) -> Result<()> {
    if !admin.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let db = &txn;
    crate::catalog::campaign(db, campaign_id).await?;
    let email = types::Email::parse(email).map_err(|e| Error::field("email", e))?;
    let Some(person) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
    else {
        return Err(Error::field("email", FieldError::NoSuchAccount));
    };
    let secretary = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(person.id))
        .filter(user_role::Column::Role.eq(Role::Secretary.code()))
        .one(db)
        .await?
        .is_some();
    if !secretary {
        return Err(Error::field("email", FieldError::NotASecretary));
    }
    if seed(db, campaign_id, person.id).await? {
        crate::audit::append(
            db,
            crate::audit::Change::new(
                Some(admin.id),
                crate::audit::Entity::Council,
                campaign_id,
                "assign_secretary",
            )
            .after(serde_json::json!({ "secretary": person.id })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// An administrator ends a person's assignment as secretary of the campaign.
pub async fn unassign(
    db: &impl TransactionTrait,
    admin: &User,
    campaign_id: i64,
    user_id: i64,
) -> Result<()> {
    if !admin.has(Role::Admin) {
        return Err(Error::Forbidden);
    }
    let txn = crate::db::begin(db).await?;
    let db = &txn;
    let gone = campaign_secretary::Entity::delete_by_id((campaign_id, user_id))
        .exec(db)
        .await?
        .rows_affected;
    if gone > 0 {
        crate::audit::append(
            db,
            crate::audit::Change::new(
                Some(admin.id),
                crate::audit::Entity::Council,
                campaign_id,
                "unassign_secretary",
            )
            .before(serde_json::json!({ "secretary": user_id })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Records an assignment (`true` when it is new), with no administrator and no audit record of its
/// own: [`assign`] adds those; the demo data and the test fixture call it directly.
pub async fn seed(db: &impl ConnectionTrait, campaign_id: i64, user_id: i64) -> Result<bool> {
    let exists = campaign_secretary::Entity::find_by_id((campaign_id, user_id))
        .one(db)
        .await?
        .is_some();
    if !exists {
        campaign_secretary::Entity::insert(campaign_secretary::ActiveModel {
            campaign_id: Set(campaign_id),
            user_id: Set(user_id),
            assigned_at: Set(time::now()),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(!exists)
}
