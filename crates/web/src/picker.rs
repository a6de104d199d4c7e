//! Searchable lists: deputies, units and stations are picked, never typed exactly.
//!
//! A page lists the choices as a plain `<select data-picker>` (it works without JavaScript);
//! `/assets/picker.js` puts a search box above it. Each option carries the keys it is found
//! by in `data-keys`, made here: the name's pinyin in full and as initials (`李东` → `lidong
//! ld`), with every reading of a character that has several (`单` → `dan shan chan`), and what
//! else tells people apart (the delegation, the congress).

use pinyin::ToPinyinMulti;
use renda_core::ids::OrgId;
use renda_store::people::{DeputyFilter, DeputyRow};

/// One choice of a list.
#[derive(Clone, Debug)]
pub struct Choice {
    pub value: i64,
    /// What the option shows: the name and what tells it apart.
    pub label: String,
    /// The name alone (what the list of chosen ones says).
    pub name: String,
    pub keys: String,
}

/// A group of choices (the deputies of one congress); `scope` is what a following list
/// matches it by (the congress's id).
#[derive(Clone, Debug)]
pub struct Group {
    pub label: String,
    pub scope: i64,
    pub choices: Vec<Choice>,
}

/// The words `text` is found by: its pinyin in full and as initials. Characters with several
/// readings give each of them, so a surname is found however it is read; letters and digits
/// stay as they are.
pub fn pinyin_keys(text: &str) -> String {
    // Per character: its readings (or the character itself when it has none).
    let readings: Vec<Vec<&'static str>> = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .map(|c| match c.to_pinyin_multi() {
            Some(multi) => {
                let mut all: Vec<&'static str> = multi.into_iter().map(|p| p.plain()).collect();
                all.dedup();
                all
            }
            None => Vec::new(),
        })
        .collect();
    if readings.iter().all(Vec::is_empty) {
        return String::new();
    }
    fn first(r: &[&'static str]) -> &'static str {
        r.first().copied().unwrap_or("")
    }
    let full: String = readings.iter().map(|r| first(r)).collect();
    let initials: String = readings.iter().filter_map(|r| r.first().and_then(|p| p.chars().next())).collect();
    let mut keys = vec![full, initials];
    // Other readings, one character at a time (enough for surnames like 单, 曾, 解).
    for (i, r) in readings.iter().enumerate() {
        for alt in r.iter().skip(1) {
            let full: String =
                readings.iter().enumerate().map(|(j, rj)| if j == i { *alt } else { first(rj) }).collect();
            let initials: String = readings
                .iter()
                .enumerate()
                .filter_map(
                    |(j, rj)| if j == i { alt.chars().next() } else { rj.first().and_then(|p| p.chars().next()) },
                )
                .collect();
            keys.push(full);
            keys.push(initials);
        }
    }
    keys.dedup();
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| !k.is_empty() && seen.insert(k.clone()));
    keys.join(" ")
}

/// A deputy as a choice: `李东（东城区代表团）`, found by name, pinyin and delegation.
pub fn deputy_choice(d: &DeputyRow) -> Choice {
    let label = if d.delegation.is_empty() { d.name.clone() } else { format!("{}（{}）", d.name, d.delegation) };
    Choice {
        value: d.person.0,
        label,
        name: d.name.clone(),
        keys: format!("{} {} {}", pinyin_keys(&d.name), d.delegation, pinyin_keys(&d.delegation)),
    }
}

impl Choice {
    /// Whether typing `q` finds this choice, by the rule `picker.js` applies in the browser: in
    /// its label, or in its keys — latin letters match a key no longer than the name (initials)
    /// anywhere and a longer one (full pinyin) from its start only.
    pub fn matches(&self, q: &str) -> bool {
        let q = q.trim().to_lowercase();
        if q.is_empty() || self.label.to_lowercase().contains(&q) {
            return !q.is_empty();
        }
        let latin = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let chars = self.name.chars().filter(|c| ('\u{3400}'..='\u{9fff}').contains(c)).count();
        self.keys.split_whitespace().map(str::to_lowercase).any(|w| {
            if !latin(&q) || !latin(&w) || w.chars().count() <= chars { w.contains(&q) } else { w.starts_with(&q) }
        })
    }
}

/// A unit or station as a choice, found by its name and the name's pinyin.
pub fn org_choice(id: i64, name: &str) -> Choice {
    Choice { value: id, label: name.to_owned(), name: name.to_owned(), keys: pinyin_keys(name) }
}

/// The `<optgroup>`s and `<option>`s of `groups`, escaped, for a `<select data-picker>`.
pub fn options(groups: &[Group]) -> String {
    use crate::echo::escape;
    use std::fmt::Write;
    let mut out = String::new();
    for g in groups {
        let _ = write!(out, r#"<optgroup label="{}" data-scope="{}">"#, escape(&g.label), g.scope);
        for c in &g.choices {
            let _ = write!(
                out,
                r#"<option value="{}" data-name="{}" data-keys="{}">{}</option>"#,
                c.value,
                escape(&c.name),
                escape(&c.keys),
                escape(&c.label)
            );
        }
        out.push_str("</optgroup>");
    }
    out
}

/// The sitting deputies of `congress`, every page of them.
pub async fn sitting_deputies(
    store: &renda_store::Store,
    reader: &renda_store::Actor,
    congress: OrgId,
) -> Result<Vec<DeputyRow>, renda_store::StoreError> {
    let mut out = Vec::new();
    for page in 0.. {
        let found = store
            .search_deputies(
                reader,
                &DeputyFilter {
                    congresses: vec![congress],
                    active_only: true,
                    page,
                    per_page: 500,
                    ..DeputyFilter::default()
                },
            )
            .await?;
        let last = found.page + 1 >= found.pages();
        out.extend(found.items);
        if last {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_by_its_pinyin_and_initials() {
        let k = pinyin_keys("李东");
        assert!(k.split(' ').any(|w| w == "lidong"), "{k}");
        assert!(k.split(' ').any(|w| w == "ld"), "{k}");
    }

    #[test]
    fn a_surname_with_several_readings_is_found_by_each() {
        let k = pinyin_keys("单平");
        for want in ["danping", "dp", "shanping", "sp"] {
            assert!(k.split(' ').any(|w| w == want), "{want} in {k}");
        }
    }

    #[test]
    fn text_without_chinese_gives_no_keys_and_the_middle_dot_is_skipped() {
        assert_eq!(pinyin_keys("ABC"), "");
        let k = pinyin_keys("阿依·木");
        assert!(k.split(' ').any(|w| w == "ayimu"), "{k}");
    }

    #[test]
    fn the_server_matches_as_the_browser_does_initials_anywhere_full_pinyin_from_its_start() {
        let housing = org_choice(1, "示范市住房和城乡建设局");
        assert!(housing.matches("zf"), "initials inside the name");
        assert!(housing.matches("shifan"), "full pinyin from the start");
        assert!(housing.matches("住房"), "the characters themselves");
        let education = org_choice(2, "示范市教育局");
        assert!(!education.matches("hq"), "letters in no reading: {}", education.keys);
        assert!(!education.matches("jiaoyu"), "full pinyin only from its start");
        assert!(education.matches("JYJ"), "case does not matter");
        assert!(!education.matches(""), "nothing typed finds nothing");
    }
}
