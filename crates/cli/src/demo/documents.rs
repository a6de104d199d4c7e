//! The demo's document library: thirteen texts written for 示范市, and — when the real data
//! sits beside the repository (`../shared/data`) — the speech page, the government work
//! reports and the laws from there.
//!
//! The own texts ([`OWN`]) are news about the standing committee's meetings, notices about
//! deputy training and the liaison stations' reception days, a decision, a model text (公文范文)
//! and one staff-only draft of 东城区. They are dated relative to `today`, over the last two
//! months. The store's `create_document` always publishes "now", so the texts dated in the past
//! go in through `import_documents`, which takes a publication time (each with a `demo:` source,
//! audited as imports); the one published today goes through `create_document` and
//! `set_document_published`, the draft through `create_document` alone. Reads are then
//! noted with `note_view` (and flushed) under made-up reader keys on days of the last month, so the
//! portal's weekly and monthly most-read lists have something to show.
//!
//! Importing everything under `../shared/data/laws` (1,165 laws, 20 MB) adds about 1.0–1.3 s
//! to the demo in a debug build (half of it reading and parsing the files) and about 0.35 s in a
//! release build; `renda import laws` on its own takes 1.2–1.3 s and 0.4–0.75 s (measured on two
//! cores shared with other builds). That is far below the ~10 s that would make the demo slow to
//! start, so the demo imports all of it rather than only the 宪法 and 宪法相关法 folders.

use anyhow::{Context, Result, anyhow};
use jiff::civil::{Date, Time};
use jiff::{Span, ToSpan};
use rand::rngs::StdRng;
use rand::seq::IteratorRandom;
use rand::{Rng, SeedableRng};
use renda_core::document::{DocKind, DocumentDraft, Visibility, normalise_body, parse_tags};
use renda_core::ids::OrgId;
use renda_office::documents::{parse_page, parse_reports_jsonl, read_laws_dir};
use renda_store::documents::{DocumentId, ImportedText};
use renda_store::{Actor, Store};
use std::path::{Path, PathBuf};

use crate::import::documents::{read_text, to_imported, to_imported_all};

/// The seed of the made-up reads.
const VIEWS_SEED: u64 = 0x5245_4e44_4120_0d0c;

/// Where an own text belongs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// 示范市人民代表大会.
    City,
    /// 东城区人民代表大会.
    East,
}

/// How an own text reaches the store.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Publish {
    /// Published this many days before `today` (0–60).
    DaysAgo(i64),
    /// Written as a draft, then published today.
    Today,
    /// Kept as a draft.
    Draft,
}

/// One text written for the demo. In `title` and `body`, `{年}` and `{月}` are the year and
/// month of its publication day (of `today` for a draft); `body` has one paragraph per line,
/// `# ` for a heading.
struct OwnDoc {
    at: At,
    publish: Publish,
    kind: DocKind,
    visibility: Visibility,
    featured: bool,
    title: &'static str,
    organ: &'static str,
    lead: &'static str,
    body: &'static str,
    tags: &'static str,
    /// Readers on its first day; fewer as it ages. 0: never read (the draft).
    heat: u32,
}

const CITY_SC: &str = "示范市人大常委会";
const CITY_OFFICE: &str = "示范市人大常委会办公室";

