//! The demo's personnel cases at today's committee meeting (issue 17): the government's case to
//! remove the head of the 教育局 and to appoint a successor, voted in that order — the removal and
//! the appointment pass; the court's nomination of a 副院长 fails (more yes than no, not a
//! majority of all fifteen); a fourth case waits for its 考察材料. The appointed head has passed
//! the law exam, made the statement and taken the oath; the 任命书 and the meeting's 任免公告 are
//! issued, and the 公告 is on the portal.

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::ids::{MeetingId, OrgId, PersonId, PostId};
use renda_core::meeting::appointment::Proposer;
use renda_core::meeting::case::{Material, OathMode, StatementMode};
use renda_core::meeting::vote::Choice;
use renda_core::official::appointment::Action as Personnel;
use renda_core::org::{OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::files::Upload;
use renda_store::meetings::personnel::{NewCase, NewExam, NomineeRef, Step};
use renda_store::{Actor, Store};

fn err(e: renda_store::StoreError) -> anyhow::Error {
    anyhow::anyhow!(e.user_message())
}

/// A one-page PDF standing for a scanned form.
fn scan(name: &str) -> Upload {
    Upload { filename: format!("{name}.pdf"), bytes: format!("%PDF-1.4\n% {name}\n%%EOF\n").into_bytes() }
}

/// The cases seeded and what became of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PersonnelSummary {
    pub cases: usize,
    pub passed: usize,
    pub failed: usize,
}

/// Seeds the cases of meeting `meeting` of `city` held today, `present` being the members signed
/// in (who vote) and `director` the 主任 (who signs the 任命书 and supervises the oath).
pub async fn seed(
    store: &Store,
    city: OrgId,
    meeting: MeetingId,
    present: &[PersonId],
    director: &str,
) -> Result<PersonnelSummary> {
    let clerk = Actor { user: None, role: Role::Staff { congress: city } };
    let day = store.today();
    let units = store.open_units_of(city).await.map_err(err)?;
    let unit = |name: &str| units.iter().find(|u| u.name.as_str().ends_with(name)).map(|u| u.id);
    let education = unit("教育局").context("演示数据中没有市教育局")?;
    let court = units
        .iter()
        .find(|u| u.kind == OrgKind::Unit(UnitKind::Court))
        .map(|u| u.id)
        .context("演示数据中没有市中级人民法院")?;
    let health = unit("卫生健康委员会").context("演示数据中没有市卫生健康委员会")?;
    let head = store.add_post(&clerk, city, education, "示范市教育局局长").await.map_err(err)?;
    let judge = store.add_post(&clerk, city, court, "示范市中级人民法院副院长").await.map_err(err)?;
    let health_head = store.add_post(&clerk, city, health, "示范市卫生健康委员会主任").await.map_err(err)?;

    let filed_on = day - 12.days();
    let file = |action, proposer, name: &str, post: PostId, materials: Vec<Material>| NewCase {
        meeting,
        action,
        proposer,
        signatures: 0,
        person: NomineeRef::New { name: name.into() },
        post,
        filed_on,
        files: materials.into_iter().map(|m| (m, scan(&format!("{}（{name}）", m.label())))).collect(),
    };
    let both = || vec![Material::Form, Material::Assessment];
    let removal = store
        .file_case(&clerk, city, file(Personnel::Remove, Proposer::Government, "王建国", head, vec![Material::Form]))
        .await
        .map_err(err)
        .context("无法登记演示任免案")?;
    let appointment = store
        .file_case(&clerk, city, file(Personnel::Appoint, Proposer::Government, "刘晓明", head, both()))
        .await
        .map_err(err)?;
    let nomination = store
        .file_case(&clerk, city, file(Personnel::Appoint, Proposer::Court, "孙立", judge, both()))
        .await
        .map_err(err)?;
    store
        .file_case(
            &clerk,
            city,
            file(Personnel::Appoint, Proposer::Government, "陈静", health_head, vec![Material::Form]),
        )
        .await
        .map_err(err)?;

    for (case, post) in [(appointment, head), (nomination, judge)] {
        let person = store.case(&clerk, case).await.map_err(err)?.case.person;
        let exam = NewExam { person, post, sat_on: day - 6.days(), score: Some(88), passed: true };
        store.record_exam(&clerk, city, &exam).await.map_err(err).context("无法登记演示任前考试")?;
    }
    let mut items = Vec::new();
    for case in [removal, appointment, nomination] {
        store.case_step(&clerk, case, Step::Accept).await.map_err(err)?;
        items.push(store.schedule_case(&clerk, case).await.map_err(err).context("无法将演示任免案列入议程")?);
    }
    store
        .record_statement(
            &clerk,
            appointment,
            StatementMode::InPerson,
            "如获任命，我将恪守宪法和法律，忠实履行职责，自觉接受人大及其常委会的监督。",
        )
        .await
        .map_err(err)?;

    // Removal: all present yes. Appointment: 11 yes, 1 no. The court's nominee: 6 yes, 4 no,
    // 2 abstentions — 8 of 15 are needed.
    for (item, yes, no) in [(items[0], present.len(), 0), (items[1], 11, 1), (items[2], 6, 4)] {
        store.open_vote(&clerk, item).await.map_err(err).context("无法开始演示任免表决")?;
        for (i, p) in present.iter().enumerate() {
            let choice = if i < yes {
                Choice::Yes
            } else if i < yes + no {
                Choice::No
            } else {
                Choice::Abstain
            };
            let member = Actor { user: None, role: Role::Deputy { person: *p } };
            store.cast_vote(&member, item, choice).await.map_err(err)?;
        }
        store.close_vote(&clerk, item).await.map_err(err)?;
    }

    store.record_oath(&clerk, appointment, day, OathMode::Collective, director).await.map_err(err)?;
    let mut t = store.certificate_template(&clerk, city).await.map_err(err)?;
    t.signer = director.into();
    store.save_certificate_template(&clerk, city, t).await.map_err(err)?;
    store
        .issue_certificate(&clerk, appointment, |t, entry, decision, number| {
            renda_office::appointment::certificate(entry, decision, t, number).map_err(|e| e.to_string())
        })
        .await
        .map_err(err)
        .context("无法制发演示任命书")?;
    issue_notice(store, &clerk, meeting, day).await?;
    Ok(PersonnelSummary { cases: 4, passed: 2, failed: 1 })
}

async fn issue_notice(store: &Store, clerk: &Actor, meeting: MeetingId, day: Date) -> Result<()> {
    store
        .issue_appointment_notice(clerk, meeting, |decision, t, number| {
            renda_office::appointment::appointment_notice(decision, t, number, day).to_docx().map_err(|e| e.to_string())
        })
        .await
        .map_err(err)
        .context("无法签发演示任免公告")?;
    Ok(())
}
