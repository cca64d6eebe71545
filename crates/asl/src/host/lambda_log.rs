//! An invocation's log as CloudWatch Logs shows it for a Node.js Lambda function: the platform's
//! `START`, the handler's own lines (timestamp, request id, level, message, tab-separated:
//! shown as spaces below),
//! `END` and `REPORT`.
//!
//! ```text
//! START RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac Version: $LATEST
//! 2019-06-07T19:11:20.562Z c793869b-ee49-115b-a5b6-4fd21e8dedac INFO EVENT …
//! END RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac
//! REPORT RequestId: c793869b-ee49-115b-a5b6-4fd21e8dedac Duration: 170.82 ms Billed Duration: 171 ms Memory Size: 128 MB Max Memory Used: 73 MB Init Duration: 162.55 ms
//! ```
//!
//! Sources: the Lambda Developer Guide, "Log and monitor Node.js Lambda functions" (the log
//! format above; `console.log`/`info` are `INFO`, `warn` `WARN`, `error` `ERROR`, `debug`
//! `DEBUG`, `trace` `TRACE`) and "Lambda function logging" (REPORT's fields: `Init Duration`
//! only on the first request an environment serves); billing by the millisecond, rounded up
//! (Lambda, December 2020); the INIT phase billed too since August 1, 2025 ("AWS Lambda
//! standardizes billing for INIT phase", AWS Compute Blog), so a cold start's Billed Duration
//! is Duration plus Init Duration, rounded up; a timed-out invocation logs `Task timed out
//! after 3.00 seconds`.
//!
//! `Max Memory Used` is written only when the host measured it: the CLI's Node.js runtime
//! reports its process's peak resident set; a browser Worker cannot measure its own memory, so
//! the page's REPORT lines leave the field out rather than invent a number.

use super::{Invocation, InvocationOutcome, InvocationResult, LogLine};
use crate::history::time::iso8601;

/// The level of the platform's own lines (`START`, `END`, `REPORT`, the timeout notice).
pub const PLATFORM: &str = "platform";

/// What one invocation's CloudWatch log is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct InvocationLog<'a> {
    /// `context.awsRequestId`.
    pub request_id: &'a str,
    /// The function version that ran (`$LATEST` or a number).
    pub version: &'a str,
    /// When the invocation started (wall clock), milliseconds since the Unix epoch: the
    /// timestamp of the handler's lines.
    pub started_ms: i64,
    /// What the handler logged, in order.
    pub logs: &'a [LogLine],
    /// How long the handler ran, in milliseconds.
    pub duration_ms: f64,
    /// The cold start's initialisation (loading the module), if this invocation had one.
    pub init_duration_ms: Option<f64>,
    /// The most memory used, in MB, if the host could measure it.
    pub max_memory_used_mb: Option<u32>,
    /// The function's memory size, in MB (the playground's functions have 128).
    pub memory_size_mb: u32,
    /// The function's timeout, when the invocation ran out of it.
    pub timed_out_ms: Option<u64>,
}

impl InvocationLog<'_> {
    /// The log's lines: the platform's with level [`PLATFORM`], the handler's with their own
    /// level; each `message` is the whole line as CloudWatch shows it.
    pub fn lines(&self) -> Vec<LogLine> {
        let id = self.request_id;
        let platform = |message: String| LogLine {
            level: PLATFORM.into(),
            message,
        };
        let mut out = Vec::with_capacity(self.logs.len() + 4);
        out.push(platform(start_line(id, self.version)));
        let at = iso8601(self.started_ms);
        for l in self.logs {
            out.push(LogLine {
                level: l.level.clone(),
                message: format!("{at}\t{id}\t{}\t{}", level_label(&l.level), l.message),
            });
        }
        if let Some(ms) = self.timed_out_ms {
            let end = iso8601(self.started_ms.saturating_add(ms as i64));
            out.push(platform(format!(
                "{end} {id} Task timed out after {:.2} seconds",
                ms as f64 / 1000.0
            )));
        }
        out.push(platform(end_line(id)));
        out.push(platform(self.report_line()));
        out
    }

    /// The lines as text, one per line (what `LogType: Tail` and the CLI print).
    pub fn text(&self) -> String {
        let mut text = String::new();
        for l in self.lines() {
            text.push_str(&l.message);
            text.push('\n');
        }
        text
    }

    /// `REPORT RequestId: …\tDuration: …\tBilled Duration: …\tMemory Size: …\t…`.
    pub fn report_line(&self) -> String {
        let billed = billed_ms(self.duration_ms + self.init_duration_ms.unwrap_or(0.0));
        let mut line = format!(
            "REPORT RequestId: {}\tDuration: {:.2} ms\tBilled Duration: {billed} ms\tMemory Size: {} MB\t",
            self.request_id,
            finite(self.duration_ms),
            self.memory_size_mb
        );
        if let Some(mb) = self.max_memory_used_mb {
            line.push_str(&format!("Max Memory Used: {mb} MB\t"));
        }
        if let Some(init) = self.init_duration_ms {
            line.push_str(&format!("Init Duration: {:.2} ms\t", finite(init)));
        }
        line
    }
}

