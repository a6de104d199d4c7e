//! The audit log page: the latest entries of the chains this user may read, and (for the
//! admin) a verification of every chain. Also the one table of what audit entries mean in
//! Chinese (`action_label`, `entity_label`, `who`), which every history on the pages uses.

use super::{Ctx, actor, render, require_admin_pages};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::policy::{Action, Resource, Target, allows};
use renda_store::audit::AuditEntry;
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub entries: Vec<AuditEntry>,
    pub is_admin: bool,
    pub verify: Option<(bool, String)>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    pub verify: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    require_admin_pages(&s)?;
    // Who reads the audit log of no congress (the admin) verifies the whole chain.
    let is_admin = allows(s.user.role, Action::View, Resource::AuditLog, &Target::default());
    let entries = state.store.recent_audit(&actor(&s), 200).await?;
    let verify = if is_admin && q.verify.is_some() {
        Some(match state.store.verify_audit().await? {
            Ok(v) => (true, format!("审计链完好：{} 条链，共 {} 条记录。", v.chains, v.entries)),
            Err(b) => (false, b.to_string()),
        })
    } else {
        None
    };
    render(&AuditPage { ctx: Ctx::new(&state, Some(&s), "审计日志", "/admin/audit"), entries, is_admin, verify })
}

/// The snake_case code of a command kind, as the store writes it into an action.
pub fn code_of(kind: impl Serialize) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The label of `code` among the kinds of one command enum.
fn kind_label<K: Serialize + Copy>(all: &[K], code: &str, label: fn(K) -> &'static str) -> Option<&'static str> {
    all.iter().find(|k| code_of(**k) == code).map(|k| label(*k))
}

/// What an audit action did, in Chinese: "建议：交办", "用户：修改角色". Unknown codes (an action
/// added without its label) read as "其他操作", never as the raw code.
pub fn action_label(action: &str) -> String {
    use renda_core::archive::activity::ParticipationKind as Participation;
    use renda_core::liaison::opinion::CommandKind as Opinion;
    use renda_core::oversight::major::CommandKind as Major;
    use renda_core::oversight::review::CommandKind as Review;
    use renda_core::suggestion::CommandKind as Suggestion;
    let fixed = match action {
        "org.create" => "机构：新建",
        "org.rename" => "机构：更名",
        "user.create" => "用户：新建",
        "user.password" => "用户：修改密码",
        "user.role" => "用户：修改角色",
        "user.contact" => "用户：修改联系方式",
        "user.active" => "用户：启用或停用",
        "user.unlock" => "用户：解除锁定",
        "grant.give" => "重大事项：授予查阅权限",
        "grant.take" => "重大事项：收回查阅权限",
        "deputy.create" => "代表：登记",
        "deputy.import" => "代表：导入名册",
        "deputyship.create" => "代表资格：登记",
        "deputyship.end" => "代表资格：终止",
        "suggestion.create" => "建议：起草",
        "suggestion.edit" => "建议：修改",
        "suggestion.publish_reply" => "建议：设置答复是否公开",
        "suggestion_settings.update" => "建议办理设置：修改",
        "calendar.import" => "节假日安排：导入",
        "document.create" => "文档：新建",
        "document.update" => "文档：修改",
        "document.publish" => "文档：发布或撤回",
        "document.withdraw" => "文档：撤回",
        "document.import" => "文档：导入",
        "document.reimport" => "文档：重新导入",
        "document.attach" => "文档：上传附件",
        "document.detach" => "文档：删除附件",
        "opinion.submit" => "群众意见：提交",
        "activity.create" => "履职活动：新建",
        "activity.update" => "履职活动：修改",
        "activity.cancel" => "履职活动：取消",
        "activity.add_congress" => "履职活动：联合举办",
        "activity.report" => "履职活动：填写活动报道",
        "activity.photos" => "履职活动：上传照片",
        "activity.invite" => "履职活动：邀请代表",
        "activity.group" => "履职活动：关联代表小组",
        "archive.declare" => "履职档案：代表申报",
        "archive.verify" => "履职档案：审核通过",
        "archive.reject" => "履职档案：审核不通过",
        "archive.amend" => "履职档案：修改申报",
        "archive.record" => "履职档案：平台记录",
        "archive.update" => "履职档案：更新记录",
        "archive.remove" => "履职档案：删除记录",
        "archive.scores" => "履职档案：计算得分",
        "archive.tallies_rebuilt" => "履职档案：重建统计",
        "archive.public_kinds" => "履职档案：设置公开内容",
        "rules.edit" => "积分规则：修改",
        "rules.publish" => "积分规则：发布",
        "group.members" => "代表小组：调整成员",
        "group.station" => "代表小组：关联联络站",
        "checklist.config" => "“十有”检查表：设置",
        "checklist.install" => "“十有”检查表：启用",
        "checklist.mark" => "“十有”检查表：勾选",
        "report.settings" => "代表述职：设置",
        "report.create" => "代表述职：安排",
        "report.register" => "代表述职：登记选民代表",
        "report.rate" => "代表述职：测评",
        "report.paper_tally" => "代表述职：录入纸质测评",
        "report.close" => "代表述职：结束",
        "report.plan" => "代表述职：整改报告",
        "station.profile" => "联络站：修改信息",
        "station.attach_deputy" => "联络站：安排进站代表",
        "station.detach_deputy" => "联络站：移出进站代表",
        "liaison.settings" => "联络站：修改接待设置",
        "reception.schedule" => "接待活动：安排",
        "reception.cancel" => "接待活动：取消",
        "reception.hold" => "接待活动：登记接待情况",
        "oversight.settings" => "监督工作：设置",
        "oversight_plan.create" => "监督工作计划：新建",
        "oversight_plan.edit" => "监督工作计划：修改",
        "oversight_plan.publish" => "监督工作计划：发布",
        "oversight_item.create" => "监督事项：新建",
        "oversight_item.edit" => "监督事项：修改",
        "oversight_item.publish" => "监督事项：发布",
        "oversight_item.sign" => "监督事项：代表联名",
        "review.draft" => "审议意见：起草",
        "major_matter.create" => "重大事项：起草",
        "ballot.create" => "代表评议：新建",
        "ballot.open" => "代表评议：开始投票",
        "ballot.close" => "代表评议：结束投票",
        "ballot.vote" => "代表评议：代表投票",
        "ballot.remind" => "代表评议：提醒未投票代表",
        "meeting.create" => "会议：安排",
        "meeting.notify" => "会议：通知组成人员",
        "meeting.item_add" => "会议：列入议程",
        "meeting.leave_request" => "会议：请假",
        "meeting.leave_decide" => "会议：处理请假",
        "meeting.sign_in" => "会议：签到",
        "meeting.vote_open" => "会议：开始表决",
        "meeting.vote_cast" => "会议：表决",
        "meeting.vote_close" => "会议：结束表决",
        "meeting.vote_count" => "会议：登记人工计票结果",
        "meeting_settings.update" => "会议与任免设置：修改",
        "filing_settings.update" => "备案审查与征求意见设置：修改",
        "filing.file" => "备案审查：报送备案",
        "filing.files_add" => "备案审查：补正材料文件",
        "filing.register" => "备案审查：登记",
        "filing.return" => "备案审查：退回补正",
        "filing.resubmit" => "备案审查：补正",
        "filing.transfer" => "备案审查：移送",
        "filing.send" => "备案审查：送交审查",
        "filing.extend" => "备案审查：延长审查期限",
        "filing.find_no_problem" => "备案审查：未发现问题",
        "filing.ask_opinion" => "备案审查：征求专门委员会意见",
        "filing.extend_opinion" => "备案审查：延长专门委员会意见期限",
        "filing.record_opinion" => "备案审查：登记专门委员会意见",
        "filing.decide" => "备案审查：常委会表决撤销",
        "filing.communicate" => "备案审查：沟通",
        "filing.send_opinion" => "备案审查：提出审查意见",
        "filing.answer" => "备案审查：制定机关回复",
        "filing.report_correction" => "备案审查：报告纠正情况",
        "filing.propose_revocation" => "备案审查：提请撤销",
        "filing_topic.create" => "备案审查：专项审查专题",
        "review_proposal.submit" => "审查建议：收到",
        "review_proposal.act" => "审查建议：办理",
        "meeting.membership_add" => "常委会组成人员：登记",
        "meeting.membership_end" => "常委会组成人员：离任",
        "personnel.post_add" => "任免：登记职务",
        "personnel.file" => "任免案：登记提请",
        "personnel.files_add" => "任免案：补充材料",
        "personnel.accept" => "任免案：受理",
        "personnel.return" => "任免案：退回",
        "personnel.refile" => "任免案：重新提请",
        "personnel.withdraw" => "任免案：撤回",
        "personnel.schedule" => "任免案：列入会议议程",
        "personnel.decide" => "任免案：表决结果",
        "personnel.statement" => "任免案：拟任职发言",
        "personnel.defence" => "任免案：申辩",
        "personnel.exam" => "任免：任前法律知识考试",
        "personnel.oath" => "任免：宪法宣誓",
        "personnel.certificate" => "任免：制发任命书",
        "meeting.attendee_add" => "会议：登记列席人员",
        "meeting.attendee_remove" => "会议：删除列席人员",
        "meeting.gallery_seats" => "会议：设定旁听席位",
        "meeting.visitor_add" => "会议：登记旁听公民",
        "meeting.visitor_remove" => "会议：删除旁听公民",
        "meeting.speech_record" => "会议发言：记录",
        "meeting.speech_edit" => "会议发言：修改草稿",
        "meeting.speech_send_back" => "会议发言：送发言人确认",
        "meeting.speech_correct" => "会议发言：发言人修改",
        "meeting.speech_sign_off" => "会议发言：确认",
        "meeting.speech_reopen" => "会议发言：退回重新确认",
        "meeting.bulletin_create" => "会议简报：编辑",
        "meeting.bulletin_publish" => "会议简报：发布",
        "meeting.bulletin_discard" => "会议简报：删除草稿",
        "regulation.open" => "法规草案：公开征求意见",
        "regulation.add_version" => "法规草案：发布新一稿",
        "regulation.comment" => "法规草案：收到意见",
        "regulation.group" => "法规草案：意见分组",
        "regulation.answer" => "法规草案：答复意见",
        "regulation.publish_report" => "法规草案：公布征求意见情况",
        "station.legislative_point" => "联络站：设置基层立法联系点",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_owned();
    }
    let (family, code) = action.split_once('.').unwrap_or((action, ""));
    let found = match family {
        "suggestion" => kind_label(&Suggestion::ALL, code, Suggestion::label).map(|l| ("建议", l)),
        "opinion" => kind_label(&Opinion::ALL, code, Opinion::label).map(|l| ("群众意见", l)),
        "activity" => kind_label(&Participation::ALL, code, Participation::label).map(|l| ("履职活动", l)),
        "review" => kind_label(&Review::ALL, code, Review::label).map(|l| ("审议意见", l)),
        "major_matter" => kind_label(&Major::ALL, code, Major::label).map(|l| ("重大事项", l)),
        _ => None,
    };
    found.map_or_else(|| "其他操作".to_owned(), |(what, label)| format!("{what}：{label}"))
}

/// What an audit entry is about, in Chinese, and the page that shows it (when there is one).
pub fn entity_label(entity: &str, id: &str) -> (String, Option<String>) {
    let n = id.parse::<i64>().ok();
    let numbered = |noun: &str| n.map_or_else(|| noun.to_owned(), |n| format!("{noun} 第{n}号"));
    let link = |base: &str| n.map(|n| format!("{base}/{n}"));
    match entity {
        "suggestion" => (numbered("建议"), link("/suggestions")),
        "opinion" => (numbered("群众意见"), link("/opinions")),
        "activity" => (numbered("履职活动"), link("/activities")),
        "ballot" => (numbered("代表评议"), link("/ballots")),
        "oversight_plan" => (numbered("监督工作计划"), link("/oversight/plans")),
        "oversight_item" => (numbered("监督事项"), link("/oversight/items")),
        "review" => (numbered("审议意见"), link("/oversight/reviews")),
        "regulation" => (numbered("法规草案"), link("/legislation")),
        "regulation_comment" => (numbered("法规草案意见"), None),
        "regulation_group" => (numbered("法规草案意见组"), None),
        "major_matter" => (numbered("重大事项"), link("/major-matters")),
        "document" => (numbered("文档"), link("/admin/documents")),
        "user" => (numbered("用户"), link("/admin/users")),
        "organisation" => (numbered("机构"), link("/admin/orgs")),
        "congress" => (numbered("人大"), link("/admin/orgs")),
        "report_meeting" => (numbered("述职会议"), link("/reports")),
        "meeting" => (numbered("会议"), link("/meetings")),
        "meeting_item" => (numbered("表决事项"), None),
        "meeting_leave_request" => (numbered("请假申请"), None),
        "meeting_speech" => (numbered("会议发言"), None),
        "meeting_bulletin" => (numbered("会议简报"), link("/meetings/bulletins")),
        "committee_membership" => (numbered("常委会组成人员任职"), Some("/meetings/members".to_owned())),
        "deputyship" => (numbered("代表资格"), None),
        "archive_item" => (numbered("履职档案事项"), None),
        "reception" => (numbered("接待活动"), None),
        "holiday_days" => ("节假日安排".to_owned(), None),
        "archive_tallies" => ("履职统计".to_owned(), None),
        "rule_book" => {
            // congress:year:version
            let parts: Vec<&str> = id.split(':').collect();
            match parts.as_slice() {
                [_, year, version] => (format!("{year}年积分规则 第{version}版"), Some("/rules".to_owned())),
                _ => ("积分规则".to_owned(), Some("/rules".to_owned())),
            }
        }
        _ => ("其他记录".to_owned(), None),
    }
}

/// Who acted, as people know them: the name with the congress or unit, a deputy as 某某代表,
/// the system itself as 系统 — never the login.
pub fn who(e: &AuditEntry) -> String {
    let Some(name) = e.actor_name.as_deref().filter(|n| !n.is_empty()) else {
        return if e.actor.is_some() { "已删除的账号".to_owned() } else { "系统".to_owned() };
    };
    match (e.actor_role.as_deref(), e.actor_scope.as_deref()) {
        // A deputy's account is named by the person it belongs to.
        (Some("deputy"), Some(person)) if !person.is_empty() => format!("{person}代表"),
        (Some("deputy"), _) if name.ends_with("代表") => name.to_owned(),
        (Some("deputy"), _) => format!("{name}代表"),
        (_, Some(scope)) if !scope.is_empty() && !name.contains(scope) && !scope.contains(name) => {
            format!("{name}（{scope}）")
        }
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_the_store_records_has_a_chinese_label() {
        for a in
            ["suggestion.reply", "suggestion.confirm_cosign", "opinion.forward", "activity.check_in", "review.send"]
        {
            let l = action_label(a);
            assert!(!l.is_ascii() && l != "其他操作", "{a} reads {l}");
        }
        // The meetings' actions, read from the store's source so a new one cannot go unlabelled.
        let minutes = include_str!("../../../store/src/meetings/minutes.rs");
        let sources = [
            include_str!("../../../store/src/meetings.rs"),
            include_str!("../../../store/src/meetings/votes.rs"),
            include_str!("../../../store/src/meetings/settings.rs"),
            minutes,
        ];
        let mut actions: Vec<String> = sources
            .iter()
            .flat_map(|src| src.split(".record(").skip(1))
            .filter_map(|rest| rest.trim_start().strip_prefix('"')?.split('"').next())
            .map(str::to_owned)
            .collect();
        // A speech's actions are chosen by a match before `.record(action, …)`.
        let chosen: Vec<String> = minutes
            .split("=> \"meeting.")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|a| format!("meeting.{a}"))
            .collect();
        assert_eq!(chosen.len(), 5, "{chosen:?}");
        actions.extend(chosen);
        assert!(actions.len() >= 13 + 9 + 5, "{actions:?}");
        // Personnel cases name their actions as literals, some passed on to the write that
        // records them.
        let personnel = include_str!("../../../store/src/meetings/personnel.rs");
        let named: Vec<String> = personnel
            .split("\"personnel.")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|code| format!("personnel.{code}"))
            .collect();
        assert!(named.len() >= 14, "{named:?}");
        for a in actions.iter().chain(&named) {
            let l = action_label(a);
            assert!(!l.is_ascii() && l != "其他操作", "{a} reads {l}");
        }
        assert_eq!(action_label("suggestion.reply"), "建议：答复");
        assert_eq!(action_label("no.such"), "其他操作");
        assert_eq!(entity_label("rule_book", "1:2026:2").0, "2026年积分规则 第2版");
        assert_eq!(entity_label("suggestion", "7"), ("建议 第7号".to_owned(), Some("/suggestions/7".to_owned())));
    }
}
