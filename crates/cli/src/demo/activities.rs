//! A year (2026) of deputies' activities for the demo: the city and two districts, every kind
//! of activity — a cross-district joint 视察, a reception at the city's liaison station, a
//! mediation case with its outcome, a court observation (听审案看执行) — with invited deputies
//! and realistic outcomes (most check in, some have leave approved or refused, a few are
//! absent) and reports on past ones. Every attendance goes through the store's `participate`
//! at a plausible moment, so the duty archives fill as they would in use. Deterministic (its
//! own seeded RNG); activities after `today` stay open (invited, some signed up, a leave
//! request waiting).

use super::{CITY, COUNTIES};
use anyhow::{Context, Result};
use jiff::civil::{Date, DateTime, date};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use renda_core::archive::activity::{ActivityKind as K, MediationOutcome, ParticipationCommand as P};
use renda_core::ids::PersonId;
use renda_core::org::OrgKind;
use renda_core::policy::Role;
use renda_store::activities::{ActivityId, Mediation, NewActivity};
use renda_store::{Actor, Store};

const SEED: u64 = 0x4143_5449_5649_5459;

/// Which congress holds it: 0 the city, 1 东城区, 2 西城区.
struct Spec {
    at: usize,
    kind: K,
    title: &'static str,
    place: &'static str,
    month: i8,
    day: i8,
    hour: i8,
    hours: i64,
    invited: usize,
}

const fn spec(
    at: usize,
    kind: K,
    title: &'static str,
    place: &'static str,
    (month, day, hour): (i8, i8, i8),
    hours: i64,
    invited: usize,
) -> Spec {
    Spec { at, kind, title, place, month, day, hour, hours, invited }
}

const SPECS: &[Spec] = &[
    spec(0, K::Meeting, "市人大常委会第二十次会议（列席）", "市人大常委会会议室", (1, 20, 9), 6, 12),
    spec(0, K::Training, "2026年度代表履职学习培训班", "市委党校", (3, 12, 9), 8, 20),
    spec(0, K::Inspection, "视察城市更新和老旧小区改造", "文昌街道", (4, 16, 9), 4, 12),
    spec(0, K::Survey, "调研优化营商环境工作", "市政务服务中心", (5, 21, 14), 3, 10),
    spec(0, K::LawEnforcementCheck, "《大气污染防治法》执法检查", "市生态环境局", (6, 10, 9), 5, 10),
    spec(0, K::CourtObservation, "听审案看执行：旁听民事案件庭审", "市中级人民法院", (7, 8, 9), 4, 8),
    spec(0, K::StationReception, "代表联络站接待群众", "市民中心联络站", (8, 15, 9), 3, 4),
    spec(0, K::Mediation, "化解滨江花园小区物业纠纷", "市民中心联络站", (9, 3, 14), 3, 3),
    spec(0, K::Report, "市人大代表向原选区选民述职", "文昌街道会议室", (10, 22, 14), 2, 6),
    spec(0, K::GroupActivity, "代表小组集中活动：学习《代表法》修改", "新桥街道代表之家", (11, 5, 14), 2, 8),
    spec(0, K::Inspection, "视察冬季供暖保障工作", "市热力公司", (12, 10, 9), 4, 10),
    spec(0, K::Other, "代表走访困难群众", "各街道", (12, 18, 9), 6, 6),
    spec(1, K::Inspection, "东城区、西城区联合视察跨区河道治理", "青石河沿线", (4, 28, 9), 5, 8),
    spec(1, K::Survey, "调研农村养老服务", "东湖镇敬老院", (6, 18, 9), 4, 8),
    spec(1, K::Meeting, "区人大常委会第十五次会议（列席）", "区人大常委会会议室", (8, 27, 9), 4, 8),
    spec(1, K::Training, "新任代表履职培训", "区行政中心", (9, 16, 9), 6, 10),
    spec(1, K::CourtObservation, "旁听行政诉讼案件庭审", "东城区人民法院", (10, 14, 9), 3, 6),
    spec(1, K::GroupActivity, "东湖镇代表小组进站接待", "东湖镇代表联络站", (12, 15, 9), 3, 6),
    spec(2, K::LawEnforcementCheck, "《食品安全法》执法检查", "西山镇农贸市场", (5, 12, 9), 4, 8),
    spec(2, K::Inspection, "视察义务教育学校建设", "金沙街道", (7, 15, 9), 4, 8),
    spec(2, K::Survey, "调研社区居家养老", "丰乐街道", (9, 24, 14), 3, 8),
    spec(2, K::Mediation, "化解金桥镇土地流转纠纷", "金桥镇政府", (11, 11, 9), 3, 3),
];

