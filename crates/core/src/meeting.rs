//! The standing committee's own business (issue 17): meetings, their votes, appointments and
//! removals — the rules only, as data and pure functions; the store keeps the records.
//!
//! Everything a meeting decides is counted against **all** its members, not against those
//! present or those voting (地方组织法; 监督法 Art. 62 for removals): a meeting needs more than half of
//! all members present ([`has_quorum`]), and a matter passes with the votes of more than half of
//! all members ([`passes`]). "All members" is the committee's composition on the meeting day,
//! read from dated [`Membership`]s ([`members_on`]), so a member who left last month or joins
//! next week never moves the threshold.
//!
//! - [`vote`]: one matter's vote as a small state machine (待表决 → 表决中 → 已表决, frozen), with
//!   one transition function, the choices, secrecy and the tally announced at close.
//! - [`agenda`]: the matters put to the vote and the order the law and practice require
//!   (amendments before the whole text; for one post the removal before the appointment; one
//!   person at a time unless a joint vote was decided).
//! - [`attendance`]: leave requests before a meeting and sign-in on the day.
//! - [`case`]: a personnel case from its filing through the clerk's check and the agenda to its
//!   vote, the nominee's statement, the defence of a dismissal and the oath after appointment.
//! - [`appointment`]: the rules of an appointment or removal case (任免案) before its vote — the
//!   filing deadline, the law exam, the bar on a failed nomination, who may propose a removal.
//! - [`minutes`]: who else is in the room — the 列席 list and the public gallery (旁听) — and
//!   what was said: speeches signed off by their speakers (草稿 → 待发言人确认 → 已确认) and the
//!   简报 assembled from them, numbered and frozen when published.
//!
//! A congress adjusts the practice (notice, filing days, exam, secrecy of appointments, the
//! re-nomination bar, publication) in its [`Settings`]; the law's thresholds are not settings.

use crate::calendar::add_months;
use crate::ids::PersonId;
use crate::org::CongressLevel;
use crate::{ErrorCode, Refusal};
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod agenda;
pub mod appointment;
pub mod attendance;
pub mod case;
pub mod minutes;
pub mod vote;

#[cfg(test)]
mod tests;

/// What kind of meeting: the body that meets decides who its members are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// 常务委员会会议: the standing committee (city and county level), at least once every two
    /// months (地方组织法 Art. 51).
    StandingCommittee,
    /// 主任会议: the 主任 and 副主任 (at city level also the 秘书长); it sets agendas and dates and
    /// decides what goes to a vote.
    Directors,
    /// 主席团会议: a township congress's presidium, which works between its sessions.
    Presidium,
    /// 代表大会会议: the annual session of the congress itself.
    Session,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 4] =
        [MeetingKind::StandingCommittee, MeetingKind::Directors, MeetingKind::Presidium, MeetingKind::Session];

    /// The stable code in URLs, the database and the audit log.
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::StandingCommittee => "standing_committee",
            MeetingKind::Directors => "directors",
            MeetingKind::Presidium => "presidium",
            MeetingKind::Session => "session",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::StandingCommittee => "常务委员会会议",
            MeetingKind::Directors => "主任会议",
            MeetingKind::Presidium => "主席团会议",
            MeetingKind::Session => "代表大会会议",
        }
    }

    /// Whether a congress of `level` holds this kind of meeting: a standing committee and its
    /// 主任会议 exist at county level and above, a presidium between sessions only in a township.
    pub fn held_at(self, level: CongressLevel) -> bool {
        match self {
            MeetingKind::StandingCommittee | MeetingKind::Directors => level.has_standing_committee(),
            MeetingKind::Presidium => !level.has_standing_committee(),
            MeetingKind::Session => true,
        }
    }
}

/// The longest title of a meeting or of a matter on its agenda, in characters.
pub const MAX_TITLE: usize = 200;

/// A title as kept: trimmed, not empty, at most [`MAX_TITLE`] characters.
pub fn check_title(title: &str) -> Result<String, Refusal> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Refusal::invalid("title", "请填写标题。"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Refusal::invalid("title", format!("标题不能超过{MAX_TITLE}个字。")));
    }
    Ok(title.to_owned())
}

