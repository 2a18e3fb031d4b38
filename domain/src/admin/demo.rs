//! Demo data for development: Sơn La's units, two campaigns with the default rubric, demo accounts for
//! each role and 43 initiatives in every status. Loaded only into an empty database, only when the
//! configuration says so (never in production).
use crate::accounts;
use crate::catalog::{self, default_rubric};
use crate::entities::{assignment, initiative, score_sheet, sheet_score};
use crate::submission::initiatives::{NewAuthor, insert_authors, next_case_number, record_status};
use crate::{Error, Result, time};
use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, TransactionTrait};
use serde::Deserialize;
use types::{CouncilRole, Email, FullName, Password, Role, Status};

/// A demo account; its credentials are printed at first start (development only).
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub roles: &'static [Role],
}

pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "quantri@sangkien.local",
        password: "SonLa-QuanTri-2026",
        name: "Nguyễn Văn Quản",
        roles: &[Role::Admin],
    },
    DemoAccount {
        email: "thuky@sangkien.local",
        password: "SonLa-ThuKy-2026",
        name: "Lò Thị Thư",
        roles: &[Role::Secretary],
    },
    DemoAccount {
        email: "giamkhao1@sangkien.local",
        password: "SonLa-GiamKhao1-2026",
        name: "Trần Văn Khảo",
        roles: &[Role::Reviewer],
    },
    DemoAccount {
        email: "giamkhao2@sangkien.local",
        password: "SonLa-GiamKhao2-2026",
        name: "Cầm Thị Định",
        roles: &[Role::Reviewer],
    },
    DemoAccount {
        email: "tacgia@sangkien.local",
        password: "SonLa-TacGia-2026",
        name: "Hà Văn Sáng",
        roles: &[],
    },
    DemoAccount {
        email: "chutich@sangkien.local",
        password: "SonLa-ChuTich-2026",
        name: "Quàng Văn Chủ",
        roles: &[],
    },
];

pub const OLD_CAMPAIGN: &str = "Phong trào thi đua chuyển đổi số 2021-2025";

#[derive(Deserialize)]
struct UnitRow {
    code: String,
    name: String,
    #[serde(default)]
    kind: String,
}

#[derive(Deserialize)]
struct DemoInitiative {
    campaign: String,
    title: String,
    summary: String,
    description: String,
    #[serde(rename = "type")]
    solution_type: String,
    pillar: String,
    sector: String,
    unit: String,
    authors: Vec<(String, f64)>,
    status: String,
    level: Option<String>,
    score: Option<f64>,
    decided: Option<NaiveDate>,
    decision_no: Option<String>,
    reasons: Option<String>,
}

/// The name of the current demo campaign (its year is the current one).
pub fn current_campaign_name(year: i32) -> String {
    format!("Ý tưởng số – Lan tỏa sức mạnh số {year}")
}

/// The demo data compiled into the portal does not load: a mistake in `domain/src/admin/demo/`.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo/{file}: {source}")]
    Json {
        file: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// Lines of `demo/places.csv` that were refused (their numbers and problems).
    #[error("demo/places.csv: {0}")]
    Places(String),
    /// A demo account whose field (`email`, `name`, `password`) does not pass the form's rules.
    #[error("demo account {email}: {field} refused ({problem:?})")]
    Account {
        email: &'static str,
        field: &'static str,
        problem: types::FieldError,
    },
    #[error("demo initiative {row}: unknown {what} {code:?}")]
    UnknownCode {
        row: usize,
        what: &'static str,
        code: String,
    },
}

impl From<DemoError> for Error {
    fn from(e: DemoError) -> Self {
        Error::Area(Box::new(e))
    }
}

fn demo_json<T: serde::de::DeserializeOwned>(file: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| DemoError::Json { file, source }.into())
}

/// Units of Sơn La: provincial departments, communes and wards from 1 July 2025, some enterprises and
/// public bodies, and the 12 district-level units of before July 2025 as historical units.
pub async fn seed_units(db: &impl ConnectionTrait) -> Result<()> {
    let units: Vec<UnitRow> = demo_json("units.json", include_str!("demo/units.json"))?;
    let province =
        catalog::ensure_unit(db, "ubnd_tinh", "UBND tỉnh Sơn La", "province", None).await?;
    for u in units.iter().filter(|u| u.code != "ubnd_tinh") {
        catalog::ensure_unit(db, &u.code, &u.name, &u.kind, Some(province)).await?;
    }
    let districts: Vec<UnitRow> = demo_json("districts.json", include_str!("demo/districts.json"))?;
    for d in &districts {
        if catalog::unit_by_code(db, &d.code).await?.is_none() {
            crate::entities::unit::Entity::insert(crate::entities::unit::ActiveModel {
                code: Set(d.code.clone()),
                name: Set(d.name.clone()),
                kind: Set("district".into()),
                parent_id: Set(Some(province)),
                valid_to: Set(NaiveDate::from_ymd_opt(2025, 6, 30)),
                ..Default::default()
            })
            .exec(db)
            .await?;
        }
    }
    let places = crate::catalog::places::parse(include_str!("demo/places.csv"))
        .map_err(|e| DemoError::Places(format!("{e:?}")))?;
    match crate::catalog::places::apply_in(db, &places).await {
        Ok(_) => {}
        Err(crate::catalog::places::PlacesFailed::Lines(lines)) => {
            return Err(DemoError::Places(format!("{lines:?}")).into());
        }
        Err(crate::catalog::places::PlacesFailed::Other(e)) => return Err(e),
    }
    Ok(())
}

