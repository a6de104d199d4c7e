//! What a user may see, as lists of congresses. The policy (`renda_core::policy`) decides about
//! one record; listing pages need the set of congresses whose records to fetch, which is this.

use renda_core::ids::OrgId;
use renda_core::policy::Role;
use renda_store::{Result, Store};

/// The congresses whose deputies, organisations and users `role` may list: every congress for
/// the admin, their own congress and those below it for staff, nothing for the others (a
/// deputy sees their own record through their home page, not through lists).
pub async fn listable_congresses(store: &Store, role: Role) -> Result<Vec<OrgId>> {
    match role {
        Role::Admin => Ok(store.congresses().await?.into_iter().map(|r| r.org.id).collect()),
        Role::Staff { congress } => store.congress_subtree(congress).await,
        Role::Deputy { .. } | Role::Unit { .. } | Role::Public => Ok(Vec::new()),
    }
}

/// Whether `role` works with the admin pages at all.
pub fn uses_admin_pages(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Staff { .. })
}
