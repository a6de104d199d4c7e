//! Deputies' evaluation ballots (代表评议 / 工作评议): deputies entitled to vote rate departments
//! or reports 满意 / 基本满意 / 不满意, one secret ballot each, and the results are given per
//! subject with the turnout.
//!
//! Secrecy is in the types. [`cast`] checks the voter and returns a [`Cast`] of two parts that
//! the store writes to two places and never links: a [`VoterMark`] (who has voted — to refuse a
//! second ballot and to count turnout) and a [`SecretBallot`] (what was chosen), which holds no
//! person id and cannot be given one. [`tally`] reads only secret ballots and the number of
//! marks. (The store must not keep an order or a time on the ballots that would re-link them.)
//!
//! Every subject must be marked: DOMAIN.md and the issue give exactly the three choices, with
//! no abstention, so a ballot is a complete answer or none. A deputy who does not want to judge
//! does not vote, and the turnout shows it.

use crate::ErrorCode;
use crate::ids::{OrgId, PersonId};
use crate::liaison::Refusal;
use crate::policy::{Denied, Role};
use crate::suggestion::Satisfaction;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// The id of one subject on a ballot (a row id in the store).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubjectId(pub i64);

/// What is evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum SubjectKind {
    Department(OrgId),
    /// A special work report, named by the subject's name.
    Report,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: SubjectId,
    pub name: String,
    pub kind: SubjectKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotState {
    Prepared,
    Open,
    Closed,
}

impl BallotState {
    pub const ALL: [BallotState; 3] = [BallotState::Prepared, BallotState::Open, BallotState::Closed];

    pub fn code(self) -> &'static str {
        match self {
            BallotState::Prepared => "prepared",
            BallotState::Open => "open",
            BallotState::Closed => "closed",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            BallotState::Prepared => "准备中",
            BallotState::Open => "投票中",
            BallotState::Closed => "投票已结束",
        }
    }
}

/// A ballot: its subjects, in the order printed, and the deputies entitled to vote. Built
/// only by [`Ballot::new`], so it is never read back without its checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ballot {
    pub state: BallotState,
    subjects: Vec<Subject>,
    electorate: BTreeSet<PersonId>,
}

impl Ballot {
    /// A prepared ballot: at least one subject (each id and each department once, each named)
    /// and at least one entitled deputy.
    pub fn new(subjects: Vec<Subject>, electorate: BTreeSet<PersonId>) -> Result<Self, Refusal> {
        if subjects.is_empty() {
            return Err(Refusal::new(ErrorCode::NoSubjects, "评议票上至少要有一个评议对象。"));
        }
        for (i, s) in subjects.iter().enumerate() {
            let n = s.name.trim().chars().count();
            if n == 0 || n > 60 {
                return Err(Refusal::new(ErrorCode::SubjectName, "评议对象名称不能为空，且不超过60个字。"));
            }
            let earlier = &subjects[..i];
            let same_department =
                matches!(s.kind, SubjectKind::Department(_)) && earlier.iter().any(|e| e.kind == s.kind);
            if earlier.iter().any(|e| e.id == s.id) || same_department {
                return Err(Refusal::new(ErrorCode::DuplicateSubject, format!("评议对象“{}”重复。", s.name.trim())));
            }
        }
        if electorate.is_empty() {
            return Err(Refusal::new(ErrorCode::NoElectorate, "请确定参加评议投票的代表。"));
        }
        Ok(Self { state: BallotState::Prepared, subjects, electorate })
    }

    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    pub fn electorate(&self) -> &BTreeSet<PersonId> {
        &self.electorate
    }

    pub fn is_entitled(&self, voter: PersonId) -> bool {
        self.electorate.contains(&voter)
    }

    /// Opens the vote.
    pub fn open(&self) -> Result<Self, Refusal> {
        self.step(BallotState::Prepared, BallotState::Open, "开始投票")
    }

    /// Ends the vote; results may be shown from now on.
    pub fn close(&self) -> Result<Self, Refusal> {
        self.step(BallotState::Open, BallotState::Closed, "结束投票")
    }

    fn step(&self, from: BallotState, to: BallotState, what: &str) -> Result<Self, Refusal> {
        if self.state != from {
            return Err(Refusal::new(
                ErrorCode::WrongState,
                format!("评议投票当前为“{}”，不能{what}。", self.state.label()),
            ));
        }
        Ok(Self { state: to, ..self.clone() })
    }
}

/// Who has voted on one ballot: read from the store to check a voter, never joined to choices.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoterRoll(BTreeSet<PersonId>);

impl VoterRoll {
    pub fn new(voted: impl IntoIterator<Item = PersonId>) -> Self {
        Self(voted.into_iter().collect())
    }

