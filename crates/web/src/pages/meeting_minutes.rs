//! A meeting's 列席 and 旁听 lists, its speeches and its 简报 (issue 17), as sections of the
//! meeting page (`meeting_lists.html`, `meeting_speeches.html`) and the 简报's own printable page
//! (`meeting_bulletin.html`).
//!
//! On the clerk's desktop: the lists with their forms (kept until the meeting day), the
//! gallery's seats, each speech with the steps it allows — edit the draft, return it to the
//! speaker, record a written confirmation, return it once more —, which speeches still wait for
//! their speaker, and the 简报 assembled from the signed-off ones and published. On a member's
//! phone: the lists read-only, the speeches waiting for their sign-off (corrected and signed
//! there), and the published 简报. The buttons shown are those the core's `minutes::apply`
//! accepts for this reader; the store checks again on the write.

use super::oversight::Fields;
use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ValidationError;
use renda_core::ids::{AttendeeId, BulletinId, MeetingId, PersonId, SpeechId, VisitorId, VoteId};
use renda_core::meeting::minutes::{self, AttendeeKind, BulletinState, Command, Facts, Speaker, Speech, SpeechState};
use renda_core::policy::Role;
use renda_store::meetings::MeetingView;
use renda_store::meetings::minutes::{
    BulletinRow, BulletinView, MinutesView, NewAttendee, NewBulletin, NewSpeech, NewVisitor, SpeechRow,
};
use renda_store::users::Session;

/// What the meeting page shows of the lists, speeches and 简报 (its sub-templates read it as
/// `minutes`).
pub struct Minutes {
    pub v: MinutesView,
    /// The clerk of the meeting's congress: the forms.
    pub may_run: bool,
    /// The reader's role, for the steps each speech allows them.
    pub role: Role,
    /// The lists still change (until the meeting day).
    pub lists_open: bool,
    pub kinds: Vec<(&'static str, &'static str)>,
    /// Who may be recorded as speaking: `m:<person>` for a member, `a:<attendee>` for a 列席
    /// entry, with the name shown.
    pub speakers: Vec<(String, String)>,
    /// The agenda's items a speech may be on.
    pub items: Vec<(i64, String)>,
}

/// The steps a reader may take on one speech now.
#[derive(Clone, Copy, Debug, Default)]
pub struct Steps {
    pub edit: bool,
    pub send_back: bool,
    pub correct: bool,
    pub sign_off: bool,
    pub written: bool,
    pub reopen: bool,
}

impl Minutes {
    pub async fn load(state: &AppState, s: &Session, meeting: &MeetingView, may_run: bool) -> AppResult<Minutes> {
        let v = state.store.minutes(&actor(s), meeting.meeting.id).await?;
        let mut speakers: Vec<(String, String)> = meeting
            .attendance
            .iter()
            .map(|a| (format!("m:{}", a.person.0), format!("{}（{}）", a.name, a.role.label())))
            .collect();
        speakers.extend(v.attendees.iter().map(|a| {
            (
                format!("a:{}", a.id.0),
                format!("{}（列席：{}{}）", a.attendee.name, a.attendee.organisation, a.attendee.post),
            )
        }));
        Ok(Minutes {
            lists_open: state.today() <= meeting.meeting.held_on,
            may_run,
            role: s.user.role,
            kinds: AttendeeKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
            speakers,
            items: meeting.items.iter().map(|i| (i.id.0, i.title.clone())).collect(),
            v,
        })
    }

    /// The steps the core's transition function accepts from this reader on `s`.
    pub fn steps(&self, s: &SpeechRow) -> Steps {
        let speech = Speech::from_stored(s.state, s.speaker, s.text.clone(), s.written);
        let facts = Facts { role: self.role, frozen: s.frozen };
        let ok = |c: Command| minutes::apply(&speech, &c, &facts).is_ok();
        Steps {
            edit: ok(Command::Edit { text: s.text.clone() }),
            send_back: ok(Command::SendBack),
            correct: ok(Command::Correct { text: s.text.clone() }),
            sign_off: ok(Command::SignOff { text: None, written: false }),
            written: ok(Command::SignOff { text: None, written: true }),
            reopen: ok(Command::Reopen),
        }
    }

