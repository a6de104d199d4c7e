//! The organisation tree. One installation serves a city congress (or a county), the congresses
//! below it, and around each congress the bodies that work with it: handling units (一府两院 and
//! other departments), liaison stations and deputy groups.
//!
//! Congresses nest (市 › 县区 › 乡镇); every other organisation hangs off exactly one congress,
//! which is the congress it "belongs to" for permissions and for the audit chain.

use crate::ValidationError;
use crate::error::{ErrorCode, Refusal};
use crate::ids::OrgId;
use crate::value::OrgName;
use serde::{Deserialize, Serialize};

/// The level of a congress. The platform serves 设区的市 and below (DOMAIN.md, "Congresses").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CongressLevel {
    City,
    County,
    Township,
}

impl CongressLevel {
    pub const ALL: [CongressLevel; 3] = [CongressLevel::City, CongressLevel::County, CongressLevel::Township];

    pub fn label(self) -> &'static str {
        match self {
            CongressLevel::City => "设区的市",
            CongressLevel::County => "县（区）",
            CongressLevel::Township => "乡镇",
        }
    }

    /// A township congress has a 主席团 between sessions, not a standing committee.
    pub fn has_standing_committee(self) -> bool {
        !matches!(self, CongressLevel::Township)
    }

    /// The body that runs the congress's work between sessions.
    pub fn permanent_body(self) -> &'static str {
        if self.has_standing_committee() { "常务委员会" } else { "主席团" }
    }

    /// The level directly below, if any.
    pub fn below(self) -> Option<CongressLevel> {
        match self {
            CongressLevel::City => Some(CongressLevel::County),
            CongressLevel::County => Some(CongressLevel::Township),
            CongressLevel::Township => None,
        }
    }

    /// Statutory number of deputies for a population (选举法 Art. 12): base + one per step, capped.
    pub fn statutory_size(self, population: u64) -> u32 {
        let (base, per, cap) = match self {
            CongressLevel::City => (240, 25_000, 650),
            CongressLevel::County => (140, 5_000, 450),
            CongressLevel::Township => (45, 1_500, 160),
        };
        let n = base + population / per;
        n.min(cap) as u32
    }
}

/// The kinds of handling unit (承办单位) that answer to a congress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    GovernmentDepartment,
    Court,
    Procuratorate,
    SupervisoryCommission,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::GovernmentDepartment,
        UnitKind::Court,
        UnitKind::Procuratorate,
        UnitKind::SupervisoryCommission,
        UnitKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::GovernmentDepartment => "政府部门",
            UnitKind::Court => "人民法院",
            UnitKind::Procuratorate => "人民检察院",
            UnitKind::SupervisoryCommission => "监察委员会",
            UnitKind::Other => "其他单位",
        }
    }
}

/// What an organisation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "detail", rename_all = "snake_case")]
pub enum OrgKind {
    Congress(CongressLevel),
    Unit(UnitKind),
    LiaisonStation,
    DeputyGroup,
}

impl OrgKind {
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Congress(l) => match l {
                CongressLevel::City => "市人大",
                CongressLevel::County => "县（区）人大",
                CongressLevel::Township => "乡镇人大",
            },
            OrgKind::Unit(u) => u.label(),
            OrgKind::LiaisonStation => "代表联络站",
            OrgKind::DeputyGroup => "代表小组",
        }
    }

    pub fn is_congress(self) -> bool {
        matches!(self, OrgKind::Congress(_))
    }

    /// The storage form, e.g. `congress:city`, `unit:court`, `liaison_station`.
    pub fn code(self) -> String {
        match self {
            OrgKind::Congress(l) => format!("congress:{}", level_code(l)),
            OrgKind::Unit(u) => format!("unit:{}", unit_code(u)),
            OrgKind::LiaisonStation => "liaison_station".into(),
            OrgKind::DeputyGroup => "deputy_group".into(),
        }
    }

    pub fn from_code(code: &str) -> Option<OrgKind> {
        if let Some(l) = code.strip_prefix("congress:") {
            return CongressLevel::ALL.into_iter().find(|x| level_code(*x) == l).map(OrgKind::Congress);
        }
        if let Some(u) = code.strip_prefix("unit:") {
            return UnitKind::ALL.into_iter().find(|x| unit_code(*x) == u).map(OrgKind::Unit);
        }
        match code {
            "liaison_station" => Some(OrgKind::LiaisonStation),
            "deputy_group" => Some(OrgKind::DeputyGroup),
            _ => None,
        }
    }

    /// Every kind, for forms and filters.
    pub fn all() -> Vec<OrgKind> {
        let mut v: Vec<OrgKind> = CongressLevel::ALL.into_iter().map(OrgKind::Congress).collect();
        v.extend(UnitKind::ALL.into_iter().map(OrgKind::Unit));
        v.push(OrgKind::LiaisonStation);
        v.push(OrgKind::DeputyGroup);
        v
    }
}

fn level_code(l: CongressLevel) -> &'static str {
    match l {
        CongressLevel::City => "city",
        CongressLevel::County => "county",
        CongressLevel::Township => "township",
    }
}

fn unit_code(u: UnitKind) -> &'static str {
    match u {
        UnitKind::GovernmentDepartment => "government_department",
        UnitKind::Court => "court",
        UnitKind::Procuratorate => "procuratorate",
        UnitKind::SupervisoryCommission => "supervisory_commission",
        UnitKind::Other => "other",
    }
}

