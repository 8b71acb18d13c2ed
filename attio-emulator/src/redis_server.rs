//! [`RedisServer`]: a real `redis-server` process on a free loopback port, for tests and
//! benchmarks of pacing shared through Redis. Started from `PATH`, without persistence
//! (`--save '' --appendonly no`), stopped (killed) when dropped.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that makes a missing `redis-server` a test failure rather than
/// a skip (CI sets it).
pub const ENV_REQUIRE_REDIS: &str = "ATTIO_REQUIRE_REDIS";

/// How long a started server may take to answer `PING`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a [`RedisServer`] could not be started.
#[derive(Debug, thiserror::Error)]
pub enum RedisServerError {
    /// No `redis-server` binary on `PATH`.
    #[error("redis-server not found: install it (apt-get install redis-server)")]
    NotFound,
    /// The process could not be started or did not answer in time.
    #[error("redis-server did not start: {0}")]
    Start(String),
}

/// A running `redis-server` on `127.0.0.1`, killed on drop.
#[derive(Debug)]
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    password: Option<String>,
}

impl RedisServer {
    /// Starts a server on a free port.
    ///
    /// # Errors
    /// [`RedisServerError::NotFound`] without a `redis-server` on `PATH`;
    /// [`RedisServerError::Start`] when it does not answer `PING` within 10 s.
    pub fn start() -> Result<Self, RedisServerError> {
        Self::start_with_password(None)
    }

    /// Starts a server on a free port that requires `password` (`--requirepass`).
    ///
    /// # Errors
    /// As for [`start`](Self::start).
    pub fn start_with_password(password: Option<&str>) -> Result<Self, RedisServerError> {
        let port = free_port()?;
        let mut server = Self {
            child: None,
            port,
            password: password.map(str::to_owned),
        };
        server.restart()?;
        Ok(server)
    }

    /// A server for a test: started, or `None` (after printing why) when `redis-server` is
    /// not installed, unless `ATTIO_REQUIRE_REDIS=1`, which makes that a panic.
    ///
    /// # Panics
    /// When the server cannot be started, or is missing while `ATTIO_REQUIRE_REDIS=1`.
    pub fn for_test() -> Option<Self> {
        Self::for_test_with_password(None)
    }

    /// [`for_test`](Self::for_test) for a server requiring `password`.
    ///
    /// # Panics
    /// As for [`for_test`](Self::for_test).
    pub fn for_test_with_password(password: Option<&str>) -> Option<Self> {
        match Self::start_with_password(password) {
            Ok(server) => Some(server),
            Err(RedisServerError::NotFound) => {
                let required = std::env::var(ENV_REQUIRE_REDIS).is_ok_and(|v| v == "1");
                assert!(
                    !required,
                    "{}, and {ENV_REQUIRE_REDIS}=1 forbids skipping",
                    RedisServerError::NotFound
                );
                eprintln!("skipped: {}", RedisServerError::NotFound);
                None
            }
            Err(error) => panic!("{error}"),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:{port}` (with `:{password}@` when it requires one).
    pub fn url(&self) -> String {
        match &self.password {
            Some(password) => format!("redis://:{password}@127.0.0.1:{}", self.port),
            None => format!("redis://127.0.0.1:{}", self.port),
        }
    }

    /// Whether the process is running (not [`stop`](Self::stop)ped).
    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Kills the server (its data is lost: nothing is persisted). Does nothing when stopped.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port (stopping it first if it runs) and waits
    /// until it answers `PING`.
    ///
    /// # Errors
    /// As for [`start`](Self::start).
    pub fn restart(&mut self) -> Result<(), RedisServerError> {
        self.stop();
        let mut command = Command::new("redis-server");
        command
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(std::env::temp_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(password) = &self.password {
            command.args(["--requirepass", password]);
        }
        let child = command.spawn().map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                RedisServerError::NotFound
            } else {
                RedisServerError::Start(error.to_string())
            }
        })?;
        self.child = Some(child);
        let started = Instant::now();
        while started.elapsed() < STARTUP_TIMEOUT {
            if self.ping() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop();
        Err(RedisServerError::Start(format!(
            "no answer on port {} within {STARTUP_TIMEOUT:?}",
            self.port
        )))
    }

    /// Runs one command (arguments as given) and returns the server's raw RESP answer,
    /// e.g. `:1500\r\n` for `PTTL`. For tests inspecting keys.
    ///
    /// # Errors
    /// When the server cannot be reached.
    pub fn command(&self, args: &[&str]) -> std::io::Result<String> {
        let mut stream = TcpStream::connect_timeout(&self.addr(), Duration::from_secs(2))?;
        stream.set_read_timeout(Some(Duration::from_secs(2)))?;
        let mut request = Vec::new();
        if let Some(password) = &self.password {
            request.extend(resp(&["AUTH", password]));
        }
        request.extend(resp(args));
        stream.write_all(&request)?;
        let mut answer = Vec::new();
        let mut buffer = [0_u8; 4096];
        // One answer line per command (enough for the simple replies tests ask for).
        let wanted = if self.password.is_some() { 2 } else { 1 };
        while answer.iter().filter(|&&b| b == b'\n').count() < wanted {
            let read = stream.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            answer.extend_from_slice(&buffer[..read]);
        }
        let text = String::from_utf8_lossy(&answer).into_owned();
        Ok(match self.password {
            // Drop the AUTH answer.
            Some(_) => text
                .split_once("\r\n")
                .map_or(text.clone(), |(_, rest)| rest.to_owned()),
            None => text,
        })
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    fn ping(&self) -> bool {
        self.command(&["PING"])
            .is_ok_and(|answer| answer.starts_with("+PONG"))
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `args` as a RESP array of bulk strings. Hand-written rather than a Redis client crate:
/// this helper only sends `PING` and simple inspection commands, and a client would be a
/// dependency of every emulator user for that.
fn resp(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend(format!("${}\r\n{arg}\r\n", arg.len()).into_bytes());
    }
    out
}

/// A port nothing listens on now (the OS picks it).
fn free_port() -> Result<u16, RedisServerError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|error| RedisServerError::Start(format!("no free port: {error}")))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|error| RedisServerError::Start(format!("no free port: {error}")))
}
