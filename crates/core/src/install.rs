//! A production installation (issue 14): the platform's name, and the rules of the sheets an
//! office imports its organisation tree and its accounts from (`renda import orgs|users`).
//!
//! The sheets are read by the office crate into rows of text with their spreadsheet row
//! numbers; here each row is parsed into values and the whole sheet is planned against what
//! the database already holds. Every problem is one [`SheetError`] naming the row and the column
//! (in Chinese); a sheet with any error is imported not at all.
//!
//! The organisation sheet matches rows to organisations by their stable code (机构代码): a row
//! whose code is known updates that organisation's name, parent, term and address; a new code
//! adds an organisation — or adopts one made by hand (by `renda init` or a form) that has no code
//! yet and the same kind, name and parent. Nothing is ever deleted: closing is explicit.

use crate::ValidationError;
use crate::error::{ErrorCode, Refusal};
use crate::ids::OrgId;
use crate::org::{CongressLevel, OrgKind, UnitKind, check_placement};
use crate::person::Term;
use crate::value::{Label, Login, OrgName, PersonName};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The name used when an installation has none (a database older than `renda init`).
pub const NEUTRAL_SITE_NAME: &str = "人大代表工作平台";

/// The platform's name as every page, feed and e-mail shows it, e.g. 某县人大代表工作平台.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteName(String);

impl SiteName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        let n = s.chars().count();
        if n < 2 {
            return Err(ValidationError::new("site_name", "平台名称至少2个字"));
        }
        if n > Self::MAX_CHARS {
            return Err(ValidationError::new("site_name", format!("平台名称不能超过{}个字", Self::MAX_CHARS)));
        }
        if s.chars().any(|c| {
            c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
        }) {
            return Err(ValidationError::new("site_name", "平台名称含有不可见的控制字符"));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SiteName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A congress level as a sheet or the command line writes it: 市, 县区, 乡镇 (and their usual
/// variants: 设区的市, 县（区）, 县, 区, 乡, 镇).
pub fn parse_level(raw: &str) -> Result<CongressLevel, ValidationError> {
    match raw.trim().replace(['(', ')', '（', '）'], "").as_str() {
        "市" | "设区的市" | "地级市" => Ok(CongressLevel::City),
        "县区" | "县" | "区" | "县级市" | "县级" => Ok(CongressLevel::County),
        "乡镇" | "乡" | "镇" | "街道" => Ok(CongressLevel::Township),
        _ => Err(ValidationError::new("level", "层级须为“市”“县区”或“乡镇”")),
    }
}

/// A unit's kind as a sheet writes it.
pub fn parse_unit_kind(raw: &str) -> Result<UnitKind, ValidationError> {
    match raw.trim() {
        "政府部门" | "政府工作部门" | "部门" => Ok(UnitKind::GovernmentDepartment),
        "法院" | "人民法院" => Ok(UnitKind::Court),
        "检察院" | "人民检察院" => Ok(UnitKind::Procuratorate),
        "监察委员会" | "监委" | "监察委" => Ok(UnitKind::SupervisoryCommission),
        "其他" | "其他单位" => Ok(UnitKind::Other),
        _ => Err(ValidationError::new("unit_kind", "单位类别须为“政府部门”“法院”“检察院”“监察委员会”或“其他”")),
    }
}

/// The short label a sheet uses for a unit kind (the template writes these).
pub fn unit_kind_sheet_label(k: UnitKind) -> &'static str {
    match k {
        UnitKind::GovernmentDepartment => "政府部门",
        UnitKind::Court => "法院",
        UnitKind::Procuratorate => "检察院",
        UnitKind::SupervisoryCommission => "监察委员会",
        UnitKind::Other => "其他",
    }
}

/// The short label a sheet uses for a congress level.
pub fn level_sheet_label(l: CongressLevel) -> &'static str {
    match l {
        CongressLevel::City => "市",
        CongressLevel::County => "县区",
        CongressLevel::Township => "乡镇",
    }
}

/// The 类型 column's label of a kind.
pub fn type_sheet_label(k: OrgKind) -> &'static str {
    match k {
        OrgKind::Congress(_) => "人大",
        OrgKind::Unit(_) => "承办单位",
        OrgKind::LiaisonStation => "联络站",
        OrgKind::DeputyGroup => "代表小组",
    }
}

/// One problem in a sheet: its row as the spreadsheet numbers it, the column's header, and what
/// is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl SheetError {
    pub fn new(row: usize, column: &str, message: impl Into<String>) -> Self {
        Self { row, column: column.to_owned(), message: message.into() }
    }
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}行“{}”：{}", self.row, self.column, self.message)
    }
}

