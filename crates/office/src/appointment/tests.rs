use super::*;
use crate::official::Format;
use crate::official::tests::part;
use jiff::civil::date;
use renda_core::official::appointment::Action;

fn entry(name: &str, post: &str, action: Action) -> Entry {
    Entry { name: name.into(), post: post.into(), action }
}

fn decision() -> Decision {
    Decision {
        congress: "示范市人民代表大会".into(),
        meeting: "示范市第十七届人民代表大会常务委员会第二十次会议".into(),
        decided_on: date(2026, 12, 5),
        entries: vec![
            entry("张三", "示范市教育局局长", Action::Appoint),
            entry("王五", "示范市教育局局长", Action::Remove),
            entry("李四", "示范市卫生健康委员会主任", Action::Appoint),
        ],
    }
}

fn template() -> CertificateTemplate {
    let mut t = CertificateTemplate::default_for("示范市人民代表大会");
    t.signer = "陈志远".into();
    t
}

/// The run holding `text` in `xml`: from its `<w:r>` to the text.
fn run_of<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml.find(text).unwrap_or_else(|| panic!("{text} in the document"));
    &xml[xml[..at].rfind("<w:r>").expect("its run")..at]
}

#[test]
fn a_certificate_is_one_a4_page_framed_in_red_with_the_title_in_large_red_type() {
    let d = decision();
    let docx = certificate(&d.entries[0], &d, &template(), "示人常任〔2026〕5号").expect("lays out");
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4: {doc}");
    assert!(doc.contains(r#"w:top="2098""#) && doc.contains(r#"w:left="1587""#), "the official page's margins");
    // The frame: one table, a red double line on its four sides, one row of a fixed height.
    assert_eq!(doc.matches("<w:tbl>").count(), 1, "one frame");
    for side in ["top", "left", "bottom", "right"] {
        let border = format!(r#"<w:{side} w:val="double" w:sz="{FRAME_SIZE}" w:space="0" w:color="FF0000" />"#);
        assert!(doc.contains(&border), "a red double {side} border: {doc}");
    }
    assert!(doc.contains(&format!(r#"<w:trHeight w:val="{FRAME_HEIGHT}" w:hRule="exact" />"#)), "a fixed height");
    assert!(FRAME_HEIGHT < mm(crate::official::TEXT_HEIGHT_MM) as u32, "the frame fits the text block");
    // The title: 小初 小标宋 in red, above the text in 小二.
    let title = run_of(&doc, "任命书");
    assert!(
        title.contains(FONT_TITLE)
            && title.contains(&format!(r#"<w:sz w:val="{CERTIFICATE_TITLE_SIZE}" />"#))
            && title.contains(r#"<w:color w:val="FF0000" />"#),
        "large red 小标宋: {title}"
    );
    // No page number: a certificate is not a 公文.
    assert!(!doc.contains("footerReference"), "no page number");
}

#[test]
fn a_certificate_says_who_is_appointed_to_what_and_who_signs() {
    let d = decision();
    let docx = certificate(&d.entries[2], &d, &template(), "示人常任〔2026〕6号").expect("lays out");
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains("示人常任〔2026〕6号"), "the number");
    assert!(
        doc.contains(
            "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第五十条的规定，经示范市第十七届人民代表大会常务委员会第二十次会议决定："
        ),
        "the basis with the meeting filled in"
    );
    assert!(doc.contains("任命李四为示范市卫生健康委员会主任。"), "the appointment");
    assert!(!doc.contains("张三") && !doc.contains("王五"), "one person per certificate");
    assert!(doc.contains("示范市人民代表大会常务委员会"), "the committee");
    assert!(doc.contains("主任　陈志远"), "the signer");
    assert!(doc.contains("二〇二六年十二月五日"), "the date in Chinese numerals");
    for text in ["主任　陈志远", "二〇二六年十二月五日"] {
        let at = doc.find(text).expect("there");
        let paragraph = &doc[doc[..at].rfind("<w:p ").expect("its paragraph")..at];
        assert!(paragraph.contains(r#"<w:jc w:val="right" />"#), "{text} right-aligned: {paragraph}");
    }
    let sentence = run_of(&doc, "任命李四");
    assert!(sentence.contains(FONT_BODY) && sentence.contains(&format!(r#"<w:sz w:val="{CERTIFICATE_TEXT_SIZE}" />"#)));
}

#[test]
fn only_an_appointment_in_the_decision_with_a_signer_gets_a_certificate() {
    let d = decision();
    let t = template();
    let e = certificate(&d.entries[1], &d, &t, "示人常任〔2026〕7号").expect_err("a removal");
    assert_eq!(e, DocumentError::NotAnAppointment);
    assert_eq!(e.to_string(), "只有任命事项才制发任命书，免职、撤职和接受辞职不制发");
    let stranger = entry("赵六", "示范市审计局局长", Action::Appoint);
    assert_eq!(certificate(&stranger, &d, &t, "示人常任〔2026〕7号"), Err(DocumentError::NotInDecision));
    let mut unsigned = t.clone();
    unsigned.signer = " ".into();
    let e = certificate(&d.entries[0], &d, &unsigned, "示人常任〔2026〕7号").expect_err("no signer");
    assert_eq!(e.to_string(), "任命书缺少签署人姓名");
    assert_eq!(
        certificate(&d.entries[0], &d, &t, ""),
        Err(DocumentError::CertificateMissing("编号")),
        "a certificate is numbered"
    );
}

#[test]
fn chinese_dates_write_every_digit() {
    assert_eq!(chinese_date(date(2026, 12, 5)), "二〇二六年十二月五日");
    assert_eq!(chinese_date(date(2030, 1, 31)), "二〇三〇年一月三十一日");
    assert_eq!(chinese_date(date(2027, 10, 20)), "二〇二七年十月二十日");
}

#[test]
fn the_notice_is_a_general_format_document_of_the_standing_committee() {
    let d = decision();
    let t = Kind::AppointmentNotice.default_template("示范市人民代表大会");
    let doc = appointment_notice(&d, &t, "示人常公〔2026〕1号", date(2026, 12, 6));
    assert_eq!(doc.format, Format::General);
    assert_eq!(doc.title, "示范市人民代表大会常务委员会公告");
    assert_eq!(doc.addressee, None);
    assert_eq!(doc.signature, "示范市人民代表大会常务委员会");
    assert_eq!(doc.date, date(2026, 12, 6));
    let body: Vec<&str> = doc.body.iter().map(|b| if let Block::Paragraph(p) = b { p.as_str() } else { "" }).collect();
    assert_eq!(
        body,
        [
            "示范市第十七届人民代表大会常务委员会第二十次会议于2026年12月5日决定：",
            "任命张三为示范市教育局局长，李四为示范市卫生健康委员会主任；",
            "免去王五的示范市教育局局长职务。",
            "现予公告。",
        ]
    );
    let docx = doc.to_docx().expect("lays out");
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains("示人常公〔2026〕1号") && xml.contains("2026年12月6日"), "number and date");
    let title = run_of(&xml, "示范市人民代表大会常务委员会公告");
    assert!(title.contains(FONT_TITLE) && title.contains(r#"<w:sz w:val="44" />"#), "2号小标宋: {title}");
    let mark = run_of(&xml, "示范市人民代表大会常务委员会</w:t>");
    assert!(mark.contains(r#"<w:color w:val="FF0000" />"#), "the red mark: {mark}");
}

#[test]
fn paragraphs_a_congress_adds_go_before_the_closing_line_with_their_placeholders_filled() {
    let d = decision();
    let mut t = Kind::AppointmentNotice.default_template("示范市人民代表大会");
    t.paragraphs = vec!["以上人员的任职自{日期}起生效。".into()];
    let t = t.check(Kind::AppointmentNotice).expect("a valid template");
    let doc = appointment_notice(&d, &t, "示人常公〔2026〕2号", date(2026, 12, 6));
    let Some(Block::Paragraph(added)) = doc.body.get(doc.body.len() - 2) else { panic!("a paragraph") };
    assert_eq!(added, "以上人员的任职自2026年12月5日起生效。");
    assert_eq!(doc.body.last(), Some(&Block::Paragraph("现予公告。".into())));
}
