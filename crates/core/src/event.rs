//! The event log, typed. Every change the store makes is one audit entry (`store::audit`): an
//! action name (`suggestion.assign`), the record it is about, and that record before and after
//! as JSON. The entries something acts on afterwards — the notifications, the search index — are
//! [`Event`]s: their action names are made here ([`Event::action`]) and read back here
//! ([`Event::read`]), so a follower matches on a variant and its typed payload, never on an
//! action string or a JSON key. Entries nothing follows read as [`Event::Other`].
//!
//! The action names are stable: they are hashed into the audit chain and shown on its pages.

use crate::ids::{
    BallotId, DocumentId, FilingId, OfficialDocumentId, OpinionId, PersonId, RegulationId, ReviewId, SuggestionId,
};
use crate::oversight::review;
use crate::suggestion::{self, Extra};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A file a suggestion command brought (a reply's attachments), as the log records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedFile {
    pub filename: String,
    pub hash: String,
    pub size: usize,
}

/// A command given on a suggestion, as the log records it (the entry's "after"): the facts it
/// left, the command with its payload, and what it brought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionChange {
    pub facts: suggestion::Facts,
    pub command: suggestion::Command,
    #[serde(default)]
    pub extra: Extra,
    #[serde(default)]
    pub files: Vec<AttachedFile>,
}

/// A command given on review opinions (审议意见), as the log records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewChange {
    pub facts: review::Facts,
    pub command: review::Command,
}

/// The deputies a ballot's reminder went to, on its day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotReminder {
    pub day: Date,
    pub persons: Vec<PersonId>,
}

/// A draft regulation's version published for comment (`regulation.open` for its first,
/// `regulation.add_version` for a later one): the congress's deputies and its 基层立法联系点 hear
/// of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationOpened {
    pub version: u32,
    pub opens_on: Date,
    pub closes_on: Date,
}

impl ConsultationOpened {
    fn name(&self) -> &'static str {
        if self.version == 1 { "open" } else { "add_version" }
    }
}

/// A change to a suggestion outside its commands: its creation (editing the draft and the
/// lead's choice to publish the replies are commands).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuggestionWrite {
    /// Drafted (`suggestion.create`).
    Create,
}

impl SuggestionWrite {
    const ALL: [SuggestionWrite; 1] = [SuggestionWrite::Create];

    pub fn code(self) -> &'static str {
        match self {
            SuggestionWrite::Create => "create",
        }
    }
}

/// A change to a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentWrite {
    Create,
    Update,
    Publish,
    Withdraw,
    /// Imported from an earlier system's export.
    Import,
    /// Imported again, over the copy imported before.
    Reimport,
    Attach,
    Detach,
}

impl DocumentWrite {
    const ALL: [DocumentWrite; 8] = [
        DocumentWrite::Create,
        DocumentWrite::Update,
        DocumentWrite::Publish,
        DocumentWrite::Withdraw,
        DocumentWrite::Import,
        DocumentWrite::Reimport,
        DocumentWrite::Attach,
        DocumentWrite::Detach,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentWrite::Create => "create",
            DocumentWrite::Update => "update",
            DocumentWrite::Publish => "publish",
            DocumentWrite::Withdraw => "withdraw",
            DocumentWrite::Import => "import",
            DocumentWrite::Reimport => "reimport",
            DocumentWrite::Attach => "attach",
            DocumentWrite::Detach => "detach",
        }
    }
}

/// The record an entry is about, for the followers that follow records rather than what
/// happened to them (the search index reloads a record whatever changed it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Suggestion(SuggestionId),
    Document(DocumentId),
    Review(ReviewId),
    Opinion(OpinionId),
    Ballot(BallotId),
    OfficialDocument(OfficialDocumentId),
    Regulation(RegulationId),
    /// A normative document filed for review (备案审查): the search index follows it.
    Filing(FilingId),
}

