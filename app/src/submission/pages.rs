//! The submitter's pages: the form, the list of own entries, an entry with its receipt and timeline.
use crate::accounts::pages::{ConsentNotice, ResendVerification};
use crate::components::forms::{
    CheckField, DangerAction, ErrorSummary, RadioGroup, SelectField, TextArea, TextField,
    UnitSelect, code_options, field_id,
};
use crate::components::head::Title;
use crate::components::islands::{
    AuthorsTable, Autosave, FormatBar, PrintButton, SimilarLive, UploadProgress,
};
use crate::components::people::{
    ADOPTER_COLUMNS, AUTHOR_COLUMNS, AdoptersTable, Column, date_value,
};
use crate::components::ui::{
    ApplicationBody, EntryTable, Fact, StatusBadge, authors_text, error_view, loading,
};
use crate::dto::FormStateDto;
use crate::i18n::{score, t, t_with};
use crate::page::{form_state, param_id, query};
use crate::paths;
use crate::submission::api::{
    CaseDto, SimilarDto, SubmitFormDto, case_data, my_initiatives, submit_form_data,
};
use leptos::prelude::*;
use types::{AdopterInput, AuthorInput, CampaignContent, Pillar, Section, Sector, SolutionType};

/// Rows offered for authors and adopters: at least these, and always one blank row after the last
/// filled one (without JavaScript, "Lưu nháp" brings another).
const AUTHOR_ROWS: usize = 3;
const ADOPTER_ROWS: usize = 2;
const FORM_ID: &str = "application-form";
const UPLOAD_BUTTON_ID: &str = "upload-button";

