//! Campaign secretaries (issue 17, hole 7): a secretary acts only on the campaigns an administrator
//! assigned to them, and never on an entry they are in conflict with; their list leaves such
//! entries out always.
use domain::review::screening::{self, Screen, Skipped};
use domain::testing::{Fixture, TestContext};
use domain::{Error, accounts::staff, council, submission::initiatives};
use types::{CouncilRole, Remark, Role, Status};

async fn file(ctx: &TestContext, f: &Fixture, who: &domain::accounts::User, title: &str) -> i64 {
    let mut input = domain::testing::application(f.open_campaign, title);
    input.unit = "xa_muong_bam".into();
    let name = who.full_name.clone();
    if who.id != f.submitter.id {
        input.authors[0].name = name.clone();
    }
    let valid = input
        .parse(domain::time::today(), &name)
        .expect("valid input");
    initiatives::submit(&ctx.services.db, who, valid, None)
        .await
        .expect("submit")
        .id
}

#[tokio::test]
async fn a_secretary_of_another_campaign_can_neither_see_nor_act() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let foreign = ctx
        .account("thuky2@thu.nghiem.vn", "Lường Văn Khác", &[Role::Secretary])
        .await;
    staff::assign(db, &f.admin, f.closed_campaign, "thuky2@thu.nghiem.vn")
        .await
        .unwrap();
    let id = file(&ctx, &f, &f.submitter, "Hồ sơ của đợt đang mở").await;

    let list = initiatives::for_secretary(db, &foreign, None, "")
        .await
        .unwrap();
    assert!(
        list.iter().all(|e| e.id != id),
        "not in a foreign secretary's list"
    );
    let r = screening::screen(db, &foreign, &[id], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.skipped, vec![(id, Skipped::NotFound)]);
    let msg = Remark::parse("Bổ sung biên bản.").unwrap();
    assert!(matches!(
        domain::submission::corrections::request(db, &foreign, id, msg.clone()).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        council::set_member(
            db,
            &foreign,
            f.open_campaign,
            f.reviewer.id,
            CouncilRole::Member
        )
        .await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        domain::council::deliberation::publish(db, &foreign, f.open_campaign).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        initiatives::get_for(db, Some(&foreign), id).await,
        Err(Error::NotFound)
    ));

    // Once an administrator assigns them, they act; only an administrator may.
    assert!(matches!(
        staff::assign(db, &f.secretary, f.open_campaign, "thuky2@thu.nghiem.vn").await,
        Err(Error::Forbidden)
    ));
    staff::assign(db, &f.admin, f.open_campaign, "thuky2@thu.nghiem.vn")
        .await
        .unwrap();
    let r = screening::screen(db, &foreign, &[id], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.done, vec![id]);
    staff::unassign(db, &f.admin, f.open_campaign, foreign.id)
        .await
        .unwrap();
    assert!(
        initiatives::for_secretary(db, &foreign, None, "")
            .await
            .unwrap()
            .is_empty()
    );

    // Only a secretary's address is accepted, with a message that says why.
    let e = staff::assign(db, &f.admin, f.open_campaign, "khong-co-ai@thu.nghiem.vn").await;
    assert!(
        matches!(e, Err(Error::Invalid(ref x)) if x.get("email") == Some(&types::FieldError::NoSuchAccount))
    );
    let e = staff::assign(db, &f.admin, f.open_campaign, "tacgia@thu.nghiem.vn").await;
    assert!(
        matches!(e, Err(Error::Invalid(ref x)) if x.get("email") == Some(&types::FieldError::NotASecretary))
    );
    // Losing the role ends every campaign assignment; getting it back restores none.
    staff::assign(db, &f.admin, f.closed_campaign, "thuky2@thu.nghiem.vn")
        .await
        .unwrap();
    domain::accounts::set_roles(db, &f.admin, foreign.id, &[])
        .await
        .unwrap();
    domain::accounts::set_roles(db, &f.admin, foreign.id, &[Role::Secretary])
        .await
        .unwrap();
    let again = domain::accounts::user_by_id(db, foreign.id).await.unwrap();
    assert_eq!(
        staff::scope(db, &again).await.unwrap(),
        staff::Scope::Only(vec![])
    );
}

#[tokio::test]
async fn a_secretary_never_handles_an_entry_they_filed() {
    let ctx = TestContext::new().await;
    let f = ctx.fixture().await;
    let db = &ctx.services.db;
    let own = file(&ctx, &f, &f.secretary, "Sáng kiến của chính thư ký").await;
    let other = file(&ctx, &f, &f.submitter, "Sáng kiến của người khác").await;

    let list = initiatives::for_secretary(db, &f.secretary, None, "")
        .await
        .unwrap();
    let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
    assert!(ids.contains(&other));
    assert!(
        !ids.contains(&own),
        "the list leaves a conflicted entry out, without any search"
    );
    let r = screening::screen(db, &f.secretary, &[own, other], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.done, vec![other]);
    assert_eq!(r.skipped, vec![(own, Skipped::NotFound)]);
    let msg = Remark::parse("Bổ sung biên bản.").unwrap();
    assert!(matches!(
        domain::submission::corrections::request(db, &f.secretary, own, msg).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        domain::review::assign(db, &f.secretary, own, f.reviewer.id).await,
        Err(Error::NotFound)
    ));
    // Another secretary of the campaign handles it.
    let second = ctx
        .account("thuky3@thu.nghiem.vn", "Tòng Thị Ba", &[Role::Secretary])
        .await;
    staff::assign(db, &f.admin, f.open_campaign, "thuky3@thu.nghiem.vn")
        .await
        .unwrap();
    let r = screening::screen(db, &second, &[own], &Screen::Eligible)
        .await
        .unwrap();
    assert_eq!(r.done, vec![own]);
    let m = initiatives::get_for(db, Some(&second), own).await.unwrap();
    assert_eq!(m.status, Status::Accepted);
    // The filer-secretary reads their own entry as its filer, but not the staff's tools on it.
    assert!(matches!(
        domain::council::deliberation::panel(db, &f.secretary, own).await,
        Err(Error::NotFound)
    ));
}
