//! Attio's body for the answers hyper sends on its own.
//!
//! When a request head cannot be parsed (a malformed request line or header field,
//! conflicting `Content-Length`s, a target or head beyond hyper's limits) no request ever
//! reaches the emulator's code: hyper writes `400`, `414` or `431` itself, with
//! `connection: close`, `content-length: 0` and no way to supply a body. Attio answers every
//! error with its JSON body, so the connection's write side is wrapped: a response head of
//! exactly that form is the one hyper makes for a refused head (every answer of the
//! emulator's own has a body), and it is replaced, before it reaches the socket, by the same
//! status with the Attio-shaped body [`ApiError::from_status`] gives it.
//!
//! hyper offers no hook for these answers (its `on_parse_error` path builds the head
//! internally), hence this wrapper rather than a configuration option.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::ApiError;

/// A connection whose refused-head answers get Attio's body (see the [module docs](self)).
pub(crate) struct AttioRefusals<S> {
    inner: S,
    /// A rewritten answer still to be written, and how much of it has been.
    pending: Vec<u8>,
    written: usize,
}

impl<S> AttioRefusals<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<S: AsyncWrite + Unpin> AttioRefusals<S> {
    /// Writes what is left of a rewritten answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for AttioRefusals<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for AttioRefusals<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        match with_attio_body(buf) {
            Some(answer) => {
                // Taken whole; what the socket does not accept now goes out on the next
                // write, flush or shutdown.
                this.pending = answer;
                if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                    return Poll::Ready(Err(e));
                }
                Poll::Ready(Ok(buf.len()))
            }
            None => Pin::new(&mut this.inner).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// The statuses hyper answers a refused head with.
const REFUSALS: [StatusCode; 3] = [
    StatusCode::BAD_REQUEST,
    StatusCode::URI_TOO_LONG,
    StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
];

/// `written` with an Attio body when it is, whole, one of hyper's refused-head answers:
/// `HTTP/1.1 <400|414|431> …`, `connection: close`, `content-length: 0`, nothing after the
/// head. `None` for everything else (all of the emulator's own answers).
fn with_attio_body(written: &[u8]) -> Option<Vec<u8>> {
    // Every answer passes here: the cheap test first (an answer with a body does not end
    // with the head's blank line), before the whole buffer is checked as UTF-8.
    if !written.ends_with(b"\r\n\r\n") {
        return None;
    }
    let head = std::str::from_utf8(written)
        .ok()?
        .strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let code = status_line.strip_prefix("HTTP/1.1 ")?.get(..3)?;
    let status = StatusCode::from_bytes(code.as_bytes()).ok()?;
    let fields: Vec<&str> = lines.collect();
    let has = |field: &str| fields.iter().any(|f| f.eq_ignore_ascii_case(field));
    if !REFUSALS.contains(&status) || !has("connection: close") || !has("content-length: 0") {
        return None;
    }
    let message = match status {
        StatusCode::URI_TOO_LONG => "The request target is too long to be read.",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            "The request's header fields are too large to be read."
        }
        _ => "The request could not be read as HTTP/1.1 (malformed request line or header).",
    };
    let body = ApiError::from_status(status, message).body().to_string();
    let mut answer = format!("{status_line}\r\n");
    for field in fields
        .iter()
        .filter(|f| !f.eq_ignore_ascii_case("content-length: 0"))
    {
        answer.push_str(field);
        answer.push_str("\r\n");
    }
    answer.push_str("content-type: application/json\r\n");
    answer.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    Some(answer.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYPER_400: &str = "HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Wed, 02 Dec 2026 16:01:38 GMT\r\n\r\n";

    #[test]
    fn hypers_refusal_gets_attios_body_and_keeps_its_status_and_fields() {
        let answer = String::from_utf8(with_attio_body(HYPER_400.as_bytes()).unwrap()).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(head.contains("\r\nconnection: close"), "{head}");
        assert!(head.contains("\r\ndate: Wed, 02 Dec 2026"), "{head}");
        assert!(
            head.contains("\r\ncontent-type: application/json"),
            "{head}"
        );
        assert!(
            head.ends_with(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["status_code"], 400);
        assert_eq!(body["type"], "invalid_request_error");
        assert_eq!(body["code"], "validation_type");
    }

    #[test]
    fn answers_with_a_body_or_other_statuses_pass_untouched() {
        for other in [
            // An answer of the emulator's own: it has a body.
            "HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n{}",
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n",
            // Not a refusal status, or not closing.
            "HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
            "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n",
            // Not a response head at all (a body chunk).
            "content-length: 0\r\nconnection: close\r\n\r\n",
        ] {
            assert_eq!(with_attio_body(other.as_bytes()), None, "{other:?}");
        }
        assert_eq!(with_attio_body(&[0xff, 0xfe]), None);
    }
}
