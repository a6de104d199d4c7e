//! Chinese full-text search over renda's records: documents, suggestions, opinions.
//!
//! The index is derived data (DESIGN.md, "How data flows"): the store turns records into
//! [`IndexDoc`]s, a follower of the event log [`apply`](SearchIndex::apply)s them in batches with
//! the log position they bring the index to, and `renda reindex` rebuilds it from scratch. This
//! crate reads no database and knows no roles: the caller says who is searching as a list of
//! principals, and a record is found only by principals it names.
//!
//! - [`tokenizer`]: jieba for tantivy, one shared dictionary (ours in `dict.txt` on top of
//!   jieba's), search-engine mode for indexing and precise mode for queries; positions are
//!   character offsets, so a query word jieba cut differently in a text still matches as the
//!   exact phrase of its parts.
//! - [`schema`]: [`IndexDoc`], the tantivy schema, and the conversion between them.
//! - [`index`]: [`SearchIndex`] — open or create, apply a batch with its position, clear,
//!   position, optimize.
//! - [`query`]: [`Query`] → [`Hits`]: every word must match, BM25 with the title boosted,
//!   filters by kind, year, congress and principal inside the tantivy query (so counts and
//!   pages are right and a hidden record never yields a snippet); related records.
//! - `highlight`: titles and snippets as escaped HTML with `<mark>`.
//! - [`error`]: the crate's one error type.

pub mod error;
mod highlight;
pub mod index;
pub mod query;
pub mod schema;
pub mod tokenizer;

#[cfg(test)]
mod tests;

pub use error::{Error, Result};
pub use index::SearchIndex;
pub use query::{Hit, Hits, MAX_LIMIT, Query};
pub use schema::IndexDoc;
