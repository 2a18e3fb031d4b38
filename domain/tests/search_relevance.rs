//! Search relevance on a fixed corpus: what a person means, however they type it (shared/DOMAIN.md
//! §5). The corpus is written straight into an index; no database is involved.
use domain::public::search::{Document, SearchIndex, replace_all};

fn doc(id: i64, title: &str, summary: &str) -> Document {
    Document {
        id,
        title: title.into(),
        summary: summary.into(),
        body: String::new(),
        ..Default::default()
    }
}

// Facets, filters and orders (browsing), on a corpus of their own.
#[path = "search_relevance/facets.rs"]
mod facets;

const CDS: i64 = 1;
const HOA_GIAI: i64 = 2;
const THUY_LOI: i64 = 3;
const DAT_DAI: i64 = 4;
const SCATTERED: i64 = 5;
const UBND_SHORT: i64 = 6;
const UBND_LONG: i64 = 7;
const CHUYEN_DI: i64 = 8;
const NONG_NGHIEP: i64 = 9;
const CAMERA: i64 = 10;
const CAMERAS: i64 = 11;
const KT_XH: i64 = 12;
const HOA_DON: i64 = 13;
const TITLE_DU_LICH: i64 = 14;
const BODY_DU_LICH: i64 = 15;
const SO_THEN_HOA: i64 = 16;

fn corpus() -> Vec<Document> {
    vec![
        doc(
            CDS,
            "Chuyển đổi số thủ tục hành chính cấp xã",
            "Người dân nộp hồ sơ trực tuyến tại nhà văn hóa bản.",
        ),
        doc(
            HOA_GIAI,
            "Hòa giải ở cơ sở qua nhóm Zalo",
            "Tổ hòa giải trao đổi với người dân qua mạng xã hội.",
        ),
        doc(
            THUY_LOI,
            "Thuỷ lợi thông minh cho ruộng bậc thang",
            "Cảm biến mực nước báo về điện thoại.",
        ),
        doc(
            DAT_DAI,
            "Số hóa hồ sơ đất đai",
            "Quét và lưu trữ hồ sơ địa chính.",
        ),
        doc(
            SCATTERED,
            "Đổi mới cách chuyển hồ sơ giữa các phòng",
            "Số lượng giấy tờ giảm một nửa.",
        ),
        doc(
            UBND_SHORT,
            "UBND xã Mường Bám họp trực tuyến",
            "Phòng họp không giấy tờ.",
        ),
        doc(
            UBND_LONG,
            "Ủy ban nhân dân phường Tô Hiệu nhắn tin cho dân",
            "Tin nhắn thông báo lịch tiêm chủng.",
        ),
        doc(
            CHUYEN_DI,
            "Chuyến xe đưa đón học sinh bản xa",
            "Lịch xe gửi cho phụ huynh.",
        ),
        doc(
            NONG_NGHIEP,
            "Nông nghiệp công nghệ cao trồng cà phê",
            "Nhật ký canh tác điện tử.",
        ),
        doc(
            CAMERA,
            "Giám sát rừng bằng camera",
            "Phát hiện cháy rừng sớm.",
        ),
        doc(
            CAMERAS,
            "Giám sát đường bằng cameras",
            "Phát hiện vi phạm giao thông.",
        ),
        doc(
            KT_XH,
            "Báo cáo kinh tế - xã hội hằng tháng trên phần mềm",
            "Số liệu tổng hợp tự động.",
        ),
        doc(HOA_DON, "Hóa đơn hóa chất", "Quản lý hóa đơn."),
        doc(
            TITLE_DU_LICH,
            "Bản đồ du lịch cộng đồng",
            "Khách xem điểm đến trên điện thoại.",
        ),
        Document {
            body: "Khách du lịch đặt phòng qua ứng dụng.".into(),
            ..doc(BODY_DU_LICH, "Đặt phòng homestay", "Chủ nhà nhận tin nhắn.")
        },
        // The title ends with "số" and the summary begins with "hóa": not "số hóa".
        doc(
            SO_THEN_HOA,
            "Trả kết quả qua bưu điện số",
            "Hóa ra người dân thích.",
        ),
    ]
}