/// The demo's own texts, newest first.
const OWN: &[OwnDoc] = &[
    OwnDoc {
        at: At::City,
        publish: Publish::Today,
        kind: DocKind::Notice,
        visibility: Visibility::Public,
        featured: false,
        title: "关于{年}年{月}月各代表联络站接待群众活动安排的公告",
        organ: CITY_OFFICE,
        lead: "本月各代表联络站照常开展代表接待群众活动，欢迎群众前往反映意见和建议。",
        body: "为密切人大代表同人民群众的联系，畅通群众表达意见和建议的渠道，现将{年}年{月}月各代表联络站接待群众活动安排公告如下：
# 一、接待时间和地点
文昌街道人大代表联络站：每周三上午9:00至11:30，文昌街道党群服务中心二楼。
金沙街道人大代表联络站：每周四下午2:30至5:00，金沙街道综合服务大厅东侧。
湖滨街道人大代表联络站：每月第二、第四个星期二上午9:00至11:30，湖滨街道社区服务中心。
城关镇人大代表联络站：每月逢五日上午9:00至11:30，城关镇人民政府一楼。
# 二、接待方式
每次安排市、区（县）、镇三级人大代表各一至二名进站接待，当面听取群众意见，能够当场解答的当场解答，需要有关部门办理的由联络站登记后转交，并在十五个工作日内告知办理情况。
# 三、其他事项
群众也可以通过本平台“群众留言”栏目或各联络站意见箱反映意见。接待时间如有调整，由各联络站另行公告。",
        tags: "代表联络站、接待群众",
        heat: 5,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(3),
        kind: DocKind::News,
        visibility: Visibility::Public,
        featured: true,
        title: "示范市第十八届人大常委会召开第二十六次会议",
        organ: CITY_OFFICE,
        lead: "会议听取和审议了市人民政府关于今年市人民代表大会会议期间代表建议办理情况的报告，表决通过了有关人事任免事项。",
        body: "示范市第十八届人民代表大会常务委员会第二十六次会议在市人大常委会会议厅举行。常委会主任主持会议，常委会组成人员出席会议，市人民政府、市监察委员会、市中级人民法院、市人民检察院有关负责同志和部分市人大代表列席会议。
会议听取和审议了市人民政府关于今年市人民代表大会会议期间代表建议办理情况的报告。报告显示，大会期间代表提出的建议已全部交办，承办单位均在规定期限内答复，一批群众关心的老旧小区改造、农村饮水安全、中小学校周边交通秩序等问题得到解决或列入计划逐步解决。
常委会组成人员在审议中指出，要坚持把代表建议办理的过程作为改进工作的过程，既重答复更重落实；对列入计划解决的建议要明确时间表，对因条件限制暂时不能解决的要向代表说明情况、做好沟通。
会议还听取了市人大常委会代表资格审查委员会关于个别代表的代表资格的报告，表决通过了有关人事任免事项。
会议强调，下半年常委会将继续围绕全市中心工作依法履职，组织代表深入开展视察调研，推动代表建议从“办得了”向“办得好”转变。",
        tags: "常委会会议、代表建议",
        heat: 9,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(8),
        kind: DocKind::Notice,
        visibility: Visibility::Public,
        featured: true,
        title: "关于举办{年}年市人大代表履职学习培训班的通知",
        organ: CITY_OFFICE,
        lead: "培训班分两期举办，每期三天，围绕代表履职基本知识、提出高质量建议和联系群众的方法安排课程。",
        body: "各区（县）人大常委会，各代表团，市人大常委会各工作机构：
为进一步提高市人大代表依法履职的能力和水平，经研究，决定举办{年}年市人大代表履职学习培训班。现将有关事项通知如下：
# 一、培训对象
全体市人大代表。本届以来补选的代表和尚未参加过集中培训的代表须参加。
# 二、培训时间和地点
培训班分两期举办，每期三天，在市人大代表培训中心进行。第一期安排东城区、西城区、南湖区代表团，第二期安排北山区、清河县、云岭县代表团。具体日期另行通知。
# 三、培训内容
《代表法》和代表履职基本知识；如何提出高质量的代表建议；人大监督工作的程序和方法；代表联络站建设和联系群众的方法；本平台的使用，包括在线提出建议、查看办理进度和评价答复。
# 四、有关要求
请各代表团于本通知发布之日起十日内将参训代表名单报市人大常委会代表工作委员会。参训代表因故不能参加的，须向所在代表团请假。培训期间统一安排食宿，不收取任何费用。",
        tags: "代表培训",
        heat: 8,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(12),
        kind: DocKind::News,
        visibility: Visibility::Public,
        featured: true,
        title: "市人大常委会召开代表建议办理工作推进会",
        organ: CITY_OFFICE,
        lead: "会议通报了今年代表建议的交办和办理进度，对重点督办建议的办理提出了明确要求。",
        body: "市人大常委会召开代表建议办理工作推进会，常委会分管副主任出席并讲话，市人民政府有关负责同志和各承办单位的分管负责人参加会议。
会议通报了今年代表建议的交办和办理进度。今年市人大代表共提出建议一百件，已全部交办到承办单位，目前多数已经答复代表，其余正在办理之中；确定的重点督办建议由常委会领导牵头督办。
会上，市住房和城乡建设局、市交通运输局、市教育局等承办单位交流了办理工作的做法，部分代表对办理情况进行了现场评议。
会议要求，各承办单位要在法定期限内答复代表，答复前要与代表当面沟通；对代表不满意的建议要重新研究办理；对即将到期的建议要抓紧办理，避免逾期。常委会代表工作委员会将定期通报办理进度，并在年底前组织代表对办理工作进行满意度测评。",
        tags: "代表建议、督办",
        heat: 7,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(17),
        kind: DocKind::News,
        visibility: Visibility::Public,
        featured: false,
        title: "市人大常委会组织代表视察老旧小区改造工作",
        organ: CITY_OFFICE,
        lead: "视察组实地察看了东城区、西城区的四个老旧小区改造项目，并召开座谈会听取意见。",
        body: "市人大常委会组织部分市人大代表视察全市老旧小区改造工作。视察组先后来到东城区文昌街道、新桥街道和西城区金沙街道的四个改造项目现场，察看加装电梯、管网更新、停车位增设和适老化改造等情况，与居民面对面交流。
在随后召开的座谈会上，市住房和城乡建设局汇报了今年的改造计划和进度。代表们认为，老旧小区改造是惠民生、暖民心的实事，改造项目总体进展顺利，群众满意度较高。
代表们也指出了一些问题：个别项目施工期间出行不便，居民意见较多；部分小区改造后缺少长效管理，容易反弹。代表们建议，改造方案要充分听取居民意见，施工要合理安排工序，改造完成后要同步建立物业管理或居民自治机制。
视察组表示，将梳理代表提出的意见和建议，形成视察报告，送市人民政府研究处理。",
        tags: "代表视察、老旧小区改造",
        heat: 5,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(22),
        kind: DocKind::News,
        visibility: Visibility::Public,
        featured: false,
        title: "人大代表走进联络站 倾听群众“急难愁盼”",
        organ: CITY_OFFICE,
        lead: "各代表联络站集中开展代表接待群众活动，现场登记群众意见和建议。",
        body: "全市各代表联络站集中开展代表接待群众活动，市、区（县）、镇三级人大代表分批进站，面对面听取群众意见。
在文昌街道人大代表联络站，几位居民反映小区周边道路晚间照明不足。接待代表当场记录，并与街道办事处工作人员一起到现场察看，随后将意见转交有关部门办理。在城关镇人大代表联络站，代表们听取了村民关于农田灌溉渠修缮和农产品销售的意见。
活动期间，各联络站共登记群众意见和建议数十条，能够当场解答的当场作了解答，需要有关部门办理的已转交办理，并将跟踪办理情况、及时向群众反馈。
市人大常委会代表工作委员会负责同志表示，代表联络站是代表联系群众的重要平台，下一步将推动联络站接待活动常态化，并通过本平台公开接待安排和办理情况。",
        tags: "代表联络站、接待群众",
        heat: 4,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(26),
        kind: DocKind::News,
        visibility: Visibility::Public,
        featured: false,
        title: "市人大代表集中视察农村饮水安全工作",
        organ: CITY_OFFICE,
        lead: "代表们实地察看了清河县、云岭县的三处集中供水工程，就提高农村供水保障水平提出建议。",
        body: "市人大常委会组织部分市人大代表集中视察农村饮水安全工作。代表们深入清河县城关镇、云岭县高坪镇等地，察看集中供水工程、水质检测点和管网延伸工程，走访村民家中了解用水情况。
视察中，代表们看到，近年来全市农村集中供水覆盖率不断提高，多数村民用上了稳定达标的自来水。同时，部分偏远山区村组仍存在供水季节性不足、管网老化等问题。
代表们建议，要加快推进城乡供水一体化，加强水源地保护和水质监测，落实工程建后管护责任和经费，让农村群众长期喝上放心水。",
        tags: "代表视察、农村饮水",
        heat: 3,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(33),
        kind: DocKind::Notice,
        visibility: Visibility::Users,
        featured: false,
        title: "关于开展新任代表初任培训线上学习的通知",
        organ: "示范市人大常委会代表工作委员会",
        lead: "本届以来补选的市人大代表通过本平台完成初任培训线上课程。",
        body: "各代表团：
为帮助本届以来补选的市人大代表尽快熟悉履职工作，市人大常委会代表工作委员会在本平台开设了初任培训线上课程。现将有关事项通知如下：
# 一、学习内容
人民代表大会制度的基本知识；代表的权利和义务；代表建议的提出、交办、办理和评价；代表联络站工作规范；代表履职档案的记录方法。
# 二、学习方式
代表使用本人账号登录本平台，在“学习培训”栏目中完成全部课程，每门课程学习结束后进行简单的自测。
# 三、时间要求
请于本通知发布之日起两个月内完成学习。学习情况记入代表履职档案。
# 四、联系方式
学习中遇到问题，可向所在代表团联络员或市人大常委会代表工作委员会咨询。",
        tags: "代表培训、新任代表",
        heat: 3,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(40),
        kind: DocKind::Model,
        visibility: Visibility::Users,
        featured: false,
        title: "关于××××年度代表建议办理工作情况的报告（范文）",
        organ: CITY_OFFICE,
        lead: "承办单位向人大常委会报告代表建议办理工作情况的参考格式，方括号内为需要填写的内容。",
        body: "示范市人大常委会：
××××年，我单位共承办市××届人大××次会议代表建议××件，其中主办××件、协办××件。现将办理工作情况报告如下：
# 一、基本情况
截至××月××日，所承办的建议已全部在法定期限内答复代表。其中，所提问题已经解决或基本解决的××件，列入年度计划拟解决的××件，因条件限制或其他原因需要以后研究解决的××件，留作参考的××件。代表对答复表示满意的××件、基本满意的××件。
# 二、主要做法
（一）加强组织领导。单位主要负责同志对建议办理负总责，分管负责同志具体抓，明确承办科室和责任人，做到件件有人管、事事有回音。
（二）加强与代表沟通。答复前通过走访、座谈、电话等方式与领衔代表沟通，了解代表意图，共同研究解决办法。
（三）注重办理实效。把建议办理同年度重点工作结合起来，推动解决了［列举二至三项代表关注、已经解决的具体问题］。
# 三、存在的问题
［如实说明办理工作中的不足，例如个别建议答复内容较为原则、跟踪落实不够及时等。］
# 四、下一步打算
（一）对列入计划解决的××件建议，明确时间表和责任人，按期落实，并及时向代表反馈进展。
（二）对代表不满意的建议，重新研究办理，在三个月内再次答复。
（三）总结办理经验，完善建议办理工作制度。
特此报告。
［承办单位名称］
××××年××月××日",
        tags: "公文范文、代表建议、办理工作报告",
        heat: 4,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(46),
        kind: DocKind::Notice,
        visibility: Visibility::Public,
        featured: false,
        title: "关于征集市人大常委会下一年度监督工作计划议题建议的公告",
        organ: CITY_OFFICE,
        lead: "公开征集下一年度常委会听取审议专项工作报告、开展执法检查和专题询问的议题建议。",
        body: "为使常委会监督工作更加贴近群众、回应关切，现向社会公开征集市人大常委会下一年度监督工作计划议题建议。
# 一、征集范围
常委会听取和审议市人民政府、市监察委员会、市中级人民法院、市人民检察院专项工作报告的议题；开展执法检查的法律法规；开展专题询问和专题调研的事项。
# 二、征集方式
可通过本平台“群众留言”栏目提交，也可来信寄送示范市人大常委会办公室，信封上注明“监督议题建议”。建议应写明议题名称、理由和具体监督内容，并留下联系方式。
# 三、征集时间
自本公告发布之日起一个月内。
对采纳的议题建议，常委会将在监督工作计划中予以体现。",
        tags: "监督工作、公开征集",
        heat: 2,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(51),
        kind: DocKind::Decision,
        visibility: Visibility::Public,
        featured: true,
        title: "示范市人民代表大会常务委员会关于加强和改进代表建议办理工作的决定",
        organ: CITY_SC,
        lead: "示范市第十八届人民代表大会常务委员会第二十五次会议通过。",
        body: "为了进一步加强和改进代表建议办理工作，保障代表依法履职，根据《代表法》和有关规定，结合本市实际，作出如下决定：
一、代表建议办理工作是人民政府、监察委员会、人民法院、人民检察院和其他承办单位的法定职责。承办单位应当自交办之日起三个月内答复代表；涉及面广、处理难度大的，应当在六个月内答复。
二、承办单位在答复前应当与领衔代表沟通，了解代表的意图和要求。答复应当实事求是，对所提问题的解决情况、计划和原因作出明确说明。
三、代表对答复不满意的，可以提出意见，由常委会代表工作机构交有关承办单位重新研究办理，承办单位应当在三个月内再次答复。
四、常委会每年选择若干件事关全局、群众关注的建议作为重点督办建议，由常委会领导牵头督办。
五、常委会每年听取和审议人民政府关于代表建议办理情况的报告，必要时听取和审议其他承办单位的报告。
六、代表建议及其办理情况，除涉及国家秘密、商业秘密和个人隐私的以外，应当通过本市人大代表工作平台向社会公开。
七、本决定自公布之日起施行。",
        tags: "代表建议、决定",
        heat: 4,
    },
    OwnDoc {
        at: At::City,
        publish: Publish::DaysAgo(52),
        kind: DocKind::News,
        visibility: Visibility::Public,
        featured: false,
        title: "示范市第十八届人大常委会召开第二十五次会议",
        organ: CITY_OFFICE,
        lead: "会议审议通过了关于加强和改进代表建议办理工作的决定，听取了市人民政府关于上半年国民经济和社会发展计划执行情况的报告。",
        body: "示范市第十八届人民代表大会常务委员会第二十五次会议举行，常委会主任主持会议。
会议审议通过了《示范市人民代表大会常务委员会关于加强和改进代表建议办理工作的决定》。决定对承办单位答复的期限、答复前与代表沟通、代表不满意建议的重新办理、重点督办和办理情况公开等作出了规定。
会议听取和审议了市人民政府关于上半年国民经济和社会发展计划执行情况的报告，以及市人大常委会关于乡镇人大工作情况的调研报告。
常委会组成人员在审议中建议，要加强对乡镇人大工作的指导，推动乡镇人大主席团在闭会期间更好地组织代表开展活动。",
        tags: "常委会会议",
        heat: 2,
    },
    OwnDoc {
        at: At::East,
        publish: Publish::Draft,
        kind: DocKind::Notice,
        visibility: Visibility::Staff,
        featured: false,
        title: "东城区人大常委会关于加强代表小组和联络站活动的工作方案（征求意见稿）",
        organ: "东城区人大常委会办公室",
        lead: "征求意见稿，请常委会各工作机构和各街道、镇人大工作机构在两周内提出修改意见。",
        body: "# 一、代表联络站建设
推动文昌街道、新桥街道人大代表联络站规范运行，每站每月至少安排两次代表接待活动，接待情况按月在平台上公开。
# 二、代表小组活动
各代表小组每季度至少集中活动一次，围绕代表建议办理、民生实事项目开展视察调研，活动情况报区人大常委会代表工作机构。
# 三、代表建议跟踪
代表小组对本组代表提出的建议开展办理情况跟踪，对办理进度滞后的建议及时向区人大常委会反映。
# 四、代表履职档案
各代表小组按季度汇总代表参加活动情况，记入代表履职档案。
［以上内容为征求意见稿，请勿对外公开。］",
        tags: "代表工作、征求意见稿",
        heat: 0,
    },
];

