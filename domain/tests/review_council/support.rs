//! Helpers shared by the review council tests: set-up, filing and screening entries, score sheets,
//! and reading an invalid input's error on one field.
use domain::review::screening::{self, Screen};
use domain::testing::{Fixture, TestContext};
use domain::{Error, catalog, review, submission::initiatives};
use sea_orm::EntityTrait;
use types::{FieldError, Status};

pub(crate) async fn setup() -> (TestContext, Fixture) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    (ctx, f)
}

/// Files an entry of the fixture's submitter for `unit`.
pub(crate) async fn file(ctx: &TestContext, f: &Fixture, title: &str, unit: &str) -> i64 {
    let mut input = domain::testing::application(f.open_campaign, title);
    input.unit = unit.into();
    let valid = input
        .parse(domain::time::today(), "Lò Văn Tác")
        .expect("valid input");
    initiatives::submit(&ctx.services.db, &f.submitter, valid, None)
        .await
        .expect("submit")
        .id
}

pub(crate) async fn eligible(ctx: &TestContext, f: &Fixture, ids: &[i64]) {
    let r = screening::screen(&ctx.services.db, &f.secretary, ids, &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.done, ids, "skipped: {:?}", r.skipped);
}

pub(crate) fn field_error(e: Error, field: &str) -> FieldError {
    match e {
        Error::Invalid(errors) => errors
            .get(field)
            .cloned()
            .unwrap_or_else(|| panic!("no error on {field}: {errors:?}")),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

pub(crate) async fn status(ctx: &TestContext, id: i64) -> Status {
    let m = domain::entities::initiative::Entity::find_by_id(id)
        .one(&ctx.services.db)
        .await
        .unwrap()
        .unwrap();
    Status::from_code(&m.status).unwrap()
}

pub(crate) fn sheet(
    criteria: &[catalog::CriterionInfo],
    points: &[&str],
    comments: &[&str],
) -> Vec<review::ScoreInput> {
    criteria
        .iter()
        .zip(points.iter().zip(comments))
        .map(|(c, (p, k))| review::ScoreInput {
            criterion_id: c.id,
            band: String::new(),
            points: p.to_string(),
            comment: k.to_string(),
        })
        .collect()
}

pub(crate) const COMMENTS: [&str; 3] = ["Có tính mới.", "Nhân rộng được.", "Hiệu quả rõ."];
