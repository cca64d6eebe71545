//! The `--handlers` file: `{"<function ARN or name>": "<Node.js handler source>"}`, and which
//! handler a Task's invocation binds to.
//!
//! An ARN key (`arn:aws:lambda:us-east-1:111111111111:function:lambda_1`, with or without a
//! version or alias) binds that function in that account and Region, whatever qualifier the
//! Task uses. A bare name (`HelloFunction`) binds the function of that name in the execution's
//! own account and Region. A service integration's ARN (`arn:aws:states:::dynamodb:putItem`,
//! `arn:aws:states:::aws-sdk:s3:getObject`; a pattern suffix is ignored) binds the mock of
//! that resource, and an activity's ARN (`arn:aws:states:…:activity:NAME`) its worker.
//!
//! A mock (or worker) may be a fixed answer instead of source: `{"response": …}` answers
//! that JSON to every request; `{"error": "NAME", "cause": "…"}` fails every request as a mock
//! throwing an error named NAME would (the integration's prefix is added:
//! `ConditionalCheckFailedException` on DynamoDB is `DynamoDB.ConditionalCheckFailedException`).

use serde_json::Value;

use asl::arn::FunctionArn;
use asl::definition::{mock_key, Resource};
use asl::host::Invocation;

/// Whether `text` is a resource a handler can stand for besides a Lambda function: a service
/// integration or an activity.
fn is_mockable(text: &str) -> bool {
    Resource::classify(text).is_mocked()
}

/// A Lambda function ARN that names its Region and account (a handler can be bound to it).
pub fn located_function_arn(text: &str) -> Option<FunctionArn> {
    FunctionArn::parse(text).filter(FunctionArn::is_located)
}

/// Which functions a handler source is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Binding {
    /// One function in one account and Region.
    Arn(FunctionArn),
    /// The function of that name in the execution's account and Region.
    Name(String),
    /// A service integration's mock or an activity's worker: the resource ARN (service
    /// integrations without their pattern suffix, [`asl::definition::mock_key`]).
    Resource(String),
}

/// The source of a mock that gives a fixed answer: `{"response": …}` or `{"error", "cause"}`.
fn fixed_answer(key: &str, fixed: &serde_json::Map<String, Value>) -> Result<String, String> {
    asl::host::fixed::FixedAnswer::parse(fixed)
        .map(|f| f.handler_source())
        .map_err(|e| format!("the mock of {key:?}: {e}"))
}

/// The handlers of one run.
#[derive(Debug, Clone, Default)]
pub struct Handlers {
    entries: Vec<(Binding, String)>,
    account: String,
    region: String,
}

impl Handlers {
    /// Reads a handlers document. Errors are one-line messages (`line:col: …` for JSON syntax).
    pub fn parse(text: &str) -> Result<Self, String> {
        let value = asl::parse_json(text)
            .map_err(|d| format!("{}:{}: invalid JSON: {}", d.line, d.column, d.message))?;
        let Value::Object(map) = value else {
            return Err(
                "expected a JSON object {\"<function ARN or name>\": \"<handler source>\"}".into(),
            );
        };
        let mut entries = Vec::new();
        for (key, code) in map {
            let code = match code {
                Value::String(code) => code,
                Value::Object(fixed) if is_mockable(&key) => fixed_answer(&key, &fixed)?,
                _ if is_mockable(&key) => {
                    return Err(format!(
                        "the mock of {key:?} must be JavaScript source, {{\"response\": …}} or {{\"error\": \"…\", \"cause\": \"…\"}}"
                    ));
                }
                _ => {
                    return Err(format!(
                        "the handler of {key:?} must be a string of JavaScript source"
                    ));
                }
            };
            let binding = match located_function_arn(&key) {
                Some(arn) => Binding::Arn(arn),
                None if is_mockable(&key) => Binding::Resource(mock_key(&key).to_string()),
                None if key.starts_with("arn:") => {
                    return Err(format!("{key:?} is neither a Lambda function ARN, a service integration (arn:aws:states:::SERVICE:ACTION) nor an activity ARN"));
                }
                None => {
                    let name = key.split(':').next().unwrap_or_default();
                    if name.is_empty() {
                        return Err(format!("{key:?} is not a function name"));
                    }
                    Binding::Name(name.to_string())
                }
            };
            entries.push((binding, code));
        }
        Ok(Self {
            entries,
            account: String::new(),
            region: String::new(),
        })
    }

