//! IAM, simulated: the state machine's execution role and whether its permissions policy lets
//! it call `lambda:InvokeFunction` on a function.
//!
//! Policies are evaluated the way IAM evaluates one identity-based policy: an explicit `Deny`
//! wins, then an `Allow`, else the request is implicitly denied. `Action`/`NotAction` and
//! `Resource`/`NotResource` match with IAM's wildcards (`*`, `?`; actions ignore case).
//! `Condition` blocks cannot be judged here: a statement with one does not apply.
//!
//! When the role may not invoke the function, Step Functions fails the Task with
//! `Lambda.AWSLambdaException` and Lambda's AccessDeniedException message as the cause
//! ([`access_denied_cause`]).

use serde_json::{json, Value};

/// The action a Task needs on a Lambda function.
pub const INVOKE_ACTION: &str = "lambda:InvokeFunction";
/// The Task error when the role may not invoke the function.
pub const ACCESS_DENIED_ERROR: &str = "Lambda.AWSLambdaException";

/// IAM's answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// A statement allows it and none denies it.
    Allowed,
    /// No statement allows it.
    ImplicitDeny,
    /// A statement denies it.
    ExplicitDeny,
}

/// Why a policy document is not acceptable.
pub type PolicyError = String;

/// One statement, normalised.
#[derive(Debug, Clone)]
struct Statement {
    allow: bool,
    actions: Vec<String>,
    not_action: bool,
    resources: Vec<String>,
    not_resource: bool,
    conditional: bool,
}

/// A permissions policy document (`{"Version": …, "Statement": [...]}`), parsed.
#[derive(Debug, Clone)]
pub struct Policy {
    statements: Vec<Statement>,
}

fn strings(v: &Value, what: &str) -> Result<Vec<String>, PolicyError> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{what} must be a string or a list of strings"))
            })
            .collect(),
        _ => Err(format!("{what} must be a string or a list of strings")),
    }
}

/// A statement's `KEY` or `NotKEY` (exactly one of them): its strings, and whether it was
/// the `Not` form.
fn element(s: &Value, key: &str, n: usize) -> Result<(Vec<String>, bool), PolicyError> {
    let not_key = format!("Not{key}");
    match (s.get(key), s.get(&not_key)) {
        (Some(v), None) => Ok((strings(v, &format!("\"{key}\""))?, false)),
        (None, Some(v)) => Ok((strings(v, &format!("\"{not_key}\""))?, true)),
        _ => Err(format!(
            "Statement {n} needs one of \"{key}\" or \"{not_key}\""
        )),
    }
}