    pub fn has_voted(&self, voter: PersonId) -> bool {
        self.0.contains(&voter)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The roll with `mark` added (after the store has written it).
    pub fn with(&self, mark: VoterMark) -> Self {
        let mut next = self.clone();
        next.0.insert(mark.voter);
        next
    }
}

/// "This deputy has voted": the half of a cast ballot that names the voter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoterMark {
    pub voter: PersonId,
}

/// The choices of one ballot, one per subject in the ballot's order: the half that names
/// nobody. Built only by [`cast`] or, when read back, by [`SecretBallot::from_stored`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecretBallot(Vec<Satisfaction>);

impl SecretBallot {
    /// A stored ballot read back for counting.
    pub fn from_stored(ballot: &Ballot, choices: Vec<Satisfaction>) -> Result<Self, Refusal> {
        if choices.len() != ballot.subjects.len() {
            return Err(Refusal::new(ErrorCode::StoredBallotMismatch, "存储的选票与评议对象不符。"));
        }
        Ok(Self(choices))
    }

    pub fn choices(&self) -> &[Satisfaction] {
        &self.0
    }
}

/// A cast ballot, in the two parts the store keeps apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cast {
    pub mark: VoterMark,
    pub ballot: SecretBallot,
}

/// Checks one voter's ballot: the vote is open, the voter entitled and not yet voted, every
/// subject marked exactly once and nothing else marked.
pub fn cast(
    ballot: &Ballot,
    roll: &VoterRoll,
    voter: PersonId,
    marks: &[(SubjectId, Satisfaction)],
) -> Result<Cast, Refusal> {
    if ballot.state != BallotState::Open {
        return Err(Refusal::new(ErrorCode::BallotNotOpen, format!("评议投票{}，不能投票。", ballot.state.label())));
    }
    if !ballot.is_entitled(voter) {
        return Err(Refusal::new(ErrorCode::NotEntitled, "您不在本次评议投票的代表名单中。"));
    }
    if roll.has_voted(voter) {
        return Err(Refusal::new(ErrorCode::AlreadyVoted, "您已经投过票，每位代表只能投一次。"));
    }
    if let Some((unknown, _)) = marks.iter().find(|(id, _)| !ballot.subjects.iter().any(|s| s.id == *id)) {
        return Err(Refusal::new(
            ErrorCode::UnknownSubject,
            format!("评议对象（编号{}）不在本次评议票上。", unknown.0),
        ));
    }
    let mut choices = Vec::with_capacity(ballot.subjects.len());
    for s in &ballot.subjects {
        let mut marked = marks.iter().filter(|(id, _)| *id == s.id).map(|(_, c)| *c);
        match (marked.next(), marked.next()) {
            (Some(c), None) => choices.push(c),
            (None, _) => {
                return Err(Refusal::new(
                    ErrorCode::SubjectNotMarked,
                    format!("请对“{}”选择满意、基本满意或不满意。", s.name.trim()),
                ));
            }
            (Some(_), Some(_)) => {
                return Err(Refusal::new(
                    ErrorCode::SubjectMarkedTwice,
                    format!("对“{}”只能选择一项。", s.name.trim()),
                ));
            }
        }
    }
    Ok(Cast { mark: VoterMark { voter }, ballot: SecretBallot(choices) })
}

/// A new ballot's form, or why not: a title of at most 100 characters, a closing day not
/// before the opening one, and departments its congress oversees (`departments_here`: for each
/// chosen department, whether it is a unit of the ballot's congress). Returns the title trimmed.
pub fn check_new(title: &str, opens_on: Date, closes_on: Date, departments_here: &[bool]) -> Result<String, Refusal> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(Refusal::invalid("title", "请填写评议名称（不超过100个字）"));
    }
    if closes_on < opens_on {
        return Err(Refusal::invalid("closes_on", "投票截止日期不能早于开始日期"));
    }
    if departments_here.iter().any(|here| !here) {
        return Err(Refusal::invalid("departments", "评议对象须为本级人大监督的部门"));
    }
    Ok(title.to_owned())
}

/// Whether the staff may remind the deputies who have not voted: only while the vote is open,
/// once a day (`reminded_today`), and only when someone has not voted (`non_voters`).
pub fn check_reminder(state: BallotState, reminded_today: bool, non_voters: usize) -> Result<(), Refusal> {
    if state != BallotState::Open {
        return Err(Refusal::new(ErrorCode::WrongState, "评议投票不在进行中，无需提醒。"));
    }
    if reminded_today {
        return Err(Refusal::new(ErrorCode::AlreadyReminded, "今天已经提醒过未投票的代表，明天可以再次提醒。"));
    }
    if non_voters == 0 {
        return Err(Refusal::new(ErrorCode::AllVoted, "所有代表均已投票，无需提醒。"));
    }
    Ok(())
}

