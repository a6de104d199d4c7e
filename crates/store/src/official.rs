//! Official documents issued from the records (issue 21): a congress's templates, the register
//! that numbers what it issues, and the records each document was made from.
//!
//! Issuing is one audited write: the register's next number (`official::next_number` over the
//! congress, the template's 机关代字 and the year, under the congress's audit-chain lock, so two clerks issuing at once get one number each), the file
//! rendered with that number by the caller's function, the document and its records, the audit
//! entry. The same document (kind, addressee and records) cannot be issued twice while the
//! first stands: a unique index refuses it even under a race. A voided document keeps its
//! number.

use crate::audit::Chain;
use crate::suggestions::{Due, SuggestionFilter};
use crate::{Actor, Result, Store, StoreError};
use renda_core::ErrorCode;
use renda_core::event::Event;
use renda_core::ids::{OfficialDocumentId, OrgId, ReceptionId, ReviewId, SuggestionId, UserId};
use renda_core::official::appointment::{CERTIFICATE, CertificateTemplate};
use renda_core::official::{self, Batch, BatchLine, Kind, ReceptionSource, ReviewSource, Template, next_number};
use renda_core::policy::{Action, Resource, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

mod report;

/// An issued document as the register lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssuedDocument {
    pub id: OfficialDocumentId,
    pub congress: OrgId,
    pub kind: Kind,
    pub year: i64,
    pub seq: i64,
    /// 示人常办〔2026〕12号.
    pub number: String,
    pub title: String,
    /// The unit it is addressed to, when it is one.
    pub unit: Option<OrgId>,
    /// 主送机关 as printed.
    pub addressee: String,
    pub filename: String,
    #[serde(skip)]
    pub file_hash: String,
    pub issued_by: Option<UserId>,
    /// RFC 3339, UTC.
    pub issued_at: String,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
}

impl IssuedDocument {
    pub fn is_void(&self) -> bool {
        self.voided_at.is_some()
    }

    fn target_units(&self) -> Vec<OrgId> {
        self.unit.into_iter().collect()
    }
}

/// A record a document was made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Suggestion(SuggestionId),
    Review(ReviewId),
    /// The suggestions of a year (the 办理情况报告).
    SuggestionYear(i64),
    Reception(ReceptionId),
    /// A meeting (its 任免公告).
    Meeting(renda_core::ids::MeetingId),
    /// The filings of a year (the 备案审查工作情况报告).
    FilingYear(i64),
}

impl Source {
    fn entity(self) -> (&'static str, i64) {
        match self {
            Source::Suggestion(id) => ("suggestion", id.0),
            Source::Review(id) => ("review", id.0),
            Source::SuggestionYear(year) => ("suggestion_year", year),
            Source::Reception(id) => ("reception", id.0),
            Source::Meeting(id) => ("meeting", id.0),
            Source::FilingYear(year) => ("filing_year", year),
        }
    }
}

/// Voids, inside the caller's write, every standing document made from `source` (a reception
/// cancelled takes its 接待公告 down with it), each with `reason` and its own audit entry.
/// Returns how many were voided.
pub(crate) async fn void_standing_for(w: &mut crate::audit::WriteTx, source: Source, reason: &str) -> Result<usize> {
    let (entity, id) = source.entity();
    let standing: Vec<(i64, String)> = sqlx::query_as(
        "SELECT d.id, d.number FROM official_documents d
           JOIN official_document_records r ON r.document_id = d.id
          WHERE r.entity = $1 AND r.entity_id = $2 AND d.voided_at IS NULL
          ORDER BY d.id",
    )
    .bind(entity)
    .bind(id)
    .fetch_all(w.conn())
    .await?;
    for (doc, number) in &standing {
        void_in(w, OfficialDocumentId(*doc), number, reason).await?;
    }
    Ok(standing.len())
}

