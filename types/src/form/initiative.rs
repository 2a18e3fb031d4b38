//! The application form for an initiative: the form as typed, and the validated initiative with its
//! sections.

use super::dates::{Day, parse_first_applied};
use super::people::{
    AdopterInput, AuthorInput, ValidAdopter, ValidAuthor, parse_adopters, parse_authors, same_name,
};
use super::{
    FieldError, FieldErrors, SectionText, ShortText, Summary, Title, optional_short, parse_code,
    required_text,
};
use crate::codes::{CampaignContent, Pillar, Section, Sector, SolutionType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A checkbox as posted: present ("on") or absent.
fn ticked(raw: &str) -> bool {
    !raw.trim().is_empty()
}

/// The application form as typed (every field a string, so nothing typed is ever lost: a draft is
/// this struct as it stands).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeInput {
    #[serde(default)]
    pub campaign_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub solution_type: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub unit: String,
    /// Who funded it, when not the authors.
    #[serde(default)]
    pub investor: String,
    /// `co` or `khong`: whether state funds, materials or equipment were used.
    #[serde(default)]
    pub state_funds: String,
    #[serde(default)]
    pub first_applied_on: String,
    #[serde(default)]
    pub field_problem: String,
    #[serde(default)]
    pub known_solution: String,
    /// The new solution (purpose, steps, what is new): the entry's description.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub applicability: String,
    #[serde(default)]
    pub benefits_author: String,
    #[serde(default)]
    pub benefits_adopters: String,
    #[serde(default)]
    pub conditions: String,
    /// Sections marked confidential, by section code (`confidential[known_solution]=on`).
    #[serde(default)]
    pub confidential: BTreeMap<String, String>,
    #[serde(default)]
    pub authors: Vec<AuthorInput>,
    #[serde(default)]
    pub adopters: Vec<AdopterInput>,
    /// The filer files for a collective (and need not be an author).
    #[serde(default)]
    pub for_collective: String,
    /// The truthfulness declaration.
    #[serde(default)]
    pub declaration: String,
    /// Consent to the processing of the personal data in the application.
    #[serde(default)]
    pub consent: String,
}

impl InitiativeInput {
    /// A section's text as typed.
    pub fn section(&self, s: Section) -> &str {
        match s {
            Section::FieldProblem => &self.field_problem,
            Section::KnownSolution => &self.known_solution,
            Section::NewSolution => &self.description,
            Section::Applicability => &self.applicability,
            Section::BenefitsAuthor => &self.benefits_author,
            Section::BenefitsAdopters => &self.benefits_adopters,
            Section::Conditions => &self.conditions,
        }
    }

    pub fn is_confidential(&self, s: Section) -> bool {
        self.confidential.get(s.code()).is_some_and(|v| ticked(v))
    }

    /// Every field by the name of its input, to show the form again (drafts, refused forms).
    pub fn values(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            ("campaign_id", &self.campaign_id),
            ("title", &self.title),
            ("summary", &self.summary),
            ("solution_type", &self.solution_type),
            ("pillar", &self.pillar),
            ("sector", &self.sector),
            ("content", &self.content),
            ("unit", &self.unit),
            ("investor", &self.investor),
            ("state_funds", &self.state_funds),
            ("first_applied_on", &self.first_applied_on),
            ("for_collective", &self.for_collective),
            ("declaration", &self.declaration),
            ("consent", &self.consent),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        for s in Section::ALL {
            v.push((s.input_name().to_string(), self.section(*s).to_string()));
            if self.is_confidential(*s) {
                v.push((format!("confidential[{}]", s.code()), "on".into()));
            }
        }
        for (i, a) in self.authors.iter().enumerate() {
            for (c, val) in a.columns() {
                v.push((format!("authors[{i}][{c}]"), val.to_string()));
            }
        }
        for (i, a) in self.adopters.iter().enumerate() {
            for (c, val) in a.columns() {
                v.push((format!("adopters[{i}][{c}]"), val.to_string()));
            }
        }
        v
    }

