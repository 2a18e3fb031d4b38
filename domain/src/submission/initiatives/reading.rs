//! Reading entries back, each as its reader may see it: the filer, assigned reviewers and council,
//! the campaign's secretary, the public; lists, counts and status history.
use super::*;

async fn is_assigned(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    reviewer_id: i64,
) -> Result<bool> {
    Ok(assignment::Entity::find()
        .filter(assignment::Column::InitiativeId.eq(initiative_id))
        .filter(assignment::Column::ReviewerId.eq(reviewer_id))
        .one(db)
        .await?
        .is_some())
}

/// An initiative as `viewer` may see it. The filer, linked co-authors, secretaries, admins and
/// assigned reviewers see all of it; anyone else sees a recognised entry redacted for the public
/// (no confidential section, no personal data). Anything else is `NotFound`, so that nobody learns
/// that a hidden entry exists.
pub async fn get_for(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    id: i64,
) -> Result<InitiativeView> {
    let m = initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    let blind = crate::entities::campaign::Entity::find_by_id(m.campaign_id)
        .one(db)
        .await?
        .is_some_and(|c| c.blind_review);
    match access(db, viewer, &m).await? {
        Access::Full => view_of(db, m).await,
        Access::Reviewer => Ok(view_of(db, m).await?.redact_for_reviewer(blind)),
        Access::Public => Ok(view_of(db, m).await?.redact_for_public()),
        Access::None => Err(Error::NotFound),
    }
}

/// An entry in full, personal particulars and confidential parts included, for those who may see
/// all of it as filed: the filer, linked co-authors, and staff of its campaign without a conflict
/// (not reviewers, not the public). What the application form prints. `NotFound` for anyone else.
pub async fn in_full(db: &impl ConnectionTrait, viewer: &User, id: i64) -> Result<InitiativeView> {
    let m = initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    match access(db, Some(viewer), &m).await? {
        Access::Full => view_of(db, m).await,
        _ => Err(Error::NotFound),
    }
}

/// How much of an entry someone may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// The filer, linked co-authors, secretaries, admins.
    Full,
    /// An assigned reviewer or a council member without a conflict: everything but personal
    /// particulars (and, in blind review, identities).
    Reviewer,
    /// A recognised entry, redacted for the public.
    Public,
    None,
}

async fn access(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    m: &initiative::Model,
) -> Result<Access> {
    let public = m.status == Status::Recognised.code();
    if let Some(u) = viewer {
        // Staff (admins included) through `staff::may_act_on`: never on an entry they are in
        // conflict with.
        if m.owner_id == Some(u.id)
            || is_linked_author(db, m.id, u.id).await?
            || crate::accounts::staff::may_act_on(db, u, m).await?
        {
            return Ok(Access::Full);
        }
        // Assigned reviewers, and council members of the campaign once it is under review (they
        // vote on it), unless conflicted.
        let assigned = u.has(Role::Reviewer) && is_assigned(db, m.id, u.id).await?;
        let council = m.status == Status::UnderReview.code()
            && crate::catalog::campaigns::role_of(db, m.campaign_id, u.id)
                .await?
                .is_some();
        if (assigned || council)
            && crate::accounts::conflicts::of(db, m.id, u.id)
                .await?
                .is_empty()
        {
            return Ok(Access::Reviewer);
        }
    }
    Ok(if public { Access::Public } else { Access::None })
}

/// What `viewer` may see of an entry: `Some(true)` all of it, `Some(false)` its public part (it is
/// recognised), `None` nothing.
async fn access_of(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    m: &initiative::Model,
) -> Result<Option<bool>> {
    Ok(match access(db, viewer, m).await? {
        Access::Full | Access::Reviewer => Some(true),
        Access::Public => Some(false),
        Access::None => None,
    })
}

/// [`access_of`] by id (used for attachments); `None` also when the entry does not exist.
pub async fn may_see_everything(
    db: &impl ConnectionTrait,
    viewer: Option<&User>,
    id: i64,
) -> Result<Option<bool>> {
    match initiative::Entity::find_by_id(id).one(db).await? {
        Some(m) => access_of(db, viewer, &m).await,
        None => Ok(None),
    }
}

/// A public initiative (recognised), for the public pages and API.
pub async fn public(db: &impl ConnectionTrait, id: i64) -> Result<InitiativeView> {
    get_for(db, None, id).await
}

/// The signed-in person's entries (filed by them, or naming them as a linked co-author), newest first.
pub async fn mine(db: &impl ConnectionTrait, actor: &User) -> Result<Vec<InitiativeSummary>> {
    let co_authored: Vec<i64> = author::Entity::find()
        .select_only()
        .column(author::Column::InitiativeId)
        .filter(author::Column::UserId.eq(actor.id))
        .into_tuple()
        .all(db)
        .await?;
    let rows = initiative::Entity::find()
        .filter(
            initiative::Column::OwnerId
                .eq(actor.id)
                .or(initiative::Column::Id.is_in(co_authored)),
        )
        .order_by_desc(initiative::Column::CreatedAt)
        .all(db)
        .await?;
    summaries(&rows, &Lookup::load(db).await?)
}

