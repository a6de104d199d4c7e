//! The command line's integration tests, one binary (one link) for all of them: each module
//! runs the real binary for one area; [`common`] is what they share.

mod cli;
mod common;
mod counts;
mod documents;
mod install;
mod maps;
