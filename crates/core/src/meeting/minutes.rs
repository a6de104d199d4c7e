//! Who else is at a meeting and what was said there (issue 17): the 列席 list and the public
//! gallery (旁听), the speeches (发言) the clerk records and returns to each speaker for sign-off,
//! and the 简报 assembled from signed-off speeches and published to the members.
//!
//! A speech is data plus one transition function ([`apply`]):
//!
//! ```text
//! 草稿 ──SendBack──→ 待发言人确认 ──SignOff──→ 已确认
//!  ↺ Edit (clerk)     ↺ Correct (speaker)         │
//!                     ←──── Reopen (clerk) ───────┘   (nothing once in a published 简报)
//! ```
//!
//! Only the speaker signs off — a member, on their phone — or the clerk records that the speaker
//! confirmed in writing (`written`), which is the only way for a 列席 speaker, who has no account.
//! A 简报 takes signed-off speeches of its own meeting only ([`check_assembly`]), is checked again
//! when published ([`check_publish`]), numbered then (第N期, per congress per year:
//! [`next_number`]) and frozen — and so is every speech in it ([`Facts::frozen`]).
//!
//! The lists change until the meeting day ([`check_list_open`]); a congress may cap a meeting's
//! gallery ([`check_visitor`], [`check_gallery_seats`]).

use crate::ids::{AttendeeId, MeetingId, PersonId, SpeechId, VoteId};
use crate::policy::Role;
use crate::value::{PersonName, Phone};
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

// ---- 列席 and 旁听 ----------------------------------------------------------------------------

/// Whom a 列席 entry stands for: the heads (or representatives) of the bodies that answer to the
/// congress, deputies invited to sit in, and anyone else the meeting invites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeKind {
    /// 人民政府.
    Government,
    /// 监察委员会.
    Supervision,
    /// 人民法院.
    Court,
    /// 人民检察院.
    Procuratorate,
    /// A deputy invited to sit in (列席的人大代表).
    Deputy,
    Other,
}

impl AttendeeKind {
    pub const ALL: [AttendeeKind; 6] = [
        AttendeeKind::Government,
        AttendeeKind::Supervision,
        AttendeeKind::Court,
        AttendeeKind::Procuratorate,
        AttendeeKind::Deputy,
        AttendeeKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AttendeeKind::Government => "government",
            AttendeeKind::Supervision => "supervision",
            AttendeeKind::Court => "court",
            AttendeeKind::Procuratorate => "procuratorate",
            AttendeeKind::Deputy => "deputy",
            AttendeeKind::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AttendeeKind::Government => "人民政府",
            AttendeeKind::Supervision => "监察委员会",
            AttendeeKind::Court => "人民法院",
            AttendeeKind::Procuratorate => "人民检察院",
            AttendeeKind::Deputy => "受邀列席的代表",
            AttendeeKind::Other => "其他人员",
        }
    }
}

/// The longest organisation and post of a 列席 entry, in characters.
pub const MAX_ORGANISATION: usize = 60;
pub const MAX_POST: usize = 60;
/// The most gallery seats a meeting may set.
pub const MAX_GALLERY: u32 = 1000;

/// One entry of the 列席 list, as kept: trimmed; the post may be empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub kind: AttendeeKind,
    pub name: String,
    pub organisation: String,
    pub post: String,
}

fn name_of(raw: &str) -> Result<String, Refusal> {
    PersonName::parse(raw).map(|n| n.as_str().to_owned()).map_err(|e| Refusal::invalid("name", e.message))
}

/// `raw` trimmed, at most `max` characters, not empty when `required`.
fn bounded(field: &'static str, label: &str, raw: &str, max: usize, required: bool) -> Result<String, Refusal> {
    let s = raw.trim();
    if required && s.is_empty() {
        return Err(Refusal::new(ErrorCode::Required, format!("请填写{label}。")).at(field));
    }
    if s.chars().count() > max {
        return Err(Refusal::invalid(field, format!("{label}不能超过{max}个字。")));
    }
    Ok(s.to_owned())
}

