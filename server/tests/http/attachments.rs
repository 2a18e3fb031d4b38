//! Attachments: uploads as a browser without JavaScript posts them (the multipart helpers live
//! here), alone or with the whole application form, refused files and oversized forms, and
//! downloads: who may fetch a file, confidential ones never to the public.
use crate::support::*;
use axum::body::Body;
use tower::ServiceExt;

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
    let drafts = || domain::submission::drafts::list(db, &app.f.submitter);
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
    let (_, input) = domain::submission::drafts::get(db, &app.f.submitter, d)
        .await
        .unwrap();
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
    let (_, input) = domain::submission::drafts::get(db, &app.f.submitter, d)
        .await
        .unwrap();
    assert_eq!(input.title, "Bản đồ số điểm sạt lở (đã sửa)");
    assert_eq!(drafts().await.unwrap().len(), 1);
    assert_eq!(
        domain::submission::attachments::of_draft(db, &app.f.submitter, d)
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
    let (_, input) = domain::submission::drafts::get(db, &app.f.submitter, d)
        .await
        .unwrap();
    assert_eq!(input.title, "Tên sửa lần ba");

    // Removing a file saves the form too.
    let files = domain::submission::attachments::of_draft(db, &app.f.submitter, d)
        .await
        .unwrap();
    let mut form = submission(&campaign, "Tên sửa lần bốn", "40");
    form.retain(|(k, _)| k != "action");
    form.push(("draft_id".into(), d.to_string()));
    form.push(("delete_attachment".into(), files[0].id.to_string()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    assert!(r.location.ends_with("#tep-dinh-kem"), "{}", r.location);
    let (_, input) = domain::submission::drafts::get(db, &app.f.submitter, d)
        .await
        .unwrap();
    assert_eq!(input.title, "Tên sửa lần bốn");
    assert_eq!(
        domain::submission::attachments::of_draft(db, &app.f.submitter, d)
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
        domain::submission::attachments::of_draft(db, &app.f.submitter, d)
            .await
            .unwrap()
            .len(),
        1
    );
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
        domain::submission::drafts::list(&app.ctx.services.db, &app.f.submitter)
            .await
            .unwrap()
            .is_empty()
    );
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
    let files = domain::submission::attachments::of_initiative(&app.ctx.services.db, id)
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
