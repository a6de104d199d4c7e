//! Titles and snippets as HTML: the text escaped, what was searched in `<mark>`.
//!
//! What is marked is what the user searched, as typed: each run of words typed together
//! (人大主任座谈会) and each word of the query (厕所革命, 三同) wherever the text spells it — not
//! the parts the index matched them by (革命 in 革命老区 is not marked for 厕所革命). ASCII is
//! compared without case. The snippet is the window of the text that holds the most of the
//! searched words, about 120 characters; the HTML is rendered here, escaping quotes too and
//! folding runs of whitespace (the bodies are full of blank lines) into one space.

use std::ops::Range;

/// Characters of a snippet.
const SNIPPET_CHARS: usize = 120;
/// Characters kept before the first mark of a snippet, for context.
const CONTEXT_BEFORE: usize = 20;
/// How many matches are tried as the start of the snippet.
const MAX_CANDIDATES: usize = 400;
/// Characters of the body shown when no term of the query is in it.
const LEAD_CHARS: usize = 120;
const ELLIPSIS: &str = "…";

/// Appends `text` to `out`, HTML-escaped, with each run of whitespace as one space.
fn push_escaped(out: &mut String, text: &str) {
    let mut in_space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
            continue;
        }
        in_space = false;
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

/// `text` HTML-escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text.trim());
    out
}

/// Sorted ranges with overlapping ones merged (search mode emits 厕所 inside 厕所革命).
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// `text` escaped, with the byte `ranges` wrapped in `<mark>`.
pub(crate) fn mark(text: &str, ranges: Vec<Range<usize>>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for range in merge(ranges) {
        // Ranges come from token offsets, so they are in bounds and on char boundaries;
        // `get` keeps a bad one from panicking all the same.
        let (Some(before), Some(marked)) = (text.get(at..range.start), text.get(range.clone())) else {
            continue;
        };
        push_escaped(&mut out, before);
        out.push_str("<mark>");
        push_escaped(&mut out, marked);
        out.push_str("</mark>");
        at = range.end;
    }
    push_escaped(&mut out, text.get(at..).unwrap_or_default());
    out.trim().to_string()
}

/// Marks what was searched in titles and bodies.
pub(crate) struct Highlighter {
    /// Lower-cased, non-empty, distinct; see [`crate::tokenizer::QueryText::needles`].
    needles: Vec<String>,
}

impl Highlighter {
    pub fn new(needles: Vec<String>) -> Self {
        let mut distinct: Vec<String> = Vec::new();
        for n in needles.into_iter().map(|n| n.to_ascii_lowercase()) {
            if !n.is_empty() && !distinct.contains(&n) {
                distinct.push(n);
            }
        }
        Self { needles: distinct }
    }

    /// Where the needles stand in `text`, with the index of each needle, in text order.
    fn matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        // ASCII lower-casing keeps every byte offset.
        let lower = text.to_ascii_lowercase();
        let mut found: Vec<(Range<usize>, usize)> = self
            .needles
            .iter()
            .enumerate()
            .flat_map(|(i, n)| lower.match_indices(n.as_str()).map(move |(at, _)| (at..at + n.len(), i)))
            .collect();
        found.sort_by_key(|(r, _)| (r.start, r.end));
        found
    }

    /// The title with what was searched marked.
    pub fn title_html(&self, title: &str) -> String {
        mark(title, self.matches(title).into_iter().map(|(r, _)| r).collect())
    }

    /// About [`SNIPPET_CHARS`] characters of `text` around what was searched, marked; `None`
    /// when nothing searched is in it (the query matched elsewhere: title, organ, tags).
    pub fn snippet_html(&self, text: &str) -> Option<String> {
        let matches = self.matches(text);
        let (first, _) = matches.first()?;
        // The window holding the most distinct needles wins; then the longer needle (a whole
        // phrase), then the earlier place.
        let mut best = (0, 0, first.start);
        for (i, (range, needle)) in matches.iter().enumerate().take(MAX_CANDIDATES) {
            let end = char_offset(text, range.start, SNIPPET_CHARS - CONTEXT_BEFORE);
            let mut seen: Vec<usize> = matches[i..].iter().take_while(|(r, _)| r.end <= end).map(|(_, n)| *n).collect();
            seen.sort_unstable();
            seen.dedup();
            let length = self.needles[*needle].len();
            if (seen.len(), length) > (best.0, best.1) {
                best = (seen.len(), length, range.start);
            }
        }
        let anchor = best.2;
        let start = context_start(text, anchor);
        let end = char_offset(text, start, SNIPPET_CHARS);
        let ranges = matches
            .into_iter()
            .filter(|(r, _)| r.start >= start && r.end <= end)
            .map(|(r, _)| r.start - start..r.end - start)
            .collect();
        let mut html = String::new();
        if !text[..start].trim().is_empty() {
            html.push_str(ELLIPSIS);
        }
        html.push_str(&mark(&text[start..end], ranges));
        if !text[end..].trim().is_empty() {
            html.push_str(ELLIPSIS);
        }
        Some(html)
    }
}

