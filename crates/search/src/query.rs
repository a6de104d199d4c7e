//! Searching: [`Query`] in, [`Hits`] out, and related records.
//!
//! The user's text never reaches tantivy's query parser: it is cut by the query tokenizer and
//! the query is built from the terms, so `"(title:` or `AND OR *` are just words. Who may see a
//! record is part of the tantivy query itself, so a hidden record is never counted, never
//! occupies a place on a page, and never has a snippet made from it.

use jiff::civil::Date;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, PhraseQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::{DocAddress, Order, Score, Searcher, TantivyDocument, Term};

use crate::error::Result;
use crate::highlight::{self, Highlighter};
use crate::index::SearchIndex;
use crate::schema::Fields;
use crate::tokenizer::{parts, query_terms};

/// The most hits one page may ask for; a larger `limit` is cut to this.
pub const MAX_LIMIT: usize = 1000;
/// How many terms of the source record a "more like this" query uses.
const RELATED_TERMS: usize = 25;

type TantivyQuery = Box<dyn tantivy::query::Query>;

/// A search as the user and the caller's policy define it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What the user typed. Every word must match (in title, body, organ or tags); with no
    /// word, the filtered records are listed newest first.
    pub text: String,
    /// Kinds to include; empty means all.
    pub kinds: Vec<String>,
    /// Only records dated in this year.
    pub year: Option<i32>,
    /// Only records of this congress or of a congress below it.
    pub congress: Option<u64>,
    /// Who is searching, as the principals a record names (`"public"`, `"users"`,
    /// `"person:9"`, …): a hit must carry at least one. Empty means no hits.
    pub principals: Vec<String>,
    /// Hits to skip, for paging.
    pub offset: usize,
    /// Hits to return, at most [`MAX_LIMIT`].
    pub limit: usize,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hits {
    /// How many records match in all (for the pager).
    pub total: usize,
    /// The records of this page, best (or, for an empty query, newest) first.
    pub hits: Vec<Hit>,
}

/// One result, ready for a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The record's key, e.g. `"suggestion:7"`.
    pub key: String,
    /// The record's kind code.
    pub kind: String,
    /// The plain title.
    pub title: String,
    /// The title HTML-escaped, with the matched words in `<mark>`.
    pub title_html: String,
    /// About 120 characters of the body around the matches (or its start), HTML-escaped,
    /// with the matched words in `<mark>`.
    pub snippet_html: String,
    /// The record's date.
    pub date: Option<Date>,
    /// BM25 relevance; 0 for an empty query.
    pub score: f32,
}

impl SearchIndex {
    /// Runs a search. Odd user text never fails: at worst it matches nothing.
    pub fn search(&self, query: &Query) -> Result<Hits> {
        let f = self.inner.fields;
        let Some(filter) = filter(&f, query) else { return Ok(Hits::default()) };
        let terms = query_terms(&query.text);
        let searcher = self.searcher();
        let limit = query.limit.min(MAX_LIMIT);

        if terms.is_empty() {
            let total = searcher.search(&filter, &Count)?;
            if limit == 0 {
                return Ok(Hits { total, hits: Vec::new() });
            }
            let newest = TopDocs::with_limit(limit)
                .and_offset(query.offset)
                .order_by_fast_field::<tantivy::DateTime>("date", Order::Desc);
            let page = searcher.search(&filter, &newest)?;
            let hits =
                page.into_iter().map(|(_, address)| self.hit(&searcher, address, 0.0, None)).collect::<Result<_>>()?;
            return Ok(Hits { total, hits });
        }

        let text = text_query(&f, &terms);
        let full = BooleanQuery::new(vec![
            (Occur::Must, text),
            (Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0)) as TantivyQuery),
        ]);
        if limit == 0 {
            return Ok(Hits { total: searcher.search(&full, &Count)?, hits: Vec::new() });
        }
        let (total, page) =
            searcher.search(&full, &(Count, TopDocs::with_limit(limit).and_offset(query.offset).order_by_score()))?;
        let needles = terms.iter().flat_map(|t| parts(t).into_iter().map(|(_, p)| p).chain([t.clone()])).collect();
        let highlighter = Highlighter::create(&searcher, &full, &f, needles)?;
        let hits = page
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, address, score, Some(&highlighter)))
            .collect::<Result<_>>()?;
        Ok(Hits { total, hits })
    }

    /// Records like the one with `key` (by the distinctive words of its title and body), that
    /// `principals` may see, best first, without the record itself. Nothing when the record is
    /// unknown or hidden from `principals`.
    pub fn more_like_this(&self, key: &str, principals: &[String], limit: usize) -> Result<Vec<Hit>> {
        let f = self.inner.fields;
        let Some(visible) = principal_filter(&f, principals) else { return Ok(Vec::new()) };
        let limit = limit.min(MAX_LIMIT);
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.searcher();
        let this = || filter_term(Term::from_field_text(f.key, key));

        let source_query = BooleanQuery::new(vec![(Occur::Must, this()), (Occur::Must, visible.box_clone())]);
        let source = searcher.search(&source_query, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, address)) = source.first() else { return Ok(Vec::new()) };
        let doc: TantivyDocument = searcher.doc(address)?;
        let text_of = |field| OwnedValue::Str(first_str(&doc, field).to_string());

        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_max_query_terms(RELATED_TERMS)
            // Bytes: drops single Han characters (3 bytes) and one- to three-letter words.
            .with_min_word_length(4)
            .with_document_fields(vec![(f.title, vec![text_of(f.title)]), (f.body, vec![text_of(f.body)])]);
        let related = BooleanQuery::new(vec![
            (Occur::Must, Box::new(like) as TantivyQuery),
            (Occur::Must, Box::new(ConstScoreQuery::new(visible, 0.0))),
            (Occur::MustNot, this()),
        ]);
        let page = searcher.search(&related, &TopDocs::with_limit(limit).order_by_score())?;
        page.into_iter().map(|(score, address)| self.hit(&searcher, address, score, None)).collect()
    }

    /// A stored record as a [`Hit`], highlighted when there is a query.
    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: Score,
        highlighter: Option<&Highlighter>,
    ) -> Result<Hit> {
        let f = self.inner.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let title = first_str(&doc, f.title).to_string();
        let body = first_str(&doc, f.body);
        Ok(Hit {
            key: first_str(&doc, f.key).to_string(),
            kind: first_str(&doc, f.kind).to_string(),
            title_html: highlighter.map_or_else(|| highlight::escape(&title), |h| h.title_html(&title)),
            snippet_html: highlighter.map_or_else(|| highlight::lead(body), |h| h.snippet_html(body)),
            title,
            date: doc.get_first(f.date).and_then(|v| v.as_datetime()).and_then(crate::schema::from_datetime),
            score,
        })
    }
}

