//! Accounts and profiles: the sign-in email, the password, the profile form and the phone number.

use super::dates::{Day, parse_birth_date};
use super::{FieldError, FieldErrors, FullName, ShortText, char_count, optional_short, parse_code};
use serde::{Deserialize, Serialize};

/// A sign-in email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::Required);
        }
        if s.len() > 254 {
            return Err(FieldError::TooLong { max: 254 });
        }
        let mut parts = s.split('@');
        let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
            (Some(l), Some(d), None) => (l, d),
            _ => return Err(FieldError::InvalidEmail),
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.split('.').all(|label| !label.is_empty());
        let no_space = !s.chars().any(char::is_whitespace);
        if local.is_empty() || !domain_ok || !no_space {
            return Err(FieldError::InvalidEmail);
        }
        Ok(Email(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: at least 10 characters. The server also refuses common and easily guessed ones
/// (`domain::accounts::passwords`, with the person's name and address: not here, this crate reaches the wasm).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 10;
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.is_empty() {
            return Err(FieldError::Required);
        }
        let n = char_count(raw);
        if n < Self::MIN {
            return Err(FieldError::TooShort { min: Self::MIN });
        }
        if n > 128 {
            return Err(FieldError::TooLong { max: 128 });
        }
        Ok(Password(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// The profile form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub submitter_kind: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub qualification: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub phone: String,
}

/// A validated profile. Empty optional fields are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProfile {
    pub full_name: FullName,
    pub submitter_kind: Option<crate::codes::SubmitterKind>,
    pub position: Option<ShortText>,
    pub qualification: Option<ShortText>,
    pub unit_code: Option<String>,
    pub birth_date: Option<Day>,
    pub phone: Option<String>,
}

/// A Vietnamese phone number as typed: digits with optional spaces, dots or dashes, an optional
/// leading `+84`; 9 to 12 digits.
pub fn parse_phone(raw: &str) -> Result<Option<String>, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let allowed = s
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (i == 0 && c == '+'));
    if !allowed || !(9..=12).contains(&digits.len()) {
        return Err(FieldError::InvalidPhone);
    }
    Ok(Some(s.to_string()))
}

impl ProfileInput {
    pub fn parse(&self, today: Day) -> Result<ValidProfile, FieldErrors> {
        let mut e = FieldErrors::default();
        let full_name = e.take("full_name", FullName::parse(&self.full_name));
        let submitter_kind = e.take(
            "submitter_kind",
            if self.submitter_kind.trim().is_empty() {
                Ok(None)
            } else {
                parse_code(&self.submitter_kind, crate::codes::SubmitterKind::from_code).map(Some)
            },
        );
        let position = e.take("position", optional_short(&self.position));
        let qualification = e.take("qualification", optional_short(&self.qualification));
        let birth_date = e.take("birth_date", parse_birth_date(&self.birth_date, today));
        let phone = e.take("phone", parse_phone(&self.phone));
        let unit_code = Some(self.unit.trim().to_string()).filter(|u| !u.is_empty());
        match (
            full_name,
            submitter_kind,
            position,
            qualification,
            birth_date,
            phone,
        ) {
            (
                Some(full_name),
                Some(submitter_kind),
                Some(position),
                Some(qualification),
                Some(birth_date),
                Some(phone),
            ) if e.is_empty() => Ok(ValidProfile {
                full_name,
                submitter_kind,
                position,
                qualification,
                unit_code,
                birth_date,
                phone,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_accepts_vietnamese_forms_and_refuses_others() {
        assert_eq!(parse_phone(""), Ok(None));
        assert!(parse_phone("0912 345 678").unwrap().is_some());
        assert!(parse_phone("+84 212.3852.123").unwrap().is_some());
        for bad in ["12345", "09a2345678", "0912-345-678-999-1", "++84912345678"] {
            assert_eq!(parse_phone(bad), Err(FieldError::InvalidPhone), "{bad}");
        }
    }

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse(" An.Nguyen@SonLa.gov.vn ").unwrap().as_str(),
            "an.nguyen@sonla.gov.vn"
        );
        for bad in ["", "a@b", "a b@c.vn", "@c.vn", "a@@c.vn", "a@c..vn"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_needs_ten_characters() {
        assert_eq!(
            Password::parse("ngắn"),
            Err(FieldError::TooShort { min: 10 })
        );
        assert!(Password::parse("mật khẩu dài đủ").is_ok());
    }
}

/// An administrator's invitation as typed: the person's name and address, and the roles ticked
/// (a box is sent only when ticked). Its names keep apart from the other forms of the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteFields {
    #[serde(default)]
    pub invite_name: String,
    #[serde(default)]
    pub invite_email: String,
    #[serde(default)]
    pub reviewer: Option<String>,
    #[serde(default)]
    pub secretary: Option<String>,
    #[serde(default)]
    pub admin: Option<String>,
}

/// An invitation, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidInvite {
    pub name: FullName,
    pub email: Email,
    pub roles: Vec<crate::Role>,
}

impl InviteFields {
    pub fn parse(&self) -> Result<ValidInvite, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("invite_name", FullName::parse(&self.invite_name));
        let email = e.take("invite_email", Email::parse(&self.invite_email));
        match (name, email) {
            (Some(name), Some(email)) => Ok(ValidInvite {
                name,
                email,
                roles: self.roles(),
            }),
            _ => Err(e),
        }
    }

    /// The roles ticked, besides submitter (which everyone is).
    pub fn roles(&self) -> Vec<crate::Role> {
        use crate::Role;
        [
            (&self.reviewer, Role::Reviewer),
            (&self.secretary, Role::Secretary),
            (&self.admin, Role::Admin),
        ]
        .into_iter()
        .filter_map(|(v, r)| v.is_some().then_some(r))
        .collect()
    }

    /// What was typed, as the refused form shows it again.
    pub fn values(&self) -> Vec<(String, String)> {
        let mut v = vec![
            ("invite_name".to_string(), self.invite_name.clone()),
            ("invite_email".to_string(), self.invite_email.clone()),
        ];
        for (k, ticked) in [
            ("reviewer", &self.reviewer),
            ("secretary", &self.secretary),
            ("admin", &self.admin),
        ] {
            if ticked.is_some() {
                v.push((k.to_string(), "on".to_string()));
            }
        }
        v
    }
}

#[cfg(test)]
mod invite_tests {
    use super::*;

    #[test]
    fn an_invitation_needs_a_name_and_an_address_and_keeps_the_roles_ticked() {
        let e = InviteFields::default().parse().unwrap_err();
        assert_eq!(e.get("invite_name"), Some(&FieldError::Required));
        assert_eq!(e.get("invite_email"), Some(&FieldError::Required));
        let ok = InviteFields {
            invite_name: "Lường Thị Mời".into(),
            invite_email: "Moi@Son-La.vn".into(),
            secretary: Some("on".into()),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(ok.email.as_str(), "moi@son-la.vn");
        assert_eq!(ok.roles, vec![crate::Role::Secretary]);
    }
}
