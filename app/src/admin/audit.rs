//! The audit log's viewer (administrators): the chain check, whose first broken record it opens,
//! and the records filtered by who acted, the entry, the kind, the action and the days, newest
//! first a page at a time. A GET form: the filters stay in the address.
use crate::admin::api::{AuditLogDto, AuditRowDto, audit_log};
use crate::components::forms::{ErrorSummary, SelectField, TextField};
use crate::components::head::Title;
use crate::components::ui::{error_view, loading};
use crate::dto::FormStateDto;
use crate::i18n::{t, t_with};
use crate::page::query;
use crate::paths;
use leptos::prelude::*;
use types::form::AuditQuery;

/// The filters' names in the address, as the form sends them.
const FILTERS: [&str; 7] = ["actor", "entry", "kind", "action", "from", "to", "record"];

/// A label from the locale files, or the code itself where none is written (a kind of record or
/// an action the viewer does not know yet still shows).
fn label_or_code(prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    let label = t(&key);
    if label == key { code.to_owned() } else { label }
}

/// The chain check: its verdict when asked (it reads every record), else the button that asks.
fn check_part(d: &AuditLogDto) -> impl IntoView + use<> {
    let Some(c) = d.check.clone() else {
        return view! {
            <form method="get" action=paths::audit()>
                <input type="hidden" name="kiem-tra" value="1"/>
                <button type="submit" class="secondary">{t("audit.check")}</button>
            </form>
        }
        .into_any();
    };
    if c.intact {
        return view! { <p class="notice notice-ok" role="status">{t_with("audit.intact", &[("n", c.records.to_string())])}</p> }.into_any();
    }
    let id = c.broken_at.unwrap_or_default();
    let problem = c.problem.clone().unwrap_or_default();
    // The newest records removed: no record to open, the log ends before it.
    let open = (problem != "truncated").then(|| {
        let href = types::paths::with_query(&paths::audit(), &[("record", &id.to_string())]);
        view! { <p><a href=href>{t_with("audit.open_broken", &[("id", id.to_string())])}</a></p> }
    });
    view! {
        <div class="notice notice-error" role="alert">
            <p>{t_with("audit.broken", &[
                ("id", id.to_string()),
                ("problem", t(&format!("audit.problem_{problem}"))),
            ])}</p>
            {open}
        </div>
    }
    .into_any()
}

fn filters_part(d: &AuditLogDto, q: &AuditQuery) -> impl IntoView + use<> {
    let f = FormStateDto {
        values: vec![],
        errors: d.errors.clone(),
    };
    let kinds: Vec<(String, String)> = d
        .kinds
        .iter()
        .map(|k| (k.clone(), label_or_code("audit_entity", k)))
        .collect();
    let actions: Vec<(String, String)> = d
        .actions
        .iter()
        .map(|a| (a.clone(), label_or_code("audit_action", a)))
        .collect();
    view! {
        <ErrorSummary form=f.clone()/>
        <form method="get" action=paths::audit() class="filters audit-filters">
            <TextField name="actor" label=t("audit.actor") value=q.actor.clone() hint=t("audit.actor_hint") error=f.error("actor")/>
            <TextField name="entry" label=t("audit.entry") kind="number" value=q.entry.clone() error=f.error("entry")/>
            <SelectField name="kind" label=t("audit.kind") options=kinds value=q.kind.clone() error=f.error("kind")/>
            <SelectField name="action" label=t("audit.action") options=actions value=q.action.clone() error=f.error("action")/>
            <TextField name="from" label=t("audit.from") kind="date" value=q.from.clone() error=f.error("from")/>
            <TextField name="to" label=t("audit.to") kind="date" value=q.to.clone() error=f.error("to")/>
            <TextField name="record" label=t("audit.record") kind="number" value=q.record.clone() error=f.error("record")/>
            <p>
                <button type="submit">{t("audit.filter")}</button> " "
                <a href=paths::audit()>{t("audit.clear")}</a>
            </p>
        </form>
    }
}

