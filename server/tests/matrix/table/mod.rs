//! The table: for every route, how its answer is judged, what it acts on, and who may, in which
//! state; the people as the rules speak of them; the requests the cells send.
//!
//! The list itself is kept in one module per contiguous run, in order:
//! - `pages`: pages and files;
//! - `rest`: the REST API, feeds, open data;
//! - `server_reads`: server functions that read;
//! - `entry_changes`: changes to an entry;
//! - `campaign_changes`: changes to a campaign, and to a person's roles;
//! - `accounts`: signing in and out, accounts.
use crate::world::{Campaign, State, Target, Who, World};

mod accounts;
mod campaign_changes;
mod entry_changes;
mod pages;
mod rest;
mod server_reads;

/// One request.
pub(crate) enum Call {
    Get(String),
    Post(String, Vec<(String, String)>),
    /// The multipart upload into a draft.
    Upload(i64),
}

pub(crate) fn post(path: &str, form: &[(&str, String)]) -> Call {
    Call::Post(
        path.into(),
        form.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// What a route acts on.
pub(crate) enum Scope {
    /// One entry; `None` where the route has no meaning for an entry in that state (a draft's
    /// routes for a filed entry, a filed entry's for a draft).
    Entry(fn(&World, &Target) -> Option<Call>),
    /// One campaign.
    Campaign(fn(&World, &Campaign) -> Call),
    /// The site, or the person asking.
    Site(fn(&World, Who) -> Call),
}

/// How an answer is read as allowed or refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Judge {
    /// Allowed: the answer is not a refusal (401, 403, 404, a redirect to sign in).
    Answer,
    /// Allowed: answered 200 showing the entry's word.
    Shows,
    /// Allowed: the database changed.
    Changes,
}

pub(crate) struct Rule {
    pub(crate) route: &'static str,
    pub(crate) scope: Scope,
    pub(crate) judge: Judge,
    pub(crate) may: fn(Who, State) -> bool,
}

pub(crate) fn rule(
    route: &'static str,
    judge: Judge,
    scope: Scope,
    may: fn(Who, State) -> bool,
) -> Rule {
    Rule {
        route,
        scope,
        judge,
        may,
    }
}

// The people, as the rules speak of them.
pub(crate) fn anyone(_: Who, _: State) -> bool {
    true
}
pub(crate) fn signed_in(w: Who) -> bool {
    w != Who::Anonymous
}
/// The filer, linked co-authors, the campaign's secretaries without a conflict, admins.
pub(crate) fn full(w: Who) -> bool {
    matches!(w, Who::Filer | Who::CoAuthor | Who::Secretary | Who::Admin)
}
/// Who acts as secretary on the entry.
pub(crate) fn staff(w: Who) -> bool {
    matches!(w, Who::Secretary | Who::Admin)
}
/// Who acts as secretary of the campaign (a conflict is about one entry).
pub(crate) fn campaign_staff(w: Who) -> bool {
    matches!(w, Who::Secretary | Who::ConflictedSecretary | Who::Admin)
}
pub(crate) fn council(w: Who) -> bool {
    matches!(w, Who::Member | Who::Chair)
}
pub(crate) fn filed(s: State) -> bool {
    s != State::Draft
}
pub(crate) fn public(s: State) -> bool {
    s == State::Recognised
}
/// With a reviewer assigned.
pub(crate) fn in_review(s: State) -> bool {
    matches!(
        s,
        State::UnderReview | State::Voted | State::Decided | State::Recognised
    )
}
/// Who reads an entry in a state, whole.
pub(crate) fn reads_whole(w: Who, s: State) -> bool {
    match s {
        State::Draft => w == Who::Filer,
        _ => full(w),
    }
}
/// While the council deliberates (a reviewer assigned, not yet announced).
pub(crate) fn deliberating(s: State) -> bool {
    matches!(s, State::UnderReview | State::Voted | State::Decided)
}
/// Who reads the entry's confidential parts: those who read it whole, its reviewer, its council while
/// it deliberates (without personal particulars, the leak check sees to that).
pub(crate) fn reads_confidential(w: Who, s: State) -> bool {
    reads_whole(w, s) || (w == Who::Reviewer && in_review(s)) || (council(w) && deliberating(s))
}
/// Who reads the entry at all.
pub(crate) fn reads(w: Who, s: State) -> bool {
    reads_confidential(w, s) || public(s)
}

/// The table. Each line: the route as the router names it, how its answer is judged, what it acts
/// on, and who may, in which state.
///
/// One module per run of the list, concatenated in the order the list has always had (the order
/// the cells are asked in within each phase).
pub(crate) fn table() -> Vec<Rule> {
    let mut t = pages::rules();
    t.extend(rest::rules());
    t.extend(server_reads::rules());
    t.extend(entry_changes::rules());
    t.extend(campaign_changes::rules());
    t.extend(accounts::rules());
    t
}

/// The search server function, as the search page calls it.
pub(crate) fn search(q: &str) -> Call {
    let mut form: Vec<(String, String)> = [
        "pillar",
        "sector",
        "solution_type",
        "level",
        "year",
        "unit",
        "place",
        "sort",
    ]
    .iter()
    .map(|k| (format!("params[{k}]"), String::new()))
    .collect();
    form.push(("params[q]".into(), q.into()));
    form.push(("params[page]".into(), "1".into()));
    Call::Post("/api/tim-kiem".into(), form)
}

/// A page or file asked for about an entry.
pub(crate) fn page(path: String) -> Option<Call> {
    Some(Call::Get(path))
}

pub(crate) fn get(path: &str) -> Call {
    Call::Get(path.into())
}

/// A server function called as the browser's script calls it.
pub(crate) fn api(name: &str, form: &[(&str, String)]) -> Call {
    post(&format!("/api/{name}"), form)
}

/// Routes whose changes are the asking person's own (sign out, password, profile): asked last, so
/// that no other cell depends on them.
pub(crate) fn personal(route: &str) -> bool {
    [
        "POST /api/dang-xuat",
        "POST /api/da-doc",
        "POST /api/gui-lai-xac-minh",
        "POST /api/doi-mat-khau",
        "POST /api/dang-xuat-tat-ca",
        "POST /api/ho-so-ca-nhan",
        "POST /api/dang-ky",
        "POST /api/dang-nhap",
        "POST /api/quen-mat-khau",
        "POST /api/dat-lai-mat-khau",
        "POST /api/xac-minh-email",
    ]
    .contains(&route)
}
