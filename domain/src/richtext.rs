//! Rich text of the application's long sections.
//!
//! Authors type a small, well-known markup in a plain textarea (works without JavaScript, survives
//! copy and paste, diffs line by line): blank line = new paragraph, `- ` or `1. ` = list item,
//! `**đậm**`, `*nghiêng*`, `[chữ](https://…)`. The text is stored as typed; every page renders it here,
//! on the server: pulldown-cmark turns it into HTML, then ammonia keeps only paragraphs, line breaks,
//! lists, bold, italic and http(s)/mailto links (with `rel="nofollow noopener noreferrer"`). Anything
//! else (images, headings, tables, `javascript:` links) does not survive: its words stay. Raw HTML is
//! not markup here: `<b>`, `<script>…</script>` or a broken `<a href="…` are shown as the characters
//! typed, so no tag can swallow the words after it and no author's text is lost.

use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The only tags that reach a page.
const TAGS: [&str; 10] = ["p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"];

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::empty();
    b.add_tags(TAGS)
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean_content_tags(["script", "style"].into_iter().collect())
        .strip_comments(true);
    b
});

/// Markup events of the source, with single line breaks kept as line breaks (what the author sees in
/// the textarea is what the page shows) and raw HTML turned into text: a block of it becomes a
/// paragraph of its lines, inline tags become their characters.
fn events(source: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for e in Parser::new_ext(source, Options::empty()) {
        match e {
            Event::SoftBreak => out.push(Event::HardBreak),
            Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
            Event::Html(h) => match block.as_mut() {
                Some(b) => b.push_str(&h),
                None => out.push(Event::Text(h)),
            },
            Event::End(TagEnd::HtmlBlock) => {
                let text = block.take().unwrap_or_default();
                out.push(Event::Start(Tag::Paragraph));
                for (i, line) in text.trim_end().lines().enumerate() {
                    if i > 0 {
                        out.push(Event::HardBreak);
                    }
                    out.push(Event::Text(CowStr::from(line.to_string())));
                }
                out.push(Event::End(TagEnd::Paragraph));
            }
            Event::InlineHtml(h) => out.push(Event::Text(h)),
            other => out.push(other),
        }
    }
    out
}

/// Safe HTML for a section's text (empty for an empty text).
pub fn to_html(source: &str) -> String {
    let mut raw = String::with_capacity(source.len() * 5 / 4 + 16);
    html::push_html(&mut raw, events(source).into_iter());
    SANITIZER.clean(&raw).to_string()
}

/// The words of a section's text without markup: for the search index, snippets and similarity.
/// Raw HTML counts as the characters typed, as on the page (so what a page shows can be found);
/// link targets are not words of the text.
pub fn to_plain(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for e in events(source) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_safe_subset_survives() {
        let html = to_html(
            "Mục đích: **giảm thời gian** xử lý *hồ sơ*.\nDòng hai.\n\n- Bước một\n- Bước hai\n\n3. Ba\n4. Bốn\n\n[Cổng](https://sonla.gov.vn/a?b=1) và [thư](mailto:a@b.vn)",
        );
        assert!(html.contains("<p>Mục đích: <strong>giảm thời gian</strong> xử lý <em>hồ sơ</em>.<br>\nDòng hai.</p>"), "{html}");
        assert!(
            html.contains("<ul>\n<li>Bước một</li>\n<li>Bước hai</li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<ol start=\"3\">"), "{html}");
        assert!(
            html.contains(r#"<a href="https://sonla.gov.vn/a?b=1" rel="nofollow noopener noreferrer">Cổng</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="mailto:a@b.vn""#), "{html}");
    }

    #[test]
    fn nothing_else_survives() {
        let hostile = "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n\
            [bấm](javascript:alert(1)) [tương đối](/quan-tri) <a href=\"https://a.vn\" onclick=\"x()\" style=\"color:red\">a</a>\n\n\
            # Tiêu đề\n\n<iframe src=\"https://evil\"></iframe><style>body{}</style>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
            ![ảnh](https://a.vn/x.png) <b onmouseover=x()>đậm</b> <div class=\"x\">khối</div> `mã` <!-- chú thích -->";
        let html = to_html(hostile);
        for banned in [
            "<script",
            "<img",
            "javascript:",
            "<h1",
            "<iframe",
            "<style",
            "<table",
            "<div",
            "<code",
            "<b ",
            "href=\"/quan-tri\"",
            "<!--",
        ] {
            assert!(!html.contains(banned), "{banned} survived in {html}");
        }
        // Raw HTML reads as the characters typed; markdown's words stay.
        for kept in [
            "&lt;script&gt;alert('x')&lt;/script&gt;",
            "&lt;img src=x onerror=alert(1)&gt;",
            "bấm",
            "tương đối",
            "Tiêu đề",
            "đậm",
            "khối",
            "mã",
        ] {
            assert!(html.contains(kept), "{kept} lost in {html}");
        }
        // Every tag left is one of the subset.
        let mut rest = html.as_str();
        while let Some(i) = rest.find('<') {
            let tag: String = rest[i + 1..]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(TAGS.contains(&tag.as_str()), "tag {tag} in {html}");
            rest = &rest[i + 1..];
        }
    }

    #[test]
    fn a_broken_tag_swallows_nothing() {
        let html = to_html(
            "Chi phí <5 triệu, xem <a href=\"https://a.vn chưa đóng ngoặc và các chữ sau\n\n<div>\ndòng một\ndòng hai\n</div>\n\nĐoạn cuối",
        );
        for kept in [
            "Chi phí &lt;5 triệu",
            "&lt;a href=\"https://a.vn chưa đóng ngoặc và các chữ sau",
            "<p>&lt;div&gt;<br>\ndòng một<br>\ndòng hai<br>\n&lt;/div&gt;</p>",
            "<p>Đoạn cuối</p>",
        ] {
            assert!(html.contains(kept), "{kept} lost in {html}");
        }
    }

    #[test]
    fn plain_text_keeps_the_words_and_raw_html_as_typed() {
        let plain = to_plain(
            "**Đậm** và *nghiêng*.\nDòng hai.\n\n- Một\n- Hai\n\n[Cổng](https://sonla.gov.vn) <script>xấu()</script>",
        );
        assert_eq!(
            plain,
            "Đậm và nghiêng.\nDòng hai.\nMột\nHai\nCổng <script>xấu()</script>"
        );
    }

    #[test]
    fn plain_paragraphs_render_as_before() {
        // Text typed before rich text existed (and imported records) reads the same.
        assert_eq!(
            to_html("Đoạn một\n\nĐoạn hai"),
            "<p>Đoạn một</p>\n<p>Đoạn hai</p>\n"
        );
        assert_eq!(to_html(""), "");
        assert_eq!(to_html("a < b & c > d"), "<p>a &lt; b &amp; c &gt; d</p>\n");
    }
}
