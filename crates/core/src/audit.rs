//! The audit chain's hashing, kept pure so that writing and verifying use the same bytes.
//!
//! Each congress has its own chain (so that writes in different congresses never wait for each
//! other); records that belong to no congress go on chain 0. An entry's hash covers every field
//! of the entry and the previous entry's hash, so editing, deleting or reordering any entry
//! breaks every hash after it.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry of a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of one audit entry as they are hashed. Times are RFC 3339 strings exactly as
/// stored; `before`/`after` are the JSON texts exactly as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryFields<'a> {
    pub chain: i64,
    pub seq: i64,
    pub at: &'a str,
    pub actor: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// SHA-256 over the previous hash and a length-prefixed encoding of every field, in hex.
pub fn entry_hash(prev_hash: &str, e: &EntryFields<'_>) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&e.chain.to_be_bytes());
    field(&e.seq.to_be_bytes());
    field(e.at.as_bytes());
    field(e.actor.map(|a| a.to_string()).unwrap_or_default().as_bytes());
    field(e.action.as_bytes());
    field(e.entity.as_bytes());
    field(e.entity_id.as_bytes());
    // None and Some("") must differ: a marker byte precedes optional fields.
    for opt in [e.before, e.after] {
        match opt {
            Some(s) => {
                field(b"1");
                field(s.as_bytes());
            }
            None => field(b"0"),
        }
    }
    hex::encode(h.finalize())
}

/// One stored entry as `verify` reads it back.
#[derive(Clone, Debug)]
pub struct StoredEntry {
    /// The global id, used to name a broken entry.
    pub id: i64,
    pub chain: i64,
    pub seq: i64,
    pub at: String,
    pub actor: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Where and why a chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("审计链第 {chain} 条链在记录 #{id} 处断裂：{reason}")]
pub struct Broken {
    pub chain: i64,
    pub id: i64,
    pub reason: String,
}

/// Walks a chain checker entry by entry. Feed it one chain's entries in `seq` order.
#[derive(Debug)]
pub struct ChainWalker {
    chain: i64,
    prev_hash: String,
    next_seq: i64,
}

impl ChainWalker {
    pub fn new(chain: i64) -> Self {
        Self { chain, prev_hash: GENESIS.to_owned(), next_seq: 1 }
    }

    /// Checks one entry against the one before it.
    pub fn check(&mut self, e: &StoredEntry) -> Result<(), Broken> {
        let broken = |reason: String| Broken { chain: self.chain, id: e.id, reason };
        if e.chain != self.chain {
            return Err(broken(format!("属于第 {} 条链", e.chain)));
        }
        if e.seq != self.next_seq {
            return Err(broken(format!("序号应为 {}，实为 {}（有记录缺失或被插入）", self.next_seq, e.seq)));
        }
        if e.prev_hash != self.prev_hash {
            return Err(broken("前一条记录的哈希不符（前一条记录被删除或篡改）".into()));
        }
        let fields = EntryFields {
            chain: e.chain,
            seq: e.seq,
            at: &e.at,
            actor: e.actor,
            action: &e.action,
            entity: &e.entity,
            entity_id: &e.entity_id,
            before: e.before.as_deref(),
            after: e.after.as_deref(),
        };
        if entry_hash(&e.prev_hash, &fields) != e.hash {
            return Err(broken("记录内容与其哈希不符（记录被篡改）".into()));
        }
        self.prev_hash = e.hash.clone();
        self.next_seq += 1;
        Ok(())
    }

    /// The hash the chain's head must have after the entries checked so far.
    pub fn head(&self) -> &str {
        &self.prev_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain_of(n: i64) -> Vec<StoredEntry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let at = format!("2026-01-01T00:00:{seq:02}Z");
                let after = format!("{{\"n\":{seq}}}");
                let fields = EntryFields {
                    chain: 7,
                    seq,
                    at: &at,
                    actor: Some(1),
                    action: "org.create",
                    entity: "organisation",
                    entity_id: &seq.to_string(),
                    before: None,
                    after: Some(&after),
                };
                let hash = entry_hash(&prev, &fields);
                StoredEntry {
                    id: 100 + seq,
                    chain: 7,
                    seq,
                    at,
                    actor: Some(1),
                    action: "org.create".into(),
                    entity: "organisation".into(),
                    entity_id: seq.to_string(),
                    before: None,
                    after: Some(after),
                    prev_hash: std::mem::replace(&mut prev, hash.clone()),
                    hash,
                }
            })
            .collect()
    }

    fn walk(entries: &[StoredEntry]) -> Result<(), Broken> {
        let mut w = ChainWalker::new(7);
        entries.iter().try_for_each(|e| w.check(e))
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(walk(&chain_of(5)), Ok(()));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut c = chain_of(5);
        c[2].after = Some("{\"n\":999}".into());
        let err = walk(&c).expect_err("edited");
        assert_eq!(err.id, 103);
        assert!(err.reason.contains("篡改"));
    }

    #[test]
    fn a_deleted_entry_is_found_at_the_gap() {
        let mut c = chain_of(5);
        c.remove(1);
        assert_eq!(walk(&c).expect_err("deleted").id, 103);
    }

    #[test]
    fn rehashing_an_edited_entry_still_breaks_the_next_link() {
        let mut c = chain_of(5);
        c[1].action = "org.delete".into();
        let f = EntryFields {
            chain: 7,
            seq: 2,
            at: &c[1].at,
            actor: c[1].actor,
            action: &c[1].action,
            entity: &c[1].entity,
            entity_id: &c[1].entity_id,
            before: c[1].before.as_deref(),
            after: c[1].after.as_deref(),
        };
        c[1].hash = entry_hash(&c[1].prev_hash, &f);
        assert_eq!(walk(&c).expect_err("relinked").id, 103);
    }

    #[test]
    fn absent_and_empty_json_hash_differently() {
        let base = EntryFields {
            chain: 0,
            seq: 1,
            at: "t",
            actor: None,
            action: "a",
            entity: "e",
            entity_id: "1",
            before: None,
            after: None,
        };
        let empty = EntryFields { before: Some(""), ..base.clone() };
        assert_ne!(entry_hash(GENESIS, &base), entry_hash(GENESIS, &empty));
    }
}
