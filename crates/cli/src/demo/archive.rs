//! The demo's duty archives and scores: each congress of the city, its districts and their
//! townships gets the year's rule table (one of DOMAIN.md's four templates, published before the
//! year began), the archive takes in the suggestions led and co-signed and every deputy's year of
//! sessions, meetings and activities ([`super::year`]), the demo deputy declares
//! what the platform could not see (verified, waiting, and one rejected with its reason), and
//! every deputy's score is computed — after the activities, receptions and 述职 of the demo have
//! written their items.

use anyhow::Result;
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::archive::ItemKind;
use renda_core::archive::templates::Template;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::archive::NewDeclaration;
use renda_store::{Actor, Store};

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
        let declare = |kind, back: i64, quantity, description: &str, evidence: &[&str]| NewDeclaration {
            kind,
            date: (today - back.days()).max(jan1),
            quantity,
            description: description.into(),
            evidence: evidence.iter().map(|e| (*e).to_owned()).collect(),
        };
        let verified = [
            declare(
                ItemKind::VoterContact,
                120,
                8,
                "走访东湖街道选民8户，了解老旧小区改造意见。",
                &["走访记录表（8户）"],
            ),
            declare(ItemKind::VoterContact, 60, 5, "走访滨江社区独居老人5户。", &["走访记录表（5户）", "社区证明"]),
            declare(ItemKind::Award, 90, 1, "获评示范市“优秀人大代表”。", &["市人大常委会表彰决定"]),
        ];
        for d in &verified {
            let id = store.declare_item(&deputy, person, congress, d, today).await?;
            store.verify_declaration(&staff, id).await?;
        }
        let waiting =
            declare(ItemKind::VoterContact, 10, 6, "走访新华社区商户6家，收集营商环境意见。", &["走访记录表（6户）"]);
        store.declare_item(&deputy, person, congress, &waiting, today).await?;
        let refused = declare(ItemKind::OtherDuty, 40, 1, "参加单位年终总结会。", &["会议通知"]);
        let id = store.declare_item(&deputy, person, congress, &refused, today).await?;
        store.reject_declaration(&staff, id, "单位内部会议不属于代表履职活动，不予计入。").await?;
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
