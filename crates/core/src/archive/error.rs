//! Every refusal of the scoring modules: its reason in the crate's one [`ErrorCode`]
//! vocabulary (clients and tests match on it; its class tells the web which HTTP status to
//! answer with) and the Chinese sentence a clerk or deputy reads, with the figures at fault.

use super::items::ItemKind;
use crate::ErrorCode;
use jiff::civil::Date;
use serde::ser::{Serialize, SerializeStruct, Serializer};

fn ymd(d: &Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    // ---- rule tables -------------------------------------------------------------------
    #[error("请填写评分细则的名称。")]
    TableNameMissing,
    #[error("基础分不能为负数。")]
    NegativeBase,
    #[error("“{}”的上限不能为负数。", .kind.label())]
    NegativeCap { kind: ItemKind },
    #[error("“{}”重复设置了计分规则，每类事项只能设置一条。", .kind.label())]
    DuplicateRule { kind: ItemKind },
    #[error("“{}”的计分办法有误：{reason}。", .kind.label())]
    InvalidFormula { kind: ItemKind, reason: &'static str },
    #[error("“{}”所属的类别“{category}”没有设置。", .kind.label())]
    UnknownCategory { kind: ItemKind, category: String },
    #[error("未知的履职事项类别“{code}”。")]
    UnknownKind { code: String },
    #[error("请填写类别名称。")]
    CategoryNameMissing,
    #[error("类别“{name}”重复设置。")]
    DuplicateCategory { name: String },
    #[error("类别“{name}”的上限不能为负数。")]
    NegativeCategoryCap { name: String },
    #[error("类别不能超过{max}个。")]
    TooManyCategories { max: usize },
    #[error("满分（{max}分）不能低于基础分（{base}分）。")]
    MaxBelowBase { max: String, base: String },
    #[error("请填写等次名称。")]
    BandLabelMissing,
    #[error("等次“{label}”重复设置。")]
    DuplicateBand { label: String },
    #[error("等次“{label}”的下限须低于上限。")]
    EmptyBand { label: String },
    #[error("{from}分至{to}分未归入任何等次（“{below}”与“{above}”之间有空档）。")]
    BandGap { below: String, above: String, from: String, to: String },
    #[error("等次“{first}”与“{second}”的分数范围重叠。")]
    BandOverlap { first: String, second: String },
    #[error("最低的等次“{label}”须从0分（或不设下限）起算，否则0分至{from}分未归入任何等次。")]
    BandsStartAboveZero { label: String, from: String },
    #[error("最高的等次“{label}”不能设上限，否则{below}分及以上未归入任何等次。")]
    BandsEndBelowTop { label: String, below: String },

    // ---- versions of a year's table -----------------------------------------------------
    #[error(
        "{year}年度的评分细则已于{year}年1月1日起锁定，不能修改；如需调整，请发布新版本并设定今后的生效日期；如属更正，请勾选“确认更正”并写明理由。"
    )]
    TableLocked { year: i16 },
    #[error("更正评分细则须写明理由。")]
    CorrectionReasonMissing,
    #[error("只能在{year}年内更正{year}年度的评分细则（年度开始前可直接修改已发布的版本）。")]
    CorrectionOutsideYear { year: i16 },
    #[error("{year}年度尚未发布评分细则，无可更正。")]
    NothingToCorrect { year: i16 },
    #[error("新版本的生效日期（{}）须晚于上一版本的生效日期（{}）。", ymd(.date), ymd(.previous))]
    EffectiveDateNotLater { date: Date, previous: Date },
    #[error("年度开始后发布的新版本只能从今后生效：生效日期（{}）须晚于今天（{}）。", ymd(.date), ymd(.today))]
    EffectiveDateNotFuture { date: Date, today: Date },
    #[error("生效日期（{}）不能晚于{year}年年底。", ymd(.date))]
    EffectiveDateAfterYear { date: Date, year: i16 },
    #[error("没有第{version}版评分细则。")]
    NoSuchVersion { version: u32 },
    #[error("考核期间有误：开始日期（{}）晚于结束日期（{}）。", ymd(.from), ymd(.to))]
    InvalidPeriod { from: Date, to: Date },

    // ---- archive declarations -----------------------------------------------------------
    #[error("“{}”由平台根据记录自动登记，不能申报。", .kind.label())]
    NotDeclarable { kind: ItemKind },
    #[error("申报履职事项须提供佐证材料。")]
    EvidenceMissing,
    #[error("请填写{what}。")]
    Missing { what: &'static str },
    #[error("数量须大于0。")]
    ZeroQuantity,
    #[error("日期（{}）不能晚于今天。", ymd(.date))]
    DateInFuture { date: Date },

    // ---- state machines (participation, declarations) ----------------------------------
    #[error("{message}")]
    NotPermitted { message: String },
    #[error("当前为“{state}”，不能{action}。")]
    WrongState { state: &'static str, action: &'static str },
    #[error("{message}")]
    WrongPhase { message: String },
    #[error("该代表的请假申请尚未处理，请先批准或不批准。")]
    LeavePending,

    // ---- check-in by QR code ------------------------------------------------------------
    #[error("签到二维码已过期，请重新扫描组织方手机上当前显示的二维码。")]
    CheckinTokenExpired,
    #[error("签到二维码无效（可能被篡改或不属于本平台），请扫描组织方手机上当前显示的二维码。")]
    CheckinTokenInvalid,

    // ---- 述职 and the 十有 checklist ----------------------------------------------------
    #[error("测评票数（{ratings}）多于登记的选民代表人数（{registered}）。")]
    TooManyRatings { ratings: u32, registered: u32 },
    #[error("尚无选民代表的测评结果。")]
    NoRatings,
    #[error("检查项目须有1至{max}项。")]
    ChecklistSize { max: usize },
    #[error("检查项目“{label}”重复。")]
    DuplicateChecklistItem { label: String },
    #[error("没有第{number}项检查项目。")]
    NoSuchChecklistItem { number: usize },
}

