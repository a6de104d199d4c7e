//! The store crate's integration tests, one binary (one link) for all of them; each module is
//! one area.

mod activities;
mod archive;
mod backup;
mod conformance;
mod documents;
mod filing;
mod groups;
mod idempotency;
mod install;
mod legislation;
mod lockout;
mod major_matters;
mod meetings;
mod meetings_minutes;
mod official;
mod official_report;
mod opinions;
mod oversight;
mod personnel;
mod reads;
mod reports;
mod rules;
mod stations;
mod suggestions;
