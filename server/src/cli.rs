//! Subcommands: `serve` (default), `migrate`, `create-admin`, `reindex`, `import`, `places`,
//! `audit verify`.
use crate::config::Config;
use anyhow::Context;
use app::i18n::{t, t_with};
use clap::{Parser, Subcommand};
use domain::Services;
use std::io::{IsTerminal, Read};

#[derive(Parser, Debug)]
#[command(
    name = "sangkien",
    about = "Sáng kiến số – cổng sáng kiến chuyển đổi số tỉnh Sơn La"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the portal (default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create an administrator (or make an account one). The password is read from standard input,
    /// or generated and printed once when none is given.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Quản trị viên")]
        name: String,
    },
    /// Rebuild the search index from the database. When a running portal owns the index, the rebuild is
    /// handed to it through the database.
    Reindex,
    /// Import past records from a JSON Lines file (shared/INTERFACES.md §2). The whole file is checked
    /// first: on any error nothing is imported and every bad line is reported. Records whose
    /// `external_id` is already stored are left as they are, so running it twice changes nothing.
    Import {
        /// The `.jsonl` file, one record per line, UTF-8.
        file: std::path::PathBuf,
        /// Only check the file; write nothing.
        #[arg(long)]
        check: bool,
    },
    /// Load the places of units across the reform of 1 July 2025 from a CSV file of
    /// `unit,former_district,successor` lines (unit codes, or exact names in double quotes when they
    /// hold a comma): the former district(s) a commune or ward
    /// of today was formed from, and the unit that took over an old one. The file replaces what was
    /// stored for the units it names; it is checked whole first, and on any error nothing changes.
    /// The search index is then rebuilt (by the running portal, or at the next start).
    Places {
        /// The `.csv` file, UTF-8.
        file: std::path::PathBuf,
        /// Only check the file against the units; write nothing.
        #[arg(long)]
        check: bool,
    },
    /// The review audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain of the audit log; exits with status 1 at the first broken record.
    Verify,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let cfg = Config::load().context("reading configuration")?;
    std::fs::create_dir_all(&cfg.data_dir)
        .with_context(|| format!("creating {}", cfg.data_dir.display()))?;
    domain::accounts::configure_hashing(cfg.hash_cost());
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cfg).await,
        Command::Migrate => {
            let db = domain::db::connect(&cfg.database_url()).await?;
            domain::db::migrate(&db).await?;
            println!("Đã áp dụng các migration.");
            Ok(())
        }
        Command::CreateAdmin { email, name } => create_admin(cfg, &email, &name).await,
        Command::Reindex => reindex(cfg).await,
        Command::Import { file, check } => import(cfg, &file, check).await,
        Command::Places { file, check } => places(cfg, &file, check).await,
        Command::Audit {
            command: AuditCommand::Verify,
        } => audit_verify(cfg).await,
    }
}

async fn audit_verify(cfg: Config) -> anyhow::Result<()> {
    use domain::audit::{Problem, Verdict};
    let db = domain::db::connect(&cfg.database_url()).await?;
    domain::db::migrate(&db).await?;
    match domain::audit::verify(&db).await? {
        Verdict::Intact { records } => {
            println!("Nhật ký kiểm toán toàn vẹn: {records} bản ghi, chuỗi băm khớp.");
            Ok(())
        }
        Verdict::Broken { record_id, problem } => {
            let what = match problem {
                Problem::Altered => "nội dung đã bị sửa (băm không khớp)",
                Problem::Unlinked => "không nối với bản ghi trước (bản ghi trước bị sửa hoặc xóa)",
                Problem::Missing => "thiếu các bản ghi trước nó",
                Problem::Truncated => "các bản ghi mới nhất đã bị xóa",
            };
            eprintln!("Nhật ký kiểm toán bị phá vỡ tại bản ghi #{record_id}: {what}.");
            std::process::exit(1);
        }
    }
}

fn generated_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..20)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

async fn create_admin(cfg: Config, email: &str, name: &str) -> anyhow::Result<()> {
    let email =
        types::Email::parse(email).map_err(|e| anyhow::anyhow!("email không hợp lệ: {e:?}"))?;
    let name =
        types::FullName::parse(name).map_err(|e| anyhow::anyhow!("họ tên không hợp lệ: {e:?}"))?;
    let mut typed = String::new();
    if std::io::stdin().is_terminal() {
        eprint!("Mật khẩu (để trống để tạo tự động): ");
        std::io::stdin().read_line(&mut typed)?;
    } else {
        std::io::stdin().read_to_string(&mut typed)?;
    }
    let typed = typed.trim_end_matches(['\r', '\n']).to_string();
    let (password, generated) = if typed.is_empty() {
        (generated_password(), true)
    } else {
        (typed, false)
    };
    let pw = types::Password::parse(&password)
        .map_err(|e| anyhow::anyhow!("mật khẩu không hợp lệ: {e:?} (tối thiểu 10 ký tự)"))?;
    // Told before connecting; `accounts::create_admin` refuses it too.
    domain::accounts::passwords::check(pw.expose(), email.as_str(), name.as_str())
        .map_err(|e| anyhow::anyhow!("{}", app::i18n::field_error(&e)))?;
    let db = domain::db::connect(&cfg.database_url()).await?;
    domain::db::migrate(&db).await?;
    let user = domain::accounts::create_admin(&db, email, name, pw).await?;
    println!("Tài khoản quản trị: {} (id {})", user.email, user.id);
    if generated {
        println!("Mật khẩu (chỉ hiển thị một lần): {password}");
    }
    Ok(())
}

