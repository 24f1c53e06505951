//! The integration tests, one binary with a module per feature (as in
//! mdBook's `tests/testsuite` and just's `tests/lib.rs`): whole builds of
//! fixture sites, bad input, faults, fuzzing the readers, wire articles,
//! `newsgen serve` under misbehaving clients and the layer table of
//! ARCHITECTURE.md. Every module makes and reads its sites through the one
//! shared `harness`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod bad_input;
mod boilerplate;
mod build;
mod corrections;
mod desks;
mod faults;
mod fuzz;
mod layers;
mod limits;
mod links;
mod new;
mod pictures;
mod safety;
mod serve;
mod topics;
mod wire;
