//! The query language of the search box: words, `"quoted phrases"`, `-word` (or `-"phrase"`) to
//! exclude, and `field:value` for facets (`linh-vuc:y_te`, `nam:2025`). Anything else is words.
//! Also the abbreviation list (`abbreviations.txt`), expanded both ways.
use super::analyzer::VietnameseTokenizer;
use crate::text;
use std::sync::LazyLock;

/// One part of a query, in the order typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Bare words (one whitespace-separated chunk; the analyzer may split it further).
    Words(String),
    /// A quoted phrase: its words must appear together and in order.
    Phrase(String),
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub parts: Vec<Part>,
    /// Words or phrases that must not appear (`-word`, `-"phrase"`).
    pub excluded: Vec<String>,
    /// `field:value` pairs whose field is one of the facet names given to `parse`.
    pub filters: Vec<(String, String)>,
}

impl Parsed {
    /// Whether nothing is asked of the text (only filters, or nothing).
    pub fn is_text_empty(&self) -> bool {
        self.parts.is_empty() && self.excluded.is_empty()
    }
}

/// The query written back in its own syntax (phrases quoted, exclusions with `-`, filters as
/// `field:value`), so that parsing it gives it again.
impl std::fmt::Display for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let quoted = |t: &str, neg: &str| {
            if t.contains(char::is_whitespace) {
                format!("{neg}\"{t}\"")
            } else {
                format!("{neg}{t}")
            }
        };
        let mut out: Vec<String> = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Words(w) => w.clone(),
                Part::Phrase(t) => format!("\"{t}\""),
            })
            .collect();
        out.extend(self.excluded.iter().map(|e| quoted(e, "-")));
        out.extend(self.filters.iter().map(|(k, v)| format!("{k}:{v}")));
        f.write_str(&out.join(" "))
    }
}

/// Parses a query. `facets` are the field names accepted in `field:value` (an unknown field is
/// taken as words, so "10:30" or "a:b" still search).
pub fn parse(q: &str, facets: &[&str]) -> Parsed {
    let mut out = Parsed::default();
    let mut rest = q.trim();
    while !rest.is_empty() {
        let negated = rest.starts_with('-') && rest[1..].starts_with(|c: char| !c.is_whitespace());
        let body = if negated { &rest[1..] } else { rest };
        if let Some(after) = body.strip_prefix('"') {
            // A phrase runs to the closing quote, or to the end when it is missing.
            let (phrase, next) = match after.find('"') {
                Some(i) => (&after[..i], &after[i + 1..]),
                None => (after, ""),
            };
            let phrase = phrase.trim();
            if !phrase.is_empty() {
                if negated {
                    out.excluded.push(phrase.to_string());
                } else {
                    out.parts.push(Part::Phrase(phrase.to_string()));
                }
            }
            rest = next.trim_start();
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let chunk = &rest[..end];
        rest = rest[end..].trim_start();
        if negated {
            let word = chunk[1..].trim_matches('"');
            if !word.is_empty() {
                out.excluded.push(word.to_string());
            }
            continue;
        }
        if let Some((field, value)) = chunk.split_once(':')
            && !value.is_empty()
            && facets.contains(&field.to_lowercase().as_str())
        {
            out.filters
                .push((field.to_lowercase(), value.trim_matches('"').to_string()));
            continue;
        }
        out.parts.push(Part::Words(chunk.to_string()));
    }
    out
}

/// A query word as the index sees it: with diacritics (NFC, lower case, canonical tone) and folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub exact: String,
    pub folded: String,
}

/// The words of a text, through the same analyzer as the index.
pub fn words(s: &str) -> Vec<Word> {
    VietnameseTokenizer { fold: false }
        .tokens(s)
        .into_iter()
        .map(|t| Word {
            folded: text::fold(&t.text),
            exact: t.text,
        })
        .collect()
}

