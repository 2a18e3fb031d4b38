//! sea-orm entities, one module per table (schema in `migrations/`). Hand-written behaviour lives in the
//! service modules; entity models never leave the domain crate.

macro_rules! entity {
    ($module:ident, $table:literal, { $($body:tt)* }) => {
        pub mod $module {
            use sea_orm::entity::prelude::*;
            #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
            #[sea_orm(table_name = $table)]
            pub struct Model { $($body)* }
            #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
            pub enum Relation {}
            impl ActiveModelBehavior for ActiveModel {}
        }
    };
}

entity!(user, "users", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub password_hash: String,
    pub created_at: DateTimeUtc,
    pub email_verified_at: Option<DateTimeUtc>,
    pub submitter_kind: Option<String>,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
    pub unit_id: Option<i64>,
    /// Private: the person, secretaries and admins only.
    pub birth_date: Option<Date>,
    /// Private: the person, secretaries and admins only.
    pub phone: Option<String>,
    /// When an administrator deactivated the account (`accounts::manage`); NULL: active.
    pub deactivated_at: Option<DateTimeUtc>,
    /// When an administrator erased the account's personal data on request (`admin::erasure`).
    pub erased_at: Option<DateTimeUtc>,
});

entity!(consent, "consents", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `registration` or `submission`.
    pub purpose: String,
    /// The version of the notice the person agreed to.
    pub text_version: String,
    pub initiative_id: Option<i64>,
    pub given_at: DateTimeUtc,
});

entity!(account_token, "account_tokens", {
    /// SHA-256 (hex) of the token sent by email.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i64,
    pub purpose: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
});

entity!(mail_outbox, "mail_outbox", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub to_addr: String,
    pub subject: String,
    /// Plain text; `[[link]]` becomes the portal's address followed by `link_path` when sent.
    pub body: String,
    pub link_path: Option<String>,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// The .eml file written in development (file transport).
    pub file_name: Option<String>,
});

entity!(user_role, "user_roles", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub role: String,
});

entity!(session, "sessions", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i64,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Last request seen (renewed at most every few minutes); NULL: not since `created_at`.
    pub last_seen_at: Option<DateTimeUtc>,
});

entity!(unit, "units", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub successor_id: Option<i64>,
});

// A unit formed on 1 July 2025 and a district-level unit of before that its area lay (partly) in
// (`places`).
entity!(unit_place, "unit_places", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub place_id: i64,
});

entity!(campaign, "campaigns", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub description: String,
    /// `mean`, `median` or `trimmed_mean` (`scoring::Aggregation`).
    pub aggregation: String,
    pub pass_mark: f64,
    pub provincial_mark: f64,
    pub reviewers_per_entry: i32,
    pub blind_review: bool,
    pub secret_ballot: bool,
    pub vote_numerator: i32,
    pub vote_denominator: i32,
    /// A criterion's spread above this percentage of its maximum flags the entry.
    pub spread_pct: i32,
    /// A reviewer further than this many standard deviations from the rest of the panel flags the entry.
    pub outlier_sd: f64,
    /// `raw` or `calibrated`: which score ranks the entries (chosen by the chair).
    pub rank_by: String,
    /// Bumped on every change of the rubric; a score sheet records the version it was scored on.
    pub rubric_version: i32,
    /// When the secretary published the campaign's decisions.
    pub announced_at: Option<DateTimeUtc>,
    /// A practice campaign (the demo's): every phase's actions stay open whatever its dates.
    pub practice: bool,
    /// When an administrator archived it (`admin::campaigns::archive`); NULL: not archived.
    pub archived_at: Option<DateTimeUtc>,
});

entity!(criterion, "criteria", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub code: String,
    pub name: String,
    pub max_points: i32,
    pub position: i32,
    /// JSON list of bands: [{"min":27,"max":30,"label":"…"}]
    pub bands: String,
    pub weight: f64,
    /// `optional`, `always` or `below:<percent>` (`catalog::CommentRule`).
    pub comment_rule: String,
    pub description: String,
});

