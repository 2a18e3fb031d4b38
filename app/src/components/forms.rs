//! Form fields: a visible label, an optional hint, and the error next to the field, linked for
//! screen readers with `aria-describedby`.
use crate::dto::FormStateDto;
use crate::i18n::{t, t_with};
use leptos::prelude::*;

/// The HTML id of a field from its name (`authors[0][name]` → `f-authors-0-name`).
pub fn field_id(name: &str) -> String {
    let mut id = String::from("f-");
    for c in name.chars() {
        match c {
            '[' => id.push('-'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => id.push(c),
            _ => id.push('-'),
        }
    }
    id
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut parts = Vec::new();
    if hint {
        parts.push(format!("{id}-hint"));
    }
    if error {
        parts.push(format!("{id}-error"));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[component]
fn Help(id: String, hint: Option<String>, error: Option<String>) -> impl IntoView {
    view! {
        {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
        {error.map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e}</p> })}
    }
}

#[component]
pub fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let id = field_id(&name);
    let desc = described_by(&id, hint.is_some(), error.is_some());
    let has_error = error.is_some();
    view! {
        <div class="field" class:has-error=has_error>
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                maxlength=maxlength
                aria-invalid=has_error.then_some("true")
                aria-describedby=desc
            />
            <Help id=id hint=hint error=error/>
        </div>
    }
}

#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let id = field_id(&name);
    let desc = described_by(&id, hint.is_some(), error.is_some());
    let has_error = error.is_some();
    view! {
        <div class="field" class:has-error=has_error>
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <textarea
                id=id.clone()
                name=name
                rows=rows
                required=required
                maxlength=maxlength
                aria-invalid=has_error.then_some("true")
                aria-describedby=desc
            >{textarea_text(&value)}</textarea>
            <Help id=id hint=hint error=error/>
        </div>
    }
}

/// A select with a "choose" first option; `options` are (value, label).
#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(v, l)| {
            let selected = v == value;
            view! { <option value=v selected=selected>{l}</option> }
        })
        .collect_view();
    select_frame(name, label, error, hint, required, options)
}

/// The label, the select with its "choose" first option, and the hint and error of a select field.
fn select_frame(
    name: String,
    label: String,
    error: Option<String>,
    hint: Option<String>,
    required: bool,
    options: impl IntoView + 'static,
) -> impl IntoView {
    let id = field_id(&name);
    let desc = described_by(&id, hint.is_some(), error.is_some());
    let has_error = error.is_some();
    view! {
        <div class="field" class:has-error=has_error>
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <select id=id.clone() name=name required=required aria-invalid=has_error.then_some("true") aria-describedby=desc>
                <option value="">{t("submit.choose")}</option>
                {options}
            </select>
            <Help id=id hint=hint error=error/>
        </div>
    }
}

/// The organisation tree as a select: one group per level of the province's organisation (provincial
/// departments, communes and wards, public bodies, enterprises, then the districts dissolved on
/// 1 July 2025 with their last day). A native select: keyboard, screen readers and no JavaScript.
#[component]
pub fn UnitSelect(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    units: Vec<crate::dto::UnitDto>,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    const KINDS: [&str; 6] = [
        "province",
        "department",
        "commune",
        "other",
        "enterprise",
        "district",
    ];
    // Known kinds in the tree's order, then any other kind (imported units) under its code.
    let mut kinds: Vec<String> = KINDS.iter().map(|k| k.to_string()).collect();
    for u in &units {
        if !kinds.contains(&u.kind) {
            kinds.push(u.kind.clone());
        }
    }
    let groups = kinds
        .into_iter()
        .filter_map(|kind| {
            let members: Vec<_> = units.iter().filter(|u| u.kind == kind).collect();
            if members.is_empty() {
                return None;
            }
            let key = format!("unit_kind.{kind}");
            let group_label = if KINDS.contains(&kind.as_str()) {
                t(&key)
            } else {
                kind.clone()
            };
            let options = members
                .into_iter()
                .map(|u| {
                    let text = match &u.valid_to {
                        Some(end) => t_with(
                            "unit_kind.historical",
                            &[("name", u.name.clone()), ("date", end.clone())],
                        ),
                        None => u.name.clone(),
                    };
                    let selected = u.code == value;
                    view! { <option value=u.code.clone() selected=selected>{text}</option> }
                })
                .collect_view();
            Some(view! { <optgroup label=group_label>{options}</optgroup> })
        })
        .collect_view();
    select_frame(name, label, error, hint, required, groups)
}

