//! Throttling of the account endpoints, per client address and per account (governor's keyed
//! limiters, in memory per process):
//!
//! - **Sign-in** (`POST /api/dang-nhap`): failed attempts are counted, ten at once and then one every
//!   six seconds per address, and the same per account; past that the address (or account) waits
//!   and is answered 429 at once, without a password being hashed. Only failures count, so an office
//!   whose officials share one address signs in freely.
//! - **Mail sent on request** (registration, forgotten password, a new verification link): every
//!   request counts, per address and per email typed, so nobody can flood a mailbox.
//!
//! A refusal is a page in Vietnamese with status 429, `Retry-After`, and the time to try again.
//! Client addresses come from the connection, or from the header named by
//! `SANGKIEN_CLIENT_IP_HEADER` when a reverse proxy in front sets it.
use crate::guard::refusal_page;
use app::i18n::t_with;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{HeaderValue, Method, StatusCode, header};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest form body read to find the email (a sign-in form is a few hundred bytes).
const MAX_FORM: usize = 16 * 1024;
/// Keys kept before limiters forget the ones at rest.
const TIDY_AT: usize = 10_000;

fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every)
        .expect("non-zero period")
        .allow_burst(NonZeroU32::new(burst).expect("non-zero burst"))
}

/// The limiters of one portal process.
pub struct Throttle {
    failed_by_address: DefaultKeyedRateLimiter<IpAddr>,
    failed_by_account: DefaultKeyedRateLimiter<String>,
    mail_by_address: DefaultKeyedRateLimiter<IpAddr>,
    mail_by_account: DefaultKeyedRateLimiter<String>,
    /// Who must wait, and until when (set when a limiter refuses a failure).
    waiting: Mutex<HashMap<String, Instant>>,
    /// Sign-ins being checked now, per key: failures are counted when they end, so attempts sent
    /// all at once are bounded here instead.
    in_flight: Arc<Mutex<HashMap<String, u32>>>,
    client_ip_header: Option<String>,
}

impl Throttle {
    /// `failed_refill`: how often one more failed sign-in is allowed per address once ten have
    /// failed (`None`: every six seconds; tests make it long).
    pub fn new(client_ip_header: Option<String>, failed_refill: Option<Duration>) -> Arc<Self> {
        let refill = failed_refill.unwrap_or(Duration::from_secs(6));
        Arc::new(Throttle {
            failed_by_address: RateLimiter::keyed(quota(10, refill)),
            failed_by_account: RateLimiter::keyed(quota(10, Duration::from_secs(60))),
            mail_by_address: RateLimiter::keyed(quota(20, Duration::from_secs(60))),
            mail_by_account: RateLimiter::keyed(quota(3, Duration::from_secs(20 * 60))),
            waiting: Mutex::new(HashMap::new()),
            in_flight: Arc::new(Mutex::new(HashMap::new())),
            client_ip_header: client_ip_header.filter(|h| !h.trim().is_empty()),
        })
    }

    /// Takes a place among the sign-ins running now for each key (at most `limit` each), or says
    /// none is free. The places are given back when the guard drops, even if the request is cut.
    fn enter(&self, keys: &[(String, u32)]) -> Option<InFlight> {
        let mut running = self.in_flight.lock().expect("throttle lock");
        if keys
            .iter()
            .any(|(k, limit)| running.get(k).copied().unwrap_or(0) >= *limit)
        {
            return None;
        }
        for (k, _) in keys {
            *running.entry(k.clone()).or_insert(0) += 1;
        }
        Some(InFlight {
            map: self.in_flight.clone(),
            keys: keys.iter().map(|(k, _)| k.clone()).collect(),
        })
    }

    fn wait_left(&self, keys: &[String]) -> Option<Duration> {
        let now = Instant::now();
        let waiting = self.waiting.lock().expect("throttle lock");
        keys.iter()
            .filter_map(|k| waiting.get(k))
            .filter(|until| **until > now)
            .map(|until| *until - now)
            .max()
    }

    fn wait(&self, key: String, wait: Duration) {
        let mut waiting = self.waiting.lock().expect("throttle lock");
        let now = Instant::now();
        if waiting.len() > TIDY_AT {
            waiting.retain(|_, until| *until > now);
        }
        let until = now + wait;
        let slot = waiting.entry(key).or_insert(until);
        *slot = (*slot).max(until);
    }

    fn tidy(&self) {
        for l in [&self.failed_by_address, &self.mail_by_address] {
            if l.len() > TIDY_AT {
                l.retain_recent();
            }
        }
        for l in [&self.failed_by_account, &self.mail_by_account] {
            if l.len() > TIDY_AT {
                l.retain_recent();
            }
        }
    }

    /// Counts a failed sign-in; `Some(wait)` once the address or the account must wait.
    fn failed(&self, ip: Option<IpAddr>, account: &str) -> Option<Duration> {
        self.tidy();
        let now = DefaultClock::default().now();
        let mut longest = None::<Duration>;
        if let Some(ip) = ip
            && let Err(e) = self.failed_by_address.check_key(&ip)
        {
            let w = e.wait_time_from(now);
            self.wait(format!("ip:{ip}"), w);
            longest = longest.max(Some(w));
        }
        if !account.is_empty()
            && let Err(e) = self.failed_by_account.check_key(&account.to_string())
        {
            let w = e.wait_time_from(now);
            self.wait(format!("account:{account}"), w);
            longest = longest.max(Some(w));
        }
        longest
    }

