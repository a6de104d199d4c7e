//! Filing review for the demo city (issue 18): normative documents filed with the city's standing
//! committee in every state the work goes through — one waiting for its form check, one recorded
//! late from the gazette, one returned for its drafting note, one under review, one corrected
//! after a written 审查意见, the district's resolution found without problem — and one filed with
//! 东城区's. A citizen's 审查建议 opened the review that ended in the correction and is published
//! with the proposer's consent; another was declined with its reason.
//!
//! Each step is taken on its own day (09:00 Beijing, relative to `today`), through the store as a
//! clerk or the maker would, so deadlines and lateness come out of the rules.

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::{Date, Time};
use renda_core::clock::Clock;
use renda_core::filing::Attachment;
use renda_core::filing::proposal::{Command as ProposalCommand, ProposalForm};
use renda_core::filing::review::{Command, Demand, ReviewKind};
use renda_core::ids::{FilingId, OrgId};
use renda_core::org::{OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::files::Upload;
use renda_store::filing::review::{FilingStep, NewDocument};
use renda_store::{Actor, Store};

/// What [`seed`] made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilingSummary {
    pub filings: usize,
    pub proposals: usize,
}

fn err(e: renda_store::StoreError) -> anyhow::Error {
    anyhow::anyhow!(e.user_message())
}

fn scan(name: &str) -> Upload {
    Upload { filename: format!("{name}.pdf"), bytes: format!("%PDF-1.4\n% {name}\n%%EOF\n").into_bytes() }
}

fn files(title: &str, of: &[Attachment]) -> Vec<(Attachment, Upload)> {
    of.iter().map(|a| (*a, scan(&format!("{}（{title}）", a.label())))).collect()
}

/// The store as it was at 09:00 on `day`.
fn on(store: &Store, day: Date) -> Store {
    store.clone().with_clock(Clock::at_beijing(day.to_datetime(Time::constant(9, 0, 0, 0))))
}

fn ago(today: Date, days: i64) -> Date {
    today.checked_sub(days.days()).expect("demo dates stay in range")
}

async fn unit_of(store: &Store, congress: OrgId, pick: impl Fn(&str, OrgKind) -> bool, what: &str) -> Result<OrgId> {
    store
        .open_units_of(congress)
        .await
        .map_err(err)?
        .into_iter()
        .find(|u| pick(u.name.as_str(), u.kind))
        .map(|u| u.id)
        .with_context(|| format!("演示数据中没有{what}"))
}

/// Files `title` by `maker` (its own user) on `day`, published `published` days before.
async fn file(
    store: &Store,
    maker: Actor,
    maker_org: OrgId,
    title: &str,
    published: Date,
    day: Date,
    of: &[Attachment],
) -> Result<FilingId> {
    on(store, day)
        .file_document(
            &maker,
            NewDocument { maker: maker_org, title: title.into(), published_on: published, files: files(title, of) },
        )
        .await
        .map_err(err)
        .with_context(|| format!("无法报送演示备案文件《{title}》"))
}

async fn step(store: &Store, who: &Actor, id: FilingId, day: Date, step: FilingStep) -> Result<()> {
    on(store, day).filing_step(who, id, step).await.map_err(err).context("无法办理演示备案文件")?;
    Ok(())
}

