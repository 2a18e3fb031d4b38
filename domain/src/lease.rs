//! One node at a time for a kind of scheduled work: a row per kind (`leases`) names the node holding
//! it and until when. The holder renews it each round; another node takes it only once it has run
//! out, so when the holder stops (crash, deploy), the work moves on within one lease.
use crate::entities::lease;
use crate::{Result, time};
use chrono::Duration;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// A name for this process among the nodes: the host's name and a random part (two processes on
/// one host differ).
pub fn node_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "node".into());
    format!("{host}-{}", crate::new_request_id())
}

/// Takes or renews the lease `name` for `holder` for `ttl`: `true` when `holder` now holds it.
pub async fn acquire(
    db: &impl ConnectionTrait,
    name: &str,
    holder: &str,
    ttl: Duration,
) -> Result<bool> {
    let now = time::now();
    // The row exists from the first attempt on (a lease already run out).
    lease::Entity::insert(lease::ActiveModel {
        name: Set(name.to_owned()),
        holder: Set(String::new()),
        until: Set(now - Duration::seconds(1)),
    })
    .on_conflict(
        OnConflict::column(lease::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    let taken = lease::Entity::update_many()
        .col_expr(lease::Column::Holder, Expr::value(holder))
        .col_expr(lease::Column::Until, Expr::value(now + ttl))
        .filter(lease::Column::Name.eq(name))
        .filter(
            Condition::any()
                .add(lease::Column::Holder.eq(holder))
                .add(lease::Column::Until.lt(now)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives the lease up (a node shutting down), so another takes it at once.
pub async fn release(db: &impl ConnectionTrait, name: &str, holder: &str) -> Result<()> {
    lease::Entity::update_many()
        .col_expr(
            lease::Column::Until,
            Expr::value(time::now() - Duration::seconds(1)),
        )
        .filter(lease::Column::Name.eq(name))
        .filter(lease::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}
