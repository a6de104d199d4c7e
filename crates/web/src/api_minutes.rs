//! A meeting's 列席 and 旁听 lists, its speeches and its 简报 in the API (issue 17), the twins
//! of `pages::meeting_minutes`: `GET /api/v1/meetings/{id}/minutes`, the lists
//! (`…/attendees`, `…/visitors`, `…/gallery`, `/api/v1/meeting-attendees/{id}/remove`,
//! `/api/v1/meeting-visitors/{id}/remove`), speeches (`…/speeches`,
//! `/api/v1/meeting-speeches/{id}/actions`) and the 简报 (`…/bulletins`,
//! `/api/v1/meeting-bulletins/{id}`, `…/publish`, `…/discard`). The rules and their codes are
//! the core's `meeting::minutes` through the store: 403 `not_the_speaker` for a sign-off by
//! anyone but the speaker, 409 `speech_not_signed_off` naming the speech a 简报 cannot take,
//! 409 `speech_frozen` and `bulletin_published` once published, 409 `gallery_full`.

use crate::AppState;
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::pages::actor;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renda_core::ValidationError;
use renda_core::ids::{AttendeeId, BulletinId, MeetingId, PersonId, SpeechId, VisitorId, VoteId};
use renda_core::meeting::minutes::{self, AttendeeKind, Command, Speaker};
use renda_store::meetings::minutes::{
    AttendeeRow, BulletinRow, MinutesView, NewAttendee, NewBulletin, NewSpeech, NewVisitor, SpeechRow, VisitorRow,
};
use renda_store::users::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// ---- views ----------------------------------------------------------------------------------

/// One entry of the 列席 list.
#[derive(Serialize, ToSchema)]
pub struct AttendeeView {
    pub id: i64,
    /// government, supervision, court, procuratorate, deputy or other.
    pub kind: String,
    pub kind_label: String,
    pub name: String,
    pub organisation: String,
    pub post: String,
}

fn attendee_view(a: &AttendeeRow) -> AttendeeView {
    AttendeeView {
        id: a.id.0,
        kind: a.attendee.kind.code().into(),
        kind_label: a.attendee.kind.label().into(),
        name: a.attendee.name.clone(),
        organisation: a.attendee.organisation.clone(),
        post: a.attendee.post.clone(),
    }
}

/// A citizen in the gallery; the phone only for the congress's own staff.
#[derive(Serialize, ToSchema)]
pub struct VisitorView {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
}

fn visitor_view(v: &VisitorRow) -> VisitorView {
    VisitorView { id: v.id.0, name: v.name.clone(), phone: v.phone.clone() }
}

/// Who spoke: `{"type": "member", "id": <person>}` or `{"type": "attendee", "id": <列席 entry>}`.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SpeakerBody {
    /// member or attendee.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
}

/// A speech and where its record stands with the speaker.
#[derive(Serialize, ToSchema)]
pub struct SpeechView {
    pub id: i64,
    pub meeting_id: i64,
    /// The agenda item it is on; absent: the meeting in general.
    pub item_id: Option<i64>,
    pub item_title: Option<String>,
    pub speaker: SpeakerBody,
    pub speaker_name: String,
    /// A member's place (委员), or a 列席 entry's organisation and post.
    pub speaker_note: String,
    pub text: String,
    /// draft, sent_back (waiting for the speaker) or signed_off.
    pub state: String,
    pub state_label: String,
    /// Signed off by the clerk on the speaker's written confirmation.
    pub written: bool,
    /// In a published 简报: it changes no more.
    pub frozen: bool,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub signed_off_at: Option<String>,
}

fn speaker_view(s: Speaker) -> SpeakerBody {
    match s {
        Speaker::Member(p) => SpeakerBody { kind: "member".into(), id: p.0 },
        Speaker::Attendee(a) => SpeakerBody { kind: "attendee".into(), id: a.0 },
    }
}

fn speech_view(s: &SpeechRow) -> SpeechView {
    SpeechView {
        id: s.id.0,
        meeting_id: s.meeting.0,
        item_id: s.item.map(|i| i.0),
        item_title: s.item_title.clone(),
        speaker: speaker_view(s.speaker),
        speaker_name: s.speaker_name.clone(),
        speaker_note: s.speaker_note.clone(),
        text: s.text.clone(),
        state: s.state.code().into(),
        state_label: s.state.label().into(),
        written: s.written,
        frozen: s.frozen,
        recorded_at: s.recorded_at.to_string(),
        signed_off_at: s.signed_off_at.map(|t| t.to_string()),
    }
}

