//! Serving an axum app on an ephemeral loopback port, for the end-to-end tests.

/// Serves `app` on 127.0.0.1:0 in the background; its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// A tower service over reqwest that GETs a URL and reads the whole body, as the tower
/// retry policy needs.
#[allow(dead_code)]
pub fn tower_client(
    client: reqwest::Client,
) -> impl tower::Service<
    String,
    Response = http::Response<Vec<u8>>,
    Error = reqwest::Error,
    Future = impl Future<Output = Result<http::Response<Vec<u8>>, reqwest::Error>> + Send,
> + Clone {
    tower::service_fn(move |url: String| {
        let client = client.clone();
        async move {
            let response = client.get(url).send().await?;
            let mut out = http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                out = out.header(name, value);
            }
            let body = response.bytes().await?.to_vec();
            Ok(out.body(body).expect("a response built from a response"))
        }
    })
}