entity!(initiative, "initiatives", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: Option<String>,
    pub external_id: Option<String>,
    pub campaign_id: i64,
    pub owner_id: Option<i64>,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub solution_type: String,
    pub pillar: String,
    pub sector: String,
    pub unit_id: i64,
    pub status: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub due_on: Option<Date>,
    pub level: Option<String>,
    pub score: Option<f64>,
    pub decided_on: Option<Date>,
    pub decision_no: Option<String>,
    pub refusal_reasons: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub content: Option<String>,
    pub investor: Option<String>,
    pub state_funds: Option<bool>,
    pub first_applied_on: Option<Date>,
    pub description_confidential: bool,
    pub for_collective: bool,
});

entity!(author, "authors", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub position: i32,
    pub name: String,
    pub share_tenths: i32,
    pub birth_date: Option<Date>,
    pub workplace: Option<String>,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
    pub email: Option<String>,
    pub user_id: Option<i64>,
});

entity!(initiative_section, "initiative_sections", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub initiative_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub section: String,
    pub body: String,
    pub confidential: bool,
});

entity!(adopter, "adopters", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub position: i32,
    pub name: String,
    pub birth_date: Option<Date>,
    pub workplace: String,
    pub job_title: Option<String>,
    pub qualification: Option<String>,
    pub task: String,
});

entity!(draft, "drafts", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub title: String,
    /// The form as typed (`types::InitiativeInput` as JSON).
    pub payload: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Set when the draft corrects a filed entry.
    pub initiative_id: Option<i64>,
});

entity!(initiative_version, "initiative_versions", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub version: i32,
    /// The form as filed (`types::InitiativeInput` as JSON).
    pub snapshot: String,
    pub submitted_at: DateTimeUtc,
});

entity!(assignment, "assignments", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub reviewer_id: i64,
    pub created_at: DateTimeUtc,
});

entity!(score_sheet, "score_sheets", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assignment_id: i64,
    pub total: i32,
    pub submitted_at: DateTimeUtc,
    pub rubric_version: i32,
    /// Σ weight × points; `None` only for sheets submitted before weights existed.
    pub weighted_total: Option<f64>,
});
entity!(score_draft, "score_drafts", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assignment_id: i64,
    /// The sheet as typed (`review::SheetInput` as JSON).
    pub payload: String,
    pub updated_at: DateTimeUtc,
});
entity!(campaign_phase, "campaign_phases", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: i64,
    /// `screening`, `review`, `vote` or `announcement` (`catalog::Phase`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub phase: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
});
entity!(council_member, "council_members", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// `types::CouncilRole` code.
    pub role: String,
});
entity!(conflict, "conflicts", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub user_id: i64,
    /// `declared` (by the reviewer) or `override` (the chair lifts an organisation conflict).
    pub kind: String,
    pub reason: String,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
});
entity!(flag_resolution, "flag_resolutions", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    /// The flags the note resolves (JSON list of `scoring::Flag`).
    pub flags: String,
    pub note: String,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
});
entity!(audit_log, "audit_log", {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Microseconds since the Unix epoch (an integer, so the hash survives every database).
    pub at: i64,
    pub actor_id: Option<i64>,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    pub prev_hash: String,
    pub hash: String,
});
entity!(vote_roll, "vote_roll", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub initiative_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: i64,
    /// The member's vote in an open ballot; always `None` in a secret one.
    pub choice: Option<bool>,
    pub cast_at: DateTimeUtc,
});
entity!(vote_tally, "vote_tallies", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub initiative_id: i64,
    pub agree: i32,
    pub disagree: i32,
    /// Set when the secretary or the chair closed the vote before every member had voted.
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<i64>,
});
entity!(decision, "decisions", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub initiative_id: i64,
    /// `recognised` or `refused`.
    pub outcome: String,
    pub level: Option<String>,
    pub award: Option<String>,
    pub reasons: Option<String>,
    pub decision_no: Option<String>,
    pub decided_on: Date,
    pub score: Option<f64>,
    pub calibrated_score: Option<f64>,
    /// The council's consolidated comment, shown on the public scorecard.
    pub comment: Option<String>,
    pub agree: i32,
    pub disagree: i32,
    pub entitled: i32,
    pub decided_by: Option<i64>,
    pub created_at: DateTimeUtc,
    /// Set when the announcement released it; hidden from authors and the public until then.
    pub published_at: Option<DateTimeUtc>,
});
entity!(audit_head, "audit_head", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub last_id: i64,
    pub last_hash: String,
});

