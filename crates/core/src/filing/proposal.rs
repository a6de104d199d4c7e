//! A 审查建议: a citizen or an organisation asks the standing committee to review a normative
//! document (立法法 Art. 110; 监督法 Art. 40). The form names the document, the provision, the
//! reasons, the proposer and a contact — the contact is never published. The proposer follows
//! it by receipt code as an opinion is followed (`liaison::receipt`).
//!
//! ```text
//! 已收到 ─┬─ 不予审查 (the reason told within 10 days) ──→ 已告知 ■ ─┐
//!         └─ 启动审查 (a filing's review) → 审查中 ─ 反馈结果 → 已反馈 ■ ─┴─ 公开 (with consent, once)
//! ```
//!
//! Only the office acts on a proposal; the answer's day counts from receipt in calendar days
//! ([`super::proposal_answer_due`]) and a late answer is flagged, not refused.

use super::{Settings, proposal_answer_due, text};
use crate::ids::FilingId;
use crate::liaison::form::redact;
use crate::value::Phone;
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

pub const DOCUMENT_MAX: usize = 200;
pub const PROVISION_MAX: usize = 500;
pub const REASONS_MAX: usize = 5_000;
pub const NAME_MAX: usize = 60;

/// The form as posted: every field a string, nothing checked yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ProposalForm {
    /// The document to review (its name, or its 备案号).
    #[serde(default)]
    pub document: String,
    /// The provision at issue (第五条第二款, or the whole document).
    #[serde(default)]
    pub provision: String,
    /// Why it conflicts with the Constitution, a law or a higher regulation, or is inappropriate.
    #[serde(default)]
    pub reasons: String,
    /// The proposer's name, or the organisation's.
    #[serde(default)]
    pub name: String,
    /// A phone number or an e-mail address.
    #[serde(default)]
    pub contact: String,
    /// 同意公开: the proposer agrees that the proposal and its result may be published.
    #[serde(default)]
    pub consent_to_publish: bool,
}

/// How to reach the proposer: kept for the office, never published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Contact {
    Phone(Phone),
    Email(String),
}

impl Contact {
    /// A phone number (as `value::Phone` reads one) or an e-mail address.
    pub fn parse(raw: &str) -> Result<Self, Refusal> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Refusal::new(ErrorCode::Required, "请填写联系电话或电子邮箱。").at("contact"));
        }
        if raw.contains('@') {
            let ok = raw.chars().count() <= 100
                && !raw.chars().any(char::is_whitespace)
                && raw.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
                });
            return if ok { Ok(Contact::Email(raw.to_owned())) } else { Err(contact_invalid()) };
        }
        Phone::parse(raw).map(Contact::Phone).map_err(|_| contact_invalid())
    }
}

fn contact_invalid() -> Refusal {
    Refusal::of(ErrorCode::ContactInvalid).at("contact")
}

/// A checked proposal: what the store keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub document: String,
    pub provision: String,
    pub reasons: String,
    pub name: String,
    pub contact: Contact,
    pub consent_to_publish: bool,
}

impl ProposalForm {
    /// Checks every field and returns every problem found, each with its own reason and field:
    /// the document, the provision and the name are `required`, the reasons `reason_required`,
    /// a contact neither phone nor e-mail `contact_invalid`, anything too long `text_too_long`.
    pub fn check(&self) -> Result<Proposal, Vec<Refusal>> {
        let document = text("document", "建议审查的规范性文件", &self.document, DOCUMENT_MAX, ErrorCode::Required);
        let provision = text("provision", "建议审查的条款", &self.provision, PROVISION_MAX, ErrorCode::Required);
        let reasons = text("reasons", "建议审查的理由", &self.reasons, REASONS_MAX, ErrorCode::ReasonRequired);
        let name = text("name", "姓名或者单位名称", &self.name, NAME_MAX, ErrorCode::Required);
        let contact = Contact::parse(&self.contact);
        match (document, provision, reasons, name, contact) {
            (Ok(document), Ok(provision), Ok(reasons), Ok(name), Ok(contact)) => Ok(Proposal {
                document,
                provision,
                reasons,
                name,
                contact,
                consent_to_publish: self.consent_to_publish,
            }),
            (d, p, r, n, c) => Err([d.err(), p.err(), r.err(), n.err(), c.err()].into_iter().flatten().collect()),
        }
    }
}

/// Where a proposal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    Received,
    Declined,
    UnderReview,
    Answered,
}

impl ProposalState {
    pub const ALL: [ProposalState; 4] =
        [ProposalState::Received, ProposalState::Declined, ProposalState::UnderReview, ProposalState::Answered];

    pub fn code(self) -> &'static str {
        match self {
            ProposalState::Received => "received",
            ProposalState::Declined => "declined",
            ProposalState::UnderReview => "under_review",
            ProposalState::Answered => "answered",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProposalState::Received => "已收到",
            ProposalState::Declined => "不予审查（已告知理由）",
            ProposalState::UnderReview => "已启动审查",
            ProposalState::Answered => "已反馈审查结果",
        }
    }

    /// The proposer has had the last word: the reason no review was opened, or the result.
    pub fn is_final(self) -> bool {
        matches!(self, ProposalState::Declined | ProposalState::Answered)
    }
}

