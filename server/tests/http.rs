//! HTTP tests through the real router (in-process, `oneshot`): forms as a browser without JavaScript
//! posts them, the public API, health checks, and who may see what.
mod support;
use axum::body::Body;
use support::*;
use tower::ServiceExt;

/// Building a router while pages are being rendered must not stall them: generating the route list
/// suppresses resource loading through a process-wide flag (leptos-rs/leptos#4773), so it happens once.
#[tokio::test]
async fn building_routers_does_not_stall_pages_being_rendered() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = TestApp::new().await;
    let stop = Arc::new(AtomicBool::new(false));
    let builder = {
        let (stop, services, mailer) = (stop.clone(), app.ctx.services.clone(), app.mailer.clone());
        std::thread::spawn(move || {
            // Building a router spawns tasks: give this thread a runtime, as a server has.
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _in_runtime = rt.enter();
            let mut built = 0;
            while !stop.load(Ordering::Relaxed) {
                drop(server::router(
                    services.clone(),
                    mailer.clone(),
                    server::leptos_options(),
                    app::ssr::WebConfig::default(),
                ));
                built += 1;
            }
            built
        })
    };
    for i in 0..40 {
        let req = Request::get("/").body(Body::empty()).unwrap();
        let page = tokio::time::timeout(std::time::Duration::from_secs(15), app.send_now(req))
            .await
            .unwrap_or_else(|_| panic!("home page {i} stalled while routers were being built"));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Đợt thi đua hiện tại"), "{}", page.body);
    }
    stop.store(true, Ordering::Relaxed);
    assert!(builder.join().unwrap() > 0);
}

#[tokio::test]
async fn health_is_up_and_ready_only_once_the_index_exists() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/readyz", None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    app.index().await;
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn registering_answers_alike_for_new_and_taken_addresses() {
    let app = TestApp::new().await;
    let app = &app;
    let register = |email: &'static str| async move {
        app.post(
            "/api/dang-ky",
            &[
                ("full_name", "Sa Văn Mới"),
                ("email", email),
                ("password", "mot-mat-khau-dai"),
                ("consent", "on"),
            ],
            None,
        )
        .await
    };
    let new = register("moi@son-la.vn").await;
    let taken = register("tacgia@thu.nghiem.vn").await;
    for r in [&new, &taken] {
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(r.location, "/dang-ky?da-gui=1");
        assert!(r.cookie.is_none(), "nobody is signed in by registering");
    }
    let page = app.get(&new.location, None).await;
    assert!(page.body.contains("Đã nhận yêu cầu đăng ký"));
    // The new address gets its link; the taken one's owner is told.
    newest_token(&app, "verify_email").await;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let told = domain::entities::mail_outbox::Entity::find()
        .filter(domain::entities::mail_outbox::Column::Kind.eq("already_registered"))
        .all(&app.ctx.services.db)
        .await
        .unwrap();
    assert_eq!(told.len(), 1);
    // The new person signs in with a safe session cookie.
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "moi@son-la.vn"),
                ("password", "mot-mat-khau-dai"),
                ("next", "/cua-toi"),
            ],
            None,
        )
        .await;
    let cookie = r.cookie.expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = app
        .get("/cua-toi", Some(cookie.split(';').next().unwrap()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sa Văn Mới"));
}

#[tokio::test]
async fn refused_registration_comes_back_with_the_typed_name_and_errors() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/dang-ky",
            &[
                ("full_name", "Cầm Thị Hoa"),
                ("email", "khong-phai-email"),
                ("password", "ngan"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(r.location.starts_with("/dang-ky?f="), "{}", r.location);
    let page = app.get(&r.location, r.form_cookie.as_deref()).await;
    assert!(page.body.contains("value=\"Cầm Thị Hoa\""));
    assert!(page.body.contains("Địa chỉ email không hợp lệ."));
    assert!(page.body.contains("tối thiểu 10 ký tự"));
    assert!(
        page.body.contains("id=\"f-consent-error\""),
        "consent to the personal-data notice is required"
    );
    // A box to tick is asked to be ticked, not "filled in" (issue 19).
    assert!(page.body.contains("Vui lòng đánh dấu vào ô này."));
    assert!(
        !page.body.contains("ngan\""),
        "a password is never echoed back"
    );
}

#[tokio::test]
async fn the_profile_keeps_private_fields_and_the_person_downloads_their_data() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/ho-so-ca-nhan",
            &[
                ("full_name", "Lò Văn Tác"),
                ("submitter_kind", "can_bo"),
                ("position", "Công chức văn phòng"),
                ("qualification", "Cử nhân"),
                ("unit", "xa_muong_bam"),
                ("birth_date", "1985-04-12"),
                ("phone", "0912 345 678"),
            ],
            Some(&s),
        )
        .await;
    assert_eq!(r.location, "/tai-khoan?da-luu-ho-so=1");
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("value=\"0912 345 678\""));
    // The organisation is picked from the tree: groups by level, dissolved districts last with their
    // last day; the chosen unit comes back selected.
    let groups: Vec<&str> = page
        .body
        .split("<optgroup label=\"")
        .skip(1)
        .map(|g| g.split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(
        groups,
        [
            "Tỉnh",
            "Sở, ban, ngành cấp tỉnh",
            "Xã, phường",
            "Đơn vị sự nghiệp, cơ quan khác",
            "Doanh nghiệp, hợp tác xã",
            "Huyện, thị xã, thành phố (trước 01/07/2025)"
        ]
    );
    assert!(page.body.contains("Thành phố Sơn La (đến 30/06/2025)"));
    assert!(page.body.contains("value=\"xa_muong_bam\" selected"));
    // The application form offers today's units only.
    let form = app.get("/nop-sang-kien", Some(&s)).await;
    assert!(form.body.contains("<optgroup label=\"Xã, phường\""));
    assert!(!form.body.contains("tp_son_la"));
    let bad = app
        .post(
            "/api/ho-so-ca-nhan",
            &[("full_name", "Lò Văn Tác"), ("phone", "12ab")],
            Some(&s),
        )
        .await;
    let page = app.get(&bad.location, Some(&s)).await;
    assert!(page.body.contains("id=\"f-phone-error\""));
    let data = app.get("/tai-khoan/du-lieu.json", Some(&s)).await;
    assert_eq!(data.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&data.body).unwrap();
    assert_eq!(json["account"]["phone"], "0912 345 678");
    assert_eq!(json["account"]["organisation"], "Xã Mường Bám");
    assert_eq!(
        app.get("/tai-khoan/du-lieu.json", None).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn wrong_password_shows_one_message_and_keeps_the_email() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", "sai-mat-khau-roi"),
                ("next", "/cua-toi"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(r.cookie.is_none());
    let page = app.get(&r.location, r.form_cookie.as_deref()).await;
    assert!(page.body.contains("Email hoặc mật khẩu không đúng."));
    assert!(page.body.contains("value=\"tacgia@thu.nghiem.vn\""));
}

/// Issue 19, 6: without a page to return to, each role lands on its own work.
#[tokio::test]
async fn each_role_lands_on_its_own_work_after_signing_in() {
    let app = TestApp::new().await;
    for (email, next, landing) in [
        ("tacgia@thu.nghiem.vn", "", "/cua-toi"),
        ("thuky@thu.nghiem.vn", "/", "/thu-ky"),
        ("giamkhao@thu.nghiem.vn", "", "/cham-diem"),
        ("quantri@thu.nghiem.vn", "", "/quan-tri"),
        // A page that asked for sign-in wins.
        ("thuky@thu.nghiem.vn", "/nop-sang-kien", "/nop-sang-kien"),
    ] {
        let r = app
            .post(
                "/api/dang-nhap",
                &[("email", email), ("password", PASSWORD), ("next", next)],
                None,
            )
            .await;
        assert_eq!(r.location, landing, "{email} {next:?}");
    }
}

#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", PASSWORD),
                ("next", "https://lua-dao.example/"),
            ],
            None,
        )
        .await;
    assert_eq!((r.status, r.location.as_str()), (StatusCode::FOUND, "/"));
}

#[tokio::test]
async fn pages_for_signed_in_people_send_visitors_to_sign_in() {
    let app = TestApp::new().await;
    for path in [
        "/nop-sang-kien",
        "/cua-toi",
        "/thu-ky",
        "/cham-diem",
        "/quan-tri",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::FOUND, "{path}");
        assert!(
            r.location.starts_with("/dang-nhap?next=%2F"),
            "{path} → {}",
            r.location
        );
    }
}

#[tokio::test]
async fn staff_pages_are_forbidden_to_submitters() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    for path in ["/thu-ky", "/cham-diem", "/quan-tri"] {
        assert_eq!(
            app.get(path, Some(&s)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[tokio::test]
async fn shares_summing_to_99_are_refused_and_everything_typed_is_kept() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(&campaign, "Tổ công nghệ số cộng đồng theo lịch bản", "39"),
            Some(&s),
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(
        r.location.starts_with("/nop-sang-kien?nhap=") && r.location.contains("&f="),
        "back to the saved draft with the errors: {}",
        r.location
    );
    let page = app.get(&r.location, Some(&s)).await;
    assert!(
        page.body
            .contains("value=\"Tổ công nghệ số cộng đồng theo lịch bản\"")
    );
    assert!(page.body.contains("Quàng Thị Hợp"));
    assert!(
        page.body.contains("phải bằng đúng 100% (hiện là 99%)"),
        "error next to the authors table"
    );
    // Only the shares of the two filled rows are marked, described by the table's error; not the
    // other fields of the rows, not the spare third row, not every field of the table.
    for i in 0..2 {
        let share = control(&page.body, &format!("authors[{i}][share]"));
        assert!(share.contains("aria-invalid=\"true\""), "{share}");
        assert!(
            share.contains("aria-describedby=\"f-authors-error\""),
            "{share}"
        );
        for c in ["name", "workplace", "email"] {
            let other = control(&page.body, &format!("authors[{i}][{c}]"));
            assert!(!other.contains("aria-invalid"), "{other}");
        }
    }
    assert!(!control(&page.body, "authors[2][share]").contains("aria-invalid"));
    let at = page.body.find("id=\"f-authors\"").unwrap();
    let start = page.body[..at].rfind("<fieldset").unwrap();
    let table = &page.body[start..at + page.body[at..].find('>').unwrap()];
    assert!(
        !table.contains("has-error") && table.contains("table-error"),
        "{table}"
    );
    assert!(
        domain::initiatives::mine(&app.ctx.services.db, &app.f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
    // Another person cannot read the stashed form.
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    let page = app.get(&r.location, Some(&other)).await;
    assert!(
        !page
            .body
            .contains("Tổ công nghệ số cộng đồng theo lịch bản")
    );
}

#[tokio::test]
async fn empty_title_and_unknown_codes_are_refused_next_to_their_fields() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let mut form = submission(&campaign, "", "40");
    set(&mut form, "pillar", "khong_co");
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(
        page.body.contains("id=\"f-title-error\""),
        "error attached to the title field"
    );
    assert!(page.body.contains("Vui lòng nhập thông tin này."));
    assert!(page.body.contains("Giá trị không có trong danh mục"));
}

#[tokio::test]
async fn submission_outside_the_window_is_refused() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.closed_campaign.to_string();
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(&campaign, "Sáng kiến nộp muộn sau hạn", "40"),
            Some(&s),
        )
        .await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("ngoài thời gian nộp"));
}

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
        domain::deliberation::panel(db, &app.f.secretary, id)
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
        domain::initiatives::get_for(db, Some(&app.f.secretary), id)
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

