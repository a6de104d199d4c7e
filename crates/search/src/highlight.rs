//! Titles and snippets as HTML: the text escaped, the matched terms in `<mark>`.
//!
//! tantivy's `SnippetGenerator` picks the fragment and the ranges to highlight (by byte offset);
//! its own `to_html` escapes only `&`, `<` and `>`, so the HTML is rendered here, escaping
//! quotes too, and folding runs of whitespace (the bodies are full of blank lines) into one
//! space.

use std::ops::Range;

use tantivy::snippet::SnippetGenerator;

/// About 120 Chinese characters: the generator counts bytes, and a Han character is 3 bytes.
pub(crate) const SNIPPET_BYTES: usize = 360;
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

/// The title with the query's terms marked, or just escaped when none is in it.
pub(crate) fn title_html(title: &str, generator: Option<&SnippetGenerator>) -> String {
    let Some(generator) = generator else { return escape(title) };
    let snippet = generator.snippet(title);
    let start = snippet.fragment_range().start;
    let ranges = snippet.highlighted().iter().map(|r| r.start + start..r.end + start).collect();
    mark(title, ranges)
}

/// The best fragment of the body for the query, or the start of the body when the query
/// matched elsewhere (title, organ, tags) or there is no query.
pub(crate) fn snippet_html(body: &str, generator: Option<&SnippetGenerator>) -> String {
    if let Some(generator) = generator {
        let snippet = generator.snippet(body);
        if !snippet.is_empty() {
            let range = snippet.fragment_range();
            let mut html = String::new();
            if range.start > 0 {
                html.push_str(ELLIPSIS);
            }
            html.push_str(&mark(snippet.fragment(), snippet.highlighted().to_vec()));
            if range.end < body.trim_end().len() {
                html.push_str(ELLIPSIS);
            }
            return html;
        }
    }
    lead(body)
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
    fn the_lead_is_cut_at_a_character_boundary() {
        let body = "代".repeat(200);
        let lead = lead(&body);
        assert_eq!(lead.chars().count(), LEAD_CHARS + 1);
        assert!(lead.ends_with(ELLIPSIS));
    }
}
