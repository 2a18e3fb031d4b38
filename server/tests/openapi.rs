//! The read API's OpenAPI document (generated from the handlers' types, `server::routes::opendata::ApiDoc`)
//! against what the API answers: every operation with its parameters and statuses, answers shaped as
//! documented, and the documented JSON 400 for a parameter given twice or malformed.
//! `scripts/api_fuzz.sh` runs a property-based fuzzer (schemathesis) against the same document.
mod support;
use axum::body::Body;
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::BTreeSet;
use support::*;
use tower::ServiceExt;

/// Status, content type and JSON body (`Value::Null` when the body is not JSON).
async fn ask(app: &TestApp, path: &str) -> (StatusCode, String, Value) {
    let req = Request::get(path).body(Body::empty()).unwrap();
    let res = tokio::time::timeout(REQUEST_LIMIT, app.router.clone().oneshot(req))
        .await
        .unwrap_or_else(|_| panic!("{path}: no answer"))
        .unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn keys(object: &Value) -> BTreeSet<String> {
    object.as_object().unwrap().keys().cloned().collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

#[tokio::test]
async fn the_served_document_lists_every_operation_with_its_parameters_and_statuses() {
    let app = TestApp::new().await;
    let (status, content_type, doc) = ask(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    // Served as generated from the handlers' annotations, not from a file.
    assert_eq!(
        doc,
        serde_json::to_value(server::routes::opendata::api_document()).unwrap()
    );
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Sáng kiến số – public read API");
    assert_eq!(doc["info"]["version"], "1");

    let list = &doc["paths"]["/api/v1/initiatives"]["get"];
    let detail = &doc["paths"]["/api/v1/initiatives/{id}"]["get"];
    let suggest = &doc["paths"]["/api/v1/suggest"]["get"];
    assert_eq!(
        names(&list["parameters"]),
        set(&[
            "q",
            "pillar",
            "sector",
            "solution_type",
            "level",
            "year",
            "unit",
            "place",
            "sort",
            "page",
            "per_page"
        ])
    );
    assert_eq!(names(&detail["parameters"]), set(&["id"]));
    assert_eq!(detail["parameters"][0]["in"], "path");
    assert_eq!(detail["parameters"][0]["required"], true);
    assert_eq!(names(&suggest["parameters"]), set(&["q", "limit"]));
    for p in list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .chain(suggest["parameters"].as_array().unwrap())
    {
        assert_eq!(p["in"], "query", "{p}");
        assert_eq!(p["required"], false, "{p}");
    }
    // Every status each handler can answer, JSON bodies with their schema.
    let statuses = |op: &Value| keys(&op["responses"]);
    assert_eq!(statuses(list), set(&["200", "400", "500"]));
    assert_eq!(statuses(detail), set(&["200", "404", "500"]));
    assert_eq!(statuses(suggest), set(&["200", "400", "500"]));
    let schema = |op: &Value, status: &str| {
        op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(schema(list, "200"), "#/components/schemas/SearchPage");
    assert_eq!(
        schema(detail, "200"),
        "#/components/schemas/InitiativeDetail"
    );
    assert_eq!(schema(suggest, "200"), "#/components/schemas/Suggestions");
    for (op, status) in [
        (list, "400"),
        (list, "500"),
        (detail, "404"),
        (detail, "500"),
        (suggest, "400"),
        (suggest, "500"),
    ] {
        assert_eq!(
            schema(op, status),
            "#/components/schemas/ApiError",
            "{status}"
        );
    }
    // The rest of the open data and the health checks are documented too.
    for path in [
        "/feeds/initiatives.atom",
        "/open-data/initiatives.csv",
        "/open-data/initiatives.json",
        "/healthz",
        "/readyz",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
    assert!(
        doc["paths"]["/readyz"]["get"]["responses"]["503"]["content"]["text/plain"].is_object()
    );

    // The taxonomy's codes come from `types`, for the parameters (or empty: any) and the answers.
    let codes = |name: &str| -> BTreeSet<String> {
        let p = list["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap();
        p["schema"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    let mut pillars: BTreeSet<String> = types::Pillar::ALL
        .iter()
        .map(|p| p.code().to_string())
        .collect();
    let component: BTreeSet<String> = doc["components"]["schemas"]["Pillar"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(component, pillars);
    pillars.insert(String::new());
    assert_eq!(codes("pillar"), pillars);
    assert_eq!(codes("level"), set(&["", "co_so", "cap_tinh", "toan_quoc"]));
    assert_eq!(codes("sort"), set(&["", "relevance", "newest", "score"]));
    // The fields of shared/INTERFACES.md §3, all always present.
    let initiative = &doc["components"]["schemas"]["Initiative"];
    let required: BTreeSet<String> = initiative["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert_eq!(required, keys(&initiative["properties"]));
    for field in [
        "id",
        "external_id",
        "code",
        "campaign",
        "year",
        "title",
        "summary",
        "description",
        "description_html",
        "solution_type",
        "pillar",
        "sector",
        "unit",
        "authors",
        "level",
        "score",
        "decided_on",
        "url",
    ] {
        assert!(required.contains(field), "{field}");
    }
}

/// The properties a component schema names, with those of the schemas it is made of (`allOf`).
fn documented(doc: &Value, name: &str) -> BTreeSet<String> {
    let schema = &doc["components"]["schemas"][name];
    let mut out = BTreeSet::new();
    for part in schema["allOf"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![schema.clone()])
    {
        match part["$ref"].as_str() {
            Some(r) => out.extend(documented(doc, r.rsplit('/').next().unwrap())),
            None => out.extend(keys(&part["properties"])),
        }
    }
    out
}

#[tokio::test]
async fn the_answers_have_exactly_the_documented_fields() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let (_, _, doc) = ask(&app, "/api/v1/openapi.json").await;

    let (status, content_type, page) = ask(&app, "/api/v1/initiatives?q=so&per_page=100").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/json"));
    assert_eq!(keys(&page), documented(&doc, "SearchPage"));
    assert_eq!(keys(&page["facets"]), documented(&doc, "FacetCounts"));
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(keys(item), documented(&doc, "SearchItem"));
        assert_eq!(keys(&item["authors"][0]), documented(&doc, "Author"));
    }
    let id = &items[0]["id"];
    let (status, _, one) = ask(&app, &format!("/api/v1/initiatives/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&one), documented(&doc, "InitiativeDetail"));

    let (status, _, found) = ask(&app, "/api/v1/suggest?q=truy+xuat").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&found), documented(&doc, "Suggestions"));
    assert_eq!(keys(&found["items"][0]), documented(&doc, "Suggestion"));

    let (status, _, all) = ask(&app, "/open-data/initiatives.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(keys(&all[0]), documented(&doc, "Initiative"));
}

#[tokio::test]
async fn a_repeated_or_malformed_parameter_answers_the_documented_json_400() {
    let app = TestApp::new().await;
    app.index().await;
    let refused = |path: &'static str, field: &'static str, reason: &'static str| {
        let app = &app;
        async move {
            let (status, content_type, body) = ask(app, path).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
            assert!(
                content_type.starts_with("application/json"),
                "{path}: {content_type}"
            );
            assert_eq!(
                body,
                serde_json::json!({ "error": "invalid_parameter", "field": field, "reason": reason }),
                "{path}"
            );
        }
    };
    // Which of two values was meant cannot be told.
    refused("/api/v1/initiatives?q=a&q=b", "q", "given more than once").await;
    refused(
        "/api/v1/initiatives?pillar=kinh_te_so&per_page=5&pillar=xa_hoi_so",
        "pillar",
        "given more than once",
    )
    .await;
    refused(
        "/api/v1/suggest?q=so&limit=1&limit=2",
        "limit",
        "given more than once",
    )
    .await;
    refused(
        "/feeds/initiatives.atom?year=2025&year=2026",
        "year",
        "given more than once",
    )
    .await;
    // Numbers in digits, within their documented range; codes exactly.
    refused("/api/v1/initiatives?page=abc", "page", "not a number").await;
    refused("/api/v1/initiatives?page=%2B2", "page", "not a number").await;
    refused(
        "/api/v1/initiatives?per_page=%2020",
        "per_page",
        "not a number",
    )
    .await;
    refused("/api/v1/initiatives?page=0", "page", "at least 1").await;
    refused("/api/v1/initiatives?year=0", "year", "between 1 and 9999").await;
    refused("/api/v1/initiatives?year=-2025", "year", "not a number").await;
    refused(
        "/api/v1/initiatives?per_page=101",
        "per_page",
        "between 1 and 100",
    )
    .await;
    refused(
        "/api/v1/initiatives?level=%20co_so",
        "level",
        "unknown code",
    )
    .await;
    refused(
        "/api/v1/initiatives?sort=oldest",
        "sort",
        "relevance, newest or score",
    )
    .await;
    refused("/api/v1/suggest?limit=9", "limit", "between 1 and 8").await;

    // An empty value is the same as none, as documented; a far page is empty, not an error.
    let (status, _, body) = ask(
        &app,
        "/api/v1/initiatives?q=&pillar=&sector=&solution_type=&level=&year=&unit=&place=&sort=&page=&per_page=",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((&body["page"], &body["per_page"]), (&1.into(), &20.into()));
    let (status, _, body) = ask(&app, "/api/v1/initiatives?page=99999999999999999999999").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["page"], i64::MAX);
    assert_eq!(ask(&app, "/api/v1/suggest?limit=").await.0, StatusCode::OK);

    // An id that is not one (not even UTF-8) is not found, in JSON.
    for path in [
        "/api/v1/initiatives/%FF",
        "/api/v1/initiatives/abc",
        "/api/v1/initiatives/%2B1",
        "/api/v1/initiatives/99999999999999999999",
    ] {
        let (status, content_type, body) = ask(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(content_type.starts_with("application/json"), "{path}");
        assert_eq!(body, serde_json::json!({ "error": "not_found" }), "{path}");
    }
}
