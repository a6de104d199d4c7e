//! The public opinion form, and what is left of an opinion when it is published.
//!
//! Anyone may leave an opinion without an account, so the form is the whole defence of what
//! gets stored: lengths are bounded, control characters refused, name and phone optional but
//! checked when given. Every problem is reported at once, each as a [`ValidationError`] naming
//! the form field, so the page can show them all beside their inputs.
//!
//! A citizen's name and phone are seen only by staff of the congress (issue 6, "Privacy"). An
//! opinion is shown publicly only if the citizen agreed, and then through [`for_publication`]:
//! without name and phone, and with phone numbers, ID-card numbers and e-mail addresses in the
//! text masked by [`redact`].

use crate::ValidationError;
use crate::value::Phone;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 60;
pub const CONTENT_MIN: usize = 10;
pub const CONTENT_MAX: usize = 2000;
pub const NAME_MAX: usize = 20;

/// The form as posted: every field a string, nothing checked yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OpinionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    /// 同意公开: the citizen agrees that the opinion (without personal data) may be published.
    #[serde(default)]
    pub consent_to_publish: bool,
}

/// A checked opinion: what the store keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicOpinion {
    pub title: Option<String>,
    pub content: String,
    pub name: Option<String>,
    pub phone: Option<Phone>,
    pub consent_to_publish: bool,
}

fn is_control(c: char) -> bool {
    // Line breaks and tabs are how people write long opinions; everything else invisible is not.
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}')
}

impl OpinionForm {
    /// Checks every field and returns every problem found.
    pub fn validate(&self) -> Result<PublicOpinion, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let mut text = |field: &str, label: &str, raw: &str, min: usize, max: usize| -> Option<String> {
            let s = raw.trim();
            let n = s.chars().count();
            let problem = if s.chars().any(is_control) {
                Some(format!("{label}含有不可见的控制字符"))
            } else if n == 0 && min > 0 {
                Some(format!("请填写{label}"))
            } else if n < min {
                Some(format!("{label}至少{min}个字，请把情况说具体（现为{n}个字）"))
            } else if n > max {
                Some(format!("{label}不能超过{max}个字（现为{n}个字）"))
            } else {
                None
            };
            match problem {
                Some(m) => {
                    errors.push(ValidationError::new(field, m));
                    None
                }
                None => (n > 0).then(|| s.to_owned()),
            }
        };
        let title = text("title", "标题", &self.title, 0, TITLE_MAX);
        let content = text("content", "意见内容", &self.content, CONTENT_MIN, CONTENT_MAX);
        let name = text("name", "姓名", &self.name, 0, NAME_MAX);
        if name.as_deref().is_some_and(|n| n.contains('\n') || n.contains('\t')) {
            errors.push(ValidationError::new("name", "姓名不能换行"));
        }
        let phone = match self.phone.trim() {
            "" => None,
            raw => match Phone::parse(raw) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(ValidationError::new("phone", e.message));
                    None
                }
            },
        };
        match content {
            Some(content) if errors.is_empty() => Ok(PublicOpinion {
                title: title.map(|t| t.replace(['\n', '\r', '\t'], " ")),
                content,
                name,
                phone,
                consent_to_publish: self.consent_to_publish,
            }),
            _ => Err(errors),
        }
    }
}

/// What the public sees of an opinion the citizen agreed to publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedOpinion {
    pub title: Option<String>,
    pub content: String,
}

/// The opinion as the public may see it, or `None` when the citizen did not agree. The name
/// and phone are left out; in the text, personal numbers and addresses are masked, and the
/// citizen's own name, if it appears, becomes its surname and 某 (张三丰 → 张某).
pub fn for_publication(op: &PublicOpinion) -> Option<PublishedOpinion> {
    if !op.consent_to_publish {
        return None;
    }
    let clean = |s: &str| {
        let mut s = redact(s);
        if let Some(name) = op.name.as_deref().filter(|n| n.chars().count() >= 2) {
            let surname: String = name.chars().take(1).collect();
            s = s.replace(name, &format!("{surname}某"));
        }
        s
    };
    Some(PublishedOpinion { title: op.title.as_deref().map(clean), content: clean(&op.content) })
}

