//! The two engines behind one shape: index a batch, optimize, search one query, size on disk.
//!
//! A search is what a results page needs from each: the total number of matches and the ten
//! best with a highlighted snippet.

use std::path::{Path, PathBuf};

use renda_search::{IndexDoc, Query, SearchIndex};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Row, SqliteConnection};

use crate::corpus::Doc;

/// Hits per page for both engines.
pub const PAGE: usize = 10;

/// renda-search: tantivy with the jieba tokenizer.
pub struct Ours {
    index: SearchIndex,
    dir: PathBuf,
    next_key: u64,
}

impl Ours {
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        Ok(Self { index: SearchIndex::open(dir)?, dir: dir.to_path_buf(), next_key: 0 })
    }

    /// Opens a built index as the web server does, for searching only: `SearchIndex::open`, and
    /// no writer kept (released if `open` left one); whether one had to be released.
    pub fn open_reader(dir: &Path) -> anyhow::Result<(Self, bool)> {
        anyhow::ensure!(dir.join("meta.json").is_file(), "no tantivy index in {}", dir.display());
        let engine = Self::open(dir)?;
        let released = engine.index.release_writer()?;
        anyhow::ensure!(!engine.index.writer_open(), "a writer is still open after release_writer");
        Ok((engine, released))
    }

    /// Converts a batch to the index's records (not timed: the store does this).
    pub fn prepare(&mut self, docs: &[Doc]) -> Vec<IndexDoc> {
        docs.iter()
            .map(|d| {
                self.next_key += 1;
                IndexDoc {
                    key: format!("{}:{}", d.kind, self.next_key),
                    kind: d.kind.to_string(),
                    title: d.title.clone(),
                    body: d.body.clone(),
                    date: d.year.and_then(|y| jiff::civil::Date::new(y, 3, 5).ok()),
                    congresses: vec![1],
                    principals: vec!["public".into()],
                    ..IndexDoc::default()
                }
            })
            .collect()
    }

    /// Indexes and commits one batch.
    pub fn index(&self, batch: Vec<IndexDoc>, position: u64) -> anyhow::Result<()> {
        Ok(self.index.apply(batch, vec![], position)?)
    }

    pub fn optimize(&self) -> anyhow::Result<()> {
        Ok(self.index.optimize()?)
    }

    /// The total and the first page, with highlights.
    pub fn search(&self, text: &str) -> anyhow::Result<usize> {
        let query = Query { text: text.into(), principals: vec!["public".into()], limit: PAGE, ..Query::default() };
        let hits = self.index.search(&query)?;
        anyhow::ensure!(hits.hits.len() <= PAGE);
        Ok(hits.total)
    }

    pub fn size(&self) -> anyhow::Result<u64> {
        dir_size(&self.dir)
    }
}

/// SQLite FTS5 with the trigram tokenizer, the usual way to search Chinese in SQLite without an
/// extension: no word segmentation, any substring of three characters or more.
pub struct Fts5 {
    conn: SqliteConnection,
    path: PathBuf,
}

impl Fts5 {
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal);
        let mut conn = SqliteConnection::connect_with(&options).await?;
        sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'trigram')")
            .execute(&mut conn)
            .await?;
        Ok(Self { conn, path: path.to_path_buf() })
    }

    /// Indexes and commits one batch in one transaction.
    pub async fn index(&mut self, batch: &[Doc]) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        for doc in batch {
            sqlx::query("INSERT INTO docs (title, body) VALUES (?, ?)")
                .bind(&doc.title)
                .bind(&doc.body)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// FTS5's own merge of its b-trees into one.
    pub async fn optimize(&mut self) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO docs (docs) VALUES ('optimize')").execute(&mut self.conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut self.conn).await?;
        Ok(())
    }

    /// The total and the first page by bm25, with highlights. Each word is a quoted string
    /// (so nothing in it is FTS5 syntax), all of them ANDed.
    pub async fn search(&mut self, text: &str) -> anyhow::Result<usize> {
        let expr = text
            .split_whitespace()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        let total: i64 = sqlx::query("SELECT count(*) FROM docs WHERE docs MATCH ?")
            .bind(&expr)
            .fetch_one(&mut self.conn)
            .await?
            .get(0);
        let page = sqlx::query(
            "SELECT rowid, highlight(docs, 0, '<mark>', '</mark>'), snippet(docs, 1, '<mark>', '</mark>', '…', 64) \
             FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
        )
        .bind(&expr)
        .bind(PAGE as i64)
        .fetch_all(&mut self.conn)
        .await?;
        anyhow::ensure!(page.len() <= PAGE);
        Ok(usize::try_from(total)?)
    }

    /// The database file and its WAL.
    pub fn size(&self) -> anyhow::Result<u64> {
        let mut size = 0;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = self.path.clone().into_os_string();
            name.push(suffix);
            size += std::fs::metadata(&name).map(|m| m.len()).unwrap_or(0);
        }
        Ok(size)
    }
}

fn dir_size(dir: &Path) -> anyhow::Result<u64> {
    let mut size = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        size += if meta.is_dir() { dir_size(&entry.path())? } else { meta.len() };
    }
    Ok(size)
}
