//! The authorization matrix (issue 17). One table, [`table`], says for every route the application
//! serves (pages, server functions, the REST API, feeds, open data, downloads, the upload) which
//! person may use it, on an entry in which state. The test asks every cell: every role × every
//! state × every route, against the real router, and fails
//! - on an answer the table does not give (a refusal where it says allowed, or the reverse);
//! - on a route the router serves that the table does not name, or a name it does not serve;
//! - on a refused change that changed anything in the database;
//! - on personal particulars (an author's date of birth) or a status note reaching, in any answer of
//!   any route, someone without full access to that entry.
//!
//! What "allowed" means depends on the route (its [`Judge`]): a page or read shows the entry (its
//! unique word appears: lists, search, suggestions, feeds, counts), a change takes effect (the
//! database differs afterwards), or an answer is not a refusal (401, 403, 404 or a redirect to the
//! sign-in page). A change the table allows is made on a new entry (or campaign) in the same state,
//! so that no cell depends on another.
//!
//! - `world`: the people, the entries in every state, the campaigns; asking the router as one of
//!   them; the database's fingerprint and the leak check.
//! - `campaigns`: campaigns as the change cells need them (to announce, with a summing-up list).
//! - `table`: the table (one module per contiguous run of its routes), the people as the rules
//!   speak of them, the requests the cells send.
#[path = "../support/mod.rs"]
mod support;

mod campaigns;
mod table;
mod world;

use std::collections::BTreeSet;
use support::{Reply, StatusCode};
use table::{Judge, Rule, Scope, api, get, personal, search, table};
use world::{Campaign, EVERYONE, STATES, State, Who, World};

