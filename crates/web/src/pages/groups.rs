//! 代表小组 pages: staff's list of their congress's deputy groups with the year's "十有" summary
//! and activity count (`/groups`, where the congress's own checklist for a year is configured
//! too), and a group's page (`/groups/{id}`): members and leader, station, the year's checklist
//! with evidence, and the group's activities.
//!
//! Every form posts with a `command`; a refusal shows the page again with the reason, and changes
//! nothing.

use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::archive::group::{ChecklistEntry, STANDARD};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_store::activities::ActivityId;
use renda_store::groups::GroupInfo;
use renda_store::people::DeputyFilter;
use renda_store::users::Session;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(body: &Bytes) -> AppResult<Fields> {
        crate::extract::form_pairs(body).map(Fields)
    }

    fn get(&self, k: &str) -> &str {
        self.0.iter().find(|(n, _)| n == k).map_or("", |(_, v)| v.as_str())
    }

    fn ids(&self, k: &str) -> Vec<i64> {
        self.0.iter().filter(|(n, _)| n == k).filter_map(|(_, v)| v.trim().parse().ok()).collect()
    }

    fn year(&self) -> AppResult<i16> {
        self.get("year")
            .trim()
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| invalid("年度有误。"))
    }
}

fn staff_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以管理代表小组。"))
}

fn this_year(state: &AppState) -> i16 {
    state.today().year()
}

#[derive(serde::Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
    pub notice: Option<String>,
}

fn year_of(state: &AppState, q: &YearQuery) -> i16 {
    q.year
        .as_deref()
        .and_then(|y| y.trim().parse::<i16>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| this_year(state))
}

// ---- list ------------------------------------------------------------------------------------

pub struct GroupLine {
    pub g: GroupInfo,
    /// "共 10 项，已达标 7 项…", or empty when the year's list is not in place.
    pub checklist: String,
    pub activities: usize,
}

#[derive(Template)]
#[template(path = "groups.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub errors: Vec<String>,
    pub lines: Vec<GroupLine>,
    pub years: Vec<i16>,
    pub year: i16,
    /// The labels the year's checklists are installed from, one a line.
    pub labels: String,
    pub configured: bool,
}

