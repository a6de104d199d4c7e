//! The 征求意见情况 report: what the public is told about a consultation — how many comments by
//! which channel, on which articles, and how each group was answered. One pure function over
//! the comments and their groups ([`report`]), so the page, the published report and the
//! statistics cannot disagree; each breakdown counts every comment exactly once.
//!
//! A comment answered alone is a group of one: staff answer groups, never loose comments. A
//! comment in no group, or in a group not yet answered, counts as 未答复.

use super::consultation::{Channel, Comment, Disposition, Group, Target};
use crate::ids::CommentGroupId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One group's line in the report: its size and its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLine {
    pub group: CommentGroupId,
    /// Comments in the group (the same text sent this many times counts once here).
    pub size: usize,
    /// What the group's comments are about, each target once.
    pub targets: Vec<Target>,
    pub disposition: Option<Disposition>,
    pub reason: String,
}

/// The counts of one consultation (or of one version: pass its comments only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Comments received.
    pub comments: usize,
    /// Distinct opinions: groups, plus comments in no group.
    pub opinions: usize,
    /// People heard: one per comment, a 联系点 meeting's participants for its record.
    pub people: u64,
    /// Comments per channel, every channel listed (0 included), in [`Channel::ALL`]'s order.
    pub by_channel: Vec<(Channel, usize)>,
    /// Comments per target, the whole draft first, then articles in order; only those commented on.
    pub by_target: Vec<(Target, usize)>,
    /// Comments per answer, 采纳, 部分采纳, 未采纳, then 未答复 (`None`).
    pub by_disposition: Vec<(Option<Disposition>, usize)>,
    /// The groups, in id order, with their answers.
    pub groups: Vec<GroupLine>,
}

/// The report over `comments`, answered through `groups` (a comment's group not among them is
/// unanswered).
pub fn report(comments: &[Comment], groups: &[Group]) -> Report {
    let answers: BTreeMap<CommentGroupId, &Group> = groups.iter().map(|g| (g.id, g)).collect();
    let mut by_channel: BTreeMap<Channel, usize> = Channel::ALL.into_iter().map(|c| (c, 0)).collect();
    let mut by_target: BTreeMap<Target, usize> = BTreeMap::new();
    let mut by_disposition: BTreeMap<Option<Disposition>, usize> = BTreeMap::new();
    let mut sizes: BTreeMap<CommentGroupId, (usize, BTreeSet<Target>)> = BTreeMap::new();
    let mut loose = 0;
    let mut people = 0u64;
    for c in comments {
        *by_channel.entry(c.source.channel()).or_default() += 1;
        *by_target.entry(c.target).or_default() += 1;
        people += u64::from(c.source.people());
        let disposition = c.group.and_then(|g| answers.get(&g)).and_then(|g| g.answer.as_ref()).map(|a| a.disposition);
        *by_disposition.entry(disposition).or_default() += 1;
        match c.group {
            Some(g) => {
                let entry = sizes.entry(g).or_default();
                entry.0 += 1;
                entry.1.insert(c.target);
            }
            None => loose += 1,
        }
    }
    let order = Disposition::ALL.into_iter().map(Some).chain([None]);
    let lines: Vec<GroupLine> = sizes
        .into_iter()
        .map(|(group, (size, targets))| {
            let answer = answers.get(&group).and_then(|g| g.answer.as_ref());
            GroupLine {
                group,
                size,
                targets: targets.into_iter().collect(),
                disposition: answer.map(|a| a.disposition),
                reason: answer.map(|a| a.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Report {
        comments: comments.len(),
        opinions: lines.len() + loose,
        people,
        by_channel: by_channel.into_iter().collect(),
        by_target: by_target.into_iter().collect(),
        by_disposition: order.map(|d| (d, by_disposition.get(&d).copied().unwrap_or(0))).collect(),
        groups: lines,
    }
}
