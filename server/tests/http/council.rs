//! The council: bulk screening, members, automatic assignment, phases, the vote, the decision
//! and the announcement, the rubric and its lock, the ranking, the audit check.
use crate::support::*;

#[tokio::test]
async fn the_council_works_through_plain_forms_from_screening_to_announcement() {
    use sea_orm::EntityTrait;
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let campaign = app.f.open_campaign;
    let c = campaign.to_string();
    let a = app
        .file_entry("Trợ lý ảo trả lời thủ tục hành chính", "phuong_to_hieu")
        .await;
    let b = app
        .file_entry("Kho học liệu số cho trường bản", "xa_van_ho")
        .await;
    let refused = app
        .file_entry("Ý tưởng chưa áp dụng thử", "xa_van_ho")
        .await;
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;

    // Bulk screening from the list: the boxes of a and b are ticked, the third is not.
    let list = app.get("/thu-ky?trang-thai=submitted", Some(&sec)).await;
    assert!(list.body.contains("Sơ loại các hồ sơ đã chọn"));
    let form = [
        ("ids[0][value]", a.to_string()),
        ("ids[0][on]", "on".to_string()),
        ("ids[1][value]", refused.to_string()),
        ("ids[2][value]", b.to_string()),
        ("ids[2][on]", "on".to_string()),
        ("action", "eligible".to_string()),
        ("back", "/thu-ky?trang-thai=submitted".to_string()),
    ];
    let form: Vec<(String, String)> = form
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let r = app.post_form("/api/so-loai", &form, Some(&sec)).await;
    assert_eq!(
        r.location,
        "/thu-ky?trang-thai=submitted&da-xu-ly=2&bo-qua=0"
    );
    // The list opens on what needs action (issue 19): the entry still to screen, not the two
    // screened ones (due in three months), with a count per tab; "Tất cả" has them all.
    let list = app.get("/thu-ky", Some(&sec)).await;
    assert!(list.body.contains("Cần xử lý (1)"), "{}", list.body);
    assert!(list.body.contains("Tất cả (3)"));
    assert!(list.body.contains("Đủ điều kiện (2)"));
    assert!(list.body.contains("Ý tưởng chưa áp dụng thử"));
    assert!(!list.body.contains("Trợ lý ảo trả lời thủ tục hành chính"));
    let current = list
        .body
        .split("aria-current=\"page\"")
        .nth(1)
        .unwrap_or_default();
    assert!(current.starts_with(">Cần xử lý"), "{current:.40}");
    let all = app.get("/thu-ky?trang-thai=tat-ca", Some(&sec)).await;
    for title in [
        "Ý tưởng chưa áp dụng thử",
        "Trợ lý ảo trả lời thủ tục hành chính",
        "Kho học liệu số cho trường bản",
    ] {
        assert!(all.body.contains(title), "{title}");
    }
    // Newest first.
    assert!(
        all.body.find("Ý tưởng chưa áp dụng thử").unwrap()
            < all
                .body
                .find("Trợ lý ảo trả lời thủ tục hành chính")
                .unwrap()
    );
    // A refusal with a template reason and words of the secretary's own.
    let refuse = [
        ("ids[0][value]", refused.to_string()),
        ("ids[0][on]", "on".to_string()),
        ("action", "refuse".to_string()),
        ("reasons[1][value]", "not_applied".to_string()),
        ("reasons[1][on]", "on".to_string()),
        ("reasons[2][value]", "lapsed".to_string()),
        ("note", "Chưa có biên bản áp dụng thử.".to_string()),
        ("back", format!("/thu-ky/{refused}")),
    ];
    let refuse: Vec<(String, String)> = refuse
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    app.post_form("/api/so-loai", &refuse, Some(&sec)).await;
    let v = domain::submission::initiatives::get_for(db, Some(&app.f.submitter), refused)
        .await
        .unwrap();
    assert_eq!(v.status, types::Status::Refused);
    let reasons = v.refusal_reasons.unwrap();
    assert!(
        reasons.contains("Chưa được áp dụng hoặc áp dụng thử") && !reasons.contains("quá một năm")
    );

    // Members are added by email; the council page shows them.
    for (email, role) in [
        ("quantri@thu.nghiem.vn", "chair"),
        ("giamkhao@thu.nghiem.vn", "expert"),
    ] {
        let r = app
            .post(
                "/api/thanh-vien-hd",
                &[
                    ("campaign_id", c.as_str()),
                    ("email", email),
                    ("role", role),
                ],
                Some(&sec),
            )
            .await;
        assert_eq!(r.location, format!("/thu-ky/dot/{campaign}#hoi-dong"));
    }
    let r = app
        .post(
            "/api/thanh-vien-hd",
            &[
                ("campaign_id", c.as_str()),
                ("email", "khong-co@thu.nghiem.vn"),
                ("role", "member"),
            ],
            Some(&sec),
        )
        .await;
    let page = app.get(&r.location, Some(&sec)).await;
    assert!(
        page.body.contains("Giá trị không có trong danh mục"),
        "unknown account"
    );

    // Automatic assignment: previewed, then applied as shown.
    let mut s = domain::council::settings(db, campaign).await.unwrap();
    s.reviewers_per_entry = 2;
    domain::council::update_settings(db, &app.f.secretary, campaign, s)
        .await
        .unwrap();
    let preview = app
        .get(
            &format!("/thu-ky/dot/{campaign}?xem=1&toi-da=5"),
            Some(&sec),
        )
        .await;
    assert!(
        preview.body.contains("Đề xuất 4 phân công mới"),
        "two entries × two reviewers"
    );
    assert!(
        domain::entities::assignment::Entity::find()
            .all(db)
            .await
            .unwrap()
            .is_empty()
    );
    let mut pairs = vec![
        ("campaign_id".to_string(), c.clone()),
        ("cap".to_string(), "5".to_string()),
    ];
    for (k, part) in preview.body.split("name=\"pairs[").skip(1).enumerate() {
        let value = part
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        pairs.push((format!("pairs[{k}]"), value.to_string()));
    }
    assert_eq!(pairs.len(), 6);
    let r = app
        .post_form("/api/ap-dung-phan-cong", &pairs, Some(&sec))
        .await;
    assert_eq!(
        r.location,
        format!("/thu-ky/dot/{campaign}?da-phan-cong=4#phan-cong")
    );
    assert_eq!(
        domain::entities::assignment::Entity::find()
            .all(db)
            .await
            .unwrap()
            .len(),
        4
    );

    // Phases are dates: closing the vote phase refuses the vote with a message naming it.
    let today = domain::time::local_date(domain::time::now());
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let r = app
        .post(
            "/api/giai-doan",
            &[
                ("campaign_id", c.as_str()),
                ("phase", "vote"),
                ("starts_on", &day(today - chrono::Duration::days(20))),
                ("ends_on", &day(today - chrono::Duration::days(1))),
            ],
            Some(&sec),
        )
        .await;
    assert_eq!(r.location, format!("/thu-ky/dot/{campaign}#giai-doan"));
    // Dates read as dd/mm/yyyy where they are not inputs (the submission phase), never as ISO.
    let page = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    let cells: Vec<&str> = page
        .body
        .split("<td>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    let is_day =
        |c: &str, sep: char| c.len() == 10 && c.chars().filter(|ch| *ch == sep).count() == 2;
    assert!(cells.iter().any(|c| is_day(c, '/')), "{cells:?}");
    assert!(!cells.iter().any(|c| is_day(c, '-')), "{cells:?}");
    let chair = app.sign_in("quantri@thu.nghiem.vn").await;
    let a_s = a.to_string();
    let vote = [
        ("initiative_id", a_s.as_str()),
        ("choice", "agree"),
        ("confirm", "on"),
    ];
    let r = app.post("/api/bieu-quyet", &vote, Some(&chair)).await;
    let page = app.get(&r.location, Some(&chair)).await;
    assert!(
        page.body.contains("trong giai đoạn «Biểu quyết»"),
        "phase named"
    );
    app.post(
        "/api/giai-doan",
        &[
            ("campaign_id", c.as_str()),
            ("phase", "vote"),
            ("starts_on", &day(today - chrono::Duration::days(20))),
            ("ends_on", &day(today + chrono::Duration::days(20))),
        ],
        Some(&sec),
    )
    .await;
    // The chair and the expert vote: two of two.
    app.post("/api/bieu-quyet", &vote, Some(&chair)).await;
    let expert = app.sign_in("giamkhao@thu.nghiem.vn").await;
    let r = app.post("/api/bieu-quyet", &vote, Some(&expert)).await;
    assert_eq!(
        r.location,
        format!("/thu-ky/{a}#bieu-quyet"),
        "the expert is not conflicted"
    );
    let panel = app.get(&format!("/thu-ky/{a}"), Some(&sec)).await;
    assert!(
        panel
            .body
            .contains("Đồng ý 2, không đồng ý 0 trên 2 thành viên"),
        "tally"
    );
    let decision = [
        ("initiative_id", a_s.as_str()),
        ("outcome", "recognised"),
        ("level", "co_so"),
        ("reasons", ""),
        ("decision_no", "3/QĐ-HĐSK"),
        ("award", "Giấy khen"),
        ("comment", "Trợ lý ảo giúp người dân tra cứu nhanh."),
        ("confirm", "on"),
    ];
    // A confirmation box sent empty is not ticked: the decision waits.
    let mut unticked = decision.to_vec();
    unticked.retain(|(k, _)| *k != "confirm");
    unticked.push(("confirm", ""));
    let r = app.post("/api/quyet-dinh", &unticked, Some(&sec)).await;
    let page = app.get(&r.location, Some(&sec)).await;
    assert!(
        page.body.contains("Vui lòng đánh dấu vào ô này"),
        "an empty confirm is no confirmation"
    );
    let r = app.post("/api/quyet-dinh", &decision, Some(&sec)).await;
    assert_eq!(r.location, format!("/thu-ky/{a}#quyet-dinh"));
    // The announcement publishes it; the public detail page shows the scorecard's comment.
    let page = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    assert!(page.body.contains("Quyết định chờ công bố: 1"));
    let r = app
        .post("/api/cong-bo", &[("campaign_id", c.as_str())], Some(&sec))
        .await;
    let page = app.get(&r.location, Some(&sec)).await;
    assert!(
        page.body.contains("Vui lòng đánh dấu vào ô này"),
        "confirmation needed"
    );
    let r = app
        .post(
            "/api/cong-bo",
            &[("campaign_id", c.as_str()), ("confirm", "on")],
            Some(&sec),
        )
        .await;
    assert_eq!(
        r.location,
        format!("/thu-ky/dot/{campaign}?da-cong-bo=1#cong-bo")
    );
    app.index().await;
    let detail = app.get(&format!("/sang-kien/{a}"), None).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("Bảng điểm của Hội đồng"));
    assert!(
        detail
            .body
            .contains("Trợ lý ảo giúp người dân tra cứu nhanh.")
    );
    let api = app.get(&format!("/api/v1/initiatives/{a}"), None).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        json["scorecard"]["comment"],
        "Trợ lý ảo giúp người dân tra cứu nhanh."
    );
    assert_eq!(json["scorecard"]["criteria"].as_array().unwrap().len(), 3);
    for name in ["Trần Văn Chấm", "Vì Thị Điểm", "Đỗ Văn Trị"] {
        assert!(
            !api.body.contains(name) && !detail.body.contains(name),
            "no reviewer named"
        );
    }
    // Audit check for admins.
    let admin_page = app.get("/quan-tri", Some(&chair)).await;
    assert!(admin_page.body.contains("href=\"/quan-tri/nhat-ky\""));
    let audit = app.get("/quan-tri/nhat-ky?kiem-tra=1", Some(&chair)).await;
    assert!(audit.body.contains("Nhật ký toàn vẹn"), "{}", audit.status);
    assert_eq!(
        app.get("/quan-tri/nhat-ky", Some(&sec)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_secretary_edits_the_rubric_until_the_first_sheet_is_in() {
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let campaign = app.f.open_campaign;
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let page = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    assert!(page.body.contains("Sửa bộ tiêu chí"));
    let criteria = domain::catalog::criteria(db, campaign).await.unwrap();
    let row = |k: usize, c: &domain::catalog::CriterionInfo, weight: &str, bands: &str| {
        vec![
            (format!("criteria[{k}][code]"), c.code.clone()),
            (format!("criteria[{k}][name]"), c.name.clone()),
            (
                format!("criteria[{k}][max_points]"),
                c.max_points.to_string(),
            ),
            (format!("criteria[{k}][weight]"), weight.to_string()),
            (
                format!("criteria[{k}][comment_rule]"),
                "below:50".to_string(),
            ),
            (format!("criteria[{k}][bands]"), bands.to_string()),
        ]
    };
    let mut form = vec![("campaign_id".to_string(), campaign.to_string())];
    form.extend(row(
        0,
        &criteria[0],
        "1",
        "27-30: Hoàn toàn mới\nkhông phải một mức",
    ));
    form.extend(row(1, &criteria[1], "1,5", ""));
    form.extend(row(2, &criteria[2], "1", ""));
    // A blank fourth row is ignored.
    form.push(("criteria[3][code]".into(), String::new()));
    form.push(("criteria[3][name]".into(), String::new()));
    let r = app.post_form("/api/bo-tieu-chi", &form, Some(&sec)).await;
    let refused = app.get(&r.location, Some(&sec)).await;
    assert!(
        refused.body.contains("Tiêu chí 1 – Các mức điểm"),
        "error named by row"
    );
    assert!(
        refused.body.contains("không phải một mức"),
        "typed text kept"
    );
    form[6].1 = "27-30: Hoàn toàn mới\n21–26: Cải tiến tốt".into();
    let r = app.post_form("/api/bo-tieu-chi", &form, Some(&sec)).await;
    assert_eq!(
        r.location,
        format!("/thu-ky/dot/{campaign}?bo-tieu-chi=2#tieu-chi")
    );
    let now = domain::catalog::criteria(db, campaign).await.unwrap();
    assert_eq!(now[1].weight, 1.5);
    assert_eq!(now[0].bands.len(), 2);
    assert_eq!(now[0].comment_rule, types::CommentRule::BelowPercent(50));

    // Once a sheet is submitted the form is gone and a forged post is refused.
    let id = app
        .file_entry("Sổ tay chuyển đổi số cho tổ dân phố", "phuong_to_hieu")
        .await;
    domain::review::screening::screen(
        db,
        &app.f.secretary,
        &[id],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    domain::review::assign(db, &app.f.secretary, id, app.f.reviewer.id)
        .await
        .unwrap();
    let input: Vec<domain::review::ScoreInput> = now
        .iter()
        .map(|c| domain::review::ScoreInput {
            criterion_id: c.id,
            band: String::new(),
            points: "28".into(),
            comment: String::new(),
        })
        .collect();
    domain::review::submit_sheet(db, &app.f.reviewer, id, &input)
        .await
        .unwrap();
    let page = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    assert!(!page.body.contains("Sửa bộ tiêu chí"));
    assert!(page.body.contains("Bộ tiêu chí đã khóa"));
    let r = app.post_form("/api/bo-tieu-chi", &form, Some(&sec)).await;
    let refused = app.get(&r.location, Some(&sec)).await;
    assert!(refused.body.contains("dữ liệu đã thay đổi"), "locked");

    // A decision dated tomorrow is refused next to the date.
    domain::council::set_member(
        db,
        &app.f.secretary,
        campaign,
        app.f.admin.id,
        types::CouncilRole::Chair,
    )
    .await
    .unwrap();
    domain::council::deliberation::cast_vote(db, &app.f.admin, id, true)
        .await
        .unwrap();
    let tomorrow = (domain::time::local_date(domain::time::now()) + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let id_s = id.to_string();
    let decision = [
        ("initiative_id", id_s.as_str()),
        ("outcome", "recognised"),
        ("level", "co_so"),
        ("decided_on", tomorrow.as_str()),
        ("confirm", "on"),
    ];
    let r = app.post("/api/quyet-dinh", &decision, Some(&sec)).await;
    let page = app.get(&r.location, Some(&sec)).await;
    assert!(page.body.contains("Ngày quyết định: "), "{}", r.location);
}

/// Issue 19, 12: the demo campaign's phases follow one another as in a real campaign (not every
/// one "đang diễn ra" at once), in dd/mm/yyyy, and a note says every action stays open there.
#[tokio::test]
async fn the_demo_campaign_shows_a_real_timeline_and_says_it_is_for_practice() {
    let app = TestApp::with_demo().await;
    let sec = app
        .sign_in_with("thuky@sangkien.local", "SonLa-ThuKy-2026")
        .await;
    let campaign = domain::catalog::campaigns(&app.ctx.services.db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.practice)
        .expect("the demo's current campaign practises");
    let page = app
        .get(&format!("/thu-ky/dot/{}", campaign.id), Some(&sec))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Đợt thi đua mẫu để dùng thử"),
        "{}",
        page.body
    );
    let phases = page.body.split("id=\"giai-doan\"").nth(1).unwrap();
    let phases = &phases[..phases.find("</table>").unwrap()];
    assert_eq!(
        phases.matches("đang diễn ra").count(),
        2,
        "submission and screening only: {phases}"
    );
    assert!(phases.contains(">01/01/"), "dd/mm/yyyy: {phases}");
    // The same phases drawn to scale (issue 21): one bar each, the two under way marked, today's
    // line on every track, hidden from screen readers (the table says it in words).
    let drawing = page
        .body
        .split("class=\"timeline\"")
        .nth(1)
        .expect("the timeline");
    let drawing = &drawing[..drawing.find("</section>").unwrap()];
    let tag = page
        .body
        .split("<div")
        .find(|t| t.contains("class=\"timeline\""))
        .unwrap();
    assert!(
        tag[..tag.find('>').unwrap()].contains("aria-hidden=\"true\""),
        "{tag}"
    );
    assert_eq!(drawing.matches("<rect").count(), 5, "{drawing}");
    assert_eq!(drawing.matches("timeline-open").count(), 2, "{drawing}");
    assert_eq!(drawing.matches("timeline-today").count(), 5, "{drawing}");
    // Bars start where their phase starts: filing at the left edge.
    assert!(drawing.contains("x=\"0.0\""), "{drawing}");
}

#[tokio::test]
async fn the_campaign_dashboard_shows_progress_and_deadlines_to_its_staff_only() {
    use domain::entities::{campaign_phase, initiative};
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let campaign = app.f.open_campaign;
    let page = format!("/thu-ky/dot/{campaign}/tong-quan");
    let scored = app
        .file_entry("Sổ tay điện tử cho cán bộ bản", "xa_muong_bam")
        .await;
    let waiting = app
        .file_entry("Chợ phiên trực tuyến của bản", "xa_muong_lan")
        .await;
    domain::review::screening::screen(
        db,
        &app.f.secretary,
        &[scored],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    domain::review::assign(db, &app.f.secretary, scored, app.f.reviewer.id)
        .await
        .unwrap();
    // The review phase ended yesterday; the other entry is due in five days.
    let now = domain::time::now();
    campaign_phase::Entity::update_many()
        .col_expr(
            campaign_phase::Column::EndsAt,
            sea_orm::sea_query::Expr::value(now - chrono::Duration::days(1)),
        )
        .filter(campaign_phase::Column::CampaignId.eq(campaign))
        .filter(campaign_phase::Column::Phase.eq("review"))
        .exec(db)
        .await
        .unwrap();
    let m = initiative::Entity::find_by_id(waiting)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut am: initiative::ActiveModel = m.into();
    am.due_on = Set(Some(
        domain::time::local_date(now) + chrono::Duration::days(5),
    ));
    am.update(db).await.unwrap();

    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let council = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    assert!(council.body.contains(&page), "linked from the council page");
    let r = app.get(&page, Some(&sec)).await;
    assert_eq!(r.status, StatusCode::OK);
    // Per status: one accepted, one filed.
    assert!(
        r.body
            .contains("<th scope=\"row\">Đã nộp</th><td class=\"num\">1</td>"),
        "{}",
        r.body
    );
    // The reviewer's progress, the overdue sheet, the entry near its due date.
    assert!(
        r.body.contains("Trần Văn Chấm: đã nộp 0/1 phiếu") || r.body.contains("đã nộp 0/1 phiếu")
    );
    assert!(
        r.body.contains("chưa nộp phiếu, quá hạn 1 ngày"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Chợ phiên trực tuyến của bản"));
    assert!(r.body.contains("còn 5 ngày"));
    // Filings per day: the chart and its table.
    assert!(r.body.contains("class=\"chart day-chart\""), "{}", r.body);
    assert!(r.body.contains("Bảng số hồ sơ nộp theo ngày"));

    let filer = app.sign_in("tacgia@thu.nghiem.vn").await;
    assert_eq!(
        app.get(&page, Some(&filer)).await.status,
        StatusCode::NOT_FOUND
    );
}
