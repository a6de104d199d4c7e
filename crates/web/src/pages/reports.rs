//! 述职 pages: staff's list of a year's meetings with the form to open one (`/reports`), the
//! meeting page (`/reports/{id}`) where clerks register voter representatives in bulk (one per
//! line "姓名 单位"), enter ratings in a table of three radio buttons per representative or the
//! three counts of the paper ballots, close the meeting and record the rectification plan; and
//! the deputy's own 述职 results (`/reports` for a deputy).
//!
//! Every form of the meeting page posts to one address with a `command`; a refusal shows the
//! page again with the reason, and changes nothing.

use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::archive::activity::ActivityKind;
use renda_core::archive::report::RatingCounts;
use renda_core::ids::{OrgId, PersonId};
use renda_core::suggestion::Satisfaction;
use renda_core::value::parse_date;
use renda_store::Actor;
use renda_store::activities::{ActivityFilter, ActivityId};
use renda_store::people::DeputyFilter;
use renda_store::reports::{NewReportMeeting, PaperTally, ReportMeeting, ReportMeetingId};
use renda_store::users::Session;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

/// The form fields of a post, in order (a field may repeat).
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(body: &Bytes) -> AppResult<Fields> {
        crate::extract::form_pairs(body).map(Fields)
    }

    fn get(&self, k: &str) -> &str {
        self.0.iter().find(|(n, _)| n == k).map_or("", |(_, v)| v.as_str())
    }

    fn count(&self, k: &str, label: &str) -> AppResult<u32> {
        let v = self.get(k).trim();
        if v.is_empty() {
            return Ok(0);
        }
        v.parse::<u32>().ok().filter(|n| *n <= 100_000).ok_or_else(|| invalid(format!("{label}应为不小于0的整数。")))
    }
}

/// The staff's congress, or forbidden.
fn staff_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以组织述职测评。"))
}

// ---- list ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub errors: Vec<String>,
    pub is_deputy: bool,
    pub meetings: Vec<ReportMeeting>,
    pub years: Vec<i16>,
    pub year: i16,
    /// (person, name · delegation) of the congress's deputies in office.
    pub deputies: Vec<(i64, String)>,
    /// The congress's 述职 activities of the year: (id, title).
    pub activities: Vec<(i64, String)>,
    pub rectify: bool,
    pub recommended: u32,
    pub today: Date,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    pub year: Option<String>,
    pub notice: Option<String>,
}

async fn list_page(state: &AppState, s: &Session, year: i16, errors: Vec<String>) -> AppResult<ListPage> {
    let today = state.today();
    let this_year = today.year();
    let mut page = ListPage {
        ctx: Ctx::new(state, Some(s), "代表述职", "/reports"),
        notice: "",
        errors,
        is_deputy: false,
        meetings: Vec::new(),
        years: (this_year - 4..=this_year + 1).rev().collect(),
        year,
        deputies: Vec::new(),
        activities: Vec::new(),
        rectify: true,
        recommended: 50,
        today,
    };
    if let Some(person) = s.user.role.deputy() {
        page.ctx.title = "我的述职".into();
        page.is_deputy = true;
        page.meetings = state.store.report_meetings_of(&actor(s), person).await?;
        return Ok(page);
    }
    let congress = staff_congress(s)?;
    page.meetings = state.store.report_meetings(&actor(s), congress, year).await?;
    let found = state
        .store
        .search_deputies(
            &crate::pages::actor(s),
            &DeputyFilter { congresses: vec![congress], active_only: true, per_page: 500, ..DeputyFilter::default() },
        )
        .await?;
    page.deputies = found.items.iter().map(|d| (d.person.0, format!("{} · {}", d.name, d.delegation))).collect();
    let acts = state
        .store
        .list_activities(
            &actor(s),
            &ActivityFilter {
                congresses: vec![congress],
                year: Some(year),
                kind: Some(ActivityKind::Report),
                page: 0,
                per_page: 200,
            },
        )
        .await?;
    page.activities = acts.items.iter().filter(|a| !a.cancelled).map(|a| (a.id.0, a.title.clone())).collect();
    let settings = state.store.report_settings(congress).await?;
    page.rectify = settings.rectify_when_most_unsatisfied;
    page.recommended = settings.recommended_representatives;
    Ok(page)
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let this_year = state.today().year();
    let year = q.year.as_deref().and_then(|y| y.trim().parse::<i16>().ok()).unwrap_or(this_year);
    let mut page = list_page(&state, &s, year, Vec::new()).await?;
    page.notice = notice_text(q.notice.as_deref());
    render(&page)
}

