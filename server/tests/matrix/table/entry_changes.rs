//! Changes to an entry: the filer's draft and entry, screening, assignment, conflicts, scoring,
//! the council's vote and the decision.
use super::{Call, Judge, Rule, Scope, api, council, filed, in_review, rule, staff};
use crate::world::{State, Who};

/// The rules of the changes to an entry, in the table's order.
pub(crate) fn rules() -> Vec<Rule> {
    use Judge::*;
    use Scope::*;
    vec![
        // Changes to an entry.
        rule(
            "POST /api/nop-sang-kien",
            Changes,
            Entry(|w, t| {
                (t.state == State::Draft).then(|| {
                    let mut input = domain::testing::application(t.campaign, &t.title());
                    input.summary = format!("Tóm tắt đã sửa {}", w.fresh_word());
                    let mut form = input.values();
                    form.push(("action".into(), "save".into()));
                    form.push(("draft_id".into(), t.draft.to_string()));
                    Call::Post("/api/nop-sang-kien".into(), form)
                })
            }),
            |w, s| w == Who::Filer && s == State::Draft,
        ),
        rule(
            "POST /tep-dinh-kem",
            Changes,
            Entry(|_, t| (t.state == State::Draft).then_some(Call::Upload(t.draft))),
            |w, s| w == Who::Filer && s == State::Draft,
        ),
        rule(
            "POST /api/xoa-tep",
            Changes,
            Entry(|_, t| {
                (t.state == State::Draft)
                    .then(|| api("xoa-tep", &[("attachment_id", t.file.to_string())]))
            }),
            |w, s| w == Who::Filer && s == State::Draft,
        ),
        rule(
            "POST /api/xoa-nhap",
            Changes,
            Entry(|_, t| {
                (t.state == State::Draft).then(|| {
                    api(
                        "xoa-nhap",
                        &[("draft_id", t.draft.to_string()), ("confirm", "on".into())],
                    )
                })
            }),
            |w, s| w == Who::Filer && s == State::Draft,
        ),
        rule(
            "POST /api/rut-ho-so",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "rut-ho-so",
                    &[("initiative_id", t.id()?), ("confirm", "on".into())],
                ))
            }),
            |w, s| {
                w == Who::Filer
                    && matches!(
                        s,
                        State::Submitted
                            | State::NeedsCorrection
                            | State::Accepted
                            | State::UnderReview
                            | State::Voted
                    )
            },
        ),
        rule(
            "POST /api/sua-ho-so",
            Changes,
            Entry(|_, t| Some(api("sua-ho-so", &[("initiative_id", t.id()?)]))),
            |w, s| w == Who::Filer && s == State::NeedsCorrection,
        ),
        rule(
            "POST /api/so-loai",
            Changes,
            Entry(|_, t| {
                let id = t.id()?;
                Some(api(
                    "so-loai",
                    &[
                        ("ids[0][value]", id.clone()),
                        ("ids[0][on]", "on".into()),
                        ("action", "eligible".into()),
                        ("back", format!("/thu-ky/{id}")),
                    ],
                ))
            }),
            |w, s| staff(w) && s == State::Submitted,
        ),
        rule(
            "POST /api/yeu-cau-bo-sung",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "yeu-cau-bo-sung",
                    &[
                        ("initiative_id", t.id()?),
                        ("message", "Đề nghị bổ sung minh chứng.".into()),
                    ],
                ))
            }),
            |w, s| staff(w) && matches!(s, State::Submitted | State::Accepted),
        ),
        rule(
            "POST /api/phan-cong",
            Changes,
            Entry(|world, t| {
                Some(api(
                    "phan-cong",
                    &[
                        ("initiative_id", t.id()?),
                        (
                            "reviewers[0][value]",
                            world.person(Who::OtherReviewer).id.to_string(),
                        ),
                        ("reviewers[0][on]", "on".into()),
                    ],
                ))
            }),
            // Not before screening, nor once the council has begun to vote.
            |w, s| staff(w) && matches!(s, State::Accepted | State::UnderReview),
        ),
        rule(
            "POST /api/go-xung-dot",
            Changes,
            Entry(|world, t| {
                Some(api(
                    "go-xung-dot",
                    &[
                        ("initiative_id", t.id()?),
                        (
                            "user_id",
                            world.person(Who::ConflictedSecretary).id.to_string(),
                        ),
                        ("reason", "Đã xác minh không có quan hệ.".into()),
                    ],
                ))
            }),
            // The chair lifts a conflict through the organisation tree (a declared one stays).
            |w, s| w == Who::Chair && filed(s),
        ),
        rule(
            "POST /api/khai-xung-dot",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "khai-xung-dot",
                    &[
                        ("initiative_id", t.id()?),
                        ("reason", "Tôi là đồng nghiệp của tác giả.".into()),
                        ("confirm", "on".into()),
                    ],
                ))
            }),
            // An assigned reviewer, also one whose conflict arose since (declaring it is right).
            |w, s| matches!(w, Who::Reviewer | Who::ConflictedReviewer) && in_review(s),
        ),
        rule(
            "POST /api/cham-diem",
            Changes,
            Entry(|world, t| {
                let id = t.id()?;
                let mut form = vec![
                    ("initiative_id".to_string(), id),
                    ("action".to_string(), "submit".to_string()),
                ];
                for (k, c) in world.criteria.iter().enumerate() {
                    form.push((format!("scores[{k}][criterion_id]"), c.0.to_string()));
                    form.push((format!("scores[{k}][points]"), c.1.to_string()));
                    form.push((
                        format!("scores[{k}][comment]"),
                        "Giải pháp có tính mới, áp dụng hiệu quả.".into(),
                    ));
                }
                Some(Call::Post("/api/cham-diem".into(), form))
            }),
            |w, s| w == Who::Reviewer && s == State::UnderReview,
        ),
        rule(
            "POST /api/giai-trinh-canh-bao",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "giai-trinh-canh-bao",
                    &[
                        ("initiative_id", t.id()?),
                        ("note", "Hội đồng đã xem xét.".into()),
                    ],
                ))
            }),
            |_, _| false,
        ),
        rule(
            "POST /api/bieu-quyet",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "bieu-quyet",
                    &[
                        ("initiative_id", t.id()?),
                        ("choice", "agree".into()),
                        ("confirm", "on".into()),
                    ],
                ))
            }),
            |w, s| council(w) && s == State::UnderReview,
        ),
        rule(
            "POST /api/ket-thuc-bieu-quyet",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "ket-thuc-bieu-quyet",
                    &[("initiative_id", t.id()?), ("confirm", "on".into())],
                ))
            }),
            |w, s| (staff(w) || w == Who::Chair) && s == State::UnderReview,
        ),
        rule(
            "POST /api/quyet-dinh",
            Changes,
            Entry(|_, t| {
                Some(api(
                    "quyet-dinh",
                    &[
                        ("initiative_id", t.id()?),
                        ("outcome", "recognised".into()),
                        ("level", "co_so".into()),
                        ("reasons", String::new()),
                        ("decision_no", "12/QĐ-HĐSK".into()),
                        ("award", String::new()),
                        ("comment", "Công nhận.".into()),
                        ("decided_on", String::new()),
                        ("confirm", "on".into()),
                    ],
                ))
            }),
            |w, s| staff(w) && matches!(s, State::Voted | State::Decided),
        ),
    ]
}
