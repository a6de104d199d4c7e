//! 述职: a deputy reports to voter representatives, who rate them 满意 / 基本满意 / 不满意.
//!
//! - [`Store::create_report_meeting`] opens a meeting for a deputy in office in the congress,
//!   tied to the congress's 述职 activity where there is one.
//! - [`Store::register_representatives`] registers the voter representatives (name and
//!   unit/village, as clerks write them down); [`Store::rate_report`] takes one rating from one
//!   representative (a second is refused); [`Store::record_paper_tally`] takes the three counts
//!   of the paper ballots instead, for clerks who only have the paper tally. The two ways do not
//!   mix in one meeting.
//! - [`Store::close_report_meeting`] tallies with the core's [`tally_report`]: the result, the
//!   flag "须提交书面整改报告" (more than half 不满意, a congress setting, on by default) and, in
//!   the same transaction, the 述职 item of the deputy's duty archive (`report:{id}`).
//!   [`Store::submit_rectification_plan`] records the plan a flagged deputy hands in.
//!
//! 述职 records are the deputy's records (`Resource::Deputy`): staff of the congress write, the
//! deputy reads their own. Every change is one [`crate::WriteTx`] with its audit entry.

use crate::activities::ActivityId;
use crate::archive::{PlatformItem, write_platform_items};
use crate::audit::Chain;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::archive::activity::ActivityKind;
use renda_core::archive::report::{self, RatingCounts, ReportResult, ReportSettings, tally_report};
pub use renda_core::archive::report::{MAX_REPRESENTATIVES, PaperTally, parse_representatives};
pub use renda_core::ids::ReportMeetingId;
use renda_core::ids::{OrgId, PersonId};
use renda_core::policy::{Action, Resource, Target, decide};
use renda_core::suggestion::Satisfaction;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A meeting as the form gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewReportMeeting {
    pub person: PersonId,
    pub on: Date,
    pub place: String,
    pub activity: Option<ActivityId>,
}

/// One voter representative.
#[derive(Clone, Debug, Serialize)]
pub struct Representative {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub rating: Option<Satisfaction>,
}

/// A meeting with what its page shows.
#[derive(Clone, Debug, Serialize)]
pub struct ReportMeeting {
    pub id: ReportMeetingId,
    pub congress: OrgId,
    pub congress_name: String,
    pub person: PersonId,
    pub person_name: String,
    pub deputyship: i64,
    pub activity: Option<ActivityId>,
    pub on: Date,
    pub place: String,
    pub closed: bool,
    pub paper: Option<PaperTally>,
    pub result: Option<ReportResult>,
    pub plan_text: Option<String>,
    pub plan_date: Option<Date>,
    /// Representatives registered by name (filled by [`Store::report_meeting`] only).
    pub representatives: Vec<Representative>,
    /// How many registered by name, and how many of them rated.
    pub named: i64,
    pub rated: i64,
}

impl ReportMeeting {
    /// 登记中 / 已测评.
    pub fn state_label(&self) -> &'static str {
        if self.closed { "已测评" } else { "登记中" }
    }

    pub fn needs_plan(&self) -> bool {
        self.result.is_some_and(|r| r.rectification_required) && self.plan_text.is_none()
    }
}

fn internal(what: &str) -> StoreError {
    StoreError::Internal(format!("reports: bad stored {what}"))
}

const COLUMNS: &str = "m.id, m.congress_id, c.name AS congress_name, m.person_id, p.name AS person_name, m.deputyship_id, \
     m.activity_id, m.on_date, m.place, m.state, m.paper_registered, m.paper_satisfied, m.paper_basic, m.paper_unsatisfied, \
     m.registered, m.satisfied, m.basic, m.unsatisfied, m.overall, m.approval_permille, m.rectification, m.plan_text, \
     m.plan_date, \
     (SELECT COUNT(*) FROM report_representatives r WHERE r.meeting_id = m.id) AS named, \
     (SELECT COUNT(*) FROM report_representatives r WHERE r.meeting_id = m.id AND r.rating IS NOT NULL) AS rated";
const FROM: &str =
    "FROM report_meetings m JOIN organisations c ON c.id = m.congress_id JOIN persons p ON p.id = m.person_id";

