//! The closed set of error codes. Each code is stable (clients and tests match on it) and
//! carries the Chinese message a clerk reads. Web maps each to an HTTP status.

use serde::Serialize;
use std::fmt;

/// Declares [`ErrorCode`]: each reason's variant, its stable snake_case name, its class (the
/// general code whose HTTP status and handling it shares) and its Chinese message.
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $class:ident, $message:literal; )*) => {
        /// Why something was refused or failed: one closed set of stable reasons, from the core
        /// through the store to the API's `{"error": {"code", …}}`. The first thirteen are the
        /// general classes (each its own class); every other reason belongs to one of them
        /// ([`ErrorCode::class`]), which decides the HTTP status. Adding a reason is fine;
        /// renaming one breaks clients.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, the general classes first.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code as clients see it.
            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $name, )* }
            }

            /// The general class this reason belongs to (a class is its own).
            pub fn class(self) -> ErrorCode {
                match self { $( ErrorCode::$variant => ErrorCode::$class, )* }
            }

            /// The Chinese message for this code, used when no more specific one is given.
            pub fn message(self) -> &'static str {
                match self { $( ErrorCode::$variant => $message, )* }
            }
        }
    };
}

error_codes! {
    // ---- the general classes ------------------------------------------------------------
    /// A field of a form or a row of an import is not valid.
    InvalidInput = "invalid_input", InvalidInput, "填写的内容有误，请检查后重新提交。";
    /// Not logged in.
    Unauthenticated = "unauthenticated", Unauthenticated, "请先登录。";
    /// Logged in, but this role may not do this to this record.
    Forbidden = "forbidden", Forbidden, "您没有执行此操作的权限。";
    /// No such record (or not visible to this user).
    NotFound = "not_found", NotFound, "未找到该记录，或您无权查看。";
    /// The record exists already (a unique name or login).
    Conflict = "conflict", Conflict, "该记录已存在。";
    /// The action is not allowed in the record's current state.
    IllegalTransition = "illegal_transition", IllegalTransition, "当前状态下不能执行此操作。";
    /// Wrong login or password.
    BadCredentials = "bad_credentials", BadCredentials, "用户名或密码错误。";
    /// Too many failed logins.
    TooManyAttempts = "too_many_attempts", TooManyAttempts, "登录失败次数过多，请15分钟后再试。";
    /// The form's CSRF token is missing or wrong.
    CsrfRejected = "csrf_rejected", CsrfRejected, "页面已过期，请刷新后重新提交。";
    /// The request is larger than this form or upload accepts.
    PayloadTooLarge = "payload_too_large", PayloadTooLarge, "提交的内容过大：表单不超过1 MB，每个附件不超过10 MB。";
    /// The server is at its bound for this kind of work (logins, searches); try again shortly.
    Busy = "busy", Busy, "当前访问人数较多，请稍候几秒再试。";
    /// Something broke on our side; details are in the log, never in the answer.
    Internal = "internal", Internal, "系统内部错误，请稍后再试或联系管理员。";
    /// The 主办 unit replies only once every 会办 unit sent its view or staff waived it.
    ViewsPending = "views_pending", IllegalTransition, "会办单位的意见尚未全部送达，主办单位暂不能答复。";

    // ---- text a command needs ---------------------------------------------------------
    Required = "required", InvalidInput, "请填写必填内容。";
    ReasonRequired = "reason_required", InvalidInput, "请填写理由。";
    AnswerRequired = "answer_required", InvalidInput, "请填写答复内容。";
    ReplyRequired = "reply_required", InvalidInput, "请填写批复内容。";
    CommentRequired = "comment_required", InvalidInput, "请填写意见。";
    SubjectRequired = "subject_required", InvalidInput, "请填写事项。";
    SubjectTooLong = "subject_too_long", InvalidInput, "事项内容过长。";
    DateInFuture = "date_in_future", InvalidInput, "日期不能晚于今天。";
    DateOutOfOrder = "date_out_of_order", InvalidInput, "日期的先后顺序有误。";
    DueBeforeToday = "due_before_today", InvalidInput, "办理期限不能早于今天。";
    NotPermitted = "not_permitted", Forbidden, "您不能执行此操作。";
    WrongState = "wrong_state", IllegalTransition, "当前状态下不能执行此操作。";
    WrongPhase = "wrong_phase", IllegalTransition, "当前阶段不能执行此操作。";

    // ---- repeated submissions ------------------------------------------------------------
    RequestInProgress = "request_in_progress", Conflict, "同一请求已经提交，正在处理。请稍后刷新页面查看结果，不要重复提交。";
    IdempotencyKeyReused = "idempotency_key_reused", Conflict, "这个 Idempotency-Key 已用于另一个内容不同的请求，请为新的请求使用新的 Key。";

    // ---- records that exist already, or changed meanwhile ---------------------------------
    ChangedMeanwhile = "changed_meanwhile", Conflict, "该记录已被他人处理，请刷新后重试。";
    OwnAccount = "own_account", Conflict, "不能修改自己的角色，也不能停用自己的账号。";
    DeputyshipEnded = "deputyship_ended", Conflict, "该代表资格已经终止。";
    OrgRevoked = "org_revoked", Conflict, "该机构已撤销。";
    OrgHasOpenChildren = "org_has_open_children", Conflict, "该机构下还有未撤销的机构，请先撤销或移走它们。";
    AlreadyInitialised = "already_initialised", Conflict, "平台已初始化过，未做任何修改。";
    DemoDatabase = "demo_database", Conflict, "这是示范数据库，不能初始化为正式平台。";
    BackupRefused = "backup_refused", Conflict, "无法备份或恢复，请检查备份文件和数据库地址。";
    NotPublished = "not_published", IllegalTransition, "该文档尚未发布。";
    DuplicateSource = "duplicate_source", Conflict, "导入文件中的来源重复。";
    SourceRecordedElsewhere = "source_recorded_elsewhere", Conflict, "该来源已登记在另一名代表或另一级人大的档案中。";
    AutoRecorded = "auto_recorded", Conflict, "该事项由平台根据记录自动登记，无需核实。";
    ActivityCancelled = "activity_cancelled", Conflict, "该活动已取消，不能再办理。";
    AlreadyHost = "already_host", Conflict, "该人大已是本活动的举办方。";
    VoterRepresentativeRegistered = "voter_representative_registered", Conflict, "该选民代表已登记。";
    ChecklistExists = "checklist_exists", Conflict, "本小组该年度的“十有”检查表已建立。";
    ChecklistMissing = "checklist_missing", Conflict, "请先建立本小组该年度的“十有”检查表。";
    PlanExists = "plan_exists", Conflict, "该年度监督工作计划已经存在，请直接修改。";
    AlreadySigned = "already_signed", Conflict, "该代表已经联名，不能重复登记。";
    DeputyAlreadyPosted = "deputy_already_posted", Conflict, "该代表已进驻本联络站。";
    AlreadyReminded = "already_reminded", Conflict, "今天已经提醒过未投票的代表，明天可以再次提醒。";
    BallotAlreadyOpen = "ballot_already_open", Conflict, "评议投票已经开始。";
    AlreadyIssued = "already_issued", Conflict, "该公文已经签发，不能重复签发；如需重发，请先作废原件。";
    DocumentVoided = "document_voided", Conflict, "该公文已经作废。";
    NothingToIssue = "nothing_to_issue", InvalidInput, "没有可列入公文的记录。";

    // ---- suggestions: handling by the units --------------------------------------------------
    ReturnAlreadyRequested = "return_already_requested", IllegalTransition, "已申请退回，正在等待人大工作人员审核。";
    ReturnWindowPassed = "return_window_passed", IllegalTransition, "交办已超过申请退回的期限，不能再申请退回。";
    NoReturnRequested = "no_return_requested", IllegalTransition, "承办单位没有申请退回。";
    ExtensionAlreadyRequested = "extension_already_requested", IllegalTransition, "已申请延期，正在等待审核。";
    NoExtensionRequested = "no_extension_requested", IllegalTransition, "承办单位没有申请延期。";
    ExtensionAtMaximum = "extension_at_maximum", IllegalTransition, "答复期限已达最长期限，不能再延期。";
    ExtensionBeyondMaximum = "extension_beyond_maximum", InvalidInput, "延期后答复期限超过了最长期限。";
    ExtensionNotLater = "extension_not_later", InvalidInput, "延期后的期限须晚于原期限。";
    NotYetAssigned = "not_yet_assigned", IllegalTransition, "尚未交办，不能执行此操作。";
    JointWithdrawalNeedsCosigners = "joint_withdrawal_needs_cosigners", IllegalTransition, "联名建议撤回须经全体联名代表同意。";
    NotOverdue = "not_overdue", IllegalTransition, "只有超过答复期限仍未答复的建议才能催办。";
    ContactBeforeReply = "contact_before_reply", IllegalTransition, "答复前须先与代表联系沟通，并记录沟通情况。";
    NoViewsPending = "no_views_pending", IllegalTransition, "没有待提交的会办意见。";
    SendBackNeedsUnsatisfied = "send_back_needs_unsatisfied", IllegalTransition, "只有代表评价为“不满意”的建议才能交回重新办理。";
    AlreadyCosigned = "already_cosigned", IllegalTransition, "您已确认联名。";
    CosignKeptUntilSubmitted = "cosign_kept_until_submitted", IllegalTransition, "您已确认联名，建议提交后方可撤回联名。";
    ViewAlreadySent = "view_already_sent", IllegalTransition, "本单位的会办意见已提交（或人大工作人员已决定不再等待），不能再次提交。";
    RemindedToday = "reminded_today", IllegalTransition, "今天已催办过此建议，每件建议每天最多催办一次。";
    UnknownReplyClass = "unknown_reply_class", InvalidInput, "答复类别不在本级人大规定的分类之中。";

    // ---- liaison stations: opinions and receptions -------------------------------------------
    ReceiptMismatch = "receipt_mismatch", Forbidden, "回执码与该意见不符。";
    NotForwardedToUnit = "not_forwarded_to_unit", Forbidden, "该意见未转交贵单位办理。";
    AlreadyRated = "already_rated", IllegalTransition, "您已评价过，每条意见只能评价一次。";
    TooManyOpinions = "too_many_opinions", TooManyAttempts, "提交的意见过多，请稍后再试，或到联络站当面反映。";
    NoReceivingDeputy = "no_receiving_deputy", InvalidInput, "请至少安排一名接待代表。";
    DuplicateDeputy = "duplicate_deputy", InvalidInput, "同一名代表不能重复安排接待。";
    EndsBeforeStart = "ends_before_start", InvalidInput, "接待结束时间应晚于开始时间。";
    ReceptionInPast = "reception_in_past", InvalidInput, "接待日期已过，不能再公布。";
    NoticeTooShort = "notice_too_short", InvalidInput, "接待活动公布得太晚，未达到提前公布的天数。";
    NoticeDaysOutOfRange = "notice_days_out_of_range", InvalidInput, "接待活动提前公布的天数超出范围。";
    ReceptionNotYet = "reception_not_yet", IllegalTransition, "接待日尚未到。";
    ReceptionClosed = "reception_closed", IllegalTransition, "该接待安排已结束或已取消。";

    // ---- oversight: reviews, ballots, major matters -----------------------------------------
    NotTheBodyOverseen = "not_the_body_overseen", Forbidden, "该审议意见不是交由贵单位研究处理的。";
    AlreadyPublished = "already_published", IllegalTransition, "该审议意见已经公开。";
    ReportMonthsOutOfRange = "report_months_out_of_range", InvalidInput, "审议意见办理期限超出范围。";
    SentBeforeApproval = "sent_before_approval", InvalidInput, "交办日期不能早于主任会议通过的日期。";
    FollowUpBeforeReport = "follow_up_before_report", InvalidInput, "跟踪监督的决定日期不能早于报送办理情况的日期。";
    UnsatisfiedVoteNeedsFollowUp = "unsatisfied_vote_needs_follow_up", IllegalTransition, "表决结果为不满意，应责成重新研究处理并跟踪监督，不能直接办结。";
    InquiryNeedsStandingCommittee = "inquiry_needs_standing_committee", InvalidInput, "乡镇人大不设常务委员会，不适用监督法规定的质询。";
    InquiryTooFewSignatures = "inquiry_too_few_signatures", InvalidInput, "质询案联名人数不足。";
    NoSubjects = "no_subjects", InvalidInput, "评议票上至少要有一个评议对象。";
    SubjectName = "subject_name", InvalidInput, "评议对象名称不能为空，且不超过60个字。";
    DuplicateSubject = "duplicate_subject", InvalidInput, "评议对象重复。";
    NoElectorate = "no_electorate", InvalidInput, "请确定参加评议投票的代表。";
    UnknownSubject = "unknown_subject", InvalidInput, "评议对象不在本次评议票上。";
    SubjectMarkedTwice = "subject_marked_twice", InvalidInput, "同一评议对象只能选择一项。";
    SubjectNotMarked = "subject_not_marked", InvalidInput, "请对每个评议对象选择满意、基本满意或不满意。";
    NotEntitled = "not_entitled", Forbidden, "您不在本次评议投票的代表名单中。";
    BallotNotOpen = "ballot_not_open", IllegalTransition, "评议投票尚未开始，不能投票。";
    BallotNotClosed = "ballot_not_closed", IllegalTransition, "评议投票结束后才能公布结果。";
    AlreadyVoted = "already_voted", IllegalTransition, "您已经投过票，每位代表只能投一次。";
    AllVoted = "all_voted", IllegalTransition, "所有代表均已投票，无需提醒。";
    BallotCountMismatch = "ballot_count_mismatch", Internal, "投票人数与选票数不一致，请联系管理员核查。";
    StoredBallotMismatch = "stored_ballot_mismatch", Internal, "存储的选票与评议对象不符。";
    ReportNeedsNoReply = "report_needs_no_reply", IllegalTransition, "报告无需批复，报送即办结。";
    BadRegisterNumber = "bad_register_number", InvalidInput, "登记编号格式不正确，应如 2026-请示-003。";
    NumberMismatch = "number_mismatch", InvalidInput, "登记编号与年度或类别不符。";

    // ---- meetings: quorum, votes, appointments and removals ----------------------------------
    NoQuorum = "no_quorum", IllegalTransition, "出席会议的组成人员未超过全体组成人员的半数，不能表决。";
    VoteOutOfOrder = "vote_out_of_order", IllegalTransition, "表决顺序有误，请先表决排在前面的事项。";
    JointVoteNotDecided = "joint_vote_not_decided", InvalidInput, "人事任免应逐人表决；合并表决须经主任会议决定。";
    SecretVoteRequired = "secret_vote_required", InvalidInput, "该事项应采用无记名方式表决。";
    FiledTooLate = "filed_too_late", InvalidInput, "任免案提请得太晚，未达到会议举行前规定的天数。";
    ExamNotPassed = "exam_not_passed", IllegalTransition, "拟任人员尚未通过任前法律知识考试，不能提请表决。";
    ExamNotAllowed = "exam_not_allowed", IllegalTransition, "该人员不能再参加本届任前法律知识考试。";
    NominationBarred = "nomination_barred", IllegalTransition, "该人选的提名未获通过，规定期限内不能再次提请。";
    RemovalTooFewSignatures = "removal_too_few_signatures", InvalidInput, "撤职案须由常委会组成人员五分之一以上联名提出。";
    CaseIncomplete = "case_incomplete", IllegalTransition, "任免案材料不齐全，应退回提请机关补充，不能受理。";
    DefenceNotHeard = "defence_not_heard", IllegalTransition, "撤职案表决前应当听取本人的申辩意见。";
    DeviceVotesCast = "device_votes_cast", IllegalTransition, "已有组成人员通过表决器表决，不能再改为举手或纸质票表决。";
    TellersInvalid = "tellers_invalid", InvalidInput, "监票人应为两名不同的、出席会议的组成人员。";
    CountExceedsPresent = "count_exceeds_present", InvalidInput, "赞成、反对、弃权的票数合计不能多于出席会议的组成人员人数。";

    // ---- meetings: 列席 and 旁听, speeches and the 简报 ----------------------------------------
    GalleryFull = "gallery_full", Conflict, "旁听席位已满，不能再登记旁听。";
    NotTheSpeaker = "not_the_speaker", Forbidden, "只有发言人本人可以确认发言记录。";
    SpeechNotSignedOff = "speech_not_signed_off", IllegalTransition, "简报只能编入经发言人确认的发言。";
    SpeechFrozen = "speech_frozen", IllegalTransition, "该发言已编入已发布的简报，不能再修改。";
    EmptyBulletin = "empty_bulletin", InvalidInput, "简报至少应编入一篇发言。";
    BulletinPublished = "bulletin_published", IllegalTransition, "该期简报已经发布，不能再修改或删除。";

    // ---- filing review (备案审查) and public consultation on draft regulations --------------
    PeriodOutOfRange = "period_out_of_range", InvalidInput, "期限设置超出允许的范围。";
    TextTooLong = "text_too_long", InvalidInput, "填写的内容过长。";
    TextAttachmentMissing = "text_attachment_missing", InvalidInput, "报送备案须附规范性文件文本。";
    FilingIncomplete = "filing_incomplete", IllegalTransition, "备案材料不齐全，应退回补正，不能登记。";
    MissingItemsRequired = "missing_items_required", InvalidInput, "退回补正须写明需要补充的材料。";
    BadFilingNumber = "bad_filing_number", InvalidInput, "备案号格式不正确，应如 示人常备〔2026〕12号。";
    NotTheMaker = "not_the_maker", Forbidden, "该规范性文件不是贵单位报送备案的。";
    NoFilingRemit = "no_filing_remit", InvalidInput, "乡镇人大不设常务委员会，不受理规范性文件备案。";
    ContactInvalid = "contact_invalid", InvalidInput, "请填写有效的联系电话或电子邮箱。";
    ConsultationNeedsCity = "consultation_needs_city", Forbidden, "只有设区的市人大及其常委会可以公开征求法规草案意见。";
    ConsultationNotOpen = "consultation_not_open", IllegalTransition, "法规草案不在征求意见期内。";
    NoSuchArticle = "no_such_article", InvalidInput, "草案没有该条。";
    GroupAcrossVersions = "group_across_versions", InvalidInput, "不同版本草案的意见不能合并为一组。";
    DraftWithoutArticles = "draft_without_articles", InvalidInput, "草案文本中没有找到以“第…条”开头的条文。";
    NotLiaisonPoint = "not_liaison_point", InvalidInput, "该联络站不是基层立法联系点。";
    ConsultationStillOpen = "consultation_still_open", IllegalTransition, "征求意见尚未截止，截止后才能公布征求意见情况。";
    ReportAlreadyPublished = "report_already_published", IllegalTransition, "征求意见情况已经公布。";
    CommitteeOpinionsPending = "committee_opinions_pending", IllegalTransition, "征求的专门委员会意见尚未全部回复，暂不能审结。";
    NoSuchCommitteeOpinion = "no_such_committee_opinion", InvalidInput, "没有向该专门委员会征求意见，或其意见已经回复。";
    CommitteeAlreadyAsked = "committee_already_asked", IllegalTransition, "已向该专门委员会征求意见，尚未回复。";

    // ---- scoring: rule tables, their versions, declarations, check-in, 述职 -----------------
    TableNameMissing = "table_name_missing", InvalidInput, "请填写评分细则的名称。";
    NegativeBase = "negative_base", InvalidInput, "基础分不能为负数。";
    NegativeCap = "negative_cap", InvalidInput, "上限不能为负数。";
    DuplicateRule = "duplicate_rule", InvalidInput, "每类事项只能设置一条计分规则。";
    InvalidFormula = "invalid_formula", InvalidInput, "计分办法有误。";
    UnknownCategory = "unknown_category", InvalidInput, "所属的类别没有设置。";
    UnknownKind = "unknown_kind", InvalidInput, "未知的履职事项类别。";
    CategoryNameMissing = "category_name_missing", InvalidInput, "请填写类别名称。";
    DuplicateCategory = "duplicate_category", InvalidInput, "类别重复设置。";
    NegativeCategoryCap = "negative_category_cap", InvalidInput, "类别的上限不能为负数。";
    TooManyCategories = "too_many_categories", InvalidInput, "类别过多。";
    MaxBelowBase = "max_below_base", InvalidInput, "满分不能低于基础分。";
    BandLabelMissing = "band_label_missing", InvalidInput, "请填写等次名称。";
    DuplicateBand = "duplicate_band", InvalidInput, "等次重复设置。";
    EmptyBand = "empty_band", InvalidInput, "等次的下限须低于上限。";
    BandGap = "band_gap", InvalidInput, "有分数段未归入任何等次。";
    BandOverlap = "band_overlap", InvalidInput, "等次的分数范围重叠。";
    BandsStartAboveZero = "bands_start_above_zero", InvalidInput, "最低的等次须从0分起算。";
    BandsEndBelowTop = "bands_end_below_top", InvalidInput, "最高的等次不能设上限。";
    TableLocked = "table_locked", IllegalTransition, "该年度的评分细则已锁定，不能修改。";
    CorrectionReasonMissing = "correction_reason_missing", InvalidInput, "更正评分细则须写明理由。";
    CorrectionOutsideYear = "correction_outside_year", IllegalTransition, "只能在本年度内更正本年度的评分细则。";
    NothingToCorrect = "nothing_to_correct", NotFound, "该年度尚未发布评分细则，无可更正。";
    EffectiveDateNotLater = "effective_date_not_later", InvalidInput, "新版本的生效日期须晚于上一版本的生效日期。";
    EffectiveDateNotFuture = "effective_date_not_future", InvalidInput, "年度开始后发布的新版本只能从今后生效。";
    EffectiveDateAfterYear = "effective_date_after_year", InvalidInput, "生效日期不能晚于年底。";
    NoSuchVersion = "no_such_version", NotFound, "没有该版本的评分细则。";
    InvalidPeriod = "invalid_period", InvalidInput, "考核期间有误：开始日期晚于结束日期。";
    NotDeclarable = "not_declarable", InvalidInput, "该类事项由平台根据记录自动登记，不能申报。";
    EvidenceMissing = "evidence_missing", InvalidInput, "申报履职事项须提供佐证材料。";
    ZeroQuantity = "zero_quantity", InvalidInput, "数量须大于0。";
    LeavePending = "leave_pending", IllegalTransition, "该代表的请假申请尚未处理，请先批准或不批准。";
    CheckinTokenExpired = "checkin_token_expired", IllegalTransition, "签到二维码已过期，请重新扫描。";
    CheckinTokenInvalid = "checkin_token_invalid", Forbidden, "签到二维码无效，请扫描组织方手机上当前显示的二维码。";
    TooManyRatings = "too_many_ratings", InvalidInput, "测评票数多于登记的选民代表人数。";
    NoRatings = "no_ratings", InvalidInput, "尚无选民代表的测评结果。";
    ChecklistSize = "checklist_size", InvalidInput, "检查项目的数量超出范围。";
    DuplicateChecklistItem = "duplicate_checklist_item", InvalidInput, "检查项目重复。";
    NoSuchChecklistItem = "no_such_checklist_item", NotFound, "没有该检查项目。";
    PdfUnavailable = "pdf_unavailable", NotFound, "本平台所在的服务器未安装 LibreOffice，公文只能下载 DOCX 格式。";
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Why a command or a form was refused: its reason, the sentence the user reads (in Chinese),
/// and the form field at fault when one is (the message is shown beside it). Every module of
/// the core refuses with this one type; the store carries it to the web unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl Refusal {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Refusal { code, message: message.into(), field: None }
    }

    /// What was typed in the form field `field` is refused (`invalid_input`), saying why.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Refusal::new(ErrorCode::InvalidInput, message).at(field)
    }

    /// The reason with its own message.
    pub fn of(code: ErrorCode) -> Self {
        Refusal::new(code, code.message())
    }

    /// The same refusal, about the field `name`.
    pub fn at(self, name: &'static str) -> Self {
        Refusal { field: Some(name), ..self }
    }

    /// The general class of its reason.
    pub fn class(&self) -> ErrorCode {
        self.code.class()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value that failed to parse: which field, and a Chinese message saying what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The field's name as the form or import file calls it (Chinese for import columns).
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_snake_case_name_and_a_chinese_message() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert!(code.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert!(
                code.message().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code} has no Chinese message"
            );
        }
    }

    #[test]
    fn every_reason_belongs_to_a_general_class_that_is_its_own_class() {
        for &code in ErrorCode::ALL {
            let class = code.class();
            assert_eq!(class.class(), class, "{code}'s class {class} is not a class");
            assert!(ErrorCode::ALL[..13].contains(&class), "{code}'s class {class} is not one of the first thirteen");
        }
        assert_eq!(ErrorCode::ReceptionNotYet.class(), ErrorCode::IllegalTransition);
        assert_eq!(ErrorCode::DueBeforeToday.as_str(), "due_before_today");
    }
}
