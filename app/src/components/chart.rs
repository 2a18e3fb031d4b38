//! Charts drawn on the server (SVG, no JavaScript), each shown beside the table of its data: the
//! table is what a screen reader and a phone read in full; the picture carries a title and a
//! description.
use crate::i18n::t;
use leptos::prelude::*;

/// A horizontal bar chart drawn on the server (SVG, no JavaScript): one bar per row under its
/// label, the value at the bar's end. Narrow enough to stay legible on a 360 px phone; long labels
/// are shortened in the picture, and the table beside it has them whole.
pub fn bar_chart(id: &str, title: &str, rows: &[(String, f64, String)]) -> AnyView {
    const WIDTH: f64 = 340.0;
    const BAR: f64 = 270.0;
    const ROW: f64 = 42.0;
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1.0);
    let height = ROW * rows.len().max(1) as f64 + 4.0;
    let title_id = format!("{id}-tieu-de");
    let desc_id = format!("{id}-mo-ta");
    let labelled_by = format!("{title_id} {desc_id}");
    let short = |s: &str| {
        if s.chars().count() > 46 {
            format!("{}…", s.chars().take(45).collect::<String>())
        } else {
            s.to_string()
        }
    };
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=labelled_by
            preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
            <title id=title_id>{title.to_string()}</title>
            <desc id=desc_id>{t("stats.chart_desc")}</desc>
            {rows.iter().enumerate().map(|(k, (label, value, shown))| {
                let y = ROW * k as f64;
                let w = (value / max * BAR).max(if *value > 0.0 { 2.0 } else { 0.0 });
                view! {
                    <g>
                        <text x="0" y=y + 15.0 class="chart-label">{short(label)}</text>
                        <rect x="0" y=y + 20.0 width=format!("{w:.1}") height="16" rx="3" class="chart-bar"></rect>
                        <text x=w + 6.0 y=y + 33.0 class="chart-value">{shown.clone()}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

/// A column chart of counts over days (filings per day): one column per day, the first and last
/// day written under the axis, the largest count at the top. The table beside it has every day.
pub fn day_chart(id: &str, title: &str, desc: &str, days: &[(String, u32)]) -> AnyView {
    const WIDTH: f64 = 340.0;
    const HEIGHT: f64 = 120.0;
    const AXIS: f64 = 18.0;
    let max = days.iter().map(|d| d.1).max().unwrap_or(0).max(1) as f64;
    let n = days.len().max(1) as f64;
    let step = WIDTH / n;
    let bar = (step * 0.8).max(1.0);
    let title_id = format!("{id}-tieu-de");
    let desc_id = format!("{id}-mo-ta");
    let labelled_by = format!("{title_id} {desc_id}");
    let first = days.first().map(|d| d.0.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.0.clone()).unwrap_or_default();
    view! {
        <svg class="chart day-chart" viewBox=format!("0 0 {WIDTH} {}", HEIGHT + AXIS + 14.0) role="img" aria-labelledby=labelled_by
            preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
            <title id=title_id>{title.to_string()}</title>
            <desc id=desc_id>{desc.to_string()}</desc>
            <text x="0" y="10" class="chart-value">{format!("{}", max as u32)}</text>
            {days.iter().enumerate().map(|(k, (_, count))| {
                let h = *count as f64 / max * (HEIGHT - 14.0);
                let x = step * k as f64;
                view! {
                    <rect x=format!("{x:.1}") y=format!("{:.1}", 14.0 + HEIGHT - 14.0 - h) width=format!("{bar:.1}") height=format!("{h:.1}") class="chart-bar"></rect>
                }
            }).collect_view()}
            <line x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT class="chart-axis"></line>
            <text x="0" y=HEIGHT + AXIS class="chart-label">{first}</text>
            <text x=WIDTH y=HEIGHT + AXIS text-anchor="end" class="chart-label">{last}</text>
        </svg>
    }
    .into_any()
}