#[tokio::test]
async fn the_public_api_lists_only_recognised_entries() {
    let app = TestApp::with_demo().await;
    let db = &app.ctx.services.db;
    app.index().await;
    let json: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/initiatives?per_page=100", None).await.body)
            .unwrap();
    let total = json["total"].as_u64().unwrap();
    let recognised = domain::initiatives::counts(db, None)
        .await
        .unwrap()
        .recognised;
    assert_eq!(total, recognised);
    assert!(
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["level"].is_null())
    );
    // A page far past the end is empty, not an error (nor a huge allocation).
    for huge in ["99999999999", "18446744073709551615"] {
        let far = app
            .get(&format!("/api/v1/initiatives?page={huge}"), None)
            .await;
        assert_eq!(far.status, StatusCode::OK, "{huge}");
        let far: serde_json::Value = serde_json::from_str(&far.body).unwrap();
        assert_eq!(far["items"].as_array().unwrap().len(), 0);
        assert_eq!(far["total"].as_u64().unwrap(), recognised);
        let page = app.get(&format!("/tim-kiem?trang={huge}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{huge}");
    }
    assert_eq!(
        app.get("/api/v1/initiatives?per_page=101", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/initiatives?pillar=khong_co", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let filtered: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/initiatives?pillar=kinh_te_so&sort=score", None)
            .await
            .body,
    )
    .unwrap();
    let items = filtered["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|i| i["pillar"] == "kinh_te_so"));
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "sorted by score: {scores:?}"
    );
}

#[tokio::test]
async fn suggestions_while_typing_are_recognised_titles_only() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let suggest = |q: &'static str| {
        let app = &app;
        async move {
            let r = app
                .get(&format!("/api/v1/suggest?q={}", enc(q)), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{q}");
            serde_json::from_str::<app::dto::SuggestionsDto>(&r.body).unwrap()
        }
    };
    // The last word unfinished, no diacritics: the recognised entry, with its page, unit and year.
    let found = suggest("truy xuat ng").await;
    assert_eq!(found.q, "truy xuat ng");
    let first = &found.items[0];
    assert_eq!(first.title, "Truy xuất nguồn gốc xoài Yên Châu bằng mã QR");
    assert_eq!(first.url, format!("/sang-kien/{}", first.id));
    let public = app.get(&first.url, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!first.unit.is_empty() && first.year > 2000);
    // A refused entry is never suggested, however its title is typed.
    for typed in ["lich tuoi", "Lịch tưới cà", "lich tuoi ca phe"] {
        assert!(
            suggest(typed)
                .await
                .items
                .iter()
                .all(|s| !s.title.contains("Lịch tưới cà phê")),
            "{typed}"
        );
    }
    // One letter suggests nothing; the number asked for is bounded.
    assert!(suggest("t").await.items.is_empty());
    for bad in ["0", "9", "nhieu"] {
        assert_eq!(
            app.get(&format!("/api/v1/suggest?q=so&limit={bad}"), None)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }
    let two: app::dto::SuggestionsDto =
        serde_json::from_str(&app.get("/api/v1/suggest?q=so&limit=2", None).await.body).unwrap();
    assert!(two.items.len() <= 2);
    // Without JavaScript the search box is a plain input of the form (the combobox comes with it).
    let home = app.get("/", None).await;
    assert!(
        home.body.contains(r#"id="q" name="q" type="search""#),
        "{}",
        home.body
    );
    assert!(!home.body.contains(r#"role="combobox""#));
}

#[tokio::test]
async fn an_admin_assigns_roles_through_the_form() {
    let app = TestApp::new().await;
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    let uid = app.f.other_submitter.id.to_string();
    let r = app
        .post(
            "/api/phan-quyen",
            &[("user_id", &uid), ("reviewer", "on")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.location, "/quan-tri?luu=1");
    let u = domain::accounts::user_by_id(&app.ctx.services.db, app.f.other_submitter.id)
        .await
        .unwrap();
    assert!(u.has(types::Role::Reviewer));
    // A secretary cannot.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    app.post(
        "/api/phan-quyen",
        &[("user_id", &uid), ("admin", "on")],
        Some(&sec),
    )
    .await;
    let u = domain::accounts::user_by_id(&app.ctx.services.db, app.f.other_submitter.id)
        .await
        .unwrap();
    assert!(!u.has(types::Role::Admin));
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let r = app.post("/api/dang-xuat", &[], Some(&s)).await;
    assert_eq!(r.location, "/");
    assert!(r.cookie.unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.get("/cua-toi", Some(&s)).await.status,
        StatusCode::FOUND
    );
}

#[tokio::test]
async fn the_filer_withdraws_with_confirmation() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(&campaign, "Sáng kiến sẽ được rút lại", "40"),
            Some(&s),
        )
        .await;
    let id = filed_id(&r.location).to_string();
    let page = app.get(&format!("/ho-so/{id}"), Some(&s)).await;
    assert!(page.body.contains("action=\"/api/rut-ho-so\""));
    // Without the box ticked nothing happens.
    let r = app
        .post("/api/rut-ho-so", &[("initiative_id", &id)], Some(&s))
        .await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("Vui lòng đánh dấu vào ô này."));
    assert!(page.body.contains("Đã nộp"));
    // Someone else cannot withdraw it.
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    app.post(
        "/api/rut-ho-so",
        &[("initiative_id", &id), ("confirm", "on")],
        Some(&other),
    )
    .await;
    let still = domain::initiatives::get_for(
        &app.ctx.services.db,
        Some(&app.f.submitter),
        id.parse().unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(still.status, types::Status::Submitted);
    // The filer can.
    let r = app
        .post(
            "/api/rut-ho-so",
            &[("initiative_id", &id), ("confirm", "on")],
            Some(&s),
        )
        .await;
    assert_eq!(r.location, format!("/ho-so/{id}"));
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("Đã rút"));
    assert!(
        !page.body.contains("action=\"/api/rut-ho-so\""),
        "no withdraw form once withdrawn"
    );
}

#[tokio::test]
async fn saving_a_draft_without_javascript_keeps_everything_for_its_owner_only() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let mut form = submission(
        &app.f.open_campaign.to_string(),
        "Bản nháp: trạm sạc cộng đồng",
        "40",
    );
    set(&mut form, "action", "save");
    set(&mut form, "known_solution", "Chưa viết xong");
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(r.location.ends_with("&da-luu=1"), "{}", r.location);
    let id = draft_of(&r.location);
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("Đã lưu nháp lúc"));
    assert!(page.body.contains("value=\"Bản nháp: trạm sạc cộng đồng\""));
    assert!(
        page.body.contains("Chưa viết xong"),
        "an unfinished section is kept"
    );
    assert!(
        !page.body.contains("field-error"),
        "saving a draft validates nothing"
    );
    assert!(
        page.body
            .contains(&format!("name=\"draft_id\" value=\"{id}\""))
    );
    let mine = app.get("/cua-toi", Some(&s)).await;
    assert!(mine.body.contains(&format!("/nop-sang-kien?nhap={id}")));

    // Another person: the draft does not exist, and posting to it changes nothing.
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    let theirs = app
        .get(&format!("/nop-sang-kien?nhap={id}"), Some(&other))
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert!(!theirs.body.contains("trạm sạc cộng đồng"));
    let mut hijack = submission(&app.f.open_campaign.to_string(), "Ghi đè bản nháp", "40");
    hijack.push(("draft_id".into(), id.to_string()));
    let r = app
        .post_form("/api/nop-sang-kien", &hijack, Some(&other))
        .await;
    assert_ne!(
        r.location.split('?').next(),
        Some("/ho-so"),
        "{}",
        r.location
    );
    let (_, kept) = domain::drafts::get(&app.ctx.services.db, &app.f.submitter, id)
        .await
        .unwrap();
    assert_eq!(kept.title, "Bản nháp: trạm sạc cộng đồng");
    assert!(
        domain::initiatives::mine(&app.ctx.services.db, &app.f.other_submitter)
            .await
            .unwrap()
            .is_empty()
    );

    // Submitting the draft files it and the draft is gone.
    let mut done = submission(&app.f.open_campaign.to_string(), "Trạm sạc cộng đồng", "40");
    done.push(("draft_id".into(), id.to_string()));
    let r = app.post_form("/api/nop-sang-kien", &done, Some(&s)).await;
    assert!(r.location.ends_with("?bien-nhan=1"), "{}", r.location);
    assert!(
        domain::drafts::list(&app.ctx.services.db, &app.f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn autosave_answers_with_the_draft_and_updates_it_in_place() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let form = vec![
        ("action".to_string(), "autosave".to_string()),
        ("draft_id".to_string(), String::new()),
        ("title".to_string(), "Đang gõ dở".to_string()),
    ];
    let r = app
        .post_accepting("/api/nop-sang-kien", &form, Some(&s), "application/json")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let id = saved["id"].as_i64().expect("draft id");
    assert!(saved["saved_at"].as_str().is_some());
    let again = vec![
        ("action".to_string(), "autosave".to_string()),
        ("draft_id".to_string(), id.to_string()),
        ("title".to_string(), "Đang gõ dở, thêm chữ".to_string()),
    ];
    let r = app
        .post_accepting("/api/nop-sang-kien", &again, Some(&s), "application/json")
        .await;
    let saved: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(saved["id"].as_i64(), Some(id));
    let drafts = domain::drafts::list(&app.ctx.services.db, &app.f.submitter)
        .await
        .unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].title, "Đang gõ dở, thêm chữ");
    // Without a session autosave is refused, never stored anonymously.
    let r = app
        .post_accepting("/api/nop-sang-kien", &again, None, "application/json")
        .await;
    assert_ne!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_post_after_the_session_expired_is_handed_back_after_signing_in() {
    let app = TestApp::new().await;
    let form = submission(
        &app.f.open_campaign.to_string(),
        "Gõ xong thì phiên hết hạn",
        "40",
    );
    let r = app.post_form("/api/nop-sang-kien", &form, None).await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(
        r.location.starts_with("/dang-nhap?het-phien=1&next="),
        "{}",
        r.location
    );
    let login = app.get(&r.location, None).await;
    assert!(login.body.contains("Phiên đăng nhập đã hết hạn"));
    let next = r.location.split("next=").nth(1).unwrap();
    let next = next
        .replace("%2F", "/")
        .replace("%3F", "?")
        .replace("%3D", "=")
        .replace("%26", "&");
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let browser = r.form_cookie.expect("the stash is tied to this browser");
    let page = app.get(&next, Some(&format!("{s}; {browser}"))).await;
    assert!(
        page.body.contains("value=\"Gõ xong thì phiên hết hạn\""),
        "{next}"
    );
    // Particulars are not kept: dates of birth are typed again.
    assert!(!page.body.contains("1985"), "a date of birth was kept");
    // Another browser, even signed in as the same person, gets nothing back.
    let elsewhere = app.get(&next, Some(&s)).await;
    assert!(
        !elsewhere
            .body
            .contains("value=\"Gõ xong thì phiên hết hạn\"")
    );
    assert!(page.body.contains("đã được khôi phục"));
}

