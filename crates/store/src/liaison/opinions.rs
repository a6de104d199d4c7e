//! Citizens' opinions (群众意见) in the store: received online at a liaison station's page or
//! recorded by staff at a reception, followed by the citizen with a receipt code, sorted by
//! staff, answered by units, fed back and rated.
//!
//! Every change reads load → policy (`decide`) → the core's `liaison::opinion::transition` →
//! its [`Outcome`](opinion::Outcome) applied in one `WriteTx` on the station's congress chain
//! (the facts, then each effect's text column) → one audit entry. No rule lives here: who
//! handles the opinion, what a command may name, text bounds and the public form's flood limit
//! are the core's. Lists are scoped here from the actor ([`Store::list_opinions`]). The
//! citizen's name and phone never reach the audit trail.

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
use renda_core::liaison::opinion::{self, Channel, Command, Effect, Facts, OpinionState};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role, Target, decide};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

pub use renda_core::liaison::opinion::PUBLIC_PER_HOUR;

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

/// Which opinions a list holds, within what the actor may list ([`Store::list_opinions`]).
#[derive(Clone, Debug, Default)]
pub struct OpinionFilter {
    /// Opinions of these congresses: narrows the actor's scope (empty: the whole scope).
    pub congresses: Vec<OrgId>,
    /// Only opinions forwarded to this unit (a unit's user: always its own).
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
        let congress = opinion::congress_of_station(org.kind, org.parent)?;
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
            opinion::check_flood(recent)?;
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

    /// Staff and units act on an opinion: the policy, who they are to it, what the command
    /// names as found here, then the core's transition, applied with one audit entry.
    pub async fn act_on_opinion(&self, actor: &Actor, id: OpinionId, cmd: &Command, today: Date) -> Result<OpinionRow> {
        let o = self.opinion_unchecked(id).await?;
        let path = self.congress_path(o.congress).await?;
        let units: Vec<OrgId> = o.facts.forwarded_to.into_iter().collect();
        decide(actor.role, Action::Edit, Resource::Opinion, &o.target(&path, &units))?;
        let who = opinion::handler(actor.role, o.congress, o.facts.forwarded_to)?;
        let mut cx = opinion::Context::new(o.congress, today);
        if let Command::Forward { unit, .. } = cmd {
            let u = self.org(*unit).await?;
            cx.unit =
                Some(opinion::UnitFound { id: u.id, is_unit: matches!(u.kind, OrgKind::Unit(_)), congress: u.parent });
        }
        if let Command::ConvertToSuggestion { suggestion } = cmd {
            let s = self.suggestion(actor, SuggestionId(suggestion.0)).await?;
            cx.suggestion = Some(opinion::SuggestionFound { id: *suggestion, congress: s.row.congress });
        }
        self.apply_opinion(actor, &o, who, cmd, &cx).await
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
        let cmd = Command::Rate { rating, comment: comment.to_owned() };
        let citizen = Actor { user: None, role: Role::Public };
        let cx = opinion::Context::new(o.congress, today);
        self.apply_opinion(&citizen, &o, opinion::Standing::Citizen(code), &cmd, &cx).await
    }

    /// The core's transition, then its outcome written with one audit entry.
    async fn apply_opinion(
        &self,
        actor: &Actor,
        o: &OpinionRow,
        who: opinion::Standing,
        cmd: &Command,
        cx: &opinion::Context,
    ) -> Result<OpinionRow> {
        let outcome = opinion::transition(&o.facts, who, cmd, cx)?;
        let next = &outcome.facts;
        let mut w = self.begin_write(Chain::Congress(o.congress), actor.user).await?;
        let now = w.at().to_owned();
        sqlx::query(
            "UPDATE opinions SET state = $2, facts = $3, unit_id = $4, due_on = $5, suggestion_id = $6, updated_at = $7
             WHERE id = $1",
        )
        .bind(o.id.0)
        .bind(next.state.code())
        .bind(facts_json(next)?)
        .bind(next.forwarded_to.map(|u| u.0))
        .bind(next.due_on.map(|d| d.to_string()))
        .bind(next.suggestion.map(|s| s.0))
        .bind(&now)
        .execute(w.conn())
        .await?;
        for effect in &outcome.effects {
            let (column, text) = match effect {
                Effect::SetAnswer { text } => ("answer", text),
                Effect::SetNote { text } => ("note", text),
                Effect::SetRatingComment { text } => ("rating_comment", text),
            };
            sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE opinions SET {column} = $2 WHERE id = $1")))
                .bind(o.id.0)
                .bind(text)
                .execute(w.conn())
                .await?;
        }
        w.record(&cmd.kind().action(), "opinion", o.id.0, Some(&audit_view(&o.facts)), Some(&audit_view(next))).await?;
        w.commit().await?;
        self.opinion_unchecked(o.id).await
    }

    /// A page of the opinions `actor` may open, newest first: the admin's every congress, the
    /// staff's own congress and those below, a unit's those forwarded to it. Deputies and the
    /// public list none (they follow an opinion by its receipt code). `f.congresses` narrows
    /// the scope; an empty one is the whole scope.
    pub async fn list_opinions(&self, actor: &Actor, f: &OpinionFilter) -> Result<Page<OpinionRow>> {
        let ints = |v: &[OrgId]| v.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(",");
        let mut wh = Vec::new();
        match actor.role {
            Role::Admin | Role::Staff { .. } => {
                let scope = self.listable_congresses(actor).await?;
                let congresses: Vec<OrgId> = if f.congresses.is_empty() {
                    scope
                } else {
                    f.congresses.iter().copied().filter(|c| scope.contains(c)).collect()
                };
                if congresses.is_empty() {
                    wh.push("1 = 0".to_owned());
                } else {
                    wh.push(format!("o.congress_id IN ({})", ints(&congresses)));
                }
                if let Some(u) = f.unit {
                    wh.push(format!("o.unit_id = {}", u.0));
                }
            }
            Role::Unit { unit } => {
                wh.push(format!("o.unit_id = {}", unit.0));
                if f.unit.is_some_and(|u| u != unit) {
                    wh.push("1 = 0".to_owned());
                }
                if !f.congresses.is_empty() {
                    wh.push(format!("o.congress_id IN ({})", ints(&f.congresses)));
                }
            }
            Role::Deputy { .. } | Role::Public => return Err(StoreError::Refused(Refusal::of(ErrorCode::Forbidden))),
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
