//! What the duty archive's pages need beyond [`crate::archive`]: the item kinds a congress
//! publishes on the portal (代表法 Art. 58) and the public part of a deputy's archive, the
//! evidence files of declared items, and the names and delegations a ranking shows.
//!
//! The public part is computed, never copied: a deputy's items of the kinds their congress
//! made public, platform items and verified declarations only — never a pending or rejected
//! declaration, never evidence.

use crate::archive::{ArchiveItemId, ArchiveRow};
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use renda_core::archive::ItemKind;
use renda_core::ids::{DeputyshipId, OrgId, PersonId};
use renda_core::policy::{Action, Resource, Target, decide};
use sqlx::AssertSqlSafe;
use std::collections::HashMap;

/// The most evidence files one declaration takes (the core's rule).
pub use renda_core::archive::items::MAX_EVIDENCE_FILES;

/// The most items the portal lists for one deputy.
pub const PUBLIC_ITEMS_LIMIT: i64 = 500;

/// A seat as a ranking shows it: whose, their name and delegation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seat {
    pub person: PersonId,
    pub name: String,
    pub delegation: String,
    pub start_date: jiff::civil::Date,
    pub end_date: Option<jiff::civil::Date>,
}

impl Store {
    /// The item kinds `congress` publishes on the portal, in the core's order.
    pub async fn public_kinds(&self, congress: OrgId) -> Result<Vec<ItemKind>> {
        let codes: Vec<String> = sqlx::query_scalar("SELECT kind FROM archive_public_kinds WHERE congress_id = $1")
            .bind(congress.0)
            .fetch_all(self.pool())
            .await?;
        Ok(ItemKind::ALL.into_iter().filter(|k| codes.iter().any(|c| c == k.code())).collect())
    }

    /// Sets which item kinds `congress` publishes: staff of the congress, one audited change.
    pub async fn set_public_kinds(&self, actor: &Actor, congress: OrgId, kinds: &[ItemKind]) -> Result<()> {
        let path = self.congress_path(congress).await?;
        renda_core::archive::items::check_publishing_congress(path.first() == Some(&congress))?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        let before: Vec<&str> = self.public_kinds(congress).await?.into_iter().map(ItemKind::code).collect();
        let after: Vec<&str> = ItemKind::ALL.into_iter().filter(|k| kinds.contains(k)).map(ItemKind::code).collect();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM archive_public_kinds WHERE congress_id = $1")
            .bind(congress.0)
            .execute(w.conn())
            .await?;
        for code in &after {
            sqlx::query("INSERT INTO archive_public_kinds (congress_id, kind) VALUES ($1, $2)")
                .bind(congress.0)
                .bind(*code)
                .execute(w.conn())
                .await?;
        }
        w.record("archive.public_kinds", "congress", congress.0, Some(&before), Some(&after)).await?;
        w.commit().await
    }

    /// The public part of a person's archive in every congress they sit in: counted items
    /// (platform items, verified declarations) of the kinds each congress publishes, newest
    /// first. Anyone may read it.
    pub async fn public_archive(&self, person: PersonId) -> Result<Vec<ArchiveRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {} FROM archive_items a
             WHERE a.person_id = $1 AND (a.origin = 'platform' OR a.status = 'verified')
               AND EXISTS (SELECT 1 FROM archive_public_kinds k WHERE k.congress_id = a.congress_id AND k.kind = a.kind)
             ORDER BY a.item_date DESC, a.id DESC LIMIT {PUBLIC_ITEMS_LIMIT}",
            crate::archive::ITEM_COLUMNS_A
        )))
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(crate::archive::row_from).collect()
    }

    /// The evidence files of the given items: item → [(hash, file name, size in bytes)].
    pub async fn archive_files(
        &self,
        items: &[ArchiveItemId],
    ) -> Result<HashMap<ArchiveItemId, Vec<(String, String, i64)>>> {
        let mut out: HashMap<ArchiveItemId, Vec<(String, String, i64)>> = HashMap::new();
        if items.is_empty() {
            return Ok(out);
        }
        let ids: Vec<String> = items.iter().map(|i| i.0.to_string()).collect();
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT af.item_id, af.hash, af.filename, f.size FROM archive_item_files af JOIN files f ON f.hash = af.hash
             WHERE af.item_id IN ({}) ORDER BY af.item_id, af.filename",
            ids.join(",")
        )))
        .fetch_all(self.pool())
        .await?;
        for (item, hash, name, size) in rows {
            out.entry(ArchiveItemId(item)).or_default().push((hash, name, size));
        }
        Ok(out)
    }

    /// One evidence file: (file name, type, bytes), for someone who may read the archive.
    pub async fn archive_file(
        &self,
        actor: &Actor,
        id: ArchiveItemId,
        hash: &str,
    ) -> Result<(String, String, Vec<u8>)> {
        self.archive_item(actor, id).await?;
        let row: Option<(String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT af.filename, f.mime, f.data FROM archive_item_files af JOIN files f ON f.hash = af.hash
             WHERE af.item_id = $1 AND af.hash = $2",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("该佐证材料"))
    }

    /// Every seat of `congress`, ended ones too, by deputyship: what a ranking shows beside a score.
    pub async fn seats_of(&self, congress: OrgId) -> Result<HashMap<DeputyshipId, Seat>> {
        let rows: Vec<(i64, i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT d.id, p.id, p.name, d.delegation, d.start_date, d.end_date FROM deputyships d
             JOIN persons p ON p.id = d.person_id WHERE d.congress_id = $1",
        )
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(ship, person, name, delegation, start_date, end_date)| {
                let start_date = crate::columns::parse("start_date", &start_date)?;
                let end_date = end_date.map(|d| crate::columns::parse("end_date", &d)).transpose()?;
                Ok((DeputyshipId(ship), Seat { person: PersonId(person), name, delegation, start_date, end_date }))
            })
            .collect()
    }
}
