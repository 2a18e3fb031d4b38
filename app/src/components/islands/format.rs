//! The formatting bar of a long section's textarea (`FormatBar`), with the marks its buttons insert.
use crate::i18n::t;
use leptos::prelude::*;

/// Formatting buttons and a preview for one long section's textarea (`target` is its id). Without
/// JavaScript nothing shows here: the guide above the sections explains the same marks, typed by hand.
/// The buttons only insert those marks into the text; what reaches a page is always rendered and
/// sanitised on the server (the preview asks the server too).
#[island]
pub fn FormatBar(target: String, label: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    let preview = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| ready.set(true));
    // The server renders nothing here (the buttons need JavaScript); the browser adds the bar.
    let bar = move || -> Option<AnyView> {
        #[cfg(feature = "hydrate")]
        return ready
            .get()
            .then(|| browser::format_bar(target.clone(), label.clone(), preview));
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&target, &label);
            ready.get().then(|| ().into_any())
        }
    };
    view! {
        {bar}
        {move || preview.get().map(|html| view! {
            <div class="format-preview" aria-live="polite">
                <p class="hint">{t("format.preview_note")}</p>
                <div class="prose" inner_html=html></div>
            </div>
        })}
    }
}

/// What a formatting button puts around the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Bold,
    Italic,
    List,
    Numbered,
    Link,
}

impl Mark {
    /// The text with the mark applied to `text[start..end]` (byte offsets on char boundaries), and
    /// the new selection. Lists prefix every selected line; a link keeps the words (or `link_words`
    /// when nothing is selected) and selects the address to type.
    pub fn apply(
        self,
        text: &str,
        start: usize,
        end: usize,
        link_words: &str,
    ) -> (String, usize, usize) {
        let (before, selected, after) = (&text[..start], &text[start..end], &text[end..]);
        let wrap = |m: &str| {
            let out = format!("{before}{m}{selected}{m}{after}");
            (out, start + m.len(), end + m.len())
        };
        match self {
            Mark::Bold => wrap("**"),
            Mark::Italic => wrap("*"),
            Mark::List | Mark::Numbered => {
                // Whole lines: from the start of the first selected line.
                let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
                let head = &text[..line_start];
                let lines = &text[line_start..end];
                let mut body = String::new();
                for (i, line) in lines.split('\n').enumerate() {
                    if i > 0 {
                        body.push('\n');
                    }
                    if self == Mark::List {
                        body.push_str("- ");
                    } else {
                        body.push_str(&format!("{}. ", i + 1));
                    }
                    body.push_str(line);
                }
                // A list needs a blank line before it to start.
                let gap = if head.is_empty() || head.ends_with("\n\n") {
                    ""
                } else if head.ends_with('\n') {
                    "\n"
                } else {
                    "\n\n"
                };
                let out = format!("{head}{gap}{body}{after}");
                let new_start = head.len() + gap.len();
                (out, new_start, new_start + body.len())
            }
            Mark::Link => {
                let words = if selected.is_empty() {
                    link_words
                } else {
                    selected
                };
                let url = "https://";
                let out = format!("{before}[{words}]({url}){after}");
                let url_at = start + words.len() + 3;
                (out, url_at, url_at + url.len())
            }
        }
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::components::islands::common::post;
    use crate::i18n::{t, t_with};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{HtmlTextAreaElement, UrlSearchParams};

    /// The formatting toolbar of one textarea: a button per mark, and the preview toggle.
    pub fn format_bar(target: String, label: String, preview: RwSignal<Option<String>>) -> AnyView {
        use super::Mark;
        let button = |key: &'static str, mark: Mark| {
            let target = target.clone();
            view! {
                <button type="button" class="format-button" on:click=move |_| apply_mark(&target, mark)>
                    {t(key)}
                </button>
            }
        };
        let preview_target = target.clone();
        let toggle_preview = move |_| {
            if preview.get_untracked().is_some() {
                preview.set(None);
                return;
            }
            let target = preview_target.clone();
            leptos::task::spawn_local(async move {
                let html = render_preview(&target)
                    .await
                    .unwrap_or_else(|_| format!("<p>{}</p>", t("format.preview_failed")));
                preview.set(Some(html));
            });
        };
        view! {
            <div class="format-bar" role="toolbar" aria-label=t_with("format.bar", &[("section", label)]) aria-controls=target.clone()>
                {button("format.bold", Mark::Bold)}
                {button("format.italic", Mark::Italic)}
                {button("format.list", Mark::List)}
                {button("format.numbered", Mark::Numbered)}
                {button("format.link", Mark::Link)}
                <button type="button" class="format-button" aria-expanded=move || preview.get().is_some().to_string() on:click=toggle_preview>
                    {move || t(if preview.get().is_some() { "format.hide_preview" } else { "format.preview" })}
                </button>
            </div>
        }
        .into_any()
    }

