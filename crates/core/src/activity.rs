//! Activities (履职活动) as a record: the form and its checks, who organises and who may read
//! one, when it may be edited, cancelled, held jointly, reported on and have photos attached,
//! who is invited, and the roll's check-in — each returning what changes as [`Effect`]s the
//! store writes in one transaction with its audit entry (action names from [`Outcome::action`]).
//!
//! One deputy's participation (the states, the phases, the buttons) is the archive's
//! [`crate::archive::activity`]; this module decides around it: who gives a command
//! ([`participant_of`]), what a command writes on the roll ([`attend`]), what a scan of the QR
//! code does ([`scan`]), and which archive item a line of the roll earns ([`credit`]).
//!
//! The store loads what the rules need (the congress paths of the activity's congresses, the
//! liaison station the form names, the deputies in office, the roll), calls these and applies
//! the outcome. Refusals keep the kinds the store always gave: form errors are
//! [`ValidationError`]s, the policy's [`Denied`], a cancelled activity's [`Refusal`] and the
//! participation rules' [`ScoringError`] ([`ActivityError`] carries each).

use crate::archive::ItemKind;
use crate::archive::ScoringError;
use crate::archive::activity::{
    self as part, ActivityKind, Attendance, MediationOutcome, Participant, ParticipationCommand, ParticipationKind,
    Phase,
};
use crate::error::{ErrorCode, Refusal, ValidationError};
use crate::ids::{ActivityId, OrgId, PersonId};
use crate::org::OrgKind;
use crate::policy::{Action, Denied, Resource, Role, Target, decide};
use jiff::civil::{Date, DateTime};
use serde::Serialize;

/// Why an activity's command is refused, of the kind the store has always answered with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActivityError {
    /// A field of a form.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// The user may not do this to the activity.
    #[error("{0}")]
    Denied(#[from] Denied),
    /// A rule with its precise reason (a cancelled activity, a congress already holding it).
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// The participation rules.
    #[error("{0}")]
    Scoring(#[from] ScoringError),
    /// A record the command names was not found (what the store called it).
    #[error("未找到{0}")]
    NotFound(&'static str),
}

/// The record of a 社会矛盾化解 case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mediation {
    pub parties: String,
    pub issue: String,
    pub steps: String,
    pub outcome: Option<MediationOutcome>,
}

/// An activity as the form gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub title: String,
    pub place: String,
    /// Who organises it, as people say it (市人大常委会办公室).
    pub organiser: String,
    /// Beijing civil times.
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    pub description: String,
    /// The liaison station of a 联络站接待 or a mediation case.
    pub station: Option<OrgId>,
    /// Only for 社会矛盾化解.
    pub mediation: Option<Mediation>,
}

/// The liaison station a form names, as the store found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StationFound {
    pub kind: OrgKind,
    pub parent: Option<OrgId>,
}

/// The store's lookup of the station a form names: found, or not (`Err`: what the store calls
/// the missing record), refused in its turn among the form's checks.
pub type StationLookup = Option<Result<StationFound, &'static str>>;

fn invalid(field: &str, message: impl Into<String>) -> ActivityError {
    ActivityError::Invalid(ValidationError::new(field, message))
}