/// A row of a sheet as read: its spreadsheet row number and its cells by column header (only
/// the columns the sheet has; empty cells absent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub row: usize,
    pub cells: HashMap<String, String>,
}

impl SheetRow {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

// ---------------------------------------------------------------------------------------------
// The organisation sheet

/// The organisation sheet's columns, in the template's order.
pub const ORG_COLUMNS: [&str; 8] = ["机构代码", "类型", "名称", "上级代码", "层级", "届次", "单位类别", "地址"];
/// The columns an organisation sheet must have.
pub const ORG_REQUIRED: [&str; 4] = ["机构代码", "类型", "名称", "上级代码"];

/// A stable organisation code: 1–40 letters, digits, `-`, `_` or `.` (a 统一社会信用代码 is one).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let s = raw.trim();
        let ok = !s.is_empty()
            && s.len() <= 40
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if ok {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(ValidationError::new("code", "机构代码须为1至40位英文字母、数字或 - _ . 符号"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One organisation as its row gives it, every value parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgLine {
    pub row: usize,
    pub code: OrgCode,
    pub kind: OrgKind,
    pub name: OrgName,
    pub parent: Option<OrgCode>,
    /// A congress's current term.
    pub term: Option<Term>,
    /// A liaison station's address.
    pub address: Option<Label>,
}

/// Parses the rows of an organisation sheet: the lines of the good rows and an error per bad
/// cell (a row with any error gives no line).
pub fn parse_org_rows(rows: &[SheetRow]) -> (Vec<OrgLine>, Vec<SheetError>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for r in rows {
        let before = errors.len();
        let mut err = |column: &str, message: String| errors.push(SheetError::new(r.row, column, message));
        let code = match r.get("机构代码") {
            None => {
                err("机构代码", "不能为空".into());
                None
            }
            Some(c) => OrgCode::parse(c).map_err(|e| err("机构代码", e.message)).ok(),
        };
        let name = match r.get("名称") {
            None => {
                err("名称", "不能为空".into());
                None
            }
            Some(n) => OrgName::parse(n).map_err(|e| err("名称", e.message)).ok(),
        };
        let kind = match r.get("类型") {
            None => {
                err("类型", "不能为空，应为“人大”“承办单位”“联络站”或“代表小组”".into());
                None
            }
            Some("人大" | "人民代表大会") => match r.get("层级") {
                None => {
                    err("层级", "人大须填写层级：“市”“县区”或“乡镇”".into());
                    None
                }
                Some(l) => parse_level(l).map(OrgKind::Congress).map_err(|e| err("层级", e.message)).ok(),
            },
            Some("承办单位" | "单位") => match r.get("单位类别") {
                None => {
                    err("单位类别", "承办单位须填写单位类别：“政府部门”“法院”“检察院”“监察委员会”或“其他”".into());
                    None
                }
                Some(k) => parse_unit_kind(k).map(OrgKind::Unit).map_err(|e| err("单位类别", e.message)).ok(),
            },
            Some("联络站" | "代表联络站" | "代表之家" | "联络站（点）") => {
                Some(OrgKind::LiaisonStation)
            }
            Some("代表小组" | "小组") => Some(OrgKind::DeputyGroup),
            Some(other) => {
                err("类型", format!("“{other}”无法识别，应为“人大”“承办单位”“联络站”或“代表小组”"));
                None
            }
        };
        let parent = match r.get("上级代码") {
            None => None,
            Some(p) => OrgCode::parse(p).map_err(|e| err("上级代码", e.message)).ok(),
        };
        let is_congress = kind.is_some_and(OrgKind::is_congress);
        let term = match r.get("届次") {
            None => None,
            Some(_) if !is_congress && kind.is_some() => {
                err("届次", "只有人大填写届次".into());
                None
            }
            Some(t) => Term::parse(t).map_err(|e| err("届次", e.message)).ok(),
        };
        if kind.is_some() && !matches!(kind, Some(OrgKind::Congress(_))) && r.get("层级").is_some() {
            err("层级", "只有人大填写层级".into());
        }
        if kind.is_some() && !matches!(kind, Some(OrgKind::Unit(_))) && r.get("单位类别").is_some() {
            err("单位类别", "只有承办单位填写单位类别".into());
        }
        let address = match r.get("地址") {
            None => None,
            Some(_) if kind.is_some() && kind != Some(OrgKind::LiaisonStation) => {
                err("地址", "只有联络站填写地址".into());
                None
            }
            Some(a) => Label::parse(a).map_err(|e| err("地址", e.message)).ok(),
        };
        if errors.len() == before
            && let (Some(code), Some(kind), Some(name)) = (code, kind, name)
        {
            lines.push(OrgLine { row: r.row, code, kind, name, parent, term, address });
        }
    }
    (lines, errors)
}

/// An organisation the database holds, as planning needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingOrg {
    pub id: OrgId,
    pub code: Option<OrgCode>,
    pub kind: OrgKind,
    pub name: String,
    pub parent: Option<OrgId>,
    pub term: Option<Term>,
    pub address: Option<String>,
}

/// Where a planned organisation hangs: an organisation that exists, or one this plan creates
/// earlier (by code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParentRef {
    Existing(OrgId),
    New(OrgCode),
}

/// An organisation to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedCreate {
    pub line: OrgLine,
    pub parent: Option<ParentRef>,
}

/// An existing organisation the sheet changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedUpdate {
    pub before: ExistingOrg,
    pub line: OrgLine,
    /// The new parent, when it moves.
    pub parent: Option<ParentRef>,
    pub moves: bool,
    /// It had no code: the sheet's row adopts it.
    pub adopts: bool,
}

