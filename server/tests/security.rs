//! Regression tests of the holes closed for "Trust" (issue 17), one or more per hole, through the
//! real router: each fails on the code before its fix.
mod support;
use futures_util::StreamExt;
use http_body_util::BodyExt;
use support::*;
use tower::ServiceExt;

const HOSTILE_TITLE: &str = "x </title><script>alert(1)</script><title>";

/// The `<title>` element of a page, as sent.
fn title_element(page: &str) -> &str {
    let start = page.find("<title>").expect("a <title>");
    let end = page[start..].find("</title>").expect("</title>") + start + "</title>".len();
    &page[start..end]
}

/// Hole 0: an entry's title reaches the document head escaped on every page that names it: the
/// filer's case, the secretary's panel and, once recognised, the public page.
#[tokio::test]
async fn a_title_with_markup_never_becomes_markup_in_the_head() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let form = submission(&app.f.open_campaign.to_string(), HOSTILE_TITLE, "40");
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let id = filed_id(&r.location);
    let staff = app.sign_in("thuky@thu.nghiem.vn").await;
    let own = app.get(&format!("/ho-so/{id}"), Some(&s)).await;
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&staff)).await;
    app.recognise(id).await;
    app.index().await;
    let public = app.get(&format!("/sang-kien/{id}"), None).await;
    for (name, page) in [("case", &own), ("secretary", &panel), ("public", &public)] {
        assert_eq!(page.status, StatusCode::OK, "{name}");
        assert!(
            !page.body.contains("<script>alert(1)"),
            "{name} page runs the title's script"
        );
        let title = title_element(&page.body);
        assert!(
            title.starts_with("<title>x &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{name}: {title}"
        );
    }
    // The Open Graph copies are attributes: quotes escaped, so nothing leaves the attribute.
    assert!(public.body.contains("property=\"og:title\""));
    assert_eq!(public.body.matches("<script>alert(1)").count(), 0);
}

/// Hole 1: `next` after signing in is a path of this site, however the browser would read it.
#[tokio::test]
async fn sign_in_refuses_every_way_off_the_site() {
    let app = TestApp::new().await;
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "//evil.example",
        "https://evil.example/",
        "/%09/evil.example",
    ] {
        let r = app
            .post(
                "/api/dang-nhap",
                &[
                    ("email", "tacgia@thu.nghiem.vn"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::FOUND, "{next:?}");
        let location = r.location.as_str();
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{next:?} → {location:?}"
        );
        assert!(
            !location.contains('\t') && !location.contains('\\') && !location.contains('\n'),
            "{next:?} → {location:?}"
        );
    }
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", PASSWORD),
                ("next", "/\t/evil.example"),
            ],
            None,
        )
        .await;
    assert_eq!(r.location, "/");
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", PASSWORD),
                ("next", "/tim-kiem?q=so+hoa"),
            ],
            None,
        )
        .await;
    assert_eq!(
        r.location, "/tim-kiem?q=so+hoa",
        "a path of the site is kept"
    );
}

/// A form post with the headers a browser adds (`Origin`, `Host`).
async fn post_from(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    session: Option<&str>,
    origin: &str,
) -> Reply {
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, origin);
    if let Some(s) = session {
        req = req.header(header::COOKIE, s);
    }
    app.send(req.body(axum::body::Body::from(body)).unwrap())
        .await
}

/// Hole 8: a post from another site is refused even with the visitor's session cookie, and so is a
/// sign-in (login CSRF); the same post from this site's page goes through.
#[tokio::test]
async fn a_cross_site_post_with_a_valid_session_cookie_is_refused() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let r = post_from(
        &app,
        "/api/dang-xuat-tat-ca",
        &[],
        Some(&s),
        "https://evil.example",
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Yêu cầu bị từ chối"), "{}", r.body);
    let still = app.get("/tai-khoan", Some(&s)).await;
    assert_eq!(still.status, StatusCode::OK, "the session was not ended");
    let login = [
        ("email", "tacgia@thu.nghiem.vn"),
        ("password", PASSWORD),
        ("next", "/"),
    ];
    let r = post_from(&app, "/api/dang-nhap", &login, None, "https://evil.example").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.cookie.is_none(), "no session planted from another site");
    let r = post_from(&app, "/api/dang-nhap", &login, None, "null").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post_from(
        &app,
        "/api/dang-nhap",
        &login,
        None,
        "http://127.0.0.1:3000",
    )
    .await;
    assert_eq!(r.status, StatusCode::FOUND, "this site's own form");
    // Without Origin, a browser's Sec-Fetch-Site decides.
    let req = Request::post("/api/dang-xuat-tat-ca")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, s.as_str())
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
}

