//! The search index follows the event log.
//!
//! The index is derived data (DESIGN.md, "How data flows"): nothing writes it in the request
//! path. A follower reads the event log after the position the index was last committed with,
//! reloads each record an entry names from the store, and applies the batch together with its
//! new position (tantivy keeps both in one commit). A crash therefore never leaves the index
//! ahead of the database: at worst it is behind, and the next pass catches up. `renda reindex`
//! (and a new or unreadable index) rebuilds it from the store.
//!
//! Who may find a record is written into it as principals, mirroring the policy
//! (`renda_core::policy`): a public document names `public`, a logged-in-users document
//! `users`, a staff document the staff of its congress and of every congress above
//! (`staff:ID`), a suggestion its signers (`person:ID`), its units (`unit:ID`), the staff of
//! its congress and above, and `public` once its reply is published; a filed normative document
//! the staff of its receiving congress and above and its maker (`unit:ID`, or `staff:ID` of a
//! congress filing its own resolution), and `public` among its summary principals once
//! registered (its title and 备案号 are on the public register, never its review); a draft
//! regulation the staff of its congress and above, and `public` once a version is open. A logged-in-users
//! document also names `public` among its summary principals: everyone finds it by its title
//! and 导读, which the portal shows to everyone, and only `users` by its text. A reader searches with
//! their own principals ([`reader_principals`]), so a hidden record is never counted, ranked
//! or turned into a snippet. The search page checks each hit against the store once more.
//!
//! On PostgreSQL a transaction that took a lower log id can commit after one that took a
//! higher id; the follower remembers ids it saw missing and asks for them again for a few
//! minutes (a missing id that never appears was a rolled-back transaction).

use renda_core::document::{self, Visibility};
use renda_core::event::Subject;
use renda_core::ids::OrgId;
use renda_core::policy::Role;
use renda_search::{IndexDoc, SearchIndex};
use renda_store::documents::{DocumentDetail, DocumentId};
use renda_store::suggestions::{SuggestionDetail, SuggestionId};
use renda_store::{Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The kind code suggestions carry in the index (documents carry their `DocKind` code).
pub const SUGGESTION_KIND: &str = "suggestion";

/// The kind code filed normative documents carry in the index.
pub const FILING_KIND: &str = "filing";

/// The kind code draft regulations in consultation carry in the index.
pub const DRAFT_KIND: &str = "draft";

/// How long a missing log id is asked for again.
const GAP_PATIENCE: Duration = Duration::from_secs(300);
const BATCH: i64 = 500;

/// What can go wrong while indexing.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] renda_search::Error),
    #[error("indexing task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

/// The index and the follower's memory of missing ids. Shared by the web tier (searches) and
/// the background worker (writes).
#[derive(Debug)]
pub struct Indexer {
    index: SearchIndex,
    gaps: Mutex<BTreeMap<i64, Instant>>,
}

/// The principals a reader searches with: everyone is `public`; a signed-in user is also
/// `users` and what their role makes them.
pub fn reader_principals(role: Option<Role>) -> Vec<String> {
    let mut p = vec!["public".to_string()];
    if let Some(role) = role {
        p.push("users".into());
        match role {
            Role::Admin => p.push("admin".into()),
            Role::Staff { congress } => p.push(format!("staff:{}", congress.0)),
            Role::Deputy { person } => p.push(format!("person:{}", person.0)),
            Role::Unit { unit } => p.push(format!("unit:{}", unit.0)),
            Role::Public => {}
        }
    }
    p
}

fn staff_of(path: &[OrgId]) -> impl Iterator<Item = String> + '_ {
    std::iter::once("admin".to_string()).chain(path.iter().map(|c| format!("staff:{}", c.0)))
}