/// The CloudWatch log of a finished invocation that started at `started_ms` (wall clock), as
/// [`InvocationLog::lines`]; none when no handler ran (the function was not found, or Lambda
/// refused the call: a denied role, an injected service fault).
pub fn invocation_lines(
    invocation: &Invocation,
    result: &InvocationResult,
    started_ms: i64,
) -> Vec<LogLine> {
    let timed_out_ms = match result.outcome {
        InvocationOutcome::Rejected { .. } | InvocationOutcome::FunctionNotFound => return vec![],
        InvocationOutcome::TimedOut { timeout_ms } => Some(timeout_ms),
        _ => None,
    };
    let version = super::protocol::function_version(invocation.qualifier.as_deref());
    InvocationLog {
        request_id: &invocation.request_id,
        version: &version,
        started_ms,
        logs: &result.logs,
        duration_ms: result.duration_ms,
        init_duration_ms: result.metrics.init_duration_ms,
        max_memory_used_mb: result.metrics.max_memory_used_mb,
        memory_size_mb: 128,
        timed_out_ms,
    }
    .lines()
}

/// `START RequestId: <id> Version: <version>`.
pub fn start_line(request_id: &str, version: &str) -> String {
    format!("START RequestId: {request_id} Version: {version}")
}

/// `END RequestId: <id>`.
pub fn end_line(request_id: &str) -> String {
    format!("END RequestId: {request_id}")
}

/// The level CloudWatch shows for a `console` method's level: `log` and `info` are `INFO`.
pub fn level_label(level: &str) -> String {
    match level {
        "log" | "info" => "INFO".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// Billed milliseconds: the duration rounded up to the next millisecond (at least 1).
pub fn billed_ms(duration_ms: f64) -> u64 {
    finite(duration_ms).ceil().max(1.0) as u64
}

fn finite(ms: f64) -> f64 {
    if ms.is_finite() && ms > 0.0 {
        ms
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "c793869b-ee49-115b-a5b6-4fd21e8dedac";

    fn line(level: &str, message: &str) -> LogLine {
        LogLine {
            level: level.into(),
            message: message.into(),
        }
    }

    fn log<'a>(logs: &'a [LogLine]) -> InvocationLog<'a> {
        InvocationLog {
            request_id: ID,
            version: "$LATEST",
            started_ms: 1_559_934_680_562, // 2019-06-07T19:11:20.562Z
            logs,
            duration_ms: 170.82,
            init_duration_ms: None,
            max_memory_used_mb: Some(73),
            memory_size_mb: 128,
            timed_out_ms: None,
        }
    }

    /// The Developer Guide's example, line for line (its REPORT has a cold start).
    #[test]
    fn the_developer_guides_example() {
        let logs = [line("info", "EVENT"), line("warn", "Event not processed.")];
        let mut l = log(&logs);
        l.init_duration_ms = Some(162.55);
        assert_eq!(
            l.text(),
            format!(
                "START RequestId: {ID} Version: $LATEST\n\
                 2019-06-07T19:11:20.562Z\t{ID}\tINFO\tEVENT\n\
                 2019-06-07T19:11:20.562Z\t{ID}\tWARN\tEvent not processed.\n\
                 END RequestId: {ID}\n\
                 REPORT RequestId: {ID}\tDuration: 170.82 ms\tBilled Duration: 334 ms\tMemory Size: 128 MB\tMax Memory Used: 73 MB\tInit Duration: 162.55 ms\t\n"
            )
        );
    }

    #[test]
    fn levels_and_platform_lines() {
        let logs = [
            line("log", "a"),
            line("error", "b"),
            line("debug", "c"),
            line("trace", "d"),
        ];
        let lines = log(&logs).lines();
        let levels: Vec<&str> = lines.iter().map(|l| l.level.as_str()).collect();
        assert_eq!(
            levels,
            [PLATFORM, "log", "error", "debug", "trace", PLATFORM, PLATFORM]
        );
        let labels: Vec<&str> = lines[1..5]
            .iter()
            .map(|l| l.message.split('\t').nth(2).unwrap())
            .collect();
        assert_eq!(labels, ["INFO", "ERROR", "DEBUG", "TRACE"]);
    }

    #[test]
    fn a_warm_invocation_without_a_measured_memory() {
        let mut l = log(&[]);
        l.duration_ms = 0.2;
        l.max_memory_used_mb = None;
        assert_eq!(
            l.report_line(),
            format!("REPORT RequestId: {ID}\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t")
        );
    }

    #[test]
    fn a_timeout_says_so_before_end() {
        let mut l = log(&[]);
        l.timed_out_ms = Some(3000);
        l.duration_ms = 3000.0;
        let lines = l.lines();
        assert_eq!(
            lines[1].message,
            format!("2019-06-07T19:11:23.562Z {ID} Task timed out after 3.00 seconds")
        );
        assert_eq!(lines[2].message, format!("END RequestId: {ID}"));
        assert!(lines[3]
            .message
            .contains("\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\t"));
    }
}
