//! The matters deputies raise in the demo's suggestions, as templates. The texts are data:
//! `data/topics.toml`, embedded in the binary and parsed once.

use serde::Deserialize;
use std::sync::LazyLock;

/// Where a topic's problem is found: in town (a 街道 or the county seat), in the countryside
/// (a 镇 or 乡), or either.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Where {
    Town,
    Country,
    Any,
}

/// One matter deputies raise, as templates: `{地}` is a place of the congress, `{路}` a road,
/// `{事}` the matter in a few words, `{我}` how the handling unit calls itself (我局, 我委).
/// The texts are written for the demo; no real suggestion or reply is quoted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Topic {
    /// The departments that handle it, the most fitting first (without the 示范市 or county
    /// prefix; a congress uses those it has). The first one it has is the main unit.
    pub(super) units: Vec<String>,
    /// The 重点督办 topic it belongs to, if the 主任会议 would group it into one.
    #[serde(default)]
    pub(super) key: Option<String>,
    pub(super) at: Where,
    /// The title between 关于 and 的建议.
    pub(super) title: String,
    pub(super) problem: String,
    pub(super) cause: String,
    pub(super) ask: String,
    pub(super) thing: String,
    /// What the unit did, for its reply.
    pub(super) action: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    topic: Vec<Topic>,
}

/// The topics of `data/topics.toml`, in the file's order (the draws index them).
pub(super) static TOPICS: LazyLock<Vec<Topic>> = LazyLock::new(|| parse_topics(TOPICS_TOML));

const TOPICS_TOML: &str = include_str!("data/topics.toml");

/// Parses the topics file; the file is part of the binary, so a broken one is a bug.
fn parse_topics(text: &str) -> Vec<Topic> {
    super::parse_data::<TopicsFile>("topics.toml", text).topic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_topics_file_is_well_formed() {
        let topics = parse_topics(TOPICS_TOML);
        assert!(topics.len() >= 60, "{} topics", topics.len());
        for t in &topics {
            assert!(!t.units.is_empty(), "{}: no units", t.title);
            for text in [&t.title, &t.problem, &t.cause, &t.ask, &t.thing, &t.action] {
                assert!(!text.trim().is_empty(), "{}: an empty text", t.title);
            }
            assert!(t.units.iter().all(|u| !u.trim().is_empty()), "{}: an empty unit", t.title);
            assert!(t.key.as_deref().is_none_or(|k| !k.trim().is_empty()), "{}: an empty key", t.title);
            assert!(!t.title.starts_with("关于") && !t.title.ends_with("建议"), "{}", t.title);
        }
        let keys: std::collections::HashSet<_> = topics.iter().filter_map(|t| t.key.as_deref()).collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        for at in [Where::Town, Where::Country, Where::Any] {
            assert!(topics.iter().any(|t| t.at == at), "no topic at {at:?}");
        }
    }
}
