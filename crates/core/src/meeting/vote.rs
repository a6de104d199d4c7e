//! One matter's vote at a meeting, as data plus one transition function ([`apply`]):
//!
//! ```text
//! 待表决 ──Open (quorum present)──→ 表决中 ──Close──→ 已表决 (result announced, frozen)
//!                                    ↺ Cast (each member present, once)
//!                                    └──Count (nobody has voted on a device; two tellers)──→ 已表决
//! ```
//!
//! The vote knows how many members the body had when it opened (the denominator of the
//! majority) and who has voted; what the meeting looks like now — its composition on the day
//! and who is signed in — comes with each command as [`Facts`]. Closing records every member
//! present who did not vote as 未表决, announces the result, and nothing changes the vote after
//! that: every command on a closed vote is refused.
//!
//! Secrecy is in the data. An open vote keeps its roll (who chose what); a secret one keeps who
//! has voted — to refuse a second vote and to list those who did not — and the counts, never the
//! two together. Its [`Event::Voted`] carries no choice and its [`Event::Chosen`] no voter, so
//! the store writes them to two places and never links them (as `oversight::ballot` does; it
//! must not keep an order or a time on the choices that would re-link them).
//!
//! When the devices fail, the clerk records the vote as counted in the room ([`Command::Count`]):
//! a show of hands (举手表决) or paper ballots (纸质票), counted by two members present (监票人).
//! The two ways never mix — a count is refused once anyone has voted on a device — and a show of
//! hands is not secret, so a secret vote is counted only from paper. Recording the count closes
//! the vote at once with the same [`Announcement`] as [`Command::Close`]; such a vote keeps the
//! counts, the method and the tellers ([`Counted`]), and no roll.

use super::passes;
use super::{has_quorum, majority_of, quorum};
use crate::ids::PersonId;
use crate::{ErrorCode, Refusal};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a member chose, or that they did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
    /// Present when the vote closed but did not vote: recorded at close, never cast.
    NotVoted,
}

impl Choice {
    pub const ALL: [Choice; 4] = [Choice::Yes, Choice::No, Choice::Abstain, Choice::NotVoted];
    /// The choices a member can make.
    pub const CAST: [Choice; 3] = [Choice::Yes, Choice::No, Choice::Abstain];

    pub fn code(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::No => "no",
            Choice::Abstain => "abstain",
            Choice::NotVoted => "not_voted",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Choice::Yes => "赞成",
            Choice::No => "反对",
            Choice::Abstain => "弃权",
            Choice::NotVoted => "未表决",
        }
    }
}

/// Whether the roll of a vote is kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Secrecy {
    /// Who chose what is kept and may be shown.
    #[default]
    Open,
    /// Only the counts and who has voted are kept (撤职 always, appointments by setting).
    Secret,
}

impl Secrecy {
    pub const ALL: [Secrecy; 2] = [Secrecy::Open, Secrecy::Secret];

    pub fn code(self) -> &'static str {
        match self {
            Secrecy::Open => "open",
            Secrecy::Secret => "secret",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Secrecy::Open => "记名表决",
            Secrecy::Secret => "无记名表决",
        }
    }
}

/// How a vote was counted in the room when it was not taken on the devices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountMethod {
    /// 举手表决: counted by the tellers from the raised hands; never secret.
    ShowOfHands,
    /// 纸质票: paper ballots, cast and counted under the tellers' eyes; secret when unsigned.
    PaperBallot,
}

impl CountMethod {
    pub const ALL: [CountMethod; 2] = [CountMethod::ShowOfHands, CountMethod::PaperBallot];

    pub fn code(self) -> &'static str {
        match self {
            CountMethod::ShowOfHands => "show_of_hands",
            CountMethod::PaperBallot => "paper_ballot",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CountMethod::ShowOfHands => "举手表决",
            CountMethod::PaperBallot => "纸质票表决",
        }
    }
}

/// A vote counted in the room: how, and the two members present who counted it (监票人).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Counted {
    pub method: CountMethod,
    pub tellers: [PersonId; 2],
}