/// A document as the index holds it.
pub fn document_doc(d: &DocumentDetail) -> IndexDoc {
    let mut principals: Vec<String> = staff_of(&d.congress_path).collect();
    let mut summary_principals = Vec::new();
    if d.row.published {
        match d.row.visibility {
            Visibility::Public => principals.push("public".into()),
            // Its title and 导读 are public: everyone finds it by those.
            Visibility::Users => {
                principals.push("users".into());
                summary_principals.push("public".into());
            }
            Visibility::Staff => {}
        }
    }
    IndexDoc {
        key: format!("document:{}", d.row.id.0),
        kind: d.row.kind.code().into(),
        title: d.row.title.clone(),
        lead: d.row.lead.clone(),
        body: document::plain_text(&d.body),
        organ: d.row.organ.clone(),
        tags: d.row.tags.clone(),
        date: d.row.text_date.or(d.row.published_at.map(|t| t.date())),
        congresses: d.congress_path.iter().map(|c| c.0 as u64).collect(),
        principals,
        summary_principals,
    }
}

/// A suggestion as the index holds it: its text and the replies to it.
pub fn suggestion_doc(d: &SuggestionDetail) -> IndexDoc {
    let mut principals: Vec<String> = staff_of(&d.congress_path).collect();
    principals.extend(d.signers.iter().map(|s| format!("person:{}", s.person.0)));
    principals.extend(d.units.iter().map(|u| format!("unit:{}", u.unit.0)));
    if d.is_public() {
        principals.push("public".into());
    }
    let mut body = d.body.clone();
    for r in &d.replies {
        body.push('\n');
        body.push_str(&r.body);
    }
    IndexDoc {
        key: format!("suggestion:{}", d.row.id.0),
        kind: SUGGESTION_KIND.into(),
        title: d.row.title.clone(),
        lead: String::new(),
        body,
        organ: d.row.lead_name.clone(),
        tags: Vec::new(),
        date: Some(renda_core::clock::beijing_date(d.row.created_at)),
        congresses: d.congress_path.iter().map(|c| c.0 as u64).collect(),
        principals,
        summary_principals: Vec::new(),
    }
}

