//! Roles and the one policy function.
//!
//! Every check in the platform asks [`decide`]: may this user (their [`Role`]) do this
//! [`Action`] to this [`Target`]? The answer comes from [`RULES`], a table of
//! (role, resource, relation) → actions, so that reading the table is reading the policy:
//!
//! - staff write within their own congress and only read the congresses below it;
//! - unit users see only what is assigned to their unit;
//! - deputies see and act on their own records;
//! - everyone, logged in or not, may read what is published — and for a suggestion, what is
//!   published is its [`Resource::PublicReply`] (the text and the replies the lead deputy agreed
//!   to publish), never the handling record: being published adds no one to its parties;
//! - the admin may do anything (and every write is still audited).
//!
//! A [`Target`] says where a record sits: the path of congresses from the one it belongs to up
//! to the top, the units it is assigned to, the people it belongs to, and whether it is
//! published. The caller (store or web) fills it; the decision itself is pure.

use crate::ids::{OrgId, PersonId};
use serde::{Deserialize, Serialize};

/// What a logged-in user is, and where. A user holds exactly one role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: organisations, users, roles.
    Admin,
    /// 人大工作人员 of one congress.
    Staff { congress: OrgId },
    /// 代表: linked to the person; their deputyships say in which congresses.
    Deputy { person: PersonId },
    /// 承办单位 user of one handling unit.
    Unit { unit: OrgId },
    /// 公众: a registered member of the public (anonymous visitors are `Public` too).
    Public,
}

impl Role {
    pub fn kind(self) -> RoleKind {
        match self {
            Role::Admin => RoleKind::Admin,
            Role::Staff { .. } => RoleKind::Staff,
            Role::Deputy { .. } => RoleKind::Deputy,
            Role::Unit { .. } => RoleKind::Unit,
            Role::Public => RoleKind::Public,
        }
    }

    pub fn label(self) -> &'static str {
        self.kind().label()
    }

    /// The congress of a staff user; `None` for every other role. An identity, not a
    /// permission: what the staff may do there is still [`decide`]'s answer.
    pub fn staff_congress(self) -> Option<OrgId> {
        match self {
            Role::Staff { congress } => Some(congress),
            _ => None,
        }
    }

    /// The person a deputy user is; `None` for every other role.
    pub fn deputy(self) -> Option<PersonId> {
        match self {
            Role::Deputy { person } => Some(person),
            _ => None,
        }
    }

    /// The handling unit of a unit user; `None` for every other role.
    pub fn unit(self) -> Option<OrgId> {
        match self {
            Role::Unit { unit } => Some(unit),
            _ => None,
        }
    }
}

/// A role without its scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    Admin,
    Staff,
    Deputy,
    Unit,
    Public,
}

impl RoleKind {
    pub const ALL: [RoleKind; 5] =
        [RoleKind::Admin, RoleKind::Staff, RoleKind::Deputy, RoleKind::Unit, RoleKind::Public];

