//! The generated archive: deputies in congresses of a realistic size, each with the same number
//! of items drawn with a fixed-seed generator (SplitMix64) from a mix of kinds like a real
//! year's (suggestions, activities, receptions, a session roll, some leave), most recorded by
//! the platform and some declared — verified, waiting, or rejected. Every run generates the
//! same rows.

use renda_core::archive::ItemKind;
use std::io::Write;

/// The year every item falls in and every score is computed for.
pub const YEAR: i16 = 2025;

/// How big the generated archive is.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub deputies: u64,
    pub items: u32,
    pub per_congress: u64,
}

impl Plan {
    /// County-level congresses, ids 2, 3, … (id 1 is the city above them).
    pub fn congresses(&self) -> u64 {
        self.deputies.div_ceil(self.per_congress)
    }

    /// The congress of deputy `person` (1-based, as their id).
    pub fn congress_of(&self, person: u64) -> u64 {
        2 + (person - 1) / self.per_congress
    }

    pub fn rows(&self) -> u64 {
        self.deputies * u64::from(self.items)
    }
}

/// SplitMix64: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the bias is negligible for the small n used here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Where an item stands: recorded by the platform, or declared and in which review state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Platform,
    Verified,
    Waiting,
    Rejected,
}

#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub kind: ItemKind,
    /// Day of the year, 0-based.
    pub day: u16,
    pub quantity: u32,
    pub standing: Standing,
}

/// The mix of kinds after the session roll (weights out of their sum).
const MIX: [(ItemKind, u64); 18] = [
    (ItemKind::SuggestionLed, 6),
    (ItemKind::SuggestionCosigned, 10),
    (ItemKind::Inspection, 8),
    (ItemKind::Survey, 8),
    (ItemKind::LawEnforcementCheck, 3),
    (ItemKind::CourtObservation, 2),
    (ItemKind::Training, 6),
    (ItemKind::GroupActivity, 10),
    (ItemKind::StationReception, 8),
    (ItemKind::Mediation, 3),
    (ItemKind::OtherActivity, 4),
    (ItemKind::VoterContact, 5),
    (ItemKind::DeliberationSpeech, 3),
    (ItemKind::MeetingAttended, 4),
    (ItemKind::SessionLeave, 2),
    (ItemKind::ActivityAbsent, 2),
    (ItemKind::Award, 1),
    (ItemKind::OtherDuty, 2),
];

/// The `n` items of deputy `person`: the session roll first, then the mix. Declarable kinds are
/// declared three times in ten; of those, 85 % verified, 10 % waiting, 5 % rejected.
pub fn items_of(person: u64, n: u32, out: &mut Vec<Item>) {
    out.clear();
    let mut rng = Rng::new(person.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let total: u64 = MIX.iter().map(|(_, w)| w).sum();
    for i in 0..n {
        let day = u16::try_from(rng.below(365)).unwrap_or(0);
        if i == 0 {
            let half_days = 5 + u32::try_from(rng.below(2)).unwrap_or(0);
            out.push(Item {
                kind: ItemKind::SessionAttended,
                day: 40,
                quantity: half_days,
                standing: Standing::Platform,
            });
            continue;
        }
        let mut pick = rng.below(total);
        let kind = MIX
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or(ItemKind::OtherDuty, |(k, _)| *k);
        let quantity = if kind == ItemKind::VoterContact { 1 + u32::try_from(rng.below(10)).unwrap_or(0) } else { 1 };
        let standing = if kind.declarable() && rng.below(10) < 3 {
            match rng.below(100) {
                0..85 => Standing::Verified,
                85..95 => Standing::Waiting,
                _ => Standing::Rejected,
            }
        } else {
            Standing::Platform
        };
        out.push(Item { kind, day, quantity, standing });
    }
}

/// `2025-01-01` … `2025-12-31`, by day of the year.
pub fn day_texts() -> Vec<String> {
    let first = jiff::civil::Date::new(YEAR, 1, 1).expect("1 January is a date");
    (0..365i64).map(|d| (first + jiff::Span::new().days(d)).to_string()).collect()
}

fn source_prefix(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::SessionAttended | ItemKind::SessionLeave | ItemKind::SessionAbsent | ItemKind::MeetingAttended => {
            "roll"
        }
        ItemKind::SuggestionLed | ItemKind::SuggestionCosigned => "suggestion",
        ItemKind::MotionLed => "motion",
        ItemKind::StationReception => "reception",
        ItemKind::ReportSatisfied | ItemKind::ReportBasic | ItemKind::ReportUnsatisfied => "report",
        _ => "activity",
    }
}

/// Fixed for every generated row: when it was recorded.
pub const CREATED_AT: &str = "2025-12-31T08:00:00.000000Z";
const DESCRIPTION: &str = "参加代表履职活动（基准测试生成的数据）";
const EVIDENCE: &str = r#"["现场照片.jpg","签到表.pdf"]"#;
const REJECTION: &str = "佐证材料不全";

