//! Searching: [`Query`] in, [`Hits`] out, and related records.
//!
//! The user's text never reaches tantivy's query parser: it is cut by the query tokenizer and
//! the query is built from the terms, so `"(title:` or `AND OR *` are just words. Who may see a
//! record is part of the tantivy query itself, so a hidden record is never counted, never
//! occupies a place on a page, and never has a snippet made from it.

use jiff::civil::Date;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, PhraseQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue, Value};
use tantivy::{DocAddress, Order, Score, Searcher, TantivyDocument, Term};

use crate::error::Result;
use crate::highlight::{self, Highlighter};
use crate::index::SearchIndex;
use crate::schema::Fields;
use crate::tokenizer::{QueryText, QueryWord, parse_query, parts};

/// The most hits one page may ask for; a larger `limit` is cut to this.
pub const MAX_LIMIT: usize = 1000;
/// How many terms of the source record a "more like this" query uses.
const RELATED_TERMS: usize = 25;
/// How much more a text weighs that holds the words of the query as the user typed them
/// together (人大主任座谈会 as one phrase rather than 人大, 主任 and 座谈会 apart).
const RUN_BOOST: f32 = 2.0;

type TantivyQuery = Box<dyn tantivy::query::Query>;

/// A search as the user and the caller's policy define it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What the user typed. Every word must match (in title, lead, body, organ or tags; in
    /// title or lead only for a record the principals may only know of); with no word, the
    /// filtered records are listed newest first. See [`parse_query`] for what a word is.
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
    /// Whether the searcher's principals open the body: if not, the record was found by its
    /// title and lead only, and the snippet is made of the lead.
    pub full_text: bool,
}

