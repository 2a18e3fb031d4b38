//! The audit chain: it verifies, and points at an altered, missing or truncated record.
use crate::support::{eligible, file, setup, sheet};
use domain::audit::{self, Problem, Verdict};
use domain::testing::{Fixture, TestContext};
use domain::{catalog, review};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

async fn audited_activity(ctx: &TestContext, f: &Fixture) {
    let db = &ctx.services.db;
    let id = file(ctx, f, "Phần mềm quản lý kho thuốc", "bv_da_khoa_tinh").await;
    eligible(ctx, f, &[id]).await;
    review::assign(db, &f.secretary, id, f.reviewer.id)
        .await
        .unwrap();
    review::assign(db, &f.secretary, id, f.reviewer2.id)
        .await
        .unwrap();
    let criteria = catalog::criteria(db, f.open_campaign).await.unwrap();
    let comments = [
        "Mới trong ngành y tế tỉnh.",
        "Áp dụng được ở các bệnh viện huyện.",
        "Giảm tồn kho.",
    ];
    review::submit_sheet(
        db,
        &f.reviewer,
        id,
        &sheet(&criteria, &["27", "30", "30"], &comments),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_audit_chain_verifies_and_points_at_a_tampered_record() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    audited_activity(&ctx, &f).await;
    let Verdict::Intact { records } = audit::verify(db).await.unwrap() else {
        panic!("fresh chain is intact")
    };
    assert!(
        records >= 4,
        "screening, two assignments, a sheet: {records}"
    );
    // The sheet's history names what was submitted.
    let sheet_rows = domain::entities::audit_log::Entity::find()
        .filter(domain::entities::audit_log::Column::Entity.eq("score_sheet"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(sheet_rows.len(), 1);
    let history = audit::history(db, audit::Entity::ScoreSheet, sheet_rows[0].entity_id)
        .await
        .unwrap();
    assert_eq!(history[0].action, "submit");
    assert!(
        history[0]
            .after
            .as_deref()
            .unwrap()
            .contains("Giảm tồn kho.")
    );

    // Someone edits the sheet's record in the database directly.
    let target = sheet_rows[0].id;
    db.execute_unprepared(&format!(
        "UPDATE audit_log SET after = REPLACE(after, '27', '30') WHERE id = {target}"
    ))
    .await
    .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: target,
            problem: Problem::Altered
        }
    );
}

#[tokio::test]
async fn removing_records_from_the_middle_or_the_end_of_the_chain_is_detected() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    audited_activity(&ctx, &f).await;
    let Verdict::Intact { records } = audit::verify(db).await.unwrap() else {
        panic!("intact")
    };
    db.execute_unprepared(&format!("DELETE FROM audit_log WHERE id = {records}"))
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: records,
            problem: Problem::Truncated
        }
    );
    db.execute_unprepared("DELETE FROM audit_log WHERE id = 2")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: 3,
            problem: Problem::Missing
        }
    );
    // Renumbering to hide the gap breaks the links instead.
    db.execute_unprepared("UPDATE audit_log SET id = 2 WHERE id = 3")
        .await
        .unwrap();
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Verdict::Broken {
            record_id: 2,
            problem: Problem::Altered
        }
    );
}
