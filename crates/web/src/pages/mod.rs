//! The HTML pages. Each page is an askama template struct holding a [`Ctx`] (what the layout
//! needs: the user, the navigation, the CSRF token) and its own data. Handlers live in one
//! module per area.

pub mod account;
pub mod activities;
pub mod archive;
pub mod audit;
pub mod ballots;
pub mod columns;
pub mod deputies;
pub mod documents;
pub mod filing;
pub mod groups;
pub mod home;
pub mod legislation;
pub mod liaison;
pub mod login;
pub mod major_matters;
pub mod meeting_minutes;
pub mod meeting_settings;
pub mod meetings;
pub mod notifications;
pub mod official;
pub mod orgs;
pub mod oversight;
pub mod personnel;
pub mod portal;
pub mod public;
pub mod register;
pub mod reports;
pub mod search;
pub mod suggestion_bulk;
pub mod suggestions;
pub mod users;

use crate::AppState;
use crate::error::{AppError, AppResult};
use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};
use renda_core::ErrorCode;
use renda_core::policy::Role;
use renda_store::users::Session;

/// One entry of the navigation.
#[derive(Clone, Debug)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// One group of the navigation: a dropdown in the header bar (a plain link when it holds one
/// item), a section of the 菜单 on a phone.
#[derive(Clone, Debug)]
pub struct NavGroup {
    pub label: &'static str,
    pub items: Vec<NavItem>,
    /// The page shown is one of this group's.
    pub active: bool,
}

/// The navigation of each role as data: groups of (href, label). A role sees only its groups;
/// `Ctx::new` drops what the session may not open (the register of major matters without its
/// grant) and the groups left empty.
fn nav_for(role: Option<Role>) -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    match role {
        Some(Role::Admin) => vec![
            ("首页", vec![("/", "首页")]),
            ("代表工作", vec![("/admin/deputies", "代表名册"), ("/rankings", "履职档案")]),
            ("建议办理", vec![("/suggestions", "代表建议"), ("/suggestions/stats", "办理统计"), ("/official", "公文")]),
            ("监督", vec![("/oversight", "监督工作"), ("/major-matters", "重大事项")]),
            ("联系群众", vec![("/opinions", "群众意见")]),
            ("门户", vec![("/admin/documents", "文档"), ("/portal", "门户网站")]),
            ("系统", vec![("/admin/orgs", "机构"), ("/admin/users", "用户"), ("/admin/audit", "审计日志")]),
        ],
        Some(Role::Staff { .. }) => vec![
            ("工作台", vec![("/", "工作台")]),
            (
                "代表工作",
                vec![
                    ("/admin/deputies", "代表名册"),
                    ("/activities", "履职活动"),
                    ("/rankings", "履职档案"),
                    ("/groups", "代表小组"),
                    ("/reports", "代表述职"),
                ],
            ),
            ("建议办理", vec![("/suggestions", "代表建议"), ("/suggestions/stats", "办理统计"), ("/official", "公文")]),
            (
                "监督",
                vec![
                    ("/oversight", "监督工作"),
                    ("/ballots", "代表评议"),
                    ("/major-matters", "重大事项"),
                    ("/filings", "备案审查"),
                ],
            ),
            (
                "会议",
                vec![
                    ("/meetings", "会议"),
                    ("/meetings/members", "组成人员"),
                    ("/personnel", "人事任免"),
                    ("/legislation", "法规草案"),
                ],
            ),
            ("联系群众", vec![("/opinions", "群众意见"), ("/stations", "联络站")]),
            ("门户", vec![("/admin/documents", "文档"), ("/portal", "门户网站")]),
            ("系统", vec![("/admin/orgs", "机构"), ("/admin/users", "用户"), ("/admin/audit", "审计日志")]),
        ],
        Some(Role::Deputy { .. }) => vec![
            ("我的履职", vec![("/", "我的履职")]),
            ("代表工作", vec![("/archive", "履职档案"), ("/activities", "履职活动")]),
            ("建议办理", vec![("/suggestions", "我的建议")]),
            ("监督", vec![("/oversight", "监督工作"), ("/ballots", "代表评议")]),
            ("会议", vec![("/meetings", "我的会议")]),
            ("门户", vec![("/portal", "门户网站"), ("/portal/drafts", "法规草案"), ("/stations", "联络站")]),
        ],
        Some(Role::Unit { .. }) => vec![
            ("承办工作台", vec![("/", "承办工作台")]),
            ("建议办理", vec![("/suggestions", "交办建议"), ("/official", "收到的公文")]),
            ("监督", vec![("/oversight", "审议意见"), ("/filings", "规范性文件备案")]),
            ("联系群众", vec![("/opinions", "群众意见")]),
            ("门户", vec![("/portal", "门户网站")]),
        ],
        Some(Role::Public) | None => vec![
            ("首页", vec![("/", "首页")]),
            (
                "门户",
                vec![
                    ("/portal", "门户网站"),
                    ("/portal/drafts", "法规草案"),
                    ("/stations", "联络站"),
                    ("/replies", "答复公开"),
                ],
            ),
        ],
    }
}

