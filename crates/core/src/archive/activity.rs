//! Activities and one deputy's participation in one of them, as data plus one transition.
//!
//! The states: 已邀请 → 已报名 → 已签到, with leave (请假待批 → 已准假 | 请假未批准) on the
//! side and 缺席 for an invited deputy who neither came nor had leave. [`participate`] applies a
//! command given by the deputy (sign up, ask for leave, check in by scanning the organiser's QR
//! code) or by the organiser (decide on leave, tick the list, mark absent) in the activity's
//! current [`Phase`]; [`permitted`] lists exactly the buttons to show. The outcome becomes an
//! archive item through [`Attendance::item_kind`].

use super::ScoringError;
use super::items::ItemKind;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

/// The kinds of activity (the list; 会议 covers sessions and standing-committee meetings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Inspection,
    Survey,
    LawEnforcementCheck,
    CourtObservation,
    Training,
    GroupActivity,
    StationReception,
    Report,
    Meeting,
    Mediation,
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 11] = [
        ActivityKind::Inspection,
        ActivityKind::Survey,
        ActivityKind::LawEnforcementCheck,
        ActivityKind::CourtObservation,
        ActivityKind::Training,
        ActivityKind::GroupActivity,
        ActivityKind::StationReception,
        ActivityKind::Report,
        ActivityKind::Meeting,
        ActivityKind::Mediation,
        ActivityKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Inspection => "视察",
            ActivityKind::Survey => "调研",
            ActivityKind::LawEnforcementCheck => "执法检查",
            ActivityKind::CourtObservation => "听审案看执行",
            ActivityKind::Training => "培训学习",
            ActivityKind::GroupActivity => "代表小组活动",
            ActivityKind::StationReception => "联络站接待",
            ActivityKind::Report => "述职",
            ActivityKind::Meeting => "会议",
            ActivityKind::Mediation => "社会矛盾化解",
            ActivityKind::Other => "其他",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::Inspection => "inspection",
            ActivityKind::Survey => "survey",
            ActivityKind::LawEnforcementCheck => "law_enforcement_check",
            ActivityKind::CourtObservation => "court_observation",
            ActivityKind::Training => "training",
            ActivityKind::GroupActivity => "group_activity",
            ActivityKind::StationReception => "station_reception",
            ActivityKind::Report => "report",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Mediation => "mediation",
            ActivityKind::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The archive item a deputy who attended earns. `None` for 述职: its item depends on the
    /// voters' rating ([`super::report::ReportResult::item_kind`]). Sessions of the congress are
    /// recorded per half-day from the session roll, not through this mapping.
    pub fn item_kind(self) -> Option<ItemKind> {
        Some(match self {
            ActivityKind::Inspection => ItemKind::Inspection,
            ActivityKind::Survey => ItemKind::Survey,
            ActivityKind::LawEnforcementCheck => ItemKind::LawEnforcementCheck,
            ActivityKind::CourtObservation => ItemKind::CourtObservation,
            ActivityKind::Training => ItemKind::Training,
            ActivityKind::GroupActivity => ItemKind::GroupActivity,
            ActivityKind::StationReception => ItemKind::StationReception,
            ActivityKind::Report => return None,
            ActivityKind::Meeting => ItemKind::MeetingAttended,
            ActivityKind::Mediation => ItemKind::Mediation,
            ActivityKind::Other => ItemKind::OtherActivity,
        })
    }
}

/// How a 社会矛盾化解 case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediationOutcome {
    Resolved,
    PartlyResolved,
    Unresolved,
    Referred,
}

impl MediationOutcome {
    pub const ALL: [MediationOutcome; 4] = [
        MediationOutcome::Resolved,
        MediationOutcome::PartlyResolved,
        MediationOutcome::Unresolved,
        MediationOutcome::Referred,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MediationOutcome::Resolved => "resolved",
            MediationOutcome::PartlyResolved => "partly_resolved",
            MediationOutcome::Unresolved => "unresolved",
            MediationOutcome::Referred => "referred",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            MediationOutcome::Resolved => "已化解",
            MediationOutcome::PartlyResolved => "部分化解",
            MediationOutcome::Unresolved => "未化解",
            MediationOutcome::Referred => "已移交有关部门",
        }
    }
}

