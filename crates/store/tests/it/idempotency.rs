//! Repeated submissions in the store, on SQLite and (when configured) PostgreSQL: a request's
//! key is taken by its first committed write in the same transaction, so a copy of the request
//! that gets past the web tier's lookup still writes nothing; the answer is kept for repeats,
//! keys belong to their scope, and a day later they are swept away.

use renda_core::org::{CongressLevel, OrgKind};
use renda_core::value::OrgName;
use renda_store::idempotency::{Answer, Claim, guarded};
use renda_store::orgs::NewOrganisation;
use renda_store::{Actor, Store, testing};
use renda_testkit::{count, org};

fn congress(name: &str) -> NewOrganisation {
    NewOrganisation {
        name: OrgName::parse(name).expect("name"),
        kind: OrgKind::Congress(CongressLevel::County),
        parent: None,
    }
}

async fn orgs(s: &Store) -> i64 {
    count(s, "SELECT COUNT(*) FROM organisations").await
}

#[tokio::test]
async fn the_first_write_takes_the_key_and_a_racing_copy_writes_nothing() {
    for db in testing::all().await {
        let s = db.store.clone();
        let before = orgs(&s).await;
        let first = Claim::new("user:7".into(), "k-1".into(), "fp".into());
        guarded(first.clone(), s.create_org(&Actor::system(), congress("东城区人民代表大会")))
            .await
            .expect("the first write");
        assert!(first.taken() && !first.repeated());
        assert_eq!(orgs(&s).await, before + 1);

        // The key is there with no answer yet: a repeat is told the first is in progress.
        let kept = s.kept_answer("user:7", "k-1").await.expect("lookup").expect("kept");
        assert_eq!((kept.fingerprint.as_str(), kept.answer.as_ref()), ("fp", None));

        // A copy that raced past that lookup reaches the commit and is turned away there.
        let copy = Claim::new("user:7".into(), "k-1".into(), "fp".into());
        let refused = guarded(copy.clone(), s.create_org(&Actor::system(), congress("西城区人民代表大会"))).await;
        assert!(refused.is_err(), "the copy's transaction rolls back");
        assert!(copy.repeated() && !copy.taken());
        assert_eq!(orgs(&s).await, before + 1, "nothing of the copy was written");

        // The answer is kept for repeats; the same key of another user is theirs.
        let answer = Answer {
            status: 303,
            location: Some("/opinions/receipt?code=X".into()),
            content_type: None,
            body: Vec::new(),
        };
        s.keep_answer("user:7", "k-1", &answer).await.expect("keep");
        assert_eq!(s.kept_answer("user:7", "k-1").await.expect("lookup").expect("kept").answer, Some(answer));
        let other = Claim::new("user:8".into(), "k-1".into(), "fp".into());
        guarded(other.clone(), s.create_org(&Actor::system(), congress("南城区人民代表大会"))).await.expect("another");
        assert!(other.taken());

        // Writes outside a guarded request take no key.
        org(&s, "北城区人民代表大会", OrgKind::Congress(CongressLevel::County), None).await;
        assert_eq!(orgs(&s).await, before + 3);

        // A day later the keys are swept.
        sqlx::query("UPDATE idempotency_keys SET created_unix = created_unix - 86401")
            .execute(s.writer())
            .await
            .expect("age");
        assert!(s.kept_answer("user:7", "k-1").await.expect("lookup").is_none(), "an old key is not live");
        assert_eq!(s.purge_idempotency_keys().await.expect("purge"), 2);
    }
}
