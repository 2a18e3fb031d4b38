//! Administration: roles assigned through the form, and the development mail files (for
//! administrators only).
use crate::support::*;

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

#[tokio::test]
async fn an_admin_copies_a_campaign_from_the_campaigns_page_and_lands_on_the_new_one() {
    let app = TestApp::new().await;
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    let page = app.get("/quan-tri/dot", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Đợt thử nghiệm đang mở"));
    assert!(page.body.contains("Sao chép thành đợt mới"));
    let from = app.f.open_campaign.to_string();

    // A blank name comes back beside its field, the rest kept.
    let r = app
        .post(
            "/api/sao-chep-dot",
            &[("from", &from), ("new_name", " "), ("new_year", "2027")],
            Some(&admin),
        )
        .await;
    assert!(r.location.starts_with("/quan-tri/dot?f="), "{}", r.location);
    let back = app.get(&r.location, Some(&admin)).await;
    assert!(
        back.body.contains("id=\"f-new_name-error\""),
        "{}",
        back.body
    );
    assert!(back.body.contains("value=\"2027\""));

    let r = app
        .post(
            "/api/sao-chep-dot",
            &[
                ("from", &from),
                ("new_name", "Đợt thi đua năm 2027"),
                ("new_year", "2027"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::FOUND);
    let copied = domain::catalog::campaigns(&app.ctx.services.db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name == "Đợt thi đua năm 2027")
        .expect("the copy");
    assert_eq!(r.location, format!("/thu-ky/dot/{}?moi=1", copied.id));
    let landed = app.get(&r.location, Some(&admin)).await;
    assert!(landed.body.contains("Đã mở đợt thi đua."));

    // Not for a secretary: neither the page nor the form.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    assert_eq!(
        app.get("/quan-tri/dot", Some(&sec)).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(
            "/api/sao-chep-dot",
            &[
                ("from", &from),
                ("new_name", "Đợt của thư ký"),
                ("new_year", "2028"),
            ],
            Some(&sec),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_deactivated_person_is_signed_out_everywhere_at_once_and_cannot_sign_in() {
    let app = TestApp::new().await;
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    let filer = app.sign_in("tacgia@thu.nghiem.vn").await;
    assert_eq!(
        app.get("/tai-khoan", Some(&filer)).await.status,
        StatusCode::OK
    );
    let uid = app.f.submitter.id.to_string();
    // Without the confirmation box, nothing happens.
    let r = app
        .post("/api/khoa-tai-khoan", &[("user_id", &uid)], Some(&admin))
        .await;
    assert!(r.location.starts_with("/quan-tri?f="), "{}", r.location);
    assert_eq!(
        app.get("/tai-khoan", Some(&filer)).await.status,
        StatusCode::OK
    );

    let r = app
        .post(
            "/api/khoa-tai-khoan",
            &[("user_id", &uid), ("confirm", "on")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.location, "/quan-tri?luu=1");
    let after = app.get("/tai-khoan", Some(&filer)).await;
    assert!(
        after.status.is_redirection() && after.location.starts_with("/dang-nhap"),
        "{} {}",
        after.status,
        after.location
    );
    let list = app.get("/quan-tri?q=tacgia", Some(&admin)).await;
    assert!(list.body.contains("Đã khóa"));
    assert!(list.body.contains("1 tài khoản"));
    // Signing in again is refused, saying why.
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", "mat-khau-thu-nghiem"),
            ],
            None,
        )
        .await;
    let page = app.get(&r.location, r.form_cookie.as_deref()).await;
    assert!(
        page.body.contains("đã bị quản trị viên khóa"),
        "{}",
        r.location
    );
    // A secretary cannot deactivate anyone.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let other = app.f.other_submitter.id.to_string();
    let r = app
        .post(
            "/api/khoa-tai-khoan",
            &[("user_id", &other), ("confirm", "on")],
            Some(&sec),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_administrator_erases_a_deactivated_account_with_its_box_ticked() {
    let app = TestApp::new().await;
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    let uid = app.f.submitter.id.to_string();
    // Offered on a deactivated account only.
    let list = app.get("/quan-tri?q=tacgia", Some(&admin)).await;
    assert!(!list.body.contains("/api/xoa-du-lieu-tai-khoan"));
    app.post(
        "/api/khoa-tai-khoan",
        &[("user_id", &uid), ("confirm", "on")],
        Some(&admin),
    )
    .await;
    let list = app.get("/quan-tri?q=tacgia", Some(&admin)).await;
    assert!(list.body.contains("/api/xoa-du-lieu-tai-khoan"));

    // Without the box: back with the error beside it, nothing erased.
    let r = app
        .post(
            "/api/xoa-du-lieu-tai-khoan",
            &[("user_id", &uid)],
            Some(&admin),
        )
        .await;
    assert!(r.location.starts_with("/quan-tri?f="), "{}", r.location);
    let shown = app.get(&r.location, Some(&admin)).await;
    assert!(
        shown.body.contains("f-confirm_erase"),
        "the box of this row carries the error"
    );
    assert!(
        app.get("/quan-tri?q=tacgia", Some(&admin))
            .await
            .body
            .contains("Lò Văn Tác")
    );

    // A secretary may not.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let r = app
        .post(
            "/api/xoa-du-lieu-tai-khoan",
            &[("user_id", &uid), ("confirm", "on")],
            Some(&sec),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let r = app
        .post(
            "/api/xoa-du-lieu-tai-khoan",
            &[("user_id", &uid), ("confirm", "on")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.location, "/quan-tri?da-xoa=1");
    let done = app.get(&r.location, Some(&admin)).await;
    assert!(done.body.contains("Đã xóa dữ liệu cá nhân của tài khoản."));
    let list = app.get("/quan-tri?q=tacgia", Some(&admin)).await;
    assert!(
        list.body.contains("0 tài khoản"),
        "the old address finds nothing"
    );
    let list = app.get("/quan-tri?q=da-xoa", Some(&admin)).await;
    assert!(list.body.contains("Đã xóa dữ liệu cá nhân"));
    assert!(!list.body.contains("Lò Văn Tác"));
    // Signing in with the old address is refused like any unknown one.
    let r = app
        .post(
            "/api/dang-nhap",
            &[
                ("email", "tacgia@thu.nghiem.vn"),
                ("password", "mat-khau-thu-nghiem"),
            ],
            None,
        )
        .await;
    assert!(
        r.location.starts_with("/dang-nhap?") && r.location.contains("f="),
        "{}",
        r.location
    );
}

#[tokio::test]
async fn the_audit_log_is_filtered_and_opens_on_the_first_broken_record() {
    use domain::entities::audit_log;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let app = TestApp::new().await;
    let id = app
        .file_entry("Sổ tay điện tử cho cán bộ bản", "xa_muong_bam")
        .await;
    app.ctx
        .conclude(
            &app.f,
            id,
            types::ValidDecision::Recognised {
                level: types::Level::CoSo,
            },
        )
        .await
        .unwrap();
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;

    let all = app.get("/quan-tri/nhat-ky", Some(&admin)).await;
    assert_eq!(all.status, StatusCode::OK);
    // The chain is walked when asked (it reads every record).
    assert!(!all.body.contains("Nhật ký toàn vẹn"));
    assert!(all.body.contains("name=\"kiem-tra\""));
    let checked = app.get("/quan-tri/nhat-ky?kiem-tra=1", Some(&admin)).await;
    assert!(checked.body.contains("Nhật ký toàn vẹn"));
    // An action as the records table shows it (the filter's choices name every action too).
    let row = |action: &str| format!("<th scope=\"row\">{action}</th>");
    assert!(
        all.body.contains(&row("Công bố kết quả")) && all.body.contains(&row("Ghi quyết định"))
    );
    // By action: the announcement only.
    let published = app
        .get("/quan-tri/nhat-ky?action=publish", Some(&admin))
        .await;
    assert!(
        published.body.contains("1 bản ghi khớp bộ lọc"),
        "{}",
        published.body
    );
    // By entry: its screening, assignment, vote and decision, nothing of another campaign's.
    let about = app
        .get(&format!("/quan-tri/nhat-ky?entry={id}"), Some(&admin))
        .await;
    for action in [
        "Sàng lọc: hợp lệ",
        "Phân công",
        "Bỏ phiếu",
        "Ghi quyết định",
    ] {
        assert!(about.body.contains(&row(action)), "{action}");
    }
    assert!(!about.body.contains(&row("Công bố kết quả")));
    // By who acted: the chair's vote, not the secretary's screening.
    let chair = app
        .get("/quan-tri/nhat-ky?actor=quantri", Some(&admin))
        .await;
    assert!(chair.body.contains(&row("Bỏ phiếu")));
    assert!(!chair.body.contains(&row("Sàng lọc: hợp lệ")));
    // A day that does not read: the error beside its field, no record.
    let wrong = app
        .get("/quan-tri/nhat-ky?from=2026-13-40", Some(&admin))
        .await;
    assert!(wrong.body.contains("f-from-error") || wrong.body.contains("field-error"));
    assert!(wrong.body.contains("0 bản ghi khớp bộ lọc"));
    let kind = app.get("/quan-tri/nhat-ky?kind=x%3B1", Some(&admin)).await;
    assert!(
        kind.body.contains("0 bản ghi khớp bộ lọc"),
        "an unknown kind filters, never widens"
    );

    // One record edited behind the chain's back: the check names it and opens it.
    let first = audit_log::Entity::find_by_id(2)
        .one(&app.ctx.services.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: audit_log::ActiveModel = first.into();
    am.reason = Set(Some("sửa lén".into()));
    am.update(&app.ctx.services.db).await.unwrap();
    let broken = app.get("/quan-tri/nhat-ky?kiem-tra=1", Some(&admin)).await;
    assert!(
        broken.body.contains("bị phá vỡ tại bản ghi #2"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("/quan-tri/nhat-ky?record=2"));
    let opened = app.get("/quan-tri/nhat-ky?record=2", Some(&admin)).await;
    assert!(opened.body.contains("1 bản ghi khớp bộ lọc"));
    assert!(opened.body.contains("sửa lén"));
}

#[tokio::test]
async fn an_administrator_sends_a_waiting_mail_again_now() {
    use domain::entities::mail_outbox;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let app = TestApp::new().await;
    let db = &app.ctx.services.db;
    // A mail that failed and waits an hour for its next try.
    let id = domain::mail::enqueue(
        db,
        domain::mail::invitation("cho@thu.nghiem.vn", "Người Chờ", "ma-thu"),
    )
    .await
    .unwrap();
    let later = domain::time::now() + chrono::Duration::hours(1);
    let m = mail_outbox::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut am: mail_outbox::ActiveModel = m.into();
    am.attempts = Set(3);
    am.last_error = Set(Some("máy chủ thư không trả lời".into()));
    am.next_attempt_at = Set(later);
    am.update(db).await.unwrap();
    assert_eq!(
        domain::mail::deliver_due(db, &app.mailer)
            .await
            .unwrap()
            .sent,
        0
    );

    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    let page = app.get("/quan-tri", Some(&admin)).await;
    assert!(page.body.contains("Chưa gửi được sau 3 lần"));
    assert!(page.body.contains("/api/gui-lai-thu"));
    // Not for anyone else.
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let refused = app
        .post(
            "/api/gui-lai-thu",
            &[("mail_id", &id.to_string())],
            Some(&sec),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let r = app
        .post(
            "/api/gui-lai-thu",
            &[("mail_id", &id.to_string())],
            Some(&admin),
        )
        .await;
    assert_eq!(r.location, "/quan-tri?gui-lai=1#nhat-ky-thu");
    assert_eq!(
        domain::mail::deliver_due(db, &app.mailer)
            .await
            .unwrap()
            .sent,
        1
    );
    // Once sent, there is nothing to send again.
    let again = app
        .post(
            "/api/gui-lai-thu",
            &[("mail_id", &id.to_string())],
            Some(&admin),
        )
        .await;
    assert!(
        again.location.starts_with("/quan-tri?f="),
        "{}",
        again.location
    );
}
