//! `newsgen serve` under clients that misbehave: hundreds of connections
//! that send part of a request and then nothing (slowloris), a client that
//! never reads what it asked for, many open tabs; and that the live-reload
//! stream and Ctrl-C still work. The binary runs on a port of 127.0.0.1 the
//! system picks, and is spoken to in plain HTTP/1.1 over `TcpStream`.
//! Every read has a generous timeout: a guard against hanging, not a
//! measure of speed.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, newsgen};

/// How long a read may block before the test calls it a hang.
const HANG: Duration = Duration::from_secs(30);

const SITE_TOML: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

const ARTICLE: &str = "---\ntitle: Harbour reopens\ndate: 2024-05-01T09:00:00Z\n---\nThe harbour reopened on Monday after repairs.\n";

/// A running `newsgen serve`, stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
    site: TestSite,
    /// Kept open: the server prints a line on every rebuild.
    _stdout: BufReader<ChildStdout>,
}

impl Preview {
    /// `newsgen serve` on `site` with `args`; `files` is the limit on its
    /// open files, set before it listens.
    fn start(site: TestSite, args: &[&str], files: Option<u64>) -> Preview {
        let mut child = newsgen(&["serve", "--site", ".", "--port", "0"], site.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if let Some(files) = files {
            let pid = rustix::process::Pid::from_child(&child);
            let limit = rustix::process::Rlimit {
                current: Some(files),
                maximum: Some(files),
            };
            rustix::process::prlimit(Some(pid), rustix::process::Resource::Nofile, limit).unwrap();
        }
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let port = loop {
            line.clear();
            if stdout.read_line(&mut line).unwrap() == 0 {
                let status = child.wait().unwrap();
                panic!("newsgen serve {args:?} ended before serving: {status}");
            }
            if let Some(at) = line.strip_prefix("Serving ") {
                let address = at.split("http://").nth(1).unwrap();
                let port = address.split(['/', ' ']).next().unwrap();
                break port.rsplit(':').next().unwrap().parse().unwrap();
            }
        };
        Preview {
            child,
            port,
            site,
            _stdout: stdout,
        }
    }

    /// A new connection with the hang guard on reads.
    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(HANG)).unwrap();
        stream
    }

    /// The status code of `GET path` on a new connection.
    fn status(&self, path: &str) -> u16 {
        let mut stream = self.connect();
        send(&mut stream, path, "close");
        response(&mut stream).0
    }

    /// A live-reload stream, its response head read.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = self.connect();
        send(&mut stream, "/__newsgen/events", "keep-alive");
        let mut reader = BufReader::new(stream);
        let head = head(&mut reader);
        assert!(
            head.starts_with("HTTP/1.1 200") && head.contains("text/event-stream"),
            "{head}"
        );
        reader
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A site with one article.
fn site() -> TestSite {
    let site = TestSite::new(SITE_TOML);
    site.write("seeds/harbour.md", ARTICLE);
    site
}

fn send(stream: &mut TcpStream, path: &str, connection: &str) {
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: {connection}\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
}

/// The response head, up to the empty line.
fn head(reader: &mut impl BufRead) -> String {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => panic!("the connection closed after {head:?}"),
            Ok(_) => {}
            Err(err) => panic!("no response ({err}) after {head:?}"),
        }
        if line == "\r\n" {
            return head;
        }
        head.push_str(&line);
    }
}

/// The status code and body of the response on `stream`.
fn response(stream: &mut TcpStream) -> (u16, Vec<u8>) {
    let mut reader = BufReader::new(stream);
    let head = head(&mut reader);
    let status = head[9..12].parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(str::to_string)
        })
        .map_or(0, |l| l.trim().parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (status, body)
}

