//! Accepting connections with limits a public server needs: a client
//! must send a request's head within a time limit (slow or idle
//! connections are closed, so that they cannot hold the server's sockets
//! open), and past a number of open connections new ones are answered
//! 503 and closed at once rather than queued.
//!
//! (axum's own `serve` sets no timer, so hyper applies no header
//! timeout: a client sending a byte a minute would keep its connection
//! forever.)

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// What the listener allows each connection.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time to send a request's head, from the connection's start or the
    /// end of the last answer; an idle connection is closed after it
    /// (the body of a write has the same time: routes::read_body).
    pub send_timeout: Duration,
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
}

impl Default for Limits {
    /// Ten seconds for a head, 4,096 connections.
    fn default() -> Limits {
        Limits {
            send_timeout: Duration::from_secs(10),
            max_connections: 4096,
        }
    }
}

/// The answer to a connection past the limit.
const TOO_MANY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/json\r\nconnection: close\r\ncontent-length: 96\r\n\r\n\
{\"error\": {\"status\": 503, \"message\": \"too many connections are open: try again shortly\"}}\n";

/// Serves `router` on `listener` until `shutdown` resolves, then lets
/// the requests in progress finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.send_timeout)
        .keep_alive(true);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            r = listener.accept() => match r {
                Ok(c) => c,
                // Out of file descriptors, or a connection reset before
                // it was accepted: wait a moment and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tokio::spawn(async move {
                let mut s = stream;
                let _ = tokio::time::timeout(Duration::from_secs(1), s.write_all(TOO_MANY)).await;
                let _ = s.shutdown().await;
            });
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        let builder = Arc::clone(&builder);
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(slot);
        });
    }
    let _ = stop_tx.send(true);
    // Every connection has let go of its slot once it is done.
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(30), slots.acquire_many(all)).await;
    Ok(())
}