async fn reindex(cfg: Config) -> anyhow::Result<()> {
    let db = domain::db::connect(&cfg.database_url()).await?;
    domain::db::migrate(&db).await?;
    match domain::public::search::SearchIndex::open(&cfg.index_dir()) {
        Ok(index) => {
            let n = domain::public::search::rebuild(&db, &index).await?;
            println!("Đã dựng lại chỉ mục tìm kiếm: {n} sáng kiến công khai.");
        }
        Err(domain::Error::Conflict(_)) => {
            domain::public::search::request_rebuild(&db).await?;
            println!(
                "Cổng đang chạy giữ chỉ mục: đã yêu cầu cổng dựng lại chỉ mục trong thư mục mới rồi thay thế; tìm kiếm vẫn hoạt động trong lúc dựng."
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// One problem of an import file, in Vietnamese.
fn describe(e: &domain::admin::import::LineError) -> String {
    use domain::admin::import::Problem;
    let place = if e.field.is_empty() {
        t_with("import.line", &[("line", e.line.to_string())])
    } else {
        t_with(
            "import.line_field",
            &[("line", e.line.to_string()), ("field", e.field.clone())],
        )
    };
    let why = match &e.problem {
        Problem::NotJson(reason) => t_with("import.not_json", &[("reason", reason.clone())]),
        Problem::UnknownField => t("import.unknown_field"),
        Problem::WrongType { expected } => t_with(
            "import.wrong_type",
            &[("expected", t(&format!("import.type_{expected}")))],
        ),
        Problem::Invalid(f) => app::i18n::field_error(f),
        Problem::NotDecided => t("import.not_decided"),
        Problem::Duplicate { first_line } => {
            t_with("import.duplicate", &[("line", first_line.to_string())])
        }
    };
    format!("{place}: {why}")
}

/// A progress bar on standard error: redrawn in place on a terminal, one line per tenth otherwise.
struct Progress {
    label: String,
    terminal: bool,
    shown: Option<usize>,
}

impl Progress {
    fn new(label: String) -> Self {
        Progress {
            label,
            terminal: std::io::stderr().is_terminal(),
            shown: None,
        }
    }

    fn update(&mut self, done: usize, total: usize) {
        use std::io::Write;
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        let step = if self.terminal {
            percent
        } else {
            percent / 10 * 10
        };
        if self.shown == Some(step) {
            return;
        }
        self.shown = Some(step);
        const WIDTH: usize = 30;
        let filled = percent * WIDTH / 100;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(WIDTH - filled));
        let line = format!("{} [{bar}] {percent:>3}% ({done}/{total})", self.label);
        let mut err = std::io::stderr();
        if self.terminal {
            let _ = write!(err, "\r{line}");
            if done == total {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }
}

async fn import(cfg: Config, file: &std::path::Path, check_only: bool) -> anyhow::Result<()> {
    eprintln!(
        "{}",
        t_with("import.reading", &[("file", file.display().to_string())])
    );
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let records = match domain::admin::import::validate(&bytes, domain::time::today()) {
        Ok(records) => records,
        Err(errors) => {
            eprintln!(
                "{}",
                t_with("import.invalid", &[("count", errors.len().to_string())])
            );
            for e in &errors {
                eprintln!("  {}", describe(e));
            }
            eprintln!("{}", t("import.failed"));
            std::process::exit(1);
        }
    };
    println!(
        "{}",
        t_with("import.valid", &[("count", records.len().to_string())])
    );
    if check_only {
        println!("{}", t("import.check_only"));
        return Ok(());
    }
    let db = domain::db::connect(&cfg.database_url()).await?;
    domain::db::migrate(&db).await?;
    let mut bar = Progress::new(t("import.writing"));
    let report = domain::admin::import::apply(&db, &records, |done, total| bar.update(done, total))
        .await
        .context(t("import.failed"))?;
    println!(
        "{}",
        t_with(
            "import.done",
            &[
                ("imported", report.imported.to_string()),
                ("present", report.already_present.to_string()),
            ],
        )
    );
    for (key, names) in [
        ("import.campaigns_created", &report.campaigns_created),
        ("import.units_created", &report.units_created),
    ] {
        if !names.is_empty() {
            println!("{}", t_with(key, &[("names", names.join("; "))]));
        }
    }
    if report.imported > 0 {
        println!("{}", t("import.indexing"));
    }
    Ok(())
}

/// One problem of a places file, in Vietnamese.
fn describe_place(e: &domain::catalog::places::PlaceError) -> String {
    use domain::catalog::places::PlaceProblem;
    let why = match &e.problem {
        PlaceProblem::Columns => t("places.columns"),
        PlaceProblem::Empty => t("places.empty"),
        PlaceProblem::UnknownUnit(column) => {
            t_with("places.unknown_unit", &[("column", column.to_string())])
        }
        PlaceProblem::NotDistrict => t("places.not_district"),
        PlaceProblem::BadSuccessor => t("places.bad_successor"),
        PlaceProblem::TwoSuccessors(first) => {
            t_with("places.two_successors", &[("line", first.to_string())])
        }
    };
    format!(
        "{}: {why}",
        t_with("import.line", &[("line", e.line.to_string())])
    )
}

async fn places(cfg: Config, file: &std::path::Path, check_only: bool) -> anyhow::Result<()> {
    use domain::catalog::places::{PlacesFailed, apply, parse};
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading {} (UTF-8)", file.display()))?;
    let fail = |errors: Vec<domain::catalog::places::PlaceError>| -> ! {
        eprintln!(
            "{}",
            t_with("places.invalid", &[("count", errors.len().to_string())])
        );
        for e in &errors {
            eprintln!("  {}", describe_place(e));
        }
        std::process::exit(1);
    };
    let lines = parse(&text).unwrap_or_else(|errors| fail(errors));
    let db = domain::db::connect(&cfg.database_url()).await?;
    domain::db::migrate(&db).await?;
    let report = match apply(&db, &lines, !check_only).await {
        Ok(report) => report,
        Err(PlacesFailed::Lines(errors)) => fail(errors),
        Err(PlacesFailed::Other(e)) => return Err(e.into()),
    };
    let counts = [
        ("units", report.units.to_string()),
        ("districts", report.districts.to_string()),
        ("successors", report.successors.to_string()),
    ];
    if check_only {
        println!("{}", t_with("places.checked", &counts));
    } else {
        println!("{}", t_with("places.done", &counts));
    }
    Ok(())
}

async fn serve(cfg: Config) -> anyhow::Result<()> {
    let mut services = Services::open(&cfg.database_url(), &cfg.index_dir())
        .await
        .context("opening database and search index")?;
    services.storage = cfg.storage().context("opening the attachment store")?;
    if cfg.demo_enabled() {
        if let Some(accounts) = domain::admin::demo::load_if_empty(&services.db)
            .await
            .context("loading demo data")?
        {
            println!("Đã nạp dữ liệu mẫu. Tài khoản mẫu (chỉ dùng khi phát triển):");
            for a in accounts {
                let roles: Vec<&str> = a.roles.iter().map(|r| r.code()).collect();
                println!(
                    "  {:<28} {:<16} {}",
                    a.email,
                    a.password,
                    if roles.is_empty() {
                        "submitter".into()
                    } else {
                        roles.join(",")
                    }
                );
            }
        }
    }
    // Bring a usable index up to date before the first request. An index that must be built from
    // the database (new, of another schema version, damaged) is built by the indexer while the portal
    // serves: public search answers from the database meanwhile, and says so.
    if services.search.is_ready() {
        if let Err(e) = domain::public::search::apply_pending(&services.db, &services.search).await
        {
            tracing::error!(error = %e, "search index catch-up failed; the indexer keeps trying");
        }
    } else {
        tracing::warn!(
            "search index is being built from the database; search uses the database meanwhile"
        );
    }
    tokio::spawn(domain::public::search::run_indexer(
        services.db.clone(),
        services.search.clone(),
    ));
    tokio::spawn(domain::documents::exports::run_worker(services.clone()));
    if cfg.reminder_days > 0 {
        tokio::spawn(domain::admin::reminders::run_scheduler(
            services.db.clone(),
            cfg.reminder_days,
        ));
    }
    let mailer = cfg.mailer().context("configuring mail")?;
    tokio::spawn(domain::mail::run_worker(
        services.db.clone(),
        mailer.clone(),
    ));
    let leptos_options = crate::leptos_options();
    let addr = leptos_options.site_addr;
    let web = app::request::WebConfig {
        secure_cookies: cfg.secure_cookies(),
        public_url: cfg.public_url.clone(),
        client_ip_header: cfg.client_ip_header.clone(),
        request_timeout: Some(std::time::Duration::from_secs(
            cfg.request_timeout_secs.max(1),
        )),
        failed_sign_in_refill: None,
    };
    let app = crate::router(services, mailer, leptos_options, web);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    println!("Sáng kiến số đang chạy tại http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
