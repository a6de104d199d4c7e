//! Typed ids. Each is a plain `i64` as the database stores it; the type says what it points at.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    )*};
}

typed_id! {
    /// An organisation: a congress, a handling unit, a liaison station or a deputy group.
    OrgId;
    /// A natural person, who may hold several deputyships.
    PersonId;
    /// One deputyship: a person in one congress for one term.
    DeputyshipId;
    /// A login account.
    UserId;
    /// One entry of the audit chain (its global sequence number).
    AuditId;
}