/// Whether the server closed `stream` within the hang guard.
fn closed_by_server(stream: &mut impl Read) -> bool {
    let started = Instant::now();
    let mut buffer = [0; 1024];
    // A stream sends a comment now and then: reads alone never time out.
    while started.elapsed() < HANG {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(err) if err.kind() == ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
    false
}

/// Reads the stream until the event `name`, or panics.
fn wait_for_event(stream: &mut impl BufRead, name: &str) {
    let mut seen = String::new();
    while !seen.contains(&format!("event: {name}")) {
        let mut line = String::new();
        match stream.read_line(&mut line) {
            Ok(0) => panic!("the stream closed after {seen:?}"),
            Ok(_) => seen.push_str(&line),
            Err(err) => panic!("no `{name}` event ({err}) after {seen:?}"),
        }
    }
}

/// `count` connections that have sent the start of a request line and
/// then nothing.
fn slow_connections(preview: &Preview, count: usize) -> Vec<TcpStream> {
    (0..count)
        .map(|_| {
            let mut stream = preview.connect();
            // The server may already have closed it to make room.
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            stream
        })
        .collect()
}

/// This process may open `files` files (the clients of a test need one
/// each).
fn allow_open_files(files: u64) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.current.is_some_and(|current| current < files) {
        let raised = limit.maximum.map_or(files, |maximum| maximum.min(files));
        setrlimit(
            Resource::Nofile,
            rustix::process::Rlimit {
                current: Some(raised),
                maximum: limit.maximum,
            },
        )
        .unwrap();
    }
}

#[test]
fn hundreds_of_slow_connections_do_not_stop_the_preview() {
    // The default limits, and fewer open files than slow clients: without
    // a cap the server runs out of descriptors and stops accepting.
    allow_open_files(2048);
    let preview = Preview::start(site(), &[], Some(320));
    let slow = slow_connections(&preview, 2 * newsgen::DEFAULT_MAX_CONNECTIONS);
    for _ in 0..3 {
        assert_eq!(preview.status("/"), 200);
    }
    drop(slow);
}

#[test]
fn a_connection_that_never_finishes_its_headers_is_closed_after_the_timeout() {
    let preview = Preview::start(site(), &["--header-timeout", "1"], None);
    let mut slow = slow_connections(&preview, 1).remove(0);
    assert!(closed_by_server(&mut slow));
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_timeout() {
    let preview = Preview::start(site(), &["--header-timeout", "1"], None);
    let mut stream = preview.connect();
    send(&mut stream, "/", "keep-alive");
    assert_eq!(response(&mut stream).0, 200);
    assert!(closed_by_server(&mut stream));
}

#[test]
fn headers_over_the_limit_get_431() {
    let preview = Preview::start(site(), &[], None);
    let mut stream = preview.connect();
    let cookie = "a".repeat(100 * 1024);
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n");
    let _ = stream.write_all(request.as_bytes());
    assert_eq!(response(&mut stream).0, 431);
}

#[test]
fn the_live_reload_stream_outlives_the_header_timeout() {
    let preview = Preview::start(site(), &["--header-timeout", "1"], None);
    let mut events = preview.events();
    // Three timeouts pass with the stream open, then an edit.
    std::thread::sleep(Duration::from_secs(3));
    preview
        .site
        .write("seeds/harbour.md", ARTICLE.replace("Monday", "Tuesday"));
    wait_for_event(&mut events, "reload");
}

#[test]
fn past_a_quarter_of_the_connections_the_oldest_stream_is_closed() {
    // Four connections: one stream at a time, the newest tab keeps it.
    let preview = Preview::start(site(), &["--max-connections", "4"], None);
    let mut first = preview.events();
    let mut second = preview.events();
    assert!(closed_by_server(&mut first));
    assert_eq!(preview.status("/"), 200);
    preview
        .site
        .write("seeds/harbour.md", ARTICLE.replace("Monday", "Tuesday"));
    wait_for_event(&mut second, "reload");
}

#[test]
fn clients_that_do_not_read_their_responses_do_not_stop_the_preview() {
    // Each asks for a file larger than the socket buffers and reads
    // nothing: once the file is handed over whole, the connection may be
    // closed to make room.
    let site = site();
    site.write("static/big.bin", vec![7_u8; 8 << 20]);
    let preview = Preview::start(site, &["--max-connections", "4"], None);
    // Each in turn gets the head of its response (so is past its
    // request) and then reads no more.
    let stalled: Vec<BufReader<TcpStream>> = (0..6)
        .map(|_| {
            let mut stream = preview.connect();
            send(&mut stream, "/big.bin", "keep-alive");
            let mut reader = BufReader::new(stream);
            assert!(head(&mut reader).starts_with("HTTP/1.1 200"));
            reader
        })
        .collect();
    assert_eq!(preview.status("/"), 200);
    drop(stalled);
}

#[test]
fn ctrl_c_stops_the_preview_with_a_tab_open() {
    let mut preview = Preview::start(site(), &[], None);
    let _events = preview.events();
    let pid = rustix::process::Pid::from_child(&preview.child);
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = preview.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < HANG,
            "newsgen serve still runs after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}
