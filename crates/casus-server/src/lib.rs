//! casus-server: casus over HTTP. A JSON API on the store (events with
//! their evidence, counts, a map's grid, actor names, and articles
//! posted for extraction) and a web page built on it, with a map, a
//! timeline, filters and the evidence of each event. docs/api.md lists
//! every endpoint.
//!
//! The store's calls block; they run on tokio's blocking threads, each on
//! a connection of its own ([`app::App`]).

pub mod app;
pub mod assets;
pub mod cache;
pub mod error;
pub mod listen;
pub mod params;
pub mod routes;

pub use app::{App, Config};
pub use error::ApiError;
pub use routes::router;

use std::net::SocketAddr;
use std::sync::Arc;

/// Serves `app` at `addr` until Ctrl-C or SIGTERM; `on_listen` is told
/// the address bound (port 0 picks a free port). Blocks.
pub fn run(app: App, addr: SocketAddr, on_listen: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_listen(listener.local_addr()?);
        let limits = listen::Limits {
            send_timeout: app.config.send_timeout,
            max_connections: app.config.max_connections,
        };
        listen::serve(listener, router(Arc::new(app)), limits, shutdown()).await
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
