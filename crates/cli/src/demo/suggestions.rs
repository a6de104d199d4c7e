//! The demo's suggestions: a year of them, planned from their own seed, each taken to its state
//! by the commands real users would give.

use super::city::*;
use super::topics::*;
use super::{SEED, parse_data, pick, pick_weighted, pick_word};
use anyhow::{Context, Result, ensure};
use jiff::civil::Date;
use rand::Rng;
use rand::seq::SliceRandom;
use renda_core::calendar::add_months;
use renda_core::clock::Clock;
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::suggestion::{Command, ExclusionReason, ReplyClass, Satisfaction, SuggestionState};
use renda_store::suggestions::{ContactWay, Extra, NewSuggestion, Period};
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

// ---------------------------------------------------------------------------------------------
// Suggestions: a year of them, each taken to its state by the commands real users would give.
// ---------------------------------------------------------------------------------------------

/// The city congress's suggestions; each county or district gets 15 to 25.
pub(super) const CITY_SUGGESTIONS: usize = 100;

/// The suggestions' own seed, so that they do not change the names of the city's deputies.
pub(super) const SUGGESTION_SEED: u64 = SEED ^ 0x5355_4747_4553_5453;

/// One demo suggestion: who makes it, its text, and the commands that take it to `state`.
pub(super) struct SuggestionPlan {
    /// Index in [`Plan::congresses`].
    pub(super) congress: usize,
    /// Seats (in the congress's roster) of the lead and the co-signers.
    pub(super) lead: usize,
    pub(super) cosigners: Vec<usize>,
    /// Index in [`TOPICS`] (read by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) topic: usize,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) period: Period,
    pub(super) steps: Vec<Step>,
    /// Whether the lead agrees that the reply be published.
    pub(super) publish_reply: bool,
    pub(super) state: SuggestionState,
    /// Days since the (last) assignment, 0 before one: the oldest are written, and so
    /// registered and numbered, first.
    pub(super) age: i64,
}

/// Who gives a command.
pub(super) enum By {
    Lead,
    /// The co-signer at this index of [`SuggestionPlan::cosigners`].
    CoSigner(usize),
    Staff,
    /// The unit of this name.
    Unit(String),
}

pub(super) struct Step {
    pub(super) by: By,
    pub(super) command: Command,
    pub(super) extra: StepExtra,
}

/// What a command brings, with units by name until they have ids.
pub(super) enum StepExtra {
    None,
    Assign { main: Vec<String>, assisting: Vec<String> },
    Given(Extra),
}

#[cfg(test)]
impl SuggestionPlan {
    /// Every text a user will read: for checking that none is borrowed.
    pub(super) fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str(), self.body.as_str()];
        for s in &self.steps {
            match &s.command {
                Command::Exclude { note, .. }
                | Command::ConvertToLetter { note }
                | Command::RefuseReturn { note }
                | Command::RefuseExtension { note }
                | Command::EndFollowUp { note, .. } => out.push(note),
                Command::RequestReturn { reason }
                | Command::RequestExtension { reason }
                | Command::Rate { reason, .. } => out.push(reason),
                Command::MarkKey { topic } => out.push(topic),
                _ => {}
            }
            match &s.extra {
                StepExtra::Given(Extra::Contact { summary, .. }) => out.push(summary),
                StepExtra::Given(Extra::View { text }) => out.push(text),
                StepExtra::Given(Extra::Reply { body, signer, .. }) => {
                    out.push(body);
                    out.push(signer);
                }
                _ => {}
            }
        }
        out
    }
}

/// Where a suggestion ends up in the demo, with the detail that makes it worth showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fate {
    Draft,
    Cosigning,
    Submitted,
    Registered,
    Returned,
    Converted,
    Withdrawn,
    /// Assigned, the unit has not contacted the deputy yet.
    Assigned,
    /// Assigned to the wrong unit, which asked to return it; staff have not decided.
    ReturnPending,
    /// Assigned to the wrong unit, returned with staff's approval and assigned again.
    Reassigned,
    InProgress,
    /// 10 days or fewer left.
    NearDue,
    /// The deadline passed without a reply.
    Overdue,
    /// 涉及面广、处理难度大: six months.
    Complex,
    /// The unit asked for more time and staff granted it.
    Extended,
    /// The unit asked for more time; staff have not decided.
    ExtensionPending,
    Replied,
    Rated,
    /// Rated 不满意 and sent back; the unit is answering again.
    Rehandling,
    /// A B or C reply whose promise is followed up.
    FollowUp,
    Closed,
    ClosedAfterFollowUp,
    ClosedAfterRehandling,
}