fn row_view(r: AuditRowDto) -> impl IntoView {
    let what = format!(
        "{} #{}",
        label_or_code("audit_entity", &r.kind),
        r.entity_id
    );
    let details = (r.before.is_some() || r.after.is_some()).then(|| view! {
        <details>
            <summary>{t_with("audit.details", &[("id", r.id.to_string())])}</summary>
            {r.before.clone().map(|b| view! { <p>{t("audit.before")}</p><pre class="record">{b}</pre> })}
            {r.after.clone().map(|a| view! { <p>{t("audit.after")}</p><pre class="record">{a}</pre> })}
        </details>
    });
    view! {
        <tr>
            <td>{r.id}</td>
            <td>{r.at.clone()}</td>
            <td>{r.actor.clone().unwrap_or_else(|| t("audit.system"))}</td>
            <td>{what}</td>
            <th scope="row">{label_or_code("audit_action", &r.action)}</th>
            <td>{r.reason.clone()}{details}</td>
        </tr>
    }
}

fn records_part(d: AuditLogDto, q: &AuditQuery) -> impl IntoView + use<> {
    let on_page = {
        let q = q.clone();
        move |n: usize| {
            let values = [
                &q.actor, &q.entry, &q.kind, &q.action, &q.from, &q.to, &q.record,
            ];
            let n = n.to_string();
            let mut pairs: Vec<(&str, &str)> = FILTERS
                .iter()
                .zip(values)
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (*k, v.as_str()))
                .collect();
            pairs.push(("trang", n.as_str()));
            types::paths::with_query(&paths::audit(), &pairs)
        }
    };
    let prev = (d.page > 1).then(|| on_page(d.page - 1));
    let next = (d.page < d.pages).then(|| on_page(d.page + 1));
    let (page, pages) = (d.page, d.pages);
    view! {
        <p role="status">{t_with("audit.found", &[("n", d.total.to_string())])}</p>
        {(!d.rows.is_empty()).then(|| view! {
            <div class="table-wrap" role="region" aria-labelledby="ban-ghi" tabindex="0">
                <table class="audit-records">
                    <caption id="ban-ghi">{t("audit.records")}</caption>
                    <thead><tr>
                        <th scope="col">{t("audit.col_id")}</th>
                        <th scope="col">{t("audit.col_at")}</th>
                        <th scope="col">{t("audit.actor")}</th>
                        <th scope="col">{t("audit.col_what")}</th>
                        <th scope="col">{t("audit.action")}</th>
                        <th scope="col">{t("audit.col_detail")}</th>
                    </tr></thead>
                    <tbody>{d.rows.into_iter().map(row_view).collect_view()}</tbody>
                </table>
            </div>
        })}
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=t("audit.pages")>
                {prev.map(|h| view! { <a rel="prev" href=h>{t("search.prev")}</a> })}
                <span>{t_with("search.page", &[("page", page.to_string()), ("pages", pages.to_string())])}</span>
                {next.map(|h| view! { <a rel="next" href=h>{t("search.next")}</a> })}
            </nav>
        })}
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let q = AuditQuery {
        actor: query("actor"),
        entry: query("entry"),
        kind: query("kind"),
        action: query("action"),
        from: query("from"),
        to: query("to"),
        record: query("record"),
        page: query("trang"),
        check: query("kiem-tra"),
    };
    let asked = q.clone();
    let data = Resource::new(move || asked.clone(), audit_log);
    view! {
        <Title text=t("audit.title")/>
        <h1>{t("audit.title")}</h1>
        <p class="hint">{t("audit.hint")}</p>
        <Suspense fallback=loading>
            {move || {
                let q = q.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => error_view(e),
                        Ok(d) => view! {
                            {check_part(&d)}
                            <section aria-labelledby="loc-nhat-ky">
                                <h2 id="loc-nhat-ky">{t("audit.filters")}</h2>
                                {filters_part(&d, &q)}
                            </section>
                            {records_part(d, &q)}
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
