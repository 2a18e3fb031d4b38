//! The `sangkien` binary's subcommands, run as a user would run them.
use std::process::Command;

fn sangkien(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sangkien"))
        .args(args)
        .env("SANGKIEN_DATA_DIR", data_dir)
        .env_remove("SANGKIEN_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .output()
        .expect("run sangkien")
}

#[tokio::test]
async fn audit_verify_passes_on_an_intact_chain_and_names_a_tampered_record() {
    let dir = tempfile::tempdir().unwrap();
    // A database with audited review activity.
    let url = format!("sqlite://{}", dir.path().join("sangkien.db").display());
    {
        let services = domain::Services::open(&url, &dir.path().join("index"))
            .await
            .unwrap();
        for i in 0..3 {
            domain::audit::append(
                &services.db,
                domain::audit::Change::new(None, domain::audit::Entity::Council, 1, "set_member")
                    .after(i),
            )
            .await
            .unwrap();
        }
        services.db.close().await.unwrap();
    }
    let ok = sangkien(dir.path(), &["audit", "verify"]);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(out.contains("toàn vẹn: 3 bản ghi"), "{out}");

    {
        let db = domain::db::connect(&url).await.unwrap();
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("UPDATE audit_log SET after = '7' WHERE id = 2")
            .await
            .unwrap();
        db.close().await.unwrap();
    }
    let bad = sangkien(dir.path(), &["audit", "verify"]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(1), "{err}");
    assert!(err.contains("bản ghi #2"), "{err}");
}

#[tokio::test]
async fn import_reports_every_bad_line_imports_nothing_then_imports_once() {
    let dir = tempfile::tempdir().unwrap();
    let record = |id: &str, title: &str, share: u32| {
        serde_json::json!({
            "external_id": id, "campaign": "Phong trào thi đua chuyển đổi số 2021-2025",
            "year": 2023, "title": title,
            "summary": "Người dân tra cứu và nộp hồ sơ trực tuyến, không phải đi lại nhiều lần.",
            "solution_type": "quan_ly", "pillar": "chinh_quyen_so", "sector": "hanh_chinh_cong",
            "unit": "Sở Y tế",
            "authors": [{"name": "Nguyễn Văn An", "share": share}, {"name": "Lò Thị Bình", "share": 40}],
            "status": "recognised", "level": "cap_tinh", "score": 86.5,
            "decided_on": "2023-11-20", "decision_no": "1234/QĐ-UBND"
        })
        .to_string()
    };
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        [
            record("sl-1", "Bản đồ số du lịch cộng đồng", 60),
            record("sl-2", "Một cửa điện tử liên thông", 50),
            "{".into(),
        ]
        .join("\n"),
    )
    .unwrap();
    let out = sangkien(dir.path(), &["import", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Dòng 2, trường authors"), "{err}");
    assert!(err.contains("Dòng 3:"), "{err}");
    assert!(err.contains("không có bản ghi nào được nhập"), "{err}");

    let good = dir.path().join("good.jsonl");
    std::fs::write(
        &good,
        [
            record("sl-1", "Bản đồ số du lịch cộng đồng", 60),
            record("sl-2", "Một cửa điện tử liên thông", 60),
        ]
        .join("\n"),
    )
    .unwrap();
    let check = sangkien(dir.path(), &["import", "--check", good.to_str().unwrap()]);
    assert!(check.status.success());
    let first = sangkien(dir.path(), &["import", good.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success(),
        "{out} {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.contains("Đã nhập 2 bản ghi; 0 bản ghi đã có"), "{out}");
    assert!(
        String::from_utf8_lossy(&first.stderr).contains("(2/2)"),
        "the progress bar reaches the end"
    );
    let second = sangkien(dir.path(), &["import", good.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(out.contains("Đã nhập 0 bản ghi; 2 bản ghi đã có"), "{out}");

    // The next start indexes them (no portal ran meanwhile).
    let url = format!("sqlite://{}", dir.path().join("sangkien.db").display());
    let services = domain::Services::open(&url, &dir.path().join("index"))
        .await
        .unwrap();
    domain::public::search::apply_pending(&services.db, &services.search)
        .await
        .unwrap();
    assert_eq!(
        services
            .search
            .search("mot cua dien tu", 0, 10)
            .unwrap()
            .total,
        1
    );
}

#[tokio::test]
async fn places_are_loaded_from_a_checked_file_and_reach_search() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sangkien.db").display());
    {
        let services = domain::Services::open(&url, &dir.path().join("index"))
            .await
            .unwrap();
        domain::admin::demo::seed_units(&services.db).await.unwrap();
        services.db.close().await.unwrap();
    }
    // A past record of a town that no longer exists: the import creates its unit by name.
    let record = serde_json::json!({
        "external_id": "hl-1", "campaign": "Phong trào thi đua chuyển đổi số 2021-2025",
        "year": 2023, "title": "Loa truyền thanh thông minh ở tiểu khu",
        "summary": "Thông báo của thị trấn đến từng tiểu khu qua loa kết nối mạng.",
        "solution_type": "ky_thuat", "pillar": "xa_hoi_so", "sector": "hanh_chinh_cong",
        "unit": "UBND thị trấn Hát Lót",
        "authors": [{"name": "Nguyễn Văn An", "share": 100}],
        "status": "recognised", "level": "co_so", "score": 80.0,
        "decided_on": "2023-11-20", "decision_no": "12/QĐ-UBND"
    });
    let import = dir.path().join("past.jsonl");
    std::fs::write(&import, record.to_string()).unwrap();
    let out = sangkien(dir.path(), &["import", import.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "unit,former_district,successor\n\"UBND thị trấn Hát Lót\",h_mai_son,xa_mai_son\nxa_khong_co,h_mai_son,\nxa_mai_son,xa_yen_chau,\n",
    )
    .unwrap();
    let out = sangkien(dir.path(), &["places", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("2 lỗi"), "{err}");
    assert!(
        err.contains("Dòng 3: không có đơn vị nào mang mã ở cột unit"),
        "{err}"
    );
    assert!(err.contains("Dòng 4: former_district phải là"), "{err}");

    let good = dir.path().join("places.csv");
    std::fs::write(
        &good,
        "unit,former_district,successor\n\"ubnd  thị trấn hát lót\",h_mai_son,xa_mai_son\n",
    )
    .unwrap();
    let check = sangkien(dir.path(), &["places", "--check", good.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{out}");
    assert!(out.contains("chưa ghi gì"), "{out}");
    let applied = sangkien(dir.path(), &["places", good.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&applied.stdout);
    assert!(applied.status.success(), "{out}");
    assert!(
        out.contains(
            "Đã cập nhật địa bàn của 1 đơn vị (1 liên kết với huyện cũ, 1 đơn vị kế thừa)"
        ),
        "{out}"
    );

    // The next start indexes it under the former district and today's commune.
    let services = domain::Services::open(&url, &dir.path().join("index"))
        .await
        .unwrap();
    domain::public::search::apply_pending(&services.db, &services.search)
        .await
        .unwrap();
    for place in ["h_mai_son", "xa_mai_son"] {
        let filters = domain::public::Filters {
            place: Some(place.into()),
            ..Default::default()
        };
        let page = domain::public::search_summaries(
            &services,
            "",
            &filters,
            domain::public::Sort::Newest,
            1,
            10,
        )
        .await
        .unwrap();
        assert_eq!(page.total, 1, "{place}");
        assert!(!page.fallback);
    }
}
