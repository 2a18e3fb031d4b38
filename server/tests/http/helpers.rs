//! Helpers used by several areas (review, council): an entry filed straight through the service.
use crate::support::*;

impl TestApp {
    /// Files an entry of the fixture's submitter for `unit` (straight through the service).
    pub(crate) async fn file_entry(&self, title: &str, unit: &str) -> i64 {
        let mut input = domain::testing::application(self.f.open_campaign, title);
        input.unit = unit.into();
        let valid = input
            .parse(domain::time::today(), "Lò Văn Tác")
            .expect("valid input");
        domain::submission::initiatives::submit(
            &self.ctx.services.db,
            &self.f.submitter,
            valid,
            None,
        )
        .await
        .expect("submit")
        .id
    }
}
