//! Persons and deputyships: creating deputies, ending a deputyship, the deputy search with its
//! filters and paging, and roster imports (all rows in one transaction, or none).

use crate::Page;
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ids::{DeputyshipId, OrgId, PersonId};
use renda_core::person::{EndReason, StartReason, Term, check_tenure};
use renda_core::policy::{Action, Resource, Target, decide};
use renda_core::value::{Ethnicity, Gender, Label, PartialDate, PersonName, Phone};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// A person as a form or an import row gives them.
#[derive(Clone, Debug, Serialize)]
pub struct NewPerson {
    pub name: PersonName,
    pub gender: Option<Gender>,
    pub ethnicity: Option<Ethnicity>,
    pub birth: Option<PartialDate>,
    pub party: Option<Label>,
    pub occupation: Option<Label>,
    pub phone: Option<Phone>,
}

/// A deputyship as a form or an import gives it.
#[derive(Clone, Debug, Serialize)]
pub struct NewDeputyship {
    pub congress: OrgId,
    pub term: Term,
    pub delegation: Label,
    pub start: Date,
    pub start_reason: StartReason,
    pub note: Option<Label>,
}

/// One line of the deputy list: a deputyship with its person.
#[derive(Clone, Debug, Serialize)]
pub struct DeputyRow {
    pub deputyship: DeputyshipId,
    pub person: PersonId,
    pub name: String,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub birth: Option<String>,
    pub party: Option<String>,
    pub occupation: Option<String>,
    pub congress: OrgId,
    pub congress_name: String,
    pub term: i64,
    pub delegation: String,
    pub start_date: jiff::civil::Date,
    pub start_reason: String,
    pub end_date: Option<jiff::civil::Date>,
    pub end_reason: Option<String>,
    pub note: Option<String>,
}

impl DeputyRow {
    pub fn gender_label(&self) -> &'static str {
        self.gender.as_deref().and_then(Gender::from_db).map_or("", Gender::label)
    }

    pub fn birth_label(&self) -> String {
        self.birth
            .as_deref()
            .and_then(|b| PartialDate::parse("birth", b).ok())
            .map(PartialDate::to_chinese)
            .unwrap_or_default()
    }

    pub fn term_label(&self) -> String {
        Term(self.term as u16).label()
    }

    pub fn start_reason_label(&self) -> &'static str {
        StartReason::from_code(&self.start_reason).map_or("", StartReason::label)
    }

    pub fn end_reason_label(&self) -> &'static str {
        self.end_reason.as_deref().and_then(EndReason::from_code).map_or("", EndReason::label)
    }

    pub fn is_active(&self) -> bool {
        self.end_date.is_none()
    }
}

const DEPUTY_COLUMNS: &str =
    "d.id AS deputyship_id, p.id AS person_id, p.name, p.gender, p.ethnicity, p.birth, p.party,
    p.occupation, d.congress_id, o.name AS congress_name, d.term, d.delegation, d.start_date, d.start_reason,
    d.end_date, d.end_reason, d.note";

fn deputy_from_row(r: &AnyRow) -> Result<DeputyRow> {
    Ok(DeputyRow {
        deputyship: DeputyshipId(r.try_get("deputyship_id")?),
        person: PersonId(r.try_get("person_id")?),
        name: r.try_get("name")?,
        gender: r.try_get("gender")?,
        ethnicity: r.try_get("ethnicity")?,
        birth: r.try_get("birth")?,
        party: r.try_get("party")?,
        occupation: r.try_get("occupation")?,
        congress: OrgId(r.try_get("congress_id")?),
        congress_name: r.try_get("congress_name")?,
        term: r.try_get("term")?,
        delegation: r.try_get("delegation")?,
        start_date: crate::columns::date(r, "start_date")?,
        start_reason: r.try_get("start_reason")?,
        end_date: crate::columns::opt_date(r, "end_date")?,
        end_reason: r.try_get("end_reason")?,
        note: r.try_get("note")?,
    })
}