/// Where a vote is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteState {
    #[default]
    Draft,
    Open,
    Closed,
}

impl VoteState {
    pub const ALL: [VoteState; 3] = [VoteState::Draft, VoteState::Open, VoteState::Closed];

    pub fn code(self) -> &'static str {
        match self {
            VoteState::Draft => "draft",
            VoteState::Open => "open",
            VoteState::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            VoteState::Draft => "待表决",
            VoteState::Open => "表决中",
            VoteState::Closed => "已表决",
        }
    }
}

/// The counts of one vote. Once closed, they add up to the members present: everyone who voted
/// and everyone signed in who did not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub yes: usize,
    pub no: usize,
    pub abstain: usize,
    pub not_voted: usize,
}

impl Tally {
    /// The members counted: those who voted and, once closed, those present who did not.
    pub fn present(&self) -> usize {
        self.yes + self.no + self.abstain + self.not_voted
    }

    /// The votes cast.
    pub fn cast(&self) -> usize {
        self.yes + self.no + self.abstain
    }

    fn add(&mut self, choice: Choice) {
        match choice {
            Choice::Yes => self.yes += 1,
            Choice::No => self.no += 1,
            Choice::Abstain => self.abstain += 1,
            Choice::NotVoted => self.not_voted += 1,
        }
    }
}

/// The result announced when a vote closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub tally: Tally,
    /// All members of the body on the day: the denominator.
    pub members: usize,
    /// The votes needed: more than half of all members.
    pub needed: usize,
    pub passed: bool,
}

impl Announcement {
    /// 通过 or 未通过.
    pub fn verdict(&self) -> &'static str {
        if self.passed { "通过" } else { "未通过" }
    }

    /// What the chair reads out: 应到27人，实到20人；赞成15票，反对2票，弃权1票，未表决2人。
    /// 通过（须全体组成人员过半数，即14票）。
    pub fn text(&self) -> String {
        let t = &self.tally;
        format!(
            "应到{}人，实到{}人；赞成{}票，反对{}票，弃权{}票，未表决{}人。{}（须全体组成人员过半数，即{}票）。",
            self.members,
            t.present(),
            t.yes,
            t.no,
            t.abstain,
            t.not_voted,
            self.verdict(),
            self.needed
        )
    }
}

/// One matter's vote. Built as a draft by [`Vote::draft`], changed only by [`apply`], and read
/// back from the store only through [`Vote::from_stored`], which checks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Vote {
    state: VoteState,
    secrecy: Secrecy,
    /// All members when the vote opened (0 before).
    members: usize,
    /// Who has voted, in both kinds of vote.
    voted: BTreeSet<PersonId>,
    /// Who chose what: an open vote only (with 未表决 after closing); empty for a secret one.
    roll: BTreeMap<PersonId, Choice>,
    tally: Tally,
    announcement: Option<Announcement>,
    /// How the vote was counted when the clerk recorded a count instead of the devices.
    counted: Option<Counted>,
}

impl Vote {
    /// A vote not yet opened, open or secret as decided for its matter
    /// ([`super::agenda::check_secrecy`]).
    pub fn draft(secrecy: Secrecy) -> Self {
        Vote {
            state: VoteState::Draft,
            secrecy,
            members: 0,
            voted: BTreeSet::new(),
            roll: BTreeMap::new(),
            tally: Tally::default(),
            announcement: None,
            counted: None,
        }
    }

