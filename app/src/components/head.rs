//! Everything a page puts into the document head goes through here, so user text (an entry's
//! title, a unit's or a reviewer's name) is escaped in one place.
//!
//! leptos_meta writes the text of `<Title>` into `<title>…</title>` exactly as given (0.8.7, the
//! version in use, and 0.9.0-rc1 alike: `ServerMetaContext::inject_meta_context` pushes the string
//! unescaped), so a title such as `x </title><script>…</script>` would close the element and run
//! its script. [`Title`] escapes the text first. `<title>` holds escapable raw text, so the browser
//! shows `&lt;` as `<`: the visitor reads the title as typed. `<Meta>` attributes are escaped by
//! tachys (`escape_attr`); [`Meta`] is here so that pages need nothing from leptos_meta but the
//! site-wide formatter and stylesheet in `lib.rs` (a test in this module keeps it that way).
//!
//! Pages render their head on the server only (islands: page components are never hydrated), so the
//! escaped text never reaches `document.title` through the browser.
use leptos::prelude::*;

/// Escapes text for the inside of an HTML element (`&`, `<`, `>`).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's title (the site's name is appended by the formatter in `App`).
#[component]
pub fn Title(#[prop(into)] text: String) -> impl IntoView {
    view! { <leptos_meta::Title text=escape_text(&text)/> }
}

/// A `<meta>` element: `name=…` or `property=…` (Open Graph), with its content.
#[component]
pub fn Meta(
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] property: Option<&'static str>,
    #[prop(into)] content: String,
) -> impl IntoView {
    match (name, property) {
        (Some(name), _) => view! { <leptos_meta::Meta name=name content=content/> }.into_any(),
        (None, Some(property)) => {
            view! { <leptos_meta::Meta property=property content=content/> }.into_any()
        }
        (None, None) => ().into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_close_its_element() {
        let hostile = "x </title><script>alert(1)</script><title>";
        let escaped = escape_text(hostile);
        assert!(!escaped.contains('<') && !escaped.contains('>'));
        assert_eq!(
            escaped,
            "x &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;title&gt;"
        );
        assert_eq!(
            escape_text("Tom & Jerry – Sơn La"),
            "Tom &amp; Jerry – Sơn La"
        );
    }

    /// Every page sets its head through this module: a `use leptos_meta::{Title, Meta}` elsewhere
    /// would write user text into the head unescaped again.
    #[test]
    fn no_page_takes_title_or_meta_from_leptos_meta() {
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut offenders = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(src)];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("components/head.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    // Every path through leptos_meta, up to the end of its statement or tag (a
                    // `use` may span lines): none may name `Title`, `Meta` or `*`, except the
                    // App's formatter, which sets no text.
                    for (at, _) in text.match_indices("leptos_meta::") {
                        let rest = &text[at..];
                        let end = rest.find([';', '>']).unwrap_or(rest.len());
                        let path_text = &rest[..end];
                        let names =
                            path_text.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '*');
                        let formatter = path_text.starts_with("leptos_meta::Title formatter=");
                        if !formatter
                            && names
                                .into_iter()
                                .any(|n| n == "Title" || n == "Meta" || n == "*")
                        {
                            offenders.push(format!("{}: {}", path.display(), path_text.trim()));
                        }
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "use components::head instead: {offenders:#?}"
        );
    }
}