/// A 列席 entry, checked: a name, the organisation, the post if any.
pub fn check_attendee(kind: AttendeeKind, name: &str, organisation: &str, post: &str) -> Result<Attendee, Refusal> {
    Ok(Attendee {
        kind,
        name: name_of(name)?,
        organisation: bounded("organisation", "单位", organisation, MAX_ORGANISATION, true)?,
        post: bounded("post", "职务", post, MAX_POST, false)?,
    })
}

/// The 列席 and 旁听 lists change until the end of the meeting day, not after.
pub fn check_list_open(held_on: Date, today: Date) -> Result<(), Refusal> {
    if today > held_on {
        return Err(Refusal::new(ErrorCode::WrongState, "会议已经举行，列席和旁听名单不能再修改。"));
    }
    Ok(())
}

/// A 列席 entry who has spoken stays on the list: their speeches name them.
pub fn check_remove_attendee(speeches: usize) -> Result<(), Refusal> {
    if speeches > 0 {
        return Err(Refusal::new(ErrorCode::WrongState, "该列席人员已有发言记录，不能从列席名单中删除。"));
    }
    Ok(())
}

/// A citizen in the gallery, as kept: a name, and a phone number when one was given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    pub name: String,
    pub phone: Option<String>,
}

/// A citizen registered for the gallery, checked: a name, a valid phone number or none, and a
/// seat left when the meeting caps its gallery (`seats`; `registered` are already in it).
pub fn check_visitor(name: &str, phone: &str, seats: Option<u32>, registered: usize) -> Result<Visitor, Refusal> {
    let name = name_of(name)?;
    let phone = match phone.trim() {
        "" => None,
        raw => Some(Phone::parse(raw).map_err(|e| Refusal::invalid("phone", e.message))?.as_str().to_owned()),
    };
    if let Some(seats) = seats
        && registered >= seats as usize
    {
        let message = if seats == 0 {
            "本次会议不设旁听席，不能登记旁听。".to_owned()
        } else {
            format!("本次会议设旁听席{seats}个，已全部登记，不能再登记旁听。")
        };
        return Err(Refusal::new(ErrorCode::GalleryFull, message));
    }
    Ok(Visitor { name, phone })
}

/// The gallery's seats as a meeting sets them (`None`: not capped): at most [`MAX_GALLERY`], and
/// not fewer than the citizens already registered.
pub fn check_gallery_seats(seats: Option<u32>, registered: usize) -> Result<(), Refusal> {
    let Some(seats) = seats else { return Ok(()) };
    if seats > MAX_GALLERY {
        return Err(Refusal::invalid("gallery_seats", format!("旁听席位数应为0至{MAX_GALLERY}个。")));
    }
    if (seats as usize) < registered {
        return Err(Refusal::invalid(
            "gallery_seats",
            format!("已登记旁听{registered}人，旁听席位数不能少于已登记的人数。"),
        ));
    }
    Ok(())
}

// ---- speeches -------------------------------------------------------------------------------

/// The longest speech, in characters.
pub const MAX_SPEECH: usize = 20_000;

/// Who spoke: a member of the meeting's body, or someone on its 列席 list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Speaker {
    Member(PersonId),
    Attendee(AttendeeId),
}

/// The speaker of a new speech, checked: a member of the body on the day, or on the 列席 list.
pub fn check_speaker(
    speaker: Speaker,
    members: &BTreeSet<PersonId>,
    attendees: &BTreeSet<AttendeeId>,
) -> Result<(), Refusal> {
    match speaker {
        Speaker::Member(p) if !members.contains(&p) => {
            Err(Refusal::invalid("speaker", "发言人不是本次会议的组成人员。"))
        }
        Speaker::Attendee(a) if !attendees.contains(&a) => {
            Err(Refusal::invalid("speaker", "发言人不在本次会议的列席名单中。"))
        }
        _ => Ok(()),
    }
}