/// How a hundred suggestions of a year are spread, a few months into their handling: most are
/// with the units, answered or closed.
pub(super) const FATES: &[(Fate, u32)] = &[
    (Fate::Draft, 3),
    (Fate::Cosigning, 3),
    (Fate::Submitted, 3),
    (Fate::Registered, 3),
    (Fate::Returned, 2),
    (Fate::Converted, 2),
    (Fate::Withdrawn, 2),
    (Fate::Assigned, 6),
    (Fate::ReturnPending, 1),
    (Fate::Reassigned, 1),
    (Fate::InProgress, 13),
    (Fate::NearDue, 5),
    (Fate::Overdue, 2),
    (Fate::Complex, 3),
    (Fate::Extended, 3),
    (Fate::ExtensionPending, 1),
    (Fate::Replied, 13),
    (Fate::Rated, 5),
    (Fate::Rehandling, 2),
    (Fate::FollowUp, 8),
    (Fate::Closed, 13),
    (Fate::ClosedAfterFollowUp, 4),
    (Fate::ClosedAfterRehandling, 2),
];

/// What a suggestion must be: its fate, and for the demo logins, who leads it, who co-signs
/// it, who has not confirmed yet, and which unit handles it.
#[derive(Clone)]
pub(super) struct Spec {
    pub(super) congress: usize,
    pub(super) fate: Fate,
    pub(super) lead: Option<usize>,
    pub(super) with: Vec<usize>,
    pub(super) pending: Option<usize>,
    /// The main unit's full name.
    pub(super) unit: Option<String>,
}

impl Spec {
    pub(super) fn new(congress: usize, fate: Fate) -> Spec {
        Spec { congress, fate, lead: None, with: Vec::new(), pending: None, unit: None }
    }

    pub(super) fn is_free(&self) -> bool {
        self.lead.is_none() && self.with.is_empty() && self.unit.is_none()
    }
}

/// The texts one suggestion's commands are written from.
pub(super) struct Words {
    pub(super) place: String,
    pub(super) road: String,
    pub(super) thing: String,
    pub(super) lead: String,
    /// The unit speaking, how it calls itself, and the unit a wrongly assigned one points to.
    pub(super) unit: String,
    pub(super) me: &'static str,
    pub(super) right: String,
    pub(super) year: i16,
}

impl Words {
    pub(super) fn fill(&self, template: &str) -> String {
        let year = self.year.to_string();
        let pairs: [(&str, &str); 8] = [
            ("{事}", &self.thing),
            ("{地}", &self.place),
            ("{路}", &self.road),
            ("{代表}", &self.lead),
            ("{单位}", &self.unit),
            ("{我}", self.me),
            ("{正确单位}", &self.right),
            ("{年}", &year),
        ];
        let mut out = template.to_owned();
        for (key, value) in pairs {
            if out.contains(key) {
                out = out.replace(key, value);
            }
        }
        out
    }

    pub(super) fn speaking_as(&mut self, unit: &str) {
        self.unit = unit.to_owned();
        self.me = self_name(unit);
    }
}

/// How a unit calls itself in its letters: 我局, 我委, 我办, 我公司.
pub(super) fn self_name(unit: &str) -> &'static str {
    if unit.ends_with("委员会") {
        "我委"
    } else if unit.ends_with("公司") {
        "我公司"
    } else if unit.ends_with("办公室") {
        "我办"
    } else {
        "我局"
    }
}

/// Generates the demo's suggestions from the plan of the city, relative to `today`.
pub(super) struct Drafter<'a> {
    pub(super) plan: &'a Plan,
    pub(super) g: Generator,
    pub(super) today: Date,
    /// Per congress: its government departments and other handling units, by full name.
    pub(super) units: Vec<Vec<&'a OtherOrg>>,
    /// Per congress: the seats whose holder sits today.
    pub(super) sitting: Vec<Vec<usize>>,
    /// Per congress: the county it is (None for the city and townships).
    pub(super) county: Vec<Option<&'static CountySpec>>,
    /// Who signs a unit's replies.
    pub(super) signers: HashMap<String, String>,
}