/// A deputy's standing for one activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Invited,
    SignedUp,
    LeaveRequested,
    LeaveApproved,
    LeaveRefused,
    CheckedIn,
    Absent,
}

impl Attendance {
    pub const ALL: [Attendance; 7] = [
        Attendance::Invited,
        Attendance::SignedUp,
        Attendance::LeaveRequested,
        Attendance::LeaveApproved,
        Attendance::LeaveRefused,
        Attendance::CheckedIn,
        Attendance::Absent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Attendance::Invited => "已邀请",
            Attendance::SignedUp => "已报名",
            Attendance::LeaveRequested => "请假待批",
            Attendance::LeaveApproved => "已准假",
            Attendance::LeaveRefused => "请假未批准",
            Attendance::CheckedIn => "已签到",
            Attendance::Absent => "缺席",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Attendance::Invited => "invited",
            Attendance::SignedUp => "signed_up",
            Attendance::LeaveRequested => "leave_requested",
            Attendance::LeaveApproved => "leave_approved",
            Attendance::LeaveRefused => "leave_refused",
            Attendance::CheckedIn => "checked_in",
            Attendance::Absent => "absent",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }

    /// The archive item this standing earns once the activity is over: attendance for a
    /// check-in, [`ItemKind::ActivityAbsent`] for an absence, nothing otherwise (approved leave
    /// costs nothing).
    pub fn item_kind(self, activity: ActivityKind) -> Option<ItemKind> {
        match self {
            Attendance::CheckedIn => activity.item_kind(),
            Attendance::Absent => Some(ItemKind::ActivityAbsent),
            _ => None,
        }
    }
}

/// Where the activity is in time, from the deputy's and organiser's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Before,
    Underway,
    Over,
}

impl Phase {
    /// The phase at `now` of an activity from `start` to `end`.
    pub fn at(now: DateTime, start: DateTime, end: DateTime) -> Phase {
        if now < start {
            Phase::Before
        } else if now <= end {
            Phase::Underway
        } else {
            Phase::Over
        }
    }
}

/// Who gives a participation command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Participant {
    /// The invited deputy.
    Deputy,
    /// The organiser (or congress staff acting for it).
    Organiser,
}

/// A command without payload: what buttons to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationKind {
    SignUp,
    RequestLeave,
    ApproveLeave,
    RefuseLeave,
    CheckIn,
    MarkAbsent,
}

impl ParticipationKind {
    pub const ALL: [ParticipationKind; 6] = [
        ParticipationKind::SignUp,
        ParticipationKind::RequestLeave,
        ParticipationKind::ApproveLeave,
        ParticipationKind::RefuseLeave,
        ParticipationKind::CheckIn,
        ParticipationKind::MarkAbsent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ParticipationKind::SignUp => "报名",
            ParticipationKind::RequestLeave => "请假",
            ParticipationKind::ApproveLeave => "批准请假",
            ParticipationKind::RefuseLeave => "不批准请假",
            ParticipationKind::CheckIn => "签到",
            ParticipationKind::MarkAbsent => "记为缺席",
        }
    }
}

/// A participation command with its payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum ParticipationCommand {
    SignUp,
    RequestLeave { reason: String },
    ApproveLeave,
    RefuseLeave { note: String },
    CheckIn,
    MarkAbsent,
}

impl ParticipationCommand {
    pub fn kind(&self) -> ParticipationKind {
        match self {
            ParticipationCommand::SignUp => ParticipationKind::SignUp,
            ParticipationCommand::RequestLeave { .. } => ParticipationKind::RequestLeave,
            ParticipationCommand::ApproveLeave => ParticipationKind::ApproveLeave,
            ParticipationCommand::RefuseLeave { .. } => ParticipationKind::RefuseLeave,
            ParticipationCommand::CheckIn => ParticipationKind::CheckIn,
            ParticipationCommand::MarkAbsent => ParticipationKind::MarkAbsent,
        }
    }
}