/// Who casts a vote: only a deputy, as themselves.
pub fn voter(role: Role) -> Result<PersonId, Denied> {
    match role {
        Role::Deputy { person } => Ok(person),
        _ => Err(Denied { message: "只有代表可以参加评议投票。".into() }),
    }
}

/// Whether a vote may be cast on a ballot in `state` whose electorate was taken when it opened
/// (`has_electorate`): not before it opened. (The rest is [`cast`]'s.)
pub fn check_opened(state: BallotState, has_electorate: bool) -> Result<(), Refusal> {
    if state == BallotState::Prepared || !has_electorate {
        return Err(Refusal::new(ErrorCode::BallotNotOpen, "评议投票尚未开始，不能投票。"));
    }
    Ok(())
}

/// Whether the vote may be closed: not before it opened. (Closing an open one is
/// [`Ballot::close`].)
pub fn check_close(state: BallotState) -> Result<(), Refusal> {
    if state == BallotState::Prepared {
        return Err(Refusal::new(ErrorCode::WrongState, "评议投票尚未开始，不能结束投票。"));
    }
    Ok(())
}

/// Whether the vote may be opened now, from [`BallotState::Prepared`]: the same refusal as
/// [`Ballot::open`], given before the electorate is read.
pub fn check_open(state: BallotState) -> Result<(), Refusal> {
    if state != BallotState::Prepared {
        return Err(Refusal::new(ErrorCode::WrongState, format!("评议投票当前为“{}”，不能开始投票。", state.label())));
    }
    Ok(())
}

/// Whether results may be shown: only once the vote has closed, i.e. it opened (an electorate
/// was taken) — the tally checks the rest.
pub fn check_results(has_electorate: bool) -> Result<(), Refusal> {
    if !has_electorate {
        return Err(Refusal::new(ErrorCode::BallotNotClosed, "评议投票结束后才能公布结果。"));
    }
    Ok(())
}

/// An exact ratio (e.g. 17 of 20), shown as a percentage with one decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    pub num: u32,
    pub den: u32,
}

impl Ratio {
    /// Tenths of a percent, rounded half up; `None` when nothing was counted.
    pub fn per_mille(self) -> Option<u32> {
        (self.den > 0).then(|| ((u64::from(self.num) * 2000 + u64::from(self.den)) / (2 * u64::from(self.den))) as u32)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.per_mille() {
            Some(pm) => write!(f, "{}.{}%", pm / 10, pm % 10),
            None => f.write_str("—"),
        }
    }
}

/// One subject's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectResult {
    pub subject: SubjectId,
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    /// (满意 + 基本满意) / ballots cast: the 满意率 usually published.
    pub satisfaction_rate: Ratio,
    /// 满意 / ballots cast.
    pub satisfied_rate: Ratio,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    pub electorate: u32,
    pub cast: u32,
    /// Ballots cast / entitled deputies.
    pub turnout: Ratio,
    pub subjects: Vec<SubjectResult>,
}

/// Counts a closed ballot. `roll` is only counted, never matched to a ballot; it must hold as
/// many voters as there are ballots, or the store lost one half of a cast.
pub fn tally(ballot: &Ballot, roll: &VoterRoll, ballots: &[SecretBallot]) -> Result<Results, Refusal> {
    if ballot.state != BallotState::Closed {
        return Err(Refusal::new(ErrorCode::BallotNotClosed, "评议投票结束后才能公布结果。"));
    }
    if roll.len() != ballots.len() || ballots.iter().any(|b| b.0.len() != ballot.subjects.len()) {
        return Err(Refusal::new(ErrorCode::BallotCountMismatch, "投票人数与选票数不一致，请联系管理员核查。"));
    }
    let cast = ballots.len() as u32;
    let subjects = ballot
        .subjects
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let count = |c: Satisfaction| ballots.iter().filter(|b| b.0[i] == c).count() as u32;
            let (satisfied, basic, unsatisfied) =
                (count(Satisfaction::Satisfied), count(Satisfaction::Basic), count(Satisfaction::Unsatisfied));
            SubjectResult {
                subject: s.id,
                satisfied,
                basic,
                unsatisfied,
                satisfaction_rate: Ratio { num: satisfied + basic, den: cast },
                satisfied_rate: Ratio { num: satisfied, den: cast },
            }
        })
        .collect();
    let electorate = ballot.electorate.len() as u32;
    Ok(Results { electorate, cast, turnout: Ratio { num: cast, den: electorate }, subjects })
}

#[cfg(test)]
mod tests;