/// A single checkbox posted as `<name>=on` when ticked.
#[component]
pub fn CheckField(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional)] checked: bool,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = field_id(&name);
    let desc = described_by(&id, hint.is_some(), error.is_some());
    let has_error = error.is_some();
    view! {
        <div class="field check" class:has-error=has_error>
            <label class="choice">
                <input id=id.clone() type="checkbox" name=name value="on" checked=checked
                    aria-invalid=has_error.then_some("true") aria-describedby=desc/>
                " " {label}{required.then_some(" *")}
            </label>
            <Help id=id hint=hint error=error/>
        </div>
    }
}

/// A group of radio buttons; `options` are (value, label).
#[component]
pub fn RadioGroup(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: String,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = field_id(&name);
    let has_error = error.is_some();
    let desc = described_by(&id, false, has_error);
    let group_id = id.clone();
    view! {
        <fieldset class="field radios" id=group_id class:has-error=has_error aria-describedby=desc>
            <legend>{label}{required.then_some(" *")}</legend>
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (v, l))| {
                    let checked = v == value;
                    let opt_id = format!("{id}-{i}");
                    let label_for = opt_id.clone();
                    view! {
                        <label class="choice" for=label_for>
                            <input id=opt_id type="radio" name=name.clone() value=v checked=checked/>
                            " " {l}
                        </label>
                    }
                })
                .collect_view()}
            <Help id=id hint=None error=error/>
        </fieldset>
    }
}