#[tokio::test]
async fn first_application_thirteen_months_ago_is_refused_next_to_the_date() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let mut form = submission(
        &app.f.open_campaign.to_string(),
        "Áp dụng từ lâu rồi mới nộp",
        "40",
    );
    let old = domain::time::local_date(domain::time::now()) - chrono::Duration::days(396);
    set(
        &mut form,
        "first_applied_on",
        &old.format("%Y-%m-%d").to_string(),
    );
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(
        page.body.contains("id=\"f-first_applied_on-error\""),
        "{}",
        r.location
    );
    assert!(
        page.body
            .contains("Đã quá một năm kể từ ngày áp dụng lần đầu")
    );
    assert!(
        domain::initiatives::mine(&app.ctx.services.db, &app.f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn confidential_sections_stay_off_every_public_page_and_the_api() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let mut form = submission(
        &app.f.open_campaign.to_string(),
        "Số hóa sổ hộ tịch cũ",
        "40",
    );
    set(
        &mut form,
        "known_solution",
        "Cách làm nội bộ mật-zircon-77 của phòng tư pháp.",
    );
    form.push(("confidential[known_solution]".into(), "on".into()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let id = filed_id(&r.location);
    let own = app.get(&format!("/ho-so/{id}"), Some(&s)).await;
    assert!(own.body.contains("mật-zircon-77"), "the filer sees it");
    assert!(own.body.contains("Bảo mật"));
    assert!(
        own.body.contains("15/09/1985") || own.body.contains("12/04/1985"),
        "own particulars shown"
    );
    app.recognise(id).await;
    app.index().await;
    let public = app.get(&format!("/sang-kien/{id}"), None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Số hóa sổ hộ tịch cũ"));
    for leak in ["mật-zircon-77", "12/04/1985", "1985-04-12", "02/09/1990"] {
        assert!(!public.body.contains(leak), "public page leaks {leak}");
        let api = app.get(&format!("/api/v1/initiatives/{id}"), None).await;
        assert!(!api.body.contains(leak), "API leaks {leak}");
    }
    let search = app.get("/api/v1/initiatives?q=zircon", None).await;
    let json: serde_json::Value = serde_json::from_str(&search.body).unwrap();
    assert_eq!(json["total"], 0);
    // Nor does any other public channel: feeds, downloads, search pages and their excerpts.
    for path in [
        "/feeds/initiatives.atom",
        "/feeds/initiatives.atom?q=ho+tich",
        "/open-data/initiatives.csv",
        "/open-data/initiatives.json",
        "/tim-kiem?q=ho+tich",
        "/api/v1/initiatives?q=ho+tich",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains("Số hóa sổ hộ tịch cũ"), "{path} lists it");
        for leak in [
            "zircon",
            "12/04/1985",
            "1985-04-12",
            "02/09/1990",
            "@thu.nghiem.vn",
        ] {
            assert!(!r.body.contains(leak), "{path} leaks {leak}");
        }
    }
    for path in ["/feeds/initiatives.atom?q=zircon", "/tim-kiem?q=zircon"] {
        let r = app.get(path, None).await;
        assert!(
            !r.body.contains("Số hóa sổ hộ tịch cũ"),
            "{path} finds it by its secret"
        );
    }
}

#[tokio::test]
async fn a_new_account_files_only_after_opening_the_verification_link() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/dang-ky",
            &[
                ("full_name", "Lò Văn Tác"),
                ("email", "moi-xac-minh@son-la.vn"),
                ("password", "mot-mat-khau-dai"),
                ("consent", "on"),
            ],
            None,
        )
        .await;
    assert_eq!(r.location, "/dang-ky?da-gui=1");
    let s = app
        .sign_in_with("moi-xac-minh@son-la.vn", "mot-mat-khau-dai")
        .await;
    let form_page = app.get("/nop-sang-kien", Some(&s)).await;
    assert!(form_page.body.contains("chưa được xác minh"));
    assert!(form_page.body.contains("action=\"/api/gui-lai-xac-minh\""));
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(
                &app.f.open_campaign.to_string(),
                "Nộp khi chưa xác minh",
                "40",
            ),
            Some(&s),
        )
        .await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(
        page.body
            .contains("Bạn cần xác minh địa chỉ email trước khi nộp hồ sơ")
    );
    assert!(
        page.body.contains("value=\"Nộp khi chưa xác minh\""),
        "the draft is kept"
    );

    let token = newest_token(&app, "verify_email").await;
    let ok = app.get(&format!("/xac-minh-email?ma={token}"), None).await;
    assert!(ok.body.contains("đã được xác minh"));
    // A second click on the same link says the address is verified and offers to sign in; it
    // does not send a verified person to ask for a new link (issue 19).
    let again = app.get(&format!("/xac-minh-email?ma={token}"), None).await;
    assert!(
        again.body.contains("đã được xác minh từ trước"),
        "{}",
        again.body
    );
    assert!(
        again
            .body
            .contains("href=\"/dang-nhap?next=%2Fnop-sang-kien\"")
    );
    assert!(!again.body.contains("Liên kết không hợp lệ"));
    // A link nobody was sent is still refused.
    let forged = app.get("/xac-minh-email?ma=khong-phai-ma-that", None).await;
    assert!(forged.body.contains("Liên kết không hợp lệ"));

    let mut form = submission(
        &app.f.open_campaign.to_string(),
        "Nộp sau khi xác minh",
        "40",
    );
    form.push(("draft_id".into(), draft_of(&r.location).to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("?bien-nhan=1"), "{}", r.location);
}

#[tokio::test]
async fn forgotten_password_is_reset_through_the_mailed_link_once() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/quen-mat-khau",
            &[("email", "khong-ai@son-la.vn")],
            None,
        )
        .await;
    assert_eq!(r.location, "/quen-mat-khau?da-gui=1");
    let r2 = app
        .post(
            "/api/quen-mat-khau",
            &[("email", "tacgia@thu.nghiem.vn")],
            None,
        )
        .await;
    assert_eq!(r2.location, r.location, "the same answer for any address");
    let page = app.get(&r.location, None).await;
    assert!(page.body.contains("Nếu email này có tài khoản"));
    let token = newest_token(&app, "reset_password").await;

    let r = app
        .post(
            "/api/dat-lai-mat-khau",
            &[("token", token.as_str()), ("password", "ngan")],
            None,
        )
        .await;
    let page = app.get(&r.location, r.form_cookie.as_deref()).await;
    assert!(
        page.body.contains("id=\"f-password-error\""),
        "{}",
        r.location
    );
    let r = app
        .post(
            "/api/dat-lai-mat-khau",
            &[
                ("token", token.as_str()),
                ("password", "mat-khau-moi-that-dai"),
            ],
            None,
        )
        .await;
    assert_eq!(r.location, "/dang-nhap?da-dat-lai=1");
    let signed = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", "mat-khau-moi-that-dai"),
                ("next", "/"),
            ],
            None,
        )
        .await;
    assert!(signed.cookie.is_some(), "the new password works");
    let r = app
        .post(
            "/api/dat-lai-mat-khau",
            &[
                ("token", token.as_str()),
                ("password", "lan-thu-hai-khong-duoc"),
            ],
            None,
        )
        .await;
    let page = app.get(&r.location, r.form_cookie.as_deref()).await;
    assert!(
        page.body
            .contains("Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn")
    );
}

