//! The duty archive (履职档案) and assessment (履职考核) in the store: rule tables per congress
//! and year, the items of each deputy's archive, and the scores recomputed from them. The
//! rules are the core's (`renda_core::archive`); this module keeps their records.
//!
//! - **Rule books.** [`Store::publish_rules`] adds a version of a congress's table for a year,
//!   [`Store::edit_rules`] corrects one before its year starts, [`Store::install_template`]
//!   publishes one of DOMAIN.md's templates; the core's [`RuleBook`] decides every refusal (a
//!   locked year, an effective date not later than the last) on the book read inside the write
//!   transaction, so two clerks cannot both publish version 2.
//! - **Items.** [`Store::record_platform_items`] records what the platform saw itself, each item
//!   identified by its `source` (`suggestion:12:lead`): recording it again changes nothing.
//!   [`Store::declare_item`] takes a deputy's or staff's declaration with its evidence;
//!   [`Store::verify_declaration`] and [`Store::reject_declaration`] (a reason required) are staff's.
//!   [`Store::archive_from_suggestions`] derives the items of suggestions led and co-signed from
//!   the suggestions already stored, so the archive fills itself.
//! - **Tallies.** Every write of an item refreshes, in the same transaction, the deputy's tally
//!   for the year: the counted items summed per kind ([`tally`]).
//! - **Scores.** [`Store::recompute_scores`] (one congress) and [`Store::recompute_scores_below`]
//!   (a congress and all below it) score each deputy's tally with the core's [`renda_core::archive::score_totals`]
//!   under the version in force and write each score with its lines ([`recompute`]);
//!   [`Store::score_sheet`] explains one deputy's score line by line from the items as they are now.
//! - **Pages.** [`pages`]: what the archive's pages add — the item kinds a congress publishes on
//!   the portal, the public part of an archive, declarations' evidence files, a ranking's seats.
//!
//! Every change is one [`crate::WriteTx`] on the congress's chain. Permissions use the existing
//! policy: items are records of `Resource::Deputy` at the deputy's congress (staff of that
//! congress write them, a deputy declares and reads their own), rule books are edits of the
//! `Resource::Congress`.

use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::archive::items::{self, Declarant, DeclaredStatus, Review, SourceKind};
use renda_core::archive::score::LineKind;
use renda_core::archive::templates::Template;
use renda_core::archive::{
    ArchiveItem, Correction, Declaration, ItemKind, Origin, Period, Points, RuleBook, RuleTable, RuleVersion,
    SourceRef, score,
};
pub use renda_core::ids::ArchiveItemId;
use renda_core::ids::{DeputyshipId, OrgId, PersonId, UserId};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use renda_core::suggestion::SuggestionState;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};
use std::collections::{BTreeSet, HashMap, HashSet};

pub mod pages;
mod recompute;
mod tally;

pub use recompute::RecomputeReport;

/// The most evidence entries one declaration takes, and the longest description (the core's rules).
pub use renda_core::archive::items::{MAX_DESCRIPTION_CHARS, MAX_EVIDENCE};

/// An item the platform records from its own records. `source` names the event: its kind, the
/// record's id, and what tells apart several items of one record (`suggestion:12:lead`,
/// `suggestion:12:cosigner:34`, `activity:7:34`). The kinds are those of the core's `SourceRef`:
/// `roll`, `activity`, `suggestion`, `motion`, `reception`, `report`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlatformItem {
    pub person: PersonId,
    pub date: Date,
    pub kind: ItemKind,
    pub quantity: u32,
    pub source: String,
}

/// A declaration as a form gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDeclaration {
    pub kind: ItemKind,
    pub date: Date,
    pub quantity: u32,
    pub description: String,
    pub evidence: Vec<String>,
}

/// What recording platform items did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordReport {
    pub added: usize,
    /// Sources seen before whose date, kind or quantity changed.
    pub updated: usize,
    pub unchanged: usize,
    /// Items derived before whose event no longer counts (a withdrawn suggestion, a co-signature
    /// taken back): only [`Store::archive_from_suggestions`] removes.
    pub removed: usize,
}

/// One item of a deputy's archive as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArchiveRow {
    pub id: ArchiveItemId,
    pub person: PersonId,
    pub congress: OrgId,
    pub term: Option<i64>,
    pub date: Date,
    pub kind: ItemKind,
    pub quantity: u32,
    pub origin: Origin,
    /// Platform items: the event it comes from.
    pub source: Option<String>,
    /// Declared items: what was done, the evidence, the reviewer's reason or remark.
    pub description: Option<String>,
    pub evidence: Vec<String>,
    pub review_note: Option<String>,
    pub declarant: Option<UserId>,
    pub reviewer: Option<UserId>,
    pub reviewed_at: Option<jiff::Timestamp>,
    pub created_at: jiff::Timestamp,
}

impl ArchiveRow {
    /// The core's item: what scoring sees.
    pub fn item(&self) -> ArchiveItem {
        let source = match &self.source {
            Some(s) => items::parse_source(s)
                .map_or(SourceRef { kind: SourceKind::Activity, id: self.id.0 }, |(k, id)| SourceRef { kind: k, id }),
            None => SourceRef { kind: SourceKind::Declaration, id: self.id.0 },
        };
        ArchiveItem { date: self.date, kind: self.kind, quantity: self.quantity, origin: self.origin, source }
    }

    /// Whether it counts towards the score: platform items always, declared ones once verified.
    pub fn counts(&self) -> bool {
        self.item().counts()
    }

    /// The declaration, for a declared item.
    pub fn declaration(&self) -> Option<Declaration> {
        match self.origin {
            Origin::Platform => None,
            Origin::Declared { by, status } => Some(Declaration {
                kind: self.kind,
                date: self.date,
                quantity: self.quantity,
                by,
                description: self.description.clone().unwrap_or_default(),
                evidence: self.evidence.clone(),
                status,
                review_note: self.review_note.clone(),
            }),
        }
    }
}