/// Hole 9: every page carries a strict Content-Security-Policy whose nonce is the one on the page's
/// own loader script, changing per response; other responses allow no script at all.
#[tokio::test]
async fn pages_carry_a_nonce_csp_and_other_responses_allow_no_script() {
    let app = TestApp::new().await;
    let mut nonces = Vec::new();
    for path in [
        "/",
        "/tim-kiem?q=so+hoa",
        "/dang-nhap",
        "/khong-co-trang-nay",
    ] {
        let res = app
            .router
            .clone()
            .oneshot(Request::get(path).body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        let csp = res
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        let body = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec())
            .unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"));
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: the loader script carries the header's nonce"
        );
        nonces.push(nonce.to_string());
    }
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a new nonce per response");
    let res = app
        .router
        .clone()
        .oneshot(
            Request::get("/api/v1/initiatives")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).unwrap();
    assert!(csp.to_str().unwrap().contains("script-src 'none'"));
    assert!(
        res.headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "http: no HSTS"
    );
}

/// HSTS is sent when the portal's public address is https.
#[tokio::test]
async fn hsts_is_sent_when_the_portal_is_served_over_https() {
    let app = TestApp::new().await;
    let router = app.router_with(app::request::WebConfig {
        secure_cookies: true,
        public_url: "https://sangkien.sonla.gov.vn".into(),
        ..Default::default()
    });
    let res = router
        .oneshot(Request::get("/").body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let hsts = res
        .headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .expect("HSTS");
    assert!(hsts.to_str().unwrap().starts_with("max-age=31536000"));
}

/// Hole 5: the status timeline with its notes (a correction request, who acted) is for the filer
/// and the staff; a reviewer and any signed-in person reading the recognised entry see none of it.
#[tokio::test]
async fn status_notes_reach_only_the_filer_and_the_staff() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let r = app
        .post_form(
            "/api/nop-sang-kien",
            &submission(&campaign, "Hồ sơ có ghi chú nội bộ", "40"),
            Some(&s),
        )
        .await;
    let id = filed_id(&r.location);
    let id_s = id.to_string();
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    const NOTE: &str = "Ghi chú nội bộ 5517: thiếu biên bản.";
    app.post(
        "/api/yeu-cau-bo-sung",
        &[("initiative_id", id_s.as_str()), ("message", NOTE)],
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
    let mut form = submission(&campaign, "Hồ sơ có ghi chú nội bộ", "40");
    form.push(("draft_id".into(), draft_of(&r.location).to_string()));
    app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    app.recognise(id).await;
    let case = format!("/ho-so/{id}");
    assert!(
        app.get(&case, Some(&s)).await.body.contains(NOTE),
        "the filer sees it"
    );
    assert!(
        app.get(&case, Some(&sec)).await.body.contains(NOTE),
        "the secretary sees it"
    );
    let reviewer = app.sign_in("giamkhao@thu.nghiem.vn").await;
    let other = app.sign_in("khac@thu.nghiem.vn").await;
    for (who, cookie) in [("assigned reviewer", &reviewer), ("another filer", &other)] {
        let page = app.get(&case, Some(cookie)).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{who} may read the recognised entry"
        );
        assert!(page.body.contains("Hồ sơ có ghi chú nội bộ"));
        assert!(!page.body.contains("5517"), "{who} sees the status notes");
    }
}

/// A sign-in as a browser at `ip` posts it (the connection's address, as `serve` records it).
async fn sign_in_from(app: &TestApp, ip: [u8; 4], email: &str, password: &str) -> Reply {
    let body = format!("email={}&password={}&next=%2F", enc(email), enc(password));
    let mut req = Request::post("/api/dang-nhap")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(axum::body::Body::from(body))
        .unwrap();
    let addr = std::net::SocketAddr::from((ip, 40000));
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    app.send(req).await
}

/// Hole 4: eleven fast failed sign-ins from one address get 429 (with a page saying when to try
/// again), and so does the next one even with the right password; another address still signs in,
/// and only failures count: many good sign-ins from one office's address pass.
#[tokio::test]
async fn eleven_fast_failed_sign_ins_from_one_address_get_429() {
    let mut app = TestApp::new().await;
    // One more failure an hour instead of every six seconds: ten argon2 checks of a debug build on
    // a busy machine can take longer than six seconds, which would let an eleventh through.
    app.router = app.router_with(app::request::WebConfig {
        failed_sign_in_refill: Some(std::time::Duration::from_secs(3600)),
        ..Default::default()
    });
    let office = [203, 0, 113, 7];
    for _ in 0..12 {
        let r = sign_in_from(&app, office, "thuky@thu.nghiem.vn", PASSWORD).await;
        assert_eq!(r.status, StatusCode::FOUND, "good sign-ins are not counted");
    }
    let attacker = [198, 51, 100, 9];
    for k in 1..=10 {
        let r = sign_in_from(
            &app,
            attacker,
            &format!("nguoi{k}@thu.nghiem.vn"),
            "sai-mat-khau",
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::FOUND,
            "failure {k} is answered as usual"
        );
    }
    let r = sign_in_from(&app, attacker, "nguoi11@thu.nghiem.vn", "sai-mat-khau").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.body.contains("Thử quá nhiều lần") && r.body.contains("thử lại sau"),
        "{}",
        r.body
    );
    let r = sign_in_from(&app, attacker, "tacgia@thu.nghiem.vn", PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the address waits, whatever it sends"
    );
    assert!(r.cookie.is_none());
    let r = sign_in_from(&app, [192, 0, 2, 1], "tacgia@thu.nghiem.vn", PASSWORD).await;
    assert_eq!(
        r.status,
        StatusCode::FOUND,
        "another address is not held up"
    );
}