impl<'a> Drafter<'a> {
    pub(super) fn new(plan: &'a Plan, today: Date) -> Drafter<'a> {
        let n = plan.congresses.len();
        let mut units: Vec<Vec<&OtherOrg>> = vec![Vec::new(); n];
        for o in &plan.others {
            if matches!(o.kind, OrgKind::Unit(_)) {
                units[o.congress].push(o);
            }
        }
        let sitting = plan
            .congresses
            .iter()
            .map(|c| {
                c.seats
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.start <= today && s.end.is_none_or(|(end, _)| end > today))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let county = plan
            .congresses
            .iter()
            .map(|c| match c.level {
                CongressLevel::County => COUNTIES.iter().find(|k| c.name == format!("{}人民代表大会", k.name)),
                _ => None,
            })
            .collect();
        Drafter {
            plan,
            g: Generator::with_seed(SUGGESTION_SEED),
            today,
            units,
            sitting,
            county,
            signers: HashMap::new(),
        }
    }

    /// The city's hundred, every fate in proportion and five shaped for the demo logins, then
    /// 15 to 25 for each county and district.
    pub(super) fn all(mut self) -> Vec<SuggestionPlan> {
        let weights: Vec<u64> = FATES.iter().map(|(_, w)| u64::from(*w)).collect();
        let counts = apportion(CITY_SUGGESTIONS, &weights);
        let mut specs: Vec<Spec> =
            FATES.iter().zip(counts).flat_map(|((fate, _), n)| std::iter::repeat_n(Spec::new(0, *fate), n)).collect();
        specs.shuffle(&mut self.g.rng);
        let deputy = self.login_seat("deputy");
        let deputy2 = self.login_seat("deputy2");
        let housing = format!("{CITY}住房和城乡建设局");
        let mut shape = |fate: Fate, f: &dyn Fn(&mut Spec)| {
            if let Some(s) = specs.iter_mut().find(|s| s.fate == fate && s.is_free()) {
                f(s);
            }
        };
        if let (Some(d1), Some(d2)) = (deputy, deputy2) {
            shape(Fate::Cosigning, &|s| {
                s.lead = Some(d1);
                s.with = vec![d2];
                s.pending = Some(d2);
            });
            shape(Fate::Replied, &|s| s.lead = Some(d1));
            shape(Fate::Closed, &|s| {
                s.lead = Some(d1);
                s.with = vec![d2];
            });
        }
        shape(Fate::Assigned, &|s| s.unit = Some(housing.clone()));
        shape(Fate::InProgress, &|s| s.unit = Some(housing.clone()));

        for (ci, c) in self.plan.congresses.iter().enumerate() {
            if c.level == CongressLevel::County {
                let n = self.g.rng.random_range(15..=25);
                for _ in 0..n {
                    let fate = *pick_weighted(&mut self.g.rng, FATES);
                    specs.push(Spec::new(ci, fate));
                }
            }
        }
        let mut out: Vec<SuggestionPlan> = specs.iter().filter_map(|s| self.suggestion(s)).collect();
        out.sort_by_key(|p| std::cmp::Reverse(p.age));
        out
    }

    pub(super) fn login_seat(&self, login: &str) -> Option<usize> {
        self.plan.users.iter().find(|u| u.login == login).and_then(|u| match u.role {
            RolePlan::Deputy { congress: 0, seat } => Some(seat),
            _ => None,
        })
    }

    /// The full names of the units of congress `ci` that handle `topic`, the main one first.
    pub(super) fn topic_units(&self, ci: usize, topic: &Topic) -> Vec<&'a str> {
        let prefix = self.plan.congresses[ci].name.trim_end_matches("人民代表大会");
        topic
            .units
            .iter()
            .filter_map(|d| {
                let full = format!("{prefix}{d}");
                self.units[ci].iter().find(|o| o.name == full || o.name == *d).map(|o| o.name.as_str())
            })
            .collect()
    }

    /// `n` days before today.
    pub(super) fn ago(&self, n: i64) -> Date {
        self.today.checked_sub(jiff::Span::new().days(n)).unwrap_or(self.today)
    }

    /// A day between `lo` and `hi` (both included; `lo` when `hi` is earlier).
    pub(super) fn day_between(&mut self, lo: Date, hi: Date) -> Date {
        let span = i64::from((hi - lo).get_days()).max(0);
        let d = self.g.rng.random_range(0..=span);
        lo.checked_add(jiff::Span::new().days(d)).unwrap_or(lo)
    }

    /// A place of the congress where the topic's problem is: 南湖区莲塘镇 or 文昌街道.
    pub(super) fn place(&mut self, ci: usize, at: Where) -> String {
        let (county, in_city) = match self.county[ci] {
            Some(c) => (c, false),
            None => (pick(&mut self.g.rng, *COUNTIES), true),
        };
        let town = match at {
            Where::Town => true,
            Where::Country => false,
            Where::Any => self.g.rng.random_bool(0.5),
        };
        let spot = if town {
            // A 街道, or the county seat where there is none.
            if county.streets.is_empty() {
                county.townships[0].0.as_str()
            } else {
                pick(&mut self.g.rng, &county.streets).as_str()
            }
        } else {
            pick(&mut self.g.rng, &county.townships).0.as_str()
        };
        if in_city && town && self.g.rng.random_bool(0.4) {
            county.name.to_owned()
        } else if in_city {
            format!("{}{spot}", county.name)
        } else {
            spot.to_owned()
        }
    }

    pub(super) fn road(&mut self) -> String {
        let word = self.g.place_word();
        let kind = pick_word(&mut self.g.rng, "路 路 大道 街");
        format!("{word}{kind}")
    }

    pub(super) fn signer(&mut self, unit: &str) -> String {
        if let Some(s) = self.signers.get(unit) {
            return s.clone();
        }
        let female = self.g.rng.random_range(0..100) < 30;
        let name = self.g.han_name(female);
        self.signers.insert(unit.to_owned(), name.clone());
        name
    }

    pub(super) fn chance(&mut self, percent: u32) -> bool {
        self.g.rng.random_range(0..100) < percent
    }

    /// One suggestion, or none when the congress has no deputies or no topic fits.
    pub(super) fn suggestion(&mut self, spec: &Spec) -> Option<SuggestionPlan> {
        let ci = spec.congress;
        let fate = spec.fate;
        let fitting: Vec<usize> = (0..TOPICS.len())
            .filter(|&t| {
                let units = self.topic_units(ci, &TOPICS[t]);
                match &spec.unit {
                    Some(u) => units.first().is_some_and(|m| m == u),
                    None => !units.is_empty(),
                }
            })
            .collect();
        if fitting.is_empty() || self.sitting[ci].len() < 5 {
            return None;
        }
        let ti = *pick(&mut self.g.rng, &fitting);
        let topic = &TOPICS[ti];
        let units = self.topic_units(ci, topic);

        // The lead and 0–3 co-signers, all sitting in this congress.
        let lead = match spec.lead {
            Some(l) => l,
            None => loop {
                let s = *pick(&mut self.g.rng, &self.sitting[ci]);
                if !spec.with.contains(&s) {
                    break s;
                }
            },
        };
        let mut cosigners = spec.with.clone();
        let wanted = match self.g.rng.random_range(0..100) {
            0..45 => 0,
            45..70 => 1,
            70..88 => 2,
            _ => 3,
        };
        let wanted = if fate == Fate::Cosigning { wanted.max(1) } else { wanted };
        while cosigners.len() < wanted {
            let s = *pick(&mut self.g.rng, &self.sitting[ci]);
            if s != lead && !cosigners.contains(&s) {
                cosigners.push(s);
            }
        }

        let mut w = Words {
            place: self.place(ci, topic.at),
            road: self.road(),
            thing: String::new(),
            lead: self.plan.person(ci, lead).map(|p| p.name.clone()).unwrap_or_default(),
            unit: String::new(),
            me: "我局",
            right: String::new(),
            year: self.today.year(),
        };
        w.thing = w.fill(&topic.thing);
        let title = format!("关于{}的建议", w.fill(&topic.title));
        let opener = pick(&mut self.g.rng, &TEXTS.openers);
        let body = w.fill(&format!("{opener}{}{}{}", topic.problem, topic.cause, topic.ask));
        let period = if self.chance(70) { Period::Session } else { Period::Recess };

        // Submitted, and confirmed by the co-signers (one may decline; in 待联名确认 the
        // last, or the one named, has not answered yet).
        let mut steps = Vec::new();
        let mut state = SuggestionState::Draft;
        let mut age = 0;
        let mut confirmed = Vec::new();
        if fate != Fate::Draft {
            steps.push(step(By::Lead, Command::Submit));
            state = SuggestionState::Submitted;
            let pending = spec.pending.or_else(|| cosigners.last().copied());
            for (i, &c) in cosigners.iter().enumerate() {
                if fate == Fate::Cosigning && Some(c) == pending {
                    state = SuggestionState::Cosigning;
                    continue;
                }
                let decline = fate != Fate::Cosigning && !spec.with.contains(&c) && self.chance(6);
                let command = if decline { Command::DeclineCosign } else { Command::ConfirmCosign };
                if !decline {
                    confirmed.push(i);
                }
                steps.push(step(By::CoSigner(i), command));
            }
        }
        match fate {
            Fate::Draft | Fate::Cosigning | Fate::Submitted => {}
            Fate::Withdrawn => {
                // A joint suggestion is withdrawn with every co-signer's consent: each takes
                // the signature back first.
                for &i in &confirmed {
                    steps.push(step(By::CoSigner(i), Command::DeclineCosign));
                }
                steps.push(step(By::Lead, Command::Withdraw));
                state = SuggestionState::Withdrawn;
            }
            Fate::Returned => {
                let e = pick(&mut self.g.rng, &TEXTS.exclusion);
                steps.push(step(By::Staff, Command::Exclude { reason: e.reason, note: e.text.clone() }));
                state = SuggestionState::Returned;
            }
            Fate::Converted => {
                let note = pick(&mut self.g.rng, &TEXTS.conversions);
                steps.push(step(By::Staff, Command::ConvertToLetter { note: note.clone() }));
                state = SuggestionState::Converted;
            }
            _ => {
                steps.push(step(By::Staff, Command::Register));
                state = SuggestionState::Registered;
                if fate != Fate::Registered {
                    let two_mains = spec.unit.is_none();
                    (state, age) = self.handle(ci, fate, topic, &units, two_mains, &mut w, &mut steps);
                }
            }
        }
        let answered = matches!(
            state,
            SuggestionState::Replied
                | SuggestionState::Rated
                | SuggestionState::Rehandling
                | SuggestionState::FollowUp
                | SuggestionState::Closed
        );
        let publish_reply = answered && self.chance(40);
        Some(SuggestionPlan {
            congress: ci,
            lead,
            cosigners,
            topic: ti,
            title,
            body,
            period,
            steps,
            publish_reply,
            state,
            age,
        })
    }

    /// Assignment and what follows it, up to the fate. Returns the state reached and the days
    /// since the (last) assignment.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle(
        &mut self,
        ci: usize,
        fate: Fate,
        topic: &Topic,
        units: &[&str],
        two_mains: bool,
        w: &mut Words,
        steps: &mut Vec<Step>,
    ) -> (SuggestionState, i64) {
        use SuggestionState as S;
        let days = |n: i64| jiff::Span::new().days(n);
        // One main unit (now and then two) and up to two assisting ones, all fitting the topic.
        let mut main = vec![units[0].to_owned()];
        let mut rest: Vec<String> = units[1..].iter().map(|u| (*u).to_owned()).collect();
        if two_mains && !rest.is_empty() && self.chance(8) {
            main.push(rest.remove(0));
        }
        let assisting_n = match self.g.rng.random_range(0..100) {
            0..50 => 0,
            50..85 => 1,
            _ => 2,
        };
        rest.truncate(assisting_n);
        let assisting = rest;
        let assign = |main: &[String], assisting: &[String]| StepExtra::Assign {
            main: main.to_vec(),
            assisting: assisting.to_vec(),
        };

        let r = |g: &mut Generator, lo: i64, hi: i64| g.rng.random_range(lo..=hi);
        let (mut age, complex) = match fate {
            Fate::Assigned => (r(&mut self.g, 3, 40), false),
            Fate::ReturnPending => (r(&mut self.g, 1, 4), false),
            Fate::Reassigned => (r(&mut self.g, 4, 6), false),
            Fate::InProgress => (r(&mut self.g, 12, 75), false),
            Fate::NearDue => (self.age_with_days_left(1, 9), false),
            Fate::Overdue => (self.age_with_days_left(-20, -2), false),
            Fate::Complex => (r(&mut self.g, 60, 150), true),
            Fate::Extended => (r(&mut self.g, 85, 140), false),
            Fate::ExtensionPending => (r(&mut self.g, 70, 84), false),
            Fate::Replied => (r(&mut self.g, 30, 150), self.chance(10)),
            Fate::Rehandling | Fate::ClosedAfterRehandling => (r(&mut self.g, 80, 150), false),
            _ => (r(&mut self.g, 60, 150), self.chance(10)),
        };
        let mut on = self.ago(age);

        // Assigned to a unit that does not handle the topic, which asks to return it.
        if matches!(fate, Fate::ReturnPending | Fate::Reassigned) {
            let wrong: Vec<&str> = self.units[ci]
                .iter()
                .filter(|o| o.kind == OrgKind::Unit(UnitKind::GovernmentDepartment))
                .map(|o| o.name.as_str())
                .filter(|n| !units.contains(n))
                .collect();
            if !wrong.is_empty() {
                let wrong = (*pick(&mut self.g.rng, &wrong)).to_owned();
                let once = [wrong.clone()];
                steps.push(Step {
                    by: By::Staff,
                    command: Command::Assign { on, complex: false },
                    extra: assign(&once, &[]),
                });
                w.speaking_as(&wrong);
                w.right.clone_from(&main[0]);
                let reason = w.fill(&TEXTS.return_reason);
                steps.push(step(By::Unit(wrong), Command::RequestReturn { reason }));
                if fate == Fate::ReturnPending {
                    return (S::Assigned, age);
                }
                steps.push(step(By::Staff, Command::ApproveReturn));
                age = self.g.rng.random_range(0..=2);
                on = self.ago(age);
            }
        }
        steps.push(Step { by: By::Staff, command: Command::Assign { on, complex }, extra: assign(&main, &assisting) });
        if let Some(key) = &topic.key
            && self.chance(35)
        {
            steps.push(step(By::Staff, Command::MarkKey { topic: key.to_owned() }));
        }
        if matches!(fate, Fate::Assigned | Fate::ReturnPending | Fate::Reassigned)
            || (fate == Fate::Overdue && self.chance(30))
        {
            return (S::Assigned, age);
        }

        // The main units contact the deputy; assisting units send their views.
        let latest_contact = self.today.min(on.checked_add(days(20)).unwrap_or(on));
        let first_contact = on.checked_add(days(2)).unwrap_or(on).min(latest_contact);
        let contact_on = self.day_between(first_contact, latest_contact);
        for (k, m) in main.iter().enumerate() {
            w.speaking_as(m);
            let contact = pick(&mut self.g.rng, &TEXTS.contact);
            let on = contact_on.checked_add(days(k as i64)).unwrap_or(contact_on).min(self.today);
            let extra = StepExtra::Given(Extra::Contact { on, way: contact.way, summary: w.fill(&contact.text) });
            steps.push(Step { by: By::Unit(m.clone()), command: Command::RecordContact, extra });
        }
        let mut views_missing = false;
        for a in &assisting {
            if self.chance(70) {
                w.speaking_as(a);
                let template = pick(&mut self.g.rng, &TEXTS.views);
                let text = w.fill(template);
                let extra = StepExtra::Given(Extra::View { text });
                steps.push(Step { by: By::Unit(a.clone()), command: Command::SubmitView, extra });
            } else {
                views_missing = true;
            }
        }
        let replier = main[0].clone();
        w.speaking_as(&replier);
        let by_unit = || By::Unit(replier.clone());
        match fate {
            Fate::Extended => {
                steps.push(step(by_unit(), Command::RequestExtension { reason: w.fill(&TEXTS.extension_reason) }));
                let soon = self.today.checked_add(days(20)).unwrap_or(self.today);
                let months = if add_months(on, 5) > soon && self.chance(50) { 5 } else { 6 };
                steps.push(step(By::Staff, Command::GrantExtension { months }));
                return (S::InProgress, age);
            }
            Fate::ExtensionPending => {
                steps.push(step(by_unit(), Command::RequestExtension { reason: w.fill(&TEXTS.extension_reason) }));
                return (S::InProgress, age);
            }
            Fate::InProgress | Fate::NearDue | Fate::Overdue | Fate::Complex => {
                if fate == Fate::InProgress && age > 40 && self.chance(15) {
                    steps.push(step(by_unit(), Command::RequestExtension { reason: w.fill(&TEXTS.extension_reason) }));
                    steps.push(step(By::Staff, Command::RefuseExtension { note: TEXTS.refuse_extension.clone() }));
                }
                return (S::InProgress, age);
            }
            _ => {}
        }

        // The main unit replies only once every 会办 view is in: staff waive those never sent.
        if views_missing {
            steps.push(step(By::Staff, Command::WaiveViews { reason: TEXTS.views_waived.clone() }));
        }
        // The reply, before the deadline; those waiting for a rating came in the last weeks.
        let due = add_months(on, if complex { 6 } else { 3 });
        let hi = self.today.min(due.checked_sub(days(1)).unwrap_or(due));
        let first = contact_on.checked_add(days(7)).unwrap_or(contact_on);
        let lo = if fate == Fate::Replied { first.max(self.ago(25)) } else { first }.min(hi);
        let reply_on = self.day_between(lo, hi);
        let classes: &[(ReplyClass, u32)] = match fate {
            Fate::Replied | Fate::Rated => {
                &[(ReplyClass::A, 45), (ReplyClass::B, 30), (ReplyClass::C, 15), (ReplyClass::D, 10)]
            }
            Fate::FollowUp | Fate::ClosedAfterFollowUp => &[(ReplyClass::B, 70), (ReplyClass::C, 30)],
            Fate::Closed => &[(ReplyClass::A, 80), (ReplyClass::D, 20)],
            _ => &[(ReplyClass::B, 25), (ReplyClass::C, 45), (ReplyClass::D, 30)],
        };
        let class = *pick_weighted(&mut self.g.rng, classes);
        let reply = self.reply(w, &topic.action, class, false, reply_on, &replier);
        steps.push(Step { by: by_unit(), command: Command::Reply { class }, extra: reply });
        if fate == Fate::Replied {
            return (S::Replied, age);
        }

        let unhappy = match fate {
            Fate::Rated => 30,
            Fate::Rehandling | Fate::ClosedAfterRehandling => 100,
            _ => 4,
        };
        let rating = self.rating(w, unhappy);
        steps.push(step(By::Lead, rating));
        match fate {
            Fate::Rated => (S::Rated, age),
            Fate::Rehandling => {
                steps.push(step(By::Staff, Command::SendBack));
                (S::Rehandling, age)
            }
            Fate::ClosedAfterRehandling => {
                steps.push(step(By::Staff, Command::SendBack));
                let after = reply_on.checked_add(days(1)).unwrap_or(reply_on).max(self.ago(12));
                let again_on = self.day_between(after, self.today);
                let reply = self.reply(w, &TEXTS.reply_again_action, ReplyClass::A, true, again_on, &replier);
                steps.push(Step { by: by_unit(), command: Command::Reply { class: ReplyClass::A }, extra: reply });
                let rating = self.rating(w, 0);
                steps.push(step(By::Lead, rating));
                steps.push(step(By::Staff, Command::Close));
                (S::Closed, age)
            }
            Fate::FollowUp => {
                steps.push(step(By::Staff, Command::Close));
                (S::FollowUp, age)
            }
            Fate::ClosedAfterFollowUp => {
                steps.push(step(By::Staff, Command::Close));
                let fulfilled = self.chance(75);
                let note = w.fill(if fulfilled { &TEXTS.fulfilled } else { &TEXTS.unfulfilled });
                steps.push(step(By::Staff, Command::EndFollowUp { fulfilled, note }));
                (S::Closed, age)
            }
            _ => {
                steps.push(step(By::Staff, Command::Close));
                (S::Closed, age)
            }
        }
    }

