//! Server functions that read: the same answers as their pages.
use super::{
    Judge, Rule, Scope, anyone, api, campaign_staff, council, filed, in_review, public, reads,
    rule, search, signed_in, staff,
};
use crate::world::{State, Who};

/// The rules of the server functions that read, in the table's order.
pub(crate) fn rules() -> Vec<Rule> {
    use Judge::*;
    use Scope::*;
    vec![
        // Server functions that read: the same answers as their pages.
        rule(
            "POST /api/toi",
            Answer,
            Site(|_, _| api("toi", &[])),
            anyone,
        ),
        rule(
            "POST /api/trang-chu",
            Shows,
            Entry(|_, _| Some(api("trang-chu", &[]))),
            |_, s| public(s),
        ),
        rule(
            "POST /api/tim-kiem",
            Shows,
            Entry(|_, t| Some(search(&t.word))),
            |_, s| public(s),
        ),
        rule(
            "POST /api/sang-kien",
            Shows,
            Entry(|_, t| Some(api("sang-kien", &[("id", t.id()?)]))),
            |_, s| public(s),
        ),
        rule(
            "POST /api/don-vi",
            Shows,
            Entry(|_, _| Some(api("don-vi", &[("code", "xa_muong_bam".into())]))),
            |_, s| public(s),
        ),
        rule(
            "POST /api/tac-gia",
            Shows,
            Entry(|_, _| Some(api("tac-gia", &[("name", "Lò Văn Tác".into())]))),
            |_, s| public(s),
        ),
        rule(
            "POST /api/thong-ke",
            Answer,
            Site(|_, _| api("thong-ke", &[])),
            anyone,
        ),
        rule(
            "POST /api/bieu-mau",
            Answer,
            Site(|_, _| api("bieu-mau", &[("key", "khong-co".into())])),
            anyone,
        ),
        rule(
            "POST /api/thong-bao",
            Answer,
            Site(|_, _| api("thong-bao", &[])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/ho-so-ca-nhan-du-lieu",
            Answer,
            Site(|_, _| api("ho-so-ca-nhan-du-lieu", &[])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/hoi-dong-cua-toi",
            Answer,
            Site(|_, _| api("hoi-dong-cua-toi", &[])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/xem-truoc",
            Answer,
            Site(|_, _| api("xem-truoc", &[("text", "**Đậm**".into())])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/cua-toi",
            Shows,
            Entry(|_, _| Some(api("cua-toi", &[]))),
            |w, s| w == Who::Filer || (w == Who::CoAuthor && filed(s)),
        ),
        rule(
            "POST /api/tien-do-xuat",
            Answer,
            Site(|world, _| api("tien-do-xuat", &[("id", world.export.to_string())])),
            |w, _| w == Who::Secretary,
        ),
        rule(
            "POST /api/ho-so",
            Shows,
            Entry(|_, t| Some(api("ho-so", &[("id", t.id()?)]))),
            |w, s| signed_in(w) && reads(w, s),
        ),
        rule(
            "POST /api/du-lieu-bieu-mau",
            Shows,
            Entry(|_, t| {
                (t.state == State::Draft)
                    .then(|| api("du-lieu-bieu-mau", &[("draft", t.draft.to_string())]))
            }),
            |w, s| w == Who::Filer && s == State::Draft,
        ),
        rule(
            "POST /api/thu-ky",
            Shows,
            Entry(|_, t| Some(api("thu-ky", &[("words", t.word.clone())]))),
            |w, s| staff(w) && filed(s),
        ),
        rule(
            "POST /api/bang-cham",
            Shows,
            Entry(|_, t| Some(api("bang-cham", &[("id", t.id()?)]))),
            |w, s| (staff(w) && filed(s)) || (council(w) && in_review(s)),
        ),
        rule(
            "POST /api/lich-su-phieu",
            Answer,
            Entry(|_, t| {
                Some(api(
                    "lich-su-phieu",
                    &[("assignment_id", t.assignment?.to_string())],
                ))
            }),
            |w, _| staff(w) || w == Who::Chair,
        ),
        rule(
            "POST /api/hang-cho-cham",
            Shows,
            Entry(|_, _| Some(api("hang-cho-cham", &[]))),
            // Once the vote is over, an unsent sheet is no work left: the entry leaves the queue.
            |w, s| w == Who::Reviewer && s == State::UnderReview,
        ),
        rule(
            "POST /api/phieu-cham",
            Shows,
            Entry(|_, t| Some(api("phieu-cham", &[("id", t.id()?)]))),
            |w, s| w == Who::Reviewer && in_review(s),
        ),
        rule(
            "POST /api/hoi-dong",
            Answer,
            Campaign(|_, c| {
                api(
                    "hoi-dong",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("preview", "false".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w) || council(w),
        ),
        rule(
            "POST /api/tong-quan-dot",
            Answer,
            Campaign(|_, c| api("tong-quan-dot", &[("campaign_id", c.id.to_string())])),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/tong-ket",
            Answer,
            Campaign(|_, c| api("tong-ket", &[("campaign_id", c.id.to_string())])),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/dot-thi-dua",
            Answer,
            Site(|_, _| api("dot-thi-dua", &[])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/nhat-ky-kiem-toan",
            Answer,
            Site(|_, _| api("nhat-ky-kiem-toan", &[("action", "publish".into())])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/nguoi-dung",
            Answer,
            Site(|_, _| api("nguoi-dung", &[])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/nhat-ky-thu",
            Answer,
            Site(|_, _| api("nhat-ky-thu", &[])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/thu-ky-dot",
            Answer,
            Site(|_, _| api("thu-ky-dot", &[])),
            |w, _| w == Who::Admin,
        ),
    ]
}
