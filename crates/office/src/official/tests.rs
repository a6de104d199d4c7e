use super::*;
use jiff::civil::date;
use std::io::Read;

fn sample(format: Format) -> OfficialDocument {
    OfficialDocument {
        format,
        mark: match format {
            Format::General => "示范市人大常委会办公室文件".into(),
            Format::Letter => "示范市人民代表大会常务委员会办公室".into(),
        },
        number: renda_core::official::number("示人常办", 2026, 12),
        direction: Direction::Down,
        title: "关于交办市十七届人大五次会议代表建议的函".into(),
        addressee: Some("示范市住房和城乡建设局".into()),
        body: vec![
            Block::Paragraph("现将代表建议交你单位办理。".into()),
            Block::Heading { level: 1, text: "办理要求".into() },
            Block::Heading { level: 2, text: "按时答复".into() },
            Block::Heading { level: 2, text: "当面沟通".into() },
            Block::Heading { level: 3, text: "联系领衔代表".into() },
            Block::Heading { level: 1, text: "联系方式".into() },
            Block::Heading { level: 2, text: "联系人".into() },
            Block::Paragraph("联系人：王明，电话：0000-12345678。".into()),
        ],
        attachments: vec![Attachment {
            title: "交办建议清单".into(),
            blocks: vec![Block::Table(DocTable {
                headers: vec!["编号".into(), "标题".into(), "领衔代表".into(), "办理期限".into()],
                widths: vec![3, 8, 3, 4],
                rows: vec![vec![
                    "第0012号".into(),
                    "关于加快老旧小区改造的建议".into(),
                    "张三".into(),
                    "2027年6月1日".into(),
                ]],
            })],
        }],
        signature: "示范市人大常委会办公室".into(),
        date: date(2026, 12, 7),
        copy_to: vec!["示范市人民政府办公室".into()],
        printed: Some(("示范市人大常委会办公室".into(), date(2026, 12, 8))),
    }
}

/// The named part of a DOCX, as text.
pub(crate) fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut out = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the package")).read_to_string(&mut out).expect("utf-8");
    out
}

fn footers(docx: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let names: Vec<String> =
        zip.file_names().filter_map(Result::ok).filter(|n| n.starts_with("word/footer")).map(String::from).collect();
    names.iter().map(|n| part(docx, n)).collect()
}