/// A 简报: a draft, or published with its number (第N期 of the congress's year).
#[derive(Serialize, ToSchema)]
pub struct BulletinView {
    pub id: i64,
    pub meeting_id: i64,
    pub title: String,
    /// draft or published.
    pub state: String,
    pub state_label: String,
    pub year: Option<i64>,
    pub number: Option<i64>,
    /// 第3期, once published.
    pub issue: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: Option<String>,
    /// Its speeches, in the order printed.
    pub speech_ids: Vec<i64>,
}

fn bulletin_view(b: &BulletinRow) -> BulletinView {
    BulletinView {
        id: b.id.0,
        meeting_id: b.meeting.0,
        title: b.title.clone(),
        state: b.state.code().into(),
        state_label: b.state.label().into(),
        year: b.year,
        number: b.number,
        issue: b.number.map(minutes::issue_label),
        published_at: b.published_at.map(|t| t.to_string()),
        speech_ids: b.speeches.iter().map(|s| s.0).collect(),
    }
}

/// What the reader may see of a meeting's lists, speeches and 简报: staff every speech and
/// every 简报; a member their own speeches once returned to them and the published 简报.
#[derive(Serialize, ToSchema)]
pub struct MinutesDetailView {
    pub meeting_id: i64,
    /// The gallery's seats; absent: not capped.
    pub gallery_seats: Option<u32>,
    pub attendees: Vec<AttendeeView>,
    pub visitors: Vec<VisitorView>,
    pub speeches: Vec<SpeechView>,
    pub bulletins: Vec<BulletinView>,
}

fn minutes_view(v: &MinutesView) -> MinutesDetailView {
    MinutesDetailView {
        meeting_id: v.meeting.0,
        gallery_seats: v.gallery_seats,
        attendees: v.attendees.iter().map(attendee_view).collect(),
        visitors: v.visitors.iter().map(visitor_view).collect(),
        speeches: v.speeches.iter().map(speech_view).collect(),
        bulletins: v.bulletins.iter().map(bulletin_view).collect(),
    }
}

async fn minutes_of(state: &AppState, s: &Session, meeting: MeetingId) -> AppResult<MinutesDetailView> {
    Ok(minutes_view(&state.store.minutes(&actor(s), meeting).await?))
}

/// A 简报 to read, with its speeches in order.
#[derive(Serialize, ToSchema)]
pub struct BulletinDetailView {
    pub bulletin: BulletinView,
    pub meeting_title: String,
    /// The congress that issues it.
    pub congress_name: String,
    pub speeches: Vec<SpeechView>,
}

// ---- reads ----------------------------------------------------------------------------------

