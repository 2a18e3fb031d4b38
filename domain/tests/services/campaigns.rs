//! Campaigns as administrators run them (issue 21): a new campaign, a copy of an earlier one for a
//! later year, archiving and restoring; only administrators may.
use domain::admin::campaigns;
use domain::testing::TestContext;
use domain::{Error, accounts::staff, catalog, council};
use types::form::{CampaignFields, CopyFields};
use types::{CouncilRole, FieldError, Phase};

fn field_error(r: Result<impl std::fmt::Debug, Error>, field: &str) -> FieldError {
    crate::support::invalid_field(r.expect_err("a refusal"), field)
}

fn copy_of(from: i64, name: &str, year: u32) -> types::form::ValidCopy {
    CopyFields {
        from: from.to_string(),
        new_name: name.into(),
        new_year: year.to_string(),
    }
    .parse()
    .unwrap()
}

#[tokio::test]
async fn a_copy_takes_settings_rubric_phases_council_and_secretaries_a_year_on() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let src = f.open_campaign;
    // The earlier campaign as its secretariat left it: its own settings, a chair and a member.
    let mut settings = catalog::campaigns::settings(db, src).await.unwrap();
    settings.pass_mark = 55.0;
    settings.blind_review = true;
    settings.reviewers_per_entry = 2;
    council::update_settings(db, &f.secretary, src, settings.clone())
        .await
        .unwrap();
    council::set_member(db, &f.secretary, src, f.reviewer.id, CouncilRole::Chair)
        .await
        .unwrap();
    council::set_member(db, &f.secretary, src, f.reviewer2.id, CouncilRole::Member)
        .await
        .unwrap();
    let before = catalog::campaign(db, src).await.unwrap();

    let id = campaigns::copy(db, &f.admin, &copy_of(src, "Đợt thi đua năm 2027", 2027))
        .await
        .unwrap();
    let new = catalog::campaign(db, id).await.unwrap();
    assert_eq!(
        (new.name.as_str(), new.year),
        ("Đợt thi đua năm 2027", 2027)
    );
    let year_on = |at: chrono::DateTime<chrono::Utc>| {
        use chrono::Datelike;
        let d = domain::time::local_date(at);
        d.with_year(d.year() + 1).unwrap_or(d)
    };
    assert_eq!(
        domain::time::local_date(new.opens_at),
        year_on(before.opens_at)
    );
    assert_eq!(
        domain::time::local_date(new.closes_at),
        year_on(before.closes_at)
    );
    assert!(!new.practice && new.announced_at.is_none() && new.archived_at.is_none());
    assert_eq!(
        catalog::campaigns::settings(db, id).await.unwrap(),
        settings
    );

    let rubric = |c| async move {
        catalog::criteria(db, c)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.code, c.name, c.max_points, c.bands, c.comment_rule))
            .collect::<Vec<_>>()
    };
    assert_eq!(rubric(id).await, rubric(src).await);
    assert_eq!(rubric(id).await.len(), 3);

    let src_phases = catalog::campaigns::phases(db, src).await.unwrap();
    let new_phases = catalog::campaigns::phases(db, id).await.unwrap();
    assert_eq!(new_phases.len(), src_phases.len());
    for (a, b) in src_phases.iter().zip(&new_phases) {
        assert_eq!(a.phase, b.phase);
        assert_eq!(domain::time::local_date(b.starts_at), year_on(a.starts_at));
        assert_eq!(domain::time::local_date(b.ends_at), year_on(a.ends_at));
    }
    assert!(new_phases.iter().any(|p| p.phase == Phase::Vote));

    let members = |c| async move {
        let mut m: Vec<_> = catalog::campaigns::members(db, c)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.user_id, m.role))
            .collect();
        m.sort();
        m
    };
    assert_eq!(members(id).await, members(src).await);
    assert!(
        members(id)
            .await
            .contains(&(f.reviewer.id, CouncilRole::Chair))
    );
    let secretaries: Vec<i64> = staff::of_campaign(db, id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.user_id)
        .collect();
    assert_eq!(secretaries, vec![f.secretary.id]);
    // No entry comes along; the earlier campaign is unchanged.
    assert!(catalog::entry_ids(db, id).await.unwrap().is_empty());
    assert_eq!(catalog::campaign(db, src).await.unwrap(), before);
    // The copy is in the audit chain.
    assert!(matches!(
        domain::audit::verify(db).await.unwrap(),
        domain::audit::Verdict::Intact { .. }
    ));
}

