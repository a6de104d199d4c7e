//! Citizens' opinions for the demo: left at the city's liaison station, one in every state of
//! their lifecycle, so that staff, units and the receipt lookup have something to show.

use super::parse_data;
use anyhow::{Context, Result};
use jiff::civil::Date;
use renda_core::ids::OrgId;
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::opinion::{Channel, Command, FeedbackMethod, RejectionReason, SuggestionRef};
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_store::suggestions::SuggestionFilter;
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::sync::LazyLock;

/// What happens to each demo opinion after it is received.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Path {
    Received,
    OnSpot { answer: String },
    Forwarded,
    Answered { answer: String },
    FedBackAndRated { answer: String, rating: Satisfaction },
    Closed { answer: String },
    Converted,
    Rejected { reason: RejectionReason, note: String },
}

/// One opinion as the citizen wrote it, and its path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Opinion {
    title: String,
    content: String,
    path: Path,
}

/// `data/opinions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpinionsFile {
    opinion: Vec<Opinion>,
}

const OPINIONS_TOML: &str = include_str!("data/opinions.toml");

static OPINIONS: LazyLock<Vec<Opinion>> =
    LazyLock::new(|| parse_data::<OpinionsFile>("opinions.toml", OPINIONS_TOML).opinion);

/// Leaves the demo opinions at `station` and drives each to its state; returns how many.
pub async fn seed(store: &Store, city: OrgId, station: OrgId, unit: OrgId, today: Date) -> Result<usize> {
    let public = Actor { user: None, role: Role::Public };
    let staff = Actor { user: None, role: Role::Staff { congress: city } };
    let unit_actor = Actor { user: None, role: Role::Unit { unit } };
    let suggestion = store
        .list_suggestions(
            &Actor::system(),
            &SuggestionFilter { congresses: vec![city], per_page: 1, ..Default::default() },
            today,
        )
        .await?
        .items
        .first()
        .map(|s| s.id.0);
    for (i, Opinion { title, content, path }) in OPINIONS.iter().enumerate() {
        let form = OpinionForm {
            title: title.clone(),
            content: content.clone(),
            name: if i % 2 == 0 { "王女士".into() } else { String::new() },
            phone: if i % 3 == 0 { format!("1390000{:04}", 1000 + i) } else { String::new() },
            consent_to_publish: i % 2 == 1,
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("演示意见无效：{e:?}"))?;
        let channel = if i % 4 == 2 { Channel::Reception } else { Channel::Online };
        let who = if channel == Channel::Reception { &staff } else { &public };
        let (id, receipt) = store.submit_opinion(who, station, channel, &form, &format!("demo-{i}"), today).await?;
        let forward = Command::Forward { unit, due: today + jiff::Span::new().days(15) };
        let act = |cmd: Command, who: &Actor| {
            let who = *who;
            async move { store.act_on_opinion(&who, id, &cmd, today).await.map(|_| ()) }
        };
        match path {
            Path::Received => {}
            Path::OnSpot { answer } => act(Command::AnswerOnSpot { answer: answer.clone() }, &staff).await?,
            Path::Forwarded => act(forward.clone(), &staff).await?,
            Path::Answered { answer } | Path::FedBackAndRated { answer, .. } | Path::Closed { answer } => {
                act(forward.clone(), &staff).await?;
                act(Command::UnitAnswer { answer: answer.clone() }, &unit_actor).await?;
                if !matches!(path, Path::Answered { .. }) {
                    act(Command::FeedBack { method: FeedbackMethod::Phone }, &staff).await?;
                }
                if let Path::FedBackAndRated { rating, .. } = path {
                    store.rate_opinion(receipt, *rating, "", today).await?;
                }
                if matches!(path, Path::Closed { .. }) {
                    act(Command::Close, &staff).await?;
                }
            }
            Path::Converted => {
                let s = suggestion.context("演示数据中没有可关联的代表建议")?;
                act(Command::ConvertToSuggestion { suggestion: SuggestionRef(s) }, &staff).await?;
            }
            Path::Rejected { reason, note } => {
                act(Command::Reject { reason: *reason, note: note.clone() }, &staff).await?
            }
        }
    }
    Ok(OPINIONS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_opinions_file_is_well_formed() {
        let file: OpinionsFile = parse_data("opinions.toml", OPINIONS_TOML);
        let opinions = &file.opinion;
        for o in opinions {
            // Each must pass the form the public fills in.
            let form = OpinionForm {
                title: o.title.clone(),
                content: o.content.clone(),
                name: String::new(),
                phone: String::new(),
                consent_to_publish: false,
            };
            assert!(form.validate().is_ok(), "{}", o.title);
            if let Path::OnSpot { answer }
            | Path::Answered { answer }
            | Path::FedBackAndRated { answer, .. }
            | Path::Closed { answer } = &o.path
            {
                assert!(!answer.trim().is_empty(), "{}: an empty answer", o.title);
            }
        }
        // One in every state of the lifecycle.
        for (kind, found) in [
            ("received", opinions.iter().any(|o| matches!(o.path, Path::Received))),
            ("on_spot", opinions.iter().any(|o| matches!(o.path, Path::OnSpot { .. }))),
            ("forwarded", opinions.iter().any(|o| matches!(o.path, Path::Forwarded))),
            ("answered", opinions.iter().any(|o| matches!(o.path, Path::Answered { .. }))),
            ("fed_back_and_rated", opinions.iter().any(|o| matches!(o.path, Path::FedBackAndRated { .. }))),
            ("closed", opinions.iter().any(|o| matches!(o.path, Path::Closed { .. }))),
            ("converted", opinions.iter().any(|o| matches!(o.path, Path::Converted))),
            ("rejected", opinions.iter().any(|o| matches!(o.path, Path::Rejected { .. }))),
        ] {
            assert!(found, "no opinion {kind}");
        }
    }
}
