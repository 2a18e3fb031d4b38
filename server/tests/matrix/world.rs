//! The world the cells are asked in: the people ([`Who`]), an entry in every state of its life
//! ([`State`], [`Target`]), campaigns of their own for the changes to a campaign, and the
//! [`World`] that makes them, asks the router as one of them, and fingerprints the database.
use crate::support::{Reply, Request, TestApp, enc, header};
use crate::table::{Call, reads, reads_whole};
use axum::body::Body;
use domain::accounts::User;
use sea_orm::EntityTrait;
use std::collections::BTreeMap;
use types::{CouncilRole, Role};

/// Who asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Who {
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

pub(crate) const EVERYONE: [Who; 13] = [
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
pub(crate) enum State {
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

pub(crate) const STATES: [State; 10] = [
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
pub(crate) struct Target {
    pub(crate) state: State,
    pub(crate) campaign: i64,
    /// The filed entry (`None` for a draft).
    pub(crate) id: Option<i64>,
    /// The draft (a draft's own, or the one it was filed from).
    pub(crate) draft: i64,
    /// A word found nowhere else, in the title.
    pub(crate) word: String,
    /// The first author's date of birth (`YYYY-MM-DD`): personal particulars.
    born: String,
    /// A word found nowhere else, in the status note (correction request, refusal).
    note: String,
    /// An attachment, and a confidential one.
    pub(crate) file: i64,
    pub(crate) secret_file: i64,
    /// The assigned reviewer's assignment.
    pub(crate) assignment: Option<i64>,
}

impl Target {
    pub(crate) fn id(&self) -> Option<String> {
        self.id.map(|i| i.to_string())
    }

    pub(crate) fn title(&self) -> String {
        format!("Giải pháp {} cho xã vùng cao", self.word)
    }
}

/// A campaign as the campaign cells use it, with an entry screened eligible (for the automatic
/// assignment) and one decided (for the announcement).
#[derive(Clone, Debug)]
pub(crate) struct Campaign {
    pub(crate) id: i64,
    pub(crate) accepted: i64,
    /// A proposal for commendation of its summing-up's list (built, not issued), where the route
    /// acts on one; else 0.
    pub(crate) proposal: i64,
}

pub(crate) struct World {
    pub(crate) app: TestApp,
    people: BTreeMap<Who, User>,
    /// The entries every read is asked about, one per state, in the fixture's open campaign.
    pub(crate) targets: Vec<Target>,
    /// Every entry made, for the leak check.
    all: std::cell::RefCell<Vec<Target>>,
    counter: std::cell::Cell<u32>,
    /// The default rubric: (criterion id, points given, max points, code, name).
    pub(crate) criteria: Vec<(i64, i32, i32, String, String)>,
    /// A mail in the log (the administrator's mail file).
    pub(crate) mail: i64,
    /// An account whose roles the administrator changes.
    pub(crate) spare: i64,
    /// A campaign that has ended with no entry left undecided: the administrator archives it.
    pub(crate) finished: i64,
    /// An archived campaign: the administrator restores it.
    pub(crate) archived: i64,
    /// An account the administrator deactivates.
    pub(crate) active: i64,
    /// A deactivated account the administrator reactivates.
    pub(crate) inactive: i64,
    /// An export the secretary asked for, made.
    pub(crate) export: i64,
    /// An account the administrator erases on request.
    pub(crate) erasable: i64,
    /// A mail still waiting in the outbox: the administrator sends it again now.
    pub(crate) unsent_mail: i64,
}

/// A campaign whose filing closed a month ago, with no entry.
async fn past_campaign(db: &sea_orm::DatabaseConnection, name: &str) -> i64 {
    let now = domain::time::now();
    let day = chrono::Duration::days(1);
    domain::catalog::ensure_campaign(
        db,
        &format!("Đợt đã qua {name}"),
        2025,
        now - day * 120,
        now - day * 30,
        "",
        &domain::catalog::default_rubric(),
    )
    .await
    .unwrap()
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
    pub(crate) async fn new() -> World {
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
        domain::accounts::staff::seed(db, f.closed_campaign, foreign.id)
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
        let active = ctx
            .account("hoatdong@thu.nghiem.vn", "Lò Thị Động", &[])
            .await
            .id;
        let inactive = ctx
            .account("dakhoa@thu.nghiem.vn", "Cà Văn Khóa", &[])
            .await
            .id;
        let erasable = ctx
            .account("xoa@thu.nghiem.vn", "Lường Văn Xóa", &[])
            .await
            .id;
        {
            use sea_orm::{ActiveModelTrait, ActiveValue::Set};
            domain::entities::user::ActiveModel {
                id: Set(inactive),
                deactivated_at: Set(Some(domain::time::now())),
                ..Default::default()
            }
            .update(db)
            .await
            .unwrap();
        }
        let (finished, archived) = (
            past_campaign(db, "ket-thuc").await,
            past_campaign(db, "luu-tru").await,
        );
        {
            use sea_orm::{ActiveModelTrait, ActiveValue::Set};
            domain::entities::campaign::ActiveModel {
                id: Set(archived),
                archived_at: Set(Some(domain::time::now())),
                ..Default::default()
            }
            .update(db)
            .await
            .unwrap();
        }
        let mut world = World {
            app,
            people,
            targets: vec![],
            all: Default::default(),
            counter: Default::default(),
            criteria,
            mail: 0,
            spare,
            finished,
            archived,
            active,
            inactive,
            export: 0,
            erasable,
            unsent_mail: 0,
        };
        world.council(world.app.f.open_campaign).await;
        for state in STATES {
            let t = world.make(state, world.app.f.open_campaign).await;
            world.targets.push(t);
        }
        world.app.index().await;
        {
            use domain::documents::exports::{self, ExportKind};
            let s = &world.app.ctx.services;
            world.export = exports::request(
                &s.db,
                world.person(Who::Secretary),
                world.app.f.open_campaign,
                ExportKind::RecognisedList,
            )
            .await
            .unwrap();
            assert!(exports::run_next(s).await.unwrap());
        }
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
        world.unsent_mail = domain::mail::enqueue(
            &world.app.ctx.services.db,
            domain::mail::invitation("cho@thu.nghiem.vn", "Người Chờ", "ma-thu"),
        )
        .await
        .unwrap();
        world
    }

    pub(crate) fn person(&self, w: Who) -> &User {
        &self.people[&w]
    }

    pub(crate) fn email(&self, w: Who) -> String {
        match w {
            Who::Anonymous => "chua-co@thu.nghiem.vn".into(),
            w => self.person(w).email.clone(),
        }
    }

    pub(crate) fn name(&self, w: Who) -> String {
        match w {
            Who::Anonymous => "Khách".into(),
            w => self.person(w).full_name.clone(),
        }
    }

    /// The unit a person's profile keeps (their conflicts depend on it).
    pub(crate) fn unit(&self, w: Who) -> String {
        if matches!(w, Who::ConflictedSecretary | Who::ConflictedReviewer) {
            "xa_muong_bam".into()
        } else {
            String::new()
        }
    }

    pub(crate) fn fresh_word(&self) -> String {
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
        domain::accounts::staff::seed(db, campaign, sec.id)
            .await
            .unwrap();
        domain::accounts::staff::seed(db, campaign, self.person(Who::ConflictedSecretary).id)
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
    pub(crate) async fn campaign(&self, decided: bool) -> Campaign {
        let id = self.bare_campaign().await;
        let accepted = self.make(State::Accepted, id).await.id.unwrap();
        if decided {
            self.make(State::Decided, id).await;
        }
        Campaign {
            id,
            accepted,
            proposal: 0,
        }
    }

    /// A new entry of the filer's in `state`, in `campaign`.
    /// An entry announced is alone in a campaign of its own: the announcement publishes every
    /// decision of its campaign, and no other entry's state may change with it.
    pub(crate) async fn make(&self, state: State, campaign: i64) -> Target {
        let campaign = if state == State::Recognised {
            Box::pin(self.bare_campaign()).await
        } else {
            campaign
        };
        use domain::{
            council::deliberation, review, review::screening, submission::drafts,
            submission::initiatives,
        };
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
            domain::submission::attachments::upload(
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
                domain::submission::corrections::request(
                    db,
                    sec,
                    id,
                    types::Remark::parse(&note()).unwrap(),
                )
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
    pub(crate) async fn fingerprint(&self) -> BTreeMap<&'static str, String> {
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
            notification,
            export_job,
            commendation
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
            decision,
            summing_up
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
        Some(format!("{}={token}", app::request::SESSION_COOKIE))
    }

    pub(crate) async fn ask(&self, w: Who, call: &Call) -> Reply {
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
    pub(crate) fn leaks(&self, w: Who, body: &str) -> Vec<String> {
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