/// Marks a standing document 作废 inside the caller's write, with its audit entry; false when it
/// was voided already (a race with another clerk).
async fn void_in(w: &mut crate::audit::WriteTx, id: OfficialDocumentId, number: &str, reason: &str) -> Result<bool> {
    let at = w.at().to_owned();
    let changed = sqlx::query(
        "UPDATE official_documents SET voided_at = $2, void_reason = $3 WHERE id = $1 AND voided_at IS NULL",
    )
    .bind(id.0)
    .bind(&at)
    .bind(reason)
    .execute(w.conn())
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    let after = serde_json::json!({ "number": number, "void_reason": reason });
    w.record("official_document.void", "official_document", id.0, None::<&()>, Some(&after)).await?;
    Ok(true)
}

/// A reception's standing 接待公告 (not voided): public, like the reception it announces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StandingNotice {
    pub reception: ReceptionId,
    pub id: OfficialDocumentId,
    /// 示人常联〔2026〕1号.
    pub number: String,
}

/// What to issue: everything but the number, which issuing takes.
#[derive(Clone, Debug)]
pub struct Issue {
    pub congress: OrgId,
    pub kind: Kind,
    pub title: String,
    pub unit: Option<OrgId>,
    pub addressee: String,
    pub sources: Vec<Source>,
    /// The file's name without the number, e.g. 交办函（示范市住房和城乡建设局）.
    pub filename: String,
}

/// An assignment (`su`, of suggestion `s`) on no standing 交办函 to its unit: the one definition
/// behind the pending units' counts and a unit's batch.
const NOT_ON_A_LETTER: &str = "NOT EXISTS (
    SELECT 1 FROM official_document_records r JOIN official_documents d ON d.id = r.document_id
     WHERE r.entity = 'suggestion' AND r.entity_id = s.id AND d.kind = 'assignment'
       AND d.unit_id = su.unit_id AND d.voided_at IS NULL)";

const COLUMNS: &str = "id, congress_id, kind, year, seq, number, title, unit_id, addressee, filename, file_hash, \
                       issued_by, issued_at, voided_at, void_reason";

fn from_row(r: &AnyRow) -> Result<IssuedDocument> {
    let kind: String = r.try_get("kind")?;
    Ok(IssuedDocument {
        id: OfficialDocumentId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        kind: Kind::from_code(&kind).ok_or_else(|| StoreError::Internal(format!("unknown document kind {kind}")))?,
        year: r.try_get("year")?,
        seq: r.try_get("seq")?,
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        unit: r.try_get::<Option<i64>, _>("unit_id")?.map(OrgId),
        addressee: r.try_get("addressee")?,
        filename: r.try_get("filename")?,
        file_hash: r.try_get("file_hash")?,
        issued_by: r.try_get::<Option<i64>, _>("issued_by")?.map(UserId),
        issued_at: r.try_get("issued_at")?,
        voided_at: r.try_get("voided_at")?,
        void_reason: r.try_get("void_reason")?,
    })
}

/// The key that makes two issues the same document: its addressee and its records.
fn subject_key(unit: Option<OrgId>, addressee: &str, sources: &[Source]) -> String {
    let mut ids: Vec<String> = sources
        .iter()
        .map(|s| {
            let (e, id) = s.entity();
            format!("{e}:{id}")
        })
        .collect();
    ids.sort();
    ids.dedup();
    let to = unit.map_or_else(|| format!("to:{addressee}"), |u| format!("unit:{}", u.0));
    format!("{to};{}", ids.join(","))
}

impl Store {
    /// Checks that `actor` may `action` the official documents of `congress` (addressed to `unit`).
    async fn check_official(&self, actor: &Actor, action: Action, congress: OrgId, unit: Option<OrgId>) -> Result<()> {
        let path = self.congress_path(congress).await?;
        let units: Vec<OrgId> = unit.into_iter().collect();
        decide(
            actor.role,
            action,
            Resource::OfficialDocument,
            &Target { congress_path: &path, units: &units, ..Target::default() },
        )?;
        Ok(())
    }

    /// The template `congress` issues `kind` from: its own, or the default for its name.
    pub async fn official_template(&self, actor: &Actor, congress: OrgId, kind: Kind) -> Result<Template> {
        self.check_official(actor, Action::View, congress, None).await?;
        self.template_of(congress, kind).await
    }

