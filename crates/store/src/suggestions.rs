//! Deputies' suggestions in the store: creating drafts, applying the core's transition
//! function with everything a command brings along (units assigned, a contact, a reply, a
//! rating), the lists each role works from, and the holiday calendar deadlines count on.
//!
//! Every command is one [`Store::act`]: load the suggestion and what the rules need, check the
//! policy, ask the core who the user is to it (`suggestion::party_of`) and what the command does
//! (`suggestion::transition`), then write the outcome — each effect's rows (`effects`), the new
//! facts and one audit entry — in one transaction on the congress's chain. No rule lives here.

use crate::Page;
use crate::audit::Chain;
use crate::columns;
use crate::files::{MAX_FILES, Upload};
use crate::{Actor, Result, Store, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use renda_core::calendar::{DayKind, HolidayCalendar};
use renda_core::event::{AttachedFile, Event, SuggestionChange, SuggestionWrite};

use renda_core::ErrorCode;
pub use renda_core::ids::SuggestionId;
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::{Action, Resource, Role, Target, decide};
use renda_core::suggestion::{
    self, Assignment, ClassScheme, Command, CommandKind, Context, Facts, Party, Refusal, ReplyClass, Satisfaction,
    Settings, Signature, Standing, SuggestionState, UnitChoice,
};
pub use renda_core::suggestion::{ContactWay, Extra};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

mod effects;

impl Store {
    /// A file attached to a reply of this suggestion, for `role`: (file name, type, bytes). Only
    /// those who may open the suggestion get it; a published reply does not make its documents
    /// public (the public reply lists none of them).
    pub async fn reply_file(&self, role: Role, id: SuggestionId, hash: &str) -> Result<(String, String, Vec<u8>)> {
        Self::check_can_view(&self.suggestion_for_system(id).await?, role)?;
        let row: Option<(String, String, Vec<u8>)> = sqlx::query_as(
            "SELECT rf.filename, f.mime, f.data FROM reply_files rf JOIN files f ON f.hash = rf.hash
             JOIN suggestion_replies r ON r.id = rf.reply_id WHERE r.suggestion_id = $1 AND rf.hash = $2 LIMIT 1",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_optional(self.pool())
        .await?;
        row.ok_or(StoreError::NotFound("该文件"))
    }
}

/// When a suggestion was made: during the congress's session or between sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Session,
    Recess,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Session => "session",
            Period::Recess => "recess",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "session" => Some(Period::Session),
            "recess" => Some(Period::Recess),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Session => "大会期间",
            Period::Recess => "闭会期间",
        }
    }
}

/// A new draft.
#[derive(Clone, Debug, Serialize)]
pub struct NewSuggestion {
    pub congress: OrgId,
    pub title: String,
    pub body: String,
    pub period: Period,
    /// 议案转建议: a motion that did not qualify, entered by staff.
    pub from_motion: bool,
    pub cosigners: Vec<PersonId>,
}

