//! The demo's standing committee and its meeting (issue 17): fifteen of the city's deputies
//! sit on the committee (主任, two 副主任, the 秘书长 and eleven 委员 — the demo deputy among
//! them, so the deputy's login finds a meeting to sign in to and vote on), and today's meeting,
//! notified eight days ahead, with three matters: a decision passed by a majority of all members,
//! an amendment that had more yes than no votes but failed (not a majority of all fifteen), and
//! a regulation left for the clerk to open. Twelve members are signed in, one is on approved
//! leave and one leave request waits for the 主任. Four heads of the bodies that answer to the
//! congress sit in (列席), two citizens are in the gallery (twenty seats), and three speeches are
//! recorded: two signed off by their speakers and published in 简报第1期, one returned to the
//! demo deputy and waiting for their sign-off. Its personnel cases are `personnel`'s.

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId};
use renda_core::meeting::agenda::Matter;
use renda_core::meeting::minutes::{AttendeeKind, Command, Speaker};
use renda_core::meeting::vote::{Choice, Secrecy};
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::policy::Role;
use renda_store::meetings::minutes::{NewAttendee, NewBulletin, NewSpeech, NewVisitor};
use renda_store::meetings::{NewItem, NewMeeting, NewMembership};
use renda_store::{Actor, Store};

/// What the demo's meeting holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeetingsSummary {
    pub members: usize,
    /// The matters put on the agenda by hand (the personnel cases add their own).
    pub matters: usize,
    pub personnel: super::personnel::PersonnelSummary,
    /// 列席 entries and citizens in the gallery.
    pub attendees: usize,
    pub visitors: usize,
    /// Speeches recorded, and the 简报 published.
    pub speeches: usize,
    pub bulletins: usize,
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

    // Who sits in, and the gallery.
    let sitting_in = [
        (AttendeeKind::Government, "陈建国", "示范市人民政府", "副市长"),
        (AttendeeKind::Supervision, "林卫东", "示范市监察委员会", "副主任"),
        (AttendeeKind::Court, "周正平", "示范市中级人民法院", "院长"),
        (AttendeeKind::Procuratorate, "吴立新", "示范市人民检察院", "检察长"),
    ];
    for (kind, name, organisation, post) in sitting_in {
        let new = NewAttendee { kind, name: name.into(), organisation: organisation.into(), post: post.into() };
        store.add_attendee(&clerk, id, &new).await.map_err(err).context("无法登记演示列席人员")?;
    }
    store.set_gallery_seats(&clerk, id, Some(20)).await.map_err(err)?;
    for (name, phone) in [("赵丽华", "13800138001"), ("钱永明", "")] {
        let new = NewVisitor { name: name.into(), phone: phone.into() };
        store.add_visitor(&clerk, id, &new).await.map_err(err).context("无法登记演示旁听公民")?;
    }

    // Three speeches on the regulation: the 主任's and a 委员's signed off and published in the
    // 简报; the demo deputy's (the first member) returned to them for sign-off.
    let speeches = [
        (
            members[1],
            "条例草案总体成熟。建议进一步明确社区嵌入式养老服务设施的配建标准，老旧小区通过购置、置换、租赁等方式补足。",
        ),
        (
            members[6],
            "建议在第十二条中写明居家养老服务补贴的对象和标准由市人民政府另行规定，并向社会公布，便于群众了解和监督。",
        ),
        (
            members[0],
            "建议增加农村互助养老的内容，鼓励村（居）民委员会利用闲置房屋开办互助幸福院，市、区财政给予适当补助。",
        ),
    ];
    let mut recorded = Vec::new();
    for (speaker, text) in speeches {
        let new = NewSpeech { speaker: Speaker::Member(speaker), item: Some(regulation), text: text.into() };
        let s = store.record_speech(&clerk, id, &new).await.map_err(err).context("无法记录演示发言")?;
        store.act_on_speech(&clerk, s, &Command::SendBack).await.map_err(err)?;
        recorded.push((speaker, s));
    }
    for (speaker, s) in &recorded[..2] {
        let sign_off = Command::SignOff { text: None, written: false };
        store.act_on_speech(&leave(*speaker), *s, &sign_off).await.map_err(err).context("无法确认演示发言")?;
    }
    let bulletin = NewBulletin {
        title: "分组审议示范市养老服务条例（草案）情况".into(),
        speeches: recorded[..2].iter().map(|(_, s)| *s).collect(),
    };
    let b = store.create_bulletin(&clerk, id, &bulletin).await.map_err(err).context("无法编辑演示简报")?;
    store.publish_bulletin(&clerk, b).await.map_err(err).context("无法发布演示简报")?;
    let committee = store.committee_on(&clerk, city, day).await.map_err(err)?;
    let director =
        committee.iter().find(|m| m.role == MemberRole::Director).map(|m| m.name.clone()).unwrap_or_default();
    let personnel = super::personnel::seed(store, city, id, &members[1..13], &director)
        .await
        .context("无法载入人事任免演示数据")?;
    Ok(MeetingsSummary {
        members: members.len(),
        matters: 3,
        personnel,
        attendees: sitting_in.len(),
        visitors: 2,
        speeches: recorded.len(),
        bulletins: 1,
    })
}