/// The agenda item a speech is on, when it is on one: an item of this meeting's agenda.
pub fn check_item(item: Option<VoteId>, agenda: &[VoteId]) -> Result<(), Refusal> {
    match item {
        Some(i) if !agenda.contains(&i) => Err(Refusal::invalid("item", "该事项不在本次会议的议程中。")),
        _ => Ok(()),
    }
}

/// A speech's text as kept: trimmed, line ends as `\n`, not empty, at most [`MAX_SPEECH`]
/// characters, no control characters but line breaks and tabs.
pub fn check_text(raw: &str) -> Result<String, Refusal> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(Refusal::new(ErrorCode::Required, "请填写发言内容。").at("text"));
    }
    if text.chars().count() > MAX_SPEECH {
        return Err(Refusal::new(ErrorCode::TextTooLong, format!("发言内容不能超过{MAX_SPEECH}个字。")).at("text"));
    }
    if text.chars().any(|c| (c.is_control() && !matches!(c, '\n' | '\t')) || matches!(c, '\u{200b}'..='\u{200f}')) {
        return Err(Refusal::invalid("text", "发言内容含有不可见的控制字符。"));
    }
    Ok(text)
}

/// How a speech's record stands with its speaker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeechState {
    /// Recorded by the clerk, not yet shown to the speaker.
    #[default]
    Draft,
    /// Returned to the speaker, who may correct it and sign it off.
    SentBack,
    /// Signed off by the speaker (or confirmed by them in writing).
    SignedOff,
}

impl SpeechState {
    pub const ALL: [SpeechState; 3] = [SpeechState::Draft, SpeechState::SentBack, SpeechState::SignedOff];

    pub fn code(self) -> &'static str {
        match self {
            SpeechState::Draft => "draft",
            SpeechState::SentBack => "sent_back",
            SpeechState::SignedOff => "signed_off",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SpeechState::Draft => "草稿",
            SpeechState::SentBack => "待发言人确认",
            SpeechState::SignedOff => "已确认",
        }
    }
}

/// One speech: who spoke, the text as it now stands, where it is and — once signed off —
/// whether the clerk recorded a written confirmation rather than the speaker signing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Speech {
    state: SpeechState,
    speaker: Speaker,
    text: String,
    written: bool,
}

impl Speech {
    /// A speech as the clerk records it: a draft, its text checked ([`check_text`]).
    pub fn record(speaker: Speaker, text: &str) -> Result<Speech, Refusal> {
        Ok(Speech { state: SpeechState::Draft, speaker, text: check_text(text)?, written: false })
    }

    /// A speech as the store kept it (`written` counts only once signed off).
    pub fn from_stored(state: SpeechState, speaker: Speaker, text: String, written: bool) -> Speech {
        Speech { state, speaker, text, written: written && state == SpeechState::SignedOff }
    }

    pub fn state(&self) -> SpeechState {
        self.state
    }

    pub fn speaker(&self) -> Speaker {
        self.speaker
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Signed off by the clerk on the speaker's written confirmation.
    pub fn written(&self) -> bool {
        self.written
    }
}

/// What the clerk or the speaker does to a speech.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// The clerk corrects the draft.
    Edit { text: String },
    /// The clerk returns the record to the speaker for sign-off.
    SendBack,
    /// The speaker corrects the record returned to them.
    Correct { text: String },
    /// The speaker signs the record off (with a last correction, if any); or, `written`, the
    /// clerk records that the speaker confirmed it in writing.
    SignOff {
        #[serde(default)]
        text: Option<String>,
        #[serde(default)]
        written: bool,
    },
    /// The clerk returns a signed-off record to the speaker once more (they asked to change it).
    Reopen,
}