/// A score as [`Store::recompute_scores`] stored it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredScore {
    pub person: PersonId,
    pub deputyship: DeputyshipId,
    pub congress: OrgId,
    pub year: i16,
    pub version: u32,
    /// The period scored: from 1 January to this day.
    pub period_to: Date,
    pub total: Points,
    pub band: Option<String>,
    pub activity: u32,
    pub days_in_office: u32,
    /// The lines that counted something, as computed.
    pub lines: Vec<StoredLine>,
    pub computed_at: jiff::Timestamp,
}

/// One line of a stored score: what it is about (an item kind's code, `category:NAME`,
/// `full_marks` or `floor`), the units counted and what it gave. With the rule version's table
/// it gives back the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredLine {
    pub line: String,
    pub count: u32,
    pub subtotal: Points,
}

/// The stored form of a sheet's lines: `[["suggestion_led",2,600],["category:闭会期间活动",0,-300]]`,
/// lines that counted nothing left out.
fn lines_json(sheet: &renda_core::archive::ScoreSheet<'_>) -> String {
    let mut out = String::from("[");
    for l in sheet.lines.iter().filter(|l| l.count > 0 || l.subtotal != Points::ZERO) {
        if out.len() > 1 {
            out.push(',');
        }
        let key = match l.kind {
            LineKind::Item(k) => k.code().to_owned(),
            LineKind::Category(name) => format!("category:{name}"),
            LineKind::FullMarks => "full_marks".to_owned(),
            LineKind::Floor => "floor".to_owned(),
        };
        // Codes are plain ASCII; a category's name is the congress's text, so it is escaped.
        let key = serde_json::Value::String(key).to_string();
        out.push_str(&format!("[{key},{},{}]", l.count, l.subtotal.as_hundredths()));
    }
    out.push(']');
    out
}

fn lines_from(json: &str) -> Result<Vec<StoredLine>> {
    let raw: Vec<(String, u32, i64)> =
        serde_json::from_str(json).map_err(|e| StoreError::Internal(format!("archive: bad lines: {e}")))?;
    Ok(raw
        .into_iter()
        .map(|(line, count, sub)| StoredLine { line, count, subtotal: Points::hundredths(sub) })
        .collect())
}

/// One explained line of a deputy's score sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainedLine {
    /// The item kind of a rule's line; `None` for a category, full-marks or floor correction.
    pub kind: Option<ItemKind>,
    pub count: u32,
    pub raw: Points,
    pub cap: Option<Points>,
    pub capped: bool,
    pub subtotal: Points,
    /// "参加视察 3 次 × 3 分 = 9 分".
    pub explanation: String,
}

/// A deputy's score explained line by line, computed from the archive now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainedScore {
    pub person: PersonId,
    pub congress: OrgId,
    pub period: Period,
    pub version: u32,
    pub effective_from: Date,
    pub table_name: String,
    pub base: Points,
    pub lines: Vec<ExplainedLine>,
    pub total: Points,
    pub band: Option<String>,
    pub activity: u32,
}

// ---- helpers ------------------------------------------------------------------------------

/// `2025-03-05` without going through the general parser: recomputation reads millions.
fn parse_day(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return s.parse().ok();
    }
    let num = |r: &[u8]| r.iter().try_fold(0i16, |acc, c| c.is_ascii_digit().then(|| acc * 10 + i16::from(c - b'0')));
    let (y, m, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

fn day(s: &str) -> Result<Date> {
    parse_day(s).ok_or_else(|| StoreError::Internal(format!("archive: bad date {s:?}")))
}

fn kind_of(code: &str) -> Result<ItemKind> {
    ItemKind::parse(code).map_err(|_| StoreError::Internal(format!("archive: bad kind {code:?}")))
}

fn quantity_of(q: i64) -> Result<u32> {
    u32::try_from(q).map_err(|_| StoreError::Internal(format!("archive: bad quantity {q}")))
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Internal(format!("archive json: {e}")))
}

fn declarant_code(d: Declarant) -> &'static str {
    match d {
        Declarant::Deputy => "deputy",
        Declarant::TownshipStaff => "township_staff",
    }
}

fn status_code(s: DeclaredStatus) -> &'static str {
    match s {
        DeclaredStatus::Declared => "declared",
        DeclaredStatus::Verified => "verified",
        DeclaredStatus::Rejected => "rejected",
    }
}

/// [`ITEM_COLUMNS`] qualified by the alias `a`, for queries that join.
pub(crate) const ITEM_COLUMNS_A: &str = "a.id, a.person_id, a.congress_id, a.term, a.item_date, a.kind, a.quantity, \
     a.origin, a.source, a.declared_by, a.description, a.evidence, a.status, a.declarant_id, a.reviewer_id, \
     a.review_note, a.reviewed_at, a.created_at";

const ITEM_COLUMNS: &str = "id, person_id, congress_id, term, item_date, kind, quantity, origin, source, declared_by, \
     description, evidence, status, declarant_id, reviewer_id, review_note, reviewed_at, created_at";

