//! The connections of `newsgen serve`: the accept loop and the limits that
//! keep the preview answering when clients misbehave, for example many
//! connections that send part of a request and then nothing (slowloris).
//!
//! - A request's headers must arrive within the header timeout, or the
//!   connection is closed. hyper restarts that timer whenever it waits for
//!   the next request, so it also ends idle keep-alive connections.
//! - Request headers are at most [`MAX_HEADER_BYTES`]; larger get 431.
//! - At most `max_connections` are open. At the cap a new connection is
//!   still accepted, and the oldest one that is waiting for a request
//!   (partial headers, or idle between requests) is closed to make room: a
//!   client that sends its request at once is answered however many others
//!   sit idle. A connection counts as waiting again as soon as its
//!   response is handed to hyper whole (every page and file is one piece),
//!   so a client that does not read what it asked for holds no place
//!   either. A connection whose response is still being made is not
//!   closed; when none can be closed, the new connection waits for one.
//! - A live-reload stream (server-sent events) is one response that lasts
//!   as long as its tab: the header timeout never cuts it, and it is not
//!   closed to make room for pages. At most a quarter of the connections
//!   may be streams; past that the oldest stream is closed (its tab
//!   reconnects by itself), so open tabs cannot take every connection.
//! - On shutdown the listener closes, streams close, and responses in
//!   progress get [`SHUTDOWN_GRACE`] to finish.
//!
//! `super` (the routes) hands over a `Router` and the path of the stream.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, Response};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

/// The largest request head (request line and headers) accepted: browsers
/// send a few kilobytes, cookies included.
pub(super) const MAX_HEADER_BYTES: usize = 64 * 1024;

/// How long responses in progress may take to finish after Ctrl-C.
pub(super) const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The limits of the accept loop.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub(super) header_timeout: Duration,
    pub(super) max_connections: usize,
}