entity!(sheet_score, "sheet_scores", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub sheet_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub criterion_id: i64,
    pub points: i32,
    pub comment: String,
});

entity!(status_history, "status_history", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub note: Option<String>,
    pub at: DateTimeUtc,
});

entity!(case_counter, "case_counters", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub last: i32,
});

entity!(search_outbox, "search_outbox", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub initiative_id: i64,
    pub created_at: DateTimeUtc,
});

entity!(form_stash, "form_stash", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: Option<i64>,
    pub payload: String,
    pub created_at: DateTimeUtc,
    /// For a stash without an owner: SHA-256 (hex) of the key in the posting browser's cookie.
    pub browser_hash: Option<String>,
});

entity!(attachment, "attachments", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    /// Set while the file belongs to a draft; cleared when the entry is filed.
    pub draft_id: Option<i64>,
    pub initiative_id: Option<i64>,
    pub file_name: String,
    /// The type found in the content (never the one the browser claimed).
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Random key in the object store.
    pub storage_key: String,
    pub confidential: bool,
    pub created_at: DateTimeUtc,
});

entity!(campaign_secretary, "campaign_secretaries", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub assigned_at: DateTimeUtc,
});

entity!(upload_reservation, "upload_reservations", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub draft_id: i64,
    /// The most the upload may still store.
    pub bytes: i64,
    pub created_at: DateTimeUtc,
});

entity!(notification, "notifications", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub initiative_id: Option<i64>,
    pub message: String,
    pub link_path: Option<String>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
});

// A long export asked for (`documents::exports`): claimed by one node under a lease, its progress,
// the file in storage when done.
entity!(export_job, "export_jobs", {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `documents::exports::ExportKind` code.
    pub kind: String,
    pub campaign_id: i64,
    pub requested_by: i64,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub done: i32,
    pub total: i32,
    pub storage_key: Option<String>,
    pub file_name: Option<String>,
    /// Why it failed, as a code the page explains.
    pub failure: Option<String>,
    pub attempts: i32,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub lease_until: Option<DateTimeUtc>,
});

// Who does a kind of scheduled work now (`lease`): the node holding it renews it.
entity!(lease, "leases", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub holder: String,
    pub until: DateTimeUtc,
});

// A reminder sent (`admin::reminders`), unique on what it reminds of: never sent twice.
entity!(reminder_sent, "reminders_sent", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    /// The assignment, entry or campaign it is about (by `kind`).
    pub subject_id: i64,
    pub recipient_id: i64,
    /// The deadline it reminds of.
    pub due_on: Date,
    pub sent_at: DateTimeUtc,
});

// A campaign's summing-up (`documents::summing`): the rules of its commendation proposals, and
// whether the list was built and issued (frozen from then on).
entity!(summing_up, "summing_ups", {
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: i64,
    pub individual_level: String,
    pub individual_share_tenths: i32,
    pub collective_count: i32,
    pub collective_level: String,
    pub built_at: Option<DateTimeUtc>,
    pub issued_at: Option<DateTimeUtc>,
    pub issued_by: Option<i64>,
    pub updated_at: DateTimeUtc,
});

// One person or unit proposed for commendation in a campaign's summing-up.
entity!(commendation, "commendations", {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub position: i32,
    /// `individual` or `collective`.
    pub kind: String,
    pub name: String,
    pub unit_id: Option<i64>,
    /// The unit's name when the list was built (an issued list keeps it).
    pub unit_name: String,
    pub user_id: Option<i64>,
    pub award: String,
    pub note: Option<String>,
    /// The initiatives it rests on, as JSON (`documents::summing::Basis`).
    pub basis: String,
});
