//! Public pages: home, search, detail of a recognised initiative, units, authors, statistics,
//! open data.
use crate::components::head::{Meta, Title};
use crate::components::islands::SearchInput;
use crate::components::ui::{ApplicationBody, Fact, InitiativeCard, error_view, loading};
use crate::i18n::{score, t, t_with};
use crate::page::{param_id, query, query_value};
use crate::paths;
use crate::public::api::{
    AuthorPageDto, FacetDto, FacetValueDto, PublicDetailDto, ScorecardDto, SearchDto, SearchParams,
    StatisticsDto, UnitPageDto, author_page, home_data, public_initiative, search, statistics_data,
    unit_page,
};
use leptos::prelude::*;
use leptos_meta::Link;

/// The search form. On the search page it carries the active filters and sort along (hidden), so
/// a new query refines the same selection.
#[component]
fn SearchBox(#[prop(optional)] params: SearchParams) -> impl IntoView {
    let keep = params.active_filters();
    let sort = params.sort.clone();
    view! {
        <form class="search-box" method="get" action=paths::search() role="search">
            <label for="q">{t("search.label")}</label>
            <div class="search-row">
                <SearchInput id="q".to_string() value=params.q.clone() placeholder=t("search.placeholder")/>
                <button type="submit">{t("search.button")}</button>
            </div>
            {keep.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            {(!sort.is_empty()).then(|| view! { <input type="hidden" name="sap-xep" value=sort.clone()/> })}
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
                                            <p><a class="button" href=paths::submit()>{t("nav.submit")}</a></p> }.into_any()
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

/// Title of a facet by the address name of its filter.
fn facet_title(param: &str) -> String {
    match param {
        "nam" => t("search.facet.year"),
        "tru-cot" => t("search.facet.pillar"),
        "linh-vuc" => t("search.facet.sector"),
        "loai" => t("search.facet.solution_type"),
        "cap" => t("search.facet.level"),
        "dia-ban" => t("search.facet.place"),
        _ => t("search.facet.unit"),
    }
}

/// Values a facet shows before "more".
const FACET_SHOWN: usize = 8;

fn facet_value(v: FacetValueDto) -> impl IntoView {
    let label = if v.selected {
        t_with("search.remove_filter", &[("label", v.label.clone())])
    } else {
        format!("{} ({})", v.label, v.count)
    };
    view! {
        <li>
            <a href=v.href class:selected=v.selected aria-current=v.selected.then_some("true") aria-label=label>
                <span>{v.label}</span>
                <span class="count">{v.count}</span>
            </a>
        </li>
    }
}

fn facet_view(f: FacetDto) -> impl IntoView {
    let id = format!("loc-{}", f.param);
    let labelled_by = id.clone();
    // A long facet (units) shows its most frequent values; the rest fold away, open when one of
    // them is selected.
    let mut first = f.values;
    let rest = first.split_off(first.len().min(FACET_SHOWN));
    let open_rest = rest.iter().any(|v| v.selected);
    view! {
        <section class="facet" aria-labelledby=labelled_by>
            <h3 id=id>{facet_title(&f.param)}</h3>
            <ul>{first.into_iter().map(facet_value).collect_view()}</ul>
            {(!rest.is_empty()).then(|| {
                let more = t_with("search.more_values", &[("count", rest.len().to_string())]);
                view! {
                    <details open=open_rest>
                        <summary>{more}</summary>
                        <ul>{rest.into_iter().map(facet_value).collect_view()}</ul>
                    </details>
                }
            })}
        </section>
    }
}

fn results(d: SearchDto) -> AnyView {
    let p = d.params.clone();
    let heading = if p.q.trim().is_empty() {
        t_with("search.results_all", &[("count", d.total.to_string())])
    } else {
        t_with(
            "search.results",
            &[("count", d.total.to_string()), ("q", p.q.clone())],
        )
    };
    let prev = (d.page > 1).then(|| p.on_page(d.page - 1));
    let next = (d.page < d.pages).then(|| p.on_page(d.page + 1));
    // The selected filters, each with the link that removes it.
    let chips: Vec<(String, String)> = d
        .facets
        .iter()
        .flat_map(|f| f.values.iter().filter(|v| v.selected))
        .map(|v| (v.label.clone(), v.href.clone()))
        .collect();
    let clear_all = SearchParams {
        q: p.q.clone(),
        sort: p.sort.clone(),
        ..Default::default()
    }
    .href();
    let sort_now = if p.sort.is_empty() {
        "relevance"
    } else {
        p.sort.as_str()
    };
    let sorts = [
        ("relevance", t("search.sort_relevance")),
        ("newest", t("search.sort_newest")),
        ("score", t("search.sort_score")),
    ];
    let sort_links = sorts
        .into_iter()
        .map(|(key, label)| {
            let current = key == sort_now;
            let href = p.sorted(if key == "relevance" { "" } else { key });
            view! { <a href=href aria-current=current.then_some("true") class:current=current>{label}</a> " " }
        })
        .collect_view();
    let facets: Vec<FacetDto> = d
        .facets
        .into_iter()
        .filter(|f| !f.values.is_empty())
        .collect();
    let feed = p.feed_href();
    view! {
        <Link rel="alternate" type_="application/atom+xml" href=feed.clone() title=t("search.follow")/>
        <div class="search-layout">
            <section class="results" aria-labelledby="ket-qua">
                <h2 id="ket-qua" class="result-count" role="status">{heading}</h2>
                // On a phone the filters come after the results: a skip link (shown when focused)
                // and a "Lọc" button beside the sort jump there.
                {(!facets.is_empty()).then(|| view! { <a class="skip-link skip-facets" href="#bo-loc">{t("search.to_facets")}</a> })}
                {(!chips.is_empty()).then(|| view! {
                    <ul class="chips" aria-label=t("search.active")>
                        {chips.into_iter().map(|(label, href)| {
                            let name = t_with("search.remove_filter", &[("label", label.clone())]);
                            view! { <li><a href=href aria-label=name>{label} " ×"</a></li> }
                        }).collect_view()}
                        <li><a href=clear_all class="clear">{t("search.clear_filters")}</a></li>
                    </ul>
                })}
                <div class="sort-row">
                    <nav class="sorts" aria-label=t("search.sort")>
                        <span>{t("search.sort")} ": "</span>
                        {sort_links}
                    </nav>
                    {(!facets.is_empty()).then(|| view! { <a class="button secondary filter-jump" href="#bo-loc">{t("search.filter_button")}</a> })}
                </div>
                {d.fallback.then(|| view! { <p class="notice fallback" role="note">{t("search.fallback")}</p> })}
                {d.all_words.filter(|_| !d.items.is_empty()).map(|n| {
                    let text = if n == 0 {
                        t("search.relaxed_none")
                    } else {
                        t_with("search.relaxed_some", &[("count", n.to_string())])
                    };
                    view! { <p class="notice relaxed" role="note">{text}</p> }
                })}
                {d.suggestion.map(|(q, href)| view! {
                    <p class="did-you-mean">{t("search.did_you_mean")} " " <a href=href>{q}</a> "?"</p>
                })}
                {if d.items.is_empty() {
                    view! { <p class="notice">{t("search.none")}</p> }.into_any()
                } else {
                    view! { <div class="cards">{d.items.into_iter().map(|h| view! { <InitiativeCard item=h.item snippet=h.snippet/> }).collect_view()}</div> }.into_any()
                }}
                <p class="follow"><a href=feed>{t("search.follow")}</a></p>
                {(d.pages > 1).then(|| view! {
                    <nav class="pager" aria-label=t("search.pages")>
                        {prev.map(|h| view! { <a rel="prev" href=h>{t("search.prev")}</a> })}
                        <span>{t_with("search.page", &[("page", d.page.to_string()), ("pages", d.pages.to_string())])}</span>
                        {next.map(|h| view! { <a rel="next" href=h>{t("search.next")}</a> })}
                    </nav>
                })}
            </section>
            {(!facets.is_empty()).then(|| view! {
                <aside class="facets" id="bo-loc" aria-labelledby="bo-loc-tieu-de">
                    <h2 id="bo-loc-tieu-de">{t("search.facets")}</h2>
                    {facets.into_iter().map(facet_view).collect_view()}
                </aside>
            })}
        </div>
    }
    .into_any()
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = SearchParams::from_query(query_value);
    let source = params.clone();
    let data = Resource::new(move || source.clone(), search);
    view! {
        <Title text=t("search.title")/>
        <h1>{t("search.title")}</h1>
        <SearchBox params/>
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
                    Ok(PublicDetailDto { initiative: d, scorecard, similar, url, json_ld }) => view! {
                        <Title text=d.title.clone()/>
                        <Meta name="description" content=d.summary.clone()/>
                        <Meta property="og:type" content="article"/>
                        <Meta property="og:locale" content="vi_VN"/>
                        <Meta property="og:site_name" content=t("site.name")/>
                        <Meta property="og:title" content=d.title.clone()/>
                        <Meta property="og:description" content=d.summary.clone()/>
                        <Meta property="og:url" content=url.clone()/>
                        <Link rel="canonical" href=url/>
                        <script type="application/ld+json" inner_html=json_ld></script>
                        <article class="detail">
                            <p class="eyebrow">{d.campaign_name.clone()}</p>
                            <h1>{d.title.clone()}</h1>
                            <p class="lead">{d.summary.clone()}</p>
                            <dl class="facts">
                                <div class="fact"><dt>{t("initiative.unit")}</dt><dd>
                                    {if d.unit_code.is_empty() {
                                        view! { <span>{d.unit_name.clone()}</span> }.into_any()
                                    } else {
                                        view! { <a href=paths::unit(&d.unit_code)>{d.unit_name.clone()}</a> }.into_any()
                                    }}
                                </dd></div>
                                <div class="fact"><dt>{t("initiative.authors")}</dt><dd>
                                    {d.authors.iter().enumerate().map(|(k, a)| view! {
                                        {(k > 0).then_some(", ")}
                                        <a href=author_href(&a.name)>{a.name.clone()}</a> {format!(" ({}%)", a.share)}
                                    }).collect_view()}
                                </dd></div>
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
                        {(!similar.is_empty()).then(|| view! {
                            <section class="similar" aria-labelledby="tuong-tu">
                                <h2 id="tuong-tu">{t("search.similar")}</h2>
                                <div class="cards">{similar.into_iter().map(|item| view! { <InitiativeCard item/> }).collect_view()}</div>
                            </section>
                        })}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The open-data page: downloads, the feed, the API and its document, and what each field means.
#[component]
pub fn OpenDataPage() -> impl IntoView {
    let fields = [
        ("id", t("opendata.field.id")),
        ("external_id", t("opendata.field.external_id")),
        ("code", t("opendata.field.code")),
        ("campaign", t("opendata.field.campaign")),
        ("year", t("opendata.field.year")),
        ("title", t("opendata.field.title")),
        ("summary", t("opendata.field.summary")),
        ("description", t("opendata.field.description")),
        ("solution_type", t("opendata.field.solution_type")),
        ("pillar", t("opendata.field.pillar")),
        ("sector", t("opendata.field.sector")),
        ("unit", t("opendata.field.unit")),
        ("authors", t("opendata.field.authors")),
        ("level", t("opendata.field.level")),
        ("score", t("opendata.field.score")),
        ("decided_on", t("opendata.field.decided_on")),
        ("url", t("opendata.field.url")),
        ("snippet", t("opendata.field.snippet")),
    ];
    view! {
        <Title text=t("opendata.title")/>
        <Meta name="description" content=t("opendata.lead")/>
        <h1>{t("opendata.title")}</h1>
        <p class="lead">{t("opendata.lead")}</p>
        <h2>{t("opendata.downloads")}</h2>
        <ul class="downloads">
            <li><a href=paths::OPEN_DATA_CSV download>{t("opendata.csv")}</a></li>
            <li><a href=paths::OPEN_DATA_JSON>{t("opendata.json")}</a></li>
            <li><a href=paths::ATOM>{t("opendata.feed")}</a></li>
            <li><a href=paths::API_INITIATIVES>{t("opendata.api")}</a> " (" <a href=paths::API_OPENAPI>"OpenAPI"</a> ")"</li>
        </ul>
        <p>{t("opendata.feed_hint")}</p>
        <h2 id="tu-dien">{t("opendata.dictionary")}</h2>
        <div class="table-wrap"><table>
            <caption class="sr-only">{t("opendata.dictionary")}</caption>
            <thead><tr><th scope="col">{t("opendata.column")}</th><th scope="col">{t("opendata.meaning")}</th></tr></thead>
            <tbody>
                {fields.into_iter().map(|(name, meaning)| view! {
                    <tr><th scope="row"><code>{name}</code></th><td>{meaning}</td></tr>
                }).collect_view()}
            </tbody>
        </table></div>
        <p>{t("opendata.codes")}</p>
        <p>{t("opendata.licence")}</p>
    }
}

/// Counts of solutions by level ("2 cấp tỉnh, 1 cấp cơ sở").
fn level_counts(items: &[&crate::dto::SummaryDto]) -> String {
    let mut parts = Vec::new();
    for level in [
        types::Level::ToanQuoc,
        types::Level::CapTinh,
        types::Level::CoSo,
    ] {
        let n = items.iter().filter(|i| i.level == Some(level)).count();
        if n > 0 {
            parts.push(format!("{n} {}", t(&level.label_key()).to_lowercase()));
        }
    }
    parts.join(", ")
}

/// A unit's recognised solutions (`/don-vi/{code}`).
#[component]
pub fn UnitPage() -> impl IntoView {
    let code = leptos_router::hooks::use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default();
    let data = Resource::new(move || code.clone(), unit_page);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(UnitPageDto { unit, items }) => {
                        let counts = level_counts(&items.iter().collect::<Vec<_>>());
                        view! {
                            <Title text=unit.name.clone()/>
                            <Meta name="description" content=t_with("unit.lead", &[("unit", unit.name.clone())])/>
                            <p class="eyebrow">{t("unit.eyebrow")}</p>
                            <h1>{unit.name.clone()}</h1>
                            {unit.valid_to.clone().map(|day| view! { <p class="notice">{t_with("unit.dissolved", &[("day", day)])}</p> })}
                            <p class="result-count">{t_with("unit.count", &[("count", items.len().to_string())])}
                                {(!counts.is_empty()).then(|| format!(" ({counts})"))}</p>
                            // A commune, ward or district is also a place: the entries of every
                            // unit in it, before and after 1 July 2025.
                            {matches!(unit.kind.as_str(), "commune" | "district").then(|| {
                                let href = types::paths::with_query(&paths::search(), &[("dia-ban", unit.code.as_str())]);
                                view! { <p><a href=href>{t_with("unit.in_place", &[("unit", unit.name.clone())])}</a></p> }
                            })}
                            {if items.is_empty() {
                                view! { <p>{t("unit.none")}</p> }.into_any()
                            } else {
                                view! { <div class="cards">{items.into_iter().map(|item| view! { <InitiativeCard item/> }).collect_view()}</div> }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// An author's recognised solutions, with level, year and share (`/tac-gia?ten=…`).
#[component]
pub fn AuthorPage() -> impl IntoView {
    let name = query("ten");
    let typed = name.clone();
    let data = Resource::new(move || name.clone(), author_page);
    view! {
        <Title text=t("author.title")/>
        <h1>{t("author.title")}</h1>
        <p class="lead">{t("author.lead")}</p>
        <form class="search-box" method="get" action=paths::authors() role="search">
            <label for="ten">{t("author.label")}</label>
            <div class="search-row">
                <input id="ten" name="ten" type="search" value=typed autocomplete="name"/>
                <button type="submit">{t("search.button")}</button>
            </div>
        </form>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    // Nothing asked yet: the form alone.
                    Ok(d) if d.name.is_empty() => ().into_any(),
                    Ok(AuthorPageDto { name, items }) => {
                        let counts = level_counts(&items.iter().map(|(i, _)| i).collect::<Vec<_>>());
                        view! {
                            <h2 class="result-count" role="status">{t_with("author.count", &[("name", name.clone()), ("count", items.len().to_string())])}
                                {(!counts.is_empty()).then(|| format!(" ({counts})"))}</h2>
                            {if items.is_empty() {
                                view! { <p class="notice">{t("author.none")}</p> }.into_any()
                            } else {
                                view! {
                                    <p>{t("author.namesakes")}</p>
                                    <div class="table-wrap"><table>
                                        <caption class="sr-only">{t_with("author.count", &[("name", name.clone()), ("count", items.len().to_string())])}</caption>
                                        <thead><tr>
                                            <th scope="col">{t("author.solution")}</th>
                                            <th scope="col">{t("initiative.level")}</th>
                                            <th scope="col">{t("author.year")}</th>
                                            <th scope="col">{t("initiative.unit")}</th>
                                            <th scope="col">{t("author.share")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {items.into_iter().map(|(i, share)| view! {
                                                <tr>
                                                    <th scope="row"><a href=paths::entry(i.id)>{i.title.clone()}</a></th>
                                                    <td>{i.level.map(|l| t(&l.label_key())).unwrap_or_default()}</td>
                                                    <td>{i.year}</td>
                                                    <td>{i.unit_name.clone()}</td>
                                                    <td>{format!("{share}%")}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></div>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The address of an author's page.
pub fn author_href(name: &str) -> String {
    format!(
        "{}?ten={}",
        paths::authors(),
        types::paths::encode_query(name)
    )
}

/// Title of a statistics chart by its key.
fn chart_title(key: &str) -> String {
    match key {
        "pillar" => t("stats.chart.pillar"),
        "sector" => t("stats.chart.sector"),
        "solution_type" => t("stats.chart.solution_type"),
        "level" => t("stats.chart.level"),
        "year" => t("stats.chart.year"),
        "unit" => t("stats.chart.unit"),
        _ => t("stats.chart.rate"),
    }
}

/// Statistics of recognised solutions (`/thong-ke`): charts drawn on the server, each beside its
/// data table.
#[component]
pub fn StatisticsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| statistics_data());
    view! {
        <Title text=t("stats.title")/>
        <Meta name="description" content=t("stats.lead")/>
        <h1>{t("stats.title")}</h1>
        <p class="lead">{t("stats.lead")}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(StatisticsDto { total, charts, campaigns }) => {
                        // Campaigns still under way have no rate yet: in the table, not the chart.
                        let rate_rows: Vec<(String, f64, String)> = campaigns
                            .iter()
                            .filter_map(|c| {
                                let rate = c.rate.as_ref()?;
                                Some((c.name.clone(), c.recognised as f64 * 100.0 / c.submitted as f64, format!("{rate}%")))
                            })
                            .collect();
                        view! {
                            <p class="stat-total"><strong>{t_with("stats.total", &[("count", total.to_string())])}</strong></p>
                            <section class="chart-block" aria-labelledby="ti-le">
                                <h2 id="ti-le">{t("stats.chart.rate")}</h2>
                                <div class="chart-pair">
                                    {crate::components::chart::bar_chart("bieu-do-ti-le", &t("stats.chart.rate"), &rate_rows)}
                                    <div class="table-wrap"><table>
                                        <caption class="sr-only">{t("stats.chart.rate")}</caption>
                                        <thead><tr>
                                            <th scope="col">{t("stats.campaign")}</th>
                                            <th scope="col">{t("stats.submitted")}</th>
                                            <th scope="col">{t("stats.recognised")}</th>
                                            <th scope="col">{t("stats.rate")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {campaigns.into_iter().map(|c| view! {
                                                <tr>
                                                    <th scope="row">{c.name}</th>
                                                    <td>{c.submitted}</td>
                                                    <td>{c.recognised}</td>
                                                    <td>{match c.rate {
                                                        Some(rate) => format!("{rate}%"),
                                                        None => t("stats.in_progress"),
                                                    }}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table></div>
                                </div>
                            </section>
                            {charts.into_iter().filter(|c| !c.rows.is_empty()).map(|c| {
                                let title = chart_title(&c.key);
                                let anchor = format!("bieu-do-{}", c.key.replace('_', "-"));
                                let heading = format!("{anchor}-h");
                                let labelled_by = heading.clone();
                                let rows: Vec<(String, f64, String)> = c.rows.iter().map(|(l, n)| (l.clone(), *n as f64, n.to_string())).collect();
                                view! {
                                    <section class="chart-block" aria-labelledby=labelled_by>
                                        <h2 id=heading>{title.clone()}</h2>
                                        <div class="chart-pair">
                                            {crate::components::chart::bar_chart(&anchor, &title, &rows)}
                                            <div class="table-wrap"><table>
                                                <caption class="sr-only">{title.clone()}</caption>
                                                <thead><tr>
                                                    <th scope="col">{title.clone()}</th>
                                                    <th scope="col">{t("stats.count")}</th>
                                                </tr></thead>
                                                <tbody>
                                                    {c.rows.into_iter().map(|(label, n)| view! {
                                                        <tr><th scope="row">{label}</th><td>{n}</td></tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table></div>
                                        </div>
                                    </section>
                                }
                            }).collect_view()}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
