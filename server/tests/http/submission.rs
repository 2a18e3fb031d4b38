//! The application form as filed: errors beside their fields, the submission window, filing and
//! its receipt (asked once when no file is attached), withdrawal by the filer, the filer told of a
//! decision, corrections asked by the secretary and made by the filer, rich text in the sections.
use crate::support::*;

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
        domain::submission::initiatives::mine(&app.ctx.services.db, &app.f.submitter)
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
    let still = domain::submission::initiatives::get_for(
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
        domain::submission::initiatives::mine(&app.ctx.services.db, &app.f.submitter)
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
        domain::submission::initiatives::mine(&app.ctx.services.db, &app.f.submitter)
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
