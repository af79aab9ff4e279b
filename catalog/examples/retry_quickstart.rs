use kiwi_errors::ApiError;
use kiwi_errors::retry::headers::HeaderMap;
use kiwi_errors::retry::{Failure, Retrier, RetryError};

/// Sends one request with your HTTP client; on an error status, returns the failure.
fn send(prompt: &str) -> Result<String, Failure<ApiError>> {
    let (status, headers, body) = (200, HeaderMap::new(), prompt.as_bytes());
    if status == 200 {
        return Ok(String::from_utf8_lossy(body).into_owned());
    }
    Err(Failure::response(status, headers, body))
}

fn main() -> Result<(), RetryError<ApiError>> {
    // One Retrier per client: its retry budget is shared by all calls made through it.
    let retrier = Retrier::new();
    let answer = retrier.run(|| send("Hello, kiwi"))?;
    println!("{answer}");
    Ok(())
}