/// The deputy search: every field optional. `congresses` are the congresses asked for and are
/// always applied (none: no one); within them the store keeps what the reader may list — every
/// seat of the congresses they keep, the sitting deputies of the others. `congress` narrows to
/// one of them.
#[derive(Clone, Debug, Default)]
pub struct DeputyFilter {
    pub congresses: Vec<OrgId>,
    pub congress: Option<OrgId>,
    /// A part of the name.
    pub name: Option<String>,
    pub delegation: Option<String>,
    pub ethnicity: Option<String>,
    pub gender: Option<Gender>,
    /// Only seats not ended.
    pub active_only: bool,
    /// Zero-based page.
    pub page: i64,
    pub per_page: i64,
}

/// What a roster import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub created: usize,
    /// Rows whose deputy (same name, delegation, congress and term) was already there.
    pub already_present: usize,
}

/// Compares labels the way people count: 第2选区 before 第10选区.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, chunk)) if *d == digit => chunk.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(cb.iter()) {
        let ord = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.cmp(xb)
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len())
}

/// Escapes `%` and `_` for a LIKE pattern (with `ESCAPE '\'`).
fn like_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// Creates a person with their first deputyship.
    pub async fn create_deputy(
        &self,
        actor: &Actor,
        person: NewPerson,
        ship: NewDeputyship,
    ) -> Result<(PersonId, DeputyshipId)> {
        let path = self.deputy_congress_path(ship.congress).await?;
        decide(actor.role, Action::Create, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        let mut w = self.begin_write(Chain::Congress(ship.congress), actor.user).await?;
        let now = w.at().to_owned();
        let ids = insert_deputy(w.conn(), &now, &person, &ship).await?;
        w.record("deputy.create", "deputyship", ids.1, None::<&()>, Some(&(&person, &ship))).await?;
        w.commit().await?;
        Ok(ids)
    }

    /// Gives an existing person another deputyship (a township deputy elected to the county).
    pub async fn add_deputyship(&self, actor: &Actor, person: PersonId, ship: NewDeputyship) -> Result<DeputyshipId> {
        let path = self.deputy_congress_path(ship.congress).await?;
        decide(actor.role, Action::Create, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        let mut w = self.begin_write(Chain::Congress(ship.congress), actor.user).await?;
        let id = insert_deputyship(w.conn(), person, &ship).await?;
        w.record("deputyship.create", "deputyship", id, None::<&()>, Some(&ship)).await?;
        w.commit().await?;
        Ok(id)
    }

    /// Ends a deputyship on `end` for `reason`.
    pub async fn end_deputyship(
        &self,
        actor: &Actor,
        id: DeputyshipId,
        end: Date,
        reason: EndReason,
    ) -> Result<DeputyRow> {
        let before = self.deputyship(id).await?;
        let path = self.congress_path(before.congress).await?;
        decide(actor.role, Action::Edit, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        renda_core::person::check_not_ended(before.end_date.is_some())?;
        let start = before.start_date;
        check_tenure(start, Some(end), Some(reason))?;
        let mut w = self.begin_write(Chain::Congress(before.congress), actor.user).await?;
        sqlx::query("UPDATE deputyships SET end_date = $2, end_reason = $3 WHERE id = $1")
            .bind(id.0)
            .bind(end.to_string())
            .bind(reason.code())
            .execute(w.conn())
            .await?;
        let after = DeputyRow { end_date: Some(end), end_reason: Some(reason.code().into()), ..before.clone() };
        w.record("deputyship.end", "deputyship", id, Some(&before), Some(&after)).await?;
        w.commit().await?;
        Ok(after)
    }

    /// The congress path for a deputy record, refusing anything that is not a congress.
    async fn deputy_congress_path(&self, congress: OrgId) -> Result<Vec<OrgId>> {
        renda_core::person::check_congress(self.org(congress).await?.kind.is_congress())?;
        self.congress_path(congress).await
    }

    pub(crate) async fn deputyship(&self, id: DeputyshipId) -> Result<DeputyRow> {
        let sql = format!(
            "SELECT {DEPUTY_COLUMNS} FROM deputyships d JOIN persons p ON p.id = d.person_id JOIN organisations o ON o.id = d.congress_id WHERE d.id = $1"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该代表"))?;
        deputy_from_row(&row)
    }

    /// Every deputyship of one person, newest first.
    pub async fn deputyships_of(&self, person: PersonId) -> Result<Vec<DeputyRow>> {
        let sql = format!(
            "SELECT {DEPUTY_COLUMNS} FROM deputyships d JOIN persons p ON p.id = d.person_id JOIN organisations o ON o.id = d.congress_id
             WHERE d.person_id = $1 ORDER BY d.start_date DESC, d.id DESC"
        );
        let rows = sqlx::query(AssertSqlSafe(sql)).bind(person.0).fetch_all(self.pool()).await?;
        rows.iter().map(deputy_from_row).collect()
    }

    /// A person's phone (kept out of lists).
    pub async fn person_phone(&self, person: PersonId) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT phone FROM persons WHERE id = $1")
            .bind(person.0)
            .fetch_optional(self.pool())
            .await?
            .flatten())
    }

    /// The deputy search. Filters combine with AND; results are ordered by congress, delegation
    /// and name, and paged.
    pub async fn search_deputies(&self, actor: &Actor, f: &DeputyFilter) -> Result<Page<DeputyRow>> {
        let per_page = f.per_page.clamp(1, 500);
        let page = f.page.clamp(0, crate::MAX_PAGE);
        if f.congresses.is_empty() {
            return Ok(Page { items: Vec::new(), total: 0, page, per_page });
        }
        // The scope lists are made of integers we hold, so they are safe to inline; everything
        // the user typed is bound. The reader lists every seat of the congresses they keep and
        // the sitting deputies of the others: the published roster (代表法 Art. 58).
        let ints = |v: &[OrgId]| v.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let mut wh = vec![format!("d.congress_id IN ({})", ints(&f.congresses))];
        let kept = self.listable_congresses(actor).await?;
        wh.push(if kept.is_empty() {
            "d.end_date IS NULL".to_owned()
        } else {
            format!("(d.congress_id IN ({}) OR d.end_date IS NULL)", ints(&kept))
        });
        let mut binds: Vec<String> = Vec::new();
        let bind = |clause: &str, v: String, binds: &mut Vec<String>| {
            binds.push(v);
            clause.replace('?', &format!("${}", binds.len()))
        };
        if let Some(c) = f.congress {
            wh.push(format!("d.congress_id = {}", c.0));
        }
        if let Some(n) = f.name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            wh.push(bind("p.name LIKE ? ESCAPE '\\'", like_pattern(n), &mut binds));
        }
        if let Some(d) = f.delegation.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            wh.push(bind("d.delegation = ?", d.to_owned(), &mut binds));
        }
        if let Some(e) = f.ethnicity.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            wh.push(bind("p.ethnicity = ?", e.to_owned(), &mut binds));
        }
        if let Some(g) = f.gender {
            wh.push(bind("p.gender = ?", g.as_str().to_owned(), &mut binds));
        }
        if f.active_only {
            wh.push("d.end_date IS NULL".into());
        }
        let wh = wh.join(" AND ");
        let from =
            "FROM deputyships d JOIN persons p ON p.id = d.person_id JOIN organisations o ON o.id = d.congress_id";
        let count_sql = format!("SELECT COUNT(*) {from} WHERE {wh}");
        let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql));
        for b in &binds {
            q = q.bind(b);
        }
        let total = q.fetch_one(self.pool()).await?;
        // A page past the end shows the last page rather than an empty list.
        let last_page = ((total + per_page - 1) / per_page - 1).max(0);
        let page = page.min(last_page);
        let list_sql = format!(
            "SELECT {DEPUTY_COLUMNS} {from} WHERE {wh} ORDER BY d.congress_id, LENGTH(d.delegation), d.delegation, p.name, d.id LIMIT {per_page} OFFSET {}",
            page * per_page
        );
        let mut q = sqlx::query(AssertSqlSafe(list_sql));
        for b in &binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let items = rows.iter().map(deputy_from_row).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total, page, per_page })
    }

    /// The distinct delegations and ethnicities of those of `congresses` the reader keeps, for the
    /// search filters.
    pub async fn deputy_facets(&self, actor: &Actor, congresses: &[OrgId]) -> Result<(Vec<String>, Vec<String>)> {
        let kept = self.listable_congresses(actor).await?;
        let congresses: Vec<OrgId> = congresses.iter().copied().filter(|c| kept.contains(c)).collect();
        if congresses.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let scope = congresses.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let delegations: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT DISTINCT delegation FROM deputyships WHERE congress_id IN ({scope}) ORDER BY delegation"
        )))
        .fetch_all(self.pool())
        .await?;
        let ethnicities: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT DISTINCT p.ethnicity FROM persons p JOIN deputyships d ON d.person_id = p.id
             WHERE d.congress_id IN ({scope}) AND p.ethnicity IS NOT NULL ORDER BY p.ethnicity"
        )))
        .fetch_all(self.pool())
        .await?;
        let mut delegations = delegations;
        delegations.sort_by(|a, b| natural_cmp(a, b));
        Ok((delegations, ethnicities))
    }

    /// Imports a roster into one congress in one transaction: every row, or none. A row whose
    /// deputy is already there (same name, delegation, congress and term) is counted and
    /// skipped, so importing the same file twice changes nothing; two namesakes in one
    /// delegation are two rows and two seats. `progress` is called after
    /// each row.
    pub async fn import_roster(
        &self,
        actor: &Actor,
        congress: OrgId,
        rows: &[(NewPerson, NewDeputyship)],
        mut progress: impl FnMut(usize),
    ) -> Result<ImportSummary> {
        let path = self.deputy_congress_path(congress).await?;
        decide(actor.role, Action::Create, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        if let Some((_, s)) = rows.iter().find(|(_, s)| s.congress != congress) {
            return Err(StoreError::Internal(format!(
                "import row for congress {} in import to {congress}",
                s.congress
            )));
        }
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let now = w.at().to_owned();
        let mut summary = ImportSummary::default();
        // Seats already there, counted once before anything is inserted: a roster may hold two
        // deputies of the same name in one delegation (the national roster has three such
        // pairs), and each row matches at most one existing seat.
        let existing: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT d.term, d.delegation, p.name, COUNT(*) FROM deputyships d JOIN persons p ON p.id = d.person_id
             WHERE d.congress_id = $1 GROUP BY d.term, d.delegation, p.name",
        )
        .bind(congress.0)
        .fetch_all(w.conn())
        .await?;
        let mut present: std::collections::HashMap<(i64, String, String), i64> =
            existing.into_iter().map(|(t, d, n, c)| ((t, d, n), c)).collect();
        for (i, (person, ship)) in rows.iter().enumerate() {
            let key = (i64::from(ship.term.0), ship.delegation.as_str().to_owned(), person.name.as_str().to_owned());
            let existing = present.get_mut(&key).filter(|left| **left > 0).map(|left| *left -= 1);
            if existing.is_some() {
                summary.already_present += 1;
            } else {
                let (_, ship_id) = insert_deputy(w.conn(), &now, person, ship).await?;
                w.record("deputy.import", "deputyship", ship_id, None::<&()>, Some(&(person, ship))).await?;
                summary.created += 1;
            }
            progress(i + 1);
        }
        if summary.created == 0 {
            // Nothing changed: roll back rather than commit an empty write.
            return Ok(summary);
        }
        w.commit().await?;
        Ok(summary)
    }

    pub async fn count_deputyships(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM deputyships").fetch_one(self.pool()).await?)
    }
}