/// Checks the form for an activity of `congress` (with the station it names as the store
/// looked it up) and returns it trimmed, as its row keeps it.
pub fn check_form(new: &NewActivity, congress: OrgId, station: StationLookup) -> Result<NewActivity, ActivityError> {
    for (field, text, label, limit) in [
        ("title", &new.title, "活动名称", 200),
        ("place", &new.place, "地点", 200),
        ("organiser", &new.organiser, "组织单位", 100),
    ] {
        if text.trim().is_empty() {
            return Err(invalid(field, format!("请填写{label}")));
        }
        if text.chars().count() > limit {
            return Err(invalid(field, format!("{label}不能超过{limit}个字")));
        }
    }
    if new.description.chars().count() > 4000 {
        return Err(invalid("description", "活动内容不能超过4000个字"));
    }
    if new.ends_at < new.starts_at {
        return Err(invalid("ends_at", "结束时间不能早于开始时间"));
    }
    if new.mediation.is_some() && new.kind != ActivityKind::Mediation {
        return Err(invalid("kind", "只有“社会矛盾化解”活动才登记调解情况"));
    }
    if let Some(m) = &new.mediation {
        for (field, text, label) in
            [("parties", &m.parties, "当事人"), ("issue", &m.issue, "矛盾纠纷"), ("steps", &m.steps, "化解过程")]
        {
            if text.chars().count() > 2000 {
                return Err(invalid(field, format!("{label}不能超过2000个字")));
            }
        }
    }
    if new.station.is_some() {
        let found = match station {
            Some(Ok(found)) => Some(found),
            Some(Err(what)) => return Err(ActivityError::NotFound(what)),
            None => None,
        };
        let here = found.is_some_and(|s| s.kind == OrgKind::LiaisonStation && s.parent == Some(congress));
        if !here {
            return Err(invalid("station", "请选择本级人大的代表联络站"));
        }
    }
    Ok(NewActivity {
        title: new.title.trim().to_owned(),
        place: new.place.trim().to_owned(),
        organiser: new.organiser.trim().to_owned(),
        description: new.description.trim().to_owned(),
        mediation: new.mediation.as_ref().map(|m| Mediation {
            parties: m.parties.trim().to_owned(),
            issue: m.issue.trim().to_owned(),
            steps: m.steps.trim().to_owned(),
            outcome: m.outcome,
        }),
        ..new.clone()
    })
}

/// What the rules know about one activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    pub id: ActivityId,
    pub kind: ActivityKind,
    pub starts_at: DateTime,
    pub ends_at: DateTime,
    pub cancelled: bool,
    /// The owning congress, then the joint ones.
    pub congresses: Vec<OrgId>,
}

impl Facts {
    pub fn phase(&self, now: DateTime) -> Phase {
        Phase::at(now, self.starts_at, self.ends_at)
    }
}

/// The rows one command writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A new activity of this congress, from the checked form (its owner holds it).
    Insert {
        congress: OrgId,
        form: NewActivity,
    },
    /// The activity's details, from the checked form.
    SetDetails(NewActivity),
    Cancel,
    /// Another congress holds it jointly.
    AddCongress(OrgId),
    SetReport {
        text: Option<String>,
        published: bool,
    },
    /// The photos the command brings, under this caption.
    AttachPhotos {
        caption: String,
    },
    /// These deputies are invited (none already on the roll).
    Invite(Vec<PersonId>),
    /// One line of the roll.
    Attend(AttendanceChange),
    /// Every line of the roll earns its archive item again ([`credit`]): the activity moved,
    /// changed kind or was cancelled.
    Recredit,
}

/// What one command does: the rows it writes and the audit entry's action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub action: &'static str,
    pub effects: Vec<Effect>,
}

fn outcome(action: &'static str, effects: Vec<Effect>) -> Outcome {
    Outcome { action, effects }
}

/// Nothing is done on a cancelled activity any more.
pub fn not_cancelled(cancelled: bool) -> Result<(), Refusal> {
    if cancelled {
        Err(Refusal::new(ErrorCode::ActivityCancelled, "该活动已取消，不能再办理。"))
    } else {
        Ok(())
    }
}

/// Staff of its owning congress organise an activity (`path`: the owner's congress path).
pub fn organises(role: Role, path: &[OrgId]) -> Result<(), Denied> {
    decide(role, Action::Edit, Resource::Activity, &Target { congress_path: path, ..Target::default() })
}

/// Whether `role` may read an activity held by the congresses of `paths`: staff of any of them
/// (or above one), an invited deputy (`on_roll`), and everyone once its report is published.
pub fn may_view(role: Role, paths: &[Vec<OrgId>], on_roll: bool, published: bool) -> bool {
    let persons: Vec<PersonId> = match role {
        Role::Deputy { person } if on_roll => vec![person],
        _ => Vec::new(),
    };
    paths.iter().any(|path| {
        let target = Target { congress_path: path, persons: &persons, public: published, units: &[] };
        decide(role, Action::View, Resource::Activity, &target).is_ok()
    })
}