struct Fixture {
    index: SearchIndex,
    _dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let index = SearchIndex::open(dir.path()).unwrap();
        replace_all(&index, corpus(), 0).unwrap();
        Fixture { index, _dir: dir }
    }

    fn ids(&self, q: &str) -> Vec<i64> {
        self.index.search(q, 0, 50).unwrap().ids
    }
}

#[test]
fn a_query_without_diacritics_finds_the_marked_text() {
    let f = Fixture::new();
    assert_eq!(f.ids("thu tuc hanh chinh"), [CDS]);
    assert_eq!(f.ids("thuy loi thong minh"), [THUY_LOI]);
    assert_eq!(f.ids("MUONG BAM"), [UBND_SHORT]);
}

#[test]
fn typing_the_diacritics_ranks_exact_matches_first() {
    let f = Fixture::new();
    let hits = f.ids("chuyển");
    let at = |id| hits.iter().position(|h| *h == id).unwrap();
    assert_eq!(hits.len(), 3, "folded match still found: {hits:?}");
    assert!(
        at(CDS) < at(CHUYEN_DI) && at(SCATTERED) < at(CHUYEN_DI),
        "{hits:?}"
    );
    let hits = f.ids("chuyến");
    assert_eq!(hits[0], CHUYEN_DI, "{hits:?}");
}

#[test]
fn either_tone_placement_finds_the_other() {
    let f = Fixture::new();
    // The corpus writes "Hòa" (old placement) and "Thuỷ" (new placement).
    assert_eq!(f.ids("hoà giải")[0], HOA_GIAI);
    assert_eq!(f.ids("hòa giải")[0], HOA_GIAI);
    assert_eq!(f.ids("thủy lợi")[0], THUY_LOI);
    assert_eq!(f.ids("thuỷ lợi")[0], THUY_LOI);
    // "Hóa đơn hóa chất" has more "hoa" (folded) in a shorter title; the word as typed, in either
    // placement, still ranks "Hòa giải" first.
    assert_eq!(f.ids("hoà")[0], HOA_GIAI);
    assert_eq!(f.ids("hòa")[0], HOA_GIAI);
    assert_eq!(
        f.ids("hoa")[0],
        HOA_DON,
        "without marks the folded counts decide"
    );
}

#[test]
fn a_phrase_needs_its_words_together_and_scattered_words_rank_lower() {
    let f = Fixture::new();
    assert_eq!(f.ids("\"chuyển đổi số\""), [CDS]);
    assert_eq!(f.ids("\"chuyen doi so\""), [CDS]);
    let hits = f.ids("chuyển đổi số");
    assert_eq!(hits[0], CDS, "{hits:?}");
    assert!(
        hits.contains(&SCATTERED),
        "scattered words still match: {hits:?}"
    );
}

#[test]
fn input_without_spaces_finds_the_syllables() {
    let f = Fixture::new();
    // The syllables are words of their own, as if typed with spaces: side by side first.
    assert_eq!(f.ids("chuyendoiso"), f.ids("chuyen doi so"));
    assert_eq!(f.ids("chuyendoiso")[0], CDS);
    assert_eq!(f.ids("thuyloi"), [THUY_LOI]);
    assert!(f.ids("qwxzrt").is_empty());
}

#[test]
fn abbreviations_expand_both_ways() {
    let f = Fixture::new();
    let mut hits = f.ids("UBND");
    hits.sort();
    assert_eq!(hits, [UBND_SHORT, UBND_LONG]);
    let mut hits = f.ids("ủy ban nhân dân");
    hits.sort();
    assert_eq!(hits, [UBND_SHORT, UBND_LONG]);
    assert_eq!(f.ids("CĐS"), [CDS]);
    assert_eq!(f.ids("cds cấp xã"), [CDS]);
    // No text has "CĐS": the long form is searched as typed (no union with an absent form).
    assert_eq!(f.ids("chuyển đổi số cấp xã"), [CDS]);
    assert_eq!(f.ids("KT-XH"), [KT_XH]);
}