fn count(r: &AnyRow, c: &str) -> Result<Option<u32>> {
    r.try_get::<Option<i64>, _>(c)?.map(|v| u32::try_from(v).map_err(|_| internal(c))).transpose()
}

fn meeting_from(r: &AnyRow) -> Result<ReportMeeting> {
    let day = |c: &str| -> Result<Option<Date>> {
        r.try_get::<Option<String>, _>(c)?.map(|s| s.parse().map_err(|_| internal(c))).transpose()
    };
    let paper = match (
        count(r, "paper_registered")?,
        count(r, "paper_satisfied")?,
        count(r, "paper_basic")?,
        count(r, "paper_unsatisfied")?,
    ) {
        (Some(registered), Some(satisfied), Some(basic), Some(unsatisfied)) => {
            Some(PaperTally { registered, counts: RatingCounts { satisfied, basic, unsatisfied } })
        }
        _ => None,
    };
    let overall: Option<String> = r.try_get("overall")?;
    let result = match overall {
        None => None,
        Some(o) => {
            let counts = RatingCounts {
                satisfied: count(r, "satisfied")?.unwrap_or(0),
                basic: count(r, "basic")?.unwrap_or(0),
                unsatisfied: count(r, "unsatisfied")?.unwrap_or(0),
            };
            let registered = count(r, "registered")?.unwrap_or(0);
            Some(ReportResult {
                registered,
                counts,
                overall: Satisfaction::from_code(&o).ok_or_else(|| internal("overall"))?,
                approval_permille: count(r, "approval_permille")?.unwrap_or(0),
                rectification_required: r.try_get::<i64, _>("rectification")? != 0,
                few_representatives: false,
            })
        }
    };
    Ok(ReportMeeting {
        id: ReportMeetingId(r.try_get("id")?),
        congress: OrgId(r.try_get("congress_id")?),
        congress_name: r.try_get("congress_name")?,
        person: PersonId(r.try_get("person_id")?),
        person_name: r.try_get("person_name")?,
        deputyship: r.try_get("deputyship_id")?,
        activity: r.try_get::<Option<i64>, _>("activity_id")?.map(ActivityId),
        on: day("on_date")?.ok_or_else(|| internal("on_date"))?,
        place: r.try_get("place")?,
        closed: r.try_get::<String, _>("state")? == "closed",
        paper,
        result,
        plan_text: r.try_get("plan_text")?,
        plan_date: day("plan_date")?,
        representatives: Vec::new(),
        named: r.try_get("named")?,
        rated: r.try_get("rated")?,
    })
}

impl Store {
    /// Staff of the congress run the meeting. The policy lets a deputy edit their own record
    /// too, so the meeting's commands ask for `Create` on the deputy's records, which only the
    /// congress's staff (and the admin) hold; the plan asks for `Edit` (the deputy may hand it in).
    async fn check_report_write(&self, actor: &Actor, congress: OrgId, person: PersonId, action: Action) -> Result<()> {
        let path = self.congress_path(congress).await?;
        let persons = [person];
        decide(
            actor.role,
            action,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )?;
        Ok(())
    }

    /// Whether `actor` may read the meeting: staff of its congress (or above), the deputy.
    async fn check_can_view_report(&self, actor: &Actor, m: &ReportMeeting) -> Result<()> {
        let path = self.congress_path(m.congress).await?;
        let persons = [m.person];
        decide(
            actor.role,
            Action::View,
            Resource::Deputy,
            &Target { congress_path: &path, persons: &persons, ..Target::default() },
        )
        .map_err(|_| StoreError::NotFound("该述职测评"))
    }

