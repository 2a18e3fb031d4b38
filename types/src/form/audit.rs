//! The audit log's filters as an administrator types them in the viewer's form (a GET form: the
//! filters stay in the address, so a view can be bookmarked or sent on).
use super::{Day, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

/// The filters as typed; every one optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Words of the actor's name or address.
    #[serde(default)]
    pub actor: String,
    /// An entry's id: the records about it (screening, sheets, conflicts, votes, decision).
    #[serde(default)]
    pub entry: String,
    /// The kind of record (`audit::Entity` code).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub action: String,
    /// From this day (`YYYY-MM-DD`), included.
    #[serde(default)]
    pub from: String,
    /// To this day, included.
    #[serde(default)]
    pub to: String,
    /// One record by its number (the chain check's first broken record).
    #[serde(default)]
    pub record: String,
    #[serde(default)]
    pub page: String,
    /// Non-empty: walk the whole hash chain too (on demand: it reads every record).
    #[serde(default)]
    pub check: String,
}

/// The filters, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidAuditQuery {
    pub actor: Option<String>,
    pub entry: Option<i64>,
    pub kind: Option<String>,
    pub action: Option<String>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub record: Option<i64>,
    pub page: usize,
    pub check: bool,
}

fn word(raw: &str, max: usize) -> Option<String> {
    let s: String = raw.trim().chars().take(max).collect();
    (!s.is_empty()).then_some(s)
}

fn number(raw: &str) -> Result<Option<i64>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        s => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or(FieldError::NotANumber),
    }
}

fn day(raw: &str) -> Result<Option<Day>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        s => Day::parse(s).map(Some),
    }
}

impl AuditQuery {
    /// Every filter's error at once; a kind or action is a code (letters and underscores).
    pub fn parse(&self) -> Result<ValidAuditQuery, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = |raw: &str| -> Result<Option<String>, FieldError> {
            match word(raw, 40) {
                None => Ok(None),
                Some(s) if s.chars().all(|c| c.is_ascii_lowercase() || c == '_') => Ok(Some(s)),
                Some(_) => Err(FieldError::UnknownCode),
            }
        };
        let kind = e.take("kind", code(&self.kind)).flatten();
        let action = e.take("action", code(&self.action)).flatten();
        let entry = e.take("entry", number(&self.entry)).flatten();
        let record = e.take("record", number(&self.record)).flatten();
        let from = e.take("from", day(&self.from)).flatten();
        let to = e.take("to", day(&self.to)).flatten();
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            e.add("to", FieldError::EndsBeforeStart);
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ValidAuditQuery {
            actor: word(&self.actor, 100),
            entry,
            kind,
            action,
            from,
            to,
            record,
            page: self.page.trim().parse::<usize>().unwrap_or(1).max(1),
            check: !self.check.trim().is_empty(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filters_are_none_and_wrong_ones_are_named() {
        let q = AuditQuery::default().parse().unwrap();
        assert_eq!(
            q,
            ValidAuditQuery {
                page: 1,
                ..Default::default()
            }
        );
        let q = AuditQuery {
            entry: "x".into(),
            from: "2026-13-01".into(),
            ..Default::default()
        };
        let e = q.parse().unwrap_err();
        assert_eq!(e.get("entry"), Some(&FieldError::NotANumber));
        assert!(e.get("from").is_some());
        let q = AuditQuery {
            from: "2026-03-02".into(),
            to: "2026-03-01".into(),
            ..Default::default()
        };
        assert_eq!(
            q.parse().unwrap_err().get("to"),
            Some(&FieldError::EndsBeforeStart)
        );
        let q = AuditQuery {
            kind: "decision; DROP".into(),
            ..Default::default()
        };
        assert_eq!(
            q.parse().unwrap_err().get("kind"),
            Some(&FieldError::UnknownCode)
        );
        let q = AuditQuery {
            action: "publish".into(),
            page: "3".into(),
            check: "1".into(),
            ..Default::default()
        };
        let v = q.parse().unwrap();
        assert_eq!(
            (v.kind, v.action.as_deref(), v.page, v.check),
            (None, Some("publish"), 3, true)
        );
    }
}
