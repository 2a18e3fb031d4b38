//! A campaign's summing-up: the figures per unit, pillar, sector and level with the units ranked;
//! the proposals for commendation built by the secretariat's rules from what the announcement made
//! public, edited, then issued and frozen; its workbook and report read back; who may.
use super::documents::{TITLE, assert_inside_the_page, number, open, pdf_text, recognised, text};
use super::support::*;
use calamine::Reader;
use domain::Error;
use domain::documents::Progress;
use domain::documents::summing::{self, ProposalKind};
use domain::entities::initiative;
use domain::testing::{Fixture, TestContext};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use types::{FieldError, Level, ValidProposal, ValidRules};

/// Files an entry for `unit` and records it as recognised at `level` (as an imported record).
async fn recognised_at(
    ctx: &TestContext,
    f: &Fixture,
    title: &str,
    unit: &str,
    level: Level,
) -> i64 {
    let id = file(ctx, f, title, unit).await;
    let db = &ctx.services.db;
    let m = initiative::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut am: initiative::ActiveModel = m.into();
    am.status = Set("recognised".into());
    am.level = Set(Some(level.code().into()));
    am.decision_no = Set(Some("45/QĐ-SKHCN".into()));
    am.decided_on = Set(chrono::NaiveDate::from_ymd_opt(2026, 11, 20));
    am.update(db).await.unwrap();
    id
}

/// The fixture's campaign with four filed entries: at Mường Bám one recognised at provincial
/// level through the council (published), one at unit level, one not decided; at Mường Lạn one
/// at unit level.
async fn campaign_with_results(ctx: &TestContext, f: &Fixture) -> (i64, i64, i64) {
    let provincial = recognised(ctx, f, TITLE, true).await;
    let local = recognised_at(
        ctx,
        f,
        "Sổ tay điện tử cho cán bộ một cửa",
        "xa_muong_bam",
        Level::CoSo,
    )
    .await;
    file(ctx, f, "Chợ phiên trực tuyến của bản", "xa_muong_bam").await;
    let other = recognised_at(
        ctx,
        f,
        "Bản đồ số các điểm du lịch cộng đồng",
        "xa_muong_lan",
        Level::CoSo,
    )
    .await;
    (provincial, local, other)
}

