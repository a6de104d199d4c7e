//! `/api/v1/activities`: 履职活动 in the API — created and edited by the staff who organise
//! them, read with their roll, and every step of the detail page (participation, cancelling,
//! joint hosts, invitations, the report and its photos) as one tagged command, with the pages'
//! rules and codes.

use crate::AppState;
use crate::api::{ApiJson, FilesForm};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, JsonWithFiles, Path};
use crate::pages::activities::{ActivityForm, Invitees, invite_whom, participate, show_time, staff_congress};
use crate::pages::{actor, opt_id};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ids::{OrgId, PersonId};
use renda_store::activities::ActivityId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An activity as its form takes it:
/// `{"kind": "inspection", "title": "…", "place": "…", "organiser": "…", "starts_at": "2026-03-05 09:00",
/// "ends_at": "2026-03-05 11:30", "description": "…", "station": 5, "joint": 2}` — a mediation
/// (`"kind": "mediation"`) also brings `parties`, `issue`, `steps` and `outcome`. `joint` (a
/// congress holding it jointly) is taken when creating only.
#[derive(Deserialize, ToSchema)]
pub struct ActivityBody {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub organiser: String,
    /// `2026-03-05 09:00` (Beijing time).
    pub starts_at: String,
    pub ends_at: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub station: Option<i64>,
    #[serde(default)]
    pub joint: Option<i64>,
    #[serde(default)]
    pub parties: String,
    #[serde(default)]
    pub issue: String,
    #[serde(default)]
    pub steps: String,
    #[serde(default)]
    pub outcome: String,
}