    /// Sets the execution's account and Region (where bare names live).
    pub fn set_home(&mut self, account: &str, region: &str) {
        self.account = account.into();
        self.region = region.into();
    }

    /// The Lambda functions of the file (not the mocks and workers): each name with its
    /// source, in the file's order.
    pub fn lambda_functions(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .filter_map(|(binding, code)| match binding {
                Binding::Arn(arn) => Some((arn.name.clone(), code.clone())),
                Binding::Name(name) => Some((name.clone(), code.clone())),
                Binding::Resource(_) => None,
            })
            .collect()
    }

    /// Whether there are no handlers at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first ARN key's account and Region, if any.
    pub fn first_arn(&self) -> Option<&FunctionArn> {
        self.entries.iter().find_map(|(b, _)| match b {
            Binding::Arn(arn) => Some(arn),
            Binding::Name(_) | Binding::Resource(_) => None,
        })
    }

    /// The handler source bound to the function an invocation names (or the mock of the
    /// resource, the worker of the activity).
    pub fn find(&self, invocation: &Invocation) -> Option<&str> {
        if is_mockable(&invocation.invoked_arn) {
            let key = mock_key(&invocation.invoked_arn);
            return self.entries.iter().find_map(|(b, code)| match b {
                Binding::Resource(r) if r == key => Some(code.as_str()),
                _ => None,
            });
        }
        let target = located_function_arn(&invocation.invoked_arn).unwrap_or_else(|| FunctionArn {
            partition: "aws".into(),
            region: self.region.clone(),
            account: self.account.clone(),
            name: invocation.function_name.clone(),
            qualifier: None,
        });
        let exact = self.entries.iter().find(|(b, _)| match b {
            Binding::Arn(arn) => arn.same_function(&target),
            Binding::Name(_) | Binding::Resource(_) => false,
        });
        let by_name = || {
            self.entries.iter().find(|(b, _)| match b {
                Binding::Name(n) => {
                    *n == target.name
                        && target.account == self.account
                        && target.region == self.region
                }
                Binding::Arn(_) | Binding::Resource(_) => false,
            })
        };
        exact.or_else(by_name).map(|(_, code)| code.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inv(arn: &str, name: &str) -> Invocation {
        Invocation {
            function_name: name.into(),
            invoked_arn: arn.into(),
            qualifier: None,
            payload: json!({}),
            request_id: "r".into(),
        }
    }

    #[test]
    fn parses_arns() {
        let a =
            located_function_arn("arn:aws:lambda:us-east-1:123456789012:function:F:prod").unwrap();
        assert_eq!(
            (a.region.as_str(), a.account.as_str(), a.name.as_str()),
            ("us-east-1", "123456789012", "F")
        );
        assert!(located_function_arn("arn:aws:states:::lambda:invoke").is_none());
        assert!(located_function_arn("F").is_none());
        assert!(located_function_arn("arn:aws:lambda:::function:F").is_none());
    }

    #[test]
    fn arn_keys_bind_their_function_whatever_the_qualifier() {
        let mut h = Handlers::parse(r#"{"arn:aws:lambda:us-east-1:111111111111:function:f": "A"}"#)
            .unwrap();
        h.set_home("123456789012", "us-east-1");
        assert_eq!(
            h.find(&inv(
                "arn:aws:lambda:us-east-1:111111111111:function:f:3",
                "f"
            )),
            Some("A")
        );
        assert_eq!(
            h.find(&inv(
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                "f"
            )),
            None
        );
        assert_eq!(
            h.find(&inv(
                "arn:aws:lambda:us-east-1:111111111111:function:g",
                "g"
            )),
            None
        );
    }

    #[test]
    fn names_bind_in_the_home_account_only() {
        let mut h = Handlers::parse(r#"{"HelloFunction": "A"}"#).unwrap();
        h.set_home("123456789012", "us-east-1");
        assert_eq!(
            h.find(&inv(
                "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
                "HelloFunction"
            )),
            Some("A")
        );
        assert_eq!(
            h.find(&inv(
                "arn:aws:lambda:eu-west-1:123456789012:function:HelloFunction",
                "HelloFunction"
            )),
            None
        );
        assert_eq!(h.find(&inv("HelloFunction", "HelloFunction")), Some("A"));
    }

    #[test]
    fn resource_keys_bind_mocks_and_workers() {
        let h = Handlers::parse(
            r#"{"arn:aws:states:::dynamodb:putItem": "P", "arn:aws:states:::sqs:sendMessage.waitForTaskToken": "Q",
                "arn:aws:states:us-east-1:123456789012:activity:Review": "W"}"#,
        )
        .unwrap();
        let mock = |arn: &str| h.find(&inv(arn, asl::definition::mock_key(arn)));
        assert_eq!(mock("arn:aws:states:::dynamodb:putItem"), Some("P"));
        assert_eq!(mock("arn:aws:states:::sqs:sendMessage"), Some("Q"));
        assert_eq!(
            mock("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            Some("Q")
        );
        assert_eq!(mock("arn:aws:states:::dynamodb:getItem"), None);
        assert_eq!(
            mock("arn:aws:states:us-east-1:123456789012:activity:Review"),
            Some("W")
        );
        assert_eq!(
            mock("arn:aws:states:us-east-1:123456789012:activity:Other"),
            None
        );
    }

    #[test]
    fn a_mock_may_be_a_fixed_answer() {
        let h = Handlers::parse(
            r#"{"arn:aws:states:::sqs:sendMessage": {"response": {"MessageId": "m-1"}},
                "arn:aws:states:::dynamodb:putItem": {"error": "ConditionalCheckFailedException", "cause": "it's \"there\""}}"#,
        )
        .unwrap();
        let mock = |arn: &str| h.find(&inv(arn, arn)).unwrap().to_string();
        assert_eq!(
            mock("arn:aws:states:::sqs:sendMessage"),
            "exports.handler = async () => ({\"MessageId\":\"m-1\"});\n"
        );
        assert!(mock("arn:aws:states:::dynamodb:putItem").contains(
            r#"new Error("it's \"there\""); e.name = "ConditionalCheckFailedException""#
        ));
        for bad in [
            r#"{"arn:aws:states:::sqs:sendMessage": {}}"#,
            r#"{"arn:aws:states:::sqs:sendMessage": {"response": 1, "error": "X"}}"#,
            r#"{"arn:aws:states:::sqs:sendMessage": {"error": ""}}"#,
            r#"{"arn:aws:states:::sqs:sendMessage": {"error": 5}}"#,
            r#"{"arn:aws:states:::sqs:sendMessage": {"respons": 1}}"#,
            r#"{"arn:aws:states:::sqs:sendMessage": 7}"#,
            r#"{"HelloFunction": {"response": 1}}"#,
        ] {
            assert!(Handlers::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_bad_documents() {
        assert!(Handlers::parse("[]").is_err());
        assert!(Handlers::parse(r#"{"f": 1}"#).is_err());
        assert!(Handlers::parse(r#"{"arn:aws:s3:::bucket": "x"}"#).is_err());
        assert!(Handlers::parse("{\n  \"f\": ")
            .unwrap_err()
            .starts_with("2:"));
    }
}
