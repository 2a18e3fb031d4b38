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