/// What [`seed_own`] wrote.
pub(super) struct OwnSeeded {
    pub documents: usize,
    pub views: usize,
}

/// Writes [`OWN`] into the city (and 东城区) and records reads over the last month.
pub(super) async fn seed_own(store: &Store, city: OrgId, east: OrgId, today: Date) -> Result<OwnSeeded> {
    let actor = Actor::system();
    let mut written: Vec<(DocumentId, Date, u32)> = Vec::new();
    // The dated texts of each congress, imported together.
    let mut dated: Vec<(OrgId, Vec<(usize, ImportedText)>)> = vec![(city, Vec::new()), (east, Vec::new())];
    for (i, d) in OWN.iter().enumerate() {
        let congress = match d.at {
            At::City => city,
            At::East => east,
        };
        match d.publish {
            Publish::DaysAgo(n) => {
                let day = days_before(today, n)?;
                // Between 8:30 and 17:30, varying from text to text.
                let minutes = 510 + (i as i64 * 97) % 540;
                let at = day.to_datetime(Time::midnight()).checked_add(minutes.minutes())?;
                let text = ImportedText {
                    source: format!("demo:{}", i + 1),
                    draft: draft(d, day)?,
                    published_at: Some(at),
                    views: 0,
                };
                let k = usize::from(d.at == At::East);
                dated[k].1.push((i, text));
            }
            Publish::Today | Publish::Draft => {
                let id = store
                    .create_document(&actor, congress, &draft(d, today)?, false)
                    .await
                    .with_context(|| format!("无法建立演示文档“{}”", d.title))?;
                if d.publish == Publish::Today {
                    store.set_document_published(&actor, id, true).await.context("无法发布演示文档")?;
                    written.push((id, today, d.heat));
                }
            }
        }
    }
    for (congress, batch) in dated.into_iter().filter(|(_, b)| !b.is_empty()) {
        let texts: Vec<ImportedText> = batch.iter().map(|(_, t)| t.clone()).collect();
        let report = store.import_documents(&actor, congress, &texts).await.context("无法写入演示文档")?;
        anyhow::ensure!(report.added == texts.len(), "演示文档只写入了{}篇（应为{}篇）", report.added, texts.len());
        let ids = ids_by_source(store, &texts).await?;
        for ((i, t), id) in batch.iter().zip(ids) {
            let day = t.published_at.map_or(today, |p| p.date());
            written.push((id, day, OWN[*i].heat));
        }
    }
    let views = record_reads(store, &written, today).await?;
    Ok(OwnSeeded { documents: OWN.len(), views })
}

