//! The authors table of the application form (`AuthorsTable`), with its live total of the shares.
use crate::components::people::{AUTHOR_COLUMNS, AddRowButton, PersonRow};
use crate::i18n::{t, t_with};
use leptos::prelude::*;
use types::AuthorInput;

/// The authors table of the application form, with a live total of the shares. Without JavaScript
/// the same inputs post the same names; the server checks the total with the same parser.
/// `errors` holds the message of each refused cell by input name.
#[island]
pub fn AuthorsTable(
    rows: Vec<AuthorInput>,
    errors: Vec<(String, String)>,
    table_error: Option<String>,
    /// The shares do not add up to 100: the share of every filled row is marked, nothing else.
    shares_wrong: bool,
) -> impl IntoView {
    let shares: Vec<RwSignal<String>> = rows
        .iter()
        .map(|r| RwSignal::new(r.share.clone()))
        .collect();
    // Cards added with "Thêm tác giả" (JavaScript), each with its share.
    let added: RwSignal<Vec<RwSignal<String>>> = RwSignal::new(Vec::new());
    let extra = RwSignal::new(0usize);
    Effect::new(move |_| {
        let want = extra.get();
        if added.with_untracked(|a| a.len()) < want {
            added.update(|a| a.resize_with(want, || RwSignal::new(String::new())));
        }
    });
    let all = shares.clone();
    let total = move || {
        let sum: u32 = all
            .iter()
            .chain(added.get().iter())
            .filter_map(|s| types::parse_share_tenths(&s.get()).ok())
            .sum();
        types::format_share(sum)
    };
    let n = rows.len();
    let table_error_id = table_error.as_ref().map(|_| "f-authors-error".to_string());
    // The table is marked by its side, never every field in it (`table-error`, not `has-error`).
    let table_has_error = table_error.is_some();
    let share_error = shares_wrong.then(|| "f-authors-error".to_string());
    view! {
        <fieldset class="field people authors" id="f-authors" class:table-error=table_has_error aria-describedby=table_error_id>
            <legend>{t("submit.authors_legend")} " *"</legend>
            <p class="hint">{t("submit.authors_hint")}</p>
            {table_error.map(|e| view! { <p class="field-error" id="f-authors-error">{e}</p> })}
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, row)| {
                    let share = shares[i];
                    let invalid_share = (shares_wrong && !row.is_blank()).then(|| share_error.clone()).flatten();
                    let removable = !row.is_blank();
                    let values = row.columns().iter().map(|(_, v)| v.to_string()).collect();
                    view! {
                        <PersonRow
                            table="authors"
                            legend=t_with("submit.author_n", &[("n", (i + 1).to_string())])
                            index=i
                            columns=AUTHOR_COLUMNS
                            values=values
                            errors=errors.clone()
                            share=Some(share)
                            invalid_share=invalid_share
                            removable=removable
                        />
                    }
                })
                .collect_view()}
            {move || added.get().into_iter().enumerate().map(|(k, share)| view! {
                <PersonRow
                    table="authors"
                    legend=t_with("submit.author_n", &[("n", (n + k + 1).to_string())])
                    index=n + k
                    columns=AUTHOR_COLUMNS
                    values=vec![String::new(); AUTHOR_COLUMNS.len()]
                    errors=Vec::new()
                    share=Some(share)
                />
            }).collect_view()}
            <AddRowButton table="authors" label=t("submit.add_author") extra=extra/>
            <p class="shares-total" class:field-error=shares_wrong aria-live="polite" data-testid="shares-total">
                {move || t_with("submit.shares_total", &[("sum", total())])}
            </p>
        </fieldset>
    }
}