/// A query as a plain filter on texts, without the index: every word and quoted phrase present, no
/// excluded one, diacritics and case ignored. No abbreviations, typos or ranking (the public search
/// while the index is rebuilt, and the staff's search of their lists).
#[derive(Clone, Debug)]
pub struct TextFilter {
    wanted: Vec<String>,
    unwanted: Vec<String>,
}

/// A text's folded words between spaces (" chuyen doi so "), so that `contains` finds whole words.
fn spaced(text: &str) -> Option<String> {
    let w: Vec<String> = words(text).into_iter().map(|w| w.folded).collect();
    (!w.is_empty()).then(|| format!(" {} ", w.join(" ")))
}

impl TextFilter {
    pub fn new(parsed: &Parsed) -> Self {
        let wanted = parsed
            .parts
            .iter()
            .flat_map(|p| match p {
                Part::Words(t) => words(t).iter().filter_map(|w| spaced(&w.folded)).collect(),
                Part::Phrase(t) => spaced(t).into_iter().collect::<Vec<_>>(),
            })
            .collect();
        let unwanted = parsed.excluded.iter().filter_map(|e| spaced(e)).collect();
        TextFilter { wanted, unwanted }
    }

    /// Whether the filter asks nothing (every text matches).
    pub fn is_empty(&self) -> bool {
        self.wanted.is_empty() && self.unwanted.is_empty()
    }

    pub fn matches(&self, text: &str) -> bool {
        let text = spaced(text).unwrap_or_default();
        self.wanted.iter().all(|w| text.contains(w.as_str()))
            && !self.unwanted.iter().any(|w| text.contains(w.as_str()))
    }
}

/// One abbreviation and its long form, as folded words.
#[derive(Clone, Debug)]
pub struct Abbreviation {
    pub short: Vec<Word>,
    pub long: Vec<Word>,
}

/// The abbreviation list of the repository (`domain/src/text/abbreviations.txt`).
pub fn abbreviations() -> &'static [Abbreviation] {
    static LIST: LazyLock<Vec<Abbreviation>> = LazyLock::new(|| {
        include_str!("abbreviations.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (short, long) = l.split_once('=')?;
                Some(Abbreviation {
                    short: words(short),
                    long: words(long),
                })
            })
            .filter(|a| !a.short.is_empty() && !a.long.is_empty())
            .collect()
    });
    &LIST
}

fn folded_eq(a: &[Word], b: &[Word]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.folded == y.folded)
}

/// Whether typed words are a form of the lists: the same words without diacritics, and each word
/// typed with marks typed with the form's marks ("so do" may be "sổ đỏ"; "sơ đồ" is not).
fn typed_as(typed: &[Word], form: &[Word]) -> bool {
    folded_eq(typed, form)
        && typed
            .iter()
            .zip(form)
            .all(|(t, f)| t.exact == t.folded || t.exact == f.exact)
}

/// How much a form of the thesaurus weighs beside the words typed: another name for the same
/// thing, and a kind of the thing asked for.
pub const SAME_WEIGHT: f32 = 0.6;
pub const KIND_WEIGHT: f32 = 0.5;

/// One way a form may also be searched: the other form and its weight (1 for an abbreviation,
/// which means exactly its long form; below 1 for the thesaurus).
#[derive(Clone, Debug)]
pub struct Link {
    pub from: Vec<Word>,
    pub to: Vec<Word>,
    pub weight: f32,
}

/// Every link of the abbreviation list (both ways) and of the thesaurus (`thesaurus.txt`: `=`
/// both ways between every pair, `>` from the broader form to each kind).
pub fn links() -> &'static [Link] {
    static LIST: LazyLock<Vec<Link>> = LazyLock::new(|| {
        let mut out = Vec::new();
        for a in abbreviations() {
            out.push(Link {
                from: a.short.clone(),
                to: a.long.clone(),
                weight: 1.0,
            });
            out.push(Link {
                from: a.long.clone(),
                to: a.short.clone(),
                weight: 1.0,
            });
        }
        out.extend(thesaurus_links(include_str!("thesaurus.txt")));
        out
    });
    &LIST
}

