//! Reminders before deadlines: who gets one, that none goes twice (not after a restart either), and
//! that one node at a time sends them.
use super::support::*;
use domain::admin::reminders;
use domain::entities::{mail_outbox, reminder_sent};
use domain::time;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use types::{CouncilRole, Phase};

/// The reminders queued so far: (to, subject).
async fn reminders_queued(db: &sea_orm::DatabaseConnection) -> Vec<(String, String)> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq("reminder"))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.to_addr, m.subject))
        .collect()
}

#[tokio::test]
async fn reviewers_council_and_secretaries_are_reminded_once_by_one_node() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let today = time::local_date(time::now());
    let day = |n: i64| time::local_midnight(today + chrono::Duration::days(n));
    // The review phase ends tomorrow night; the vote the night after.
    domain::council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Review,
        day(-5),
        day(2),
    )
    .await
    .unwrap();
    domain::council::set_phase(
        db,
        &f.secretary,
        f.open_campaign,
        Phase::Vote,
        day(-5),
        day(3),
    )
    .await
    .unwrap();
    let e = submit(&ctx, &f, "Nhắc việc chấm điểm").await;
    eligible(db, &f, e.id).await;
    domain::review::assign(db, &f.secretary, e.id, f.reviewer.id)
        .await
        .unwrap();
    domain::council::set_member(
        db,
        &f.secretary,
        f.open_campaign,
        f.reviewer2.id,
        CouncilRole::Member,
    )
    .await
    .unwrap();
    // Another entry is due in two days and undecided.
    let late = submit(&ctx, &f, "Hồ sơ sắp đến hạn").await;
    domain::entities::initiative::ActiveModel {
        id: Set(late.id),
        due_on: Set(Some(today + chrono::Duration::days(2))),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();

    // Two nodes: the first takes the lease and sends; the second does nothing.
    let sent = reminders::round(db, "node-a", 3).await.unwrap();
    assert_eq!(reminders::round(db, "node-b", 3).await.unwrap(), None);
    let queued = reminders_queued(db).await;
    assert_eq!(sent, Some(queued.len()));
    let to = |email: &str| queued.iter().filter(|(t, _)| t == email).count();
    assert_eq!(to(&f.reviewer.email), 1, "{queued:?}");
    assert!(
        queued
            .iter()
            .any(|(t, s)| t == &f.reviewer.email && s.starts_with("Nhắc việc: chấm sáng kiến"))
    );
    assert_eq!(
        to(&f.reviewer2.email),
        1,
        "the council member's vote: {queued:?}"
    );
    assert_eq!(
        to(&f.secretary.email),
        1,
        "the entry due in two days: {queued:?}"
    );
    assert!(
        queued
            .iter()
            .any(|(t, s)| t == &f.secretary.email && s.contains("đến hạn trả kết quả"))
    );
    assert_eq!(to(&f.submitter.email), 0);

    // The holder runs again, as after a restart: nothing goes twice.
    assert_eq!(reminders::round(db, "node-a", 3).await.unwrap(), Some(0));
    // Node a stops; once its lease ran out, node b takes over and still sends nothing twice.
    domain::entities::lease::ActiveModel {
        name: Set(reminders::LEASE.into()),
        until: Set(time::now() - chrono::Duration::seconds(1)),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();
    assert_eq!(reminders::round(db, "node-b", 3).await.unwrap(), Some(0));
    assert_eq!(reminders::round(db, "node-a", 3).await.unwrap(), None);
    assert_eq!(reminders_queued(db).await.len(), queued.len());
    assert_eq!(
        reminder_sent::Entity::find().all(db).await.unwrap().len(),
        queued.len()
    );

    // Once the reviewer sends the sheet, the next reminder is for someone else only.
    let criteria = domain::catalog::criteria(db, f.open_campaign)
        .await
        .unwrap();
    let sheet: Vec<domain::review::ScoreInput> = criteria
        .iter()
        .map(|c| domain::review::ScoreInput {
            criterion_id: c.id,
            band: String::new(),
            points: (c.max_points / 2).to_string(),
            comment: "Nhận xét.".into(),
        })
        .collect();
    domain::review::submit_sheet(db, &f.reviewer, e.id, &sheet)
        .await
        .unwrap();
    let due = reminders::due(db, today, 3).await.unwrap();
    assert!(due.iter().all(|d| d.kind != "review"), "{due:?}");
}

#[tokio::test]
async fn a_filer_asked_for_corrections_is_reminded_before_the_month_runs_out() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let e = submit(&ctx, &f, "Hồ sơ cần bổ sung").await;
    domain::review::screening::screen(
        db,
        &f.secretary,
        &[e.id],
        &domain::review::screening::Screen::NeedsCorrection(
            types::Remark::parse("Bổ sung số liệu áp dụng thử.").unwrap(),
        ),
    )
    .await
    .unwrap();
    let today = time::local_date(time::now());
    // Asked today: due in a month, nothing yet.
    assert!(
        reminders::due(db, today, 3)
            .await
            .unwrap()
            .iter()
            .all(|d| d.kind != "correction")
    );
    // Two days before the month is out: the filer is reminded, once.
    let asked = time::now();
    let deadline = reminders::correction_due(asked);
    let then = deadline - chrono::Duration::days(2);
    assert_eq!(reminders::send_due(db, then, 3).await.unwrap(), 1);
    assert_eq!(reminders::send_due(db, then, 3).await.unwrap(), 0);
    let queued = reminders_queued(db).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].0, f.submitter.email);
    assert!(queued[0].1.contains("bổ sung hồ sơ"), "{queued:?}");
}
