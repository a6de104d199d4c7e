//! [`SearchIndex`]: opening, writing and reading the index.
//!
//! The index is derived data. Its position — the sequence number of the last event of the
//! store's event log applied to it — is committed with its content, in tantivy's commit payload,
//! so that after a crash the two agree and the follower resumes from the right event.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::directory::{Directory, DirectoryLock, Lock, MmapDirectory};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyError, Term};

use crate::error::{Error, Result};
use crate::schema::{self, Fields, IndexDoc};
use crate::tokenizer::{INDEX_TOKENIZER, JiebaTokenizer, Mode, QUERY_TOKENIZER};

/// Memory the writer may fill before it writes a segment, shared by its threads.
const WRITER_MEMORY: usize = 50_000_000;

/// A handle to the search index. Cloning is cheap (an `Arc` increment); clones share the one
/// writer and the one reader, so a web server clones it into every request.
///
/// Writes are serialised by a mutex around tantivy's writer; searches never wait for them.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub index: Index,
    pub fields: Fields,
    /// Open only while there is something to write ([`SearchIndex::release_writer`]).
    writer: Mutex<Option<IndexWriter>>,
    reader: IndexReader,
    /// The directory's lock of this process, held while the index is open ([`OPEN_LOCK`]).
    _held: Option<DirectoryLock>,
}