#[test]
fn a_typo_in_a_long_word_is_forgiven_but_ranks_below_exact() {
    let f = Fixture::new();
    assert_eq!(f.ids("nông ngiệp"), [NONG_NGHIEP]);
    assert_eq!(f.ids("nong nghiepj"), [NONG_NGHIEP]);
    assert_eq!(f.ids("camera"), [CAMERA, CAMERAS]);
    assert_eq!(f.ids("cameras"), [CAMERAS, CAMERA]);
    // Short words must be exact: "xe" is not "xã" or "xa".
    assert_eq!(f.ids("xe"), [CHUYEN_DI]);
}

#[test]
fn excluded_words_remove_texts_with_or_without_marks() {
    let f = Fixture::new();
    let hits = f.ids("hồ sơ -đất");
    assert!(!hits.contains(&DAT_DAI) && hits.contains(&CDS), "{hits:?}");
    let hits = f.ids("hồ sơ -dat");
    assert!(!hits.contains(&DAT_DAI), "{hits:?}");
    let hits = f.ids("hồ sơ -\"đất đai\"");
    assert!(!hits.contains(&DAT_DAI), "{hits:?}");
}

#[test]
fn a_match_in_the_title_ranks_above_one_in_the_body() {
    let f = Fixture::new();
    assert_eq!(f.ids("du lịch"), [TITLE_DU_LICH, BODY_DU_LICH]);
}

#[test]
fn words_side_by_side_do_not_run_from_the_title_into_the_summary() {
    let f = Fixture::new();
    assert!(!f.ids("\"số hóa\"").contains(&SO_THEN_HOA));
    assert_eq!(f.ids("\"số hóa\""), [DAT_DAI]);
    assert!(!f.ids("\"bưu điện số hóa\"").contains(&SO_THEN_HOA));
}

#[test]
fn common_words_are_not_stopwords() {
    let f = Fixture::new();
    // "số" is in generic stopword lists; here it is a word like any other.
    let hits = f.ids("số");
    for id in [CDS, DAT_DAI, SCATTERED, KT_XH] {
        assert!(hits.contains(&id), "{id} in {hits:?}");
    }
}

#[test]
fn snippets_mark_the_matching_words_in_the_text_as_written() {
    let f = Fixture::new();
    let parsed = domain::text::query::parse("ho so truc tuyen", &[]);
    let s = f.index.snippets(&parsed, &[CDS, DAT_DAI, CAMERA]).unwrap();
    assert!(
        s[&CDS].contains("<mark>hồ</mark> <mark>sơ</mark> <mark>trực</mark> <mark>tuyến</mark>"),
        "{}",
        s[&CDS]
    );
    assert!(s[&DAT_DAI].contains("<mark>hồ</mark> <mark>sơ</mark>"));
    assert!(!s.contains_key(&CAMERA), "no match, no snippet");
}

#[test]
fn a_query_with_no_hits_gets_a_corrected_suggestion() {
    let f = Fixture::new();
    let parsed = domain::text::query::parse("ruog bac thang -giay", &[]);
    // The search itself reads the typo as its nearest word ("g" is beside "h" as well as a
    // dropped "n"), and the corrected query is offered too.
    assert_eq!(
        f.index.search_parsed(&parsed, 0, 10).unwrap().ids,
        [THUY_LOI]
    );
    let better = f.index.did_you_mean(&parsed).unwrap().unwrap();
    assert_eq!(better, "ruộng bac thang -giay");
    assert_eq!(f.ids(&better)[0], THUY_LOI);
    // Facet filters typed in the query are kept in the suggestion and do not stop it.
    let filtered = domain::text::query::parse("ruog bac thang nam:2025", &["nam"]);
    assert_eq!(
        f.index.did_you_mean(&filtered).unwrap().as_deref(),
        Some("ruộng bac thang nam:2025")
    );
    let fine = domain::text::query::parse("ruộng bậc thang", &[]);
    assert_eq!(f.index.did_you_mean(&fine).unwrap(), None);
}

