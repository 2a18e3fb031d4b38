//! The audit log viewer (`admin::audit_view`) filters by who acted, by action and by time, newest
//! first: an index for each, so a long log is not read whole for one page.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in [
            ("idx_audit_log_actor", vec![AuditLog::ActorId, AuditLog::Id]),
            ("idx_audit_log_action", vec![AuditLog::Action, AuditLog::Id]),
            ("idx_audit_log_at", vec![AuditLog::At]),
        ] {
            let mut index = Index::create();
            index.name(name).table(AuditLog::Table);
            for c in cols {
                index.col(c);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in [
            "idx_audit_log_actor",
            "idx_audit_log_action",
            "idx_audit_log_at",
        ] {
            m.drop_index(Index::drop().name(name).table(AuditLog::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