    /// Days since an assignment whose three-month deadline is `lo` to `hi` days away.
    pub(super) fn age_with_days_left(&mut self, lo: i32, hi: i32) -> i64 {
        let fits: Vec<i64> = (30..=200)
            .filter(|&a| {
                let left = (add_months(self.ago(a), 3) - self.today).get_days();
                (lo..=hi).contains(&left)
            })
            .collect();
        if fits.is_empty() { 90 } else { *pick(&mut self.g.rng, &fits) }
    }

    /// A reply of `class`, signed by the unit's head.
    pub(super) fn reply(
        &mut self,
        w: &Words,
        action: &str,
        class: ReplyClass,
        again: bool,
        on: Date,
        unit: &str,
    ) -> StepExtra {
        let opening = if again { &TEXTS.reply_again_opening } else { &TEXTS.reply_opening };
        let texts = match class {
            ReplyClass::A => &TEXTS.class_a,
            ReplyClass::B => &TEXTS.class_b,
            ReplyClass::C => &TEXTS.class_c,
            ReplyClass::D => &TEXTS.class_d,
        };
        let middle = pick(&mut self.g.rng, texts);
        let closing = pick(&mut self.g.rng, &TEXTS.closings);
        let body = w.fill(&format!("{opening}{action}{middle}{closing}"));
        let signer = self.signer(unit);
        StepExtra::Given(Extra::Reply { body, signer, on })
    }