async fn list_page(state: &AppState, s: &Session, year: i16, errors: Vec<String>) -> AppResult<ListPage> {
    let congress = staff_congress(s)?;
    let mut lines = Vec::new();
    for g in state.store.groups_of_congress(congress).await? {
        let checklist =
            state.store.group_checklist(g.id, year).await?.map(|c| c.summary().to_string()).unwrap_or_default();
        let activities = state.store.group_activity_count(g.id, year).await?;
        lines.push(GroupLine { g, checklist, activities });
    }
    let config = state.store.checklist_config(congress, year).await?;
    let this_year = this_year(state);
    Ok(ListPage {
        ctx: Ctx::new(state, Some(s), "代表小组", "/groups"),
        notice: "",
        errors,
        lines,
        years: (this_year - 4..=this_year + 1).rev().collect(),
        year,
        configured: config.is_some(),
        labels: config.unwrap_or_else(|| STANDARD.iter().map(|l| (*l).to_owned()).collect()).join("\n"),
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let mut page = list_page(&state, &s, year_of(&state, &q), Vec::new()).await?;
    page.notice = notice_text(q.notice.as_deref());
    render(&page)
}

/// Configures the congress's own checklist for a year (one label a line).
pub async fn configure(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let congress = staff_congress(&s)?;
    let f = Fields::parse(&body)?;
    let year = f.year()?;
    let labels: Vec<String> =
        f.get("labels").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    match state.store.set_checklist_config(&actor(&s), congress, year, &labels).await {
        Ok(()) => Ok(done(&format!("/groups?year={year}"), "checklist_configured")),
        Err(e) => {
            let e = AppError::from(e);
            if matches!(e.code.class(), ErrorCode::InvalidInput | ErrorCode::Conflict) {
                let status = e.status();
                let mut resp = render(&list_page(&state, &s, year, vec![e.message]).await?)?;
                *resp.status_mut() = status;
                Ok(resp)
            } else {
                Err(e)
            }
        }
    }
}

// ---- one group -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "group.html")]
pub struct GroupPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub errors: Vec<String>,
    pub g: GroupInfo,
    pub year: i16,
    pub may_edit: bool,
    /// The congress's deputies in office: (person, name · delegation, member?).
    pub candidates: Vec<(i64, String, bool)>,
    /// The congress's stations: (id, name).
    pub stations: Vec<(i64, String)>,
    pub checklist: Option<Vec<ChecklistEntry>>,
    pub summary: String,
    /// (id, title, starts_at) of the group's activities of the year, and the congress's not yet
    /// counted for any group.
    pub activities: Vec<(ActivityId, String, String)>,
    pub unlinked: Vec<(ActivityId, String, String)>,
}

impl GroupPage {
    pub fn is_leader(&self, person: &i64) -> bool {
        self.g.members.iter().any(|m| m.leader && m.person.0 == *person)
    }

    pub fn station_id(&self) -> i64 {
        self.g.station.as_ref().map_or(0, |s| s.0.0)
    }
}

async fn group_page(state: &AppState, s: &Session, id: OrgId, year: i16, errors: Vec<String>) -> AppResult<GroupPage> {
    let me = actor(s);
    let g = state.store.group_info(&me, id).await?;
    let may_edit = super::own_staff(s.user.role, g.congress);
    let mut candidates = Vec::new();
    let mut stations = Vec::new();
    let mut unlinked = Vec::new();
    if may_edit {
        let found = state
            .store
            .search_deputies(
                &me,
                &DeputyFilter {
                    congresses: vec![g.congress],
                    active_only: true,
                    per_page: 500,
                    ..DeputyFilter::default()
                },
            )
            .await?;
        for d in found.items {
            if candidates.iter().any(|(p, _, _)| *p == d.person.0) {
                continue;
            }
            let member = g.members.iter().any(|m| m.person == d.person);
            candidates.push((d.person.0, format!("{} · {}", d.name, d.delegation), member));
        }
        candidates.sort_by_key(|c| !c.2);
        stations = state
            .store
            .orgs_of_congress(g.congress)
            .await?
            .into_iter()
            .filter(|o| o.kind == OrgKind::LiaisonStation)
            .map(|o| (o.id.0, o.name.to_string()))
            .collect();
        unlinked = state.store.unlinked_group_activities(g.congress, year).await?;
    }
    let checklist = state.store.group_checklist(id, year).await?;
    let summary = checklist.as_ref().map(|c| c.summary().to_string()).unwrap_or_default();
    Ok(GroupPage {
        ctx: Ctx::new(state, Some(s), &g.name, "/groups"),
        notice: "",
        errors,
        year,
        may_edit,
        candidates,
        stations,
        checklist: checklist.map(|c| c.entries().to_vec()),
        summary,
        activities: state.store.group_activities(id, year).await?,
        unlinked,
        g,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let mut page = group_page(&state, &s, OrgId(id), year_of(&state, &q), Vec::new()).await?;
    page.notice = notice_text(q.notice.as_deref());
    render(&page)
}

/// Every form of the group page posts here.
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let me = actor(&s);
    let group = OrgId(id);
    state.store.check_can_view_group(&me, group).await?;
    let year = f.year()?;
    let outcome: AppResult<()> = async {
        match f.get("command") {
            "members" => {
                let members: Vec<PersonId> = f.ids("member").into_iter().map(PersonId).collect();
                let leader = super::opt_id("leader", Some(f.get("leader")))?.map(PersonId);
                state.store.set_group_members(&me, group, &members, leader).await?
            }
            "station" => {
                let station = super::opt_id("station", Some(f.get("station")))?.map(OrgId);
                state.store.set_group_station(&me, group, station).await?
            }
            "install" => state.store.install_checklist(&me, group, year).await.map(|_| ())?,
            "mark" => {
                let number: usize = f.get("number").trim().parse().map_err(|_| invalid("未指定检查项目。"))?;
                let met = f.get("met") == "1";
                state.store.mark_checklist_item(&me, group, year, number, met, f.get("text")).await?
            }
            "link" | "unlink" => {
                let a: i64 = f.get("activity").trim().parse().map_err(|_| invalid("请选择一项代表小组活动。"))?;
                let to = (f.get("command") == "link").then_some(group);
                if to.is_none() {
                    // Only this group's own activities are taken back from here.
                    let mine = state.store.group_activities(group, year).await?;
                    if !mine.iter().any(|(i, _, _)| i.0 == a) {
                        return Err(AppError::new(ErrorCode::NotFound, "未找到该活动"));
                    }
                }
                state.store.link_group_activity(&me, ActivityId(a), to).await?
            }
            _ => return Err(invalid("未知的操作。")),
        }
        Ok(())
    }
    .await;
    match outcome {
        Ok(()) => {
            let notice = match f.get("command") {
                "members" => "group_members",
                "station" => "group_station",
                "install" => "group_install",
                "mark" => "group_mark",
                "link" => "group_link",
                _ => "group_unlink",
            };
            Ok(done(&format!("/groups/{id}?year={year}"), notice))
        }
        Err(e)
            if matches!(
                e.code.class(),
                ErrorCode::InvalidInput | ErrorCode::Conflict | ErrorCode::IllegalTransition
            ) =>
        {
            let status = e.status();
            let mut resp = render(&group_page(&state, &s, group, year, vec![e.message]).await?)?;
            *resp.status_mut() = status;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}
