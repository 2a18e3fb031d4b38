//! New passwords refused beyond the length rule of `types::Password` (docs/SECURITY.md): the common
//! ones of `common_passwords.txt`, alone or with digits around them, and those zxcvbn estimates
//! guessable in fewer than 10^6 tries (a score below [`MIN_SCORE`]) once the person's own address
//! and name, and the list's words, count among a guesser's first tries. Server-only like all of
//! `domain`: zxcvbn's dictionaries never reach the wasm build.
use crate::text;
use std::sync::LazyLock;
use types::FieldError;

/// The lowest zxcvbn score accepted. 2 asks for at least 10^6 guesses (10^8 for 3): far out of reach
/// through the sign-in form, which is throttled (after ten tries, one per 6 s per address and per
/// account) and is where guessing happens unless the database leaks, and even then each guess costs
/// an argon2id at OWASP's minimum. 3 (10^10) would also refuse the mixed-case word, symbol and
/// year passwords people are used to (the demo accounts' among them) and push them to write
/// passwords down; the list and the person's own name and address catch the worst of those instead.
pub const MIN_SCORE: u8 = 2;

/// Refuses a new password that is common or easy to guess for this person
/// (`FieldError::WeakPassword`). `email` and `full_name` are the person's: a password made of them
/// is among the first tried.
pub fn check(password: &str, email: &str, full_name: &str) -> Result<(), FieldError> {
    let folded = key(password);
    if is_common(&folded) || is_personal(&folded, email, full_name) {
        return Err(FieldError::WeakPassword);
    }
    // zxcvbn's work grows fast with length and substitutions (a long password of l33t characters
    // costs seconds): it judges the first `JUDGED_CHARS` characters, which a longer password only
    // makes stronger.
    let password = judged(password);
    let password = password.as_str();
    let inputs = guesses_first(email, full_name);
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    // zxcvbn knows words without diacritics: "Mật khẩu" is judged as "Mat khau", and again without
    // its spaces, since "Mat khau 2026" is as easy to guess as "Matkhau2026".
    let plain = text::strip_marks(password);
    let joined: String = plain.chars().filter(|c| !c.is_whitespace()).collect();
    let weak = |p: &str| u8::from(zxcvbn::zxcvbn(p, &inputs).score()) < MIN_SCORE;
    if weak(&plain) || (joined != plain && weak(&joined)) {
        return Err(FieldError::WeakPassword);
    }
    Ok(())
}

/// How many characters zxcvbn judges (see [`check`]).
const JUDGED_CHARS: usize = 40;

/// The part of a password zxcvbn judges.
fn judged(password: &str) -> String {
    password.chars().take(JUDGED_CHARS).collect()
}

/// The person's name or address (its local part) with digits around it, whatever the symbols:
/// "HaVanSang@2026", "tacgia@123".
fn is_personal(folded: &str, email: &str, full_name: &str) -> bool {
    let core = folded.trim_matches(|c: char| c.is_ascii_digit());
    let local = email.trim().split('@').next().unwrap_or_default();
    [key(full_name), key(local)]
        .iter()
        .any(|own| own.len() >= 3 && (own == folded || own == core))
}

/// A password as the list compares it: folded (no case, no diacritics), letters and digits only.
fn key(s: &str) -> String {
    text::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The list, as keys.
fn common() -> &'static [String] {
    static LIST: LazyLock<Vec<String>> = LazyLock::new(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(key)
            .collect()
    });
    &LIST
}

/// A word of the list, alone or with digits before or after it ("matkhau2026", "2026qwerty").
fn is_common(folded: &str) -> bool {
    let core = folded.trim_matches(|c: char| c.is_ascii_digit());
    common()
        .iter()
        .any(|w| w == folded || (!core.is_empty() && w == core))
}

