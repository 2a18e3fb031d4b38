//! The walking skeleton's tables: accounts, sessions, organisations, campaigns with rubric, initiatives
//! and authors, review (assignments, score sheets), status history, case numbers and the search outbox.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    FullName,
    PasswordHash,
    CreatedAt,
}
#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    Role,
}
#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
}
#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    Code,
    Name,
    Kind,
    ParentId,
    ValidFrom,
    ValidTo,
    SuccessorId,
}
#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Name,
    Year,
    OpensAt,
    ClosesAt,
    Description,
}
#[derive(DeriveIden)]
enum Criteria {
    Table,
    Id,
    CampaignId,
    Code,
    Name,
    MaxPoints,
    Position,
    Bands,
}
#[derive(DeriveIden)]
enum Initiatives {
    Table,
    Id,
    Code,
    ExternalId,
    CampaignId,
    OwnerId,
    Title,
    Summary,
    Description,
    SolutionType,
    Pillar,
    Sector,
    UnitId,
    Status,
    SubmittedAt,
    DueOn,
    Level,
    Score,
    DecidedOn,
    DecisionNo,
    RefusalReasons,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum Authors {
    Table,
    Id,
    InitiativeId,
    Position,
    Name,
    ShareTenths,
}
#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
    InitiativeId,
    ReviewerId,
    CreatedAt,
}
#[derive(DeriveIden)]
enum ScoreSheets {
    Table,
    Id,
    AssignmentId,
    Total,
    SubmittedAt,
}
#[derive(DeriveIden)]
enum SheetScores {
    Table,
    SheetId,
    CriterionId,
    Points,
    Comment,
}
#[derive(DeriveIden)]
enum StatusHistory {
    Table,
    Id,
    InitiativeId,
    FromStatus,
    ToStatus,
    ActorId,
    ActorRole,
    Note,
    At,
}
#[derive(DeriveIden)]
enum CaseCounters {
    Table,
    Year,
    Last,
}
#[derive(DeriveIden)]
enum SearchOutbox {
    Table,
    Id,
    InitiativeId,
    CreatedAt,
}
#[derive(DeriveIden)]
enum FormStash {
    Table,
    Id,
    UserId,
    Payload,
    CreatedAt,
}

pub(crate) fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

