//! Runs the backoff sweep and prints its table: the `kiwi` strategy with other knobs
//! than the runtime's defaults, in the scenarios where they pull against each other.
//!
//! ```text
//! cargo run --release -p kiwi-errors-lab --bin backoff_sweep [-- --seeds 32]
//! ```

use kiwi_errors_lab::sim::sweep::{grid, sweep};

const USAGE: &str = "usage: backoff_sweep [--seeds N]";

fn main() {
    let mut seeds = 32u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seeds" => {
                seeds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(seeds)
                    .max(1)
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => {
                eprintln!("unknown argument `{other}`; {USAGE}");
                std::process::exit(2);
            }
        }
    }
    println!("the kiwi strategy with other knobs, {seeds} seeds per scenario\n");
    print!("{}", sweep(&grid(), seeds));
}
