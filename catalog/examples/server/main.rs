//! An API server that answers with the catalog's errors, as a real one would.
//!
//! ```sh
//! cargo run -p kiwi-errors --example server --features axum -- --addr 127.0.0.1:8080
//! curl -i http://127.0.0.1:8080/errors/rate_limit_exceeded
//! ```
//!
//! Routes: `GET /errors/{code}` (that code's error: status, envelope, `x-should-retry`,
//! and `Retry-After: 1` on a 429 or 503), `GET /ok` (200) and `GET /flaky/{n}` (a
//! transient error, `service_unavailable`'s 503 unless the catalog does not retry it, for
//! the first `n` requests, then 200), `GET /limited/{key}` (a window of 10 requests per
//! second shared by every client of `key`, its counts on every response in the IETF
//! `RateLimit` fields and `X-RateLimit-*`, a 429 with `Retry-After` past it) and
//! `GET /stats` (the requests served, and per `/limited` key those served and refused).

mod routes;

use std::net::SocketAddr;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--addr" => {
                let value = args
                    .next()
                    .ok_or("--addr needs a value, e.g. 127.0.0.1:8080")?;
                addr = value.parse()?;
            }
            other => {
                return Err(
                    format!("unknown argument {other:?}; usage: server [--addr IP:PORT]").into(),
                );
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        println!("listening on http://{}", listener.local_addr()?);
        axum::serve(listener, routes::router(routes::Counters::default())).await?;
        Ok(())
    })
}
