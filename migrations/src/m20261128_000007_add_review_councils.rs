//! Review councils (issue 4): per-campaign review settings and phases, the rubric's version, criteria
//! weights and comment rules, council members, conflicts of interest, score-sheet drafts, flag resolutions,
//! and the hash-chained audit log with its head row.
use crate::m20261127_000001_create_core::{fk, id};
use crate::m20261128_000001_add_application_form::{add_column, drop_column};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Initiatives {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Aggregation,
    PassMark,
    ProvincialMark,
    ReviewersPerEntry,
    BlindReview,
    SecretBallot,
    VoteNumerator,
    VoteDenominator,
    SpreadPct,
    OutlierSd,
    RankBy,
    RubricVersion,
    AnnouncedAt,
}
#[derive(DeriveIden)]
enum Criteria {
    Table,
    Weight,
    CommentRule,
    Description,
}
#[derive(DeriveIden)]
enum ScoreSheets {
    Table,
    RubricVersion,
    WeightedTotal,
}
#[derive(DeriveIden)]
enum ScoreDrafts {
    Table,
    AssignmentId,
    Payload,
    UpdatedAt,
}
#[derive(DeriveIden)]
enum CampaignPhases {
    Table,
    CampaignId,
    Phase,
    StartsAt,
    EndsAt,
}
#[derive(DeriveIden)]
enum CouncilMembers {
    Table,
    CampaignId,
    UserId,
    Role,
}
#[derive(DeriveIden)]
enum Conflicts {
    Table,
    Id,
    InitiativeId,
    UserId,
    Kind,
    Reason,
    ActorId,
    CreatedAt,
}
#[derive(DeriveIden)]
enum FlagResolutions {
    Table,
    Id,
    InitiativeId,
    Flags,
    Note,
    ActorId,
    CreatedAt,
}
#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Entity,
    EntityId,
    Action,
    Before,
    After,
    Reason,
    PrevHash,
    Hash,
}
#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastId,
    LastHash,
}

/// The hash before the first record of the audit chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn campaign_columns() -> Vec<ColumnDef> {
    use Campaigns as C;
    vec![
        ColumnDef::new(C::Aggregation)
            .string_len(20)
            .not_null()
            .default("mean")
            .to_owned(),
        ColumnDef::new(C::PassMark)
            .double()
            .not_null()
            .default(50.0)
            .to_owned(),
        ColumnDef::new(C::ProvincialMark)
            .double()
            .not_null()
            .default(80.0)
            .to_owned(),
        ColumnDef::new(C::ReviewersPerEntry)
            .integer()
            .not_null()
            .default(3)
            .to_owned(),
        ColumnDef::new(C::BlindReview)
            .boolean()
            .not_null()
            .default(false)
            .to_owned(),
        ColumnDef::new(C::SecretBallot)
            .boolean()
            .not_null()
            .default(false)
            .to_owned(),
        ColumnDef::new(C::VoteNumerator)
            .integer()
            .not_null()
            .default(2)
            .to_owned(),
        ColumnDef::new(C::VoteDenominator)
            .integer()
            .not_null()
            .default(3)
            .to_owned(),
        ColumnDef::new(C::SpreadPct)
            .integer()
            .not_null()
            .default(30)
            .to_owned(),
        ColumnDef::new(C::OutlierSd)
            .double()
            .not_null()
            .default(2.0)
            .to_owned(),
        ColumnDef::new(C::RankBy)
            .string_len(20)
            .not_null()
            .default("raw")
            .to_owned(),
        ColumnDef::new(C::RubricVersion)
            .integer()
            .not_null()
            .default(1)
            .to_owned(),
        ColumnDef::new(C::AnnouncedAt)
            .timestamp_with_time_zone()
            .null()
            .to_owned(),
    ]
}

fn criteria_columns() -> Vec<ColumnDef> {
    use Criteria as C;
    vec![
        ColumnDef::new(C::Weight)
            .double()
            .not_null()
            .default(1.0)
            .to_owned(),
        ColumnDef::new(C::CommentRule)
            .string_len(20)
            .not_null()
            .default("always")
            .to_owned(),
        ColumnDef::new(C::Description)
            .text()
            .not_null()
            .default("")
            .to_owned(),
    ]
}

fn sheet_columns() -> Vec<ColumnDef> {
    vec![
        ColumnDef::new(ScoreSheets::RubricVersion)
            .integer()
            .not_null()
            .default(1)
            .to_owned(),
        ColumnDef::new(ScoreSheets::WeightedTotal)
            .double()
            .null()
            .to_owned(),
    ]
}

