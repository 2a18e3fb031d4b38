//! The only code that runs in the browser. Each island works on top of a server-rendered form that
//! is complete without it.
use crate::i18n::{t, t_with};
use leptos::prelude::*;

/// The authors table of the submission form, with a live total of the shares. Without JavaScript the
/// same inputs post the same names; the server checks the total with the same parser.
#[island]
pub fn AuthorsTable(
    rows: Vec<(String, String)>,
    errors: Vec<(Option<String>, Option<String>)>,
    table_error: Option<String>,
) -> impl IntoView {
    let shares: Vec<RwSignal<String>> =
        rows.iter().map(|(_, s)| RwSignal::new(s.clone())).collect();
    let all = shares.clone();
    let total = move || {
        let sum: u32 = all
            .iter()
            .filter_map(|s| types::parse_share_tenths(&s.get()).ok())
            .sum();
        types::format_share(sum)
    };
    let table_error_id = table_error.as_ref().map(|_| "f-authors-error".to_string());
    let table_has_error = table_error.is_some();
    view! {
        <fieldset class="field authors" id="f-authors" class:has-error=table_has_error aria-describedby=table_error_id>
            <legend>{t("submit.authors_legend")} " *"</legend>
            <p class="hint">{t("submit.authors_hint")}</p>
            {table_error.map(|e| view! { <p class="field-error" id="f-authors-error">{e}</p> })}
            <div class="author-rows">
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, _))| {
                        let n = (i + 1).to_string();
                        let share = shares[i];
                        // Whatever was typed before the island woke up counts too.
                        let input_ref: NodeRef<leptos::html::Input> = NodeRef::new();
                        Effect::new(move |_| {
                            if let Some(el) = input_ref.get() {
                                share.set(el.value());
                            }
                        });
                        let (name_err, share_err) = errors.get(i).cloned().unwrap_or((None, None));
                        let (name_bad, share_bad) = (name_err.is_some(), share_err.is_some());
                        let name_id = format!("f-authors-{i}-name");
                        let share_id = format!("f-authors-{i}-share");
                        view! {
                            <div class="author-row">
                                <div class="field" class:has-error=name_bad>
                                    <label for=name_id.clone()>{t_with("submit.author_name", &[("n", n.clone())])}</label>
                                    <input id=name_id name=format!("authors[{i}][name]") value=name autocomplete="off"/>
                                    {name_err.map(|e| view! { <p class="field-error">{e}</p> })}
                                </div>
                                <div class="field share" class:has-error=share_bad>
                                    <label for=share_id.clone()>{t_with("submit.author_share", &[("n", n)])}</label>
                                    <input
                                        id=share_id
                                        name=format!("authors[{i}][share]")
                                        inputmode="decimal"
                                        node_ref=input_ref
                                        prop:value=move || share.get()
                                        value=share.get_untracked()
                                        on:input=move |ev| share.set(event_target_value(&ev))
                                    />
                                    {share_err.map(|e| view! { <p class="field-error">{e}</p> })}
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="shares-total" aria-live="polite" data-testid="shares-total">
                {move || t_with("submit.shares_total", &[("sum", total())])}
            </p>
        </fieldset>
    }
}