    /// Applies a formatting mark to the textarea's selection and tells the form (autosave) it changed.
    fn apply_mark(target: &str, mark: super::Mark) {
        let Some(area) = document()
            .get_element_by_id(target)
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        else {
            return;
        };
        let text = area.value();
        // The browser counts UTF-16 units; the mark works on byte offsets.
        let to_byte = |units: u32| {
            let mut seen = 0u32;
            for (i, c) in text.char_indices() {
                if seen >= units {
                    return i;
                }
                seen += c.len_utf16() as u32;
            }
            text.len()
        };
        let start = to_byte(area.selection_start().ok().flatten().unwrap_or(0));
        let end = to_byte(area.selection_end().ok().flatten().unwrap_or(0)).max(start);
        let (out, s, e) = mark.apply(&text, start, end, &t("format.link_words"));
        area.set_value(&out);
        let units = |b: usize| out[..b].encode_utf16().count() as u32;
        let _ = area.focus();
        let _ = area.set_selection_range(units(s), units(e));
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = area.dispatch_event(&ev);
        }
    }

    /// The server's rendering of the textarea's text.
    async fn render_preview(target: &str) -> Result<String, JsValue> {
        let text = document()
            .get_element_by_id(target)
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
            .map(|a| a.value())
            .unwrap_or_default();
        let params = UrlSearchParams::new()?;
        params.set("text", &text);
        let answer = post(
            crate::paths::api::<crate::submission::api::PreviewText>(),
            &params,
        )
        .await?;
        serde_json::from_str::<String>(&answer).map_err(|_| JsValue::from_str("unexpected answer"))
    }
}

#[cfg(test)]
mod tests {
    use super::Mark;

    #[test]
    fn marks_wrap_the_selection() {
        let t = "Giảm thời gian xử lý";
        let start = t.find("thời").unwrap();
        let end = t.find(" xử").unwrap();
        let (out, s, e) = Mark::Bold.apply(t, start, end, "");
        assert_eq!(out, "Giảm **thời gian** xử lý");
        assert_eq!(&out[s..e], "thời gian");
        assert_eq!(Mark::Italic.apply(t, 0, 0, "").0, "**Giảm thời gian xử lý");
    }

    #[test]
    fn lists_take_whole_lines_and_start_on_a_new_paragraph() {
        let t = "Các bước:\nMở cổng\nĐiền mẫu";
        let start = t.find("cổng").unwrap();
        let (out, s, e) = Mark::Numbered.apply(t, start, t.len(), "");
        assert_eq!(out, "Các bước:\n\n1. Mở cổng\n2. Điền mẫu");
        assert_eq!(&out[s..e], "1. Mở cổng\n2. Điền mẫu");
        assert_eq!(Mark::List.apply("Một", 0, "Một".len(), "").0, "- Một");
    }

    #[test]
    fn a_link_selects_the_address_to_type() {
        let (out, s, e) = Mark::Link.apply("Xem cổng", 4, "Xem cổng".len(), "liên kết");
        assert_eq!(out, "Xem [cổng](https://)");
        assert_eq!(&out[s..e], "https://");
        let (out, _, _) = Mark::Link.apply("", 0, 0, "liên kết");
        assert_eq!(out, "[liên kết](https://)");
    }
}
