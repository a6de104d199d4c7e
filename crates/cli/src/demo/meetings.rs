//! The demo's standing committee and its meeting (issue 17): fifteen of the city's deputies
//! sit on the committee (主任, two 副主任, the 秘书长 and eleven 委员 — the demo deputy among
//! them, so the deputy's login finds a meeting to sign in to and vote on), and today's meeting,
//! notified eight days ahead, with three matters: a decision passed by a majority of all members,
//! an amendment that had more yes than no votes but failed (not a majority of all fifteen), and
//! a regulation left for the clerk to open. Twelve members are signed in, one is on approved
//! leave and one leave request waits for the 主任. Its personnel cases are `personnel`'s.

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId};
use renda_core::meeting::agenda::Matter;
use renda_core::meeting::vote::{Choice, Secrecy};
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::policy::Role;
use renda_store::meetings::{NewItem, NewMeeting, NewMembership};
use renda_store::{Actor, Store};

/// What the demo's meeting holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingsSummary {
    pub members: usize,
    /// The matters put on the agenda by hand (the personnel cases add their own).
    pub matters: usize,
    pub personnel: super::personnel::PersonnelSummary,
}

fn err(e: renda_store::StoreError) -> anyhow::Error {
    anyhow::anyhow!(e.user_message())
}

/// Seats the committee from `deputies` (the city's, the demo deputy first when it is one of
/// them) from the start of last year, and holds the meeting on the store's today — signing in
/// happens on the meeting's own day, by the store's clock (the same day as `seed`'s `today`).
pub async fn seed(store: &Store, city: OrgId, deputies: &[PersonId], today: Date) -> Result<MeetingsSummary> {
    let day = store.today();
    let clerk = Actor { user: None, role: Role::Staff { congress: city } };
    let members: Vec<PersonId> = deputies.iter().copied().take(15).collect();
    if members.len() < 15 {
        anyhow::bail!("演示数据中市人大代表不足15人，无法组成常委会");
    }
    // The demo deputy (first) is a 委员; the next four lead.
    let roles = |i: usize| match i {
        1 => MemberRole::Director,
        2 | 3 => MemberRole::DeputyDirector,
        4 => MemberRole::SecretaryGeneral,
        _ => MemberRole::Member,
    };
    let term_start = jiff::civil::date(today.year(), 1, 1) - 1.years();
    for (i, p) in members.iter().enumerate() {
        let new = NewMembership { person: *p, role: roles(i), from: term_start, until: None };
        store.add_membership(&clerk, city, &new).await.map_err(err).context("无法登记演示常委会组成人员")?;
    }
    let meeting = NewMeeting {
        kind: MeetingKind::StandingCommittee,
        number: Some(20),
        title: "示范市第十八届人民代表大会常务委员会第二十次会议".into(),
        held_on: day,
        place: "市人大常委会会议室".into(),
        notified_on: Some(day - 8.days()),
    };
    let id = store.create_meeting(&clerk, city, &meeting).await.map_err(err).context("无法安排演示会议")?;
    let decision = store
        .add_agenda_item(
            &clerk,
            id,
            &NewItem {
                title: "关于批准2025年市级决算的决议（草案）".into(),
                matter: Matter::Text,
                secrecy: Some(Secrecy::Open),
            },
        )
        .await
        .map_err(err)?;
    let regulation = store
        .add_agenda_item(
            &clerk,
            id,
            &NewItem {
                title: "示范市养老服务条例（草案）".into(), matter: Matter::Text, secrecy: Some(Secrecy::Open)
            },
        )
        .await
        .map_err(err)?;
    let amendment = store
        .add_agenda_item(
            &clerk,
            id,
            &NewItem {
                title: "关于示范市养老服务条例（草案）第十二条的修正案".into(),
                matter: Matter::Amendment { to: regulation },
                secrecy: Some(Secrecy::Secret),
            },
        )
        .await
        .map_err(err)?;

    // Leave: one approved, one waiting; twelve signed in (not the demo deputy, who signs in).
    let leave = |p: PersonId| Actor { user: None, role: Role::Deputy { person: p } };
    let approved =
        store.request_leave(&leave(members[14]), id, members[14], "出差在外，无法参加").await.map_err(err)?;
    store.decide_leave(&clerk, approved, true).await.map_err(err)?;
    store.request_leave(&leave(members[13]), id, members[13], "身体不适").await.map_err(err)?;
    for p in &members[1..13] {
        store.sign_in(&clerk, id, *p).await.map_err(err).context("无法登记演示签到")?;
    }

    // The decision: 10 yes, 1 no, 1 abstention of 15 — passes (8 needed).
    // The amendment (secret, voted before its regulation): 7 yes, 3 no, 2 abstentions — more yes
    // than no, but not a majority of all fifteen: fails.
    for (item, yes, no) in [(decision, 10, 1), (amendment, 7, 3)] {
        store.open_vote(&clerk, item).await.map_err(err).context("无法开始演示表决")?;
        for (i, p) in members[1..13].iter().enumerate() {
            let choice = if i < yes {
                Choice::Yes
            } else if i < yes + no {
                Choice::No
            } else {
                Choice::Abstain
            };
            store.cast_vote(&leave(*p), item, choice).await.map_err(err).context("无法登记演示表决")?;
        }
        store.close_vote(&clerk, item).await.map_err(err)?;
    }
    let committee = store.committee_on(&clerk, city, day).await.map_err(err)?;
    let director =
        committee.iter().find(|m| m.role == MemberRole::Director).map(|m| m.name.clone()).unwrap_or_default();
    let personnel = super::personnel::seed(store, city, id, &members[1..13], &director)
        .await
        .context("无法载入人事任免演示数据")?;
    Ok(MeetingsSummary { members: members.len(), matters: 3, personnel })
}
