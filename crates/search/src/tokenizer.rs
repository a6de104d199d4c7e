//! A jieba tokenizer for tantivy that shares one dictionary.
//!
//! tantivy clones a field's tokenizer every time it tokenizes a value (each document indexed,
//! each snippet made). `tantivy-jieba` keeps the dictionary inside the tokenizer, so with a user
//! dictionary every clone copied it (13–17 ms). Here every tokenizer holds the same
//! `Arc<Jieba>`, built once per process from jieba's own dictionary plus ours (`dict.txt`):
//! cloning a tokenizer costs one atomic increment.
//!
//! Two modes, registered under two names:
//! - [`INDEX_TOKENIZER`]: jieba's search-engine mode (`cut_for_search`), which emits the words of
//!   a compound as well as the compound, so 中华人民共和国 is found by 人民 and by 共和国;
//! - [`QUERY_TOKENIZER`]: precise mode (`cut`): the words a user typed, each of which the index
//!   mode also emitted for the same text.
//!
//! Both run without the HMM (it invents words from unknown characters and is slow); ASCII is
//! lower-cased; tokens with no letter or digit (punctuation, whitespace) are dropped. Offsets
//! are byte offsets into the original text, which highlighting relies on.

use std::io::BufReader;
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the index-time tokenizer is registered.
pub const INDEX_TOKENIZER: &str = "renda_jieba_index";
/// Name under which the query-time tokenizer is registered.
pub const QUERY_TOKENIZER: &str = "renda_jieba_query";

/// Congress and government terms that jieba would otherwise split (快递员防诈骗 → 快递/员防/诈骗).
const USER_DICT: &str = include_str!("dict.txt");

static JIEBA: OnceLock<Arc<Jieba>> = OnceLock::new();

/// The process-wide segmenter: jieba's dictionary plus ours, loaded on first use (~0.3 s).
pub fn jieba() -> Arc<Jieba> {
    JIEBA
        .get_or_init(|| {
            let mut jieba = Jieba::new();
            jieba
                .load_dict(&mut BufReader::new(USER_DICT.as_bytes()))
                .expect("the embedded user dictionary parses (checked by a test)");
            Arc::new(jieba)
        })
        .clone()
}

/// How a [`JiebaTokenizer`] cuts text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Search-engine mode, for indexing: words and the words inside them.
    Index,
    /// Precise mode, for queries: one cut of the text.
    Query,
}

/// A tantivy tokenizer over the shared jieba segmenter. Cloning is cheap.
#[derive(Clone)]
pub struct JiebaTokenizer {
    jieba: Arc<Jieba>,
    mode: Mode,
}

impl std::fmt::Debug for JiebaTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JiebaTokenizer").field("mode", &self.mode).finish_non_exhaustive()
    }
}

impl JiebaTokenizer {
    /// A tokenizer in the given mode.
    pub fn new(mode: Mode) -> Self {
        Self { jieba: jieba(), mode }
    }

    /// The tokens of `text`, as the index or a query sees them.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let words = match self.mode {
            Mode::Index => self.jieba.cut_for_search(text, false),
            Mode::Query => self.jieba.cut(text, false),
        };
        let mut tokens = Vec::with_capacity(words.len());
        // The position of a token is the character offset of its start, so that a phrase query
        // can ask for words that follow each other in the text, whatever jieba cut around them.
        let mut push = |word: &str, byte_start: usize, char_start: usize| {
            if word.chars().any(char::is_alphanumeric) {
                tokens.push(Token {
                    offset_from: byte_start,
                    offset_to: byte_start + word.len(),
                    position: char_start,
                    text: word.to_ascii_lowercase(),
                    position_length: 1,
                });
            }
        };
        for w in words {
            if self.mode == Mode::Index {
                self.push_long_words_inside(&w, &mut push);
            }
            push(w.word, w.byte_start, w.start);
        }
        if self.mode == Mode::Index {
            // Search mode emits all the 2-character words of a word, then the 3-character ones:
            // offsets go back. tantivy's snippet generator subtracts a fragment's start from the
            // next token's end and overflows if they do, so put the tokens in text order.
            tokens.sort_by_key(|t| (t.offset_from, t.offset_to));
        }
        tokens
    }

    /// Search mode emits the 2- and 3-character words inside a word, not the longer ones:
    /// without these, 人民代表大会常务委员会 (one word in jieba's dictionary) would not be found
    /// by 人民代表大会 or 常务委员会, which the query tokenizer keeps whole.
    fn push_long_words_inside(&self, w: &jieba_rs::Token<'_>, push: &mut impl FnMut(&str, usize, usize)) {
        const SHORTEST: usize = 4;
        let word = w.word;
        let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
        let chars = bounds.len() - 1;
        for len in SHORTEST..chars {
            for start in 0..=chars - len {
                let inner = &word[bounds[start]..bounds[start + len]];
                if self.jieba.has_word(inner) {
                    push(inner, w.byte_start + bounds[start], w.start + start);
                }
            }
        }
    }
}