/// One proposal's progress. Built by [`ReviewProposal::received`], changed only by
/// [`apply`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewProposal {
    state: ProposalState,
    received_on: Date,
    /// While received: the last day to tell the proposer whether a review is opened.
    due_on: Option<Date>,
    answered_late: bool,
    filing: Option<FilingId>,
    consent_to_publish: bool,
    published: bool,
}

impl ReviewProposal {
    /// A proposal received on `received_on`: the office owes the proposer an answer within the
    /// set days.
    pub fn received(proposal: &Proposal, received_on: Date, s: &Settings) -> Self {
        ReviewProposal {
            state: ProposalState::Received,
            received_on,
            due_on: Some(proposal_answer_due(received_on, s)),
            answered_late: false,
            filing: None,
            consent_to_publish: proposal.consent_to_publish,
            published: false,
        }
    }

    pub fn state(&self) -> ProposalState {
        self.state
    }

    pub fn received_on(&self) -> Date {
        self.received_on
    }

    pub fn due_on(&self) -> Option<Date> {
        self.due_on
    }

    /// Past its day with no answer yet: on the overdue board.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.due_on.is_some_and(|due| today > due)
    }

    /// Told after the 10 days.
    pub fn answered_late(&self) -> bool {
        self.answered_late
    }

    /// The filing whose review it opened.
    pub fn filing(&self) -> Option<FilingId> {
        self.filing
    }

    pub fn published(&self) -> bool {
        self.published
    }
}

/// What the office does with a proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// No review is opened (outside the remit, the document already revoked, no reason given…):
    /// the proposer is told why.
    Decline { reason: String },
    /// A review of `filing` is opened on it (依申请审查).
    OpenReview { filing: FilingId },
    /// The review's result, fed back to the proposer.
    Answer { result: String },
    /// Published on the portal: only with the proposer's consent, once the proposer has the last word.
    Publish,
}

/// What a command did; texts trimmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Declined { reason: String, late: bool },
    ReviewOpened { filing: FilingId, late: bool },
    Answered { result: String },
    Published,
}

/// The one way a proposal changes, on `today`. A refused command changes nothing.
pub fn apply(p: &ReviewProposal, command: &Command, today: Date) -> Result<(ReviewProposal, Event), Refusal> {
    use ProposalState as S;
    let wrong = |what: &str| {
        Refusal::new(ErrorCode::WrongState, format!("该审查建议当前为“{}”，不能{what}。", p.state.label()))
    };
    let mut next = p.clone();
    let late = p.is_overdue(today);
    let event = match command {
        Command::Decline { reason } => {
            if p.state != S::Received {
                return Err(wrong("不予审查"));
            }
            let reason = text("reason", "不予审查的理由", reason, 2_000, ErrorCode::ReasonRequired)?;
            next.state = S::Declined;
            next.due_on = None;
            next.answered_late = late;
            Event::Declined { reason, late }
        }
        Command::OpenReview { filing } => {
            if p.state != S::Received {
                return Err(wrong("启动审查"));
            }
            next.state = S::UnderReview;
            next.due_on = None;
            next.answered_late = late;
            next.filing = Some(*filing);
            Event::ReviewOpened { filing: *filing, late }
        }
        Command::Answer { result } => {
            if p.state != S::UnderReview {
                return Err(wrong("反馈审查结果"));
            }
            let result = text("result", "审查结果", result, 20_000, ErrorCode::AnswerRequired)?;
            next.state = S::Answered;
            Event::Answered { result }
        }
        Command::Publish => {
            if !p.state.is_final() {
                return Err(wrong("公开"));
            }
            if !p.consent_to_publish {
                return Err(Refusal::new(ErrorCode::NotPermitted, "建议人未同意公开，不能公开该审查建议。"));
            }
            if p.published {
                return Err(Refusal::new(ErrorCode::AlreadyPublished, "该审查建议已经公开。"));
            }
            next.published = true;
            Event::Published
        }
    };
    Ok((next, event))
}

/// What the portal shows of a published proposal: never the name or the contact, and phone
/// numbers, ID numbers and e-mail addresses in the texts masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedProposal {
    pub document: String,
    pub provision: String,
    pub reasons: String,
    /// The result or the reason no review was opened.
    pub answer: String,
}

/// The proposal as the public may see it, or `None` unless the proposer agreed and the office
/// published it.
pub fn for_publication(p: &ReviewProposal, proposal: &Proposal, answer: &str) -> Option<PublishedProposal> {
    (p.published && proposal.consent_to_publish).then(|| PublishedProposal {
        document: redact(&proposal.document),
        provision: redact(&proposal.provision),
        reasons: redact(&proposal.reasons),
        answer: redact(answer),
    })
}
