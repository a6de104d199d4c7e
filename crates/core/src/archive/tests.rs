//! Tests of the scoring modules, one file per topic. Fixtures are built by the helpers below.

use super::items::{Declarant, DeclaredStatus, SourceKind};
use super::rules::Rule;
use super::templates::Template;
use super::*;
use jiff::civil::{Date, date};

mod checklist;
mod declarations;
mod examples;
mod participation;
mod properties;
mod ranking;
mod refusals;
mod reporting;
mod sheets;
mod validation;
mod versions;

/// The year most tests score.
fn y2025() -> Period {
    Period::year_of(date(2025, 1, 1))
}

/// `quantity` units of `kind` on `day`, recorded by the platform.
fn item(kind: ItemKind, day: Date, quantity: u32) -> ArchiveItem {
    ArchiveItem::recorded(day, kind, quantity, SourceRef { kind: SourceKind::Activity, id: 1 })
}

/// `n` separate items of one unit each, spread over 2025.
fn items(kind: ItemKind, n: u32) -> Vec<ArchiveItem> {
    (0..n).map(|i| item(kind, date(2025, 1, 1) + jiff::Span::new().days(i64::from(i % 360)), 1)).collect()
}

/// A declared item in the given status.
fn declared(kind: ItemKind, day: Date, status: DeclaredStatus) -> ArchiveItem {
    ArchiveItem {
        date: day,
        kind,
        quantity: 1,
        origin: Origin::Declared { by: Declarant::Deputy, status },
        source: SourceRef { kind: SourceKind::Declaration, id: 7 },
    }
}

/// A minimal valid table with `rules`.
fn table(rules: Vec<Rule>) -> RuleTable {
    RuleTable {
        name: "测试细则".into(),
        note: String::new(),
        base: Points::ZERO,
        rules,
        categories: vec![],
        max_total: None,
        bands: vec![],
        min_activity: 0,
        cadence: rules::Cadence::Yearly,
    }
}

fn prepared(t: RuleTable) -> PreparedTable {
    t.prepare().unwrap_or_else(|e| panic!("table refused: {e}"))
}

fn template(t: Template) -> PreparedTable {
    prepared(t.table())
}

fn pts(n: i64) -> Points {
    Points::whole(n)
}

/// Whether a message has Chinese in it (every user-facing message must).
fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}
