//! The demo's duty archives and scores: each congress of the city, its districts and their
//! townships gets the year's rule table (one of DOMAIN.md's four templates, published before the
//! year began), the archive takes in the suggestions led and co-signed and every deputy's year of
//! sessions, meetings and activities ([`super::year`]), the demo deputy declares
//! what the platform could not see (verified, waiting, and one rejected with its reason), and
//! every deputy's score is computed — after the activities, receptions and 述职 of the demo have
//! written their items.

use super::parse_data;
use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::archive::ItemKind;
use renda_core::archive::templates::Template;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::archive::NewDeclaration;
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::sync::LazyLock;

/// What the demo wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArchiveSummary {
    pub year: i16,
    pub congresses: usize,
    pub scores: usize,
    /// Items of the deputies' year of duty ([`super::year`]).
    pub items: usize,
}

/// The item kinds each demo congress shows on the portal.
const PUBLIC: [ItemKind; 8] = [
    ItemKind::SuggestionLed,
    ItemKind::SuggestionCosigned,
    ItemKind::Inspection,
    ItemKind::Survey,
    ItemKind::LawEnforcementCheck,
    ItemKind::CourtObservation,
    ItemKind::StationReception,
    ItemKind::Mediation,
];

/// What staff make of a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    Verified,
    Waiting,
    Rejected,
}

/// One of the demo deputy's declarations, `back` days before today.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Declaration {
    kind: ItemKind,
    back: i64,
    quantity: u32,
    description: String,
    evidence: Vec<String>,
    outcome: Outcome,
    /// Why staff rejected it.
    #[serde(default)]
    reason: Option<String>,
}

/// `data/archive.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArchiveFile {
    declaration: Vec<Declaration>,
}

const ARCHIVE_TOML: &str = include_str!("data/archive.toml");

/// The demo deputy's declarations, in the order they are made.
static DECLARATIONS: LazyLock<Vec<Declaration>> =
    LazyLock::new(|| parse_data::<ArchiveFile>("archive.toml", ARCHIVE_TOML).declaration);

/// The template each level uses in the demo.
pub fn template_of(level: CongressLevel) -> Template {
    match level {
        CongressLevel::City => Template::Yinchuan,
        CongressLevel::County => Template::Dongbao,
        CongressLevel::Township => Template::TownshipGroup,
    }
}

/// Rules, archives from suggestions, the demo deputy's declarations, and scores, as of `today`.
pub async fn seed(store: &Store, demo_deputy: Option<(PersonId, OrgId)>, today: Date) -> Result<ArchiveSummary> {
    let year = today.year();
    let jan1 = Date::new(year, 1, 1)?;
    let mut summary = ArchiveSummary { year, ..ArchiveSummary::default() };

    if let Some((person, congress)) = demo_deputy {
        let deputy = Actor { user: None, role: Role::Deputy { person } };
        let staff = Actor { user: None, role: Role::Staff { congress } };
        for d in DECLARATIONS.iter() {
            let new = NewDeclaration {
                kind: d.kind,
                date: (today - d.back.days()).max(jan1),
                quantity: d.quantity,
                description: d.description.clone(),
                evidence: d.evidence.clone(),
            };
            let id = store.declare_item(&deputy, person, congress, &new, today).await?;
            match d.outcome {
                Outcome::Verified => {
                    store.verify_declaration(&staff, id).await?;
                }
                Outcome::Waiting => {}
                Outcome::Rejected => {
                    let reason = d.reason.as_deref().context("演示申报缺少不予认定的理由")?;
                    store.reject_declaration(&staff, id, reason).await?;
                }
            }
        }
    }

    let tree = store.org_tree().await?;
    for row in &tree {
        let OrgKind::Congress(level) = row.org.kind else { continue };
        let congress = row.org.id;
        let staff = Actor { user: None, role: Role::Staff { congress } };
        store.install_template(&staff, congress, year, template_of(level), jan1, jan1 - 31.days()).await?;
        // What the portal shows of each deputy's archive (代表法 Art. 58): what they did, not
        // what they declared about their awards or their absences.
        store.set_public_kinds(&staff, congress, &PUBLIC).await?;
        store.archive_from_suggestions(congress, year).await?;
        summary.items += super::year::record(store, congress, level, today).await?;
        summary.congresses += 1;
    }
    // Every congress's scores at once, from the top of the tree down.
    for row in tree.iter().filter(|r| r.org.kind.is_congress() && r.depth == 0) {
        summary.scores += store.recompute_scores_below(row.org.id, year, today).await?.deputies;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_file_is_well_formed() {
        let file: ArchiveFile = parse_data("archive.toml", ARCHIVE_TOML);
        let all = &file.declaration;
        for outcome in [Outcome::Verified, Outcome::Waiting, Outcome::Rejected] {
            assert!(all.iter().any(|d| d.outcome == outcome), "none {outcome:?}");
        }
        for d in all {
            assert!(d.kind.declarable(), "{:?} is not declared", d.kind);
            assert!(d.back >= 0 && d.quantity > 0 && !d.description.trim().is_empty() && !d.evidence.is_empty());
            assert_eq!(
                d.reason.is_some(),
                d.outcome == Outcome::Rejected,
                "{}: a reason for a rejection",
                d.description
            );
            assert!(d.reason.as_deref().is_none_or(|r| !r.trim().is_empty()));
        }
    }
}