    pub fn label(self) -> &'static str {
        match self {
            RoleKind::Admin => "系统管理员",
            RoleKind::Staff => "人大工作人员",
            RoleKind::Deputy => "人大代表",
            RoleKind::Unit => "承办单位",
            RoleKind::Public => "公众",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            RoleKind::Admin => "admin",
            RoleKind::Staff => "staff",
            RoleKind::Deputy => "deputy",
            RoleKind::Unit => "unit",
            RoleKind::Public => "public",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The kinds of record the policy knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// A congress (its own record, not what it holds).
    Congress,
    /// A handling unit, liaison station or deputy group.
    Organisation,
    /// A person with their deputyships.
    Deputy,
    /// A login account.
    User,
    /// The audit chain.
    AuditLog,
    /// A deputy's suggestion (代表建议).
    Suggestion,
    /// A document of the library and portal (新闻, 通知公告, 法律法规…).
    Document,
    /// A citizen's opinion left at a liaison station (群众意见).
    Opinion,
    /// An activity deputies are invited to (视察, 调研, 述职…), with its roll.
    Activity,
    /// Oversight of 一府两院: the annual plan, its items, 审议意见, evaluation ballots.
    Oversight,
    /// A request or report to the party committee (重大事项请示报告): staff of the congress only.
    MajorMatter,
    /// The public face of a deputy's suggestion once the lead deputy agreed to publish its
    /// reply (答复公开): its text and the replies, as `/replies` shows them. Its contacts, 会办
    /// opinions, ratings, signers and history stay in the [`Resource::Suggestion`], which only
    /// its parties read.
    PublicReply,
    /// An official document the office issued (公文: 交办函, 催办函, 审议意见书 …) with its number
    /// in the register: its congress's staff issue and void it, the congress above reads it, the
    /// unit it is addressed to reads it.
    OfficialDocument,
    /// A meeting of a congress's standing committee, 主任会议, presidium or session, with its
    /// agenda, attendance and votes: its congress's staff run it (create, agenda, attendance,
    /// opening and closing votes), the congress above reads it, and the members of its body on
    /// the meeting day read it and take part in it (`Edit`: ask for leave, sign in, cast their
    /// own vote — the core's `meeting` rules say for whom). Never published as such.
    Meeting,
    /// A normative document filed for review (备案审查) with its review, and a 审查建议 about
    /// one: the receiving congress's staff register, send and review it (office and committee
    /// alike), the congress above reads it; its maker — the unit that filed it, or the staff of
    /// the congress below for that congress's own resolutions — files, completes and answers it.
    /// Once registered it is listed publicly (title, maker, 备案号), never its review.
    Filing,
    /// A draft regulation with its consultation (法规草案公开征求意见): its congress's staff
    /// publish it, record comments by letter and answer them; once published everyone reads it
    /// (and comments while it is open — the core's `consultation` rules say when).
    Regulation,
}

impl Resource {
    pub const ALL: [Resource; 16] = [
        Resource::Congress,
        Resource::Organisation,
        Resource::Deputy,
        Resource::User,
        Resource::AuditLog,
        Resource::Suggestion,
        Resource::Document,
        Resource::Opinion,
        Resource::Activity,
        Resource::Oversight,
        Resource::MajorMatter,
        Resource::PublicReply,
        Resource::OfficialDocument,
        Resource::Meeting,
        Resource::Filing,
        Resource::Regulation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Resource::Congress => "人大",
            Resource::Organisation => "机构",
            Resource::Deputy => "代表",
            Resource::User => "用户",
            Resource::AuditLog => "审计日志",
            Resource::Suggestion => "代表建议",
            Resource::Document => "文档",
            Resource::Opinion => "群众意见",
            Resource::Activity => "履职活动",
            Resource::Oversight => "监督事项",
            Resource::MajorMatter => "重大事项请示报告",
            Resource::PublicReply => "公开答复",
            Resource::OfficialDocument => "公文",
            Resource::Meeting => "会议",
            Resource::Filing => "备案文件",
            Resource::Regulation => "法规草案",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    View,
    Create,
    Edit,
    Delete,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::View, Action::Create, Action::Edit, Action::Delete];

    pub fn label(self) -> &'static str {
        match self {
            Action::View => "查看",
            Action::Create => "新建",
            Action::Edit => "修改",
            Action::Delete => "删除",
        }
    }
}

/// How a user stands to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The admin stands in this relation to everything.
    Anywhere,
    /// Staff, and the record belongs to their congress.
    OwnCongress,
    /// Staff, and the record belongs to a congress below theirs.
    CongressBelow,
    /// Unit user, and the record is (assigned to) their unit; or staff, and the record is their
    /// congress's own as an organisation (a resolution it filed with the congress above).
    OwnUnit,
    /// Deputy, and the record is theirs.
    OwnPerson,
    /// Anyone, and the record is published.
    Published,
}