#[test]
fn a_whole_build_is_merged_into_one_segment_and_keeps_its_payload() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let docs: Vec<Document> = (1..=3000)
        .map(|id| {
            doc(
                id,
                &format!("Giải pháp số {id}"),
                "Người dân nộp hồ sơ trực tuyến.",
            )
        })
        .collect();
    replace_all(&index, docs, 42).unwrap();
    assert_eq!(index.num_segments(), 1);
    assert_eq!(index.last_applied().unwrap(), Some(42));
    assert_eq!(index.num_docs(), 3000);
    assert_eq!(
        index.search("giai phap so 2999", 0, 10).unwrap().ids[0],
        2999
    );
}

#[test]
fn suggestions_complete_the_last_word_typed_from_titles() {
    let f = Fixture::new();
    let suggest = |typed: &str| f.index.suggest(typed, 8).unwrap();
    // The unfinished last word completes ("s" → "số"); words standing together as typed rank first.
    let found = suggest("chuyen doi s");
    assert_eq!(found[0], CDS);
    assert!(found.contains(&SCATTERED), "all words in the title, apart");
    assert!(
        !found.contains(&CHUYEN_DI),
        "no word of that title starts with \"s\""
    );
    // Diacritics typed or not, the same; the pair as typed ranks first.
    assert_eq!(suggest("hoá đ")[0], HOA_DON);
    assert_eq!(suggest("hoa d")[0], HOA_DON);
    assert!(suggest("hoa d").contains(&DAT_DAI));
    // A finished word (followed by a space) is not completed.
    let finished = suggest("camera ");
    assert_eq!(finished, [CAMERA]);
    let mut prefixed = suggest("camera");
    prefixed.sort();
    assert_eq!(prefixed, [CAMERA, CAMERAS]);
    // Titles only: a word of the body or summary suggests nothing.
    assert_eq!(suggest("homes"), [BODY_DU_LICH]);
    assert!(suggest("khach du").is_empty());
    // Nothing for one letter alone, for a prefix no title word has, or for nothing.
    assert!(suggest("g").is_empty());
    assert!(!suggest("gi").is_empty());
    assert!(suggest("xyzw").is_empty());
    assert!(suggest("   ").is_empty());
    assert_eq!(f.index.suggest("gi", 2).unwrap().len(), 2);
}

#[test]
fn similar_entries_follow_every_change_of_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, corpus(), 1).unwrap();
    let similar = || {
        index
            .similar("Giám sát rừng bằng camera", "Phát hiện cháy rừng sớm.", 3)
            .unwrap()
    };
    assert_eq!(similar()[0], CAMERA);
    assert_eq!(similar(), similar(), "the same answer, asked again");
    // The entry leaves the index: it is not offered any more.
    let without: Vec<Document> = corpus().into_iter().filter(|d| d.id != CAMERA).collect();
    replace_all(&index, without, 2).unwrap();
    assert!(!similar().contains(&CAMERA));
}

