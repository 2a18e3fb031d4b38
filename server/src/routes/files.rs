//! Attachments over HTTP: the multipart upload (streamed into the store with its limits; works as a
//! plain form without JavaScript, and the form's island shows progress with it) and the download,
//! served only to those allowed, always as an attachment with the type found in the content.
use crate::guard::refusal_page;
use crate::session_user;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Services;
use futures_util::StreamExt;
use types::paths;
use types::{FieldError, FieldErrors};

/// The page for a post that is no application form (forged, broken, or past the caps): said in
/// Vietnamese, with what became of the draft.
fn not_a_form(status: StatusCode, body_key: &str) -> Response {
    refusal_page(
        status,
        &app::i18n::t("upload.refused_title"),
        &app::i18n::t(body_key),
    )
}

fn not_found() -> Response {
    refusal_page(
        StatusCode::NOT_FOUND,
        &app::i18n::t("upload.not_found_title"),
        &app::i18n::t("upload.file_not_found"),
    )
}

/// A failure of the system (store, database): logged with a request id the person is shown.
fn system_failure(e: domain::Error, what: &str) -> Response {
    let id = domain::new_request_id();
    tracing::error!(request_id = %id, error = %e, "{what}");
    refusal_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        &app::i18n::t("upload.failed_title"),
        &app::i18n::t_with("upload.failed", &[("id", id.to_string())]),
    )
}

fn back_to(draft_id: i64, extra: &str) -> Response {
    Redirect::to(&format!(
        "{}{extra}#tep-dinh-kem",
        types::paths::draft(draft_id)
    ))
    .into_response()
}

/// Reads and drops whatever is left of the request, so that the browser receives the answer
/// instead of a reset connection (the route's body limit bounds it).
async fn drain(multipart: &mut Multipart) {
    while let Ok(Some(mut field)) = multipart.next_field().await {
        while let Some(Ok(_)) = field.next().await {}
    }
}

/// The application form's fields as the form posts them (`authors[0][name]`, …), read the way the
/// form's server function reads them. `None` when they cannot be read so (a broken or forged post:
/// nothing is saved from it).
fn form_input(pairs: &[(String, String)]) -> Option<types::InitiativeInput> {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    serde_qs::Config::new(5, false)
        .deserialize_str(&encoded)
        .ok()
}

/// Most bytes one text field of the form may carry (a long section is at most 50,000 characters,
/// three bytes each at worst), and all of them together, and most fields: a post beyond them is no
/// application form, and is not read into memory.
const FIELD_BYTES: usize = 200 * 1024;
const FORM_BYTES: usize = 2 * 1024 * 1024;
const FORM_FIELDS: usize = 1_000;

/// A text field read chunk by chunk, `None` once it passes `cap` bytes (what is left is not read).
async fn bounded_text(
    field: &mut axum::extract::multipart::Field<'_>,
    cap: usize,
) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.ok()?;
        if bytes.len() + chunk.len() > cap {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}

