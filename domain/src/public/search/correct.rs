//! Correcting a mistyped word, the Vietnamese way: most words are one short syllable, so a general
//! "one edit away" matches dozens of other words. Two things narrow it:
//! - keys typed for a Vietnamese keyboard without it on: Telex (`nguowif` → người, `hocj` → học,
//!   `ddieenj` → điện) and VNI (`ngu7o72i`) decode to the syllable meant;
//! - otherwise the nearest words of the index by a weighted edit distance: a neighbouring key on
//!   the keyboard, two letters swapped or one doubled cost half an edit (`ticg` → `tich`), any
//!   other edit a whole one; the most frequent word wins a tie.
//!
//! Words are folded (no marks, lower case), as the index's `text_folded` field holds them.
use crate::text::vietnamese::is_syllable;

/// The folded syllable meant by letters typed for Telex or VNI, when they decode to a syllable
/// and differ from what was typed.
pub fn decode_typing(word: &str) -> Option<String> {
    if !word.is_ascii() || word.len() < 2 || word.len() > 12 {
        return None;
    }
    let w = word.to_ascii_lowercase();
    // Telex "w" alone is ư ("nhw" → như).
    let typed = if w.contains(|c: char| "aeiouy".contains(c)) {
        w.clone()
    } else {
        w.replacen('w', "u", 1)
    };
    let first_vowel = typed.find(|c: char| "aeiouy".contains(c))?;
    let (onset, rest) = typed.split_at(first_vowel);
    // đ as Telex "dd" or VNI "d9"; after the first vowel, tone keys (s f r x j), vowel keys (w,
    // and a doubled a/e/o) and VNI digits are no letters of the syllable.
    let onset = onset.replacen("dd", "d", 1).replacen("d9", "d", 1);
    let mut out = onset.clone();
    for c in rest.chars() {
        match c {
            's' | 'f' | 'r' | 'x' | 'j' | 'w' | 'z' | '0'..='9' => {}
            c if matches!(c, 'a' | 'e' | 'o') && out.ends_with(c) => {}
            c => out.push(c),
        }
    }
    // "uwow" style: the vowel keys removed can leave "uo" where "ươ" was meant; that is the fold.
    (out != w && is_syllable(&out)).then_some(out)
}

/// Keys next to each other on a QWERTY keyboard (the one Vietnamese phones and offices use).
/// Positions in half keys: each row sits half a key right of the one above.
fn adjacent(a: char, b: char) -> bool {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let at = |c: char| {
        ROWS.iter()
            .enumerate()
            .find_map(|(r, row)| row.find(c).map(|i| (r as i32, 2 * i as i32 + r as i32)))
    };
    match (at(a), at(b)) {
        (Some((ra, xa)), Some((rb, xb))) => {
            (ra == rb && (xa - xb).abs() == 2) || ((ra - rb).abs() == 1 && (xa - xb).abs() == 1)
        }
        _ => false,
    }
}

/// Half an edit, in the units `distance` counts (whole edits are 2).
const HALF: u32 = 1;
const WHOLE: u32 = 2;

/// Longest word `distance` compares (a mistyped syllable is far shorter).
const LONGEST: usize = 16;

/// Weighted edit distance between two folded words, in half edits: a neighbouring key, two
/// neighbours swapped or a letter doubled or dropped beside itself cost one; other insertions,
/// deletions and substitutions two. Words that are not plain ASCII letters, or longer than
/// `LONGEST`, are as far as can be. No allocation: it runs over the whole vocabulary.
pub fn distance(typed: &str, known: &str) -> u32 {
    let (a, b) = (typed.as_bytes(), known.as_bytes());
    let (n, m) = (a.len(), b.len());
    if n > LONGEST || m > LONGEST || !typed.is_ascii() || !known.is_ascii() {
        return u32::MAX;
    }
    let mut d = [[0u32; LONGEST + 1]; LONGEST + 1];
    for (i, row) in d.iter_mut().enumerate().take(n + 1) {
        row[0] = i as u32 * WHOLE;
    }
    for (j, cell) in d[0].iter_mut().enumerate().take(m + 1) {
        *cell = j as u32 * WHOLE;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = if a[i - 1] == b[j - 1] {
                0
            } else if adjacent(char::from(a[i - 1]), char::from(b[j - 1])) {
                HALF
            } else {
                WHOLE
            };
            // A letter typed twice, or once where it stands twice, is a slip of the finger.
            let ins = if i >= 2 && a[i - 1] == a[i - 2] {
                HALF
            } else {
                WHOLE
            };
            let del = if j >= 2 && b[j - 1] == b[j - 2] {
                HALF
            } else {
                WHOLE
            };
            let mut best = (d[i - 1][j - 1] + sub)
                .min(d[i - 1][j] + ins)
                .min(d[i][j - 1] + del);
            if i >= 2 && j >= 2 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + HALF);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

/// The most a correction may cost: one edit for a word under five letters, else one and a half.
pub fn budget(typed: &str) -> u32 {
    if typed.chars().count() < 5 {
        WHOLE
    } else {
        WHOLE + HALF
    }
}

/// The known words (word, document frequency) within a correction's budget of a typed word, with
/// their cost: cheapest first, then the most frequent.
pub fn within<'a>(
    typed: &str,
    known: impl Iterator<Item = (&'a str, u64)>,
) -> Vec<(u32, u64, &'a str)> {
    let limit = budget(typed);
    let len = typed.chars().count();
    let mut found: Vec<(u32, u64, &str)> = known
        .filter(|(w, _)| w.chars().count().abs_diff(len) <= 2 && *w != typed)
        .filter_map(|(w, df)| {
            let d = distance(typed, w);
            (d <= limit).then_some((d, df, w))
        })
        .collect();
    found.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(y.2)));
    found
}