impl Command {
    /// The stable code, as the API names the command.
    pub fn code(&self) -> &'static str {
        match self {
            Command::Edit { .. } => "edit",
            Command::SendBack => "send_back",
            Command::Correct { .. } => "correct",
            Command::SignOff { .. } => "sign_off",
            Command::Reopen => "reopen",
        }
    }
}

/// What the store read for a command: who acts (the policy already placed the clerk in the
/// meeting's congress and a member in its body) and whether the speech is in a published 简报.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub role: Role,
    pub frozen: bool,
}

/// The clerk: staff (whom the policy already placed in the meeting's congress).
fn is_clerk(role: Role) -> bool {
    matches!(role, Role::Staff { .. } | Role::Admin)
}

/// Whether `role` is the speaker themselves: only a member has an account to sign with.
fn is_speaker(role: Role, speaker: Speaker) -> bool {
    matches!((role, speaker), (Role::Deputy { person }, Speaker::Member(p)) if person == p)
}

fn clerk_only(role: Role, what: &str) -> Result<(), Refusal> {
    if is_clerk(role) {
        return Ok(());
    }
    Err(Refusal::new(ErrorCode::Forbidden, format!("只有会议工作人员可以{what}。")))
}

fn in_state(speech: &Speech, state: SpeechState, what: &str) -> Result<(), Refusal> {
    if speech.state == state {
        return Ok(());
    }
    let now = match speech.state {
        SpeechState::Draft => "尚未送发言人确认",
        SpeechState::SentBack => "正在等待发言人确认",
        SpeechState::SignedOff => "已经发言人确认",
    };
    Err(Refusal::new(ErrorCode::WrongState, format!("该发言记录{now}，不能{what}。")))
}

/// The one way a speech changes. Refuses anything on a speech in a published 简报
/// (`speech_frozen`); the clerk's commands (`Edit` and `SendBack` on a draft, `Reopen` on a
/// signed-off speech, `SignOff` with `written`) by anyone but the clerk; the speaker's
/// (`Correct`, `SignOff`, on a speech returned to them) by anyone but the speaker
/// (`not_the_speaker`); and a text that [`check_text`] refuses. `speech` is only read.
pub fn apply(speech: &Speech, command: &Command, facts: &Facts) -> Result<Speech, Refusal> {
    if facts.frozen {
        return Err(Refusal::of(ErrorCode::SpeechFrozen));
    }
    let role = facts.role;
    let mut next = speech.clone();
    match command {
        Command::Edit { text } => {
            clerk_only(role, "修改发言记录草稿")?;
            in_state(speech, SpeechState::Draft, "由工作人员修改")?;
            next.text = check_text(text)?;
        }
        Command::SendBack => {
            clerk_only(role, "将发言记录送发言人确认")?;
            in_state(speech, SpeechState::Draft, "再送发言人确认")?;
            next.state = SpeechState::SentBack;
        }
        Command::Correct { text } => {
            if !is_speaker(role, speech.speaker) {
                return Err(Refusal::new(ErrorCode::NotTheSpeaker, "只有发言人本人可以修改待确认的发言记录。"));
            }
            in_state(speech, SpeechState::SentBack, "修改")?;
            next.text = check_text(text)?;
        }
        Command::SignOff { text, written } => {
            match (*written, is_clerk(role), is_speaker(role, speech.speaker)) {
                (false, _, true) | (true, true, _) => {}
                (true, false, _) => {
                    return Err(Refusal::new(ErrorCode::NotTheSpeaker, "发言人的书面确认由会议工作人员登记。"));
                }
                (false, true, _) => {
                    return Err(Refusal::new(
                        ErrorCode::NotTheSpeaker,
                        "只有发言人本人可以确认发言记录；发言人已书面确认的，请登记书面确认。",
                    ));
                }
                (false, false, false) => return Err(Refusal::of(ErrorCode::NotTheSpeaker)),
            }
            in_state(speech, SpeechState::SentBack, "确认")?;
            if let Some(text) = text {
                next.text = check_text(text)?;
            }
            next.state = SpeechState::SignedOff;
            next.written = *written;
        }
        Command::Reopen => {
            clerk_only(role, "退回发言记录重新确认")?;
            in_state(speech, SpeechState::SignedOff, "退回重新确认")?;
            next.state = SpeechState::SentBack;
            next.written = false;
        }
    }
    Ok(next)
}

