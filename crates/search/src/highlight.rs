//! Titles and snippets as HTML: the text escaped, the matched terms in `<mark>`.
//!
//! tantivy's `SnippetGenerator` picks the fragment and the ranges to highlight (by byte offset);
//! its own `to_html` escapes only `&`, `<` and `>`, so the HTML is rendered here, escaping
//! quotes too, and folding runs of whitespace (the bodies are full of blank lines) into one
//! space.

use std::ops::Range;

use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;

use crate::error::Result;
use crate::schema::Fields;

/// About 120 Chinese characters: the generator counts bytes, and a Han character is 3 bytes.
const SNIPPET_BYTES: usize = 360;
/// Bytes of a long body segmented before and after the first occurrence of a query term.
const WINDOW_BEFORE: usize = SNIPPET_BYTES / 2;
const WINDOW_AFTER: usize = SNIPPET_BYTES * 6;
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

/// Marks a query's terms in titles and bodies.
pub(crate) struct Highlighter {
    title: SnippetGenerator,
    body: SnippetGenerator,
    /// The query's terms and their parts, to find where in a long body to look.
    needles: Vec<String>,
}

impl Highlighter {
    pub fn create(searcher: &Searcher, query: &dyn Query, fields: &Fields, needles: Vec<String>) -> Result<Self> {
        let mut title = SnippetGenerator::create(searcher, query, fields.title)?;
        title.set_max_num_chars(usize::MAX / 2);
        let mut body = SnippetGenerator::create(searcher, query, fields.body)?;
        body.set_max_num_chars(SNIPPET_BYTES);
        Ok(Self { title, body, needles })
    }

    /// The title with the query's terms marked.
    pub fn title_html(&self, title: &str) -> String {
        let snippet = self.title.snippet(title);
        let start = snippet.fragment_range().start;
        let ranges = snippet.highlighted().iter().map(|r| r.start + start..r.end + start).collect();
        mark(title, ranges)
    }

    /// The best fragment of the body for the query, or the start of the body when the query
    /// matched elsewhere (title, organ, tags).
    ///
    /// Segmenting a whole report (50,000 characters) for each hit would take milliseconds, so
    /// only a window from just before the first occurrence of a term is segmented.
    pub fn snippet_html(&self, body: &str) -> String {
        let first = self.needles.iter().filter_map(|n| body.find(n.as_str())).min();
        let window = match first {
            Some(at) => floor_boundary(body, at.saturating_sub(WINDOW_BEFORE))..floor_boundary(body, at + WINDOW_AFTER),
            // An ASCII term may differ in case: look through the whole body.
            None => 0..body.len(),
        };
        let snippet = self.body.snippet(&body[window.clone()]);
        if snippet.is_empty() {
            return lead(body);
        }
        let range = snippet.fragment_range();
        let mut html = String::new();
        if window.start + range.start > 0 {
            html.push_str(ELLIPSIS);
        }
        html.push_str(&mark(snippet.fragment(), snippet.highlighted().to_vec()));
        if window.start + range.end < body.trim_end().len() {
            html.push_str(ELLIPSIS);
        }
        html
    }
}

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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