    /// Counts a request that sends mail; `Some(wait)` when it must not.
    fn mail(&self, ip: Option<IpAddr>, account: &str) -> Option<Duration> {
        self.tidy();
        let now = DefaultClock::default().now();
        let by_ip = ip.and_then(|ip| self.mail_by_address.check_key(&ip).err());
        let by_account = (!account.is_empty())
            .then(|| self.mail_by_account.check_key(&account.to_string()).err())
            .flatten();
        [by_ip, by_account]
            .into_iter()
            .flatten()
            .map(|e| e.wait_time_from(now))
            .max()
    }

    /// The client's address as a throttling key: an IPv6 client is its /64 (one household or
    /// office gets a whole /64, and hops between its addresses at will).
    fn client_ip(&self, req: &Request) -> Option<IpAddr> {
        self.raw_client_ip(req).map(|ip| match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let s = v6.segments();
                    IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
                }
            },
            v4 => v4,
        })
    }

    fn raw_client_ip(&self, req: &Request) -> Option<IpAddr> {
        if let Some(name) = &self.client_ip_header {
            // The proxy's header: the last address it appended is the one it saw.
            let from_proxy = req
                .headers()
                .get(name.as_str())
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok());
            if from_proxy.is_some() {
                return from_proxy;
            }
        }
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    }
}

/// Places held among the sign-ins running now (see [`Throttle::enter`]).
struct InFlight {
    map: Arc<Mutex<HashMap<String, u32>>>,
    keys: Vec<String>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut running) = self.map.lock() {
            for k in &self.keys {
                if let Some(n) = running.get_mut(k) {
                    *n -= 1;
                    if *n == 0 {
                        running.remove(k);
                    }
                }
            }
        }
    }
}

/// Sign-ins checked at once for one account, and for one address (an office's people share one).
const AT_ONCE_PER_ACCOUNT: u32 = 2;
const AT_ONCE_PER_ADDRESS: u32 = 8;

/// What a throttled path is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SignIn,
    Mail,
}

fn kind_of(req: &Request) -> Option<Kind> {
    if req.method() != Method::POST {
        return None;
    }
    use app::accounts::api::{ForgotPassword, Login, Register, ResendVerification};
    use leptos::server_fn::ServerFn;
    let path = req.uri().path();
    if path == Login::PATH {
        Some(Kind::SignIn)
    } else if [
        Register::PATH,
        ForgotPassword::PATH,
        ResendVerification::PATH,
    ]
    .contains(&path)
    {
        Some(Kind::Mail)
    } else {
        None
    }
}

/// The email of a form body, as the account services fold it.
fn email_of(body: &[u8]) -> String {
    url::form_urlencoded::parse(body)
        .find(|(k, _)| k == "email")
        .map(|(_, v)| v.trim().to_lowercase().chars().take(254).collect())
        .unwrap_or_default()
}

/// The answer to a throttled request.
fn too_many(wait: Duration) -> Response {
    let secs = wait.as_secs().max(1);
    let at = chrono::Utc::now() + chrono::Duration::seconds(secs as i64);
    let mut res = refusal_page(
        StatusCode::TOO_MANY_REQUESTS,
        &app::i18n::t("throttle.title"),
        &t_with(
            "throttle.body",
            &[
                ("minutes", secs.div_ceil(60).to_string()),
                ("at", domain::time::format_datetime(at)),
            ],
        ),
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    res
}

/// Middleware on the account endpoints (see the module's text).
pub async fn limit(State(throttle): State<Arc<Throttle>>, req: Request, next: Next) -> Response {
    let Some(kind) = kind_of(&req) else {
        return next.run(req).await;
    };
    let ip = throttle.client_ip(&req);
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM).await else {
        // A sign-in or registration form is a few hundred bytes: this is no form of ours.
        return refusal_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            &app::i18n::t("guard.refused_title"),
            &app::i18n::t("error.not_allowed"),
        );
    };
    let account = email_of(&bytes);
    let req = Request::from_parts(parts, Body::from(bytes));
    match kind {
        Kind::SignIn => {
            let keys = [
                ip.map(|ip| format!("ip:{ip}")).unwrap_or_default(),
                format!("account:{account}"),
            ];
            if let Some(wait) = throttle.wait_left(&keys) {
                return too_many(wait);
            }
            // Attempts sent all at once would all pass the check above before any failure is
            // counted: only a few run at a time per account and per address.
            let mut places = vec![(keys[1].clone(), AT_ONCE_PER_ACCOUNT)];
            if ip.is_some() {
                places.push((keys[0].clone(), AT_ONCE_PER_ADDRESS));
            }
            let Some(_running) = throttle.enter(&places) else {
                return too_many(Duration::from_secs(1));
            };
            let res = next.run(req).await;
            if started_a_session(&res) {
                return res;
            }
            match throttle.failed(ip, &account) {
                Some(wait) => too_many(wait),
                None => res,
            }
        }
        Kind::Mail => match throttle.mail(ip, &account) {
            Some(wait) => too_many(wait),
            None => next.run(req).await,
        },
    }
}

/// A sign-in succeeded when its answer sets a session cookie.
fn started_a_session(res: &Response) -> bool {
    let prefix = format!("{}=", app::request::SESSION_COOKIE);
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with(&prefix) && !c[prefix.len()..].starts_with(';'))
}