impl ScoringError {
    /// Its reason in the crate's one vocabulary ([`ErrorCode`]; the reason's class gives the HTTP
    /// status).
    pub fn code(&self) -> ErrorCode {
        use ScoringError as E;
        match self {
            E::TableNameMissing => ErrorCode::TableNameMissing,
            E::NegativeBase => ErrorCode::NegativeBase,
            E::NegativeCap { .. } => ErrorCode::NegativeCap,
            E::DuplicateRule { .. } => ErrorCode::DuplicateRule,
            E::InvalidFormula { .. } => ErrorCode::InvalidFormula,
            E::UnknownCategory { .. } => ErrorCode::UnknownCategory,
            E::UnknownKind { .. } => ErrorCode::UnknownKind,
            E::CategoryNameMissing => ErrorCode::CategoryNameMissing,
            E::DuplicateCategory { .. } => ErrorCode::DuplicateCategory,
            E::NegativeCategoryCap { .. } => ErrorCode::NegativeCategoryCap,
            E::TooManyCategories { .. } => ErrorCode::TooManyCategories,
            E::MaxBelowBase { .. } => ErrorCode::MaxBelowBase,
            E::BandLabelMissing => ErrorCode::BandLabelMissing,
            E::DuplicateBand { .. } => ErrorCode::DuplicateBand,
            E::EmptyBand { .. } => ErrorCode::EmptyBand,
            E::BandGap { .. } => ErrorCode::BandGap,
            E::BandOverlap { .. } => ErrorCode::BandOverlap,
            E::BandsStartAboveZero { .. } => ErrorCode::BandsStartAboveZero,
            E::BandsEndBelowTop { .. } => ErrorCode::BandsEndBelowTop,
            E::TableLocked { .. } => ErrorCode::TableLocked,
            E::CorrectionReasonMissing => ErrorCode::CorrectionReasonMissing,
            E::CorrectionOutsideYear { .. } => ErrorCode::CorrectionOutsideYear,
            E::NothingToCorrect { .. } => ErrorCode::NothingToCorrect,
            E::EffectiveDateNotLater { .. } => ErrorCode::EffectiveDateNotLater,
            E::EffectiveDateNotFuture { .. } => ErrorCode::EffectiveDateNotFuture,
            E::EffectiveDateAfterYear { .. } => ErrorCode::EffectiveDateAfterYear,
            E::NoSuchVersion { .. } => ErrorCode::NoSuchVersion,
            E::InvalidPeriod { .. } => ErrorCode::InvalidPeriod,
            E::NotDeclarable { .. } => ErrorCode::NotDeclarable,
            E::EvidenceMissing => ErrorCode::EvidenceMissing,
            E::Missing { .. } => ErrorCode::Required,
            E::ZeroQuantity => ErrorCode::ZeroQuantity,
            E::DateInFuture { .. } => ErrorCode::DateInFuture,
            E::NotPermitted { .. } => ErrorCode::NotPermitted,
            E::WrongState { .. } => ErrorCode::WrongState,
            E::WrongPhase { .. } => ErrorCode::WrongPhase,
            E::LeavePending => ErrorCode::LeavePending,
            E::CheckinTokenExpired => ErrorCode::CheckinTokenExpired,
            E::CheckinTokenInvalid => ErrorCode::CheckinTokenInvalid,
            E::TooManyRatings { .. } => ErrorCode::TooManyRatings,
            E::NoRatings => ErrorCode::NoRatings,
            E::ChecklistSize { .. } => ErrorCode::ChecklistSize,
            E::DuplicateChecklistItem { .. } => ErrorCode::DuplicateChecklistItem,
            E::NoSuchChecklistItem { .. } => ErrorCode::NoSuchChecklistItem,
        }
    }

    /// The Chinese sentence (the same as `to_string()`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// As the API returns it: `{"code": "table_locked", "message": "2025年度的评分细则已于…"}`.
impl Serialize for ScoringError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ScoringError", 2)?;
        st.serialize_field("code", self.code().as_str())?;
        st.serialize_field("message", &self.message())?;
        st.end()
    }
}