/// `POST /tep-dinh-kem` (multipart). Two forms post here:
///
/// - the application form itself, through its "Tải tệp lên" button (`whole_form`, then the fields
///   in the form's order with the `file` and `file_confidential` among them). Without a draft yet,
///   the fields before the file are saved as a new draft before the file is stored in it (the first
///   upload makes the draft); once the whole post is read, every field is saved. So attaching a
///   file never loses an edit. A post cut short (the body limit) saves nothing more;
/// - a plain upload (`draft_id`, optional `confidential`, then `file`), which leaves the draft's
///   text alone.
pub async fn upload(
    State(s): State<Services>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let Some(user) = session_user(&s, &headers).await else {
        drain(&mut multipart).await;
        return Redirect::to(&paths::sign_in_then(&paths::mine())).into_response();
    };
    let mut draft_id: Option<i64> = None;
    let mut whole_form = false;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut form_bytes = 0usize;
    let mut confidential = false;
    let mut outcome: Option<Result<(), domain::Error>> = None;
    // The post was read to its end: only then is everything typed known.
    let mut whole = true;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                // The body limit of the route, or a broken upload: a file stored before stays.
                tracing::warn!(error = %e, "multipart upload ended early");
                whole = false;
                if outcome.is_none() {
                    let max_mb = s.storage.limits.per_entry / (1024 * 1024);
                    outcome = Some(Err(domain::Error::field(
                        "file",
                        FieldError::EntryFilesTooLarge { max_mb },
                    )));
                }
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "draft_id" => {
                draft_id = bounded_text(&mut field, 32)
                    .await
                    .and_then(|t| t.trim().parse().ok())
            }
            "whole_form" => whole_form = true,
            "confidential" | "file_confidential" => confidential = true,
            "file" if outcome.is_none() => {
                let file_name = field.file_name().unwrap_or_default().to_string();
                if whole_form && draft_id.is_none() {
                    // The first upload makes the draft, with what was typed before the file.
                    let made = match form_input(&fields) {
                        Some(input) => domain::submission::drafts::save(&s.db, &user, None, &input)
                            .await
                            .map(|d| d.id),
                        None => {
                            drain(&mut multipart).await;
                            return not_a_form(StatusCode::BAD_REQUEST, "upload.unreadable");
                        }
                    };
                    match made {
                        Ok(d) => draft_id = Some(d),
                        Err(e) => {
                            drain(&mut multipart).await;
                            return failed(&s, user.id, None, e, fields).await;
                        }
                    }
                }
                let Some(d) = draft_id else {
                    drain(&mut multipart).await;
                    return not_a_form(StatusCode::BAD_REQUEST, "upload.unreadable");
                };
                if file_name.trim().is_empty() {
                    while let Some(Ok(_)) = field.next().await {}
                    outcome = Some(Err(domain::Error::field("file", FieldError::NoFile)));
                    continue;
                }
                let result = domain::submission::attachments::upload(
                    &s.db,
                    &s.storage,
                    &user,
                    d,
                    &file_name,
                    confidential,
                    &mut field,
                )
                .await
                .map(|_| ());
                outcome = Some(result);
            }
            // One file a post: another is not read.
            "file" => while let Some(Ok(_)) = field.next().await {},
            _ if whole_form => {
                let value = match bounded_text(&mut field, FIELD_BYTES).await {
                    Some(v) if fields.len() < FORM_FIELDS && form_bytes + v.len() <= FORM_BYTES => {
                        v
                    }
                    _ => {
                        drain(&mut multipart).await;
                        return not_a_form(StatusCode::PAYLOAD_TOO_LARGE, "upload.form_too_large");
                    }
                };
                form_bytes += value.len();
                fields.push((name, value));
            }
            _ => {}
        }
    }
    drain(&mut multipart).await;
    if whole_form && whole {
        // Everything typed, the fields after the file included.
        let saved = match form_input(&fields) {
            Some(input) => domain::submission::drafts::save(&s.db, &user, draft_id, &input)
                .await
                .map(|d| d.id),
            None => return not_a_form(StatusCode::BAD_REQUEST, "upload.unreadable"),
        };
        match saved {
            Ok(d) => draft_id = Some(d),
            Err(e) => return failed(&s, user.id, draft_id, e, fields).await,
        }
    }
    let Some(d) = draft_id else {
        return not_a_form(StatusCode::BAD_REQUEST, "upload.unreadable");
    };
    match outcome.unwrap_or_else(|| Err(domain::Error::field("file", FieldError::NoFile))) {
        Ok(()) => back_to(d, "&tep=1"),
        Err(e) => failed(&s, user.id, Some(d), e, fields).await,
    }
}

/// The answer to an upload that did not go through: the form again with the error beside the file
/// input, `404` for a draft that is not the caller's, `500` with a request id otherwise. `typed` is
/// what the form carried: kept for the person when no draft could hold it.
async fn failed(
    s: &Services,
    owner: i64,
    draft_id: Option<i64>,
    e: domain::Error,
    typed: Vec<(String, String)>,
) -> Response {
    match (e, draft_id) {
        (domain::Error::Invalid(errors), Some(d)) => refused(s, owner, d, errors, typed).await,
        (domain::Error::Invalid(errors), None) => {
            // No draft could be made (too many drafts): the form again, as typed, says why.
            let state = domain::forms::FormState {
                values: typed,
                errors,
            };
            match domain::forms::stash(&s.db, domain::forms::Holder::Person(owner), &state).await {
                Ok(key) => Redirect::to(&format!("{}?f={key}", paths::submit())).into_response(),
                Err(_) => Redirect::to(&paths::submit()).into_response(),
            }
        }
        (domain::Error::NotFound, _) => not_found(),
        (e, _) => system_failure(e, "upload failed"),
    }
}

/// The form again with the errors; `typed` (what the application form carried, when it did) is
/// shown instead of the draft as saved.
async fn refused(
    s: &Services,
    owner: i64,
    draft_id: i64,
    errors: FieldErrors,
    typed: Vec<(String, String)>,
) -> Response {
    let state = domain::forms::FormState {
        values: typed,
        errors,
    };
    match domain::forms::stash(&s.db, domain::forms::Holder::Person(owner), &state).await {
        Ok(key) => back_to(draft_id, &format!("&f={key}")),
        Err(_) => back_to(draft_id, ""),
    }
}

/// `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987).
fn disposition(name: &str) -> HeaderValue {
    let ascii: String = domain::text::fold(name)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// `GET /tep/{id}`: the file, for those allowed to see it; `404` for everyone else.
pub async fn download(
    State(s): State<Services>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let user = session_user(&s, &headers).await;
    match domain::submission::attachments::open_for(&s.db, &s.storage, user.as_ref(), id).await {
        Ok(d) => {
            let mut res = Body::from_stream(d.body).into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(&d.view.content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            );
            h.insert(header::CONTENT_DISPOSITION, disposition(&d.view.file_name));
            h.insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(d.view.size_bytes.max(0) as u64),
            );
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            res
        }
        Err(domain::Error::NotFound) => not_found(),
        Err(e) => system_failure(e, "download failed"),
    }
}