pub(crate) fn row_from(r: &AnyRow) -> Result<ArchiveRow> {
    let bad = |what: &str, v: &str| StoreError::Internal(format!("archive: bad {what} {v:?}"));
    let origin: String = r.try_get("origin")?;
    let origin = match origin.as_str() {
        "platform" => Origin::Platform,
        "declared" => {
            let by: Option<String> = r.try_get("declared_by")?;
            let status: Option<String> = r.try_get("status")?;
            let by = match by.as_deref() {
                Some("deputy") => Declarant::Deputy,
                Some("township_staff") => Declarant::TownshipStaff,
                other => return Err(bad("declared_by", other.unwrap_or(""))),
            };
            let status = match status.as_deref() {
                Some("declared") => DeclaredStatus::Declared,
                Some("verified") => DeclaredStatus::Verified,
                Some("rejected") => DeclaredStatus::Rejected,
                other => return Err(bad("status", other.unwrap_or(""))),
            };
            Origin::Declared { by, status }
        }
        other => return Err(bad("origin", other)),
    };
    let evidence: Option<String> = r.try_get("evidence")?;
    let evidence = match evidence {
        Some(e) => serde_json::from_str(&e).map_err(|_| bad("evidence", &e))?,
        None => Vec::new(),
    };
    let date: String = r.try_get("item_date")?;
    let kind: String = r.try_get("kind")?;
    Ok(ArchiveRow {
        id: ArchiveItemId(r.try_get("id")?),
        person: PersonId(r.try_get("person_id")?),
        congress: OrgId(r.try_get("congress_id")?),
        term: r.try_get("term")?,
        date: day(&date)?,
        kind: kind_of(&kind)?,
        quantity: quantity_of(r.try_get("quantity")?)?,
        origin,
        source: r.try_get("source")?,
        description: r.try_get("description")?,
        evidence,
        review_note: r.try_get("review_note")?,
        declarant: r.try_get::<Option<i64>, _>("declarant_id")?.map(UserId),
        reviewer: r.try_get::<Option<i64>, _>("reviewer_id")?.map(UserId),
        reviewed_at: crate::columns::opt_instant(r, "reviewed_at")?,
        created_at: crate::columns::instant(r, "created_at")?,
    })
}

/// The part of `year` up to `today` (the whole year once it is over). Refused before it starts.
fn year_so_far(year: i16, today: Date) -> Result<Period> {
    let from = items::first_of_year(year)?;
    let to = today.min(from.last_of_year());
    Ok(Period::new(from, to)?)
}

/// Which audit entity and id rule-book changes are recorded under.
fn book_entity_id(congress: OrgId, year: i16, version: u32) -> String {
    format!("{}:{year}:{version}", congress.0)
}

/// One deputy in office during a period: what a score row needs besides the items.
#[derive(Clone, Copy, Debug)]
struct InOffice {
    person: i64,
    deputyship: i64,
    days: u32,
}

/// The deputyships of a congress as (person → [(term, start, end)]), for finding the term an
/// item falls in. `end` is the day the seat ended (not in office from then on).
pub(crate) type Terms = HashMap<i64, Vec<(i64, Date, Option<Date>)>>;

impl Store {
    pub(crate) async fn terms_of(&self, congress: OrgId, persons: &[i64]) -> Result<Terms> {
        let rows: Vec<(i64, i64, String, Option<String>)> = if persons.len() == 1 {
            sqlx::query_as(
                "SELECT person_id, term, start_date, end_date FROM deputyships WHERE congress_id = $1 AND person_id = $2",
            )
            .bind(congress.0)
            .bind(persons[0])
            .fetch_all(self.pool())
            .await?
        } else {
            sqlx::query_as("SELECT person_id, term, start_date, end_date FROM deputyships WHERE congress_id = $1")
                .bind(congress.0)
                .fetch_all(self.pool())
                .await?
        };
        let mut out: Terms = HashMap::new();
        for (person, term, start, end) in rows {
            let end = end.as_deref().map(day).transpose()?;
            out.entry(person).or_default().push((term, day(&start)?, end));
        }
        Ok(out)
    }

    /// The congress path of a congress, refusing an organisation that is not one.
    async fn congress_only_path(&self, congress: OrgId) -> Result<Vec<OrgId>> {
        let path = self.congress_path(congress).await?;
        items::check_congress(path.first() == Some(&congress))?;
        Ok(path)
    }

    /// Refuses an organisation that is not a congress (without the path: for system tasks).
    async fn ensure_congress(&self, congress: OrgId) -> Result<()> {
        Ok(items::check_congress(self.org(congress).await?.kind.is_congress())?)
    }

    // ---- rule books ---------------------------------------------------------------------

    /// The versions of `congress`'s rule table for `year` (an empty book when none is published).
    /// Rules are public: deputies must know them before they are judged by them.
    pub async fn rule_book(&self, congress: OrgId, year: i16) -> Result<RuleBook> {
        let mut conn = self.pool().acquire().await?;
        read_book(&mut conn, congress, year).await
    }

