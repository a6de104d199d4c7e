//! The matters a meeting puts to the vote, and the order they are voted in.
//!
//! Three rules of practice (DOMAIN.md, "Meetings and appointments") order the votes:
//! - amendments (修正案) are voted before the text they amend is voted as a whole;
//! - for one post, a removal — 免职, 撤职 or a resignation accepted — is voted before an
//!   appointment to it, so that nobody is appointed to a post still held;
//! - appointments are voted one person at a time, unless the 主任会议 decided a joint vote.
//!
//! [`check_items`] checks the matters themselves, [`order`] puts them in an order that keeps the
//! rules (otherwise the order the 主任会议 drafted), [`check_order`] checks an order as drafted,
//! and [`check_open`] refuses to open a vote while one that must come first is not closed.

use super::Settings;
use super::vote::Secrecy;
use crate::ids::{PersonId, PostId, VoteId};
use crate::official::appointment::Action;
use crate::{ErrorCode, Refusal};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One person named in a personnel matter, with the post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Nominee {
    pub person: PersonId,
    pub post: PostId,
}

/// What is voted on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Matter {
    /// An amendment (修正案) to the text voted as `to`.
    Amendment { to: VoteId },
    /// A text voted as a whole: a regulation's draft, a resolution, a decision, 审议意见.
    Text,
    /// 任免: an appointment, a removal, a dismissal (撤职) or a resignation accepted, of one
    /// person — or of several when the 主任会议 decided a joint vote (`joint`).
    Personnel { action: Action, nominees: Vec<Nominee>, joint: bool },
}

impl Matter {
    /// The stable code of the kind of matter, for lists and the database: `amendment`, `text`
    /// or `personnel`.
    pub fn kind_code(&self) -> &'static str {
        match self {
            Matter::Amendment { .. } => "amendment",
            Matter::Text => "text",
            Matter::Personnel { .. } => "personnel",
        }
    }
}

/// One matter on a meeting's list of votes: its id, its title as the chair reads it
/// (关于任命张三为示范市教育局局长的议案) and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteItem {
    pub id: VoteId,
    pub title: String,
    pub matter: Matter,
}

impl VoteItem {
    /// The posts this item vacates: a removal, dismissal or resignation accepted.
    fn vacates(&self) -> impl Iterator<Item = PostId> + '_ {
        self.posts(|a| a != Action::Appoint)
    }

    /// The posts this item fills.
    fn fills(&self) -> impl Iterator<Item = PostId> + '_ {
        self.posts(|a| a == Action::Appoint)
    }

    fn posts(&self, which: impl Fn(Action) -> bool) -> impl Iterator<Item = PostId> + '_ {
        let nominees: &[Nominee] = match &self.matter {
            Matter::Personnel { action, nominees, .. } if which(*action) => nominees,
            _ => &[],
        };
        nominees.iter().map(|n| n.post)
    }
}

/// Why `first` must be voted before `then`, or `None` when they may come in either order.
pub fn must_precede(first: &VoteItem, then: &VoteItem) -> Option<&'static str> {
    if first.id == then.id {
        return None;
    }
    if matches!(first.matter, Matter::Amendment { to } if to == then.id) {
        return Some("修正案应先于草案全文表决");
    }
    if first.vacates().any(|p| then.fills().any(|q| p == q)) {
        return Some("同一职务应先表决免职（撤职、辞职），再表决任命");
    }
    None
}