/// A filed normative document as the index holds it: its title, maker and 备案号 for everyone once
/// registered (the public register lists them); its review — each step's words, the 审查意见,
/// the maker's answers — for the receiving congress's staff and above and for its maker.
pub fn filing_doc(
    v: &renda_store::filing::review::FilingView,
    congress_path: &[OrgId],
    maker_is_congress: bool,
) -> IndexDoc {
    let f = &v.row;
    let mut principals: Vec<String> = staff_of(congress_path).collect();
    principals.push(if maker_is_congress { format!("staff:{}", f.maker.0) } else { format!("unit:{}", f.maker.0) });
    let summary_principals = if f.number.is_some() { vec!["public".to_string()] } else { Vec::new() };
    let body = v
        .events
        .iter()
        .filter_map(|e| serde_json::to_value(&e.event).ok())
        .flat_map(|e| {
            ["note", "text", "reason", "to"].into_iter().filter_map(move |k| e.get(k)?.as_str().map(str::to_owned))
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    IndexDoc {
        key: format!("filing:{}", f.id.0),
        kind: FILING_KIND.into(),
        title: f.title.clone(),
        lead: match &f.number {
            Some(n) => format!("{}报送备案，备案号{n}", f.maker_name),
            None => format!("{}报送备案", f.maker_name),
        },
        body,
        organ: f.maker_name.clone(),
        tags: f.topic.iter().cloned().chain(f.number.iter().cloned()).collect(),
        date: Some(f.published_on),
        congresses: congress_path.iter().map(|c| c.0 as u64).collect(),
        principals,
        summary_principals,
    }
}

/// A draft regulation as the index holds it: the latest version opened for comment (its text
/// and 说明) for everyone; before any opens, the latest draft for its congress's staff and above
/// only. A version scheduled to open later is found once an event about the regulation (a
/// comment period opened, a new version, a report) makes the follower read it again.
pub fn draft_doc(
    r: &renda_store::legislation::RegulationRow,
    congress_path: &[OrgId],
    today: jiff::civil::Date,
) -> IndexDoc {
    let mut principals: Vec<String> = staff_of(congress_path).collect();
    let opened = r.versions.iter().rev().find(|v| v.version.opens_on <= today);
    if opened.is_some() {
        principals.push("public".into());
    }
    let shown = opened.or(r.versions.last());
    IndexDoc {
        key: format!("regulation:{}", r.id.0),
        kind: DRAFT_KIND.into(),
        title: r.title.clone(),
        lead: shown.map(|v| v.draft.explanation.chars().take(200).collect()).unwrap_or_default(),
        body: shown.map(|v| v.draft.text.clone()).unwrap_or_default(),
        organ: r.congress_name.clone(),
        tags: Vec::new(),
        date: shown.map(|v| v.version.opens_on),
        congresses: congress_path.iter().map(|c| c.0 as u64).collect(),
        principals,
        summary_principals: Vec::new(),
    }
}

/// A record the index may hold, by its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Record {
    Document(i64),
    Suggestion(i64),
    Filing(i64),
    Regulation(i64),
}

impl Record {
    fn of(subject: Subject) -> Option<Record> {
        match subject {
            Subject::Document(id) => Some(Record::Document(id.0)),
            Subject::Suggestion(id) => Some(Record::Suggestion(id.0)),
            Subject::Filing(id) => Some(Record::Filing(id.0)),
            Subject::Regulation(id) => Some(Record::Regulation(id.0)),
            _ => None,
        }
    }

    fn key(self) -> String {
        match self {
            Record::Document(id) => format!("document:{id}"),
            Record::Suggestion(id) => format!("suggestion:{id}"),
            Record::Filing(id) => format!("filing:{id}"),
            Record::Regulation(id) => format!("regulation:{id}"),
        }
    }
}

/// Loads a record as an index entry; `None` when it no longer exists.
async fn load(store: &Store, r: Record) -> Result<Option<IndexDoc>, StoreError> {
    let found = match r {
        Record::Document(id) => {
            store.document(&renda_store::Actor::system(), DocumentId(id)).await.map(|d| document_doc(&d))
        }
        Record::Suggestion(id) => store.suggestion_for_system(SuggestionId(id)).await.map(|d| suggestion_doc(&d)),
        Record::Filing(id) => match store.filing(&renda_store::Actor::system(), renda_core::ids::FilingId(id)).await {
            Ok(v) => {
                let path = store.congress_path(v.row.congress).await?;
                let maker_is_congress = store.org(v.row.maker).await?.kind.is_congress();
                Ok(filing_doc(&v, &path, maker_is_congress))
            }
            Err(e) => Err(e),
        },
        Record::Regulation(id) => {
            match store.regulation(&renda_store::Actor::system(), renda_core::ids::RegulationId(id)).await {
                Ok(r) => {
                    let path = store.congress_path(r.congress).await?;
                    Ok(draft_doc(&r, &path, store.today()))
                }
                Err(e) => Err(e),
            }
        }
    };
    match found {
        Ok(doc) => Ok(Some(doc)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Indexer {
    pub fn new(index: SearchIndex) -> Self {
        Self { index, gaps: Mutex::new(BTreeMap::new()) }
    }

    /// An index in memory (tests, and servers started without an index folder).
    pub fn in_memory() -> Result<Self, IndexError> {
        Ok(Self::new(SearchIndex::in_memory()?))
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Brings an index up to date at start: a rebuild when it holds nothing yet or is ahead of
    /// the event log (an index left from another database, or a database restored from an
    /// older backup), else a catch-up.
    pub async fn start(&self, store: &Store) -> Result<usize, IndexError> {
        let last = store.last_event_id().await?;
        let position = i64::try_from(self.index.position()).unwrap_or(i64::MAX);
        if (position == 0 && last > 0) || position > last {
            self.rebuild(store).await
        } else {
            self.catch_up(store).await
        }
    }

    /// Empties the index and indexes every record; returns how many.
    pub async fn rebuild(&self, store: &Store) -> Result<usize, IndexError> {
        // The position is read first: whatever changes while we read is read again later.
        let position = store.last_event_id().await?;
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.clear()).await??;
        let mut records: Vec<Record> = store.document_ids().await?.into_iter().map(|d| Record::Document(d.0)).collect();
        records.extend(store.suggestion_ids().await?.into_iter().map(|s| Record::Suggestion(s.0)));
        records.extend(store.filing_ids().await?.into_iter().map(|f| Record::Filing(f.0)));
        records.extend(store.regulation_ids().await?.into_iter().map(|r| Record::Regulation(r.0)));
        let mut done = 0;
        for chunk in records.chunks(200) {
            let mut docs = Vec::with_capacity(chunk.len());
            for r in chunk {
                if let Some(d) = load(store, *r).await? {
                    docs.push(d);
                }
            }
            done += docs.len();
            self.apply(docs, Vec::new(), position_u64(position)).await?;
        }
        if records.is_empty() {
            self.apply(Vec::new(), Vec::new(), position_u64(position)).await?;
        }
        Ok(done)
    }

    /// Applies every event after the index's position; returns how many records were
    /// (re)indexed or removed.
    pub async fn catch_up(&self, store: &Store) -> Result<usize, IndexError> {
        let mut done = self.retry_gaps(store).await?;
        loop {
            let position = i64::try_from(self.index.position()).unwrap_or(i64::MAX);
            let events = store.events_after(position, BATCH).await?;
            let Some(last) = events.last().map(|e| e.id) else {
                if done == 0 {
                    // Nothing to write: the writer's threads and memory go until the next write.
                    let index = self.index.clone();
                    tokio::task::spawn_blocking(move || index.release_writer()).await??;
                }
                return Ok(done);
            };
            self.note_gaps(position, events.iter().map(|e| e.id));
            let records: BTreeSet<Record> = events.iter().filter_map(|e| e.subject.and_then(Record::of)).collect();
            done += self.reindex(store, records, last).await?;
        }
    }

    async fn reindex(&self, store: &Store, records: BTreeSet<Record>, position: i64) -> Result<usize, IndexError> {
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        for r in &records {
            match load(store, *r).await? {
                Some(d) => upserts.push(d),
                None => deletes.push(r.key()),
            }
        }
        self.apply(upserts, deletes, position_u64(position)).await?;
        Ok(records.len())
    }

    async fn apply(&self, upserts: Vec<IndexDoc>, deletes: Vec<String>, position: u64) -> Result<(), IndexError> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.apply(upserts, deletes, position)).await??;
        Ok(())
    }

    /// Remembers the ids between `after` and each seen id that were not there.
    fn note_gaps(&self, after: i64, seen: impl Iterator<Item = i64>) {
        let now = Instant::now();
        let mut gaps = self.gaps.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut prev = after;
        for id in seen {
            // A huge hole (an id sequence restarted higher) is not worth remembering id by id.
            if id - prev < 1_000 {
                for missing in prev + 1..id {
                    gaps.entry(missing).or_insert(now);
                }
            }
            prev = id;
        }
    }

    /// Looks again for ids that were missing; indexes what they name if they appeared.
    async fn retry_gaps(&self, store: &Store) -> Result<usize, IndexError> {
        let wanted: Vec<i64> = {
            let mut gaps = self.gaps.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            gaps.retain(|_, seen| seen.elapsed() < GAP_PATIENCE);
            gaps.keys().copied().collect()
        };
        if wanted.is_empty() {
            return Ok(0);
        }
        let found = store.events_by_ids(&wanted).await?;
        if found.is_empty() {
            return Ok(0);
        }
        {
            let mut gaps = self.gaps.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for e in &found {
                gaps.remove(&e.id);
            }
        }
        let records: BTreeSet<Record> = found.iter().filter_map(|e| e.subject.and_then(Record::of)).collect();
        let position = i64::try_from(self.index.position()).unwrap_or(i64::MAX);
        self.reindex(store, records, position).await
    }

    /// Ids the follower is still waiting for (tests).
    pub fn pending_gaps(&self) -> Vec<i64> {
        self.gaps.lock().unwrap_or_else(std::sync::PoisonError::into_inner).keys().copied().collect()
    }
}

fn position_u64(p: i64) -> u64 {
    u64::try_from(p).unwrap_or(0)
}
