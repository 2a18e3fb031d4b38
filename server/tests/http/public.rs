//! What the public sees: the read API (v1) and suggestions, the search page and its facets,
//! feeds, open data, unit and author pages, statistics; and confidential text kept off them all.
use crate::support::*;

#[tokio::test]
async fn the_public_api_lists_only_recognised_entries() {
    let app = TestApp::with_demo().await;
    let db = &app.ctx.services.db;
    app.index().await;
    let json: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/initiatives?per_page=100", None).await.body)
            .unwrap();
    let total = json["total"].as_u64().unwrap();
    let recognised = domain::submission::initiatives::counts(db, None)
        .await
        .unwrap()
        .recognised;
    assert_eq!(total, recognised);
    assert!(
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["level"].is_null())
    );
    // A page far past the end is empty, not an error (nor a huge allocation).
    for huge in ["99999999999", "18446744073709551615"] {
        let far = app
            .get(&format!("/api/v1/initiatives?page={huge}"), None)
            .await;
        assert_eq!(far.status, StatusCode::OK, "{huge}");
        let far: serde_json::Value = serde_json::from_str(&far.body).unwrap();
        assert_eq!(far["items"].as_array().unwrap().len(), 0);
        assert_eq!(far["total"].as_u64().unwrap(), recognised);
        let page = app.get(&format!("/tim-kiem?trang={huge}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{huge}");
    }
    assert_eq!(
        app.get("/api/v1/initiatives?per_page=101", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/initiatives?pillar=khong_co", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let filtered: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/initiatives?pillar=kinh_te_so&sort=score", None)
            .await
            .body,
    )
    .unwrap();
    let items = filtered["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|i| i["pillar"] == "kinh_te_so"));
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "sorted by score: {scores:?}"
    );
}

