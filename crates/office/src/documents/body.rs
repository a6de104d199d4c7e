//! The block normaliser every importer writes through, and the small text helpers they share
//! (whitespace, Chinese numerals, `2015年8月29日` dates, numbered headings).

use jiff::civil::Date;

/// Builds a body in the block format: one normalised line per block, blocks joined by one
/// blank line, nothing empty. Whatever the importers feed it, the result is well formed.
#[derive(Debug, Default)]
pub(crate) struct BodyBuilder {
    blocks: Vec<String>,
}

impl BodyBuilder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A `# ` (level 1) or `## ` (level 2) heading. Stray `#` marks at its start are dropped.
    pub(crate) fn heading(&mut self, level: u8, text: &str) {
        let text = normalise_space(text);
        let text = text.trim_start_matches('#').trim_start();
        if text.is_empty() {
            return;
        }
        let marker = if level <= 1 { "# " } else { "## " };
        self.blocks.push(format!("{marker}{text}"));
    }

    /// A paragraph on one line. A paragraph that begins with `#` would read back as a heading,
    /// so its leading `#` become the full-width `＃`.
    pub(crate) fn paragraph(&mut self, text: &str) {
        let text = normalise_space(text);
        if text.is_empty() {
            return;
        }
        let hashes = text.len() - text.trim_start_matches('#').len();
        if hashes > 0 {
            self.blocks.push(format!("{}{}", "＃".repeat(hashes), &text[hashes..]));
        } else {
            self.blocks.push(text);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub(crate) fn finish(self) -> String {
        self.blocks.join("\n\n")
    }
}

/// Characters that take no room and only confuse matching (zero-width spaces and joiners,
/// byte-order marks); the sources are full of them.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// One line of text: invisible characters removed, every run of whitespace (line breaks, tabs,
/// the full-width space U+3000, no-break spaces) one ASCII space, no space at either end.
pub(crate) fn normalise_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().filter(|c| !is_invisible(*c)) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The text with all whitespace and invisible characters removed, for comparing a line with a
/// title that a source wrapped or spaced differently.
pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && !is_invisible(*c)).collect()
}

/// Drops the spaces a source put between two Chinese characters (`总 则` → `总则`), keeping
/// those next to Latin letters or digits.
pub(crate) fn close_cjk_gaps(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() && is_cjk(chars[i - 1]) && is_cjk(chars[i + 1]) {
            continue;
        }
        out.push(c);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

pub(crate) use renda_core::document::is_cn_numeral;

/// The value of a Chinese numeral as used in ordinals: 一, 十, 十四, 二十三, 一百零一, 一千.
pub(crate) fn cn_number(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    if s.is_empty() {
        return None;
    }
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = match c {
                    '零' | '〇' | '○' => 0,
                    '一' => 1,
                    '二' | '两' => 2,
                    '三' => 3,
                    '四' => 4,
                    '五' => 5,
                    '六' => 6,
                    '七' => 7,
                    '八' => 8,
                    '九' => 9,
                    _ => return None,
                };
                digit = Some(d);
                continue;
            }
        };
        // 十 on its own (十四) means one ten.
        total = total.checked_add(digit.take().unwrap_or(1) * unit)?;
    }
    total.checked_add(digit.unwrap_or(0))
}

/// An ASCII or full-width digit's value.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The `YYYY年M月D日` date (ASCII or full-width digits) that `s` starts with, if it is a real
/// date, and the byte length it takes.
pub(crate) fn cn_date_at_start(s: &str) -> Option<(Date, usize)> {
    let mut chars = s.char_indices().peekable();
    let year = take_number(&mut chars, 4).filter(|_| s.chars().take(4).all(|c| digit_value(c).is_some()))?;
    expect_char(&mut chars, '年')?;
    let month = take_number(&mut chars, 2)?;
    expect_char(&mut chars, '月')?;
    let day = take_number(&mut chars, 2)?;
    let end = expect_char(&mut chars, '日')?;
    let date = Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    Some((date, end))
}

/// Consumes `want` and returns the byte offset just after it.
fn expect_char(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, want: char) -> Option<usize> {
    match chars.next() {
        Some((i, c)) if c == want => Some(i + c.len_utf8()),
        _ => None,
    }
}

fn take_number(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, max_digits: usize) -> Option<u32> {
    let mut value = 0u32;
    let mut n = 0;
    while let Some(&(_, c)) = chars.peek() {
        match digit_value(c) {
            Some(d) if n < max_digits => {
                value = value * 10 + d;
                n += 1;
                chars.next();
            }
            _ => break,
        }
    }
    (n > 0).then_some(value)
}

/// Every `YYYY年M月D日` date in `s`, in order.
pub(crate) fn cn_dates(s: &str) -> Vec<Date> {
    let mut out = Vec::new();
    let mut prev_digit = false;
    for (i, c) in s.char_indices() {
        let is_digit = digit_value(c).is_some();
        if is_digit
            && !prev_digit
            && let Some((date, _)) = cn_date_at_start(&s[i..])
        {
            out.push(date);
        }
        prev_digit = is_digit;
    }
    out
}

/// Punctuation that ends a sentence or clause: a line ending in it is text, not a heading.
fn ends_like_text(s: &str) -> bool {
    s.ends_with(['。', '；', '，', '：', ';', ',', ':'])
}

