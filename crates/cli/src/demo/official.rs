//! The demo's official documents (issue 21): the templates of the city's and 东城区's offices
//! with their signatories (every kind, so each can be issued), the 交办函 the city's office issued
//! for the batches of two of its units, and the 接待公告 of the first reception to come at one of
//! the city's stations (so the portal's list of receptions offers one to download), laid out by
//! `renda_office::official` as the pages do. The housing bureau's batch is left to issue, so a
//! clerk trying the platform (and the browser test) finds one waiting.

use anyhow::{Context, Result};
use jiff::civil::Date;
use renda_core::ids::OrgId;
use renda_core::official::Kind;
use renda_core::policy::Role;
use renda_office::official::{batch_letter, letter_title, reception_notice, reception_title};
use renda_store::official::{Issue, Source};
use renda_store::{Actor, Store};

/// The offices' signatories and whom their letters are copied to.
const OFFICES: [(&str, &str); 2] = [("陈志远", "示范市人民政府办公室"), ("林海", "东城区人民政府办公室")];

/// Sets the templates of `city` and `east`, issues the city's 交办函 for two units' batches
/// (not `keep`'s) and the 接待公告 of the city's first reception to come. Returns how many
/// documents were issued.
pub async fn seed(store: &Store, city: OrgId, east: OrgId, keep: OrgId, today: Date) -> Result<usize> {
    for (congress, (signatory, copy_to)) in [city, east].into_iter().zip(OFFICES) {
        let clerk = Actor { user: None, role: Role::Staff { congress } };
        for kind in Kind::ALL {
            let mut t =
                store.official_template(&clerk, congress, kind).await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
            t.signatory = signatory.into();
            if matches!(kind, Kind::Assignment | Kind::Reminder) {
                t.copy_to = vec![copy_to.into()];
            }
            store
                .save_official_template(&clerk, congress, kind, t)
                .await
                .map_err(|e| anyhow::anyhow!(e.user_message()))
                .context("无法保存演示公文模板")?;
        }
    }
    let clerk = Actor { user: None, role: Role::Staff { congress: city } };
    let pending = store.assignment_pending(&clerk, city).await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
    let mut issued = 0;
    for (unit, _, _) in pending.into_iter().filter(|(u, _, _)| *u != keep).take(2) {
        let batch = store.assignment_batch(&clerk, unit, &[]).await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
        let issue = Issue {
            congress: city,
            kind: Kind::Assignment,
            title: letter_title(Kind::Assignment),
            unit: Some(unit),
            addressee: batch.unit_name.clone(),
            sources: batch.lines.iter().map(|l| Source::Suggestion(l.suggestion)).collect(),
            filename: format!("{}-{}", Kind::Assignment.label(), batch.unit_name),
        };
        store
            .issue_official(&clerk, issue, |t, number| {
                batch_letter(Kind::Assignment, &batch, t, number, today).to_docx().map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| anyhow::anyhow!(e.user_message()))
            .context("无法签发演示交办函")?;
        issued += 1;
    }
    let upcoming = store.upcoming_receptions(None, today, 200).await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
    if let Some(r) = upcoming.iter().find(|r| r.congress == city) {
        let source = store.reception_source(&clerk, r.id).await.map_err(|e| anyhow::anyhow!(e.user_message()))?;
        let issue = Issue {
            congress: city,
            kind: Kind::ReceptionNotice,
            title: reception_title(&source),
            unit: None,
            addressee: String::new(),
            sources: vec![Source::Reception(source.reception)],
            filename: format!("接待公告-{}-{}", source.station_name, source.on),
        };
        store
            .issue_official(&clerk, issue, |t, number| {
                reception_notice(&source, t, number, today).to_docx().map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| anyhow::anyhow!(e.user_message()))
            .context("无法签发演示接待公告")?;
        issued += 1;
    }
    Ok(issued)
}
