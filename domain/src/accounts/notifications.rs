//! Notifications: when an entry changes status because someone acted on it, its filer and linked
//! co-authors get an in-app notification and an email (both written in the transaction of the
//! change). Changes made by the person themselves (a withdrawal) notify nobody; demo data none.
use crate::accounts::User;
use crate::entities::{author, initiative, notification, user};
use crate::{Result, time};
use chrono::{DateTime, Utc};
use rust_i18n::t;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use types::Status;
use types::paths;

/// Writes the notification and the email of a status change of `initiative_id` caused by `actor`.
pub async fn status_changed(
    txn: &impl ConnectionTrait,
    initiative_id: i64,
    to: Status,
    actor: &User,
    note: Option<&str>,
) -> Result<()> {
    let Some(m) = initiative::Entity::find_by_id(initiative_id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let mut people: Vec<i64> = author::Entity::find()
        .select_only()
        .column(author::Column::UserId)
        .filter(author::Column::InitiativeId.eq(initiative_id))
        .filter(author::Column::UserId.is_not_null())
        .into_tuple::<Option<i64>>()
        .all(txn)
        .await?
        .into_iter()
        .flatten()
        .collect();
    people.extend(m.owner_id);
    people.sort_unstable();
    people.dedup();
    people.retain(|id| *id != actor.id);
    let code = m.code.clone().unwrap_or_default();
    let status_key = format!("status.{}", to.code());
    let status = t!(&status_key).into_owned();
    let link = paths::case(initiative_id);
    let message = t!(
        "notify.status_changed",
        code = code,
        title = m.title,
        status = status
    )
    .into_owned();
    for id in people {
        let Some(person) = user::Entity::find_by_id(id).one(txn).await? else {
            continue;
        };
        notification::Entity::insert(notification::ActiveModel {
            user_id: Set(id),
            initiative_id: Set(Some(initiative_id)),
            message: Set(message.clone()),
            link_path: Set(Some(link.clone())),
            created_at: Set(time::now()),
            read_at: Set(None),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        crate::mail::enqueue(
            txn,
            crate::mail::status_changed(&person.email, &person.full_name, &message, note, &link),
        )
        .await?;
    }
    Ok(())
}

/// One notification as its reader sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationView {
    pub id: i64,
    pub message: String,
    pub link_path: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// The person's newest notifications.
pub async fn list(db: &impl ConnectionTrait, actor: &User) -> Result<Vec<NotificationView>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.id))
        .order_by_desc(notification::Column::Id)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            message: n.message,
            link_path: n.link_path,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect())
}

/// How many are unread (the header's badge).
pub async fn unread(db: &impl ConnectionTrait, actor: &User) -> Result<u64> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks all of the person's notifications read.
pub async fn mark_all_read(db: &impl ConnectionTrait, actor: &User) -> Result<()> {
    notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            sea_orm::sea_query::Expr::value(time::now()),
        )
        .filter(notification::Column::UserId.eq(actor.id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
