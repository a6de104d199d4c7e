//! The web crate's integration tests, one binary (one link) for all of them; each module is
//! one area.

mod activities;
mod api_activities;
mod api_admin;
mod api_ballots;
mod api_groups;
mod api_major_matters;
mod api_meetings;
mod api_opinions;
mod api_oversight;
mod api_personnel;
mod api_reports;
mod api_rules;
mod api_stations;
mod archive;
mod delivery;
mod disclosure;
mod filing;
mod install;
mod legislation;
mod lockout;
mod meetings;
mod meetings_minutes;
mod official;
mod official_report;
mod oversight;
mod personnel;
mod portal;
mod register;
mod reports_groups;
mod roles;
mod security;
mod tls;
mod twins;
mod web;
mod worker;
