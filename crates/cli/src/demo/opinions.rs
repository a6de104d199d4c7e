//! Citizens' opinions for the demo: left at the city's liaison station, one in every state of
//! their lifecycle, so that staff, units and the receipt lookup have something to show.

use anyhow::{Context, Result};
use jiff::civil::Date;
use renda_core::ids::OrgId;
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::opinion::{Channel, Command, FeedbackMethod, RejectionReason, SuggestionRef};
use renda_core::policy::Role;
use renda_core::suggestion::Satisfaction;
use renda_store::suggestions::SuggestionFilter;
use renda_store::{Actor, Store};

/// What happens to each demo opinion after it is received.
enum Path {
    Received,
    OnSpot(&'static str),
    Forwarded,
    Answered(&'static str),
    FedBackAndRated(&'static str, Satisfaction),
    Closed(&'static str),
    Converted,
    Rejected(RejectionReason, &'static str),
}

const OPINIONS: &[(&str, &str, Path)] = &[
    (
        "东湖路公交站台没有遮雨棚",
        "东湖路与滨江大道路口的公交站台没有遮雨棚，雨天老人孩子候车很不方便，希望加装。",
        Path::Received,
    ),
    (
        "希望延长社区图书室开放时间",
        "社区图书室晚上六点就关门了，上班族下班后没法借书，建议周末和晚上延长开放时间。",
        Path::Received,
    ),
    (
        "小区加装电梯的补贴怎么申请",
        "我们楼想加装电梯，请问补贴标准和申请流程是什么？",
        Path::OnSpot("已现场解答：补贴标准和申请材料见市住房和城乡建设局网站，可到街道便民服务中心咨询办理。"),
    ),
    ("老旧小区屋顶漏水", "示范市滨江花园小区8号楼屋顶多处漏水，物业一直没有维修，雨季屋内渗水严重。", Path::Forwarded),
    (
        "学校门口早晚高峰拥堵",
        "实验小学门口早晚接送时段车辆乱停，建议设置临时停车区并安排交警疏导。",
        Path::Answered("已协调交警部门在上学放学时段设置临时停车区并加强疏导，下周起实施。"),
    ),
    (
        "路灯损坏两个月无人修",
        "东湖小区三号楼前的两盏路灯坏了两个月，夜间出行不安全。",
        Path::FedBackAndRated("已安排维修，已于本月修复并纳入日常巡查。", Satisfaction::Satisfied),
    ),
    (
        "菜市场周边占道经营",
        "新华菜市场周边占道经营严重，影响通行，希望加强管理。",
        Path::Closed("城管部门已开展专项整治，划定临时摊区，占道现象明显好转。"),
    ),
    ("建议增设过街天桥", "东湖路口车流量大，行人过街困难，建议增设过街天桥或地下通道。", Path::Converted),
    (
        "房屋买卖合同纠纷",
        "我和开发商的购房合同纠纷已经起诉到法院，希望人大督促尽快判决。",
        Path::Rejected(RejectionReason::InProceedings, ""),
    ),
];

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
    for (i, (title, content, path)) in OPINIONS.iter().enumerate() {
        let form = OpinionForm {
            title: (*title).into(),
            content: (*content).into(),
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
            Path::OnSpot(a) => act(Command::AnswerOnSpot { answer: (*a).into() }, &staff).await?,
            Path::Forwarded => act(forward.clone(), &staff).await?,
            Path::Answered(a) | Path::FedBackAndRated(a, _) | Path::Closed(a) => {
                act(forward.clone(), &staff).await?;
                act(Command::UnitAnswer { answer: (*a).into() }, &unit_actor).await?;
                if !matches!(path, Path::Answered(_)) {
                    act(Command::FeedBack { method: FeedbackMethod::Phone }, &staff).await?;
                }
                if let Path::FedBackAndRated(_, r) = path {
                    store.rate_opinion(receipt, *r, "", today).await?;
                }
                if matches!(path, Path::Closed(_)) {
                    act(Command::Close, &staff).await?;
                }
            }
            Path::Converted => {
                let s = suggestion.context("演示数据中没有可关联的代表建议")?;
                act(Command::ConvertToSuggestion { suggestion: SuggestionRef(s) }, &staff).await?;
            }
            Path::Rejected(reason, note) => {
                act(Command::Reject { reason: *reason, note: (*note).into() }, &staff).await?
            }
        }
    }
    Ok(OPINIONS.len())
}