use time::local_midnight;

/// Loads the demo data when the database has no campaign yet, all in one transaction (a failure
/// leaves the database as it was). Returns the demo accounts when it loaded them.
pub async fn load_if_empty<C: ConnectionTrait + TransactionTrait>(
    db: &C,
) -> Result<Option<&'static [DemoAccount]>> {
    if crate::entities::campaign::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let txn = crate::db::begin(db).await?;
    load(&txn).await?;
    txn.commit().await?;
    Ok(Some(ACCOUNTS))
}

/// The demo campaign's phases after submission: screening from the opening until a month after
/// the close, then review (two months), the vote (two weeks) and the announcement (two weeks).
fn demo_phases(
    opens: chrono::DateTime<chrono::Utc>,
    closes: chrono::DateTime<chrono::Utc>,
) -> [(
    types::Phase,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
); 4] {
    use types::Phase;
    let day = Duration::days;
    [
        (Phase::Screening, opens, closes + day(30)),
        (Phase::Review, closes, closes + day(60)),
        (Phase::Vote, closes + day(60), closes + day(75)),
        (Phase::Announcement, closes + day(75), closes + day(90)),
    ]
}

async fn load(db: &sea_orm::DatabaseTransaction) -> Result<()> {
    let txn = db;
    seed_units(txn).await?;
    let now = time::now();
    let year = time::local_date(now).year();
    let old = catalog::ensure_campaign(
        txn,
        OLD_CAMPAIGN,
        2025,
        local_midnight(NaiveDate::from_ymd_opt(2021, 6, 1).unwrap_or_default()),
        local_midnight(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()),
        "Phong trào “Sơn La quyết tâm thi đua hoàn thành các chỉ tiêu chuyển đổi số giai đoạn 2021-2025”, tổng kết tháng 3/2026.",
        &default_rubric(),
    )
    .await?;
    let year_start = local_midnight(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default());
    let year_end = local_midnight(NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default());
    let current = catalog::ensure_campaign(
        txn,
        &current_campaign_name(year),
        year,
        year_start,
        year_end.max(now + Duration::days(30)),
        "Phong trào thi đua “Ý tưởng số – Lan tỏa sức mạnh số”: sáng kiến, giải pháp chuyển đổi số của cán bộ, doanh nhân, trí thức.",
        &default_rubric(),
    )
    .await?;

    let mut users = Vec::new();
    for a in ACCOUNTS {
        let refused = |field, problem| DemoError::Account {
            email: a.email,
            field,
            problem,
        };
        let email = Email::parse(a.email).map_err(|e| refused("email", e))?;
        let name = FullName::parse(a.name).map_err(|e| refused("name", e))?;
        let pw = Password::parse(a.password).map_err(|e| refused("password", e))?;
        let u = accounts::create_verified(db, name, email, pw).await?;
        for r in a.roles {
            accounts::grant_role(db, u.id, *r).await?;
        }
        users.push(accounts::user_by_id(db, u.id).await?);
    }
    let (reviewers, author) = ([&users[2], &users[3]], &users[4]);
    // The demo secretary runs both campaigns.
    for campaign in [old, current] {
        crate::accounts::staff::seed(txn, campaign, users[1].id).await?;
    }
    // The current campaign's council: a chair and the two reviewers as experts (two votes of three
    // pass). The campaign is a practice one (below): every action stays open.
    for (u, role) in [
        (&users[5], CouncilRole::Chair),
        (&users[2], CouncilRole::Expert),
        (&users[3], CouncilRole::Expert),
    ] {
        crate::entities::council_member::Entity::insert(
            crate::entities::council_member::ActiveModel {
                campaign_id: Set(current),
                user_id: Set(u.id),
                role: Set(role.code().into()),
            },
        )
        .exec(txn)
        .await?;
    }
    // A realistic timeline to read (screening while entries arrive, then review, vote and the
    // announcement one after another), but a practice campaign: every action stays open, so the
    // whole journey can be tried at once, and its pages say so.
    let closes = year_end.max(now + Duration::days(30));
    for (phase, starts_at, ends_at) in demo_phases(year_start, closes) {
        crate::entities::campaign_phase::Entity::update(
            crate::entities::campaign_phase::ActiveModel {
                campaign_id: Set(current),
                phase: Set(phase.code().into()),
                starts_at: Set(starts_at),
                ends_at: Set(ends_at),
            },
        )
        .exec(txn)
        .await?;
    }
    crate::entities::campaign::Entity::update(crate::entities::campaign::ActiveModel {
        id: Set(current),
        practice: Set(true),
        ..Default::default()
    })
    .exec(txn)
    .await?;

    let rows: Vec<DemoInitiative> =
        demo_json("initiatives.json", include_str!("demo/initiatives.json"))?;
    for (i, row) in rows.iter().enumerate() {
        let unknown = |what, code: &str| DemoError::UnknownCode {
            row: i,
            what,
            code: code.to_string(),
        };
        let status =
            Status::from_code(&row.status).ok_or_else(|| unknown("status", &row.status))?;
        let unit = catalog::unit_by_code(txn, &row.unit)
            .await?
            .ok_or_else(|| unknown("unit", &row.unit))?;
        let is_old = row.campaign == "old";
        let submitted_at = match (is_old, row.decided) {
            (true, Some(d)) => local_midnight(d) - Duration::days(75 + i as i64),
            (true, None) => local_midnight(NaiveDate::from_ymd_opt(2025, 8, 1).unwrap_or_default()),
            (false, Some(d)) => local_midnight(d) - Duration::days(60 + i as i64),
            (false, None) => now - Duration::days(40 - i as i64 % 30),
        };
        let code = if status == Status::Draft {
            None
        } else {
            Some(next_case_number(txn, time::case_year(submitted_at)).await?)
        };
        let id = initiative::Entity::insert(initiative::ActiveModel {
            code: Set(code),
            campaign_id: Set(if is_old { old } else { current }),
            owner_id: Set(if is_old { None } else { Some(author.id) }),
            title: Set(row.title.clone()),
            summary: Set(row.summary.clone()),
            description: Set(row.description.clone()),
            solution_type: Set(row.solution_type.clone()),
            pillar: Set(row.pillar.clone()),
            sector: Set(row.sector.clone()),
            unit_id: Set(unit.id),
            status: Set(status.code().into()),
            submitted_at: Set((status != Status::Draft).then_some(submitted_at)),
            due_on: Set((status != Status::Draft).then(|| time::due_date(submitted_at))),
            level: Set(row.level.clone()),
            score: Set(row.score),
            decided_on: Set(row.decided),
            decision_no: Set(row.decision_no.clone()),
            refusal_reasons: Set(row.reasons.clone()),
            created_at: Set(submitted_at),
            updated_at: Set(row.decided.map(local_midnight).unwrap_or(submitted_at)),
            ..Default::default()
        })
        .exec(txn)
        .await?
        .last_insert_id;
        insert_authors(
            txn,
            id,
            row.authors.iter().map(|(n, s)| NewAuthor {
                name: n.clone(),
                share_tenths: (s * 10.0).round() as u32,
                ..Default::default()
            }),
        )
        .await?;
        record_status(txn, id, None, status, None, row.reasons.clone()).await?;
        if status == Status::UnderReview {
            for (k, r) in reviewers.iter().enumerate() {
                let aid = assignment::Entity::insert(assignment::ActiveModel {
                    initiative_id: Set(id),
                    reviewer_id: Set(r.id),
                    created_at: Set(now),
                    ..Default::default()
                })
                .exec(txn)
                .await?
                .last_insert_id;
                // The first reviewer has already scored every other entry under review.
                if k == 0 && i % 2 == 0 {
                    demo_sheet(txn, aid, current, i).await?;
                }
            }
        }
    }
    Ok(())
}

async fn demo_sheet(
    txn: &impl ConnectionTrait,
    assignment_id: i64,
    campaign_id: i64,
    seed: usize,
) -> Result<()> {
    let criteria = catalog::criteria(txn, campaign_id).await?;
    let points: Vec<u32> = criteria
        .iter()
        .map(|c| c.max_points * (70 + (seed as u32 * 7) % 25) / 100)
        .collect();
    let sheet = score_sheet::Entity::insert(score_sheet::ActiveModel {
        assignment_id: Set(assignment_id),
        total: Set(points.iter().sum::<u32>() as i32),
        weighted_total: Set(Some(points.iter().sum::<u32>() as f64)),
        submitted_at: Set(time::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?
    .last_insert_id;
    for (c, p) in criteria.iter().zip(points) {
        sheet_score::Entity::insert(sheet_score::ActiveModel {
            sheet_id: Set(sheet),
            criterion_id: Set(c.id),
            points: Set(p as i32),
            comment: Set("Giải pháp có cơ sở, số liệu hiệu quả cần được xác nhận thêm.".into()),
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}
