//! Journeys: long scenarios that walk through several areas in one test (filing and its receipt,
//! screening, assignment, scoring, vote, decision, announcement, then the public pages and API).
use crate::support::*;

#[tokio::test]
async fn the_whole_journey_through_forms_and_the_public_api() {
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let author = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();

    // Submit → receipt.
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(&campaign, "Chuyển đổi số hồ sơ điện tử cấp bản", "40"),
            Some(&author),
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(
        r.location.starts_with("/ho-so/") && r.location.ends_with("?bien-nhan=1"),
        "{}",
        r.location
    );
    let id = filed_id(&r.location);
    let receipt = app.get(&r.location, Some(&author)).await;
    let year = domain::time::case_year(domain::time::now());
    assert!(receipt.body.contains(&format!("SK-{year}-0001")));
    assert!(receipt.body.contains("Ngày hẹn trả kết quả"));
    // What happens next, by when, and whom to contact: the campaign's secretary (issue 19).
    let due = domain::time::format_date(domain::time::due_date(domain::time::now()));
    assert!(receipt.body.contains("Các bước tiếp theo"));
    assert!(
        receipt
            .body
            .contains(&format!("Kết quả được trả lời trước ngày {due}"))
    );
    let contacts = receipt
        .body
        .split("class=\"contacts\"")
        .nth(1)
        .unwrap_or_default();
    let contacts = contacts.split("</ul>").next().unwrap_or_default();
    assert!(
        contacts.contains("Hà Thị Thư") && contacts.contains("href=\"mailto:thuky@thu.nghiem.vn\""),
        "{contacts}"
    );
    // Not public yet, to anyone.
    assert_eq!(
        app.get(&format!("/sang-kien/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/initiatives/{id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    assert_eq!(
        app.get(&format!("/ho-so/{id}"), Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );

    // A submitter cannot assign reviewers.
    let reviewer_id = app.f.reviewer.id.to_string();
    app.post(
        "/api/phan-cong",
        &[
            ("initiative_id", &id.to_string()),
            ("reviewers[0][value]", &reviewer_id),
            ("reviewers[0][on]", "on"),
        ],
        Some(&author),
    )
    .await;
    assert!(
        domain::council::deliberation::panel(db, &app.f.secretary, id)
            .await
            .unwrap()
            .sheets
            .is_empty()
    );

    // Assigning needs screening first; the secretary marks it eligible from its panel.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(panel.body.contains("Đánh dấu đủ điều kiện"));
    let r = app
        .post(
            "/api/so-loai",
            &[
                ("ids[0][value]", id.to_string().as_str()),
                ("ids[0][on]", "on"),
                ("action", "eligible"),
                ("back", &format!("/thu-ky/{id}")),
            ],
            Some(&sec),
        )
        .await;
    assert_eq!(r.location, format!("/thu-ky/{id}?da-xu-ly=1&bo-qua=0"));
    // The secretary assigns a reviewer, each offered with their unit and open sheets (issue 19).
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(
        panel
            .body
            .contains("Trần Văn Chấm – chưa khai đơn vị – đang chấm 0 hồ sơ"),
        "{}",
        panel.body
    );
    let r = app
        .post(
            "/api/phan-cong",
            &[
                ("initiative_id", &id.to_string()),
                ("reviewers[0][value]", &reviewer_id),
                ("reviewers[0][on]", "on"),
            ],
            Some(&sec),
        )
        .await;
    assert_eq!(r.location, format!("/thu-ky/{id}?da-phan-cong=1#phan-cong"));
    let panel = app
        .get(&format!("/thu-ky/{id}?da-phan-cong=1"), Some(&sec))
        .await;
    assert!(
        panel
            .body
            .contains("Đã phân công 1 người; người vừa phân công")
    );
    // The other reviewer is still offered; the one assigned now owes a sheet.
    let facts = domain::review::reviewer_facts(db, &[app.f.reviewer.id, app.f.reviewer2.id])
        .await
        .unwrap();
    assert_eq!(facts[&app.f.reviewer.id].1, 1);
    assert_eq!(facts[&app.f.reviewer2.id].1, 0);

    // Only the assigned reviewer sees the sheet; out-of-range points come back with the values.
    let rev = app.sign_in("giamkhao@thu.nghiem.vn").await;
    let rev2 = app.sign_in("giamkhao2@thu.nghiem.vn").await;
    assert_eq!(
        app.get(&format!("/cham-diem/{id}"), Some(&rev2))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let sheet = app.get(&format!("/cham-diem/{id}"), Some(&rev)).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.body.contains("Hoàn toàn mới"), "novelty bands shown");
    // A band of one value reads as that value, not "0–0" (issue 19).
    assert!(sheet.body.contains(">0: Không có tính mới hoặc sao chép"));
    assert!(!sheet.body.contains("0–0"));
    let criteria = domain::catalog::criteria(db, app.f.open_campaign)
        .await
        .unwrap();
    let ids: Vec<String> = criteria.iter().map(|c| c.id.to_string()).collect();
    let scores = |p: [&'static str; 3]| -> Vec<(String, String)> {
        let mut v = vec![("initiative_id".to_string(), id.to_string())];
        for (k, (cid, pts)) in ids.iter().zip(p).enumerate() {
            v.push((format!("scores[{k}][criterion_id]"), cid.clone()));
            v.push((format!("scores[{k}][points]"), pts.to_string()));
            v.push((
                format!("scores[{k}][comment]"),
                "Có số liệu minh chứng rõ ràng.".to_string(),
            ));
        }
        v
    };
    let as_refs = |v: &Vec<(String, String)>| {
        v.iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    let bad = as_refs(&scores(["40", "30", "30"]));
    let bad_refs: Vec<(&str, &str)> = bad.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = app.post("/api/cham-diem", &bad_refs, Some(&rev)).await;
    let page = app.get(&r.location, Some(&rev)).await;
    assert!(page.body.contains("Điểm phải từ 0 đến 30."));
    assert!(page.body.contains("value=\"40\""));
    // The error summary names the criterion and links to its points (issue 19).
    assert!(
        page.body.contains(&format!(
            "<a href=\"#f-points_{}\">{} – Điểm: Điểm phải từ 0 đến 30.</a>",
            criteria[0].id, criteria[0].name
        )),
        "{}",
        page.body
    );
    let rejected = app.post("/api/cham-diem", &bad_refs, Some(&rev2)).await;
    assert_ne!(rejected.location, "/cham-diem");
    let good = as_refs(&scores(["27", "31", "30"]));
    let good_refs: Vec<(&str, &str)> = good.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = app.post("/api/cham-diem", &good_refs, Some(&rev)).await;
    assert_eq!(r.location, "/cham-diem?da-gui=1");

    // The secretary sees the aggregate; the council (the admin chairs it) votes.
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(panel.body.contains("Điểm tổng hợp (Trung bình cộng)"));
    assert!(panel.body.contains("88"));
    domain::council::set_member(
        db,
        &app.f.secretary,
        app.f.open_campaign,
        app.f.admin.id,
        types::CouncilRole::Chair,
    )
    .await
    .unwrap();
    let chair = app.sign_in("quantri@thu.nghiem.vn").await;
    let id_s = id.to_string();
    let vote = [
        ("initiative_id", id_s.as_str()),
        ("choice", "agree"),
        ("confirm", "on"),
    ];
    let r = app.post("/api/bieu-quyet", &vote, Some(&chair)).await;
    assert_eq!(r.location, format!("/thu-ky/{id}#bieu-quyet"));
    let mut decision = vec![
        ("initiative_id", id_s.as_str()),
        ("outcome", "recognised"),
        ("level", "cap_tinh"),
        ("reasons", ""),
        ("decision_no", "15/QĐ-UBND"),
    ];
    // Without the confirmation box nothing is recorded.
    let r = app.post("/api/quyet-dinh", &decision, Some(&sec)).await;
    let page = app.get(&r.location, Some(&sec)).await;
    assert!(page.body.contains("id=\"f-confirm-decision\""));
    assert!(page.body.contains(
        "Tôi đã kiểm tra và xác nhận ghi nhận quyết định này: Vui lòng đánh dấu vào ô này."
    ));
    assert_eq!(
        domain::submission::initiatives::get_for(db, Some(&app.f.secretary), id)
            .await
            .unwrap()
            .status,
        types::Status::UnderReview
    );
    decision.push(("confirm", "on"));
    let r = app.post("/api/quyet-dinh", &decision, Some(&sec)).await;
    assert_eq!(r.location, format!("/thu-ky/{id}#quyet-dinh"));
    // Recorded but not public until the announcement.
    app.index().await;
    assert_eq!(
        app.get(&format!("/sang-kien/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
    let campaign = app.f.open_campaign.to_string();
    let r = app
        .post(
            "/api/cong-bo",
            &[("campaign_id", campaign.as_str()), ("confirm", "on")],
            Some(&sec),
        )
        .await;
    assert_eq!(
        r.location,
        format!("/thu-ky/dot/{}?da-cong-bo=1#cong-bo", app.f.open_campaign)
    );
    app.index().await;

    // Public: detail page, search page and API, folded diacritics.
    let detail = app.get(&format!("/sang-kien/{id}"), None).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(
        detail
            .body
            .contains("<title>Chuyển đổi số hồ sơ điện tử cấp bản – Sáng kiến số</title>")
    );
    let search = app.get("/tim-kiem?q=chuyen+doi+so", None).await;
    assert!(search.body.contains("Chuyển đổi số hồ sơ điện tử cấp bản"));
    let api = app.get("/api/v1/initiatives?q=dien+tu", None).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["items"][0]["id"], id);
    assert_eq!(json["items"][0]["level"], "cap_tinh");
    assert_eq!(json["items"][0]["authors"][0]["share"], 60.0);
    assert_eq!(json["facets"]["pillar"]["chinh_quyen_so"], 1);
    let one: serde_json::Value = serde_json::from_str(
        &app.get(&format!("/api/v1/initiatives/{id}"), None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(one["code"], format!("SK-{year}-0001"));
    assert!(one.get("owner_id").is_none() && one.get("refusal_reasons").is_none());
}
