//! The one i18n layer: every user-facing string comes from `app/locales/<locale>.yml` through here.
//! Vietnamese is the only locale today; adding English means adding `en.yml` and choosing the locale
//! per request, without touching components.
use types::FieldError;

/// The locale of this request. One for now.
pub fn locale() -> &'static str {
    "vi"
}

/// The text of a key.
pub fn t(key: &str) -> String {
    rust_i18n::t!(key, locale = locale()).into_owned()
}

/// The text of a key with `%{name}` placeholders filled in.
pub fn t_with(key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(key);
    for (k, v) in args {
        s = s.replace(&format!("%{{{k}}}"), v);
    }
    s
}

/// The message of a field error.
pub fn field_error(e: &FieldError) -> String {
    match e {
        FieldError::TooLong { max } => t_with(e.key(), &[("max", max.to_string())]),
        FieldError::TooShort { min } => t_with(e.key(), &[("min", min.to_string())]),
        FieldError::SharesNotHundred { sum_tenths } => {
            t_with(e.key(), &[("sum", types::format_share(*sum_tenths))])
        }
        FieldError::OutOfRange { min, max } => t_with(
            e.key(),
            &[("min", min.to_string()), ("max", max.to_string())],
        ),
        FieldError::FileTooLarge { max_mb }
        | FieldError::EntryFilesTooLarge { max_mb }
        | FieldError::PersonFilesTooLarge { max_mb } => {
            t_with(e.key(), &[("max", max_mb.to_string())])
        }
        FieldError::OutOfPhase { phase } => t_with(e.key(), &[("phase", t(&phase.label_key()))]),
        FieldError::TooManyDrafts { max } => t_with(e.key(), &[("max", max.to_string())]),
        FieldError::EntriesUndecided { count } => t_with(e.key(), &[("count", count.to_string())]),
        _ => t(e.key()),
    }
}

/// Formats a score with a Vietnamese decimal comma ("88,5").
pub fn score(v: f64) -> String {
    types::format_score(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_error_has_a_vietnamese_message() {
        let all = [
            FieldError::Required,
            FieldError::NotTicked,
            FieldError::NoFile,
            FieldError::FileNotUploaded,
            FieldError::TooLong { max: 3 },
            FieldError::TooShort { min: 3 },
            FieldError::InvalidEmail,
            FieldError::EmailTaken,
            FieldError::WrongCredentials,
            FieldError::UnknownCode,
            FieldError::InvalidShare,
            FieldError::SharesNotHundred { sum_tenths: 990 },
            FieldError::NoAuthors,
            FieldError::OutOfRange { min: 0, max: 30 },
            FieldError::NotANumber,
            FieldError::OutsideWindow,
            FieldError::NotAllowed,
            FieldError::InvalidDate,
            FieldError::InFuture,
            FieldError::FirstApplicationTooOld,
            FieldError::FilerNotAuthor,
            FieldError::TokenInvalid,
            FieldError::EmailNotVerified,
            FieldError::FileType,
            FieldError::FileTooLarge { max_mb: 20 },
            FieldError::EntryFilesTooLarge { max_mb: 100 },
            FieldError::PersonFilesTooLarge { max_mb: 300 },
            FieldError::TooManyDrafts { max: 20 },
            FieldError::InvalidPhone,
            FieldError::UnitDissolved,
            FieldError::ConflictOfInterest,
            FieldError::CommentRequired,
            FieldError::NotInBand,
            FieldError::OutOfPhase {
                phase: types::Phase::Vote,
            },
            FieldError::Stale,
            FieldError::VoteOpen,
            FieldError::VotesUnderWay,
            FieldError::NoSuchAccount,
            FieldError::NotASecretary,
            FieldError::WeakPassword,
        ];
        for e in all {
            let m = field_error(&e);
            assert!(!m.starts_with("error.") && !m.contains("%{"), "{e:?} → {m}");
        }
        assert!(field_error(&FieldError::SharesNotHundred { sum_tenths: 990 }).contains("99%"));
    }

    #[test]
    fn every_code_has_a_label() {
        let keys = types::Pillar::ALL
            .iter()
            .map(|c| c.label_key())
            .chain(types::Sector::ALL.iter().map(|c| c.label_key()))
            .chain(types::SolutionType::ALL.iter().map(|c| c.label_key()))
            .chain(types::Level::ALL.iter().map(|c| c.label_key()))
            .chain(types::Status::ALL.iter().map(|c| c.label_key()))
            .chain(types::Role::ALL.iter().map(|c| c.label_key()))
            .chain(types::CampaignContent::ALL.iter().map(|c| c.label_key()))
            .chain(types::SubmitterKind::ALL.iter().map(|c| c.label_key()))
            .chain(types::Phase::ALL.iter().map(|c| c.label_key()))
            .chain(types::CouncilRole::ALL.iter().map(|c| c.label_key()))
            .chain(types::Aggregation::ALL.iter().map(|c| c.label_key()))
            .chain(types::ConflictKind::ALL.iter().map(|c| c.label_key()))
            .chain(types::RefusalReason::ALL.iter().map(|c| c.label_key()))
            .chain(
                ["registration", "submission"]
                    .iter()
                    .flat_map(|p| [format!("consent.{p}_what"), format!("consent.{p}_why")]),
            )
            .chain(types::Section::ALL.iter().map(|c| c.label_key()))
            .chain(
                types::Section::ALL
                    .iter()
                    .map(|c| format!("section_hint.{}", c.code())),
            )
            .chain(
                crate::components::people::AUTHOR_COLUMNS
                    .iter()
                    .chain(crate::components::people::ADOPTER_COLUMNS)
                    .map(|c| c.label_key.to_string()),
            );
        #[cfg(feature = "ssr")]
        let keys = keys.chain(
            domain::audit::Entity::ALL
                .iter()
                .map(|e| format!("audit_entity.{}", e.code())),
        );
        for k in keys {
            assert_ne!(t(&k), k, "missing label {k}");
        }
    }

    /// Every key passed to `t` or `t_with` in the source exists in the Vietnamese file.
    #[test]
    fn every_key_used_in_source_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut sources = Vec::new();
        // The server's own pages (refusals, uploads, the CLI) take their texts from here too.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        walk(&root.join("src"), &mut sources);
        walk(&root.join("../server/src"), &mut sources);
        let mut checked = 0;
        for src in &sources {
            for marker in ["t(\"", "t_with(\""] {
                let mut from = 0;
                while let Some(pos) = src[from..].find(marker) {
                    let at = from + pos;
                    from = at + marker.len();
                    // Only calls of `t(`/`t_with(` themselves, not `next(` or `format(`.
                    let before = src[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let key = src[from..].split('"').next().unwrap();
                    assert_ne!(t(key), key, "missing translation for {key}");
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 50,
            "only {checked} keys found: is the scan broken?"
        );
    }

    #[test]
    fn score_uses_decimal_comma() {
        assert_eq!(score(88.5), "88,5");
        assert_eq!(score(90.0), "90");
        assert_eq!(score(86.67), "86,67");
    }
}
