//! Test support shared by the domain and server test suites: a fresh database per test (SQLite in a
//! temporary directory, or a new PostgreSQL database when `DATABASE_URL` is a `postgres://` URL, dropped
//! afterwards), a search index in a temporary directory, and a small fixture.
use crate::accounts::{self, User};
use crate::catalog::{self, default_rubric};
use crate::{Services, time};
use chrono::Duration;
use sea_orm::{ConnectionTrait, Database};
use types::{Email, FullName, Password, Role};

pub struct TestContext {
    pub services: Services,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

/// Reference data most tests need.
pub struct Fixture {
    pub open_campaign: i64,
    pub closed_campaign: i64,
    pub submitter: User,
    pub other_submitter: User,
    pub secretary: User,
    pub reviewer: User,
    pub reviewer2: User,
    pub admin: User,
}

pub const PASSWORD: &str = "mat-khau-thu-nghiem";

/// A complete, valid application by the fixture's submitter (Lò Văn Tác, 70 %) and a co-author.
pub fn application(campaign_id: i64, title: &str) -> types::InitiativeInput {
    use types::{AdopterInput, AuthorInput, InitiativeInput};
    let first_applied = time::local_date(time::now()) - Duration::days(60);
    InitiativeInput {
        campaign_id: campaign_id.to_string(),
        title: title.into(),
        summary: "Giải pháp giúp người dân nộp hồ sơ điện tử ngay tại nhà văn hóa bản.".into(),
        solution_type: "quan_ly".into(),
        pillar: "chinh_quyen_so".into(),
        sector: "hanh_chinh_cong".into(),
        content: "chinh_quyen_so".into(),
        unit: "xa_muong_bam".into(),
        state_funds: "khong".into(),
        first_applied_on: first_applied.format("%Y-%m-%d").to_string(),
        field_problem: "Hành chính công cấp xã: người dân bản xa phải đi lại nhiều lần.".into(),
        known_solution: "Nộp hồ sơ giấy tại bộ phận một cửa; mất nhiều ngày đi lại.".into(),
        description: "Mô tả chi tiết: quy trình, kết quả áp dụng và khả năng nhân rộng.".into(),
        applicability: "Áp dụng được cho mọi xã vùng cao có sóng di động.".into(),
        benefits_author: "Giảm 70% số lần đi lại của người dân trong năm đầu áp dụng.".into(),
        conditions: "Điện thoại thông minh, tài khoản định danh điện tử mức 2.".into(),
        authors: vec![
            AuthorInput {
                name: "Lò Văn Tác".into(),
                birth_date: "1985-04-12".into(),
                workplace: "UBND xã Mường Bám".into(),
                position: "Công chức văn phòng".into(),
                share: "70".into(),
                ..Default::default()
            },
            AuthorInput {
                name: "Quàng Thị Hợp".into(),
                workplace: "UBND xã Mường Bám".into(),
                share: "30".into(),
                ..Default::default()
            },
        ],
        adopters: vec![AdopterInput {
            name: "Cà Văn Dụng".into(),
            birth_date: "1990-09-02".into(),
            workplace: "Bản Nà Sản".into(),
            task: "Hướng dẫn người dân nộp hồ sơ thử".into(),
            ..Default::default()
        }],
        declaration: "on".into(),
        consent: "on".into(),
        ..Default::default()
    }
}

fn random_suffix() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| (b'a' + rng.gen_range(0..26)) as char)
        .collect()
}

impl TestContext {
    /// A fresh, migrated database and an empty index.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match std::env::var("DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            Some(base) => {
                let name = format!("sk_test_{}", random_suffix());
                let admin = Database::connect(&base)
                    .await
                    .expect("PostgreSQL reachable at DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let (prefix, _) = base
                    .rsplit_once('/')
                    .expect("DATABASE_URL with a database name");
                (format!("{prefix}/{name}"), Some((base.clone(), name)))
            }
            None => (
                format!("sqlite://{}", dir.path().join("test.db").display()),
                None,
            ),
        };
        let services = Services::open(&url, &dir.path().join("index"))
            .await
            .expect("open services");
        TestContext {
            services,
            _dir: dir,
            pg,
        }
    }

    /// Units, an open and a closed campaign with the default rubric, and one account per role.
    pub async fn fixture(&self) -> Fixture {
        let db = &self.services.db;
        crate::admin::demo::seed_units(db).await.expect("units");
        let now = time::now();
        let open_campaign = catalog::ensure_campaign(
            db,
            "Đợt thử nghiệm đang mở",
            2026,
            now - Duration::days(10),
            now + Duration::days(30),
            "",
            &default_rubric(),
        )
        .await
        .expect("open campaign");
        let closed_campaign = catalog::ensure_campaign(
            db,
            "Đợt thử nghiệm đã đóng",
            2025,
            now - Duration::days(400),
            now - Duration::days(30),
            "",
            &default_rubric(),
        )
        .await
        .expect("closed campaign");
        // Every phase of the open campaign is open now, so one test can walk the whole way; phase
        // tests set their own windows.
        for (phase, ..) in catalog::default_phases(now, now) {
            use sea_orm::{ActiveValue::Set, EntityTrait};
            crate::entities::campaign_phase::Entity::update(
                crate::entities::campaign_phase::ActiveModel {
                    campaign_id: Set(open_campaign),
                    phase: Set(phase.code().into()),
                    starts_at: Set(now - Duration::days(10)),
                    ends_at: Set(now + Duration::days(90)),
                },
            )
            .exec(db)
            .await
            .expect("phases");
        }
        let user = |email, name, roles| self.account(email, name, roles);
        let secretary = user("thuky@thu.nghiem.vn", "Hà Thị Thư", &[Role::Secretary]).await;
        for campaign in [open_campaign, closed_campaign] {
            crate::accounts::staff::seed(db, campaign, secretary.id)
                .await
                .expect("campaign secretary");
        }
        Fixture {
            open_campaign,
            closed_campaign,
            submitter: user("tacgia@thu.nghiem.vn", "Lò Văn Tác", &[]).await,
            other_submitter: user("khac@thu.nghiem.vn", "Cầm Thị Khác", &[]).await,
            secretary,
            reviewer: user("giamkhao@thu.nghiem.vn", "Trần Văn Chấm", &[Role::Reviewer]).await,
            reviewer2: user("giamkhao2@thu.nghiem.vn", "Vì Thị Điểm", &[Role::Reviewer]).await,
            admin: user("quantri@thu.nghiem.vn", "Đỗ Văn Trị", &[Role::Admin]).await,
        }
    }
}