#[tokio::test]
async fn changing_the_password_and_signing_out_everywhere() {
    let app = TestApp::new().await;
    let here = app.sign_in("tacgia@thu.nghiem.vn").await;
    let there = app.sign_in("tacgia@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/doi-mat-khau",
            &[
                ("current_password", "sai-mat-khau"),
                ("new_password", "mat-khau-moi-that-dai"),
            ],
            Some(&here),
        )
        .await;
    let page = app.get(&r.location, Some(&here)).await;
    assert!(page.body.contains("id=\"f-current_password-error\""));
    let r = app
        .post(
            "/api/doi-mat-khau",
            &[
                ("current_password", PASSWORD),
                ("new_password", "mat-khau-moi-that-dai"),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(r.location, "/tai-khoan?da-doi=1");
    assert_eq!(
        app.get("/tai-khoan", Some(&here)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/cua-toi", Some(&there)).await.status,
        StatusCode::FOUND,
        "other device signed out"
    );

    let other = app
        .sign_in_with("tacgia@thu.nghiem.vn", "mat-khau-moi-that-dai")
        .await;
    let r = app
        .post("/api/dang-xuat-tat-ca", &[("confirm", "on")], Some(&here))
        .await;
    assert_eq!(r.location, "/dang-nhap?da-dang-xuat-het=1");
    assert_eq!(
        app.get("/cua-toi", Some(&here)).await.status,
        StatusCode::FOUND
    );
    assert_eq!(
        app.get("/cua-toi", Some(&other)).await.status,
        StatusCode::FOUND
    );
}

/// A common password, or one made of the person's own name, is refused beside its field wherever a
/// password is chosen (registration, reset link, change), and nothing happens.
#[tokio::test]
async fn common_and_personal_passwords_are_refused_beside_their_field() {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    const WEAK: &str = "Mật khẩu này quá phổ biến hoặc quá dễ đoán";
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let mails = || domain::entities::mail_outbox::Entity::find().count(db);
    let mails_before = mails().await.unwrap();

    // Registration, for a new address and for a taken one alike: no account, no mail.
    for (email, password) in [
        ("moi@son-la.vn", "1234567890"),
        ("tacgia@thu.nghiem.vn", "Mật khẩu 123"),
    ] {
        let r = app
            .post(
                "/api/dang-ky",
                &[
                    ("full_name", "Sa Văn Mới"),
                    ("email", email),
                    ("password", password),
                    ("consent", "on"),
                ],
                None,
            )
            .await;
        assert!(r.location.starts_with("/dang-ky?f="), "{}", r.location);
        let page = app.get(&r.location, r.form_cookie.as_deref()).await;
        assert!(page.body.contains("id=\"f-password-error\""), "{email}");
        assert!(page.body.contains(WEAK), "{email}");
    }
    let created = domain::entities::user::Entity::find()
        .filter(domain::entities::user::Column::Email.eq("moi@son-la.vn"))
        .count(db)
        .await
        .unwrap();
    assert_eq!(created, 0, "no account for a refused registration");
    assert_eq!(mails().await.unwrap(), mails_before, "and no mail");

    // A reset link: refused, and the link still works for a better password.
    app.post(
        "/api/quen-mat-khau",
        &[("email", "tacgia@thu.nghiem.vn")],
        None,
    )
    .await;
    let token = newest_token(&app, "reset_password").await;
    let r = app
        .post(
            "/api/dat-lai-mat-khau",
            &[("token", token.as_str()), ("password", "MatKhau@2026")],
            None,
        )
        .await;
    let page = app.get(&r.location, r.form_cookie.as_deref()).await;
    assert!(
        page.body.contains("id=\"f-password-error\""),
        "{}",
        r.location
    );
    assert!(page.body.contains(WEAK));
    let r = app
        .post(
            "/api/dat-lai-mat-khau",
            &[
                ("token", token.as_str()),
                ("password", "mat-khau-moi-dai-du"),
            ],
            None,
        )
        .await;
    assert_eq!(
        r.location, "/dang-nhap?da-dat-lai=1",
        "the link was not used up"
    );

    // A change to the person's own name: refused, the password stays.
    let s = app
        .sign_in_with("tacgia@thu.nghiem.vn", "mat-khau-moi-dai-du")
        .await;
    let r = app
        .post(
            "/api/doi-mat-khau",
            &[
                ("current_password", "mat-khau-moi-dai-du"),
                ("new_password", "Lò Văn Tác 2026"),
            ],
            Some(&s),
        )
        .await;
    assert!(r.location.starts_with("/tai-khoan?f="), "{}", r.location);
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("id=\"f-new_password-error\""));
    assert!(page.body.contains(WEAK));
    // `sign_in_with` asserts that the unchanged password still signs in.
    app.sign_in_with("tacgia@thu.nghiem.vn", "mat-khau-moi-dai-du")
        .await;
}

#[tokio::test]
async fn development_mail_files_are_for_administrators_only() {
    let app = TestApp::new().await;
    app.post(
        "/api/quen-mat-khau",
        &[("email", "tacgia@thu.nghiem.vn")],
        None,
    )
    .await;
    let sent = domain::mail::deliver_due(&app.ctx.services.db, &app.mailer)
        .await
        .unwrap();
    assert_eq!(sent.sent, 1);
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    let page = app.get("/quan-tri", Some(&admin)).await;
    let href = page
        .body
        .split("href=\"/quan-tri/thu/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|id| format!("/quan-tri/thu/{id}"))
        .expect("a link to the .eml file");
    let file = app.get(&href, Some(&admin)).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.body.contains("To: tacgia@thu.nghiem.vn"));
    let submitter = app.sign_in("tacgia@thu.nghiem.vn").await;
    assert_eq!(
        app.get(&href, Some(&submitter)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&href, None).await.status, StatusCode::UNAUTHORIZED);
}

/// One part of a multipart body: a text field (name, value) or the file (name, bytes).
enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a [u8]),
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";

impl TestApp {
    /// Posts a multipart form to the upload route as a browser does, without JavaScript.
    async fn post_multipart(&self, parts: &[Part<'_>], session: &str) -> Reply {
        let boundary = "----sangkien-test-boundary";
        let mut body = Vec::new();
        for part in parts {
            let (headers, content) = match part {
                Part::Text(name, value) => (
                    format!("Content-Disposition: form-data; name=\"{name}\""),
                    value.as_bytes(),
                ),
                Part::File(name, bytes) => (
                    format!(
                        "Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf"
                    ),
                    *bytes,
                ),
            };
            body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post("/tep-dinh-kem")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, session)
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// A plain upload: `draft_id`, `confidential` when asked, the file.
    async fn upload(
        &self,
        draft_id: i64,
        name: &str,
        bytes: &[u8],
        confidential: bool,
        session: &str,
    ) -> Reply {
        let id = draft_id.to_string();
        let mut parts = vec![Part::Text("draft_id", &id)];
        if confidential {
            parts.push(Part::Text("confidential", "on"));
        }
        parts.push(Part::File(name, bytes));
        self.post_multipart(&parts, session).await
    }

    /// A saved draft of the fixture's submitter (through the "Lưu nháp" button).
    async fn draft(&self, session: &str, title: &str) -> i64 {
        let mut form = submission(&self.f.open_campaign.to_string(), title, "40");
        set(&mut form, "action", "save");
        let r = self
            .post_form("/api/nop-sang-kien", &form, Some(session))
            .await;
        draft_of(&r.location)
    }
}

#[tokio::test]
async fn a_file_uploaded_without_javascript_is_listed_and_served_as_an_attachment() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let d = app.draft(&s, "Hồ sơ có sơ đồ").await;
    let r = app.upload(d, "Sơ đồ.pdf", PDF, false, &s).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.location,
        format!("/nop-sang-kien?nhap={d}&tep=1#tep-dinh-kem")
    );
    let page = app
        .get(&format!("/nop-sang-kien?nhap={d}&tep=1"), Some(&s))
        .await;
    assert!(page.body.contains("Đã tải tệp lên."));
    let href = page
        .body
        .split("href=\"/tep/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(|id| format!("/tep/{id}"))
        .expect("a link to the file");
    let req = Request::get(&href)
        .header(header::COOKIE, &s)
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let disposition = h[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment;")
            && disposition.contains("filename*=UTF-8''S%C6%A1%20%C4%91%E1%BB%93.pdf"),
        "{disposition}"
    );
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    assert_eq!(
        app.get(&href, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&href, None).await.status, StatusCode::NOT_FOUND);
}

impl TestApp {
    /// The application form posted by its "Tải tệp lên" button, as a browser without JavaScript
    /// sends it: every field in the form's order, the file among them (before the declaration).
    async fn upload_with_form(
        &self,
        before: &[(String, String)],
        file: (&str, &[u8]),
        after: &[(String, String)],
        session: &str,
    ) -> Reply {
        fn text(field: &(String, String)) -> Part<'_> {
            Part::Text(&field.0, &field.1)
        }
        let mut parts: Vec<Part> = before.iter().map(text).collect();
        parts.push(Part::File(file.0, file.1));
        parts.extend(after.iter().map(text));
        self.post_multipart(&parts, session).await
    }
}

/// The application form split where its files part sits: the fields before it (with `whole_form`
/// and an empty or given `draft_id`), and the declaration and consent after it.
fn form_around_files(
    campaign: &str,
    title: &str,
    draft: Option<i64>,
) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let mut all = submission(campaign, title, "40");
    all.retain(|(k, _)| k != "action" && k != "files_seen");
    let (after, mut before): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|(k, _)| k == "declaration" || k == "consent");
    before.insert(0, ("whole_form".into(), "1".into()));
    before.insert(
        0,
        (
            "draft_id".into(),
            draft.map(|d| d.to_string()).unwrap_or_default(),
        ),
    );
    (before, after)
}