/// A meeting's lists, speeches and 简报, for whoever reads the meeting (404 for anyone else).
#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes", params(("id" = i64, Path)),
    responses((status = 200, body = MinutesDetailView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MinutesDetailView>> {
    Ok(Json(minutes_of(&state, &s, MeetingId(id)).await?))
}

/// A 简报 with its speeches: published, for the members of the meeting's body; a draft only for
/// staff (404 for anyone else).
#[utoipa::path(get, path = "/api/v1/meeting-bulletins/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = BulletinDetailView), (status = 404, body = ErrorBody)))]
pub async fn bulletin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<BulletinDetailView>> {
    let b = state.store.bulletin(&actor(&s), BulletinId(id)).await?;
    Ok(Json(BulletinDetailView {
        bulletin: bulletin_view(&b.bulletin),
        meeting_title: b.meeting.title.clone(),
        congress_name: b.congress_name.clone(),
        speeches: b.speeches.iter().map(speech_view).collect(),
    }))
}

// ---- 列席 and 旁听 ----------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct AttendeeBody {
    /// government, supervision, court, procuratorate, deputy or other.
    pub kind: String,
    pub name: String,
    pub organisation: String,
    #[serde(default)]
    pub post: String,
}

/// Adds an entry to the 列席 list (201), until the meeting day (then 409 `wrong_state`).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendees", params(("id" = i64, Path)), request_body = AttendeeBody,
    responses((status = 201, body = AttendeeView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_attendee(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<AttendeeBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let kind = AttendeeKind::from_code(b.kind.trim()).ok_or_else(|| {
        let allowed: Vec<String> = AttendeeKind::ALL.iter().map(|k| format!("{}（{}）", k.label(), k.code())).collect();
        ValidationError::new("kind", format!("列席类别“{}”有误，应为：{}", b.kind, allowed.join("、")))
    })?;
    let new = NewAttendee { kind, name: b.name, organisation: b.organisation, post: b.post };
    let added = state.store.add_attendee(&actor(&s), MeetingId(id), &new).await?;
    let v = state.store.minutes(&actor(&s), MeetingId(id)).await?;
    let row =
        v.attendees.iter().find(|a| a.id == added).ok_or_else(|| AppError::of(renda_core::ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(attendee_view(row))).into_response())
}

/// Takes an entry off the 列席 list (then the meeting's minutes); one who has spoken stays
/// (409 `wrong_state`).
#[utoipa::path(post, path = "/api/v1/meeting-attendees/{id}/remove", params(("id" = i64, Path)),
    responses((status = 200, body = MinutesDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn remove_attendee(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MinutesDetailView>> {
    let meeting = state.store.remove_attendee(&actor(&s), AttendeeId(id)).await?;
    Ok(Json(minutes_of(&state, &s, meeting).await?))
}

/// The gallery's seats; `null` (or absent): not capped.
#[derive(Deserialize, ToSchema)]
pub struct GalleryBody {
    pub seats: Option<u32>,
}

/// Sets the gallery's seats (0–1000, not fewer than the citizens registered: 422 naming
/// `gallery_seats`).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/gallery", params(("id" = i64, Path)), request_body = GalleryBody,
    responses((status = 200, body = MinutesDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn gallery(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<GalleryBody>, AppError>,
) -> AppResult<Json<MinutesDetailView>> {
    let ApiJson(b) = body?;
    state.store.set_gallery_seats(&actor(&s), MeetingId(id), b.seats).await?;
    Ok(Json(minutes_of(&state, &s, MeetingId(id)).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct VisitorBody {
    pub name: String,
    /// A mobile or a landline with its area code; may be absent.
    #[serde(default)]
    pub phone: String,
}

/// Registers a citizen for the gallery (201); beyond the meeting's seats 409 `gallery_full`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/visitors", params(("id" = i64, Path)), request_body = VisitorBody,
    responses((status = 201, body = VisitorView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_visitor(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<VisitorBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let added =
        state.store.add_visitor(&actor(&s), MeetingId(id), &NewVisitor { name: b.name, phone: b.phone }).await?;
    let v = state.store.minutes(&actor(&s), MeetingId(id)).await?;
    let row = v.visitors.iter().find(|x| x.id == added).ok_or_else(|| AppError::of(renda_core::ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(visitor_view(row))).into_response())
}

/// Takes a citizen off the gallery list (then the meeting's minutes).
#[utoipa::path(post, path = "/api/v1/meeting-visitors/{id}/remove", params(("id" = i64, Path)),
    responses((status = 200, body = MinutesDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn remove_visitor(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MinutesDetailView>> {
    let meeting = state.store.remove_visitor(&actor(&s), VisitorId(id)).await?;
    Ok(Json(minutes_of(&state, &s, meeting).await?))
}

// ---- speeches -------------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct SpeechBody {
    pub speaker: SpeakerBody,
    /// The agenda item; absent: the meeting in general.
    pub item_id: Option<i64>,
    pub text: String,
}

fn speaker_of(b: &SpeakerBody) -> AppResult<Speaker> {
    match b.kind.trim() {
        "member" => Ok(Speaker::Member(PersonId(b.id))),
        "attendee" => Ok(Speaker::Attendee(AttendeeId(b.id))),
        other => Err(ValidationError::new(
            "speaker.type",
            format!("发言人类别“{other}”有误，应为：组成人员（member）、列席人员（attendee）"),
        )
        .into()),
    }
}

/// The clerk records a speech, as a draft (201): by a member of the body or a 列席 entry (422
/// naming `speaker` otherwise), on an agenda item of the meeting or the meeting in general.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/speeches", params(("id" = i64, Path)), request_body = SpeechBody,
    responses((status = 201, body = SpeechView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_speech(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<SpeechBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let new = NewSpeech { speaker: speaker_of(&b.speaker)?, item: b.item_id.map(VoteId), text: b.text };
    let speech = state.store.record_speech(&actor(&s), MeetingId(id), &new).await?;
    let v = state.store.minutes(&actor(&s), MeetingId(id)).await?;
    let row =
        v.speeches.iter().find(|x| x.id == speech).ok_or_else(|| AppError::of(renda_core::ErrorCode::NotFound))?;
    Ok((StatusCode::CREATED, Json(speech_view(row))).into_response())
}

/// A step of a speech. `action`: `edit` (the clerk, a draft; `text`), `send_back` (the clerk:
/// to the speaker), `correct` (the speaker; `text`), `sign_off` (the speaker, with a last
/// correction in `text` if any; or the clerk with `written: true`, the speaker's written
/// confirmation), `reopen` (the clerk: back to the speaker once more).
#[derive(Deserialize, ToSchema)]
pub struct SpeechActionBody {
    pub action: String,
    pub text: Option<String>,
    #[serde(default)]
    pub written: bool,
}

fn command_of(b: SpeechActionBody) -> AppResult<Command> {
    let text = |t: Option<String>| t.ok_or_else(|| AppError::from(ValidationError::new("text", "请填写发言内容。")));
    Ok(match b.action.trim() {
        "edit" => Command::Edit { text: text(b.text)? },
        "send_back" => Command::SendBack,
        "correct" => Command::Correct { text: text(b.text)? },
        "sign_off" => Command::SignOff { text: b.text, written: b.written },
        "reopen" => Command::Reopen,
        other => {
            return Err(ValidationError::new(
                "action",
                format!("办理事项“{other}”有误，应为：edit、send_back、correct、sign_off、reopen"),
            )
            .into());
        }
    })
}

/// One step of a speech (the speech as it now is). A sign-off or correction by anyone but the
/// speaker is 403 `not_the_speaker`; a step its state does not allow 409 `wrong_state`; any
/// step on a speech in a published 简报 409 `speech_frozen`.
#[utoipa::path(post, path = "/api/v1/meeting-speeches/{id}/actions", params(("id" = i64, Path)), request_body = SpeechActionBody,
    responses((status = 200, body = SpeechView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<SpeechActionBody>, AppError>,
) -> AppResult<Json<SpeechView>> {
    let ApiJson(b) = body?;
    let row = state.store.act_on_speech(&actor(&s), SpeechId(id), &command_of(b)?).await?;
    Ok(Json(speech_view(&row)))
}

// ---- the 简报 -------------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct NewBulletinBody {
    pub title: String,
    /// The speeches, in the order printed: signed off, of this meeting.
    pub speech_ids: Vec<i64>,
}

/// Assembles a draft 简报 (201). A speech not signed off is 409 `speech_not_signed_off`, its
/// message naming it; none at all 422 `empty_bulletin`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/bulletins", params(("id" = i64, Path)), request_body = NewBulletinBody,
    responses((status = 201, body = BulletinView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_bulletin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Result<ApiJson<NewBulletinBody>, AppError>,
) -> AppResult<Response> {
    let ApiJson(b) = body?;
    let new = NewBulletin { title: b.title, speeches: b.speech_ids.into_iter().map(SpeechId).collect() };
    let created = state.store.create_bulletin(&actor(&s), MeetingId(id), &new).await?;
    let v = state.store.bulletin(&actor(&s), created).await?;
    Ok((StatusCode::CREATED, Json(bulletin_view(&v.bulletin))).into_response())
}

/// Publishes a draft 简报 to the members, numbered 第N期 of the congress's year; its speeches
/// are checked again (409 `speech_not_signed_off`) and frozen. Published already: 409
/// `bulletin_published`.
#[utoipa::path(post, path = "/api/v1/meeting-bulletins/{id}/publish", params(("id" = i64, Path)),
    responses((status = 200, body = BulletinView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<BulletinView>> {
    Ok(Json(bulletin_view(&state.store.publish_bulletin(&actor(&s), BulletinId(id)).await?)))
}

/// Discards a draft 简报 (then the meeting's minutes); a published one stays (409
/// `bulletin_published`).
#[utoipa::path(post, path = "/api/v1/meeting-bulletins/{id}/discard", params(("id" = i64, Path)),
    responses((status = 200, body = MinutesDetailView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn discard(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Json<MinutesDetailView>> {
    let meeting = state.store.discard_bulletin(&actor(&s), BulletinId(id)).await?;
    Ok(Json(minutes_of(&state, &s, meeting).await?))
}
