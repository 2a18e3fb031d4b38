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

    // The council's page offers both workbooks to the secretary.
    let council = app
        .get(&format!("/thu-ky/dot/{campaign}"), Some(&sec))
        .await;
    for link in ["bang-hop-hoi-dong.xlsx", "sang-kien-duoc-cong-nhan.xlsx"] {
        assert!(council.body.contains(link), "{link}");
    }
    let sheet = app
        .get(
            &format!("/thu-ky/dot/{campaign}/bang-hop-hoi-dong.xlsx"),
            Some(&sec),
        )
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert_eq!(sheet.content_type, XLSX);
    assert!(sheet.bytes.starts_with(b"PK"), "a zip file");
    let list = app
        .get(
            &format!("/thu-ky/dot/{campaign}/sang-kien-duoc-cong-nhan.xlsx"),
            Some(&sec),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.disposition.contains("sang-kien-duoc-cong-nhan-dot-"));
    // Not for a filer; a visitor is asked to sign in and brought back to the council page.
    assert_eq!(
        app.get(
            &format!("/thu-ky/dot/{campaign}/sang-kien-duoc-cong-nhan.xlsx"),
            Some(&filer)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let visitor = app
        .get(
            &format!("/thu-ky/dot/{campaign}/bang-hop-hoi-dong.xlsx"),
            None,
        )
        .await;
    assert!(visitor.status.is_redirection());
    assert!(
        visitor.location.starts_with("/dang-nhap") && visitor.location.contains("thu-ky"),
        "{}",
        visitor.location
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
