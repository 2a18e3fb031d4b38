//! The authorization matrix (issue 17). One table, [`table`], says for every route the application
//! serves (pages, server functions, the REST API, feeds, open data, downloads, the upload) which
//! person may use it, on an entry in which state. The test asks every cell: every role × every
//! state × every route, against the real router, and fails
//! - on an answer the table does not give (a refusal where it says allowed, or the reverse);
//! - on a route the router serves that the table does not name, or a name it does not serve;
//! - on a refused change that changed anything in the database;
//! - on personal particulars (an author's date of birth) or a status note reaching, in any answer of
//!   any route, someone without full access to that entry.
//!
//! What "allowed" means depends on the route (its [`Judge`]): a page or read shows the entry (its
//! unique word appears: lists, search, suggestions, feeds, counts), a change takes effect (the
//! database differs afterwards), or an answer is not a refusal (401, 403, 404 or a redirect to the
//! sign-in page). A change the table allows is made on a new entry (or campaign) in the same state,
//! so that no cell depends on another.
mod support;

use axum::body::Body;
use domain::accounts::User;
use sea_orm::EntityTrait;
use std::collections::{BTreeMap, BTreeSet};
use support::*;
use types::{CouncilRole, Role};

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    /// Filed the entry.
    Filer,
    /// Named on it as co-author, linked by their verified address.
    CoAuthor,
    /// Another person with an account (who files entries of their own).
    OtherFiler,
    /// A reviewer assigned to the entry.
    Reviewer,
    /// A reviewer not assigned to it.
    OtherReviewer,
    /// A reviewer assigned to it who then moved into the entry's organisation (a conflict).
    ConflictedReviewer,
    /// A member of the campaign's council.
    Member,
    /// The council's chair.
    Chair,
    /// A secretary of the entry's campaign.
    Secretary,
    /// A secretary of another campaign only.
    ForeignSecretary,
    /// A secretary of the entry's campaign who works in the entry's organisation.
    ConflictedSecretary,
    Admin,
}

const EVERYONE: [Who; 13] = [
    Who::Anonymous,
    Who::Filer,
    Who::CoAuthor,
    Who::OtherFiler,
    Who::Reviewer,
    Who::OtherReviewer,
    Who::ConflictedReviewer,
    Who::Member,
    Who::Chair,
    Who::Secretary,
    Who::ForeignSecretary,
    Who::ConflictedSecretary,
    Who::Admin,
];

/// Where the entry is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    /// Saved, not filed.
    Draft,
    Submitted,
    /// The secretary asked for corrections (with a note).
    NeedsCorrection,
    /// Screened eligible.
    Accepted,
    /// A reviewer assigned (and one who became conflicted since); the vote is open.
    UnderReview,
    /// Both council members voted for it, the vote closed.
    Voted,
    /// Recognised by the secretary's record, not yet announced.
    Decided,
    /// Announced: public.
    Recognised,
    /// Refused at screening (with a note).
    Refused,
    Withdrawn,
}

const STATES: [State; 10] = [
    State::Draft,
    State::Submitted,
    State::NeedsCorrection,
    State::Accepted,
    State::UnderReview,
    State::Voted,
    State::Decided,
    State::Recognised,
    State::Refused,
    State::Withdrawn,
];

/// An entry as the cells use it.
#[derive(Clone, Debug)]
struct Target {
    state: State,
    campaign: i64,
    /// The filed entry (`None` for a draft).
    id: Option<i64>,
    /// The draft (a draft's own, or the one it was filed from).
    draft: i64,
    /// A word found nowhere else, in the title.
    word: String,
    /// The first author's date of birth (`YYYY-MM-DD`): personal particulars.
    born: String,
    /// A word found nowhere else, in the status note (correction request, refusal).
    note: String,
    /// An attachment, and a confidential one.
    file: i64,
    secret_file: i64,
    /// The assigned reviewer's assignment.
    assignment: Option<i64>,
}

impl Target {
    fn id(&self) -> Option<String> {
        self.id.map(|i| i.to_string())
    }
}

/// A campaign as the campaign cells use it, with an entry screened eligible (for the automatic
/// assignment) and one decided (for the announcement).
#[derive(Clone, Debug)]
struct Campaign {
    id: i64,
    accepted: i64,
}

/// One request.
enum Call {
    Get(String),
    Post(String, Vec<(String, String)>),
    /// The multipart upload into a draft.
    Upload(i64),
}