    /// The lead's rating: 不满意 (with a reason) `unhappy` times in a hundred.
    pub(super) fn rating(&mut self, w: &Words, unhappy: u32) -> Command {
        use Satisfaction as Sat;
        if self.chance(unhappy) {
            let attitude = if self.chance(60) { Sat::Basic } else { Sat::Satisfied };
            let template = pick(&mut self.g.rng, &TEXTS.unhappy);
            let reason = w.fill(template);
            Command::Rate { attitude, result: Sat::Unsatisfied, reason }
        } else {
            let attitude = if self.chance(85) { Sat::Satisfied } else { Sat::Basic };
            let result = if self.chance(60) { Sat::Satisfied } else { Sat::Basic };
            Command::Rate { attitude, result, reason: String::new() }
        }
    }
}

/// A step with nothing besides the command.
pub(super) fn step(by: By, command: Command) -> Step {
    Step { by, command, extra: StepExtra::None }
}

/// Writes the suggestions through [`Store::act`], each command as its user would give it.
pub(super) async fn load_suggestions(
    store: &Store,
    plans: &[SuggestionPlan],
    congress_ids: &[OrgId],
    persons: &[Vec<Option<PersonId>>],
    org_ids: &HashMap<&str, OrgId>,
    today: Date,
) -> Result<()> {
    let unit = |name: &str| org_ids.get(name).copied().with_context(|| format!("演示数据中没有承办单位“{name}”"));
    let units = |names: &[String]| names.iter().map(|n| unit(n)).collect::<Result<Vec<_>>>();
    let as_deputy = |person| Actor { user: None, role: Role::Deputy { person } };
    for p in plans {
        let person = |seat: usize| persons[p.congress][seat].context("演示代表尚未载入");
        let lead = person(p.lead)?;
        let cosigners = p.cosigners.iter().map(|&s| person(s)).collect::<Result<Vec<_>>>()?;
        let new = NewSuggestion {
            congress: congress_ids[p.congress],
            title: p.title.clone(),
            body: p.body.clone(),
            period: p.period,
            from_motion: false,
            cosigners: cosigners.clone(),
        };
        // What happens before the first assignment is stamped on its day (09:00): a suggestion
        // is registered no later than it is assigned. The rest happens now.
        let first_assign = p.steps.iter().enumerate().find_map(|(i, s)| match s.command {
            Command::Assign { on, .. } => Some((i, on)),
            _ => None,
        });
        let back_then = first_assign.map(|(_, on)| {
            store.clone().with_clock(Clock::at_beijing(on.to_datetime(jiff::civil::Time::constant(9, 0, 0, 0))))
        });
        let store_at = |i: usize| match (&back_then, first_assign) {
            (Some(early), Some((assign, _))) if i < assign => early,
            _ => store,
        };
        let id = store_at(0)
            .create_suggestion(&as_deputy(lead), lead, new, today)
            .await
            .with_context(|| format!("无法建立演示建议《{}》", p.title))?;
        let mut state = SuggestionState::Draft;
        for (i, s) in p.steps.iter().enumerate() {
            let role = match &s.by {
                By::Lead => Role::Deputy { person: lead },
                By::CoSigner(i) => {
                    Role::Deputy { person: *cosigners.get(*i).context("演示建议没有这位联名代表")? }
                }
                By::Staff => Role::Staff { congress: congress_ids[p.congress] },
                By::Unit(name) => Role::Unit { unit: unit(name)? },
            };
            let extra = match &s.extra {
                StepExtra::None => Extra::None,
                StepExtra::Assign { main, assisting } => {
                    Extra::Assign { main: units(main)?, assisting: units(assisting)? }
                }
                StepExtra::Given(e) => e.clone(),
            };
            state = store_at(i)
                .act(&Actor { user: None, role }, id, &s.command, &extra, today)
                .await
                .with_context(|| format!("演示建议《{}》无法执行“{}”", p.title, s.command.kind().label()))?
                .state;
        }
        ensure!(state == p.state, "演示建议《{}》停在“{}”，应为“{}”", p.title, state.label(), p.state.label());
        if p.publish_reply {
            store
                .act(&as_deputy(lead), id, &Command::PublishReply { publish: true }, &Extra::None, today)
                .await
                .with_context(|| format!("无法公开演示建议《{}》的答复", p.title))?;
        }
    }
    Ok(())
}

