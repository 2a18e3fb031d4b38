//! The council's vote, the decisions it allows, and the announcement that publishes them.
use crate::support::{COMMENTS, eligible, field_error, file, setup, sheet};
use domain::testing::{Fixture, TestContext};
use domain::{Error, catalog, council, review, submission::initiatives};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use types::{CouncilRole, FieldError, Phase, Remark, Status};

/// A council of `n` new accounts on the open campaign, the first one chairing.
async fn council_of(ctx: &TestContext, f: &Fixture, n: usize) -> Vec<domain::accounts::User> {
    let mut members = Vec::new();
    for i in 0..n {
        let u = ctx
            .account(
                &format!("hd{i}@thu.nghiem.vn"),
                &format!("Ủy viên {i}"),
                &[],
            )
            .await;
        let role = if i == 0 {
            CouncilRole::Chair
        } else {
            CouncilRole::Member
        };
        council::set_member(&ctx.services.db, &f.secretary, f.open_campaign, u.id, role)
            .await
            .unwrap();
        members.push(u);
    }
    members
}

#[tokio::test]
async fn two_thirds_of_seven_members_is_five_and_a_secret_ballot_keeps_no_link() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.secret_ballot = true;
    council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap();
    let members = council_of(&ctx, &f, 7).await;
    let four = file(&ctx, &f, "Bốn phiếu đồng ý", "xa_muong_bam").await;
    let five = file(&ctx, &f, "Năm phiếu đồng ý", "xa_muong_bam").await;
    for id in [four, five] {
        eligible(&ctx, &f, &[id]).await;
        review::assign(db, &f.secretary, id, f.reviewer.id)
            .await
            .unwrap();
    }
    for (k, m) in members.iter().enumerate() {
        domain::council::deliberation::cast_vote(db, m, four, k < 4)
            .await
            .unwrap();
        domain::council::deliberation::cast_vote(db, m, five, k < 5)
            .await
            .unwrap();
    }
    // Once only.
    assert!(matches!(
        domain::council::deliberation::cast_vote(db, &members[0], four, true).await,
        Err(Error::Conflict(_))
    ));
    // Not a member: as if the entry did not exist.
    assert!(matches!(
        domain::council::deliberation::cast_vote(db, &f.reviewer2, four, true).await,
        Err(Error::NotFound)
    ));
    let p4 = domain::council::deliberation::panel(db, &f.secretary, four)
        .await
        .unwrap();
    let p5 = domain::council::deliberation::panel(db, &f.secretary, five)
        .await
        .unwrap();
    assert_eq!(
        (
            p4.tally.agree,
            p4.tally.entitled,
            p4.tally.needed,
            p4.tally.passed
        ),
        (4, 7, 5, false)
    );
    assert_eq!((p5.tally.agree, p5.tally.passed), (5, true));
    // Who voted is known, not how.
    assert_eq!(p5.tally.voters.len(), 7);
    assert!(
        p5.tally
            .voters
            .iter()
            .all(|(_, _, choice)| choice.is_none())
    );
    let roll = domain::entities::vote_roll::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert!(roll.iter().all(|r| r.choice.is_none()));
    let log = domain::entities::audit_log::Entity::find()
        .filter(domain::entities::audit_log::Column::Entity.eq("vote"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(log.len(), 14);
    assert!(
        log.iter()
            .all(|r| !r.after.as_deref().unwrap_or("").contains("agree"))
    );

    // The failed vote cannot become a recognition; the passed one cannot become a refusal.
    let input = |d| domain::council::deliberation::DecisionInput {
        decision: d,
        award: String::new(),
        decision_no: String::new(),
        comment: String::new(),
        decided_on: None,
    };
    let recognise = || types::ValidDecision::Recognised {
        level: types::Level::CapTinh,
    };
    let refuse = || types::ValidDecision::Refused {
        reasons: Remark::parse("Chưa đủ hai phần ba số thành viên đồng ý.").unwrap(),
    };
    let e = domain::council::deliberation::decide(db, &f.secretary, four, input(recognise()))
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::NotAllowed);
    let e = domain::council::deliberation::decide(db, &f.secretary, five, input(refuse()))
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::NotAllowed);
    domain::council::deliberation::decide(db, &f.secretary, four, input(refuse()))
        .await
        .unwrap();
    domain::council::deliberation::decide(db, &f.secretary, five, input(recognise()))
        .await
        .unwrap();
    // A conflicted member is not entitled: a member from the entry's commune leaves six.
    ctx.set_unit(members[6].id, "xa_muong_bam").await;
    let other = file(&ctx, &f, "Sáu người được biểu quyết", "xa_muong_bam").await;
    eligible(&ctx, &f, &[other]).await;
    review::assign(db, &f.secretary, other, f.reviewer.id)
        .await
        .unwrap();
    let p = domain::council::deliberation::panel(db, &f.secretary, other)
        .await
        .unwrap();
    assert_eq!((p.tally.entitled, p.tally.needed), (6, 4));
    assert!(matches!(
        domain::council::deliberation::cast_vote(db, &members[6], other, true).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test]
async fn decisions_stay_hidden_until_the_announcement_publishes_them_all() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let id = file(
        &ctx,
        &f,
        "Hóa đơn điện tử cho hộ kinh doanh",
        "phuong_to_hieu",
    )
    .await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["25", "30", "31"], &COMMENTS),
    )
    .await
    .unwrap();
    council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.admin.id,
        CouncilRole::Chair,
    )
    .await
    .unwrap();
    domain::council::deliberation::cast_vote(db, &f.admin, id, true)
        .await
        .unwrap();
    domain::council::deliberation::decide(
        db,
        &f.secretary,
        id,
        domain::council::deliberation::DecisionInput {
            decision: types::ValidDecision::Recognised {
                level: types::Level::CapTinh,
            },
            award: "Bằng khen".into(),
            decision_no: "7/QĐ-UBND".into(),
            comment: "Nhân rộng cho các phường.".into(),
            decided_on: None,
        },
    )
    .await
    .unwrap();
    // The filer still sees the entry under review; the public sees nothing.
    let seen = initiatives::get_for(db, Some(&f.submitter), id)
        .await
        .unwrap();
    assert_eq!((seen.status, seen.level), (Status::UnderReview, None));
    assert!(matches!(
        initiatives::public(db, id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        domain::council::deliberation::scorecard(db, id)
            .await
            .unwrap(),
        None
    );
    // Announcing is its own phase.
    let now = domain::time::now();
    let day = chrono::Duration::days(1);
    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Announcement,
        now + day,
        now + day * 30,
    )
    .await
    .unwrap();
    let e = domain::council::deliberation::publish(db, &f.secretary, f.open_campaign)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::OutOfPhase(Phase::Announcement)), "{e:?}");
    council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Announcement,
        now - day,
        now + day * 30,
    )
    .await
    .unwrap();
    assert_eq!(
        domain::council::deliberation::publish(db, &f.secretary, f.open_campaign)
            .await
            .unwrap(),
        1
    );
    let public = initiatives::public(db, id).await.unwrap();
    assert_eq!(
        (public.status, public.level, public.score),
        (Status::Recognised, Some(types::Level::CapTinh), Some(86.0))
    );
    assert_eq!(public.decision_no.as_deref(), Some("7/QĐ-UBND"));
    let card = domain::council::deliberation::scorecard(db, id)
        .await
        .unwrap()
        .expect("scorecard");
    assert_eq!(card.aggregate, Some(86.0));
    assert_eq!(card.comment.as_deref(), Some("Nhân rộng cho các phường."));
    assert_eq!(card.criteria.len(), 3);
    assert_eq!(card.criteria[0].3, Some(25.0));
    // The filer was told.
    let note = domain::accounts::notifications::list(db, &f.submitter)
        .await
        .unwrap();
    assert!(
        note[0].message.contains("Được công nhận"),
        "{}",
        note[0].message
    );
    // Published decisions are final.
    assert_eq!(
        domain::council::deliberation::publish(db, &f.secretary, f.open_campaign)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn nothing_is_refused_before_the_vote_is_settled_and_the_ballot_kind_is_then_fixed() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let members = council_of(&ctx, &f, 3).await;
    let id = file(&ctx, &f, "Chưa biểu quyết xong", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let refuse = || domain::council::deliberation::DecisionInput {
        decision: types::ValidDecision::Refused {
            reasons: Remark::parse("Không đạt hai phần ba.").unwrap(),
        },
        award: String::new(),
        decision_no: String::new(),
        comment: String::new(),
        decided_on: None,
    };
    // Nobody has voted: a refusal would pre-empt the council (and the vote is open).
    let e = domain::council::deliberation::decide(db, &f.secretary, id, refuse())
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::VoteOpen);
    // One disagrees: two of three could still pass it.
    domain::council::deliberation::cast_vote(db, &members[0], id, false)
        .await
        .unwrap();
    let e = domain::council::deliberation::decide(db, &f.secretary, id, refuse())
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "outcome"), FieldError::VoteOpen);
    // Votes have been cast: the ballot cannot turn secret now.
    let mut s = council::settings(db, f.open_campaign).await.unwrap();
    s.secret_ballot = true;
    let e = council::update_settings(db, &f.secretary, f.open_campaign, s)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "secret_ballot"), FieldError::NotAllowed);
    // A second disagreement settles it; the secretary closes the vote (the third member will not
    // vote) and records the refusal.
    domain::council::deliberation::cast_vote(db, &members[1], id, false)
        .await
        .unwrap();
    assert_eq!(review::queue(db, &f.reviewer, None).await.unwrap().total, 1);
    domain::council::deliberation::close_vote(db, &f.secretary, id)
        .await
        .unwrap();
    // The reviewer never sent a sheet, and cannot now: the entry leaves their queue.
    let q = review::queue(db, &f.reviewer, None).await.unwrap();
    assert!(q.items.is_empty() && q.total == 0, "{q:?}");
    domain::council::deliberation::decide(db, &f.secretary, id, refuse())
        .await
        .unwrap();
}

