//! What server functions return: plain serialisable data, never database entities.
use serde::{Deserialize, Serialize};
use types::{
    CampaignContent, FieldErrors, Level, Pillar, Role, Section, Sector, SolutionType, Status,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDto {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub email_verified: bool,
    /// Unread notifications (filled by `get_me`).
    #[serde(default)]
    pub unread: u64,
    /// Sits on at least one campaign council (filled by `get_me`).
    #[serde(default)]
    pub on_council: bool,
}

impl UserDto {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role) || self.roles.contains(&Role::Admin)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignDto {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub opens: String,
    pub closes: String,
    pub is_open: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDto {
    pub code: String,
    pub name: String,
    pub kind: String,
    /// Last day of a dissolved unit (dd/mm/yyyy).
    pub valid_to: Option<String>,
}

/// A row of a list of initiatives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryDto {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub summary: String,
    pub status: Status,
    pub pillar: Pillar,
    pub sector: Sector,
    pub solution_type: SolutionType,
    pub unit_name: String,
    pub campaign_name: String,
    pub year: i32,
    pub level: Option<Level>,
    pub score: Option<f64>,
    pub submitted_at: Option<String>,
    pub decided_on: Option<String>,
    pub due_on: Option<String>,
}

/// An author. Beyond name and share, the fields are empty in public views (the domain redacts them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthorDto {
    pub name: String,
    pub share: String,
    pub birth_date: Option<String>,
    pub workplace: Option<String>,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdopterDto {
    pub name: String,
    pub birth_date: Option<String>,
    pub workplace: String,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
    pub task: String,
}

/// An attachment: its name, size and fingerprint, and whether the authors keep it confidential.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentDto {
    pub id: i64,
    pub file_name: String,
    pub size: String,
    pub sha256: String,
    pub confidential: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionDto {
    pub section: Section,
    /// The text as the authors typed it (light markup; see `domain::richtext`).
    pub body: String,
    /// The text rendered and sanitised on the server: only paragraphs, lists, bold, italic and links.
    pub html: String,
    pub confidential: bool,
}

/// One initiative for a detail page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InitiativeDto {
    pub id: i64,
    pub code: Option<String>,
    pub campaign_name: String,
    pub year: i32,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub pillar: Pillar,
    pub sector: Sector,
    pub solution_type: SolutionType,
    pub unit_name: String,
    /// Code of the unit (empty when hidden by blind review), for the unit's public page.
    pub unit_code: String,
    pub status: Status,
    pub authors: Vec<AuthorDto>,
    pub level: Option<Level>,
    pub score: Option<f64>,
    pub decided_on: Option<String>,
    pub decision_no: Option<String>,
    pub refusal_reasons: Option<String>,
    pub submitted_at: Option<String>,
    pub due_on: Option<String>,
    pub content: Option<CampaignContent>,
    pub investor: Option<String>,
    pub state_funds: Option<bool>,
    pub first_applied_on: Option<String>,
    pub for_collective: bool,
    pub sections: Vec<SectionDto>,
    pub adopters: Vec<AdopterDto>,
    pub attachments: Vec<AttachmentDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryDto {
    pub to: Status,
    pub actor_role: String,
    pub at: String,
    pub note: Option<String>,
}

/// A form shown again after it was refused: what was typed, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormStateDto {
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
}

impl FormStateDto {
    pub fn value(&self, name: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(crate::i18n::field_error)
    }
}

#[cfg(feature = "ssr")]
mod convert {
    use super::*;
    use domain::catalog::{CampaignInfo, UnitInfo};
    use domain::submission::initiatives::{HistoryEntry, InitiativeSummary, InitiativeView};
    use domain::time::{format_date, format_datetime, format_deadline, now};

    impl From<domain::accounts::User> for UserDto {
        fn from(u: domain::accounts::User) -> Self {
            UserDto {
                id: u.id,
                full_name: u.full_name,
                email: u.email,
                roles: u.roles,
                email_verified: u.email_verified,
                unread: 0,
                on_council: false,
            }
        }
    }

    impl From<CampaignInfo> for CampaignDto {
        fn from(c: CampaignInfo) -> Self {
            CampaignDto {
                is_open: c.is_open_at(now()),
                id: c.id,
                year: c.year,
                opens: format_datetime(c.opens_at),
                closes: format_deadline(c.closes_at),
                name: c.name,
            }
        }
    }

