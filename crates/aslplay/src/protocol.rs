//! The handler host's messages (see the top of `static/handler-host.js`, and
//! [`asl::host::protocol`], which builds and reads them): batches of invocations in, `results`
//! messages out; plus the results the CLI makes up itself.

use std::time::Instant;

use asl::host::protocol::{self, RuntimeMessage};
use asl::host::{InvocationOutcome, InvocationResult, LogLine};

/// Reads one line from the handler host.
pub fn reply(line: &[u8]) -> RuntimeMessage {
    match std::str::from_utf8(line) {
        Ok(text) => protocol::read_message(text),
        Err(_) => RuntimeMessage::Other,
    }
}

/// An [`InvocationResult`] from its parts.
pub fn result(
    outcome: InvocationOutcome,
    logs: Vec<LogLine>,
    duration_ms: f64,
) -> InvocationResult {
    InvocationResult {
        metrics: Default::default(),
        outcome,
        logs,
        duration_ms,
    }
}

/// A failure the runtime itself reports (not the handler's own error).
pub fn runtime_failure(error_type: &str, message: &str, started: Instant) -> InvocationResult {
    result(
        InvocationOutcome::Failed {
            error_type: error_type.into(),
            error_message: message.into(),
            trace: vec![],
        },
        vec![],
        started.elapsed().as_secs_f64() * 1000.0,
    )
}

/// A secret for one invocation: 32 hex digits from `next` (a random source). The host sends
/// it with the invocation and accepts a result only if it comes back with it.
pub fn secret(mut next: impl FnMut() -> u64) -> String {
    format!("{:016x}{:016x}", next(), next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::BatchReply;

    #[test]
    fn replies_are_told_apart() {
        assert!(matches!(
            reply(br#"{"type":"ready"}"#),
            RuntimeMessage::Ready
        ));
        let RuntimeMessage::Results(results) = reply(
            br#"{"type":"results","results":[{"id":2,"secret":"s","ok":true,"payload":1},{"id":3,"secret":"t","retry":true}]}"#,
        ) else {
            panic!("a results message");
        };
        assert_eq!((results[0].id, results[0].secret.as_str()), (2, "s"));
        assert!(matches!(results[0].reply, BatchReply::Done(_)));
        assert_eq!(results[1].reply, BatchReply::Retry);
        assert!(matches!(reply(b"not json"), RuntimeMessage::Other));
        assert!(matches!(reply(b"\xff\xfe"), RuntimeMessage::Other));
    }

    #[test]
    fn secrets_are_32_hex_digits() {
        let mut n = 0u64;
        let s = secret(|| {
            n += 0x1234_5678_9abc;
            n
        });
        assert_eq!(s.len(), 32);
        assert!(s.bytes().all(|b| b.is_ascii_hexdigit()), "{s}");
    }
}