/// What a correction costs more when the word was typed with marks its spelling lacks: half an
/// edit per marked letter typed that the spelling does not have ("rừg" is nearer "rừng" than
/// "rút", though "t" is beside "g").
pub fn marks_missing(typed: &str, spelling: &str) -> u32 {
    typed
        .chars()
        .filter(|c| !c.is_ascii())
        .filter(|c| !spelling.contains(*c))
        .count() as u32
        * HALF
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telex_and_vni_typed_without_the_keyboard_decode() {
        assert_eq!(decode_typing("nguowif").as_deref(), Some("nguoi"));
        assert_eq!(decode_typing("hocj").as_deref(), Some("hoc"));
        assert_eq!(decode_typing("ddieenj").as_deref(), Some("dien"));
        assert_eq!(decode_typing("tieesng").as_deref(), Some("tieng"));
        assert_eq!(decode_typing("ngu7o72i").as_deref(), Some("nguoi"));
        assert_eq!(decode_typing("d9ie65n").as_deref(), Some("dien"));
        assert_eq!(decode_typing("nhw").as_deref(), Some("nhu"));
        assert_eq!(decode_typing("hoc"), None, "nothing to decode");
        assert_eq!(decode_typing("ticg"), None, "not Telex");
    }

    #[test]
    fn neighbouring_keys_and_swaps_cost_half() {
        assert!(
            adjacent('g', 'h') && adjacent('h', 'g') && adjacent('a', 'q') && adjacent('b', 'g')
        );
        assert!(!adjacent('a', 'p') && !adjacent('g', 'm'));
        assert_eq!(distance("ticg", "tich"), HALF);
        assert_eq!(distance("tihc", "tich"), HALF);
        assert_eq!(
            distance("hoocj", "hoc"),
            HALF + WHOLE,
            "a doubled o, a stray j"
        );
        assert_eq!(distance("tichh", "tich"), HALF);
        assert_eq!(distance("tic", "tich"), WHOLE);
    }

    #[test]
    fn marks_typed_count_against_spellings_without_them() {
        assert_eq!(marks_missing("rừg", "rừng"), 0);
        assert_eq!(marks_missing("rừg", "rút"), HALF);
        assert_eq!(marks_missing("rug", "rút"), 0);
    }

    #[test]
    fn the_cheapest_then_the_most_frequent_wins() {
        let words = |typed: &str, known: &[(&'static str, u64)]| -> Vec<(u32, &'static str)> {
            within(typed, known.iter().copied())
                .into_iter()
                .map(|(cost, _, w)| (cost, w))
                .collect()
        };
        assert_eq!(
            words(
                "ticg",
                &[("tich", 5), ("tiec", 50), ("tuc", 80), ("ich", 9)]
            )[0],
            (HALF, "tich")
        );
        // "o" is beside "i", "n" is not: "bao" is cheaper though rarer.
        assert_eq!(
            words("bai", &[("ban", 300), ("bao", 4)]),
            [(HALF, "bao"), (WHOLE, "ban")]
        );
        // Two equally near: the more frequent first.
        assert_eq!(
            words("hax", &[("han", 3), ("ham", 40)]),
            [(WHOLE, "ham"), (WHOLE, "han")]
        );
    }
}