/// Issue 17, hole 6: while the vote is open, a panel shows how many have voted and nothing of how or
/// who (each change would reveal a ballot); the counts appear once every entitled member has voted.
/// Members voting at the same moment are all counted (one upsert, no read-then-write).
#[tokio::test]
async fn an_open_vote_shows_only_how_many_voted_and_simultaneous_votes_all_count() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let members = council_of(&ctx, &f, 6).await;
    let id = file(&ctx, &f, "Biểu quyết kín đến khi xong", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    domain::council::deliberation::cast_vote(db, &members[0], id, true)
        .await
        .unwrap();
    for viewer in [&f.secretary, &members[1], &members[0]] {
        let p = domain::council::deliberation::panel(db, viewer, id)
            .await
            .unwrap();
        let t = &p.tally;
        assert!(!t.closed, "one of six has voted");
        assert_eq!((t.ballots, t.entitled), (1, 6));
        assert_eq!(
            (t.agree, t.disagree, t.passed),
            (0, 0, false),
            "no counts while open"
        );
        assert!(t.voters.is_empty(), "nor who has voted");
    }
    let own = domain::council::deliberation::panel(db, &members[0], id)
        .await
        .unwrap();
    assert!(own.viewer_voted && !own.viewer_may_vote);
    // The other five at once.
    let votes = members[1..].iter().enumerate().map(|(k, m)| {
        let (db, m) = (db.clone(), m.clone());
        tokio::spawn(
            async move { domain::council::deliberation::cast_vote(&db, &m, id, k != 0).await },
        )
    });
    for v in futures_util::future::join_all(votes).await {
        v.unwrap().unwrap();
    }
    let p = domain::council::deliberation::panel(db, &f.secretary, id)
        .await
        .unwrap();
    let t = &p.tally;
    assert!(t.closed);
    assert_eq!(
        (t.agree, t.disagree, t.ballots),
        (5, 1, 6),
        "every ballot counted once"
    );
    assert!(t.passed);
    assert_eq!(
        t.voters.len(),
        6,
        "who voted is shown once the vote is over"
    );
}

