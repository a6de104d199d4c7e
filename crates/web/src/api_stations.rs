//! `/api/v1/stations/{id}/actions`: managing a liaison station in the API — its profile, its
//! deputies, the reception days and the opinions heard at one — one tagged command for each
//! form of the station's management page, with the page's rules and codes.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::actor;
use crate::pages::liaison::stations::{ReceptionInput, new_reception, reception_of};
use axum::extract::State;
use renda_core::ids::{OrgId, PersonId, ReceptionId};
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::station::StationForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A step of a station's management:
/// `{"command": "profile", "address": "…", "opening_hours": "…", "reception_days": "…", "phone": "…", "intro": "…"}`,
/// `{"command": "attach", "person": 7}`, `{"command": "detach", "person": 7}`,
/// `{"command": "schedule", "on": "2026-03-20", "starts": "9:00", "ends": "11:30", "topic": "…", "deputies": [7, 8]}`,
/// `{"command": "cancel", "reception": 3, "reason": "…"}`, `{"command": "hold", "reception": 3, "visitors": 12}`,
/// `{"command": "notice", "notice_days": 7}`,
/// `{"command": "record_opinion", "reception": 3, "content": "…", "title": "…", "name": "…", "phone": "…", "consent_to_publish": false}`.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum StationCommand {
    Profile {
        #[serde(default)]
        address: String,
        #[serde(default)]
        opening_hours: String,
        #[serde(default)]
        reception_days: String,
        #[serde(default)]
        phone: String,
        #[serde(default)]
        intro: String,
    },
    Attach {
        person: i64,
    },
    Detach {
        person: i64,
    },
    Schedule {
        on: String,
        starts: String,
        ends: String,
        #[serde(default)]
        topic: String,
        deputies: Vec<i64>,
    },
    Cancel {
        reception: i64,
        #[serde(default)]
        reason: String,
    },
    Hold {
        reception: i64,
        visitors: u32,
    },
    Notice {
        notice_days: u32,
    },
    RecordOpinion {
        reception: i64,
        #[serde(default)]
        title: String,
        content: String,
        #[serde(default)]
        name: String,
        #[serde(default)]
        phone: String,
        #[serde(default)]
        consent_to_publish: bool,
    },
}

/// What a step made: the reception scheduled, or the opinion recorded with its receipt code.
#[derive(Serialize, ToSchema, Default)]
pub struct StationActionView {
    pub reception_id: Option<i64>,
    pub opinion_id: Option<i64>,
    pub receipt: Option<String>,
}

/// One step of managing the station (staff of its congress).
#[utoipa::path(post, path = "/api/v1/stations/{id}/actions", params(("id" = i64, Path)), request_body = StationCommand,
    responses((status = 200, body = StationActionView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<StationCommand>, AppError>,
) -> AppResult<Json<StationActionView>> {
    let ApiJson(cmd) = body?;
    let station = OrgId(id);
    let me = actor(&s);
    let today = state.today();
    let info = state.store.station_info(station).await?;
    let mut made = StationActionView::default();
    match cmd {
        StationCommand::Profile { address, opening_hours, reception_days, phone, intro } => {
            let typed = StationForm { address, opening_hours, reception_days, phone, intro };
            let p = typed.validate().map_err(AppError::of_fields)?;
            state.store.set_station_profile(&me, station, &p).await?;
        }
        StationCommand::Attach { person } => {
            state.store.attach_station_deputy(&me, station, PersonId(person), today).await?
        }
        StationCommand::Detach { person } => state.store.detach_station_deputy(&me, station, PersonId(person)).await?,
        StationCommand::Schedule { on, starts, ends, topic, deputies } => {
            let new = new_reception(&ReceptionInput { on, starts, ends, topic, deputies })?;
            made.reception_id = Some(state.store.schedule_reception(&me, station, &new, today).await?.0);
        }
        StationCommand::Cancel { reception, reason } => {
            let rid = reception_of(&state, station, ReceptionId(reception)).await?;
            state.store.cancel_reception(&me, rid, &reason).await?;
        }
        StationCommand::Hold { reception, visitors } => {
            let rid = reception_of(&state, station, ReceptionId(reception)).await?;
            if visitors > 10_000 {
                return Err(renda_core::ValidationError::new("visitors", "请填写接待群众人数（0至10000）。").into());
            }
            state.store.hold_reception(&me, rid, visitors, today).await?;
        }
        StationCommand::Notice { notice_days } => {
            state.store.set_reception_notice(&me, info.congress, notice_days).await?;
        }
        StationCommand::RecordOpinion { reception, title, content, name, phone, consent_to_publish } => {
            let rid = reception_of(&state, station, ReceptionId(reception)).await?;
            let typed = OpinionForm { title, content, name, phone, consent_to_publish };
            let checked = typed.validate().map_err(AppError::of_fields)?;
            let (opinion, receipt) = state.store.record_reception_opinion(&me, rid, &checked, today).await?;
            made.opinion_id = Some(opinion.0);
            made.receipt = Some(receipt.grouped());
        }
    }
    Ok(Json(made))
}