#[tokio::test]
async fn the_summing_up_counts_ranks_and_proposes_by_the_rules_until_issued() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    let (provincial, local, _) = campaign_with_results(&ctx, &f).await;
    let c = f.open_campaign;

    let s = summing::view(db, &f.secretary, c).await.unwrap();
    assert_eq!((s.filed, s.recognised), (4, 3));
    let units: Vec<(Option<u32>, &str, u32, u32, u32)> = s
        .by_unit
        .iter()
        .map(|t| (t.rank, t.key.as_str(), t.filed, t.recognised, t.provincial))
        .collect();
    assert_eq!(
        units,
        [
            (Some(1), "Xã Mường Bám", 3, 2, 1),
            (Some(2), "Xã Mường Lạn", 1, 1, 0)
        ]
    );
    let levels: Vec<(&str, u32)> = s
        .by_level
        .iter()
        .map(|t| (t.key.as_str(), t.recognised))
        .collect();
    assert_eq!(levels, [("co_so", 2), ("cap_tinh", 1)]);
    assert_eq!(s.rules, ValidRules::DEFAULT);
    assert!(s.proposals.is_empty() && s.built_at.is_none());

    // Nothing to issue before the list is built.
    let e = summing::issue(db, &f.secretary, c).await.unwrap_err();
    assert_eq!(field_error(e, "form"), FieldError::NothingToIssue);

    // The defaults: both authors of the provincial initiative, no unit (three needed).
    assert_eq!(summing::build(db, &f.secretary, c, false).await.unwrap(), 2);
    let s = summing::view(db, &f.secretary, c).await.unwrap();
    let names: Vec<(&str, &str)> = s
        .proposals
        .iter()
        .map(|p| (p.name.as_str(), p.award.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Lò Văn Tác", "Chiến sĩ thi đua cấp tỉnh"),
            ("Quàng Thị Hợp", "Chiến sĩ thi đua cấp tỉnh")
        ]
    );

    // Stricter for people, looser for units: a share of 50 % or more; two initiatives per unit.
    let rules = ValidRules {
        individual_share_tenths: 500,
        collective_count: 2,
        ..ValidRules::DEFAULT
    };
    summing::save_rules(db, &f.secretary, c, &rules)
        .await
        .unwrap();
    assert_eq!(summing::build(db, &f.secretary, c, true).await.unwrap(), 2);
    let s = summing::view(db, &f.secretary, c).await.unwrap();
    assert_eq!(s.rules, rules);
    let unit = &s.proposals[0];
    assert_eq!(unit.kind, ProposalKind::Collective);
    assert_eq!(unit.name, "Xã Mường Bám");
    assert_eq!(unit.award, "Bằng khen của Chủ tịch UBND tỉnh");
    let mut on: Vec<i64> = unit.basis.iter().map(|b| b.initiative_id).collect();
    on.sort();
    assert_eq!(on, [provincial.min(local), provincial.max(local)]);
    let person = &s.proposals[1];
    assert_eq!(
        (person.kind, person.name.as_str()),
        (ProposalKind::Individual, "Lò Văn Tác")
    );
    assert_eq!(person.basis.len(), 1);
    let b = &person.basis[0];
    assert_eq!((b.initiative_id, b.share_tenths), (provincial, Some(700)));
    assert_eq!(b.title, TITLE);
    assert_eq!(b.level.as_deref(), Some("cap_tinh"));
    assert_eq!(b.decision_no.as_deref(), Some("123/QĐ-UBND"));

    // Edited, one struck out, then issued.
    let edit = ValidProposal {
        award: "Bằng khen của Chủ tịch UBND tỉnh".into(),
        note: Some("Đề nghị kèm hồ sơ Lao động tiên tiến 2026.".into()),
    };
    assert_eq!(
        summing::edit_proposal(db, &f.secretary, person.id, &edit)
            .await
            .unwrap(),
        c
    );
    // Not by someone who is not the campaign's staff.
    for who in [&f.reviewer, &f.submitter] {
        assert!(matches!(
            summing::view(db, who, c).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            summing::build(db, who, c, true).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            summing::edit_proposal(db, who, person.id, &edit).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            summing::remove_proposal(db, who, unit.id).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            summing::issue(db, who, c).await,
            Err(Error::NotFound)
        ));
    }
    summing::remove_proposal(db, &f.secretary, unit.id)
        .await
        .unwrap();
    summing::issue(db, &f.secretary, c).await.unwrap();
    let s = summing::view(db, &f.secretary, c).await.unwrap();
    assert!(s.issued_at.is_some());
    assert_eq!(s.issued_by.as_deref(), Some(f.secretary.full_name.as_str()));
    assert_eq!(s.proposals.len(), 1);
    assert_eq!(s.proposals[0].award, edit.award);
    assert_eq!(s.proposals[0].note, edit.note);

    // Frozen: nothing changes it any more.
    let frozen = |e: Error| assert_eq!(field_error(e, "form"), FieldError::AlreadyIssued);
    frozen(summing::build(db, &f.secretary, c, true).await.unwrap_err());
    frozen(
        summing::save_rules(db, &f.secretary, c, &ValidRules::DEFAULT)
            .await
            .unwrap_err(),
    );
    frozen(
        summing::edit_proposal(db, &f.secretary, person.id, &edit)
            .await
            .unwrap_err(),
    );
    frozen(
        summing::remove_proposal(db, &f.secretary, person.id)
            .await
            .unwrap_err(),
    );
    frozen(summing::issue(db, &f.secretary, c).await.unwrap_err());
    assert_eq!(
        summing::view(db, &f.secretary, c)
            .await
            .unwrap()
            .proposals
            .len(),
        1
    );

    // Each change is in the audit chain.
    use domain::entities::audit_log;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.is_in(["summing_up", "commendation"]))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions,
        ["build", "rules", "build", "edit", "remove", "issue"]
    );
}

