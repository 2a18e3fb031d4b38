//! What the HTTP test binaries share: the real router driven in-process (`oneshot`) with a fresh
//! database and index, forms posted as a browser without JavaScript posts them.
#![allow(dead_code)]
use axum::Router;
use axum::body::Body;
pub use domain::testing::{Fixture, PASSWORD, TestContext};
pub use http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub ctx: TestContext,
    pub f: Fixture,
    pub mailer: domain::mail::Mailer,
    pub _mail_dir: tempfile::TempDir,
}

/// Development mail: `.eml` files in a temporary directory.
pub fn test_mailer() -> (domain::mail::Mailer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mailer = domain::mail::Mailer::files(
        dir.path().to_path_buf(),
        "Sáng kiến số <no-reply@sangkien.test>",
        "http://127.0.0.1:3000",
    )
    .unwrap();
    (mailer, dir)
}

/// How long one request may take before the test fails (the slowest takes well under a second).
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub cookie: Option<String>,
    /// `sk_form=…`: the browser key a refused form of someone not signed in is tied to.
    pub form_cookie: Option<String>,
    /// `Content-Type` and `Content-Disposition`, empty when absent.
    pub content_type: String,
    pub disposition: String,
    pub body: String,
    /// The body as sent (a workbook, a PDF).
    pub bytes: Vec<u8>,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::on(TestContext::new().await).await
    }

    /// An app on the demo data instead of the fixture.
    pub async fn with_demo() -> Self {
        let ctx = TestContext::new().await;
        assert!(
            domain::admin::demo::load_if_empty(&ctx.services.db)
                .await
                .unwrap()
                .is_some()
        );
        Self::on(ctx).await
    }

    async fn on(ctx: TestContext) -> Self {
        let f = ctx.fixture().await;
        let (mailer, dir) = test_mailer();
        let mut app = TestApp {
            router: Router::new(),
            ctx,
            f,
            mailer,
            _mail_dir: dir,
        };
        app.router = app.router_with(app::request::WebConfig::default());
        app
    }

    /// The same application with other web settings (public address, time limits).
    pub fn router_with(&self, web: app::request::WebConfig) -> Router {
        server::router(
            self.ctx.services.clone(),
            self.mailer.clone(),
            server::leptos_options(),
            web,
        )
    }

    /// Sends one request. A request that has not answered within a minute fails the test with its
    /// path (a stalled render would otherwise hang the whole test binary without a word).
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let what = format!("{} {}", req.method(), req.uri());
        tokio::time::timeout(REQUEST_LIMIT, self.send_now(req))
            .await
            .unwrap_or_else(|_| panic!("{what}: no answer within {REQUEST_LIMIT:?}"))
    }

    pub async fn send_now(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("sk_session="))
            .map(str::to_string);
        let form_cookie = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("sk_form="))
            .map(|v| v.split(';').next().unwrap_or_default().to_string());
        fn header_text(h: &axum::http::HeaderMap, name: header::HeaderName) -> String {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        }
        let content_type = header_text(res.headers(), header::CONTENT_TYPE);
        let disposition = header_text(res.headers(), header::CONTENT_DISPOSITION);
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            location,
            cookie,
            form_cookie,
            content_type,
            disposition,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str, session: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(s) = session {
            req = req.header(header::COOKIE, s);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Posts a form the way a browser without JavaScript does.
    pub async fn post(&self, path: &str, form: &[(&str, &str)], session: Option<&str>) -> Reply {
        self.post_accepting(path, form, session, "text/html,application/xhtml+xml")
            .await
    }

    /// Posts a form built at run time.
    pub async fn post_form(
        &self,
        path: &str,
        form: &[(String, String)],
        session: Option<&str>,
    ) -> Reply {
        self.post_accepting(path, form, session, "text/html,application/xhtml+xml")
            .await
    }

    /// Posts a form and says what the client accepts (`application/json` for the browser's fetch).
    pub async fn post_accepting<K: AsRef<str>, V: AsRef<str>>(
        &self,
        path: &str,
        form: &[(K, V)],
        session: Option<&str>,
        accept: &str,
    ) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k.as_ref()), enc(v.as_ref())))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, accept)
            .header(header::REFERER, "http://127.0.0.1:3000/");
        if let Some(s) = session {
            req = req.header(header::COOKIE, s);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    /// The council recognises an entry (level: cơ sở) and the announcement publishes it.
    pub async fn recognise(&self, id: i64) {
        self.ctx
            .conclude(
                &self.f,
                id,
                types::ValidDecision::Recognised {
                    level: types::Level::CoSo,
                },
            )
            .await
            .unwrap();
    }

    /// Signs in through the form and returns the cookie to send.
    pub async fn sign_in(&self, email: &str) -> String {
        self.sign_in_with(email, PASSWORD).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &str) -> String {
        let r = self
            .post(
                "/api/dang-nhap",
                &[("email", email), ("password", password), ("next", "/")],
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FOUND,
            "sign-in of {email}: {}",
            r.body
        );
        let c = r.cookie.expect("session cookie");
        c.split(';').next().unwrap().to_string()
    }

    pub async fn index(&self) {
        domain::public::search::apply_pending(&self.ctx.services.db, &self.ctx.services.search)
            .await
            .unwrap();
    }
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The application form as a browser posts it (the fixture's submitter is the first author, 60 %),
/// filed on purpose without a file (`files_seen`: the question "no file?" was answered).
pub fn submission(campaign: &str, title: &str, share2: &str) -> Vec<(String, String)> {
    let mut input = domain::testing::application(campaign.parse().unwrap(), title);
    input.authors[0].share = "60".into();
    input.authors[1].share = share2.into();
    input.authors.push(Default::default());
    let mut v = input.values();
    v.push(("action".into(), "submit".into()));
    v.push(("files_seen".into(), "1".into()));
    v
}

/// Replaces one field of a posted form.
pub fn set(form: &mut [(String, String)], name: &str, value: &str) {
    let slot = form
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    slot.1 = value.to_string();
}

/// The entry id in the receipt's address (`/ho-so/{id}?bien-nhan=1`).
pub fn filed_id(location: &str) -> i64 {
    location
        .trim_start_matches("/ho-so/")
        .trim_end_matches("?bien-nhan=1")
        .parse()
        .unwrap_or_else(|_| panic!("not a receipt: {location}"))
}

/// The id of the draft a form page URL names (`/nop-sang-kien?nhap=ID…`).
pub fn draft_of(location: &str) -> i64 {
    location
        .split("nhap=")
        .nth(1)
        .and_then(|rest| rest.split('&').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no draft in {location}"))
}

pub async fn newest_token(app: &TestApp, kind: &str) -> String {
    domain::testing::newest_mail_token(&app.ctx.services.db, kind).await
}

/// The opening tag of the form control named `name` in a page (`<input … name="…" …>`), to check
/// its attributes. Fails the test when there is none.
pub fn control<'a>(body: &'a str, name: &str) -> &'a str {
    let needle = format!("name=\"{name}\"");
    let at = body
        .find(&needle)
        .unwrap_or_else(|| panic!("no control named {name}"));
    let start = body[..at].rfind('<').expect("tag start");
    let end = at + body[at..].find('>').expect("tag end");
    &body[start..=end]
}