impl Subject {
    /// Reads an entry's record; `None` for records no follower follows.
    pub fn read(entity: &str, entity_id: &str) -> Option<Subject> {
        let id = entity_id.parse::<i64>().ok()?;
        Some(match entity {
            "suggestion" => Subject::Suggestion(SuggestionId(id)),
            "document" => Subject::Document(DocumentId(id)),
            "review" => Subject::Review(ReviewId(id)),
            "opinion" => Subject::Opinion(OpinionId(id)),
            "ballot" => Subject::Ballot(BallotId(id)),
            "official_document" => Subject::OfficialDocument(OfficialDocumentId(id)),
            "regulation" => Subject::Regulation(RegulationId(id)),
            "filing" => Subject::Filing(FilingId(id)),
            _ => return None,
        })
    }

    /// The kind of record, as the audit log names it.
    pub fn entity(self) -> &'static str {
        match self {
            Subject::Suggestion(_) => "suggestion",
            Subject::Document(_) => "document",
            Subject::Review(_) => "review",
            Subject::Opinion(_) => "opinion",
            Subject::Ballot(_) => "ballot",
            Subject::OfficialDocument(_) => "official_document",
            Subject::Regulation(_) => "regulation",
            Subject::Filing(_) => "filing",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Subject::Suggestion(id) => id.0,
            Subject::Document(id) => id.0,
            Subject::Review(id) => id.0,
            Subject::Opinion(id) => id.0,
            Subject::Ballot(id) => id.0,
            Subject::OfficialDocument(id) => id.0,
            Subject::Regulation(id) => id.0,
            Subject::Filing(id) => id.0,
        }
    }
}

/// The action name of a command on a suggestion (`suggestion.assign`).
pub fn suggestion_action(kind: suggestion::CommandKind) -> String {
    format!("suggestion.{}", kind.code())
}

/// What one entry of the event log says happened, as far as anything follows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `suggestion.<command>`: a command given on a suggestion.
    Suggestion { id: SuggestionId, change: Box<SuggestionChange> },
    /// `suggestion.create`.
    SuggestionWritten { id: SuggestionId, write: SuggestionWrite },
    /// `review.<command>`: a command given on review opinions.
    Review { id: ReviewId, change: Box<ReviewChange> },
    /// `opinion.submit`: a citizen's opinion arrived at a station or online.
    OpinionSubmitted { id: OpinionId },
    /// `ballot.remind`: the deputies who had not voted were reminded.
    BallotReminded { id: BallotId, reminder: BallotReminder },
    /// `document.<write>`.
    Document { id: DocumentId, write: DocumentWrite },
    /// `official_document.issue`: an official document was issued (its addressee hears of it).
    OfficialIssued { id: OfficialDocumentId },
    /// `regulation.open` / `regulation.add_version`: a draft's version opened for comment.
    ConsultationOpened { id: RegulationId, opened: ConsultationOpened },
    /// An entry nothing follows (it stays in the audit chain).
    Other,
}