const REPORTS: &[&str] = &[
    "代表们实地察看了现场，听取了有关部门的情况汇报，并就存在的问题提出了意见建议。",
    "活动中，代表们认真听取介绍，深入交流讨论，提出了有针对性的意见建议，有关部门当场作了回应。",
    "代表们表示，将把了解到的情况带回选区，积极向群众宣传，并持续跟踪有关问题的解决。",
];

const LEAVE: &[&str] = &["因公出差", "参加单位重要会议", "身体不适", "家中有事"];

/// Seeds the activities; returns how many.
pub async fn seed(store: &Store, today: Date) -> Result<usize> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let congresses = store.congresses().await?;
    let find = |name: String| {
        congresses
            .iter()
            .find(|r| r.org.name.to_string() == name)
            .map(|r| r.org.id)
            .with_context(|| format!("演示数据中没有{name}"))
    };
    let ids = [
        find(format!("{CITY}人民代表大会"))?,
        find(format!("{}人民代表大会", COUNTIES[0].name))?,
        find(format!("{}人民代表大会", COUNTIES[1].name))?,
    ];
    let station = store
        .org_tree()
        .await?
        .into_iter()
        .find(|r| r.org.kind == OrgKind::LiaisonStation && r.org.parent == Some(ids[0]))
        .map(|r| r.org.id);
    let demo_deputy = match store.user_by_login("deputy").await?.map(|u| u.role) {
        Some(Role::Deputy { person }) => Some(person),
        _ => None,
    };
    let mut rosters = Vec::new();
    for c in ids {
        rosters.push(super::roster(store, c).await?);
    }

    for (n, s) in SPECS.iter().enumerate() {
        let congress = ids[s.at];
        let staff = Actor { user: None, role: Role::Staff { congress } };
        let starts = date(2026, s.month, s.day).at(s.hour, 0, 0, 0);
        let ends = starts + jiff::Span::new().hours(s.hours);
        let joint = (s.at == 1 && s.kind == K::Inspection).then_some(ids[2]);
        let at_station = matches!(s.kind, K::StationReception) || (s.kind == K::Mediation && s.at == 0);
        let new = NewActivity {
            kind: s.kind,
            title: s.title.into(),
            place: s.place.into(),
            organiser: if s.at == 0 {
                format!("{CITY}人大常委会办公室")
            } else {
                format!("{}人大常委会办公室", COUNTIES[s.at - 1].name)
            },
            starts_at: starts,
            ends_at: ends,
            description: format!("{}。", s.title),
            station: if at_station { station } else { None },
            mediation: (s.kind == K::Mediation).then(|| Mediation {
                parties: if s.at == 0 {
                    "业主委员会；物业服务公司".into()
                } else {
                    "承包农户；流转企业".into()
                },
                issue: if s.at == 0 {
                    "物业费上调和公共维修资金使用引发争议".into()
                } else {
                    "土地流转租金拖欠".into()
                },
                steps: "代表分别听取双方诉求，会同街道（镇）和有关部门召开协调会，提出调解方案。".into(),
                outcome: Some(if s.at == 0 { MediationOutcome::Resolved } else { MediationOutcome::PartlyResolved }),
            }),
        };
        let id = store.create_activity(&staff, congress, &new).await?;
        if let Some(j) = joint {
            store.add_joint_congress(&staff, id, j).await?;
        }

        // Invite deputies in office that day, the demo deputy to most of the city's.
        let day = starts.date();
        let mut invite: Vec<PersonId> = Vec::new();
        for at in std::iter::once(s.at).chain(joint.map(|_| 2)) {
            let mut pool: Vec<PersonId> = rosters[at]
                .iter()
                .filter(|d| d.start_date <= day)
                .filter(|d| d.end_date.is_none_or(|e| e > day))
                .map(|d| d.person)
                .collect();
            pool.sort_unstable();
            pool.dedup();
            pool.shuffle(&mut rng);
            invite.extend(pool.into_iter().take(s.invited));
        }
        if s.at == 0
            && n % 4 != 3
            && let Some(d) = demo_deputy
            && !invite.contains(&d)
        {
            invite.push(d);
        }
        store.invite(&staff, id, &invite).await?;
        play(store, &staff, id, &invite, starts, ends, today, &mut rng).await?;
        if ends.date() < today {
            let text = REPORTS[n % REPORTS.len()];
            store.set_activity_report(&staff, id, &format!("{}{text}", s.title), n % 2 == 0).await?;
        }
    }
    Ok(SPECS.len())
}

