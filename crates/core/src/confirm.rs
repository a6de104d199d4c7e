//! Actions that cannot be undone, and what each one does: the page asks the user to confirm
//! having read it, and the server refuses the form until they have.
//!
//! The sentence is the one place the consequence is stated, so the question a clerk answers
//! and the rule the server applies cannot drift apart.

use crate::error::ValidationError;
use crate::suggestion::CommandKind;

/// The form field of the confirmation.
pub const FIELD: &str = "confirm";

/// An action that cannot be undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Irreversible {
    /// Ending a ballot publishes its result.
    CloseBallot,
    /// Taking a staff member's grant away.
    RevokeGrant,
    /// 办结 a suggestion.
    CloseSuggestion,
    /// A deputy withdraws a suggestion.
    WithdrawSuggestion,
    /// Ending a deputyship.
    EndDeputyship,
    /// The chair closes a vote of a meeting: the result is announced and frozen.
    CloseVote,
    /// The clerk records a vote counted in the room (show of hands or paper ballots): the
    /// result is announced and frozen.
    RecordCount,
    /// Publishing a meeting's 简报: numbered, sent to the members, its speeches frozen.
    PublishBulletin,
}

impl Irreversible {
    /// What will happen, in the words the confirmation shows.
    pub fn consequence(self) -> &'static str {
        match self {
            Irreversible::CloseBallot => "结束后不能再投票，计票结果随即公布；结束和公布都不能撤回。",
            Irreversible::RevokeGrant => {
                "取消后该工作人员立即不能再查看和办理重大事项；已登记的事项和记录保留，如需恢复须重新授权。"
            }
            Irreversible::CloseSuggestion => {
                "办结后承办单位不能再答复，代表不能再评价；B类答复转入跟踪落实，其余建议归档。办结不能撤回。"
            }
            Irreversible::WithdrawSuggestion => "撤回后建议不再办理；撤回不能恢复，如需再提须重新提出。",
            Irreversible::EndDeputyship => {
                "终止后该代表资格自终止日期起结束，不再计为本届在任代表；履职档案保留。终止不能撤销。"
            }
            Irreversible::CloseVote => {
                "结束后不能再表决，已出席未表决的组成人员记为未表决，表决结果（以全体组成人员的过半数为通过）随即宣布并固定，不能撤回。"
            }
            Irreversible::RecordCount => {
                "登记后表决即告结束，不能再用表决器表决；出席会议但未计入赞成、反对、弃权的组成人员记为未表决，表决结果（以全体组成人员的过半数为通过）随即宣布并固定，不能更正或撤回。"
            }
            Irreversible::PublishBulletin => {
                "发布后本期简报按年度编号，全体组成人员即可阅读；编入的发言不能再修改，简报不能撤回或删除。"
            }
        }
    }

    /// The box the user ticks.
    pub fn label(self) -> &'static str {
        match self {
            Irreversible::CloseBallot => "我已了解上述后果，确认结束投票并公布结果",
            Irreversible::RevokeGrant => "我已了解上述后果，确认取消授权",
            Irreversible::CloseSuggestion => "我已了解上述后果，确认办结此建议",
            Irreversible::WithdrawSuggestion => "我已了解上述后果，确认撤回此建议",
            Irreversible::EndDeputyship => "我已了解上述后果，确认终止代表资格",
            Irreversible::CloseVote => "我已了解上述后果，确认结束表决并宣布结果",
            Irreversible::RecordCount => "我已与两名监票人核对票数，确认登记并宣布结果",
            Irreversible::PublishBulletin => "我已了解上述后果，确认发布本期简报",
        }
    }

    /// The suggestion commands that cannot be undone.
    pub fn of_command(kind: CommandKind) -> Option<Self> {
        match kind {
            CommandKind::Close => Some(Irreversible::CloseSuggestion),
            CommandKind::Withdraw => Some(Irreversible::WithdrawSuggestion),
            _ => None,
        }
    }

    /// Refuses the action until the user confirmed it (`confirmed`: the box was ticked).
    pub fn check(self, confirmed: bool) -> Result<(), ValidationError> {
        if confirmed {
            Ok(())
        } else {
            // The consequence is written right above the box; the message says what is missing.
            Err(ValidationError::new(FIELD, "此操作不能撤销，请先阅读上面的说明并勾选确认。"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unconfirmed_action_is_refused_on_the_confirm_field_with_its_consequence() {
        let e = Irreversible::CloseBallot.check(false).expect_err("refused");
        assert_eq!(e.field, FIELD);
        assert!(e.message.contains("请先阅读上面的说明并勾选确认"), "{}", e.message);
        assert!(Irreversible::CloseBallot.check(true).is_ok());
    }

    #[test]
    fn closing_and_withdrawing_are_the_irreversible_suggestion_commands() {
        assert_eq!(Irreversible::of_command(CommandKind::Close), Some(Irreversible::CloseSuggestion));
        assert_eq!(Irreversible::of_command(CommandKind::Withdraw), Some(Irreversible::WithdrawSuggestion));
        assert_eq!(Irreversible::of_command(CommandKind::Rate), None);
        assert_eq!(Irreversible::of_command(CommandKind::Register), None);
    }
}
