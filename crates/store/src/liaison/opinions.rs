//! Citizens' opinions (群众意见) in the store: received online at a liaison station's page or
//! recorded by staff at a reception, followed by the citizen with a receipt code, sorted by
//! staff, answered by units, fed back and rated.
//!
//! Every change is the core's `liaison::opinion::transition` applied in one `WriteTx` on the
//! station's congress chain. The public form is rate-limited per address; the citizen's name
//! and phone never reach the audit trail.

use crate::Page;
use crate::audit::Chain;
use crate::suggestions::SuggestionId;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::event::Event;
pub use renda_core::ids::OpinionId;
use renda_core::ids::OrgId;
use renda_core::liaison::Refusal;
use renda_core::liaison::form::PublicOpinion;
use renda_core::liaison::opinion::{self, Channel, Command, Facts, OpinionState};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The most opinions one address may leave through the public form in an hour.
pub const PUBLIC_PER_HOUR: i64 = 5;

/// An opinion with what the pages show. `name` and `phone` are personal data: show them only
/// to staff of `congress`.
#[derive(Clone, Debug, Serialize)]
pub struct OpinionRow {
    pub id: OpinionId,
    pub congress: OrgId,
    pub station: OrgId,
    pub station_name: String,
    pub facts: Facts,
    pub title: Option<String>,
    pub content: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    /// The answer given on the spot or by the unit.
    pub answer: Option<String>,
    /// A rejection's note or a unit's reason for returning it.
    pub note: Option<String>,
    pub rating_comment: Option<String>,
    pub unit_name: Option<String>,
    pub created_at: jiff::Timestamp,
}

impl OpinionRow {
    pub fn state_label(&self) -> &'static str {
        self.facts.state.label()
    }

    /// Where the record sits, for the policy.
    fn target<'a>(&'a self, path: &'a [OrgId], units: &'a [OrgId]) -> Target<'a> {
        Target { congress_path: path, units, persons: &[], public: false }
    }
}

/// What a command brings besides the core's payload: the texts the rules only require.
#[derive(Clone, Debug, Default)]
pub struct OpinionTexts {
    pub answer: Option<String>,
    pub note: Option<String>,
    pub rating_comment: Option<String>,
}

/// Which opinions a list holds.
#[derive(Clone, Debug, Default)]
pub struct OpinionFilter {
    /// Scope: opinions of these congresses (staff).
    pub congresses: Vec<OrgId>,
    /// Or: opinions forwarded to this unit.
    pub unit: Option<OrgId>,
    pub states: Vec<OpinionState>,
    /// Only opinions forwarded to a unit whose due date is before this day (the overdue board).
    pub overdue_on: Option<Date>,
    /// 0-based.
    pub page: i64,
    pub per_page: i64,
}

const COLUMNS: &str = "o.id, o.congress_id, o.station_id, s.name AS station_name, o.facts, o.title, o.content, o.name, \
     o.phone, o.consent, o.answer, o.note, o.rating_comment, u.name AS unit_name, o.created_at";
const FROM: &str =
    "FROM opinions o JOIN organisations s ON s.id = o.station_id LEFT JOIN organisations u ON u.id = o.unit_id";

fn row_from(r: &AnyRow) -> Result<OpinionRow> {
    let facts: String = r.try_get("facts")?;
    Ok(OpinionRow {
        id: OpinionId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        station: OrgId(r.try_get("station_id")?),
        station_name: r.try_get("station_name")?,
        facts: serde_json::from_str(&facts).map_err(|e| StoreError::Internal(format!("opinion facts: {e}")))?,
        title: r.try_get("title")?,
        content: r.try_get("content")?,
        name: r.try_get("name")?,
        phone: r.try_get("phone")?,
        consent: r.try_get::<i64, _>("consent")? != 0,
        answer: r.try_get("answer")?,
        note: r.try_get("note")?,
        rating_comment: r.try_get("rating_comment")?,
        unit_name: r.try_get("unit_name")?,
        created_at: crate::columns::instant(r, "created_at")?,
    })
}