/// How many rows of a table of people were filled in (the form shows one more).
fn filled_rows(f: &FormStateDto, table: &str, columns: &[Column]) -> usize {
    (0..types::MAX_PEOPLE_ROWS)
        .rev()
        .find(|i| {
            columns
                .iter()
                .any(|c| !f.value(&format!("{table}[{i}][{}]", c.name)).is_empty())
        })
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// The refused cells of a table of people, by input name.
fn table_errors(f: &FormStateDto, table: &str) -> Vec<(String, String)> {
    f.errors
        .0
        .iter()
        .filter(|(name, _)| name.starts_with(&format!("{table}[")))
        .map(|(name, e)| (name.clone(), crate::i18n::field_error(e)))
        .collect()
}

/// The rows of a table of people as the form shows them: at least `min`, and one blank row after
/// the last filled one; one more after "Thêm …" (`them=<table>`).
fn table_rows<T>(
    f: &FormStateDto,
    table: &str,
    columns: &[Column],
    min: usize,
    build: fn(&dyn Fn(&str) -> String) -> T,
) -> Vec<T> {
    let asked = usize::from(query("them") == table);
    let n = min.max(filled_rows(f, table, columns) + 1 + asked);
    (0..n)
        .map(|i| build(&|c: &str| f.value(&format!("{table}[{i}][{c}]"))))
        .collect()
}

fn author_rows(f: &FormStateDto) -> Vec<AuthorInput> {
    table_rows(f, "authors", AUTHOR_COLUMNS, AUTHOR_ROWS, |get| {
        AuthorInput::from_columns(get)
    })
}

fn adopter_rows(f: &FormStateDto) -> Vec<AdopterInput> {
    table_rows(f, "adopters", ADOPTER_COLUMNS, ADOPTER_ROWS, |get| {
        AdopterInput::from_columns(get)
    })
}

/// One long section with its "confidential" box.
fn section_field(f: &FormStateDto, s: Section) -> impl IntoView + use<> {
    let name = s.input_name();
    let confidential = format!("confidential[{}]", s.code());
    let checked = !f.value(&confidential).is_empty();
    let area_id = field_id(name);
    view! {
        <div class="section-field">
            <FormatBar target=area_id label=t(&s.label_key())/>
            <TextArea name=name label=t(&s.label_key()) value=f.value(name) error=f.error(name)
                hint=t(&format!("section_hint.{}", s.code())) required=s.required() rows=6/>
            <CheckField name=confidential label=t("submit.confidential") checked=checked/>
        </div>
    }
}

/// How to format the long sections by hand (the formatting bar types the same marks with JavaScript).
#[component]
fn FormatGuide() -> impl IntoView {
    view! {
        <details class="format-guide">
            <summary>{t("format.guide_title")}</summary>
            <p>{t("format.guide_lead")}</p>
            <ul>
                <li>{t("format.guide_paragraph")}</li>
                <li><code>{t("format.guide_bold")}</code> " → " <strong>{t("format.bold")}</strong></li>
                <li><code>{t("format.guide_italic")}</code> " → " <em>{t("format.italic")}</em></li>
                <li>{t("format.guide_list")}</li>
                <li><code>{t("format.guide_link")}</code></li>
            </ul>
        </details>
    }
}

#[component]
pub fn SubmitPage() -> impl IntoView {
    let draft_id: Option<i64> = query("nhap").parse().ok();
    let saved_now = query("da-luu") == "1";
    let ask_files = query("khong-tep") == "1";
    let data = Resource::new(move || draft_id, submit_form_data);
    let form = form_state();
    view! {
        <Title text=t("submit.title")/>
        <h1>{t("submit.title")}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let stashed = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(d) if d.campaigns.is_empty() => view! { <p class="notice">{t("submit.no_campaign")}</p> }.into_any(),
                    Ok(d) => {
                        // A refused or restored post wins over the stored draft: it is what was typed last.
                        let restored = !stashed.values.is_empty() && stashed.errors.is_empty();
                        let f = match (&d.draft, stashed.values.is_empty()) {
                            (Some(draft), true) => FormStateDto { values: draft.values.clone(), errors: stashed.errors.clone() },
                            _ => stashed,
                        };
                        let notice = match (&d.draft, saved_now, restored) {
                            (_, _, true) => Some(t("submit.draft_restored")),
                            (Some(dr), true, _) => Some(t_with("submit.draft_saved", &[("at", dr.saved_at.clone())])),
                            (Some(dr), false, _) if f.errors.is_empty() => Some(t_with("submit.draft_resumed", &[("at", dr.saved_at.clone())])),
                            _ => None,
                        };
                        let campaigns: Vec<(String, String)> = d.campaigns.iter().map(|c| (c.id.to_string(), c.name.clone())).collect();
                        let mut campaign_value = f.value("campaign_id");
                        if campaign_value.is_empty() && campaigns.len() == 1 {
                            campaign_value = campaigns[0].0.clone();
                        }
                        let funds = vec![("co".to_string(), t("submit.state_yes")), ("khong".to_string(), t("submit.state_no"))];
                        let draft_value = d.draft.as_ref().map(|dr| dr.id.to_string()).unwrap_or_default();
                        view! {
                            <p class="lead">{t("submit.lead")}</p>
                            {notice.map(|n| view! { <p class="notice notice-ok" role="status">{n}</p> })}
                            {(!d.email_verified).then(|| {
                                let back = d.draft.as_ref().map(|dr| paths::draft(dr.id)).unwrap_or_else(paths::submit);
                                view! {
                                    <div class="notice" role="status">
                                        <p>{t("submit.verify_first")}</p>
                                        {(query("da-gui-xac-minh") == "1").then(|| view! { <p><strong>{t("account.verification_sent")}</strong></p> })}
                                        <ResendVerification next=back/>
                                    </div>
                                }
                            })}
                            <ErrorSummary form=f.clone()/>
                            {d.correction.as_ref().map(|c| view! {
                                <p class="notice" role="status">{t_with("corrections.editing", &[("code", c.code.clone())])}</p>
                            })}
                            <form method="post" action={paths::api::<crate::submission::api::SaveApplication>()} class="submit-form" id=FORM_ID novalidate>
                                // Enter in a one-line field presses the form's first submit button:
                                // "Lưu nháp", never a card's "Xóa" or the upload further down.
                                <button type="submit" name="action" value="save" class="default-submit" tabindex="-1" aria-hidden="true">{t("submit.save_draft")}</button>
                                <input type="hidden" name="draft_id" value=draft_value/>
                                // Tells the upload that the whole form came with the file (`server::files`).
                                <input type="hidden" name="whole_form" value="1"/>
                                {ask_files.then(|| view! { <input type="hidden" name="files_seen" value="1"/> })}
                                <fieldset class="form-part">
                                    <legend><h2>{t("submit.part_general")}</h2></legend>
                                    {match &d.correction {
                                        Some(c) => view! {
                                            <input type="hidden" name="campaign_id" value=c.campaign_id.to_string()/>
                                            <p><strong>{t("submit.campaign")} ": "</strong>{c.campaign_name.clone()}</p>
                                        }.into_any(),
                                        None => view! {
                                            <SelectField name="campaign_id" label=t("submit.campaign") options=campaigns.clone() value=campaign_value.clone() error=f.error("campaign_id") required=true/>
                                        }.into_any(),
                                    }}
                                    <TextField name="title" label=t("submit.title_field") value=f.value("title") error=f.error("title") hint=t("submit.title_hint") required=true maxlength=300/>
                                    {d.correction.is_none().then(|| view! { <SimilarLive initial=d.similar.iter().map(SimilarDto::from).collect()/> })}
                                    <TextArea name="summary" label=t("initiative.summary") value=f.value("summary") error=f.error("summary") hint=t("submit.summary_hint") required=true rows=4 maxlength=1000/>
                                    <div class="grid-2">
                                        <SelectField name="solution_type" label=t("initiative.solution_type") options=code_options(SolutionType::ALL, SolutionType::code, SolutionType::label_key) value=f.value("solution_type") error=f.error("solution_type") required=true/>
                                        <SelectField name="pillar" label=t("initiative.pillar") options=code_options(Pillar::ALL, Pillar::code, Pillar::label_key) value=f.value("pillar") error=f.error("pillar") required=true/>
                                        <SelectField name="sector" label=t("initiative.sector") options=code_options(Sector::ALL, Sector::code, Sector::label_key) value=f.value("sector") error=f.error("sector") required=true/>
                                        <UnitSelect name="unit" label=t("initiative.unit") units=d.units.clone() value=f.value("unit") error=f.error("unit") required=true/>
                                    </div>
                                    <SelectField name="content" label=t("initiative.content") options=code_options(CampaignContent::ALL, CampaignContent::code, CampaignContent::label_key) value=f.value("content") error=f.error("content") required=true/>
                                    <TextField name="investor" label=t("initiative.investor") value=f.value("investor") error=f.error("investor") maxlength=300/>
                                    <RadioGroup name="state_funds" label=t("initiative.state_funds") options=funds value=f.value("state_funds") error=f.error("state_funds") required=true/>
                                    <TextField name="first_applied_on" kind="date" label=t("initiative.first_applied_on") value=date_value(&f.value("first_applied_on")) error=f.error("first_applied_on") hint=t("submit.first_applied_hint") required=true/>
                                </fieldset>
                                <fieldset class="form-part">
                                    <legend><h2>{t("submit.part_authors")}</h2></legend>
                                    <AuthorsTable rows=author_rows(&f) errors=table_errors(&f, "authors") table_error=f.error("authors")
                                        shares_wrong=matches!(f.errors.get("authors"), Some(types::FieldError::SharesNotHundred { .. }))/>
                                    <CheckField name="for_collective" label=t("initiative.for_collective") checked=!f.value("for_collective").is_empty() hint=t("submit.for_collective_hint")/>
                                    <p class="hint">{t("submit.more_rows")}</p>
                                </fieldset>
                                <fieldset class="form-part">
                                    <legend><h2>{t("submit.part_content")}</h2></legend>
                                    <FormatGuide/>
                                    {Section::ALL.iter().map(|s| section_field(&f, *s)).collect_view()}
                                </fieldset>
                                <fieldset class="form-part">
                                    <legend><h2>{t("submit.part_adopters")}</h2></legend>
                                    <AdoptersTable rows=adopter_rows(&f) errors=table_errors(&f, "adopters")/>
                                </fieldset>
                                {files_part(&d, &f, ask_files)}
                                <fieldset class="form-part">
                                    <legend><h2>{t("submit.part_declaration")}</h2></legend>
                                    {(d.correction.is_none() && !d.similar.is_empty()).then(|| view! {
                                        <p class="hint"><a href="#tuong-tu">{t_with("similar.reminder", &[("n", d.similar.len().to_string())])}</a></p>
                                    })}
                                    <CheckField name="declaration" label=t("submit.declaration") checked=!f.value("declaration").is_empty() error=f.error("declaration") required=true/>
                                    <ConsentNotice purpose="submission"/>
                                    <CheckField name="consent" label=t("consent.agree_submission") checked=!f.value("consent").is_empty() error=f.error("consent") required=true/>
                                </fieldset>
                                <div class="form-actions">
                                    <button type="submit" name="action" value="save" class="secondary">{t("submit.save_draft")}</button>
                                    <button type="submit" name="action" value="submit">
                                        {if d.correction.is_some() { t("corrections.resubmit") } else { t("submit.button") }}
                                    </button>
                                </div>
                                <Autosave form_id=FORM_ID.to_string()/>
                            </form>
                            {d.draft.as_ref().map(|dr| delete_draft_form(dr.id, &f))}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The entry's files, a part of the application form before the declaration. "Tải lên" posts the
/// whole form with the file (multipart, to `/tep-dinh-kem`): what was typed is saved with it and the
/// first upload makes the draft, so a file can be attached before anything was saved. A file's
/// "Xóa" button saves the form too, then removes the file. With JavaScript the island shows the
/// upload's progress. After a first "Nộp hồ sơ" without any file (`ask`), the part asks whether
/// that is meant.
fn files_part(d: &SubmitFormDto, f: &FormStateDto, ask: bool) -> impl IntoView + use<> {
    let uploaded = query("tep") == "1";
    let error = f.error("file");
    let has_error = error.is_some();
    let described = if has_error {
        "f-file-hint f-file-error"
    } else {
        "f-file-hint"
    };
    view! {
        <fieldset class="form-part attachments" id="tep-dinh-kem" tabindex="-1">
            <legend><h2>{t("submit.part_files")}</h2></legend>
            {(ask && d.attachments.is_empty()).then(|| view! {
                <div class="notice" role="alert">
                    <p><strong>{t("files.none_yet")}</strong></p>
                    <p>{t("files.none_yet_hint")}</p>
                </div>
            })}
            <p class="hint">{t("files.lead")}</p>
            {uploaded.then(|| view! { <p class="notice notice-ok" role="status">{t("files.uploaded")}</p> })}
            {(!d.attachments.is_empty()).then(|| view! {
                <ul class="files">
                    {d.attachments.iter().map(|a| view! {
                        <li>
                            <a href=paths::file(a.id)>{a.file_name.clone()}</a>
                            " (" {a.size.clone()} ")"
                            {a.confidential.then(|| view! { " " <span class="badge badge-confidential">{t("initiative.confidential")}</span> })}
                            " "
                            <button type="submit" name="delete_attachment" value=a.id.to_string() formnovalidate=true class="small secondary">
                                {t_with("files.delete", &[("name", a.file_name.clone())])}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <div class="field" class:has-error=has_error>
                <label for="f-file">{t("files.choose")}</label>
                <input id="f-file" type="file" name="file"
                    accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.jpg,.jpeg,.png"
                    aria-describedby=described aria-invalid=has_error.then_some("true")/>
                <p class="hint" id="f-file-hint">{t_with("files.hint", &[("file", d.max_file_mb.to_string()), ("entry", d.max_entry_mb.to_string())])}</p>
                {error.map(|e| view! { <p class="field-error" id="f-file-error">{e}</p> })}
            </div>
            <CheckField name="file_confidential" label=t("files.confidential")/>
            <button type="submit" id=UPLOAD_BUTTON_ID class="secondary" formaction=paths::UPLOAD
                formenctype="multipart/form-data" formmethod="post" formnovalidate=true>
                {t("files.upload")}
            </button>
            <UploadProgress form_id=FORM_ID.to_string() button_id=UPLOAD_BUTTON_ID.to_string()/>
        </fieldset>
    }
}

fn delete_draft_form(id: i64, f: &FormStateDto) -> impl IntoView + use<> {
    view! {
        <DangerAction id="xoa-nhap" title=t("submit.delete_draft") action={paths::api::<crate::submission::api::DeleteDraft>()}
            hidden=vec![("draft_id", id.to_string())] hint=t("submit.delete_draft_hint")
            confirm=t("submit.delete_draft_confirm") button=t("submit.delete_draft") error=f.error("confirm")/>
    }
}

#[component]
pub fn MinePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_initiatives());
    view! {
        <Title text=t("mine.title")/>
        <h1>{t("mine.title")}</h1>
        {(query("da-xoa") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("mine.deleted")}</p> })}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => error_view(e),
                    Ok(m) => {
                        let drafts = (!m.drafts.is_empty()).then(|| view! {
                            <section aria-labelledby="ban-nhap">
                                <h2 id="ban-nhap">{t("mine.drafts")}</h2>
                                <ul class="drafts">
                                    {m.drafts.iter().map(|d| {
                                        let title = if d.title.is_empty() { t("mine.untitled") } else { d.title.clone() };
                                        view! {
                                            <li>
                                                <a href=paths::draft(d.id)>{title}</a>
                                                " – " <span class="hint">{t_with("mine.saved_at", &[("at", d.saved_at.clone())])}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        });
                        let entries = if m.entries.is_empty() {
                            view! {
                                <p>{t("mine.none")}</p>
                                <p><a class="button" href=paths::submit()>{t("nav.submit")}</a></p>
                            }.into_any()
                        } else {
                            view! {
                                <h2>{t("mine.entries")}</h2>
                                <EntryTable rows=m.entries.clone() link=paths::case/>
                            }.into_any()
                        };
                        view! { {drafts} {entries} }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn receipt(c: &CaseDto) -> impl IntoView {
    let i = &c.initiative;
    view! {
        <section class="receipt" aria-labelledby="bien-nhan">
            <h1 id="bien-nhan">{t("receipt.title")}</h1>
            <p class="notice notice-ok" role="status">{t("receipt.lead")}</p>
            <dl class="facts">
                <Fact label=t("receipt.case") value=i.code.clone()/>
                <Fact label=t("submit.title_field") value=Some(i.title.clone())/>
                <Fact label=t("receipt.received") value=i.submitted_at.clone()/>
                <Fact label=t("receipt.due") value=i.due_on.clone()/>
                <Fact label=t("initiative.campaign") value=Some(i.campaign_name.clone())/>
            </dl>
            <h2>{t("files.title")}</h2>
            {if i.attachments.is_empty() {
                view! { <p>{t("files.none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="files receipt-files">
                        {i.attachments.iter().map(|a| view! {
                            <li>{a.file_name.clone()} " (" {a.size.clone()} ")" <br/>
                                <span class="hint">"SHA-256: " <code class="hash">{a.sha256.clone()}</code></span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2>{t("receipt.next_title")}</h2>
            <ol class="next-steps">
                <li>{t("receipt.next_screening")}</li>
                <li>{t("receipt.next_review")}</li>
                <li>{t_with("receipt.next_due", &[("due", i.due_on.clone().unwrap_or_default())])}</li>
            </ol>
            <h2>{t("receipt.contact_title")}</h2>
            {if c.contacts.is_empty() {
                view! { <p>{t_with("receipt.contact_campaign", &[("campaign", i.campaign_name.clone())])}</p> }.into_any()
            } else {
                view! {
                    <p>{t_with("receipt.contact_lead", &[("campaign", i.campaign_name.clone())])}</p>
                    <ul class="contacts">
                        {c.contacts.iter().map(|(name, email)| view! {
                            <li>{name.clone()} " – " <a href=format!("mailto:{email}")>{email.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="no-print">
                <PrintButton label=t("receipt.print_button")/>
                <span class="hint">{t("receipt.print")}</span>
                " "
                <a href=paths::mine()>{t("receipt.mine")}</a>
            </p>
        </section>
    }
}

fn withdraw_form(id: i64, f: &crate::dto::FormStateDto) -> impl IntoView {
    view! {
        <DangerAction id="rut-ho-so" title=t("case.withdraw_title") action={paths::api::<crate::submission::api::WithdrawInitiative>()}
            hidden=vec![("initiative_id", id.to_string())] hint=t("case.withdraw_hint")
            confirm=t("case.withdraw_confirm") button=t("case.withdraw_button") error=f.error("confirm")/>
    }
}

#[component]
pub fn CasePage() -> impl IntoView {
    let id = param_id();
    let show_receipt = query("bien-nhan") == "1";
    let data = Resource::new(move || id, case_data);
    let form = form_state();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let f = form.await;
                match data.await {
                    Err(e) => error_view(e),
                    Ok(c) => {
                        let i = c.initiative.clone();
                        let withdraw = c.can_withdraw.then(|| withdraw_form(i.id, &f));
                        let correction_note = c.history.iter().rev().find(|h| h.to == types::Status::NeedsCorrection).and_then(|h| h.note.clone());
                        let correct = c.can_correct.then(|| view! {
                            <section class="notice corrections" aria-labelledby="can-bo-sung">
                                <h2 id="can-bo-sung">{t("corrections.asked")}</h2>
                                {correction_note.map(|n| view! { <blockquote>{n}</blockquote> })}
                                <form method="post" action={paths::api::<crate::submission::api::StartCorrection>()}>
                                    <input type="hidden" name="initiative_id" value=i.id.to_string()/>
                                    <button type="submit">{t("corrections.start")}</button>
                                </form>
                            </section>
                        });
                        let resubmitted = (query("da-nop-lai") == "1").then(|| view! { <p class="notice notice-ok" role="status">{t("corrections.resubmitted")}</p> });
                        view! {
                            <Title text=i.title.clone()/>
                            {show_receipt.then(|| receipt(&c))}
                            {resubmitted}
                            {correct}
                            <article class="detail">
                                {(!show_receipt).then(|| view! { <h1>{i.title.clone()}</h1> })}
                                {show_receipt.then(|| view! { <h2>{i.title.clone()}</h2> })}
                                <p><StatusBadge status=i.status/></p>
                                <dl class="facts">
                                    <Fact label=t("initiative.code") value=i.code.clone()/>
                                    <Fact label=t("initiative.campaign") value=Some(i.campaign_name.clone())/>
                                    <Fact label=t("initiative.unit") value=Some(i.unit_name.clone())/>
                                    <Fact label=t("initiative.authors") value=Some(authors_text(&i.authors))/>
                                    <Fact label=t("initiative.submitted_at") value=i.submitted_at.clone()/>
                                    <Fact label=t("initiative.due_on") value=i.due_on.clone()/>
                                    <Fact label=t("initiative.level") value=i.level.map(|l| t(&l.label_key()))/>
                                    <Fact label=t("initiative.score") value=i.score.map(score)/>
                                    <Fact label=t("initiative.refusal") value=i.refusal_reasons.clone()/>
                                </dl>
                                {(c.form_printable || c.certificates_printable).then(|| view! {
                                    <ul class="downloads" aria-label=t("documents.page.print")>
                                        {c.form_printable.then(|| view! {
                                            <li><a href=paths::application_form(i.id) download="">{t("documents.page.application_form")}</a></li>
                                        })}
                                        {c.certificates_printable.then(|| view! {
                                            <li><a href=paths::certificate(i.id) download="">{t("documents.page.certificates")}</a></li>
                                        })}
                                    </ul>
                                })}
                                <h2>{t("initiative.summary")}</h2>
                                <p>{i.summary.clone()}</p>
                                <ApplicationBody i=i.clone()/>
                                // Empty for those without full access (reviewers, the public).
                                {(!c.history.is_empty()).then(|| view! {
                                    <h2>{t("initiative.timeline")}</h2>
                                    <ol class="timeline">
                                        {c.history.iter().map(|h| view! {
                                            <li>
                                                <time>{h.at.clone()}</time> " – "
                                                <StatusBadge status=h.to/> " " {t("initiative.by")} " " {t(&format!("role.{}", h.actor_role))}
                                                {h.note.clone().map(|n| view! { <p class="hint">{n}</p> })}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                })}
                                {withdraw}
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