#[tokio::test]
async fn a_copy_is_refused_a_taken_name_an_unknown_source_and_anyone_but_an_admin() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let taken = campaigns::copy(
        db,
        &f.admin,
        &copy_of(f.open_campaign, "Đợt thử nghiệm đã đóng", 2027),
    )
    .await;
    assert_eq!(field_error(taken, "new_name"), FieldError::NameTaken);
    // A copy is for a later year than its source (2026 here).
    let same = campaigns::copy(
        db,
        &f.admin,
        &copy_of(f.open_campaign, "Đợt thi đua mới", 2026),
    )
    .await;
    assert_eq!(
        field_error(same, "new_year"),
        FieldError::OutOfRange {
            min: 2027,
            max: 2100
        }
    );
    let unknown = campaigns::copy(db, &f.admin, &copy_of(999_999, "Đợt thi đua mới", 2027)).await;
    assert_eq!(field_error(unknown, "from"), FieldError::UnknownCode);
    let n = catalog::campaigns(db).await.unwrap().len();
    for who in [&f.secretary, &f.submitter, &f.reviewer] {
        assert!(matches!(
            campaigns::copy(db, who, &copy_of(f.open_campaign, "Đợt thi đua mới", 2027)).await,
            Err(Error::Forbidden)
        ));
    }
    assert_eq!(catalog::campaigns(db).await.unwrap().len(), n);
}

#[tokio::test]
async fn a_new_campaign_has_the_default_rubric_and_phases_and_a_whole_last_day() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let form = CampaignFields {
        name: "Đợt thi đua chuyển đổi số 2027".into(),
        year: "2027".into(),
        opens: "2027-03-01".into(),
        closes: "2027-09-30".into(),
        about: "Ý tưởng số – Lan tỏa sức mạnh số".into(),
    };
    let id = campaigns::create(db, &f.admin, &form.parse().unwrap())
        .await
        .unwrap();
    let c = catalog::campaign(db, id).await.unwrap();
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(c.opens_at, domain::time::local_midnight(day(2027, 3, 1)));
    // Open all of 30 September in Sơn La, closed from 1 October.
    assert_eq!(c.closes_at, domain::time::local_midnight(day(2027, 10, 1)));
    assert_eq!(c.description, "Ý tưởng số – Lan tỏa sức mạnh số");
    assert_eq!(catalog::criteria(db, id).await.unwrap().len(), 3);
    // Filing (the window above), then screening, review, vote and announcement.
    let phases: Vec<Phase> = catalog::campaigns::phases(db, id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.phase)
        .collect();
    assert_eq!(phases, Phase::ALL.to_vec());
    let again = campaigns::create(db, &f.admin, &form.parse().unwrap()).await;
    assert_eq!(field_error(again, "name"), FieldError::NameTaken);
    assert!(matches!(
        campaigns::create(db, &f.secretary, &form.parse().unwrap()).await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn only_a_finished_campaign_is_archived_and_it_stops_being_featured_until_restored() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    // Still open for filing.
    let open = campaigns::archive(db, &f.admin, f.open_campaign).await;
    assert_eq!(
        field_error(open, "campaign"),
        FieldError::StillAcceptingEntries
    );
    // Closed, with an entry not yet decided (filed while it was open).
    let id = crate::support::submit(&ctx, &f, "Hồ sơ chờ quyết định")
        .await
        .id;
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        domain::entities::initiative::ActiveModel {
            id: Set(id),
            campaign_id: Set(f.closed_campaign),
            ..Default::default()
        }
        .update(db)
        .await
        .unwrap();
    }
    let busy = campaigns::archive(db, &f.admin, f.closed_campaign).await;
    assert_eq!(
        field_error(busy, "campaign"),
        FieldError::EntriesUndecided { count: 1 }
    );
    domain::submission::initiatives::withdraw(db, &f.submitter, id)
        .await
        .unwrap();
    assert!(matches!(
        campaigns::archive(db, &f.secretary, f.closed_campaign).await,
        Err(Error::Forbidden)
    ));
    campaigns::archive(db, &f.admin, f.closed_campaign)
        .await
        .unwrap();
    let c = catalog::campaign(db, f.closed_campaign).await.unwrap();
    assert!(c.archived_at.is_some());
    let listed = campaigns::list(db, &f.admin).await.unwrap();
    let row = listed.iter().find(|r| r.campaign.id == c.id).unwrap();
    assert_eq!((row.entries, row.undecided), (1, 0));
    assert!(matches!(
        campaigns::list(db, &f.secretary).await,
        Err(Error::Forbidden)
    ));
    // With the open campaign archived too, nothing is featured; restoring brings it back.
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        domain::entities::campaign::ActiveModel {
            id: Set(f.open_campaign),
            closes_at: Set(domain::time::now() - chrono::Duration::days(1)),
            ..Default::default()
        }
        .update(db)
        .await
        .unwrap();
    }
    campaigns::archive(db, &f.admin, f.open_campaign)
        .await
        .unwrap();
    assert_eq!(catalog::current_campaign(db).await.unwrap(), None);
    campaigns::restore(db, &f.admin, f.closed_campaign)
        .await
        .unwrap();
    let featured = catalog::current_campaign(db).await.unwrap().unwrap();
    assert_eq!(featured.id, f.closed_campaign);
    assert!(featured.archived_at.is_none());
}