#[tokio::test]
async fn the_summing_up_workbook_and_report_read_back() {
    let (ctx, f) = setup().await;
    let db = &ctx.services.db;
    campaign_with_results(&ctx, &f).await;
    let c = f.open_campaign;
    summing::build(db, &f.secretary, c, true).await.unwrap();

    let bytes = summing::workbook_of(db, &f.secretary, c, &Progress::default())
        .await
        .unwrap();
    let mut book = open(&bytes);
    let units = book.worksheet_range("Theo đơn vị").unwrap();
    assert_eq!(text(units.get_value((0, 1))), "Đơn vị");
    assert_eq!(number(units.get_value((1, 0))), 1.0);
    assert_eq!(text(units.get_value((1, 1))), "Xã Mường Bám");
    assert_eq!(
        [2, 3, 4].map(|col| number(units.get_value((1, col)))),
        [3.0, 2.0, 1.0]
    );
    let pillars = book.worksheet_range("Theo trụ cột").unwrap();
    assert_eq!(text(pillars.get_value((1, 0))), "Chính quyền số");
    assert_eq!(number(pillars.get_value((1, 1))), 4.0);
    let proposals = book.worksheet_range("Đề nghị khen thưởng").unwrap();
    assert_eq!(proposals.height(), 3, "a header and two people");
    assert_eq!(text(proposals.get_value((1, 1))), "Cá nhân");
    assert_eq!(text(proposals.get_value((1, 2))), "Lò Văn Tác");
    assert_eq!(
        text(proposals.get_value((1, 4))),
        "Chiến sĩ thi đua cấp tỉnh"
    );
    let basis = text(proposals.get_value((1, 5)));
    assert!(basis.contains(TITLE), "{basis}");
    assert!(
        basis.contains("123/QĐ-UBND") && basis.contains("70%"),
        "{basis}"
    );

    let pdf = summing::report_of(db, &f.secretary, c, &Progress::default())
        .await
        .unwrap();
    let words = pdf_text(&pdf.bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "BÁO CÁO TỔNG KẾT PHONG TRÀO THI ĐUA",
        "Đợt thử nghiệm đang mở",
        "Dự thảo: danh sách đề nghị khen thưởng chưa ban hành",
        "Đợt thi đua đã tiếp nhận 4 sáng kiến, giải pháp của 2 đơn vị; 3 sáng kiến được công nhận.",
        "Xã Mường Bám",
        "Xã Mường Lạn",
        "Lò Văn Tác",
        "Quàng Thị Hợp",
        "Chiến sĩ thi đua cấp tỉnh",
        "Không có đề nghị nào.",
    ] {
        assert!(words.contains(expected), "{expected:?} not in {words}");
    }
    assert_inside_the_page(&pdf.bytes, 0.04);

    // A secretary who moved into Mường Bám is in conflict with its entries: the proposals resting
    // on them are not theirs to change; an administrator without a conflict changes them.
    ctx.set_unit(f.secretary.id, "xa_muong_bam").await;
    let s = summing::view(db, &f.secretary, c).await.unwrap();
    assert!(s.proposals.iter().all(|p| p.conflicted));
    let edit = ValidProposal {
        award: "Bằng khen của Chủ tịch UBND tỉnh".into(),
        note: None,
    };
    let first = s.proposals[0].id;
    assert!(matches!(
        summing::edit_proposal(db, &f.secretary, first, &edit).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        summing::remove_proposal(db, &f.secretary, first).await,
        Err(Error::NotFound)
    ));
    // Nor by building the list again, which would replace them.
    let e = summing::build(db, &f.secretary, c, true).await.unwrap_err();
    assert_eq!(
        field_error(e, "confirm-build"),
        FieldError::ConflictOfInterest
    );
    let s = summing::view(db, &f.admin, c).await.unwrap();
    assert!(s.proposals.iter().all(|p| !p.conflicted));
    summing::edit_proposal(db, &f.admin, first, &edit)
        .await
        .unwrap();

    // For the campaign's staff only.
    for who in [&f.reviewer, &f.submitter] {
        assert!(matches!(
            summing::workbook_of(db, who, c, &Progress::default()).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            summing::report_of(db, who, c, &Progress::default()).await,
            Err(Error::NotFound)
        ));
    }
}
