//! Filing review of normative documents in the store (备案审查, issue 18): the rules are the
//! core's `filing`; the store keeps each congress's periods ([`settings`]) and the filings with
//! their review ([`review`]), and the 审查建议 of citizens and organisations ([`proposals`]).
//!
//! The policy is `Resource::Filing`: the receiving congress's staff run a filing (office and
//! committee alike), the congress above reads it, its maker files, completes and answers it.

pub mod proposals;
pub mod review;
pub mod settings;