/// Checks whether `who` may give `kind` now, without looking at a payload.
pub fn check(state: Attendance, who: Participant, kind: ParticipationKind, phase: Phase) -> Result<(), ScoringError> {
    use Attendance as A;
    use Participant as P;
    use ParticipationKind as K;
    let who_ok = match kind {
        K::SignUp | K::RequestLeave => who == P::Deputy,
        K::ApproveLeave | K::RefuseLeave | K::MarkAbsent => who == P::Organiser,
        // The deputy scans the QR code; the organiser may tick the list instead.
        K::CheckIn => true,
    };
    if !who_ok {
        let message = match who {
            P::Deputy => format!("只有活动组织方可以{}。", kind.label()),
            P::Organiser => format!("{}须由代表本人操作。", kind.label()),
        };
        return Err(ScoringError::NotPermitted { message });
    }
    let phase_refusal = match (kind, phase) {
        (K::SignUp, Phase::Underway | Phase::Over) => Some("活动已开始，不能再报名。"),
        (K::RequestLeave, Phase::Over) => Some("活动已结束，不能再请假。"),
        (K::CheckIn, Phase::Before) => Some("活动尚未开始，还不能签到。"),
        (K::CheckIn, Phase::Over) if who == P::Deputy => {
            Some("活动已结束，扫码签到已关闭；如确已参加，请联系组织方补签。")
        }
        (K::MarkAbsent, Phase::Before | Phase::Underway) => Some("活动结束后才能记为缺席。"),
        _ => None,
    };
    if let Some(message) = phase_refusal {
        return Err(ScoringError::WrongPhase { message: message.into() });
    }
    if kind == K::MarkAbsent && state == A::LeaveRequested {
        return Err(ScoringError::LeavePending);
    }
    let state_ok = match kind {
        K::SignUp => matches!(state, A::Invited | A::LeaveApproved | A::LeaveRefused),
        K::RequestLeave => matches!(state, A::Invited | A::SignedUp),
        K::ApproveLeave | K::RefuseLeave => state == A::LeaveRequested,
        // Coming after all is welcome, whatever was said about leave. Only the organiser
        // corrects an absence (the deputy's scan window has closed by then anyway).
        K::CheckIn => match state {
            A::CheckedIn => false,
            A::Absent => who == P::Organiser,
            _ => true,
        },
        K::MarkAbsent => matches!(state, A::Invited | A::SignedUp | A::LeaveRefused),
    };
    if !state_ok {
        return Err(ScoringError::WrongState { state: state.label(), action: kind.label() });
    }
    Ok(())
}

/// The commands `who` may give now: exactly the buttons to show.
pub fn permitted(state: Attendance, who: Participant, phase: Phase) -> Vec<ParticipationKind> {
    ParticipationKind::ALL.into_iter().filter(|k| check(state, who, *k, phase).is_ok()).collect()
}

/// Applies one command. The caller stores the result; on `Err` nothing changes.
pub fn participate(
    state: Attendance,
    who: Participant,
    cmd: &ParticipationCommand,
    phase: Phase,
) -> Result<Attendance, ScoringError> {
    check(state, who, cmd.kind(), phase)?;
    Ok(match cmd {
        ParticipationCommand::SignUp => Attendance::SignedUp,
        ParticipationCommand::RequestLeave { reason } => {
            if reason.trim().is_empty() {
                return Err(ScoringError::Missing { what: "请假事由" });
            }
            Attendance::LeaveRequested
        }
        ParticipationCommand::ApproveLeave => Attendance::LeaveApproved,
        ParticipationCommand::RefuseLeave { note } => {
            if note.trim().is_empty() {
                return Err(ScoringError::Missing { what: "不批准请假的理由" });
            }
            Attendance::LeaveRefused
        }
        ParticipationCommand::CheckIn => Attendance::CheckedIn,
        ParticipationCommand::MarkAbsent => Attendance::Absent,
    })
}