async fn insert_deputy(
    conn: &mut sqlx::AnyConnection,
    now: &str,
    person: &NewPerson,
    ship: &NewDeputyship,
) -> Result<(PersonId, DeputyshipId)> {
    let person_id: i64 = sqlx::query_scalar(
        "INSERT INTO persons (name, gender, ethnicity, birth, party, occupation, phone, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(person.name.as_str())
    .bind(person.gender.map(Gender::as_str))
    .bind(person.ethnicity.as_ref().map(Ethnicity::as_str))
    .bind(person.birth.map(PartialDate::to_iso))
    .bind(person.party.as_ref().map(Label::as_str))
    .bind(person.occupation.as_ref().map(Label::as_str))
    .bind(person.phone.as_ref().map(Phone::as_str))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let ship_id = insert_deputyship(conn, PersonId(person_id), ship).await?;
    Ok((PersonId(person_id), ship_id))
}

async fn insert_deputyship(
    conn: &mut sqlx::AnyConnection,
    person: PersonId,
    ship: &NewDeputyship,
) -> Result<DeputyshipId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO deputyships (person_id, congress_id, term, delegation, start_date, start_reason, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(person.0)
    .bind(ship.congress.0)
    .bind(i64::from(ship.term.0))
    .bind(ship.delegation.as_str())
    .bind(ship.start.to_string())
    .bind(ship.start_reason.code())
    .bind(ship.note.as_ref().map(Label::as_str))
    .fetch_one(conn)
    .await?;
    Ok(DeputyshipId(id))
}

#[cfg(test)]
mod tests {
    use super::natural_cmp;

    #[test]
    fn electoral_districts_sort_by_their_number() {
        let mut v = vec!["第10选区", "第2选区", "第1选区", "东城区代表团", "第02选区"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["东城区代表团", "第1选区", "第2选区", "第02选区", "第10选区"]);
    }
}

/// A deputy's work phone as staff keep it, and whether units handling the deputy's
/// suggestions see it (otherwise they go through the congress office).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkPhone {
    pub phone: Option<String>,
    pub to_units: bool,
}