/// The file a process locks while it has an index directory open: one process at a time, as
/// while it holds tantivy's writer lock, though the writer itself is open only while writing.
const OPEN_LOCK: &str = "renda-open.lock";

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("position", &self.position()).finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and the index as needed.
    ///
    /// An index written with another schema (an older version of this crate) or that tantivy
    /// cannot read is wiped and recreated empty: the index is derived data. A new or recreated
    /// index has [`position`](Self::position) 0, which tells the caller to rebuild it from the
    /// store. Only one process may hold a directory open ([`OPEN_LOCK`]).
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let lock = Lock { filepath: OPEN_LOCK.into(), is_blocking: false };
        let held = MmapDirectory::open(dir)?.acquire_lock(&lock).map_err(TantivyError::from)?;
        let (schema, fields) = schema::build();
        let index = if dir.join("meta.json").exists() {
            match Index::open_in_dir(dir) {
                Ok(index) if index.schema() == schema => Some(index),
                Ok(_) => None,
                Err(
                    TantivyError::DataCorruption(_)
                    | TantivyError::IncompatibleIndex(_)
                    | TantivyError::SchemaError(_)
                    | TantivyError::DeserializeError(_),
                ) => None,
                Err(e) => return Err(e.into()),
            }
        } else {
            None
        };
        let index = match index {
            Some(index) => index,
            None => {
                wipe(dir)?;
                Index::create_in_dir(dir, schema)?
            }
        };
        Self::with_index(index, fields, Some(held))
    }

    /// A new, empty index held in memory, for tests.
    pub fn in_memory() -> Result<Self> {
        let (schema, fields) = schema::build();
        Self::with_index(Index::create_in_ram(schema), fields, None)
    }

    fn with_index(index: Index, fields: Fields, held: Option<DirectoryLock>) -> Result<Self> {
        index.tokenizers().register(INDEX_TOKENIZER, TextAnalyzer::from(JiebaTokenizer::new(Mode::Index)));
        index.tokenizers().register(QUERY_TOKENIZER, TextAnalyzer::from(JiebaTokenizer::new(Mode::Query)));
        // Reloaded by hand after each commit, so that a search right after `apply` sees it.
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        // The writer (its threads and memory arena) is opened by the first write.
        Ok(Self { inner: Arc::new(Inner { index, fields, writer: Mutex::new(None), reader, _held: held }) })
    }

    /// Applies one batch of changes and records `position` with them, in one commit.
    ///
    /// Each upsert replaces the record with the same key, if any; deletes of unknown keys do
    /// nothing. When this returns, searches see the batch and [`position`](Self::position)
    /// returns `position`; if it fails, neither the batch nor the position is committed.
    pub fn apply(&self, upserts: Vec<IndexDoc>, deletes: Vec<String>, position: u64) -> Result<()> {
        let f = self.inner.fields;
        let documents = upserts
            .iter()
            .map(|doc| Ok((doc.key.as_str(), schema::to_document(&f, doc)?)))
            .collect::<Result<Vec<_>>>()?;
        let mut guard = self.writer()?;
        let writer = self.ensure_writer(&mut guard)?;
        let staged = (|| -> Result<()> {
            for key in &deletes {
                writer.delete_term(Term::from_field_text(f.key, key));
            }
            for (key, document) in documents {
                // Operations are ordered: the delete removes only what was added before it.
                writer.delete_term(Term::from_field_text(f.key, key));
                writer.add_document(document)?;
            }
            Ok(())
        })();
        self.commit(writer, staged, position)
    }

    /// Removes every record and resets the position to 0, before a rebuild.
    pub fn clear(&self) -> Result<()> {
        let mut guard = self.writer()?;
        let writer = self.ensure_writer(&mut guard)?;
        let staged = writer.delete_all_documents().map(|_| ()).map_err(Error::from);
        self.commit(writer, staged, 0)
    }

    /// Commits what is staged in `writer` with `position`, or rolls it back if staging failed.
    fn commit(&self, writer: &mut IndexWriter, staged: Result<()>, position: u64) -> Result<()> {
        let committed = staged.and_then(|()| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&position.to_string());
            prepared.commit()?;
            Ok(())
        });
        if let Err(e) = committed {
            writer.rollback()?;
            return Err(e);
        }
        self.inner.reader.reload()?;
        Ok(())
    }

    /// The position committed with the index content: 0 for a new, recreated or cleared index
    /// (and, defensively, for a payload this crate did not write), meaning "rebuild me".
    pub fn position(&self) -> u64 {
        self.inner
            .index
            .load_metas()
            .ok()
            .and_then(|meta| meta.payload)
            .and_then(|payload| payload.parse().ok())
            .unwrap_or(0)
    }

    /// How many records the index holds.
    pub fn len(&self) -> u64 {
        self.searcher().num_docs()
    }

    /// Whether the index holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a record with this key is indexed (whoever may see it).
    pub fn contains(&self, key: &str) -> Result<bool> {
        let query = TermQuery::new(Term::from_field_text(self.inner.fields.key, key), IndexRecordOption::Basic);
        Ok(self.searcher().search(&query, &tantivy::collector::Count)? > 0)
    }

    /// Merges the index's segments into one and waits for it; for after a bulk rebuild.
    /// Searches keep working meanwhile; writes wait.
    ///
    /// The merges tantivy runs in the background after commits hold segments that an explicit
    /// merge would ask for too, so the writer is first retired (which waits for them), and a
    /// fresh one does the merge.
    pub fn optimize(&self) -> Result<()> {
        let mut guard = self.writer()?;
        if let Some(writer) = guard.take() {
            writer.wait_merging_threads()?;
        }
        let writer = self.ensure_writer(&mut guard)?;
        let ids = self.inner.index.searchable_segment_ids()?;
        if ids.len() > 1 {
            writer.merge(&ids).wait()?;
        }
        writer.garbage_collect_files().wait()?;
        self.inner.reader.reload()?;
        Ok(())
    }

    /// Closes the writer, once its merges are done, if one is open; whether one was. A server
    /// calls it when there is nothing left to write, so the writer's threads and its memory
    /// (up to 50 MB while it indexes) are there only while it writes; the next write opens one
    /// again.
    pub fn release_writer(&self) -> Result<bool> {
        let mut guard = self.writer()?;
        match guard.take() {
            Some(writer) => {
                writer.wait_merging_threads()?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Whether a writer is open.
    pub fn writer_open(&self) -> bool {
        self.writer().is_ok_and(|g| g.is_some())
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.inner.reader.searcher()
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>> {
        self.inner.writer.lock().map_err(|_| Error::Poisoned)
    }

    /// The writer in `guard`, opened if none is (the first write, or after a release).
    fn ensure_writer<'g>(&self, guard: &'g mut Option<IndexWriter>) -> Result<&'g mut IndexWriter> {
        if guard.is_none() {
            *guard = Some(self.inner.index.writer(WRITER_MEMORY)?);
        }
        Ok(guard.as_mut().expect("set just above"))
    }
}

/// Removes the files of a directory (an index is flat), leaving any subdirectory alone.
fn wipe(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() && entry.file_name() != OPEN_LOCK {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(key: &str, title: &str) -> IndexDoc {
        IndexDoc {
            key: key.into(),
            kind: "news".into(),
            title: title.into(),
            principals: vec!["public".into()],
            ..IndexDoc::default()
        }
    }

    #[test]
    fn a_new_index_is_at_position_zero_and_empty() -> Result<()> {
        let index = SearchIndex::in_memory()?;
        assert_eq!(index.position(), 0);
        assert!(index.is_empty());
        Ok(())
    }

    #[test]
    fn an_upsert_replaces_the_record_with_the_same_key_and_a_delete_removes_it() -> Result<()> {
        let index = SearchIndex::in_memory()?;
        index.apply(vec![doc("news:1", "旧标题"), doc("news:2", "其他")], vec![], 1)?;
        index.apply(vec![doc("news:1", "新标题")], vec![], 2)?;
        assert_eq!(index.len(), 2);
        index.apply(vec![], vec!["news:2".into(), "news:404".into()], 3)?;
        assert_eq!(index.len(), 1);
        assert!(index.contains("news:1")? && !index.contains("news:2")?);
        assert_eq!(index.position(), 3);
        Ok(())
    }

    #[test]
    fn the_position_survives_reopening_the_directory() -> Result<()> {
        let dir = tempfile::tempdir()?;
        {
            let index = SearchIndex::open(dir.path())?;
            assert_eq!(index.position(), 0);
            index.apply(vec![doc("news:1", "代表建议")], vec![], 42)?;
        }
        let index = SearchIndex::open(dir.path())?;
        assert_eq!(index.position(), 42);
        assert!(index.contains("news:1")?);
        Ok(())
    }

    #[test]
    fn the_writer_is_open_only_while_there_is_something_to_write() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let index = SearchIndex::open(dir.path())?;
        assert!(!index.writer_open(), "opening the index opens no writer");
        index.apply(vec![doc("news:1", "代表建议")], vec![], 1)?;
        assert!(index.writer_open());
        assert!(index.release_writer()?, "a writer was open");
        assert!(!index.writer_open() && !index.release_writer()?);
        assert!(index.contains("news:1")?, "searches go on without a writer");
        index.apply(vec![doc("news:2", "代表建议")], vec![], 2)?;
        assert_eq!((index.len(), index.position()), (2, 2), "the next write opens one again");
        Ok(())
    }

    #[test]
    fn a_directory_is_open_in_one_place_at_a_time_writer_or_not() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let index = SearchIndex::open(dir.path())?;
        assert!(SearchIndex::open(dir.path()).is_err(), "held though no writer is open");
        drop(index);
        let index = SearchIndex::open(dir.path())?;
        assert_eq!(index.position(), 0);
        Ok(())
    }

    #[test]
    fn an_index_with_another_schema_is_wiped_and_starts_at_zero() -> Result<()> {
        let dir = tempfile::tempdir()?;
        {
            let mut b = tantivy::schema::Schema::builder();
            b.add_text_field("old", tantivy::schema::TEXT);
            let old = Index::create_in_dir(dir.path(), b.build())?;
            let mut writer: IndexWriter = old.writer(15_000_000)?;
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload("99");
            prepared.commit()?;
        }
        let index = SearchIndex::open(dir.path())?;
        assert_eq!(index.position(), 0);
        index.apply(vec![doc("news:1", "标题")], vec![], 1)?;
        assert!(index.contains("news:1")?);
        Ok(())
    }

    #[test]
    fn clear_empties_the_index_and_resets_the_position() -> Result<()> {
        let index = SearchIndex::in_memory()?;
        index.apply(vec![doc("news:1", "标题")], vec![], 5)?;
        index.clear()?;
        assert!(index.is_empty());
        assert_eq!(index.position(), 0);
        Ok(())
    }

    #[test]
    fn optimize_merges_into_one_segment_and_writing_goes_on() -> Result<()> {
        let index = SearchIndex::in_memory()?;
        for n in 1..=5 {
            index.apply(vec![doc(&format!("news:{n}"), "标题")], vec![], n)?;
        }
        index.optimize()?;
        assert_eq!(index.searcher().segment_readers().len(), 1);
        assert_eq!(index.len(), 5);
        index.apply(vec![doc("news:6", "标题")], vec![], 6)?;
        assert_eq!((index.len(), index.position()), (6, 6));
        Ok(())
    }

    #[test]
    fn a_clone_shares_the_index() -> Result<()> {
        let index = SearchIndex::in_memory()?;
        let clone = index.clone();
        clone.apply(vec![doc("news:1", "标题")], vec![], 1)?;
        assert!(index.contains("news:1")?);
        Ok(())
    }
}
