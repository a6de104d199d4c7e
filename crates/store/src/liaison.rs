//! Liaison (联系群众) in the store, the records of the core's `liaison` rules.
//!
//! - [`opinions`]: citizens' opinions (群众意见) — the public form (rate-limited), receipt
//!   codes, staff's sorting, units' answers, feedback and rating.
//! - [`stations`]: liaison stations in detail — the public profile, attached deputies,
//!   reception days with their receiving deputies, the opinions a station publishes.

pub mod opinions;
pub mod stations;