/// Entries a secretary works on: those of their campaigns (every campaign for an admin), never one
/// they are in conflict with; optionally filtered by status; newest receipt first (what waits to be
/// screened; `InitiativeSummary::needs_action` names what is due soon). With search words (`search::query` syntax: words, quoted phrases, `-word`), only the
/// entries whose case number, title, summary or unit hold them, diacritics ignored.
pub async fn for_secretary(
    db: &impl ConnectionTrait,
    actor: &User,
    status: Option<Status>,
    words: &str,
) -> Result<Vec<InitiativeSummary>> {
    actor.require(Role::Secretary)?;
    let mut q =
        initiative::Entity::find().filter(initiative::Column::Status.ne(Status::Draft.code()));
    if let crate::accounts::staff::Scope::Only(campaigns) =
        crate::accounts::staff::scope(db, actor).await?
    {
        q = q.filter(initiative::Column::CampaignId.is_in(campaigns));
    }
    if let Some(s) = status {
        q = q.filter(initiative::Column::Status.eq(s.code()));
    }
    // Newest first: what came in last is what waits to be screened.
    let mut rows = q
        .order_by_desc(initiative::Column::SubmittedAt)
        .order_by_desc(initiative::Column::Id)
        .all(db)
        .await?;
    let lookup = Lookup::load(db).await?;
    let filter = crate::text::query::TextFilter::new(&crate::text::query::parse(words, &[]));
    if !filter.is_empty() {
        rows.retain(|m| {
            let unit = lookup
                .unit(m.unit_id)
                .map(|u| u.name.as_str())
                .unwrap_or("");
            let code = m.code.as_deref().unwrap_or("");
            filter.matches(&format!("{code}\n{}\n{}\n{unit}", m.title, m.summary))
        });
    }
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let blocked = crate::accounts::conflicts::blocked_for(db, &ids, actor.id).await?;
    rows.retain(|m| !blocked.contains(&m.id));
    summaries(&rows, &lookup)
}

/// Newest recognised entries for the public home page.
pub async fn recognised_latest(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<InitiativeSummary>> {
    let rows = initiative::Entity::find()
        .filter(initiative::Column::Status.eq(Status::Recognised.code()))
        .order_by_desc(initiative::Column::DecidedOn)
        .order_by_desc(initiative::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    summaries(&rows, &Lookup::load(db).await?)
}

/// Recognised entries by id, in the order given (search hits). Anything not public is dropped here
/// again, whatever the index said.
pub async fn public_summaries(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<InitiativeSummary>> {
    let rows = initiative::Entity::find()
        .filter(initiative::Column::Id.is_in(ids.to_vec()))
        .filter(initiative::Column::Status.eq(Status::Recognised.code()))
        .all(db)
        .await?;
    let l = Lookup::load(db).await?;
    let mut by_id: HashMap<i64, initiative::Model> = rows.into_iter().map(|m| (m.id, m)).collect();
    ids.iter()
        .filter_map(|id| by_id.remove(id))
        .map(|m| summary_of(&m, &l))
        .collect()
}

/// Public views by id in the given order (the API's search results, open-data downloads): only
/// recognised entries, redacted for the public, whatever the ids asked for.
pub async fn public_views(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<InitiativeView>> {
    let mut models = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let mut by_id: HashMap<i64, initiative::Model> = initiative::Entity::find()
            .filter(initiative::Column::Id.is_in(chunk.to_vec()))
            .filter(initiative::Column::Status.eq(Status::Recognised.code()))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        models.extend(chunk.iter().filter_map(|id| by_id.remove(id)));
    }
    Ok(views_of(db, models)
        .await?
        .into_iter()
        .map(InitiativeView::redact_for_public)
        .collect())
}

/// Numbers for the home page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub submitted: u64,
    pub recognised: u64,
}

pub async fn counts(db: &impl ConnectionTrait, campaign_id: Option<i64>) -> Result<Counts> {
    // One pass over the status index: entries per status.
    let mut q = initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Status)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(initiative::Column::Status);
    if let Some(c) = campaign_id {
        q = q.filter(initiative::Column::CampaignId.eq(c));
    }
    let per_status: Vec<(String, i64)> = q.into_tuple().all(db).await?;
    let count = |keep: &dyn Fn(&str) -> bool| {
        per_status
            .iter()
            .filter(|(status, _)| keep(status))
            .map(|(_, n)| *n as u64)
            .sum()
    };
    Ok(Counts {
        submitted: count(&|s| s != Status::Draft.code()),
        recognised: count(&|s| s == Status::Recognised.code()),
    })
}

/// One line of an entry's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub from: Option<Status>,
    pub to: Status,
    pub actor_role: String,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
}