/// Whether `href` is the page at `path` or an ancestor of it (the longest match wins among a
/// group's items, so 办理统计 and not 代表建议 is marked on /suggestions/stats).
fn nav_matches(href: &str, path: &str) -> bool {
    if href == "/" {
        path == "/"
    } else {
        path == href || path.strip_prefix(href).is_some_and(|rest| rest.starts_with(['/', '?']))
    }
}

/// The navigation of a session at `path`.
pub fn navigation(session: Option<&Session>, path: &str) -> Vec<NavGroup> {
    let groups = nav_for(session.map(|s| s.user.role));
    // The one item marked: the longest href that matches the path.
    let current = groups
        .iter()
        .flat_map(|(_, items)| items.iter().map(|(href, _)| *href))
        .filter(|href| nav_matches(href, path))
        .max_by_key(|href| href.len());
    groups
        .into_iter()
        .map(|(label, items)| {
            let items: Vec<NavItem> = items
                .into_iter()
                // The register of major matters only for whom the store opens it: whoever reads a
                // congress's register at large, staff only with its grant (the core's `party_of`).
                .filter(|(href, _)| {
                    *href != "/major-matters"
                        || session.is_some_and(|s| {
                            renda_core::policy::may_congress_wide(
                                s.user.role,
                                renda_core::policy::Action::View,
                                renda_core::policy::Resource::MajorMatter,
                            ) && renda_core::oversight::major::party_of(s.user.role, s.major_matters).is_ok()
                        })
                })
                .map(|(href, label)| NavItem { href, label, active: Some(href) == current })
                .collect();
            NavGroup { label, active: items.iter().any(|i| i.active), items }
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

/// What the layout (`base.html`) needs on every page.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub site: String,
    /// A demo database: the footer says its data are fictional.
    pub demo: bool,
    pub title: String,
    pub csrf: String,
    /// This page's form token (`renda_core::idempotency`): every form carries it as `_form`, so
    /// sending the same form twice changes nothing.
    pub form_token: String,
    pub user_name: String,
    pub role_label: String,
    pub scope_name: String,
    pub logged_in: bool,
    pub nav: Vec<NavGroup>,
    /// Unread notifications.
    pub unread: i64,
}

impl Ctx {
    pub fn new(state: &AppState, session: Option<&Session>, title: &str, path: &str) -> Ctx {
        let nav = navigation(session, path);
        let site = state.site();
        Ctx {
            site: site.name,
            demo: site.demo,
            title: title.to_owned(),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            form_token: state.form_token(),
            user_name: session.map(|s| s.user.display_name.clone()).unwrap_or_default(),
            role_label: session.map(|s| s.user.role.label().to_owned()).unwrap_or_default(),
            scope_name: session.and_then(|s| s.user.scope_name.clone()).unwrap_or_default(),
            logged_in: session.is_some(),
            nav,
            unread: session.map_or(0, |s| s.unread),
        }
    }
}

/// The error page (also used by `AppError`).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub status: u16,
    pub message: &'a str,
    /// What to do next. The stable code itself stays in the API's JSON and the log.
    pub hint: &'static str,
}

/// What a user can do after an error with this code.
pub fn error_hint(code: ErrorCode) -> &'static str {
    if code == ErrorCode::ViewsPending {
        return "请等待会办单位提交会办意见，或请人大工作人员决定不再等待。";
    }
    match code.class() {
        ErrorCode::InvalidInput => "请返回上一页，按提示修改后重新提交。",
        ErrorCode::Unauthenticated => "请重新登录后再继续。",
        ErrorCode::BadCredentials => "请检查用户名和密码后重新登录。",
        ErrorCode::Forbidden => "如确需办理，请联系本级人大工作人员。",
        ErrorCode::NotFound => "该记录不存在或您无权查看，请从列表重新进入。",
        ErrorCode::Conflict | ErrorCode::IllegalTransition => "请返回并刷新页面，查看最新状态后再操作。",
        ErrorCode::CsrfRejected => "页面已过期，请返回并刷新页面后重试。",
        ErrorCode::TooManyAttempts | ErrorCode::Busy => "请稍候片刻再试。",
        ErrorCode::PayloadTooLarge => "请缩小文件或分次上传后重试。",
        ErrorCode::Internal => "请稍后重试；如仍未成功，请联系系统管理员。",
        _ => "请返回上一页后重试。", // every reason's class is one of the above
    }
}