fn created_at(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in campaign_columns() {
            add_column(m, Campaigns::Table, col).await?;
        }
        for col in criteria_columns() {
            add_column(m, Criteria::Table, col).await?;
        }
        for col in sheet_columns() {
            add_column(m, ScoreSheets::Table, col).await?;
        }
        m.create_table(
            Table::create()
                .table(ScoreDrafts::Table)
                .col(
                    ColumnDef::new(ScoreDrafts::AssignmentId)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ScoreDrafts::Payload).text().not_null())
                .col(created_at(ScoreDrafts::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_score_drafts_assignment",
                    (ScoreDrafts::Table, ScoreDrafts::AssignmentId),
                    (Assignments::Table, Assignments::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CampaignPhases::Table)
                .col(
                    ColumnDef::new(CampaignPhases::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CampaignPhases::Phase)
                        .string_len(20)
                        .not_null(),
                )
                .col(created_at(CampaignPhases::StartsAt))
                .col(created_at(CampaignPhases::EndsAt))
                .primary_key(
                    Index::create()
                        .col(CampaignPhases::CampaignId)
                        .col(CampaignPhases::Phase),
                )
                .foreign_key(&mut fk(
                    "fk_phases_campaign",
                    (CampaignPhases::Table, CampaignPhases::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(Expr::col(CampaignPhases::Phase).is_in([
                    "screening",
                    "review",
                    "vote",
                    "announcement",
                ]))
                .check(Expr::col(CampaignPhases::StartsAt).lt(Expr::col(CampaignPhases::EndsAt)))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CouncilMembers::Table)
                .col(
                    ColumnDef::new(CouncilMembers::CampaignId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CouncilMembers::UserId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CouncilMembers::Role)
                        .string_len(20)
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(CouncilMembers::CampaignId)
                        .col(CouncilMembers::UserId),
                )
                .foreign_key(&mut fk(
                    "fk_council_campaign",
                    (CouncilMembers::Table, CouncilMembers::CampaignId),
                    (Campaigns::Table, Campaigns::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_council_user",
                    (CouncilMembers::Table, CouncilMembers::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(Expr::col(CouncilMembers::Role).is_in([
                    "chair",
                    "vice_chair",
                    "secretary",
                    "member",
                    "expert",
                    "union_rep",
                ]))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Conflicts::Table)
                .col(id(Conflicts::Id))
                .col(
                    ColumnDef::new(Conflicts::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Conflicts::UserId).big_integer().not_null())
                .col(ColumnDef::new(Conflicts::Kind).string_len(20).not_null())
                .col(ColumnDef::new(Conflicts::Reason).text().not_null())
                .col(ColumnDef::new(Conflicts::ActorId).big_integer().null())
                .col(created_at(Conflicts::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_conflicts_initiative",
                    (Conflicts::Table, Conflicts::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_conflicts_user",
                    (Conflicts::Table, Conflicts::UserId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .index(
                    Index::create()
                        .name("ux_conflicts_entry_user_kind")
                        .col(Conflicts::InitiativeId)
                        .col(Conflicts::UserId)
                        .col(Conflicts::Kind)
                        .unique(),
                )
                .check(Expr::col(Conflicts::Kind).is_in(["declared", "override"]))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(FlagResolutions::Table)
                .col(id(FlagResolutions::Id))
                .col(
                    ColumnDef::new(FlagResolutions::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(FlagResolutions::Flags).text().not_null())
                .col(ColumnDef::new(FlagResolutions::Note).text().not_null())
                .col(
                    ColumnDef::new(FlagResolutions::ActorId)
                        .big_integer()
                        .null(),
                )
                .col(created_at(FlagResolutions::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_flag_resolutions_initiative",
                    (FlagResolutions::Table, FlagResolutions::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        // The audit log has no foreign keys on purpose: its records outlive what they describe.
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(id(AuditLog::Id))
                .col(ColumnDef::new(AuditLog::At).big_integer().not_null())
                .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                .col(ColumnDef::new(AuditLog::Entity).string_len(40).not_null())
                .col(ColumnDef::new(AuditLog::EntityId).big_integer().not_null())
                .col(ColumnDef::new(AuditLog::Action).string_len(40).not_null())
                .col(ColumnDef::new(AuditLog::Before).text().null())
                .col(ColumnDef::new(AuditLog::After).text().null())
                .col(ColumnDef::new(AuditLog::Reason).text().null())
                .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_entity")
                .table(AuditLog::Table)
                .col(AuditLog::Entity)
                .col(AuditLog::EntityId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditHead::Table)
                .col(
                    ColumnDef::new(AuditHead::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(AuditHead::LastId).big_integer().not_null())
                .col(
                    ColumnDef::new(AuditHead::LastHash)
                        .string_len(64)
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(AuditHead::Table)
                .columns([AuditHead::Id, AuditHead::LastId, AuditHead::LastHash])
                .values_panic([1.into(), 0i64.into(), GENESIS_HASH.into()])
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditHead::Table.into_iden(),
            AuditLog::Table.into_iden(),
            FlagResolutions::Table.into_iden(),
            Conflicts::Table.into_iden(),
            CouncilMembers::Table.into_iden(),
            CampaignPhases::Table.into_iden(),
            ScoreDrafts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for col in sheet_columns() {
            drop_column(m, ScoreSheets::Table, Alias::new(col.get_column_name())).await?;
        }
        for col in criteria_columns() {
            drop_column(m, Criteria::Table, Alias::new(col.get_column_name())).await?;
        }
        for col in campaign_columns() {
            drop_column(m, Campaigns::Table, Alias::new(col.get_column_name())).await?;
        }
        Ok(())
    }
}