/// A new meeting, checked: held by a congress (`level` is `None` for an organisation that is
/// not one) of a level that holds this kind of meeting ([`MeetingKind::held_at`]), titled, and —
/// when the notice is already sent — notified early enough ([`check_notice`]). Returns the
/// title as kept.
pub fn check_new_meeting(
    level: Option<CongressLevel>,
    kind: MeetingKind,
    title: &str,
    held_on: Date,
    notified_on: Option<Date>,
    settings: &Settings,
) -> Result<String, Refusal> {
    let Some(level) = level else {
        return Err(Refusal::invalid("congress", "会议只能由人民代表大会或其常务委员会、主席团召开。"));
    };
    if !kind.held_at(level) {
        return Err(Refusal::invalid("kind", format!("{}人大不召开{}。", level.label(), kind.label())));
    }
    let title = check_title(title)?;
    if let Some(notified_on) = notified_on {
        check_notice(notified_on, held_on, settings)?;
    }
    Ok(title)
}

/// A member's place in the committee. The order of [`MemberRole::ALL`] is the order of rank,
/// which is also the order a roll lists them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// 主任.
    Director,
    /// 副主任.
    DeputyDirector,
    /// 秘书长 (city level).
    SecretaryGeneral,
    /// 委员.
    Member,
}

impl MemberRole {
    pub const ALL: [MemberRole; 4] =
        [MemberRole::Director, MemberRole::DeputyDirector, MemberRole::SecretaryGeneral, MemberRole::Member];

    pub fn code(self) -> &'static str {
        match self {
            MemberRole::Director => "director",
            MemberRole::DeputyDirector => "deputy_director",
            MemberRole::SecretaryGeneral => "secretary_general",
            MemberRole::Member => "member",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            MemberRole::Director => "主任",
            MemberRole::DeputyDirector => "副主任",
            MemberRole::SecretaryGeneral => "秘书长",
            MemberRole::Member => "委员",
        }
    }

    /// Whether a member in this role sits in the 主任会议 of a congress of `level`: the 主任 and
    /// 副主任 always, the 秘书长 at city level (地方组织法 Art. 52).
    pub fn sits_in_directors_meeting(self, level: CongressLevel) -> bool {
        match self {
            MemberRole::Director | MemberRole::DeputyDirector => true,
            MemberRole::SecretaryGeneral => level == CongressLevel::City,
            MemberRole::Member => false,
        }
    }
}

/// One person's membership of a committee for a period: from `from` to `until`, both days
/// included; `until` is `None` while the person still serves. A change of role (a 委员 elected
/// 副主任) ends one membership and starts another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub person: PersonId,
    pub role: MemberRole,
    pub from: Date,
    pub until: Option<Date>,
}

impl Membership {
    /// Whether the membership covers `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }

    /// A membership as typed, or why not: it cannot end before it starts.
    pub fn check(&self) -> Result<(), Refusal> {
        match self.until {
            Some(until) if until < self.from => Err(Refusal::new(
                ErrorCode::DateOutOfOrder,
                format!("任职终止日期（{}）不能早于起始日期（{}）。", zh(until), zh(self.from)),
            )
            .at("until")),
            _ => Ok(()),
        }
    }

    /// The committee is elected from the congress's own deputies (地方组织法 Art. 47): a person
    /// who holds no seat in it (`holds_seat`) cannot be made a member.
    pub fn check_seat(holds_seat: bool) -> Result<(), Refusal> {
        if holds_seat {
            return Ok(());
        }
        Err(Refusal::invalid("person", "该人员不是本级人大代表，不能列为常委会组成人员。"))
    }
}

/// One member of the composition on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Member {
    pub person: PersonId,
    pub role: MemberRole,
}

/// The composition on `day`: each person whose membership covers the day, once (if two
/// memberships of one person overlap, the higher role counts), ordered by rank, then by person.
/// Its length is the denominator of quorum and of every majority that day.
pub fn members_on(memberships: &[Membership], day: Date) -> Vec<Member> {
    let mut by_person: BTreeMap<PersonId, MemberRole> = BTreeMap::new();
    for m in memberships.iter().filter(|m| m.covers(day)) {
        by_person.entry(m.person).and_modify(|r| *r = (*r).min(m.role)).or_insert(m.role);
    }
    let mut members: Vec<Member> = by_person.into_iter().map(|(person, role)| Member { person, role }).collect();
    members.sort_by_key(|m| (m.role, m.person));
    members
}

/// Who sits in a meeting of `kind` on `day`, from the memberships of its body: the 主任会议 is
/// drawn from the standing committee's memberships ([`MemberRole::sits_in_directors_meeting`]);
/// every other kind is its body's whole composition.
pub fn composition(kind: MeetingKind, level: CongressLevel, memberships: &[Membership], day: Date) -> Vec<Member> {
    let mut members = members_on(memberships, day);
    if kind == MeetingKind::Directors {
        members.retain(|m| m.role.sits_in_directors_meeting(level));
    }
    members
}