/// What importing a sheet will do. Creations are ordered so that every parent comes first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgPlan {
    pub creates: Vec<PlannedCreate>,
    pub updates: Vec<PlannedUpdate>,
    pub unchanged: usize,
}

impl OrgPlan {
    pub fn changes_nothing(&self) -> bool {
        self.creates.is_empty() && self.updates.is_empty()
    }
}

/// Parses and plans a whole sheet: every bad cell and every row that cannot be placed is listed
/// at once (a row whose parent is a bad row is not blamed for it).
pub fn plan_sheet(rows: &[SheetRow], existing: &[ExistingOrg]) -> Result<OrgPlan, Vec<SheetError>> {
    let (lines, mut errors) = parse_org_rows(rows);
    let good: HashSet<usize> = lines.iter().map(|l| l.row).collect();
    let bad_codes: HashSet<OrgCode> = rows
        .iter()
        .filter(|r| !good.contains(&r.row))
        .filter_map(|r| r.get("机构代码").and_then(|c| OrgCode::parse(c).ok()))
        .collect();
    match plan_with(&lines, existing, &bad_codes) {
        Ok(plan) if errors.is_empty() => Ok(plan),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
            errors.dedup();
            Err(errors)
        }
    }
}

/// Plans a sheet's lines against the organisations that exist, or lists every reason it
/// cannot be imported.
pub fn plan_orgs(lines: &[OrgLine], existing: &[ExistingOrg]) -> Result<OrgPlan, Vec<SheetError>> {
    plan_with(lines, existing, &HashSet::new())
}