#[test]
fn the_page_is_a4_with_the_standards_margins_and_a_22_by_28_grid() {
    let docx = sample(Format::General).to_docx().expect("lays out");
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4: {doc}");
    // 37 mm top, 28 mm binding margin, and what is left of 210 × 297 around 156 × 225.
    assert!(doc.contains(r#"w:top="2098""#) && doc.contains(r#"w:left="1587""#), "margins");
    assert!(doc.contains(r#"w:right="1475""#) && doc.contains(r#"w:bottom="1984""#), "margins");
    assert!(doc.contains(r#"<w:docGrid w:type="lines" w:linePitch="579""#), "a line grid: {doc}");
    // 22 lines of the pitch fill the 225 mm block.
    assert_eq!(line_pitch(), 579);
    assert!(22 * line_pitch() <= mm(TEXT_HEIGHT_MM) as usize && 23 * line_pitch() > mm(TEXT_HEIGHT_MM) as usize);
    // 28 characters of 16 pt with the spacing fill the 156 mm width, and a 29th does not fit.
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(&format!(r#"<w:spacing w:val="{}" />"#, char_spacing())), "spacing by default: {styles}");
    let advance = f64::from(320 + char_spacing());
    let width = f64::from(mm(TEXT_WIDTH_MM));
    assert!(28.0 * advance <= width && 29.0 * advance > width, "28 characters a line");
}

#[test]
fn body_title_and_headings_use_the_standards_fonts_and_sizes() {
    let docx = sample(Format::General).to_docx().expect("lays out");
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "the body's font by default");
    assert!(styles.contains(r#"<w:sz w:val="32" />"#), "3号 by default: {styles}");
    let doc = part(&docx, "word/document.xml");
    let title_at = doc.find("关于交办市十七届人大五次会议代表建议的函").expect("the title");
    let title_run = &doc[doc[..title_at].rfind("<w:r>").expect("its run")..title_at];
    assert!(
        title_run.contains("方正小标宋简体") && title_run.contains(r#"<w:sz w:val="44" />"#),
        "2号小标宋: {title_run}"
    );
    let h1 = doc.find("一、办理要求").expect("level 1 numbered");
    assert!(doc[doc[..h1].rfind("<w:r>").expect("run")..h1].contains("黑体"), "level 1 in 黑体");
    let h2 = doc.find("（一）按时答复").expect("level 2 numbered");
    assert!(doc[doc[..h2].rfind("<w:r>").expect("run")..h2].contains("楷体_GB2312"), "level 2 in 楷体");
    assert!(doc.contains("（二）当面沟通") && doc.contains("1.联系领衔代表"), "numbers count on");
    assert!(doc.contains("二、联系方式") && doc.contains("（一）联系人"), "a heading restarts the levels below");
    let mark_at = doc.find("示范市人大常委会办公室文件").expect("the mark");
    assert!(
        doc[doc[..mark_at].rfind("<w:r>").expect("run")..mark_at].contains(r#"<w:color w:val="FF0000" />"#),
        "red mark"
    );
}

#[test]
fn the_number_date_and_record_are_written_as_the_standard_says() {
    let doc = sample(Format::General);
    assert_eq!(doc.number, "示人常办〔2026〕12号");
    assert_eq!(date_text(doc.date), "2026年12月7日");
    let docx = doc.to_docx().expect("lays out");
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains("示人常办〔2026〕12号") && xml.contains("2026年12月7日"));
    assert!(xml.contains("示范市住房和城乡建设局："), "the addressee ends in a colon");
    assert!(xml.contains("附件：交办建议清单") && xml.contains("第0012号"), "the attachment and its table");
    assert!(xml.contains("抄送：示范市人民政府办公室。") && xml.contains("2026年12月8日印发"), "版记");
    assert!(!xml.contains("签发人"), "a downward document names no 签发人");
}

#[test]
fn the_general_format_numbers_every_page_and_the_letter_format_not_the_first() {
    let general = sample(Format::General).to_docx().expect("lays out");
    let settings = part(&general, "word/settings.xml");
    assert!(settings.contains("evenAndOddHeaders"), "odd and even pages differ");
    let f = footers(&general);
    assert_eq!(f.len(), 2, "odd and even footers");
    for footer in &f {
        assert!(footer.contains("— ") && footer.contains("PAGE") && footer.contains(" —"), "— 1 —: {footer}");
        assert!(footer.contains(r#"<w:sz w:val="28" />"#) && footer.contains("宋体"), "4号宋体");
    }
    assert!(
        f.iter().any(|x| x.contains(r#"<w:jc w:val="right" />"#))
            && f.iter().any(|x| x.contains(r#"<w:jc w:val="left" />"#))
    );
    assert!(!part(&general, "word/document.xml").contains("<w:titlePg"), "the first page is numbered too");

    let letter = sample(Format::Letter).to_docx().expect("lays out");
    let doc = part(&letter, "word/document.xml");
    assert!(doc.contains("<w:titlePg"), "a first page of its own");
    let f = footers(&letter);
    assert_eq!(f.len(), 3);
    assert_eq!(f.iter().filter(|x| x.contains("PAGE")).count(), 2, "the first page's footer has no number");
    assert!(
        f.iter().any(|x| x.contains("thinThickSmallGap") && x.contains("FF0000")),
        "the double red line at the foot"
    );
    assert!(doc.contains("thickThinSmallGap"), "the double red line under the mark");
    assert!(!doc.contains("印发"), "the letter's record has no 印发机关 and 印发日期");
    assert!(doc.contains("抄送：示范市人民政府办公室。"));
}

#[test]
fn an_upward_document_needs_its_signer_beside_the_number() {
    let mut doc = sample(Format::General);
    doc.direction = Direction::Up { signer: "  ".into() };
    assert_eq!(doc.to_docx().expect_err("refused"), DocumentError::NoSigner);
    assert_eq!(DocumentError::NoSigner.to_string(), "上行文须注明签发人");
    doc.direction = Direction::Up { signer: "李华".into() };
    let xml = part(&doc.to_docx().expect("lays out"), "word/document.xml");
    assert!(xml.contains("签发人：") && xml.contains("李华"));
}

#[test]
fn a_document_missing_what_the_standard_requires_is_refused_in_chinese() {
    let mut doc = sample(Format::Letter);
    doc.title = " ".into();
    assert_eq!(doc.check().expect_err("refused").to_string(), "公文缺少标题");
    let mut doc = sample(Format::Letter);
    doc.signature.clear();
    assert_eq!(doc.check().expect_err("refused").to_string(), "公文缺少发文机关署名");
    let mut doc = sample(Format::General);
    doc.body.push(Block::Heading { level: 5, text: "太深".into() });
    assert_eq!(doc.check().expect_err("refused"), DocumentError::HeadingLevel);
    let mut doc = sample(Format::General);
    doc.body.push(Block::Table(DocTable {
        headers: vec!["甲".into(), "乙".into()],
        widths: vec![],
        rows: vec![vec!["1".into()]],
    }));
    assert_eq!(doc.check().expect_err("refused").to_string(), "表格“甲、乙”的列数与表头不一致");
}

#[test]
fn chinese_numbers_count_to_ninety_nine() {
    let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 40, 99].into_iter().map(chinese_number).collect();
    assert_eq!(got, ["一", "九", "十", "十一", "十九", "二十", "二十一", "四十", "九十九"]);
}

#[test]
fn the_signature_stays_on_the_page_of_its_date() {
    let xml = part(&sample(Format::General).to_docx().expect("lays out"), "word/document.xml");
    let date_at = xml.find("2026年12月7日").expect("the date");
    let signature_at = xml[..date_at].rfind("示范市人大常委会办公室").expect("the signature above it");
    let paragraph = &xml[xml[..signature_at].rfind("<w:p ").expect("its paragraph")..signature_at];
    assert!(paragraph.contains("<w:keepNext"), "kept with the date: {paragraph}");
}

fn batch() -> renda_core::official::Batch {
    use renda_core::ids::{OrgId, SuggestionId};
    use renda_core::official::{Batch, BatchLine};
    let line = |id, title: &str, due, overdue| BatchLine {
        suggestion: SuggestionId(id),
        number: format!("2026年第{id}号"),
        title: title.into(),
        lead: "周建国".into(),
        role: "主办",
        due_on: Some(due),
        overdue,
    };
    Batch {
        congress: OrgId(1),
        congress_name: "示范市人民代表大会".into(),
        unit: OrgId(2),
        unit_name: "示范市住房和城乡建设局".into(),
        lines: vec![
            line(3, "关于老旧小区改造的建议", date(2026, 6, 1), true),
            line(5, "关于增设公交线路的建议", date(2026, 6, 20), false),
        ],
    }
}

#[test]
fn a_batch_becomes_its_letter_with_the_template_filled_and_the_list_attached() {
    use renda_core::official::Kind;
    let mut t = Kind::Assignment.default_template("示范市人民代表大会");
    t.signatory = "王主任".into();
    let doc = batch_letter(Kind::Assignment, &batch(), &t, "示人常办函〔2026〕7号", date(2026, 3, 2));
    assert_eq!((doc.format, doc.title.as_str()), (Format::Letter, "关于交办代表建议的函"));
    assert_eq!(doc.addressee.as_deref(), Some("示范市住房和城乡建设局"));
    let Block::Paragraph(first) = &doc.body[0] else { panic!("a paragraph") };
    assert!(first.contains("2026年代表提出的2件建议") && first.contains("在2026年6月1日前答复代表"), "{first}");
    assert!(!first.contains('{'), "every placeholder filled: {first}");
    let Block::Table(list) = &doc.attachments[0].blocks[0] else { panic!("a table") };
    assert_eq!(list.headers[4], "办理方式");
    assert_eq!(list.rows[0], ["1", "2026年第3号", "关于老旧小区改造的建议", "周建国", "主办", "2026年6月1日"]);
    assert!(doc.to_docx().is_ok());

    let mut t = Kind::Reminder.default_template("示范市人民代表大会");
    t.signatory = "王主任".into();
    let doc = batch_letter(Kind::Reminder, &batch(), &t, "示人常办函〔2026〕8号", date(2026, 6, 10));
    assert_eq!(doc.title, "关于抓紧办理代表建议的函");
    let Block::Paragraph(first) = &doc.body[0] else { panic!("a paragraph") };
    assert!(first.contains("2件代表建议") && first.contains("已逾期1件"), "{first}");
    let Block::Table(list) = &doc.attachments[0].blocks[0] else { panic!("a table") };
    assert_eq!((list.rows[0][5].as_str(), list.rows[1][5].as_str()), ("已逾期", "临近期限"));
}

#[test]
fn the_handling_report_goes_up_under_its_signer_with_the_clerks_text_and_the_units_attached() {
    use renda_core::official::Kind;
    use renda_core::official::report::{HandlingFigures, UnitFigure};
    use renda_core::suggestion::{OnTimeRate, SuggestionState};
    let f = HandlingFigures {
        congress_name: "示范市人民代表大会".into(),
        year: 2026,
        by_state: vec![(SuggestionState::Closed, 2)],
        by_class: vec![],
        rate: OnTimeRate { on_time: 2, replied: 2, overdue: 0 },
        overdue: 0,
        attitude: Some(100),
        result: None,
        topics: vec![],
        units: vec![UnitFigure {
            name: "示范市教育局".into(),
            assigned: 2,
            replied: 2,
            overdue: 0,
            rate: OnTimeRate { on_time: 2, replied: 2, overdue: 0 },
            satisfied: None,
        }],
    };
    let mut t = Kind::HandlingReport.default_template("示范市人民代表大会");
    t.signatory = "陈志远".into();
    let text = "今年建议全部办结。\n一、基本情况\n（一）提出情况\n代表提出建议2件。\n\n三、下一步工作\n继续督办。";
    let doc = handling_report(&f, text, &t, "示人常办〔2026〕1号", date(2026, 12, 7));
    assert_eq!(doc.direction, Direction::Up { signer: "陈志远".into() });
    assert_eq!(doc.title, "关于2026年代表建议办理情况的报告");
    assert_eq!(doc.addressee.as_deref(), Some("示范市人民代表大会常务委员会"));
    assert_eq!(
        doc.body,
        vec![
            Block::Paragraph("今年建议全部办结。".into()),
            Block::Heading { level: 1, text: "基本情况".into() },
            Block::Heading { level: 2, text: "提出情况".into() },
            Block::Paragraph("代表提出建议2件。".into()),
            Block::Heading { level: 1, text: "下一步工作".into() },
            Block::Paragraph("继续督办。".into()),
        ],
        "headings renumbered by the layout, blank lines dropped"
    );
    let Block::Table(units) = &doc.attachments[0].blocks[0] else { panic!("a table") };
    assert_eq!(units.rows[0], ["1", "示范市教育局", "2", "2", "100%", "0", "—"]);
    let xml = part(&doc.to_docx().expect("lays out"), "word/document.xml");
    assert!(xml.contains("签发人：") && xml.contains("陈志远"), "the signer beside the number");
    assert!(xml.contains("二、") && !xml.contains("三、"), "the second first-level heading is numbered 二");
}

#[test]
fn a_tables_header_row_repeats_on_every_page_it_runs_onto() {
    use renda_core::official::Kind;
    let mut t = Kind::Assignment.default_template("示范市人民代表大会");
    t.signatory = "王主任".into();
    let doc = batch_letter(Kind::Assignment, &batch(), &t, "示人常办函〔2026〕7号", date(2026, 3, 2));
    let xml = part(&doc.to_docx().expect("lays out"), "word/document.xml");
    let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 3, "the header and two suggestions");
    assert!(rows[0].contains("<w:tblHeader />"), "the header row repeats: {}", rows[0]);
    assert!(rows[1..].iter().all(|r| !r.contains("tblHeader")), "the other rows do not");
    // The package stays readable as a whole: every part is there.
    let names = {
        let zip = zip::ZipArchive::new(std::io::Cursor::new(doc.to_docx().expect("lays out"))).expect("a zip");
        zip.file_names().filter_map(Result::ok).map(String::from).collect::<Vec<_>>()
    };
    assert!(names.iter().any(|n| n == "[Content_Types].xml") && names.iter().any(|n| n == "word/styles.xml"));
}

fn reception() -> renda_core::official::ReceptionSource {
    use renda_core::ids::{OrgId, ReceptionId};
    renda_core::official::ReceptionSource {
        reception: ReceptionId(4),
        congress: OrgId(1),
        congress_name: "示范市人民代表大会".into(),
        station: OrgId(9),
        station_name: "示范市人大代表联络站（市民中心）".into(),
        address: Some("市民中心便民服务中心2楼".into()),
        phone: Some("0571-86001000".into()),
        on: date(2026, 12, 10),
        hours: "9:00—11:30".into(),
        topic: "老旧小区加装电梯".into(),
        deputies: vec!["周建国".into(), "李秀英".into()],
        cancelled: false,
        held: false,
    }
}

#[test]
fn a_reception_becomes_its_notice_with_the_day_the_deputies_the_place_the_topic_and_the_phone() {
    use renda_core::official::{Kind, ReceptionSource};
    let mut t = Kind::ReceptionNotice.default_template("示范市人民代表大会");
    t.signatory = "王主任".into();
    let doc = reception_notice(&reception(), &t, "示人常联〔2026〕1号", date(2026, 12, 3));
    assert_eq!(doc.format, Format::General);
    assert_eq!(doc.title, "关于示范市人大代表联络站（市民中心）2026年12月10日代表接待活动的公告");
    assert_eq!(doc.addressee, None, "a 公告 has no 主送机关");
    assert_eq!((doc.number.as_str(), doc.date), ("示人常联〔2026〕1号", date(2026, 12, 3)));
    let paragraphs: Vec<&str> =
        doc.body.iter().map(|b| if let Block::Paragraph(p) = b { p.as_str() } else { panic!("a paragraph") }).collect();
    assert_eq!(
        paragraphs,
        [
            "2026年12月10日（星期四）9:00—11:30，周建国、李秀英将在示范市人大代表联络站（市民中心）接待群众，面对面听取意见和建议。接待地点：市民中心便民服务中心2楼。欢迎广大群众前来反映情况。",
            "本次接待的主题是：老旧小区加装电梯。",
            "联系电话：0571-86001000。",
        ]
    );
    let docx = doc.to_docx().expect("laid out");
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains("示人常联〔2026〕1号") && xml.contains("代表接待活动的公告"));

    // No topic, no phone, no address: the station's name is the place; nothing empty is printed.
    let bare = ReceptionSource { address: None, phone: None, topic: " ".into(), ..reception() };
    let doc = reception_notice(&bare, &t, "示人常联〔2026〕2号", date(2026, 12, 3));
    assert_eq!(doc.body.len(), 1);
    let Block::Paragraph(first) = &doc.body[0] else { panic!("a paragraph") };
    assert!(first.contains("接待地点：示范市人大代表联络站（市民中心）。"), "{first}");
    assert!(!first.contains('{'), "every placeholder filled: {first}");
}

#[test]
fn a_date_is_written_with_its_weekday() {
    assert_eq!(date_with_weekday(date(2026, 12, 10)), "2026年12月10日（星期四）");
    assert_eq!(date_with_weekday(date(2026, 12, 13)), "2026年12月13日（星期日）");
    assert_eq!(date_with_weekday(date(2026, 12, 7)), "2026年12月7日（星期一）");
}

/// The text of a part's runs, joined (what a reader sees, without the XML).
fn text_of(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter(|r| r.starts_with('>') || r.starts_with(' '))
        .filter_map(|r| r.split_once('>').map(|(_, rest)| rest.split("</w:t>").next().unwrap_or("")))
        .collect()
}

#[test]
fn every_kind_is_laid_out_for_the_demo_city_on_the_standards_page_fonts_number_and_footer() {
    use renda_core::official::{Kind, number};
    let congress = "示范市人民代表大会";
    let today = date(2026, 12, 7);
    for kind in Kind::ALL {
        let mut t = kind.default_template(congress);
        t.signatory = "陈志远".into();
        let n = number(&t.code, today.year(), 3);
        let doc = specimen(kind, congress, &t, &n, today);
        assert_eq!((doc.format, doc.mark.as_str()), (kind.format(), t.mark.as_str()), "{kind:?}");
        let docx = doc.to_docx().unwrap_or_else(|e| panic!("{kind:?} lays out: {e}"));
        let xml = part(&docx, "word/document.xml");
        let styles = part(&docx, "word/styles.xml");
        // The page: A4, the standard's margins, 22 lines of 28 characters.
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{kind:?}: A4");
        assert!(
            xml.contains(r#"w:top="2098""#)
                && xml.contains(r#"w:left="1587""#)
                && xml.contains(r#"w:right="1475""#)
                && xml.contains(r#"w:bottom="1984""#),
            "{kind:?}: margins"
        );
        assert!(xml.contains(r#"<w:docGrid w:type="lines" w:linePitch="579""#), "{kind:?}: the line grid");
        assert!(styles.contains(&format!(r#"<w:spacing w:val="{}" />"#, char_spacing())), "{kind:?}: 28 a line");
        // The fonts: 3号仿宋 body, the title in 2号小标宋, the mark in red.
        assert!(
            styles.contains(r#"w:eastAsia="仿宋_GB2312""#) && styles.contains(r#"<w:sz w:val="32" />"#),
            "{kind:?}"
        );
        let title_at = xml.find(&doc.title).unwrap_or_else(|| panic!("{kind:?}: the title {}", doc.title));
        let title_run = &xml[xml[..title_at].rfind("<w:r>").expect("its run")..title_at];
        assert!(title_run.contains("方正小标宋简体") && title_run.contains(r#"<w:sz w:val="44" />"#), "{kind:?}");
        let mark_at = xml.find(&t.mark).unwrap_or_else(|| panic!("{kind:?}: the mark"));
        assert!(xml[xml[..mark_at].rfind("<w:r>").expect("run")..mark_at].contains("FF0000"), "{kind:?}: red mark");
        // The number as the standard writes it, from the register's code, year and sequence.
        assert_eq!(n, format!("{}〔2026〕3号", t.code));
        assert!(xml.contains(&n), "{kind:?}: the number {n}");
        // Page numbers — 1 —: every page in the general format, not the first in the 信函格式.
        let f = footers(&docx);
        assert!(f.iter().filter(|x| x.contains("PAGE")).all(|x| x.contains("— ") && x.contains(" —")), "{kind:?}");
        match kind.format() {
            Format::General => {
                assert_eq!(f.iter().filter(|x| x.contains("PAGE")).count(), 2, "{kind:?}: odd and even");
                assert!(!xml.contains("<w:titlePg"), "{kind:?}: the first page numbered");
            }
            Format::Letter => {
                assert!(xml.contains("<w:titlePg"), "{kind:?}: a first page of its own");
                assert_eq!(f.iter().filter(|x| !x.contains("PAGE")).count(), 1, "{kind:?}: not numbered");
            }
        }
        // Every placeholder filled, the date written out, the signer where the standard wants one.
        let text = text_of(&xml);
        assert!(!text.contains('{') && !text.contains('}'), "{kind:?}: {text}");
        assert!(text.contains("2026年12月7日"), "{kind:?}: the date");
        assert_eq!(text.contains("签发人"), kind.upward(), "{kind:?}: 签发人 only on an upward document");
        assert_eq!(doc.addressee.is_none(), matches!(kind, Kind::ReceptionNotice | Kind::AppointmentNotice));
    }
}

#[test]
fn a_specimen_of_the_report_names_a_stand_in_signer_until_the_template_names_one() {
    use renda_core::official::Kind;
    let t = Kind::HandlingReport.default_template("示范市人民代表大会");
    assert!(t.signatory.is_empty());
    let doc = specimen(Kind::HandlingReport, "示范市人民代表大会", &t, "示人常办〔2026〕1号", date(2026, 12, 7));
    assert_eq!(doc.direction, Direction::Up { signer: NO_SIGNER.into() });
    let text = text_of(&part(&doc.to_docx().expect("lays out"), "word/document.xml"));
    assert!(text.contains("【请填写"), "the passage the clerk writes is marked in the specimen too");
}

#[test]
fn the_certificates_specimen_is_one_appointment_on_the_congresss_template() {
    use renda_core::official::appointment::CertificateTemplate;
    let mut t = CertificateTemplate::default_for("示范市人民代表大会");
    let docx = certificate_specimen("示范市人民代表大会", &t, "示人常任〔2026〕（签发时编号）号", date(2026, 12, 7))
        .expect("lays out without a signer named");
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    let text = text_of(&xml);
    assert!(text.contains("任命刘芳为示范市卫生健康委员会主任。"), "{text}");
    assert!(text.contains("经示范市人民代表大会常务委员会第二十次会议决定"), "the basis filled: {text}");
    assert!(text.contains(NO_CERTIFICATE_SIGNER) && text.contains("二〇二六年十二月五日"), "{text}");
    t.signer = "陈志远".into();
    t.title = "任职通知书".into();
    let text = text_of(&part(
        &certificate_specimen("示范市人民代表大会", &t, "示人常任〔2026〕1号", date(2026, 12, 7)).expect("laid out"),
        "word/document.xml",
    ));
    assert!(text.contains("陈志远") && text.contains("任职通知书") && !text.contains(NO_CERTIFICATE_SIGNER), "{text}");
}
