//! DOMAIN.md's four real rule tables, as templates a congress copies and completes.
//!
//! Every number DOMAIN.md gives is reproduced as given. Where it gives none (江北's other seven
//! items, the 东宝 additions, the 银川 items, every band but 银川's) the template fills in example
//! values and says so in its note, which speaks to the congress (never to our files): the
//! congress replaces them with its own text's numbers before publishing. The examples are
//! calibrated on a realistic year (README, "Calibrating the templates"): a deputy who attends
//! the session, takes part in a few activities and makes a suggestion lands in a middle band,
//! not in 差, and the cli's demo test checks that on the demo city no band holds more than 60 %
//! of deputies and 差 under 20 %.

use super::Points;
use super::items::ItemKind as K;
use super::rules::{Band, Cadence, CategoryCap, Formula, Rule, RuleTable};
use serde::{Deserialize, Serialize};

/// The shipped templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    Jiangbei,
    Dongbao,
    Yinchuan,
    TownshipGroup,
}

impl Template {
    pub const ALL: [Template; 4] = [Template::Jiangbei, Template::Dongbao, Template::Yinchuan, Template::TownshipGroup];

    pub fn code(self) -> &'static str {
        match self {
            Template::Jiangbei => "jiangbei",
            Template::Dongbao => "dongbao",
            Template::Yinchuan => "yinchuan",
            Template::TownshipGroup => "township_group",
        }
    }

    pub fn from_code(s: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.code() == s)
    }

    /// The template's Chinese name (also the table's name).
    pub fn label(self) -> &'static str {
        match self {
            Template::Jiangbei => "重庆市江北区人大代表履职积分细则（模板）",
            Template::Dongbao => "荆门市东宝区人大代表履职考核办法（模板）",
            Template::Yinchuan => "银川市人大代表履职考核百分制（模板）",
            Template::TownshipGroup => "乡镇代表小组代表履职考评表（模板）",
        }
    }

    /// What the template is for, where its numbers come from and which of them are examples
    /// to replace, in the congress's own words (shown with the table to staff and deputies).
    pub fn source(self) -> &'static str {
        match self {
            Template::Jiangbei => {
                "参照重庆市江北区人大代表履职积分细则。细则共11项，原细则载明的分值为：每领衔提出1件建议加3分；\
                 每参加1次组织的视察或调研各加3分；大会期间每请假半天扣1分。其余7项（审议发言、领衔议案、执法检查、\
                 听审案看执行、培训、联络站接待、列席常委会会议）的分值和四个等次为示例，按一名代表一年出席大会、\
                 参加几次活动、提出一两件建议即可达到“合格”或“良好”设定，请按本级细则修改。不设基础分和上限；\
                 联名建议不计分。"
            }
            Template::Dongbao => {
                "参照荆门市东宝区人大代表履职考核办法。每年基础分60分，另加履职加分，加分不设上限；按季度公布得分；\
                 连续两年排名末位的代表由常委会约谈。各项加分暂按每件（次）加1分列出，四个等次为示例\
                 （一名代表一年参加几次活动、提出一件建议约得66至70分），请按本级办法修改。"
            }
            Template::Yinchuan => {
                "参照银川市人大代表履职考核办法。百分制；80分及以上为“好”，60分至79分为“较好”，60分以下为“差”。\
                 各项分值、上限和“闭会期间活动”类别上限为示例：出席代表大会每半天4分（最多40分），\
                 闭会期间每参加1次视察、调研、检查、小组活动或列席常委会会议5分（合计最多30分）。\
                 一名代表出席大会、参加几次活动并提出一件建议即可达到60分，请按本级办法修改。"
            }
            Template::TownshipGroup => {
                "参照乡镇代表小组代表履职考评表。全勤10分；书面建议3件10分，每多或少1件加或减5分；\
                 审议发言1次10分，每多1次加5分；参加小组活动4次10分；联系10户选民5分。\
                 不足4次活动、不足10户按比例计分（每次2.5分、每户0.5分），建议或发言不足时本项最低0分；\
                 四个等次为示例，请按本乡镇考评表修改。"
            }
        }
    }

    /// The table, ready to publish (after the congress completes it).
    pub fn table(self) -> RuleTable {
        let rules = match self {
            Template::Jiangbei => vec![
                Rule::per_unit(K::SuggestionLed, Points::whole(3)),
                Rule::per_unit(K::Inspection, Points::whole(3)),
                Rule::per_unit(K::Survey, Points::whole(3)),
                Rule::per_unit(K::SessionLeave, Points::whole(-1)),
                // Example values for the other seven items.
                Rule::per_unit(K::DeliberationSpeech, Points::whole(2)),
                Rule::per_unit(K::MotionLed, Points::whole(5)),
                Rule::per_unit(K::LawEnforcementCheck, Points::whole(3)),
                Rule::per_unit(K::CourtObservation, Points::whole(2)),
                Rule::per_unit(K::Training, Points::whole(2)),
                Rule::per_unit(K::StationReception, Points::whole(2)),
                Rule::per_unit(K::MeetingAttended, Points::whole(2)),
            ],
            Template::Dongbao => [
                K::DeliberationSpeech,
                K::MotionLed,
                K::SuggestionLed,
                K::SuggestionCosigned,
                K::Inspection,
                K::Survey,
                K::LawEnforcementCheck,
                K::CourtObservation,
                K::Training,
                K::GroupActivity,
                K::StationReception,
                K::Mediation,
                K::ReportSatisfied,
                K::ReportBasic,
                K::Award,
            ]
            .into_iter()
            .map(|k| Rule::per_unit(k, Points::whole(1)))
            .collect(),
            Template::Yinchuan => {
                const ACTIVE: &str = "闭会期间活动";
                vec![
                    Rule::per_unit(K::SessionAttended, Points::whole(4)).capped(Points::whole(40)),
                    Rule::per_unit(K::SuggestionLed, Points::whole(5)).capped(Points::whole(15)),
                    Rule::per_unit(K::SuggestionCosigned, Points::whole(2)).capped(Points::whole(6)),
                    Rule::per_unit(K::DeliberationSpeech, Points::whole(5)).capped(Points::whole(10)),
                    Rule::per_unit(K::Inspection, Points::whole(5)).in_category(ACTIVE),
                    Rule::per_unit(K::Survey, Points::whole(5)).in_category(ACTIVE),
                    Rule::per_unit(K::LawEnforcementCheck, Points::whole(5)).in_category(ACTIVE),
                    Rule::per_unit(K::CourtObservation, Points::whole(5)).in_category(ACTIVE),
                    Rule::per_unit(K::GroupActivity, Points::whole(5)).in_category(ACTIVE),
                    Rule::per_unit(K::MeetingAttended, Points::whole(5)).in_category(ACTIVE),
                    Rule::per_unit(K::StationReception, Points::whole(3)).capped(Points::whole(9)),
                    Rule::per_unit(K::Training, Points::whole(3)).capped(Points::whole(6)),
                    Rule::per_unit(K::VoterContact, Points::hundredths(50)).capped(Points::whole(10)),
                    Rule::per_unit(K::SessionLeave, Points::whole(-2)),
                    Rule::per_unit(K::SessionAbsent, Points::whole(-5)),
                    Rule::per_unit(K::ActivityAbsent, Points::whole(-2)),
                ]
            }
            Template::TownshipGroup => vec![
                full_attendance(Points::whole(10)),
                target(K::SuggestionLed, 3, 10, 5, 5),
                target(K::DeliberationSpeech, 1, 10, 5, 10),
                Rule::per_unit(K::GroupActivity, Points::hundredths(250)).capped(Points::whole(10)),
                Rule::per_unit(K::VoterContact, Points::hundredths(50)).capped(Points::whole(5)),
            ],
        };
        // Four bands where the original gives none: examples calibrated on a realistic year
        // (README, "Calibrating the templates").
        let four = |top: i64, good: i64, pass: i64| {
            vec![
                Band::new("优秀", Some(top), None),
                Band::new("良好", Some(good), Some(top)),
                Band::new("合格", Some(pass), Some(good)),
                Band::new("差", None, Some(pass)),
            ]
        };
        let (base, max_total, bands, categories, cadence) = match self {
            Template::Jiangbei => (Points::ZERO, None, four(18, 12, 6), vec![], Cadence::Yearly),
            Template::TownshipGroup => (Points::ZERO, None, four(35, 25, 15), vec![], Cadence::Yearly),
            Template::Dongbao => (Points::whole(60), None, four(70, 66, 63), vec![], Cadence::Quarterly),
            Template::Yinchuan => (
                Points::ZERO,
                Some(Points::whole(100)),
                vec![
                    Band::new("好", Some(80), None),
                    Band::new("较好", Some(60), Some(80)),
                    Band::new("差", None, Some(60)),
                ],
                vec![CategoryCap { name: "闭会期间活动".into(), cap: Points::whole(30) }],
                Cadence::Yearly,
            ),
        };
        RuleTable {
            name: self.label().to_owned(),
            note: self.source().to_owned(),
            base,
            rules,
            categories,
            max_total,
            bands,
            min_activity: 0,
            cadence,
        }
    }
}

/// 全勤: the points when a deputy attended the session with no leave and no absence.
fn full_attendance(points: Points) -> Rule {
    Rule {
        kind: K::SessionAttended,
        formula: Formula::Full { points, spoiled_by: vec![K::SessionLeave, K::SessionAbsent] },
        cap: None,
        category: None,
    }
}

fn target(kind: K, target: u32, points: i64, per_extra: i64, per_missing: i64) -> Rule {
    Rule {
        kind,
        formula: Formula::Target {
            target,
            points: Points::whole(points),
            per_extra: Points::whole(per_extra),
            per_missing: Points::whole(per_missing),
        },
        cap: None,
        category: None,
    }
}