    async fn template_of(&self, congress: OrgId, kind: Kind) -> Result<Template> {
        match self.saved_template(congress, kind.code()).await? {
            Some(t) => Ok(t),
            None => Ok(kind.default_template(self.org(congress).await?.name.as_str())),
        }
    }

    /// A template `congress` saved under `code` (a `Kind`'s, or the 任命书's), if it did.
    async fn saved_template<T: serde::de::DeserializeOwned>(&self, congress: OrgId, code: &str) -> Result<Option<T>> {
        let saved: Option<String> =
            sqlx::query_scalar("SELECT template FROM official_templates WHERE congress_id = $1 AND kind = $2")
                .bind(congress.0)
                .bind(code)
                .fetch_optional(self.pool())
                .await?;
        saved
            .map(|json| serde_json::from_str(&json).map_err(|e| StoreError::Internal(format!("template: {e}"))))
            .transpose()
    }

    /// Keeps `template` (checked by the caller through the core) as `congress`'s under `code`,
    /// replacing `before`, with its audit entry — one transaction.
    async fn write_template<T: Serialize>(
        &self,
        actor: &Actor,
        congress: OrgId,
        code: &str,
        before: &T,
        template: &T,
    ) -> Result<()> {
        let json = serde_json::to_string(template).map_err(|e| StoreError::Internal(e.to_string()))?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM official_templates WHERE congress_id = $1 AND kind = $2")
            .bind(congress.0)
            .bind(code)
            .execute(w.conn())
            .await?;
        let at = w.at().to_owned();
        sqlx::query("INSERT INTO official_templates (congress_id, kind, template, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(congress.0)
            .bind(code)
            .bind(&json)
            .bind(&at)
            .execute(w.conn())
            .await?;
        let entity = format!("{}:{code}", congress.0);
        w.record("official_template.save", "official_template", entity, Some(before), Some(template)).await?;
        w.commit().await
    }

    /// The caller's congress's 任命书 template (its default until saved): read like the 公文
    /// templates, for issue 17's 任命书.
    pub async fn certificate_template(&self, actor: &Actor, congress: OrgId) -> Result<CertificateTemplate> {
        self.check_official(actor, Action::View, congress, None).await?;
        match self.saved_template(congress, CERTIFICATE.0).await? {
            Some(t) => Ok(t),
            None => Ok(CertificateTemplate::default_for(self.org(congress).await?.name.as_str())),
        }
    }

    /// Saves `congress`'s 任命书 template, checked by the core; returns it as kept.
    pub async fn save_certificate_template(
        &self,
        actor: &Actor,
        congress: OrgId,
        template: CertificateTemplate,
    ) -> Result<CertificateTemplate> {
        self.check_official(actor, Action::Edit, congress, None).await?;
        let template = template.check()?;
        let before = self.certificate_template(actor, congress).await?;
        self.write_template(actor, congress, CERTIFICATE.0, &before, &template).await?;
        Ok(template)
    }

    /// Saves `congress`'s template for `kind`, checked by the core; returns it as kept.
    pub async fn save_official_template(
        &self,
        actor: &Actor,
        congress: OrgId,
        kind: Kind,
        template: Template,
    ) -> Result<Template> {
        self.check_official(actor, Action::Edit, congress, None).await?;
        let template = template.check(kind)?;
        let before = self.template_of(congress, kind).await?;
        self.write_template(actor, congress, kind.code(), &before, &template).await?;
        Ok(template)
    }

    /// The units of `congress` with suggestions assigned to them and on no standing 交办函 yet,
    /// with how many: where the office has letters to issue.
    pub async fn assignment_pending(&self, actor: &Actor, congress: OrgId) -> Result<Vec<(OrgId, String, i64)>> {
        self.check_official(actor, Action::Create, congress, None).await?;
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT o.id, o.name, COUNT(*) FROM suggestion_units su
               JOIN suggestions s ON s.id = su.suggestion_id
               JOIN organisations o ON o.id = su.unit_id
              WHERE s.congress_id = $1 AND {NOT_ON_A_LETTER}
              GROUP BY o.id, o.name ORDER BY o.name"
        )))
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id, name, n)| (OrgId(id), name, n)).collect())
    }

    /// The suggestions of the staff's congress assigned to `unit` and on no standing 交办函 to
    /// it yet — all of them, or those of `only` (each must be one of them).
    pub async fn assignment_batch(&self, actor: &Actor, unit: OrgId, only: &[SuggestionId]) -> Result<Batch> {
        let unit_org = self.org(unit).await?;
        let congress = unit_org.parent.ok_or(StoreError::NotFound("承办单位"))?;
        self.check_official(actor, Action::Create, congress, Some(unit)).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT s.id, s.year, s.number, s.title, p.name AS lead, su.role, s.due_on
               FROM suggestion_units su
               JOIN suggestions s ON s.id = su.suggestion_id
               JOIN persons p ON p.id = s.lead_person_id
              WHERE su.unit_id = $1 AND s.congress_id = $2 AND {NOT_ON_A_LETTER}
              ORDER BY s.year, s.number, s.id"
        )))
        .bind(unit.0)
        .bind(congress.0)
        .fetch_all(self.pool())
        .await?;
        let mut lines = Vec::with_capacity(rows.len());
        for r in &rows {
            let year: i64 = r.try_get("year")?;
            let number: Option<i64> = r.try_get("number")?;
            let role: String = r.try_get("role")?;
            let due: Option<String> = r.try_get("due_on")?;
            lines.push(BatchLine {
                suggestion: SuggestionId(r.try_get("id")?),
                number: number.map_or_else(|| "未编号".to_string(), |n| format!("{year}年第{n}号")),
                title: r.try_get("title")?,
                lead: r.try_get("lead")?,
                role: if role == "main" { "主办" } else { "会办" },
                due_on: due.and_then(|d| d.parse().ok()),
                overdue: false,
            });
        }
        self.batch(Kind::Assignment, congress, &unit_org, lines, only).await
    }

    /// The suggestions `unit` leads (主办) for the staff's congress that are overdue or near due
    /// (the lists' own windows, `Due`), overdue first — all of them, or those of `only`.
    pub async fn reminder_batch(&self, actor: &Actor, unit: OrgId, only: &[SuggestionId]) -> Result<Batch> {
        let unit_org = self.org(unit).await?;
        let congress = unit_org.parent.ok_or(StoreError::NotFound("承办单位"))?;
        self.check_official(actor, Action::Create, congress, Some(unit)).await?;
        let today = self.today();
        let mut lines = Vec::new();
        for due in [Due::Overdue, Due::Near] {
            let f = SuggestionFilter {
                congresses: vec![congress],
                unit: Some(unit),
                main_unit_only: true,
                due: Some(due),
                per_page: 500,
                ..SuggestionFilter::default()
            };
            for r in self.list_suggestions(actor, &f, today).await?.items {
                lines.push(BatchLine {
                    suggestion: r.id,
                    number: r.number_label(),
                    title: r.title,
                    lead: r.lead_name,
                    role: "主办",
                    due_on: r.facts.due_on,
                    overdue: due == Due::Overdue,
                });
            }
        }
        self.batch(Kind::Reminder, congress, &unit_org, lines, only).await
    }

    /// The batch of `lines` the store found, narrowed to the clerk's choice (`only`), which the
    /// core checks lies within it.
    async fn batch(
        &self,
        kind: Kind,
        congress: OrgId,
        unit: &renda_core::org::Organisation,
        mut lines: Vec<BatchLine>,
        only: &[SuggestionId],
    ) -> Result<Batch> {
        let found: Vec<SuggestionId> = lines.iter().map(|l| l.suggestion).collect();
        official::check_choice(kind, &found, only)?;
        if !only.is_empty() {
            lines.retain(|l| only.contains(&l.suggestion));
        }
        Ok(Batch {
            congress,
            congress_name: self.org(congress).await?.name.to_string(),
            unit: unit.id,
            unit_name: unit.name.to_string(),
            lines,
        })
    }

    /// Review opinions for their 审议意见书: read with the actor, issued by their congress's staff
    /// once approved.
    pub async fn review_source(&self, actor: &Actor, id: ReviewId) -> Result<ReviewSource> {
        let r = self.review(actor, id).await?;
        self.check_official(actor, Action::Create, r.congress, Some(r.facts.body)).await?;
        official::check_review(r.facts.approved_on.is_some())?;
        Ok(ReviewSource {
            review: r.id,
            congress: r.congress,
            congress_name: self.org(r.congress).await?.name.to_string(),
            body: r.facts.body,
            topic: official::review_subject(&r.item_title, &r.body_name),
            body_name: r.body_name,
            text: r.text,
            due_on: r.facts.due_on,
        })
    }

    /// A reception day for its 接待公告: issued by the staff of the station's congress, for a
    /// reception neither cancelled nor held (the core's rule).
    pub async fn reception_source(&self, actor: &Actor, id: ReceptionId) -> Result<ReceptionSource> {
        let r = self.reception(id).await?;
        self.check_official(actor, Action::Create, r.congress, None).await?;
        let station = self.station_info(r.station).await?;
        let source = ReceptionSource {
            reception: r.id,
            congress: r.congress,
            congress_name: self.org(r.congress).await?.name.to_string(),
            station: r.station,
            station_name: r.station_name.clone(),
            address: station.profile.as_ref().map(|p| p.address.clone()),
            phone: station.profile.as_ref().and_then(|p| p.phone.as_ref()).map(|p| p.to_string()),
            on: r.on,
            hours: r.hours(),
            topic: r.topic.clone(),
            deputies: r.deputies.iter().map(|(_, n)| n.clone()).collect(),
            cancelled: r.cancelled_at.is_some(),
            held: r.held_at.is_some(),
        };
        official::check_reception(&source, self.today())?;
        Ok(source)
    }

    /// The standing 接待公告 of each of `receptions` that has one: a notice is public, so
    /// anyone reading the receptions may see its number and download it.
    pub async fn public_reception_notices(&self, receptions: &[ReceptionId]) -> Result<Vec<StandingNotice>> {
        if receptions.is_empty() {
            return Ok(Vec::new());
        }
        let slots: Vec<String> = (0..receptions.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT r.entity_id, d.id, d.number FROM official_document_records r
               JOIN official_documents d ON d.id = r.document_id
              WHERE r.entity = 'reception' AND d.kind = $1 AND d.voided_at IS NULL AND r.entity_id IN ({})
              ORDER BY d.id",
            slots.join(", ")
        );
        let mut q =
            sqlx::query_as::<_, (i64, i64, String)>(sqlx::AssertSqlSafe(sql)).bind(Kind::ReceptionNotice.code());
        for r in receptions {
            q = q.bind(r.0);
        }
        let rows = q.fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|(r, id, number)| StandingNotice { reception: ReceptionId(r), id: OfficialDocumentId(id), number })
            .collect())
    }

    /// The standing documents of a public kind (`Kind::public`: the 接待公告 and 任免公告), newest
    /// first, for anyone; an internal kind lists nothing.
    pub async fn public_official_documents(&self, kind: Kind) -> Result<Vec<IssuedDocument>> {
        if !kind.public() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM official_documents WHERE kind = $1 AND voided_at IS NULL ORDER BY issued_at DESC, id DESC"
        )))
        .bind(kind.code())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The standing documents made from `source` (a meeting's 任免公告, say), for whoever may read
    /// each.
    pub async fn standing_official_for(&self, actor: &Actor, source: Source) -> Result<Vec<IssuedDocument>> {
        let (entity, id) = source.entity();
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT d.id FROM official_documents d JOIN official_document_records r ON r.document_id = d.id
              WHERE r.entity = $1 AND r.entity_id = $2 AND d.voided_at IS NULL ORDER BY d.id",
        )
        .bind(entity)
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            match self.official_document(actor, OfficialDocumentId(id)).await {
                Ok(d) => out.push(d),
                Err(StoreError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The file of a public document (a kind the core makes public, `Kind::public`, and not
    /// voided) for anyone, signed in or not; any other document is not found.
    pub async fn public_official_file(&self, id: OfficialDocumentId) -> Result<(IssuedDocument, Vec<u8>)> {
        let d = match self.official_row(id).await {
            Ok(d) if d.kind.public() && !d.is_void() => d,
            Ok(_) | Err(StoreError::NotFound(_)) => return Err(StoreError::NotFound("该公告")),
            Err(e) => return Err(e),
        };
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT data FROM files WHERE hash = $1")
            .bind(&d.file_hash)
            .fetch_one(self.pool())
            .await?;
        Ok((d, bytes))
    }

    /// Issues a document: checks the template names its signatory, takes the register's next
    /// number, renders the file with it (`render` gets the number as printed, e.g.
    /// `示人常办〔2026〕12号`), keeps the file, the document and its records, and audits it — one
    /// transaction. Refused when the same document stands already.
    pub async fn issue_official<F>(&self, actor: &Actor, issue: Issue, render: F) -> Result<IssuedDocument>
    where
        F: FnOnce(&renda_core::official::Template, &str) -> std::result::Result<Vec<u8>, String>,
    {
        self.check_official(actor, Action::Create, issue.congress, issue.unit).await?;
        official::check_sources(issue.sources.len())?;
        let template = self.template_of(issue.congress, issue.kind).await?;
        template.check_issue()?;
        let mut key = subject_key(issue.unit, &issue.addressee, &issue.sources);
        if issue.kind.once_a_day() {
            key.push_str(&format!(";on:{}", self.today()));
        }
        let year_short = self.today().year();
        let year = i64::from(year_short);
        let mut w = self.begin_write(Chain::Congress(issue.congress), actor.user).await?;
        let standing: Option<String> = sqlx::query_scalar(
            "SELECT number FROM official_documents WHERE congress_id = $1 AND kind = $2 AND subject_key = $3 AND voided_at IS NULL",
        )
        .bind(issue.congress.0)
        .bind(issue.kind.code())
        .bind(&key)
        .fetch_optional(w.conn())
        .await?;
        official::check_not_standing(standing.as_deref())?;
        let taken: Vec<i64> =
            sqlx::query_scalar("SELECT seq FROM official_documents WHERE congress_id = $1 AND code = $2 AND year = $3")
                .bind(issue.congress.0)
                .bind(&template.code)
                .bind(year)
                .fetch_all(w.conn())
                .await?;
        let seq = next_number(taken.into_iter().map(|s| u32::try_from(s).unwrap_or(0)));
        let number = renda_core::official::number(&template.code, year_short, seq);
        let bytes = render(&template, &number).map_err(StoreError::Internal)?;
        let at = w.at().to_owned();
        let hash = crate::files::save_generated(w.conn(), &bytes, crate::files::DOCX_MIME, &at).await?;
        let filename = format!("{}（{}）.docx", issue.filename, number);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO official_documents (congress_id, kind, year, seq, number, title, unit_id, addressee, subject_key,
                                             file_hash, filename, issued_by, issued_at, code)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(issue.congress.0)
        .bind(issue.kind.code())
        .bind(year)
        .bind(i64::from(seq))
        .bind(&number)
        .bind(&issue.title)
        .bind(issue.unit.map(|u| u.0))
        .bind(&issue.addressee)
        .bind(&key)
        .bind(&hash)
        .bind(&filename)
        .bind(actor.user.map(|u| u.0))
        .bind(&at)
        .bind(&template.code)
        .fetch_one(w.conn())
        .await
        .map_err(|e| match e.as_database_error() {
            // Unique-violation mapping: another clerk's issue of the same document committed.
            Some(d) if d.is_unique_violation() => official::already_issued("刚刚已由他人签发").into(),
            _ => StoreError::Db(e),
        })?;
        for s in &issue.sources {
            let (entity, entity_id) = s.entity();
            sqlx::query("INSERT INTO official_document_records (document_id, entity, entity_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(entity)
                .bind(entity_id)
                .execute(w.conn())
                .await?;
        }
        let after = serde_json::json!({
            "kind": issue.kind.code(), "number": number, "title": issue.title, "addressee": issue.addressee,
            "unit": issue.unit.map(|u| u.0), "records": key, "file": hash,
        });
        let id = OfficialDocumentId(id);
        w.record_event(&Event::OfficialIssued { id }, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        self.official_row(id).await
    }

    pub(crate) async fn official_row(&self, id: OfficialDocumentId) -> Result<IssuedDocument> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM official_documents WHERE id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("公文"))?;
        from_row(&row)
    }

    /// One issued document, if `actor` may read it (else not found).
    pub async fn official_document(&self, actor: &Actor, id: OfficialDocumentId) -> Result<IssuedDocument> {
        let d = self.official_row(id).await?;
        let path = self.congress_path(d.congress).await?;
        let units = d.target_units();
        let target = Target { congress_path: &path, units: &units, ..Target::default() };
        if decide(actor.role, Action::View, Resource::OfficialDocument, &target).is_err() {
            return Err(StoreError::NotFound("公文"));
        }
        Ok(d)
    }

    /// The issued file of a document `actor` may read.
    pub async fn official_document_file(
        &self,
        actor: &Actor,
        id: OfficialDocumentId,
    ) -> Result<(IssuedDocument, Vec<u8>)> {
        let d = self.official_document(actor, id).await?;
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT data FROM files WHERE hash = $1")
            .bind(&d.file_hash)
            .fetch_one(self.pool())
            .await?;
        Ok((d, bytes))
    }

    /// The documents `actor` may read, newest first: of one congress's register, addressed to
    /// one unit, or made from one record (any that apply narrow the list).
    pub async fn official_documents(&self, actor: &Actor, filter: &OfficialFilter) -> Result<Vec<IssuedDocument>> {
        let mut sql = format!("SELECT {COLUMNS} FROM official_documents d WHERE 1 = 1");
        let mut binds: Vec<i64> = Vec::new();
        let mut text: Option<String> = None;
        if let Some(c) = filter.congress {
            binds.push(c.0);
            sql.push_str(&format!(" AND d.congress_id = ${}", binds.len()));
        }
        if let Some(u) = filter.unit {
            binds.push(u.0);
            sql.push_str(&format!(" AND d.unit_id = ${}", binds.len()));
        }
        if let Some(s) = filter.source {
            let (entity, id) = s.entity();
            binds.push(id);
            let n = binds.len();
            text = Some(entity.to_string());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM official_document_records r WHERE r.document_id = d.id
                   AND r.entity_id = ${n} AND r.entity = ${})",
                n + 1
            ));
        }
        sql.push_str(" ORDER BY d.issued_at DESC, d.id DESC LIMIT 500");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(*b);
        }
        if let Some(t) = &text {
            q = q.bind(t.clone());
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut paths: std::collections::HashMap<OrgId, Vec<OrgId>> = std::collections::HashMap::new();
        for r in &rows {
            let d = from_row(r)?;
            if let std::collections::hash_map::Entry::Vacant(e) = paths.entry(d.congress) {
                e.insert(self.congress_path(d.congress).await?);
            }
            let units = d.target_units();
            let target = Target { congress_path: &paths[&d.congress], units: &units, ..Target::default() };
            if decide(actor.role, Action::View, Resource::OfficialDocument, &target).is_ok() {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Voids an issued document: it keeps its number, marked 作废 with the reason, and the same
    /// document may be issued again (under a new number).
    pub async fn void_official(&self, actor: &Actor, id: OfficialDocumentId, reason: &str) -> Result<IssuedDocument> {
        let d = self.official_row(id).await?;
        self.check_official(actor, Action::Edit, d.congress, d.unit).await?;
        let reason = official::check_void(d.is_void(), reason)?;
        let mut w = self.begin_write(Chain::Congress(d.congress), actor.user).await?;
        if !void_in(&mut w, id, &d.number, &reason).await? {
            // Race: another clerk voided it since it was read.
            return Err(renda_core::Refusal::of(ErrorCode::DocumentVoided).into());
        }
        w.commit().await?;
        self.official_row(id).await
    }
}

/// Which documents a list shows (see [`Store::official_documents`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct OfficialFilter {
    pub congress: Option<OrgId>,
    pub unit: Option<OrgId>,
    pub source: Option<Source>,
}