/// Why staff return a suggestion.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Exclusion {
    pub(super) reason: ExclusionReason,
    pub(super) text: String,
}

/// A unit's record of contacting the deputy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Contact {
    pub(super) way: ContactWay,
    pub(super) text: String,
}

/// `data/suggestions.toml`: the texts the suggestions' commands are written from, as templates
/// [`Words::fill`] fills (`{单位}` the unit, `{代表}` the lead deputy, ...). Lists are drawn from
/// at random.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SuggestionTexts {
    /// How a body may begin before the problem.
    pub(super) openers: Vec<String>,
    pub(super) exclusion: Vec<Exclusion>,
    pub(super) conversions: Vec<String>,
    pub(super) return_reason: String,
    pub(super) extension_reason: String,
    pub(super) refuse_extension: String,
    pub(super) contact: Vec<Contact>,
    /// Assisting units' written views.
    pub(super) views: Vec<String>,
    /// Why staff let a main unit reply without a 会办 unit's view.
    pub(super) views_waived: String,
    pub(super) reply_opening: String,
    pub(super) reply_again_opening: String,
    pub(super) reply_again_action: String,
    pub(super) class_a: Vec<String>,
    pub(super) class_b: Vec<String>,
    pub(super) class_c: Vec<String>,
    pub(super) class_d: Vec<String>,
    pub(super) closings: Vec<String>,
    /// The deputy's reasons for 不满意.
    pub(super) unhappy: Vec<String>,
    pub(super) fulfilled: String,
    pub(super) unfulfilled: String,
}