/// [`plan_orgs`], passing over rows whose parent is one of `bad_codes` (rows already refused).
fn plan_with(
    lines: &[OrgLine],
    existing: &[ExistingOrg],
    bad_codes: &HashSet<OrgCode>,
) -> Result<OrgPlan, Vec<SheetError>> {
    let mut errors = Vec::new();
    // Codes in the sheet: each once.
    let mut by_code: HashMap<&OrgCode, &OrgLine> = HashMap::new();
    for l in lines {
        if let Some(first) = by_code.get(&l.code) {
            errors.push(SheetError::new(l.row, "机构代码", format!("“{}”与第{}行重复", l.code, first.row)));
        } else {
            by_code.insert(&l.code, l);
        }
    }
    let existing_by_code: HashMap<&OrgCode, &ExistingOrg> =
        existing.iter().filter_map(|e| e.code.as_ref().map(|c| (c, e))).collect();

    // The kind a parent code stands for, and where it is.
    let parent_of = |l: &OrgLine| -> Result<Option<(ParentRef, OrgKind)>, SheetError> {
        let Some(p) = &l.parent else { return Ok(None) };
        if p == &l.code {
            return Err(SheetError::new(l.row, "上级代码", "不能是本机构自己的代码"));
        }
        if let Some(e) = existing_by_code.get(p) {
            return Ok(Some((ParentRef::Existing(e.id), e.kind)));
        }
        if let Some(pl) = by_code.get(p) {
            return Ok(Some((ParentRef::New(p.clone()), pl.kind)));
        }
        Err(SheetError::new(l.row, "上级代码", format!("“{p}”在本表和数据库中都找不到")))
    };

    // Uncoded organisations a row may adopt, claimed at most once.
    let mut adopted: HashSet<OrgId> = HashSet::new();
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    let mut unchanged = 0;
    let top_existing: Vec<&ExistingOrg> = existing.iter().filter(|e| e.parent.is_none()).collect();
    // Parents before children (congresses by level, then the rest), so that a row's parent
    // adopted by its own row is known when the row looks for an uncoded organisation to adopt.
    let rank = |k: OrgKind| match k {
        OrgKind::Congress(CongressLevel::City) => 0,
        OrgKind::Congress(CongressLevel::County) => 1,
        OrgKind::Congress(CongressLevel::Township) => 2,
        _ => 3,
    };
    let mut ordered: Vec<&OrgLine> = lines.iter().collect();
    ordered.sort_by_key(|l| (rank(l.kind), l.row));
    let mut adopted_codes: HashMap<OrgCode, OrgId> = HashMap::new();
    for l in ordered {
        if by_code.get(&l.code).is_some_and(|first| first.row != l.row) {
            continue;
        }
        if l.parent.as_ref().is_some_and(|p| bad_codes.contains(p) && !by_code.contains_key(p)) {
            continue;
        }
        let parent = match parent_of(l) {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Err(e) = check_placement(l.kind, parent.as_ref().map(|(_, k)| *k)) {
            let column = if l.parent.is_none() { "上级代码" } else { "类型" };
            let message = if l.parent.is_none() && !l.kind.is_congress() {
                "须填写所属人大的机构代码".to_owned()
            } else {
                e.message
            };
            errors.push(SheetError::new(l.row, column, message));
            continue;
        }
        let parent_ref = parent.map(|(r, _)| match r {
            ParentRef::New(code) => match adopted_codes.get(&code) {
                Some(id) => ParentRef::Existing(*id),
                None => ParentRef::New(code),
            },
            existing => existing,
        });
        // An existing organisation: by code, or an uncoded one of the same kind, name and parent.
        let matched = existing_by_code.get(&l.code).copied().map(|e| (e, false)).or_else(|| {
            existing
                .iter()
                .find(|e| {
                    e.code.is_none()
                        && !adopted.contains(&e.id)
                        && e.kind == l.kind
                        && e.name == l.name.as_str()
                        && match (&parent_ref, e.parent) {
                            (None, None) => true,
                            (Some(ParentRef::Existing(p)), Some(q)) => *p == q,
                            _ => false,
                        }
                })
                .map(|e| (e, true))
        });
        match matched {
            Some((e, adopts)) => {
                if e.kind != l.kind {
                    errors.push(SheetError::new(
                        l.row,
                        "类型",
                        format!(
                            "机构代码“{}”在数据库中是“{}”，类型不能改为“{}”",
                            l.code,
                            e.kind.label(),
                            l.kind.label()
                        ),
                    ));
                    continue;
                }
                if adopts {
                    adopted.insert(e.id);
                    adopted_codes.insert(l.code.clone(), e.id);
                }
                let moves = match (&parent_ref, e.parent) {
                    (None, None) => false,
                    (Some(ParentRef::Existing(p)), Some(q)) => *p != q,
                    _ => true,
                };
                if moves && parent_ref.is_none() {
                    errors.push(SheetError::new(l.row, "上级代码", "已有上级的机构不能改为顶层，请填写上级代码"));
                    continue;
                }
                let changed = adopts
                    || moves
                    || e.name != l.name.as_str()
                    || (l.term.is_some() && l.term != e.term)
                    || (l.address.is_some() && l.address.as_ref().map(Label::as_str) != e.address.as_deref());
                if changed {
                    updates.push(PlannedUpdate {
                        before: e.clone(),
                        line: l.clone(),
                        parent: if moves { parent_ref } else { None },
                        moves,
                        adopts,
                    });
                } else {
                    unchanged += 1;
                }
            }
            None => {
                if parent_ref.is_none()
                    && let Some(top) = top_existing.first()
                {
                    errors.push(SheetError::new(
                        l.row,
                        "上级代码",
                        format!("本系统已有顶层人大“{}”，新的人大须填写上级代码", top.name),
                    ));
                    continue;
                }
                creates.push(PlannedCreate { line: l.clone(), parent: parent_ref });
            }
        }
    }
    // More than one new top congress.
    let tops: Vec<&PlannedCreate> = creates.iter().filter(|c| c.parent.is_none()).collect();
    for extra in tops.iter().skip(1) {
        errors.push(SheetError::new(
            extra.line.row,
            "上级代码",
            format!("顶层人大只能有一个（第{}行已是顶层）", tops[0].line.row),
        ));
    }
    // Names are unique under one parent: among the sheet's rows and against what exists.
    let mut names: HashMap<(String, String), usize> = HashMap::new();
    let key_of = |p: &Option<ParentRef>, fallback: Option<OrgId>| match p {
        Some(ParentRef::Existing(id)) => format!("id:{}", id.0),
        Some(ParentRef::New(code)) => match existing_by_code.get(code) {
            Some(e) => format!("id:{}", e.id.0),
            None => format!("code:{code}"),
        },
        None => fallback.map_or_else(|| "top".to_owned(), |id| format!("id:{}", id.0)),
    };
    let mut final_names: Vec<(String, String, usize, Option<OrgId>)> = Vec::new();
    for c in &creates {
        final_names.push((key_of(&c.parent, None), c.line.name.as_str().to_owned(), c.line.row, None));
    }
    for u in &updates {
        let parent_key = if u.moves { key_of(&u.parent, None) } else { key_of(&None, u.before.parent) };
        final_names.push((parent_key, u.line.name.as_str().to_owned(), u.line.row, Some(u.before.id)));
    }
    let touched: HashSet<OrgId> = updates.iter().map(|u| u.before.id).collect();
    for (parent, name, row, _) in &final_names {
        if let Some(first) = names.get(&(parent.clone(), name.clone())) {
            errors.push(SheetError::new(*row, "名称", format!("同一上级下已有名为“{name}”的机构（第{first}行）")));
            continue;
        }
        names.insert((parent.clone(), name.clone()), *row);
        let clash =
            existing.iter().find(|e| !touched.contains(&e.id) && e.name == *name && key_of(&None, e.parent) == *parent);
        if let Some(e) = clash {
            errors.push(SheetError::new(*row, "名称", format!("同一上级下已有名为“{}”的机构", e.name)));
        }
    }
    if !errors.is_empty() {
        errors.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        errors.dedup();
        return Err(errors);
    }
    // Parents first: congresses by level, then everything else.
    creates.sort_by_key(|c| (rank(c.line.kind), c.line.row));
    updates.sort_by_key(|u| (rank(u.line.kind), u.line.row));
    Ok(OrgPlan { creates, updates, unchanged })
}

// ---------------------------------------------------------------------------------------------
// The account sheet

/// The account sheet's columns, in the template's order.
pub const USER_COLUMNS: [&str; 6] = ["登录名", "姓名", "角色", "机构代码", "机构名称", "代表团"];

/// The roles a sheet may give (the admin is made by `renda init` or `renda user add`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetRole {
    Staff,
    Unit,
    Deputy,
}

