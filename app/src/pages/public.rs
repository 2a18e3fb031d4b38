//! Public pages: home, search, detail of a recognised initiative.
use super::{param_id, query};
use crate::api::public::{
    PublicDetailDto, ScorecardDto, SearchDto, home_data, public_initiative, search,
};
use crate::components::ui::{
    ApplicationBody, Fact, InitiativeCard, authors_text, error_view, loading,
};
use crate::i18n::{score, t, t_with};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
fn SearchBox(#[prop(optional, into)] q: String) -> impl IntoView {
    view! {
        <form class="search-box" method="get" action="/tim-kiem" role="search">
            <label for="q">{t("search.label")}</label>
            <div class="search-row">
                <input id="q" name="q" type="search" value=q placeholder=t("search.placeholder")/>
                <button type="submit">{t("search.button")}</button>
            </div>
        </form>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| home_data());
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>{t("home.title")}</h1>
            <p class="lead">{t("home.lead")}</p>
            <SearchBox/>
        </section>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) => view! {
                        {d.campaign.map(|c| view! {
                            <section class="campaign" aria-labelledby="dot-hien-tai">
                                <h2 id="dot-hien-tai">{t("home.current")}</h2>
                                <p class="campaign-name">{c.name.clone()}</p>
                                {if c.is_open {
                                    view! { <p>{t_with("home.window", &[("from", c.opens.clone()), ("to", c.closes.clone())])}</p>
                                            <p><a class="button" href="/nop-sang-kien">{t("nav.submit")}</a></p> }.into_any()
                                } else {
                                    view! { <p>{t("home.closed")}</p> }.into_any()
                                }}
                            </section>
                        })}
                        <section class="stats">
                            <div class="stat"><span class="stat-number">{d.submitted}</span><span>{t("home.submitted_count")}</span></div>
                            <div class="stat"><span class="stat-number">{d.recognised}</span><span>{t("home.recognised_count")}</span></div>
                        </section>
                        <section aria-labelledby="moi-cong-nhan">
                            <h2 id="moi-cong-nhan">{t("home.latest")}</h2>
                            {if d.latest.is_empty() {
                                view! { <p>{t("home.none")}</p> }.into_any()
                            } else {
                                view! { <div class="cards">{d.latest.into_iter().map(|item| view! { <InitiativeCard item/> }).collect_view()}</div> }.into_any()
                            }}
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page_link(q: &str, page: usize) -> String {
    let mut s = String::from("/tim-kiem?");
    let enc: String = q
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    s.push_str(&format!("q={enc}&trang={page}"));
    s
}

fn results(d: SearchDto) -> AnyView {
    let heading = if d.q.trim().is_empty() {
        t_with("search.results_all", &[("count", d.total.to_string())])
    } else {
        t_with(
            "search.results",
            &[("count", d.total.to_string()), ("q", d.q.clone())],
        )
    };
    let prev = (d.page > 1).then(|| page_link(&d.q, d.page - 1));
    let next = (d.page < d.pages).then(|| page_link(&d.q, d.page + 1));
    view! {
        <p class="result-count" role="status">{heading}</p>
        {if d.items.is_empty() {
            view! { <p class="notice">{t("search.none")}</p> }.into_any()
        } else {
            view! { <div class="cards">{d.items.into_iter().map(|item| view! { <InitiativeCard item/> }).collect_view()}</div> }.into_any()
        }}
        {(d.pages > 1).then(|| view! {
            <nav class="pager" aria-label=t("search.page").replace("%{page} / %{pages}", "")>
                {prev.map(|h| view! { <a rel="prev" href=h>{t("search.prev")}</a> })}
                <span>{t_with("search.page", &[("page", d.page.to_string()), ("pages", d.pages.to_string())])}</span>
                {next.map(|h| view! { <a rel="next" href=h>{t("search.next")}</a> })}
            </nav>
        })}
    }
    .into_any()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let q = query("q");
    let page = query("trang").parse::<usize>().ok();
    let q2 = q.clone();
    let data = Resource::new(move || (q2.clone(), page), |(q, page)| search(q, page));
    view! {
        <Title text=t("search.title")/>
        <h1>{t("search.title")}</h1>
        <SearchBox q=q/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => results(d),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

/// The council's public scorecard: no reviewer is named.
fn scorecard_view(c: ScorecardDto) -> impl IntoView {
    view! {
        <section aria-labelledby="bang-diem" class="scorecard">
            <h2 id="bang-diem">{t("scorecard.title")}</h2>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{t("council.criterion")}</th>
                    <th scope="col">{t("council.max_points")}</th>
                    <th scope="col">{t("council.weight")}</th>
                    <th scope="col">{t("scorecard.mean_points")}</th>
                </tr></thead>
                <tbody>
                    {c.criteria.iter().map(|(name, max, weight, mean)| view! {
                        <tr>
                            <th scope="row">{name.clone()}</th>
                            <td>{*max}</td>
                            <td>{score(*weight)}</td>
                            <td>{mean.map(score).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <p>
                <strong>{t("council.aggregate_short")} ": "</strong>{c.aggregate.map(score).unwrap_or_else(|| "–".into())} " / " {score(c.scale_max)}
                " · " <strong>{t("council.calibrated")} ": "</strong>{c.calibrated.map(score).unwrap_or_else(|| "–".into())}
            </p>
            {c.comment.map(|text| view! { <p><strong>{t("council.comment")} ": "</strong>{text}</p> })}
        </section>
    }
}

#[component]
pub fn DetailPage() -> impl IntoView {
    let id = param_id();
    let data = Resource::new(move || id, public_initiative);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(PublicDetailDto { initiative: d, scorecard }) => view! {
                        <Title text=d.title.clone()/>
                        <Meta name="description" content=d.summary.clone()/>
                        <Meta property="og:title" content=d.title.clone()/>
                        <Meta property="og:description" content=d.summary.clone()/>
                        <article class="detail">
                            <p class="eyebrow">{d.campaign_name.clone()}</p>
                            <h1>{d.title.clone()}</h1>
                            <p class="lead">{d.summary.clone()}</p>
                            <dl class="facts">
                                <Fact label=t("initiative.unit") value=Some(d.unit_name.clone())/>
                                <Fact label=t("initiative.authors") value=Some(authors_text(&d.authors))/>
                                <Fact label=t("initiative.level") value=d.level.map(|l| t(&l.label_key()))/>
                                <Fact label=t("initiative.score") value=d.score.map(score)/>
                                <Fact label=t("initiative.decided") value=d.decided_on.clone().map(|day| match &d.decision_no { Some(n) => format!("{n}, {day}"), None => day })/>
                                <Fact label=t("initiative.pillar") value=Some(t(&d.pillar.label_key()))/>
                                <Fact label=t("initiative.sector") value=Some(t(&d.sector.label_key()))/>
                                <Fact label=t("initiative.solution_type") value=Some(t(&d.solution_type.label_key()))/>
                                <Fact label=t("initiative.code") value=d.code.clone()/>
                            </dl>
                            <ApplicationBody i=d.clone()/>
                            {scorecard.map(scorecard_view)}
                        </article>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