/// One word of a user's query, as it must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word as it must appear in a text (lower-cased), e.g. 厕所革命 or 三同.
    pub text: String,
    /// The index terms it is matched by: one term (a dictionary word, or a lone character), or
    /// several single characters at their character offsets in `text`, matched as a phrase.
    pub terms: Vec<(usize, String)>,
}

impl QueryWord {
    fn token(text: String) -> Self {
        Self { terms: vec![(0, text.clone())], text }
    }

    /// Whether the word is matched as a phrase of single characters.
    pub fn is_phrase(&self) -> bool {
        self.terms.len() > 1
    }
}

/// A user's query: its words (each of which must match), and the runs of words the user typed
/// together, which rank a text that holds them as one phrase first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryText {
    /// The distinct words, in the order typed.
    pub words: Vec<QueryWord>,
    /// Runs of two or more tokens typed without a space or punctuation between them, as the
    /// text they spell and their tokens at character offsets: 人大主任座谈会 → 人大 @0, 主任 @2,
    /// 座谈会 @4.
    pub runs: Vec<(String, Vec<(usize, String)>)>,
}

impl QueryText {
    /// Whether the query has no word at all (only spaces and punctuation).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// What highlighting marks: each run as typed, and each word.
    pub fn needles(&self) -> Vec<String> {
        let mut needles: Vec<String> = self.runs.iter().map(|(text, _)| text.clone()).collect();
        for w in &self.words {
            if !needles.contains(&w.text) {
                needles.push(w.text.clone());
            }
        }
        needles
    }
}

/// Cuts a user's query into words (precise mode).
///
/// jieba cuts a word it does not know into single characters (三同 → 三 / 同). Searched one by
/// one, those would match any text holding 三 somewhere and 同 somewhere else; so adjacent
/// single characters are kept together as one word matched as a phrase — positions in the
/// index are character offsets, so 三 must stand right before 同.
pub fn parse_query(text: &str) -> QueryText {
    let tokens = JiebaTokenizer::new(Mode::Query).tokens(text);
    // Runs of tokens with nothing between them.
    let mut runs: Vec<Vec<Token>> = Vec::new();
    for t in tokens {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|p| p.offset_to == t.offset_from) => run.push(t),
            _ => runs.push(vec![t]),
        }
    }
    let mut query = QueryText::default();
    let mut push = |word: QueryWord| {
        if !query.words.iter().any(|w| w.text == word.text) {
            query.words.push(word);
        }
    };
    for run in &runs {
        let mut singles: Vec<&Token> = Vec::new();
        let flush = |singles: &mut Vec<&Token>, push: &mut dyn FnMut(QueryWord)| {
            match singles.as_slice() {
                [] => {}
                [one] => push(QueryWord::token(one.text.clone())),
                many => {
                    let start = many[0].position;
                    push(QueryWord {
                        text: many.iter().map(|t| t.text.as_str()).collect(),
                        terms: many.iter().map(|t| (t.position - start, t.text.clone())).collect(),
                    });
                }
            }
            singles.clear();
        };
        for t in run {
            if t.text.chars().count() == 1 {
                singles.push(t);
            } else {
                flush(&mut singles, &mut push);
                push(QueryWord::token(t.text.clone()));
            }
        }
        flush(&mut singles, &mut push);
    }
    for run in runs.into_iter().filter(|r| r.len() > 1) {
        let start = run[0].position;
        let text: String = run.iter().map(|t| t.text.as_str()).collect();
        // A run that is one word (三同) is matched as that word already.
        if !query.runs.iter().any(|(t, _)| *t == text) && !query.words.iter().any(|w| w.text == text) {
            query.runs.push((text, run.into_iter().map(|t| (t.position - start, t.text)).collect()));
        }
    }
    query
}

/// Shorter dictionary words that together spell `word` (市场经济 → 市场 + 经济), fewest first,
/// each with its character offset in `word`; empty when `word` has fewer than three characters
/// or no such cover exists.
///
/// jieba cuts by context: the text 社会主义市场经济体制 becomes 市场/经济体制, so the index holds
/// 市场 and 经济 (and 经济体制) but not 市场经济, while the query 市场经济 stays whole. A query
/// word therefore also matches its parts as a phrase — at these offsets, which are positions in
/// the index — that is, wherever the text spells it. Parts are 2 or 3 characters long: search
/// mode emits those inside every word it cuts.
pub fn parts(word: &str) -> Vec<(usize, String)> {
    let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
    let chars = bounds.len() - 1;
    if chars < 3 {
        return Vec::new();
    }
    let jieba = jieba();
    // best[i]: the fewest parts covering the first i characters, and where the last one starts.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; chars + 1];
    best[0] = Some((0, 0));
    for end in 2..=chars {
        for len in [2, 3] {
            let Some(start) = end.checked_sub(len) else { continue };
            let Some((count, _)) = best[start] else { continue };
            if len == chars || !jieba.has_word(&word[bounds[start]..bounds[end]]) {
                continue;
            }
            if best[end].is_none_or(|(c, _)| count + 1 < c) {
                best[end] = Some((count + 1, start));
            }
        }
    }
    let mut parts = Vec::new();
    let mut end = chars;
    while end > 0 {
        let Some((_, start)) = best[end] else { return Vec::new() };
        parts.push((start, word[bounds[start]..bounds[end]].to_string()));
        end = start;
    }
    parts.reverse();
    parts
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaTokenStream {
        JiebaTokenStream { tokens: self.tokens(text), next: 0 }
    }
}