/// The organisation a row names: by code or by exact name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrgRef {
    Code(OrgCode),
    Name(String),
}

impl fmt::Display for OrgRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrgRef::Code(c) => write!(f, "机构代码“{c}”"),
            OrgRef::Name(n) => write!(f, "机构“{n}”"),
        }
    }
}

/// One account as its row gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserLine {
    pub row: usize,
    pub login: Login,
    pub name: PersonName,
    pub role: SheetRole,
    /// The staff's congress or the unit (required); for a deputy, optionally the congress.
    pub org: Option<OrgRef>,
    /// A deputy's delegation (代表团), to find the roster person by name.
    pub delegation: Option<Label>,
}

/// Parses the rows of an account sheet.
pub fn parse_user_rows(rows: &[SheetRow]) -> (Vec<UserLine>, Vec<SheetError>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let before = errors.len();
        let mut err = |column: &str, message: String| errors.push(SheetError::new(r.row, column, message));
        let login = match r.get("登录名") {
            None => {
                err("登录名", "不能为空".into());
                None
            }
            Some(l) => Login::parse(l).map_err(|e| err("登录名", e.message)).ok(),
        };
        if let Some(l) = &login {
            if let Some(first) = seen.get(l.as_str()) {
                err("登录名", format!("“{l}”与第{first}行重复"));
            } else {
                seen.insert(l.as_str().to_owned(), r.row);
            }
        }
        let name = match r.get("姓名") {
            None => {
                err("姓名", "不能为空".into());
                None
            }
            Some(n) => PersonName::parse(n).map_err(|e| err("姓名", e.message)).ok(),
        };
        let role = match r.get("角色") {
            Some("工作人员" | "人大工作人员") => Some(SheetRole::Staff),
            Some("承办单位" | "承办单位用户") => Some(SheetRole::Unit),
            Some("代表" | "人大代表") => Some(SheetRole::Deputy),
            Some(other) => {
                err("角色", format!("“{other}”无法识别，应为“工作人员”“承办单位”或“代表”"));
                None
            }
            None => {
                err("角色", "不能为空，应为“工作人员”“承办单位”或“代表”".into());
                None
            }
        };
        let org = match (r.get("机构代码"), r.get("机构名称")) {
            (Some(c), _) => OrgCode::parse(c).map(OrgRef::Code).map_err(|e| err("机构代码", e.message)).ok(),
            (None, Some(n)) => Some(OrgRef::Name(n.to_owned())),
            (None, None) => None,
        };
        if r.get("机构代码").is_none()
            && r.get("机构名称").is_none()
            && matches!(role, Some(SheetRole::Staff | SheetRole::Unit))
        {
            err("机构代码", "工作人员和承办单位用户须填写机构代码或机构名称".into());
        }
        let delegation = match r.get("代表团") {
            None => None,
            Some(d) => Label::parse(d).map_err(|e| err("代表团", e.message)).ok(),
        };
        if role == Some(SheetRole::Deputy) && r.get("代表团").is_none() {
            err("代表团", "代表账号须填写代表团（选区），以便按姓名找到名册中的代表".into());
        }
        if errors.len() == before
            && let (Some(login), Some(name), Some(role)) = (login, name, role)
        {
            lines.push(UserLine { row: r.row, login, name, role, org, delegation });
        }
    }
    (lines, errors)
}

