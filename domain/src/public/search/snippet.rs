//! Highlighted excerpts of the hits of a query: the text around the words found, with them in
//! `<mark>`.
use super::builder::{QueryBuilder, term};
use super::index::SearchIndex;
use crate::Result;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

impl SearchIndex {
    /// Highlighted excerpts of the given documents for a query: HTML-escaped text with the matching
    /// words in `<mark>`, cut from the body where it matches, else from the summary. Documents
    /// without a match in either have none.
    pub fn snippets(
        &self,
        parsed: &crate::text::query::Parsed,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, String>> {
        use tantivy::snippet::SnippetGenerator;
        let mut out = std::collections::HashMap::new();
        if ids.is_empty() || parsed.is_text_empty() {
            return Ok(out);
        }
        let f = &self.inner.fields;
        let searcher = self.searcher();
        let mut words = QueryBuilder::new(self, &searcher).build(parsed).highlight;
        words.sort();
        words.dedup();
        // The words to mark, as a query on the folded text: the generator tokenizes the stored text
        // with that field's analyzer and marks the tokens among them.
        let marks = BooleanQuery::new(
            words
                .iter()
                .map(|w| (Occur::Should, term(f.text_folded, w)))
                .collect(),
        );
        let mut generator = SnippetGenerator::create(&searcher, &marks, f.text_folded)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        for id in ids {
            let hit = searcher.search(
                &TermQuery::new(
                    Term::from_field_u64(f.id, *id as u64),
                    IndexRecordOption::Basic,
                ),
                &TopDocs::with_limit(1),
            )?;
            let Some((_, addr)) = hit.first() else {
                continue;
            };
            let doc: TantivyDocument = searcher.doc(*addr)?;
            for field in [f.body, f.summary] {
                let Some(text) = doc.get_first(field).and_then(|v| v.as_str()) else {
                    continue;
                };
                let snippet = generator.snippet(text);
                if !snippet.highlighted().is_empty() {
                    let fragment = snippet.fragment();
                    let (before, after) = cut_marks(text, fragment);
                    out.insert(
                        *id,
                        format!(
                            "{before}{}{after}",
                            marked_html(fragment, snippet.highlighted())
                        ),
                    );
                    break;
                }
            }
        }
        Ok(out)
    }
}

/// Longest highlighted excerpt, in characters.
const SNIPPET_CHARS: usize = 220;

/// What a snippet cut from `text` shows around `fragment`: "… " before it when it begins inside a
/// sentence, " …" after it when it stops inside one. The fragment begins and ends on words.
fn cut_marks(text: &str, fragment: &str) -> (&'static str, &'static str) {
    let Some(at) = text.find(fragment) else {
        return ("", "");
    };
    let ends_sentence = |s: &str| {
        s.trim_end()
            .chars()
            .last()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '…'))
            || s.ends_with('\n')
    };
    let before = if ends_sentence(&text[..at]) {
        ""
    } else {
        "… "
    };
    let rest = &text[at + fragment.len()..];
    let after = if rest.trim().is_empty() || ends_sentence(fragment) {
        ""
    } else {
        " …"
    };
    (before, after)
}

/// A text fragment as HTML: escaped, with the highlighted byte ranges in `<mark>`.
fn marked_html(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> String {
    use crate::text::escape_markup as escape;
    let mut out = String::with_capacity(fragment.len() + 32);
    let mut at = 0;
    for r in highlighted {
        if r.start < at || r.end > fragment.len() {
            continue;
        }
        escape(&fragment[at..r.start], &mut out);
        out.push_str("<mark>");
        escape(&fragment[r.start..r.end], &mut out);
        out.push_str("</mark>");
        at = r.end;
    }
    escape(&fragment[at..], &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_html_escapes_and_marks() {
        assert_eq!(
            marked_html("a <b> số & c", &[(6..10)]),
            "a &lt;b&gt; <mark>số</mark> &amp; c"
        );
    }

    #[test]
    fn a_snippet_cut_inside_a_sentence_says_so() {
        let text = "Đầu câu. Giữa câu có từ cần tìm ở đây rồi hết câu. Câu sau.";
        assert_eq!(cut_marks(text, "Đầu câu."), ("", ""));
        assert_eq!(cut_marks(text, "có từ cần tìm"), ("… ", " …"));
        assert_eq!(cut_marks(text, "Giữa câu có từ"), ("", " …"));
        assert_eq!(cut_marks(text, "rồi hết câu."), ("… ", ""));
        assert_eq!(cut_marks(text, "Câu sau."), ("", ""));
        assert_eq!(cut_marks("Đoạn một\nĐoạn hai dài", "Đoạn hai"), ("", " …"));
    }
}
