//! Email through an outbox: services write a row in the same transaction as the change that causes
//! it (so a receipt mail exists exactly when the receipt does); one worker per portal sends due rows,
//! retries failures with growing pauses, and marks a row sent only after the transport accepted it,
//! so nothing is lost on a restart. Transports: SMTP (lettre) in production, `.eml` files under
//! `<data>/mail/` in development (listed on the admin page).
use crate::entities::mail_outbox;
use crate::{Error, Result, time};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rust_i18n::t;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::path::PathBuf;
use std::sync::Arc;
use types::paths;

/// The marker in a body that becomes the link when the mail is sent.
pub const LINK: &str = "[[link]]";
/// Most rows one round of the worker sends.
const BATCH: u64 = 20;
/// Longest pause between two attempts.
const MAX_BACKOFF_SECS: i64 = 3600;

/// A message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Path on the portal that `[[link]]` in the body points to.
    pub link_path: Option<String>,
}

/// Queues a mail (in the caller's transaction).
pub async fn enqueue(db: &impl ConnectionTrait, mail: Mail) -> Result<i64> {
    let now = time::now();
    Ok(mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        kind: Set(mail.kind.to_string()),
        to_addr: Set(mail.to),
        subject: Set(mail.subject),
        body: Set(mail.body),
        link_path: Set(mail.link_path),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id)
}

/// The pause after `attempts` failed attempts: 30 s, 1 min, 2 min, … at most an hour.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let exp = attempts.clamp(1, 12) - 1;
    chrono::Duration::seconds((30i64 << exp).min(MAX_BACKOFF_SECS))
}

enum Transport {
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends mail rows through one transport.
#[derive(Clone)]
pub struct Mailer {
    transport: Arc<Transport>,
    from: Mailbox,
    public_url: String,
}

impl Mailer {
    /// Writes each message as an `.eml` file into `dir` (development).
    pub fn files(dir: PathBuf, from: &str, public_url: &str) -> Result<Self> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io("creating the mail folder", &dir, e))?;
        Self::new(Transport::Files(dir), from, public_url)
    }

    /// Sends through an SMTP server: `smtp://host:port` (plain, e.g. a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://…` (TLS).
    pub fn smtp(url: &str, from: &str, public_url: &str) -> Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build();
        Self::new(Transport::Smtp(transport), from, public_url)
    }

    fn new(transport: Transport, from: &str, public_url: &str) -> Result<Self> {
        let from = from.parse().map_err(|source| Error::MailAddress {
            address: from.to_string(),
            source,
        })?;
        Ok(Mailer {
            transport: Arc::new(transport),
            from,
            public_url: public_url.trim_end_matches('/').to_string(),
        })
    }

    fn message(&self, row: &mail_outbox::Model) -> std::result::Result<Message, String> {
        let to: Mailbox = row.to_addr.parse().map_err(|e| format!("recipient: {e}"))?;
        let link = row
            .link_path
            .as_deref()
            .map(|p| format!("{}{p}", self.public_url))
            .unwrap_or_default();
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(row.body.replace(LINK, &link))
            .map_err(|e| format!("message: {e}"))
    }

    /// Sends one row; the name of the written file with the file transport.
    async fn send(&self, row: &mail_outbox::Model) -> std::result::Result<Option<String>, String> {
        let message = self.message(row)?;
        match &*self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| None)
                .map_err(|e| format!("SMTP: {e}")),
            Transport::Files(dir) => {
                let name = format!("{:06}-{}.eml", row.id, row.kind);
                let tmp = dir.join(format!(".{name}.tmp"));
                let bytes = message.formatted();
                tokio::fs::write(&tmp, &bytes)
                    .await
                    .map_err(|e| format!("writing {}: {e}", tmp.display()))?;
                tokio::fs::rename(&tmp, dir.join(&name))
                    .await
                    .map_err(|e| format!("renaming {}: {e}", tmp.display()))?;
                Ok(Some(name))
            }
        }
    }

    /// Where the file transport writes, if it is the one in use.
    pub fn files_dir(&self) -> Option<&std::path::Path> {
        match &*self.transport {
            Transport::Files(dir) => Some(dir),
            Transport::Smtp(_) => None,
        }
    }
}

/// What one round of delivery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub failed: usize,
}

/// Sends the mails that are due, oldest first. A failure is recorded on its row (attempts, error,
/// next attempt after `backoff`) and does not stop the others.
pub async fn deliver_due(db: &impl ConnectionTrait, mailer: &Mailer) -> Result<Delivered> {
    let now = time::now();
    let rows = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::SentAt.is_null())
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(mail_outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut done = Delivered::default();
    for row in rows {
        let outcome = mailer.send(&row).await;
        let link_path = row.link_path.clone();
        let attempts = row.attempts + 1;
        let mut am: mail_outbox::ActiveModel = row.into();
        am.attempts = Set(attempts);
        match outcome {
            Ok(file) => {
                am.sent_at = Set(Some(time::now()));
                // The mail has left with its one-time link; the log keeps the path without it.
                if let Some(path) = &link_path {
                    am.link_path = Set(Some(without_secret(path)));
                }
                am.file_name = Set(file);
                am.last_error = Set(None);
                done.sent += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, attempts, "mail not sent; will retry");
                am.last_error = Set(Some(e));
                am.next_attempt_at = Set(time::now() + backoff(attempts));
                done.failed += 1;
            }
        }
        mail_outbox::Entity::update(am).exec(db).await?;
    }
    Ok(done)
}