impl ActivityBody {
    fn form(self) -> ActivityForm {
        ActivityForm {
            kind: self.kind,
            title: self.title,
            place: self.place,
            organiser: self.organiser,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            description: self.description,
            station: self.station.map(|s| s.to_string()),
            joint: self.joint.map(|j| j.to_string()),
            parties: self.parties,
            issue: self.issue,
            steps: self.steps,
            outcome: self.outcome,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RollLineView {
    pub person: i64,
    pub name: String,
    /// invited, signed_up, leave_requested, leave_approved, leave_refused, checked_in, absent.
    pub attendance: String,
    pub attendance_label: String,
    /// For the organiser and the deputy themself only.
    pub leave_reason: Option<String>,
    pub decision_note: Option<String>,
    pub checked_in_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityView {
    pub id: i64,
    pub congress_id: i64,
    pub congress_name: String,
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    pub place: String,
    pub organiser: String,
    pub starts_at: String,
    pub ends_at: String,
    pub description: String,
    pub cancelled: bool,
    pub station_id: Option<i64>,
    pub station_name: Option<String>,
    /// The other congresses holding it jointly.
    pub joint: Vec<i64>,
    pub report: Option<String>,
    pub report_published: bool,
    pub roll: Vec<RollLineView>,
    /// The photos' file hashes (`GET /activities/{id}/photos/{hash}`).
    pub photos: Vec<String>,
    /// How many an invitation newly invited (after `invite`).
    pub invited: Option<usize>,
}

async fn view(state: &AppState, s: &renda_store::users::Session, id: ActivityId) -> AppResult<ActivityView> {
    let a = state.store.activity(&actor(s), id).await?;
    let organiser = state.store.check_organiser(&actor(s), &a).await.is_ok();
    let roll = state.store.activity_roll(&actor(s), a.id).await?;
    let photos = state.store.activity_photos(&actor(s), a.id).await?;
    Ok(ActivityView {
        id: a.id.0,
        congress_id: a.congress.0,
        congress_name: a.congress_name.clone(),
        kind: a.kind.code().into(),
        kind_label: a.kind.label().into(),
        title: a.title.clone(),
        place: a.place.clone(),
        organiser: a.organiser.clone(),
        starts_at: show_time(&a.starts_at),
        ends_at: show_time(&a.ends_at),
        description: a.description.clone(),
        cancelled: a.cancelled,
        station_id: a.station.map(|o| o.0),
        station_name: a.station_name.clone(),
        joint: a.joint.iter().map(|(c, _)| c.0).collect(),
        report: a.report.clone(),
        report_published: a.report_published,
        roll: roll
            .into_iter()
            .map(|r| {
                let notes = organiser || s.user.role.deputy() == Some(r.person);
                RollLineView {
                    person: r.person.0,
                    name: r.name,
                    attendance: r.attendance.code().into(),
                    attendance_label: r.attendance.label().into(),
                    leave_reason: r.leave_reason.filter(|_| notes),
                    decision_note: r.decision_note.filter(|_| notes),
                    checked_in_at: r.checked_in_at.map(|t| format!("{t:.6}")),
                }
            })
            .collect(),
        photos: photos.into_iter().map(|(hash, _)| hash).collect(),
        invited: None,
    })
}

/// Organises an activity (staff of a congress), optionally held jointly with another congress.
#[utoipa::path(post, path = "/api/v1/activities", request_body = ActivityBody,
    responses((status = 201, body = ActivityView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    body: Result<ApiJson<ActivityBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let congress = staff_congress(s.user.role)?;
    let f = b.form();
    let new = f.parse()?;
    let joint = opt_id("joint", f.joint.as_deref())?.map(OrgId);
    let id = state.store.create_activity(&actor(&s), congress, &new).await?;
    if let Some(j) = joint {
        state.store.add_joint_congress(&actor(&s), id, j).await?;
    }
    Ok((StatusCode::CREATED, Json(view(&state, &s, id).await?)).into_response())
}

/// An activity with its roll, for whoever may see it (its congresses' staff, a deputy on its roll).
#[utoipa::path(get, path = "/api/v1/activities/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ActivityView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<ActivityView>> {
    Ok(Json(view(&state, &s, ActivityId(id)).await?))
}

/// Edits an activity (its organisers; not once cancelled). `joint` is not taken here: add a
/// joint host with the `joint` command.
#[utoipa::path(post, path = "/api/v1/activities/{id}", params(("id" = i64, Path)), request_body = ActivityBody,
    responses((status = 200, body = ActivityView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<ActivityBody>, AppError>,
) -> AppResult<Json<ActivityView>> {
    let ApiJson(b) = body?;
    let a = state.store.activity(&actor(&s), ActivityId(id)).await?;
    let new = b.form().parse()?;
    state.store.update_activity(&actor(&s), a.id, &new).await?;
    Ok(Json(view(&state, &s, a.id).await?))
}

/// A step of an activity's detail page:
/// the participation commands — `{"command": "sign_up"}`, `{"command": "request_leave", "reason": "…"}`
/// (a deputy's own), `{"command": "approve_leave", "person": 7}`, `{"command": "refuse_leave", "person": 7, "note": "…"}`,
/// `{"command": "check_in", "person": 7}`, `{"command": "mark_absent", "person": 7}` (the organiser's for a deputy; a
/// deputy checks in by scanning the organiser's code);
/// and the organiser's — `{"command": "cancel"}`, `{"command": "joint", "congress": 2}`,
/// `{"command": "invite", "persons": [7, 8]}` (or `"group": {"congress": 2, "delegation": "…"}`, or `"names": "张三、李四"`),
/// `{"command": "report", "report": "…", "published": true}`,
/// `{"command": "photos", "caption": "…"}` with the photos as files (multipart: this JSON as `body`, the photos as `files`).
#[derive(Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum ActivityCommand {
    SignUp {
        person: Option<i64>,
    },
    RequestLeave {
        person: Option<i64>,
        #[serde(default)]
        reason: String,
    },
    ApproveLeave {
        person: Option<i64>,
    },
    RefuseLeave {
        person: Option<i64>,
        #[serde(default)]
        note: String,
    },
    CheckIn {
        person: Option<i64>,
    },
    MarkAbsent {
        person: Option<i64>,
    },
    Cancel,
    Joint {
        congress: i64,
    },
    Invite {
        #[serde(default)]
        persons: Vec<i64>,
        #[serde(default)]
        group: Option<InviteGroup>,
        #[serde(default)]
        names: Option<String>,
    },
    Report {
        #[serde(default)]
        report: String,
        #[serde(default)]
        published: bool,
    },
    Photos {
        #[serde(default)]
        caption: String,
    },
}

/// A whole congress's deputies, or one delegation's.
#[derive(Deserialize, ToSchema)]
pub struct InviteGroup {
    pub congress: i64,
    #[serde(default)]
    pub delegation: Option<String>,
}

/// One step of the activity; the answer is the activity as it now stands.
#[utoipa::path(post, path = "/api/v1/activities/{id}/actions", params(("id" = i64, Path)),
    request_body(content((ActivityCommand = "application/json"), (FilesForm = "multipart/form-data"))),
    responses((status = 200, body = ActivityView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<JsonWithFiles<ActivityCommand>, AppError>,
) -> AppResult<Json<ActivityView>> {
    let JsonWithFiles(cmd, files) = body?;
    let id = ActivityId(id);
    let me = actor(&s);
    if !files.is_empty() && !matches!(cmd, ActivityCommand::Photos { .. }) {
        return Err(renda_core::ValidationError::new("files", "只有活动照片可以附加文件").into());
    }
    let mut invited = None;
    let step = |command: &'static str, person: Option<i64>| (command, person.map(PersonId));
    let participation = match cmd {
        ActivityCommand::SignUp { person } => Some((step("sign_up", person), String::new(), String::new())),
        ActivityCommand::RequestLeave { person, reason } => {
            Some((step("request_leave", person), reason, String::new()))
        }
        ActivityCommand::ApproveLeave { person } => Some((step("approve_leave", person), String::new(), String::new())),
        ActivityCommand::RefuseLeave { person, note } => Some((step("refuse_leave", person), String::new(), note)),
        ActivityCommand::CheckIn { person } => Some((step("check_in", person), String::new(), String::new())),
        ActivityCommand::MarkAbsent { person } => Some((step("mark_absent", person), String::new(), String::new())),
        ActivityCommand::Cancel => {
            state.store.cancel_activity(&me, id).await?;
            None
        }
        ActivityCommand::Joint { congress } => {
            state.store.add_joint_congress(&me, id, OrgId(congress)).await?;
            None
        }
        ActivityCommand::Invite { persons, group, names } => {
            let who = match (group, names) {
                (Some(g), _) => Invitees::Group { congress: OrgId(g.congress), delegation: g.delegation },
                (None, Some(n)) if persons.is_empty() => Invitees::Names(n),
                _ => Invitees::Persons(persons.into_iter().map(PersonId).collect()),
            };
            invited = Some(invite_whom(&state, &s, id, who).await?);
            None
        }
        ActivityCommand::Report { report, published } => {
            state.store.set_activity_report(&me, id, &report, published).await?;
            None
        }
        ActivityCommand::Photos { caption } => {
            state.store.attach_activity_photos(&me, id, &files, &caption).await?;
            None
        }
    };
    if let Some(((command, person), reason, note)) = participation {
        participate(&state, &s, id, command, person, reason, note).await?;
    }
    Ok(Json(ActivityView { invited, ..view(&state, &s, id).await? }))
}