/// One suggestion as lists show it.
#[derive(Clone, Debug, Serialize)]
pub struct SuggestionRow {
    pub id: SuggestionId,
    pub congress: OrgId,
    pub congress_name: String,
    pub year: i64,
    pub number: Option<i64>,
    pub title: String,
    pub period: Period,
    pub from_motion: bool,
    pub lead: PersonId,
    pub lead_name: String,
    pub facts: Facts,
    pub publish_reply: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl SuggestionRow {
    /// 2025年第12号, or 未编号 before registration.
    pub fn number_label(&self) -> String {
        match self.number {
            Some(n) => format!("{}年第{n}号", self.year),
            None => "未编号".into(),
        }
    }

    pub fn state_label(&self) -> &'static str {
        self.facts.state.label()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Signer {
    pub person: PersonId,
    pub name: String,
    pub lead: bool,
    pub confirmed_at: Option<Timestamp>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AssignedUnit {
    pub unit: OrgId,
    pub name: String,
    pub main: bool,
    pub assigned_on: Date,
    pub view_text: Option<String>,
    pub view_at: Option<Timestamp>,
    /// Staff decided the 主办 need not wait for this 会办 view: when, and why.
    pub view_waived_at: Option<Timestamp>,
    pub view_waiver: Option<String>,
}

impl AssignedUnit {
    /// A 会办 unit gives its written view to the 主办 within one month of assignment
    /// (DOMAIN.md step 3); `None` for the 主办.
    pub fn view_due(&self) -> Option<Date> {
        if self.main {
            return None;
        }
        Some(renda_core::calendar::add_months(self.assigned_on, 1))
    }

    /// A 会办 unit whose view the 主办 still waits for (neither sent nor waived).
    pub fn view_awaited(&self) -> bool {
        !self.main && self.view_at.is_none() && self.view_waived_at.is_none()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ContactRow {
    pub unit_name: String,
    pub on_date: Date,
    pub way: ContactWay,
    pub summary: String,
}

impl ContactRow {
    pub fn way_label(&self) -> &'static str {
        self.way.label()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ReplyRow {
    pub id: i64,
    /// Attached documents: (hash, file name, size in bytes).
    pub files: Vec<(String, String, i64)>,
    pub round: i64,
    pub unit_name: String,
    pub class: ReplyClass,
    pub body: String,
    pub signer: String,
    pub replied_on: Date,
}

impl ReplyRow {
    pub fn class_label(&self, scheme: ClassScheme) -> &'static str {
        self.class.label(scheme)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct RatingRow {
    pub round: i64,
    pub attitude: Satisfaction,
    pub result: Satisfaction,
    pub reason: String,
    pub rated_at: Timestamp,
}

impl RatingRow {
    pub fn attitude_label(&self) -> &'static str {
        self.attitude.label()
    }

    pub fn result_label(&self) -> &'static str {
        self.result.label()
    }
}

/// Everything about one suggestion.
#[derive(Clone, Debug, Serialize)]
pub struct SuggestionDetail {
    pub row: SuggestionRow,
    pub body: String,
    pub signers: Vec<Signer>,
    pub units: Vec<AssignedUnit>,
    pub contacts: Vec<ContactRow>,
    pub replies: Vec<ReplyRow>,
    pub ratings: Vec<RatingRow>,
    /// The congress and those above it, for the policy.
    pub congress_path: Vec<OrgId>,
}

impl SuggestionDetail {
    pub fn unit_ids(&self) -> Vec<OrgId> {
        self.units.iter().map(|u| u.unit).collect()
    }

    pub fn signer_ids(&self) -> Vec<PersonId> {
        self.signers.iter().map(|s| s.person).collect()
    }

    /// Published to everyone: a reply the lead deputy agreed to publish.
    pub fn is_public(&self) -> bool {
        self.row.publish_reply && !self.replies.is_empty()
    }

    /// Who `role` is to this suggestion in the core's terms ([`suggestion::party_of`]), if
    /// anyone: its signers, the staff of its own congress, its units.
    pub fn party_of(&self, role: Role) -> Option<Party> {
        let signatures: Vec<Signature> = self
            .signers
            .iter()
            .map(|s| Signature { person: s.person, lead: s.lead, confirmed: s.confirmed_at.is_some() })
            .collect();
        let units: Vec<Assignment> = self
            .units
            .iter()
            .map(|u| Assignment { unit: u.unit, main: u.main, view_awaited: u.view_awaited() })
            .collect();
        suggestion::party_of(role, self.row.congress, &signatures, &units)
    }

    /// How `role` stands to this suggestion, if at all.
    pub fn standing_of(&self, role: Role) -> Option<Standing> {
        self.party_of(role).map(|p| p.standing)
    }
}

/// How a user may read one suggestion ([`Store::suggestion_reading`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The handling record: its parties.
    Record,
    /// Only the published reply (`/replies/{id}`): everyone else.
    PublicReply,
}

/// What a user may list ([`Store::suggestion_scope`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SuggestionScope {
    pub congresses: Vec<OrgId>,
    /// Only those this deputy signed.
    pub person: Option<PersonId>,
    /// Only those assigned to this unit.
    pub unit: Option<OrgId>,
}

/// The lists' filter, within what the user may list ([`Store::suggestion_scope`]): every field
/// narrows it; `congresses` empty is every congress in the scope.
#[derive(Clone, Debug, Default)]
pub struct SuggestionFilter {
    pub congresses: Vec<OrgId>,
    /// Only those this person signed (a deputy's own).
    pub person: Option<PersonId>,
    /// Only those assigned to this unit.
    pub unit: Option<OrgId>,
    pub states: Vec<SuggestionState>,
    pub key_only: bool,
    /// Only those under this key-supervision topic.
    pub topic: Option<String>,
    /// Only those whose reply the lead deputy agreed to publish (the public's view).
    pub published_only: bool,
    /// With `unit`: only those it leads (主办), not those it assists.
    pub main_unit_only: bool,
    /// Only those near due or overdue, as the core's windows say.
    pub due: Option<Due>,
    /// Only these (a selection on a list); empty: no such narrowing.
    pub ids: Vec<SuggestionId>,
    pub text: Option<String>,
    pub year: Option<i64>,
    pub page: i64,
    pub per_page: i64,
}

/// The deadline windows a list narrows to. Both are the core's
/// (`suggestion::timeliness`): a unit has the suggestion and its due date is before today
/// (overdue), or from today to the congress's `near_due_days` on (near due).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Near,
    Overdue,
}

impl Due {
    pub fn code(self) -> &'static str {
        match self {
            Due::Near => "near",
            Due::Overdue => "overdue",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "near" => Some(Due::Near),
            "overdue" => Some(Due::Overdue),
            _ => None,
        }
    }
}

/// The states in which a unit has a suggestion and a reply deadline runs, as SQL.
fn with_unit_states() -> String {
    SuggestionState::ALL
        .iter()
        .filter(|s| s.is_with_unit())
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// The columns of a suggestion in a list (public for `bench/web`, which runs the list's SELECT raw).
pub const ROW_COLUMNS: &str = "s.id, s.congress_id, o.name AS congress_name, s.year, s.number, s.title, s.period, s.from_motion,
    s.lead_person_id, p.name AS lead_name, s.state, s.pending_cosigners, s.cosigners, s.assigned_on, s.due_on, s.complex,
    s.contacts, s.reply_class, s.attitude, s.result, s.return_requested, s.extension_requested, s.key_topic, s.rehandled,
    s.follow_up_fulfilled, s.publish_reply, s.created_at, s.updated_at, (SELECT COUNT(*) FROM suggestion_units vu
        WHERE vu.suggestion_id = s.id AND vu.role = 'assisting' AND vu.view_at IS NULL AND vu.view_waived_at IS NULL)
        AS views_pending";
/// The tables of a suggestion in a list (public for `bench/web`).
pub const ROW_FROM: &str =
    "FROM suggestions s JOIN organisations o ON o.id = s.congress_id JOIN persons p ON p.id = s.lead_person_id";

fn bool_col(r: &AnyRow, col: &str) -> Result<bool> {
    Ok(r.try_get::<i64, _>(col)? != 0)
}

fn row_from(r: &AnyRow) -> Result<SuggestionRow> {
    let state: String = r.try_get("state")?;
    let bad = |what: &str, v: &str| StoreError::Internal(format!("bad {what} {v}"));
    let sat = |col: &str| -> Result<Option<Satisfaction>> {
        let v: Option<String> = r.try_get(col)?;
        v.map(|s| Satisfaction::from_code(&s).ok_or_else(|| bad(col, &s))).transpose()
    };
    let class: Option<String> = r.try_get("reply_class")?;
    let period: String = r.try_get("period")?;
    let facts = Facts {
        state: SuggestionState::from_code(&state).ok_or_else(|| bad("state", &state))?,
        pending_cosigners: r.try_get::<i64, _>("pending_cosigners")? as u32,
        cosigners: r.try_get::<i64, _>("cosigners")? as u32,
        assigned_on: columns::opt_date(r, "assigned_on")?,
        due_on: columns::opt_date(r, "due_on")?,
        complex: bool_col(r, "complex")?,
        contacts: r.try_get::<i64, _>("contacts")? as u32,
        reply_class: class.map(|c| ReplyClass::from_code(&c).ok_or_else(|| bad("class", &c))).transpose()?,
        attitude: sat("attitude")?,
        result: sat("result")?,
        return_requested: bool_col(r, "return_requested")?,
        extension_requested: bool_col(r, "extension_requested")?,
        key_topic: r.try_get("key_topic")?,
        rehandled: r.try_get::<i64, _>("rehandled")? as u32,
        follow_up_fulfilled: r.try_get::<Option<i64>, _>("follow_up_fulfilled")?.map(|v| v != 0),
        views_pending: r.try_get::<i64, _>("views_pending")? as u32,
        registered_on: None,
        reminded_on: None,
    };
    Ok(SuggestionRow {
        id: SuggestionId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        congress_name: r.try_get("congress_name")?,
        year: r.try_get("year")?,
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        period: Period::from_code(&period).ok_or_else(|| bad("period", &period))?,
        from_motion: bool_col(r, "from_motion")?,
        lead: PersonId(r.try_get("lead_person_id")?),
        lead_name: r.try_get("lead_name")?,
        facts,
        publish_reply: bool_col(r, "publish_reply")?,
        created_at: columns::instant(r, "created_at")?,
        updated_at: columns::instant(r, "updated_at")?,
    })
}

/// The audit entry's "before" of a command: the facts it found, and whatever an effect
/// replaced that the facts do not hold (a draft's text, the publication choice).
#[derive(Serialize)]
struct Before<'a> {
    #[serde(flatten)]
    facts: &'a Facts,
    #[serde(flatten)]
    replaced: serde_json::Map<String, serde_json::Value>,
}

async fn write_facts(conn: &mut AnyConnection, now: &str, id: SuggestionId, f: &Facts) -> Result<()> {
    sqlx::query(
        "UPDATE suggestions SET state = $2, pending_cosigners = $3, cosigners = $4, assigned_on = $5, due_on = $6,
            complex = $7, contacts = $8, reply_class = $9, attitude = $10, result = $11, return_requested = $12,
            extension_requested = $13, key_topic = $14, rehandled = $15, follow_up_fulfilled = $16, updated_at = $17
         WHERE id = $1",
    )
    .bind(id.0)
    .bind(f.state.code())
    .bind(i64::from(f.pending_cosigners))
    .bind(i64::from(f.cosigners))
    .bind(f.assigned_on.map(|d| d.to_string()))
    .bind(f.due_on.map(|d| d.to_string()))
    .bind(i64::from(f.complex))
    .bind(i64::from(f.contacts))
    .bind(f.reply_class.map(ReplyClass::code))
    .bind(f.attitude.map(Satisfaction::code))
    .bind(f.result.map(Satisfaction::code))
    .bind(i64::from(f.return_requested))
    .bind(i64::from(f.extension_requested))
    .bind(f.key_topic.clone())
    .bind(i64::from(f.rehandled))
    .bind(f.follow_up_fulfilled.map(i64::from))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The suggestion settings of a congress (DOMAIN.md defaults when none are stored).
    pub async fn suggestion_settings(&self, congress: OrgId) -> Result<Settings> {
        let row: Option<(i64, i64, i64, i64, i64, i64, String)> = sqlx::query_as(
            "SELECT reply_months, complex_reply_months, max_months, rehandle_months, return_window_working_days,
                    near_due_days, class_scheme FROM suggestion_settings WHERE congress_id = $1",
        )
        .bind(congress.0)
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            None => Settings::default(),
            Some((reply, complex, max, rehandle, window, near, scheme)) => Settings {
                reply_months: reply as i32,
                complex_reply_months: complex as i32,
                max_months: max as i32,
                rehandle_months: rehandle as i32,
                return_window_working_days: window as u32,
                near_due_days: near as i32,
                class_scheme: if scheme == "jia_yi_bing" { ClassScheme::JiaYiBing } else { ClassScheme::Abcd },
            },
        })
    }

    /// Saves a congress's suggestion settings (staff of that congress, or the admin), audited.
    /// The law's numbers bound what a congress may choose: a reply within 1–6 months, never
    /// beyond 6 in total.
    pub async fn set_suggestion_settings(&self, actor: &Actor, congress: OrgId, new: Settings) -> Result<Settings> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        new.check()?;
        let before = self.suggestion_settings(congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM suggestion_settings WHERE congress_id = $1")
            .bind(congress.0)
            .execute(w.conn())
            .await?;
        sqlx::query(
            "INSERT INTO suggestion_settings (congress_id, reply_months, complex_reply_months, max_months, rehandle_months,
                return_window_working_days, near_due_days, class_scheme) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(congress.0)
        .bind(i64::from(new.reply_months))
        .bind(i64::from(new.complex_reply_months))
        .bind(i64::from(new.max_months))
        .bind(i64::from(new.rehandle_months))
        .bind(i64::from(new.return_window_working_days))
        .bind(i64::from(new.near_due_days))
        .bind(match new.class_scheme {
            ClassScheme::Abcd => "abcd",
            ClassScheme::JiaYiBing => "jia_yi_bing",
        })
        .execute(w.conn())
        .await?;
        w.record("suggestion_settings.update", "congress", congress, Some(&before), Some(&new)).await?;
        w.commit().await?;
        Ok(new)
    }

    /// The holiday calendar: the shipped 2024–2026 schedules with any imported days on top.
    pub async fn holiday_calendar(&self) -> Result<HolidayCalendar> {
        calendar_on(&mut *self.pool().acquire().await?).await
    }

    /// Stores the days of an imported calendar (replacing those dates), audited.
    pub async fn import_holidays(&self, actor: &Actor, cal: &HolidayCalendar) -> Result<usize> {
        decide(actor.role, Action::Edit, Resource::Congress, &Target::default())?;
        let mut w = self.begin_write(Chain::Global, actor.user).await?;
        let mut n = 0;
        for (day, kind) in cal.days() {
            let kind = match kind {
                DayKind::Holiday => "holiday",
                DayKind::AdjustedWorkday => "workday",
            };
            sqlx::query("DELETE FROM holiday_days WHERE day = $1").bind(day.to_string()).execute(w.conn()).await?;
            sqlx::query("INSERT INTO holiday_days (day, kind, name) VALUES ($1, $2, '')")
                .bind(day.to_string())
                .bind(kind)
                .execute(w.conn())
                .await?;
            n += 1;
        }
        w.record(
            "calendar.import",
            "holiday_days",
            n,
            None::<&()>,
            Some(&serde_json::json!({ "years": cal.years(), "days": n })),
        )
        .await?;
        w.commit().await?;
        Ok(n)
    }

    /// Creates a draft led by `lead`. A deputy drafts their own; staff of the congress may enter
    /// one for a deputy (a paper suggestion, or 议案转建议).
    pub async fn create_suggestion(
        &self,
        actor: &Actor,
        lead: PersonId,
        new: NewSuggestion,
        today: Date,
    ) -> Result<SuggestionId> {
        let path = self.congress_path(new.congress).await?;
        let target = Target { congress_path: &path, persons: &[lead], ..Target::default() };
        decide(actor.role, Action::Create, Resource::Suggestion, &target)?;
        let (title, body) = suggestion::check_draft(&new.title, &new.body)?;
        let cosigners = suggestion::cosigners_of(lead, &new.cosigners);
        let lead_sits = self.is_active_deputy(lead, new.congress, today).await?;
        let mut cosigners_sit = Vec::with_capacity(cosigners.len());
        for person in &cosigners {
            cosigners_sit.push(self.is_active_deputy(*person, new.congress, today).await?);
        }
        suggestion::check_signers_sitting(lead_sits, &cosigners_sit)?;
        let mut w = self.begin_write(Chain::Congress(new.congress), actor.user).await?;
        let now = self.now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO suggestions (congress_id, year, title, body, period, from_motion, lead_person_id, state,
                pending_cosigners, cosigners, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $8, $9, $9) RETURNING id",
        )
        .bind(new.congress.0)
        .bind(i64::from(today.year()))
        .bind(&title)
        .bind(&body)
        .bind(new.period.code())
        .bind(i64::from(new.from_motion))
        .bind(lead.0)
        .bind(cosigners.len() as i64)
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        sqlx::query(
            "INSERT INTO suggestion_signers (suggestion_id, person_id, role, confirmed_at) VALUES ($1, $2, 'lead', $3)",
        )
        .bind(id)
        .bind(lead.0)
        .bind(&now)
        .execute(w.conn())
        .await?;
        // Staff enter what deputies signed on paper: those signatures are confirmed already.
        let entered_by_staff = matches!(actor.role, Role::Staff { .. });
        for p in &cosigners {
            sqlx::query("INSERT INTO suggestion_signers (suggestion_id, person_id, role, confirmed_at) VALUES ($1, $2, 'cosigner', $3)")
                .bind(id)
                .bind(p.0)
                .bind(entered_by_staff.then(|| now.clone()))
                .execute(w.conn())
                .await?;
        }
        if entered_by_staff {
            sqlx::query("UPDATE suggestions SET pending_cosigners = 0 WHERE id = $1")
                .bind(id)
                .execute(w.conn())
                .await?;
        }
        let after = serde_json::json!({ "title": title, "congress": new.congress, "lead": lead, "cosigners": cosigners, "period": new.period, "from_motion": new.from_motion, "entered_by_staff": entered_by_staff });
        let created = Event::SuggestionWritten { id: SuggestionId(id), write: SuggestionWrite::Create };
        w.record_event(&created, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(SuggestionId(id))
    }

    async fn is_active_deputy(&self, person: PersonId, congress: OrgId, today: Date) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM deputyships WHERE person_id = $1 AND congress_id = $2 AND start_date <= $3
             AND (end_date IS NULL OR end_date > $3)",
        )
        .bind(person.0)
        .bind(congress.0)
        .bind(today.to_string())
        .fetch_one(self.pool())
        .await?;
        Ok(n > 0)
    }

    /// Every suggestion id, for rebuilding the search index.
    pub async fn suggestion_ids(&self) -> Result<Vec<SuggestionId>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM suggestions ORDER BY id").fetch_all(self.pool()).await?;
        Ok(ids.into_iter().map(SuggestionId).collect())
    }

    /// One suggestion and how `actor` may read it: its handling record (a party), or only its
    /// published reply (anyone else, once the lead agreed); neither, and it does not exist for
    /// them. One load answers the pages that send a non-party to the published reply.
    pub async fn suggestion_reading(&self, actor: &Actor, id: SuggestionId) -> Result<(SuggestionDetail, Reading)> {
        let d = self.suggestion_for_system(id).await?;
        match Self::check_can_view(&d, actor.role) {
            Ok(()) => Ok((d, Reading::Record)),
            Err(e) => {
                Self::check_can_read_public_reply(&d, actor.role).map_err(|_| e)?;
                Ok((d, Reading::PublicReply))
            }
        }
    }

    /// Everything about one suggestion — its handling record — if `actor` may open it (see
    /// [`Store::check_can_view`]); one it may not open does not exist for it.
    pub async fn suggestion(&self, actor: &Actor, id: SuggestionId) -> Result<SuggestionDetail> {
        let d = self.suggestion_for_system(id).await?;
        Self::check_can_view(&d, actor.role)?;
        Ok(d)
    }

    /// A suggestion whose reply `actor` may read on the portal (see
    /// [`Store::check_can_read_public_reply`]): the page shows its title, text and replies only.
    pub async fn public_reply(&self, actor: &Actor, id: SuggestionId) -> Result<SuggestionDetail> {
        let d = self.suggestion_for_system(id).await?;
        Self::check_can_read_public_reply(&d, actor.role)?;
        Ok(d)
    }

    /// Everything about one suggestion, for the platform's own work (the search index, the
    /// store's commands, which check the policy themselves): no permission check.
    pub async fn suggestion_for_system(&self, id: SuggestionId) -> Result<SuggestionDetail> {
        let sql = format!("SELECT {ROW_COLUMNS}, s.body {ROW_FROM} WHERE s.id = $1");
        let r = sqlx::query(AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该建议"))?;
        let row = row_from(&r)?;
        let body: String = r.try_get("body")?;
        let signers = sqlx::query(
            "SELECT g.person_id, p.name, g.role, g.confirmed_at FROM suggestion_signers g JOIN persons p ON p.id = g.person_id
             WHERE g.suggestion_id = $1 ORDER BY CASE g.role WHEN 'lead' THEN 0 ELSE 1 END, p.name",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(Signer {
                person: PersonId(r.try_get(0)?),
                name: r.try_get(1)?,
                lead: r.try_get::<String, _>(2)? == "lead",
                confirmed_at: columns::opt_instant(r, 3)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let units = sqlx::query(
            "SELECT u.unit_id, o.name, u.role, u.assigned_on, u.view_text, u.view_at, u.view_waived_at, u.view_waiver
             FROM suggestion_units u
             JOIN organisations o ON o.id = u.unit_id WHERE u.suggestion_id = $1 ORDER BY CASE u.role WHEN 'main' THEN 0 ELSE 1 END, o.name",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(AssignedUnit {
                unit: OrgId(r.try_get(0)?),
                name: r.try_get(1)?,
                main: r.try_get::<String, _>(2)? == "main",
                assigned_on: columns::date(r, 3)?,
                view_text: r.try_get(4)?,
                view_at: columns::opt_instant(r, 5)?,
                view_waived_at: columns::opt_instant(r, 6)?,
                view_waiver: r.try_get(7)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let contacts = sqlx::query(
            "SELECT o.name, c.on_date, c.way, c.summary FROM suggestion_contacts c JOIN organisations o ON o.id = c.unit_id
             WHERE c.suggestion_id = $1 ORDER BY c.on_date, c.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(ContactRow {
                unit_name: r.try_get(0)?,
                on_date: columns::date(r, 1)?,
                way: columns::code(r, 2, ContactWay::from_code)?,
                summary: r.try_get(3)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let replies = sqlx::query(
            "SELECT r.round, o.name, r.class, r.body, r.signer, r.replied_on, r.id FROM suggestion_replies r
             JOIN organisations o ON o.id = r.unit_id WHERE r.suggestion_id = $1 ORDER BY r.round, r.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(ReplyRow {
                id: r.try_get(6)?,
                files: Vec::new(),
                round: r.try_get(0)?,
                unit_name: r.try_get(1)?,
                class: columns::code(r, 2, ReplyClass::from_code)?,
                body: r.try_get(3)?,
                signer: r.try_get(4)?,
                replied_on: columns::date(r, 5)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let mut replies = replies;
        for reply in &mut replies {
            reply.files = sqlx::query_as(
                "SELECT f.hash, rf.filename, f.size FROM reply_files rf JOIN files f ON f.hash = rf.hash WHERE rf.reply_id = $1 ORDER BY rf.filename",
            )
            .bind(reply.id)
            .fetch_all(self.pool())
            .await?;
        }
        let ratings = sqlx::query(
            "SELECT round, attitude, result, reason, rated_at FROM suggestion_ratings WHERE suggestion_id = $1 ORDER BY round, id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(RatingRow {
                round: r.try_get(0)?,
                attitude: columns::code(r, 1, Satisfaction::from_code)?,
                result: columns::code(r, 2, Satisfaction::from_code)?,
                reason: r.try_get(3)?,
                rated_at: columns::instant(r, 4)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let congress_path = self.congress_path(row.congress).await?;
        Ok(SuggestionDetail { row, body, signers, units, contacts, replies, ratings, congress_path })
    }

    /// Checks that `role` may open this suggestion's handling record (everything in the
    /// [`SuggestionDetail`]: signers, units, contacts, 会办 opinions, replies with their
    /// documents, ratings, and its history); a suggestion it may not open does not exist for it.
    /// Only its parties may: its signers, the staff of its congress and those above, its units
    /// (and the admin). Publication does not widen this: see [`Store::check_can_read_public_reply`].
    pub fn check_can_view(detail: &SuggestionDetail, role: Role) -> Result<()> {
        Self::decide_view(detail, role, Resource::Suggestion)
    }

    /// Checks that `role` may read this suggestion's public reply — its title, text and replies
    /// as `/replies` shows them, and nothing else of the [`SuggestionDetail`] — which everyone
    /// may once the lead deputy agreed to publish a reply.
    pub fn check_can_read_public_reply(detail: &SuggestionDetail, role: Role) -> Result<()> {
        Self::decide_view(detail, role, Resource::PublicReply)
    }

    fn decide_view(detail: &SuggestionDetail, role: Role, resource: Resource) -> Result<()> {
        let units = detail.unit_ids();
        let persons = detail.signer_ids();
        let t = Target {
            congress_path: &detail.congress_path,
            units: &units,
            persons: &persons,
            public: detail.is_public(),
        };
        decide(role, Action::View, resource, &t).map_err(|_| StoreError::NotFound("该建议"))
    }

    /// The commands `role` may give now (the buttons to show).
    pub async fn permitted_commands(
        &self,
        detail: &SuggestionDetail,
        role: Role,
        today: Date,
    ) -> Result<Vec<CommandKind>> {
        let Some(standing) = detail.standing_of(role) else {
            return Ok(Vec::new());
        };
        let calendar = self.holiday_calendar().await?;
        let settings = self.suggestion_settings(detail.row.congress).await?;
        Ok(suggestion::permitted(
            &detail.row.facts,
            standing,
            &Context { today, calendar: &calendar, settings: &settings, units: &[] },
        ))
    }

    /// The Beijing day staff last registered a suggestion (立案), from the event log.
    async fn registered_on(&self, id: SuggestionId) -> Result<Option<Date>> {
        let at: Option<String> = sqlx::query_scalar(
            "SELECT MAX(at) FROM audit_log WHERE entity = 'suggestion' AND entity_id = $1 AND action = $2",
        )
        .bind(id.0.to_string())
        .bind(renda_core::event::suggestion_action(CommandKind::Register))
        .fetch_one(self.pool())
        .await?;
        Ok(at.as_deref().and_then(renda_core::clock::beijing_date_of))
    }

    /// The last day staff sent a reminder about a suggestion.
    async fn reminded_on(&self, id: SuggestionId) -> Result<Option<Date>> {
        let on: Option<String> =
            sqlx::query_scalar("SELECT MAX(on_date) FROM suggestion_reminders WHERE suggestion_id = $1")
                .bind(id.0)
                .fetch_one(self.pool())
                .await?;
        on.map(|d| d.parse::<Date>().map_err(|e| StoreError::Internal(format!("bad date {d}: {e}")))).transpose()
    }

    /// The units an assignment names, as the rules need to see them.
    async fn unit_choices(&self, extra: &Extra, congress: OrgId) -> Result<Vec<UnitChoice>> {
        let Extra::Assign { main, assisting } = extra else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for id in main.iter().chain(assisting) {
            let org = self.org(*id).await?;
            let closed: Option<String> = sqlx::query_scalar("SELECT closed_at FROM organisations WHERE id = $1")
                .bind(id.0)
                .fetch_one(self.pool())
                .await?;
            out.push(UnitChoice {
                id: *id,
                here: matches!(org.kind, renda_core::org::OrgKind::Unit(_)) && org.parent == Some(congress),
                closed: closed.is_some(),
                name: org.name.to_string(),
            });
        }
        Ok(out)
    }

    pub async fn act(
        &self,
        actor: &Actor,
        id: SuggestionId,
        cmd: &Command,
        extra: &Extra,
        today: Date,
    ) -> Result<Facts> {
        self.act_with_files(actor, id, cmd, extra, today, &[]).await
    }

    /// Gives one command, with what it brings (and, for a reply, its documents): the core's
    /// [`suggestion::transition`] decides, and this writes its outcome — the facts, each
    /// effect's rows and one audit entry — in one transaction on the congress's chain.
    pub async fn act_with_files(
        &self,
        actor: &Actor,
        id: SuggestionId,
        cmd: &Command,
        extra: &Extra,
        today: Date,
        files: &[Upload],
    ) -> Result<Facts> {
        suggestion::check_files(cmd.kind(), files.len(), MAX_FILES)?;
        let files = files.iter().map(Upload::check).collect::<Result<Vec<_>>>()?;
        let detail = self.suggestion(actor, id).await?;
        let units = detail.unit_ids();
        let persons = detail.signer_ids();
        let target = Target { congress_path: &detail.congress_path, units: &units, persons: &persons, public: false };
        decide(actor.role, Action::Edit, Resource::Suggestion, &target)?;
        let party = suggestion::require_party(detail.party_of(actor.role))?;
        let calendar = self.holiday_calendar().await?;
        let settings = self.suggestion_settings(detail.row.congress).await?;
        let choices = self.unit_choices(extra, detail.row.congress).await?;
        let cx = Context { today, calendar: &calendar, settings: &settings, units: &choices };
        let facts = Facts {
            registered_on: self.registered_on(id).await?,
            reminded_on: self.reminded_on(id).await?,
            ..detail.row.facts.clone()
        };
        let outcome = suggestion::transition(&facts, &party, cmd, extra, &cx)?;

        let mut w = self.begin_write(Chain::Congress(detail.row.congress), actor.user).await?;
        let mut replaced = serde_json::Map::new();
        for effect in &outcome.effects {
            effects::apply(&mut w, &detail, effect, &files, &mut replaced).await?;
        }
        if outcome.moves {
            let now = w.at().to_owned();
            write_facts(w.conn(), &now, id, &outcome.facts).await?;
        }
        let files = files
            .iter()
            .map(|f| AttachedFile { filename: f.filename.clone(), hash: f.hash.clone(), size: f.bytes.len() })
            .collect();
        let change =
            SuggestionChange { facts: outcome.facts.clone(), command: cmd.clone(), extra: outcome.extra, files };
        let event = Event::Suggestion { id, change: Box::new(change.clone()) };
        let before = Before { facts: &detail.row.facts, replaced };
        w.record_event(&event, Some(&before), Some(&change)).await?;
        w.commit().await?;
        Ok(outcome.facts)
    }

    /// What `actor` may list, as a filter's scope: the staff's congress and those below (the
    /// admin: every congress), a deputy's own in the congresses they sit in, a unit's
    /// assignments in its congress. The public lists no handling records: only the replies its
    /// leads agreed to publish (`published_only`), which everyone may read.
    pub async fn suggestion_scope(&self, actor: &Actor) -> Result<SuggestionScope> {
        Ok(match actor.role {
            Role::Admin | Role::Staff { .. } => {
                SuggestionScope { congresses: self.listable_congresses(actor).await?, person: None, unit: None }
            }
            Role::Deputy { person } => SuggestionScope {
                congresses: self.deputyships_of(person).await?.into_iter().map(|d| d.congress).collect(),
                person: Some(person),
                unit: None,
            },
            Role::Unit { unit } => SuggestionScope {
                congresses: self.org(unit).await?.parent.into_iter().collect(),
                person: None,
                unit: Some(unit),
            },
            Role::Public => return Err(StoreError::Refused(Refusal::of(ErrorCode::Forbidden))),
        })
    }

    /// `f` within what `actor` may list: its congresses narrow the scope's (none: all of them),
    /// a deputy's and a unit's own always apply. Published replies are everyone's to list.
    async fn scoped(&self, actor: &Actor, f: &SuggestionFilter) -> Result<SuggestionFilter> {
        if f.published_only {
            let mut f = f.clone();
            if f.congresses.is_empty() {
                f.congresses = self.congresses().await?.into_iter().map(|r| r.org.id).collect();
            }
            return Ok(f);
        }
        let scope = self.suggestion_scope(actor).await?;
        let congresses = if f.congresses.is_empty() {
            scope.congresses
        } else {
            f.congresses.iter().copied().filter(|c| scope.congresses.contains(c)).collect()
        };
        Ok(SuggestionFilter { congresses, person: scope.person.or(f.person), unit: scope.unit.or(f.unit), ..f.clone() })
    }

    /// The `WHERE` clause and its text binds for `f`: the one definition both the count and
    /// the page of [`Store::list_suggestions`] (and [`Store::count_suggestions`]) run.
    async fn filter_sql(&self, f: &SuggestionFilter, today: Date) -> Result<(String, Vec<String>)> {
        let ints = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let scope: Vec<i64> = f.congresses.iter().map(|c| c.0).collect();
        let mut wh = vec![format!("s.congress_id IN ({})", ints(&scope))];
        let mut binds: Vec<String> = Vec::new();
        if let Some(p) = f.person {
            wh.push(format!("s.id IN (SELECT suggestion_id FROM suggestion_signers WHERE person_id = {})", p.0));
        }
        if let Some(u) = f.unit {
            let role = if f.main_unit_only { " AND role = 'main'" } else { "" };
            wh.push(format!("s.id IN (SELECT suggestion_id FROM suggestion_units WHERE unit_id = {}{role})", u.0));
        }
        if !f.ids.is_empty() {
            wh.push(format!("s.id IN ({})", ints(&f.ids.iter().map(|i| i.0).collect::<Vec<_>>())));
        }
        if !f.states.is_empty() {
            let list = f.states.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(",");
            wh.push(format!("s.state IN ({list})"));
        }
        if f.key_only {
            wh.push("s.key_topic IS NOT NULL".into());
        }
        match f.due {
            None => {}
            Some(Due::Overdue) => {
                binds.push(suggestion::timeliness::overdue_before(today).to_string());
                wh.push(format!("s.state IN ({}) AND s.due_on < ${}", with_unit_states(), binds.len()));
            }
            Some(Due::Near) => {
                // Each congress's own window: group the scope by its near-due days.
                let custom: Vec<(i64, i64)> = sqlx::query_as(AssertSqlSafe(format!(
                    "SELECT congress_id, near_due_days FROM suggestion_settings WHERE congress_id IN ({})",
                    ints(&scope)
                )))
                .fetch_all(self.pool())
                .await?;
                let mut by_days: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
                for c in &scope {
                    let days = custom
                        .iter()
                        .find(|(id, _)| id == c)
                        .map_or(i64::from(Settings::default().near_due_days), |(_, d)| *d);
                    by_days.entry(days).or_default().push(*c);
                }
                let mut parts = Vec::new();
                let mut from = None;
                for (days, congresses) in by_days {
                    let settings = Settings { near_due_days: days as i32, ..Settings::default() };
                    let (first, last) = suggestion::timeliness::near_due_window(today, &settings);
                    from = Some(first);
                    binds.push(last.to_string());
                    parts.push(format!("(s.congress_id IN ({}) AND s.due_on <= ${})", ints(&congresses), binds.len()));
                }
                binds.push(from.unwrap_or(today).to_string());
                wh.push(format!(
                    "s.state IN ({}) AND s.due_on >= ${} AND ({})",
                    with_unit_states(),
                    binds.len(),
                    parts.join(" OR ")
                ));
            }
        }
        if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let mut pat = String::from("%");
            for c in t.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    pat.push('\\');
                }
                pat.push(c);
            }
            pat.push('%');
            binds.push(pat);
            wh.push(format!("(s.title LIKE ${n} ESCAPE '\\' OR p.name LIKE ${n} ESCAPE '\\')", n = binds.len()));
        }
        if f.published_only {
            wh.push(
                "s.publish_reply = 1 AND EXISTS (SELECT 1 FROM suggestion_replies r WHERE r.suggestion_id = s.id)"
                    .into(),
            );
        }
        if let Some(topic) = f.topic.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            binds.push(topic.to_owned());
            wh.push(format!("s.key_topic = ${}", binds.len()));
        }
        if let Some(y) = f.year {
            wh.push(format!("s.year = {y}"));
        }
        Ok((wh.join(" AND "), binds))
    }

    /// How many suggestions match `f`: the count a home-page tile shows is the total of the
    /// list its link opens, because both run [`Store::filter_sql`] on the same filter.
    pub async fn count_suggestions(&self, actor: &Actor, f: &SuggestionFilter, today: Date) -> Result<i64> {
        let f = &self.scoped(actor, f).await?;
        self.count_scoped(f, today).await
    }

    async fn count_scoped(&self, f: &SuggestionFilter, today: Date) -> Result<i64> {
        if f.congresses.is_empty() {
            return Ok(0);
        }
        let (wh, binds) = self.filter_sql(f, today).await?;
        let count_sql = format!("SELECT COUNT(*) {ROW_FROM} WHERE {wh}");
        let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql));
        for b in &binds {
            q = q.bind(b);
        }
        Ok(q.fetch_one(self.pool()).await?)
    }

    /// A page of the suggestions `actor` may list that match `f`, newest first.
    pub async fn list_suggestions(
        &self,
        actor: &Actor,
        f: &SuggestionFilter,
        today: Date,
    ) -> Result<Page<SuggestionRow>> {
        let f = &self.scoped(actor, f).await?;
        let per_page = f.per_page.clamp(1, 500);
        let page = f.page.clamp(0, crate::MAX_PAGE);
        if f.congresses.is_empty() {
            return Ok(Page { items: Vec::new(), total: 0, page, per_page });
        }
        let total = self.count_scoped(f, today).await?;
        let (wh, binds) = self.filter_sql(f, today).await?;
        let last = ((total + per_page - 1) / per_page - 1).max(0);
        let page = page.min(last);
        // The near-due and overdue board puts the most pressing first; other lists the latest.
        let order = if f.due.is_some() { "s.due_on, s.id" } else { "s.updated_at DESC, s.id DESC" };
        let sql = format!(
            "SELECT {ROW_COLUMNS} {ROW_FROM} WHERE {wh} ORDER BY {order} LIMIT {per_page} OFFSET {}",
            page * per_page
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(b);
        }
        let items = q.fetch_all(self.pool()).await?.iter().map(row_from).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total, page, per_page })
    }
}

/// The holiday calendar as `conn` reads it: the shipped 2024–2026 schedules with any imported
/// days on top (inside a write transaction too).
pub(crate) async fn calendar_on(conn: &mut AnyConnection) -> Result<HolidayCalendar> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT day, kind FROM holiday_days").fetch_all(&mut *conn).await?;
    let mut cal = HolidayCalendar::builtin();
    let imported = rows
        .into_iter()
        .filter_map(|(d, k)| {
            let kind = if k == "workday" { DayKind::AdjustedWorkday } else { DayKind::Holiday };
            d.parse::<Date>().ok().map(|d| (d, kind))
        })
        .collect::<Vec<_>>();
    cal.merge(HolidayCalendar::from_days(imported));
    Ok(cal)
}