impl SearchIndex {
    /// Runs a search. Odd user text never fails: at worst it matches nothing.
    pub fn search(&self, query: &Query) -> Result<Hits> {
        let f = self.inner.fields;
        let Some(scope) = scope(&f, query) else { return Ok(Hits::default()) };
        let full_filter = principal_filter(&f, &query.principals);
        let summary_filter = summary_filter(&f, &query.principals);
        if full_filter.is_none() && summary_filter.is_none() {
            return Ok(Hits::default());
        }
        let text = parse_query(&query.text);
        let searcher = self.searcher();
        let limit = query.limit.min(MAX_LIMIT);
        let principals = &query.principals;

        if text.is_empty() {
            let visible = any_query([full_filter, summary_filter].into_iter().flatten());
            let filter = with_scope(visible, scope);
            let total = searcher.search(&filter, &Count)?;
            if limit == 0 {
                return Ok(Hits { total, hits: Vec::new() });
            }
            let newest = TopDocs::with_limit(limit)
                .and_offset(query.offset)
                .order_by_fast_field::<tantivy::DateTime>("date", Order::Desc);
            let page = searcher.search(&filter, &newest)?;
            let hits = page
                .into_iter()
                .map(|(_, address)| self.hit(&searcher, address, 0.0, None, principals))
                .collect::<Result<_>>()?;
            return Ok(Hits { total, hits });
        }

        // Readers of the body match every field; readers of the summary only (and not of the
        // body: a record is scored once) match the title and the lead.
        let mut branches: Vec<(Occur, TantivyQuery)> = Vec::new();
        if let Some(full) = &full_filter {
            branches.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, text_query(&text, &f.searched())),
                    (Occur::Must, Box::new(ConstScoreQuery::new(full.box_clone(), 0.0))),
                ])),
            ));
        }
        if let Some(summary) = summary_filter {
            let mut clauses = vec![
                (Occur::Must, text_query(&text, &f.summary())),
                (Occur::Must, Box::new(ConstScoreQuery::new(summary, 0.0)) as TantivyQuery),
            ];
            if let Some(full) = full_filter {
                clauses.push((Occur::MustNot, full));
            }
            branches.push((Occur::Should, Box::new(BooleanQuery::new(clauses))));
        }
        let full = with_scope(Box::new(BooleanQuery::new(branches)), scope);
        if limit == 0 {
            return Ok(Hits { total: searcher.search(&full, &Count)?, hits: Vec::new() });
        }
        let (total, page) =
            searcher.search(&full, &(Count, TopDocs::with_limit(limit).and_offset(query.offset).order_by_score()))?;
        let highlighter = Highlighter::new(text.needles());
        let hits = page
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, address, score, Some(&highlighter), principals))
            .collect::<Result<_>>()?;
        Ok(Hits { total, hits })
    }

    /// Records like the one with `key` (by the distinctive words of its title and body), that
    /// `principals` may see (or know of, by title and lead), best first, without the record
    /// itself. Nothing when the record is unknown or hidden from `principals`.
    pub fn more_like_this(&self, key: &str, principals: &[String], limit: usize) -> Result<Vec<Hit>> {
        let f = self.inner.fields;
        let filters = [principal_filter(&f, principals), summary_filter(&f, principals)];
        if filters.iter().all(Option::is_none) {
            return Ok(Vec::new());
        }
        let visible = any_query(filters.into_iter().flatten());
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
        page.into_iter().map(|(score, address)| self.hit(&searcher, address, score, None, principals)).collect()
    }

    /// A stored record as a [`Hit`] for a searcher with `principals`, highlighted when there is
    /// a query. The snippet comes from the lead and the body when the principals open the body,
    /// else from the lead alone.
    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: Score,
        highlighter: Option<&Highlighter>,
        principals: &[String],
    ) -> Result<Hit> {
        let f = self.inner.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let title = first_str(&doc, f.title).to_string();
        let full_text = doc.get_all(f.principal).filter_map(|v| v.as_str()).any(|p| principals.iter().any(|q| q == p));
        let lead = first_str(&doc, f.lead);
        let body = first_str(&doc, f.body);
        let text = match (full_text, lead.is_empty()) {
            (false, _) => lead.to_string(),
            (true, true) => body.to_string(),
            (true, false) => format!("{lead}\n{body}"),
        };
        Ok(Hit {
            key: first_str(&doc, f.key).to_string(),
            kind: first_str(&doc, f.kind).to_string(),
            title_html: highlighter.map_or_else(|| highlight::escape(&title), |h| h.title_html(&title)),
            snippet_html: highlighter.and_then(|h| h.snippet_html(&text)).unwrap_or_else(|| highlight::lead(&text)),
            title,
            date: doc.get_first(f.date).and_then(|v| v.as_datetime()).and_then(crate::schema::from_datetime),
            score,
            full_text,
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

/// `terms` (character offsets and words) in this order at these distances in `field`.
fn phrase(field: Field, terms: &[(usize, String)]) -> TantivyQuery {
    let terms = terms.iter().map(|(at, t)| (*at, Term::from_field_text(field, t))).collect();
    Box::new(PhraseQuery::new_with_offset(terms))
}

/// The ways one query word matches in `field`: as the word, as the phrase of its parts (see
/// [`parts`]), or — a word of single characters — as the phrase of its characters.
fn word_queries(field: Field, word: &QueryWord) -> Vec<TantivyQuery> {
    if word.is_phrase() {
        return vec![phrase(field, &word.terms)];
    }
    let mut queries: Vec<TantivyQuery> = vec![Box::new(term_query(Term::from_field_text(field, &word.text)))];
    let parts = parts(&word.text);
    if !parts.is_empty() {
        queries.push(phrase(field, &parts));
    }
    queries
}

fn boosted(q: TantivyQuery, boost: f32) -> TantivyQuery {
    if boost == 1.0 { q } else { Box::new(BoostQuery::new(q, boost)) }
}

/// Every word must match in one of `fields` (with their boosts); a run of words typed together
/// that the text holds as one phrase scores more.
fn text_query(text: &QueryText, fields: &[(Field, f32)]) -> TantivyQuery {
    let mut clauses: Vec<(Occur, TantivyQuery)> = text
        .words
        .iter()
        .map(|word| {
            let alternatives = fields
                .iter()
                .flat_map(|&(field, boost)| word_queries(field, word).into_iter().map(move |q| boosted(q, boost)))
                .map(|q| (Occur::Should, q))
                .collect();
            (Occur::Must, Box::new(BooleanQuery::new(alternatives)) as TantivyQuery)
        })
        .collect();
    for (_, terms) in &text.runs {
        for &(field, boost) in fields {
            clauses.push((Occur::Should, boosted(phrase(field, terms), boost * RUN_BOOST)));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// At least one of `principals` among those who may read the body; `None` when there is none.
fn principal_filter(f: &Fields, principals: &[String]) -> Option<TantivyQuery> {
    any_of(principals.iter().map(|p| Term::from_field_text(f.principal, p)))
}

/// At least one of `principals` among those who may know of the record by its title and lead.
fn summary_filter(f: &Fields, principals: &[String]) -> Option<TantivyQuery> {
    any_of(principals.iter().map(|p| Term::from_field_text(f.summary_principal, p)))
}

/// A query matching any of `queries`.
fn any_query(queries: impl Iterator<Item = TantivyQuery>) -> TantivyQuery {
    Box::new(BooleanQuery::new(queries.map(|q| (Occur::Should, q)).collect()))
}

/// `q` narrowed by the `scope` filters, which do not score.
fn with_scope(q: TantivyQuery, scope: Vec<TantivyQuery>) -> TantivyQuery {
    if scope.is_empty() {
        return q;
    }
    let filter = Box::new(BooleanQuery::new(scope.into_iter().map(|s| (Occur::Must, s)).collect()));
    Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0)))]))
}

/// A query matching any of `terms`, or `None` when there is none.
fn any_of(terms: impl Iterator<Item = Term>) -> Option<TantivyQuery> {
    let clauses: Vec<(Occur, TantivyQuery)> = terms.map(|t| (Occur::Should, filter_term(t))).collect();
    if clauses.is_empty() { None } else { Some(Box::new(BooleanQuery::new(clauses))) }
}

/// The filters of `query` but who is searching (kinds, year, congress); `None` when they exclude
/// everything.
fn scope(f: &Fields, query: &Query) -> Option<Vec<TantivyQuery>> {
    let mut clauses = Vec::new();
    if let Some(kinds) = any_of(query.kinds.iter().map(|k| Term::from_field_text(f.kind, k))) {
        clauses.push(kinds);
    }
    if let Some(year) = query.year {
        let year = u64::try_from(year).ok()?;
        clauses.push(filter_term(Term::from_field_u64(f.year, year)));
    }
    if let Some(congress) = query.congress {
        clauses.push(filter_term(Term::from_field_u64(f.congress, congress)));
    }
    Some(clauses)
}