/// The longest line (in characters) that can be a numbered heading.
pub(crate) const MAX_HEADING_CHARS: usize = 40;

/// The heading level of a numbered line — `一、…` is 1, `（一）…` or `(一)…` is 2 — if it is short
/// and does not end like a sentence. A long `（一）…。` line is a paragraph that opens with a
/// number, not a heading.
pub(crate) fn numbered_heading_level(line: &str) -> Option<u8> {
    if line.chars().count() > MAX_HEADING_CHARS || ends_like_text(line) {
        return None;
    }
    let numeral_end = line.find(|c: char| !is_cn_numeral(c)).unwrap_or(line.len());
    if numeral_end > 0 {
        return (line[numeral_end..].starts_with('、') && line.len() > numeral_end + '、'.len_utf8()).then_some(1);
    }
    let rest = line.strip_prefix(['（', '('])?;
    let numeral_end = rest.find(|c: char| !is_cn_numeral(c))?;
    let after = rest[numeral_end..].strip_prefix(['）', ')'])?;
    (numeral_end > 0 && !after.trim().is_empty()).then_some(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(build: impl FnOnce(&mut BodyBuilder)) -> String {
        let mut b = BodyBuilder::new();
        build(&mut b);
        b.finish()
    }

    #[test]
    fn blocks_are_one_line_each_joined_by_one_blank_line_with_nothing_empty() {
        let out = body(|b| {
            b.paragraph("  第一段\n  接着写。 ");
            b.paragraph(" \u{3000}\u{200b} ");
            b.heading(1, "第一章\u{3000}总则");
            b.heading(2, "  ");
            b.paragraph("第一条\u{3000}\u{3000}为了……");
        });
        assert_eq!(out, "第一段 接着写。\n\n# 第一章 总则\n\n第一条 为了……");
        assert!(!out.ends_with('\n'));
    }

    #[test]
    fn a_paragraph_never_reads_back_as_a_heading() {
        assert_eq!(body(|b| b.paragraph("## 不是标题")), "＃＃ 不是标题");
        assert_eq!(body(|b| b.heading(2, "## 第一节 一般规定")), "## 第一节 一般规定");
        assert_eq!(body(|_| {}), "");
    }

    #[test]
    fn the_built_body_reads_back_as_the_same_blocks_in_the_core() {
        use renda_core::document::{Block, blocks};
        let out = body(|b| {
            b.heading(1, "一、认清形势");
            b.heading(2, "（一）新精神");
            b.paragraph("正文。");
        });
        assert_eq!(
            blocks(&out),
            vec![
                Block::Heading { level: 1, text: "一、认清形势" },
                Block::Heading { level: 2, text: "（一）新精神" },
                Block::Paragraph("正文。"),
            ]
        );
    }

    #[test]
    fn whitespace_of_every_kind_becomes_one_space() {
        assert_eq!(normalise_space("\u{feff} a\u{3000}\u{3000}b\u{a0}\tc \n"), "a b c");
        assert_eq!(squash("政府工作报\n告 "), "政府工作报告");
        assert_eq!(close_cjk_gaps("总 则 and 2 章"), "总则 and 2 章");
    }

    #[test]
    fn chinese_numerals_read_as_ordinals() {
        assert_eq!(cn_number("一"), Some(1));
        assert_eq!(cn_number("十"), Some(10));
        assert_eq!(cn_number("十四"), Some(14));
        assert_eq!(cn_number("二十三"), Some(23));
        assert_eq!(cn_number("一百零一"), Some(101));
        assert_eq!(cn_number("两千"), Some(2000));
        assert_eq!(cn_number("第一"), None);
        assert_eq!(cn_number(""), None);
    }

    #[test]
    fn dates_are_found_in_ascii_and_full_width_digits_and_must_be_real() {
        let d = |y, m, dd| Date::new(y, m, dd).expect("a real date");
        assert_eq!(cn_date_at_start("2015年8月29日 第十二届"), Some((d(2015, 8, 29), "2015年8月29日".len())));
        assert_eq!(cn_date_at_start("１９９６年３月５日").map(|x| x.0), Some(d(1996, 3, 5)));
        assert_eq!(cn_date_at_start("2015年2月30日"), None);
        assert_eq!(cn_date_at_start("2015年工作"), None);
        assert_eq!(cn_dates("1992年4月3日通过，2009年8月27日修正，12015年1月1日"), vec![d(1992, 4, 3), d(2009, 8, 27)]);
    }

    #[test]
    fn short_numbered_lines_are_headings_and_sentences_are_not() {
        assert_eq!(numbered_heading_level("一、认清形势，统一思想"), Some(1));
        assert_eq!(numbered_heading_level("十二、加强预算联网监督工作"), Some(1));
        assert_eq!(numbered_heading_level("（一）促进经济平稳较快发展"), Some(2));
        assert_eq!(numbered_heading_level("(三)坚持与人民群众同心"), Some(2));
        assert_eq!(numbered_heading_level("(一)国家关于加强人大工作的新精神。"), None);
        assert_eq!(numbered_heading_level("一、"), None);
        assert_eq!(numbered_heading_level("一方面要加强监督"), None);
        assert_eq!(numbered_heading_level(&format!("一、{}", "长".repeat(40))), None);
        assert_eq!(numbered_heading_level("同志们:"), None);
    }
}