/// The tokens of one text, cut up front (jieba works on whole blocks anyway).
#[derive(Debug)]
pub struct JiebaTokenStream {
    tokens: Vec<Token>,
    /// Index of the token after the current one.
    next: usize,
}

impl TokenStream for JiebaTokenStream {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(mode: Mode, text: &str) -> Vec<String> {
        JiebaTokenizer::new(mode).tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn the_user_dictionary_parses_and_every_term_is_known() {
        let jieba = jieba();
        for line in USER_DICT.lines().filter(|l| !l.trim().is_empty()) {
            let word = line.split_whitespace().next().expect("a dictionary line starts with its word");
            assert!(jieba.has_word(word), "{word} is in the dictionary");
            assert_eq!(words(Mode::Query, word), vec![word.to_string()], "{word} stays whole");
        }
    }

    #[test]
    fn a_courier_is_not_cut_into_yuan_fang() {
        let query = words(Mode::Query, "快递员防诈骗");
        assert_eq!(query[0], "快递员");
        assert!(!query.iter().any(|w| w.contains("员防")), "{query:?}");
        assert!(query.contains(&"诈骗".to_string()), "{query:?}");
    }

    #[test]
    fn dictionary_terms_stay_whole_in_a_sentence() {
        let query = words(Mode::Query, "关于推进厕所革命的代表建议已交办主办单位");
        for term in ["厕所革命", "代表建议", "交办", "主办单位"] {
            assert!(query.contains(&term.to_string()), "{term} in {query:?}");
        }
    }

    #[test]
    fn index_mode_also_emits_the_words_inside_a_compound() {
        let index = words(Mode::Index, "中华人民共和国");
        for word in ["中华", "人民", "共和国", "中华人民共和国"] {
            assert!(index.contains(&word.to_string()), "{word} in {index:?}");
        }
        let index = words(Mode::Index, "人民代表大会常务委员会");
        for word in ["人民代表大会", "常务委员会", "代表大会", "委员会", "人民代表大会常务委员会"]
        {
            assert!(index.contains(&word.to_string()), "{word} in {index:?}");
        }
        assert_eq!(words(Mode::Query, "中华人民共和国"), vec!["中华人民共和国"]);
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_original_text() {
        let text = "Renda：关于厕所革命的代表建议，2025年。";
        for mode in [Mode::Index, Mode::Query] {
            for token in JiebaTokenizer::new(mode).tokens(text) {
                assert_eq!(text[token.offset_from..token.offset_to].to_ascii_lowercase(), token.text);
            }
        }
        let toilet = JiebaTokenizer::new(Mode::Query)
            .tokens(text)
            .into_iter()
            .find(|t| t.text == "厕所革命")
            .expect("厕所革命 is a token");
        assert_eq!(toilet.offset_from, text.find("厕所革命").expect("present"));
    }

    #[test]
    fn index_tokens_come_in_text_order() {
        let text = "全国人民代表大会常务委员会关于中华人民共和国国务院组织法";
        let tokens = JiebaTokenizer::new(Mode::Index).tokens(text);
        assert!(tokens.windows(2).all(|w| w[0].offset_from <= w[1].offset_from), "{tokens:?}");
        for t in tokens {
            assert_eq!(t.position, text[..t.offset_from].chars().count(), "a position is a character offset");
        }
    }

    #[test]
    fn a_compound_query_word_has_shorter_parts() {
        let words = |w: &str| parts(w).into_iter().map(|(_, p)| p).collect::<Vec<_>>();
        assert_eq!(parts("市场经济"), vec![(0, "市场".to_string()), (2, "经济".to_string())]);
        assert_eq!(words("有关部门"), vec!["有关", "部门"]);
        assert_eq!(words("中华人民共和国").concat(), "中华人民共和国");
        assert!(parts("人大").is_empty());
    }

    #[test]
    fn ascii_is_lower_cased_and_punctuation_dropped() {
        assert_eq!(words(Mode::Query, "Hello, World！ 《代表法》"), vec!["hello", "world", "代表法"]);
    }

    #[test]
    fn the_token_stream_walks_every_token_once() {
        let mut tokenizer = JiebaTokenizer::new(Mode::Query);
        let mut stream = tokenizer.token_stream("人大代表履职");
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push(stream.token().text.clone());
        }
        assert_eq!(seen, vec!["人大代表", "履职"]);
        assert!(!stream.advance());
    }
}
