use super::*;
use proptest::prelude::*;

fn form(content: &str) -> OpinionForm {
    OpinionForm { content: content.to_owned(), ..OpinionForm::default() }
}

fn fields(errors: &[ValidationError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn an_anonymous_opinion_needs_only_its_content() {
    let op = form("  小区门口的路灯坏了一个多月，晚上出行不便。 ").validate().expect("valid");
    assert_eq!(op.content, "小区门口的路灯坏了一个多月，晚上出行不便。");
    assert_eq!((op.title, op.name, op.phone, op.consent_to_publish), (None, None, None, false));
}

#[test]
fn name_and_phone_are_kept_when_given_and_the_phone_normalised() {
    let f = OpinionForm {
        title: " 路灯维修 ".into(),
        content: "小区门口的路灯坏了一个多月。".into(),
        name: "王芳".into(),
        phone: "138 0013 8000".into(),
        consent_to_publish: true,
    };
    let op = f.validate().expect("valid");
    assert_eq!(op.title.as_deref(), Some("路灯维修"));
    assert_eq!(op.name.as_deref(), Some("王芳"));
    assert_eq!(op.phone.as_ref().map(Phone::as_str), Some("13800138000"));
    let landline = OpinionForm { phone: "0571-87654321".into(), ..f };
    assert_eq!(landline.validate().expect("landline").phone.as_ref().map(Phone::as_str), Some("0571-87654321"));
}

#[test]
fn empty_content_is_refused_in_chinese_with_its_field() {
    let errors = form("   ").validate().expect_err("empty");
    assert_eq!(fields(&errors), vec!["content"]);
    assert_eq!(errors[0].message, "请填写意见内容");
}

#[test]
fn content_between_ten_and_two_thousand_characters_is_accepted() {
    assert!(form(&"路".repeat(CONTENT_MIN)).validate().is_ok());
    assert!(form(&"路".repeat(CONTENT_MAX)).validate().is_ok());
    let short = form(&"路".repeat(CONTENT_MIN - 1)).validate().expect_err("9 characters");
    assert!(short[0].message.contains("至少10个字"), "{short:?}");
    let long = form(&"路".repeat(CONTENT_MAX + 1)).validate().expect_err("2001 characters");
    assert!(long[0].message.contains("不能超过2000个字"), "{long:?}");
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let f = OpinionForm {
        title: "标".repeat(TITLE_MAX + 1),
        content: "太短".into(),
        name: "名".repeat(NAME_MAX + 1),
        phone: "12345".into(),
        consent_to_publish: false,
    };
    let errors = f.validate().expect_err("four problems");
    assert_eq!(fields(&errors), vec!["title", "content", "name", "phone"]);
    assert!(errors.iter().all(|e| e.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))));
    assert!(errors[0].message.contains("60"));
    assert!(errors[2].message.contains("20"));
}

#[test]
fn control_characters_are_refused_but_line_breaks_are_not() {
    assert!(form("第一段情况说明。\n第二段具体诉求。").validate().is_ok());
    let e = form("看不见的字符\u{0}在这里混入了").validate().expect_err("nul");
    assert!(e[0].message.contains("控制字符"));
    let e = OpinionForm { name: "王\u{200b}芳".into(), ..form("小区门口的路灯坏了一个多月。") }
        .validate()
        .expect_err("zwsp");
    assert_eq!(fields(&e), vec!["name"]);
}

#[test]
fn a_mobile_number_in_the_text_is_masked() {
    assert_eq!(redact("我的电话13800138000，请联系"), "我的电话138****8000，请联系");
    assert_eq!(redact("电话 138 0013 8000 谢谢"), "电话 138 **** 8000 谢谢");
    assert_eq!(redact("电话１３８００１３８０００"), "电话１３８****８０００");
}

#[test]
fn an_id_card_number_in_the_text_is_masked() {
    assert_eq!(redact("身份证号110101199003071234。"), "身份证号110***********1234。");
    assert_eq!(redact("身份证11010119900307123X"), "身份证110***********123X");
    assert_eq!(redact("老身份证110101900307123"), "老身份证110********7123");
}

#[test]
fn landlines_bank_cards_and_e_mail_addresses_are_masked() {
    assert_eq!(redact("座机0571-87654321"), "座机0571-******21");
    assert_eq!(redact("座机010 62345678"), "座机010 ******78");
    assert_eq!(redact("卡号6222021234567890123"), "卡号***************0123");
    assert_eq!(redact("邮箱zhangsan@example.com."), "邮箱z*******@example.com.");
    assert_eq!(redact("写信给a@b.cn"), "写信给*@b.cn");
}

#[test]
fn ordinary_numbers_dates_and_neighbouring_numbers_are_left_or_masked_separately() {
    let text = "2025年3月5日反映，涉及120户、3000平方米，2024-2025年度";
    assert_eq!(redact(text), text);
    assert_eq!(redact("13800138000 2份"), "138****8000 2份");
    assert_eq!(redact("0571 87654321 13800138000"), "0571 ******21 138****8000");
    assert_eq!(redact("没有@的地址 name@localhost"), "没有@的地址 name@localhost");
}

#[test]
fn publication_needs_consent_and_drops_name_phone_and_numbers() {
    let op = OpinionForm {
        title: "王芳反映路灯问题".into(),
        content: "我是王芳，电话13800138000，身份证110101199003071234，小区路灯坏了。".into(),
        name: "王芳".into(),
        phone: "13800138000".into(),
        consent_to_publish: true,
    }
    .validate()
    .expect("valid");
    let published = for_publication(&op).expect("consented");
    assert_eq!(published.title.as_deref(), Some("王某反映路灯问题"));
    assert_eq!(published.content, "我是王某，电话138****8000，身份证110***********1234，小区路灯坏了。");
    assert!(for_publication(&PublicOpinion { consent_to_publish: false, ..op }).is_none());
}

proptest! {
    #[test]
    fn redaction_keeps_the_length_and_never_leaves_a_mobile_number_whole(
        prefix in "[\\u{4e00}-\\u{4e10}]{0,5}",
        mobile in "1[3-9][0-9]{9}",
        suffix in "[\\u{4e00}-\\u{4e10}]{0,5}",
    ) {
        let text = format!("{prefix}{mobile}{suffix}");
        let out = redact(&text);
        prop_assert_eq!(out.chars().count(), text.chars().count());
        prop_assert!(!out.contains(&mobile));
        prop_assert!(out.contains("****"));
    }

    #[test]
    fn any_form_either_validates_or_names_its_fields(
        title in ".{0,70}", content in ".{0,30}", name in ".{0,25}", phone in "[0-9 -]{0,14}",
    ) {
        let f = OpinionForm { title, content, name, phone, consent_to_publish: false };
        match f.validate() {
            Ok(op) => {
                let n = op.content.chars().count();
                prop_assert!((CONTENT_MIN..=CONTENT_MAX).contains(&n));
                prop_assert!(op.title.as_ref().is_none_or(|t| t.chars().count() <= TITLE_MAX));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    prop_assert!(["title", "content", "name", "phone"].contains(&e.field.as_str()));
                    prop_assert!(!e.message.is_empty());
                }
            }
        }
    }
}