/// Where a record sits. Borrowed, so building one for a check allocates nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Target<'a> {
    /// The congress the record belongs to, then its ancestors up to the top: `[own, parent, …]`.
    /// Empty for a record that belongs to no congress (e.g. the admin's own account).
    pub congress_path: &'a [OrgId],
    /// The units the record is assigned to, or for a unit's own record, the unit itself.
    pub units: &'a [OrgId],
    /// The people the record belongs to: the deputy, or every signer of a suggestion.
    pub persons: &'a [PersonId],
    /// Published to everyone.
    pub public: bool,
}

/// One line of the policy: a role in this relation to this resource may do these actions.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub role: RoleKind,
    pub resource: Resource,
    pub relation: Relation,
    pub actions: &'static [Action],
}

use Action::{Create as C, Delete as D, Edit as E, View as V};

const fn rule(role: RoleKind, resource: Resource, relation: Relation, actions: &'static [Action]) -> Rule {
    Rule { role, resource, relation, actions }
}

/// The policy. Anything not granted here is denied.
pub const RULES: &[Rule] = &[
    // The admin: organisations, users and roles, everywhere.
    rule(RoleKind::Admin, Resource::Congress, Relation::Anywhere, &[V, C, E, D]),
    rule(RoleKind::Admin, Resource::Organisation, Relation::Anywhere, &[V, C, E, D]),
    rule(RoleKind::Admin, Resource::Deputy, Relation::Anywhere, &[V, C, E, D]),
    rule(RoleKind::Admin, Resource::User, Relation::Anywhere, &[V, C, E, D]),
    rule(RoleKind::Admin, Resource::AuditLog, Relation::Anywhere, &[V]),
    rule(RoleKind::Admin, Resource::Suggestion, Relation::Anywhere, &[V]),
    rule(RoleKind::Admin, Resource::Document, Relation::Anywhere, &[V, C, E, D]),
    rule(RoleKind::Admin, Resource::Opinion, Relation::Anywhere, &[V]),
    rule(RoleKind::Admin, Resource::Activity, Relation::Anywhere, &[V]),
    rule(RoleKind::Admin, Resource::Oversight, Relation::Anywhere, &[V]),
    rule(RoleKind::Admin, Resource::MajorMatter, Relation::Anywhere, &[V]),
    // Staff: write in their congress, read below it.
    rule(RoleKind::Staff, Resource::Congress, Relation::OwnCongress, &[V, E]),
    rule(RoleKind::Staff, Resource::Congress, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Organisation, Relation::OwnCongress, &[V, C, E, D]),
    rule(RoleKind::Staff, Resource::Organisation, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Deputy, Relation::OwnCongress, &[V, C, E, D]),
    rule(RoleKind::Staff, Resource::Deputy, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::User, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::User, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::AuditLog, Relation::OwnCongress, &[V]),
    rule(RoleKind::Staff, Resource::AuditLog, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Suggestion, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::Suggestion, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Document, Relation::OwnCongress, &[V, C, E, D]),
    rule(RoleKind::Staff, Resource::Document, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Opinion, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::Opinion, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Activity, Relation::OwnCongress, &[V, C, E, D]),
    rule(RoleKind::Staff, Resource::Activity, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Oversight, Relation::OwnCongress, &[V, C, E, D]),
    rule(RoleKind::Staff, Resource::Oversight, Relation::CongressBelow, &[V]),
    // Requests to the party committee stay inside the congress (and, in the store, with the
    // staff who hold the right to them); the congress above does not read them.
    rule(RoleKind::Staff, Resource::MajorMatter, Relation::OwnCongress, &[V, C, E]),
    // Deputies: their own records.
    rule(RoleKind::Deputy, Resource::Deputy, Relation::OwnPerson, &[V, E]),
    rule(RoleKind::Deputy, Resource::Suggestion, Relation::OwnPerson, &[V, C, E, D]),
    // An invited deputy reads the activity; signing up, leave and check-in are the core's rules.
    rule(RoleKind::Deputy, Resource::Activity, Relation::OwnPerson, &[V]),
    // Unit users: what is assigned to their unit.
    rule(RoleKind::Unit, Resource::Organisation, Relation::OwnUnit, &[V]),
    rule(RoleKind::Unit, Resource::Suggestion, Relation::OwnUnit, &[V, E]),
    rule(RoleKind::Unit, Resource::Opinion, Relation::OwnUnit, &[V, E]),
    // The body overseen reads its item and submits its handling report.
    rule(RoleKind::Unit, Resource::Oversight, Relation::OwnUnit, &[V, E]),
    // Everyone: what is published. A published suggestion is read as its public reply only:
    // the handling record stays with its parties (above), whoever else is logged in.
    rule(RoleKind::Admin, Resource::PublicReply, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::PublicReply, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::PublicReply, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::PublicReply, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::PublicReply, Relation::Published, &[V]),
    rule(RoleKind::Admin, Resource::Deputy, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Congress, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Organisation, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Deputy, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Document, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Opinion, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Activity, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Oversight, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Congress, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Organisation, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Deputy, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Document, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Opinion, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Activity, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Oversight, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Congress, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Organisation, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Deputy, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Document, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Opinion, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Activity, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Oversight, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Congress, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Organisation, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Deputy, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Document, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Opinion, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Activity, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Oversight, Relation::Published, &[V]),
    // Official documents: issued (and voided, never deleted) by their congress's office, read by
    // the congress above and by the unit they are addressed to; never published as such.
    rule(RoleKind::Admin, Resource::OfficialDocument, Relation::Anywhere, &[V]),
    rule(RoleKind::Staff, Resource::OfficialDocument, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::OfficialDocument, Relation::CongressBelow, &[V]),
    rule(RoleKind::Unit, Resource::OfficialDocument, Relation::OwnUnit, &[V]),
    // Meetings: run by their congress's office, read by the congress above; a member of the
    // meeting's body (the record's persons) reads it and takes part — leave, sign-in, their own
    // vote. Nobody deletes a meeting: its votes are the record.
    rule(RoleKind::Admin, Resource::Meeting, Relation::Anywhere, &[V]),
    rule(RoleKind::Staff, Resource::Meeting, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::Meeting, Relation::CongressBelow, &[V]),
    rule(RoleKind::Deputy, Resource::Meeting, Relation::OwnPerson, &[V, E]),
    // Filing review: the receiving congress's staff (office and committee), the congress above
    // reads; the maker files, completes and answers (a unit, or the congress below's staff for
    // its own resolutions); a registered filing is listed publicly. Nothing is deleted.
    rule(RoleKind::Admin, Resource::Filing, Relation::Anywhere, &[V]),
    rule(RoleKind::Staff, Resource::Filing, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::Filing, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Filing, Relation::OwnUnit, &[V, C, E]),
    rule(RoleKind::Unit, Resource::Filing, Relation::OwnUnit, &[V, C, E]),
    rule(RoleKind::Admin, Resource::Filing, Relation::Published, &[V]),
    rule(RoleKind::Staff, Resource::Filing, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Filing, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Filing, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Filing, Relation::Published, &[V]),
    // Draft regulations: their congress's staff publish and answer; published, everyone reads.
    rule(RoleKind::Admin, Resource::Regulation, Relation::Anywhere, &[V]),
    rule(RoleKind::Staff, Resource::Regulation, Relation::OwnCongress, &[V, C, E]),
    rule(RoleKind::Staff, Resource::Regulation, Relation::CongressBelow, &[V]),
    rule(RoleKind::Staff, Resource::Regulation, Relation::Published, &[V]),
    rule(RoleKind::Deputy, Resource::Regulation, Relation::Published, &[V]),
    rule(RoleKind::Unit, Resource::Regulation, Relation::Published, &[V]),
    rule(RoleKind::Public, Resource::Regulation, Relation::Published, &[V]),
];

