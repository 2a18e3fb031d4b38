//! The progress of a long export (`ExportProgress`), followed without reloading the page.
use crate::documents::api::ExportDto;
use leptos::prelude::*;

/// Around the server-rendered state of an export (`documents::pages::export_state`): while the
/// export waits or is made, asks where it is every second and a half and updates that state in
/// place (words, progress bar, count, then the link to its file). It renders nothing of its own, so
/// it adds little to the wasm. Without JavaScript the page's own link looks again.
#[island]
pub fn ExportProgress(initial: ExportDto, children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    if initial.pending() {
        follow(initial.id);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &initial;
    children()
}

#[cfg(feature = "hydrate")]
fn follow(id: i64) {
    use std::cell::Cell;
    use std::rc::Rc;
    let busy = Rc::new(Cell::new(false));
    let handle: Rc<Cell<Option<IntervalHandle>>> = Rc::new(Cell::new(None));
    let h = handle.clone();
    let started = set_interval_with_handle(
        move || {
            if busy.replace(true) {
                return;
            }
            let (busy, h) = (busy.clone(), h.clone());
            leptos::task::spawn_local(async move {
                if let Ok(e) = crate::documents::api::export_status(id).await {
                    show(&e);
                    if !e.pending()
                        && let Some(stop) = h.take()
                    {
                        stop.clear();
                    }
                }
                busy.set(false);
            });
        },
        std::time::Duration::from_millis(1500),
    );
    if let Ok(started) = started {
        handle.set(Some(started));
    }
}

/// Writes the export's state into the page's elements.
#[cfg(feature = "hydrate")]
fn show(e: &ExportDto) {
    use crate::i18n::t_with;
    let doc = document();
    let by_id = |id: &str| doc.get_element_by_id(id);
    if let Some(el) = by_id("xuat-trang-thai") {
        el.set_text_content(Some(&crate::documents::pages::export_status_text(
            &e.status,
            e.failure.as_deref(),
        )));
    }
    if let Some(el) = by_id("xuat-tien-do") {
        let _ = el.set_attribute("max", &e.total.max(1).to_string());
        let _ = el.set_attribute("value", &e.done.to_string());
        if !e.pending() {
            let _ = el.set_attribute("hidden", "");
        }
    }
    if let Some(el) = by_id("xuat-dem").filter(|_| e.total > 0) {
        el.set_text_content(Some(&t_with(
            "documents.export.counted",
            &[("done", e.done.to_string()), ("total", e.total.to_string())],
        )));
    }
    if e.status == "done"
        && let Some(el) = by_id("xuat-tep")
    {
        if let Some(a) = el.first_element_child() {
            let name = e.file_name.clone().unwrap_or_default();
            a.set_text_content(Some(&t_with(
                "documents.export.download",
                &[("name", name)],
            )));
        }
        let _ = el.remove_attribute("hidden");
    }
}
