//! Chinese full-text search over documents, suggestions and opinions (not built yet).
//!
//! The plan (DESIGN.md, "Architecture"): a tantivy index with a jieba tokenizer sharing one
//! `Arc<Jieba>` and a user dictionary of congress terms; the index is derived data, rebuilt from
//! the store by `renda reindex` and kept current by following the event log; every hit is
//! filtered through `renda_core::policy` before a snippet is shown.
