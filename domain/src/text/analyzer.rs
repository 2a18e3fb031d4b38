//! The Vietnamese analyzer, used alike for indexing and for queries: splits on anything that is not a
//! letter or digit (positions kept, for phrases), NFC, lower case; the exact variant puts each
//! syllable's tone on one canonical vowel ("hòa" = "hoà"), the folded variant removes every mark
//! (đ → d). No stopwords are dropped. Offsets point into the original text so snippets can be cut
//! from it.
use super::vietnamese::canonical_tone;
use crate::text;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name of the analyzer that keeps diacritics (exact matches rank higher).
pub const EXACT: &str = "vi_exact";
/// Name of the analyzer that folds diacritics ("chuyen doi so" finds "chuyển đổi số").
pub const FOLDED: &str = "vi_folded";
/// Name of the analyzer of neighbouring folded words, one term per pair ("chuyen doi", "doi so"):
/// words side by side are found without reading positions.
pub const PAIRS: &str = "vi_pairs";

/// The term of two neighbouring folded words in the `PAIRS` analyzer.
pub fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

const MAX_TOKEN_BYTES: usize = 60;

#[derive(Clone, Debug)]
pub struct VietnameseTokenizer {
    pub fold: bool,
}

pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl VietnameseTokenizer {
    /// The tokens of a text, as the index sees them.
    pub fn tokens(&self, input: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut start: Option<usize> = None;
        let push = |from: usize, to: usize, tokens: &mut Vec<Token>| {
            let word = &input[from..to];
            let t = if self.fold {
                text::fold(word)
            } else {
                canonical_tone(&text::nfc(&word.to_lowercase()))
            };
            if !t.is_empty() && t.len() <= MAX_TOKEN_BYTES {
                let position = tokens.len();
                tokens.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text: t,
                    position_length: 1,
                });
            }
        };
        for (i, c) in input.char_indices() {
            match (text::is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    push(s, i, &mut tokens);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            push(s, input.len(), &mut tokens);
        }
        tokens
    }
}

/// Neighbouring folded words, one token per pair (see `PAIRS`).
#[derive(Clone, Debug)]
pub struct PairTokenizer;

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let words = VietnameseTokenizer { fold: true }.tokens(text);
        let tokens = words
            .windows(2)
            .enumerate()
            .map(|(position, w)| Token {
                offset_from: w[0].offset_from,
                offset_to: w[1].offset_to,
                position,
                text: pair(&w[0].text, &w[1].text),
                position_length: 1,
            })
            .collect();
        VecTokenStream { tokens, next: 0 }
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream {
            tokens: self.tokens(text),
            next: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(fold: bool, s: &str) -> Vec<String> {
        VietnameseTokenizer { fold }
            .tokens(s)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn pairs_are_neighbouring_folded_words() {
        let mut t = PairTokenizer;
        let mut stream = t.token_stream("Chuyển đổi số!");
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        assert_eq!(out, ["chuyen doi", "doi so"]);
        let mut one = PairTokenizer;
        assert!(!one.token_stream("số").advance());
    }

    #[test]
    fn folded_tokens_have_no_marks() {
        assert_eq!(
            texts(true, "Chuyển đổi số, Điện tử!"),
            ["chuyen", "doi", "so", "dien", "tu"]
        );
    }

    #[test]
    fn exact_tokens_keep_marks_and_lowercase() {
        assert_eq!(texts(false, "Chuyển ĐỔI số"), ["chuyển", "đổi", "số"]);
    }

    #[test]
    fn no_stopwords_are_dropped() {
        // "số", "năm", "mới" are in generic Vietnamese stopword lists; they matter here.
        assert_eq!(texts(false, "năm mới số"), ["năm", "mới", "số"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let input = "Bản đồ số";
        let toks = VietnameseTokenizer { fold: true }.tokens(input);
        assert_eq!(&input[toks[1].offset_from..toks[1].offset_to], "đồ");
        assert_eq!(toks[2].position, 2);
    }

    #[test]
    fn tone_placement_does_not_matter() {
        assert_eq!(
            texts(false, "hòa bình thủy lợi"),
            texts(false, "hoà bình thuỷ lợi")
        );
        assert_eq!(texts(false, "Khỏe"), ["khoẻ"]);
    }

    #[test]
    fn decomposed_input_is_one_token_per_word() {
        use unicode_normalization::UnicodeNormalization;
        let decomposed: String = "Thủy lợi".nfd().collect();
        assert_eq!(texts(true, &decomposed), ["thuy", "loi"]);
        assert_eq!(texts(false, &decomposed), ["thuỷ", "lợi"]);
    }
}