/// Hole 4: one account guessed from many addresses is held up too, and a forgotten-password request
/// cannot mail a victim without limit.
#[tokio::test]
async fn one_account_and_one_mailbox_are_throttled_across_addresses() {
    let app = TestApp::new().await;
    for k in 0..10u8 {
        let r = sign_in_from(&app, [10, 1, 0, k], "tacgia@thu.nghiem.vn", "sai").await;
        assert_eq!(r.status, StatusCode::FOUND);
    }
    let r = sign_in_from(&app, [10, 1, 0, 99], "tacgia@thu.nghiem.vn", "sai").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("thử lại sau"));
    let mut refused = 0;
    for k in 0..6u8 {
        let mut req = Request::post("/api/quen-mat-khau")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from("email=khac%40thu.nghiem.vn"))
            .unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [10, 2, 0, k],
                1,
            ))));
        let r = app.send(req).await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert_eq!(refused, 3, "three reset mails per mailbox, then wait");
}

/// Hole 10: a sign-in ends the session the browser carried before (a planted one cannot survive).
#[tokio::test]
async fn signing_in_ends_the_session_the_browser_carried() {
    let app = TestApp::new().await;
    let planted = app.sign_in("khac@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
            Some(&planted),
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    let fresh = r
        .cookie
        .expect("a new session")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(fresh, planted);
    let old = app.get("/tai-khoan", Some(&planted)).await;
    assert_eq!(old.status, StatusCode::FOUND, "the old session is gone");
    assert!(old.location.starts_with("/dang-nhap"));
    assert_eq!(
        app.get("/tai-khoan", Some(&fresh)).await.status,
        StatusCode::OK
    );
}

/// Hole 10: only the newest reset link opens; a password change voids a link mailed before; once a
/// mail has left, the log keeps its link without the secret.
#[tokio::test]
async fn old_reset_links_die_and_the_mail_log_forgets_the_secret() {
    let app = TestApp::new().await;
    let ask = || {
        app.post(
            "/api/quen-mat-khau",
            &[("email", "tacgia@thu.nghiem.vn")],
            None,
        )
    };
    ask().await;
    let first = newest_token(&app, "reset_password").await;
    ask().await;
    let second = newest_token(&app, "reset_password").await;
    let app = &app;
    let reset = |token: String| async move {
        let r = app
            .post(
                "/api/dat-lai-mat-khau",
                &[("token", token.as_str()), ("password", "mat-khau-moi-123")],
                None,
            )
            .await;
        app.get(&r.location, r.form_cookie.as_deref())
            .await
            .body
            .contains("Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn")
    };
    assert!(
        reset(first).await,
        "the first link died when the second was asked for"
    );
    // A password change voids the second one.
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    app.post(
        "/api/doi-mat-khau",
        &[
            ("current_password", PASSWORD),
            ("new_password", "mat-khau-doi-456"),
        ],
        Some(&s),
    )
    .await;
    assert!(
        reset(second.clone()).await,
        "a link mailed before a password change is void"
    );

    domain::mail::deliver_due(&app.ctx.services.db, &app.mailer)
        .await
        .unwrap();
    use sea_orm::EntityTrait;
    let rows = domain::entities::mail_outbox::Entity::find()
        .all(&app.ctx.services.db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .any(|r| r.kind == "reset_password" && r.sent_at.is_some()),
        "the reset mails were sent"
    );
    for r in rows.iter().filter(|r| r.sent_at.is_some()) {
        let path = r.link_path.as_deref().unwrap_or("");
        assert!(
            !path.contains(&second),
            "a sent mail's row keeps the secret: {path}"
        );
        assert!(
            !path.contains("ma=") || path.ends_with("ma=(đã-gửi)"),
            "{path}"
        );
    }
}

/// Hole 10: a refused server-function call answers 403 or 404, with a page for a browser posting a
/// plain form, never 500.
#[tokio::test]
async fn refused_server_function_calls_answer_403_or_404() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let staff_only = [
        ("ids[0][value]", "1"),
        ("ids[0][on]", "on"),
        ("action", "eligible"),
        ("back", "/thu-ky"),
    ];
    let r = app.post("/api/so-loai", &staff_only, Some(&s)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(r.body.contains("Bạn không có quyền"), "{}", r.body);
    let r = app
        .post_accepting("/api/so-loai", &staff_only, Some(&s), "application/json")
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/yeu-cau-bo-sung",
            &[("initiative_id", "987654"), ("message", "Bổ sung.")],
            Some(&sec),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

/// Hole 4: attempts sent all at once for one account do not all run before the first failure is
/// counted: only two are checked at a time, the rest are answered 429 at once.
#[tokio::test]
async fn simultaneous_sign_ins_for_one_account_are_not_all_checked() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let tries = (0..8u8).map(|k| {
        let app = app.clone();
        tokio::spawn(async move {
            sign_in_from(
                &app,
                [10, 9, 0, k],
                "tacgia@thu.nghiem.vn",
                "doan-mo-mat-khau",
            )
            .await
            .status
        })
    });
    let answers: Vec<StatusCode> = futures_util::future::join_all(tries)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let refused = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(refused >= 6 - 2, "{answers:?}");
}

/// Hole 11: the open-data downloads, sitemap and statistics are kept per index version, and follow
/// every change: an entry recognised afterwards is in the next answer.
#[tokio::test]
async fn kept_public_answers_follow_every_recognition() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let mut ids = Vec::new();
    for title in ["Sổ tay điện tử thứ nhất", "Bản đồ số thứ hai"] {
        let r = app
            .post_form(
                "/api/nop-sang-kien",
                &submission(&campaign, title, "40"),
                Some(&s),
            )
            .await;
        ids.push(filed_id(&r.location));
    }
    app.recognise(ids[0]).await;
    app.index().await;
    let paths = [
        "/open-data/initiatives.csv",
        "/open-data/initiatives.json",
        "/sitemap.xml",
    ];
    let mut first = Vec::new();
    for path in paths {
        let a = app.get(path, None).await;
        let b = app.get(path, None).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_eq!(
            a.body, b.body,
            "{path}: the same answer while nothing changes"
        );
        first.push(a.body);
    }
    assert!(
        first[0].contains("Sổ tay điện tử thứ nhất") && !first[0].contains("Bản đồ số thứ hai")
    );
    assert!(
        app.get("/thong-ke", None)
            .await
            .body
            .contains("Tổng số sáng kiến được công nhận: 1")
    );
    app.recognise(ids[1]).await;
    app.index().await;
    let csv = app.get(paths[0], None).await.body;
    assert!(
        csv.contains("Bản đồ số thứ hai"),
        "the CSV follows the recognition"
    );
    assert!(
        app.get(paths[1], None)
            .await
            .body
            .contains("Bản đồ số thứ hai")
    );
    assert!(
        app.get(paths[2], None)
            .await
            .body
            .contains(&format!("/sang-kien/{}", ids[1]))
    );
    // The statistics page too (a page: compared by its figure, its nonce changes each time).
    assert!(
        app.get("/thong-ke", None)
            .await
            .body
            .contains("Tổng số sáng kiến được công nhận: 2")
    );
}