/// The first text value of `field` in a stored document, or "" when it has none.
fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> &str {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default()
}

/// A term that scores (BM25 needs the term frequencies).
fn term_query(term: Term) -> TermQuery {
    TermQuery::new(term, IndexRecordOption::WithFreqs)
}

/// A term that only filters.
fn filter_term(term: Term) -> TantivyQuery {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// Every term must match in one of the searched fields (the title counting three times),
/// as a word or as the phrase of its parts (see [`parts`]).
fn text_query(f: &Fields, terms: &[String]) -> TantivyQuery {
    let per_term = terms
        .iter()
        .map(|term| {
            let parts = parts(term);
            let clauses = f
                .searched()
                .into_iter()
                .flat_map(|(field, boost)| {
                    let word: TantivyQuery = Box::new(term_query(Term::from_field_text(field, term)));
                    let phrase = (!parts.is_empty()).then(|| {
                        let terms = parts.iter().map(|(at, p)| (*at, Term::from_field_text(field, p))).collect();
                        Box::new(PhraseQuery::new_with_offset(terms)) as TantivyQuery
                    });
                    [Some(word), phrase].into_iter().flatten().map(move |q| {
                        let q = if boost == 1.0 { q } else { Box::new(BoostQuery::new(q, boost)) };
                        (Occur::Should, q)
                    })
                })
                .collect();
            (Occur::Must, Box::new(BooleanQuery::new(clauses)) as TantivyQuery)
        })
        .collect();
    Box::new(BooleanQuery::new(per_term))
}

/// At least one of `principals`; `None` when there is none (nothing is visible).
fn principal_filter(f: &Fields, principals: &[String]) -> Option<TantivyQuery> {
    any_of(principals.iter().map(|p| Term::from_field_text(f.principal, p)))
}

/// A query matching any of `terms`, or `None` when there is none.
fn any_of(terms: impl Iterator<Item = Term>) -> Option<TantivyQuery> {
    let clauses: Vec<(Occur, TantivyQuery)> = terms.map(|t| (Occur::Should, filter_term(t))).collect();
    if clauses.is_empty() { None } else { Some(Box::new(BooleanQuery::new(clauses))) }
}

/// The filters of `query` as one query; `None` when they exclude everything.
fn filter(f: &Fields, query: &Query) -> Option<TantivyQuery> {
    let mut clauses = vec![(Occur::Must, principal_filter(f, &query.principals)?)];
    if let Some(kinds) = any_of(query.kinds.iter().map(|k| Term::from_field_text(f.kind, k))) {
        clauses.push((Occur::Must, kinds));
    }
    if let Some(year) = query.year {
        let year = u64::try_from(year).ok()?;
        clauses.push((Occur::Must, filter_term(Term::from_field_u64(f.year, year))));
    }
    if let Some(congress) = query.congress {
        clauses.push((Occur::Must, filter_term(Term::from_field_u64(f.congress, congress))));
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}
