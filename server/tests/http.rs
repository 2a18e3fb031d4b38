//! HTTP tests through the real router (in-process, `oneshot`): forms as a browser without JavaScript
//! posts them, the public API, health checks, and who may see what.
use axum::Router;
use axum::body::Body;
use domain::testing::{Fixture, PASSWORD, TestContext};
use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

struct TestApp {
    router: Router,
    ctx: TestContext,
    f: Fixture,
}

struct Reply {
    status: StatusCode,
    location: String,
    cookie: Option<String>,
    body: String,
}

impl TestApp {
    async fn new() -> Self {
        let ctx = TestContext::new().await;
        let f = ctx.fixture().await;
        let router = server::router(
            ctx.services.clone(),
            server::leptos_options(),
            app::ssr::WebConfig::default(),
        );
        TestApp { router, ctx, f }
    }

    /// An app on the demo data instead of the fixture.
    async fn with_demo() -> Self {
        let ctx = TestContext::new().await;
        assert!(
            domain::demo::load_if_empty(&ctx.services.db)
                .await
                .unwrap()
                .is_some()
        );
        let f = ctx.fixture().await;
        let router = server::router(
            ctx.services.clone(),
            server::leptos_options(),
            app::ssr::WebConfig::default(),
        );
        TestApp { router, ctx, f }
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("sk_session="))
            .map(str::to_string);
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            location,
            cookie,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&self, path: &str, session: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(s) = session {
            req = req.header(header::COOKIE, s);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Posts a form the way a browser without JavaScript does.
    async fn post(&self, path: &str, form: &[(&str, &str)], session: Option<&str>) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, "http://127.0.0.1:3000/");
        if let Some(s) = session {
            req = req.header(header::COOKIE, s);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// Signs in through the form and returns the cookie to send.
    async fn sign_in(&self, email: &str) -> String {
        let r = self
            .post(
                "/api/dang-nhap",
                &[("email", email), ("password", PASSWORD), ("next", "/")],
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FOUND,
            "sign-in of {email}: {}",
            r.body
        );
        let c = r.cookie.expect("session cookie");
        c.split(';').next().unwrap().to_string()
    }

    async fn index(&self) {
        domain::search::apply_pending(&self.ctx.services.db, &self.ctx.services.search)
            .await
            .unwrap();
    }
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn submission<'a>(f: &'a str, title: &'a str, share2: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("campaign_id", f),
        ("title", title),
        (
            "summary",
            "Người dân nộp hồ sơ trực tuyến tại nhà văn hóa bản với sự hỗ trợ của tổ công nghệ số.",
        ),
        (
            "description",
            "Giải pháp đã biết: nộp giấy tại xã. Giải pháp mới: nộp trực tuyến có hỗ trợ. Hiệu quả: giảm đi lại.",
        ),
        ("solution_type", "tac_nghiep"),
        ("pillar", "chinh_quyen_so"),
        ("sector", "hanh_chinh_cong"),
        ("unit", "xa_ngoc_chien"),
        ("authors[0][name]", "Lò Văn Bun"),
        ("authors[0][share]", "60"),
        ("authors[1][name]", "Lường Thị Thảo"),
        ("authors[1][share]", share2),
        ("authors[2][name]", ""),
        ("authors[2][share]", ""),
    ]
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
async fn registering_signs_in_with_a_safe_session_cookie() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/dang-ky",
            &[
                ("full_name", "Sa Văn Mới"),
                ("email", "moi@son-la.vn"),
                ("password", "mot-mat-khau-dai"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert_eq!(r.location, "/cua-toi?chao=1");
    let cookie = r.cookie.expect("cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = app
        .get(&r.location, Some(cookie.split(';').next().unwrap()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sa Văn Mới"));
    assert!(page.body.contains("Đăng ký thành công"));
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
    let page = app.get(&r.location, None).await;
    assert!(page.body.contains("value=\"Cầm Thị Hoa\""));
    assert!(page.body.contains("Địa chỉ email không hợp lệ."));
    assert!(page.body.contains("tối thiểu 10 ký tự"));
    assert!(
        !page.body.contains("ngan\""),
        "a password is never echoed back"
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
    let page = app.get(&r.location, None).await;
    assert!(page.body.contains("Email hoặc mật khẩu không đúng."));
    assert!(page.body.contains("value=\"tacgia@thu.nghiem.vn\""));
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
        .post(
            "/api/nop-sang-kien",
            &submission(&campaign, "Tổ công nghệ số cộng đồng theo lịch bản", "39"),
            Some(&s),
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    assert!(
        r.location.starts_with("/nop-sang-kien?f="),
        "{}",
        r.location
    );
    let page = app.get(&r.location, Some(&s)).await;
    assert!(
        page.body
            .contains("value=\"Tổ công nghệ số cộng đồng theo lịch bản\"")
    );
    assert!(page.body.contains("Lường Thị Thảo"));
    assert!(
        page.body.contains("phải bằng đúng 100% (hiện là 99%)"),
        "error next to the authors table"
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
    form[5] = ("pillar", "khong_co");
    let r = app.post("/api/nop-sang-kien", &form, Some(&s)).await;
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
        .post(
            "/api/nop-sang-kien",
            &submission(&campaign, "Sáng kiến nộp muộn sau hạn", "40"),
            Some(&s),
        )
        .await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("ngoài thời gian nộp"));
}

#[tokio::test]
async fn the_whole_journey_through_forms_and_the_public_api() {
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    let author = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();

    // Submit → receipt.
    let r = app
        .post(
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
    let id: i64 = r
        .location
        .trim_start_matches("/ho-so/")
        .trim_end_matches("?bien-nhan=1")
        .parse()
        .unwrap();
    let receipt = app.get(&r.location, Some(&author)).await;
    let year = domain::time::case_year(domain::time::now());
    assert!(receipt.body.contains(&format!("SK-{year}-0001")));
    assert!(receipt.body.contains("Ngày hẹn trả kết quả"));
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
            ("reviewer_id", &reviewer_id),
        ],
        Some(&author),
    )
    .await;
    assert!(
        domain::review::panel(db, &app.f.secretary, id)
            .await
            .unwrap()
            .sheets
            .is_empty()
    );

    // The secretary assigns a reviewer.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/phan-cong",
            &[
                ("initiative_id", &id.to_string()),
                ("reviewer_id", &reviewer_id),
            ],
            Some(&sec),
        )
        .await;
    assert_eq!(r.location, format!("/thu-ky/{id}"));

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
    let rejected = app.post("/api/cham-diem", &bad_refs, Some(&rev2)).await;
    assert_ne!(rejected.location, "/cham-diem");
    let good = as_refs(&scores(["27", "31", "30"]));
    let good_refs: Vec<(&str, &str)> = good.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = app.post("/api/cham-diem", &good_refs, Some(&rev)).await;
    assert_eq!(r.location, "/cham-diem");

    // The secretary sees the mean and decides.
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(panel.body.contains("Điểm trung bình"));
    assert!(panel.body.contains("88"));
    let id_s = id.to_string();
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
    assert!(page.body.contains("id=\"f-confirm\""));
    assert!(page.body.contains(
        "Tôi đã kiểm tra và xác nhận ghi nhận quyết định này: Vui lòng nhập thông tin này."
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
    assert_eq!(r.location, format!("/thu-ky/{id}"));
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
        .post(
            "/api/nop-sang-kien",
            &submission(&campaign, "Sáng kiến sẽ được rút lại", "40"),
            Some(&s),
        )
        .await;
    let id = r
        .location
        .trim_start_matches("/ho-so/")
        .trim_end_matches("?bien-nhan=1")
        .to_string();
    let page = app.get(&format!("/ho-so/{id}"), Some(&s)).await;
    assert!(page.body.contains("action=\"/api/rut-ho-so\""));
    // Without the box ticked nothing happens.
    let r = app
        .post("/api/rut-ho-so", &[("initiative_id", &id)], Some(&s))
        .await;
    let page = app.get(&r.location, Some(&s)).await;
    assert!(page.body.contains("Vui lòng nhập thông tin này."));
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
