//! The progress of a long export (`ExportProgress`), followed without reloading the page.
use crate::documents::api::ExportDto;
use leptos::prelude::*;

/// Shows the server-rendered state (`children`) until the first news; while the export is waiting
/// or under way, asks where it is every second and a half and redraws its progress, then the link
/// to its file. Without JavaScript the page's own link looks again.
#[island]
pub fn ExportProgress(initial: ExportDto, children: Children) -> impl IntoView {
    let state = RwSignal::new(None::<ExportDto>);
    #[cfg(feature = "hydrate")]
    if initial.pending() {
        use std::cell::Cell;
        use std::rc::Rc;
        let id = initial.id;
        let busy = Rc::new(Cell::new(false));
        let handle: Rc<Cell<Option<leptos::prelude::IntervalHandle>>> = Rc::new(Cell::new(None));
        let h = handle.clone();
        if let Ok(started) = set_interval_with_handle(
            move || {
                if busy.get() {
                    return;
                }
                busy.set(true);
                let (busy, h) = (busy.clone(), h.clone());
                leptos::task::spawn_local(async move {
                    if let Ok(e) = crate::documents::api::export_status(id).await {
                        if !e.pending()
                            && let Some(stop) = h.take()
                        {
                            stop.clear();
                        }
                        state.set(Some(e));
                    }
                    busy.set(false);
                });
            },
            std::time::Duration::from_millis(1500),
        ) {
            handle.set(Some(started));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &initial;
    view! {
        <div hidden=move || state.with(Option::is_some)>{children()}</div>
        {move || state.get().map(|e| crate::documents::pages::export_state(&e))}
    }
}