/// The smallest number strictly greater than half of `total`: the quorum of a meeting of
/// `total` members and, equally, the votes a matter needs to pass. 27 members: 14.
pub fn majority_of(total: usize) -> usize {
    total / 2 + 1
}

/// The members who must be present for the meeting to sit and vote: more than half of all.
pub fn quorum(total_members: usize) -> usize {
    majority_of(total_members)
}

/// Whether `present` members out of `total` make a quorum. A body with no members never does.
pub fn has_quorum(present: usize, total: usize) -> bool {
    total > 0 && present >= quorum(total)
}

/// Whether `yes` votes carry a matter in a body of `total_members`: more than half of **all**
/// members — those absent, abstaining or not voting count against it.
pub fn passes(yes: usize, total_members: usize) -> bool {
    total_members > 0 && yes >= majority_of(total_members)
}

/// A congress's settings for meetings and appointments. The defaults are DOMAIN.md's: local
/// rules and practice, not national law (the thresholds above are law and not settings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Members are notified at least this many days before a meeting (7).
    pub notice_days: u32,
    /// An appointment case is filed at least this many days before the meeting (10).
    pub filing_days: u32,
    /// A nominee must pass the law exam (任前法律知识考试) before the vote (yes).
    pub exam_required: bool,
    /// Appointments, removals and resignations are voted by secret ballot (yes: the local
    /// rules vote by device without a roll). Dismissals (撤职) are secret whatever this says.
    pub secret_appointments: bool,
    /// A failed nomination returns only this many months after its vote (6, Shenzhen).
    pub renomination_months: u32,
    /// A second failure bars the nomination for the rest of the term (yes, Shenzhen).
    pub bar_after_second_failure: bool,
    /// Decisions and 公告 are published within this many days (5).
    pub publish_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            notice_days: 7,
            filing_days: 10,
            exam_required: true,
            secret_appointments: true,
            renomination_months: 6,
            bar_after_second_failure: true,
            publish_days: 5,
        }
    }
}

impl Settings {
    /// Bounds what a congress may choose, so that no setting empties a rule: notice 1–30 days,
    /// filing 1–60 days, the re-nomination period 1–60 months, publication 1–30 days.
    pub fn check(&self) -> Result<(), Refusal> {
        if !(1..=30).contains(&self.notice_days) {
            return Err(Refusal::invalid("notice_days", "会议通知提前的天数应为1至30天"));
        }
        if !(1..=60).contains(&self.filing_days) {
            return Err(Refusal::invalid("filing_days", "任免案提请的提前天数应为1至60天"));
        }
        if !(1..=60).contains(&self.renomination_months) {
            return Err(Refusal::invalid("renomination_months", "未获通过的提名再次提请的间隔应为1至60个月"));
        }
        if !(1..=30).contains(&self.publish_days) {
            return Err(Refusal::invalid("publish_days", "决定和公告的发布期限应为1至30天"));
        }
        Ok(())
    }
}

/// The last day members may be notified of a meeting held on `meeting_on`.
pub fn notice_deadline(meeting_on: Date, settings: &Settings) -> Date {
    meeting_on.checked_sub(i64::from(settings.notice_days).days()).unwrap_or(Date::MIN)
}

/// Whether a notice sent on `notified_on` is early enough for a meeting on `meeting_on`.
pub fn check_notice(notified_on: Date, meeting_on: Date, settings: &Settings) -> Result<(), Refusal> {
    let deadline = notice_deadline(meeting_on, settings);
    if notified_on > deadline {
        return Err(Refusal::new(
            ErrorCode::NoticeTooShort,
            format!(
                "会议通知应在会议举行{}日前发出（本次会议于{}举行，最迟应于{}发出）。",
                settings.notice_days,
                zh(meeting_on),
                zh(deadline)
            ),
        ));
    }
    Ok(())
}

/// The last day to publish what a meeting decided on `decided_on`.
pub fn publish_by(decided_on: Date, settings: &Settings) -> Date {
    decided_on.checked_add(i64::from(settings.publish_days).days()).unwrap_or(Date::MAX)
}

/// The first day a nomination that failed on `failed_on` may be proposed again.
pub fn renomination_from(failed_on: Date, settings: &Settings) -> Date {
    add_months(failed_on, i32::try_from(settings.renomination_months).unwrap_or(i32::MAX))
}

/// 2026年12月5日, as the messages write a day.
fn zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
