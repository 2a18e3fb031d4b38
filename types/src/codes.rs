//! Taxonomy codes. The ASCII snake_case codes are contracts (shared/INTERFACES.md §1); labels live in
//! the i18n files under the key `<kind>.<code>`.

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order shown to people.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The kind of code, used as the i18n key prefix.
            pub const KIND: &'static str = $kind;

            /// The stable ASCII code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code; `None` for anything unknown.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The i18n key of this value's label.
            pub fn label_key(self) -> String {
                format!("{}.{}", $kind, self.code())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

code_enum!(
    /// The three pillars of digital transformation.
    Pillar, "pillar", {
    ChinhQuyenSo => "chinh_quyen_so",
    KinhTeSo => "kinh_te_so",
    XaHoiSo => "xa_hoi_so",
});

code_enum!(
    /// Sector of application.
    Sector, "sector", {
    HanhChinhCong => "hanh_chinh_cong",
    DuLich => "du_lich",
    YTe => "y_te",
    GiaoDuc => "giao_duc",
    TaiNguyenMoiTruong => "tai_nguyen_moi_truong",
    NongNghiep => "nong_nghiep",
    GiaoThong => "giao_thong",
    XayDung => "xay_dung",
    CongNghiep => "cong_nghiep",
    ThuongMai => "thuong_mai",
    TaiChinh => "tai_chinh",
    NangLuong => "nang_luong",
    DuLieuSo => "du_lieu_so",
    AnToanThongTin => "an_toan_thong_tin",
    TriTueNhanTao => "tri_tue_nhan_tao",
    Khac => "khac",
});

code_enum!(
    /// The four kinds of solution of Decree 13/2012/NĐ-CP.
    SolutionType, "solution_type", {
    KyThuat => "ky_thuat",
    QuanLy => "quan_ly",
    TacNghiep => "tac_nghiep",
    UngDungTienBo => "ung_dung_tien_bo",
});

code_enum!(
    /// Scope of recognition.
    Level, "level", {
    CoSo => "co_so",
    CapTinh => "cap_tinh",
    ToanQuoc => "toan_quoc",
});

code_enum!(
    /// Life-cycle status of an initiative.
    Status, "status", {
    Draft => "draft",
    Submitted => "submitted",
    NeedsCorrection => "needs_correction",
    Accepted => "accepted",
    UnderReview => "under_review",
    Recognised => "recognised",
    Refused => "refused",
    Withdrawn => "withdrawn",
});

code_enum!(
    /// What a signed-in person may do. Everyone who registers is a submitter.
    Role, "role", {
    Submitter => "submitter",
    Reviewer => "reviewer",
    Secretary => "secretary",
    Admin => "admin",
});

code_enum!(
    /// The phases of a campaign. Submission is the campaign's own window; the others have their own
    /// dates (`campaign_phases`). Actions outside their phase are refused, naming the phase.
    Phase, "phase", {
    Submission => "submission",
    Screening => "screening",
    Review => "review",
    Vote => "vote",
    Announcement => "announcement",
});

code_enum!(
    /// A member's role on a campaign's council (DOMAIN.md §2).
    CouncilRole, "council_role", {
    Chair => "chair",
    ViceChair => "vice_chair",
    Secretary => "secretary",
    Member => "member",
    Expert => "expert",
    UnionRep => "union_rep",
});

impl CouncilRole {
    /// The chair and the vice-chair preside: they override conflicts, resolve flags and choose the
    /// ranking.
    pub fn presides(self) -> bool {
        matches!(self, CouncilRole::Chair | CouncilRole::ViceChair)
    }
}

code_enum!(
    /// How the reviewers' totals of one entry become its score.
    Aggregation, "aggregation", {
    Mean => "mean",
    Median => "median",
    TrimmedMean => "trimmed_mean",
});

code_enum!(
    /// Reasons a secretary can pick when refusing an entry at screening (Decree 13/2012/NĐ-CP).
    RefusalReason, "refusal_reason", {
    NotNew => "not_new",
    NotApplied => "not_applied",
    Lapsed => "lapsed",
    IpProtected => "ip_protected",
    AgainstOrder => "against_order",
    OutOfScope => "out_of_scope",
    Incomplete => "incomplete",
});

code_enum!(
    /// Why a reviewer may not review an entry.
    ConflictKind, "conflict", {
    Author => "author",
    SameUnit => "same_unit",
    ParentUnit => "parent_unit",
    ChildUnit => "child_unit",
    Declared => "declared",
});

impl ConflictKind {
    /// Organisation conflicts may be lifted by the chair with a recorded reason; authorship and a
    /// reviewer's own declaration may not.
    pub fn can_be_overridden(self) -> bool {
        matches!(
            self,
            ConflictKind::SameUnit | ConflictKind::ParentUnit | ConflictKind::ChildUnit
        )
    }
}

code_enum!(
    /// Who files (DOMAIN.md §1).
    SubmitterKind, "submitter_kind", {
    Official => "can_bo",
    Entrepreneur => "doanh_nhan",
    Intellectual => "tri_thuc",
    Collective => "tap_the",
});

code_enum!(
    /// The eight contents of the provincial campaign (DOMAIN.md §1): which one an entry serves.
    CampaignContent, "content", {
    ChinhQuyenSo => "chinh_quyen_so",
    TruyenThong => "truyen_thong",
    CoQuanNhaNuoc => "co_quan_nha_nuoc",
    ChuyenDoiNganh => "chuyen_doi_nganh",
    DoanhNghiep => "doanh_nghiep",
    HaTangSo => "ha_tang_so",
    HoKinhDoanhSo => "ho_kinh_doanh_so",
    SangKienGiaiPhap => "sang_kien_giai_phap",
});

code_enum!(
    /// The long sections of the application form (DOMAIN.md §2), in the form's order. Each can be
    /// marked confidential by the filer. `new_solution` is the entry's description.
    Section, "section", {
    FieldProblem => "field_problem",
    KnownSolution => "known_solution",
    NewSolution => "new_solution",
    Applicability => "applicability",
    BenefitsAuthor => "benefits_author",
    BenefitsAdopters => "benefits_adopters",
    Conditions => "conditions",
});

impl Section {
    /// Whether the law's form asks for it in every application (the adopters' opinion exists only
    /// where someone else applied it first).
    pub fn required(self) -> bool {
        !matches!(self, Section::BenefitsAdopters)
    }
    /// The name of the form's input. The new solution keeps the name `description` of the public API.
    pub fn input_name(self) -> &'static str {
        match self {
            Section::NewSolution => "description",
            other => other.code(),
        }
    }
}