    /// Checks every field and reports all problems at once. `today` is the submission day in the
    /// province's time zone; `filer` the full name of the person filing.
    pub fn parse(&self, today: Day, filer: &str) -> Result<ValidInitiative, FieldErrors> {
        let mut e = FieldErrors::default();
        let campaign_id = e.take(
            "campaign_id",
            self.campaign_id
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldError::Required),
        );
        let title = e.take("title", Title::parse(&self.title));
        let summary = e.take("summary", Summary::parse(&self.summary));
        let solution_type = e.take(
            "solution_type",
            parse_code(&self.solution_type, SolutionType::from_code),
        );
        let pillar = e.take("pillar", parse_code(&self.pillar, Pillar::from_code));
        let sector = e.take("sector", parse_code(&self.sector, Sector::from_code));
        let content = e.take(
            "content",
            parse_code(&self.content, CampaignContent::from_code),
        );
        let unit_code = e.take("unit", required_text(&self.unit, 1, 80));
        let investor = e.take("investor", optional_short(&self.investor));
        let state_funds = e.take(
            "state_funds",
            match self.state_funds.trim() {
                "co" => Ok(true),
                "khong" => Ok(false),
                "" => Err(FieldError::Required),
                _ => Err(FieldError::UnknownCode),
            },
        );
        let first_applied_on = e.take(
            "first_applied_on",
            parse_first_applied(&self.first_applied_on, today),
        );
        let mut sections = Vec::new();
        for s in Section::ALL {
            let raw = self.section(*s);
            if !s.required() && raw.trim().is_empty() {
                continue;
            }
            if let Some(body) = e.take(s.input_name(), SectionText::parse(raw)) {
                sections.push(ValidSection {
                    section: *s,
                    body,
                    confidential: self.is_confidential(*s),
                });
            }
        }
        let authors = parse_authors(&self.authors, today, &mut e);
        let for_collective = ticked(&self.for_collective);
        if let Some(a) = &authors
            && !for_collective
            && !a.iter().any(|a| same_name(a.name.as_str(), filer))
        {
            e.add("authors", FieldError::FilerNotAuthor);
        }
        let adopters = parse_adopters(&self.adopters, today, &mut e);
        if !ticked(&self.declaration) {
            e.add("declaration", FieldError::NotTicked);
        }
        if !ticked(&self.consent) {
            e.add("consent", FieldError::NotTicked);
        }
        match (
            campaign_id,
            title,
            summary,
            solution_type,
            pillar,
            sector,
            content,
            unit_code,
            investor,
            state_funds,
            first_applied_on,
            authors,
            adopters,
        ) {
            (
                Some(campaign_id),
                Some(title),
                Some(summary),
                Some(solution_type),
                Some(pillar),
                Some(sector),
                Some(content),
                Some(unit_code),
                Some(investor),
                Some(state_funds),
                Some(first_applied_on),
                Some(authors),
                Some(adopters),
            ) if e.is_empty() => Ok(ValidInitiative {
                campaign_id,
                title,
                summary,
                solution_type,
                pillar,
                sector,
                content,
                unit_code,
                investor,
                state_funds,
                first_applied_on,
                sections,
                authors,
                adopters,
                for_collective,
            }),
            _ => Err(e),
        }
    }
}

/// One long section after validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSection {
    pub section: Section,
    pub body: SectionText,
    pub confidential: bool,
}

/// The application form after validation. The unit code and the campaign window are checked by the
/// service against the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidInitiative {
    pub campaign_id: i64,
    pub title: Title,
    pub summary: Summary,
    pub solution_type: SolutionType,
    pub pillar: Pillar,
    pub sector: Sector,
    pub content: CampaignContent,
    pub unit_code: String,
    pub investor: Option<ShortText>,
    pub state_funds: bool,
    pub first_applied_on: Day,
    /// Every required section, and the optional ones that were filled in, in the form's order.
    pub sections: Vec<ValidSection>,
    pub authors: Vec<ValidAuthor>,
    pub adopters: Vec<ValidAdopter>,
    pub for_collective: bool,
}