/// The links of a thesaurus text (see `thesaurus.txt` for the format).
pub fn thesaurus_links(text: &str) -> Vec<Link> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (same, kinds) = match line.split_once('>') {
            Some((broad, kinds)) => (broad, kinds.split(',').map(words).collect::<Vec<_>>()),
            None => (line, Vec::new()),
        };
        let forms: Vec<Vec<Word>> = same
            .split('=')
            .map(words)
            .filter(|w| !w.is_empty())
            .collect();
        for (i, a) in forms.iter().enumerate() {
            for (j, b) in forms.iter().enumerate() {
                if i != j {
                    out.push(Link {
                        from: a.clone(),
                        to: b.clone(),
                        weight: SAME_WEIGHT,
                    });
                }
            }
            for k in kinds.iter().filter(|k| !k.is_empty()) {
                out.push(Link {
                    from: a.clone(),
                    to: k.clone(),
                    weight: KIND_WEIGHT,
                });
            }
        }
    }
    out
}

/// The other forms (abbreviation list and thesaurus) of every form a text holds, as text: what
/// "similar solutions" adds to a text so that other names of its subjects count.
pub fn other_forms(text: &str) -> String {
    let ws = words(text);
    let mut out: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        match alternatives_at(&ws[i..]) {
            Some((n, alternatives)) => {
                for (form, _) in alternatives {
                    out.extend(form.iter().map(|w| w.exact.as_str()));
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out.join(" ")
}

/// Other forms of some words, each with its weight.
pub type Alternatives = Vec<(&'static [Word], f32)>;

/// The longest form of the abbreviation list or the thesaurus that `words` starts with: how many
/// words it covers, and the other forms to search as alternatives with their weights.
pub fn alternatives_at(words: &[Word]) -> Option<(usize, Alternatives)> {
    let mut best: Option<(usize, Alternatives)> = None;
    for l in links() {
        let n = l.from.len();
        if n > words.len() || !typed_as(&words[..n], &l.from) {
            continue;
        }
        match &mut best {
            Some((m, alts)) if *m == n => {
                if !alts.iter().any(|(w, _)| folded_eq(w, &l.to)) {
                    alts.push((l.to.as_slice(), l.weight));
                }
            }
            Some((m, _)) if *m > n => {}
            _ => best = Some((n, vec![(l.to.as_slice(), l.weight)])),
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACETS: &[&str] = &["linh-vuc", "nam"];

    #[test]
    fn words_phrases_exclusions_and_filters() {
        let p = parse(
            r#"nộp hồ sơ "chuyển đổi số" -giấy nam:2025 10:30 -"bản giấy""#,
            FACETS,
        );
        assert_eq!(
            p.parts,
            [
                Part::Words("nộp".into()),
                Part::Words("hồ".into()),
                Part::Words("sơ".into()),
                Part::Phrase("chuyển đổi số".into()),
                Part::Words("10:30".into()),
            ]
        );
        assert_eq!(p.excluded, ["giấy", "bản giấy"]);
        assert_eq!(p.filters, [("nam".to_string(), "2025".to_string())]);
    }

    #[test]
    fn a_parsed_query_writes_back_to_the_same_query() {
        let p = parse(r#"nộp "hồ sơ" -giấy -"bản giấy" nam:2025"#, FACETS);
        assert_eq!(parse(&p.to_string(), FACETS), p);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        let p = parse(r#"ứng dụng "bản đồ số"#, FACETS);
        assert_eq!(p.parts.last(), Some(&Part::Phrase("bản đồ số".into())));
    }

    #[test]
    fn a_lone_dash_and_unknown_fields_are_words() {
        let p = parse("kinh tế - xã hội a:b", FACETS);
        assert_eq!(p.parts.len(), 6);
        assert!(p.excluded.is_empty() && p.filters.is_empty());
    }

    #[test]
    fn query_words_use_the_canonical_tone_and_fold() {
        let w = words("Hòa THỦY");
        assert_eq!(w[0].exact, "hoà");
        assert_eq!(w[1].exact, "thuỷ");
        assert_eq!(w[1].folded, "thuy");
    }

    #[test]
    fn a_text_filter_wants_whole_words_and_phrases_without_marks() {
        let f = TextFilter::new(&parse(r#"ho so "chuyen doi" -giay"#, FACETS));
        assert!(f.matches("Hồ sơ chuyển đổi số"));
        assert!(!f.matches("Hồ sơ đổi chuyển"), "the phrase in order");
        assert!(!f.matches("Hồ sơ chuyển đổi giấy"), "an excluded word");
        assert!(!f.matches("Hồ sơn chuyển đổi"), "whole words only");
        assert!(TextFilter::new(&parse("", FACETS)).is_empty());
    }

    #[test]
    fn abbreviations_match_both_ways() {
        // The one form an abbreviation links to, weighing as the words typed.
        let abbreviation = |text: &str| {
            alternatives_at(&words(text)).map(|(n, alts)| {
                assert_eq!(alts.len(), 1, "{text}");
                assert_eq!(alts[0].1, 1.0, "{text}");
                (n, alts[0].0)
            })
        };
        let (n, other) = abbreviation("CĐS cấp xã").unwrap();
        assert_eq!(n, 1);
        assert_eq!(
            other.iter().map(|w| w.folded.as_str()).collect::<Vec<_>>(),
            ["chuyen", "doi", "so"]
        );
        let (n, other) = abbreviation("chuyen doi so cap xa").unwrap();
        assert_eq!(n, 3);
        assert_eq!(other[0].folded, "cds");
        // Hyphenated short forms are several words.
        let (n, other) = abbreviation("KT-XH").unwrap();
        assert_eq!(n, 2);
        assert_eq!(other.len(), 4);
        assert!(abbreviation("cấp xã").is_none());
    }

    #[test]
    fn the_thesaurus_links_same_things_both_ways_and_kinds_one_way() {
        let (n, alts) = alternatives_at(&words("nguoi gia o vung cao")).unwrap();
        assert_eq!(n, 2);
        let forms: Vec<String> = alts
            .iter()
            .map(|(w, _)| {
                w.iter()
                    .map(|w| w.folded.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert!(forms.contains(&"nguoi cao tuoi".to_string()), "{forms:?}");
        let (_, alts) = alternatives_at(&words("thiên tai")).unwrap();
        assert!(
            alts.iter()
                .any(|(w, weight)| w[0].folded == "sat" && *weight == KIND_WEIGHT)
        );
        // A kind does not find the broader thing.
        let back = alternatives_at(&words("lũ quét"));
        assert!(back.is_none_or(|(_, alts)| alts.iter().all(|(w, _)| w[0].folded != "thien")));
        // Abbreviations weigh as the words typed.
        let (_, alts) = alternatives_at(&words("ATTT")).unwrap();
        assert_eq!(alts[0].1, 1.0);
    }

    #[test]
    fn every_thesaurus_line_reads() {
        for line in include_str!("thesaurus.txt").lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let links = thesaurus_links(line);
            assert!(!links.is_empty(), "{line}");
            assert!(
                links.iter().all(|l| !l.from.is_empty() && !l.to.is_empty()),
                "{line}"
            );
        }
    }

    #[test]
    fn every_listed_abbreviation_has_both_forms() {
        assert!(abbreviations().len() >= 30);
        for name in ["ubnd", "dvc", "cntt", "tmdt"] {
            assert!(
                abbreviations()
                    .iter()
                    .any(|a| a.short.len() == 1 && a.short[0].folded == name),
                "{name}"
            );
        }
    }
}