    /// Publishes a version of `congress`'s table for `year`, effective from `effective_from`.
    /// Staff of the congress only. The core refuses an invalid table, an effective date not
    /// later than the last version's, past the year, or (once the year has started) not after
    /// today. Returns the version number.
    pub async fn publish_rules(
        &self,
        actor: &Actor,
        congress: OrgId,
        year: i16,
        table: RuleTable,
        effective_from: Date,
        today: Date,
    ) -> Result<u32> {
        let path = self.congress_only_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        if let Some(first) = table.problems().into_iter().next() {
            return Err(first.into());
        }
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let mut book = read_book(w.conn(), congress, year).await?;
        let version = book.publish(table.clone(), effective_from, today)?;
        let now = w.at().to_owned();
        sqlx::query(
            "INSERT INTO rule_book_versions (congress_id, year, version, effective_from, table_json, published_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(congress.0)
        .bind(i64::from(year))
        .bind(i64::from(version))
        .bind(effective_from.to_string())
        .bind(json(&table)?)
        .bind(today.to_string())
        .bind(&now)
        .execute(w.conn())
        .await?;
        let after =
            serde_json::json!({ "year": year, "version": version, "effective_from": effective_from, "table": table });
        w.record("rules.publish", "rule_book", book_entity_id(congress, year, version), None::<&()>, Some(&after))
            .await?;
        w.commit().await?;
        Ok(version)
    }

    /// Replaces version `version`'s table: only before its year starts (the core's
    /// `TableLocked` after). Staff of the congress only.
    pub async fn edit_rules(
        &self,
        actor: &Actor,
        congress: OrgId,
        year: i16,
        version: u32,
        table: RuleTable,
        today: Date,
    ) -> Result<()> {
        let path = self.congress_only_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let mut book = read_book(w.conn(), congress, year).await?;
        let before = book.versions().iter().find(|v| v.version == version).map(|v| v.table.clone());
        book.edit(version, table.clone(), today)?;
        sqlx::query(
            "UPDATE rule_book_versions SET table_json = $4, published_on = $5, updated_at = $6
             WHERE congress_id = $1 AND year = $2 AND version = $3",
        )
        .bind(congress.0)
        .bind(i64::from(year))
        .bind(i64::from(version))
        .bind(json(&table)?)
        .bind(today.to_string())
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        w.record("rules.edit", "rule_book", book_entity_id(congress, year, version), before.as_ref(), Some(&table))
            .await?;
        w.commit().await
    }

    /// Corrects the year's table during the year with effect from its first day, when staff
    /// confirm it with a reason: a new version effective from 1 January that supersedes the
    /// earlier ones, which are kept. Audited as `rules.correct` with the reason and the table it
    /// replaces. The core refuses outside the year, without a reason or with nothing to correct
    /// (and [`Store::edit_rules`] still refuses every edit of a started year). Staff of the
    /// congress only. Returns the new version; recompute the scores to apply it.
    pub async fn correct_rules(
        &self,
        actor: &Actor,
        congress: OrgId,
        year: i16,
        table: RuleTable,
        reason: &str,
        today: Date,
    ) -> Result<u32> {
        let path = self.congress_only_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let mut book = read_book(w.conn(), congress, year).await?;
        let version = book.correct(table.clone(), reason, today)?;
        let v = book.versions().last().ok_or_else(|| StoreError::Internal("archive: correction lost".into()))?;
        let correction =
            v.correction.clone().ok_or_else(|| StoreError::Internal("archive: not a correction".into()))?;
        let before =
            book.versions().iter().find(|o| o.version == correction.corrects).map(
                |o| serde_json::json!({ "version": o.version, "effective_from": o.effective_from, "table": o.table }),
            );
        let now = w.at().to_owned();
        sqlx::query(
            "INSERT INTO rule_book_versions (congress_id, year, version, effective_from, table_json, published_on,
                 created_at, updated_at, corrects, correction_reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
        )
        .bind(congress.0)
        .bind(i64::from(year))
        .bind(i64::from(version))
        .bind(v.effective_from.to_string())
        .bind(json(&table)?)
        .bind(today.to_string())
        .bind(&now)
        .bind(i64::from(correction.corrects))
        .bind(&correction.reason)
        .execute(w.conn())
        .await?;
        let after = serde_json::json!({
            "year": year,
            "version": version,
            "effective_from": v.effective_from,
            "corrects": correction.corrects,
            "reason": correction.reason,
            "table": table,
        });
        w.record("rules.correct", "rule_book", book_entity_id(congress, year, version), before.as_ref(), Some(&after))
            .await?;
        w.commit().await?;
        Ok(version)
    }

    /// Publishes one of DOMAIN.md's templates as a version of the year's table (the congress
    /// then corrects it with [`Store::edit_rules`] before the year starts, or a new version).
    pub async fn install_template(
        &self,
        actor: &Actor,
        congress: OrgId,
        year: i16,
        template: Template,
        effective_from: Date,
        today: Date,
    ) -> Result<u32> {
        self.publish_rules(actor, congress, year, template.table(), effective_from, today).await
    }

    // ---- archive items ------------------------------------------------------------------

    /// Records items the platform captured itself, in one transaction. Idempotent by `source`:
    /// a source seen before with the same fields is left alone, with a changed date, kind or
    /// quantity it is updated. Staff of the congress (or the system) only; every person must be
    /// a deputy of the congress.
    pub async fn record_platform_items(
        &self,
        actor: &Actor,
        congress: OrgId,
        items: &[PlatformItem],
    ) -> Result<RecordReport> {
        let path = self.congress_only_path(congress).await?;
        decide(actor.role, Action::Create, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        self.sync_platform_items(actor.user, congress, items, None).await
    }

    /// Records `items` and, with `stale` = (source prefix, period), removes the items of that
    /// prefix and period that `items` no longer contains.
    async fn sync_platform_items(
        &self,
        actor: Option<UserId>,
        congress: OrgId,
        items: &[PlatformItem],
        stale: Option<(&str, Period)>,
    ) -> Result<RecordReport> {
        let persons: Vec<i64> = {
            let mut p: Vec<i64> = items.iter().map(|i| i.person.0).collect();
            p.sort_unstable();
            p.dedup();
            p
        };
        let terms = self.terms_of(congress, &persons).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor).await?;
        let report = write_platform_items(&mut w, congress, items, &terms, stale).await?;
        if report.added + report.updated + report.removed == 0 {
            // Nothing changed: nothing to record, so nothing to commit.
            return Ok(report);
        }
        w.commit().await?;
        Ok(report)
    }

    /// A declaration of a duty done, by the deputy themself or by staff of the congress for
    /// them, with its evidence. It waits for staff to verify it and counts only then.
    pub async fn declare_item(
        &self,
        actor: &Actor,
        person: PersonId,
        congress: OrgId,
        new: &NewDeclaration,
        today: Date,
    ) -> Result<ArchiveItemId> {
        self.declare_item_with_files(actor, person, congress, new, &[], today).await
    }

    /// [`Store::declare_item`] with evidence files (PDF, images, DOCX, judged by content), kept
    /// once by hash in `files` and linked to the item in the same transaction; their names join
    /// the declaration's evidence list.
    pub async fn declare_item_with_files(
        &self,
        actor: &Actor,
        person: PersonId,
        congress: OrgId,
        new: &NewDeclaration,
        uploads: &[crate::files::Upload],
        today: Date,
    ) -> Result<ArchiveItemId> {
        let path = self.congress_only_path(congress).await?;
        let persons = [person];
        decide(
            actor.role,
            Action::Edit,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )?;
        let by = match actor.role {
            Role::Deputy { .. } => Declarant::Deputy,
            _ => Declarant::TownshipStaff,
        };
        let checked = uploads.iter().map(crate::files::Upload::check).collect::<Result<Vec<_>>>()?;
        items::check_evidence_files(checked.len())?;
        let mut claimed = new.evidence.clone();
        claimed.extend(checked.iter().map(|f| f.filename.clone()));
        let (description, evidence) = items::check_claim_text(&new.description, &claimed)?;
        let decl = Declaration::new(new.kind, new.date, new.quantity, by, description, evidence, today)?;
        let terms = self.terms_of(congress, &[person.0]).await?;
        let term = items::declared_term(terms.get(&person.0).map(Vec::as_slice), decl.date)?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO archive_items (person_id, congress_id, term, item_date, kind, quantity, origin, declared_by,
                description, evidence, status, declarant_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'declared', $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(person.0)
        .bind(congress.0)
        .bind(term)
        .bind(decl.date.to_string())
        .bind(decl.kind.code())
        .bind(i64::from(decl.quantity))
        .bind(declarant_code(by))
        .bind(&decl.description)
        .bind(json(&decl.evidence)?)
        .bind(status_code(decl.status))
        .bind(actor.user.map(|u| u.0))
        .bind(self.now_text())
        .fetch_one(w.conn())
        .await?;
        let now = w.at().to_owned();
        for f in &checked {
            f.save(w.conn(), &now).await?;
            sqlx::query(
                "INSERT INTO archive_item_files (item_id, hash, filename) VALUES ($1, $2, $3) ON CONFLICT (item_id, hash) DO NOTHING",
            )
            .bind(id)
            .bind(&f.hash)
            .bind(&f.filename)
            .execute(w.conn())
            .await?;
        }
        let files: Vec<_> =
            checked.iter().map(|f| serde_json::json!({ "name": f.filename, "sha256": f.hash })).collect();
        let after = serde_json::json!({ "person": person, "congress": congress, "declaration": decl, "files": files });
        w.record("archive.declare", "archive_item", id, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(ArchiveItemId(id))
    }

    /// Staff verify a declaration: from now on it counts.
    pub async fn verify_declaration(&self, actor: &Actor, id: ArchiveItemId) -> Result<DeclaredStatus> {
        self.review_declaration(actor, id, &Review::Verify).await
    }

    /// Staff decline to verify a declaration; the reason is required and shown to the deputy.
    pub async fn reject_declaration(&self, actor: &Actor, id: ArchiveItemId, reason: &str) -> Result<DeclaredStatus> {
        self.review_declaration(actor, id, &Review::Reject { reason: reason.to_owned() }).await
    }

    /// Applies a review to a declaration: staff of the congress verify or reject; the deputy
    /// (or staff) amend a rejected one, which declares it again.
    pub async fn review_declaration(
        &self,
        actor: &Actor,
        id: ArchiveItemId,
        review: &Review,
    ) -> Result<DeclaredStatus> {
        let row = self.archive_item_unchecked(id).await?;
        let path = self.congress_path(row.congress).await?;
        let persons = [row.person];
        let target = match review {
            // The deputy may correct their own declaration, never verify it.
            Review::Amend { .. } => Target { congress_path: &path, persons: &persons, ..Target::default() },
            Review::Verify | Review::Reject { .. } => Target { congress_path: &path, ..Target::default() },
        };
        decide(actor.role, Action::Edit, Resource::Deputy, &target)?;
        let decl = items::declared(row.declaration())?;
        let review = match review {
            Review::Amend { description, evidence, quantity } => {
                let (description, evidence) = items::check_claim_text(description, evidence)?;
                Review::Amend { description, evidence, quantity: *quantity }
            }
            other => other.clone(),
        };
        let next = decl.review(&review)?;
        let action = match review {
            Review::Verify => "archive.verify",
            Review::Reject { .. } => "archive.reject",
            Review::Amend { .. } => "archive.amend",
        };
        let reviewed = !matches!(review, Review::Amend { .. });
        let mut w = self.begin_write(Chain::Congress(row.congress), actor.user).await?;
        let n = sqlx::query(
            "UPDATE archive_items SET status = $3, review_note = $4, description = $5, evidence = $6, quantity = $7,
                reviewer_id = $8, reviewed_at = $9
             WHERE id = $1 AND status = $2",
        )
        .bind(id.0)
        .bind(status_code(decl.status))
        .bind(status_code(next.status))
        .bind(&next.review_note)
        .bind(&next.description)
        .bind(json(&next.evidence)?)
        .bind(i64::from(next.quantity))
        .bind(if reviewed { actor.user.map(|u| u.0) } else { row.reviewer.map(|u| u.0) })
        .bind(if reviewed { Some(self.now_text()) } else { row.reviewed_at.map(crate::stamp) })
        .execute(w.conn())
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::refused(ErrorCode::ChangedMeanwhile, "该事项已被他人处理，请刷新后重试。".into()));
        }
        if decl.status == DeclaredStatus::Verified || next.status == DeclaredStatus::Verified {
            tally::refresh(w.conn(), &BTreeSet::from([tally::key(row.congress, row.person, row.date)])).await?;
        }
        w.record(action, "archive_item", id.0, Some(&decl), Some(&next)).await?;
        w.commit().await?;
        Ok(next.status)
    }

    /// One archive item, for someone who may read that deputy's archive (the deputy, staff of
    /// the congress or above).
    pub async fn archive_item(&self, actor: &Actor, id: ArchiveItemId) -> Result<ArchiveRow> {
        let row = self.archive_item_unchecked(id).await?;
        let path = self.congress_path(row.congress).await?;
        let persons = [row.person];
        decide(
            actor.role,
            Action::View,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )?;
        Ok(row)
    }

    /// One archive item, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn archive_item_unchecked(&self, id: ArchiveItemId) -> Result<ArchiveRow> {
        let r = sqlx::query(AssertSqlSafe(format!("SELECT {ITEM_COLUMNS} FROM archive_items WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该履职事项"))?;
        row_from(&r)
    }

    /// A deputy's archive in one congress for one year, every item (pending and rejected
    /// declarations too), by date. The deputy themself and staff of the congress or above.
    pub async fn archive_of(
        &self,
        actor: &Actor,
        person: PersonId,
        congress: OrgId,
        year: i16,
    ) -> Result<Vec<ArchiveRow>> {
        let path = self.congress_only_path(congress).await?;
        let persons = [person];
        decide(
            actor.role,
            Action::View,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )?;
        let period = Period::year_of(items::first_of_year(year)?);
        self.items_in(person, congress, period).await
    }

    async fn items_in(&self, person: PersonId, congress: OrgId, period: Period) -> Result<Vec<ArchiveRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM archive_items
             WHERE person_id = $1 AND congress_id = $2 AND item_date >= $3 AND item_date <= $4
             ORDER BY item_date, id"
        )))
        .bind(person.0)
        .bind(congress.0)
        .bind(period.from().to_string())
        .bind(period.to().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(row_from).collect()
    }

    /// Declarations of a congress waiting for verification, oldest first: staff's queue.
    pub async fn pending_declarations(&self, actor: &Actor, congress: OrgId) -> Result<Vec<ArchiveRow>> {
        let path = self.congress_only_path(congress).await?;
        decide(actor.role, Action::View, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM archive_items WHERE congress_id = $1 AND status = 'declared' ORDER BY item_date, id"
        )))
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(row_from).collect()
    }

    /// Derives the archive items of suggestions from the suggestions in the store: one
    /// `suggestion_led` for the lead and one `suggestion_cosigned` for each confirmed co-signer
    /// of every suggestion of `congress` submitted in `year` and still standing (submitted or
    /// further on, not withdrawn, returned or turned into a letter). The item's date is the day
    /// (Beijing time) of its last submission in the event log. Idempotent; items derived before
    /// whose suggestion or signature no longer counts are removed.
    pub async fn archive_from_suggestions(&self, congress: OrgId, year: i16) -> Result<RecordReport> {
        self.ensure_congress(congress).await?;
        let period = Period::year_of(items::first_of_year(year)?);
        let standing: Vec<String> = SuggestionState::ALL
            .into_iter()
            .filter(|s| {
                !matches!(
                    s,
                    SuggestionState::Draft
                        | SuggestionState::Cosigning
                        | SuggestionState::Returned
                        | SuggestionState::Converted
                        | SuggestionState::Withdrawn
                )
            })
            .map(|s| format!("'{}'", s.code()))
            .collect();
        let rows: Vec<SignerTuple> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT s.id, g.person_id, g.role, g.confirmed_at, s.created_at,
                    (SELECT MAX(a.at) FROM audit_log a
                      WHERE a.entity = 'suggestion' AND a.entity_id = CAST(s.id AS TEXT) AND a.action = $2)
                 FROM suggestions s JOIN suggestion_signers g ON g.suggestion_id = s.id
                 WHERE s.congress_id = $1 AND s.state IN ({})
                 ORDER BY s.id, g.person_id",
            standing.join(",")
        )))
        .bind(congress.0)
        .bind(renda_core::event::suggestion_action(renda_core::suggestion::CommandKind::Submit))
        .fetch_all(self.pool())
        .await?;
        let mut items = Vec::new();
        for (id, person, role, confirmed, created, submitted) in rows {
            let Some(date) = renda_core::clock::beijing_date_of(submitted.as_deref().unwrap_or(&created)) else {
                return Err(StoreError::Internal(format!("archive: bad time of suggestion {id}")));
            };
            if !period.contains(date) {
                continue;
            }
            let (kind, source) = match role.as_str() {
                "lead" => (ItemKind::SuggestionLed, format!("suggestion:{id}:lead")),
                _ if confirmed.is_some() => {
                    (ItemKind::SuggestionCosigned, format!("suggestion:{id}:cosigner:{person}"))
                }
                _ => continue,
            };
            items.push(PlatformItem { person: PersonId(person), date, kind, quantity: 1, source });
        }
        self.sync_platform_items(None, congress, &items, Some(("suggestion:", period))).await
    }

    // ---- scores -------------------------------------------------------------------------

    /// The scores of a congress's deputies for a year as last recomputed, best first. Staff of
    /// the congress or above.
    pub async fn scores(&self, actor: &Actor, congress: OrgId, year: i16) -> Result<Vec<StoredScore>> {
        let path = self.congress_only_path(congress).await?;
        decide(actor.role, Action::View, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        self.stored_scores(congress, year).await
    }

    /// The congress's stored scores for a year, for placing `person` among them (the deputy's
    /// own page shows their rank): whoever may read `person`'s archive — the deputy themself,
    /// staff of the congress or above. Callers show the person's own row and rank, never the
    /// others' rows.
    pub async fn scores_around(
        &self,
        actor: &Actor,
        person: PersonId,
        congress: OrgId,
        year: i16,
    ) -> Result<Vec<StoredScore>> {
        let path = self.congress_only_path(congress).await?;
        let persons = [person];
        decide(
            actor.role,
            Action::View,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )?;
        self.stored_scores(congress, year).await
    }

    async fn stored_scores(&self, congress: OrgId, year: i16) -> Result<Vec<StoredScore>> {
        let rows: Vec<ScoreTuple> = sqlx::query_as(
            "SELECT person_id, deputyship_id, version, period_to, total, band, activity, days_in_office, lines, computed_at
             FROM archive_scores WHERE congress_id = $1 AND year = $2 ORDER BY total DESC, person_id",
        )
        .bind(congress.0)
        .bind(i64::from(year))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(person, ship, version, to, total, band, activity, days, lines, at)| {
                let int =
                    |v: i64| u32::try_from(v).map_err(|_| StoreError::Internal(format!("archive: bad score {v}")));
                Ok(StoredScore {
                    person: PersonId(person),
                    deputyship: DeputyshipId(ship),
                    congress,
                    year,
                    version: int(version)?,
                    period_to: day(&to)?,
                    total: Points::hundredths(total),
                    band,
                    activity: int(activity)?,
                    days_in_office: int(days)?,
                    lines: lines_from(&lines)?,
                    computed_at: crate::columns::parse("computed_at", &at)?,
                })
            })
            .collect()
    }

    /// One deputy's score for `year` so far, explained line by line, computed from the archive
    /// now with the version in force on the period's last day. The deputy themself and staff
    /// of the congress or above.
    pub async fn score_sheet(
        &self,
        actor: &Actor,
        person: PersonId,
        congress: OrgId,
        year: i16,
        today: Date,
    ) -> Result<ExplainedScore> {
        let path = self.congress_only_path(congress).await?;
        let persons = [person];
        decide(
            actor.role,
            Action::View,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )?;
        let period = year_so_far(year, today)?;
        let book = self.rule_book(congress, year).await?;
        let version = book.for_period(period).ok_or(StoreError::NotFound("考核期末生效的评分细则"))?;
        let table = version.table.clone().prepare()?;
        let rows = self.items_in(person, congress, period).await?;
        let sheet = score(rows.iter().map(ArchiveRow::item), &table, period);
        Ok(ExplainedScore {
            person,
            congress,
            period,
            version: version.version,
            effective_from: version.effective_from,
            table_name: table.table().name.clone(),
            base: sheet.base,
            lines: sheet
                .lines
                .iter()
                .map(|l| ExplainedLine {
                    kind: match l.kind {
                        LineKind::Item(k) => Some(k),
                        _ => None,
                    },
                    count: l.count,
                    raw: l.raw,
                    cap: l.cap,
                    capped: l.capped,
                    subtotal: l.subtotal,
                    explanation: l.explanation(),
                })
                .collect(),
            total: sheet.total,
            band: sheet.band_label.map(str::to_owned),
            activity: sheet.activity,
        })
    }
}

