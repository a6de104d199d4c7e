//! The documents of an appointment decision (人事任免): the 任免公告, a 公文 the standing
//! committee publishes (kind [`Kind::AppointmentNotice`](super::Kind::AppointmentNotice)), and the
//! 任命书, a certificate on the congress's own [`CertificateTemplate`] signed by its 主任 (not a
//! 公文: no red 版头, no 版记).
//!
//! The meetings module (issue 17) fills a [`Decision`] from its records — the meeting, the day
//! and who was appointed, removed, dismissed or let go — and `renda_office::appointment` lays the
//! documents out. What the 公告 says is written here ([`notice_paragraphs`]), in the wording local
//! congresses publish: "…会议于2026年12月5日决定：任命张三为…；免去李四的…职务。现予公告。"

use super::{check_code, check_placeholders, fill};
use crate::{Refusal, text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What the meeting decided about one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 任命张三为…
    Appoint,
    /// 免去张三的…职务
    Remove,
    /// 撤销张三的…职务 (撤职)
    Dismiss,
    /// 接受张三辞去…职务的请求
    AcceptResignation,
}

impl Action {
    /// The order the 公告 lists them in: appointments first, then removals, dismissals and
    /// resignations accepted.
    pub const ALL: [Action; 4] = [Action::Appoint, Action::Remove, Action::Dismiss, Action::AcceptResignation];

    /// The stable code in the database and the audit log (as serialised).
    pub fn code(self) -> &'static str {
        match self {
            Action::Appoint => "appoint",
            Action::Remove => "remove",
            Action::Dismiss => "dismiss",
            Action::AcceptResignation => "accept_resignation",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Appoint => "任命",
            Action::Remove => "免职",
            Action::Dismiss => "撤职",
            Action::AcceptResignation => "接受辞职",
        }
    }
}

/// One person's entry in a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// 张三.
    pub name: String,
    /// The post as the decision names it, without a trailing 职务: 示范市教育局局长.
    pub post: String,
    pub action: Action,
}

/// What one meeting decided about people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The congress's full name: 示范市人民代表大会.
    pub congress: String,
    /// The meeting that decided: 示范市第十七届人民代表大会常务委员会第二十次会议.
    pub meeting: String,
    pub decided_on: Date,
    pub entries: Vec<Entry>,
}

impl Decision {
    /// The standing committee's full name, which signs the 公告: 示范市人民代表大会常务委员会.
    pub fn committee(&self) -> String {
        format!("{}常务委员会", self.congress)
    }
}

/// Bounds of a decision's text and size.
pub const MAX_NAME: usize = 40;
pub const MAX_POST: usize = 100;
pub const MAX_MEETING: usize = 100;
pub const MAX_ENTRIES: usize = 100;