impl Event {
    /// The entry's action name.
    pub fn action(&self) -> Cow<'static, str> {
        match self {
            Event::Suggestion { change, .. } => suggestion_action(change.command.kind()).into(),
            Event::SuggestionWritten { write, .. } => format!("suggestion.{}", write.code()).into(),
            Event::Review { change, .. } => format!("review.{}", change.command.kind().code()).into(),
            Event::OpinionSubmitted { .. } => "opinion.submit".into(),
            Event::BallotReminded { .. } => "ballot.remind".into(),
            Event::Document { write, .. } => format!("document.{}", write.code()).into(),
            Event::OfficialIssued { .. } => "official_document.issue".into(),
            Event::ConsultationOpened { opened, .. } => format!("regulation.{}", opened.name()).into(),
            Event::Other => "other".into(),
        }
    }

    /// The record the entry is about (`None` for [`Event::Other`]).
    pub fn subject(&self) -> Option<Subject> {
        Some(match self {
            Event::Suggestion { id, .. } | Event::SuggestionWritten { id, .. } => Subject::Suggestion(*id),
            Event::Review { id, .. } => Subject::Review(*id),
            Event::OpinionSubmitted { id } => Subject::Opinion(*id),
            Event::BallotReminded { id, .. } => Subject::Ballot(*id),
            Event::Document { id, .. } => Subject::Document(*id),
            Event::OfficialIssued { id } => Subject::OfficialDocument(*id),
            Event::ConsultationOpened { id, .. } => Subject::Regulation(*id),
            Event::Other => return None,
        })
    }

    /// Reads an entry of the log. An entry whose payload does not read as its event (written
    /// by an older version in another shape) is [`Event::Other`]: its followers skip it.
    pub fn read(action: &str, entity: &str, entity_id: &str, after: Option<&str>) -> Event {
        let (Some((prefix, name)), Some(subject)) = (action.split_once('.'), Subject::read(entity, entity_id)) else {
            return Event::Other;
        };
        if prefix != subject.entity() {
            return Event::Other;
        }
        let payload = || after.unwrap_or("null");
        match subject {
            Subject::Suggestion(id) => {
                if let Some(write) = SuggestionWrite::ALL.into_iter().find(|w| w.code() == name) {
                    return Event::SuggestionWritten { id, write };
                }
                match serde_json::from_str::<SuggestionChange>(payload()) {
                    Ok(change) if change.command.kind().code() == name => {
                        Event::Suggestion { id, change: Box::new(change) }
                    }
                    _ => Event::Other,
                }
            }
            Subject::Review(id) => match serde_json::from_str::<ReviewChange>(payload()) {
                Ok(change) if change.command.kind().code() == name => Event::Review { id, change: Box::new(change) },
                _ => Event::Other,
            },
            Subject::Opinion(id) if name == "submit" => Event::OpinionSubmitted { id },
            Subject::Ballot(id) if name == "remind" => match serde_json::from_str(payload()) {
                Ok(reminder) => Event::BallotReminded { id, reminder },
                Err(_) => Event::Other,
            },
            Subject::Document(id) => DocumentWrite::ALL
                .into_iter()
                .find(|w| w.code() == name)
                .map_or(Event::Other, |write| Event::Document { id, write }),
            Subject::OfficialDocument(id) if name == "issue" => Event::OfficialIssued { id },
            Subject::Regulation(id) => match serde_json::from_str::<ConsultationOpened>(payload()) {
                Ok(opened) if opened.name() == name => Event::ConsultationOpened { id, opened },
                _ => Event::Other,
            },
            Subject::Opinion(_) | Subject::Ballot(_) | Subject::OfficialDocument(_) | Subject::Filing(_) => {
                Event::Other
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggestion::{Command, Facts, Satisfaction};
    use jiff::civil::date;

    fn back(e: &Event, after: Option<String>) -> Event {
        let subject = e.subject().expect("a followed event");
        Event::read(&e.action(), subject.entity(), &subject.id().to_string(), after.as_deref())
    }

    #[test]
    fn every_event_reads_back_from_what_it_writes() {
        let change = SuggestionChange {
            facts: Facts::draft(0),
            command: Command::Rate {
                attitude: Satisfaction::Unsatisfied,
                result: Satisfaction::Satisfied,
                reason: "未落实".into(),
            },
            extra: Extra::None,
            files: vec![AttachedFile { filename: "答复.pdf".into(), hash: "ab".into(), size: 3 }],
        };
        let e = Event::Suggestion { id: SuggestionId(7), change: Box::new(change.clone()) };
        assert_eq!(e.action(), "suggestion.rate");
        assert_eq!(back(&e, serde_json::to_string(&change).ok()), e);

        let reminder = BallotReminder { day: date(2026, 3, 10), persons: vec![PersonId(3), PersonId(4)] };
        let e = Event::BallotReminded { id: BallotId(2), reminder: reminder.clone() };
        assert_eq!(back(&e, serde_json::to_string(&reminder).ok()), e);

        for write in SuggestionWrite::ALL {
            let e = Event::SuggestionWritten { id: SuggestionId(1), write };
            assert_eq!(back(&e, Some("{}".into())), e, "{}", e.action());
        }
        for write in DocumentWrite::ALL {
            let e = Event::Document { id: DocumentId(5), write };
            assert_eq!(back(&e, None), e, "{}", e.action());
        }
        let e = Event::OpinionSubmitted { id: OpinionId(9) };
        assert_eq!((e.action().as_ref(), back(&e, Some(r#"{"station": 3}"#.into()))), ("opinion.submit", e.clone()));
        let e = Event::OfficialIssued { id: OfficialDocumentId(4) };
        assert_eq!(
            (e.action().as_ref(), back(&e, Some(r#"{"number": "x"}"#.into()))),
            ("official_document.issue", e.clone())
        );
        assert_eq!(Event::read("official_document.void", "official_document", "4", None), Event::Other);
        for version in [1, 2] {
            let opened = ConsultationOpened { version, opens_on: date(2026, 3, 1), closes_on: date(2026, 3, 31) };
            let e = Event::ConsultationOpened { id: RegulationId(3), opened: opened.clone() };
            assert_eq!(back(&e, serde_json::to_string(&opened).ok()), e, "{}", e.action());
        }
        assert_eq!(Event::read("regulation.group", "regulation", "3", None), Event::Other);
    }

    #[test]
    fn the_command_codes_are_the_names_the_api_and_older_entries_use() {
        for k in suggestion::CommandKind::ALL {
            assert_eq!(serde_json::to_value(k).ok(), Some(serde_json::Value::from(k.code())));
            assert_eq!(suggestion::CommandKind::from_code(k.code()), Some(k));
        }
        for k in review::CommandKind::ALL {
            assert_eq!(serde_json::to_value(k).ok(), Some(serde_json::Value::from(k.code())));
        }
    }

    #[test]
    fn a_command_entry_in_another_shape_or_under_another_name_is_followed_by_no_one() {
        let change =
            SuggestionChange { facts: Facts::draft(0), command: Command::Submit, extra: Extra::None, files: vec![] };
        let json = serde_json::to_string(&change).ok();
        assert!(matches!(
            Event::read("suggestion.submit", "suggestion", "4", json.as_deref()),
            Event::Suggestion { .. }
        ));
        assert_eq!(Event::read("suggestion.register", "suggestion", "4", json.as_deref()), Event::Other);
        assert_eq!(Event::read("suggestion.submit", "suggestion", "4", Some(r#"{"facts": 1}"#)), Event::Other);
        assert_eq!(Event::read("suggestion.submit", "suggestion", "x", json.as_deref()), Event::Other);
        assert_eq!(Event::read("user.create", "user", "4", None), Event::Other);
        assert_eq!(Event::read("document.publish", "suggestion", "4", None), Event::Other, "name and record disagree");
    }

    #[test]
    fn an_entry_before_views_were_counted_still_reads() {
        // Facts written before `views_pending` and `registered_on` existed, and no files.
        let old = r#"{"facts": {"state": "submitted", "pending_cosigners": 0, "cosigners": 0, "assigned_on": null,
            "due_on": null, "complex": false, "contacts": 0, "reply_class": null, "attitude": null, "result": null,
            "return_requested": false, "extension_requested": false, "key_topic": null, "rehandled": 0,
            "follow_up_fulfilled": null}, "command": {"command": "submit"}, "extra": {"extra": "none"}}"#;
        let Event::Suggestion { change, .. } = Event::read("suggestion.submit", "suggestion", "4", Some(old)) else {
            panic!("an old entry reads")
        };
        assert_eq!((change.facts.views_pending, change.files.len()), (0, 0));
    }
}