impl Store {
    /// The deputy's work phone and whether units see it.
    pub async fn work_phone(&self, person: PersonId) -> Result<WorkPhone> {
        let row: Option<(Option<String>, i64)> =
            sqlx::query_as("SELECT work_phone, work_phone_to_units FROM persons WHERE id = $1")
                .bind(person.0)
                .fetch_optional(self.pool())
                .await?;
        let (phone, to_units) = row.ok_or(StoreError::NotFound("该代表"))?;
        Ok(WorkPhone { phone, to_units: to_units != 0 })
    }

    /// Sets the deputy's work phone (none clears it) and whether units see it; by staff who
    /// may edit the deputy's latest seat, audited.
    pub async fn set_work_phone(
        &self,
        actor: &Actor,
        person: PersonId,
        phone: Option<Phone>,
        to_units: bool,
    ) -> Result<WorkPhone> {
        let ships = self.deputyships_of(person).await?;
        let seat = ships.first().ok_or(StoreError::NotFound("该代表"))?;
        let path = self.congress_path(seat.congress).await?;
        decide(actor.role, Action::Edit, Resource::Deputy, &Target { congress_path: &path, ..Target::default() })?;
        let before = self.work_phone(person).await?;
        // Without a phone there is nothing for units to see.
        let after = WorkPhone { to_units: to_units && phone.is_some(), phone: phone.map(String::from) };
        let mut w = self.begin_write(Chain::Congress(seat.congress), actor.user).await?;
        sqlx::query("UPDATE persons SET work_phone = $2, work_phone_to_units = $3 WHERE id = $1")
            .bind(person.0)
            .bind(after.phone.as_deref())
            .bind(i64::from(after.to_units))
            .execute(w.conn())
            .await?;
        w.record("person.work_phone", "person", person.0, Some(&before), Some(&after)).await?;
        w.commit().await?;
        Ok(after)
    }
}