/// Renders a template into a response: into this thread's reused buffer (grown once to the
/// size of the largest page, not per render), then copied once into a body of exact size.
pub fn render(t: &impl Template) -> AppResult<Response> {
    /// A buffer grown past this by an unusually large page is given back after it.
    const KEEP: usize = 256 * 1024;
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let body = BUFFER.with_borrow_mut(|buf| {
        buf.clear();
        let rendered = t.render_into(buf).map(|()| axum::body::Bytes::copy_from_slice(buf.as_bytes()));
        if buf.capacity() > KEEP {
            buf.clear();
            buf.shrink_to(KEEP);
        }
        rendered
    })?;
    Ok(Html(body).into_response())
}

/// A 303 redirect after a successful form post, with a notice code shown on the next page.
pub fn done(to: &str, notice: &str) -> Response {
    Redirect::to(&with_notice(to, notice)).into_response()
}

/// `to` with `notice=…` in its query — before a `#fragment`, which the browser never sends.
fn with_notice(to: &str, notice: &str) -> String {
    let (path, fragment) = match to.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (to, None),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    match fragment {
        Some(f) => format!("{path}{sep}notice={notice}#{f}"),
        None => format!("{path}{sep}notice={notice}"),
    }
}

/// The Chinese sentence behind a notice code (codes only, so a link cannot make us say anything).
pub fn notice_text(code: Option<&str>) -> &'static str {
    match code {
        Some("org_created") => "机构已创建。",
        Some("org_renamed") => "机构名称已修改。",
        Some("deputy_created") => "代表已登记。",
        Some("deputyship_ended") => "代表资格已终止。",
        Some("work_phone_saved") => "工作电话已保存。",
        Some("user_created") => "用户已创建。",
        Some("user_updated") => "用户已更新。",
        Some("password_changed") => "密码已修改，请牢记新密码。",
        Some("site_name_saved") => "平台名称已保存，所有页面即时生效。",
        Some("must_change_password") => "您的账号使用的是发放的初始密码：请先设置自己的新密码，然后才能使用平台。",
        Some("suggestion_created") => "建议草稿已保存。确认无误后请点击“提交”。",
        Some("bulk_assigned") => "所选建议已全部交办。",
        Some("official_issued") => "公文已签发，文号已登记；承办单位可在“收到的公文”中查看和下载。",
        Some("reception_notice_issued") => {
            "接待公告已签发，文号已登记；门户“代表接待安排”和联络站页面已提供下载，可打印后张贴在联络站公告栏。"
        }
        Some("official_voided") => "公文已作废，文号保留并标注“作废”。",
        Some("template_saved") => "公文模板已保存。",
        Some("columns_saved") => "导出列已保存，以后的导出和逾期看板都按此显示。",
        Some("document_saved") => "文档已保存。",
        Some("document_published") => "文档已发布到门户。",
        Some("document_withdrawn") => "文档已从门户撤回。",
        Some("files_attached") => "附件已上传。",
        Some("file_removed") => "附件已删除。",
        Some("opinion_rated") => "感谢您的评价。",
        Some("opinion_received") => "意见已收到。",
        Some("activity_saved") => "活动已保存。",
        Some("activity_cancelled") => "活动已取消，其签到记录不再计入履职档案。",
        Some("invited") => "已发出邀请。",
        Some("nobody_new") => "所选代表均已在邀请名单中。",
        Some("ballot_cast") => "您的评议票已提交，感谢参与。投票结束后可在此查看结果。",
        // What each action did and what comes next (issue 13, point 10).
        Some("suggestion_settings") => "建议办理设置已保存，此后交办的建议按新设置计算期限。",
        Some("notification_read") => "该消息已标为已读。",
        Some("notifications_read") => "全部消息已标为已读。",
        Some("activity_sign_up") => "已报名，活动当天请扫描组织方出示的二维码签到。",
        Some("activity_request_leave") => "请假申请已提交，等待活动组织方审批。",
        Some("activity_approve_leave") => "已批准请假，该代表会看到审批结果。",
        Some("activity_refuse_leave") => "已不批准请假，该代表仍需参加活动。",
        Some("activity_check_in") => "已登记签到，计入该代表的履职档案。",
        Some("activity_mark_absent") => "已记为缺席。",
        Some("activity_joint") => "已添加联合举办的人大，其代表也可报名参加。",
        Some("activity_report_published") => "活动报道已保存并公开。",
        Some("activity_report_saved") => "活动报道已保存，尚未公开；勾选“公开”后保存即可公开。",
        Some("opinion_recorded") => "群众意见已登记。下一步：当场答复、转交承办单位或转为代表建议。",
        Some("opinion_answer_on_spot") => "已当场答复。下一步：向群众反馈后办结。",
        Some("opinion_forward") => "已转交承办单位，承办单位会收到通知，请关注答复期限。",
        Some("opinion_convert_to_suggestion") => "已转为代表建议，后续按建议办理程序进行。",
        Some("opinion_reject") => "已不予受理，请向群众说明理由。",
        Some("opinion_unit_answer") => "答复已提交，等待人大工作人员向群众反馈。",
        Some("opinion_unit_return") => "已退回，等待人大工作人员重新处理。",
        Some("opinion_feed_back") => "已向群众反馈，群众可凭回执码查看并评价。",
        Some("opinion_rate") => "评价已提交。",
        Some("opinion_close") => "该意见已办结。",
        Some("oversight_settings") => "审议意见办理期限已保存，此后交办的审议意见按新期限计算。",
        Some("plan_created") => "监督工作计划已创建。确认无误后请发布。",
        Some("plan_saved") => "监督工作计划已保存。",
        Some("published_deputies") => "已发布，本级代表可以查看。",
        Some("published_portal") => "已发布，代表和公众可在门户网站查看。",
        Some("item_created") => "监督事项已创建。下一步：登记会议、起草审议意见。",
        Some("item_saved") => "监督事项已保存。",
        Some("item_signed") => "已登记代表联名。",
        Some("review_drafted") => "审议意见已起草，等待主任会议通过。",
        Some("review_approve") => "审议意见已通过。下一步：交办承办单位。",
        Some("review_send") => "审议意见已交办，承办单位会收到通知，请关注报送期限。",
        Some("review_submit_report") => "研究处理情况已报送，等待专门委员会提出意见。",
        Some("review_comment") => "意见已记录。下一步：办结，或付表决。",
        Some("review_put_to_vote") => "已付表决。表决后请登记表决结果。",
        Some("review_record_vote") => "表决结果已登记。",
        Some("review_order_follow_up") => "已决定跟踪监督，承办单位会收到通知。",
        Some("review_close") => "审议意见已办结。",
        Some("review_publish") => "审议意见及办理情况已公开。",
        Some("consultation_opened") => "法规草案已公开征求意见，本级代表和基层立法联系点将收到通知。",
        Some("version_added") => "新一稿草案已发布并公开征求意见。",
        Some("comment_entered") => "意见已录入，并生成回执码。",
        Some("comments_grouped") => "所选意见已归为一组，请答复。",
        Some("group_answered") => "答复已保存。",
        Some("report_published") => "征求意见情况已在门户网站公布。",
        Some("point_flagged") => "已设为基层立法联系点。",
        Some("point_unflagged") => "已取消基层立法联系点。",
        Some("draft_comment_received") => "意见已收到。",
        Some("major_created") => "重大事项已起草。确认无误后请送审。",
        Some("major_submit") => "已送审，等待领导批准。",
        Some("major_approve") => "已批准。下一步：报送并登记文号。",
        Some("major_return") => "已退回修改。",
        Some("major_send") => "已报送并登记文号，收到答复后请登记。",
        Some("major_record_reply") => "答复已登记，该事项办理完毕。",
        Some("grant_given") => "已授予重大事项查阅权限。",
        Some("grant_taken") => "已收回重大事项查阅权限。",
        Some("checklist_configured") => "“十有”检查表已保存，各代表小组可据此勾选。",
        Some("group_members") => "代表小组成员已保存。",
        Some("group_station") => "已关联联络站。",
        Some("group_install") => "已启用本年度“十有”检查表，请逐项勾选。",
        Some("group_mark") => "检查项已更新。",
        Some("group_link") => "活动已计入本小组。",
        Some("group_unlink") => "活动已不再计入本小组。",
        Some("report_settings") => "述职设置已保存。",
        Some("report_created") => "述职会议已安排。下一步：登记到会的选民代表。",
        Some("report_register") => "选民代表已登记，可以开始测评。",
        Some("report_rate") => "测评已录入。",
        Some("report_paper") => "纸质测评票数已录入。",
        Some("report_close") => "述职会议已结束，测评结果见下方。",
        Some("report_plan") => "整改报告已提交。",
        Some("station_profile") => "联络站信息已保存，门户网站同步显示。",
        Some("station_attach") => "已安排该代表进站，可在接待安排中选择。",
        Some("station_detach") => "已将该代表移出联络站。",
        Some("reception_scheduled") => "接待安排已发布，群众可在门户网站查看。",
        Some("reception_cancelled") => "接待已取消，门户网站同步显示。",
        Some("reception_held") => "接待情况已登记，计入接待代表的履职档案。",
        Some("reception_notice") => "接待提前公布天数已保存。",
        Some("ballot_created") => "评议已创建。到开始日期后请点击“开始投票”。",
        Some("ballot_opened") => "投票已开始，参加评议的代表可以投票；可随时提醒尚未投票的代表。",
        Some("ballot_reminded") => "已向尚未投票的代表发送投票提醒，他们会在“通知”中看到；明天可以再次提醒。",
        Some("ballot_closed") => "投票已结束，评议结果见下方。",
        Some("meeting_created") => "会议已安排。下一步：列入议程，并按会议与任免设置的天数提前通知组成人员。",
        Some("meeting_notified") => "已登记通知组成人员。",
        Some("item_added") => "已列入议程，表决顺序按规定排列。",
        Some("leave_requested") => "请假申请已提交，待主任批准。",
        Some("leave_decided") => "已登记请假申请的处理结果。",
        Some("signed_in") => "已签到。",
        Some("vote_opened") => "表决已开始，出席的组成人员可在手机上表决。",
        Some("vote_closed") => "表决已结束，结果已宣布。",
        Some("filing_filed") => "已报送备案。备案审查工作机构将在十日内审查登记或者退回补正。",
        Some("filing_register") => "已登记，备案号已生成，制定机关可在备案文件页面查看电子回执。",
        Some("filing_return") => "已退回制定机关补正。",
        Some("filing_resubmit") => "补正材料已报送。",
        Some("filing_transfer") => "已移送。",
        Some("filing_send") => "已送交专门委员会审查。",
        Some("filing_extend") => "审查期限已延长。",
        Some("filing_find_no_problem") => "审查完毕，未发现问题。",
        Some("filing_communicate") => "沟通情况已登记。",
        Some("filing_send_opinion") => "书面审查意见已送达制定机关。",
        Some("filing_answer") => "回复已报送。",
        Some("filing_report_correction") => "纠正情况已报告。",
        Some("filing_propose_revocation") => "已提请常务委员会撤销，列入会议议程。",
        Some("filing_ask_opinion") => "已征求专门委员会意见。",
        Some("filing_extend_opinion") => "专门委员会的意见期限已延长。",
        Some("filing_record_opinion") => "专门委员会的意见已登记。",
        Some("filing_report_issued") => "备案审查工作情况报告已签发，文号已登记，可在公文登记簿中下载。",
        Some("filing_settings_saved") => "备案审查与征求意见设置已保存。",
        Some("proposal_decline") => "已告知建议人不予审查的理由。",
        Some("proposal_open_review") => "已启动审查。",
        Some("proposal_answer") => "审查结果已反馈建议人。",
        Some("proposal_publish") => "审查建议已在门户公开。",
        Some("review_proposal_received") => "审查建议已收到。",
        Some("case_filed") => "任免案已登记。下一步：审查材料是否齐全，齐全的予以受理。",
        Some("post_added") => "职务已登记。",
        Some("case_accepted") => "任免案已受理。下一步：列入会议议程。",
        Some("case_returned") => "任免案已退回提请机关。",
        Some("case_refiled") => "任免案已重新提请，请审查材料。",
        Some("case_withdrawn") => "已登记撤回。",
        Some("case_files_added") => "材料已补充。",
        Some("case_scheduled") => "已列入会议议程。",
        Some("statement_recorded") => "拟任职发言已记录。",
        Some("defence_recorded") => "申辩意见已记录。",
        Some("exam_recorded") => "考试成绩已登记。",
        Some("oath_recorded") => "宪法宣誓已记录。",
        Some("certificate_issued") => "任命书已制发。",
        Some("appointment_notice_issued") => "任免公告已签发，已在门户网站“任免公告”栏目公布。",
        Some("vote_counted") => "人工计票结果已登记，表决已结束，结果已宣布。",
        Some("meeting_settings") => "会议与任免设置已保存，此后安排和通知会议、列入议程均按新设置检查。",
        Some("vote_cast") => "您的表决已记录。",
        Some("member_added") => "组成人员已登记。",
        Some("member_ended") => "已登记离任。",
        Some("attendee_added") => "列席人员已登记。",
        Some("attendee_removed") => "已从列席名单中删除。",
        Some("gallery_set") => "旁听席位已保存。",
        Some("visitor_added") => "旁听公民已登记。",
        Some("visitor_removed") => "已从旁听名单中删除。",
        Some("speech_recorded") => "发言记录已保存为草稿。核对后请送发言人确认。",
        Some("speech_edited") => "发言记录草稿已修改。",
        Some("speech_sent_back") => "已送发言人确认，发言人可在手机上核对、修改并确认。",
        Some("speech_corrected") => "修改已保存，确认无误后请点击“确认无误”。",
        Some("speech_signed") => "您已确认该发言记录，可编入会议简报。",
        Some("speech_confirmed") => "已登记发言人的书面确认，可编入会议简报。",
        Some("speech_reopened") => "已退回发言人重新确认。",
        Some("bulletin_created") => "简报草稿已生成。核对无误后请发布。",
        Some("bulletin_published") => "简报已发布，组成人员可在会议页面阅读。",
        Some("bulletin_discarded") => "简报草稿已删除。",
        _ => "",
    }
}