impl Policy {
    /// Parses a policy document's text; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let doc: Value =
            serde_json::from_str(text).map_err(|e| format!("The policy is not valid JSON: {e}"))?;
        let Some(statements) = doc.get("Statement") else {
            return Err("The policy has no \"Statement\"".into());
        };
        let list: Vec<&Value> = match statements {
            Value::Array(items) => items.iter().collect(),
            one @ Value::Object(_) => vec![one],
            _ => return Err("\"Statement\" must be an object or a list of objects".into()),
        };
        let mut out = Vec::new();
        for (i, s) in list.into_iter().enumerate() {
            let n = i + 1;
            let allow = match s.get("Effect").and_then(Value::as_str) {
                Some("Allow") => true,
                Some("Deny") => false,
                _ => {
                    return Err(format!(
                        "Statement {n}: \"Effect\" must be \"Allow\" or \"Deny\""
                    ))
                }
            };
            let (actions, not_action) = element(s, "Action", n)?;
            let (resources, not_resource) = element(s, "Resource", n)?;
            out.push(Statement {
                allow,
                actions,
                not_action,
                resources,
                not_resource,
                conditional: s.get("Condition").is_some(),
            });
        }
        Ok(Self { statements: out })
    }

    /// IAM's decision for `action` on `resource`.
    pub fn decide(&self, action: &str, resource: &str) -> Decision {
        let mut allowed = false;
        for s in &self.statements {
            if s.conditional {
                continue;
            }
            let action_hit = s
                .actions
                .iter()
                .any(|p| wildcard_match(&p.to_ascii_lowercase(), &action.to_ascii_lowercase()));
            let resource_hit = s.resources.iter().any(|p| wildcard_match(p, resource));
            if action_hit != s.not_action && resource_hit != s.not_resource {
                if !s.allow {
                    return Decision::ExplicitDeny;
                }
                allowed = true;
            }
        }
        if allowed {
            Decision::Allowed
        } else {
            Decision::ImplicitDeny
        }
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` any one character.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The role's ARN: `arn:aws:iam::ACCOUNT:role/NAME`.
pub fn role_arn(account: &str, role_name: &str) -> String {
    format!("arn:aws:iam::{account}:role/{role_name}")
}

/// The principal Step Functions calls Lambda as: the role's assumed-role session,
/// `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`.
pub fn assumed_role_arn(account: &str, role_name: &str, session: &str) -> String {
    format!("arn:aws:sts::{account}:assumed-role/{role_name}/{session}")
}

/// A session name like the ones Step Functions uses (32 letters), from random bits.
pub fn session_name(mut bits: impl FnMut() -> u64) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..32)
        .map(|_| LETTERS[(bits() % LETTERS.len() as u64) as usize] as char)
        .collect()
}

/// The cause Step Functions records when the execution role may not invoke the function:
/// Lambda's AccessDeniedException message. Its shape is AWS's, as seen in failed
/// executions reported in awslabs/aws-deployment-framework#460 (2022: "… because no
/// identity-based policy allows the lambda:InvokeFunction action (Service: AWSLambda; Status
/// Code: 403; Error Code: AccessDeniedException; Request ID: …; Proxy: null)", error
/// `Lambda.AWSLambdaException`) and aws-samples/lambda-refarch-imagerecognition#19, and in the
/// Lambda Developer Guide's "Troubleshoot invocation issues" (`User: … is not authorized to
/// perform: lambda:InvokeFunction on resource: …`). An explicit deny reads "… with an explicit
/// deny in an identity-based policy" (IAM's wording for that case).
pub fn access_denied_cause(
    principal: &str,
    function_arn: &str,
    decision: Decision,
    request_id: &str,
) -> String {
    let why = match decision {
        Decision::ExplicitDeny => "with an explicit deny in an identity-based policy".to_string(),
        _ => format!("because no identity-based policy allows the {INVOKE_ACTION} action"),
    };
    format!(
        "User: {principal} is not authorized to perform: {INVOKE_ACTION} on resource: {function_arn} {why} (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: {request_id}; Proxy: null)"
    )
}

/// The policy "create a role for me" writes: `lambda:InvokeFunction` on exactly these
/// functions (each ARN, and `ARN:*` for its versions and aliases), as the Step Functions
/// console's generated `LambdaInvokeScopedAccessPolicy` does. No function: an empty
/// statement list would be invalid, so the statement names none of them and allows nothing.
pub fn invoke_policy(function_arns: &[String]) -> String {
    let resources: Vec<Value> = function_arns
        .iter()
        .flat_map(|arn| [json!(arn), json!(format!("{arn}:*"))])
        .collect();
    let doc = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": [INVOKE_ACTION],
            "Resource": resources,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Why a role name is not acceptable to IAM (1–64 characters: letters, digits and
/// `+=,.@_-`), or `None`.
pub fn role_name_problem(name: &str) -> Option<String> {
    if name.is_empty() || name.chars().count() > 64 {
        return Some("A role name has 1 to 64 characters".into());
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
    {
        return Some("A role name has only letters, digits and + = , . @ _ -".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: &str = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction";

    #[test]
    fn wildcards() {
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match("lambda:Invoke*", "lambda:InvokeFunction"));
        assert!(wildcard_match(
            "arn:aws:lambda:*:*:function:Hello?unction",
            HELLO
        ));
        assert!(!wildcard_match("arn:aws:lambda:*:*:function:Other", HELLO));
        assert!(wildcard_match("a*b*c", "aXXbYYc"));
        assert!(!wildcard_match("a*b*c", "aXXbYY"));
        assert!(wildcard_match("", ""));
    }

    #[test]
    fn the_generated_policy_allows_exactly_the_functions() {
        let text = invoke_policy(&[HELLO.to_string()]);
        let policy = Policy::parse(&text).unwrap();
        assert_eq!(policy.decide(INVOKE_ACTION, HELLO), Decision::Allowed);
        assert_eq!(
            policy.decide(INVOKE_ACTION, &format!("{HELLO}:prod")),
            Decision::Allowed
        );
        assert_eq!(
            policy.decide("lambda:invokefunction", HELLO),
            Decision::Allowed
        );
        let other = "arn:aws:lambda:us-east-1:123456789012:function:Other";
        assert_eq!(policy.decide(INVOKE_ACTION, other), Decision::ImplicitDeny);
        assert_eq!(
            policy.decide("lambda:DeleteFunction", HELLO),
            Decision::ImplicitDeny
        );
        let none = Policy::parse(&invoke_policy(&[])).unwrap();
        assert_eq!(none.decide(INVOKE_ACTION, HELLO), Decision::ImplicitDeny);
    }

    #[test]
    fn deny_wins_and_not_forms_work() {
        let policy = Policy::parse(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"lambda:*","Resource":"*"},
                {"Effect":"Deny","Action":"lambda:InvokeFunction","NotResource":"arn:aws:lambda:*:*:function:Safe*"}
            ]}"#,
        )
        .unwrap();
        assert_eq!(policy.decide(INVOKE_ACTION, HELLO), Decision::ExplicitDeny);
        let safe = "arn:aws:lambda:us-east-1:1:function:SafeOne";
        assert_eq!(policy.decide(INVOKE_ACTION, safe), Decision::Allowed);
        let conditional = Policy::parse(
            r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            conditional.decide(INVOKE_ACTION, HELLO),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn bad_policies_say_why() {
        assert!(Policy::parse("{").unwrap_err().contains("not valid JSON"));
        assert!(Policy::parse("{}").unwrap_err().contains("Statement"));
        assert!(Policy::parse(r#"{"Statement":[{"Effect":"Maybe"}]}"#)
            .unwrap_err()
            .contains("Effect"));
        assert!(
            Policy::parse(r#"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#)
                .unwrap_err()
                .contains("Action")
        );
        assert!(
            Policy::parse(r#"{"Statement":[{"Effect":"Allow","Action":[1],"Resource":"*"}]}"#)
                .unwrap_err()
                .contains("list of strings")
        );
    }

    #[test]
    fn the_access_denied_cause_has_aws_shape() {
        let principal = assumed_role_arn("123456789012", "Role", "abcd");
        assert_eq!(
            principal,
            "arn:aws:sts::123456789012:assumed-role/Role/abcd"
        );
        let cause = access_denied_cause(&principal, HELLO, Decision::ImplicitDeny, "req-1");
        assert_eq!(
            cause,
            "User: arn:aws:sts::123456789012:assumed-role/Role/abcd is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:HelloFunction because no identity-based policy allows the lambda:InvokeFunction action (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID: req-1; Proxy: null)"
        );
        let deny = access_denied_cause(&principal, HELLO, Decision::ExplicitDeny, "r");
        assert!(deny.contains("with an explicit deny in an identity-based policy (Service"));
        let mut n = 0u64;
        let session = session_name(|| {
            n += 7;
            n
        });
        assert_eq!(session.len(), 32);
        assert!(session.bytes().all(|b| b.is_ascii_alphabetic()));
        assert_eq!(role_arn("1", "R"), "arn:aws:iam::1:role/R");
        assert!(role_name_problem("StepFunctions-MapLambda-role").is_none());
        assert!(role_name_problem("bad name").is_some());
        assert!(role_name_problem("").is_some());
    }
}
