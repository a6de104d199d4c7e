//! renda's domain core: the types and rules every other crate shares, with no I/O.
//!
//! - [`ids`]: typed ids (`OrgId`, `PersonId`, …) so that a deputy id can never be passed where
//!   an organisation id is expected.
//! - [`value`]: value types built only by parsing user input (names, phone numbers, dates).
//! - [`org`]: the organisation tree — congresses by level, handling units, liaison stations,
//!   deputy groups.
//! - [`person`]: people and their deputyships (person × congress × term).
//! - [`user`]: accounts — where each role's account is scoped, its display name, and what no
//!   one may do to their own account.
//! - [`policy`]: roles, and the one function that decides every action on every resource.
//! - [`install`]: a production installation — the platform's name, and the rules of the
//!   organisation and account sheets that `renda import orgs|users` reads.
//! - [`document`]: the document library behind the portal — kinds, visibility, the block body
//!   format, a text's date.
//! - [`official`]: official documents issued from the records (公文) — kinds, their layout
//!   and register, the templates a congress adjusts and their placeholders.
//! - [`liaison`]: liaison stations and the public — citizens' opinions, receipt codes, the
//!   public form, reception days, mediation.
//! - [`oversight`]: oversight of 一府两院 — review opinions (审议意见), 质询 thresholds,
//!   evaluation ballots, and requests and reports to the party committee (重大事项).
//! - [`meeting`]: the standing committee's meetings and votes — the composition on a day,
//!   quorum and majorities of all members, a vote's transition function, the order of votes,
//!   the rules of appointment and removal cases (filing, law exam, re-nomination bar), and the
//!   列席 and 旁听 lists, speeches signed off by their speakers and the 简报 made of them.
//! - [`filing`]: filing review of normative documents (备案审查) — a filing's state machine, the
//!   审查建议 of citizens, the periods and the 备案号 — and public consultation on draft
//!   regulations (versions, comments by channel, duplicate groups, answers, the report's counts).
//! - [`activity`]: activities as records — the form, who organises and reads one, edits,
//!   cancelling, joint congresses, reports, photos, invitations and the roll's check-in, as
//!   effects the store applies.
//! - [`archive`]: activities, the duty archive (履职档案) and assessment (履职考核) — rule tables
//!   and their versions, explained scores, rankings, 述职, the "十有" checklist, check-in tokens.
//! - [`register`]: self-registration of the public (公众) — contacts, the captcha's answer, the
//!   code's MAC and the limits on sending codes.
//! - [`files`]: uploaded files — which types are kept (judged by content), how large, under
//!   what name.
//! - [`confirm`]: the actions that cannot be undone and what each one does.
//! - [`idempotency`]: what makes two requests the same one (form tokens, `Idempotency-Key`).
//! - [`reader`]: who a reader is for counters (a user, or the keyed hash of an anonymous one).
//! - [`suggestion`]: the suggestion lifecycle: states, commands, one transition function.
//! - [`audit`]: the canonical hash of an audit-chain entry.
//! - [`event`]: the event log typed — the entries the followers act on, written and read back
//!   as one `Event`.
//! - [`throttle`]: login throttling — which recent failures refuse an attempt, and for how long.
//! - [`clock`]: the one clock — instants, and Beijing's civil dates and times.
//! - [`calendar`]: legal deadlines — calendar months, working days, the holiday calendar.
//! - [`error`]: the closed set of error codes with their Chinese messages.
//! - [`text`]: the check every typed value passes (no control or direction characters, NFC,
//!   trimmed).
//!
//! CI checks that this crate depends on no runtime, database or web crate: everything here is a
//! pure function that tests can call a million times.

pub mod activity;
pub mod archive;
pub mod audit;
pub mod calendar;
pub mod clock;
pub mod confirm;
pub mod document;
pub mod error;
pub mod event;
pub mod files;
pub mod filing;
pub mod idempotency;
pub mod ids;
pub mod install;
pub mod liaison;
pub mod meeting;
pub mod official;
pub mod org;
pub mod oversight;
pub mod person;
pub mod policy;
pub mod reader;
pub mod register;
pub mod suggestion;
pub mod text;
pub mod throttle;
pub mod user;
pub mod value;

pub use error::{ErrorCode, Refusal, ValidationError};