/// A refusal by its status: 401, 403, 404, or a page sending the visitor to sign in.
fn refused_status(r: &Reply) -> bool {
    matches!(r.status.as_u16(), 401 | 403 | 404)
        || (r.status.is_redirection() && r.location.starts_with("/dang-nhap"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_every_state_every_route_as_the_table_says() {
    let world = World::new().await;
    let rules = table();

    // The table names every route served, and only those.
    let named: BTreeSet<String> = rules.iter().map(|r| r.route.to_string()).collect();
    let served: BTreeSet<String> = server::routes_served().into_iter().collect();
    let missing: Vec<_> = served.difference(&named).collect();
    let stale: Vec<_> = named.difference(&served).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes served but not in the table: {missing:?}; in the table but not served: {stale:?}"
    );

    // Public counts and facets count announced entries only: one of the ten states here. (How many
    // were filed in a campaign is public: the home page and the statistics say so.)
    let json = |r: Reply| -> serde_json::Value {
        serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
    };
    let filed = STATES.len() as u64 - 1;
    for who in [Who::Anonymous, Who::OtherFiler, Who::Reviewer] {
        let home = json(world.ask(who, &api("trang-chu", &[])).await);
        assert!(home["recognised"].as_u64().unwrap() <= 1, "{who:?}: {home}");
        assert!(
            home["submitted"].as_u64().unwrap() <= filed,
            "{who:?}: {home}"
        );
        let stats = json(world.ask(who, &api("thong-ke", &[])).await);
        assert_eq!(stats["total"], 1, "{who:?}: {stats}");
        for chart in stats["charts"].as_array().unwrap() {
            let sum: u64 = chart["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[1].as_u64().unwrap())
                .sum();
            assert!(sum <= 1, "{who:?}: chart {chart}");
        }
        let rest = json(world.ask(who, &get("/api/v1/initiatives")).await);
        assert_eq!(rest["total"], 1, "{who:?}: {rest}");
        let open = json(world.ask(who, &get("/open-data/initiatives.json")).await);
        assert_eq!(open.as_array().map(Vec::len), Some(1), "{who:?}: {open}");
        let found = json(world.ask(who, &search("")).await);
        assert_eq!(found["total"], 1, "{who:?}: {found}");
        for facet in found["facets"].as_array().unwrap() {
            for v in facet["values"].as_array().unwrap() {
                assert!(v["count"].as_u64().unwrap() <= 1, "{who:?}: facet {facet}");
            }
        }
    }

    let mut wrong: Vec<String> = vec![];
    let mut cells = 0usize;
    // Reads first (they must change nothing), then changes, then each person's own.
    let phase = |r: &Rule| match (r.judge, personal(r.route)) {
        (_, true) => 2,
        (Judge::Changes, _) => 1,
        _ => 0,
    };
    let mut ordered: Vec<&Rule> = rules.iter().collect();
    ordered.sort_by_key(|r| phase(r));
    let mut before = world.fingerprint().await;
    let mut reads_checked = false;
    for r in ordered {
        if phase(r) > 0 && !reads_checked {
            reads_checked = true;
            let after = world.fingerprint().await;
            if after != before {
                wrong.push("reading changed the database".into());
            }
            before = after;
        }
        for who in EVERYONE {
            let states: Vec<Option<State>> = match r.scope {
                Scope::Entry(_) => STATES.iter().copied().map(Some).collect(),
                _ => vec![None],
            };
            for state in states {
                let expected = (r.may)(who, state.unwrap_or(State::Submitted));
                // A change the table allows is made on a new entry or campaign in that state.
                let fresh = expected && r.judge == Judge::Changes;
                let mut target = None;
                let call = match (&r.scope, state) {
                    (Scope::Entry(f), Some(s)) => {
                        let shared = world.targets.iter().find(|t| t.state == s).unwrap();
                        if f(&world, shared).is_none() {
                            continue;
                        }
                        let t = if fresh {
                            world.make(s, world.app.f.open_campaign).await
                        } else {
                            world.targets.iter().find(|t| t.state == s).unwrap().clone()
                        };
                        let call = f(&world, &t);
                        target = Some(t);
                        match call {
                            Some(c) => c,
                            None => continue,
                        }
                    }
                    (Scope::Campaign(f), _) => {
                        // A change is asked on a campaign of its own, refused or not: on the shared
                        // one, its votes under way or locked rubric would refuse everyone alike.
                        let c = if r.judge == Judge::Changes {
                            world.campaign_for(r.route).await
                        } else {
                            Campaign {
                                id: world.app.f.open_campaign,
                                accepted: world.targets[3].id.unwrap(),
                                proposal: 0,
                            }
                        };
                        f(&world, &c)
                    }
                    (Scope::Site(f), _) => f(&world, who),
                    _ => unreachable!(),
                };
                if fresh || (r.judge == Judge::Changes && matches!(r.scope, Scope::Campaign(_))) {
                    before = world.fingerprint().await;
                }
                cells += 1;
                let reply = world.ask(who, &call).await;
                let cell = format!(
                    "{} as {who:?}{}",
                    r.route,
                    state
                        .map(|s| format!(" on a {s:?} entry"))
                        .unwrap_or_default()
                );
                if reply.status.is_server_error() || reply.status.as_u16() == 429 {
                    wrong.push(format!("{cell}: answered {}", reply.status));
                    continue;
                }
                let mut changes: Vec<&str> = vec![];
                let seen = match r.judge {
                    Judge::Answer => !refused_status(&reply),
                    Judge::Shows => {
                        let t = target.as_ref().expect("an entry");
                        let word = if r.route == "GET /sitemap.xml" {
                            format!("/sang-kien/{}<", t.id.unwrap())
                        } else {
                            // The title, not the word alone: a search answer repeats its query.
                            t.title()
                        };
                        reply.status == StatusCode::OK && reply.body.contains(&word)
                    }
                    Judge::Changes => {
                        let after = world.fingerprint().await;
                        changes = after
                            .iter()
                            .filter(|(k, v)| before.get(*k) != Some(v))
                            .map(|(k, _)| *k)
                            .collect();
                        before = after;
                        !changes.is_empty()
                    }
                };
                if seen != expected {
                    wrong.push(format!(
                        "{cell}: {}, the table says {} (status {}, {} bytes{}{})",
                        if seen { "allowed" } else { "refused" },
                        if expected { "allowed" } else { "refused" },
                        reply.status,
                        reply.body.len(),
                        if changes.is_empty() { "" } else { ", changed " },
                        changes.join(", ")
                    ));
                }
                for leak in world.leaks(who, &reply.body) {
                    wrong.push(format!("{cell}: shows {leak}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ from the table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