/// How a speech is named in a list or a refusal: 张三关于“……”的发言, or 张三的发言.
pub fn speech_label(speaker_name: &str, item_title: Option<&str>) -> String {
    match item_title {
        Some(t) => format!("{speaker_name}关于“{t}”的发言"),
        None => format!("{speaker_name}的发言"),
    }
}

// ---- the 简报 -------------------------------------------------------------------------------

/// Where a 简报 is: assembled (and changeable), or published to the members (frozen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulletinState {
    #[default]
    Draft,
    Published,
}

impl BulletinState {
    pub const ALL: [BulletinState; 2] = [BulletinState::Draft, BulletinState::Published];

    pub fn code(self) -> &'static str {
        match self {
            BulletinState::Draft => "draft",
            BulletinState::Published => "published",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            BulletinState::Draft => "待发布",
            BulletinState::Published => "已发布",
        }
    }
}

/// What a 简报 needs to know of a speech chosen for it, as the store read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub id: SpeechId,
    pub meeting: MeetingId,
    pub state: SpeechState,
    /// [`speech_label`], for the refusal.
    pub label: String,
}

/// The speeches of a 简报 of `meeting`, checked: at least one, each once, each of this meeting,
/// each signed off — a speech that is not is refused by name (`speech_not_signed_off`).
pub fn check_assembly(meeting: MeetingId, chosen: &[Chosen]) -> Result<(), Refusal> {
    if chosen.is_empty() {
        return Err(Refusal::of(ErrorCode::EmptyBulletin).at("speeches"));
    }
    let mut seen = BTreeSet::new();
    for c in chosen {
        if !seen.insert(c.id) {
            return Err(Refusal::invalid("speeches", format!("“{}”重复编入。", c.label)));
        }
        if c.meeting != meeting {
            return Err(Refusal::invalid("speeches", format!("“{}”不是本次会议的发言。", c.label)));
        }
        if c.state != SpeechState::SignedOff {
            return Err(Refusal::new(
                ErrorCode::SpeechNotSignedOff,
                format!("“{}”{}，尚未经发言人确认，不能编入简报。", c.label, c.state.label()),
            )
            .at("speeches"));
        }
    }
    Ok(())
}

fn still_draft(state: BulletinState, what: &str) -> Result<(), Refusal> {
    match state {
        BulletinState::Draft => Ok(()),
        BulletinState::Published => {
            Err(Refusal::new(ErrorCode::BulletinPublished, format!("该期简报已经发布，不能再{what}。")))
        }
    }
}

/// Whether a 简报 may be published now: a draft, and its speeches still as [`check_assembly`]
/// requires (one may have been returned to its speaker since it was assembled).
pub fn check_publish(state: BulletinState, meeting: MeetingId, chosen: &[Chosen]) -> Result<(), Refusal> {
    still_draft(state, "发布")?;
    check_assembly(meeting, chosen)
}

/// Whether a 简报 may be discarded: only a draft; a published one stays.
pub fn check_discard(state: BulletinState) -> Result<(), Refusal> {
    still_draft(state, "删除")
}

/// The number of the next 简报 of a congress in a year, after those `taken`: 第1期 first.
pub fn next_number(taken: &[i64]) -> i64 {
    taken.iter().max().map_or(1, |n| n + 1)
}

/// 第3期.
pub fn issue_label(number: i64) -> String {
    format!("第{number}期")
}

#[cfg(test)]
mod tests;