    impl From<UnitInfo> for UnitDto {
        fn from(u: UnitInfo) -> Self {
            UnitDto {
                code: u.code,
                name: u.name,
                kind: u.kind,
                valid_to: u.valid_to.map(format_date),
            }
        }
    }

    impl From<InitiativeSummary> for SummaryDto {
        fn from(s: InitiativeSummary) -> Self {
            SummaryDto {
                id: s.id,
                code: s.code,
                title: s.title,
                summary: s.summary,
                status: s.status,
                pillar: s.pillar,
                sector: s.sector,
                solution_type: s.solution_type,
                unit_name: s.unit_name,
                campaign_name: s.campaign_name,
                year: s.year,
                level: s.level,
                score: s.score,
                submitted_at: s.submitted_at.map(format_datetime),
                decided_on: s.decided_on.map(format_date),
                due_on: s.due_on.map(format_date),
            }
        }
    }

    impl From<InitiativeView> for InitiativeDto {
        fn from(v: InitiativeView) -> Self {
            InitiativeDto {
                id: v.id,
                code: v.code,
                campaign_name: v.campaign.name,
                year: v.campaign.year,
                title: v.title,
                summary: v.summary,
                description: v.description,
                pillar: v.pillar,
                sector: v.sector,
                solution_type: v.solution_type,
                unit_code: v.unit.code,
                unit_name: v.unit.name,
                status: v.status,
                authors: v
                    .authors
                    .into_iter()
                    .map(|a| AuthorDto {
                        name: a.name,
                        share: types::format_share(a.share_tenths),
                        birth_date: a.birth_date.map(format_date),
                        workplace: a.workplace,
                        job_title: a.job_title,
                        qualification: a.qualification,
                    })
                    .collect(),
                content: v.content,
                investor: v.investor,
                state_funds: v.state_funds,
                first_applied_on: v.first_applied_on.map(format_date),
                for_collective: v.for_collective,
                sections: v
                    .sections
                    .into_iter()
                    .map(|s| SectionDto {
                        section: s.section,
                        html: domain::richtext::to_html(&s.body),
                        body: s.body,
                        confidential: s.confidential,
                    })
                    .collect(),
                attachments: v.attachments.into_iter().map(AttachmentDto::from).collect(),
                adopters: v
                    .adopters
                    .into_iter()
                    .map(|a| AdopterDto {
                        name: a.name,
                        birth_date: a.birth_date.map(format_date),
                        workplace: a.workplace,
                        job_title: a.job_title,
                        qualification: a.qualification,
                        task: a.task,
                    })
                    .collect(),
                level: v.level,
                score: v.score,
                decided_on: v.decided_on.map(format_date),
                decision_no: v.decision_no,
                refusal_reasons: v.refusal_reasons,
                submitted_at: v.submitted_at.map(format_datetime),
                due_on: v.due_on.map(format_date),
            }
        }
    }

    impl From<domain::submission::attachments::AttachmentView> for AttachmentDto {
        fn from(a: domain::submission::attachments::AttachmentView) -> Self {
            AttachmentDto {
                id: a.id,
                size: human_size(a.size_bytes),
                file_name: a.file_name,
                sha256: a.sha256,
                confidential: a.confidential,
            }
        }
    }

    /// "1,5 MB", "820 KB", "312 byte".
    fn human_size(bytes: i64) -> String {
        let b = bytes.max(0) as f64;
        if b >= 1024.0 * 1024.0 {
            format!("{:.1} MB", b / (1024.0 * 1024.0)).replace('.', ",")
        } else if b >= 1024.0 {
            format!("{:.0} KB", b / 1024.0)
        } else {
            format!("{bytes} byte")
        }
    }

    impl From<HistoryEntry> for HistoryDto {
        fn from(h: HistoryEntry) -> Self {
            HistoryDto {
                to: h.to,
                actor_role: h.actor_role,
                at: format_datetime(h.at),
                note: h.note,
            }
        }
    }

    impl From<domain::forms::FormState> for FormStateDto {
        fn from(f: domain::forms::FormState) -> Self {
            FormStateDto {
                values: f.values,
                errors: f.errors,
            }
        }
    }
}

/// One suggestion while the search box is typed in (`GET /api/v1/suggest`): a recognised
/// solution whose title holds the words typed so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionDto {
    pub id: i64,
    pub title: String,
    pub unit: String,
    pub year: i32,
    /// The solution's public page.
    pub url: String,
}

/// The answer of `GET /api/v1/suggest`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionsDto {
    pub q: String,
    pub items: Vec<SuggestionDto>,
}
