//! The router and the harness themselves: building routers while pages are being rendered, and
//! the health and readiness checks.
use crate::support::*;
use axum::body::Body;

/// Building a router while pages are being rendered must not stall them: generating the route list
/// suppresses resource loading through a process-wide flag (leptos-rs/leptos#4773), so it happens once.
#[tokio::test]
async fn building_routers_does_not_stall_pages_being_rendered() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = TestApp::new().await;
    let stop = Arc::new(AtomicBool::new(false));
    let builder = {
        let (stop, services, mailer) = (stop.clone(), app.ctx.services.clone(), app.mailer.clone());
        std::thread::spawn(move || {
            // Building a router spawns tasks: give this thread a runtime, as a server has.
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let _in_runtime = rt.enter();
            let mut built = 0;
            while !stop.load(Ordering::Relaxed) {
                drop(server::router(
                    services.clone(),
                    mailer.clone(),
                    server::leptos_options(),
                    app::request::WebConfig::default(),
                ));
                built += 1;
            }
            built
        })
    };
    for i in 0..40 {
        let req = Request::get("/").body(Body::empty()).unwrap();
        let page = tokio::time::timeout(std::time::Duration::from_secs(15), app.send_now(req))
            .await
            .unwrap_or_else(|_| panic!("home page {i} stalled while routers were being built"));
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Đợt thi đua hiện tại"), "{}", page.body);
    }
    stop.store(true, Ordering::Relaxed);
    assert!(builder.join().unwrap() > 0);
}

#[tokio::test]
async fn health_is_up_and_ready_only_once_the_index_exists() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    assert_eq!(
        app.get("/readyz", None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    app.index().await;
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
}
