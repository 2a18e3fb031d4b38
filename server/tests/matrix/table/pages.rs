//! Pages and files: the public pages, a person's own pages, the secretary's, the reviewers' and the
//! administrator's pages, and the files (the public copy, the confidential one).
use super::{
    Judge, Rule, Scope, anyone, campaign_staff, council, filed, full, get, in_review, page, public,
    reads, reads_confidential, rule, signed_in, staff,
};
use crate::support::enc;
use crate::world::{State, Who};

/// The rules of the pages and files, in the table's order.
pub(crate) fn rules() -> Vec<Rule> {
    use Judge::*;
    use Scope::*;
    vec![
        // Public pages: an entry shows only once announced, to everyone alike.
        rule("GET /", Shows, Entry(|_, _| page("/".into())), |_, s| {
            public(s)
        }),
        rule(
            "GET /tim-kiem",
            Shows,
            Entry(|_, t| page(format!("/tim-kiem?q={}", t.word))),
            |_, s| public(s),
        ),
        rule(
            "GET /sang-kien/{id}",
            Shows,
            Entry(|_, t| page(format!("/sang-kien/{}", t.id()?))),
            |_, s| public(s),
        ),
        rule(
            "GET /don-vi/{code}",
            Shows,
            Entry(|_, _| page("/don-vi/xa_muong_bam".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /tac-gia",
            Shows,
            Entry(|_, _| page(format!("/tac-gia?ten={}", enc("Lò Văn Tác")))),
            |_, s| public(s),
        ),
        rule(
            "GET /thong-ke",
            Answer,
            Site(|_, _| get("/thong-ke")),
            anyone,
        ),
        rule(
            "GET /du-lieu-mo",
            Answer,
            Site(|_, _| get("/du-lieu-mo")),
            anyone,
        ),
        rule("GET /dang-ky", Answer, Site(|_, _| get("/dang-ky")), anyone),
        rule(
            "GET /dang-nhap",
            Answer,
            Site(|_, _| get("/dang-nhap")),
            anyone,
        ),
        rule(
            "GET /xac-minh-email",
            Answer,
            Site(|_, _| get("/xac-minh-email?ma=khong-co")),
            anyone,
        ),
        rule(
            "GET /quen-mat-khau",
            Answer,
            Site(|_, _| get("/quen-mat-khau")),
            anyone,
        ),
        rule(
            "GET /dat-lai-mat-khau",
            Answer,
            Site(|_, _| get("/dat-lai-mat-khau?ma=khong-co")),
            anyone,
        ),
        // A person's own pages.
        rule(
            "GET /tai-khoan",
            Answer,
            Site(|_, _| get("/tai-khoan")),
            |w, _| signed_in(w),
        ),
        rule(
            "GET /thong-bao",
            Answer,
            Site(|_, _| get("/thong-bao")),
            |w, _| signed_in(w),
        ),
        rule(
            "GET /nop-sang-kien",
            Answer,
            Site(|_, _| get("/nop-sang-kien")),
            |w, _| signed_in(w),
        ),
        rule(
            "GET /hoi-dong",
            Answer,
            Site(|_, _| get("/hoi-dong")),
            |w, _| signed_in(w),
        ),
        rule(
            "GET /cua-toi",
            Shows,
            Entry(|_, _| page("/cua-toi".into())),
            |w, s| w == Who::Filer || (w == Who::CoAuthor && filed(s)),
        ),
        rule(
            "GET /ho-so/{id}",
            Shows,
            Entry(|_, t| page(format!("/ho-so/{}", t.id()?))),
            |w, s| signed_in(w) && reads(w, s),
        ),
        rule(
            "GET /tai-khoan/du-lieu.json",
            Shows,
            Entry(|_, _| page("/tai-khoan/du-lieu.json".into())),
            |w, s| w == Who::Filer || (w == Who::CoAuthor && filed(s)),
        ),
        // The secretary's work.
        rule(
            "GET /thu-ky",
            Shows,
            Entry(|_, t| page(format!("/thu-ky?tu-khoa={}", t.word))),
            |w, s| staff(w) && filed(s),
        ),
        rule(
            "GET /thu-ky/{id}",
            Shows,
            Entry(|_, t| page(format!("/thu-ky/{}", t.id()?))),
            |w, s| (staff(w) && filed(s)) || (council(w) && in_review(s)),
        ),
        rule(
            "GET /thu-ky/phieu/{id}",
            Answer,
            Entry(|_, t| page(format!("/thu-ky/phieu/{}", t.assignment?))),
            |w, _| staff(w) || w == Who::Chair,
        ),
        rule(
            "GET /thu-ky/dot/{id}",
            Answer,
            Campaign(|_, c| get(&format!("/thu-ky/dot/{}", c.id))),
            |w, _| campaign_staff(w) || council(w),
        ),
        rule(
            "GET /thu-ky/dot/{id}/tong-quan",
            Answer,
            Campaign(|_, c| get(&format!("/thu-ky/dot/{}/tong-quan", c.id))),
            |w, _| campaign_staff(w),
        ),
        rule(
            "GET /thu-ky/dot/{id}/tong-ket",
            Answer,
            Campaign(|_, c| get(&format!("/thu-ky/dot/{}/tong-ket", c.id))),
            |w, _| campaign_staff(w),
        ),
        rule(
            "GET /thu-ky/dot/{id}/xep-hang.csv",
            Answer,
            Campaign(|_, c| get(&format!("/thu-ky/dot/{}/xep-hang.csv", c.id))),
            |w, _| campaign_staff(w) || council(w),
        ),
        // Documents (XLSX, PDF).
        // A long export and its file: for the person who asked (the secretary asked for the
        // world's).
        rule(
            "GET /xuat/{id}",
            Answer,
            Site(|world, _| get(&format!("/xuat/{}", world.export))),
            |w, _| w == Who::Secretary,
        ),
        rule(
            "GET /xuat/{id}/tep",
            Answer,
            Site(|world, _| get(&format!("/xuat/{}/tep", world.export))),
            |w, _| w == Who::Secretary,
        ),
        rule(
            "GET /ho-so/{id}/don-yeu-cau.pdf",
            Answer,
            Entry(|_, t| page(format!("/ho-so/{}/don-yeu-cau.pdf", t.id()?))),
            |w, s| filed(s) && full(w),
        ),
        rule(
            "GET /ho-so/{id}/giay-chung-nhan.pdf",
            Answer,
            Entry(|_, t| page(format!("/ho-so/{}/giay-chung-nhan.pdf", t.id()?))),
            |w, s| (s == State::Recognised && full(w)) || (s == State::Decided && staff(w)),
        ),
        rule(
            // Before the vote is over the answer is 409 (not yet), to whoever sees the panel.
            "GET /ho-so/{id}/bien-ban-bieu-quyet.pdf",
            Answer,
            Entry(|_, t| page(format!("/ho-so/{}/bien-ban-bieu-quyet.pdf", t.id()?))),
            |w, s| (staff(w) && filed(s)) || (council(w) && in_review(s)),
        ),
        // Reviewers.
        rule(
            "GET /cham-diem",
            Shows,
            Entry(|_, _| page("/cham-diem".into())),
            // Once the vote is over, an unsent sheet is no work left: the entry leaves the queue.
            |w, s| w == Who::Reviewer && s == State::UnderReview,
        ),
        rule(
            "GET /cham-diem/{id}",
            Shows,
            Entry(|_, t| page(format!("/cham-diem/{}", t.id()?))),
            |w, s| w == Who::Reviewer && in_review(s),
        ),
        // Administration.
        rule(
            "GET /quan-tri",
            Answer,
            Site(|_, _| get("/quan-tri")),
            |w, _| w == Who::Admin,
        ),
        rule(
            "GET /quan-tri/dot",
            Answer,
            Site(|_, _| get("/quan-tri/dot")),
            |w, _| w == Who::Admin,
        ),
        rule(
            "GET /quan-tri/nhat-ky",
            Answer,
            Site(|_, _| get("/quan-tri/nhat-ky")),
            |w, _| w == Who::Admin,
        ),
        rule(
            "GET /quan-tri/thu/{id}",
            Answer,
            Site(|world, _| get(&format!("/quan-tri/thu/{}", world.mail))),
            |w, _| w == Who::Admin,
        ),
        // Files: the public copy once announced; a confidential one never.
        rule(
            "GET /tep/{id}",
            Answer,
            Entry(|_, t| page(format!("/tep/{}", t.file))),
            reads,
        ),
        rule(
            "GET /tep/{id}",
            Answer,
            Entry(|_, t| page(format!("/tep/{}", t.secret_file))),
            reads_confidential,
        ),
    ]
}