/// Seeds the filings of `city` and of `east` (东城区) as of `today`.
pub async fn seed(store: &Store, city: OrgId, east: OrgId, today: Date) -> Result<FilingSummary> {
    let office = Actor { user: None, role: Role::Staff { congress: city } };
    let all = &Attachment::ALL;
    let no_note = [Attachment::Report, Attachment::Text, Attachment::LegalBasis, Attachment::Announcement];
    let education = unit_of(store, city, |n, _| n.ends_with("教育局"), "市教育局").await?;
    let housing = unit_of(store, city, |n, _| n.ends_with("住房和城乡建设局"), "市住建局").await?;
    let transport = unit_of(store, city, |n, _| n.ends_with("交通运输局"), "市交通运输局").await?;
    let market = unit_of(store, city, |n, _| n.ends_with("市场监督管理局"), "市市场监管局").await?;
    let court = unit_of(store, city, |_, k| k == OrgKind::Unit(UnitKind::Court), "市中级人民法院").await?;
    let as_unit = |u: OrgId| Actor { user: None, role: Role::Unit { unit: u } };
    let mut filings = 0;

    // Corrected after a written 审查意见, the review opened on a citizen's 审查建议 too.
    let t = "示范市校外培训机构管理办法";
    let corrected = file(store, as_unit(education), education, t, ago(today, 75), ago(today, 70), &no_note).await?;
    let ret = Command::Return { missing: vec![Attachment::DraftingNote], note: "请补充起草说明。".into() };
    step(store, &office, corrected, ago(today, 66), FilingStep::Act(ret)).await?;
    let note = files(t, &[Attachment::DraftingNote]);
    step(store, &as_unit(education), corrected, ago(today, 62), FilingStep::Resubmit(note)).await?;
    step(store, &office, corrected, ago(today, 60), FilingStep::Register).await?;
    let send = Command::Send { kind: ReviewKind::Special, topic: "营商环境".into() };
    step(store, &office, corrected, ago(today, 58), FilingStep::Act(send)).await?;
    let opinion = Command::SendOpinion {
        demand: Demand::Correct,
        text: "经审查，该办法第五条第二项规定对未备案的培训机构处以一万元以上三万元以下罚款，超出了上位法规定的处罚种类和幅度，建议予以修改。".into(),
    };
    step(store, &office, corrected, ago(today, 40), FilingStep::Act(opinion)).await?;
    let plan = Command::Answer {
        agrees: true,
        text: "我局同意审查意见，拟于下月提请市政府常务会议修改第五条。".into(),
    };
    step(store, &as_unit(education), corrected, ago(today, 25), FilingStep::Act(plan)).await?;
    let report = Command::ReportCorrection {
        text: "市政府已于本月印发修改决定，删除第五条第二项。".into()
    };
    step(store, &as_unit(education), corrected, ago(today, 6), FilingStep::Act(report)).await?;
    filings += 1;

    // Under review.
    let t = "示范市物业服务收费管理办法";
    let reviewing = file(store, as_unit(housing), housing, t, ago(today, 40), ago(today, 20), all).await?;
    step(store, &office, reviewing, ago(today, 16), FilingStep::Register).await?;
    let send = Command::Send { kind: ReviewKind::Active, topic: String::new() };
    step(store, &office, reviewing, ago(today, 14), FilingStep::Act(send)).await?;
    // The committee asked the 财政经济委员会 for its opinion on the fees: still awaited.
    let ask = Command::AskOpinion { committee: "财政经济委员会".into() };
    step(store, &office, reviewing, ago(today, 10), FilingStep::Act(ask)).await?;
    filings += 1;

    // A written 审查意见 the maker disagreed with: next, a proposal that the standing committee
    // revoke it.
    let t = "示范市户外广告设置管理办法";
    let disputed = file(store, as_unit(housing), housing, t, ago(today, 90), ago(today, 85), all).await?;
    step(store, &office, disputed, ago(today, 80), FilingStep::Register).await?;
    let send = Command::Send { kind: ReviewKind::Active, topic: String::new() };
    step(store, &office, disputed, ago(today, 78), FilingStep::Act(send)).await?;
    let opinion = Command::SendOpinion {
        demand: Demand::Repeal,
        text:
            "经审查，该办法第九条要求户外广告设置须经街道办事处同意，属于没有法律、法规依据增设行政许可，建议予以废止。"
                .into(),
    };
    step(store, &office, disputed, ago(today, 30), FilingStep::Act(opinion)).await?;
    let answer = Command::Answer {
        agrees: false,
        text: "我局认为该条属于内部工作程序，不构成行政许可，不同意审查意见。".into(),
    };
    step(store, &as_unit(housing), disputed, ago(today, 12), FilingStep::Act(answer)).await?;
    filings += 1;

    // Returned for its drafting note, not yet supplied.
    let t = "示范市电动自行车登记管理规定";
    let returned = file(store, as_unit(market), market, t, ago(today, 12), ago(today, 8), &no_note).await?;
    let ret = Command::Return { missing: vec![Attachment::DraftingNote], note: "缺少起草说明。".into() };
    step(store, &office, returned, ago(today, 6), FilingStep::Act(ret)).await?;
    filings += 1;

    // Waiting for the form check.
    let t = "示范市中级人民法院关于规范诉讼服务中心工作的若干规定";
    file(store, as_unit(court), court, t, ago(today, 9), ago(today, 3), all).await?;
    filings += 1;

    // Published three months ago and never filed: recorded from the gazette, late.
    let t = "示范市网络预约出租汽车经营服务管理实施细则";
    let gazette = NewDocument {
        maker: transport,
        title: t.into(),
        published_on: ago(today, 95),
        files: files(t, &[Attachment::Text, Attachment::Announcement]),
    };
    on(store, ago(today, 10)).file_document(&office, gazette).await.map_err(err).context("无法登记公报发现的文件")?;
    filings += 1;

    // 东城区's congress files its resolution with the city: no problem found.
    let district = Actor { user: None, role: Role::Staff { congress: east } };
    let t = "东城区人民代表大会常务委员会关于加强生态环境保护的决议";
    let resolution = file(store, district, east, t, ago(today, 30), ago(today, 25), all).await?;
    step(store, &office, resolution, ago(today, 21), FilingStep::Register).await?;
    let send = Command::Send { kind: ReviewKind::Active, topic: String::new() };
    step(store, &office, resolution, ago(today, 19), FilingStep::Act(send)).await?;
    step(store, &office, resolution, ago(today, 2), FilingStep::Act(Command::FindNoProblem)).await?;
    filings += 1;

    // 东城区's own register: its 教育局 files a document, registered.
    let east_office = Actor { user: None, role: Role::Staff { congress: east } };
    let east_unit =
        unit_of(store, east, |_, k| k == OrgKind::Unit(UnitKind::GovernmentDepartment), "东城区政府部门").await?;
    let t = "东城区老旧小区改造资金管理办法";
    let east_filing = file(store, as_unit(east_unit), east_unit, t, ago(today, 20), ago(today, 15), all).await?;
    step(store, &east_office, east_filing, ago(today, 12), FilingStep::Register).await?;
    filings += 1;

    // A citizen's 审查建议 on the training rules: a review opened, the result fed back, published.
    let mut proposals = 0;
    let form = ProposalForm {
        document: "示范市校外培训机构管理办法".into(),
        provision: "第五条第二项".into(),
        reasons: "该项对未备案的培训机构设定了一万元以上三万元以下的罚款，《民办教育促进法》及其实施条例没有规定该项处罚，地方政府规章不应增设。".into(),
        name: "刘明".into(),
        contact: "13812345678".into(),
        consent_to_publish: true,
    };
    let p = form.check().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (id, _) = on(store, ago(today, 45))
        .submit_review_proposal(city, &p, "demo")
        .await
        .map_err(err)
        .context("无法提交审查建议")?;
    let act = |day: Date, c: ProposalCommand| async move {
        on(store, day).act_on_review_proposal(&office, id, &c).await.map_err(err)
    };
    act(ago(today, 43), ProposalCommand::OpenReview { filing: corrected }).await?;
    act(
        ago(today, 5),
        ProposalCommand::Answer {
            result: "经审查，该项规定超出上位法规定，制定机关已删除该项规定。".into()
        },
    )
    .await?;
    act(ago(today, 5), ProposalCommand::Publish).await?;
    proposals += 1;

    // Another, declined with its reason within the ten days.
    let form = ProposalForm {
        document: "示范市生活垃圾分类管理条例".into(),
        provision: "全文".into(),
        reasons: "希望增加对小区物业的考核。".into(),
        name: "赵女士".into(),
        contact: "zhao@example.cn".into(),
        consent_to_publish: false,
    };
    let p = form.check().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (declined, _) = on(store, ago(today, 12))
        .submit_review_proposal(city, &p, "demo")
        .await
        .map_err(err)
        .context("无法提交审查建议")?;
    let decline = ProposalCommand::Decline {
        reason: "该条例为地方性法规，建议内容属于立法建议，已转市人大常委会法制工作委员会研究，不属于备案审查范围。"
            .into(),
    };
    on(store, ago(today, 8)).act_on_review_proposal(&office, declined, &decline).await.map_err(err)?;
    proposals += 1;

    Ok(FilingSummary { filings, proposals })
}
