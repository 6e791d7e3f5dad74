//! Export of audit records as OpenTelemetry log records over OTLP/HTTP with JSON encoding
//! (OTLP specification 1.x, "OTLP/HTTP", `POST /v1/logs`, `Content-Type:
//! application/json`; <https://opentelemetry.io/docs/specs/otlp/#otlphttp>), so the trail
//! lands in whatever log platform a team already runs.
//!
//! Each record becomes one `logRecord`: `timeUnixNano` = the record's time, `body` = the
//! record's JSON line, `attributes` = its identity and permission fields
//! (`hookkit.session`, `hookkit.call_id`, `hookkit.decision`…), severity INFO for allow,
//! WARN for ask and deny, under the resource `service.name = hookkit`.
//!
//! The export is best effort and bounded: one HTTP/1.1 request on a fresh connection,
//! with the whole exchange (connect, write, read the status line) limited to the
//! configured timeout. It runs after the local record is written, so a slow or absent
//! collector never loses a record and never holds the hook longer than the timeout. Only
//! plain `http://` endpoints are supported (a collector on the loopback or a sidecar).

use crate::record::AuditRecord;
use hookkit_policy::decision::Verdict;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The endpoint is not an `http://host[:port]/path` URL.
    #[error("otlp endpoint `{0}` is not an http://host:port/path URL")]
    Endpoint(String),
    /// Connecting, sending or reading failed, or the time ran out.
    #[error("otlp export to `{endpoint}`: {source}")]
    Io {
        /// The endpoint.
        endpoint: String,
        /// The error.
        source: std::io::Error,
    },
    /// The collector answered with a status other than 2xx.
    #[error("otlp export to `{endpoint}`: HTTP status {status}")]
    Status {
        /// The endpoint.
        endpoint: String,
        /// The status code.
        status: u16,
    },
}

/// The OTLP/HTTP JSON `ExportLogsServiceRequest` body for `records`.
pub fn logs_request(records: &[&AuditRecord]) -> Value {
    let log_records: Vec<Value> = records.iter().map(|r| log_record(r)).collect();
    json!({
        "resourceLogs": [{
            "resource": {"attributes": [attr("service.name", "hookkit")]},
            "scopeLogs": [{
                "scope": {"name": "hookkit.audit", "version": env!("CARGO_PKG_VERSION")},
                "logRecords": log_records
            }]
        }]
    })
}

fn attr(key: &str, value: &str) -> Value {
    json!({"key": key, "value": {"stringValue": value}})
}

fn log_record(r: &AuditRecord) -> Value {
    let nanos = r
        .time
        .parse::<jiff::Timestamp>()
        .map_or(0, |t| t.as_nanosecond());
    let (number, text) = match r.decision {
        Verdict::Allow => (9, "INFO"),
        _ => (13, "WARN"),
    };
    let mut attributes = vec![
        attr("hookkit.guard", &r.guard),
        attr("hookkit.host", &r.host),
        attr("hookkit.event", &r.event),
        attr("hookkit.tool", &r.tool),
        attr("hookkit.decision", r.decision.as_str()),
    ];
    for (k, v) in [
        ("hookkit.session", &r.session),
        ("hookkit.call_id", &r.call_id),
        ("hookkit.profile", &r.profile),
    ] {
        if let Some(v) = v {
            attributes.push(attr(k, v));
        }
    }
    if !r.rule_ids.is_empty() {
        attributes.push(attr("hookkit.rule_ids", &r.rule_ids.join(",")));
    }
    let line = String::from_utf8_lossy(&r.to_line()).trim_end().to_owned();
    json!({
        "timeUnixNano": nanos.to_string(),
        "observedTimeUnixNano": nanos.to_string(),
        "severityNumber": number,
        "severityText": text,
        "body": {"stringValue": line},
        "attributes": attributes
    })
}

