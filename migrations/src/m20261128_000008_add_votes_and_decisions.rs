//! The council's vote and its decisions. A secret ballot keeps who voted (`vote_roll`, no choice) apart
//! from the counts (`vote_tallies`), so no row links a member to a vote. Decisions wait in `decisions`
//! until the secretary publishes the campaign's announcement.
use crate::m20261127_000001_create_core::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Initiatives {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum VoteRoll {
    Table,
    InitiativeId,
    MemberId,
    Choice,
    CastAt,
}
#[derive(DeriveIden)]
enum VoteTallies {
    Table,
    InitiativeId,
    Agree,
    Disagree,
}
#[derive(DeriveIden)]
enum Decisions {
    Table,
    InitiativeId,
    Outcome,
    Level,
    Award,
    Reasons,
    DecisionNo,
    DecidedOn,
    Score,
    CalibratedScore,
    Comment,
    Agree,
    Disagree,
    Entitled,
    DecidedBy,
    CreatedAt,
    PublishedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(VoteRoll::Table)
                .col(
                    ColumnDef::new(VoteRoll::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(VoteRoll::MemberId).big_integer().not_null())
                .col(ColumnDef::new(VoteRoll::Choice).boolean().null())
                .col(
                    ColumnDef::new(VoteRoll::CastAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(VoteRoll::InitiativeId)
                        .col(VoteRoll::MemberId),
                )
                .foreign_key(&mut fk(
                    "fk_vote_roll_initiative",
                    (VoteRoll::Table, VoteRoll::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_vote_roll_member",
                    (VoteRoll::Table, VoteRoll::MemberId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(VoteTallies::Table)
                .col(
                    ColumnDef::new(VoteTallies::InitiativeId)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(VoteTallies::Agree)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(VoteTallies::Disagree)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .foreign_key(&mut fk(
                    "fk_vote_tallies_initiative",
                    (VoteTallies::Table, VoteTallies::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Decisions::Table)
                .col(
                    ColumnDef::new(Decisions::InitiativeId)
                        .big_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Decisions::Outcome).string_len(20).not_null())
                .col(ColumnDef::new(Decisions::Level).string_len(20).null())
                .col(ColumnDef::new(Decisions::Award).string_len(300).null())
                .col(ColumnDef::new(Decisions::Reasons).text().null())
                .col(ColumnDef::new(Decisions::DecisionNo).string_len(100).null())
                .col(ColumnDef::new(Decisions::DecidedOn).date().not_null())
                .col(ColumnDef::new(Decisions::Score).double().null())
                .col(ColumnDef::new(Decisions::CalibratedScore).double().null())
                .col(ColumnDef::new(Decisions::Comment).text().null())
                .col(ColumnDef::new(Decisions::Agree).integer().not_null())
                .col(ColumnDef::new(Decisions::Disagree).integer().not_null())
                .col(ColumnDef::new(Decisions::Entitled).integer().not_null())
                .col(ColumnDef::new(Decisions::DecidedBy).big_integer().null())
                .col(
                    ColumnDef::new(Decisions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Decisions::PublishedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    "fk_decisions_initiative",
                    (Decisions::Table, Decisions::InitiativeId),
                    (Initiatives::Table, Initiatives::Id),
                    ForeignKeyAction::Cascade,
                ))
                .check(Expr::col(Decisions::Outcome).is_in(["recognised", "refused"]))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Decisions::Table.into_iden(),
            VoteTallies::Table.into_iden(),
            VoteRoll::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
