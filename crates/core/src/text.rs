//! Text as people type it, made safe to keep: one check every form and API field passes
//! through when the web tier parses a request (see `renda_web::extract`).
//!
//! - control characters are refused (tab, line feed and carriage return are text), and so are the
//!   bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C, U+200E, U+200F)
//!   that make `txt.exe` display as `exe.txt`, and U+FFFD, which is what bytes that were not
//!   UTF-8 became on the way in;
//! - the text is put in Unicode NFC, so that the same words typed on two systems compare equal;
//! - line ends are one `\n`, and spaces, tabs and line breaks around the whole value are
//!   dropped. The ideographic space U+3000 is kept: it indents a Chinese paragraph.
//!
//! Passwords are checked but neither normalised nor trimmed: they must match what was set.

use crate::error::Refusal;
use crate::{ErrorCode, ValidationError};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Trims `raw` and bounds its length in characters, or refuses it about `field` (`invalid_input`);
/// `label` names it in the message: "请填写…" under `min` when `min` is 1, "…不能少于n个字" for a
/// longer minimum, "…不能超过n个字" over `max`.
pub fn bounded(field: &'static str, label: &str, raw: &str, min: usize, max: usize) -> Result<String, Refusal> {
    let t = raw.trim();
    let n = t.chars().count();
    let refuse = |message: String| Err(Refusal::new(ErrorCode::InvalidInput, message).at(field));
    if n < min {
        return refuse(if min <= 1 { format!("请填写{label}") } else { format!("{label}不能少于{min}个字") });
    }
    if n > max {
        return refuse(format!("{label}不能超过{max}个字"));
    }
    Ok(t.to_owned())
}

/// Why a character may not be kept, or `None` when it may.
fn refusal(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        c if c.is_control() => Some("控制字符"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{200e}' | '\u{200f}' => {
            Some("文字方向控制符")
        }
        '\u{fffd}' => Some("无法识别的字符（可能是编码错误）"),
        _ => None,
    }
}

/// The Chinese name of a form field, for messages (falls back to a neutral phrase).
pub fn field_label(field: &str) -> &'static str {
    match field {
        "title" => "标题",
        "name" | "display_name" => "名称",
        "login" => "登录名",
        "password" | "new_password" | "old_password" | "password2" => "密码",
        "content" | "body" | "text" => "正文",
        "summary" | "abstract" => "导读",
        "reason" => "理由",
        "note" | "notes" | "remark" => "备注",
        "address" => "地址",
        "phone" | "mobile" => "电话",
        "email" => "电子邮箱",
        "topic" => "主题",
        "opinion" => "意见",
        "answer" | "reply" => "答复",
        _ => "所填内容",
    }
}

/// Whether a field holds a password (kept exactly as typed).
pub fn is_secret(field: &str) -> bool {
    field.contains("password")
}

/// Checks and normalises one value typed into `field`.
pub fn clean(field: &str, value: &str) -> Result<String, ValidationError> {
    if let Some((pos, what)) = value.chars().enumerate().find_map(|(i, c)| refusal(c).map(|w| (i, w))) {
        return Err(ValidationError::new(
            field,
            format!("“{}”第{}个字符是{what}，请删除后重新提交。", field_label(field), pos + 1),
        ));
    }
    if is_secret(field) {
        return Ok(value.to_owned());
    }
    let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
    let unified =
        if trimmed.contains('\r') { trimmed.replace("\r\n", "\n").replace('\r', "\n") } else { trimmed.into() };
    Ok(match is_nfc_quick(unified.chars()) {
        IsNormalized::Yes => unified,
        _ => unified.nfc().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_chinese_text_passes_unchanged() {
        let s = "关于增设“过街”天桥的建议（第2号）\n　　请有关部门研究。";
        assert_eq!(clean("content", s).expect("clean"), s);
    }

    #[test]
    fn a_nul_is_refused_with_the_field_named() {
        let e = clean("title", "标题\0").expect_err("NUL");
        assert_eq!(e.field, "title");
        assert!(e.message.contains("标题") && e.message.contains("控制字符"), "{}", e.message);
    }

    #[test]
    fn a_right_to_left_override_is_refused() {
        let e = clean("name", "张三\u{202e}txt.exe").expect_err("RLO");
        assert!(e.message.contains("方向控制符"), "{}", e.message);
        assert!(clean("name", "a\u{2067}b").is_err());
    }

    #[test]
    fn a_replacement_character_from_broken_bytes_is_refused() {
        assert!(clean("title", "乱码\u{fffd}").is_err());
    }

    #[test]
    fn text_is_put_in_nfc_and_trimmed_but_an_ideographic_indent_is_kept() {
        assert_eq!(clean("title", "  Cafe\u{301} \r\n").expect("clean"), "Caf\u{e9}");
        assert_eq!(clean("content", "　　第一段\r\n第二段").expect("clean"), "　　第一段\n第二段");
    }

    #[test]
    fn a_password_is_checked_but_kept_exactly() {
        assert_eq!(clean("password", " pass word ").expect("clean"), " pass word ");
        assert!(clean("new_password", "pw\u{7}").is_err());
    }
}