fn post(path: &str, form: &[(&str, String)]) -> Call {
    Call::Post(
        path.into(),
        form.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// What a route acts on.
enum Scope {
    /// One entry; `None` where the route has no meaning for an entry in that state (a draft's
    /// routes for a filed entry, a filed entry's for a draft).
    Entry(fn(&World, &Target) -> Option<Call>),
    /// One campaign.
    Campaign(fn(&World, &Campaign) -> Call),
    /// The site, or the person asking.
    Site(fn(&World, Who) -> Call),
}

/// How an answer is read as allowed or refused.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Judge {
    /// Allowed: the answer is not a refusal (401, 403, 404, a redirect to sign in).
    Answer,
    /// Allowed: answered 200 showing the entry's word.
    Shows,
    /// Allowed: the database changed.
    Changes,
}

struct Rule {
    route: &'static str,
    scope: Scope,
    judge: Judge,
    may: fn(Who, State) -> bool,
}

fn rule(route: &'static str, judge: Judge, scope: Scope, may: fn(Who, State) -> bool) -> Rule {
    Rule {
        route,
        scope,
        judge,
        may,
    }
}

// The people, as the rules speak of them.
fn anyone(_: Who, _: State) -> bool {
    true
}
fn signed_in(w: Who) -> bool {
    w != Who::Anonymous
}
/// The filer, linked co-authors, the campaign's secretaries without a conflict, admins.
fn full(w: Who) -> bool {
    matches!(w, Who::Filer | Who::CoAuthor | Who::Secretary | Who::Admin)
}
/// Who acts as secretary on the entry.
fn staff(w: Who) -> bool {
    matches!(w, Who::Secretary | Who::Admin)
}
/// Who acts as secretary of the campaign (a conflict is about one entry).
fn campaign_staff(w: Who) -> bool {
    matches!(w, Who::Secretary | Who::ConflictedSecretary | Who::Admin)
}
fn council(w: Who) -> bool {
    matches!(w, Who::Member | Who::Chair)
}
fn filed(s: State) -> bool {
    s != State::Draft
}
fn public(s: State) -> bool {
    s == State::Recognised
}
/// With a reviewer assigned.
fn in_review(s: State) -> bool {
    matches!(
        s,
        State::UnderReview | State::Voted | State::Decided | State::Recognised
    )
}
/// Who reads an entry in a state, whole.
fn reads_whole(w: Who, s: State) -> bool {
    match s {
        State::Draft => w == Who::Filer,
        _ => full(w),
    }
}
/// While the council deliberates (a reviewer assigned, not yet announced).
fn deliberating(s: State) -> bool {
    matches!(s, State::UnderReview | State::Voted | State::Decided)
}
/// Who reads the entry's confidential parts: those who read it whole, its reviewer, its council while
/// it deliberates (without personal particulars, the leak check sees to that).
fn reads_confidential(w: Who, s: State) -> bool {
    reads_whole(w, s) || (w == Who::Reviewer && in_review(s)) || (council(w) && deliberating(s))
}
/// Who reads the entry at all.
fn reads(w: Who, s: State) -> bool {
    reads_confidential(w, s) || public(s)
}

/// The table. Each line: the route as the router names it, how its answer is judged, what it acts
/// on, and who may, in which state.
fn table() -> Vec<Rule> {
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
            "GET /thu-ky/dot/{id}/xep-hang.csv",
            Answer,
            Campaign(|_, c| get(&format!("/thu-ky/dot/{}/xep-hang.csv", c.id))),
            |w, _| campaign_staff(w) || council(w),
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
        // The REST API, feeds, open data.
        rule("GET /healthz", Answer, Site(|_, _| get("/healthz")), anyone),
        rule("GET /readyz", Answer, Site(|_, _| get("/readyz")), anyone),
        rule(
            "GET /api/v1/openapi.json",
            Answer,
            Site(|_, _| get("/api/v1/openapi.json")),
            anyone,
        ),
        rule(
            "GET /api/v1/initiatives",
            Shows,
            Entry(|_, t| page(format!("/api/v1/initiatives?q={}", t.word))),
            |_, s| public(s),
        ),
        rule(
            "GET /api/v1/initiatives/{id}",
            Shows,
            Entry(|_, t| page(format!("/api/v1/initiatives/{}", t.id()?))),
            |_, s| public(s),
        ),
        rule(
            "GET /api/v1/suggest",
            Shows,
            Entry(|_, t| page(format!("/api/v1/suggest?q={}", &t.word[..t.word.len() - 1]))),
            |_, s| public(s),
        ),
        rule(
            "GET /feeds/initiatives.atom",
            Shows,
            Entry(|_, _| page("/feeds/initiatives.atom".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /open-data/initiatives.csv",
            Shows,
            Entry(|_, _| page("/open-data/initiatives.csv".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /open-data/initiatives.json",
            Shows,
            Entry(|_, _| page("/open-data/initiatives.json".into())),
            |_, s| public(s),
        ),
        rule(
            "GET /sitemap.xml",
            Shows,
            // The sitemap names addresses: the entry's word is its own address there.
            Entry(|_, t| {
                t.id?;
                page("/sitemap.xml".into())
            }),
            |_, s| public(s),
        ),
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
            "POST /api/kiem-tra-nhat-ky",
            Answer,
            Site(|_, _| api("kiem-tra-nhat-ky", &[])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/tai-khoan",
            Answer,
            Site(|_, _| api("tai-khoan", &[])),
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
        // Changes to a campaign (a new campaign, with an entry decided and one eligible, for each
        // change the table allows).
        rule(
            "POST /api/giai-doan",
            Changes,
            Campaign(|_, c| {
                let today = domain::time::local_date(domain::time::now());
                let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
                api(
                    "giai-doan",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("phase", "vote".into()),
                        ("starts_on", day(today - chrono::Duration::days(5))),
                        ("ends_on", day(today + chrono::Duration::days(45))),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/cau-hinh-cham",
            Changes,
            Campaign(|_, c| {
                api(
                    "cau-hinh-cham",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("aggregation", "median".into()),
                        ("pass_mark", "55".into()),
                        ("provincial_mark", "85".into()),
                        ("reviewers_per_entry", "2".into()),
                        ("vote_numerator", "2".into()),
                        ("vote_denominator", "3".into()),
                        ("spread_pct", "25".into()),
                        ("outlier_sd", "2".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/thanh-vien-hd",
            Changes,
            Campaign(|_, c| {
                api(
                    "thanh-vien-hd",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("email", "giamkhao2@thu.nghiem.vn".into()),
                        ("role", "member".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/xoa-thanh-vien-hd",
            Changes,
            Campaign(|world, c| {
                api(
                    "xoa-thanh-vien-hd",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("user_id", world.person(Who::Member).id.to_string()),
                        ("confirm", "on".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/chon-xep-hang",
            Changes,
            Campaign(|_, c| {
                api(
                    "chon-xep-hang",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("by", "calibrated".into()),
                    ],
                )
            }),
            |w, _| w == Who::Chair,
        ),
        rule(
            "POST /api/ap-dung-phan-cong",
            Changes,
            Campaign(|world, c| {
                api(
                    "ap-dung-phan-cong",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("cap", "5".into()),
                        (
                            "pairs[0]",
                            format!("{}:{}", c.accepted, world.person(Who::OtherReviewer).id),
                        ),
                    ],
                )
            }),
            // A conflicted secretary assigns nothing: the eligible entry is one they are in conflict with.
            |w, _| staff(w),
        ),
        rule(
            "POST /api/cong-bo",
            Changes,
            Campaign(|_, c| {
                api(
                    "cong-bo",
                    &[("campaign_id", c.id.to_string()), ("confirm", "on".into())],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/bo-tieu-chi",
            Changes,
            Campaign(|world, c| {
                let mut form = vec![("campaign_id".to_string(), c.id.to_string())];
                for (k, (_, max, code, name)) in world
                    .criteria
                    .iter()
                    .map(|x| (x.0, x.2, &x.3, &x.4))
                    .enumerate()
                {
                    form.push((format!("criteria[{k}][code]"), code.clone()));
                    form.push((format!("criteria[{k}][name]"), name.clone()));
                    form.push((format!("criteria[{k}][max_points]"), max.to_string()));
                    form.push((format!("criteria[{k}][weight]"), "2".into()));
                    form.push((format!("criteria[{k}][comment_rule]"), "below:50".into()));
                    form.push((format!("criteria[{k}][bands]"), String::new()));
                }
                Call::Post("/api/bo-tieu-chi".into(), form)
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/giao-thu-ky",
            Changes,
            Campaign(|_, c| {
                api(
                    "giao-thu-ky",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("email", "thuky2@thu.nghiem.vn".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/bo-thu-ky",
            Changes,
            Campaign(|world, c| {
                api(
                    "bo-thu-ky",
                    &[
                        ("campaign_id", c.id.to_string()),
                        (
                            "user_id",
                            world.person(Who::ConflictedSecretary).id.to_string(),
                        ),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/phan-quyen",
            Changes,
            Site(|world, _| {
                api(
                    "phan-quyen",
                    &[
                        ("user_id", world.spare.to_string()),
                        ("reviewer", "on".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        // Signing in and out, accounts: anyone may ask; what happens is the person's own.
        rule(
            "POST /api/dang-ky",
            Answer,
            Site(|world, _| {
                api(
                    "dang-ky",
                    &[
                        ("full_name", "Người Mới Đăng Ký".into()),
                        ("email", format!("{}@thu.nghiem.vn", world.fresh_word())),
                        ("password", "mot-mat-khau-dai-du".into()),
                        ("consent", "on".into()),
                    ],
                )
            }),
            anyone,
        ),
        rule(
            "POST /api/dang-nhap",
            Answer,
            Site(|world, w| {
                api(
                    "dang-nhap",
                    &[
                        ("email", world.email(w)),
                        ("password", PASSWORD.into()),
                        ("next", "/".into()),
                    ],
                )
            }),
            anyone,
        ),
        rule(
            "POST /api/xac-minh-email",
            Answer,
            Site(|_, _| api("xac-minh-email", &[("token", "khong-co".into())])),
            anyone,
        ),
        rule(
            "POST /api/quen-mat-khau",
            Answer,
            Site(|world, w| api("quen-mat-khau", &[("email", world.email(w))])),
            anyone,
        ),
        rule(
            "POST /api/dat-lai-mat-khau",
            Answer,
            Site(|_, _| {
                api(
                    "dat-lai-mat-khau",
                    &[
                        ("token", "khong-co".into()),
                        ("password", "mot-mat-khau-dai-du".into()),
                    ],
                )
            }),
            anyone,
        ),
        rule(
            "POST /api/dang-xuat",
            Answer,
            Site(|_, _| api("dang-xuat", &[])),
            anyone,
        ),
        rule(
            "POST /api/da-doc",
            Answer,
            Site(|_, _| api("da-doc", &[])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/gui-lai-xac-minh",
            Answer,
            Site(|_, _| api("gui-lai-xac-minh", &[("next", "/".into())])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/doi-mat-khau",
            Answer,
            Site(|_, _| {
                api(
                    "doi-mat-khau",
                    &[
                        ("current_password", PASSWORD.into()),
                        ("new_password", "mat-khau-moi-123".into()),
                    ],
                )
            }),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/dang-xuat-tat-ca",
            Answer,
            Site(|_, _| api("dang-xuat-tat-ca", &[("confirm", "on".into())])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/ho-so-ca-nhan",
            Answer,
            Site(|world, w| {
                api(
                    "ho-so-ca-nhan",
                    &[
                        ("full_name", world.name(w)),
                        ("submitter_kind", String::new()),
                        ("position", String::new()),
                        ("qualification", String::new()),
                        ("unit", world.unit(w)),
                        ("birth_date", String::new()),
                        ("phone", String::new()),
                    ],
                )
            }),
            |w, _| signed_in(w),
        ),
    ]
}

/// The search server function, as the search page calls it.
fn search(q: &str) -> Call {
    let mut form: Vec<(String, String)> = [
        "pillar",
        "sector",
        "solution_type",
        "level",
        "year",
        "unit",
        "place",
        "sort",
    ]
    .iter()
    .map(|k| (format!("params[{k}]"), String::new()))
    .collect();
    form.push(("params[q]".into(), q.into()));
    form.push(("params[page]".into(), "1".into()));
    Call::Post("/api/tim-kiem".into(), form)
}

/// A page or file asked for about an entry.
fn page(path: String) -> Option<Call> {
    Some(Call::Get(path))
}

fn get(path: &str) -> Call {
    Call::Get(path.into())
}

/// A server function called as the browser's script calls it.
fn api(name: &str, form: &[(&str, String)]) -> Call {
    post(&format!("/api/{name}"), form)
}

/// Routes whose changes are the asking person's own (sign out, password, profile): asked last, so
/// that no other cell depends on them.
fn personal(route: &str) -> bool {
    [
        "POST /api/dang-xuat",
        "POST /api/da-doc",
        "POST /api/gui-lai-xac-minh",
        "POST /api/doi-mat-khau",
        "POST /api/dang-xuat-tat-ca",
        "POST /api/ho-so-ca-nhan",
        "POST /api/dang-ky",
        "POST /api/dang-nhap",
        "POST /api/quen-mat-khau",
        "POST /api/dat-lai-mat-khau",
        "POST /api/xac-minh-email",
    ]
    .contains(&route)
}

impl Target {
    fn title(&self) -> String {
        format!("Giải pháp {} cho xã vùng cao", self.word)
    }
}

struct World {
    app: TestApp,
    people: BTreeMap<Who, User>,
    /// The entries every read is asked about, one per state, in the fixture's open campaign.
    targets: Vec<Target>,
    /// Every entry made, for the leak check.
    all: std::cell::RefCell<Vec<Target>>,
    counter: std::cell::Cell<u32>,
    /// The default rubric: (criterion id, points given, max points, code, name).
    criteria: Vec<(i64, i32, i32, String, String)>,
    /// A mail in the log (the administrator's mail file).
    mail: i64,
    /// An account whose roles the administrator changes.
    spare: i64,
}

/// A word of letters only, unique in the test (the search finds it as one token).
fn word_of(n: u32) -> String {
    let mut s = String::from("zqx");
    let mut n = n + 26 * 26;
    while n > 0 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    s
}

impl World {
    async fn new() -> World {
        let app = TestApp::new().await;
        let ctx = &app.ctx;
        let f = &app.f;
        let db = &ctx.services.db;
        let mut people = BTreeMap::new();
        people.insert(Who::Filer, f.submitter.clone());
        people.insert(Who::OtherFiler, f.other_submitter.clone());
        people.insert(Who::Reviewer, f.reviewer.clone());
        people.insert(Who::OtherReviewer, f.reviewer2.clone());
        people.insert(Who::Secretary, f.secretary.clone());
        people.insert(Who::Admin, f.admin.clone());
        let reviewer = [Role::Reviewer];
        people.insert(
            Who::CoAuthor,
            ctx.account("dongtacgia@thu.nghiem.vn", "Quàng Thị Hợp", &[])
                .await,
        );
        let conflicted_reviewer = ctx
            .account("giamkhao3@thu.nghiem.vn", "Lường Văn Ngại", &reviewer)
            .await;
        ctx.set_unit(conflicted_reviewer.id, "xa_muong_bam").await;
        people.insert(Who::ConflictedReviewer, conflicted_reviewer);
        people.insert(
            Who::Member,
            ctx.account("uyvien@thu.nghiem.vn", "Tòng Thị Viên", &reviewer)
                .await,
        );
        people.insert(
            Who::Chair,
            ctx.account("chutich@thu.nghiem.vn", "Hoàng Văn Chủ", &reviewer)
                .await,
        );
        let foreign = ctx
            .account("thuky2@thu.nghiem.vn", "Sa Thị Ngoài", &[Role::Secretary])
            .await;
        domain::staff::seed(db, f.closed_campaign, foreign.id)
            .await
            .unwrap();
        people.insert(Who::ForeignSecretary, foreign);
        let conflicted = ctx
            .account("thuky3@thu.nghiem.vn", "Bạc Văn Vướng", &[Role::Secretary])
            .await;
        ctx.set_unit(conflicted.id, "xa_muong_bam").await;
        let conflicted = domain::accounts::user_by_id(db, conflicted.id)
            .await
            .unwrap();
        people.insert(Who::ConflictedSecretary, conflicted);
        let spare = ctx
            .account("duphong@thu.nghiem.vn", "Mè Văn Phòng", &[])
            .await
            .id;
        let criteria = domain::catalog::criteria(db, f.open_campaign)
            .await
            .unwrap()
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    c.max_points as i32 * 8 / 10,
                    c.max_points as i32,
                    c.code,
                    c.name,
                )
            })
            .collect();
        let mut world = World {
            app,
            people,
            targets: vec![],
            all: Default::default(),
            counter: Default::default(),
            criteria,
            mail: 0,
            spare,
        };
        world.council(world.app.f.open_campaign).await;
        for state in STATES {
            let t = world.make(state, world.app.f.open_campaign).await;
            world.targets.push(t);
        }
        world.app.index().await;
        domain::mail::deliver_due(&world.app.ctx.services.db, &world.app.mailer)
            .await
            .unwrap();
        use domain::entities::mail_outbox;
        world.mail = mail_outbox::Entity::find()
            .one(&world.app.ctx.services.db)
            .await
            .unwrap()
            .expect("a mail in the log")
            .id;
        world
    }

    fn person(&self, w: Who) -> &User {
        &self.people[&w]
    }

    fn email(&self, w: Who) -> String {
        match w {
            Who::Anonymous => "chua-co@thu.nghiem.vn".into(),
            w => self.person(w).email.clone(),
        }
    }

    fn name(&self, w: Who) -> String {
        match w {
            Who::Anonymous => "Khách".into(),
            w => self.person(w).full_name.clone(),
        }
    }

    /// The unit a person's profile keeps (their conflicts depend on it).
    fn unit(&self, w: Who) -> String {
        if matches!(w, Who::ConflictedSecretary | Who::ConflictedReviewer) {
            "xa_muong_bam".into()
        } else {
            String::new()
        }
    }

    fn fresh_word(&self) -> String {
        let n = self.counter.get();
        self.counter.set(n + 1);
        word_of(n)
    }

    /// Moves a person into an organisation (by unit code), or out of every one.
    async fn set_unit(&self, user_id: i64, unit: Option<&str>) {
        match unit {
            Some(code) => self.app.ctx.set_unit(user_id, code).await,
            None => {
                use sea_orm::ActiveValue::Set;
                domain::entities::user::Entity::update(domain::entities::user::ActiveModel {
                    id: Set(user_id),
                    unit_id: Set(None),
                    ..Default::default()
                })
                .exec(&self.app.ctx.services.db)
                .await
                .unwrap();
            }
        }
    }

    /// The council of a campaign: the chair and a member; the campaign's secretaries.
    async fn council(&self, campaign: i64) {
        let db = &self.app.ctx.services.db;
        let sec = self.person(Who::Secretary);
        domain::staff::seed(db, campaign, sec.id).await.unwrap();
        domain::staff::seed(db, campaign, self.person(Who::ConflictedSecretary).id)
            .await
            .unwrap();
        for (w, role) in [
            (Who::Chair, CouncilRole::Chair),
            (Who::Member, CouncilRole::Member),
        ] {
            domain::council::set_member(db, sec, campaign, self.person(w).id, role)
                .await
                .unwrap();
        }
    }

    /// A new campaign like the fixture's open one (every phase open), with its secretaries and
    /// council, and nothing filed.
    async fn bare_campaign(&self) -> i64 {
        let db = &self.app.ctx.services.db;
        let now = domain::time::now();
        let day = chrono::Duration::days(1);
        let id = domain::catalog::ensure_campaign(
            db,
            &format!("Đợt {}", self.fresh_word()),
            2026,
            now - day * 10,
            now + day * 30,
            "",
            &domain::catalog::default_rubric(),
        )
        .await
        .unwrap();
        for (phase, ..) in domain::catalog::default_phases(now, now) {
            use sea_orm::ActiveValue::Set;
            domain::entities::campaign_phase::Entity::update(
                domain::entities::campaign_phase::ActiveModel {
                    campaign_id: Set(id),
                    phase: Set(phase.code().into()),
                    starts_at: Set(now - day * 10),
                    ends_at: Set(now + day * 90),
                },
            )
            .exec(db)
            .await
            .unwrap();
        }
        self.council(id).await;
        id
    }

    /// A new campaign with an entry screened eligible and, when asked, one decided (to announce).
    async fn campaign(&self, decided: bool) -> Campaign {
        let id = self.bare_campaign().await;
        let accepted = self.make(State::Accepted, id).await.id.unwrap();
        if decided {
            self.make(State::Decided, id).await;
        }
        Campaign { id, accepted }
    }

    /// A new entry of the filer's in `state`, in `campaign`.
    /// An entry announced is alone in a campaign of its own: the announcement publishes every
    /// decision of its campaign, and no other entry's state may change with it.
    async fn make(&self, state: State, campaign: i64) -> Target {
        let campaign = if state == State::Recognised {
            Box::pin(self.bare_campaign()).await
        } else {
            campaign
        };
        use domain::{deliberation, drafts, initiatives, review, screening};
        let db = &self.app.ctx.services.db;
        let filer = self.person(Who::Filer);
        let sec = self.person(Who::Secretary);
        let n = self.counter.get();
        let word = self.fresh_word();
        let note = self.fresh_word();
        let born = (chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap()
            + chrono::Duration::days(i64::from(n)))
        .format("%Y-%m-%d")
        .to_string();
        let mut t = Target {
            state,
            campaign,
            id: None,
            draft: 0,
            word,
            born,
            note,
            file: 0,
            secret_file: 0,
            assignment: None,
        };
        let mut input = domain::testing::application(campaign, &t.title());
        input.authors[0].birth_date = t.born.clone();
        input.authors[1].email = self.email(Who::CoAuthor);
        let draft = drafts::save(db, filer, None, &input).await.unwrap();
        t.draft = draft.id;
        let upload = |confidential: bool| {
            domain::attachments::upload(
                db,
                &self.app.ctx.services.storage,
                filer,
                draft.id,
                "minh-chung.pdf",
                confidential,
                futures_util::stream::iter(vec![Ok::<_, String>(bytes::Bytes::from_static(PDF))]),
            )
        };
        t.file = upload(false).await.unwrap().id;
        t.secret_file = upload(true).await.unwrap().id;
        self.all.borrow_mut().push(t.clone());
        if state == State::Draft {
            return t;
        }
        let valid = input
            .parse(domain::time::today(), &filer.full_name)
            .expect("valid application");
        let id = initiatives::submit(db, filer, valid, Some(draft.id))
            .await
            .unwrap()
            .id;
        t.id = Some(id);
        initiatives::link_co_author(
            db,
            self.person(Who::CoAuthor).id,
            &self.email(Who::CoAuthor),
        )
        .await
        .unwrap();
        let note = || format!("Ghi chú {} của thư ký.", t.note);
        match state {
            State::NeedsCorrection => {
                domain::corrections::request(db, sec, id, types::Remark::parse(&note()).unwrap())
                    .await
                    .unwrap();
            }
            State::Refused => {
                screening::screen(
                    db,
                    sec,
                    &[id],
                    &screening::Screen::Refuse {
                        reasons: vec![],
                        note: note(),
                    },
                )
                .await
                .unwrap();
            }
            State::Withdrawn => initiatives::withdraw(db, filer, id).await.unwrap(),
            _ => {}
        }
        if state >= State::Accepted && state <= State::Recognised {
            screening::screen(db, sec, &[id], &screening::Screen::Eligible)
                .await
                .unwrap();
        }
        if state >= State::UnderReview && state <= State::Recognised {
            let reviewer = self.person(Who::Reviewer);
            let conflicted = self.person(Who::ConflictedReviewer);
            review::assign(db, sec, id, reviewer.id).await.unwrap();
            // Assigned while working elsewhere; then moved into the entry's organisation.
            self.set_unit(conflicted.id, None).await;
            review::assign(db, sec, id, conflicted.id).await.unwrap();
            self.set_unit(conflicted.id, Some("xa_muong_bam")).await;
            use domain::entities::assignment;
            use sea_orm::{ColumnTrait, QueryFilter};
            t.assignment = Some(
                assignment::Entity::find()
                    .filter(assignment::Column::InitiativeId.eq(id))
                    .filter(assignment::Column::ReviewerId.eq(reviewer.id))
                    .one(db)
                    .await
                    .unwrap()
                    .expect("assignment")
                    .id,
            );
        }
        if state >= State::Voted && state <= State::Recognised {
            for w in [Who::Chair, Who::Member] {
                deliberation::cast_vote(db, self.person(w), id, true)
                    .await
                    .unwrap();
            }
            // Closed by the last ballot already when every member has voted ("stale" then).
            let _ = deliberation::close_vote(db, sec, id).await;
        }
        if state >= State::Decided && state <= State::Recognised {
            deliberation::decide(
                db,
                sec,
                id,
                deliberation::DecisionInput {
                    decision: types::ValidDecision::Recognised {
                        level: types::Level::CoSo,
                    },
                    award: String::new(),
                    decision_no: String::new(),
                    comment: String::new(),
                    decided_on: None,
                },
            )
            .await
            .unwrap();
        }
        if state == State::Recognised {
            deliberation::publish(db, sec, campaign).await.unwrap();
        }
        // The shared list holds the target as it is now (with its entry and assignment).
        let mut all = self.all.borrow_mut();
        all.pop();
        all.push(t.clone());
        t
    }

    /// What a request could change in the database: how many rows every table holds (the sessions
    /// each request is given, the search queue and the form hand-backs aside), the rows changed in
    /// place, and the entries' and drafts' states.
    async fn fingerprint(&self) -> BTreeMap<&'static str, String> {
        use domain::entities::*;
        use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
        let db = &self.app.ctx.services.db;
        let mut s = BTreeMap::new();
        macro_rules! count {
            ($($m:ident),*) => {
                $(s.insert(stringify!($m), $m::Entity::find().count(db).await.unwrap().to_string());)*
            };
        }
        macro_rules! rows {
            ($($m:ident),*) => {
                $(s.insert(stringify!($m), format!("{:?}", $m::Entity::find().all(db).await.unwrap()));)*
            };
        }
        count!(
            account_token,
            mail_outbox,
            author,
            initiative_section,
            adopter,
            initiative_version,
            score_sheet,
            score_draft,
            audit_log,
            vote_roll,
            sheet_score,
            status_history,
            attachment,
            notification
        );
        rows!(
            user,
            user_role,
            campaign,
            criterion,
            campaign_phase,
            council_member,
            campaign_secretary,
            assignment,
            conflict,
            flag_resolution,
            vote_tally,
            decision
        );
        let mut entries = String::new();
        for m in initiative::Entity::find().all(db).await.unwrap() {
            entries.push_str(&format!("{}:{}:{} ", m.id, m.status, m.updated_at));
        }
        s.insert("initiative", entries);
        let mut drafts = String::new();
        for m in draft::Entity::find().all(db).await.unwrap() {
            drafts.push_str(&format!("{}:{} ", m.id, m.updated_at));
        }
        s.insert("draft", drafts);
        let unread = notification::Entity::find()
            .filter(notification::Column::ReadAt.is_null())
            .count(db)
            .await
            .unwrap();
        s.insert("unread", unread.to_string());
        s
    }

    async fn session(&self, w: Who) -> Option<String> {
        let user = self.people.get(&w)?;
        let token = domain::accounts::create_session(&self.app.ctx.services.db, user.id)
            .await
            .unwrap();
        Some(format!("{}={token}", app::ssr::SESSION_COOKIE))
    }

    async fn ask(&self, w: Who, call: &Call) -> Reply {
        let session = self.session(w).await;
        let mut req = match call {
            Call::Get(path) => Request::get(path.as_str())
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
            Call::Post(path, form) => {
                let body = form
                    .iter()
                    .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                    .collect::<Vec<_>>()
                    .join("&");
                Request::post(path.as_str())
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json")
                    .header(header::ORIGIN, "http://127.0.0.1:3000")
                    .body(Body::from(body))
                    .unwrap()
            }
            Call::Upload(draft) => {
                let b = "----matranranh";
                let mut body = Vec::new();
                body.extend_from_slice(
                    format!(
                        "--{b}\r\nContent-Disposition: form-data; name=\"draft_id\"\r\n\r\n{draft}\r\n--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"them.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(PDF);
                body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
                Request::post("/tep-dinh-kem")
                    .header(
                        header::CONTENT_TYPE,
                        format!("multipart/form-data; boundary={b}"),
                    )
                    .header(header::ACCEPT, "application/json")
                    .header(header::ORIGIN, "http://127.0.0.1:3000")
                    .body(Body::from(body))
                    .unwrap()
            }
        };
        req.headers_mut()
            .insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        if let Some(s) = session {
            req.headers_mut().insert(header::COOKIE, s.parse().unwrap());
        }
        self.app.send(req).await
    }

    /// What `body` shows that `w` may not see: the title of an entry they may not read; the
    /// personal particulars and notes of one they may not read whole.
    fn leaks(&self, w: Who, body: &str) -> Vec<String> {
        let mut found = vec![];
        for t in self.all.borrow().iter() {
            if !reads(w, t.state) && body.contains(&t.title()) {
                found.push(format!("the title of the {:?} entry {}", t.state, t.word));
            }
            if reads_whole(w, t.state) {
                continue;
            }
            let (y, m, d) = (&t.born[0..4], &t.born[5..7], &t.born[8..10]);
            for secret in [t.born.clone(), format!("{d}/{m}/{y}"), t.note.clone()] {
                if body.contains(&secret) {
                    found.push(format!("{secret} (of the {:?} entry {})", t.state, t.word));
                }
            }
        }
        found
    }
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";

/// A refusal by its status: 401, 403, 404, or a page sending the visitor to sign in.
fn refused_status(r: &Reply) -> bool {
    matches!(r.status.as_u16(), 401 | 403 | 404)
        || (r.status.is_redirection() && r.location.starts_with("/dang-nhap"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_every_state_every_route_as_the_table_says() {
    let world = World::new().await;
    let rules = table();

    // The table names every route served, and only those.
    let named: BTreeSet<String> = rules.iter().map(|r| r.route.to_string()).collect();
    let served: BTreeSet<String> = server::routes_served().into_iter().collect();
    let missing: Vec<_> = served.difference(&named).collect();
    let stale: Vec<_> = named.difference(&served).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes served but not in the table: {missing:?}; in the table but not served: {stale:?}"
    );

    // Public counts and facets count announced entries only: one of the ten states here. (How many
    // were filed in a campaign is public: the home page and the statistics say so.)
    let json = |r: Reply| -> serde_json::Value {
        serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
    };
    let filed = STATES.len() as u64 - 1;
    for who in [Who::Anonymous, Who::OtherFiler, Who::Reviewer] {
        let home = json(world.ask(who, &api("trang-chu", &[])).await);
        assert!(home["recognised"].as_u64().unwrap() <= 1, "{who:?}: {home}");
        assert!(
            home["submitted"].as_u64().unwrap() <= filed,
            "{who:?}: {home}"
        );
        let stats = json(world.ask(who, &api("thong-ke", &[])).await);
        assert_eq!(stats["total"], 1, "{who:?}: {stats}");
        for chart in stats["charts"].as_array().unwrap() {
            let sum: u64 = chart["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[1].as_u64().unwrap())
                .sum();
            assert!(sum <= 1, "{who:?}: chart {chart}");
        }
        let rest = json(world.ask(who, &get("/api/v1/initiatives")).await);
        assert_eq!(rest["total"], 1, "{who:?}: {rest}");
        let open = json(world.ask(who, &get("/open-data/initiatives.json")).await);
        assert_eq!(open.as_array().map(Vec::len), Some(1), "{who:?}: {open}");
        let found = json(world.ask(who, &search("")).await);
        assert_eq!(found["total"], 1, "{who:?}: {found}");
        for facet in found["facets"].as_array().unwrap() {
            for v in facet["values"].as_array().unwrap() {
                assert!(v["count"].as_u64().unwrap() <= 1, "{who:?}: facet {facet}");
            }
        }
    }

    let mut wrong: Vec<String> = vec![];
    let mut cells = 0usize;
    // Reads first (they must change nothing), then changes, then each person's own.
    let phase = |r: &Rule| match (r.judge, personal(r.route)) {
        (_, true) => 2,
        (Judge::Changes, _) => 1,
        _ => 0,
    };
    let mut ordered: Vec<&Rule> = rules.iter().collect();
    ordered.sort_by_key(|r| phase(r));
    let mut before = world.fingerprint().await;
    let mut reads_checked = false;
    for r in ordered {
        if phase(r) > 0 && !reads_checked {
            reads_checked = true;
            let after = world.fingerprint().await;
            if after != before {
                wrong.push("reading changed the database".into());
            }
            before = after;
        }
        for who in EVERYONE {
            let states: Vec<Option<State>> = match r.scope {
                Scope::Entry(_) => STATES.iter().copied().map(Some).collect(),
                _ => vec![None],
            };
            for state in states {
                let expected = (r.may)(who, state.unwrap_or(State::Submitted));
                // A change the table allows is made on a new entry or campaign in that state.
                let fresh = expected && r.judge == Judge::Changes;
                let mut target = None;
                let call = match (&r.scope, state) {
                    (Scope::Entry(f), Some(s)) => {
                        let shared = world.targets.iter().find(|t| t.state == s).unwrap();
                        if f(&world, shared).is_none() {
                            continue;
                        }
                        let t = if fresh {
                            world.make(s, world.app.f.open_campaign).await
                        } else {
                            world.targets.iter().find(|t| t.state == s).unwrap().clone()
                        };
                        let call = f(&world, &t);
                        target = Some(t);
                        match call {
                            Some(c) => c,
                            None => continue,
                        }
                    }
                    (Scope::Campaign(f), _) => {
                        // A change is asked on a campaign of its own, refused or not: on the shared
                        // one, its votes under way or locked rubric would refuse everyone alike.
                        let c = if r.judge == Judge::Changes {
                            world.campaign(r.route == "POST /api/cong-bo").await
                        } else {
                            Campaign {
                                id: world.app.f.open_campaign,
                                accepted: world.targets[3].id.unwrap(),
                            }
                        };
                        f(&world, &c)
                    }
                    (Scope::Site(f), _) => f(&world, who),
                    _ => unreachable!(),
                };
                if fresh || (r.judge == Judge::Changes && matches!(r.scope, Scope::Campaign(_))) {
                    before = world.fingerprint().await;
                }
                cells += 1;
                let reply = world.ask(who, &call).await;
                let cell = format!(
                    "{} as {who:?}{}",
                    r.route,
                    state
                        .map(|s| format!(" on a {s:?} entry"))
                        .unwrap_or_default()
                );
                if reply.status.is_server_error() || reply.status.as_u16() == 429 {
                    wrong.push(format!("{cell}: answered {}", reply.status));
                    continue;
                }
                let mut changes: Vec<&str> = vec![];
                let seen = match r.judge {
                    Judge::Answer => !refused_status(&reply),
                    Judge::Shows => {
                        let t = target.as_ref().expect("an entry");
                        let word = if r.route == "GET /sitemap.xml" {
                            format!("/sang-kien/{}<", t.id.unwrap())
                        } else {
                            // The title, not the word alone: a search answer repeats its query.
                            t.title()
                        };
                        reply.status == StatusCode::OK && reply.body.contains(&word)
                    }
                    Judge::Changes => {
                        let after = world.fingerprint().await;
                        changes = after
                            .iter()
                            .filter(|(k, v)| before.get(*k) != Some(v))
                            .map(|(k, _)| *k)
                            .collect();
                        before = after;
                        !changes.is_empty()
                    }
                };
                if seen != expected {
                    wrong.push(format!(
                        "{cell}: {}, the table says {} (status {}, {} bytes{}{})",
                        if seen { "allowed" } else { "refused" },
                        if expected { "allowed" } else { "refused" },
                        reply.status,
                        reply.body.len(),
                        if changes.is_empty() { "" } else { ", changed " },
                        changes.join(", ")
                    ));
                }
                for leak in world.leaks(who, &reply.body) {
                    wrong.push(format!("{cell}: shows {leak}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cells} cells differ from the table:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