/// The draft of an own text, its placeholders filled for `day`.
fn draft(d: &OwnDoc, day: Date) -> Result<DocumentDraft> {
    let fill = |s: &str| s.replace("{年}", &day.year().to_string()).replace("{月}", &day.month().to_string());
    Ok(DocumentDraft {
        kind: d.kind,
        visibility: d.visibility,
        title: fill(d.title),
        text_date: Some(day),
        date_precision: renda_core::document::DatePrecision::Day,
        organ: d.organ.to_owned(),
        lead: fill(d.lead),
        body: normalise_body(&fill(d.body)),
        tags: parse_tags(d.tags).map_err(|e| anyhow!("演示文档“{}”的标签：{}", d.title, e.message))?,
        featured: d.featured,
    })
}

fn days_before(today: Date, n: i64) -> Result<Date> {
    Ok(today.checked_sub(Span::new().try_days(n)?)?)
}

/// The ids of just-imported texts, in their order (the import does not return them). Their
/// sources are unique, so the newest documents are searched for them.
async fn ids_by_source(store: &Store, texts: &[ImportedText]) -> Result<Vec<DocumentId>> {
    let mut out = Vec::with_capacity(texts.len());
    let ids = store.document_ids().await?;
    let mut by_source = std::collections::HashMap::new();
    for id in ids.into_iter().rev().take(texts.len() + OWN.len()) {
        let d = store.document(&Actor::system(), id).await?;
        if let Some(s) = d.source {
            by_source.insert(s, id);
        }
    }
    for t in texts {
        out.push(*by_source.get(&t.source).with_context(|| format!("导入后找不到演示文档“{}”", t.draft.title))?);
    }
    Ok(out)
}