    /// A vote as the store kept it, or `stored_ballot_mismatch` when its parts disagree: a
    /// secret vote with a roll, counts that are not the voters, an open vote whose roll is not
    /// its voters (and, once closed, its 未表决), a result without a close or a close without one;
    /// a vote counted in the room that is not closed, has voters or a roll, counts more than its
    /// members, two tellers who are one person, or a show of hands on a secret vote.
    pub fn from_stored(stored: StoredVote) -> Result<Self, Refusal> {
        let StoredVote { state, secrecy, members, voted, roll, tally, announcement, counted } = stored;
        let closed_as_announced = announcement.is_some_and(|a| a.tally == tally && a.members == members);
        let consistent = match counted {
            Some(c) => {
                state == VoteState::Closed
                    && closed_as_announced
                    && voted.is_empty()
                    && roll.is_empty()
                    && tally.present() <= members
                    && c.tellers[0] != c.tellers[1]
                    && !(secrecy == Secrecy::Secret && c.method == CountMethod::ShowOfHands)
            }
            None => {
                let roll_agrees = match secrecy {
                    Secrecy::Secret => roll.is_empty(),
                    Secrecy::Open => {
                        let mut on_roll = Tally::default();
                        roll.values().for_each(|c| on_roll.add(*c));
                        on_roll == tally && roll.iter().all(|(p, c)| (*c == Choice::NotVoted) != voted.contains(p))
                    }
                };
                roll_agrees
                    && tally.cast() == voted.len()
                    && match state {
                        VoteState::Draft => members == 0 && voted.is_empty() && announcement.is_none(),
                        VoteState::Open => tally.not_voted == 0 && announcement.is_none(),
                        VoteState::Closed => closed_as_announced,
                    }
            }
        };
        if !consistent {
            return Err(Refusal::new(ErrorCode::StoredBallotMismatch, "存储的表决记录前后不一致，请联系管理员核查。"));
        }
        Ok(Vote { state, secrecy, members, voted, roll, tally, announcement, counted })
    }

    pub fn state(&self) -> VoteState {
        self.state
    }

    pub fn secrecy(&self) -> Secrecy {
        self.secrecy
    }

    /// All members when the vote opened (0 before it opened).
    pub fn members(&self) -> usize {
        self.members
    }

    pub fn has_voted(&self, person: PersonId) -> bool {
        self.voted.contains(&person)
    }

    /// Who has voted.
    pub fn voters(&self) -> &BTreeSet<PersonId> {
        &self.voted
    }

    /// Who chose what, for an open vote; `None` for a secret one, whose roll is never kept,
    /// and for one counted in the room, which has none.
    pub fn roll(&self) -> Option<&BTreeMap<PersonId, Choice>> {
        (self.secrecy == Secrecy::Open && self.counted.is_none()).then_some(&self.roll)
    }

    /// The counts so far (final once closed).
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// The result, once closed.
    pub fn announcement(&self) -> Option<Announcement> {
        self.announcement
    }

    /// How the vote was counted in the room, when it was ([`Command::Count`]).
    pub fn counted(&self) -> Option<Counted> {
        self.counted
    }
}

/// A vote's parts as the store keeps them, to be checked by [`Vote::from_stored`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredVote {
    pub state: VoteState,
    pub secrecy: Secrecy,
    pub members: usize,
    pub voted: BTreeSet<PersonId>,
    /// Empty for a secret vote.
    pub roll: BTreeMap<PersonId, Choice>,
    pub tally: Tally,
    pub announcement: Option<Announcement>,
    /// The method and tellers of a vote counted in the room.
    pub counted: Option<Counted>,
}

impl From<Vote> for StoredVote {
    fn from(v: Vote) -> Self {
        let Vote { state, secrecy, members, voted, roll, tally, announcement, counted } = v;
        StoredVote { state, secrecy, members, voted, roll, tally, announcement, counted }
    }
}

/// What the meeting looks like when a command is given, as the store read it.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The body's composition on the meeting day ([`super::members_on`]).
    pub members: &'a BTreeSet<PersonId>,
    /// Who is signed in and has not left. Only members count: anyone else is ignored.
    pub present: &'a BTreeSet<PersonId>,
}

impl Facts<'_> {
    /// The members present now.
    fn members_present(&self) -> BTreeSet<PersonId> {
        self.present.intersection(self.members).copied().collect()
    }
}

