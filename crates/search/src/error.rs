//! The one error type of this crate.
//!
//! Every variant is an internal failure (disk, a corrupt index, a panic elsewhere): the web layer
//! shows the user its generic Chinese message and logs the cause chain. User input never fails a
//! search — odd query text simply matches nothing.

/// What can go wrong opening, writing or searching the index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy failed (I/O under the index, a corrupt segment, a writer lock held elsewhere).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// The index directory could not be created or wiped.
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    /// A date could not be converted to a timestamp (out of range).
    #[error("search index date: {0}")]
    Date(#[from] jiff::Error),
    /// A thread panicked while holding the writer; its uncommitted changes are unknown.
    #[error("search index writer poisoned by a panic")]
    Poisoned,
}

/// This crate's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