/// Made-up reads: on each of the last 30 days since a text was published, a few readers
/// (up to its heat on its first day, fewer as it ages, now and then one on an old text).
/// Deterministic for the same `today`.
async fn record_reads(store: &Store, docs: &[(DocumentId, Date, u32)], today: Date) -> Result<usize> {
    let mut rng = StdRng::seed_from_u64(VIEWS_SEED ^ u64::from(today.day().unsigned_abs()));
    let mut counted = 0;
    for &(id, published, heat) in docs {
        if heat == 0 {
            continue;
        }
        for ago in 0..30_i64 {
            let day = days_before(today, ago)?;
            if day < published {
                continue;
            }
            let age = (day - published).get_days().max(0);
            let expected = f64::from(heat) * 0.8_f64.powi(age / 2);
            let readers = expected.floor() as usize + usize::from(rng.random_bool(0.3));
            for r in (1..=400_u32).choose_multiple(&mut rng, readers) {
                if store.note_view(id, &format!("demo-visitor-{r}"), day) {
                    counted += 1;
                }
            }
        }
    }
    store.flush_views().await?;
    Ok(counted)
}

/// What the demo took from `../shared/data`.
#[derive(Clone, Debug, Default)]
pub struct SharedImport {
    /// The `data` directory found.
    pub dir: PathBuf,
    /// Documents added (the speech page, the work reports, the laws).
    pub page: usize,
    pub reports: usize,
    pub laws: usize,
    /// What could not be imported, in Chinese (the demo goes on without it).
    pub problems: Vec<String>,
}