impl ValidInitiative {
    pub fn section(&self, s: Section) -> Option<&ValidSection> {
        self.sections.iter().find(|v| v.section == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::test_support::{TODAY, rows};

    const FILER: &str = "Lò Văn Minh";

    fn long(s: &str) -> String {
        format!("{s}: nội dung đủ dài để đọc và chấm điểm.")
    }

    fn valid_input() -> InitiativeInput {
        InitiativeInput {
            campaign_id: "1".into(),
            title: "Số hóa hồ sơ một cửa cấp xã".into(),
            summary: "Quét và lưu trữ điện tử toàn bộ hồ sơ một cửa của xã.".into(),
            solution_type: "quan_ly".into(),
            pillar: "chinh_quyen_so".into(),
            sector: "hanh_chinh_cong".into(),
            content: "chinh_quyen_so".into(),
            unit: "xa_muong_la".into(),
            state_funds: "khong".into(),
            first_applied_on: "2026-03-01".into(),
            field_problem: long("Lĩnh vực"),
            known_solution: long("Giải pháp đã biết"),
            description: long("Giải pháp mới"),
            applicability: long("Khả năng áp dụng"),
            benefits_author: long("Hiệu quả"),
            conditions: long("Điều kiện"),
            authors: rows(&[("Lò Văn Minh", "60"), ("Cầm Thị Hoa", "40"), ("", "")]),
            declaration: "on".into(),
            consent: "on".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_initiative_parses() {
        let v = valid_input().parse(TODAY, FILER).expect("valid");
        assert_eq!(v.authors.len(), 2);
        assert_eq!(v.pillar, Pillar::ChinhQuyenSo);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut input = valid_input();
        input.title = "  ".into();
        input.pillar = "khong_ton_tai".into();
        input.authors = rows(&[("Lò Văn Minh", "99")]);
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(e.get("title"), Some(&FieldError::Required));
        assert_eq!(e.get("pillar"), Some(&FieldError::UnknownCode));
        assert_eq!(
            e.get("authors"),
            Some(&FieldError::SharesNotHundred { sum_tenths: 990 })
        );
    }

    #[test]
    fn first_application_a_year_and_a_day_ago_is_refused() {
        let mut input = valid_input();
        input.first_applied_on = "2025-11-27".into();
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(
            e.get("first_applied_on"),
            Some(&FieldError::FirstApplicationTooOld)
        );
        input.first_applied_on = "28/11/2025".into();
        assert!(
            input.parse(TODAY, FILER).is_ok(),
            "exactly one year is allowed"
        );
    }

    #[test]
    fn filer_must_be_an_author_unless_filing_for_a_collective() {
        let mut input = valid_input();
        let e = input.parse(TODAY, "Quàng Văn Khác").unwrap_err();
        assert_eq!(e.get("authors"), Some(&FieldError::FilerNotAuthor));
        assert!(input.parse(TODAY, "  lò  văn MINH ").is_ok());
        input.for_collective = "on".into();
        assert!(input.parse(TODAY, "Quàng Văn Khác").is_ok());
    }

    #[test]
    fn declaration_and_required_sections_are_checked_optional_ones_skipped() {
        let mut input = valid_input();
        input.declaration = String::new();
        input.known_solution = " ".into();
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(e.get("declaration"), Some(&FieldError::NotTicked));
        assert_eq!(e.get("known_solution"), Some(&FieldError::Required));
        assert_eq!(e.get("benefits_adopters"), None);
        let v = valid_input().parse(TODAY, FILER).unwrap();
        assert!(v.section(Section::BenefitsAdopters).is_none());
        assert_eq!(v.sections.len(), 6);
    }

    #[test]
    fn confidential_marks_follow_the_section_codes() {
        let mut input = valid_input();
        input
            .confidential
            .insert("known_solution".into(), "on".into());
        let v = input.parse(TODAY, FILER).unwrap();
        assert!(v.section(Section::KnownSolution).unwrap().confidential);
        assert!(!v.section(Section::NewSolution).unwrap().confidential);
        assert!(
            input
                .values()
                .contains(&("confidential[known_solution]".into(), "on".into()))
        );
    }

    #[test]
    fn author_birth_date_in_the_future_and_bad_email_point_at_the_cell() {
        let mut input = valid_input();
        input.authors[1].birth_date = "2030-01-01".into();
        input.authors[1].email = "hoa@".into();
        let e = input.parse(TODAY, FILER).unwrap_err();
        assert_eq!(e.get("authors[1][birth_date]"), Some(&FieldError::InFuture));
        assert_eq!(e.get("authors[1][email]"), Some(&FieldError::InvalidEmail));
    }

    #[test]
    fn consent_is_required_to_file() {
        let mut input = valid_input();
        input.consent = String::new();
        assert_eq!(
            input.parse(TODAY, FILER).unwrap_err().get("consent"),
            Some(&FieldError::NotTicked)
        );
    }
}