/// Opens a meeting (`command=create`) or saves the congress's settings (`command=settings`).
pub async fn create(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let congress = staff_congress(&s)?;
    let f = Fields::parse(&body)?;
    let me = actor(&s);
    let outcome: AppResult<String> = match f.get("command") {
        "settings" => {
            let recommended = f.count("recommended", "建议到会选民代表人数")?;
            let settings = renda_core::archive::report::ReportSettings {
                rectify_when_most_unsatisfied: f.get("rectify") == "1",
                recommended_representatives: recommended,
            };
            state
                .store
                .set_report_settings(&me, congress, settings)
                .await
                .map(|()| "/reports".to_owned())
                .map_err(AppError::from)
        }
        _ => {
            async {
                let person: i64 = f.get("person").trim().parse().map_err(|_| invalid("请选择述职代表。"))?;
                let on =
                    parse_date("on", f.get("on").trim()).map_err(|e| invalid(format!("述职日期：{}", e.message)))?;
                let activity = super::opt_id("activity", Some(f.get("activity")))?.map(ActivityId);
                let new = NewReportMeeting { person: PersonId(person), on, place: f.get("place").to_owned(), activity };
                let id = state.store.create_report_meeting(&me, congress, &new).await?;
                Ok(format!("/reports/{}", id.0))
            }
            .await
        }
    };
    match outcome {
        Ok(to) => Ok(done(&to, if f.get("command") == "settings" { "report_settings" } else { "report_created" })),
        // A refusal comes back on the page the form was sent from, as typed (`crate::echo`).
        Err(e) => Err(e),
    }
}

// ---- one meeting -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "report.html")]
pub struct MeetingPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub errors: Vec<String>,
    pub m: ReportMeeting,
    pub may_run: bool,
    /// The deputy themself (may hand in the plan).
    pub is_deputy: bool,
    pub result_text: String,
    pub few: bool,
    pub recommended: u32,
    pub activity_title: String,
    pub today: Date,
}

impl MeetingPage {
    pub fn rating_label(&self, r: &Option<Satisfaction>) -> &'static str {
        r.map_or("未测评", |s| s.label())
    }
}

async fn meeting_page(
    state: &AppState,
    s: &Session,
    id: ReportMeetingId,
    errors: Vec<String>,
) -> AppResult<MeetingPage> {
    let m = state.store.report_meeting(&actor(s), id).await?;
    let may_run = super::own_staff(s.user.role, m.congress);
    let settings = state.store.report_settings(m.congress).await?;
    let result_text = m.result.map(|r| r.to_string()).unwrap_or_default();
    let few = m.result.is_some_and(|r| r.registered < settings.recommended_representatives);
    let activity_title = match m.activity {
        // The title of the 述职 activity the meeting links to, whoever reads the meeting.
        Some(a) => state.store.activity(&Actor::system(), a).await.map(|a| a.title).unwrap_or_default(),
        None => String::new(),
    };
    Ok(MeetingPage {
        ctx: Ctx::new(state, Some(s), &format!("{}的述职", m.person_name), "/reports"),
        notice: "",
        errors,
        may_run,
        is_deputy: s.user.role.deputy() == Some(m.person),
        result_text,
        few,
        recommended: settings.recommended_representatives,
        activity_title,
        today: state.today(),
        m,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let mut page = meeting_page(&state, &s, ReportMeetingId(id), Vec::new()).await?;
    page.notice = notice_text(q.notice.as_deref());
    render(&page)
}

/// Every form of the meeting page posts here.
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let me = actor(&s);
    let id = ReportMeetingId(id);
    // Someone who may not see it learns nothing more than that it does not exist.
    state.store.report_meeting(&me, id).await?;
    let outcome: AppResult<()> = async {
        match f.get("command") {
            "register" => state.store.register_representatives(&me, id, f.get("names")).await.map(|_| ())?,
            "rate" => {
                let mut ratings = Vec::new();
                for (k, v) in &f.0 {
                    let Some(rep) = k.strip_prefix("r").and_then(|r| r.parse::<i64>().ok()) else { continue };
                    let rating = Satisfaction::from_code(v).ok_or_else(|| invalid("测评意见有误。"))?;
                    ratings.push((rep, rating));
                }
                state.store.rate_report_many(&me, id, &ratings).await?
            }
            "paper" => {
                let tally = PaperTally {
                    registered: f.count("registered", "到会选民代表人数")?,
                    counts: RatingCounts {
                        satisfied: f.count("satisfied", "满意票数")?,
                        basic: f.count("basic", "基本满意票数")?,
                        unsatisfied: f.count("unsatisfied", "不满意票数")?,
                    },
                };
                state.store.record_paper_tally(&me, id, tally).await?
            }
            "close" => state.store.close_report_meeting(&me, id).await.map(|_| ())?,
            "plan" => {
                let on = parse_date("plan_date", f.get("plan_date").trim())
                    .map_err(|e| invalid(format!("整改报告日期：{}", e.message)))?;
                state.store.submit_rectification_plan(&me, id, f.get("plan"), on).await?
            }
            _ => return Err(invalid("未知的操作。")),
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => {
            let notice = match f.get("command") {
                "register" => "report_register",
                "rate" => "report_rate",
                "paper" => "report_paper",
                "close" => "report_close",
                _ => "report_plan",
            };
            Ok(done(&format!("/reports/{}", id.0), notice))
        }
        // A refusal comes back on the page the form was sent from, as typed (`crate::echo`).
        Err(e) => Err(e),
    }
}