impl Limits {
    /// How many of the connections may be live-reload streams.
    fn max_streams(&self) -> usize {
        (self.max_connections / 4).max(1)
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` ends.
/// Requests for `stream_path` are live-reload streams.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    stream_path: &'static str,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let table = Arc::new(Table::new(limits));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEADER_BYTES);
    let router = TowerToHyperService::new(router);
    // Every connection task holds a receiver: when all are gone, so are the tasks.
    let (running, tasks) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    let mut next_id = 0_u64;
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset while in
                // the queue: try again shortly rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        tokio::select! {
            () = table.make_room() => {}
            () = &mut shutdown => break,
        }
        next_id += 1;
        let connection = table.open(next_id);
        let service = {
            let table = Arc::clone(&table);
            let connection = Arc::clone(&connection);
            let router = router.clone();
            hyper::service::service_fn(move |request: Request<Incoming>| {
                let busy = Busy::start(&table, &connection, request.uri().path() == stream_path);
                let response = hyper::service::Service::call(&router, request);
                async move {
                    let response: Response<Body> = response.await?;
                    Ok::<_, Infallible>(response.map(|body| Tracked { body, _busy: busy }))
                }
            })
        };
        let connection_task = serve_connection(
            http.serve_connection(TokioIo::new(stream), service),
            connection,
            tasks.clone(),
            Closed {
                table: Arc::clone(&table),
                id: next_id,
            },
        );
        tokio::spawn(connection_task);
    }
    drop(listener);
    drop(tasks);
    let _ = running.send(true);
    running.closed().await;
}

/// Drives one connection until it ends, is closed to make room, or the
/// server stops.
async fn serve_connection<C>(
    conn: C,
    connection: Arc<Connection>,
    mut stopping: watch::Receiver<bool>,
    _closed: Closed,
) where
    C: Future + GracefulShutdown,
{
    let mut conn = pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        () = connection.close.notified() => return,
        _ = stopping.wait_for(|stopping| *stopping) => {}
    }
    if connection.is_stream.load(Ordering::Acquire) {
        return; // a stream never ends by itself
    }
    conn.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, conn).await;
}

/// The hyper connection's graceful shutdown, named so that
/// `serve_connection` does not spell out its service type.
trait GracefulShutdown {
    fn graceful_shutdown(self: Pin<&mut Self>);
}

impl<I, S> GracefulShutdown for http1::Connection<I, S>
where
    S: hyper::service::HttpService<Incoming>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    S::ResBody: 'static,
    <S::ResBody as hyper::body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
{
    fn graceful_shutdown(self: Pin<&mut Self>) {
        http1::Connection::graceful_shutdown(self);
    }
}

/// One open connection, as the accept loop sees it.
#[derive(Default)]
struct Connection {
    /// Responses begun whose body hyper has not yet taken whole.
    in_flight: AtomicUsize,
    /// It asked for the live-reload stream.
    is_stream: AtomicBool,
    /// Told to close; it still counts until its task has ended.
    closing: AtomicBool,
    close: Notify,
}

impl Connection {
    /// Waiting for a request: partial headers, or idle between requests.
    fn is_waiting(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0 && !self.is_stream.load(Ordering::Acquire)
    }

    fn close(&self) {
        self.closing.store(true, Ordering::Release);
        self.close.notify_one();
    }
}

/// The open connections, oldest first.
struct Table {
    limits: Limits,
    open: Mutex<BTreeMap<u64, Arc<Connection>>>,
    /// A connection ended or finished a response: room may be made.
    changed: Notify,
}

impl Table {
    fn new(limits: Limits) -> Table {
        Table {
            limits,
            open: Mutex::new(BTreeMap::new()),
            changed: Notify::new(),
        }
    }

    fn open(&self, id: u64) -> Arc<Connection> {
        let connection = Arc::new(Connection::default());
        lock(&self.open).insert(id, Arc::clone(&connection));
        connection
    }

    /// Returns once there is room for one more connection, closing the
    /// oldest waiting one when at the cap.
    async fn make_room(&self) {
        loop {
            // Created before looking: a change meanwhile is not missed.
            let changed = self.changed.notified();
            if self.has_room() {
                return;
            }
            changed.await;
        }
    }

    fn has_room(&self) -> bool {
        let open = lock(&self.open);
        if open.len() < self.limits.max_connections {
            return true;
        }
        // One closed at a time: its task ends at once and says so.
        if open.values().any(|c| c.closing.load(Ordering::Acquire)) {
            return false;
        }
        if let Some(victim) = open.values().find(|c| c.is_waiting()) {
            victim.close();
        }
        false
    }

    /// `connection` became a live-reload stream: close the oldest stream
    /// when there are too many.
    fn stream_started(&self, connection: &Connection) {
        connection.is_stream.store(true, Ordering::Release);
        let open = lock(&self.open);
        let streams: Vec<&Arc<Connection>> = open
            .values()
            .filter(|c| c.is_stream.load(Ordering::Acquire) && !c.closing.load(Ordering::Acquire))
            .collect();
        if streams.len() > self.limits.max_streams() {
            streams[0].close();
        }
    }
}

/// Removes a connection from the table when its task ends.
struct Closed {
    table: Arc<Table>,
    id: u64,
}

impl Drop for Closed {
    fn drop(&mut self) {
        lock(&self.table.open).remove(&self.id);
        self.table.changed.notify_one();
    }
}

/// A response in progress on a connection, until its body is sent.
struct Busy {
    table: Arc<Table>,
    connection: Arc<Connection>,
}

impl Busy {
    fn start(table: &Arc<Table>, connection: &Arc<Connection>, is_stream: bool) -> Busy {
        connection.in_flight.fetch_add(1, Ordering::AcqRel);
        if is_stream {
            table.stream_started(connection);
        }
        Busy {
            table: Arc::clone(table),
            connection: Arc::clone(connection),
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.connection.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.table.changed.notify_one();
    }
}

/// A response body that keeps its connection busy until hyper has taken
/// all of it (not until the client has read it).
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl hyper::body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(max_connections: usize) -> Table {
        Table::new(Limits {
            header_timeout: Duration::from_secs(10),
            max_connections,
        })
    }

    #[test]
    fn at_the_cap_the_oldest_waiting_connection_is_closed() {
        let table = table(4);
        let busy = table.open(1);
        busy.in_flight.store(1, Ordering::Release);
        let waiting = [table.open(2), table.open(3), table.open(4)];
        assert!(!table.has_room());
        assert!(waiting[0].closing.load(Ordering::Acquire));
        assert!(!busy.closing.load(Ordering::Acquire));
        // Until that one has ended, no other is closed.
        assert!(!table.has_room());
        assert!(!waiting[1].closing.load(Ordering::Acquire));
        lock(&table.open).remove(&2);
        assert!(table.has_room());
    }

    #[test]
    fn streams_and_responses_being_made_are_not_closed_to_make_room() {
        let table = table(4);
        let streams = [table.open(1), table.open(2)];
        let pages = [table.open(3), table.open(4)];
        for stream in &streams {
            stream.is_stream.store(true, Ordering::Release);
        }
        for page in &pages {
            page.in_flight.store(1, Ordering::Release);
        }
        assert!(!table.has_room());
        assert!(
            streams
                .iter()
                .chain(&pages)
                .all(|c| !c.closing.load(Ordering::Acquire))
        );
    }

    #[test]
    fn past_a_quarter_of_the_cap_the_oldest_stream_is_closed() {
        let table = table(8);
        let streams: Vec<_> = (1..=3).map(|id| table.open(id)).collect();
        table.stream_started(&streams[0]);
        table.stream_started(&streams[1]);
        assert!(streams.iter().all(|c| !c.closing.load(Ordering::Acquire)));
        table.stream_started(&streams[2]);
        assert!(streams[0].closing.load(Ordering::Acquire));
        assert!(
            !streams[1].closing.load(Ordering::Acquire)
                && !streams[2].closing.load(Ordering::Acquire)
        );
    }
}