/// What a guesser tries first for this person, most likely first: the address, its local part and
/// the local part's pieces, the name without diacritics (whole and word by word), then the list.
fn guesses_first(email: &str, full_name: &str) -> Vec<String> {
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_string();
    let name = text::fold(full_name);
    let mut words = vec![email.clone(), local.clone()];
    words.extend(
        local
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && *w != local)
            .map(str::to_string),
    );
    words.push(name.split_whitespace().collect());
    words.extend(name.split_whitespace().map(str::to_string));
    words.extend(common().iter().cloned());
    words.retain(|w| !w.is_empty());
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "tacgia@son-la.vn";
    const NAME: &str = "Hà Văn Sáng";

    fn refused(password: &str) -> bool {
        check(password, EMAIL, NAME) == Err(FieldError::WeakPassword)
    }

    #[test]
    fn the_worst_passwords_are_refused() {
        for p in [
            "12345678",
            "1234567890",
            "123456789a",
            "88888888",
            "6666888866",
            "matkhau123",
            "matkhau2026",
            "Mật khẩu 123",
            "MẬT KHẨU 2026",
            "MatKhau@2026",
            "password1",
            "Password123!",
            "anhyeuem1990",
            "Anh yêu em 123",
            "iloveyou12",
            "qwerty12345",
            "abc123456",
            "aaaaaaaaaa",
            "Sơn La 2026",
            "vietnam1234",
        ] {
            assert!(refused(p), "{p} should be refused");
        }
    }

    #[test]
    fn the_persons_own_address_and_name_are_refused() {
        for p in [
            "tacgia@son-la.vn",
            "tacgia12345",
            "Hà Văn Sáng",
            "havansang2026",
            "Hà Văn Sáng 2026",
            // Symbols between do not hide the name or the address.
            "HaVanSang@2026",
            "tacgia@2026",
            "Tacgia#123!",
        ] {
            assert!(refused(p), "{p} should be refused for {NAME} <{EMAIL}>");
        }
        // The same passwords are nobody's name and address for someone else.
        assert_eq!(
            check("havansang2026", "thuky@son-la.vn", "Lò Thị Thư"),
            Ok(())
        );
    }

    #[test]
    fn zxcvbn_judges_a_bounded_prefix_of_a_long_password() {
        // Every l33t character, over and over: zxcvbn alone would enumerate hundreds of
        // substitutions over the whole length; it is given the first characters only.
        let long: String = "4@8({[<3691!|70$5%2+7~".chars().cycle().take(128).collect();
        assert_eq!(judged(&long).chars().count(), JUDGED_CHARS);
        assert_eq!(judged("ngắn"), "ngắn");
        assert_eq!(check(&long, EMAIL, NAME), Ok(()));
    }

    #[test]
    fn passwords_hard_to_guess_are_accepted() {
        for p in [
            "con-meo-an-ca-kho",
            "Tôi yêu Sơn La mùa hoa ban",
            "hoa ban trắng nở",
            "xJ4kq9PzLm2",
            "mật khẩu dài đủ",
            "chuyendoiso-tinh-nha",
        ] {
            assert_eq!(check(p, EMAIL, NAME), Ok(()), "{p} should be accepted");
        }
    }

    #[test]
    fn the_passwords_of_the_demo_and_the_tests_are_accepted() {
        for a in crate::admin::demo::ACCOUNTS {
            assert_eq!(check(a.password, a.email, a.name), Ok(()), "{}", a.email);
        }
        // Who sets which password in domain/tests, server/tests and end2end.
        let author = ("tacgia@thu.nghiem.vn", "Lò Văn Tác");
        for (password, (email, name)) in [
            (crate::testing::PASSWORD, author),
            (
                crate::testing::PASSWORD,
                ("quantri@thu.nghiem.vn", "Đỗ Văn Trị"),
            ),
            (
                crate::testing::PASSWORD,
                ("thuky@thu.nghiem.vn", "Hà Thị Thư"),
            ),
            ("mot-mat-khau-dai", ("moi@son-la.vn", "Sa Văn Mới")),
            ("mot-mat-khau-dai", author),
            ("mat-khau-moi-123", author),
            ("mat-khau-moi-dai-du", author),
            ("mat-khau-lan-hai-nua", author),
            ("mat-khau-qua-han-roi", author),
            ("mat-khau-moi-that-dai", author),
            ("mat-khau-doi-456", author),
            ("lan-thu-hai-khong-duoc", author),
            (
                "mat-khau-kiem-thu",
                ("kiemthu-no-js-mj3k2x@son-la.vn", "Lò Thị Kiểm Thử"),
            ),
            (
                "mat-khau-ban-dau",
                ("quen-js-mj3k2x@son-la.vn", "Cầm Văn Quên"),
            ),
            (
                "mat-khau-moi-sau-khi-quen",
                ("quen-js-mj3k2x@son-la.vn", "Cầm Văn Quên"),
            ),
        ] {
            assert_eq!(
                check(password, email, name),
                Ok(()),
                "{password} of {email}"
            );
        }
    }

    #[test]
    fn the_list_is_read_folded_and_without_separators() {
        assert!(common().iter().any(|w| w == "matkhau123"));
        assert!(common().iter().all(|w| w == &key(w) && !w.is_empty()));
    }
}