/// The `?notice=` of a page reached after a form post.
#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

/// The acting user as the store wants it.
pub fn actor(s: &Session) -> renda_store::Actor {
    renda_store::Actor { user: Some(s.user.id), role: s.user.role }
}

/// The reader as the store wants it: the signed-in user, or an anonymous member of the public.
pub fn reader_actor(s: Option<&Session>) -> renda_store::Actor {
    s.map_or(renda_store::Actor { user: None, role: renda_core::policy::Role::Public }, actor)
}

/// May `s` do `action` to a record of `congress` that is no unit's or person's own (a plan, a
/// ballot, a new activity)? The policy's answer (`renda_core::policy::allows`), for showing a
/// button or a form; the store checks again on the write.
pub async fn may_in(
    state: &AppState,
    s: &Session,
    action: renda_core::policy::Action,
    resource: renda_core::policy::Resource,
    congress: renda_core::ids::OrgId,
) -> AppResult<bool> {
    let path = state.store.congress_path(congress).await?;
    let target = renda_core::policy::Target { congress_path: &path, ..Default::default() };
    Ok(renda_core::policy::allows(s.user.role, action, resource, &target))
}

/// Is `role` staff of `congress` itself? Who runs a congress's own work on its pages (a 述职
/// meeting, a liaison station, a deputy group) and sees a citizen's name and phone. The store's
/// check for those writes (`Edit`/`Create` where the record sits) lets the admin through too,
/// but the admin manages accounts and organisations, not the congresses' daily work, so the
/// pages keep these buttons to the congress's staff; the store checks again on the write.
pub fn own_staff(role: renda_core::policy::Role, congress: renda_core::ids::OrgId) -> bool {
    role.staff_congress() == Some(congress)
}