/// The first admin's name.
pub fn admin_name(raw: &str) -> Result<PersonName, ValidationError> {
    PersonName::parse(raw).map_err(|_| ValidationError::new("display_name", "管理员姓名须为1至30个字"))
}

/// `renda init` makes a real installation once, and never out of the demo: `demo` says whether
/// the database is the demo's, `top` names its top congress when it has any congress.
pub fn check_uninitialised(demo: bool, top: Option<&str>) -> Result<(), Refusal> {
    if demo {
        return Err(Refusal::new(
            ErrorCode::DemoDatabase,
            "这是示范数据库（renda demo 生成），不能初始化为正式平台：请换用新的数据库地址",
        ));
    }
    if let Some(top) = top {
        return Err(Refusal::new(
            ErrorCode::AlreadyInitialised,
            format!(
                "数据库中已有人大（{top}），平台已初始化过，未做任何修改。修改平台名称请用管理员页面，增加机构请用 renda org add 或 renda import orgs"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: usize, cells: &[(&str, &str)]) -> SheetRow {
        SheetRow { row: n, cells: cells.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() }
    }

    fn county_sheet() -> Vec<SheetRow> {
        vec![
            row(
                2,
                &[("机构代码", "X"), ("类型", "人大"), ("名称", "某县人民代表大会"), ("层级", "县区"), ("届次", "18")],
            ),
            row(
                3,
                &[
                    ("机构代码", "X-T1"),
                    ("类型", "人大"),
                    ("名称", "甲镇人民代表大会"),
                    ("层级", "乡镇"),
                    ("上级代码", "X"),
                ],
            ),
            row(
                4,
                &[
                    ("机构代码", "X-U1"),
                    ("类型", "承办单位"),
                    ("名称", "某县教育局"),
                    ("单位类别", "政府部门"),
                    ("上级代码", "X"),
                ],
            ),
            row(
                5,
                &[
                    ("机构代码", "X-S1"),
                    ("类型", "联络站"),
                    ("名称", "甲镇代表联络站"),
                    ("地址", "甲镇人民路1号"),
                    ("上级代码", "X-T1"),
                ],
            ),
        ]
    }

    #[test]
    fn site_names_are_trimmed_and_bounded() {
        assert_eq!(SiteName::parse(" 某县人大代表工作平台 ").map(|s| s.0), Ok("某县人大代表工作平台".to_owned()));
        assert!(SiteName::parse("某").is_err());
        assert!(SiteName::parse(&"长".repeat(41)).is_err());
        assert!(SiteName::parse("某县\u{202e}平台").is_err());
    }

    #[test]
    fn a_good_sheet_plans_parents_before_children() {
        let (lines, errors) = parse_org_rows(&county_sheet());
        assert!(errors.is_empty(), "{errors:?}");
        let plan = plan_orgs(&lines, &[]).expect("plans");
        let codes: Vec<&str> = plan.creates.iter().map(|c| c.line.code.as_str()).collect();
        assert_eq!(codes, ["X", "X-T1", "X-U1", "X-S1"]);
        assert_eq!(plan.creates[0].line.term, Some(Term(18)));
        assert_eq!(plan.creates[3].parent, Some(ParentRef::New(OrgCode::parse("X-T1").expect("succeeds"))));
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let rows = vec![
            row(2, &[("机构代码", "X"), ("类型", "人大"), ("名称", "某县人民代表大会"), ("层级", "省")]),
            row(3, &[("机构代码", "X-U1"), ("类型", "委员会"), ("名称", "某县教育局"), ("上级代码", "X")]),
            row(4, &[("机构代码", "X U2"), ("类型", "承办单位"), ("名称", ""), ("单位类别", "政府部门")]),
        ];
        let (_, errors) = parse_org_rows(&rows);
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(shown.contains(&"第2行“层级”：层级须为“市”“县区”或“乡镇”".to_owned()), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第3行“类型”：“委员会”无法识别")), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第4行“机构代码”")), "{shown:?}");
        assert!(shown.iter().any(|s| s == "第4行“名称”：不能为空"), "{shown:?}");
    }

    #[test]
    fn a_sheet_with_bad_cells_still_lists_what_planning_finds_but_not_for_children_of_bad_rows() {
        let rows = vec![
            row(2, &[("机构代码", "X"), ("类型", "人大"), ("名称", "某县人民代表大会"), ("层级", "省")]),
            row(
                3,
                &[
                    ("机构代码", "X-U1"),
                    ("类型", "承办单位"),
                    ("名称", "某县教育局"),
                    ("单位类别", "政府部门"),
                    ("上级代码", "X"),
                ],
            ),
            row(
                4,
                &[
                    ("机构代码", "X-U2"),
                    ("类型", "承办单位"),
                    ("名称", "某县财政局"),
                    ("单位类别", "政府部门"),
                    ("上级代码", "Q"),
                ],
            ),
        ];
        let errors = plan_sheet(&rows, &[]).expect_err("refused");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["第2行“层级”：层级须为“市”“县区”或“乡镇”", "第4行“上级代码”：“Q”在本表和数据库中都找不到"]);
    }

    #[test]
    fn unknown_parents_duplicate_codes_and_misplaced_kinds_are_refused() {
        let mut rows = county_sheet();
        rows.push(row(
            6,
            &[
                ("机构代码", "X-U1"),
                ("类型", "承办单位"),
                ("名称", "某县财政局"),
                ("单位类别", "政府部门"),
                ("上级代码", "X"),
            ],
        ));
        rows.push(row(
            7,
            &[
                ("机构代码", "X-U9"),
                ("类型", "承办单位"),
                ("名称", "某县民政局"),
                ("单位类别", "政府部门"),
                ("上级代码", "NOPE"),
            ],
        ));
        rows.push(row(
            8,
            &[
                ("机构代码", "X-T9"),
                ("类型", "人大"),
                ("名称", "乙镇人民代表大会"),
                ("层级", "乡镇"),
                ("上级代码", "X-U1"),
            ],
        ));
        rows.push(row(
            9,
            &[
                ("机构代码", "X-U8"),
                ("类型", "承办单位"),
                ("名称", "某县教育局"),
                ("单位类别", "政府部门"),
                ("上级代码", "X"),
            ],
        ));
        let (lines, errors) = parse_org_rows(&rows);
        assert!(errors.is_empty());
        let errors = plan_orgs(&lines, &[]).expect_err("refused");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(shown.contains(&"第6行“机构代码”：“X-U1”与第4行重复".to_owned()), "{shown:?}");
        assert!(shown.contains(&"第7行“上级代码”：“NOPE”在本表和数据库中都找不到".to_owned()), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第8行“类型”")), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第9行“名称”：同一上级下已有名为“某县教育局”")), "{shown:?}");
    }

    fn existing_from(plan: &OrgPlan) -> Vec<ExistingOrg> {
        let mut ids: HashMap<OrgCode, OrgId> = HashMap::new();
        let mut out = Vec::new();
        for (i, c) in plan.creates.iter().enumerate() {
            let id = OrgId(i as i64 + 1);
            ids.insert(c.line.code.clone(), id);
            let parent = c.parent.as_ref().map(|p| match p {
                ParentRef::Existing(id) => *id,
                ParentRef::New(code) => ids[code],
            });
            out.push(ExistingOrg {
                id,
                code: Some(c.line.code.clone()),
                kind: c.line.kind,
                name: c.line.name.as_str().to_owned(),
                parent,
                term: c.line.term,
                address: c.line.address.as_ref().map(|a| a.as_str().to_owned()),
            });
        }
        out
    }

    #[test]
    fn the_same_sheet_again_changes_nothing_and_a_changed_one_updates_by_code() {
        let (lines, _) = parse_org_rows(&county_sheet());
        let existing = existing_from(&plan_orgs(&lines, &[]).expect("succeeds"));
        let again = plan_orgs(&lines, &existing).expect("succeeds");
        assert!(again.changes_nothing());
        assert_eq!(again.unchanged, 4);

        let mut rows = county_sheet();
        rows[2].cells.insert("名称".into(), "某县教育和体育局".into());
        rows[3].cells.insert("上级代码".into(), "X".into());
        rows.push(row(
            6,
            &[
                ("机构代码", "X-T2"),
                ("类型", "人大"),
                ("名称", "乙镇人民代表大会"),
                ("层级", "乡镇"),
                ("上级代码", "X"),
            ],
        ));
        let (lines, _) = parse_org_rows(&rows);
        let plan = plan_orgs(&lines, &existing).expect("succeeds");
        assert_eq!(plan.creates.len(), 1);
        assert_eq!(plan.updates.len(), 2);
        let renamed = plan.updates.iter().find(|u| u.line.code.as_str() == "X-U1").expect("succeeds");
        assert!(!renamed.moves);
        let moved = plan.updates.iter().find(|u| u.line.code.as_str() == "X-S1").expect("succeeds");
        assert!(moved.moves);
        assert_eq!(moved.parent, Some(ParentRef::Existing(OrgId(1))));
    }

    #[test]
    fn a_row_adopts_the_uncoded_congress_renda_init_made() {
        let top = ExistingOrg {
            id: OrgId(7),
            code: None,
            kind: OrgKind::Congress(CongressLevel::County),
            name: "某县人民代表大会".into(),
            parent: None,
            term: Some(Term(18)),
            address: None,
        };
        let (lines, _) = parse_org_rows(&county_sheet());
        let plan = plan_orgs(&lines, &[top]).expect("succeeds");
        assert_eq!(plan.updates.len(), 1);
        assert!(plan.updates[0].adopts);
        assert_eq!(plan.creates.len(), 3);
        assert_eq!(plan.creates[0].parent, Some(ParentRef::Existing(OrgId(7))));
    }

    #[test]
    fn a_tree_clicked_in_by_hand_is_adopted_level_by_level() {
        let existing = vec![
            ExistingOrg {
                id: OrgId(7),
                code: None,
                kind: OrgKind::Congress(CongressLevel::County),
                name: "某县人民代表大会".into(),
                parent: None,
                term: None,
                address: None,
            },
            ExistingOrg {
                id: OrgId(8),
                code: None,
                kind: OrgKind::Congress(CongressLevel::Township),
                name: "甲镇人民代表大会".into(),
                parent: Some(OrgId(7)),
                term: None,
                address: None,
            },
            ExistingOrg {
                id: OrgId(9),
                code: None,
                kind: OrgKind::LiaisonStation,
                name: "甲镇代表联络站".into(),
                parent: Some(OrgId(8)),
                term: None,
                address: None,
            },
        ];
        // The sheet lists the station before its township: order does not matter.
        let mut rows = county_sheet();
        rows.swap(1, 3);
        let (lines, _) = parse_org_rows(&rows);
        let plan = plan_orgs(&lines, &existing).expect("plans");
        let adopted: Vec<i64> = plan.updates.iter().filter(|u| u.adopts).map(|u| u.before.id.0).collect();
        assert_eq!(adopted, [7, 8, 9]);
        assert!(plan.updates.iter().all(|u| !u.moves), "nothing moves");
        assert_eq!(plan.creates.len(), 1, "only the unit is new");
        assert_eq!(plan.creates[0].parent, Some(ParentRef::Existing(OrgId(7))));
    }

    #[test]
    fn a_second_top_congress_is_refused() {
        let top = ExistingOrg {
            id: OrgId(7),
            code: None,
            kind: OrgKind::Congress(CongressLevel::County),
            name: "别的县人民代表大会".into(),
            parent: None,
            term: None,
            address: None,
        };
        let (lines, _) = parse_org_rows(&county_sheet());
        let errors = plan_orgs(&lines, &[top]).expect_err("refused");
        assert_eq!(errors[0].row, 2);
        assert_eq!(errors[0].column, "上级代码");
    }

    #[test]
    fn account_rows_need_an_org_or_a_delegation_by_role() {
        let rows = vec![
            row(2, &[("登录名", "zhang"), ("姓名", "张三"), ("角色", "工作人员"), ("机构代码", "X")]),
            row(3, &[("登录名", "li"), ("姓名", "李四"), ("角色", "承办单位")]),
            row(4, &[("登录名", "wang"), ("姓名", "王五"), ("角色", "代表")]),
            row(5, &[("登录名", "zhang"), ("姓名", "张三"), ("角色", "主任"), ("机构名称", "某县人民代表大会")]),
        ];
        let (lines, errors) = parse_user_rows(&rows);
        assert_eq!(lines.len(), 1);
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(shown.iter().any(|s| s.starts_with("第3行“机构代码”")), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第4行“代表团”")), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第5行“登录名”：“zhang”与第2行重复")), "{shown:?}");
        assert!(shown.iter().any(|s| s.starts_with("第5行“角色”")), "{shown:?}");
    }
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn an_installation_is_made_once_and_not_from_the_demo() {
        assert_eq!(admin_name(" 王芳 ").expect("a name").as_str(), "王芳");
        assert_eq!(admin_name("").expect_err("empty").message, "管理员姓名须为1至30个字");
        assert!(check_uninitialised(false, None).is_ok());
        assert_eq!(check_uninitialised(true, None).expect_err("demo").code, ErrorCode::DemoDatabase);
        assert_eq!(check_uninitialised(true, Some("某市人大")).expect_err("demo first").code, ErrorCode::DemoDatabase);
        let again = check_uninitialised(false, Some("某市人民代表大会")).expect_err("twice");
        assert_eq!(again.code, ErrorCode::AlreadyInitialised);
        assert!(again.message.starts_with("数据库中已有人大（某市人民代表大会），平台已初始化过"));
    }
}