/// The relations in which `role` stands to `target`.
pub fn relations(role: Role, target: &Target<'_>) -> Vec<Relation> {
    let mut out = Vec::with_capacity(2);
    match role {
        Role::Admin => out.push(Relation::Anywhere),
        Role::Staff { congress } => {
            match target.congress_path.iter().position(|c| *c == congress) {
                Some(0) => out.push(Relation::OwnCongress),
                Some(_) => out.push(Relation::CongressBelow),
                None => {}
            }
            if target.units.contains(&congress) {
                out.push(Relation::OwnUnit);
            }
        }
        Role::Unit { unit } => {
            if target.units.contains(&unit) {
                out.push(Relation::OwnUnit);
            }
        }
        Role::Deputy { person } => {
            if target.persons.contains(&person) {
                out.push(Relation::OwnPerson);
            }
        }
        Role::Public => {}
    }
    if target.public {
        out.push(Relation::Published);
    }
    out
}

/// A refusal, with the Chinese sentence the user reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Denied {
    pub message: String,
}

/// The policy function: may `role` do `action` to `resource` at `target`?
pub fn decide(role: Role, action: Action, resource: Resource, target: &Target<'_>) -> Result<(), Denied> {
    let rels = relations(role, target);
    let granted = RULES.iter().any(|r| {
        r.role == role.kind() && r.resource == resource && rels.contains(&r.relation) && r.actions.contains(&action)
    });
    if granted {
        Ok(())
    } else {
        Err(Denied { message: format!("{}无权{}此{}。", role.label(), action.label(), resource.label()) })
    }
}

