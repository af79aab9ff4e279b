//! The frozen seed table (`tests/fixtures/catalogs/seed.rs`, generated from the frozen
//! catalog `tests/fixtures/catalogs/seed.toml`): the errors the simulated server answers
//! with. The simulation is about the mechanics of retrying, so its 429s and 503s keep
//! their seed retry policies whatever the shipped catalog says.

include!("../../fixtures/catalogs/seed.rs");