/// What the chair, a member or the clerk does to a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// The chair opens the vote: only with a quorum present.
    Open,
    /// A member present votes, once.
    Cast { voter: PersonId, choice: Choice },
    /// The chair closes the vote: the result is announced and frozen.
    Close,
    /// The clerk records the vote as counted in the room by two tellers, when nobody has voted
    /// on a device: the counts of 赞成, 反对 and 弃权 (the members present beyond them are 未表决).
    /// The result is announced and frozen at once, as by [`Command::Close`].
    Count { method: CountMethod, yes: usize, no: usize, abstain: usize, tellers: [PersonId; 2] },
}

/// What a command did, for the store to write and the event log to carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The vote opened with `present` of `members` members.
    Opened { members: usize, present: usize },
    /// `voter` voted; `choice` only on an open vote (a secret one says what was chosen in a
    /// separate [`Event::Chosen`]).
    Voted { voter: PersonId, choice: Option<Choice> },
    /// A choice on a secret vote, naming nobody.
    Chosen { choice: Choice },
    /// The vote closed: the members present who did not vote, and the result.
    Closed { not_voted: Vec<PersonId>, announcement: Announcement },
    /// The vote was counted in the room and closed: how, by whom, and the result.
    Counted { method: CountMethod, tellers: [PersonId; 2], announcement: Announcement },
}

/// A command's outcome: the vote as it now is and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub vote: Vote,
    pub events: Vec<Event>,
}

/// The one way a vote changes. Refuses opening a vote that is not a draft or without a quorum
/// present; voting when the vote is not open, by someone not a member of the body or not
/// present, or a second time; closing a vote that is not open; counting a vote that is not
/// open or that anyone has voted on by device, by show of hands when it is secret, by tellers
/// who are not two members present, or with more votes than members present. A refused command
/// changes nothing: `vote` is only read.
pub fn apply(vote: &Vote, command: &Command, facts: &Facts<'_>) -> Result<Step, Refusal> {
    match *command {
        Command::Open => open(vote, facts),
        Command::Cast { voter, choice } => cast(vote, voter, choice, facts),
        Command::Close => close(vote, facts),
        Command::Count { method, yes, no, abstain, tellers } => {
            count(vote, method, Tally { yes, no, abstain, not_voted: 0 }, tellers, facts)
        }
    }
}

fn open(vote: &Vote, facts: &Facts<'_>) -> Result<Step, Refusal> {
    if vote.state != VoteState::Draft {
        return Err(wrong_state(vote.state, "开始表决"));
    }
    let members = facts.members.len();
    let present = facts.members_present().len();
    if !has_quorum(present, members) {
        return Err(Refusal::new(
            ErrorCode::NoQuorum,
            format!(
                "出席的组成人员{present}人，未超过全体组成人员{members}人的半数（至少须{}人出席），不能表决。",
                quorum(members)
            ),
        ));
    }
    let next = Vote { state: VoteState::Open, members, ..vote.clone() };
    Ok(Step { vote: next, events: vec![Event::Opened { members, present }] })
}

fn cast(vote: &Vote, voter: PersonId, choice: Choice, facts: &Facts<'_>) -> Result<Step, Refusal> {
    if vote.state != VoteState::Open {
        return Err(wrong_state(vote.state, "投票"));
    }
    if choice == Choice::NotVoted {
        return Err(Refusal::invalid("choice", "请选择赞成、反对或弃权"));
    }
    if !facts.members.contains(&voter) {
        return Err(Refusal::new(ErrorCode::NotEntitled, "您不是本次会议的组成人员，不能参加表决。"));
    }
    if !facts.present.contains(&voter) {
        return Err(Refusal::new(ErrorCode::NotEntitled, "您未签到出席本次会议，不能参加表决。"));
    }
    if vote.voted.contains(&voter) {
        return Err(Refusal::new(ErrorCode::AlreadyVoted, "您已经表决过，每项表决每人只能表决一次。"));
    }
    let mut next = vote.clone();
    next.voted.insert(voter);
    next.tally.add(choice);
    let events = match vote.secrecy {
        Secrecy::Open => {
            next.roll.insert(voter, choice);
            vec![Event::Voted { voter, choice: Some(choice) }]
        }
        Secrecy::Secret => vec![Event::Voted { voter, choice: None }, Event::Chosen { choice }],
    };
    Ok(Step { vote: next, events })
}

