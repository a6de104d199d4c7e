//! Activities, the deputies' duty archive (履职档案) and performance scoring (履职考核): the pure
//! rules of DOMAIN.md "Duty records and assessment" and "述职". The store keeps the records and
//! the web shows them; everything here is a function of its arguments.
//!
//! - [`activity`]: activity kinds (视察, 调研 … 社会矛盾化解) and one deputy's participation in
//!   one activity — invited, signed up, leave, check-in, absent — as data plus one transition.
//! - [`checkin`]: the signed, expiring token behind an activity's check-in QR code (HMAC-SHA256).
//! - [`items`]: archive item kinds (what a record of duty can say), items with their date,
//!   quantity and source, and declared items (declared → verified | rejected).
//! - [`rules`]: a congress's rule table (评分细则) — base, points per kind, caps, deductions,
//!   category caps, bands, the ranking threshold — its validation, and the prepared (indexed) form.
//! - [`book`]: a year's versions of the rule table: published in advance, locked once the year
//!   starts, changed only by a new version with a later effective date; `rules_for(date)`.
//! - [`score`]: the score sheet recomputed from archive items, every line explained; a
//!   no-allocation summary for bulk recomputation.
//! - [`templates`]: DOMAIN.md's four real tables (江北, 东宝, 银川, a township group).
//! - [`rank`]: rankings normalised for time in office, with a minimum of activity, ties and
//!   band counts.
//! - [`report`]: 述职 — voter representatives' ratings and the rectification rule.
//! - [`group`]: deputy groups' "十有" checklist.
//!
//! Scores are kept in hundredths of a point ([`Points`]) so that sums are exact, repeatable and
//! independent of the order items arrive in. Every refusal is a [`ScoringError`]: a stable
//! snake_case code and the Chinese sentence the user reads.

pub mod activity;
pub mod book;
pub mod checkin;
pub mod group;
pub mod items;
pub mod rank;
pub mod report;
pub mod rules;
pub mod score;
pub mod templates;

mod error;
mod points;

pub use activity::{ActivityKind, Attendance, ParticipationCommand, Phase, participate};
pub use book::{Correction, RuleBook, RuleVersion};
pub use error::ScoringError;
pub use items::{ArchiveItem, Declaration, ItemKind, Origin, SourceRef};
pub use points::{Period, Points};
pub use rank::{Entrant, Ranking, rank};
pub use report::{ReportResult, tally_report};
pub use rules::{Band, Formula, PreparedTable, Rule, RuleTable};
pub use score::{KindTotal, ScoreLine, ScoreSheet, Summary, score, score_totals, summarize};

#[cfg(test)]
mod tests;
