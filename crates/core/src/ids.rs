//! Typed ids. Each is a plain `i64` as the database stores it; the type says what it points at.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    )*};
}

typed_id! {
    /// An organisation: a congress, a handling unit, a liaison station or a deputy group.
    OrgId;
    /// A natural person, who may hold several deputyships.
    PersonId;
    /// One deputyship: a person in one congress for one term.
    DeputyshipId;
    /// A login account.
    UserId;
    /// One entry of the audit chain (its global sequence number).
    AuditId;
    /// A deputy's suggestion (建议、批评和意见).
    SuggestionId;
    /// A document: news, a notice, a published reply or report on the portal.
    DocumentId;
    /// A citizen's opinion left at a liaison station or online.
    OpinionId;
    /// A reception day at a liaison station (代表接待).
    ReceptionId;
    /// An activity deputies are invited to or take part in.
    ActivityId;
    /// One item of a deputy's duty archive (履职档案).
    ArchiveItemId;
    /// A 述职 meeting: deputies report to their voters' representatives.
    ReportMeetingId;
    /// A request or report on a major matter (重大事项).
    MatterId;
    /// A congress's yearly oversight plan.
    PlanId;
    /// One item of an oversight plan.
    PlanItemId;
    /// The review opinions sent to a body overseen (审议意见).
    ReviewId;
    /// A 评议 ballot.
    BallotId;
    /// An official document the office issued (公文), with its number in the register.
    OfficialDocumentId;
    /// A meeting of a congress's standing committee, 主任会议, presidium or session.
    MeetingId;
    /// One person's dated membership of a congress's standing committee or presidium.
    MembershipId;
    /// A member's written request for leave from a meeting.
    LeaveRequestId;
    /// One matter put to the vote at a meeting (an amendment, a text, an appointment…).
    VoteId;
    /// One entry of a meeting's 列席 list: someone who attends without a vote.
    AttendeeId;
    /// A citizen registered for a meeting's public gallery (旁听).
    VisitorId;
    /// A speech (发言) at a meeting, as recorded by the clerk and signed off by its speaker.
    SpeechId;
    /// A meeting's 简报 (bulletin), assembled from signed-off speeches.
    BulletinId;
    /// A post the congress appoints to or removes from (职务), e.g. 示范市教育局局长.
    PostId;
    /// A personnel case (任免案): an appointment, removal, dismissal or resignation proposed.
    CaseId;
    /// One sitting of the law exam before appointment (任前法律知识考试).
    ExamId;
    /// A normative document filed with a standing committee for review (备案审查).
    FilingId;
    /// A citizen's or an organisation's request that a filed document be reviewed (审查建议).
    ReviewProposalId;
    /// A draft regulation put to public consultation, through all its versions (法规草案).
    RegulationId;
    /// One comment on a draft regulation (征求意见).
    CommentId;
    /// A group of duplicate comments answered once.
    CommentGroupId;
}