fn close(vote: &Vote, facts: &Facts<'_>) -> Result<Step, Refusal> {
    if vote.state != VoteState::Open {
        return Err(wrong_state(vote.state, "结束表决"));
    }
    let mut next = vote.clone();
    let not_voted: Vec<PersonId> = facts.members_present().into_iter().filter(|p| !vote.voted.contains(p)).collect();
    for p in &not_voted {
        next.tally.add(Choice::NotVoted);
        if vote.secrecy == Secrecy::Open {
            next.roll.insert(*p, Choice::NotVoted);
        }
    }
    let announcement = announce(next.tally, vote.members);
    next.state = VoteState::Closed;
    next.announcement = Some(announcement);
    Ok(Step { vote: next, events: vec![Event::Closed { not_voted, announcement }] })
}

/// The result of `tally` in a body of `members`: passed with more than half of all of them.
fn announce(tally: Tally, members: usize) -> Announcement {
    Announcement { tally, members, needed: majority_of(members), passed: passes(tally.yes, members) }
}

/// The form fields of the two tellers: a refusal names the one at fault.
const TELLER_FIELDS: [&str; 2] = ["teller_1", "teller_2"];

fn count(
    vote: &Vote,
    method: CountMethod,
    cast: Tally,
    tellers: [PersonId; 2],
    facts: &Facts<'_>,
) -> Result<Step, Refusal> {
    if vote.state != VoteState::Open {
        return Err(wrong_state(vote.state, "登记人工计票结果"));
    }
    if !vote.voted.is_empty() {
        return Err(Refusal::new(
            ErrorCode::DeviceVotesCast,
            format!(
                "已有{}人通过表决器表决，不能再改为举手或纸质票表决（两种方式不能混用）；请结束表决并宣布结果。",
                vote.voted.len()
            ),
        ));
    }
    if vote.secrecy == Secrecy::Secret && method == CountMethod::ShowOfHands {
        return Err(Refusal::new(
            ErrorCode::SecretVoteRequired,
            "该事项采用无记名方式表决，举手表决不能保密，应改用纸质票表决。",
        )
        .at("method"));
    }
    let present = facts.members_present();
    for (teller, field) in tellers.iter().zip(TELLER_FIELDS) {
        if !present.contains(teller) {
            return Err(Refusal::new(ErrorCode::TellersInvalid, "监票人应从出席会议的组成人员中确定。").at(field));
        }
    }
    if tellers[0] == tellers[1] {
        return Err(Refusal::new(ErrorCode::TellersInvalid, "监票人应为两名不同的组成人员。").at(TELLER_FIELDS[1]));
    }
    let sum = cast.yes.saturating_add(cast.no).saturating_add(cast.abstain);
    if sum > present.len() {
        return Err(Refusal::new(
            ErrorCode::CountExceedsPresent,
            format!("赞成、反对、弃权合计{sum}票，多于出席会议的组成人员{}人，请重新清点。", present.len()),
        )
        .at("yes"));
    }
    let tally = Tally { not_voted: present.len() - sum, ..cast };
    let announcement = announce(tally, vote.members);
    let counted = Counted { method, tellers };
    let next = Vote {
        state: VoteState::Closed,
        tally,
        announcement: Some(announcement),
        counted: Some(counted),
        ..vote.clone()
    };
    Ok(Step { vote: next, events: vec![Event::Counted { method, tellers, announcement }] })
}

fn wrong_state(state: VoteState, what: &str) -> Refusal {
    let message = match state {
        VoteState::Draft => format!("表决尚未开始，不能{what}。"),
        VoteState::Open => format!("表决正在进行，不能{what}。"),
        VoteState::Closed => format!("表决已经结束，结果已经宣布，不能{what}。"),
    };
    Refusal::new(ErrorCode::WrongState, message)
}
