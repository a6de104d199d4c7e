//! What a user may list, as the suggestion pages still ask for it. The set of congresses whose
//! records a user may list is the store's ([`renda_store::Store::listable_congresses`]); this
//! wrapper keeps `pages/suggestions.rs` building until the suggestion rewrite asks the store
//! with the actor. TODO(lead): delete this module with that rewrite.

use renda_core::ids::OrgId;
use renda_core::policy::Role;
use renda_store::{Actor, Result, Store};

/// [`Store::listable_congresses`] for a role.
pub async fn listable_congresses(store: &Store, role: Role) -> Result<Vec<OrgId>> {
    store.listable_congresses(&Actor { user: None, role }).await
}