    /// A congress's 述职 settings (the default when never set).
    pub async fn report_settings(&self, congress: OrgId) -> Result<ReportSettings> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT rectify, recommended FROM report_settings WHERE congress_id = $1")
                .bind(congress.0)
                .fetch_optional(self.pool())
                .await?;
        Ok(match row {
            None => ReportSettings::default(),
            Some((r, n)) => ReportSettings {
                rectify_when_most_unsatisfied: r != 0,
                recommended_representatives: u32::try_from(n).map_err(|_| internal("recommended"))?,
            },
        })
    }

    /// Staff of a congress change its 述职 settings.
    pub async fn set_report_settings(&self, actor: &Actor, congress: OrgId, s: ReportSettings) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::Edit, Resource::Congress, &Target { congress_path: &path, ..Target::default() })?;
        report::check_settings(&s)?;
        let before = self.report_settings(congress).await?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        sqlx::query("DELETE FROM report_settings WHERE congress_id = $1").bind(congress.0).execute(w.conn()).await?;
        sqlx::query("INSERT INTO report_settings (congress_id, rectify, recommended) VALUES ($1, $2, $3)")
            .bind(congress.0)
            .bind(i64::from(s.rectify_when_most_unsatisfied))
            .bind(i64::from(s.recommended_representatives))
            .execute(w.conn())
            .await?;
        w.record("report.settings", "organisation", congress.0, Some(&before), Some(&s)).await?;
        w.commit().await
    }

    /// Opens a 述职 meeting of `congress` for a deputy in office there on the meeting's day.
    pub async fn create_report_meeting(
        &self,
        actor: &Actor,
        congress: OrgId,
        new: &NewReportMeeting,
    ) -> Result<ReportMeetingId> {
        self.check_report_write(actor, congress, new.person, Action::Create).await?;
        let on = new.on.to_string();
        let ship: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM deputyships WHERE person_id = $1 AND congress_id = $2 AND start_date <= $3
               AND (end_date IS NULL OR end_date > $3) ORDER BY start_date DESC LIMIT 1",
        )
        .bind(new.person.0)
        .bind(congress.0)
        .bind(&on)
        .fetch_optional(self.pool())
        .await?;
        let activity_fits = match new.activity {
            Some(a) => {
                let act = self.activity_unchecked(a).await?;
                Some(act.kind == ActivityKind::Report && act.congresses().contains(&congress))
            }
            None => None,
        };
        let place = report::check_new_meeting(&new.place, ship.is_some(), activity_fits)?;
        let ship = ship.unwrap_or_default();
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report_meetings (congress_id, person_id, deputyship_id, activity_id, on_date, place, state,
                created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'registered', $7, $8) RETURNING id",
        )
        .bind(congress.0)
        .bind(new.person.0)
        .bind(ship)
        .bind(new.activity.map(|a| a.0))
        .bind(&on)
        .bind(&place)
        .bind(actor.user.map(|u| u.0))
        .bind(self.now_text())
        .fetch_one(w.conn())
        .await?;
        w.record("report.create", "report_meeting", id, None::<&()>, Some(new)).await?;
        w.commit().await?;
        Ok(ReportMeetingId(id))
    }

    /// One meeting with its representatives, for staff of its congress (or above) and the
    /// deputy; for anyone else it does not exist.
    pub async fn report_meeting(&self, actor: &Actor, id: ReportMeetingId) -> Result<ReportMeeting> {
        let m = self.report_meeting_unchecked(id).await?;
        self.check_can_view_report(actor, &m).await?;
        Ok(m)
    }

    /// One meeting, unchecked: the store's own write paths, which check the policy next.
    pub(crate) async fn report_meeting_unchecked(&self, id: ReportMeetingId) -> Result<ReportMeeting> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} {FROM} WHERE m.id = $1")))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("该述职测评"))?;
        let mut m = meeting_from(&r)?;
        let reps: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name, unit, rating FROM report_representatives WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        m.representatives = reps
            .into_iter()
            .map(|(id, name, unit, rating)| {
                let rating =
                    rating.map(|c| Satisfaction::from_code(&c).ok_or_else(|| internal("rating"))).transpose()?;
                Ok(Representative { id, name, unit, rating })
            })
            .collect::<Result<_>>()?;
        Ok(m)
    }

    /// A congress's meetings of `year`, by date: for its staff, those above and the admin.
    pub async fn report_meetings(&self, actor: &Actor, congress: OrgId, year: i16) -> Result<Vec<ReportMeeting>> {
        let path = self.congress_path(congress).await?;
        decide(actor.role, Action::View, Resource::Activity, &Target { congress_path: &path, ..Target::default() })?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} {FROM} WHERE m.congress_id = $1 AND m.on_date >= $2 AND m.on_date < $3
             ORDER BY m.on_date, m.id"
        )))
        .bind(congress.0)
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{:04}-01-01", year + 1))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(meeting_from).collect()
    }

    /// A deputy's own meetings, latest first: for the deputy (and the admin).
    pub async fn report_meetings_of(&self, actor: &Actor, person: PersonId) -> Result<Vec<ReportMeeting>> {
        decide(actor.role, Action::View, Resource::Deputy, &Target { persons: &[person], ..Target::default() })?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} {FROM} WHERE m.person_id = $1 ORDER BY m.on_date DESC, m.id DESC LIMIT 100"
        )))
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(meeting_from).collect()
    }

    async fn open_meeting(&self, actor: &Actor, id: ReportMeetingId) -> Result<ReportMeeting> {
        let m = self.report_meeting_unchecked(id).await?;
        self.check_report_write(actor, m.congress, m.person, Action::Create).await?;
        report::check_open(m.closed)?;
        Ok(m)
    }

    /// Registers representatives ("姓名 单位" a line); one already registered is refused.
    pub async fn register_representatives(&self, actor: &Actor, id: ReportMeetingId, text: &str) -> Result<usize> {
        let m = self.open_meeting(actor, id).await?;
        let reps = parse_representatives(text)?;
        let registered: Vec<(&str, &str)> =
            m.representatives.iter().map(|r| (r.name.as_str(), r.unit.as_str())).collect();
        report::check_registration(m.paper.is_some(), &registered, &reps)?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        for (n, u) in &reps {
            sqlx::query("INSERT INTO report_representatives (meeting_id, name, unit) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(n)
                .bind(u)
                .execute(w.conn())
                .await?;
        }
        let after = serde_json::json!({ "registered": reps });
        w.record("report.register", "report_meeting", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(reps.len())
    }

    /// Records one representative's rating. A representative rates once.
    pub async fn rate_report(
        &self,
        actor: &Actor,
        id: ReportMeetingId,
        representative: i64,
        rating: Satisfaction,
    ) -> Result<()> {
        self.rate_report_many(actor, id, &[(representative, rating)]).await
    }

    /// Records several representatives' ratings at once (the table of the meeting page): all or
    /// nothing, each representative once.
    pub async fn rate_report_many(
        &self,
        actor: &Actor,
        id: ReportMeetingId,
        ratings: &[(i64, Satisfaction)],
    ) -> Result<()> {
        let m = self.open_meeting(actor, id).await?;
        report::check_ratings(m.paper.is_some(), ratings.len(), None)?;
        let mut already = None;
        for (rep, _) in ratings {
            let Some(r) = m.representatives.iter().find(|r| r.id == *rep) else {
                return Err(StoreError::NotFound("该选民代表"));
            };
            if r.rating.is_some() {
                already = Some(r.name.as_str());
                break;
            }
        }
        report::check_ratings(false, ratings.len(), already)?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let now = self.now_text();
        for (rep, rating) in ratings {
            let n = sqlx::query(
                "UPDATE report_representatives SET rating = $3, rated_at = $4
                 WHERE id = $1 AND meeting_id = $2 AND rating IS NULL",
            )
            .bind(rep)
            .bind(id.0)
            .bind(rating.code())
            .bind(&now)
            .execute(w.conn())
            .await?
            .rows_affected();
            if n != 1 {
                return Err(StoreError::refused(
                    ErrorCode::AlreadyRated,
                    "该选民代表已作出测评，每人只能测评一次。".into(),
                ));
            }
        }
        let after: Vec<_> =
            ratings.iter().map(|(r, s)| serde_json::json!({ "representative": r, "rating": s.code() })).collect();
        w.record("report.rate", "report_meeting", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await
    }

    /// Records the paper ballots' tally instead of ratings one by one: how many representatives
    /// came and the three counts. May be corrected until the meeting is closed.
    pub async fn record_paper_tally(&self, actor: &Actor, id: ReportMeetingId, tally: PaperTally) -> Result<()> {
        let m = self.open_meeting(actor, id).await?;
        report::check_paper_tally(m.rated > 0, &tally)?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        sqlx::query(
            "UPDATE report_meetings SET paper_registered = $2, paper_satisfied = $3, paper_basic = $4,
                paper_unsatisfied = $5 WHERE id = $1",
        )
        .bind(id.0)
        .bind(i64::from(tally.registered))
        .bind(i64::from(tally.counts.satisfied))
        .bind(i64::from(tally.counts.basic))
        .bind(i64::from(tally.counts.unsatisfied))
        .execute(w.conn())
        .await?;
        w.record("report.paper_tally", "report_meeting", id.0, m.paper.as_ref(), Some(&tally)).await?;
        w.commit().await
    }

    /// Closes the meeting: the core's tally, the rectification flag, and the deputy's archive
    /// item, in one transaction. Closing twice is refused.
    pub async fn close_report_meeting(&self, actor: &Actor, id: ReportMeetingId) -> Result<ReportResult> {
        let m = self.open_meeting(actor, id).await?;
        let settings = self.report_settings(m.congress).await?;
        let (registered, ratings): (u32, Vec<Satisfaction>) = match m.paper {
            Some(p) => {
                let c = p.counts;
                let mut v = Vec::with_capacity(c.total() as usize);
                v.extend(std::iter::repeat_n(Satisfaction::Satisfied, c.satisfied as usize));
                v.extend(std::iter::repeat_n(Satisfaction::Basic, c.basic as usize));
                v.extend(std::iter::repeat_n(Satisfaction::Unsatisfied, c.unsatisfied as usize));
                (p.registered, v)
            }
            None => (
                u32::try_from(m.representatives.len()).map_err(|_| internal("representatives"))?,
                m.representatives.iter().filter_map(|r| r.rating).collect(),
            ),
        };
        let result = tally_report(registered, &ratings, &settings)?;
        let terms = self.terms_of(m.congress, &[m.person.0]).await?;
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        let n = sqlx::query(
            "UPDATE report_meetings SET state = 'closed', registered = $2, satisfied = $3, basic = $4, unsatisfied = $5,
                overall = $6, approval_permille = $7, rectification = $8, closed_at = $9
             WHERE id = $1 AND state = 'registered'",
        )
        .bind(id.0)
        .bind(i64::from(result.registered))
        .bind(i64::from(result.counts.satisfied))
        .bind(i64::from(result.counts.basic))
        .bind(i64::from(result.counts.unsatisfied))
        .bind(result.overall.code())
        .bind(i64::from(result.approval_permille))
        .bind(i64::from(result.rectification_required))
        .bind(self.now_text())
        .execute(w.conn())
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::refused(ErrorCode::IllegalTransition, "该述职测评已结束，不能再修改。".into()));
        }
        w.record("report.close", "report_meeting", id.0, None::<&()>, Some(&result)).await?;
        let item = PlatformItem {
            person: m.person,
            date: m.on,
            kind: result.item_kind(),
            quantity: 1,
            source: format!("report:{}", id.0),
        };
        write_platform_items(&mut w, m.congress, std::slice::from_ref(&item), &terms, None).await?;
        w.commit().await?;
        Ok(result)
    }

    /// Records the written rectification plan of a deputy flagged at the meeting.
    pub async fn submit_rectification_plan(
        &self,
        actor: &Actor,
        id: ReportMeetingId,
        text: &str,
        on: Date,
    ) -> Result<()> {
        let m = self.report_meeting_unchecked(id).await?;
        self.check_report_write(actor, m.congress, m.person, Action::Edit).await?;
        let required = m.result.is_some_and(|r| r.rectification_required);
        let text = report::check_plan(required, text, on, m.on)?;
        let text = text.as_str();
        let mut w = self.begin_write(Chain::Congress(m.congress), actor.user).await?;
        sqlx::query("UPDATE report_meetings SET plan_text = $2, plan_date = $3 WHERE id = $1")
            .bind(id.0)
            .bind(text)
            .bind(on.to_string())
            .execute(w.conn())
            .await?;
        let before = m.plan_text.as_ref().map(|t| serde_json::json!({ "plan": t, "date": m.plan_date }));
        let after = serde_json::json!({ "plan": text, "date": on });
        w.record("report.plan", "report_meeting", id.0, before.as_ref(), Some(&after)).await?;
        w.commit().await
    }
}