/// A new activity of `congress` (`path`: its congress path, which must start with it).
pub fn create(
    role: Role,
    congress: OrgId,
    path: &[OrgId],
    new: &NewActivity,
    station: StationLookup,
) -> Result<Outcome, ActivityError> {
    if path.first() != Some(&congress) {
        return Err(invalid("congress", "活动只能属于某一级人大"));
    }
    decide(role, Action::Create, Resource::Activity, &Target { congress_path: path, ..Target::default() })?;
    let form = check_form(new, congress, station)?;
    Ok(outcome("activity.create", vec![Effect::Insert { congress, form }]))
}

/// Edits an activity not cancelled (the caller checked its organiser); moving it moves the
/// archive items its roll earned.
pub fn edit(a: &Facts, new: &NewActivity, station: StationLookup) -> Result<Outcome, ActivityError> {
    not_cancelled(a.cancelled)?;
    let form = check_form(new, a.congresses[0], station)?;
    Ok(outcome("activity.update", vec![Effect::SetDetails(form), Effect::Recredit]))
}

/// Cancels an activity: nothing on it counts any more.
pub fn cancel(a: &Facts) -> Result<Outcome, ActivityError> {
    not_cancelled(a.cancelled)?;
    Ok(outcome("activity.cancel", vec![Effect::Cancel, Effect::Recredit]))
}

/// Another congress (`is_congress`: as the store found it) holds the activity jointly.
pub fn join(a: &Facts, congress: OrgId, is_congress: bool) -> Result<Outcome, ActivityError> {
    if !is_congress {
        return Err(invalid("congress", "联合举办方须是某一级人大"));
    }
    if a.congresses.contains(&congress) {
        return Err(Refusal::new(ErrorCode::AlreadyHost, "该人大已是本活动的举办方。").into());
    }
    Ok(outcome("activity.add_congress", vec![Effect::AddCongress(congress)]))
}

/// The report (活动报道/总结) and whether it is published: at most 20,000 characters, and
/// written before it is published.
pub fn report(report: &str, published: bool) -> Result<Outcome, ActivityError> {
    if report.chars().count() > 20_000 {
        return Err(invalid("report", "活动报道不能超过20000个字"));
    }
    if published && report.trim().is_empty() {
        return Err(invalid("report", "请先填写活动报道再发布"));
    }
    let text = Some(report.trim().to_owned()).filter(|r| !r.is_empty());
    Ok(outcome("activity.report", vec![Effect::SetReport { text, published }]))
}

/// Photos for the report: at least one, each a PNG or JPEG (`files`: the name and bytes of
/// each), with a caption of at most 200 characters.
pub fn attach_photos(files: &[(&str, &[u8])], caption: &str) -> Result<Outcome, ActivityError> {
    if files.is_empty() {
        return Err(invalid("files", "请选择要上传的照片"));
    }
    for (name, bytes) in files {
        let image = bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
        if !image {
            return Err(invalid("files", format!("“{name}”不是照片：只接受 PNG、JPEG 图片")));
        }
    }
    if caption.chars().count() > 200 {
        return Err(invalid("caption", "照片说明不能超过200个字"));
    }
    Ok(outcome("activity.photos", vec![Effect::AttachPhotos { caption: caption.trim().to_owned() }]))
}

// ---- invitations ---------------------------------------------------------------------------

/// Who the organiser may invite: the deputies in office (`eligible`, by person) not yet on the
/// roll, each once.
pub fn invitable<T: Clone>(eligible: &[(PersonId, T)], on_roll: &[PersonId]) -> Vec<(PersonId, T)> {
    let mut out: Vec<(PersonId, T)> = eligible.iter().filter(|e| !on_roll.contains(&e.0)).cloned().collect();
    out.dedup_by_key(|e| e.0);
    out
}

