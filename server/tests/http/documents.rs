//! The documents over HTTP: the council's workbooks and the PDFs as a browser downloads them (type,
//! file name, not cached), the links on the pages that offer them, and who gets nothing.
use crate::support::*;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn the_papers_download_for_those_who_may_and_are_linked_where_they_work() {
    let app = TestApp::new().await;
    let campaign = app.f.open_campaign;
    let id = app
        .file_entry("Sổ tay điện tử cho cán bộ bản", "xa_muong_bam")
        .await;
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let filer = app.sign_in("tacgia@thu.nghiem.vn").await;
    let other = app.sign_in("khac@thu.nghiem.vn").await;

    // The filer prints the form as filed from the case page; someone else gets nothing.
    let case = app.get(&format!("/ho-so/{id}"), Some(&filer)).await;
    assert!(
        case.body.contains(&format!("/ho-so/{id}/don-yeu-cau.pdf")),
        "{}",
        case.body
    );
    assert!(!case.body.contains("giay-chung-nhan.pdf"));
    let form = app
        .get(&format!("/ho-so/{id}/don-yeu-cau.pdf"), Some(&filer))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.content_type, "application/pdf");
    assert!(
        form.disposition
            .starts_with("attachment; filename=\"don-yeu-cau-cong-nhan-SK-")
    );
    assert!(form.bytes.starts_with(b"%PDF-"));
    for who in [Some(other.as_str()), None] {
        let r = app.get(&format!("/ho-so/{id}/don-yeu-cau.pdf"), who).await;
        assert!(
            r.status == StatusCode::NOT_FOUND
                || (r.status.is_redirection() && r.location.starts_with("/dang-nhap")),
            "{:?} {}",
            r.status,
            r.location
        );
    }

    // No certificate and no minutes before the vote is over.
    assert_eq!(
        app.get(&format!("/ho-so/{id}/giay-chung-nhan.pdf"), Some(&sec))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/ho-so/{id}/bien-ban-bieu-quyet.pdf"), Some(&sec))
            .await
            .status,
        StatusCode::CONFLICT
    );

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

    // The council's page offers the campaign's exports; asked for, the export has its page, which
    // says it waits, then (once a worker made it) offers its file.
    let council = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    for kind in ["meeting_sheet", "recognised_list", "certificates"] {
        assert!(
            council.body.contains(&format!("value=\"{kind}\"")),
            "{kind}"
        );
    }
    let c = campaign.to_string();
    let asked = app
        .post(
            "/api/xuat-van-ban",
            &[("campaign_id", c.as_str()), ("kind", "meeting_sheet")],
            Some(&sec),
        )
        .await;
    assert!(asked.location.starts_with("/xuat/"), "{}", asked.location);
    let page = app.get(&asked.location, Some(&sec)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Đang chờ đến lượt"), "{}", page.body);
    assert!(page.body.contains("<progress"));
    let file = format!("{}/tep", asked.location);
    assert_eq!(
        app.get(&file, Some(&sec)).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        domain::documents::exports::run_next(&app.ctx.services)
            .await
            .unwrap()
    );
    let page = app.get(&asked.location, Some(&sec)).await;
    assert!(page.body.contains("Đã tạo xong."), "{}", page.body);
    assert!(page.body.contains(&file));
    let sheet = app.get(&file, Some(&sec)).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert_eq!(sheet.content_type, XLSX);
    assert!(sheet.disposition.contains("bang-hop-hoi-dong-dot-"));
    assert!(sheet.bytes.starts_with(b"PK"), "a zip file");
    // Someone else's export: nothing, page or file; a visitor is asked to sign in.
    assert_eq!(
        app.get(&asked.location, Some(&filer)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&file, Some(&filer)).await.status,
        StatusCode::NOT_FOUND
    );
    let visitor = app.get(&file, None).await;
    assert!(visitor.status.is_redirection() && visitor.location.starts_with("/dang-nhap"));
    // A filer may not ask for one.
    let refused = app
        .post(
            "/api/xuat-van-ban",
            &[("campaign_id", c.as_str()), ("kind", "recognised_list")],
            Some(&filer),
        )
        .await;
    assert!(
        !refused.location.starts_with("/xuat/"),
        "{:?} {}",
        refused.status,
        refused.location
    );

    // The entry's panel offers the minutes and the certificates; the filer's case page the
    // certificates (published).
    let panel = app.get(&format!("/thu-ky/{id}"), Some(&sec)).await;
    assert!(
        panel
            .body
            .contains(&format!("/ho-so/{id}/bien-ban-bieu-quyet.pdf"))
    );
    assert!(
        panel
            .body
            .contains(&format!("/ho-so/{id}/giay-chung-nhan.pdf"))
    );
    let minutes = app
        .get(&format!("/ho-so/{id}/bien-ban-bieu-quyet.pdf"), Some(&sec))
        .await;
    assert_eq!(minutes.status, StatusCode::OK);
    assert!(minutes.bytes.starts_with(b"%PDF-"));
    let case = app.get(&format!("/ho-so/{id}"), Some(&filer)).await;
    assert!(
        case.body
            .contains(&format!("/ho-so/{id}/giay-chung-nhan.pdf"))
    );
    let certificate = app
        .get(&format!("/ho-so/{id}/giay-chung-nhan.pdf"), Some(&filer))
        .await;
    assert_eq!(certificate.status, StatusCode::OK);
    assert!(certificate.disposition.contains("giay-chung-nhan-SK-"));
    assert!(certificate.bytes.starts_with(b"%PDF-"));
    assert_eq!(
        app.get(&format!("/ho-so/{id}/giay-chung-nhan.pdf"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/ho-so/{id}/bien-ban-bieu-quyet.pdf"),
            Some(&filer)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_summing_up_is_built_edited_issued_and_exported_by_the_campaigns_staff() {
    let app = TestApp::new().await;
    let campaign = app.f.open_campaign;
    let c = campaign.to_string();
    let page = format!("/thu-ky/dot/{campaign}/tong-ket");
    let id = app
        .file_entry("Sổ tay điện tử cho cán bộ bản", "xa_muong_bam")
        .await;
    app.ctx
        .conclude(
            &app.f,
            id,
            types::ValidDecision::Recognised {
                level: types::Level::CapTinh,
            },
        )
        .await
        .unwrap();
    let sec = app.sign_in("thuky@thu.nghiem.vn").await;
    let filer = app.sign_in("tacgia@thu.nghiem.vn").await;

    // Reached from the council page; for the campaign's staff only.
    let council = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    assert!(council.body.contains(&page));
    let r = app.get(&page, Some(&sec)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Xã Mường Bám"));
    assert!(r.body.contains("Lập danh sách theo tiêu chí"));
    assert_eq!(
        app.get(&page, Some(&filer)).await.status,
        StatusCode::NOT_FOUND
    );
    let visitor = app.get(&page, None).await;
    assert!(visitor.status.is_redirection() && visitor.location.starts_with("/dang-nhap"));

    // A rule refused shows its error beside the field, with what was typed.
    let refused = app
        .post(
            "/api/tieu-chi-khen-thuong",
            &[
                ("campaign_id", c.as_str()),
                ("individual_level", "cap_tinh"),
                ("individual_share", "30"),
                ("collective_count", "0"),
                ("collective_level", "co_so"),
            ],
            Some(&sec),
        )
        .await;
    assert!(
        refused.location.starts_with(&format!("{page}?f=")),
        "{}",
        refused.location
    );
    let shown = app.get(&refused.location, Some(&sec)).await;
    assert!(shown.body.contains("f-collective_count-error") || shown.body.contains("field-error"));
    assert!(
        shown.body.contains("value=\"30\""),
        "what was typed is kept"
    );

    // Built by the default rules: both authors of the provincial initiative.
    let built = app
        .post(
            "/api/lap-danh-sach-khen-thuong",
            &[("campaign_id", c.as_str())],
            Some(&sec),
        )
        .await;
    assert!(built.location.contains("da-lap=2"), "{}", built.location);
    let r = app.get(&page, Some(&sec)).await;
    assert!(r.body.contains("Lò Văn Tác") && r.body.contains("Quàng Thị Hợp"));
    assert!(r.body.contains("Chiến sĩ thi đua cấp tỉnh"));
    // Building again replaces edits: only with the box ticked.
    let again = app
        .post(
            "/api/lap-danh-sach-khen-thuong",
            &[("campaign_id", c.as_str()), ("replace", "on")],
            Some(&sec),
        )
        .await;
    assert!(
        again.location.starts_with(&format!("{page}?f=")),
        "{}",
        again.location
    );

    // Issued only with its box ticked; then the page offers no form to change it.
    let unticked = app
        .post(
            "/api/ban-hanh-khen-thuong",
            &[("campaign_id", c.as_str())],
            Some(&sec),
        )
        .await;
    assert!(unticked.location.starts_with(&format!("{page}?f=")));
    let by_filer = app
        .post(
            "/api/ban-hanh-khen-thuong",
            &[("campaign_id", c.as_str()), ("confirm", "on")],
            Some(&filer),
        )
        .await;
    assert!(
        !by_filer.location.contains("da-ban-hanh"),
        "{}",
        by_filer.location
    );
    let issued = app
        .post(
            "/api/ban-hanh-khen-thuong",
            &[("campaign_id", c.as_str()), ("confirm", "on")],
            Some(&sec),
        )
        .await;
    assert!(
        issued.location.contains("da-ban-hanh=1"),
        "{}",
        issued.location
    );
    let r = app.get(&page, Some(&sec)).await;
    assert!(r.body.contains("Danh sách đã ban hành lúc"));
    assert!(!r.body.contains("/api/sua-de-nghi-khen-thuong"));
    assert!(!r.body.contains("/api/lap-danh-sach-khen-thuong"));

    // The report, made in the background, is the secretary's to download.
    let asked = app
        .post(
            "/api/xuat-van-ban",
            &[("campaign_id", c.as_str()), ("kind", "summing_up_report")],
            Some(&sec),
        )
        .await;
    assert!(asked.location.starts_with("/xuat/"), "{}", asked.location);
    assert!(
        domain::documents::exports::run_next(&app.ctx.services)
            .await
            .unwrap()
    );
    let export = app.get(&asked.location, Some(&sec)).await;
    assert!(export.body.contains(&page), "back to the summing-up");
    let pdf = app
        .get(&format!("{}/tep", asked.location), Some(&sec))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.disposition.contains("tong-ket-dot-"));
}

#[tokio::test]
async fn a_summing_up_of_no_campaign_is_not_found_even_for_an_administrator() {
    let app = TestApp::new().await;
    let admin = app.sign_in("quantri@thu.nghiem.vn").await;
    assert_eq!(
        app.get("/thu-ky/dot/999999/tong-ket", Some(&admin))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post(
            "/api/lap-danh-sach-khen-thuong",
            &[("campaign_id", "999999")],
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post(
            "/api/tong-quan-dot",
            &[("campaign_id", "999999")],
            Some(&admin),
        )
        .await;
    assert!(!r.status.is_server_error(), "{:?}", r.status);
}
