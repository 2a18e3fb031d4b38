//! Places: which district-level units of before 1 July 2025 the area of a unit lay in. A commune or
//! ward formed on 1 July 2025 names the former district(s) its area came from, so that the public
//! can find the entries of one place across the reform (the old units link to the new ones by
//! `units.successor_id`, and to their district by `parent_id`).
use crate::m20261127_000001_create_core::fk;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum UnitPlaces {
    Table,
    UnitId,
    PlaceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(UnitPlaces::Table)
                .col(ColumnDef::new(UnitPlaces::UnitId).big_integer().not_null())
                .col(ColumnDef::new(UnitPlaces::PlaceId).big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(UnitPlaces::UnitId)
                        .col(UnitPlaces::PlaceId),
                )
                .foreign_key(&mut fk(
                    "fk_unit_places_unit",
                    (UnitPlaces::Table, UnitPlaces::UnitId),
                    (Units::Table, Units::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_unit_places_place",
                    (UnitPlaces::Table, UnitPlaces::PlaceId),
                    (Units::Table, Units::Id),
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(UnitPlaces::Table).to_owned())
            .await
    }
}