pub(crate) fn fk(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                .col(
                    ColumnDef::new(Users::Email)
                        .string_len(254)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Users::FullName).string_len(120).not_null())
                .col(ColumnDef::new(Users::PasswordHash).string().not_null())
                .col(
                    ColumnDef::new(Users::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(ColumnDef::new(UserRoles::UserId).big_integer().not_null())
                .col(ColumnDef::new(UserRoles::Role).string_len(20).not_null())
                .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
                .foreign_key(&mut fk(
                    "fk_user_roles_user",
                    (UserRoles::Table, UserRoles::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(Expr::col(UserRoles::Role).is_in([
                    "submitter",
                    "reviewer",
                    "secretary",
                    "admin",
                ]))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(
                    ColumnDef::new(Sessions::Id)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Sessions::UserId).big_integer().not_null())
                .col(
                    ColumnDef::new(Sessions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Sessions::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_sessions_user",
                    (Sessions::Table, Sessions::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Units::Table)
                .col(id(Units::Id))
                .col(
                    ColumnDef::new(Units::Code)
                        .string_len(80)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Units::Name).string_len(200).not_null())
                .col(ColumnDef::new(Units::Kind).string_len(20).not_null())
                .col(ColumnDef::new(Units::ParentId).big_integer().null())
                .col(ColumnDef::new(Units::ValidFrom).date().null())
                .col(ColumnDef::new(Units::ValidTo).date().null())
                .col(ColumnDef::new(Units::SuccessorId).big_integer().null())
                .foreign_key(&mut fk(
                    "fk_units_parent",
                    (Units::Table, Units::ParentId),
                    (Units::Table, Units::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_units_successor",
                    (Units::Table, Units::SuccessorId),
                    (Units::Table, Units::Id),
                    ForeignKeyAction::SetNull,
                ))
                .check(Expr::col(Units::Kind).is_in([
                    "province",
                    "department",
                    "district",
                    "commune",
                    "enterprise",
                    "other",
                ]))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Campaigns::Table)
                .col(id(Campaigns::Id))
                .col(
                    ColumnDef::new(Campaigns::Name)
                        .string_len(300)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Campaigns::Year).integer().not_null())
                .col(
                    ColumnDef::new(Campaigns::OpensAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Campaigns::ClosesAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Campaigns::Description)
                        .text()
                        .not_null()
                        .default(""),
                )
                .check(Expr::col(Campaigns::ClosesAt).gt(Expr::col(Campaigns::OpensAt)))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Criteria::Table)
                .col(id(Criteria::Id))
                .col(
                    ColumnDef::new(Criteria::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Criteria::Code).string_len(60).not_null())
                .col(ColumnDef::new(Criteria::Name).string_len(200).not_null())
                .col(ColumnDef::new(Criteria::MaxPoints).integer().not_null())
                .col(ColumnDef::new(Criteria::Position).integer().not_null())
                .col(
                    ColumnDef::new(Criteria::Bands)
                        .text()
                        .not_null()
                        .default("[]"),
                )
                .foreign_key(&mut fk(
                    "fk_criteria_campaign",
                    (Criteria::Table, Criteria::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .index(
                    Index::create()
                        .name("uq_criteria_campaign_code")
                        .col(Criteria::CampaignId)
                        .col(Criteria::Code)
                        .unique(),
                )
                .check(Expr::col(Criteria::MaxPoints).gt(0))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Initiatives::Table)
                .col(id(Initiatives::Id))
                .col(
                    ColumnDef::new(Initiatives::Code)
                        .string_len(20)
                        .null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Initiatives::ExternalId)
                        .string_len(100)
                        .null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Initiatives::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Initiatives::OwnerId).big_integer().null())
                .col(
                    ColumnDef::new(Initiatives::Title)
                        .string_len(300)
                        .not_null(),
                )
                .col(ColumnDef::new(Initiatives::Summary).text().not_null())
                .col(ColumnDef::new(Initiatives::Description).text().not_null())
                .col(
                    ColumnDef::new(Initiatives::SolutionType)
                        .string_len(30)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Initiatives::Pillar)
                        .string_len(30)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Initiatives::Sector)
                        .string_len(30)
                        .not_null(),
                )
                .col(ColumnDef::new(Initiatives::UnitId).big_integer().not_null())
                .col(
                    ColumnDef::new(Initiatives::Status)
                        .string_len(20)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Initiatives::SubmittedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(Initiatives::DueOn).date().null())
                .col(ColumnDef::new(Initiatives::Level).string_len(20).null())
                .col(ColumnDef::new(Initiatives::Score).double().null())
                .col(ColumnDef::new(Initiatives::DecidedOn).date().null())
                .col(
                    ColumnDef::new(Initiatives::DecisionNo)
                        .string_len(60)
                        .null(),
                )
                .col(ColumnDef::new(Initiatives::RefusalReasons).text().null())
                .col(
                    ColumnDef::new(Initiatives::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Initiatives::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_initiatives_campaign",
                    (Initiatives::Table, Initiatives::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_initiatives_owner",
                    (Initiatives::Table, Initiatives::OwnerId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "fk_initiatives_unit",
                    (Initiatives::Table, Initiatives::UnitId),
                    (Units::Table, Units::Id),
                    ForeignKeyAction::Restrict,
                ))
                .check(Expr::col(Initiatives::Status).is_in([
                    "draft",
                    "submitted",
                    "needs_correction",
                    "accepted",
                    "under_review",
                    "recognised",
                    "refused",
                    "withdrawn",
                ]))
                .check(Expr::col(Initiatives::Pillar).is_in([
                    "chinh_quyen_so",
                    "kinh_te_so",
                    "xa_hoi_so",
                ]))
                .check(Expr::col(Initiatives::SolutionType).is_in([
                    "ky_thuat",
                    "quan_ly",
                    "tac_nghiep",
                    "ung_dung_tien_bo",
                ]))
                .check(
                    Expr::col(Initiatives::Level).is_null().or(
                        Expr::col(Initiatives::Level).is_in(["co_so", "cap_tinh", "toan_quoc"])
                    ),
                )
                // A recognised entry always says at which level.
                .check(
                    Expr::col(Initiatives::Status)
                        .ne("recognised")
                        .or(Expr::col(Initiatives::Level).is_not_null()),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_initiatives_status")
                .table(Initiatives::Table)
                .col(Initiatives::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_initiatives_owner")
                .table(Initiatives::Table)
                .col(Initiatives::OwnerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Authors::Table)
                .col(id(Authors::Id))
                .col(
                    ColumnDef::new(Authors::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Authors::Position).integer().not_null())
                .col(ColumnDef::new(Authors::Name).string_len(120).not_null())
                .col(ColumnDef::new(Authors::ShareTenths).integer().not_null())
                .foreign_key(&mut fk(
                    "fk_authors_initiative",
                    (Authors::Table, Authors::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(
                    Expr::col(Authors::ShareTenths)
                        .gt(0)
                        .and(Expr::col(Authors::ShareTenths).lte(1000)),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Assignments::Table)
                .col(id(Assignments::Id))
                .col(
                    ColumnDef::new(Assignments::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Assignments::ReviewerId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Assignments::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_assignments_initiative",
                    (Assignments::Table, Assignments::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_assignments_reviewer",
                    (Assignments::Table, Assignments::ReviewerId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .index(
                    Index::create()
                        .name("uq_assignments")
                        .col(Assignments::InitiativeId)
                        .col(Assignments::ReviewerId)
                        .unique(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ScoreSheets::Table)
                .col(id(ScoreSheets::Id))
                .col(
                    ColumnDef::new(ScoreSheets::AssignmentId)
                        .big_integer()
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(ScoreSheets::Total).integer().not_null())
                .col(
                    ColumnDef::new(ScoreSheets::SubmittedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_sheets_assignment",
                    (ScoreSheets::Table, ScoreSheets::AssignmentId),
                    (Assignments::Table, Assignments::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SheetScores::Table)
                .col(
                    ColumnDef::new(SheetScores::SheetId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SheetScores::CriterionId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(SheetScores::Points).integer().not_null())
                .col(ColumnDef::new(SheetScores::Comment).text().not_null())
                .primary_key(
                    Index::create()
                        .col(SheetScores::SheetId)
                        .col(SheetScores::CriterionId),
                )
                .foreign_key(&mut fk(
                    "fk_scores_sheet",
                    (SheetScores::Table, SheetScores::SheetId),
                    (ScoreSheets::Table, ScoreSheets::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_scores_criterion",
                    (SheetScores::Table, SheetScores::CriterionId),
                    (Criteria::Table, Criteria::Id),
                    ForeignKeyAction::Restrict,
                ))
                .check(Expr::col(SheetScores::Points).gte(0))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StatusHistory::Table)
                .col(id(StatusHistory::Id))
                .col(
                    ColumnDef::new(StatusHistory::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(StatusHistory::FromStatus)
                        .string_len(20)
                        .null(),
                )
                .col(
                    ColumnDef::new(StatusHistory::ToStatus)
                        .string_len(20)
                        .not_null(),
                )
                .col(ColumnDef::new(StatusHistory::ActorId).big_integer().null())
                .col(
                    ColumnDef::new(StatusHistory::ActorRole)
                        .string_len(20)
                        .not_null(),
                )
                .col(ColumnDef::new(StatusHistory::Note).text().null())
                .col(
                    ColumnDef::new(StatusHistory::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_history_initiative",
                    (StatusHistory::Table, StatusHistory::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_history_actor",
                    (StatusHistory::Table, StatusHistory::ActorId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CaseCounters::Table)
                .col(
                    ColumnDef::new(CaseCounters::Year)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(CaseCounters::Last).integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SearchOutbox::Table)
                .col(id(SearchOutbox::Id))
                .col(
                    ColumnDef::new(SearchOutbox::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SearchOutbox::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        // What a person typed into a form that was refused, kept so the form can be shown again with
        // the text and the errors when JavaScript is off (post → redirect → get). Never a password.
        m.create_table(
            Table::create()
                .table(FormStash::Table)
                .col(
                    ColumnDef::new(FormStash::Id)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(FormStash::UserId).big_integer().null())
                .col(ColumnDef::new(FormStash::Payload).text().not_null())
                .col(
                    ColumnDef::new(FormStash::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_form_stash_user",
                    (FormStash::Table, FormStash::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            FormStash::Table.into_iden(),
            SearchOutbox::Table.into_iden(),
            CaseCounters::Table.into_iden(),
            StatusHistory::Table.into_iden(),
            SheetScores::Table.into_iden(),
            ScoreSheets::Table.into_iden(),
            Assignments::Table.into_iden(),
            Authors::Table.into_iden(),
            Initiatives::Table.into_iden(),
            Criteria::Table.into_iden(),
            Campaigns::Table.into_iden(),
            Units::Table.into_iden(),
            Sessions::Table.into_iden(),
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
