//! Share links: a whole workspace in a URL fragment.
//!
//! `#v1.` + base64url (no padding) of raw deflate of the workspace JSON (DESIGN.md §4).
//! The version prefix lets the format change while old links keep working; decoding is
//! bounded (the link's length and the inflated size, against zip bombs) and every failure is
//! a [`ShareError`] that says what is wrong, never a panic.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// The prefix of this version's fragments (after the `#`).
pub const PREFIX_V1: &str = "v1.";
/// The largest workspace JSON a link may inflate to (1 MiB).
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// The longest fragment accepted (longer ones are refused before decoding).
pub const MAX_LINK_CHARS: usize = 2 << 20;

/// One Lambda function of a shared workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedFunction {
    /// The function's name.
    pub name: String,
    /// The handler's source.
    pub code: String,
    /// The timeout in seconds.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
    /// The function's saved test events (absent in older links).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_events: Vec<SharedTestEvent>,
    /// Faults injected into its invocations (absent in older links, and when there are none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faults: Option<crate::host::faults::FunctionFaults>,
    /// A mock's fixed answer, given instead of running its code (absent when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<crate::host::fixed::FixedAnswer>,
}

/// A saved test event of a shared function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedTestEvent {
    /// The event's name.
    pub name: String,
    /// The event (JSON text).
    pub event: String,
}

fn default_timeout() -> u32 {
    3
}

/// The state machine's execution role.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedRole {
    /// The role's name (`StepFunctions-MapLambda-role`).
    #[serde(default)]
    pub name: String,
    /// Its permissions policy (a JSON policy document, as text).
    #[serde(default)]
    pub policy: String,
}

/// Another state machine of a shared workspace (one a `states:startExecution` task may
/// start), besides the one being edited.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedMachine {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// `STANDARD` or `EXPRESS`.
    #[serde(default)]
    pub machine_type: String,
    /// Its definition text (JSON or YAML, as written).
    #[serde(default)]
    pub definition: String,
    /// Its execution input text.
    #[serde(default)]
    pub input: String,
}

/// Everything a share link carries: what the user edits, and the workspace settings.
/// Missing fields take their defaults, so links made before a field existed still open.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedWorkspace {
    /// The state machine's name.
    #[serde(default)]
    pub machine_name: String,
    /// `STANDARD` or `EXPRESS`.
    #[serde(default)]
    pub machine_type: String,
    /// The definition text (JSON or YAML, as written).
    #[serde(default)]
    pub definition: String,
    /// The Lambda functions.
    #[serde(default)]
    pub functions: Vec<SharedFunction>,
    /// The execution input text.
    #[serde(default)]
    pub input: String,
    /// The AWS account id.
    #[serde(default)]
    pub account: String,
    /// The AWS Region.
    #[serde(default)]
    pub region: String,
    /// The execution role.
    #[serde(default)]
    pub role: Option<SharedRole>,
    /// Executions wait in real time (else time is virtual). Left out when off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub real_time: bool,
    /// Real time's speed factor; 0 (left out) means 1×.
    #[serde(default, skip_serializing_if = "at_most_one")]
    pub speed: u32,
    /// The workspace's other state machines (left out when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub machines: Vec<SharedMachine>,
}

