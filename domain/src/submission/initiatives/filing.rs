//! Filing an entry and what follows from it on the filer's side: the case number, the status history,
//! the application's rows and authors, and withdrawal.
use super::*;

/// Takes the next case number of a year (SK-2026-0001, SK-2026-0002, …) inside the caller's transaction.
/// The counter row is updated before it is read, so concurrent submissions never share a number.
pub async fn next_case_number(txn: &impl ConnectionTrait, year: i32) -> Result<String> {
    case_counter::Entity::insert(case_counter::ActiveModel {
        year: Set(year),
        last: Set(0),
    })
    .on_conflict(
        OnConflict::column(case_counter::Column::Year)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(txn)
    .await?;
    case_counter::Entity::update_many()
        .col_expr(
            case_counter::Column::Last,
            Expr::col(case_counter::Column::Last).add(1),
        )
        .filter(case_counter::Column::Year.eq(year))
        .exec(txn)
        .await?;
    let row = case_counter::Entity::find_by_id(year)
        .one(txn)
        .await?
        .ok_or_else(|| Error::missing(format_args!("case_counter {year}")))?;
    Ok(format!("SK-{year}-{:04}", row.last))
}

/// Records a status change: history row + outbox row. The caller has already updated the initiative.
pub async fn record_status(
    txn: &impl ConnectionTrait,
    initiative_id: i64,
    from: Option<Status>,
    to: Status,
    actor: Option<(&User, Role)>,
    note: Option<String>,
) -> Result<()> {
    let note_for_people = note.clone();
    status_history::Entity::insert(status_history::ActiveModel {
        initiative_id: Set(initiative_id),
        from_status: Set(from.map(|s| s.code().to_string())),
        to_status: Set(to.code().to_string()),
        actor_id: Set(actor.map(|(u, _)| u.id)),
        actor_role: Set(actor.map(|(_, r)| r.code()).unwrap_or("system").to_string()),
        note: Set(note),
        at: Set(time::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    if let Some((user, _)) = actor {
        crate::accounts::notifications::status_changed(
            txn,
            initiative_id,
            to,
            user,
            note_for_people.as_deref(),
        )
        .await?;
    }
    crate::outbox::enqueue_for_index(txn, initiative_id).await
}

/// Files an initiative: checks the window and the unit, gives the case number and the due date, and
/// stores it with its sections, authors and adopters in one transaction; the draft it came from, if
/// any, goes in the same transaction. Co-authors whose verified email has an account are linked to the entry (others when they verify it).
/// The returned view is the receipt: when this returns, the entry is committed.
pub async fn submit(
    db: &impl TransactionTrait,
    actor: &User,
    input: ValidInitiative,
    from_draft: Option<i64>,
) -> Result<InitiativeView> {
    if !actor.email_verified {
        return Err(Error::field("account", FieldError::EmailNotVerified));
    }
    let txn = crate::db::begin(db).await?;
    let campaign = match catalog::campaign(&txn, input.campaign_id).await {
        Ok(c) => c,
        Err(Error::NotFound) => return Err(Error::field("campaign_id", FieldError::UnknownCode)),
        Err(e) => return Err(e),
    };
    let now = time::now();
    if !campaign.is_open_at(now) {
        return Err(Error::field("campaign_id", FieldError::OutsideWindow));
    }
    let unit = catalog::current_unit_by_code(&txn, &input.unit_code).await?;
    if let Some(draft_id) = from_draft {
        draft::Entity::find_by_id(draft_id)
            .filter(draft::Column::OwnerId.eq(actor.id))
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?;
    }
    let code = next_case_number(&txn, time::case_year(now)).await?;
    let mut am = initiative::ActiveModel {
        code: Set(Some(code)),
        campaign_id: Set(campaign.id),
        owner_id: Set(Some(actor.id)),
        status: Set(Status::Submitted.code().into()),
        submitted_at: Set(Some(now)),
        due_on: Set(Some(time::due_date(now))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_application_columns(&mut am, &input, unit.id)?;
    let id = initiative::Entity::insert(am)
        .exec(&txn)
        .await?
        .last_insert_id;
    store_application_rows(&txn, id, &input).await?;
    crate::accounts::record_consent(&txn, actor.id, "submission", Some(id)).await?;
    if let Some(draft_id) = from_draft {
        crate::submission::attachments::move_to_initiative(&txn, draft_id, id).await?;
        draft::Entity::delete_by_id(draft_id).exec(&txn).await?;
    }
    record_status(
        &txn,
        id,
        None,
        Status::Submitted,
        Some((actor, Role::Submitter)),
        None,
    )
    .await?;
    let view = view_of(
        &txn,
        initiative::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(Error::NotFound)?,
    )
    .await?;
    crate::mail::enqueue(
        &txn,
        crate::mail::receipt(
            &actor.email,
            &actor.full_name,
            &crate::mail::Receipt {
                id: view.id,
                code: view.code.as_deref().unwrap_or_default(),
                title: &view.title,
                campaign: &view.campaign.name,
                submitted_at: view.submitted_at,
                due_on: view.due_on,
                files: view
                    .attachments
                    .iter()
                    .map(|a| (a.file_name.as_str(), a.size_bytes, a.sha256.as_str()))
                    .collect(),
            },
        ),
    )
    .await?;
    crate::submission::corrections::record_version(&txn, &view).await?;
    txn.commit().await?;
    Ok(view)
}

/// Sets the columns of an entry that come from the application form.
pub(crate) fn set_application_columns(
    am: &mut initiative::ActiveModel,
    input: &ValidInitiative,
    unit_id: i64,
) -> Result<()> {
    let new_solution = input
        .section(Section::NewSolution)
        .ok_or(crate::submission::SubmissionError::NoNewSolution)?;
    am.title = Set(text::nfc(input.title.as_str()));
    am.summary = Set(text::nfc(input.summary.as_str()));
    am.description = Set(text::nfc(new_solution.body.as_str()));
    am.description_confidential = Set(new_solution.confidential);
    am.solution_type = Set(input.solution_type.code().into());
    am.pillar = Set(input.pillar.code().into());
    am.sector = Set(input.sector.code().into());
    am.content = Set(Some(input.content.code().into()));
    am.investor = Set(input.investor.as_ref().map(|s| text::nfc(s.as_str())));
    am.state_funds = Set(Some(input.state_funds));
    am.first_applied_on = Set(day_of(input.first_applied_on));
    am.for_collective = Set(input.for_collective);
    am.unit_id = Set(unit_id);
    Ok(())
}

/// Writes the sections (other than the description), authors (linked to accounts by email) and
/// adopters of an entry; a resubmission deletes the old rows first.
pub(crate) async fn store_application_rows(
    txn: &impl ConnectionTrait,
    id: i64,
    input: &ValidInitiative,
) -> Result<()> {
    initiative_section::Entity::delete_many()
        .filter(initiative_section::Column::InitiativeId.eq(id))
        .exec(txn)
        .await?;
    author::Entity::delete_many()
        .filter(author::Column::InitiativeId.eq(id))
        .exec(txn)
        .await?;
    adopter::Entity::delete_many()
        .filter(adopter::Column::InitiativeId.eq(id))
        .exec(txn)
        .await?;
    for s in input
        .sections
        .iter()
        .filter(|s| s.section != Section::NewSolution)
    {
        initiative_section::Entity::insert(initiative_section::ActiveModel {
            initiative_id: Set(id),
            section: Set(s.section.code().into()),
            body: Set(text::nfc(s.body.as_str())),
            confidential: Set(s.confidential),
        })
        .exec(txn)
        .await?;
    }
    for (i, a) in input.authors.iter().enumerate() {
        let email = a.email.as_ref().map(|e| e.as_str().to_string());
        // Only a verified address links: whoever registers someone else's address sees nothing.
        let linked = match &email {
            Some(e) => user::Entity::find()
                .filter(user::Column::Email.eq(e.as_str()))
                .filter(user::Column::EmailVerifiedAt.is_not_null())
                .one(txn)
                .await?
                .map(|u| u.id),
            None => None,
        };
        author::Entity::insert(author::ActiveModel {
            initiative_id: Set(id),
            position: Set(i as i32),
            name: Set(text::nfc(a.name.as_str())),
            share_tenths: Set(a.share_tenths as i32),
            birth_date: Set(a.birth_date.and_then(day_of)),
            workplace: Set(Some(text::nfc(a.workplace.as_str()))),
            job_title: Set(a.position.as_ref().map(|s| text::nfc(s.as_str()))),
            qualification: Set(a.qualification.as_ref().map(|s| text::nfc(s.as_str()))),
            email: Set(email),
            user_id: Set(linked),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    for (i, a) in input.adopters.iter().enumerate() {
        adopter::Entity::insert(adopter::ActiveModel {
            initiative_id: Set(id),
            position: Set(i as i32),
            name: Set(text::nfc(a.name.as_str())),
            birth_date: Set(a.birth_date.and_then(day_of)),
            workplace: Set(text::nfc(a.workplace.as_str())),
            job_title: Set(a.position.as_ref().map(|s| text::nfc(s.as_str()))),
            qualification: Set(a.qualification.as_ref().map(|s| text::nfc(s.as_str()))),
            task: Set(text::nfc(a.task.as_str())),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// The application form as it would be typed to produce this entry (for versions and for the
/// draft of a correction). The declaration and consent are ticked: they were given when filing.
pub fn input_of(v: &InitiativeView) -> types::InitiativeInput {
    let iso = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let mut input = types::InitiativeInput {
        campaign_id: v.campaign.id.to_string(),
        title: v.title.clone(),
        summary: v.summary.clone(),
        solution_type: v.solution_type.code().into(),
        pillar: v.pillar.code().into(),
        sector: v.sector.code().into(),
        content: v.content.map(|c| c.code().to_string()).unwrap_or_default(),
        unit: v.unit.code.clone(),
        investor: v.investor.clone().unwrap_or_default(),
        state_funds: match v.state_funds {
            Some(true) => "co".into(),
            Some(false) => "khong".into(),
            None => String::new(),
        },
        first_applied_on: iso(v.first_applied_on),
        for_collective: if v.for_collective {
            "on".into()
        } else {
            String::new()
        },
        declaration: "on".into(),
        consent: "on".into(),
        ..Default::default()
    };
    for s in &v.sections {
        match s.section {
            Section::FieldProblem => input.field_problem = s.body.clone(),
            Section::KnownSolution => input.known_solution = s.body.clone(),
            Section::NewSolution => input.description = s.body.clone(),
            Section::Applicability => input.applicability = s.body.clone(),
            Section::BenefitsAuthor => input.benefits_author = s.body.clone(),
            Section::BenefitsAdopters => input.benefits_adopters = s.body.clone(),
            Section::Conditions => input.conditions = s.body.clone(),
        }
        if s.confidential {
            input
                .confidential
                .insert(s.section.code().into(), "on".into());
        }
    }
    input.authors = v
        .authors
        .iter()
        .map(|a| types::AuthorInput {
            name: a.name.clone(),
            birth_date: iso(a.birth_date),
            workplace: a.workplace.clone().unwrap_or_default(),
            position: a.job_title.clone().unwrap_or_default(),
            qualification: a.qualification.clone().unwrap_or_default(),
            share: types::format_share(a.share_tenths),
            email: a.email.clone().unwrap_or_default(),
        })
        .collect();
    input.adopters = v
        .adopters
        .iter()
        .map(|a| types::AdopterInput {
            name: a.name.clone(),
            birth_date: iso(a.birth_date),
            workplace: a.workplace.clone(),
            position: a.job_title.clone().unwrap_or_default(),
            qualification: a.qualification.clone().unwrap_or_default(),
            task: a.task.clone(),
        })
        .collect();
    input
}

/// An author of an imported or demo record: name, share, and where known their position and workplace.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewAuthor {
    pub name: String,
    pub share_tenths: u32,
    pub job_title: Option<String>,
    pub workplace: Option<String>,
}

/// Stores the authors table of an initiative (imported and demo records).
pub async fn insert_authors(
    txn: &impl ConnectionTrait,
    initiative_id: i64,
    authors: impl Iterator<Item = NewAuthor>,
) -> Result<()> {
    for (i, a) in authors.enumerate() {
        author::Entity::insert(author::ActiveModel {
            initiative_id: Set(initiative_id),
            position: Set(i as i32),
            name: Set(text::nfc(&a.name)),
            share_tenths: Set(a.share_tenths as i32),
            job_title: Set(a.job_title.map(|t| text::nfc(&t))),
            workplace: Set(a.workplace.map(|w| text::nfc(&w))),
            ..Default::default()
        })
        .exec(txn)
        .await?;
    }
    Ok(())
}

pub use crate::accounts::link_co_author;

/// Whether `user_id` is a co-author linked to the entry by their email.
pub(super) async fn is_linked_author(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    user_id: i64,
) -> Result<bool> {
    Ok(author::Entity::find()
        .filter(author::Column::InitiativeId.eq(initiative_id))
        .filter(author::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some())
}

/// Whether the filer may still withdraw an entry: submitted and not yet decided.
pub fn can_withdraw(status: Status) -> bool {
    matches!(
        status,
        Status::Submitted | Status::NeedsCorrection | Status::Accepted | Status::UnderReview
    )
}

/// The filer withdraws their entry before a decision. Anyone else, or a decided entry, is refused.
/// Whether the filer may still withdraw the entry: by its status, and not once the council's
/// decision is recorded (it then waits for the announcement; withdrawing it would leave a decision
/// without its entry).
pub async fn withdrawable(db: &impl ConnectionTrait, id: i64, status: Status) -> Result<bool> {
    Ok(can_withdraw(status)
        && crate::entities::decision::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none())
}

/// The filer withdraws their entry (`withdrawable`). The entry's row is locked, as `decide` locks
/// it: a decision recorded at the same moment on PostgreSQL either comes first (and the withdrawal is
/// refused) or finds the entry withdrawn.
pub async fn withdraw(db: &impl TransactionTrait, actor: &User, id: i64) -> Result<()> {
    let txn = crate::db::begin(db).await?;
    let m = initiative::Entity::find_by_id(id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(Error::NotFound)?;
    if m.owner_id != Some(actor.id) {
        return Err(Error::NotFound);
    }
    let from = code_of(&m.status, Status::from_code)?;
    if !withdrawable(&txn, m.id, from).await? {
        return Err(Error::field("confirm", FieldError::NotAllowed));
    }
    let mut am: initiative::ActiveModel = m.into();
    am.status = Set(Status::Withdrawn.code().to_string());
    am.updated_at = Set(time::now());
    initiative::Entity::update(am).exec(&txn).await?;
    record_status(
        &txn,
        id,
        Some(from),
        Status::Withdrawn,
        Some((actor, Role::Submitter)),
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