pub(super) const SUGGESTIONS_TOML: &str = include_str!("data/suggestions.toml");

pub(super) static TEXTS: LazyLock<SuggestionTexts> = LazyLock::new(|| parse_data("suggestions.toml", SUGGESTIONS_TOML));

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`Words::fill`] fills.
    const PLACEHOLDERS: [&str; 8] = ["{事}", "{地}", "{路}", "{代表}", "{单位}", "{我}", "{正确单位}", "{年}"];

    #[test]
    fn the_suggestion_texts_file_is_well_formed() {
        let t: SuggestionTexts = parse_data("suggestions.toml", SUGGESTIONS_TOML);
        let lists = [
            &t.openers,
            &t.conversions,
            &t.views,
            &t.class_a,
            &t.class_b,
            &t.class_c,
            &t.class_d,
            &t.closings,
            &t.unhappy,
        ];
        assert!(lists.iter().all(|l| !l.is_empty()) && !t.exclusion.is_empty() && !t.contact.is_empty());
        let mut texts: Vec<&String> = lists.into_iter().flatten().collect();
        texts.extend(t.exclusion.iter().map(|e| &e.text));
        texts.extend(t.contact.iter().map(|c| &c.text));
        texts.extend([
            &t.return_reason,
            &t.extension_reason,
            &t.refuse_extension,
            &t.views_waived,
            &t.reply_opening,
            &t.reply_again_opening,
            &t.reply_again_action,
            &t.fulfilled,
            &t.unfulfilled,
        ]);
        for text in texts {
            // Only the openers may be empty (a body that begins with the problem).
            assert!(!text.trim().is_empty() || t.openers.contains(text), "an empty text");
            let mut rest = text.clone();
            for p in PLACEHOLDERS {
                rest = rest.replace(p, "");
            }
            assert!(!rest.contains('{') && !rest.contains('}'), "unknown placeholder in {text}");
        }
        assert!(t.reply_opening.contains("{代表}") && t.return_reason.contains("{正确单位}"));
    }
}
