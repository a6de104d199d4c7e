//! The demo's liaison stations in detail: every station gets its address, opening hours and
//! reception days, deputies of its congress (and, at a district's station, city deputies
//! elected there) attached, receptions held over the past months with how many citizens came,
//! one cancelled, and the next ones posted ahead for the portal.

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::{Date, time};
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::station::StationForm;
use renda_core::org::OrgKind;
use renda_store::liaison::stations::NewReception;
use renda_store::people::DeputyFilter;
use renda_store::{Actor, Store};

const TOPICS: &[&str] = &["", "老旧小区改造", "养老服务", "", "义务教育", "交通出行", "", "医保报销"];

/// What the demo wrote: stations filled in, and receptions posted.
#[derive(Clone, Copy, Debug, Default)]
pub struct StationsSummary {
    pub stations: usize,
    pub receptions: usize,
}

/// Fills in every station of the store as of `today`.
pub async fn seed(store: &Store, city: OrgId, today: Date) -> Result<StationsSummary> {
    let actor = Actor::system();
    let tree = store.org_tree().await?;
    let mut summary = StationsSummary::default();
    for (n, row) in tree.iter().filter(|r| r.org.kind == OrgKind::LiaisonStation).enumerate() {
        let station = row.org.id;
        let congress = row.org.parent.context("联络站没有所属人大")?;
        let name = row.org.name.to_string();
        let place = name.trim_end_matches("人大代表联络站").trim_end_matches('）').replace('（', "");
        let profile = StationForm {
            address: format!("{place}便民服务中心{}楼", 2 + n % 2),
            opening_hours: "工作日 9:00—12:00，14:00—17:30".into(),
            reception_days: if n % 2 == 0 { "每月5日、20日上午" } else { "每周三下午" }.into(),
            phone: format!("0571-8{:03}{:04}", 600 + n, 1000 + n * 37),
            intro: format!(
                "{name}是人大代表联系群众的固定场所。群众可在接待日当面向代表反映意见建议，也可扫码在线留言，凭回执码查询办理情况。"
            ),
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("演示联络站信息无效：{}", e[0].message))?;
        store.set_station_profile(&actor, station, &profile).await?;

        // Deputies of the station's congress, and at a district's station the city's deputies
        // of that district's delegation.
        let mut deputies = pick(store, congress, None, 4).await?;
        if congress != city {
            let district =
                tree.iter().find(|r| r.org.id == congress).map(|r| r.org.name.to_string()).unwrap_or_default();
            let delegation = format!("{}代表团", district.trim_end_matches("人民代表大会"));
            deputies.extend(pick(store, city, Some(delegation), 2).await?);
        } else {
            deputies.extend(pick(store, city, None, 8).await?.into_iter().skip(4));
        }
        for p in &deputies {
            store.attach_station_deputy(&actor, station, *p, today - 200.days()).await?;
        }
        if deputies.len() < 2 {
            continue;
        }

        // Held over the past half year, each posted a week ahead.
        let offsets: [i64; 6] = [170, 140, 110, 80, 50, 20];
        for (k, back) in offsets.iter().enumerate() {
            let on = today - (back + n as i64 * 3).days();
            let pair = vec![deputies[k % deputies.len()], deputies[(k + 1) % deputies.len()]];
            let id = store
                .schedule_reception(
                    &actor,
                    station,
                    &reception(on, pair, TOPICS[(k + n) % TOPICS.len()]),
                    on - 7.days(),
                )
                .await?;
            if k == 2 && n == 0 {
                store.cancel_reception(&actor, id, "接待代表参加市人大常委会会议，顺延至下次接待日").await?;
            } else {
                store.hold_reception(&actor, id, 4 + ((k * 7 + n * 3) % 11) as u32, on).await?;
            }
            summary.receptions += 1;
        }
        // The next two, posted today.
        for (k, ahead) in [4_i64, 11].into_iter().enumerate() {
            let on = today + (ahead + (n % 3) as i64).days();
            let pair = vec![deputies[(k + 2) % deputies.len()], deputies[(k + 3) % deputies.len()]];
            store
                .schedule_reception(&actor, station, &reception(on, pair, TOPICS[(k + 2 * n) % TOPICS.len()]), today)
                .await?;
            summary.receptions += 1;
        }
        summary.stations += 1;
    }
    Ok(summary)
}

fn reception(on: Date, deputies: Vec<PersonId>, topic: &str) -> NewReception {
    NewReception { on, starts: time(9, 0, 0, 0), ends: time(11, 30, 0, 0), topic: topic.into(), deputies }
}

/// Up to `n` sitting deputies of `congress` (of one delegation when given), in roster order.
async fn pick(store: &Store, congress: OrgId, delegation: Option<String>, n: i64) -> Result<Vec<PersonId>> {
    let page = store
        .search_deputies(
            &renda_store::Actor::system(),
            &DeputyFilter {
                congress: Some(congress),
                congresses: vec![congress],
                delegation,
                active_only: true,
                per_page: n,
                ..DeputyFilter::default()
            },
        )
        .await?;
    Ok(page.items.iter().map(|d| d.person).collect())
}