/// Checks a decision before its documents are made: a congress and a meeting named, at least
/// one entry (at most [`MAX_ENTRIES`]), each with a name and a post of bounded length, and no
/// entry twice. Returns it trimmed, each post without a trailing "职务" (the wording adds it).
pub fn check_decision(d: Decision) -> Result<Decision, Refusal> {
    let congress = text::bounded("congress", "人民代表大会名称", &d.congress, 1, MAX_MEETING)?;
    let meeting = text::bounded("meeting", "作出决定的会议", &d.meeting, 1, MAX_MEETING)?;
    if d.entries.is_empty() {
        return Err(Refusal::invalid("entries", "任免决定至少要有一项任免事项"));
    }
    if d.entries.len() > MAX_ENTRIES {
        return Err(Refusal::invalid("entries", format!("一次任免决定最多{MAX_ENTRIES}项")));
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(d.entries.len());
    for e in d.entries {
        let name = text::bounded("name", "姓名", &e.name, 1, MAX_NAME)?;
        let post = text::bounded("post", "职务", &e.post, 1, MAX_POST)?;
        let post = post.strip_suffix("职务").map_or(post.clone(), |p| p.trim_end().to_string());
        if post.is_empty() {
            return Err(Refusal::invalid("post", "请填写职务名称"));
        }
        let entry = Entry { name, post, action: e.action };
        if entries.contains(&entry) {
            return Err(Refusal::invalid(
                "entries",
                format!("“{}”的{}事项（{}）重复列出", entry.name, entry.action.label(), entry.post),
            ));
        }
        entries.push(entry);
    }
    Ok(Decision { congress, meeting, decided_on: d.decided_on, entries })
}

/// The 公告's paragraphs: "{会议}于{日期}决定：", one line per kind of action (appointments,
/// removals, dismissals, resignations accepted, those with no entry left out), each ending in
/// "；" and the last in "。", then "现予公告。".
///
/// 任命张三为示范市教育局局长，李四为示范市卫生健康委员会主任；
/// 免去王五的示范市教育局局长职务；
/// 撤销赵六的示范市审计局局长职务；
/// 接受孙七辞去示范市人民政府副市长职务的请求。
pub fn notice_paragraphs(d: &Decision) -> Vec<String> {
    let mut out = vec![format!("{}于{}决定：", d.meeting, date_text(d.decided_on))];
    let mut lines: Vec<String> = Vec::new();
    for action in Action::ALL {
        let of: Vec<&Entry> = d.entries.iter().filter(|e| e.action == action).collect();
        if of.is_empty() {
            continue;
        }
        let each = |f: &dyn Fn(&Entry) -> String, sep: &str| of.iter().map(|e| f(e)).collect::<Vec<_>>().join(sep);
        lines.push(match action {
            Action::Appoint => format!("任命{}", each(&|e| format!("{}为{}", e.name, e.post), "，")),
            Action::Remove => format!("免去{}", each(&|e| format!("{}的{}职务", e.name, e.post), "，")),
            Action::Dismiss => format!("撤销{}", each(&|e| format!("{}的{}职务", e.name, e.post), "，")),
            Action::AcceptResignation => {
                format!("接受{}的请求", each(&|e| format!("{}辞去{}职务", e.name, e.post), "、"))
            }
        });
    }
    let n = lines.len();
    out.extend(lines.into_iter().enumerate().map(|(i, l)| format!("{l}{}", if i + 1 == n { "。" } else { "；" })));
    out.push("现予公告。".into());
    out
}

/// 2026年12月5日, as a 公文 writes dates (GB/T 9704 §7.3.5).
fn date_text(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The placeholders a 任命书's basis sentence may use.
pub const CERTIFICATE_PLACEHOLDERS: [(&str, &str); 3] =
    [("人大", "本级人大的名称"), ("会议", "作出决定的会议"), ("日期", "决定的日期")];

/// The code under which a congress keeps its 任命书 template beside its 公文 templates (in
/// URLs, the database and the audit log), and its label.
pub const CERTIFICATE: (&str, &str) = ("appointment_certificate", "任命书");

/// A congress's own 任命书: its wording and who signs it. The layout (a red double frame, the
/// title in red) is `renda_office::appointment`'s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateTemplate {
    /// 任命书.
    pub title: String,
    /// The legal basis, with `{placeholders}`: 根据《…组织法》第五十条的规定，经{会议}决定：
    pub basis: String,
    /// The signer's title: 主任.
    pub signer_title: String,
    /// The signer's name (陈志远): required to issue.
    pub signer: String,
    /// 机关代字 of the certificate's number: `示人常任` makes `示人常任〔2026〕5号`.
    pub code: String,
}

impl CertificateTemplate {
    /// The template a congress starts from, for `congress` (its full name, 示范市人民代表大会):
    /// the basis of 地方组织法 Art. 50 (the standing committee's power to appoint and remove),
    /// signed by the 主任, whose name the congress fills in.
    pub fn default_for(congress: &str) -> CertificateTemplate {
        let first = congress.chars().next().unwrap_or('某');
        CertificateTemplate {
            title: "任命书".into(),
            basis: "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第五十条的规定，经{会议}决定："
                .into(),
            signer_title: "主任".into(),
            signer: String::new(),
            code: format!("{first}人常任"),
        }
    }

    /// Checks a template a clerk saved: lines present and bounded, the code free of what the
    /// number adds, and each placeholder of the basis one the certificate knows. Returns it
    /// trimmed.
    pub fn check(self) -> Result<CertificateTemplate, Refusal> {
        let title = text::bounded("title", "任命书标题", &self.title, 1, 20)?;
        let basis = text::bounded("basis", "任命依据", &self.basis, 1, super::MAX_PARAGRAPH)?;
        let signer_title = text::bounded("signer_title", "签署人职务", &self.signer_title, 1, 40)?;
        let signer = text::bounded("signer", "签署人姓名", &self.signer, 0, MAX_NAME)?;
        let code = check_code(text::bounded("code", "机关代字", &self.code, 1, super::MAX_LINE)?, "示人常任")?;
        check_placeholders(&basis, ("basis", "任命依据"), &CERTIFICATE_PLACEHOLDERS, "任命书")?;
        Ok(CertificateTemplate { title, basis, signer_title, signer, code })
    }

    /// Whether a certificate may be issued from this template: it names the one who signs.
    pub fn check_issue(&self) -> Result<(), Refusal> {
        if self.signer.trim().is_empty() {
            return Err(Refusal::invalid("signer", "任命书模板未填写签署人姓名，请先填写后再制发任命书"));
        }
        Ok(())
    }

    /// The basis sentence with the decision's values in its placeholders.
    pub fn basis_for(&self, d: &Decision) -> String {
        let values = [("人大", d.congress.clone()), ("会议", d.meeting.clone()), ("日期", date_text(d.decided_on))];
        fill(&self.basis, &values)
    }
}

/// The sentence of a 任命书: 任命张三为示范市教育局局长。 Only an appointment has one.
pub fn certificate_sentence(e: &Entry) -> Option<String> {
    (e.action == Action::Appoint).then(|| format!("任命{}为{}。", e.name, e.post))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::official::Kind;
    use jiff::civil::date;

    fn entry(name: &str, post: &str, action: Action) -> Entry {
        Entry { name: name.into(), post: post.into(), action }
    }

    fn decision(entries: Vec<Entry>) -> Decision {
        Decision {
            congress: "示范市人民代表大会".into(),
            meeting: "示范市第十七届人民代表大会常务委员会第二十次会议".into(),
            decided_on: date(2026, 12, 5),
            entries,
        }
    }

    #[test]
    fn the_notice_says_what_the_meeting_decided_grouped_by_action() {
        let d = decision(vec![
            entry("孙七", "示范市人民政府副市长", Action::AcceptResignation),
            entry("张三", "示范市教育局局长", Action::Appoint),
            entry("王五", "示范市教育局局长", Action::Remove),
            entry("李四", "示范市卫生健康委员会主任", Action::Appoint),
            entry("赵六", "示范市审计局局长", Action::Dismiss),
        ]);
        assert_eq!(
            notice_paragraphs(&d),
            [
                "示范市第十七届人民代表大会常务委员会第二十次会议于2026年12月5日决定：",
                "任命张三为示范市教育局局长，李四为示范市卫生健康委员会主任；",
                "免去王五的示范市教育局局长职务；",
                "撤销赵六的示范市审计局局长职务；",
                "接受孙七辞去示范市人民政府副市长职务的请求。",
                "现予公告。",
            ]
        );
    }

    #[test]
    fn a_single_line_ends_the_decision_with_a_full_stop() {
        let d = decision(vec![entry("张三", "示范市教育局局长", Action::Appoint)]);
        assert_eq!(notice_paragraphs(&d)[1], "任命张三为示范市教育局局长。");
        let d = decision(vec![
            entry("孙七", "示范市人民政府副市长", Action::AcceptResignation),
            entry("周八", "示范市人民政府秘书长", Action::AcceptResignation),
        ]);
        assert_eq!(
            notice_paragraphs(&d),
            [
                "示范市第十七届人民代表大会常务委员会第二十次会议于2026年12月5日决定：",
                "接受孙七辞去示范市人民政府副市长职务、周八辞去示范市人民政府秘书长职务的请求。",
                "现予公告。",
            ]
        );
    }

    #[test]
    fn a_decision_needs_an_entry_and_bounded_names_and_posts() {
        let e = check_decision(decision(vec![])).expect_err("no entry");
        assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("entries")));
        assert_eq!(e.message, "任免决定至少要有一项任免事项");

        let e = check_decision(decision(vec![entry(" ", "示范市教育局局长", Action::Appoint)])).expect_err("no name");
        assert_eq!((e.field, e.message.as_str()), (Some("name"), "请填写姓名"));
        let long = "长".repeat(MAX_POST + 1);
        let e = check_decision(decision(vec![entry("张三", &long, Action::Appoint)])).expect_err("long post");
        assert_eq!((e.field, e.message.as_str()), (Some("post"), "职务不能超过100个字"));
        let e = check_decision(decision(vec![entry("张三", "职务", Action::Remove)])).expect_err("only 职务");
        assert_eq!(e.field, Some("post"));

        let mut d = decision(vec![entry("张三", "示范市教育局局长", Action::Appoint)]);
        d.meeting = "  ".into();
        assert_eq!(check_decision(d).expect_err("no meeting").field, Some("meeting"));

        let many = (0..=MAX_ENTRIES).map(|i| entry(&format!("人员{i}"), "委员", Action::Appoint)).collect();
        assert_eq!(check_decision(decision(many)).expect_err("too many").field, Some("entries"));

        let twice = vec![
            entry("张三", "示范市教育局局长", Action::Appoint),
            entry("张三 ", "示范市教育局局长", Action::Appoint),
        ];
        let e = check_decision(decision(twice)).expect_err("twice");
        assert!(e.message.contains("重复"), "{}", e.message);
    }

    #[test]
    fn a_decision_is_trimmed_and_a_post_loses_its_trailing_word_for_post() {
        let d = check_decision(decision(vec![
            entry(" 张三 ", " 示范市教育局局长 ", Action::Appoint),
            entry("王五", "示范市教育局局长职务", Action::Remove),
        ]))
        .expect("valid");
        assert_eq!(d.entries[0], entry("张三", "示范市教育局局长", Action::Appoint));
        assert_eq!(d.entries[1].post, "示范市教育局局长");
        assert_eq!(notice_paragraphs(&d)[2], "免去王五的示范市教育局局长职务。", "职务 once, not twice");
    }

    #[test]
    fn the_certificate_template_starts_valid_and_fills_the_meeting() {
        let t = CertificateTemplate::default_for("示范市人民代表大会");
        assert_eq!(t.clone().check().expect("the default is valid"), t);
        assert_eq!((t.title.as_str(), t.signer_title.as_str(), t.code.as_str()), ("任命书", "主任", "示人常任"));
        assert_eq!(t.check_issue().expect_err("no signer").field, Some("signer"));
        let d = decision(vec![entry("张三", "示范市教育局局长", Action::Appoint)]);
        assert_eq!(
            t.basis_for(&d),
            "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第五十条的规定，经示范市第十七届人民代表大会常务委员会第二十次会议决定："
        );
        let mut t = t;
        t.basis = "{人大}常委会于{日期}决定：".into();
        assert_eq!(t.basis_for(&d), "示范市人民代表大会常委会于2026年12月5日决定：");
        assert_eq!(certificate_sentence(&d.entries[0]).as_deref(), Some("任命张三为示范市教育局局长。"));
        assert_eq!(certificate_sentence(&entry("王五", "局长", Action::Remove)), None);
    }

    #[test]
    fn a_certificate_template_with_an_unknown_placeholder_or_a_numbered_code_is_refused() {
        let mut t = CertificateTemplate::default_for("示范市人民代表大会");
        t.basis = "经{会议}表决通过，{任期}内有效：".into();
        let e = t.clone().check().expect_err("unknown placeholder");
        assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("basis")));
        assert!(e.message.contains("占位符“{任期}”不认识") && e.message.contains("{会议}"), "{}", e.message);
        t.basis = "经{会议决定：".into();
        assert!(t.clone().check().expect_err("unclosed").message.contains("没有对应的"));

        for bad in ["示人常任〔2026〕", "示人常任5号", ""] {
            let mut t = CertificateTemplate::default_for("示范市人民代表大会");
            t.code = bad.into();
            assert_eq!(t.check().expect_err(bad).field, Some("code"), "{bad}");
        }
        let mut t = CertificateTemplate::default_for("示范市人民代表大会");
        t.signer_title = " ".into();
        assert_eq!(t.check().expect_err("no title").field, Some("signer_title"));
        let mut t = CertificateTemplate::default_for("示范市人民代表大会");
        t.signer = "  陈志远 ".into();
        let t = t.check().expect("trimmed");
        assert_eq!(t.signer, "陈志远");
        assert!(t.check_issue().is_ok());
    }

    #[test]
    fn the_appointment_notice_is_a_kind_of_its_own_with_an_empty_default_body() {
        assert_eq!(Kind::from_code("appointment_notice"), Some(Kind::AppointmentNotice));
        assert_eq!(Kind::AppointmentNotice.label(), "任免公告");
        assert_eq!(Kind::AppointmentNotice.format(), super::super::Format::General);
        assert!(!Kind::AppointmentNotice.upward() && !Kind::AppointmentNotice.once_a_day());
        let names: Vec<&str> = Kind::AppointmentNotice.placeholders().iter().map(|(k, _)| *k).collect();
        assert_eq!(names, ["人大", "会议", "日期"]);
        let t = Kind::AppointmentNotice.default_template("示范市人民代表大会");
        assert!(t.paragraphs.is_empty(), "the body comes from the decision");
        assert_eq!(t.code, "示人常公");
        assert_eq!(t.signature, "示范市人民代表大会常务委员会", "the committee signs its 公告");
        assert_eq!(t.mark, "示范市人民代表大会常务委员会");
    }
}