fn at_most_one(speed: &u32) -> bool {
    *speed <= 1
}

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment does not start with a known version (`v1.`).
    UnknownVersion(String),
    /// The fragment is longer than [`MAX_LINK_CHARS`].
    TooLong(usize),
    /// The text after the version is not base64url.
    BadBase64,
    /// The bytes are not raw deflate data (the link was cut or altered).
    BadDeflate,
    /// The workspace inflates to more than [`MAX_JSON_BYTES`].
    TooBig,
    /// The inflated text is not a workspace (not UTF-8 JSON of the right shape).
    BadWorkspace(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::UnknownVersion(v) => write!(
                f,
                "This link's format ({v}) is not one this playground knows: it may come from a newer version"
            ),
            ShareError::TooLong(n) => write!(
                f,
                "This link is too long ({n} characters; at most {MAX_LINK_CHARS})"
            ),
            ShareError::BadBase64 => {
                write!(f, "This link is damaged: it is not valid base64url (was it cut or edited?)")
            }
            ShareError::BadDeflate => {
                write!(f, "This link is damaged: its data does not decompress (was it cut short?)")
            }
            ShareError::TooBig => write!(
                f,
                "This link's workspace is too big (over {} MiB once decompressed)",
                MAX_JSON_BYTES >> 20
            ),
            ShareError::BadWorkspace(why) => {
                write!(f, "This link does not hold a workspace: {why}")
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment (without `#`) for a workspace: `v1.` + base64url(raw deflate(JSON)).
/// A workspace whose JSON is over [`MAX_JSON_BYTES`] is refused ([`ShareError::TooBig`]):
/// its link would not open.
pub fn encode(workspace: &SharedWorkspace) -> Result<String, ShareError> {
    let json =
        serde_json::to_vec(workspace).map_err(|e| ShareError::BadWorkspace(e.to_string()))?;
    if json.len() > MAX_JSON_BYTES {
        return Err(ShareError::TooBig);
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    Ok(format!("{PREFIX_V1}{}", URL_SAFE_NO_PAD.encode(packed)))
}

/// Whether a URL fragment looks like a share link (`#v1.…`, any version): the page then
/// tries to open it.
pub fn is_share_fragment(fragment: &str) -> bool {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    f.strip_prefix('v').is_some_and(|rest| {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest.as_bytes().get(digits) == Some(&b'.')
    })
}

/// The workspace in a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<SharedWorkspace, ShareError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong(f.len()));
    }
    let Some(data) = f.strip_prefix(PREFIX_V1) else {
        let version = f.split('.').next().unwrap_or_default();
        let version: String = version.chars().take(16).collect();
        return Err(ShareError::UnknownVersion(version));
    };
    // Tolerate what chat apps and mail clients do to a link: padding, whitespace.
    let data: String = data
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect();
    let packed = URL_SAFE_NO_PAD
        .decode(data.as_bytes())
        .map_err(|_| ShareError::BadBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooBig,
            _ => ShareError::BadDeflate,
        })?;
    let text = std::str::from_utf8(&json)
        .map_err(|_| ShareError::BadWorkspace("the text is not UTF-8".into()))?;
    serde_json::from_str(text).map_err(|e| ShareError::BadWorkspace(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tutorial() -> SharedWorkspace {
        SharedWorkspace {
            machine_name: "MapLambda".into(),
            machine_type: "STANDARD".into(),
            definition: r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#.into(),
            functions: vec![SharedFunction {
                name: "HelloFunction".into(),
                code: "exports.handler = async (e) => 'Hello, ' + e.who + '!';".into(),
                timeout_seconds: 7,
                test_events: vec![SharedTestEvent {
                    name: "Bob".into(),
                    event: r#"{"who":"bob"}"#.into(),
                }],
                faults: None,
                fixed: Some(crate::host::fixed::FixedAnswer::Error {
                    error: "Boom".into(),
                    cause: "fixed".into(),
                }),
            }],
            input: r#"[{"who":"bob"}]"#.into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
            role: Some(SharedRole {
                name: "StepFunctions-MapLambda-role".into(),
                policy: "{}".into(),
            }),
            real_time: true,
            speed: 10,
            machines: vec![SharedMachine {
                name: "Child".into(),
                machine_type: "EXPRESS".into(),
                definition: "StartAt: A\nStates: {A: {Type: Succeed}}\n".into(),
                input: "{}".into(),
            }],
        }
    }

    #[test]
    fn round_trip() {
        let w = tutorial();
        let link = encode(&w).unwrap();
        assert!(link.starts_with("v1."));
        assert!(is_share_fragment(&link));
        assert!(link[3..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&link).unwrap(), w);
        assert_eq!(decode(&format!("#{link}")).unwrap(), w);
    }

    #[test]
    fn unicode_survives() {
        let mut w = tutorial();
        w.input = r#"{"who":"Zoë 😀 日本"}"#.into();
        w.definition = "# YAML ✓\nStartAt: Ä\n".into();
        assert_eq!(decode(&encode(&w).unwrap()).unwrap(), w);
    }

    #[test]
    fn old_links_without_new_fields_open() {
        let json = br#"{"definition":"{}","functions":[{"name":"F","code":"x"}]}"#;
        let link = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 6))
        );
        let w = decode(&link).unwrap();
        assert_eq!(w.functions[0].timeout_seconds, 3);
        assert_eq!(w.role, None);
        assert_eq!(w.region, "");
        assert_eq!((w.real_time, w.speed), (false, 0));
    }

    #[test]
    fn virtual_time_is_left_out_of_links() {
        let json = serde_json::to_string(&SharedWorkspace::default()).unwrap();
        assert!(
            !json.contains("realTime") && !json.contains("speed"),
            "{json}"
        );
        let json = serde_json::to_string(&tutorial()).unwrap();
        assert!(json.contains(r#""realTime":true,"speed":10"#), "{json}");
    }

    #[test]
    fn bad_links_say_why() {
        assert_eq!(
            decode("v2.abc"),
            Err(ShareError::UnknownVersion("v2".into()))
        );
        assert!(matches!(
            decode("hello"),
            Err(ShareError::UnknownVersion(_))
        ));
        assert_eq!(decode("v1.a*b!"), Err(ShareError::BadBase64));
        assert_eq!(decode("v1.AAAA"), Err(ShareError::BadDeflate));
        // A link cut in half.
        let link = encode(&tutorial()).unwrap();
        let cut = &link[..link.len() / 2];
        assert!(matches!(
            decode(cut),
            Err(ShareError::BadDeflate | ShareError::BadBase64)
        ));
        // Deflate of something that is not a workspace.
        let not_json = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6))
        );
        assert!(matches!(
            decode(&not_json),
            Err(ShareError::BadWorkspace(_))
        ));
        for e in [ShareError::BadBase64, ShareError::TooBig] {
            assert!(e.to_string().starts_with("This link"));
        }
    }

    #[test]
    fn zip_bombs_are_refused() {
        // 4 MiB of spaces deflates to a few KiB.
        let mut bomb = b"{\"input\":\"".to_vec();
        bomb.extend(std::iter::repeat_n(b' ', 4 << 20));
        bomb.extend(b"\"}");
        let packed = miniz_oxide::deflate::compress_to_vec(&bomb, 9);
        assert!(packed.len() < 20_000);
        let link = format!("v1.{}", URL_SAFE_NO_PAD.encode(packed));
        assert_eq!(decode(&link), Err(ShareError::TooBig));
        let big = SharedWorkspace {
            input: "x".repeat(MAX_JSON_BYTES),
            ..SharedWorkspace::default()
        };
        assert_eq!(encode(&big), Err(ShareError::TooBig));
        let long = format!("v1.{}", "A".repeat(MAX_LINK_CHARS));
        assert!(matches!(decode(&long), Err(ShareError::TooLong(_))));
    }

    #[test]
    fn share_fragments_are_recognised() {
        assert!(is_share_fragment("#v1.abc"));
        assert!(is_share_fragment("v12.x"));
        assert!(!is_share_fragment("#section"));
        assert!(!is_share_fragment("#v.x"));
        assert!(!is_share_fragment(""));
    }
}