impl Status {
    /// Statuses in which a secretary may still assign reviewers (once screened eligible) and a
    /// reviewer write their sheet.
    pub fn is_open_for_review(self) -> bool {
        matches!(self, Status::Accepted | Status::UnderReview)
    }
    /// Whether a decision has been taken.
    pub fn is_decided(self) -> bool {
        matches!(self, Status::Recognised | Status::Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for p in Pillar::ALL {
            assert_eq!(Pillar::from_code(p.code()), Some(*p));
        }
        for s in Sector::ALL {
            assert_eq!(Sector::from_code(s.code()), Some(*s));
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(*s));
        }
        assert_eq!(Sector::ALL.len(), 16);
        assert_eq!(CampaignContent::ALL.len(), 8);
        for c in Section::ALL {
            assert_eq!(Section::from_code(c.code()), Some(*c));
        }
    }

    #[test]
    fn unknown_code_is_refused() {
        assert_eq!(Pillar::from_code("chinh-quyen-so"), None);
        assert_eq!(Level::from_code(""), None);
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(
            serde_json::to_string(&Level::CapTinh).unwrap(),
            "\"cap_tinh\""
        );
    }

    #[test]
    fn label_key_has_kind_prefix() {
        assert_eq!(Sector::DuLich.label_key(), "sector.du_lich");
    }
}