/// A signer of a standing suggestion: (suggestion, person, role, confirmed at, suggestion
/// created at, last submitted at).
type SignerTuple = (i64, i64, String, Option<String>, String, Option<String>);

type ScoreTuple = (i64, i64, i64, String, i64, Option<String>, i64, i64, String, String);

async fn read_book(conn: &mut AnyConnection, congress: OrgId, year: i16) -> Result<RuleBook> {
    let rows: Vec<VersionTuple> = sqlx::query_as(
        "SELECT version, effective_from, published_on, table_json, corrects, correction_reason FROM rule_book_versions
         WHERE congress_id = $1 AND year = $2 ORDER BY version",
    )
    .bind(congress.0)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await?;
    let mut versions = Vec::with_capacity(rows.len());
    for (version, effective_from, published_on, table, corrects, reason) in rows {
        versions.push(RuleVersion {
            version: version_of(version)?,
            effective_from: day(&effective_from)?,
            published_on: day(&published_on)?,
            table: serde_json::from_str(&table)
                .map_err(|e| StoreError::Internal(format!("archive: bad table: {e}")))?,
            correction: correction_of(corrects, reason)?,
        });
    }
    Ok(RuleBook::from_versions(congress, year, versions)?)
}

/// A stored version row: (version, effective from, published on, table, corrects, reason).
type VersionTuple = (i64, String, String, String, Option<i64>, Option<String>);

