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
