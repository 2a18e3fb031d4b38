//! Campaigns as the change cells of the table need them: one to announce, one whose summing-up
//! has a list to edit and issue.
use crate::world::{Campaign, World};

impl World {
    /// A new campaign as a change of `route` needs it: with a decided entry to announce, or with
    /// a summing-up list built (one proposal, on a unit), or as `campaign(false)`.
    pub(crate) async fn campaign_for(&self, route: &str) -> Campaign {
        match route {
            "POST /api/cong-bo" => self.campaign(true).await,
            "POST /api/sua-de-nghi-khen-thuong"
            | "POST /api/bo-de-nghi-khen-thuong"
            | "POST /api/ban-hanh-khen-thuong" => {
                use domain::entities::{commendation, summing_up};
                use sea_orm::{ActiveModelTrait, ActiveValue::Set};
                let mut c = self.campaign(false).await;
                let db = &self.app.ctx.services.db;
                let now = domain::time::now();
                summing_up::ActiveModel {
                    campaign_id: Set(c.id),
                    individual_level: Set("cap_tinh".into()),
                    individual_share_tenths: Set(0),
                    collective_count: Set(3),
                    collective_level: Set("co_so".into()),
                    built_at: Set(Some(now)),
                    issued_at: Set(None),
                    issued_by: Set(None),
                    updated_at: Set(now),
                }
                .insert(db)
                .await
                .unwrap();
                c.proposal = commendation::ActiveModel {
                    campaign_id: Set(c.id),
                    position: Set(1),
                    kind: Set("collective".into()),
                    name: Set("Xã Mường Bám".into()),
                    unit_id: Set(None),
                    user_id: Set(None),
                    award: Set("Bằng khen của Chủ tịch UBND tỉnh".into()),
                    note: Set(None),
                    basis: Set("[]".into()),
                    ..Default::default()
                }
                .insert(db)
                .await
                .unwrap()
                .id;
                c
            }
            _ => self.campaign(false).await,
        }
    }
}
