//! The tables of people on the application form (authors, adopters): one card of labelled fields a
//! person, so that the table reads well on a 360 px phone and with a screen reader (each card is a
//! fieldset named "Tác giả 2", "Người áp dụng 1", …).
use crate::components::forms::field_id;
use crate::i18n::{t, t_with};
use leptos::prelude::*;
use types::AdopterInput;

/// One column of a table of people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The input name within the row (`authors[i][<name>]`).
    pub name: &'static str,
    pub label_key: &'static str,
    pub kind: &'static str,
    pub required: bool,
}

const fn col(
    name: &'static str,
    label_key: &'static str,
    kind: &'static str,
    required: bool,
) -> Column {
    Column {
        name,
        label_key,
        kind,
        required,
    }
}

/// The authors' columns, in the order of `AuthorInput::columns`.
pub const AUTHOR_COLUMNS: &[Column] = &[
    col("name", "person.name", "text", true),
    col("birth_date", "person.birth_date", "date", false),
    col("workplace", "person.workplace", "text", true),
    col("position", "person.position", "text", false),
    col("qualification", "person.qualification", "text", false),
    col("share", "person.share", "decimal", true),
    col("email", "person.email", "email", false),
];

/// The adopters' columns, in the order of `AdopterInput::columns`.
pub const ADOPTER_COLUMNS: &[Column] = &[
    col("name", "person.name", "text", true),
    col("birth_date", "person.birth_date", "date", false),
    col("workplace", "person.workplace", "text", true),
    col("position", "person.position", "text", false),
    col("qualification", "person.qualification", "text", false),
    col("task", "person.task", "text", true),
];

/// A date as a date input wants it (`2026-03-15`), whatever order it was typed in.
pub fn date_value(raw: &str) -> String {
    types::Day::parse(raw)
        .map(|d| d.iso())
        .unwrap_or_else(|_| raw.to_string())
}

/// One person's card. `share`, when given, follows the share input live (the authors' island).
#[component]
pub fn PersonRow(
    table: &'static str,
    #[prop(into)] legend: String,
    index: usize,
    columns: &'static [Column],
    values: Vec<String>,
    errors: Vec<(String, String)>,
    #[prop(default = None)] share: Option<RwSignal<String>>,
    /// Marks the share field as refused, described by this element (the table's error): the
    /// shares do not add up to 100.
    #[prop(default = None)]
    invalid_share: Option<String>,
    /// Offers a "Xóa" button for the card (a filled one): it posts the form without it.
    #[prop(default = false)]
    removable: bool,
) -> impl IntoView {
    let remove = removable.then(|| {
        let label = t_with("submit.remove_row", &[("who", legend.clone())]);
        view! {
            <button type="submit" name="remove_row" value=format!("{table}:{index}") formnovalidate=true class="small secondary remove-row">
                {label}
            </button>
        }
    });
    view! {
        <fieldset class="person">
            <legend>{legend}</legend>
            <div class="person-fields">
                {columns
                    .iter()
                    .zip(values)
                    .map(|(c, value)| {
                        let name = format!("{table}[{index}][{}]", c.name);
                        let id = field_id(&name);
                        let error = errors.iter().find(|(n, _)| *n == name).map(|(_, e)| e.clone());
                        let error_id = format!("{id}-error");
                        let table_error = invalid_share.clone().filter(|_| c.name == "share" && error.is_none());
                        let has_error = error.is_some() || table_error.is_some();
                        let described = error.is_some().then(|| error_id.clone()).or(table_error);
                        let (kind, inputmode) = match c.kind {
                            "decimal" => ("text", Some("decimal")),
                            other => (other, None),
                        };
                        let value = if c.kind == "date" { date_value(&value) } else { value };
                        let input = match (c.name, share) {
                            ("share", Some(share)) => {
                                // Whatever was typed before the island woke up counts too.
                                let input_ref: NodeRef<leptos::html::Input> = NodeRef::new();
                                Effect::new(move |_| {
                                    if let Some(el) = input_ref.get() {
                                        share.set(el.value());
                                    }
                                });
                                view! {
                                    <input id=id.clone() name=name type=kind inputmode=inputmode
                                        aria-invalid=has_error.then_some("true") aria-describedby=described
                                        node_ref=input_ref
                                        prop:value=move || share.get()
                                        value=share.get_untracked()
                                        on:input=move |ev| share.set(event_target_value(&ev))/>
                                }
                                .into_any()
                            }
                            _ => view! {
                                <input id=id.clone() name=name type=kind inputmode=inputmode value=value
                                    autocomplete="off"
                                    aria-invalid=has_error.then_some("true") aria-describedby=described/>
                            }
                            .into_any(),
                        };
                        view! {
                            <div class=format!("field col-{}", c.name) class:has-error=has_error>
                                <label for=id>{t(c.label_key)}{c.required.then_some(" *")}</label>
                                {input}
                                {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            {remove}
        </fieldset>
    }
}

/// "Thêm …": a submit button that saves the form and brings one more blank card (without
/// JavaScript); with it, `extra` grows and the card appears at once.
#[component]
pub fn AddRowButton(table: &'static str, label: String, extra: RwSignal<usize>) -> impl IntoView {
    view! {
        <button type="submit" name="action" value=format!("add_{table}") formnovalidate=true class="secondary add-row"
            on:click=move |ev| {
                ev.prevent_default();
                extra.update(|n| *n += 1);
            }>
            {label}
        </button>
    }
}

/// The table of people who took part in the first or trial application (optional rows). An
/// island only for its "Thêm người áp dụng" button.
#[island]
pub fn AdoptersTable(rows: Vec<AdopterInput>, errors: Vec<(String, String)>) -> impl IntoView {
    let extra = RwSignal::new(0usize);
    let n = rows.len();
    view! {
        <fieldset class="field people adopters" id="f-adopters">
            <legend>{t("submit.adopters_legend")}</legend>
            <p class="hint">{t("submit.adopters_hint")}</p>
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let removable = !row.is_blank();
                    let values = row.columns().iter().map(|(_, v)| v.to_string()).collect();
                    view! {
                        <PersonRow
                            table="adopters"
                            legend=t_with("submit.adopter_n", &[("n", (i + 1).to_string())])
                            index=i
                            columns=ADOPTER_COLUMNS
                            values=values
                            errors=errors.clone()
                            removable=removable
                        />
                    }
                })
                .collect_view()}
            {move || (0..extra.get()).map(|k| view! {
                <PersonRow
                    table="adopters"
                    legend=t_with("submit.adopter_n", &[("n", (n + k + 1).to_string())])
                    index=n + k
                    columns=ADOPTER_COLUMNS
                    values=vec![String::new(); ADOPTER_COLUMNS.len()]
                    errors=Vec::new()
                />
            }).collect_view()}
            <AddRowButton table="adopters" label=t("submit.add_adopter") extra=extra/>
        </fieldset>
    }
}
