//! The application form before it is filed: drafts saved without JavaScript and kept for their
//! owner, autosave, a form handed back after the session expired, author cards added and removed
//! with buttons, similar recognised entries beside the title, the formatting preview.
use crate::support::*;

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
    let (_, kept) = domain::submission::drafts::get(&app.ctx.services.db, &app.f.submitter, id)
        .await
        .unwrap();
    assert_eq!(kept.title, "Bản nháp: trạm sạc cộng đồng");
    assert!(
        domain::submission::initiatives::mine(&app.ctx.services.db, &app.f.other_submitter)
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
        domain::submission::drafts::list(&app.ctx.services.db, &app.f.submitter)
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
    let drafts = domain::submission::drafts::list(&app.ctx.services.db, &app.f.submitter)
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

    let (_, input) = domain::submission::drafts::get(db, &app.f.submitter, d)
        .await
        .unwrap();
    let second = input.authors[1].name.clone();
    let mut form = submission(&campaign, "Ba tác giả trở lên (sửa)", "40");
    form.retain(|(k, _)| k != "action");
    form.push(("draft_id".into(), d.to_string()));
    form.push(("remove_row".into(), "authors:1".into()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("#f-authors"), "{}", r.location);
    let (_, input) = domain::submission::drafts::get(db, &app.f.submitter, d)
        .await
        .unwrap();
    assert_eq!(input.title, "Ba tác giả trở lên (sửa)");
    assert!(
        input.authors.iter().all(|a| a.name != second),
        "{second} removed"
    );
    assert!(!input.authors[0].name.is_empty(), "the first kept");
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
