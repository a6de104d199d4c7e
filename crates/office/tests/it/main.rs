//! The office crate's integration tests, one binary (one link) for all of them; each module is
//! one format.

mod appointment;
mod archive;
mod documents;
mod official;
mod roster;