fn facts_json(f: &Facts) -> Result<String> {
    serde_json::to_string(f).map_err(|e| StoreError::Internal(format!("opinion facts: {e}")))
}

/// The audit view of an opinion's facts: never the citizen's name, phone or text.
fn audit_view(f: &Facts) -> serde_json::Value {
    serde_json::json!({ "state": f.state.code(), "facts": f })
}

impl Store {
    /// Receives an opinion at `station`: online from the public form (rate-limited per
    /// address), or recorded by staff of the station's congress at a reception. Returns the
    /// opinion and the receipt code the citizen follows it with.
    pub async fn submit_opinion(
        &self,
        actor: &Actor,
        station: OrgId,
        channel: Channel,
        form: &PublicOpinion,
        client_addr: &str,
        today: Date,
    ) -> Result<(OpinionId, ReceiptCode)> {
        self.receive_opinion(actor, station, channel, form, client_addr, today, None).await
    }

    /// [`Store::submit_opinion`], and for one recorded at a reception, the reception it was
    /// received at (the caller has checked it is this station's).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn receive_opinion(
        &self,
        actor: &Actor,
        station: OrgId,
        channel: Channel,
        form: &PublicOpinion,
        client_addr: &str,
        today: Date,
        reception: Option<i64>,
    ) -> Result<(OpinionId, ReceiptCode)> {
        let org = self.org(station).await?;
        if org.kind != OrgKind::LiaisonStation {
            return Err(StoreError::NotFound("该联络站"));
        }
        let congress = org.parent.ok_or(StoreError::NotFound("该联络站"))?;
        if channel == Channel::Reception {
            let path = self.congress_path(congress).await?;
            decide(
                actor.role,
                Action::Create,
                Resource::Opinion,
                &Target { congress_path: &path, ..Target::default() },
            )?;
        }
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        if channel == Channel::Online {
            let since = (self.clock().now() - jiff::SignedDuration::from_hours(1)).to_string();
            let recent: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM opinions WHERE client_addr = $1 AND created_at >= $2")
                    .bind(client_addr)
                    .bind(&since)
                    .fetch_one(w.conn())
                    .await?;
            if recent >= PUBLIC_PER_HOUR {
                return Err(StoreError::Refused(Refusal::new(
                    ErrorCode::TooManyOpinions,
                    format!("同一网络一小时内最多提交{PUBLIC_PER_HOUR}条意见，请稍后再试，或到联络站当面反映。"),
                )));
            }
        }
        let receipt = loop {
            let code = ReceiptCode::from_random(rand::random());
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM opinions WHERE receipt = $1")
                .bind(code.as_str())
                .fetch_one(w.conn())
                .await?;
            if taken == 0 {
                break code;
            }
        };
        let facts = Facts::received(channel, receipt, today);
        let now = self.now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO opinions (congress_id, station_id, receipt, channel, state, facts, title, content, name, phone,
                consent, client_addr, received_on, created_at, updated_at, reception_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id",
        )
        .bind(congress.0)
        .bind(station.0)
        .bind(receipt.as_str())
        .bind(channel.code())
        .bind(facts.state.code())
        .bind(facts_json(&facts)?)
        .bind(form.title.as_deref())
        .bind(&form.content)
        .bind(form.name.as_deref())
        .bind(form.phone.as_ref().map(|p| p.to_string()))
        .bind(i64::from(form.consent_to_publish))
        .bind(client_addr)
        .bind(today.to_string())
        .bind(&now)
        .bind(reception)
        .fetch_one(w.conn())
        .await?;
        let after = serde_json::json!({ "station": station, "channel": channel.code(), "receipt": receipt.as_str(),
            "consent": form.consent_to_publish, "state": facts.state.code(), "reception": reception });
        w.record_event(&Event::OpinionSubmitted { id: OpinionId(id) }, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok((OpinionId(id), receipt))
    }

    /// One opinion, for staff of its congress and above and the unit it is forwarded to; for
    /// anyone else it does not exist.
    pub async fn opinion(&self, actor: &Actor, id: OpinionId) -> Result<OpinionRow> {
        let o = self.opinion_unchecked(id).await?;
        self.check_can_view_opinion(&o, actor.role).await?;
        Ok(o)
    }

    /// One opinion, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn opinion_unchecked(&self, id: OpinionId) -> Result<OpinionRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} {FROM} WHERE o.id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该意见"))?;
        row_from(&r)
    }

    /// The opinion a receipt code names, for the citizen holding it.
    pub async fn opinion_by_receipt(&self, code: ReceiptCode) -> Result<OpinionRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} {FROM} WHERE o.receipt = $1")))
            .bind(code.as_str())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该回执码对应的意见"))?;
        row_from(&r)
    }

    /// Staff of the opinion's congress and above, and the unit it is forwarded to, may read it;
    /// for anyone else it does not exist.
    async fn check_can_view_opinion(&self, o: &OpinionRow, role: Role) -> Result<()> {
        let path = self.congress_path(o.congress).await?;
        let units: Vec<OrgId> = o.facts.forwarded_to.into_iter().collect();
        decide(role, Action::View, Resource::Opinion, &o.target(&path, &units))
            .map_err(|_| StoreError::NotFound("该意见"))
    }

    /// Staff and units act on an opinion: the policy, then the core's transition, then the
    /// new facts and texts with one audit entry.
    pub async fn act_on_opinion(
        &self,
        actor: &Actor,
        id: OpinionId,
        cmd: &Command,
        texts: &OpinionTexts,
        today: Date,
    ) -> Result<OpinionRow> {
        let o = self.opinion_unchecked(id).await?;
        let path = self.congress_path(o.congress).await?;
        let units: Vec<OrgId> = o.facts.forwarded_to.into_iter().collect();
        decide(actor.role, Action::Edit, Resource::Opinion, &o.target(&path, &units))?;
        let who = match actor.role {
            Role::Unit { unit } => opinion::Standing::Unit(unit),
            Role::Staff { congress } if congress == o.congress => opinion::Standing::Staff,
            _ => {
                return Err(StoreError::Denied(renda_core::policy::Denied {
                    message: "只有本级人大工作人员或承办单位可以办理该意见。".into(),
                }));
            }
        };
        if let Command::Forward { unit, .. } = cmd {
            let u = self.org(*unit).await?;
            if !matches!(u.kind, OrgKind::Unit(_)) || u.parent != Some(o.congress) {
                return Err(renda_core::ValidationError::new("unit", "请选择本级人大的承办单位").into());
            }
        }
        if let Command::ConvertToSuggestion { suggestion } = cmd {
            let s = self.suggestion(actor, SuggestionId(suggestion.0)).await?;
            if s.row.congress != o.congress {
                return Err(renda_core::ValidationError::new("suggestion", "只能转为本级人大的代表建议").into());
            }
        }
        self.apply_opinion(actor, &o, who, cmd, texts, today).await
    }

    /// The citizen holding the receipt code rates the answer.
    pub async fn rate_opinion(
        &self,
        code: ReceiptCode,
        rating: renda_core::suggestion::Satisfaction,
        comment: &str,
        today: Date,
    ) -> Result<OpinionRow> {
        let o = self.opinion_by_receipt(code).await?;
        let cmd = Command::Rate { rating, comment: comment.trim().to_owned() };
        let texts = OpinionTexts { rating_comment: Some(comment.trim().to_owned()), ..Default::default() };
        let citizen = Actor { user: None, role: Role::Public };
        self.apply_opinion(&citizen, &o, opinion::Standing::Citizen(code), &cmd, &texts, today).await
    }

    async fn apply_opinion(
        &self,
        actor: &Actor,
        o: &OpinionRow,
        who: opinion::Standing,
        cmd: &Command,
        texts: &OpinionTexts,
        today: Date,
    ) -> Result<OpinionRow> {
        let next = opinion::transition(&o.facts, who, cmd, today).map_err(StoreError::Refused)?;
        for (field, text, limit) in
            [("answer", &texts.answer, 4000), ("note", &texts.note, 1000), ("comment", &texts.rating_comment, 500)]
        {
            if text.as_ref().is_some_and(|t| t.chars().count() > limit) {
                return Err(renda_core::ValidationError::new(field, format!("内容不能超过{limit}个字")).into());
            }
        }
        let answer = match cmd {
            Command::AnswerOnSpot { answer } | Command::UnitAnswer { answer } => Some(answer.trim().to_owned()),
            _ => texts.answer.clone(),
        };
        let note = match cmd {
            Command::Reject { note, .. } => Some(note.trim().to_owned()),
            Command::UnitReturn { reason } => Some(reason.trim().to_owned()),
            _ => texts.note.clone(),
        };
        let mut w = self.begin_write(Chain::Congress(o.congress), actor.user).await?;
        sqlx::query(
            "UPDATE opinions SET state = $2, facts = $3, answer = COALESCE($4, answer), note = COALESCE($5, note),
                rating_comment = COALESCE($6, rating_comment), unit_id = $7, due_on = $8, suggestion_id = $9, updated_at = $10
             WHERE id = $1",
        )
        .bind(o.id.0)
        .bind(next.state.code())
        .bind(facts_json(&next)?)
        .bind(answer)
        .bind(note)
        .bind(texts.rating_comment.clone().filter(|c| !c.is_empty()))
        .bind(next.forwarded_to.map(|u| u.0))
        .bind(next.due_on.map(|d| d.to_string()))
        .bind(next.suggestion.map(|s| s.0))
        .bind(self.now_text())
        .execute(w.conn())
        .await?;
        let action = format!(
            "opinion.{}",
            serde_json::to_value(cmd.kind()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        );
        w.record(&action, "opinion", o.id.0, Some(&audit_view(&o.facts)), Some(&audit_view(&next))).await?;
        w.commit().await?;
        self.opinion_unchecked(o.id).await
    }

    /// A page of opinions, newest first.
    pub async fn list_opinions(&self, f: &OpinionFilter) -> Result<Page<OpinionRow>> {
        let ints = |v: &[OrgId]| v.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let mut wh = Vec::new();
        match f.unit {
            Some(u) => wh.push(format!("o.unit_id = {}", u.0)),
            None if f.congresses.is_empty() => wh.push("1 = 0".into()),
            None => wh.push(format!("o.congress_id IN ({})", ints(&f.congresses))),
        }
        if !f.states.is_empty() {
            let list = f.states.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(",");
            wh.push(format!("o.state IN ({list})"));
        }
        if let Some(day) = f.overdue_on {
            // A `Date` prints as YYYY-MM-DD: safe to inline, and ordered like the stored text.
            wh.push(format!("o.state = 'forwarded' AND o.due_on < '{day}'"));
        }
        let wh = wh.join(" AND ");
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM opinions o WHERE {wh}")))
            .fetch_one(self.pool())
            .await?;
        let per_page = f.per_page.clamp(1, 200);
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} {FROM} WHERE {wh} ORDER BY o.id DESC LIMIT {per_page} OFFSET {}",
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

    /// The opinions a suggestion came from (the link back from the suggestion).
    pub async fn opinions_of_suggestion(&self, id: SuggestionId) -> Result<Vec<OpinionRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} {FROM} WHERE o.suggestion_id = $1 ORDER BY o.id"
        )))
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(row_from).collect()
    }
}
