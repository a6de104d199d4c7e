//! The document library in the store: documents written by staff or imported from files,
//! the portal's lists (latest, most read this week and month, featured), view and like
//! counters.
//!
//! Creating, editing, publishing and importing go through [`crate::audit::WriteTx`] on the
//! congress's chain like every other change. Views and likes are counters a reader leaves by
//! reading, not actions on a record: they are written without an audit entry (auditing every
//! page view would drown the trail that matters).

use crate::Page;
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::{Date, DateTime};
use renda_core::document::{DatePrecision, DocKind, DocumentDraft, Reader, Visibility, can_see};
use renda_core::event::{DocumentWrite, Event};
pub use renda_core::ids::DocumentId;
use renda_core::ids::OrgId;
use renda_core::policy::{Action, Resource, Role, Target, allows, decide};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// The most attachments one document takes (the core's rule).
pub use renda_core::document::MAX_ATTACHMENTS;

/// A document as lists show it (no body).
#[derive(Clone, Debug, Serialize)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub congress: OrgId,
    pub kind: DocKind,
    pub visibility: Visibility,
    pub title: String,
    pub text_date: Option<Date>,
    /// Whether `text_date` is the day of the text or stands for its year.
    pub date_precision: DatePrecision,
    pub organ: String,
    pub lead: String,
    pub tags: Vec<String>,
    pub featured: bool,
    pub published: bool,
    /// Beijing civil time, e.g. `2022-10-24T13:43:49`.
    pub published_at: Option<DateTime>,
    pub views: i64,
    pub likes: i64,
}

impl DocumentRow {
    /// The date people see in lists, search hits and on the page: the date of the text (its
    /// year alone when that is all that is known), else the day it was published here.
    pub fn shown_date(&self) -> String {
        match (self.text_date, self.published_at) {
            (Some(d), _) => self.date_precision.show(d),
            (None, Some(p)) => p.date().to_string(),
            (None, None) => String::new(),
        }
    }

    /// The text's own date as shown (`2021-05-03`, or `1954年`), if it has one.
    pub fn text_date_shown(&self) -> Option<String> {
        self.text_date.map(|d| self.date_precision.show(d))
    }