pub(crate) fn version_of(v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| StoreError::Internal(format!("archive: bad version {v}")))
}

/// The correction a stored row records, if it is one.
pub(crate) fn correction_of(corrects: Option<i64>, reason: Option<String>) -> Result<Option<Correction>> {
    corrects.map(|c| Ok(Correction { corrects: version_of(c)?, reason: reason.unwrap_or_default() })).transpose()
}

/// The inner part of recording platform items, on a write transaction the caller holds (so an
/// attendance and the item it earns commit together): `items` are checked (source format,
/// duplicates, quantity, a seat in `congress` per `terms`), added or updated by `source`, and with
/// `stale` = (source prefix, period) the items of that prefix and period that `items` no longer
/// holds are removed. Writes one audit entry per change; commits nothing.
pub(crate) async fn write_platform_items(
    w: &mut crate::WriteTx,
    congress: OrgId,
    items: &[PlatformItem],
    terms: &Terms,
    stale: Option<(&str, Period)>,
) -> Result<RecordReport> {
    let mut seen = HashSet::new();
    for it in items {
        items::check_source(&it.source)?;
        items::check_source_once(&mut seen, &it.source)?;
        items::check_quantity(it.quantity)?;
    }
    let mut terms_of_items = Vec::with_capacity(items.len());
    for it in items {
        terms_of_items.push(items::platform_term(it.person, terms.get(&it.person.0).map(Vec::as_slice), it.date)?);
    }

    let mut report = RecordReport::default();
    let mut touched = BTreeSet::new();
    let now = w.at().to_owned();
    let mut existing: HashMap<String, ArchiveRow> = HashMap::new();
    for chunk in items.chunks(500) {
        let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(",");
        let sql = format!("SELECT {ITEM_COLUMNS} FROM archive_items WHERE source IN ({marks})");
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for it in chunk {
            q = q.bind(it.source.as_str());
        }
        for r in q.fetch_all(w.conn()).await? {
            let row = row_from(&r)?;
            if let Some(s) = row.source.clone() {
                existing.insert(s, row);
            }
        }
    }
    for (it, term) in items.iter().zip(terms_of_items) {
        match existing.get(&it.source) {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO archive_items (person_id, congress_id, term, item_date, kind, quantity, origin, source, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, 'platform', $7, $8) RETURNING id",
                )
                .bind(it.person.0)
                .bind(congress.0)
                .bind(term)
                .bind(it.date.to_string())
                .bind(it.kind.code())
                .bind(i64::from(it.quantity))
                .bind(&it.source)
                .bind(&now)
                .fetch_one(w.conn())
                .await?;
                w.record("archive.record", "archive_item", id, None::<&()>, Some(it)).await?;
                touched.insert(tally::key(congress, it.person, it.date));
                report.added += 1;
            }
            Some(old) => {
                items::check_same_owner(&it.source, old.congress == congress && old.person == it.person)?;
                if old.date == it.date && old.kind == it.kind && old.quantity == it.quantity {
                    report.unchanged += 1;
                    continue;
                }
                sqlx::query(
                    "UPDATE archive_items SET term = $2, item_date = $3, kind = $4, quantity = $5 WHERE id = $1",
                )
                .bind(old.id.0)
                .bind(term)
                .bind(it.date.to_string())
                .bind(it.kind.code())
                .bind(i64::from(it.quantity))
                .execute(w.conn())
                .await?;
                let before = PlatformItem {
                    person: old.person,
                    date: old.date,
                    kind: old.kind,
                    quantity: old.quantity,
                    source: it.source.clone(),
                };
                w.record("archive.update", "archive_item", old.id.0, Some(&before), Some(it)).await?;
                touched.insert(tally::key(congress, old.person, old.date));
                touched.insert(tally::key(congress, it.person, it.date));
                report.updated += 1;
            }
        }
    }
    if let Some((prefix, period)) = stale {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM archive_items WHERE congress_id = $1 AND source LIKE $2
             AND item_date >= $3 AND item_date <= $4 ORDER BY id"
        )))
        .bind(congress.0)
        .bind(format!("{prefix}%"))
        .bind(period.from().to_string())
        .bind(period.to().to_string())
        .fetch_all(w.conn())
        .await?;
        for r in rows {
            let row = row_from(&r)?;
            let Some(source) = row.source.clone() else { continue };
            if seen.contains(source.as_str()) {
                continue;
            }
            sqlx::query("DELETE FROM archive_items WHERE id = $1").bind(row.id.0).execute(w.conn()).await?;
            w.record("archive.remove", "archive_item", row.id.0, Some(&row), None::<&()>).await?;
            touched.insert(tally::key(row.congress, row.person, row.date));
            report.removed += 1;
        }
    }
    tally::refresh(w.conn(), &touched).await?;
    Ok(report)
}

