//! The legal application form in full (DOMAIN.md §2): campaign content, investor, state funds, date of
//! first application, long sections each of which may be confidential, the authors' particulars, the
//! adopters table, and server-side drafts.
use crate::m20261127_000001_create_core::{fk, id};
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
    Content,
    Investor,
    StateFunds,
    FirstAppliedOn,
    DescriptionConfidential,
    ForCollective,
}
#[derive(DeriveIden)]
enum Authors {
    Table,
    BirthDate,
    Workplace,
    JobTitle,
    Qualification,
    Email,
    UserId,
}
#[derive(DeriveIden)]
enum InitiativeSections {
    Table,
    InitiativeId,
    Section,
    Body,
    Confidential,
}
#[derive(DeriveIden)]
enum Adopters {
    Table,
    Id,
    InitiativeId,
    Position,
    Name,
    BirthDate,
    Workplace,
    JobTitle,
    Qualification,
    Task,
}
#[derive(DeriveIden)]
enum Drafts {
    Table,
    Id,
    OwnerId,
    Title,
    Payload,
    CreatedAt,
    UpdatedAt,
}

/// SQLite takes one column per ALTER TABLE.
pub(crate) async fn add_column(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    col: ColumnDef,
) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(table)
            .add_column(col.to_owned())
            .to_owned(),
    )
    .await
}

pub(crate) async fn drop_column(
    m: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use Initiatives as I;
        for col in [
            ColumnDef::new(I::Content).string_len(40).null().to_owned(),
            ColumnDef::new(I::Investor)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(I::StateFunds).boolean().null().to_owned(),
            ColumnDef::new(I::FirstAppliedOn).date().null().to_owned(),
            ColumnDef::new(I::DescriptionConfidential)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(I::ForCollective)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        ] {
            add_column(m, I::Table, col).await?;
        }
        use Authors as A;
        for col in [
            ColumnDef::new(A::BirthDate).date().null().to_owned(),
            ColumnDef::new(A::Workplace)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(A::JobTitle)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(A::Qualification)
                .string_len(300)
                .null()
                .to_owned(),
            ColumnDef::new(A::Email).string_len(254).null().to_owned(),
            ColumnDef::new(A::UserId).big_integer().null().to_owned(),
        ] {
            add_column(m, A::Table, col).await?;
        }
        m.create_index(
            Index::create()
                .name("ix_authors_user")
                .table(A::Table)
                .col(A::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InitiativeSections::Table)
                .col(
                    ColumnDef::new(InitiativeSections::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(InitiativeSections::Section)
                        .string_len(40)
                        .not_null(),
                )
                .col(ColumnDef::new(InitiativeSections::Body).text().not_null())
                .col(
                    ColumnDef::new(InitiativeSections::Confidential)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .primary_key(
                    Index::create()
                        .col(InitiativeSections::InitiativeId)
                        .col(InitiativeSections::Section),
                )
                .foreign_key(&mut fk(
                    "fk_sections_initiative",
                    (InitiativeSections::Table, InitiativeSections::InitiativeId),
                    (I::Table, I::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Adopters::Table)
                .col(id(Adopters::Id))
                .col(
                    ColumnDef::new(Adopters::InitiativeId)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(Adopters::Position).integer().not_null())
                .col(ColumnDef::new(Adopters::Name).string_len(120).not_null())
                .col(ColumnDef::new(Adopters::BirthDate).date().null())
                .col(
                    ColumnDef::new(Adopters::Workplace)
                        .string_len(300)
                        .not_null(),
                )
                .col(ColumnDef::new(Adopters::JobTitle).string_len(300).null())
                .col(
                    ColumnDef::new(Adopters::Qualification)
                        .string_len(300)
                        .null(),
                )
                .col(ColumnDef::new(Adopters::Task).string_len(300).not_null())
                .foreign_key(&mut fk(
                    "fk_adopters_initiative",
                    (Adopters::Table, Adopters::InitiativeId),
                    (I::Table, I::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Drafts::Table)
                .col(id(Drafts::Id))
                .col(ColumnDef::new(Drafts::OwnerId).big_integer().not_null())
                .col(ColumnDef::new(Drafts::Title).text().not_null())
                .col(ColumnDef::new(Drafts::Payload).text().not_null())
                .col(
                    ColumnDef::new(Drafts::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Drafts::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    "fk_drafts_owner",
                    (Drafts::Table, Drafts::OwnerId),
                    (Users::Table, Users::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_drafts_owner")
                .table(Drafts::Table)
                .col(Drafts::OwnerId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Drafts::Table.into_iden(),
            Adopters::Table.into_iden(),
            InitiativeSections::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("ix_authors_user")
                .table(Authors::Table)
                .to_owned(),
        )
        .await?;
        for c in [
            Authors::UserId.into_iden(),
            Authors::Email.into_iden(),
            Authors::Qualification.into_iden(),
            Authors::JobTitle.into_iden(),
            Authors::Workplace.into_iden(),
            Authors::BirthDate.into_iden(),
        ] {
            drop_column(m, Authors::Table, c).await?;
        }
        for c in [
            Initiatives::ForCollective.into_iden(),
            Initiatives::DescriptionConfidential.into_iden(),
            Initiatives::FirstAppliedOn.into_iden(),
            Initiatives::StateFunds.into_iden(),
            Initiatives::Investor.into_iden(),
            Initiatives::Content.into_iden(),
        ] {
            drop_column(m, Initiatives::Table, c).await?;
        }
        Ok(())
    }
}
