//! Public reading: home page numbers, search, detail. Recognised entries only, for everyone.
use crate::dto::{CampaignDto, InitiativeDto, SummaryDto};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeDto {
    pub campaign: Option<CampaignDto>,
    pub submitted: u64,
    pub recognised: u64,
    pub latest: Vec<SummaryDto>,
}

#[server(endpoint = "trang-chu")]
pub async fn home_data() -> Result<HomeDto, AppError> {
    use crate::ssr::*;
    let db = services()?.db;
    let campaign = domain::catalog::current_campaign(&db)
        .await
        .map_err(map_err)?;
    let counts = domain::initiatives::counts(&db, None)
        .await
        .map_err(map_err)?;
    let latest = domain::initiatives::recognised_latest(&db, 6)
        .await
        .map_err(map_err)?;
    Ok(HomeDto {
        campaign: campaign.map(CampaignDto::from),
        submitted: counts.submitted,
        recognised: counts.recognised,
        latest: latest.into_iter().map(SummaryDto::from).collect(),
    })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchDto {
    pub q: String,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub items: Vec<SummaryDto>,
}

pub const SEARCH_PER_PAGE: usize = 10;

#[server(endpoint = "tim-kiem")]
pub async fn search(q: String, page: Option<usize>) -> Result<SearchDto, AppError> {
    use crate::ssr::*;
    let q: String = q.chars().take(200).collect();
    let result =
        domain::public::search_summaries(&services()?, &q, page.unwrap_or(1), SEARCH_PER_PAGE)
            .await
            .map_err(map_err)?;
    Ok(SearchDto {
        q,
        total: result.total,
        page: result.page,
        pages: result.pages(),
        items: result.items.into_iter().map(SummaryDto::from).collect(),
    })
}

/// The public scorecard: criteria with weights and the mean points given, the aggregate and the
/// calibrated score, the council's comment; never a reviewer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScorecardDto {
    /// (criterion, max points, weight, mean points)
    pub criteria: Vec<(String, u32, f64, Option<f64>)>,
    pub aggregate: Option<f64>,
    pub calibrated: Option<f64>,
    pub comment: Option<String>,
    pub scale_max: f64,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PublicDetailDto {
    pub initiative: InitiativeDto,
    pub scorecard: Option<ScorecardDto>,
}

/// A recognised initiative and its scorecard; `NotFound` for anything not public, whoever asks.
#[server(endpoint = "sang-kien")]
pub async fn public_initiative(id: i64) -> Result<PublicDetailDto, AppError> {
    use crate::ssr::*;
    let db = services()?.db;
    let v = domain::initiatives::public(&db, id)
        .await
        .map_err(map_err)?;
    let card = domain::deliberation::scorecard(&db, id)
        .await
        .map_err(map_err)?;
    Ok(PublicDetailDto {
        initiative: InitiativeDto::from(v),
        scorecard: card.map(|c| ScorecardDto {
            criteria: c.criteria,
            aggregate: c.aggregate,
            calibrated: c.calibrated,
            comment: c.comment,
            scale_max: c.scale_max,
        }),
    })
}