/// Invites `persons`, each a deputy in office on the activity's day in one of its congresses
/// (`eligible`); those already on the roll (`already`) are skipped. `None`: nobody new.
pub fn invite(
    a: &Facts,
    persons: &[PersonId],
    eligible: &[PersonId],
    already: &[PersonId],
) -> Result<Option<Outcome>, ActivityError> {
    not_cancelled(a.cancelled)?;
    for p in persons {
        if !eligible.contains(p) {
            return Err(invalid("persons", format!("人员（编号{}）不是本活动举办人大在活动当天在任的代表", p.0)));
        }
    }
    let mut new: Vec<PersonId> = persons.iter().copied().filter(|p| !already.contains(p)).collect();
    new.sort_unstable();
    new.dedup();
    Ok((!new.is_empty()).then(|| outcome("activity.invite", vec![Effect::Invite(new)])))
}

/// The deputies `names` names (separated by commas, 、 or spaces) among `eligible` (person,
/// name). An unknown or ambiguous name refuses the whole list.
pub fn resolve_names(names: &str, eligible: &[(PersonId, String)]) -> Result<Vec<PersonId>, ActivityError> {
    let mut persons = Vec::new();
    for name in names.split([',', '，', '、', ' ', '\n', ';', '；']).map(str::trim).filter(|n| !n.is_empty()) {
        let mut hits: Vec<PersonId> = eligible.iter().filter(|e| e.1 == name).map(|e| e.0).collect();
        hits.dedup();
        match hits.as_slice() {
            [one] => persons.push(*one),
            [] => return Err(invalid("names", format!("没有找到在任代表“{name}”，请核对姓名"))),
            _ => {
                return Err(invalid(
                    "names",
                    format!("有{}名代表都叫“{name}”，请按代表团整体邀请后再调整", hits.len()),
                ));
            }
        }
    }
    if persons.is_empty() {
        return Err(invalid("names", "请填写要邀请的代表姓名"));
    }
    Ok(persons)
}

/// A whole congress (one of the activity's) or delegation is invited.
pub fn check_delegation_congress(a: &Facts, congress: OrgId) -> Result<(), ActivityError> {
    if a.congresses.contains(&congress) {
        Ok(())
    } else {
        Err(invalid("congress", "只能邀请本活动举办人大的代表"))
    }
}

/// The deputies a delegation or congress has in office: there must be some.
pub fn check_delegation_found(persons: &[PersonId]) -> Result<(), ActivityError> {
    if persons.is_empty() { Err(invalid("delegation", "该范围内没有在任代表")) } else { Ok(()) }
}

// ---- the roll ------------------------------------------------------------------------------

/// Who gives a participation command for `person`: the deputy for themselves; anyone else as
/// the organiser, which the policy must allow (`path`: the owning congress's path). A deputy
/// acting for another deputy is refused.
pub fn participant_of(role: Role, person: PersonId, path: &[OrgId]) -> Result<Participant, Denied> {
    match role {
        Role::Deputy { person: me } if me == person => Ok(Participant::Deputy),
        Role::Deputy { .. } => Err(Denied { message: "代表只能为自己报名、请假或签到。".into() }),
        _ => {
            organises(role, path)?;
            Ok(Participant::Organiser)
        }
    }
}

/// What a command writes on one line of the roll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceChange {
    pub person: PersonId,
    /// `None`: the deputy was not on the roll (added by scanning the code).
    pub before: Option<Attendance>,
    pub next: Attendance,
    /// Kept when given (else the one before stays).
    pub leave_reason: Option<String>,
    pub decision_note: Option<String>,
    /// How the deputy checked in (`qr` or `list`), when the line is now checked in.
    pub checkin_method: Option<&'static str>,
    /// The audit action: `activity.sign_up`, …
    pub action: String,
}

impl ParticipationKind {
    /// The stable snake_case code (as serde writes it).
    pub fn code(self) -> &'static str {
        match self {
            ParticipationKind::SignUp => "sign_up",
            ParticipationKind::RequestLeave => "request_leave",
            ParticipationKind::ApproveLeave => "approve_leave",
            ParticipationKind::RefuseLeave => "refuse_leave",
            ParticipationKind::CheckIn => "check_in",
            ParticipationKind::MarkAbsent => "mark_absent",
        }
    }
}

