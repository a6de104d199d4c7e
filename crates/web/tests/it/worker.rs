//! The background worker: the followers of the event log catch up with what is written while
//! it runs, and say how far they have read.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::suggestions::{NewSuggestion, Period};
use renda_testkit::{as_deputy, deputy, org, testing, user};
use renda_web::worker::{Positions, Worker};
use renda_web::{AppState, Config};
use std::sync::Arc;
use std::time::Duration;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 3, 10);

/// The worker's positions once every follower has read the whole log; fails with the last
/// positions seen if they have not after 60 s (a follower that never moves, not a slow one).
async fn caught_up(worker: &Worker) -> Positions {
    let mut last = worker.positions().await.expect("positions");
    for _ in 0..600 {
        if last.caught_up() {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = worker.positions().await.expect("positions");
    }
    panic!("the followers did not catch up: {last:?}");
}

#[tokio::test]
async fn the_followers_catch_up_with_what_is_written_while_the_worker_runs() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let lead = deputy(s, "王建国", city).await;
        let clerk = user(s, "staff.city", Role::Staff { congress: city }).await;
        let indexer = Arc::new(renda_web::indexer::Indexer::in_memory().expect("an index"));
        let state = AppState::new(s.clone(), Config::default()).with_search(indexer.clone());
        let worker = Worker::new(state);

        let before = worker.positions().await.expect("positions");
        assert!(before.log > 0, "the world was written through the log");
        assert_eq!((before.index, before.notifications), (Some(0), 0));
        assert!(!before.caught_up());

        let running = tokio::spawn(worker.clone().run());
        let new = NewSuggestion {
            congress: city,
            title: "关于增设东湖路口过街天桥的建议".into(),
            body: "东湖路与青石街交叉口车流量大，学生过街安全隐患突出，建议增设过街天桥。".into(),
            period: Period::Recess,
            from_motion: false,
            cosigners: vec![],
        };
        let id = s.create_suggestion(&as_deputy(lead), lead, new, TODAY).await.expect("draft");
        let submit = renda_core::suggestion::Command::Submit;
        s.act(&as_deputy(lead), id, &submit, &renda_store::suggestions::Extra::None, TODAY).await.expect("submit");

        let after = caught_up(&worker).await;
        assert!(after.log > before.log);
        assert_eq!((after.index, after.notifications), (Some(after.log), after.log));
        // What the followers made of it: the clerk hears of the new suggestion, the index holds it.
        let inbox = s.notifications(clerk, 10).await.expect("inbox");
        assert!(inbox.iter().any(|n| n.text.contains("过街天桥") && n.text.contains("请审查立案")), "{inbox:?}");
        assert_eq!(indexer.index().len(), 1);
        running.abort();
    }
}