/// Issue 19, 1–2: attaching a file without JavaScript carries the whole form, so an edited title
/// survives; the first upload makes the draft; a file chosen but not sent is reported, not lost
/// unseen; filing without any file is asked once; removing a file keeps the edits.
#[tokio::test]
async fn attaching_a_file_keeps_what_was_typed_and_needs_no_saved_draft() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let db = &app.ctx.services.db;
    let drafts = || domain::drafts::list(db, &app.f.submitter);
    assert!(drafts().await.unwrap().is_empty());

    // A first upload, before any "Lưu nháp": the draft is made with everything typed.
    let (before, after) = form_around_files(&campaign, "Bản đồ số các điểm sạt lở", None);
    let r = app
        .upload_with_form(&before, ("thuyet-minh.pdf", PDF), &after, &s)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let d = draft_of(&r.location);
    assert!(
        r.location.ends_with("&tep=1#tep-dinh-kem"),
        "{}",
        r.location
    );
    let (_, input) = domain::drafts::get(db, &app.f.submitter, d).await.unwrap();
    assert_eq!(input.title, "Bản đồ số các điểm sạt lở");
    assert_eq!(
        input.consent, "on",
        "the fields after the file are kept too"
    );
    let page = app
        .get(r.location.split('#').next().unwrap(), Some(&s))
        .await;
    assert!(page.body.contains("value=\"Bản đồ số các điểm sạt lở\""));
    assert!(page.body.contains(">thuyet-minh.pdf</a>"));
    // The files part is inside the application form, before the declaration and "Nộp hồ sơ".
    let form = &page.body[page.body.find("id=\"application-form\"").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    let files_at = form
        .find("id=\"tep-dinh-kem\"")
        .expect("files part in the form");
    assert!(files_at < form.find("name=\"declaration\"").unwrap());
    assert!(form.contains("formaction=\"/tep-dinh-kem\""));

    // Editing the title, then attaching another file: the edit survives.
    let (before, after) = form_around_files(&campaign, "Bản đồ số điểm sạt lở (đã sửa)", Some(d));
    let r = app
        .upload_with_form(&before, ("so-lieu.pdf", PDF), &after, &s)
        .await;
    assert_eq!(draft_of(&r.location), d);
    let (_, input) = domain::drafts::get(db, &app.f.submitter, d).await.unwrap();
    assert_eq!(input.title, "Bản đồ số điểm sạt lở (đã sửa)");
    assert_eq!(drafts().await.unwrap().len(), 1);
    assert_eq!(
        domain::attachments::of_draft(db, &app.f.submitter, d)
            .await
            .unwrap()
            .len(),
        2
    );

    // "Lưu nháp" with a file chosen but not sent: saved, and the form says the file was not sent.
    let mut form = submission(&campaign, "Tên sửa lần ba", "40");
    set(&mut form, "action", "save");
    form.push(("draft_id".into(), d.to_string()));
    form.push(("file".into(), "anh-chup.jpg".into()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("id=\"f-file-error\""), "{}", r.location);
    assert!(page.body.contains("chưa bấm “Tải tệp lên”"));
    let (_, input) = domain::drafts::get(db, &app.f.submitter, d).await.unwrap();
    assert_eq!(input.title, "Tên sửa lần ba");

    // Removing a file saves the form too.
    let files = domain::attachments::of_draft(db, &app.f.submitter, d)
        .await
        .unwrap();
    let mut form = submission(&campaign, "Tên sửa lần bốn", "40");
    form.retain(|(k, _)| k != "action");
    form.push(("draft_id".into(), d.to_string()));
    form.push(("delete_attachment".into(), files[0].id.to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("#tep-dinh-kem"), "{}", r.location);
    let (_, input) = domain::drafts::get(db, &app.f.submitter, d).await.unwrap();
    assert_eq!(input.title, "Tên sửa lần bốn");
    assert_eq!(
        domain::attachments::of_draft(db, &app.f.submitter, d)
            .await
            .unwrap()
            .len(),
        1
    );
    // Someone else's file cannot be removed that way.
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    let mut form = submission(&campaign, "Không phải của tôi", "40");
    form.retain(|(k, _)| k != "action");
    form.push(("delete_attachment".into(), files[1].id.to_string()));
    app.post_form("/api/nop-sang-kien", &form, Some(&other))
        .await;
    assert_eq!(
        domain::attachments::of_draft(db, &app.f.submitter, d)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// Issue 19, 4: "Thêm tác giả" brings one more card without JavaScript; a card's "Xóa" removes it,
/// the rest of the form saved.
#[tokio::test]
async fn author_cards_are_added_and_removed_with_buttons() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let db = &app.ctx.services.db;
    let mut form = submission(&campaign, "Ba tác giả trở lên", "40");
    set(&mut form, "action", "add_authors");
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(
        r.location.ends_with("&them=authors#f-authors"),
        "{}",
        r.location
    );
    let d = draft_of(&r.location);
    let page = app
        .get(r.location.split('#').next().unwrap(), Some(&s))
        .await;
    // Two filled cards, the usual blank one, and the one asked for.
    control(&page.body, "authors[3][name]");
    assert!(page.body.contains("Thêm tác giả"));
    assert!(
        page.body
            .contains("name=\"remove_row\" value=\"authors:1\"")
    );
    assert!(
        !page.body.contains("value=\"authors:2\""),
        "no Xóa on a blank card"
    );

    let (_, input) = domain::drafts::get(db, &app.f.submitter, d).await.unwrap();
    let second = input.authors[1].name.clone();
    let mut form = submission(&campaign, "Ba tác giả trở lên (sửa)", "40");
    form.retain(|(k, _)| k != "action");
    form.push(("draft_id".into(), d.to_string()));
    form.push(("remove_row".into(), "authors:1".into()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("#f-authors"), "{}", r.location);
    let (_, input) = domain::drafts::get(db, &app.f.submitter, d).await.unwrap();
    assert_eq!(input.title, "Ba tác giả trở lên (sửa)");
    assert!(
        input.authors.iter().all(|a| a.name != second),
        "{second} removed"
    );
    assert!(!input.authors[0].name.is_empty(), "the first kept");
}

/// The form's text in an upload is read with caps: a field past 200 KB is refused without being
/// read into memory, and nothing is saved from such a post.
#[tokio::test]
async fn an_upload_with_an_oversized_form_field_is_refused_and_saves_nothing() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let (mut before, after) = form_around_files(&campaign, "Biểu mẫu quá lớn", None);
    before.push(("description".into(), "a".repeat(300 * 1024)));
    let r = app
        .upload_with_form(&before, ("thuyet-minh.pdf", PDF), &after, &s)
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Said in Vietnamese, on a page of the portal.
    assert!(r.body.contains("<html lang=\"vi\""), "{}", r.body);
    assert!(
        r.body.contains("Biểu mẫu gửi kèm tệp quá lớn"),
        "{}",
        r.body
    );
    assert!(
        domain::drafts::list(&app.ctx.services.db, &app.f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
}

/// Issue 19, 2: filing with no file at all is asked once, then allowed.
#[tokio::test]
async fn filing_without_any_file_is_asked_once() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let mut form = submission(&campaign, "Nộp không kèm tệp", "40");
    form.retain(|(k, _)| k != "files_seen");
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.contains("&khong-tep=1"), "{}", r.location);
    let page = app
        .get(r.location.split('#').next().unwrap(), Some(&s))
        .await;
    assert!(page.body.contains("Hồ sơ chưa có tệp đính kèm nào."));
    assert!(page.body.contains("name=\"files_seen\""));
    assert!(
        domain::initiatives::mine(&app.ctx.services.db, &app.f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
    form.push(("draft_id".into(), draft_of(&r.location).to_string()));
    form.push(("files_seen".into(), "1".into()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("?bien-nhan=1"), "{}", r.location);
}

#[tokio::test]
async fn a_program_renamed_to_pdf_is_refused_with_a_clear_message() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let d = app.draft(&s, "Hồ sơ thử tệp giả").await;
    let r = app
        .upload(
            d,
            "bao-cao.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00 not a pdf at all",
            false,
            &s,
        )
        .await;
    assert!(r.location.contains("&f="), "{}", r.location);
    let page = app
        .get(r.location.split('#').next().unwrap(), Some(&s))
        .await;
    assert!(page.body.contains("id=\"f-file-error\""));
    assert!(page.body.contains("Tệp không đúng định dạng cho phép"));
    assert!(!page.body.contains("href=\"/tep/"), "nothing stored");
}

#[tokio::test]
async fn an_oversize_upload_is_refused_and_the_browser_gets_the_answer() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let d = app.draft(&s, "Hồ sơ thử tệp quá lớn").await;
    let mut big = PDF.to_vec();
    big.resize(21 * 1024 * 1024, b' ');
    let r = app.upload(d, "qua-lon.pdf", &big, false, &s).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get(r.location.split('#').next().unwrap(), Some(&s))
        .await;
    assert!(page.body.contains("Tệp quá lớn: mỗi tệp tối đa 20 MB."));
}

#[tokio::test]
async fn the_public_cannot_download_a_confidential_attachment() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let d = app.draft(&s, "Hồ sơ có tệp mật").await;
    app.upload(d, "cong-khai.pdf", PDF, false, &s).await;
    app.upload(d, "bi-mat.pdf", PDF, true, &s).await;
    let mut form = submission(&app.f.open_campaign.to_string(), "Hồ sơ có tệp mật", "40");
    form.push(("draft_id".into(), d.to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let id = filed_id(&r.location);
    let receipt = app.get(&r.location, Some(&s)).await;
    assert!(
        receipt.body.contains("SHA-256"),
        "the receipt lists the files with their hash"
    );
    // The secretary's panel shows the files without opening the entry's text (issue 19).
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    let files_at = panel
        .body
        .find("class=\"entry-files\"")
        .expect("files line");
    let text_at = panel.body.find("class=\"entry-text\"").expect("entry text");
    assert!(files_at < text_at);
    let line = &panel.body[files_at..text_at];
    assert!(
        line.contains(">cong-khai.pdf</a>") && line.contains(">bi-mat.pdf</a>"),
        "{line}"
    );
    app.recognise(id).await;
    let files = domain::attachments::of_initiative(&app.ctx.services.db, id)
        .await
        .unwrap();
    let (open, secret): (Vec<_>, Vec<_>) = files.into_iter().partition(|a| !a.confidential);
    assert_eq!(
        app.get(&format!("/tep/{}", open[0].id), None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/tep/{}", secret[0].id), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let public = app.get(&format!("/sang-kien/{id}"), None).await;
    assert!(public.body.contains("cong-khai.pdf") && !public.body.contains("bi-mat.pdf"));
}

#[tokio::test]
async fn the_filer_is_notified_of_a_decision_in_the_header_and_by_mail() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(
                &app.f.open_campaign.to_string(),
                "Hồ sơ chờ thông báo",
                "40",
            ),
            Some(&s),
        )
        .await;
    let id = filed_id(&r.location);
    // Screened eligible, put under review, then refused by the council and announced.
    app.ctx
        .conclude(
            &app.f,
            id,
            types::ValidDecision::Refused {
                reasons: types::Remark::parse("Chưa chứng minh được hiệu quả.").unwrap(),
            },
        )
        .await
        .unwrap();
    let home = app.get("/", Some(&s)).await;
    assert!(
        home.body.contains("Thông báo (3 chưa đọc)"),
        "{}",
        home.body
    );
    let list = app.get("/thong-bao", Some(&s)).await;
    assert!(list.body.contains("Hồ sơ chờ thông báo") && list.body.contains("Không công nhận"));
    let r = app.post("/api/da-doc", &[], Some(&s)).await;
    assert_eq!(r.location, "/thong-bao");
    assert!(!app.get("/", Some(&s)).await.body.contains("chưa đọc"));
    let sent = domain::mail::deliver_due(&app.ctx.services.db, &app.mailer)
        .await
        .unwrap();
    assert!(sent.sent >= 2, "receipt and status mails: {sent:?}");
}

/// Issue 19, 5: recognised entries that read like the draft are shown beside its title and recalled
/// before filing, never as a gate; entries on other subjects are not shown at all.
#[tokio::test]
async fn entries_like_the_draft_are_shown_beside_its_title_and_never_stop_filing() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let mut ids = Vec::new();
    for (title, summary) in [
        (
            "Bản đồ số du lịch Mộc Châu",
            "Bản đồ số giới thiệu các điểm du lịch cộng đồng ở Mộc Châu cho du khách.",
        ),
        (
            "Sổ tay hòa giải điện tử ở bản",
            "Tổ hòa giải tra cứu pháp luật và ghi biên bản trên điện thoại.",
        ),
    ] {
        let mut form = submission(&campaign, title, "40");
        set(&mut form, "summary", summary);
        let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
        let id = filed_id(&r.location);
        app.recognise(id).await;
        ids.push(id);
    }
    app.index().await;

    // A draft rewording the first: shown beside the title, recalled in the declaration part.
    let mut form = submission(&campaign, "Bản đồ số du lịch Mộc Châu mở rộng", "40");
    set(&mut form, "action", "save");
    set(
        &mut form,
        "summary",
        "Mở rộng bản đồ số các điểm du lịch cộng đồng ở Mộc Châu, thêm nơi lưu trú cho du khách.",
    );
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let page = app.get(&r.location, Some(&s)).await;
    let box_at = page
        .body
        .find("Sáng kiến tương tự đã được công nhận")
        .expect("the box");
    assert!(
        page.body.find("name=\"title\"").unwrap() < box_at,
        "beside the title"
    );
    assert!(box_at < page.body.find("name=\"summary\"").unwrap());
    assert!(
        page.body
            .contains(&format!("href=\"/sang-kien/{}\"", ids[0]))
    );
    assert!(
        !page
            .body
            .contains(&format!("href=\"/sang-kien/{}\"", ids[1])),
        "another subject is no duplicate"
    );
    assert!(
        page.body.contains("href=\"#tuong-tu\""),
        "recalled before filing"
    );
    // Filing goes straight to the receipt.
    set(&mut form, "action", "submit");
    form.push(("draft_id".into(), draft_of(&r.location).to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("?bien-nhan=1"), "{}", r.location);

    // A draft on something else: no box at all.
    let mut other = submission(&campaign, "Camera giám sát cháy rừng đầu nguồn", "40");
    set(&mut other, "action", "save");
    set(
        &mut other,
        "summary",
        "Cảnh báo sớm đám cháy cho kiểm lâm qua điện thoại.",
    );
    let r = app.post_form("/api/nop-sang-kien", &other, Some(&s)).await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(!page.body.contains("Sáng kiến tương tự đã được công nhận"));
}

#[tokio::test]
async fn corrections_are_asked_made_and_shown_to_the_secretary_as_a_diff() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(&campaign, "Hồ sơ cần bổ sung", "40"),
            Some(&s),
        )
        .await;
    let id = filed_id(&r.location);
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let id_s = id.to_string();
    let r = app
        .post(
            "/api/yeu-cau-bo-sung",
            &[("initiative_id", id_s.as_str()), ("message", "")],
            Some(&sec),
        )
        .await;
    let page = app.get(&r.location, Some(&sec)).await;
    assert!(
        page.body.contains("id=\"f-message-error\""),
        "a message is required"
    );
    let r = app
        .post(
            "/api/yeu-cau-bo-sung",
            &[
                ("initiative_id", id_s.as_str()),
                ("message", "Bổ sung ảnh chụp kết quả áp dụng."),
            ],
            Some(&sec),
        )
        .await;
    assert_eq!(r.location, format!("/thu-ky/{id}"));

    let case = app.get(&format!("/ho-so/{id}"), Some(&s)).await;
    assert!(case.body.contains("Bổ sung ảnh chụp kết quả áp dụng."));
    let r = app
        .post(
            "/api/sua-ho-so",
            &[("initiative_id", id_s.as_str())],
            Some(&s),
        )
        .await;
    assert!(
        r.location.starts_with("/nop-sang-kien?nhap="),
        "{}",
        r.location
    );
    let d = draft_of(&r.location);
    let form_page = app.get(&r.location, Some(&s)).await;
    assert!(form_page.body.contains("Bạn đang sửa hồ sơ"));
    assert!(form_page.body.contains("value=\"Hồ sơ cần bổ sung\""));

    let mut form = submission(&campaign, "Hồ sơ cần bổ sung (đã bổ sung ảnh)", "40");
    form.push(("draft_id".into(), d.to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert_eq!(r.location, format!("/ho-so/{id}?da-nop-lai=1"));
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(
        panel
            .body
            .contains("<ins>Hồ sơ cần bổ sung (đã bổ sung ảnh)</ins>")
    );
    assert!(panel.body.contains("<del>Hồ sơ cần bổ sung</del>"));
    assert!(panel.body.contains("Thay đổi từ lần nộp 1 đến lần nộp 2"));
    assert!(
        !panel.body.contains("class=\"compare-form\""),
        "two versions need no choice"
    );

    // A third version: the panel compares the last two, or any pair chosen.
    app.post(
        "/api/yeu-cau-bo-sung",
        &[
            ("initiative_id", id_s.as_str()),
            ("message", "Ghi rõ đơn vị áp dụng."),
        ],
        Some(&sec),
    )
    .await;
    let r = app
        .post(
            "/api/sua-ho-so",
            &[("initiative_id", id_s.as_str())],
            Some(&s),
        )
        .await;
    let mut form = submission(&campaign, "Hồ sơ đã bổ sung lần hai", "40");
    form.push(("draft_id".into(), draft_of(&r.location).to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert_eq!(r.location, format!("/ho-so/{id}?da-nop-lai=1"));
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(panel.body.contains("Thay đổi từ lần nộp 2 đến lần nộp 3"));
    assert!(
        panel
            .body
            .contains("<del>Hồ sơ cần bổ sung (đã bổ sung ảnh)</del>")
    );
    assert!(panel.body.contains("class=\"compare-form\""));
    for query in ["?tu=1&den=3", "?tu=3&den=1"] {
        let panel = app.get(&format!("/thu-ky/{id}{query}"), Some(&sec)).await;
        assert!(
            panel.body.contains("Thay đổi từ lần nộp 1 đến lần nộp 3"),
            "{query}"
        );
        assert!(
            panel.body.contains("<del>Hồ sơ cần bổ sung</del>"),
            "{query}"
        );
        assert!(
            panel.body.contains("<ins>Hồ sơ đã bổ sung lần hai</ins>"),
            "{query}"
        );
    }
    let same = app
        .get(&format!("/thu-ky/{id}?tu=2&den=2"), Some(&sec))
        .await;
    assert!(
        !same.body.contains("<ins>"),
        "one version against itself shows no changes"
    );
    assert!(same.body.contains("Hãy chọn hai lần nộp khác nhau"));
    // Someone else cannot start a correction of it.
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/sua-ho-so",
            &[("initiative_id", id_s.as_str())],
            Some(&other),
        )
        .await;
    assert!(
        !r.location.starts_with("/nop-sang-kien?nhap="),
        "{}",
        r.location
    );
}

/// The part of a page holding one long section (its heading to the end of its section element).
fn section_html<'a>(page: &'a str, code: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"muc-{code}\""))
        .unwrap_or_else(|| panic!("section {code} on the page"));
    let end = start + page[start..].find("</section>").expect("section end");
    &page[start..end]
}

#[tokio::test]
async fn rich_text_keeps_the_safe_subset_on_every_page_and_nothing_else() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let mut form = submission(&app.f.open_campaign.to_string(), "Phiếu hẹn điện tử", "40");
    set(
        &mut form,
        "description",
        "Mục đích: **giảm-thời-gian-chờ** cho *người dân*.\n\n- Bước một\n- Bước hai\n\n\
         [Cổng dịch vụ công](https://dichvucong.gov.vn) [xấu](javascript:alert(1))\n\n\
         <script>alert('xss-marker')</script><img src=x onerror=alert(2)> <a href=\"https://a.vn\" onclick=\"x()\">a</a>",
    );
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let id = filed_id(&r.location);
    app.recognise(id).await;
    app.index().await;
    for (path, session) in [
        (format!("/ho-so/{id}"), Some(s.as_str())),
        (format!("/sang-kien/{id}"), None),
    ] {
        let page = app.get(&path, session).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = section_html(&page.body, "new_solution");
        assert!(
            html.contains("<strong>giảm-thời-gian-chờ</strong>"),
            "{path}: {html}"
        );
        assert!(html.contains("<em>người dân</em>"), "{path}");
        assert!(html.contains("<li>Bước một</li>"), "{path}");
        assert!(
            html.contains(r#"<a href="https://dichvucong.gov.vn" rel="nofollow noopener noreferrer">Cổng dịch vụ công</a>"#),
            "{path}: {html}"
        );
        // Raw HTML reads as the characters typed: no tag or attribute of it survives.
        assert!(
            html.contains(
                "&lt;script&gt;alert('xss-marker')&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
            ),
            "{path}: {html}"
        );
        for banned in [
            "<script",
            "href=\"javascript:",
            "<img",
            // The raw link is text now, its onclick with it.
            "<a href=\"https://a.vn\"",
        ] {
            assert!(
                !html.contains(banned),
                "{path}: {banned} survived in {html}"
            );
        }
    }
    // The API keeps the text as typed and offers the same sanitised HTML.
    let api = app.get(&format!("/api/v1/initiatives/{id}"), None).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(
        json["description"]
            .as_str()
            .unwrap()
            .contains("**giảm-thời-gian-chờ**")
    );
    let html = json["description_html"].as_str().unwrap();
    assert!(
        html.contains("<strong>giảm-thời-gian-chờ</strong>") && !html.contains("<script"),
        "{html}"
    );
    // Search reads words, not marks: a bolded word is found, and the snippet carries no markup.
    let found = app
        .get("/api/v1/initiatives?q=giam-thoi-gian-cho", None)
        .await;
    let json: serde_json::Value = serde_json::from_str(&found.body).unwrap();
    assert_eq!(json["total"], 1, "{}", found.body);
    let snippet = json["items"][0]["snippet"].as_str().unwrap_or_default();
    assert!(
        !snippet.contains("**") && !snippet.contains("xss-marker"),
        "{snippet}"
    );
}

#[tokio::test]
async fn the_formatting_preview_renders_on_the_server_for_signed_in_people_only() {
    let app = TestApp::new().await;
    let text = "**đậm** <script>alert(1)</script>";
    let anonymous = app
        .post_accepting(
            "/api/xem-truoc",
            &[("text", text)],
            None,
            "application/json",
        )
        .await;
    assert_ne!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.body.contains("strong"), "{}", anonymous.body);
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let r = app
        .post_accepting(
            "/api/xem-truoc",
            &[("text", text)],
            Some(&s),
            "application/json",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let html: String = serde_json::from_str(&r.body).unwrap();
    // Raw HTML reads as the characters typed.
    assert_eq!(
        html,
        "<p><strong>đậm</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
}

impl TestApp {
    /// Files an entry of the fixture's submitter for `unit` (straight through the service).
    async fn file_entry(&self, title: &str, unit: &str) -> i64 {
        let mut input = domain::testing::application(self.f.open_campaign, title);
        input.unit = unit.into();
        let valid = input
            .parse(domain::time::today(), "Lò Văn Tác")
            .expect("valid input");
        domain::initiatives::submit(&self.ctx.services.db, &self.f.submitter, valid, None)
            .await
            .expect("submit")
            .id
    }
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
    domain::screening::screen(
        db,
        &sec,
        &[free, conflicted],
        &domain::screening::Screen::Eligible,
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
    let panel = domain::deliberation::panel(db, &sec, conflicted)
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
    let v = domain::initiatives::get_for(db, Some(&app.f.submitter), refused)
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
    let audit = app.get("/quan-tri/nhat-ky", Some(&chair)).await;
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
    domain::screening::screen(
        db,
        &app.f.secretary,
        &[id],
        &domain::screening::Screen::Eligible,
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
    domain::deliberation::cast_vote(db, &app.f.admin, id, true)
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

/// The place facet on the demo data: a former district finds today's communes formed from it, in
/// the search page, the API and the feed; its label says until when it existed.
#[tokio::test]
async fn a_former_district_finds_the_communes_formed_from_it() {
    let app = TestApp::with_demo().await;
    app.index().await;
    // Sốp Cộp district: Xã Sốp Cộp and Xã Mường Lèo have recognised entries; Mường Lạn's is only
    // submitted.
    let page = app.get("/tim-kiem?dia-ban=h_sop_cop", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("2 sáng kiến được công nhận"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Lớp học số cho học sinh bán trú"));
    assert!(
        page.body
            .contains("Phát thanh thông minh bằng tiếng dân tộc")
    );
    assert!(!page.body.contains("Hóa đơn điện tử cho hộ kinh doanh"));
    let facet = page
        .body
        .split(r#"id="loc-dia-ban""#)
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the place facet");
    assert!(facet.contains("Địa bàn"), "{facet}");
    assert!(facet.contains("Huyện Sốp Cộp (đến 30/06/2025)"), "{facet}");
    assert!(facet.contains("Xã Mường Lèo"), "{facet}");
    assert_eq!(facet.matches(r#"aria-current="true""#).count(), 1);
    // The form for a new query keeps the place.
    assert!(
        page.body
            .contains(r#"<input type="hidden" name="dia-ban" value="h_sop_cop""#)
    );
    // Today's commune alone.
    let one = app.get("/tim-kiem?dia-ban=xa_muong_leo", None).await;
    assert!(one.body.contains("1 sáng kiến được công nhận"));
    // The API and the feed take the same filter.
    let api: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/initiatives?place=h_sop_cop", None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(api["total"], 2);
    assert_eq!(api["facets"]["place"]["h_sop_cop"], 2);
    assert_eq!(api["facets"]["place"]["xa_sop_cop"], 1);
    let feed = app
        .get("/feeds/initiatives.atom?place=h_sop_cop", None)
        .await;
    assert_eq!(feed.body.matches("<entry>").count(), 2, "{}", feed.body);
    // The district's own page leads to every entry of its area.
    let district = app.get("/don-vi/h_sop_cop", None).await;
    assert!(district.body.contains("Huyện Sốp Cộp"));
    assert!(
        district
            .body
            .contains(r#"href="/tim-kiem?dia-ban=h_sop_cop""#),
        "{}",
        district.body
    );
    let department = app.get("/don-vi/so_y_te", None).await;
    assert!(
        !department.body.contains("dia-ban="),
        "a department is no place"
    );
    // A place no unit has matches nothing.
    let none = app.get("/tim-kiem?dia-ban=khong_co", None).await;
    assert!(none.body.contains("0 sáng kiến được công nhận"));
}

/// The search page on the demo data: facets with counts that filter through the address, filters
/// kept by pagination, sorting and a new query; highlighted excerpts; "did you mean".
#[tokio::test]
async fn search_page_filters_by_facets_in_the_address() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let page = app.get("/tim-kiem?q=nong+san", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Lọc kết quả"), "facets shown");
    assert!(page.body.contains("<mark>"), "excerpts highlight the words");
    // Sector facet: agriculture has two recognised demo entries (the coffee one was refused).
    let page = app.get("/tim-kiem?linh-vuc=nong_nghiep", None).await;
    assert!(
        page.body.contains("2 sáng kiến được công nhận"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Quản lý đàn bò sữa bằng thẻ tai điện tử")
    );
    assert!(
        page.body
            .contains("Truy xuất nguồn gốc xoài Yên Châu bằng mã QR")
    );
    assert!(
        !page.body.contains("Lịch tưới cà phê"),
        "refused entries never appear"
    );
    // The selected value links back to the unfiltered search; the new-query form keeps the filter.
    assert!(page.body.contains(r#"aria-current="true""#));
    assert!(
        page.body
            .contains(r#"<input type="hidden" name="linh-vuc" value="nong_nghiep""#)
    );
    // The unit facet: the units of these entries with their counts; choosing one keeps the sector.
    let unit_href = page
        .body
        .split("id=\"loc-don-vi\"")
        .nth(1)
        .and_then(|s| s.split("href=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("a unit facet")
        .replace("&amp;", "&");
    assert!(
        unit_href.contains("linh-vuc=nong_nghiep") && unit_href.contains("don-vi="),
        "{unit_href}"
    );
    let by_unit = app.get(&unit_href, None).await;
    assert!(
        by_unit.body.contains("1 sáng kiến được công nhận")
            || by_unit.body.contains("2 sáng kiến được công nhận"),
        "{}",
        by_unit.body
    );
    let facets = by_unit
        .body
        .split(r#"id="bo-loc""#)
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        facets.matches(r#"aria-current="true""#).count(),
        2,
        "sector and unit both selected"
    );
    // Filters typed in the query work too.
    let typed = app
        .get("/tim-kiem?q=linh-vuc%3Anong_nghiep+xoai", None)
        .await;
    assert!(typed.body.contains("Truy xuất nguồn gốc xoài"));
    assert!(!typed.body.contains("Quản lý đàn bò sữa"));
    // Pagination keeps the sort (and any filter) in the address.
    let all = app.get("/tim-kiem?sap-xep=newest", None).await;
    assert!(
        all.body
            .contains("href=\"/tim-kiem?sap-xep=newest&amp;trang=2\""),
        "{}",
        all.body
    );
    // Nothing found: a corrected query is offered, and it finds the entry.
    let none = app
        .get(
            "/tim-kiem?q=th%E1%BA%BB+tai+%C4%91i%E1%BB%87n+t%E1%BB%ADu",
            None,
        )
        .await;
    assert!(none.body.contains("Có phải bạn muốn tìm:"), "{}", none.body);
    let href = none
        .body
        .split("class=\"did-you-mean\"")
        .nth(1)
        .and_then(|s| s.split("href=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let fixed = app.get(&href, None).await;
    assert!(
        fixed
            .body
            .contains("Quản lý đàn bò sữa bằng thẻ tai điện tử"),
        "{href}"
    );
    // The API's search results carry the excerpt.
    let api = app.get("/api/v1/initiatives?q=the+tai", None).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(
        json["facets"]["unit"]
            .as_object()
            .is_some_and(|u| !u.is_empty()),
        "{json}"
    );
    assert_eq!(json["fallback"], false);
    assert!(
        json["items"][0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("<mark>")),
        "{json}"
    );
}

/// Never a dead end (issue 18): a long query one of whose words no entry has finds the entry with
/// most of them, says so beside the results, and the count and facets describe what is shown; when
/// a few have every word, the note says they come first.
#[tokio::test]
async fn a_long_query_with_a_word_no_entry_has_still_finds_and_says_so() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let note = "Không có sáng kiến nào chứa đủ mọi từ bạn gõ";
    let page = app
        .get(
            &format!(
                "/tim-kiem?q={}",
                enc("đặt lịch khám bệnh cho người dân trực tuyến")
            ),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Đặt lịch khám bệnh trực tuyến tại bệnh viện tỉnh"),
        "{}",
        page.body
    );
    assert!(page.body.contains(note), "{}", page.body);
    assert!(
        !page.body.contains("0 sáng kiến được công nhận"),
        "the count is of what is shown"
    );
    // The same in the API, which has no note but the same total.
    let api = app
        .get(
            &format!(
                "/api/v1/initiatives?q={}",
                enc("đặt lịch khám bệnh cho người dân trực tuyến")
            ),
            None,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(json["total"].as_u64().is_some_and(|n| n >= 1), "{json}");
    let exact = app
        .get(
            &format!("/tim-kiem?q={}", enc("đặt lịch khám bệnh trực tuyến")),
            None,
        )
        .await;
    assert!(
        exact
            .body
            .contains("Đặt lịch khám bệnh trực tuyến tại bệnh viện tỉnh")
    );
    assert!(!exact.body.contains(note), "{}", exact.body);
    // Fewer than a page have every word: they come first, and the page says how many.
    assert!(
        exact
            .body
            .contains("sáng kiến đầu tiên chứa đủ mọi từ bạn gõ"),
        "{}",
        exact.body
    );
}

/// Open data on the demo data: downloads, the feed and the sitemap hold every recognised entry and
/// nothing else; the OpenAPI document, the data dictionary, and the detail page's structured data,
/// Open Graph tags and similar solutions.
#[tokio::test]
async fn open_data_holds_recognised_entries_only() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/initiatives?per_page=100", None).await.body)
            .unwrap();
    let mut public: Vec<i64> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    public.sort();
    assert!(public.len() > 20);
    let ids_in = |body: &str, prefix: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = body
            .split(prefix)
            .skip(1)
            .filter_map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    // CSV: BOM, the documented header, one row per recognised entry.
    let csv = app.get("/open-data/initiatives.csv", None).await;
    assert!(
        csv.body
            .starts_with("\u{feff}id,external_id,code,campaign,year,title,")
    );
    assert_eq!(csv.body.trim_end().lines().count(), public.len() + 1);
    assert_eq!(ids_in(&csv.body, "/sang-kien/"), public);
    // JSON: the API's objects.
    let json: serde_json::Value =
        serde_json::from_str(&app.get("/open-data/initiatives.json", None).await.body).unwrap();
    let mut ids: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, public);
    // Sitemap and feed: public entries only; the feed follows the search's filters.
    let sitemap = app.get("/sitemap.xml", None).await;
    assert_eq!(ids_in(&sitemap.body, "/sang-kien/"), public);
    let feed = app.get("/feeds/initiatives.atom", None).await;
    assert!(
        feed.body.starts_with("<?xml")
            && feed
                .body
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    assert!(feed.body.contains("<id>urn:sangkien:feed:all</id>"));
    assert!(
        feed.body
            .contains(r#"<link rel="self" href="/feeds/initiatives.atom"/>"#)
    );
    let in_feed = ids_in(&feed.body, "urn:sangkien:initiative:");
    assert!(!in_feed.is_empty() && in_feed.iter().all(|id| public.contains(id)));
    let farming = app
        .get("/feeds/initiatives.atom?sector=nong_nghiep", None)
        .await;
    assert_eq!(farming.body.matches("<entry>").count(), 2);
    assert!(
        farming
            .body
            .contains("Quản lý đàn bò sữa bằng thẻ tai điện tử")
    );
    let bad = app
        .get("/feeds/initiatives.atom?sector=khong_co", None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The search page offers the feed of the same search.
    let page = app
        .get("/tim-kiem?q=bo+sua&linh-vuc=nong_nghiep", None)
        .await;
    assert!(
        page.body
            .contains("/feeds/initiatives.atom?q=bo+sua&amp;sector=nong_nghiep")
    );
    // The OpenAPI document and the data dictionary.
    let doc: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/openapi.json", None).await.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/initiatives"]["get"].is_object());
    let dictionary = app.get("/du-lieu-mo", None).await;
    assert_eq!(dictionary.status, StatusCode::OK);
    assert!(dictionary.body.contains("Từ điển dữ liệu") && dictionary.body.contains("external_id"));
    // Detail page: structured data, Open Graph, five similar solutions (not itself).
    let id = public[0];
    let detail = app.get(&format!("/sang-kien/{id}"), None).await;
    let ld = detail
        .body
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "CreativeWork");
    assert_eq!(ld["@context"], "https://schema.org");
    assert!(ld["author"][0]["name"].is_string());
    assert!(detail.body.contains(r#"property="og:title""#));
    assert!(
        detail
            .body
            .contains(r#"property="og:type" content="article""#)
    );
    let similar = detail
        .body
        .split(r#"id="tuong-tu""#)
        .nth(1)
        .expect("similar solutions");
    let shown = ids_in(similar, "href=\"/sang-kien/");
    assert!(!shown.is_empty() && shown.len() <= 5, "{shown:?}");
    assert!(!shown.contains(&id), "not itself");
}

/// Unit and author pages on the demo data: recognised solutions only, with level, year and share;
/// authors found by name however it is capitalised; the detail page links to both.
#[tokio::test]
async fn unit_and_author_pages_list_recognised_solutions() {
    let app = TestApp::with_demo().await;
    let unit = app.get("/don-vi/xa_muong_bam", None).await;
    assert_eq!(unit.status, StatusCode::OK);
    assert!(unit.body.contains("Số hóa hồ sơ một cửa cấp xã"));
    assert!(unit.body.contains("sáng kiến được công nhận"));
    assert_eq!(
        app.get("/don-vi/khong_co", None).await.status,
        StatusCode::NOT_FOUND
    );
    let person = app
        .get("/tac-gia?ten=l%C3%B2+v%C4%83n++TH%E1%BA%AENG", None)
        .await;
    assert_eq!(person.status, StatusCode::OK);
    assert!(
        person.body.contains("Số hóa hồ sơ một cửa cấp xã"),
        "{}",
        person.body
    );
    assert!(person.body.contains("60%") && person.body.contains("Cấp tỉnh"));
    assert!(person.body.contains("<td>2025</td>"));
    // The author of a refused entry has no recognised solution to show.
    let refused = app.get("/tac-gia?ten=M%C3%B9a+A+Ch%C3%B4ng", None).await;
    assert!(
        refused
            .body
            .contains("Không có sáng kiến được công nhận nào")
    );
    assert!(!refused.body.contains("Chữ ký số cho trưởng bản"));
    // The detail page links its unit and authors.
    let id = domain::public::all_views(&app.ctx.services)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.title == "Số hóa hồ sơ một cửa cấp xã")
        .unwrap()
        .id;
    let detail = app.get(&format!("/sang-kien/{id}"), None).await;
    assert!(detail.body.contains(r#"href="/don-vi/xa_muong_bam""#));
    assert!(
        detail
            .body
            .contains("href=\"/tac-gia?ten=L%C3%B2+V%C4%83n+Th%E1%BA%AFng\"")
    );
}

/// The statistics page: server-drawn charts, each with its data table; published outcomes only.
#[tokio::test]
async fn statistics_are_drawn_on_the_server_with_their_tables() {
    let app = TestApp::with_demo().await;
    let recognised = domain::public::all_views(&app.ctx.services)
        .await
        .unwrap()
        .len();
    let page = app.get("/thong-ke", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("Tổng số sáng kiến được công nhận: {recognised}")),
        "{}",
        page.body
    );
    assert!(page.body.matches("<svg").count() >= 6);
    assert!(page.body.contains(r#"role="img""#));
    assert!(page.body.contains("Tỷ lệ công nhận theo đợt"));
    // The agriculture row: two recognised (the refused coffee entry does not count).
    assert!(
        page.body
            .contains(r#"<th scope="row">Nông nghiệp</th><td>2</td>"#)
    );
    // Each campaign's filed and recognised counts, and the rate.
    let counts = domain::initiatives::counts(&app.ctx.services.db, None)
        .await
        .unwrap();
    assert_eq!(counts.recognised as usize, recognised);
    assert!(page.body.contains('%'));
    // A rate only for campaigns whose announcement is out; the others are "in progress" (issue 19).
    let stats = domain::public::statistics(&app.ctx.services).await.unwrap();
    let (announced, running): (Vec<_>, Vec<_>) = stats.campaigns.iter().partition(|c| c.announced);
    assert!(
        !announced.is_empty() && !running.is_empty(),
        "the demo has both"
    );
    for c in running {
        let row = format!(
            "<th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>Đang diễn ra, chưa công bố kết quả</td>",
            c.name, c.submitted, c.recognised
        );
        assert!(page.body.contains(&row), "{row}");
    }
    for c in announced {
        let row = format!(
            "<th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>",
            c.name, c.submitted, c.recognised
        );
        let at = page.body.find(&row).unwrap_or_else(|| panic!("{row}"));
        assert!(
            page.body[at + row.len()..]
                .split("</td>")
                .next()
                .unwrap()
                .ends_with('%')
        );
    }
}

/// Issue 19, point 9: the secretary ticks several reviewers at once; all are assigned or none.
#[tokio::test]
async fn several_reviewers_are_assigned_at_once_or_none() {
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let id = app
        .file_entry("Bản đồ số các điểm du lịch cộng đồng", "phuong_to_hieu")
        .await;
    domain::screening::screen(
        db,
        &app.f.secretary,
        &[id],
        &domain::screening::Screen::Eligible,
    )
    .await
    .unwrap();
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let page = format!("/thu-ky/{id}");
    let panel = app.get(&page, Some(&sec)).await;
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
        domain::deliberation::panel(db, &app.f.secretary, id)
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