    /// The publication time as the page prints it: `2022-10-24 13:43:49`.
    pub fn published_text(&self) -> String {
        self.published_at.map(|d| d.strftime("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
    }
}

/// One document with its text.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentDetail {
    pub row: DocumentRow,
    pub body: String,
    pub source: Option<String>,
    /// The document's congress, then its ancestors.
    pub congress_path: Vec<OrgId>,
}

/// A text read from a file, ready to import. `source` is its identity: importing the same
/// source again changes nothing, and a changed text under the same source updates the row.
#[derive(Clone, Debug)]
pub struct ImportedText {
    pub source: String,
    pub draft: DocumentDraft,
    pub published_at: Option<DateTime>,
    pub views: i64,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Which documents a list holds, within what its reader may list: the published public and
/// logged-in-users documents of every congress (their titles are public), and every document,
/// drafts and staff-only texts too, of the congresses whose records the reader keeps
/// ([`Store::listable_congresses`]).
#[derive(Clone, Debug, Default)]
pub struct DocumentFilter {
    /// Empty means every kind.
    pub kinds: Vec<DocKind>,
    /// Only published documents (the portal); staff pages also see drafts.
    pub published_only: bool,
    pub featured_only: bool,
    /// Only the documents of the congresses the reader keeps, not every congress's open ones
    /// (the documents' admin page).
    pub kept_only: bool,
    pub year: Option<i32>,
    /// 0-based.
    pub page: i64,
    pub per_page: i64,
}

const COLUMNS: &str = "d.id, d.congress_id, d.kind, d.visibility, d.title, d.text_date, d.date_precision, d.organ, \
     d.lead, d.tags, d.featured, d.published, d.published_at, d.views, d.likes";

/// The order of lists: the date of the text, else the publication time, else the creation.
/// (Text dates `2021-05-03` and civil times `2022-10-24T13:43:49` compare as text.)
const ORDER_KEY: &str = "COALESCE(d.text_date, d.published_at, d.created_at)";

fn row_from(r: &AnyRow) -> Result<DocumentRow> {
    let bad = |what: &str, v: &str| StoreError::Internal(format!("documents: bad {what} {v:?}"));
    let kind: String = r.try_get("kind")?;
    let vis: String = r.try_get("visibility")?;
    let text_date: Option<String> = r.try_get("text_date")?;
    let precision: String = r.try_get("date_precision")?;
    let published_at: Option<String> = r.try_get("published_at")?;
    let tags: String = r.try_get("tags")?;
    Ok(DocumentRow {
        id: DocumentId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        kind: DocKind::from_code(&kind).ok_or_else(|| bad("kind", &kind))?,
        visibility: Visibility::from_code(&vis).ok_or_else(|| bad("visibility", &vis))?,
        title: r.try_get("title")?,
        text_date: text_date.map(|s| s.parse::<Date>().map_err(|_| bad("text_date", &s))).transpose()?,
        date_precision: DatePrecision::from_code(&precision).ok_or_else(|| bad("date_precision", &precision))?,
        organ: r.try_get("organ")?,
        lead: r.try_get("lead")?,
        tags: serde_json::from_str(&tags).map_err(|_| bad("tags", &tags))?,
        featured: r.try_get::<i64, _>("featured")? != 0,
        published: r.try_get::<i64, _>("published")? != 0,
        published_at: published_at.map(|s| s.parse::<DateTime>().map_err(|_| bad("published_at", &s))).transpose()?,
        views: r.try_get("views")?,
        likes: r.try_get("likes")?,
    })
}

fn civil_text(d: DateTime) -> String {
    d.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The fields of a draft as the audit trail keeps them (the body by length and hash only:
/// a law is 100,000 characters).
fn audit_view(d: &DocumentDraft) -> serde_json::Value {
    use sha2::Digest;
    serde_json::json!({
        "kind": d.kind.code(), "visibility": d.visibility.code(), "title": d.title,
        "text_date": d.text_date, "date_precision": d.date_precision.code(), "organ": d.organ, "lead": d.lead, "tags": d.tags, "featured": d.featured,
        "body_chars": d.body.chars().count(), "body_sha256": hex::encode(sha2::Sha256::digest(d.body.as_bytes())),
    })
}

impl Store {
    /// A new document of `congress`, published at once or kept as a draft.
    pub async fn create_document(
        &self,
        actor: &Actor,
        congress: OrgId,
        draft: &DocumentDraft,
        publish: bool,
    ) -> Result<DocumentId> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Create, Resource::Document, &Target { congress_path: &path, ..Target::default() })?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id = insert(&mut w, congress, draft, publish, publish.then(|| self.clock().beijing()), 0, None).await?;
        let mut after = audit_view(draft);
        after["published"] = serde_json::json!(publish);
        let event = Event::Document { id: DocumentId(id), write: DocumentWrite::Create };
        w.record_event(&event, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(DocumentId(id))
    }

    /// Replaces a document's fields (its publication state and counters stay).
    pub async fn update_document(&self, actor: &Actor, id: DocumentId, draft: &DocumentDraft) -> Result<()> {
        let d = self.document_unchecked(id).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Document,
            &Target { congress_path: &d.congress_path, ..Default::default() },
        )?;
        let mut w = self.begin_write(Chain::Congress(d.row.congress), actor.user).await?;
        update(&mut w, id.0, draft).await?;
        let before = audit_view(&draft_of(&d));
        let event = Event::Document { id, write: DocumentWrite::Update };
        w.record_event(&event, Some(&before), Some(&audit_view(draft))).await?;
        w.commit().await
    }

    /// Publishes a draft (its publication time is now, the first time) or withdraws it.
    pub async fn set_document_published(&self, actor: &Actor, id: DocumentId, published: bool) -> Result<()> {
        let d = self.document_unchecked(id).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Document,
            &Target { congress_path: &d.congress_path, ..Default::default() },
        )?;
        renda_core::document::check_publish(d.row.published, published)?;
        let mut w = self.begin_write(Chain::Congress(d.row.congress), actor.user).await?;
        // Withdrawing keeps the publication time (an imported text may have none).
        let at = if published {
            Some(d.row.published_at.unwrap_or_else(|| self.clock().beijing()))
        } else {
            d.row.published_at
        };
        sqlx::query("UPDATE documents SET published = $2, published_at = $3, updated_at = $4 WHERE id = $1")
            .bind(id.0)
            .bind(i64::from(published))
            .bind(at.map(civil_text))
            .bind(self.now_text())
            .execute(w.conn())
            .await?;
        let write = if published { DocumentWrite::Publish } else { DocumentWrite::Withdraw };
        w.record_event(
            &Event::Document { id, write },
            Some(&serde_json::json!({ "published": d.row.published })),
            Some(&serde_json::json!({ "published": published })),
        )
        .await?;
        w.commit().await
    }