/// `../shared/data`, the real data kept beside the repository, if it is there: looked for
/// beside the working directory (`cargo run` from the repository root), beside the
/// repository this binary was built from, and beside the folders above the executable
/// (`target/debug/renda`). `None` when none of them holds it.
pub fn shared_data_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd.join("../shared/data"));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if let Ok(exe) = std::env::current_exe() {
        candidates.extend(exe.ancestors().skip(1).take(4).map(|a| a.join("../shared/data")));
    }
    let found = candidates.into_iter().find(|c| c.join("laws").is_dir() && c.join("documents").is_dir())?;
    Some(found.canonicalize().unwrap_or(found))
}

/// Imports the speech page (visible to logged-in users), the work reports and the laws
/// (public) into `congress`, each in its own transaction. A file that cannot be read or
/// parsed is noted in [`SharedImport::problems`] and skipped; a database error stops the demo.
pub async fn import_shared(store: &Store, congress: OrgId, dir: &Path) -> Result<SharedImport> {
    let mut out = SharedImport { dir: dir.to_path_buf(), ..SharedImport::default() };
    let page = dir.join("../samples/000_284f5eaf7f680906.txt");
    let texts = read_text(&page)
        .and_then(|t| parse_page(&t).map_err(|e| anyhow!("{e}")))
        .and_then(|p| to_imported(p.document, Visibility::Users, None));
    match texts {
        Ok(t) => out.page = import(store, congress, &[t]).await?,
        Err(e) => out.problems.push(format!("{}：{e:#}", page.display())),
    }
    let jsonl = dir.join("documents/government_work_reports.jsonl");
    let texts = read_text(&jsonl)
        .and_then(|t| parse_reports_jsonl(&t).map_err(|e| anyhow!("{e}")))
        .and_then(|d| to_imported_all(d, Visibility::Public));
    match texts {
        Ok(t) => out.reports = import(store, congress, &t).await?,
        Err(e) => out.problems.push(format!("{}：{e:#}", jsonl.display())),
    }
    let started = std::time::Instant::now();
    let laws = read_laws_dir(&dir.join("laws"));
    let read = started.elapsed();
    match to_imported_all(laws.documents, Visibility::Public) {
        Ok(t) => out.laws = import(store, congress, &t).await?,
        Err(e) => out.problems.push(format!("{}：{e:#}", dir.join("laws").display())),
    }
    tracing::info!(
        laws = out.laws,
        read_ms = read.as_millis() as u64,
        total_ms = started.elapsed().as_millis() as u64,
        "demo: laws imported"
    );
    Ok(out)
}