/// The recognised entries of the demo data, indexed as the portal indexes them.
fn demo_index() -> (tempfile::TempDir, SearchIndex, Vec<String>) {
    #[derive(serde::Deserialize)]
    struct Demo {
        title: String,
        summary: String,
        description: String,
        status: String,
    }
    let demo: Vec<Demo> =
        serde_json::from_str(include_str!("../src/admin/demo/initiatives.json")).unwrap();
    let demo: Vec<Demo> = demo
        .into_iter()
        .filter(|d| d.status == "recognised")
        .collect();
    let docs = demo
        .iter()
        .enumerate()
        .map(|(i, d)| Document {
            id: i as i64 + 1,
            title: d.title.clone(),
            summary: d.summary.clone(),
            body: d.description.clone(),
            ..Default::default()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, docs, 0).unwrap();
    let titles = demo.into_iter().map(|d| d.title).collect();
    (dir, index, titles)
}

/// The first `n` titles a query finds in the demo data.
fn demo_titles(index: &SearchIndex, titles: &[String], q: &str, n: usize) -> Vec<String> {
    index
        .search(q, 0, n)
        .unwrap()
        .ids
        .into_iter()
        .map(|id| titles[(id - 1) as usize].clone())
        .collect()
}

/// Each dead end the search work started from (issue 18), on the demo data where it was seen:
/// the entry people meant is now on the first page.
#[test]
fn the_dead_ends_seen_on_the_demo_data_find_what_was_meant() {
    let (_dir, index, titles) = demo_index();
    for (query, wanted) in [
        // A word of the query absent from the text.
        (
            "đặt lịch khám bệnh cho người dân trực tuyến",
            "Đặt lịch khám bệnh trực tuyến tại bệnh viện tỉnh",
        ),
        ("học bạ điện tử THCS", "Học bạ điện tử cấp tiểu học"),
        // An abbreviation beside ordinary words.
        (
            "ATTT thư điện tử",
            "Bảo mật hệ thống thư điện tử công vụ bằng xác thực hai lớp",
        ),
        // A typo in a short syllable.
        ("số hóa hộ tịcg", "Số hóa sổ hộ tịch từ năm 1960"),
        // A need in plain words (the thesaurus).
        (
            "sổ sức khỏe người già",
            "Sổ sức khỏe điện tử cho người cao tuổi vùng cao",
        ),
        (
            "cảnh báo thiên tai cho dân",
            "Hệ thống cảnh báo sạt lở đất qua tin nhắn",
        ),
    ] {
        let found = demo_titles(&index, &titles, query, 3);
        assert!(
            found.iter().any(|t| t == wanted),
            "{query:?} → {found:?}, not {wanted:?}"
        );
    }
}

#[test]
fn a_mistyped_short_syllable_is_corrected_and_offered() {
    let (_dir, index, titles) = demo_index();
    let parsed = domain::text::query::parse("số hóa hộ tịcg", &[]);
    assert_eq!(
        index.did_you_mean(&parsed).unwrap().as_deref(),
        Some("số hóa hộ tịch")
    );
    // Telex typed with the keyboard off reads as the word meant.
    let found = demo_titles(&index, &titles, "soos hoas hooj tichj", 1);
    assert_eq!(found, ["Số hóa sổ hộ tịch từ năm 1960"]);
}

/// Suggestions and "similar solutions" read the same thesaurus and abbreviations as the search.
#[test]
fn suggestions_and_similar_entries_know_the_thesaurus() {
    let (_dir, index, titles) = demo_index();
    let wanted = "Sổ sức khỏe điện tử cho người cao tuổi vùng cao";
    let suggested: Vec<&str> = index
        .suggest("nguoi gia ", 5)
        .unwrap()
        .into_iter()
        .map(|id| titles[(id - 1) as usize].as_str())
        .collect();
    assert!(suggested.contains(&wanted), "{suggested:?}");
    let similar: Vec<&str> = index
        .similar("Theo dõi sức khỏe người già ở bản", "", 3)
        .unwrap()
        .into_iter()
        .map(|id| titles[(id - 1) as usize].as_str())
        .collect();
    assert_eq!(similar.first(), Some(&wanted), "{similar:?}");
}

/// A form of the thesaurus is found with its marks, and a query word typed with marks is a form
/// only with the form's marks: without them "lợn" is "lon" (as "lớn" is) and "sổ đỏ" is "so do"
/// (as "sơ đồ" is).
#[test]
fn thesaurus_forms_keep_their_marks() {
    let docs = vec![
        doc(
            1,
            "Nuôi lợn an toàn sinh học",
            "Chuồng trại và tiêm phòng cho đàn lợn",
        ),
        doc(
            2,
            "Trang trại lớn ở Mộc Châu",
            "Cải tạo trang trại quy mô lớn",
        ),
        doc(
            3,
            "Cấp giấy chứng nhận quyền sử dụng đất trực tuyến",
            "Nộp hồ sơ đất đai trên cổng dịch vụ công",
        ),
        doc(
            4,
            "Vẽ sơ đồ thửa đất bằng máy bay không người lái",
            "Đo đạc địa chính",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, docs, 0).unwrap();
    let ids = |q: &str| index.search(q, 0, 10).unwrap().ids;
    // "gia súc > trâu, bò, lợn, dê": the pig farm, not the large farm.
    for q in ["gia súc", "gia suc"] {
        let found = ids(q);
        assert_eq!(found.first(), Some(&1), "{q}");
        assert!(!found.contains(&2), "{q}: {found:?}");
    }
    // "sổ đỏ = giấy chứng nhận quyền sử dụng đất", typed with its marks or none: the certificate;
    // "sơ đồ" is no form of it: the survey map only.
    assert!(ids("sổ đỏ").contains(&3));
    assert!(ids("so do").contains(&3));
    assert_eq!(ids("sơ đồ"), [4]);
}

/// Snippets come from the entry's text, never from its record (unit, places, campaign, authors,
/// code), which is searched all the same; a snippet cut inside a sentence says so (issue 19).
#[test]
fn snippets_show_the_text_never_the_record() {
    // The sentence with the words sought is longer than a snippet.
    let text = "Rừng phòng hộ đầu nguồn rộng hơn hai nghìn héc-ta. Tổ bảo vệ rừng của các bản vùng \
                cao dùng hệ thống camera quay toàn cảnh đặt trên các chòi canh, kết hợp cảm biến khói \
                và nhiệt độ, để cảnh báo cháy rừng thật sớm, báo ngay về điện thoại của kiểm lâm địa \
                bàn và tổ đội xung kích trong vòng một phút kể từ khi phát hiện khói, kể cả vào ban \
                đêm và những ngày nắng nóng kéo dài, nhờ đó số vụ cháy và diện tích rừng bị thiệt hại \
                giảm hẳn so với những năm trước đây";
    let docs = vec![Document {
        body: text.into(),
        record: domain::public::search::record_text(
            "Xã Ngọc Chiến",
            &["Mường La".into()],
            "Hội thi sáng tạo 2025",
            &["Phong Lan".into()],
            "SK-2025-0007",
        ),
        ..doc(1, "Camera cảnh báo cháy rừng", "Phát hiện sớm đám cháy.")
    }];
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    replace_all(&index, docs, 0).unwrap();
    // The record is searched.
    for q in ["Ngọc Chiến", "Phong Lan", "SK-2025-0007", "Mường La"] {
        assert_eq!(index.search(q, 0, 10).unwrap().ids, [1], "{q}");
    }
    let parsed = domain::text::query::parse("kiểm lâm", &[]);
    let snippets = index.snippets(&parsed, &[1]).unwrap();
    let snippet = &snippets[&1];
    assert!(
        snippet.contains("<mark>kiểm</mark> <mark>lâm</mark>"),
        "{snippet}"
    );
    assert!(
        snippet.starts_with("… ") && snippet.ends_with(" …"),
        "{snippet}"
    );
    for record in ["Ngọc Chiến", "Phong Lan", "Hội thi", "SK-2025"] {
        assert!(!snippet.contains(record), "{snippet}");
    }
    // A word only in the record finds the entry and shows no snippet of it.
    let parsed = domain::text::query::parse("Ngọc Chiến", &[]);
    assert!(index.snippets(&parsed, &[1]).unwrap().is_empty());
}