    /// The speeches returned to the reader that wait for their sign-off.
    pub fn mine_waiting(&self) -> Vec<&SpeechRow> {
        self.v.speeches.iter().filter(|s| s.state == SpeechState::SentBack && self.steps(s).sign_off).collect()
    }

    /// How many speeches wait for their speaker.
    pub fn waiting(&self) -> usize {
        self.v.speeches.iter().filter(|s| s.state == SpeechState::SentBack).count()
    }

    /// The signed-off speeches a 简报 may take.
    pub fn signed_off(&self) -> Vec<&SpeechRow> {
        self.v.speeches.iter().filter(|s| s.state == SpeechState::SignedOff).collect()
    }

    pub fn is_draft(&self, b: &BulletinRow) -> bool {
        b.state == BulletinState::Draft
    }

    /// The seats left in a capped gallery.
    pub fn seats_left(&self) -> Option<usize> {
        self.v.gallery_seats.map(|s| (s as usize).saturating_sub(self.v.visitors.len()))
    }
}

/// 第3期, or that a draft is numbered when published.
pub fn issue_of(b: &BulletinRow) -> String {
    b.number.map_or_else(|| "（发布时编号）".to_owned(), minutes::issue_label)
}

/// `m:12` or `a:3`.
fn speaker_of(raw: &str) -> AppResult<Speaker> {
    let bad = || AppError::from(ValidationError::new("speaker", "请选择发言人"));
    let (kind, id) = raw.trim().split_once(':').ok_or_else(bad)?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    match kind {
        "m" => Ok(Speaker::Member(PersonId(id))),
        "a" => Ok(Speaker::Attendee(AttendeeId(id))),
        _ => Err(bad()),
    }
}

fn back(meeting: MeetingId, anchor: &str) -> String {
    format!("/meetings/{}#{anchor}", meeting.0)
}

// ---- 列席 and 旁听 ----------------------------------------------------------------------------

pub async fn add_attendee(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let kind = AttendeeKind::from_code(f.get("kind")).ok_or_else(|| ValidationError::new("kind", "请选择列席类别"))?;
    let new = NewAttendee {
        kind,
        name: f.get("name").to_owned(),
        organisation: f.get("organisation").to_owned(),
        post: f.get("post").to_owned(),
    };
    state.store.add_attendee(&actor(&s), MeetingId(id), &new).await?;
    Ok(done(&back(MeetingId(id), "lists"), "attendee_added"))
}

pub async fn remove_attendee(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let meeting = state.store.remove_attendee(&actor(&s), AttendeeId(id)).await?;
    Ok(done(&back(meeting, "lists"), "attendee_removed"))
}

/// The gallery's seats; empty: not capped.
pub async fn gallery(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let seats = match f.get("gallery_seats").trim() {
        "" => None,
        raw => Some(raw.parse::<u32>().map_err(|_| ValidationError::new("gallery_seats", "旁听席位数应为整数"))?),
    };
    state.store.set_gallery_seats(&actor(&s), MeetingId(id), seats).await?;
    Ok(done(&back(MeetingId(id), "lists"), "gallery_set"))
}

pub async fn add_visitor(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let new = NewVisitor { name: f.get("name").to_owned(), phone: f.get("phone").to_owned() };
    state.store.add_visitor(&actor(&s), MeetingId(id), &new).await?;
    Ok(done(&back(MeetingId(id), "lists"), "visitor_added"))
}

pub async fn remove_visitor(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let meeting = state.store.remove_visitor(&actor(&s), VisitorId(id)).await?;
    Ok(done(&back(meeting, "lists"), "visitor_removed"))
}

// ---- speeches -------------------------------------------------------------------------------