/// Removes the platform item recorded under `source`, if there is one, on a write transaction
/// the caller holds (an attendance corrected away from a check-in no longer counts). Returns
/// whether an item went.
pub(crate) async fn remove_platform_item(w: &mut crate::WriteTx, source: &str) -> Result<bool> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {ITEM_COLUMNS} FROM archive_items WHERE source = $1")))
        .bind(source)
        .fetch_optional(w.conn())
        .await?;
    let Some(r) = row else { return Ok(false) };
    let row = row_from(&r)?;
    sqlx::query("DELETE FROM archive_items WHERE id = $1").bind(row.id.0).execute(w.conn()).await?;
    if row.counts() {
        tally::refresh(w.conn(), &BTreeSet::from([tally::key(row.congress, row.person, row.date)])).await?;
    }
    w.record("archive.remove", "archive_item", row.id.0, Some(&row), None::<&()>).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_parse_fast_and_exactly() {
        assert_eq!(parse_day("2025-03-05"), Some(date(2025, 3, 5)));
        assert_eq!(parse_day("2025-02-30"), None);
        assert_eq!(parse_day("2025-3-5"), None);
        assert_eq!(parse_day("20x5-03-05"), None);
    }

    #[test]
    fn stored_lines_keep_what_counted_and_read_back_with_any_category_name() {
        use renda_core::archive::rules::{CategoryCap, Rule};
        let mut table = Template::Jiangbei.table();
        table.rules = vec![
            Rule::per_unit(ItemKind::Inspection, Points::whole(20)).in_category("区\"内\"活动"),
            Rule::per_unit(ItemKind::Survey, Points::whole(3)),
        ];
        table.categories = vec![CategoryCap { name: "区\"内\"活动".into(), cap: Points::whole(30) }];
        let table = table.prepare().expect("valid");
        let period = Period::year_of(date(2025, 1, 1));
        let items: Vec<ArchiveItem> = (0..2)
            .map(|_| {
                ArchiveItem::recorded(
                    date(2025, 3, 1),
                    ItemKind::Inspection,
                    1,
                    SourceRef { kind: SourceKind::Activity, id: 1 },
                )
            })
            .collect();
        let sheet = score(&items, &table, period);
        let json = lines_json(&sheet);
        assert_eq!(json, r#"[["inspection",2,4000],["category:区\"内\"活动",0,-1000]]"#);
        let back = lines_from(&json).expect("reads back");
        assert_eq!(back[1].line, "category:区\"内\"活动");
        assert_eq!(back.iter().fold(Points::ZERO, |a, l| a + l.subtotal), sheet.total);
    }
}
