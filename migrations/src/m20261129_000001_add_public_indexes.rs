//! Indexes for public pages at scale (docs/PERFORMANCE.md, 100,000 entries): the newest recognised
//! entries are read in index order (the home page), and the columns that public search filters,
//! counts facets of and sorts by are read from an index alone, never from rows with their texts.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Initiatives {
    Table,
    Id,
    Status,
    CampaignId,
    UnitId,
    Pillar,
    Sector,
    SolutionType,
    Level,
    DecidedOn,
    Score,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_initiatives_latest")
                .table(Initiatives::Table)
                .col(Initiatives::Status)
                .col(Initiatives::DecidedOn)
                .col(Initiatives::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_initiatives_facets")
                .table(Initiatives::Table)
                .col(Initiatives::Status)
                .col(Initiatives::Id)
                .col(Initiatives::CampaignId)
                .col(Initiatives::UnitId)
                .col(Initiatives::Pillar)
                .col(Initiatives::Sector)
                .col(Initiatives::SolutionType)
                .col(Initiatives::Level)
                .col(Initiatives::DecidedOn)
                .col(Initiatives::Score)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ix_initiatives_facets", "ix_initiatives_latest"] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(Initiatives::Table)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
