//! The demo's liaison stations in detail: every station gets its address, opening hours and
//! reception days, deputies of its congress (and, at a district's station, city deputies
//! elected there) attached, receptions held over the past months with how many citizens came,
//! one cancelled, and the next ones posted ahead for the portal.

use super::parse_data;
use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::{Date, time};
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::station::StationForm;
use renda_core::org::OrgKind;
use renda_store::liaison::stations::NewReception;
use renda_store::people::DeputyFilter;
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::sync::LazyLock;

/// `data/stations.toml`: what the stations post and the topics of their receptions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StationsFile {
    /// The receptions' topics, in turn ("": none).
    topics: Vec<String>,
    opening_hours: String,
    /// The stations' reception days, in turn.
    reception_days: Vec<String>,
    /// `{站}` is the station's name.
    intro: String,
    /// Why the one cancelled reception was.
    cancelled: String,
}

const STATIONS_TOML: &str = include_str!("data/stations.toml");

static DATA: LazyLock<StationsFile> = LazyLock::new(|| parse_data("stations.toml", STATIONS_TOML));

/// The receptions' topics, in turn.
static TOPICS: LazyLock<&'static [String]> = LazyLock::new(|| &DATA.topics);

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
            opening_hours: DATA.opening_hours.clone(),
            reception_days: DATA.reception_days[n % DATA.reception_days.len()].clone(),
            phone: format!("0571-8{:03}{:04}", 600 + n, 1000 + n * 37),
            intro: DATA.intro.replace("{站}", &name),
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
                    &reception(on, pair, &TOPICS[(k + n) % TOPICS.len()]),
                    on - 7.days(),
                )
                .await?;
            if k == 2 && n == 0 {
                store.cancel_reception(&actor, id, &DATA.cancelled).await?;
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
                .schedule_reception(&actor, station, &reception(on, pair, &TOPICS[(k + 2 * n) % TOPICS.len()]), today)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stations_file_is_well_formed() {
        let data: StationsFile = parse_data("stations.toml", STATIONS_TOML);
        assert!(data.topics.iter().any(|t| t.is_empty()) && data.topics.iter().any(|t| !t.is_empty()));
        assert!(!data.reception_days.is_empty() && data.reception_days.iter().all(|d| !d.trim().is_empty()));
        assert!(data.intro.contains("{站}"));
        let profile = StationForm {
            address: "示范市文昌街道便民服务中心2楼".into(),
            opening_hours: data.opening_hours.clone(),
            reception_days: data.reception_days[0].clone(),
            phone: "0571-86001000".into(),
            intro: data.intro.replace("{站}", "示范市人大代表联络站"),
        };
        assert!(profile.validate().is_ok(), "the texts fit the station's form");
        assert!(!data.cancelled.trim().is_empty());
    }
}