/// Masks personal data inside free text:
/// - mobile numbers keep 3 + 4 digits (`138****8000`), landlines their area code and last two;
/// - ID-card numbers (18 characters, or the old 15 digits) keep the first 3 and last 4
///   (`110***********1234`);
/// - other runs of 12 or more digits (bank cards) keep the last 4;
/// - e-mail addresses keep the first character and the domain (`z***@example.cn`).
///
/// Digits may be half- or full-width; a number written in groups (`138 0013 8000`,
/// `0571-87654321`) is recognised as a whole, separators kept.
pub fn redact(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    mask_emails(&chars, &mut keep);
    mask_numbers(&chars, &mut keep);
    chars.iter().zip(keep).map(|(c, k)| if k { *c } else { '*' }).collect()
}

fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A maximal run of digits (an 18-character ID may end in X), as char positions.
#[derive(Clone, Copy, Debug)]
struct Atom {
    start: usize,
    end: usize,
}

fn atoms(chars: &[char]) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && digit(chars[i]).is_some() {
            i += 1;
        }
        if i - start == 17 && i < chars.len() && matches!(chars[i], 'X' | 'x' | 'Ｘ' | 'ｘ') {
            i += 1;
        }
        out.push(Atom { start, end: i });
    }
    out
}

/// What a number is, by its characters without separators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumberKind {
    Mobile,
    /// Area code of this many digits, then the local number.
    Landline(usize),
    IdCard,
    LongNumber,
}

fn classify(s: &[char]) -> Option<NumberKind> {
    let d: Vec<Option<u8>> = s.iter().map(|c| digit(*c)).collect();
    let n = d.len();
    let all_digits = d.iter().all(Option::is_some);
    let first = d.first().copied().flatten();
    let second = d.get(1).copied().flatten();
    if n == 18 && d[..17].iter().all(Option::is_some) && first.is_some_and(|x| x > 0) {
        return Some(NumberKind::IdCard);
    }
    if !all_digits {
        return None;
    }
    if n == 11 && first == Some(1) && second.is_some_and(|x| x >= 3) {
        return Some(NumberKind::Mobile);
    }
    if n == 15 && first.is_some_and(|x| x > 0) {
        return Some(NumberKind::IdCard);
    }
    if first == Some(0) && second.is_some_and(|x| x > 0) {
        let area = if matches!(second, Some(1 | 2)) { 3 } else { 4 };
        let local = n.saturating_sub(area);
        if (7..=8).contains(&local) && d.get(area).copied().flatten().is_some_and(|x| x >= 2) {
            return Some(NumberKind::Landline(area));
        }
    }
    (n >= 12).then_some(NumberKind::LongNumber)
}

fn mask_numbers(chars: &[char], keep: &mut [bool]) {
    let atoms = atoms(chars);
    let mut i = 0;
    while i < atoms.len() {
        // Join up to four groups separated by a single space or hyphen, longest first.
        let mut last = i;
        while last + 1 < atoms.len()
            && last - i < 3
            && atoms[last + 1].start == atoms[last].end + 1
            && matches!(chars[atoms[last].end], ' ' | '-' | '－')
        {
            last += 1;
        }
        let found = (i..=last).rev().find_map(|j| {
            let positions: Vec<usize> = (i..=j).flat_map(|k| atoms[k].start..atoms[k].end).collect();
            let digits: Vec<char> = positions.iter().map(|p| chars[*p]).collect();
            // A number in groups must be a phone or an ID number: a catch-all long number
            // would swallow neighbouring numbers written with spaces between them.
            classify(&digits).filter(|k| j == i || *k != NumberKind::LongNumber).map(|kind| (j, kind, positions))
        });
        match found {
            Some((j, kind, positions)) => {
                let n = positions.len();
                let (head, tail) = match kind {
                    NumberKind::Mobile => (3, 4),
                    NumberKind::Landline(area) => (area, 2),
                    NumberKind::IdCard => (3, 4),
                    NumberKind::LongNumber => (0, 4),
                };
                for p in &positions[head..n - tail] {
                    keep[*p] = false;
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
}

fn mask_emails(chars: &[char], keep: &mut [bool]) {
    let local_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for at in (0..chars.len()).filter(|i| chars[*i] == '@') {
        let mut start = at;
        while start > 0 && local_char(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain_char(chars[end]) {
            end += 1;
        }
        // A sentence may end right after the address: a trailing dot is punctuation.
        while end > at + 1 && chars[end - 1] == '.' {
            end -= 1;
        }
        let domain = &chars[at + 1..end];
        let dotted = domain.contains(&'.') && domain.first() != Some(&'.');
        if start < at && dotted {
            // Keep the first character, unless it is the whole local part.
            let from = if at - start == 1 { start } else { start + 1 };
            for k in keep.iter_mut().take(at).skip(from) {
                *k = false;
            }
        }
    }
}

#[cfg(test)]
mod tests;