#[tokio::test]
async fn suggestions_while_typing_are_recognised_titles_only() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let suggest = |q: &'static str| {
        let app = &app;
        async move {
            let r = app
                .get(&format!("/api/v1/suggest?q={}", enc(q)), None)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{q}");
            serde_json::from_str::<app::dto::SuggestionsDto>(&r.body).unwrap()
        }
    };
    // The last word unfinished, no diacritics: the recognised entry, with its page, unit and year.
    let found = suggest("truy xuat ng").await;
    assert_eq!(found.q, "truy xuat ng");
    let first = &found.items[0];
    assert_eq!(first.title, "Truy xuất nguồn gốc xoài Yên Châu bằng mã QR");
    assert_eq!(first.url, format!("/sang-kien/{}", first.id));
    let public = app.get(&first.url, None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!first.unit.is_empty() && first.year > 2000);
    // A refused entry is never suggested, however its title is typed.
    for typed in ["lich tuoi", "Lịch tưới cà", "lich tuoi ca phe"] {
        assert!(
            suggest(typed)
                .await
                .items
                .iter()
                .all(|s| !s.title.contains("Lịch tưới cà phê")),
            "{typed}"
        );
    }
    // One letter suggests nothing; the number asked for is bounded.
    assert!(suggest("t").await.items.is_empty());
    for bad in ["0", "9", "nhieu"] {
        assert_eq!(
            app.get(&format!("/api/v1/suggest?q=so&limit={bad}"), None)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }
    let two: app::dto::SuggestionsDto =
        serde_json::from_str(&app.get("/api/v1/suggest?q=so&limit=2", None).await.body).unwrap();
    assert!(two.items.len() <= 2);
    // Without JavaScript the search box is a plain input of the form (the combobox comes with it).
    let home = app.get("/", None).await;
    assert!(
        home.body.contains(r#"id="q" name="q" type="search""#),
        "{}",
        home.body
    );
    assert!(!home.body.contains(r#"role="combobox""#));
}

#[tokio::test]
async fn confidential_sections_stay_off_every_public_page_and_the_api() {
    let app = TestApp::new().await;
    let s = app.sign_in("tacgia@thu.nghiem.vn").await;
    let mut form = submission(
        &app.f.open_campaign.to_string(),
        "Số hóa sổ hộ tịch cũ",
        "40",
    );
    set(
        &mut form,
        "known_solution",
        "Cách làm nội bộ mật-zircon-77 của phòng tư pháp.",
    );
    form.push(("confidential[known_solution]".into(), "on".into()));
    let r = app.post_form("/api/nop-sang-kien", &form, Some(&s)).await;
    let id = filed_id(&r.location);
    let own = app.get(&format!("/ho-so/{id}"), Some(&s)).await;
    assert!(own.body.contains("mật-zircon-77"), "the filer sees it");
    assert!(own.body.contains("Bảo mật"));
    assert!(
        own.body.contains("15/09/1985") || own.body.contains("12/04/1985"),
        "own particulars shown"
    );
    app.recognise(id).await;
    app.index().await;
    let public = app.get(&format!("/sang-kien/{id}"), None).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Số hóa sổ hộ tịch cũ"));
    for leak in ["mật-zircon-77", "12/04/1985", "1985-04-12", "02/09/1990"] {
        assert!(!public.body.contains(leak), "public page leaks {leak}");
        let api = app.get(&format!("/api/v1/initiatives/{id}"), None).await;
        assert!(!api.body.contains(leak), "API leaks {leak}");
    }
    let search = app.get("/api/v1/initiatives?q=zircon", None).await;
    let json: serde_json::Value = serde_json::from_str(&search.body).unwrap();
    assert_eq!(json["total"], 0);
    // Nor does any other public channel: feeds, downloads, search pages and their excerpts.
    for path in [
        "/feeds/initiatives.atom",
        "/feeds/initiatives.atom?q=ho+tich",
        "/open-data/initiatives.csv",
        "/open-data/initiatives.json",
        "/tim-kiem?q=ho+tich",
        "/api/v1/initiatives?q=ho+tich",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains("Số hóa sổ hộ tịch cũ"), "{path} lists it");
        for leak in [
            "zircon",
            "12/04/1985",
            "1985-04-12",
            "02/09/1990",
            "@thu.nghiem.vn",
        ] {
            assert!(!r.body.contains(leak), "{path} leaks {leak}");
        }
    }
    for path in ["/feeds/initiatives.atom?q=zircon", "/tim-kiem?q=zircon"] {
        let r = app.get(path, None).await;
        assert!(
            !r.body.contains("Số hóa sổ hộ tịch cũ"),
            "{path} finds it by its secret"
        );
    }
}

/// The place facet on the demo data: a former district finds today's communes formed from it, in
/// the search page, the API and the feed; its label says until when it existed.
#[tokio::test]
async fn a_former_district_finds_the_communes_formed_from_it() {
    let app = TestApp::with_demo().await;
    app.index().await;
    // Sốp Cộp district: Xã Sốp Cộp and Xã Mường Lèo have recognised entries; Mường Lạn's is only
    // submitted.
    let page = app.get("/tim-kiem?dia-ban=h_sop_cop", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("2 sáng kiến được công nhận"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Lớp học số cho học sinh bán trú"));
    assert!(
        page.body
            .contains("Phát thanh thông minh bằng tiếng dân tộc")
    );
    assert!(!page.body.contains("Hóa đơn điện tử cho hộ kinh doanh"));
    let facet = page
        .body
        .split(r#"id="loc-dia-ban""#)
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("the place facet");
    assert!(facet.contains("Địa bàn"), "{facet}");
    assert!(facet.contains("Huyện Sốp Cộp (đến 30/06/2025)"), "{facet}");
    assert!(facet.contains("Xã Mường Lèo"), "{facet}");
    assert_eq!(facet.matches(r#"aria-current="true""#).count(), 1);
    // The form for a new query keeps the place.
    assert!(
        page.body
            .contains(r#"<input type="hidden" name="dia-ban" value="h_sop_cop""#)
    );
    // Today's commune alone.
    let one = app.get("/tim-kiem?dia-ban=xa_muong_leo", None).await;
    assert!(one.body.contains("1 sáng kiến được công nhận"));
    // The API and the feed take the same filter.
    let api: serde_json::Value = serde_json::from_str(
        &app.get("/api/v1/initiatives?place=h_sop_cop", None)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(api["total"], 2);
    assert_eq!(api["facets"]["place"]["h_sop_cop"], 2);
    assert_eq!(api["facets"]["place"]["xa_sop_cop"], 1);
    let feed = app
        .get("/feeds/initiatives.atom?place=h_sop_cop", None)
        .await;
    assert_eq!(feed.body.matches("<entry>").count(), 2, "{}", feed.body);
    // The district's own page leads to every entry of its area.
    let district = app.get("/don-vi/h_sop_cop", None).await;
    assert!(district.body.contains("Huyện Sốp Cộp"));
    assert!(
        district
            .body
            .contains(r#"href="/tim-kiem?dia-ban=h_sop_cop""#),
        "{}",
        district.body
    );
    let department = app.get("/don-vi/so_y_te", None).await;
    assert!(
        !department.body.contains("dia-ban="),
        "a department is no place"
    );
    // A place no unit has matches nothing.
    let none = app.get("/tim-kiem?dia-ban=khong_co", None).await;
    assert!(none.body.contains("0 sáng kiến được công nhận"));
}

/// The search page on the demo data: facets with counts that filter through the address, filters
/// kept by pagination, sorting and a new query; highlighted excerpts; "did you mean".
#[tokio::test]
async fn search_page_filters_by_facets_in_the_address() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let page = app.get("/tim-kiem?q=nong+san", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Lọc kết quả"), "facets shown");
    assert!(page.body.contains("<mark>"), "excerpts highlight the words");
    // Sector facet: agriculture has two recognised demo entries (the coffee one was refused).
    let page = app.get("/tim-kiem?linh-vuc=nong_nghiep", None).await;
    assert!(
        page.body.contains("2 sáng kiến được công nhận"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Quản lý đàn bò sữa bằng thẻ tai điện tử")
    );
    assert!(
        page.body
            .contains("Truy xuất nguồn gốc xoài Yên Châu bằng mã QR")
    );
    assert!(
        !page.body.contains("Lịch tưới cà phê"),
        "refused entries never appear"
    );
    // The selected value links back to the unfiltered search; the new-query form keeps the filter.
    assert!(page.body.contains(r#"aria-current="true""#));
    assert!(
        page.body
            .contains(r#"<input type="hidden" name="linh-vuc" value="nong_nghiep""#)
    );
    // The unit facet: the units of these entries with their counts; choosing one keeps the sector.
    let unit_href = page
        .body
        .split("id=\"loc-don-vi\"")
        .nth(1)
        .and_then(|s| s.split("href=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("a unit facet")
        .replace("&amp;", "&");
    assert!(
        unit_href.contains("linh-vuc=nong_nghiep") && unit_href.contains("don-vi="),
        "{unit_href}"
    );
    let by_unit = app.get(&unit_href, None).await;
    assert!(
        by_unit.body.contains("1 sáng kiến được công nhận")
            || by_unit.body.contains("2 sáng kiến được công nhận"),
        "{}",
        by_unit.body
    );
    let facets = by_unit
        .body
        .split(r#"id="bo-loc""#)
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        facets.matches(r#"aria-current="true""#).count(),
        2,
        "sector and unit both selected"
    );
    // Filters typed in the query work too.
    let typed = app
        .get("/tim-kiem?q=linh-vuc%3Anong_nghiep+xoai", None)
        .await;
    assert!(typed.body.contains("Truy xuất nguồn gốc xoài"));
    assert!(!typed.body.contains("Quản lý đàn bò sữa"));
    // Pagination keeps the sort (and any filter) in the address.
    let all = app.get("/tim-kiem?sap-xep=newest", None).await;
    assert!(
        all.body
            .contains("href=\"/tim-kiem?sap-xep=newest&amp;trang=2\""),
        "{}",
        all.body
    );
    // Nothing found: a corrected query is offered, and it finds the entry.
    let none = app
        .get(
            "/tim-kiem?q=th%E1%BA%BB+tai+%C4%91i%E1%BB%87n+t%E1%BB%ADu",
            None,
        )
        .await;
    assert!(none.body.contains("Có phải bạn muốn tìm:"), "{}", none.body);
    let href = none
        .body
        .split("class=\"did-you-mean\"")
        .nth(1)
        .and_then(|s| s.split("href=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let fixed = app.get(&href, None).await;
    assert!(
        fixed
            .body
            .contains("Quản lý đàn bò sữa bằng thẻ tai điện tử"),
        "{href}"
    );
    // The API's search results carry the excerpt.
    let api = app.get("/api/v1/initiatives?q=the+tai", None).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(
        json["facets"]["unit"]
            .as_object()
            .is_some_and(|u| !u.is_empty()),
        "{json}"
    );
    assert_eq!(json["fallback"], false);
    assert!(
        json["items"][0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("<mark>")),
        "{json}"
    );
}

/// Never a dead end (issue 18): a long query one of whose words no entry has finds the entry with
/// most of them, says so beside the results, and the count and facets describe what is shown; when
/// a few have every word, the note says they come first.
#[tokio::test]
async fn a_long_query_with_a_word_no_entry_has_still_finds_and_says_so() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let note = "Không có sáng kiến nào chứa đủ mọi từ bạn gõ";
    let page = app
        .get(
            &format!(
                "/tim-kiem?q={}",
                enc("đặt lịch khám bệnh cho người dân trực tuyến")
            ),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Đặt lịch khám bệnh trực tuyến tại bệnh viện tỉnh"),
        "{}",
        page.body
    );
    assert!(page.body.contains(note), "{}", page.body);
    assert!(
        !page.body.contains("0 sáng kiến được công nhận"),
        "the count is of what is shown"
    );
    // The same in the API, which has no note but the same total.
    let api = app
        .get(
            &format!(
                "/api/v1/initiatives?q={}",
                enc("đặt lịch khám bệnh cho người dân trực tuyến")
            ),
            None,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert!(json["total"].as_u64().is_some_and(|n| n >= 1), "{json}");
    let exact = app
        .get(
            &format!("/tim-kiem?q={}", enc("đặt lịch khám bệnh trực tuyến")),
            None,
        )
        .await;
    assert!(
        exact
            .body
            .contains("Đặt lịch khám bệnh trực tuyến tại bệnh viện tỉnh")
    );
    assert!(!exact.body.contains(note), "{}", exact.body);
    // Fewer than a page have every word: they come first, and the page says how many.
    assert!(
        exact
            .body
            .contains("sáng kiến đầu tiên chứa đủ mọi từ bạn gõ"),
        "{}",
        exact.body
    );
}

/// Open data on the demo data: downloads, the feed and the sitemap hold every recognised entry and
/// nothing else; the OpenAPI document, the data dictionary, and the detail page's structured data,
/// Open Graph tags and similar solutions.
#[tokio::test]
async fn open_data_holds_recognised_entries_only() {
    let app = TestApp::with_demo().await;
    app.index().await;
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/initiatives?per_page=100", None).await.body)
            .unwrap();
    let mut public: Vec<i64> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    public.sort();
    assert!(public.len() > 20);
    let ids_in = |body: &str, prefix: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = body
            .split(prefix)
            .skip(1)
            .filter_map(|rest| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    // CSV: BOM, the documented header, one row per recognised entry.
    let csv = app.get("/open-data/initiatives.csv", None).await;
    assert!(
        csv.body
            .starts_with("\u{feff}id,external_id,code,campaign,year,title,")
    );
    assert_eq!(csv.body.trim_end().lines().count(), public.len() + 1);
    assert_eq!(ids_in(&csv.body, "/sang-kien/"), public);
    // JSON: the API's objects.
    let json: serde_json::Value =
        serde_json::from_str(&app.get("/open-data/initiatives.json", None).await.body).unwrap();
    let mut ids: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, public);
    // Sitemap and feed: public entries only; the feed follows the search's filters.
    let sitemap = app.get("/sitemap.xml", None).await;
    assert_eq!(ids_in(&sitemap.body, "/sang-kien/"), public);
    let feed = app.get("/feeds/initiatives.atom", None).await;
    assert!(
        feed.body.starts_with("<?xml")
            && feed
                .body
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    assert!(feed.body.contains("<id>urn:sangkien:feed:all</id>"));
    assert!(
        feed.body
            .contains(r#"<link rel="self" href="/feeds/initiatives.atom"/>"#)
    );
    let in_feed = ids_in(&feed.body, "urn:sangkien:initiative:");
    assert!(!in_feed.is_empty() && in_feed.iter().all(|id| public.contains(id)));
    let farming = app
        .get("/feeds/initiatives.atom?sector=nong_nghiep", None)
        .await;
    assert_eq!(farming.body.matches("<entry>").count(), 2);
    assert!(
        farming
            .body
            .contains("Quản lý đàn bò sữa bằng thẻ tai điện tử")
    );
    let bad = app
        .get("/feeds/initiatives.atom?sector=khong_co", None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The search page offers the feed of the same search.
    let page = app
        .get("/tim-kiem?q=bo+sua&linh-vuc=nong_nghiep", None)
        .await;
    assert!(
        page.body
            .contains("/feeds/initiatives.atom?q=bo+sua&amp;sector=nong_nghiep")
    );
    // The OpenAPI document and the data dictionary.
    let doc: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/openapi.json", None).await.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/initiatives"]["get"].is_object());
    let dictionary = app.get("/du-lieu-mo", None).await;
    assert_eq!(dictionary.status, StatusCode::OK);
    assert!(dictionary.body.contains("Từ điển dữ liệu") && dictionary.body.contains("external_id"));
    // Detail page: structured data, Open Graph, five similar solutions (not itself).
    let id = public[0];
    let detail = app.get(&format!("/sang-kien/{id}"), None).await;
    let ld = detail
        .body
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "CreativeWork");
    assert_eq!(ld["@context"], "https://schema.org");
    assert!(ld["author"][0]["name"].is_string());
    assert!(detail.body.contains(r#"property="og:title""#));
    assert!(
        detail
            .body
            .contains(r#"property="og:type" content="article""#)
    );
    let similar = detail
        .body
        .split(r#"id="tuong-tu""#)
        .nth(1)
        .expect("similar solutions");
    let shown = ids_in(similar, "href=\"/sang-kien/");
    assert!(!shown.is_empty() && shown.len() <= 5, "{shown:?}");
    assert!(!shown.contains(&id), "not itself");
}

/// Unit and author pages on the demo data: recognised solutions only, with level, year and share;
/// authors found by name however it is capitalised; the detail page links to both.
#[tokio::test]
async fn unit_and_author_pages_list_recognised_solutions() {
    let app = TestApp::with_demo().await;
    let unit = app.get("/don-vi/xa_muong_bam", None).await;
    assert_eq!(unit.status, StatusCode::OK);
    assert!(unit.body.contains("Số hóa hồ sơ một cửa cấp xã"));
    assert!(unit.body.contains("sáng kiến được công nhận"));
    assert_eq!(
        app.get("/don-vi/khong_co", None).await.status,
        StatusCode::NOT_FOUND
    );
    let person = app
        .get("/tac-gia?ten=l%C3%B2+v%C4%83n++TH%E1%BA%AENG", None)
        .await;
    assert_eq!(person.status, StatusCode::OK);
    assert!(
        person.body.contains("Số hóa hồ sơ một cửa cấp xã"),
        "{}",
        person.body
    );
    assert!(person.body.contains("60%") && person.body.contains("Cấp tỉnh"));
    assert!(person.body.contains("<td>2025</td>"));
    // The author of a refused entry has no recognised solution to show.
    let refused = app.get("/tac-gia?ten=M%C3%B9a+A+Ch%C3%B4ng", None).await;
    assert!(
        refused
            .body
            .contains("Không có sáng kiến được công nhận nào")
    );
    assert!(!refused.body.contains("Chữ ký số cho trưởng bản"));
    // The detail page links its unit and authors.
    let id = domain::public::all_views(&app.ctx.services)
        .await
        .unwrap()
        .into_iter()
        .find(|v| v.title == "Số hóa hồ sơ một cửa cấp xã")
        .unwrap()
        .id;
    let detail = app.get(&format!("/sang-kien/{id}"), None).await;
    assert!(detail.body.contains(r#"href="/don-vi/xa_muong_bam""#));
    assert!(
        detail
            .body
            .contains("href=\"/tac-gia?ten=L%C3%B2+V%C4%83n+Th%E1%BA%AFng\"")
    );
}

/// The statistics page: server-drawn charts, each with its data table; published outcomes only.
#[tokio::test]
async fn statistics_are_drawn_on_the_server_with_their_tables() {
    let app = TestApp::with_demo().await;
    let recognised = domain::public::all_views(&app.ctx.services)
        .await
        .unwrap()
        .len();
    let page = app.get("/thong-ke", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("Tổng số sáng kiến được công nhận: {recognised}")),
        "{}",
        page.body
    );
    assert!(page.body.matches("<svg").count() >= 6);
    assert!(page.body.contains(r#"role="img""#));
    assert!(page.body.contains("Tỷ lệ công nhận theo đợt"));
    // The agriculture row: two recognised (the refused coffee entry does not count).
    assert!(
        page.body
            .contains(r#"<th scope="row">Nông nghiệp</th><td>2</td>"#)
    );
    // Each campaign's filed and recognised counts, and the rate.
    let counts = domain::submission::initiatives::counts(&app.ctx.services.db, None)
        .await
        .unwrap();
    assert_eq!(counts.recognised as usize, recognised);
    assert!(page.body.contains('%'));
    // A rate only for campaigns whose announcement is out; the others are "in progress" (issue 19).
    let stats = domain::public::statistics(&app.ctx.services).await.unwrap();
    let (announced, running): (Vec<_>, Vec<_>) = stats.campaigns.iter().partition(|c| c.announced);
    assert!(
        !announced.is_empty() && !running.is_empty(),
        "the demo has both"
    );
    for c in running {
        let row = format!(
            "<th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>Đang diễn ra, chưa công bố kết quả</td>",
            c.name, c.submitted, c.recognised
        );
        assert!(page.body.contains(&row), "{row}");
    }
    for c in announced {
        let row = format!(
            "<th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>",
            c.name, c.submitted, c.recognised
        );
        let at = page.body.find(&row).unwrap_or_else(|| panic!("{row}"));
        assert!(
            page.body[at + row.len()..]
                .split("</td>")
                .next()
                .unwrap()
                .ends_with('%')
        );
    }
}