/// A link path without its one-time secret (`?ma=…` of verification and reset links).
pub fn without_secret(path: &str) -> String {
    match path.split_once("ma=") {
        Some((before, _)) => format!("{before}ma=(đã-gửi)"),
        None => path.to_string(),
    }
}

/// The mail worker: sends what is due every couple of seconds, for the life of the process.
pub async fn run_worker(db: sea_orm::DatabaseConnection, mailer: Mailer) {
    loop {
        if let Err(e) = deliver_due(&db, &mailer).await {
            tracing::error!(error = %e, "mail worker round failed");
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

// ---- The messages -------------------------------------------------------------------------------

/// What a receipt says of the filed entry (read from the entry by `initiatives::submit`).
pub struct Receipt<'a> {
    pub id: i64,
    pub code: &'a str,
    pub title: &'a str,
    pub campaign: &'a str,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub due_on: Option<chrono::NaiveDate>,
    /// Each file: name, size in bytes, SHA-256.
    pub files: Vec<(&'a str, i64, &'a str)>,
}

/// A reminder of a deadline (`admin::reminders`): `subject` and `message` already in words.
pub fn reminder(to: &str, name: &str, subject: String, message: String, path: &str) -> Mail {
    Mail {
        kind: "reminder",
        to: to.to_string(),
        subject,
        body: t!(
            "mail.reminder_body",
            name = name,
            message = message,
            link = LINK
        )
        .into_owned(),
        link_path: Some(path.to_string()),
    }
}

/// The receipt of a filed entry, to its filer.
pub fn receipt(to: &str, name: &str, v: &Receipt<'_>) -> Mail {
    let code = v.code;
    let received = v
        .submitted_at
        .map(time::format_datetime)
        .unwrap_or_default();
    let due = v.due_on.map(time::format_date).unwrap_or_default();
    let files = if v.files.is_empty() {
        t!("mail.receipt_no_files").into_owned()
    } else {
        v.files
            .iter()
            .map(|(file_name, size_bytes, sha256)| {
                format!("- {file_name} ({size_bytes} byte), SHA-256: {sha256}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Mail {
        kind: "receipt",
        to: to.to_string(),
        subject: t!("mail.receipt_subject", code = code).into_owned(),
        body: t!(
            "mail.receipt_body",
            name = name,
            code = code,
            title = v.title,
            campaign = v.campaign,
            received = received,
            due = due,
            files = files,
            link = LINK
        )
        .into_owned(),
        link_path: Some(format!("{}?bien-nhan=1", paths::case(v.id))),
    }
}

/// A status change of one of the person's entries.
pub fn status_changed(to: &str, name: &str, message: &str, note: Option<&str>, path: &str) -> Mail {
    let note = note
        .map(|n| t!("mail.status_note", note = n).into_owned())
        .unwrap_or_default();
    Mail {
        kind: "status",
        to: to.to_string(),
        subject: message.to_string(),
        body: t!(
            "mail.status_body",
            name = name,
            message = message,
            note = note,
            link = LINK
        )
        .into_owned(),
        link_path: Some(path.to_string()),
    }
}

/// The link that proves an address belongs to the person who registered it.
pub fn verification(to: &str, name: &str, token: &str) -> Mail {
    Mail {
        kind: "verify_email",
        to: to.to_string(),
        subject: t!("mail.verify_subject").into_owned(),
        body: t!("mail.verify_body", name = name, link = LINK).into_owned(),
        link_path: Some(paths::verify_email_with(&token)),
    }
}

/// Someone registered with an address that already has an account: its owner is told, with the
/// way to sign in or choose a new password (the registration page said only "check your mail").
pub fn already_registered(to: &str, name: &str) -> Mail {
    Mail {
        kind: "already_registered",
        to: to.to_string(),
        subject: t!("mail.taken_subject").into_owned(),
        body: t!("mail.taken_body", name = name, link = LINK).into_owned(),
        link_path: Some(paths::forgot_password()),
    }
}

/// An administrator's invitation: the link sets the first password (for a week).
pub fn invitation(to: &str, name: &str, token: &str) -> Mail {
    Mail {
        kind: "invite",
        to: to.to_string(),
        subject: t!("mail.invite_subject").into_owned(),
        body: t!("mail.invite_body", name = name, link = LINK).into_owned(),
        link_path: Some(paths::reset_password_with(token)),
    }
}

/// The one-time link to choose a new password.
pub fn password_reset(to: &str, name: &str, token: &str) -> Mail {
    Mail {
        kind: "reset_password",
        to: to.to_string(),
        subject: t!("mail.reset_subject").into_owned(),
        body: t!("mail.reset_body", name = name, link = LINK).into_owned(),
        link_path: Some(paths::reset_password_with(&token)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped_at_an_hour() {
        assert_eq!(backoff(1), chrono::Duration::seconds(30));
        assert_eq!(backoff(2), chrono::Duration::seconds(60));
        assert_eq!(backoff(5), chrono::Duration::seconds(480));
        assert_eq!(backoff(50), chrono::Duration::seconds(3600));
    }

    #[test]
    fn messages_are_vietnamese_and_carry_the_link_marker() {
        let m = verification("an@son-la.vn", "Lò Văn An", "abc");
        assert!(m.subject.contains("Xác minh"), "{}", m.subject);
        assert!(
            m.body.contains("Lò Văn An") && m.body.contains(LINK),
            "{}",
            m.body
        );
        assert_eq!(m.link_path.as_deref(), Some("/xac-minh-email?ma=abc"));
    }
}