/// Checks the matters of one meeting: each id once, each amendment to a text on the same list,
/// each personnel matter naming someone, nobody twice in it, and several people in one vote only
/// where a joint vote was decided.
pub fn check_items(items: &[VoteItem]) -> Result<(), Refusal> {
    let mut ids = BTreeSet::new();
    for item in items {
        if !ids.insert(item.id) {
            return Err(Refusal::invalid("items", format!("表决事项“{}”重复列出", item.title)));
        }
    }
    for item in items {
        match &item.matter {
            Matter::Amendment { to } => {
                if !items.iter().any(|t| t.id == *to && t.matter == Matter::Text) {
                    return Err(Refusal::invalid(
                        "items",
                        format!("修正案“{}”所修正的草案不在本次会议的表决事项中", item.title),
                    ));
                }
            }
            Matter::Text => {}
            Matter::Personnel { nominees, joint, .. } => {
                if nominees.is_empty() {
                    return Err(Refusal::invalid("items", format!("任免事项“{}”没有列出人选", item.title)));
                }
                let distinct: BTreeSet<&Nominee> = nominees.iter().collect();
                if distinct.len() != nominees.len() {
                    return Err(Refusal::invalid("items", format!("任免事项“{}”中人选重复列出", item.title)));
                }
                if nominees.len() > 1 && !joint {
                    return Err(Refusal::new(
                        ErrorCode::JointVoteNotDecided,
                        format!(
                            "“{}”列有{}名人选：人事任免应逐人表决，合并表决须经主任会议决定。",
                            item.title,
                            nominees.len()
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The items in an order that keeps the rules: each item as early as the order drafted allows
/// once everything that must precede it is placed. An order that already keeps the rules comes
/// back unchanged.
pub fn order(items: &[VoteItem]) -> Result<Vec<VoteItem>, Refusal> {
    check_items(items)?;
    let mut left: Vec<&VoteItem> = items.iter().collect();
    let mut placed: Vec<VoteItem> = Vec::with_capacity(items.len());
    while !left.is_empty() {
        let ready = left.iter().position(|item| left.iter().all(|other| must_precede(other, item).is_none()));
        // The rules only ever put an amendment before a text and a vacating matter before an
        // appointment, and no item is both kinds, so some item is always ready; refuse rather
        // than loop if that ever stops being true.
        let Some(i) = ready else {
            return Err(Refusal::new(ErrorCode::VoteOutOfOrder, "表决事项之间的先后关系相互矛盾，请检查议程。"));
        };
        placed.push(left.remove(i).clone());
    }
    Ok(placed)
}

/// Checks an order as drafted: nothing comes before an item that must precede it.
pub fn check_order(items: &[VoteItem]) -> Result<(), Refusal> {
    check_items(items)?;
    for (i, later) in items.iter().enumerate() {
        for earlier in &items[..i] {
            if let Some(why) = must_precede(later, earlier) {
                return Err(out_of_order(later, earlier, why));
            }
        }
    }
    Ok(())
}

/// Whether the vote on `opening` may open now, `closed` holding the items already voted: every
/// item that must precede it is closed. An item not on the list is refused as unknown.
pub fn check_open(items: &[VoteItem], closed: &BTreeSet<VoteId>, opening: VoteId) -> Result<(), Refusal> {
    let Some(item) = items.iter().find(|i| i.id == opening) else {
        return Err(Refusal::new(ErrorCode::NotFound, "该表决事项不在本次会议的议程中。"));
    };
    for first in items.iter().filter(|f| !closed.contains(&f.id)) {
        if let Some(why) = must_precede(first, item) {
            return Err(out_of_order(first, item, why));
        }
    }
    Ok(())
}

/// One vote at a time: the chair opens a vote only once every other vote of the meeting has
/// closed (`open` holds the items whose vote is open now).
pub fn check_none_open(items: &[VoteItem], open: &BTreeSet<VoteId>, opening: VoteId) -> Result<(), Refusal> {
    match items.iter().find(|i| i.id != opening && open.contains(&i.id)) {
        Some(other) => Err(Refusal::new(
            ErrorCode::VoteOutOfOrder,
            format!("“{}”的表决尚未结束：请先结束该表决，再开始下一项表决。", other.title),
        )),
        None => Ok(()),
    }
}

fn out_of_order(first: &VoteItem, then: &VoteItem, why: &str) -> Refusal {
    Refusal::new(ErrorCode::VoteOutOfOrder, format!("{why}：请先表决“{}”，再表决“{}”。", first.title, then.title))
}

/// How a matter must be voted: a dismissal (撤职) by secret ballot always (监督法 Art. 62); other
/// personnel matters by secret ballot when the congress's settings say so; texts openly, with
/// the roll kept.
pub fn required_secrecy(matter: &Matter, settings: &Settings) -> Secrecy {
    match matter {
        Matter::Personnel { action: Action::Dismiss, .. } => Secrecy::Secret,
        Matter::Personnel { .. } if settings.secret_appointments => Secrecy::Secret,
        _ => Secrecy::Open,
    }
}

/// Whether `chosen` may be used for `matter`: a secret ballot may always be chosen, an open
/// vote only where [`required_secrecy`] allows one.
pub fn check_secrecy(matter: &Matter, chosen: Secrecy, settings: &Settings) -> Result<(), Refusal> {
    if chosen == Secrecy::Open && required_secrecy(matter, settings) == Secrecy::Secret {
        let message = match matter {
            Matter::Personnel { action: Action::Dismiss, .. } => {
                "撤职案的表决采用无记名投票的方式（监督法第六十二条）。"
            }
            _ => "本级人大常委会规定人事任免事项采用无记名方式表决。",
        };
        return Err(Refusal::new(ErrorCode::SecretVoteRequired, message).at("secrecy"));
    }
    Ok(())
}
