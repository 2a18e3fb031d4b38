//! Password hashes: Argon2id at a configured cost, a few at a time, a constant-time answer for an
//! unknown email, and the refusal of weak passwords.
use super::*;

/// Argon2id cost of new password hashes. Never below OWASP's minimum (19 MiB, two passes, one
/// lane); a province with stronger servers raises it (`SANGKIEN_ARGON2_*`). Hashes made with other
/// parameters still verify: each hash carries its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl HashCost {
    pub const OWASP_MINIMUM: HashCost = HashCost {
        memory_kib: 19 * 1024,
        iterations: 2,
        lanes: 1,
    };

    /// This cost, raised where it falls below the minimum.
    pub fn at_least_minimum(self) -> HashCost {
        let min = Self::OWASP_MINIMUM;
        HashCost {
            memory_kib: self.memory_kib.max(min.memory_kib),
            iterations: self.iterations.max(min.iterations),
            lanes: self.lanes.max(min.lanes),
        }
    }
}

static HASH_COST: std::sync::OnceLock<HashCost> = std::sync::OnceLock::new();

/// Sets the cost of new hashes for this process (once, at start; later calls change nothing).
pub fn configure_hashing(cost: HashCost) -> HashCost {
    *HASH_COST.get_or_init(|| cost.at_least_minimum())
}

/// The argon2id hasher of new hashes.
fn hasher() -> Argon2<'static> {
    let c = *HASH_COST.get_or_init(|| HashCost::OWASP_MINIMUM);
    let params = argon2::Params::new(c.memory_kib, c.iterations, c.lanes, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// Every hashing turn stayed taken for `HASHING_WAIT`: too many sign-ins at once.
    #[error("every password-hashing turn is taken")]
    Busy,
    #[error("the hashing turns are closed: {0}")]
    Closed(#[from] tokio::sync::AcquireError),
    #[error("argon2: {0}")]
    Argon2(argon2::password_hash::Error),
}

impl From<HashingError> for Error {
    fn from(e: HashingError) -> Self {
        Error::Area(Box::new(e))
    }
}

/// Password hashes computed at once, at most: each argon2id takes 19 MiB and a core for a moment,
/// so a flood of sign-ins waits here instead of filling memory on the blocking pool.
const HASHING_AT_ONCE: usize = 4;
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);

/// How long a request waits for its turn to hash before it is told to try again.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// A turn at hashing. It moves into the blocking task, so it is held until the hash is done even
/// when the request that asked for it is dropped meanwhile.
async fn hashing_turn() -> Result<tokio::sync::SemaphorePermit<'static>> {
    match tokio::time::timeout(HASHING_WAIT, HASHING.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(e)) => Err(HashingError::Closed(e).into()),
        Err(_) => Err(HashingError::Busy.into()),
    }
}

pub(super) async fn hash_password(password: &Password) -> Result<String> {
    let pw = password.expose().to_string();
    let permit = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        hasher()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| HashingError::Argon2(e).into())
    })
    .await?
}

/// Refuses a new password that is common or easy to guess for this person (`passwords::check`), as
/// the error of the form's field `field`. Called before anything is written. The check (zxcvbn's
/// matching) runs on the blocking pool and takes a hashing turn, so a flood of long passwords cannot
/// hold up the async workers.
pub(super) async fn refuse_weak(
    field: &str,
    password: &Password,
    email: &str,
    full_name: &str,
) -> Result<()> {
    let (pw, email, name) = (
        password.expose().to_string(),
        email.to_string(),
        full_name.to_string(),
    );
    let permit = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        crate::accounts::passwords::check(&pw, &email, &name)
    })
    .await?
    .map_err(|e| Error::field(field, e))
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        hasher()
            .hash_password(b"no such account", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

pub(super) async fn verify_password(password: &str, hash: Option<String>) -> bool {
    let pw = password.to_string();
    let Ok(permit) = hashing_turn().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        // Without an account we still spend the time of one verification, so that response times do
        // not tell which emails are registered.
        let stored = hash.clone().unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(pw.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod hashing_tests {
    use super::*;

    #[test]
    fn hash_cost_never_falls_below_owasps_minimum() {
        let weak = HashCost {
            memory_kib: 4096,
            iterations: 1,
            lanes: 1,
        };
        assert_eq!(weak.at_least_minimum(), HashCost::OWASP_MINIMUM);
        let strong = HashCost {
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 2,
        };
        assert_eq!(strong.at_least_minimum(), strong);
    }
}