/// The byte offset `chars` characters after `from` (or the end of `text`).
fn char_offset(text: &str, from: usize, chars: usize) -> usize {
    text[from..].char_indices().nth(chars).map_or(text.len(), |(i, _)| from + i)
}

/// Where a snippet whose first mark is at `anchor` starts: up to [`CONTEXT_BEFORE`] characters
/// earlier, after the last line break or full stop among them.
fn context_start(text: &str, anchor: usize) -> usize {
    let mut start = anchor;
    for (i, c) in text[..anchor].char_indices().rev().take(CONTEXT_BEFORE) {
        if matches!(c, '\n' | '。' | '！' | '？' | '；') {
            return i + c.len_utf8();
        }
        start = i;
    }
    start
}

/// The first [`LEAD_CHARS`] characters of the body, escaped.
pub(crate) fn lead(body: &str) -> String {
    let body = body.trim();
    match body.char_indices().nth(LEAD_CHARS) {
        Some((cut, _)) => escape(&body[..cut]) + ELLIPSIS,
        None => escape(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn overlapping_ranges_are_marked_once() {
        let text = "推进厕所革命";
        assert_eq!(mark(text, vec![6..12, 6..18, 12..18]), "推进<mark>厕所革命</mark>");
    }

    #[test]
    fn whitespace_runs_fold_into_one_space() {
        assert_eq!(escape("一\n\n\n二  三"), "一 二 三");
    }

    #[test]
    fn the_phrase_searched_is_marked_and_not_its_parts_elsewhere() {
        let h = Highlighter::new(vec!["厕所革命".into()]);
        let text = "在革命老区推进厕所革命。";
        assert_eq!(h.snippet_html(text).as_deref(), Some("在革命老区推进<mark>厕所革命</mark>。"));
        assert_eq!(h.title_html("革命老区"), "革命老区");
        assert_eq!(Highlighter::new(vec!["三同".into()]).snippet_html("三个同志"), None);
    }

    #[test]
    fn a_run_typed_together_is_marked_as_one_and_ascii_ignores_case() {
        let h = Highlighter::new(vec![
            "人大主任座谈会".into(),
            "人大".into(),
            "主任".into(),
            "座谈会".into(),
            "npc".into(),
        ]);
        let html = h.title_html("全市县区人大主任座谈会（NPC）");
        assert_eq!(html, "全市县区<mark>人大主任座谈会</mark>（<mark>NPC</mark>）");
    }

    #[test]
    fn the_snippet_is_the_window_with_the_most_searched_words() {
        let h = Highlighter::new(vec!["代表建议".into(), "营商环境".into()]);
        let text =
            format!("代表建议在前。{}群众反映营商环境问题，代表建议提交。{}", "无关".repeat(80), "后文".repeat(80));
        let html = h.snippet_html(&text).expect("a match");
        assert!(html.starts_with('…') && html.contains("群众反映<mark>营商环境</mark>"), "{html}");
        assert!(html.contains("<mark>代表建议</mark>提交") && html.ends_with('…'), "{html}");
        assert!(html.chars().count() < SNIPPET_CHARS + 30, "{html}");
    }

    #[test]
    fn the_lead_is_cut_at_a_character_boundary() {
        let body = "代".repeat(200);
        let lead = lead(&body);
        assert_eq!(lead.chars().count(), LEAD_CHARS + 1);
        assert!(lead.ends_with(ELLIPSIS));
    }
}
