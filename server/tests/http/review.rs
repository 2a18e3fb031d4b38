//! Review: the secretary's list searched by words, assigning reviewers (several at once, or
//! none), score sheets and who sees them when, conflicts of interest.
use crate::support::*;

#[tokio::test]
async fn the_secretary_searches_the_list_by_words_without_marks() {
    let app = TestApp::new().await;
    let author = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    for title in ["Bản đồ số du lịch cộng đồng", "Sổ tay hòa giải điện tử"]
    {
        let r = app
            .post_form(
                "/api/nop-sang-kien",
                &submission(&campaign, title, "40"),
                Some(&author),
            )
            .await;
        assert_eq!(r.status, StatusCode::FOUND, "{title}");
    }
    let sec = app.sign_in(&app.f.secretary.email).await;
    let page = app.get("/thu-ky?tu-khoa=so+tay+hoa+giai", Some(&sec)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sổ tay hòa giải điện tử"));
    assert!(!page.body.contains("Bản đồ số du lịch cộng đồng"));
    assert!(
        page.body.contains(r#"value="so tay hoa giai""#),
        "the words stay in the box"
    );
    let none = app.get("/thu-ky?tu-khoa=khong+co+dau", Some(&sec)).await;
    assert!(none.body.contains("Không có hồ sơ nào khớp với từ khóa"));
}

fn scores_form(
    id: i64,
    criteria: &[domain::catalog::CriterionInfo],
    points: [&str; 3],
    comment: &str,
) -> Vec<(String, String)> {
    let mut v = vec![("initiative_id".to_string(), id.to_string())];
    for (k, (c, p)) in criteria.iter().zip(points).enumerate() {
        v.push((format!("scores[{k}][criterion_id]"), c.id.to_string()));
        v.push((format!("scores[{k}][points]"), p.to_string()));
        v.push((format!("scores[{k}][comment]"), comment.to_string()));
    }
    v
}

#[tokio::test]
async fn reviewers_see_only_their_assignments_others_sheets_after_their_own_and_nothing_conflicted()
{
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let sec = app.f.secretary.clone();
    let free = app
        .file_entry("Phiếu khảo sát trực tuyến cho hộ nghèo", "xa_sop_cop")
        .await;
    let conflicted = app
        .file_entry("Số hóa sổ bộ thuế xã Mường Bám", "xa_muong_bam")
        .await;
    domain::review::screening::screen(
        db,
        &sec,
        &[free, conflicted],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    for r in [&app.f.reviewer, &app.f.reviewer2] {
        domain::review::assign(db, &sec, free, r.id).await.unwrap();
        domain::review::assign(db, &sec, conflicted, r.id)
            .await
            .unwrap();
    }
    // Both reviewers sit on the council; the second then moves to the commune of one entry.
    for r in [&app.f.reviewer, &app.f.reviewer2] {
        domain::council::set_member(
            db,
            &sec,
            app.f.open_campaign,
            r.id,
            types::CouncilRole::Expert,
        )
        .await
        .unwrap();
    }
    app.ctx.set_unit(app.f.reviewer2.id, "xa_muong_bam").await;
    let rev = app.sign_in("giamkhao@thu.nghiem.vn").await;
    let rev2 = app.sign_in("giamkhao2@thu.nghiem.vn").await;

    // The conflicted entry is nowhere for the second reviewer: queue, sheet, case page, panel,
    // ranking page and its CSV.
    let queue = app.get("/cham-diem", Some(&rev2)).await;
    assert!(
        queue
            .body
            .contains("Phiếu khảo sát trực tuyến cho hộ nghèo")
    );
    assert!(!queue.body.contains("Số hóa sổ bộ thuế"), "not in the list");
    assert!(queue.body.contains("0 / 1 chấm xong"), "not in the counts");
    for path in [
        format!("/cham-diem/{conflicted}"),
        format!("/ho-so/{conflicted}"),
        format!("/thu-ky/{conflicted}"),
    ] {
        assert_eq!(
            app.get(&path, Some(&rev2)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let criteria = domain::catalog::criteria(db, app.f.open_campaign)
        .await
        .unwrap();
    let post = scores_form(conflicted, &criteria, ["20", "20", "20"], "Nhận xét.");
    let r = app.post_form("/api/cham-diem", &post, Some(&rev2)).await;
    assert_ne!(r.location, "/cham-diem?da-gui=1", "cannot score it either");
    let panel = domain::council::deliberation::panel(db, &sec, conflicted)
        .await
        .unwrap();
    assert!(panel.sheets.iter().all(|s| s.total.is_none()));

    // Others' sheets stay hidden until one's own is submitted.
    let first = scores_form(
        free,
        &criteria,
        ["27", "30", "30"],
        "NHAN-XET-CUA-NGUOI-THU-NHAT",
    );
    let r = app.post_form("/api/cham-diem", &first, Some(&rev)).await;
    assert_eq!(r.location, "/cham-diem?da-gui=1");
    // One sheet of two: the ranking says "provisional", never a level yet (issue 19).
    let sec_session = app.sign_in("thuky@thu.nghiem.vn").await;
    let ranking = app
        .get(
            &format!("/thu-ky/dot/{}", app.f.open_campaign),
            Some(&sec_session),
        )
        .await;
    assert!(
        ranking.body.contains("Tạm tính, 1/2 phiếu"),
        "{}",
        ranking.body
    );
    assert!(!ranking.body.contains("Đạt mức đề nghị cấp tỉnh"));
    assert!(!ranking.body.contains("Đạt điểm sàn"));
    let before = app.get(&format!("/cham-diem/{free}"), Some(&rev2)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(!before.body.contains("NHAN-XET-CUA-NGUOI-THU-NHAT"));
    // Nor through the council panel while their own sheet is pending.
    assert_eq!(
        app.get(&format!("/thu-ky/{free}"), Some(&rev2))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A draft first: the server shows the running total without JavaScript.
    let mut second = scores_form(
        free,
        &criteria,
        ["20", "25", "25"],
        "Nhận xét của người thứ hai.",
    );
    second.push(("action".into(), "save".into()));
    let r = app.post_form("/api/cham-diem", &second, Some(&rev2)).await;
    assert_eq!(r.location, format!("/cham-diem/{free}?da-luu=1#phieu-cham"));
    let draft = app
        .get(&format!("/cham-diem/{free}?da-luu=1"), Some(&rev2))
        .await;
    assert!(
        draft
            .body
            .contains("Tổng điểm tạm tính (có hệ số): 70 / 100"),
        "running total"
    );
    assert!(!draft.body.contains("NHAN-XET-CUA-NGUOI-THU-NHAT"));
    second.pop();
    let r = app.post_form("/api/cham-diem", &second, Some(&rev2)).await;
    assert_eq!(r.location, "/cham-diem?da-gui=1");
    let after = app.get(&format!("/cham-diem/{free}"), Some(&rev2)).await;
    assert!(after.body.contains("NHAN-XET-CUA-NGUOI-THU-NHAT"));
    assert!(
        !after.body.contains("Trần Văn Chấm"),
        "anonymous: {}",
        after.body.len()
    );

    // The council page lists the free entry only, in the page and in the CSV.
    let page = app
        .get(&format!("/thu-ky/dot/{}", app.f.open_campaign), Some(&rev2))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Phiếu khảo sát trực tuyến"));
    assert!(!page.body.contains("Số hóa sổ bộ thuế"));
    assert!(page.body.contains("2/2"), "both sheets in");
    assert!(!page.body.contains("Tạm tính,"));
    let csv = app
        .get(
            &format!("/thu-ky/dot/{}/xep-hang.csv", app.f.open_campaign),
            Some(&rev2),
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("Phiếu khảo sát trực tuyến") && !csv.body.contains("Số hóa sổ bộ thuế")
    );
    // The secretary's CSV has both, starting with the header.
    let sec_s = app.sign_in("thuky@thu.nghiem.vn").await;
    let all = app
        .get(
            &format!("/thu-ky/dot/{}/xep-hang.csv", app.f.open_campaign),
            Some(&sec_s),
        )
        .await;
    assert!(all.body.contains("Hạng,Mã hồ sơ") && all.body.contains("Số hóa sổ bộ thuế"));
    // Someone outside the council gets nothing.
    let author = app.sign_in("tacgia@thu.nghiem.vn").await;
    assert_eq!(
        app.get(
            &format!("/thu-ky/dot/{}/xep-hang.csv", app.f.open_campaign),
            Some(&author)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

/// Issue 19, point 9: the secretary ticks several reviewers at once; all are assigned or none.
#[tokio::test]
async fn several_reviewers_are_assigned_at_once_or_none() {
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let id = app
        .file_entry("Bản đồ số các điểm du lịch cộng đồng", "phuong_to_hieu")
        .await;
    domain::review::screening::screen(
        db,
        &app.f.secretary,
        &[id],
        &domain::review::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let page = format!("/thu-ky/{id}");
    let panel = app.get(&page, Some(&sec)).await;
    // Issue 19, 12: the phases above read as the rest of the portal writes dates (dd/mm/yyyy);
    // the fixture's campaign is no practice campaign, so no note says every action is open.
    let phases = panel.body.split("class=\"phases\"").nth(1).unwrap();
    let phases = &phases[..phases.find("</ol>").unwrap()];
    let iso = phases.as_bytes().windows(10).any(|w| {
        w[4] == b'-'
            && w[7] == b'-'
            && w.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    });
    assert!(!iso, "{phases}");
    assert!(phases.contains("/20"), "{phases}");
    assert!(!panel.body.contains("Đợt thi đua mẫu"));
    // Both reviewers offered as boxes to tick, each with its unit and load.
    let boxes = panel.body.matches("name=\"reviewers[").count();
    assert_eq!(boxes, 4, "two rows of value and box: {}", panel.body);
    assert!(
        panel
            .body
            .contains("type=\"checkbox\" name=\"reviewers[0][on]\"")
    );
    let pick = |people: &[i64]| {
        let mut form = vec![("initiative_id".to_string(), id.to_string())];
        for (k, p) in people.iter().enumerate() {
            form.push((format!("reviewers[{k}][value]"), p.to_string()));
            form.push((format!("reviewers[{k}][on]"), "on".into()));
        }
        form
    };
    let assigned = || async {
        domain::council::deliberation::panel(db, &app.f.secretary, id)
            .await
            .unwrap()
            .sheets
            .len()
    };

    // None ticked: the error stands beside the group.
    let r = app
        .post_form("/api/phan-cong", &pick(&[]), Some(&sec))
        .await;
    assert!(
        r.location.starts_with(&format!("{page}?f=")),
        "{}",
        r.location
    );
    let back = app.get(&r.location, Some(&sec)).await;
    assert!(
        back.body.contains("id=\"f-reviewers-error\""),
        "{}",
        back.body
    );

    // One of the two is not a reviewer: nobody is assigned.
    let r = app
        .post_form(
            "/api/phan-cong",
            &pick(&[app.f.reviewer.id, app.f.other_submitter.id]),
            Some(&sec),
        )
        .await;
    assert!(
        r.location.starts_with(&format!("{page}?f=")),
        "{}",
        r.location
    );
    assert_eq!(assigned().await, 0);
    let back = app.get(&r.location, Some(&sec)).await;
    assert!(
        back.body.contains("Thao tác này không được phép"),
        "{}",
        back.body
    );
    // The last one checked is no one: the two reviewers checked before it are not kept either,
    // and the boxes come back as they were ticked.
    let r = app
        .post_form(
            "/api/phan-cong",
            &pick(&[app.f.reviewer.id, app.f.reviewer2.id, i64::MAX]),
            Some(&sec),
        )
        .await;
    assert!(
        r.location.starts_with(&format!("{page}?f=")),
        "{}",
        r.location
    );
    assert_eq!(assigned().await, 0);
    let back = app.get(&r.location, Some(&sec)).await;
    assert_eq!(
        back.body.matches("value=\"on\" checked").count(),
        2,
        "{}",
        back.body
    );
    // A value that is no number is refused as a whole.
    let mut forged = pick(&[app.f.reviewer.id]);
    forged.push(("reviewers[1][value]".into(), "hai".into()));
    forged.push(("reviewers[1][on]".into(), "on".into()));
    let r = app.post_form("/api/phan-cong", &forged, Some(&sec)).await;
    assert!(
        r.location.starts_with(&format!("{page}?f=")),
        "{}",
        r.location
    );
    assert_eq!(assigned().await, 0);

    // Both reviewers in one post.
    let r = app
        .post_form(
            "/api/phan-cong",
            &pick(&[app.f.reviewer.id, app.f.reviewer2.id]),
            Some(&sec),
        )
        .await;
    assert_eq!(r.location, format!("{page}?da-phan-cong=2#phan-cong"));
    assert_eq!(assigned().await, 2);
    let done = app.get(&r.location, Some(&sec)).await;
    assert!(done.body.contains("Đã phân công 2 người"), "{}", done.body);
    // Nobody left to offer: the form is gone.
    assert!(!done.body.contains("name=\"reviewers["));
}