/// Whether `role` works with the admin pages at all (organisations, deputies, accounts, the
/// audit): whoever reads a congress's accounts at large — the admin, and staff.
pub fn uses_admin_pages(role: renda_core::policy::Role) -> bool {
    renda_core::policy::may_congress_wide(role, renda_core::policy::Action::View, renda_core::policy::Resource::User)
}

/// Refuses users who do not work with the admin pages.
pub fn require_admin_pages(session: &Session) -> AppResult<()> {
    if uses_admin_pages(session.user.role) { Ok(()) } else { Err(AppError::of(ErrorCode::Forbidden)) }
}

/// Parses an optional integer query or form field; empty means none.
pub fn opt_id(field: &str, raw: Option<&str>) -> AppResult<Option<i64>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::from(renda_core::ValidationError::new(field, "请选择有效的选项"))),
    }
}

/// The posted form's answer to [`confirm_box`]: refused (on the box, with what will happen)
/// unless it was ticked.
pub(crate) fn check_confirmed(body: &axum::body::Bytes, what: renda_core::confirm::Irreversible) -> AppResult<()> {
    let ticked = crate::extract::form_pairs(body)?.iter().any(|(k, v)| k == renda_core::confirm::FIELD && v == "1");
    Ok(what.check(ticked)?)
}

