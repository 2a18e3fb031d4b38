//! PDF by typst used as a library: a template of `templates/` set with its data, in the fonts of
//! `domain/fonts` embedded in the binary.
//!
//! The data reaches the template as a JSON file (`/data.json`, read with `json(…)`), never spliced
//! into its source: a title typed as `#set page(…)` or `*bold*` is printed as typed. Nothing is read
//! from the disk or the network: the templates and fonts are compiled in, and any other file a
//! template asks for is missing.
use super::DocumentError;
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The fonts: Liberation Serif in its four faces (Times New Roman's metrics, every Vietnamese letter).
const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// What every template imports as `/common.typ`: the national heading, signature blocks, dates.
const COMMON: &str = include_str!("templates/common.typ");

/// A document the portal sets in type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// Giấy chứng nhận sáng kiến: one page per co-author.
    Certificate,
    /// Biên bản họp hội đồng: the council's vote on one entry.
    VoteMinutes,
    /// Đơn yêu cầu công nhận sáng kiến, in its legal layout.
    ApplicationForm,
    /// Báo cáo tổng kết: a campaign's figures and its proposals for commendation.
    SummingUp,
}

impl Template {
    fn source(self) -> &'static str {
        match self {
            Template::Certificate => include_str!("templates/certificate.typ"),
            Template::VoteMinutes => include_str!("templates/minutes.typ"),
            Template::ApplicationForm => include_str!("templates/application.typ"),
            Template::SummingUp => include_str!("templates/summing.typ"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Template::Certificate => "/certificate.typ",
            Template::VoteMinutes => "/minutes.typ",
            Template::ApplicationForm => "/application.typ",
            Template::SummingUp => "/summing.typ",
        }
    }
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// The standard library and the fonts, loaded once for the process.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(path: &str) -> FileId {
    // Only called with the constant paths of this file, which are valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("a constant path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation: the template, the common part and the data.
struct Job {
    main: Source,
    common: Source,
    data_id: FileId,
    data: Bytes,
    today: NaiveDate,
}

impl World for Job {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common.id() {
            Ok(self.common.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            self.today.month() as u8,
            self.today.day() as u8,
        )
    }
}

/// Sets `template` with `data` (serialised to JSON) and returns the PDF, dated `at` (its metadata, and
/// `datetime.today()` in a template, in Sơn La's time). CPU-bound: call it from a blocking task
/// (`tokio::task::spawn_blocking`), never on the request's thread.
pub fn pdf(
    template: Template,
    data: &impl serde::Serialize,
    at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    let local = at
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .naive_local();
    let today = local.date();
    let data = serde_json::to_vec(data).map_err(DocumentError::Data)?;
    let job = Job {
        main: Source::new(file_id(template.name()), template.source().to_owned()),
        common: Source::new(file_id("/common.typ"), COMMON.to_owned()),
        data_id: file_id("/data.json"),
        data: Bytes::new(data),
        today,
    };
    let document = typst::compile::<PagedDocument>(&job)
        .output
        .map_err(|diags| DocumentError::typeset(template, diags.as_slice()))?;
    let stamp = Datetime::from_ymd_hms(
        local.year(),
        local.month() as u8,
        local.day() as u8,
        local.hour() as u8,
        local.minute() as u8,
        local.second() as u8,
    )
    // Sơn La is seven hours ahead of UTC all year.
    .and_then(|d| typst_pdf::Timestamp::new_local(d, 7 * 60))
    .ok_or(DocumentError::Standard)?;
    let options = typst_pdf::PdfOptions {
        timestamp: Some(stamp),
        // PDF/A-2u: the archival form the province's files keep, every glyph mapped to its letter.
        standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2u])
            .map_err(|_| DocumentError::Standard)?,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|diags| DocumentError::typeset(template, diags.as_slice()))
}

impl DocumentError {
    fn typeset(template: Template, diags: &[typst::diag::SourceDiagnostic]) -> Self {
        DocumentError::Typeset {
            template,
            messages: diags.iter().map(|d| d.message.to_string()).collect(),
        }
    }
}