/// Shorthand for `decide(..).is_ok()`, for showing or hiding buttons.
pub fn allows(role: Role, action: Action, resource: Resource, target: &Target<'_>) -> bool {
    decide(role, action, resource, target).is_ok()
}

/// Does some rule grant `role` this `action` on this `resource` at all, in some relation it can
/// stand in (its own congress, unit or person, a congress below, anywhere for the admin)? For
/// what a page offers before any record is at hand — the 新建 button of a list, the list
/// itself; the record's own check is still [`decide`] with its [`Target`]. Being published does
/// not count: what everyone may read is no reason to show a role a working page.
pub fn may_at_all(role: Role, action: Action, resource: Resource) -> bool {
    RULES.iter().any(|r| {
        r.role == role.kind()
            && r.resource == resource
            && r.relation != Relation::Published
            && r.actions.contains(&action)
    })
}

/// May `role` do `action` to a record of a whole congress — not one of their own person's or
/// unit's, and not merely published? The admin everywhere; staff in their own congress (what
/// they may do below it is a subset). For pages over a congress's records at large: the bulk
/// bar of the suggestion list, the statistics, the staff's view of a plan.
pub fn may_congress_wide(role: Role, action: Action, resource: Resource) -> bool {
    let own = role.staff_congress();
    allows(role, action, resource, &Target { congress_path: own.as_slice(), ..Target::default() })
}

/// May `granter` give `granted` to an account? The admin may give any role; staff may give
/// staff, deputy and unit roles within their own congress (the caller passes the congress path
/// of the role's scope: the staff's congress, the unit's congress, or the deputy's congresses);
/// nobody else may give roles. Nobody but the admin makes an admin.
pub fn may_grant(granter: Role, granted: Role, scope_congress_path: &[OrgId]) -> Result<(), Denied> {
    let ok = match (granter, granted) {
        (Role::Admin, _) => true,
        (Role::Staff { .. }, Role::Admin) => false,
        (Role::Staff { .. }, Role::Public) => true,
        (Role::Staff { congress }, _) => scope_congress_path.first() == Some(&congress),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Denied { message: format!("{}无权授予“{}”角色。", granter.label(), granted.label()) })
    }
}

#[cfg(test)]
mod tests;
