//! Vietnamese text facts (shared/DOMAIN.md §5): stored text is NFC; matching folds marks and đ.
pub mod analyzer;
pub mod query;
pub mod vietnamese;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case hexadecimal of bytes (digests, random keys).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Unicode NFC, the form every stored text is kept in.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Lower-cases and removes every diacritic, including đ → d (NFD does not decompose đ).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Removes every diacritic, đ → d and Đ → D, keeping the case ("Mật Khẩu" → "Mat Khau"): what
/// [`fold`] does without lower-casing.
pub fn strip_marks(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Appends `s` escaped for HTML or XML text and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn escape_markup(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// One CSV field: quoted, quotes doubled, and a leading `=`, `+`, `-` or `@` neutralised with `'` so
/// a spreadsheet never runs the text as a formula.
pub fn csv_field(s: &str) -> String {
    let safe = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

/// Whether a character belongs to a word (letters, digits, and combining marks of decomposed input).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// How a person's name is compared: NFC, case and runs of spaces do not matter.
pub fn name_key(name: &str) -> String {
    nfc(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_tones_and_vowel_marks() {
        assert_eq!(fold("Chuyển đổi số"), "chuyen doi so");
    }

    #[test]
    fn fold_maps_d_with_stroke() {
        assert_eq!(fold("Điện tử ĐẮK"), "dien tu dak");
    }

    #[test]
    fn fold_treats_decomposed_and_composed_input_alike() {
        let decomposed: String = "hoà".nfd().collect();
        assert_eq!(fold(&decomposed), fold("hòa"));
        assert_eq!(fold("hoà"), "hoa");
    }

    #[test]
    fn strip_marks_keeps_the_case_and_folds_like_fold() {
        assert_eq!(strip_marks("Mật Khẩu ĐẸP đủ"), "Mat Khau DEP du");
        for s in ["Chuyển đổi số", "Điện tử ĐẮK", "hoà"] {
            assert_eq!(strip_marks(s).to_lowercase(), fold(s));
        }
    }

    #[test]
    fn nfc_composes() {
        let decomposed: String = "Sơn La".nfd().collect();
        assert_ne!(decomposed, "Sơn La");
        assert_eq!(nfc(&decomposed), "Sơn La");
    }
}