/// The columns both formats write, in order.
pub const ITEM_COLUMNS: &str = "id, person_id, congress_id, term, item_date, kind, quantity, origin, source, \
     declared_by, description, evidence, status, review_note, created_at";

/// One item's fields as text, `None` for NULL, in [`ITEM_COLUMNS`] order.
fn fields(
    id: u64,
    person: u64,
    congress: u64,
    item: &Item,
    day: &str,
    mut put: impl FnMut(Option<&dyn std::fmt::Display>, bool),
) {
    let (origin, status) = match item.standing {
        Standing::Platform => ("platform", None),
        Standing::Verified => ("declared", Some("verified")),
        Standing::Waiting => ("declared", Some("declared")),
        Standing::Rejected => ("declared", Some("rejected")),
    };
    let declared = status.is_some();
    let source = (!declared).then(|| format!("{}:{id}:{person}", source_prefix(item.kind)));
    put(Some(&id), false);
    put(Some(&person), false);
    put(Some(&congress), false);
    put(Some(&18), false);
    put(Some(&day), true);
    put(Some(&item.kind.code()), true);
    put(Some(&item.quantity), false);
    put(Some(&origin), true);
    put(source.as_ref().map(|s| s as &dyn std::fmt::Display), true);
    put(declared.then_some(&"deputy" as &dyn std::fmt::Display), true);
    put(declared.then_some(&DESCRIPTION as &dyn std::fmt::Display), true);
    put(declared.then_some(&EVIDENCE as &dyn std::fmt::Display), true);
    put(status.as_ref().map(|s| s as &dyn std::fmt::Display), true);
    put((item.standing == Standing::Rejected).then_some(&REJECTION as &dyn std::fmt::Display), true);
    put(Some(&CREATED_AT), true);
}

/// One row in PostgreSQL's `COPY … FROM STDIN` text format (tab-separated, `\N` for NULL). No
/// generated text holds a tab, newline or backslash.
pub fn copy_row(buf: &mut Vec<u8>, id: u64, person: u64, congress: u64, item: &Item, day: &str) {
    let mut first = true;
    fields(id, person, congress, item, day, |v, _| {
        if !first {
            buf.push(b'\t');
        }
        first = false;
        match v {
            Some(v) => {
                let _ = write!(buf, "{v}");
            }
            None => buf.extend_from_slice(b"\\N"),
        }
    });
    buf.push(b'\n');
}

/// One row as an SQL `VALUES` tuple with literals (no generated text holds a quote).
pub fn values_row(buf: &mut Vec<u8>, id: u64, person: u64, congress: u64, item: &Item, day: &str) {
    buf.push(b'(');
    let mut first = true;
    fields(id, person, congress, item, day, |v, text| {
        if !first {
            buf.push(b',');
        }
        first = false;
        match (v, text) {
            (Some(v), true) => {
                let _ = write!(buf, "'{v}'");
            }
            (Some(v), false) => {
                let _ = write!(buf, "{v}");
            }
            (None, _) => buf.extend_from_slice(b"NULL"),
        }
    });
    buf.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_deputy_always_gets_the_same_items_with_the_roll_first() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        items_of(42, 50, &mut a);
        items_of(42, 50, &mut b);
        assert_eq!(a.len(), 50);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_eq!(a[0].kind, ItemKind::SessionAttended);
        assert!(a.iter().all(|i| i.standing == Standing::Platform || i.kind.declarable()));
    }

    #[test]
    fn rows_are_formatted_for_copy_and_for_values() {
        let item = Item { kind: ItemKind::Survey, day: 3, quantity: 1, standing: Standing::Waiting };
        let mut copy = Vec::new();
        copy_row(&mut copy, 7, 3, 2, &item, "2025-01-04");
        let copy = String::from_utf8(copy).expect("utf-8");
        assert!(copy.starts_with("7\t3\t2\t18\t2025-01-04\tsurvey\t1\tdeclared\t\\N\tdeputy\t"), "{copy}");
        assert!(copy.ends_with("\tdeclared\t\\N\t2025-12-31T08:00:00.000000Z\n"), "{copy}");
        let mut values = Vec::new();
        let platform = Item { standing: Standing::Platform, ..item };
        values_row(&mut values, 7, 3, 2, &platform, "2025-01-04");
        let values = String::from_utf8(values).expect("utf-8");
        assert!(values.starts_with("(7,3,2,18,'2025-01-04','survey',1,'platform','activity:7:3',NULL"), "{values}");
    }

    #[test]
    fn deputies_fill_congresses_in_order() {
        let p = Plan { deputies: 130, items: 50, per_congress: 63 };
        assert_eq!(p.congresses(), 3);
        assert_eq!((p.congress_of(1), p.congress_of(63), p.congress_of(64), p.congress_of(130)), (2, 2, 3, 4));
    }
}