/// The clerk records a speech (a draft).
pub async fn record_speech(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let new = NewSpeech {
        speaker: speaker_of(f.get("speaker"))?,
        item: f.opt_int("item")?.map(VoteId),
        text: f.get("text").to_owned(),
    };
    state.store.record_speech(&actor(&s), MeetingId(id), &new).await?;
    Ok(done(&back(MeetingId(id), "speeches"), "speech_recorded"))
}

/// One step of a speech: `do` is `edit`, `send_back`, `correct`, `sign_off`, `written` (the
/// clerk records a written confirmation) or `reopen`; `text` where the step takes one.
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let text = f.get("text").to_owned();
    let (command, notice) = match f.get("do") {
        "edit" => (Command::Edit { text }, "speech_edited"),
        "send_back" => (Command::SendBack, "speech_sent_back"),
        "correct" => (Command::Correct { text }, "speech_corrected"),
        "sign_off" => {
            (Command::SignOff { text: Some(text).filter(|t| !t.is_empty()), written: false }, "speech_signed")
        }
        "written" => (Command::SignOff { text: None, written: true }, "speech_confirmed"),
        "reopen" => (Command::Reopen, "speech_reopened"),
        _ => return Err(ValidationError::new("do", "请选择要办理的事项").into()),
    };
    let row = state.store.act_on_speech(&actor(&s), SpeechId(id), &command).await?;
    Ok(done(&back(row.meeting, &format!("speech-{id}")), notice))
}

// ---- the 简报 -------------------------------------------------------------------------------

/// The clerk assembles a 简报 from the speeches ticked.
pub async fn create_bulletin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let speeches = f
        .all("speeches")
        .iter()
        .map(|raw| raw.trim().parse::<i64>().map(SpeechId))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| ValidationError::new("speeches", "请选择要编入简报的发言"))?;
    let new = NewBulletin { title: f.get("title").to_owned(), speeches };
    let b = state.store.create_bulletin(&actor(&s), MeetingId(id), &new).await?;
    Ok(done(&format!("/meetings/bulletins/{}", b.0), "bulletin_created"))
}

pub async fn publish_bulletin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    super::check_confirmed(&body, renda_core::confirm::Irreversible::PublishBulletin)?;
    state.store.publish_bulletin(&actor(&s), BulletinId(id)).await?;
    Ok(done(&format!("/meetings/bulletins/{id}"), "bulletin_published"))
}

pub async fn discard_bulletin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let meeting = state.store.discard_bulletin(&actor(&s), BulletinId(id)).await?;
    Ok(done(&back(meeting, "bulletins"), "bulletin_discarded"))
}

/// A 简报 to read on a phone or print: the masthead, its number, the speeches in order.
#[derive(Template)]
#[template(path = "meeting_bulletin.html")]
pub struct BulletinPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub b: BulletinView,
    pub issue: String,
    /// The clerk of the meeting's congress: publish or discard a draft.
    pub may_run: bool,
}

impl BulletinPage {
    pub fn is_draft(&self) -> bool {
        self.b.bulletin.state == BulletinState::Draft
    }

    /// Published on, as people read it.
    pub fn published_on(&self) -> String {
        self.b.bulletin.published_at.map_or_else(String::new, |t| {
            let d = renda_core::clock::beijing(t).date();
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        })
    }
}

pub async fn show_bulletin(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let b = state.store.bulletin(&actor(&s), BulletinId(id)).await?;
    let may_run = super::own_staff(s.user.role, b.meeting.congress)
        && super::may_in(
            &state,
            &s,
            renda_core::policy::Action::Edit,
            renda_core::policy::Resource::Meeting,
            b.meeting.congress,
        )
        .await?;
    let title = format!("简报{} · {}", issue_of(&b.bulletin), b.bulletin.title);
    render(&BulletinPage {
        ctx: Ctx::new(&state, Some(&s), &title, "/meetings"),
        notice: notice_text(q.notice.as_deref()),
        issue: issue_of(&b.bulletin),
        b,
        may_run,
    })
}