/// Issue 17, hole 6: while the vote is open, `decide` gives one answer whatever the counts (an
/// outcome refused or accepted would tell how the vote stands); the council and the vote's end are
/// fixed while votes are under way; a closed vote takes no more ballots; a voter who became
/// conflicted does not close the vote for those still to vote.
#[tokio::test]
async fn an_open_vote_cannot_be_read_through_decisions_or_council_changes() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let members = council_of(&ctx, &f, 3).await;
    let id = file(&ctx, &f, "Không dò được phiếu", "xa_muong_bam").await;
    eligible(&ctx, &f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    let input = |d| domain::council::deliberation::DecisionInput {
        decision: d,
        award: String::new(),
        decision_no: String::new(),
        comment: String::new(),
        decided_on: None,
    };
    let recognise = || types::ValidDecision::Recognised {
        level: types::Level::CoSo,
    };
    let refuse = || types::ValidDecision::Refused {
        reasons: Remark::parse("Không đạt.").unwrap(),
    };
    domain::council::deliberation::cast_vote(db, &members[0], id, true)
        .await
        .unwrap();
    domain::council::deliberation::cast_vote(db, &members[1], id, true)
        .await
        .unwrap();
    // Two of three agree (it passes), but both outcomes get the same answer.
    for d in [recognise(), refuse()] {
        let e = domain::council::deliberation::decide(db, &f.secretary, id, input(d))
            .await
            .unwrap_err();
        assert_eq!(field_error(e, "outcome"), FieldError::VoteOpen);
    }
    // Removing the member who has not voted, adding one, or ending the vote phase now would close it.
    let e = council::remove_member(db, &f.secretary, f.open_campaign, members[2].id)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "user_id"), FieldError::VotesUnderWay);
    let e = council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.reviewer2.id,
        CouncilRole::Member,
    )
    .await
    .unwrap_err();
    assert_eq!(field_error(e, "user_id"), FieldError::VotesUnderWay);
    let now = domain::time::now();
    let e = council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Vote,
        now - chrono::Duration::days(5),
        now - chrono::Duration::minutes(1),
    )
    .await
    .unwrap_err();
    assert_eq!(field_error(e, "ends_at"), FieldError::VotesUnderWay);
    // A voter who becomes conflicted leaves two entitled, one of whom has voted: still open.
    ctx.set_unit(members[0].id, "xa_muong_bam").await;
    let p = domain::council::deliberation::panel(db, &f.secretary, id)
        .await
        .unwrap();
    assert_eq!(
        (p.tally.entitled, p.tally.ballots, p.tally.closed),
        (2, 1, false)
    );
    // Only the campaign's secretary or the chair closes it; then no more ballots.
    assert!(matches!(
        domain::council::deliberation::close_vote(db, &members[1], id).await,
        Err(Error::NotFound)
    ));
    domain::council::deliberation::close_vote(db, &f.secretary, id)
        .await
        .unwrap();
    let e = domain::council::deliberation::cast_vote(db, &members[2], id, false)
        .await
        .unwrap_err();
    assert_eq!(field_error(e, "choice"), FieldError::NotAllowed);
    let p = domain::council::deliberation::panel(db, &members[2], id)
        .await
        .unwrap();
    assert!(p.tally.closed);
    assert!(!p.viewer_may_vote, "no ballot form once closed");
    assert_eq!(p.tally.agree, 2, "the counts show once closed");
    let e = domain::council::deliberation::close_vote(db, &f.secretary, id)
        .await
        .unwrap_err();
    assert_eq!(
        field_error(e, "close"),
        FieldError::Stale,
        "closed once, by one person"
    );
    domain::council::deliberation::decide(db, &f.secretary, id, input(recognise()))
        .await
        .unwrap();
}
