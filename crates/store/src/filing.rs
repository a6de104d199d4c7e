//! Filing review of normative documents in the store (备案审查, issue 18): the rules are the
//! core's `filing`; the store keeps each congress's periods ([`settings`]).
//!
//! The policy is `Resource::Filing`: the receiving congress's staff run a filing (office and
//! committee alike), the congress above reads it, its maker files, completes and answers it.

pub mod settings;
