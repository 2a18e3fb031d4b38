//! Helpers shared by the service tests: set-up, an application and its parsed form, filing and
//! screening an entry, and reading an invalid input's error on one field.
use domain::testing::{Fixture, TestContext};
use domain::{Error, submission::initiatives};
use types::{FieldError, InitiativeInput};

pub(crate) fn input(f: &Fixture, title: &str) -> InitiativeInput {
    domain::testing::application(f.open_campaign, title)
}

pub(crate) fn valid(i: &InitiativeInput) -> types::ValidInitiative {
    i.parse(domain::time::today(), "Lò Văn Tác")
        .expect("valid input")
}

/// Screens an entry eligible (reviewers are assigned only after screening).
pub(crate) async fn eligible(db: &sea_orm::DatabaseConnection, f: &Fixture, id: i64) {
    domain::review::screening::screen(
        db,
        &f.secretary,
        &[id],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
}

pub(crate) async fn setup() -> (TestContext, Fixture) {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    (ctx, f)
}

pub(crate) async fn submit(
    ctx: &TestContext,
    f: &Fixture,
    title: &str,
) -> initiatives::InitiativeView {
    initiatives::submit(
        &ctx.services.db,
        &f.submitter,
        valid(&input(f, title)),
        None,
    )
    .await
    .expect("submit")
}

pub(crate) fn invalid_field(e: Error, field: &str) -> FieldError {
    match e {
        Error::Invalid(errors) => errors
            .get(field)
            .cloned()
            .unwrap_or_else(|| panic!("no error on {field}: {errors:?}")),
        other => panic!("expected invalid input, got {other:?}"),
    }
}