/// Plays each invited deputy's part at plausible moments: the day before, during, after.
#[expect(clippy::too_many_arguments, reason = "the demo's one loop body, split out for reading")]
async fn play(
    store: &Store,
    staff: &Actor,
    id: ActivityId,
    invited: &[PersonId],
    starts: DateTime,
    ends: DateTime,
    today: Date,
    rng: &mut StdRng,
) -> Result<()> {
    let day_before = starts - jiff::Span::new().days(1);
    let during = starts + jiff::Span::new().minutes(20);
    let after = ends + jiff::Span::new().hours(2);
    let past = ends.date() < today;
    for &p in invited {
        let me = Actor { user: None, role: Role::Deputy { person: p } };
        let roll = rng.random_range(0..100);
        let reason = LEAVE[rng.random_range(0..LEAVE.len())];
        let at_now = today.at(9, 0, 0, 0);
        if !past {
            // Still to come: some have signed up, one asks for leave.
            if starts > at_now {
                if roll < 40 {
                    store.participate(&me, id, p, &P::SignUp, at_now).await?;
                } else if roll < 48 {
                    store.participate(&me, id, p, &P::RequestLeave { reason: reason.into() }, at_now).await?;
                }
            }
            continue;
        }
        if roll < 50 {
            store.participate(&me, id, p, &P::SignUp, day_before).await?;
        }
        match roll {
            0..72 => {
                // Most scan the code; some are ticked on the list by the organiser.
                let who = if roll % 3 == 0 { staff } else { &me };
                store.participate(who, id, p, &P::CheckIn, during).await?;
            }
            72..84 => {
                store.participate(&me, id, p, &P::RequestLeave { reason: reason.into() }, day_before).await?;
                store.participate(staff, id, p, &P::ApproveLeave, day_before).await?;
            }
            84..90 => {
                store.participate(&me, id, p, &P::RequestLeave { reason: "工作安排冲突".into() }, day_before).await?;
                let note = "本次活动为年度重点工作，请调整时间参加".into();
                store.participate(staff, id, p, &P::RefuseLeave { note }, day_before).await?;
                if roll % 2 == 0 {
                    store.participate(&me, id, p, &P::CheckIn, during).await?;
                } else {
                    store.participate(staff, id, p, &P::MarkAbsent, after).await?;
                }
            }
            _ => {
                store.participate(staff, id, p, &P::MarkAbsent, after).await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_covers_every_kind_and_each_congress() {
        for k in K::ALL {
            assert!(SPECS.iter().any(|s| s.kind == k), "{} missing", k.label());
        }
        for at in 0..3 {
            assert!(SPECS.iter().any(|s| s.at == at));
        }
        assert!(SPECS.iter().any(|s| s.at == 1 && s.kind == K::Inspection), "a joint 视察");
    }
}