    /// Imports texts into `congress` in one transaction: every text or none. A source seen
    /// before with the same fields is left alone; with changed fields it is updated.
    pub async fn import_documents(
        &self,
        actor: &Actor,
        congress: OrgId,
        texts: &[ImportedText],
    ) -> Result<ImportReport> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Create, Resource::Document, &Target { congress_path: &path, ..Target::default() })?;
        renda_core::document::check_sources_once(texts.iter().map(|t| t.source.as_str()))?;
        let mut report = ImportReport::default();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        for t in texts {
            let existing =
                sqlx::query(AssertSqlSafe(format!("SELECT {COLUMNS}, d.body FROM documents d WHERE d.source = $1")))
                    .bind(&t.source)
                    .fetch_optional(w.conn())
                    .await?;
            match existing {
                None => {
                    // Imported texts are published, at the source's time if it has one; without
                    // one the text's own date stands for it (never the time of the import).
                    let id = insert(&mut w, congress, &t.draft, true, t.published_at, t.views, Some(&t.source)).await?;
                    let mut after = audit_view(&t.draft);
                    after["source"] = serde_json::json!(t.source);
                    let event = Event::Document { id: DocumentId(id), write: DocumentWrite::Import };
                    w.record_event(&event, None::<&()>, Some(&after)).await?;
                    report.added += 1;
                }
                Some(r) => {
                    let row = row_from(&r)?;
                    let body: String = r.try_get("body")?;
                    let id = row.id.0;
                    let old = draft_of(&DocumentDetail { row, body, source: None, congress_path: Vec::new() });
                    if old == t.draft {
                        report.unchanged += 1;
                        continue;
                    }
                    update(&mut w, id, &t.draft).await?;
                    let event = Event::Document { id: DocumentId(id), write: DocumentWrite::Reimport };
                    w.record_event(&event, Some(&audit_view(&old)), Some(&audit_view(&t.draft))).await?;
                    report.updated += 1;
                }
            }
        }
        if report.added + report.updated == 0 {
            // Nothing changed: nothing to record, so nothing to commit.
            return Ok(report);
        }
        w.commit().await?;
        Ok(report)
    }

    /// One document with its text, if `actor` may know it exists: published and visible to
    /// them ([`renda_core::document::can_see`]: a staff-only text to staff of its congress and
    /// above), or any state for staff of its congress and above and the admin (who read drafts).
    /// For anyone else it does not exist. An actor without an account and with the public role
    /// is an anonymous reader.
    pub async fn document(&self, actor: &Actor, id: DocumentId) -> Result<DocumentDetail> {
        let d = self.document_unchecked(id).await?;
        let reader = match (actor.user, actor.role) {
            (None, Role::Public) => Reader::Anonymous,
            (_, role) => Reader::User(role),
        };
        let open = d.row.published && can_see(d.row.visibility, reader, &d.congress_path);
        let target = Target { congress_path: &d.congress_path, ..Target::default() };
        if open || allows(actor.role, Action::View, Resource::Document, &target) {
            Ok(d)
        } else {
            Err(StoreError::NotFound("该文档"))
        }
    }

    /// One document, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn document_unchecked(&self, id: DocumentId) -> Result<DocumentDetail> {
        let r =
            sqlx::query(AssertSqlSafe(format!("SELECT {COLUMNS}, d.body, d.source FROM documents d WHERE d.id = $1")))
                .bind(id.0)
                .fetch_optional(self.pool())
                .await?
                .ok_or(StoreError::NotFound("该文档"))?;
        let row = row_from(&r)?;
        let congress_path = self.congress_path(row.congress).await?;
        Ok(DocumentDetail { body: r.try_get("body")?, source: r.try_get("source")?, row, congress_path })
    }

    /// A page of documents, newest first by the date of the text (else of publication).
    pub async fn list_documents(&self, actor: &Actor, f: &DocumentFilter) -> Result<Page<DocumentRow>> {
        let wh = where_clause(f, &self.listable_congresses(actor).await?);
        let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM documents d WHERE {wh}")))
            .fetch_one(self.pool())
            .await?;
        let per_page = f.per_page.clamp(1, 200);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM documents d WHERE {wh}
             ORDER BY {ORDER_KEY} DESC, d.id DESC LIMIT {per_page} OFFSET {}",
            f.page.clamp(0, crate::MAX_PAGE) * per_page
        )))
        .fetch_all(self.pool())
        .await?;
        Ok(Page {
            items: rows.iter().map(row_from).collect::<Result<_>>()?,
            total,
            page: f.page.clamp(0, crate::MAX_PAGE),
            per_page,
        })
    }

    /// The most read documents since `since` (inclusive), with their reads in that period.
    pub async fn most_read(
        &self,
        actor: &Actor,
        f: &DocumentFilter,
        since: Date,
        limit: i64,
    ) -> Result<Vec<(DocumentRow, i64)>> {
        let wh = where_clause(f, &self.listable_congresses(actor).await?);
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS}, v.n FROM documents d
             JOIN (SELECT document_id, COUNT(*) AS n FROM document_views WHERE day >= $1 GROUP BY document_id) v
               ON v.document_id = d.id
             WHERE {wh} ORDER BY v.n DESC, d.id DESC LIMIT {}",
            limit.clamp(1, 100)
        )))
        .bind(since.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| Ok((row_from(r)?, r.try_get("n")?))).collect()
    }

    /// The published documents of the same kind just before and after this one.
    pub async fn document_neighbours(
        &self,
        actor: &Actor,
        d: &DocumentRow,
        f: &DocumentFilter,
    ) -> Result<(Option<DocumentRow>, Option<DocumentRow>)> {
        let mut f = f.clone();
        f.kinds = vec![d.kind];
        let wh = where_clause(&f, &self.listable_congresses(actor).await?);
        let key = ORDER_KEY;
        let mine = d.text_date.map(|t| t.to_string()).or(d.published_at.map(civil_text)).unwrap_or_default();
        let one = |cmp: &str, order: &str| {
            format!(
                "SELECT {COLUMNS} FROM documents d WHERE {wh} AND ({key} {cmp} $1 OR ({key} = $1 AND d.id {cmp} $2))
                 ORDER BY {key} {order}, d.id {order} LIMIT 1"
            )
        };
        let prev =
            sqlx::query(AssertSqlSafe(one("<", "DESC"))).bind(&mine).bind(d.id.0).fetch_optional(self.pool()).await?;
        let next =
            sqlx::query(AssertSqlSafe(one(">", "ASC"))).bind(&mine).bind(d.id.0).fetch_optional(self.pool()).await?;
        Ok((prev.as_ref().map(row_from).transpose()?, next.as_ref().map(row_from).transpose()?))
    }

    /// 点赞: once per reader. Returns whether this like counted.
    pub async fn like_document(&self, id: DocumentId, reader: &str) -> Result<bool> {
        self.like_once(id, reader, &self.now_text()).await
    }

    /// Adds the reader's like unless it is there, and bumps the document's counter with it, in
    /// one transaction. (Views are noted in memory and written in batches: [`crate::views`].)
    async fn like_once(&self, id: DocumentId, reader: &str, at: &str) -> Result<bool> {
        let mut tx = self.writer().begin().await?;
        let n = sqlx::query(
            "INSERT INTO document_likes (document_id, reader, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id.0)
        .bind(reader)
        .bind(at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            sqlx::query("UPDATE documents SET likes = likes + 1 WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        if n > 0 {
            self.changed();
        }
        Ok(n > 0)
    }

    /// Whether this reader liked the document already.
    pub async fn has_liked(&self, id: DocumentId, reader: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM document_likes WHERE document_id = $1 AND reader = $2")
            .bind(id.0)
            .bind(reader)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// Attaches files to a document (PDF, images, DOCX, judged by content; at most
    /// [`MAX_ATTACHMENTS`] in all), in one audited transaction.
    pub async fn attach_document_files(
        &self,
        actor: &Actor,
        id: DocumentId,
        uploads: &[crate::files::Upload],
    ) -> Result<usize> {
        let d = self.document_unchecked(id).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Document,
            &Target { congress_path: &d.congress_path, ..Default::default() },
        )?;
        let checked = uploads.iter().map(crate::files::Upload::check).collect::<Result<Vec<_>>>()?;
        let had = self.document_files(id).await?.len();
        renda_core::document::check_attachments(had, checked.len())?;
        let mut w = self.begin_write(Chain::Congress(d.row.congress), actor.user).await?;
        let now = w.at().to_owned();
        for f in &checked {
            f.save(w.conn(), &now).await?;
            sqlx::query(
                "INSERT INTO document_files (document_id, hash, filename) VALUES ($1, $2, $3) ON CONFLICT (document_id, hash) DO NOTHING",
            )
            .bind(id.0)
            .bind(&f.hash)
            .bind(&f.filename)
            .execute(w.conn())
            .await?;
        }
        let names: Vec<_> =
            checked.iter().map(|f| serde_json::json!({ "name": f.filename, "sha256": f.hash })).collect();
        let event = Event::Document { id, write: DocumentWrite::Attach };
        w.record_event(&event, None::<&()>, Some(&serde_json::json!({ "files": names }))).await?;
        w.commit().await?;
        Ok(checked.len())
    }

    /// Removes one attachment from a document (the bytes stay, other records may share them).
    pub async fn remove_document_file(&self, actor: &Actor, id: DocumentId, hash: &str) -> Result<()> {
        let d = self.document_unchecked(id).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Document,
            &Target { congress_path: &d.congress_path, ..Default::default() },
        )?;
        let (name, _, _) = self.document_file(id, hash).await?;
        let mut w = self.begin_write(Chain::Congress(d.row.congress), actor.user).await?;
        sqlx::query("DELETE FROM document_files WHERE document_id = $1 AND hash = $2")
            .bind(id.0)
            .bind(hash)
            .execute(w.conn())
            .await?;
        let before = serde_json::json!({ "name": name, "sha256": hash });
        let event = Event::Document { id, write: DocumentWrite::Detach };
        w.record_event(&event, Some(&before), None::<&()>).await?;
        w.commit().await
    }

    /// A document's attachments: (hash, file name, size in bytes), in upload order.
    pub async fn document_files(&self, id: DocumentId) -> Result<Vec<(String, String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT df.hash, df.filename, f.size FROM document_files df JOIN files f ON f.hash = df.hash
             WHERE df.document_id = $1 ORDER BY df.filename, df.hash",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?)
    }

    /// One attachment: (file name, type, bytes). The caller has checked the reader may read it.
    pub async fn document_file(&self, id: DocumentId, hash: &str) -> Result<(String, String, Vec<u8>)> {
        let row: Option<(String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT df.filename, f.mime, f.data FROM document_files df JOIN files f ON f.hash = df.hash
             WHERE df.document_id = $1 AND df.hash = $2",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("该附件"))
    }

    /// Every document id, for rebuilding the search index.
    pub async fn document_ids(&self) -> Result<Vec<DocumentId>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM documents ORDER BY id").fetch_all(self.pool()).await?;
        Ok(ids.into_iter().map(DocumentId).collect())
    }
}

