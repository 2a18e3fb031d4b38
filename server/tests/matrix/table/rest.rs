//! The REST API, feeds, open data (and the health checks, the API's own description).
use super::{Judge, Rule, Scope, anyone, get, page, public, rule};

/// The rules of the REST API, feeds and open data, in the table's order.
pub(crate) fn rules() -> Vec<Rule> {
    use Judge::*;
    use Scope::*;
    vec![
        // The REST API, feeds, open data.
        rule("GET /healthz", Answer, Site(|_, _| get("/healthz")), anyone),
        rule("GET /readyz", Answer, Site(|_, _| get("/readyz")), anyone),
        rule(
            "GET /api/v1/openapi.json",
            Answer,
            Site(|_, _| get("/api/v1/openapi.json")),
            anyone,
        ),
        rule(
            "GET /api/v1/initiatives",
            Shows,
            Entry(|_, t| page(format!("/api/v1/initiatives?q={}", t.word))),
            |_, s| public(s),
        ),
        rule(
            "GET /api/v1/initiatives/{id}",
            Shows,
            Entry(|_, t| page(format!("/api/v1/initiatives/{}", t.id()?))),
            |_, s| public(s),
        ),
        rule(
            "GET /api/v1/suggest",
            Shows,
            Entry(|_, t| page(format!("/api/v1/suggest?q={}", &t.word[..t.word.len() - 1]))),
            |_, s| public(s),
        ),
        rule(
            "GET /feeds/initiatives.atom",
            Shows,
            Entry(|_, _| page("/feeds/initiatives.atom".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /open-data/initiatives.csv",
            Shows,
            Entry(|_, _| page("/open-data/initiatives.csv".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /open-data/initiatives.json",
            Shows,
            Entry(|_, _| page("/open-data/initiatives.json".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /sitemap.xml",
            Shows,
            // The sitemap names addresses: the entry's word is its own address there.
            Entry(|_, t| {
                t.id?;
                page("/sitemap.xml".into())
            }),
            |_, s| public(s),
        ),
    ]
}
