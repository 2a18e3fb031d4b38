//! Vietnamese syllables for search: one canonical tone-mark position, which strings are syllables,
//! and splitting text typed without spaces ("chuyendoiso") into syllables.
//!
//! Two tone placements are common for the same word ("hòa"/"hoà", "thủy"/"thuỷ", "khỏe"/"khoẻ"); they
//! are different strings even after NFC. `canonical_tone` moves the tone of a syllable to one place
//! (the "new" rule: on the vowel with a quality mark if any; else on the last vowel before a final
//! consonant; else on the second vowel of oa, oe, uy and the middle of three; else on the first).
use unicode_normalization::UnicodeNormalization;

/// Combining tone marks: grave (huyền), acute (sắc), tilde (ngã), hook above (hỏi), dot below (nặng).
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The tone mark of a word, if it has one (as a combining character).
pub fn tone_of(word: &str) -> Option<char> {
    word.nfd().find(|c| TONES.contains(c))
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Vowels carrying a quality mark (circumflex, breve, horn): the tone goes on them.
fn is_marked_vowel(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// A lower-case NFC word with its tone moved to the canonical vowel. Words without a tone, or that
/// are not shaped like a Vietnamese syllable, come back unchanged.
pub fn canonical_tone(word: &str) -> String {
    // Letters without tone (quality marks kept), and the word's tone.
    let mut letters: Vec<char> = Vec::with_capacity(word.len());
    let mut tone: Option<char> = None;
    let mut tone_at: Option<usize> = None;
    for c in word.nfd() {
        if TONES.contains(&c) {
            if tone.is_none() {
                tone = Some(c);
                tone_at = letters.len().checked_sub(1);
            }
            continue;
        }
        if unicode_normalization::char::is_combining_mark(c) {
            // A quality mark: recompose it with its letter.
            if let Some(last) = letters.pop() {
                let composed: String = [last, c].iter().collect::<String>().nfc().collect();
                let mut it = composed.chars();
                match (it.next(), it.next()) {
                    (Some(one), None) => letters.push(one),
                    _ => return word.to_string(),
                }
            }
            continue;
        }
        letters.push(c);
    }
    let (Some(tone), Some(_)) = (tone, tone_at) else {
        return word.to_string();
    };
    let Some(at) = tone_position(&letters) else {
        return word.to_string();
    };
    let mut out = String::with_capacity(word.len() + 2);
    for (i, c) in letters.iter().enumerate() {
        out.push(*c);
        if i == at {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// Where the tone goes among the letters of a syllable (no tone marks in `letters`).
fn tone_position(letters: &[char]) -> Option<usize> {
    let first_vowel = letters.iter().position(|c| is_vowel(*c))?;
    // "qu" and "gi" (before another vowel) are onsets: their u and i are not part of the nucleus.
    let onset_vowel = first_vowel == 1
        && match (letters[0], letters[1]) {
            ('q', 'u') => true,
            ('g', 'i') => letters.get(2).is_some_and(|c| is_vowel(*c)),
            _ => false,
        };
    let start = if onset_vowel { 2 } else { first_vowel };
    let end = start
        + letters[start..]
            .iter()
            .take_while(|c| is_vowel(**c))
            .count();
    if end == start {
        // "qu" or "gi" alone: the vowel of the onset carries the tone.
        return Some(first_vowel);
    }
    let nucleus = &letters[start..end];
    let has_coda = end < letters.len();
    if letters[end..].iter().any(|c| is_vowel(*c)) {
        return None; // two vowel groups: not one syllable
    }
    if let Some(i) = nucleus.iter().rposition(|c| is_marked_vowel(*c)) {
        return Some(start + i);
    }
    let i = match nucleus.len() {
        1 => 0,
        _ if has_coda => nucleus.len() - 1,
        2 => match (nucleus[0], nucleus[1]) {
            ('o', 'a') | ('o', 'e') | ('u', 'y') => 1,
            _ => 0,
        },
        _ => 1,
    };
    Some(start + i)
}

const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// Folded nuclei that may be followed by a final consonant.
const CLOSABLE: [&str; 16] = [
    "a", "e", "i", "o", "u", "y", "ie", "ye", "oa", "oe", "oo", "ua", "ue", "uo", "uy", "uye",
];

/// Folded rhymes ending in a glide: nothing follows them.
const OPEN_ONLY: [&str; 21] = [
    "ai", "ao", "au", "ay", "eo", "eu", "ia", "iu", "oi", "ui", "uu", "ieu", "yeu", "oai", "oay",
    "oao", "oeo", "uoi", "uou", "uya", "uyu",
];

const CODAS: [&str; 8] = ["c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether a folded string (no marks, lower case) can be one Vietnamese syllable.
pub fn is_syllable(s: &str) -> bool {
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    ONSETS.iter().any(|onset| {
        let Some(rhyme) = s.strip_prefix(onset) else {
            return false;
        };
        if rhyme.is_empty() {
            // "gi" (gì) is a syllable of its own.
            return *onset == "gi";
        }
        OPEN_ONLY.contains(&rhyme)
            || CLOSABLE.contains(&rhyme)
            || CODAS.iter().any(|coda| {
                rhyme
                    .strip_suffix(coda)
                    .is_some_and(|n| CLOSABLE.contains(&n))
            })
    })
}

/// Splits a folded string typed without spaces into the fewest syllables that `accept` takes (for
/// search: Vietnamese syllables found in the index). `None` when no split exists or the string is
/// a single syllable already.
pub fn segment(s: &str, accept: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let n = s.len();
    if !(2..=64).contains(&n) || !s.is_ascii() {
        return None;
    }
    // best[i]: fewest syllables covering s[..i], and where the last one starts.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        for start in end.saturating_sub(7)..end {
            let Some((count, _)) = best[start] else {
                continue;
            };
            let piece = &s[start..end];
            if !accept(piece) {
                continue;
            }
            // Ties go to the longer last syllable (the one found first).
            if best[end].is_none_or(|(c, _)| count + 1 < c) {
                best[end] = Some((count + 1, start));
            }
        }
    }
    let (count, _) = best[n]?;
    if count < 2 {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        out.push(s[start..end].to_string());
        end = start;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tone_placements_become_one() {
        for (a, b) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("khỏe", "khoẻ"),
            ("họa", "hoạ"),
            ("lũy", "luỹ"),
        ] {
            assert_eq!(canonical_tone(a), canonical_tone(b), "{a} / {b}");
            assert_eq!(canonical_tone(a), b, "the new placement is canonical");
        }
    }

    #[test]
    fn ordinary_syllables_keep_their_tone_where_it_is() {
        for w in [
            "chuyển",
            "đổi",
            "số",
            "hoàng",
            "toán",
            "quý",
            "già",
            "giường",
            "mùa",
            "kìa",
            "túi",
            "thuế",
            "ngoài",
            "xoáy",
            "khuỷu",
            "huỳnh",
            "người",
            "rượu",
            "gì",
            "quà",
            "tuần",
        ] {
            assert_eq!(canonical_tone(w), w, "{w}");
        }
    }

    #[test]
    fn one_letter_syllables_keep_their_tone() {
        for w in ["à", "ở", "ý", "ạ"] {
            assert_eq!(canonical_tone(w), w);
        }
    }

    #[test]
    fn words_without_tone_or_not_vietnamese_are_unchanged() {
        for w in ["son", "la", "cđs", "iso", "4g", "2026", "email"] {
            assert_eq!(canonical_tone(w), w);
        }
    }

    #[test]
    fn syllables_are_recognised() {
        for s in [
            "chuyen", "doi", "so", "nghieng", "nguyen", "truong", "khuyen", "gi", "quy", "oa",
            "uyen", "thuy", "hoang",
        ] {
            assert!(is_syllable(s), "{s}");
        }
        for s in ["iso", "xyz", "chuyendoi", "ngx", "qu", "cds", ""] {
            assert!(!is_syllable(s), "{s}");
        }
    }

    #[test]
    fn text_without_spaces_splits_into_syllables() {
        assert_eq!(
            segment("chuyendoiso", is_syllable).unwrap(),
            ["chuyen", "doi", "so"]
        );
        assert_eq!(
            segment("dichvucong", is_syllable).unwrap(),
            ["dich", "vu", "cong"]
        );
        assert_eq!(segment("sonla", is_syllable).unwrap(), ["son", "la"]);
    }

    #[test]
    fn a_split_uses_only_accepted_syllables() {
        let known = ["chuyen", "doi", "so"];
        assert_eq!(
            segment("chuyendoiso", |s| known.contains(&s)).unwrap(),
            ["chuyen", "doi", "so"]
        );
        assert_eq!(segment("chuyendoixanh", |s| known.contains(&s)), None);
        assert_eq!(segment("chuyen", is_syllable), None, "already one syllable");
        assert_eq!(segment("qwrtz", is_syllable), None);
    }
}