/// The `WHERE` of a list: `kept` are the congresses whose every document the reader may list.
fn where_clause(f: &DocumentFilter, kept: &[OrgId]) -> String {
    let ints = |v: &[OrgId]| v.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
    let mut seen = Vec::new();
    if !f.kept_only {
        seen.push("(d.visibility IN ('public','users') AND d.published = 1)".to_string());
    }
    if !kept.is_empty() {
        seen.push(format!("d.congress_id IN ({})", ints(kept)));
    }
    let mut wh = vec![if seen.is_empty() { "1 = 0".to_string() } else { format!("({})", seen.join(" OR ")) }];
    if !f.kinds.is_empty() {
        let list = f.kinds.iter().map(|k| format!("'{}'", k.code())).collect::<Vec<_>>().join(",");
        wh.push(format!("d.kind IN ({list})"));
    }
    if f.published_only {
        wh.push("d.published = 1".into());
    }
    if f.featured_only {
        wh.push("d.featured = 1".into());
    }
    if let Some(y) = f.year {
        // Text dates and publication times both start with the year.
        wh.push(format!("COALESCE(d.text_date, d.published_at) LIKE '{y:04}-%'"));
    }
    wh.join(" AND ")
}

fn draft_of(d: &DocumentDetail) -> DocumentDraft {
    DocumentDraft {
        kind: d.row.kind,
        visibility: d.row.visibility,
        title: d.row.title.clone(),
        text_date: d.row.text_date,
        date_precision: d.row.date_precision,
        organ: d.row.organ.clone(),
        lead: d.row.lead.clone(),
        body: d.body.clone(),
        tags: d.row.tags.clone(),
        featured: d.row.featured,
    }
}

