//! Accounts: registration, email verification, signing in (and where it lands, and never off
//! site), pages that need signing in or a staff role, passwords (reset, change, strength), the
//! profile and the download of one's own data, sessions and signing out.
use crate::support::*;

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