/// POST `record` to `endpoint` within `timeout_ms` milliseconds in all.
///
/// # Errors
/// [`ExportError`]: a bad URL, an I/O error or timeout, or a non-2xx status.
pub fn export(endpoint: &str, timeout_ms: u64, record: &AuditRecord) -> Result<(), ExportError> {
    let deadline = Instant::now() + Duration::from_millis(timeout_ms.max(1));
    let bad = || ExportError::Endpoint(endpoint.to_owned());
    let rest = endpoint.strip_prefix("http://").ok_or_else(bad)?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (
            rest.get(..i).unwrap_or_default(),
            rest.get(i..).unwrap_or("/"),
        ),
        None => (rest, "/v1/logs"),
    };
    if authority.is_empty() {
        return Err(bad());
    }
    let with_port = if authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let io = |source| ExportError::Io {
        endpoint: endpoint.to_owned(),
        source,
    };
    let left = || {
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| io(std::io::ErrorKind::TimedOut.into()))
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(io)?
        .next()
        .ok_or_else(bad)?;
    let mut stream = TcpStream::connect_timeout(&addr, left()?).map_err(io)?;
    let body = logs_request(&[record]).to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.set_write_timeout(Some(left()?)).map_err(io)?;
    stream.write_all(request.as_bytes()).map_err(io)?;
    stream.set_read_timeout(Some(left()?)).map_err(io)?;
    let mut head = [0u8; 64];
    let mut got = 0;
    while got < 12 {
        let n = stream.read(&mut head[got..]).map_err(io)?;
        if n == 0 {
            break;
        }
        got += n;
    }
    let status = std::str::from_utf8(&head[..got])
        .ok()
        .and_then(|s| s.split(' ').nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(0);
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(ExportError::Status {
            endpoint: endpoint.to_owned(),
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookkit_policy::call::{Event, Host, ToolCall, ToolKind};
    use hookkit_policy::decision::Decision;

    fn record() -> AuditRecord {
        let mut call = ToolCall::new(
            Host::ClaudeCode,
            Event::PreTool,
            "PreToolUse",
            ToolKind::Shell,
            "Bash",
        );
        call.session_id = Some("s-1".into());
        call.call_id = Some("toolu_1".into());
        call.command = Some("ls".into());
        AuditRecord::new("command-guard", Some(&call), &Decision::allow(), b"{}")
    }

    #[test]
    fn a_loopback_collector_receives_the_record() {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let handle = std::thread::spawn(move || {
            let mut req = server.recv().unwrap();
            let mut body = String::new();
            req.as_reader().read_to_string(&mut body).unwrap();
            let url = req.url().to_owned();
            let ctype = req
                .headers()
                .iter()
                .find(|h| h.field.equiv("Content-Type"))
                .map(|h| h.value.to_string());
            req.respond(tiny_http::Response::empty(200)).unwrap();
            (url, ctype, body)
        });
        export(&format!("http://127.0.0.1:{port}/v1/logs"), 2000, &record()).unwrap();
        let (url, ctype, body) = handle.join().unwrap();
        assert_eq!(url, "/v1/logs");
        assert_eq!(ctype.as_deref(), Some("application/json"));
        let v: Value = serde_json::from_str(&body).unwrap();
        let rec = &v["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
        assert_eq!(rec["severityText"], "INFO");
        let body_line = rec["body"]["stringValue"].as_str().unwrap();
        let back: AuditRecord = serde_json::from_str(body_line).unwrap();
        assert_eq!(back.call_id.as_deref(), Some("toolu_1"));
        assert!(
            rec["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["key"] == "hookkit.session")
        );
    }

    #[test]
    fn a_silent_collector_costs_at_most_the_timeout() {
        // Accepts the connection and never answers.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let start = Instant::now();
        let err = export(&format!("http://127.0.0.1:{port}/v1/logs"), 150, &record()).unwrap_err();
        let took = start.elapsed();
        assert!(matches!(err, ExportError::Io { .. }), "{err}");
        assert!(took < Duration::from_millis(600), "{took:?}");
        drop(listener);
        assert!(matches!(
            export("https://x/v1/logs", 10, &record()),
            Err(ExportError::Endpoint(_))
        ));
    }
}