fn tags_json(tags: &[String]) -> Result<String> {
    serde_json::to_string(tags).map_err(|e| StoreError::Internal(format!("tags json: {e}")))
}

async fn insert(
    w: &mut crate::WriteTx,
    congress: OrgId,
    d: &DocumentDraft,
    published: bool,
    published_at: Option<DateTime>,
    views: i64,
    source: Option<&str>,
) -> Result<i64> {
    let now = w.at().to_owned();
    Ok(sqlx::query_scalar(
        "INSERT INTO documents (congress_id, kind, visibility, title, text_date, organ, lead, body, tags, featured,
            published, published_at, views, source, created_at, updated_at, date_precision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) RETURNING id",
    )
    .bind(congress.0)
    .bind(d.kind.code())
    .bind(d.visibility.code())
    .bind(&d.title)
    .bind(d.text_date.map(|t| t.to_string()))
    .bind(&d.organ)
    .bind(&d.lead)
    .bind(&d.body)
    .bind(tags_json(&d.tags)?)
    .bind(i64::from(d.featured))
    .bind(i64::from(published))
    .bind(published_at.map(civil_text))
    .bind(views.max(0))
    .bind(source)
    .bind(&now)
    .bind(d.date_precision.code())
    .fetch_one(w.conn())
    .await?)
}

async fn update(w: &mut crate::WriteTx, id: i64, d: &DocumentDraft) -> Result<()> {
    sqlx::query(
        "UPDATE documents SET kind = $2, visibility = $3, title = $4, text_date = $5, organ = $6, lead = $7, body = $8,
            tags = $9, featured = $10, updated_at = $11, date_precision = $12 WHERE id = $1",
    )
    .bind(id)
    .bind(d.kind.code())
    .bind(d.visibility.code())
    .bind(&d.title)
    .bind(d.text_date.map(|t| t.to_string()))
    .bind(&d.organ)
    .bind(&d.lead)
    .bind(&d.body)
    .bind(tags_json(&d.tags)?)
    .bind(i64::from(d.featured))
    .bind(w.at().to_owned())
    .bind(d.date_precision.code())
    .execute(w.conn())
    .await?;
    Ok(())
}