/// The status timeline with its notes (correction requests, screening notes, the staff's roles and
/// the times): only for those with full access to the entry (the filer, linked co-authors, staff).
/// Anyone else who may read the entry (a reviewer, a council member, anyone once it is recognised)
/// gets an empty timeline; whoever may not read it, `NotFound`.
pub async fn history(
    db: &impl ConnectionTrait,
    viewer: &User,
    id: i64,
) -> Result<Vec<HistoryEntry>> {
    let m = initiative::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(Error::NotFound)?;
    match access(db, Some(viewer), &m).await? {
        Access::Full => {}
        Access::Reviewer | Access::Public => return Ok(Vec::new()),
        Access::None => return Err(Error::NotFound),
    }
    let rows = status_history::Entity::find()
        .filter(status_history::Column::InitiativeId.eq(id))
        .order_by_asc(status_history::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(HistoryEntry {
                from: r.from_status.as_deref().and_then(Status::from_code),
                to: Status::from_code(&r.to_status)?,
                actor_role: r.actor_role,
                note: r.note,
                at: r.at,
            })
        })
        .collect())
}

/// Ids of every initiative (for a full re-index).
pub async fn all_ids(db: &impl ConnectionTrait) -> Result<Vec<i64>> {
    Ok(initiative::Entity::find()
        .select_only()
        .column(initiative::Column::Id)
        .into_tuple::<i64>()
        .all(db)
        .await?)
}

/// The year a recognised entry is counted in: its decision's, else its campaign's.
pub fn public_year(decided_on: Option<NaiveDate>, campaign_year: i32) -> i32 {
    decided_on
        .map(|d| chrono::Datelike::year(&d))
        .unwrap_or(campaign_year)
}

/// The list row of one entry (used by the reviewer's queue).
pub async fn for_reviewer_summary(
    db: &impl ConnectionTrait,
    m: &initiative::Model,
) -> Result<InitiativeSummary> {
    summary_of(m, &Lookup::load(db).await?)
}

/// One entry as its filer's page shows it: the entry as the viewer may see it, its status history,
/// whether the filer may withdraw or correct it now, and (for the filer) whom to contact: the
/// campaign's secretaries, (name, email).
#[derive(Clone, Debug)]
pub struct Case {
    pub entry: InitiativeView,
    pub history: Vec<HistoryEntry>,
    pub can_withdraw: bool,
    pub can_correct: bool,
    pub contacts: Vec<(String, String)>,
    /// The viewer may print the application form as filed ([`in_full`]).
    pub form_printable: bool,
    /// The viewer may print the certificates ([`certificates_printable`]).
    pub certificates_printable: bool,
}

/// The case page of entry `id` for `viewer`.
pub async fn case(db: &impl ConnectionTrait, viewer: &User, id: i64) -> Result<Case> {
    let entry = get_for(db, Some(viewer), id).await?;
    let history = history(db, viewer, id).await?;
    let own = entry.owner_id == Some(viewer.id);
    let can_withdraw = own && withdrawable(db, entry.id, entry.status).await?;
    let can_correct = own && entry.status == Status::NeedsCorrection;
    let contacts = if own {
        crate::accounts::staff::of_campaign(db, entry.campaign.id)
            .await?
            .into_iter()
            .map(|s| (s.name, s.email))
            .collect()
    } else {
        Vec::new()
    };
    let form_printable = in_full(db, viewer, id).await.is_ok();
    let certificates_printable = form_printable && certificates_printable(db, viewer, id).await?;
    Ok(Case {
        entry,
        history,
        can_withdraw,
        can_correct,
        contacts,
        form_printable,
        certificates_printable,
    })
}

/// Whether someone who may see the entry in full ([`in_full`]) may print its certificates: it is
/// recognised and published (by the announcement, or imported as such), or the council's decision
/// recognises it and they are the campaign's staff without a conflict with it (who prepare the papers
/// before the announcement).
pub async fn certificates_printable(
    db: &impl ConnectionTrait,
    viewer: &User,
    id: i64,
) -> Result<bool> {
    let Some(m) = initiative::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    if m.status == Status::Recognised.code() {
        return Ok(true);
    }
    let decided = crate::entities::decision::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|d| d.outcome == "recognised");
    // Staff without a conflict: a secretary who is also its author learns the decision with the
    // other authors, at the announcement.
    Ok(decided && crate::accounts::staff::may_act_on(db, viewer, &m).await?)
}
