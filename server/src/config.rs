//! Configuration: defaults → file (`sangkien.toml`, or the path in `SANGKIEN_CONFIG`) → `SANGKIEN_*`
//! environment variables (shared/INTERFACES.md). Leptos reads its own `LEPTOS_*` variables.
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    /// SQLite database, search index and stored files live here.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: SQLite in the data directory.
    pub database_url: Option<String>,
    /// `on` loads the demo data into an empty database at start; `off` never does.
    pub demo_data: String,
    /// `production` or `development`. Demo data and printed credentials never happen in production.
    pub env: String,
    /// Adds `Secure` to cookies; on by default in production.
    pub secure_cookies: Option<bool>,
    /// Where mail goes: `smtp://host:port`, `smtp://user:pass@host:587?tls=required`, `smtps://…`.
    /// Unset: messages are written as `.eml` files under `<data_dir>/mail/` (development).
    pub smtp_url: Option<String>,
    /// The sender of every mail.
    pub mail_from: String,
    /// The portal's public address, for links in mails.
    pub public_url: String,
    /// Where attachments are stored: unset for `<data_dir>/files`, or `s3://bucket` (endpoint and
    /// keys from the `AWS_*` environment variables).
    pub storage_url: Option<String>,
    /// Largest attachment, in MB.
    pub max_file_mb: u64,
    /// Largest total of an entry's attachments, in MB.
    pub max_entry_mb: u64,
    /// Largest total of the attachments of one person's drafts (not yet filed), in MB.
    pub max_person_mb: u64,
    /// The request header in which a reverse proxy in front names the client's address
    /// (`X-Forwarded-For`, `X-Real-IP`); unset: the connection's address. Sign-in and mail
    /// throttling count per client address.
    pub client_ip_header: Option<String>,
    /// Seconds a request may take (its body read included); uploads get 15 minutes.
    pub request_timeout_secs: u64,
    /// Argon2id cost of new password hashes (never below 19456 KiB, 2 passes, 1 lane).
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
    pub argon2_lanes: u32,
    /// Days before a deadline that reminders go out (reviewers, filers asked for corrections,
    /// secretaries, council members); 0 turns reminders off.
    pub reminder_days: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./data"),
            database_url: None,
            demo_data: "on".into(),
            env: "development".into(),
            secure_cookies: None,
            smtp_url: None,
            mail_from: "Sáng kiến số <no-reply@sangkien.sonla.gov.vn>".into(),
            public_url: "http://127.0.0.1:3000".into(),
            storage_url: None,
            max_file_mb: 20,
            max_entry_mb: 100,
            max_person_mb: 300,
            client_ip_header: None,
            request_timeout_secs: 30,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            argon2_lanes: 1,
            reminder_days: 3,
        }
    }
}

impl Config {
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var("SANGKIEN_CONFIG").unwrap_or_else(|_| "sangkien.toml".into());
        let cfg: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("SANGKIEN_").ignore(&["config"]))
            .extract()?;
        Ok(cfg)
    }

    /// The password-hashing cost this configuration asks for.
    pub fn hash_cost(&self) -> domain::accounts::HashCost {
        domain::accounts::HashCost {
            memory_kib: self.argon2_memory_kib,
            iterations: self.argon2_iterations,
            lanes: self.argon2_lanes,
        }
    }

    pub fn is_production(&self) -> bool {
        self.env.eq_ignore_ascii_case("production")
    }

    pub fn demo_enabled(&self) -> bool {
        !self.is_production() && self.demo_data.trim().eq_ignore_ascii_case("on")
    }

    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies.unwrap_or(self.is_production())
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("sangkien.db").display()))
    }

    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The attachment store this configuration asks for.
    pub fn storage(&self) -> anyhow::Result<domain::submission::attachments::Storage> {
        let limits = domain::submission::attachments::Limits {
            per_file: self.max_file_mb.max(1) * 1024 * 1024,
            per_entry: self.max_entry_mb.max(self.max_file_mb).max(1) * 1024 * 1024,
            per_person: self.max_person_mb.max(self.max_entry_mb).max(1) * 1024 * 1024,
        };
        match self
            .storage_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) => Ok(domain::submission::attachments::Storage::s3(url, limits)?),
            None => Ok(domain::submission::attachments::Storage::local(
                &self.data_dir.join("files"),
                limits,
            )?),
        }
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// The mail transport this configuration asks for. Production refuses to run without SMTP.
    pub fn mailer(&self) -> anyhow::Result<domain::mail::Mailer> {
        match self
            .smtp_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) => Ok(domain::mail::Mailer::smtp(
                url,
                &self.mail_from,
                &self.public_url,
            )?),
            None if self.is_production() => {
                anyhow::bail!("SANGKIEN_SMTP_URL is required in production")
            }
            None => Ok(domain::mail::Mailer::files(
                self.mail_dir(),
                &self.mail_from,
                &self.public_url,
            )?),
        }
    }
}