/// The confirmation an irreversible action's form carries: what will happen, and the box to
/// tick (the server refuses the form without it: `renda_core::confirm`). Static text only.
pub fn confirm_box(what: renda_core::confirm::Irreversible) -> String {
    format!(
        r#"<p class="consequence" role="note">{}</p><label class="check"><input type="checkbox" name="{}" value="1" required>{}</label>"#,
        what.consequence(),
        renda_core::confirm::FIELD,
        what.label()
    )
}

/// An instant, or its stored RFC 3339 text, as people read it ([`local_time`]).
pub trait Instant {
    /// The instant, or the text to show as it is when it is none.
    fn instant(&self) -> Result<jiff::Timestamp, String>;
}

impl Instant for jiff::Timestamp {
    fn instant(&self) -> Result<jiff::Timestamp, String> {
        Ok(*self)
    }
}

impl Instant for str {
    fn instant(&self) -> Result<jiff::Timestamp, String> {
        self.parse().map_err(|_| self.to_owned())
    }
}

impl Instant for String {
    fn instant(&self) -> Result<jiff::Timestamp, String> {
        self.as_str().instant()
    }
}

/// An instant as Beijing time for people: `2026-11-29 21:02`. China keeps one zone without
/// daylight saving, so a fixed +08:00 needs no time-zone database.
pub fn local_time<T: Instant + ?Sized>(t: &T) -> String {
    match t.instant() {
        Ok(ts) => renda_core::clock::beijing(ts).strftime("%Y-%m-%d %H:%M").to_string(),
        Err(text) => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_notice_goes_in_the_query_before_a_fragment() {
        assert_eq!(super::with_notice("/meetings/2#item-7", "vote_cast"), "/meetings/2?notice=vote_cast#item-7");
        assert_eq!(super::with_notice("/a?x=1#b", "n"), "/a?x=1&notice=n#b");
        assert_eq!(super::with_notice("/a", "n"), "/a?notice=n");
    }

    #[test]
    fn utc_times_are_shown_in_beijing_time() {
        assert_eq!(super::local_time("2026-11-29T13:02:42.415240Z"), "2026-11-29 21:02");
        assert_eq!(super::local_time("2026-12-31T16:30:00Z"), "2027-01-01 00:30");
        assert_eq!(super::local_time("not a time"), "not a time");
        let ts: jiff::Timestamp = "2026-12-31T16:30:00Z".parse().expect("an instant");
        assert_eq!(super::local_time(&ts), "2027-01-01 00:30");
    }
}