async fn import(store: &Store, congress: OrgId, texts: &[ImportedText]) -> Result<usize> {
    let report = store.import_documents(&Actor::system(), congress, texts).await.context("无法导入文档")?;
    Ok(report.added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_own_text_makes_a_valid_draft_without_placeholders_or_real_congresses() {
        let day = jiff::civil::date(2026, 6, 15);
        for d in OWN {
            let draft = draft(d, day).expect("a draft");
            assert!(!draft.title.is_empty() && !draft.body.is_empty(), "{}", d.title);
            for text in [&draft.title, &draft.lead, &draft.body] {
                assert!(!text.contains('{') && !text.contains('}'), "{text}");
                assert!(!text.contains("全国人"), "a real congress is named: {text}");
                assert!(!text.contains("省人"), "a real congress is named: {text}");
            }
            assert!(draft.title.chars().count() <= renda_core::document::MAX_TITLE_CHARS);
            assert!(draft.lead.chars().count() <= renda_core::document::MAX_LEAD_CHARS);
        }
        assert!(draft(&OWN[0], day).expect("a draft").title.contains("2026年6月"));
        let published = OWN.iter().filter(|d| d.publish != Publish::Draft);
        assert!(published.clone().all(|d| matches!(d.publish, Publish::Today | Publish::DaysAgo(0..=60))));
        assert!(published.clone().filter(|d| d.featured).count() >= 3);
        assert_eq!(published.filter(|d| d.visibility == Visibility::Users).count(), 2);
        let drafts: Vec<&OwnDoc> = OWN.iter().filter(|d| d.publish == Publish::Draft).collect();
        assert!(drafts.len() == 1 && drafts[0].at == At::East && drafts[0].visibility == Visibility::Staff);
    }
}