fn change(
    person: PersonId,
    before: Option<Attendance>,
    next: Attendance,
    cmd: &ParticipationCommand,
    who: Participant,
) -> AttendanceChange {
    let (leave_reason, decision_note) = match cmd {
        ParticipationCommand::RequestLeave { reason } => (Some(reason.trim().to_owned()), None),
        ParticipationCommand::RefuseLeave { note } => (None, Some(note.trim().to_owned())),
        _ => (None, None),
    };
    let method = match who {
        Participant::Deputy => "qr",
        Participant::Organiser => "list",
    };
    AttendanceChange {
        person,
        before,
        next,
        leave_reason,
        decision_note,
        checkin_method: (next == Attendance::CheckedIn).then_some(method),
        action: format!("activity.{}", cmd.kind().code()),
    }
}

/// One participation command by `who` for `person` whose line stands at `state`, at `now`.
pub fn attend(
    a: &Facts,
    person: PersonId,
    state: Attendance,
    who: Participant,
    cmd: &ParticipationCommand,
    now: DateTime,
) -> Result<AttendanceChange, ActivityError> {
    let next = part::participate(state, who, cmd, a.phase(now))?;
    Ok(change(person, Some(state), next, cmd, who))
}

/// The commands `who` may give now on a line standing at `state`: exactly the buttons to show.
pub fn buttons(a: &Facts, state: Attendance, who: Participant, now: DateTime) -> Vec<ParticipationKind> {
    if a.cancelled { Vec::new() } else { part::permitted(state, who, a.phase(now)) }
}

/// Only a deputy checks in by scanning the code: who they are.
pub fn scanner(role: Role) -> Result<PersonId, Denied> {
    match role {
        Role::Deputy { person } => Ok(person),
        _ => Err(Denied {
            message: "扫码签到须由代表本人登录后操作；工作人员请在活动名单上勾选签到。".into()
        }),
    }
}

/// What a deputy's scan does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scan {
    /// Already checked in: nothing changes.
    Already(Attendance),
    /// The line changes (or is added) so.
    Attend(AttendanceChange),
}

/// A scan of the activity's code by `person` at `now`, whose line stands at `line` (`None`:
/// not on the roll; then they must be `eligible`, a deputy in office of one of its congresses,
/// and are added and checked in).
pub fn scan(
    a: &Facts,
    person: PersonId,
    line: Option<Attendance>,
    eligible: bool,
    now: DateTime,
) -> Result<Scan, ActivityError> {
    not_cancelled(a.cancelled)?;
    match line {
        Some(Attendance::CheckedIn) => Ok(Scan::Already(Attendance::CheckedIn)),
        Some(state) => {
            Ok(Scan::Attend(attend(a, person, state, Participant::Deputy, &ParticipationCommand::CheckIn, now)?))
        }
        None => {
            if !eligible {
                return Err(Denied {
                    message: "您不是本活动举办人大的在任代表，不能签到。".into()
                }
                .into());
            }
            part::check(Attendance::Invited, Participant::Deputy, ParticipationKind::CheckIn, a.phase(now))?;
            let cmd = ParticipationCommand::CheckIn;
            Ok(Scan::Attend(change(person, None, Attendance::CheckedIn, &cmd, Participant::Deputy)))
        }
    }
}

// ---- the archive ---------------------------------------------------------------------------

/// The archive item's source for one line of the roll.
pub fn source_of(id: ActivityId, person: PersonId) -> String {
    format!("activity:{}:{}", id.0, person.0)
}

/// The archive item one line of the roll earns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Credit {
    /// The deputy's own congress among the activity's.
    pub congress: OrgId,
    pub kind: ItemKind,
    /// The activity's first day.
    pub date: Date,
}

/// The item a line standing at `state` earns (`None`: it no longer counts at all, the
/// activity is cancelled), for a deputy seated in `seats`: in the deputy's own congress among
/// the activity's, dated its first day; nothing if the standing earns nothing or the deputy
/// sits in none of its congresses (left office since).
pub fn credit(a: &Facts, state: Option<Attendance>, seats: &[OrgId]) -> Option<Credit> {
    let kind = state.and_then(|s| s.item_kind(a.kind))?;
    let congress = a.congresses.iter().copied().find(|c| seats.contains(c))?;
    Some(Credit { congress, kind, date: a.starts_at.date() })
}

#[cfg(test)]
mod tests;