impl TestContext {
    /// A verified account with roles (password `PASSWORD`).
    pub async fn account(&self, email: &str, name: &str, roles: &[Role]) -> User {
        let db = &self.services.db;
        let u = accounts::create_verified(
            db,
            FullName::parse(name).unwrap(),
            Email::parse(email).unwrap(),
            Password::parse(PASSWORD).unwrap(),
        )
        .await
        .expect("register");
        for r in roles {
            accounts::grant_role(db, u.id, *r).await.expect("grant");
        }
        accounts::user_by_id(db, u.id).await.expect("user")
    }

    /// Takes a filed entry the whole way: screened eligible, the fixture's reviewer assigned (when
    /// nobody is), the fixture's admin (chair of a one-member council) votes for or against as the
    /// decision needs, the secretary records the decision and publishes the campaign's announcement.
    pub async fn conclude(
        &self,
        f: &Fixture,
        id: i64,
        decision: types::ValidDecision,
    ) -> crate::Result<()> {
        use crate::entities::{assignment, initiative};
        use crate::{council, council::deliberation, review, review::screening};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let db = &self.services.db;
        let m = initiative::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(crate::Error::NotFound)?;
        if m.status == types::Status::Submitted.code() {
            screening::screen(db, &f.secretary, &[id], &screening::Screen::Eligible).await?;
        }
        let assigned = assignment::Entity::find()
            .filter(assignment::Column::InitiativeId.eq(id))
            .one(db)
            .await?;
        if assigned.is_none() {
            review::assign(db, &f.secretary, id, f.reviewer.id).await?;
        }
        if council::role_of(db, m.campaign_id, f.admin.id)
            .await?
            .is_none()
        {
            council::set_member(
                db,
                &f.secretary,
                m.campaign_id,
                f.admin.id,
                types::CouncilRole::Chair,
            )
            .await?;
        }
        let agree = matches!(decision, types::ValidDecision::Recognised { .. });
        match deliberation::cast_vote(db, &f.admin, id, agree).await {
            Ok(()) | Err(crate::Error::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
        deliberation::decide(
            db,
            &f.secretary,
            id,
            deliberation::DecisionInput {
                decision,
                award: String::new(),
                decision_no: String::new(),
                comment: String::new(),
                decided_on: None,
            },
        )
        .await?;
        deliberation::publish(db, &f.secretary, m.campaign_id).await?;
        Ok(())
    }

    /// Puts a person in an organisation (by unit code), as their profile would.
    pub async fn set_unit(&self, user_id: i64, unit_code: &str) {
        use crate::entities::user;
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let unit = catalog::unit_by_code(&self.services.db, unit_code)
            .await
            .expect("unit")
            .expect("known unit");
        user::Entity::update(user::ActiveModel {
            id: Set(user_id),
            unit_id: Set(Some(unit.id)),
            ..Default::default()
        })
        .exec(&self.services.db)
        .await
        .expect("set unit");
    }
}

impl Drop for TestContext {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg.take() {
            // Dropping needs async I/O; run it on a runtime of its own so it works from any test.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    if let Ok(admin) = Database::connect(&base).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A real SMTP server for tests (`scripts/smtp_sink.py`, Python's aiosmtpd): every accepted message
/// is written decoded as JSON. Stopped when dropped.
pub struct SmtpSink {
    pub port: u16,
    dir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpSink {
    pub fn start() -> Self {
        use std::io::BufRead;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let dir = tempfile::tempdir().expect("sink dir");
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/smtp_sink.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 scripts/smtp_sink.py (aiosmtpd: run scripts/test.sh once)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sink output");
        assert_eq!(
            line.trim(),
            "ready",
            "SMTP sink did not start (is aiosmtpd installed?)"
        );
        SmtpSink { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, oldest first.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<_> = std::fs::read_dir(self.dir.path())
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        names.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "json"));
        names.sort();
        names
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .filter_map(|s| serde_json::from_str(&s).ok())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The token in the link of the newest queued mail of a kind (`…?ma=TOKEN`).
pub async fn newest_mail_token(db: &sea_orm::DatabaseConnection, kind: &str) -> String {
    use crate::entities::mail_outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let row = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Kind.eq(kind))
        .order_by_desc(mail_outbox::Column::Id)
        .one(db)
        .await
        .expect("outbox")
        .expect("a mail of that kind");
    row.link_path
        .as_deref()
        .and_then(|p| p.split("ma=").nth(1))
        .expect("a link with a token")
        .to_string()
}