/// An organisation as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub name: OrgName,
    pub kind: OrgKind,
    /// The congress above (for a congress) or the congress it belongs to (for anything else).
    /// `None` only for the top congress of the installation.
    pub parent: Option<OrgId>,
}

/// Checks that `kind` may sit under a parent of `parent_kind` (`None`: at the top).
///
/// - A city congress is at the top; a county sits under a city; a township under a county.
///   (A county installation may also put its county at the top.)
/// - Units, stations and groups sit under a congress of any level.
pub fn check_placement(kind: OrgKind, parent_kind: Option<OrgKind>) -> Result<(), ValidationError> {
    let ok = match (kind, parent_kind) {
        (OrgKind::Congress(CongressLevel::City | CongressLevel::County), None) => true,
        (OrgKind::Congress(level), Some(OrgKind::Congress(parent_level))) => parent_level.below() == Some(level),
        (OrgKind::Congress(_), _) => false,
        (_, Some(OrgKind::Congress(_))) => true,
        (_, _) => false,
    };
    if ok {
        Ok(())
    } else {
        let parent = parent_kind.map_or("顶层", |p| p.label());
        Err(ValidationError::new("parent", format!("“{}”不能设在“{}”之下", kind.label(), parent)))
    }
}

/// Only a congress has a term (届次): `is_congress` of the organisation given one.
pub fn check_term(is_congress: bool, has_term: bool) -> Result<(), ValidationError> {
    if has_term && !is_congress {
        return Err(ValidationError::new("term", "只有人大有届次"));
    }
    Ok(())
}

/// The top congress stays at the top: an organisation moves only when it has a parent.
pub fn check_movable(has_parent: bool) -> Result<(), ValidationError> {
    if has_parent { Ok(()) } else { Err(ValidationError::new("parent", "顶层人大不能移动")) }
}

/// An organisation is closed (撤销) once, and only when nothing open is left under it:
/// `already_closed` and `open_children` as the store found them.
pub fn check_closable(name: &str, already_closed: bool, open_children: i64) -> Result<(), Refusal> {
    if already_closed {
        return Err(Refusal::new(ErrorCode::OrgRevoked, format!("“{name}”已于此前撤销")));
    }
    if open_children > 0 {
        return Err(Refusal::new(
            ErrorCode::OrgHasOpenChildren,
            format!("“{name}”下还有{open_children}个未撤销的机构，请先撤销或移走它们"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statutory_sizes_follow_the_election_law() {
        assert_eq!(CongressLevel::City.statutory_size(3_000_000), 240 + 120);
        assert_eq!(CongressLevel::City.statutory_size(30_000_000), 650);
        assert_eq!(CongressLevel::County.statutory_size(500_000), 240);
        assert_eq!(CongressLevel::County.statutory_size(5_000_000), 450);
        assert_eq!(CongressLevel::Township.statutory_size(30_000), 65);
        assert_eq!(CongressLevel::Township.statutory_size(1_000_000), 160);
    }

    #[test]
    fn a_township_congress_has_a_presidium_not_a_standing_committee() {
        assert!(!CongressLevel::Township.has_standing_committee());
        assert_eq!(CongressLevel::Township.permanent_body(), "主席团");
        assert_eq!(CongressLevel::County.permanent_body(), "常务委员会");
    }

    #[test]
    fn every_kind_round_trips_through_its_code() {
        for k in OrgKind::all() {
            assert_eq!(OrgKind::from_code(&k.code()), Some(k));
        }
        assert_eq!(OrgKind::from_code("congress:planet"), None);
        assert_eq!(OrgKind::from_code(""), None);
    }

    #[test]
    fn congresses_nest_by_level_and_everything_else_hangs_off_a_congress() {
        use CongressLevel::*;
        let c = OrgKind::Congress;
        assert!(check_placement(c(City), None).is_ok());
        assert!(check_placement(c(County), Some(c(City))).is_ok());
        assert!(check_placement(c(Township), Some(c(County))).is_ok());
        assert!(check_placement(c(Township), Some(c(City))).is_err());
        assert!(check_placement(c(City), Some(c(County))).is_err());
        assert!(check_placement(c(Township), None).is_err());
        assert!(check_placement(OrgKind::Unit(UnitKind::Court), Some(c(County))).is_ok());
        assert!(check_placement(OrgKind::Unit(UnitKind::Court), None).is_err());
        assert!(check_placement(OrgKind::LiaisonStation, Some(OrgKind::Unit(UnitKind::Court))).is_err());
        assert!(check_placement(c(County), Some(OrgKind::DeputyGroup)).is_err());
    }
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn only_a_congress_has_a_term_and_the_top_one_stays() {
        assert!(check_term(true, true).is_ok());
        assert!(check_term(false, false).is_ok());
        assert_eq!(check_term(false, true).expect_err("a unit's term").message, "只有人大有届次");
        assert!(check_movable(true).is_ok());
        assert_eq!(check_movable(false).expect_err("the top").message, "顶层人大不能移动");
    }

    #[test]
    fn an_organisation_closes_once_and_after_its_children() {
        assert!(check_closable("财政局", false, 0).is_ok());
        let again = check_closable("财政局", true, 0).expect_err("closed");
        assert_eq!((again.code, again.message.as_str()), (ErrorCode::OrgRevoked, "“财政局”已于此前撤销"));
        let open = check_closable("某区人大", false, 2).expect_err("children");
        assert_eq!(open.code, ErrorCode::OrgHasOpenChildren);
        assert_eq!(open.message, "“某区人大”下还有2个未撤销的机构，请先撤销或移走它们");
    }
}