/// Hole 11: a client that sends its body slowly is cut off with 408 once the request time is up.
#[tokio::test]
async fn a_request_whose_body_never_ends_is_cut_off() {
    let app = TestApp::new().await;
    let router = app.router_with(app::request::WebConfig {
        request_timeout: Some(std::time::Duration::from_millis(500)),
        ..Default::default()
    });
    let stalled = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(
        b"email=a",
    ))])
    .chain(futures_util::stream::pending());
    let req = Request::post("/api/dang-nhap")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from_stream(stalled))
        .unwrap();
    let res = tokio::time::timeout(std::time::Duration::from_secs(30), router.oneshot(req))
        .await
        .expect("answered, not left hanging")
        .unwrap();
    assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
}

/// tachys writes a `<textarea>`'s content unescaped: a saved text holding `</textarea>` must come
/// back inside its field, as text (found by the XSS corpus in Chromium).
#[tokio::test]
async fn a_saved_text_cannot_end_its_textarea() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let campaign = app.f.open_campaign.to_string();
    let mut form = submission(&campaign, "Hồ sơ thử ô nhập", "40");
    let hostile = "Tóm tắt </textarea><script>alert(1)</script><img src=x onerror=alert(2)>";
    set(&mut form, "summary", hostile);
    set(&mut form, "action", "save");
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let page = app
        .get(
            &format!("/nop-sang-kien?nhap={}", draft_of(&r.location)),
            Some(&s),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Tóm tắt &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img"),
        "the text comes back escaped inside its field"
    );
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(!page.body.contains("<img src=x"));
}
