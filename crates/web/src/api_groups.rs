//! `/api/v1/groups`: deputy groups (代表小组) in the API — the congress's "十有" checklist
//! items, a group's members, leader and station, its checklist marks and the activities it
//! counts — one tagged command for each form of the group pages, with their rules and codes.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::Path;
use crate::pages::actor;
use axum::extract::State;
use axum::http::StatusCode;
use renda_core::ErrorCode;
use renda_core::ids::{ActivityId, OrgId, PersonId};
use serde::Deserialize;
use utoipa::ToSchema;

/// The "十有" checklist's items for a year, one label each (the groups page's settings form).
#[derive(Deserialize, ToSchema)]
pub struct ChecklistConfigBody {
    pub year: i16,
    pub labels: Vec<String>,
}

/// A step on one group:
/// `{"command": "members", "members": [7, 8], "leader": 7}`, `{"command": "station", "station": 3}`,
/// `{"command": "install", "year": 2026}`,
/// `{"command": "mark", "year": 2026, "number": 1, "met": true, "text": "…"}`,
/// `{"command": "link", "activity": 5}`, `{"command": "unlink", "year": 2026, "activity": 5}`.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum GroupCommand {
    Members {
        members: Vec<i64>,
        leader: Option<i64>,
    },
    Station {
        station: Option<i64>,
    },
    Install {
        year: i16,
    },
    Mark {
        year: i16,
        number: usize,
        met: bool,
        #[serde(default)]
        text: String,
    },
    Link {
        activity: i64,
    },
    Unlink {
        year: i16,
        activity: i64,
    },
}

/// Sets the checklist's items of a year for the clerk's congress.
#[utoipa::path(post, path = "/api/v1/groups/checklist", request_body = ChecklistConfigBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn configure(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<ChecklistConfigBody>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(b) = body?;
    let congress = s
        .user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以设置代表小组的检查项目。"))?;
    let labels: Vec<String> = b.labels.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(str::to_owned).collect();
    state.store.set_checklist_config(&actor(&s), congress, b.year, &labels).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One step on a group (staff of its congress); a group this user may not see is 404.
#[utoipa::path(post, path = "/api/v1/groups/{id}/actions", params(("id" = i64, Path)), request_body = GroupCommand,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<GroupCommand>, AppError>,
) -> AppResult<StatusCode> {
    let ApiJson(cmd) = body?;
    let me = actor(&s);
    let group = OrgId(id);
    state.store.check_can_view_group(&me, group).await?;
    match cmd {
        GroupCommand::Members { members, leader } => {
            let members: Vec<PersonId> = members.into_iter().map(PersonId).collect();
            state.store.set_group_members(&me, group, &members, leader.map(PersonId)).await?;
        }
        GroupCommand::Station { station } => state.store.set_group_station(&me, group, station.map(OrgId)).await?,
        GroupCommand::Install { year } => state.store.install_checklist(&me, group, year).await.map(|_| ())?,
        GroupCommand::Mark { year, number, met, text } => {
            state.store.mark_checklist_item(&me, group, year, number, met, &text).await?;
        }
        GroupCommand::Link { activity } => {
            state.store.link_group_activity(&me, ActivityId(activity), Some(group)).await?
        }
        GroupCommand::Unlink { year, activity } => {
            // Only this group's own activities are taken back from here.
            let mine = state.store.group_activities(group, year).await?;
            if !mine.iter().any(|(i, _, _)| i.0 == activity) {
                return Err(AppError::new(ErrorCode::NotFound, "未找到该活动"));
            }
            state.store.link_group_activity(&me, ActivityId(activity), None).await?;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