/// A group of check boxes for choosing several of a list; `options` are (value, label). Each row
/// posts `name[k][value]` (hidden) and `name[k][on]` when ticked, read back with `Pick::chosen`.
#[component]
pub fn CheckGroup(
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    options: Vec<(String, String)>,
    /// The values ticked (as posted, when the form comes back refused).
    #[prop(optional)]
    checked: Vec<String>,
    #[prop(default = None)] error: Option<String>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = field_id(&name);
    let has_error = error.is_some();
    let desc = described_by(&id, hint.is_some(), has_error);
    let group_id = id.clone();
    let help_id = id.clone();
    view! {
        <fieldset class="field checks" id=group_id class:has-error=has_error aria-describedby=desc>
            <legend>{label}{required.then_some(" *")}</legend>
            // Hint and error first: a long list does not hide them from whoever follows the summary.
            <Help id=help_id hint=hint error=error/>
            {options
                .into_iter()
                .enumerate()
                .map(|(k, (v, l))| {
                    let opt_id = format!("{id}-{k}");
                    let label_for = opt_id.clone();
                    let on = checked.contains(&v);
                    view! {
                        <input type="hidden" name=format!("{name}[{k}][value]") value=v/>
                        <label class="choice" for=label_for>
                            <input id=opt_id type="checkbox" name=format!("{name}[{k}][on]") value="on" checked=on/>
                            " " {l}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The required confirmation box before an action that cannot be undone (a decision, a withdrawal).
/// Posted as `confirm=on`; the server refuses the action without it.
#[component]
pub fn ConfirmBox(
    #[prop(into)] hint: String,
    #[prop(into)] label: String,
    error: Option<String>,
    /// Tells two boxes on one page apart (their ids).
    #[prop(optional)]
    scope: &'static str,
) -> impl IntoView {
    let has_error = error.is_some();
    let id = if scope.is_empty() {
        "f-confirm".to_string()
    } else {
        format!("f-confirm-{scope}")
    };
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field" class:has-error=has_error>
            <p class="hint" id=hint_id.clone()>{hint}</p>
            <label class="choice">
                <input id=id type="checkbox" name="confirm" value="on" required=true aria-describedby=hint_id/>
                " " {label}
            </label>
            {error.map(|e| view! { <p class="field-error">{e}</p> })}
        </div>
    }
}

/// A section with one action that cannot be undone (withdraw an entry, delete a draft, sign out
/// everywhere): a heading, the required confirmation box and a danger button. `hidden` are the
/// form's hidden fields.
#[component]
pub fn DangerAction(
    id: &'static str,
    #[prop(into)] title: String,
    action: &'static str,
    hidden: Vec<(&'static str, String)>,
    #[prop(into)] hint: String,
    #[prop(into)] confirm: String,
    #[prop(into)] button: String,
    error: Option<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <section class=format!("withdraw {class}") aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <form method="post" action=action>
                {hidden.into_iter().map(|(n, v)| view! { <input type="hidden" name=n value=v/> }).collect_view()}
                <ConfirmBox hint=hint label=confirm error=error/>
                <button type="submit" class="danger">{button}</button>
            </form>
        </section>
    }
}

/// A small form repeated on every row of a table (one per account, one per campaign): the refused
/// form was this row's when its `key` field held `value`. Then the row shows the first error of
/// `fields`, and its input takes the id the error summary links to; any other row's input keeps
/// `fallback`, so ids stay unique on the page.
pub struct RowError {
    pub error: Option<String>,
    pub input_id: String,
    pub error_id: String,
}

pub fn row_error(
    form: &FormStateDto,
    key: &str,
    value: &str,
    fields: &[&str],
    fallback: String,
) -> RowError {
    let mine = form.values.iter().any(|(k, v)| k == key && v == value);
    let found = fields
        .iter()
        .filter(|_| mine)
        .find_map(|f| form.error(f).map(|e| (*f, e)));
    let input_id = match &found {
        Some((field, _)) => field_id(field),
        None => fallback,
    };
    RowError {
        error: found.map(|(_, e)| e),
        error_id: format!("{input_id}-error"),
        input_id,
    }
}

/// The list of problems at the top of a refused form, each linking to its field. `labels` names
/// fields that only the page knows (a rubric's criteria, by input name); the others are named by
/// `field_label`.
#[component]
pub fn ErrorSummary(
    form: FormStateDto,
    #[prop(optional)] labels: Vec<(String, String)>,
) -> impl IntoView {
    let errors = form.errors.0.clone();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="notice notice-error error-summary" role="alert" tabindex="-1">
                <p><strong>{t_with("error.summary", &[("count", errors.len().to_string())])}</strong></p>
                <ul>
                    {errors
                        .into_iter()
                        .map(|(field, e)| {
                            let href = format!("#{}", field_id(&field));
                            let label = labels
                                .iter()
                                .find(|(name, _)| *name == field)
                                .map(|(_, l)| l.clone())
                                .or_else(|| field_label(&field));
                            let text = match label {
                                Some(label) => format!("{label}: {}", crate::i18n::field_error(&e)),
                                None => crate::i18n::field_error(&e),
                            };
                            view! { <li><a href=href>{text}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The label of a form field by its input name, for the error summary.
pub fn field_label(name: &str) -> Option<String> {
    for (prefix, row_key, columns) in [
        (
            "authors[",
            "submit.author_n",
            crate::components::people::AUTHOR_COLUMNS,
        ),
        (
            "adopters[",
            "submit.adopter_n",
            crate::components::people::ADOPTER_COLUMNS,
        ),
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            let (index, part) = rest.split_once("][")?;
            let n = (index.parse::<usize>().ok()? + 1).to_string();
            let column = columns
                .iter()
                .find(|c| part.trim_end_matches(']') == c.name)?;
            return Some(format!(
                "{} – {}",
                t_with(row_key, &[("n", n)]),
                t(column.label_key)
            ));
        }
    }
    // Rubric rows: `criteria[2].bands` → "Tiêu chí 3 – Các mức điểm".
    if let Some(rest) = name.strip_prefix("criteria[") {
        let (index, part) = rest.split_once(']')?;
        let n = (index.parse::<usize>().ok()? + 1).to_string();
        let key = match part.trim_start_matches('.') {
            "code" => "council.criterion_code",
            "name" => "council.criterion_name",
            "max_points" => "council.max_points",
            "weight" => "council.weight",
            "bands" => "council.criterion_bands",
            _ => "council.criterion",
        };
        return Some(format!(
            "{} – {}",
            t_with("council.criterion_n", &[("n", n)]),
            t(key)
        ));
    }
    if let Some(section) = types::Section::ALL.iter().find(|s| s.input_name() == name) {
        return Some(t(&section.label_key()));
    }
    let key = match name {
        "campaign_id" => "submit.campaign",
        "title" => "submit.title_field",
        "summary" => "initiative.summary",
        "content" => "initiative.content",
        "investor" => "initiative.investor",
        "state_funds" => "initiative.state_funds",
        "first_applied_on" => "initiative.first_applied_on",
        "declaration" => "submit.declaration_legend",
        "adopters" => "submit.adopters_legend",
        "draft" => "submit.draft",
        "account" => "nav.account",
        "file" => "files.title",
        "consent" => "consent.title",
        "message" => "corrections.message",
        "submitter_kind" => "profile.kind",
        "position" => "person.position",
        "qualification" => "person.qualification",
        "birth_date" => "person.birth_date",
        "phone" => "profile.phone",
        "token" => "account.reset_title",
        "current_password" => "account.current_password",
        "new_password" => "account.new_password",
        "solution_type" => "initiative.solution_type",
        "pillar" => "initiative.pillar",
        "sector" => "initiative.sector",
        "unit" => "initiative.unit",
        "authors" => "submit.authors_legend",
        "full_name" => "auth.full_name",
        "email" => "auth.email",
        "password" => "auth.password",
        "reviewers" => "secretary.reviewers_pick",
        "outcome" => "secretary.outcome",
        "level" => "initiative.level",
        "reasons" => "secretary.reasons",
        "confirm" => "secretary.confirm_label",
        "decision_no" => "secretary.decision_no",
        "decided_on" => "council.decision_date",
        "award" => "council.award",
        "comment" => "council.comment",
        "note" => "council.resolution_note",
        "reason" => "council.reason",
        "choice" => "council.your_vote",
        "flags" => "council.flags",
        "role" => "council.member_role",
        "ids" => "screening.pick",
        "action" => "screening.apply",
        "assignments" => "council.new_pairs",
        "pass_mark" => "council.pass_mark",
        "provincial_mark" => "council.provincial_mark",
        "reviewers_per_entry" => "council.reviewers_per_entry",
        "vote_fraction" => "council.vote_rule",
        "spread_pct" => "council.spread_pct",
        "outlier_sd" => "council.outlier_sd",
        "criteria" => "council.rubric",
        "roles" => "nav.admin",
        "name" => "campaigns.name",
        "new_name" => "campaigns.name",
        "year" | "new_year" => "campaigns.year",
        "opens" => "campaigns.opens",
        "closes" => "campaigns.closes",
        "about" => "campaigns.description",
        "from" => "campaigns.copy_from",
        "campaign" => "campaigns.title",
        "invite_name" => "auth.full_name",
        "invite_email" => "auth.email",
        _ if name.starts_with("points_") => "reviewer.points_label",
        _ if name.starts_with("comment_") => "reviewer.comment",
        _ => return None,
    };
    Some(t(key))
}

/// The options of a code enum, labelled through i18n.
pub fn code_options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    key: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|c| (code(*c).to_string(), t(&key(*c))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_ids_are_safe() {
        assert_eq!(field_id("authors[0][name]"), "f-authors-0-name");
        assert_eq!(field_id("title"), "f-title");
    }

    #[test]
    fn summary_names_the_field() {
        assert_eq!(
            field_label("authors[1][share]").as_deref(),
            Some("Tác giả 2 – Tỷ lệ đóng góp (%)")
        );
        assert_eq!(
            field_label("adopters[0][task]").as_deref(),
            Some("Người tham gia áp dụng 1 – Công việc đã làm")
        );
        assert_eq!(
            field_label("description").as_deref(),
            Some("Nội dung giải pháp mới")
        );
        assert_eq!(field_label("title").as_deref(), Some("Tên sáng kiến"));
        assert_eq!(field_label("khong_co"), None);
    }
}

/// Text as a `<textarea>`'s content. tachys (0.2.19) writes a textarea's children unescaped, like a
/// script's: a value holding `</textarea>` would end the field and the rest would be markup. The
/// browser decodes character references inside a textarea, so escaped text shows as typed.
pub fn textarea_text(value: &str) -> String {
    crate::components::head::escape_text(value)
}

#[cfg(test)]
mod textarea_tests {
    #[test]
    fn a_textarea_value_cannot_end_its_field() {
        assert_eq!(
            super::textarea_text("a </textarea><script>x()</script> & b"),
            "a &lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt; &amp; b"
        );
    }
}

#[cfg(test)]
mod row_error_tests {
    use super::*;

    #[test]
    fn only_the_refused_row_shows_the_error_and_takes_the_summary_s_id() {
        let mut form = FormStateDto {
            values: vec![("campaign_id".into(), "7".into())],
            ..Default::default()
        };
        form.errors.add("confirm", types::FieldError::NotTicked);
        let refused = row_error(
            &form,
            "campaign_id",
            "7",
            &["campaign", "confirm"],
            "luu-tru-7".into(),
        );
        assert!(refused.error.is_some());
        assert_eq!(refused.input_id, field_id("confirm"));
        assert_eq!(refused.error_id, format!("{}-error", field_id("confirm")));
        let other = row_error(
            &form,
            "campaign_id",
            "8",
            &["campaign", "confirm"],
            "luu-tru-8".into(),
        );
        assert_eq!((other.error, other.input_id.as_str()), (None, "luu-tru-8"));
        // This row's form, but an error of another field: nothing here.
        let unrelated = row_error(
            &form,
            "campaign_id",
            "7",
            &["email"],
            "thu-ky-email-7".into(),
        );
        assert_eq!(
            (unrelated.error, unrelated.input_id.as_str()),
            (None, "thu-ky-email-7")
        );
    }
}
