//! Amazon Resource Names: reading a Lambda function's ARN (or the name, partial ARN or
//! qualified name Lambda's Invoke accepts in its place) and building the ARNs of functions,
//! state machines, executions and Map Runs.
//!
//! ```
//! use asl::arn::{self, FunctionArn};
//! let f = FunctionArn::resolve("123456789012:function:Hello:prod", "aws", "eu-west-1", "1").unwrap();
//! assert_eq!(f.arn(), "arn:aws:lambda:eu-west-1:123456789012:function:Hello:prod");
//! assert_eq!(arn::function_name("arn:aws:lambda:us-east-1:1:function:Hello:7"), Some("Hello"));
//! assert_eq!(
//!     arn::state_machine("us-east-1", "123456789012", "MapLambda"),
//!     "arn:aws:states:us-east-1:123456789012:stateMachine:MapLambda"
//! );
//! ```

/// A Lambda function's ARN: `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionArn {
    /// `aws`, `aws-cn`, ….
    pub partition: String,
    /// The Region (`us-east-1`).
    pub region: String,
    /// The account id (`123456789012`).
    pub account: String,
    /// The function's name (`HelloFunction`).
    pub name: String,
    /// The version or alias, if the ARN has one.
    pub qualifier: Option<String>,
}

impl FunctionArn {
    /// Parses a full function ARN; `None` for anything else (other services, layers, names).
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<&str> = text.split(':').collect();
        if !(7..=8).contains(&parts.len())
            || parts[0] != "arn"
            || !parts[1].starts_with("aws")
            || parts[2] != "lambda"
            || parts[5] != "function"
            || parts[6].is_empty()
        {
            return None;
        }
        Some(Self {
            partition: parts[1].into(),
            region: parts[3].into(),
            account: parts[4].into(),
            name: parts[6].into(),
            qualifier: parts.get(7).map(|q| q.to_string()),
        })
    }

    /// Resolves a `FunctionName` as Lambda's Invoke API accepts it: a name (`my-fn`), a name
    /// with a qualifier (`my-fn:alias`), a partial ARN (`123456789012:function:my-fn`, with
    /// or without a qualifier) or a full ARN. What the text leaves out comes from
    /// `partition`, `region` and `account` (the caller's).
    pub fn resolve(
        function_name: &str,
        partition: &str,
        region: &str,
        account: &str,
    ) -> Option<Self> {
        if function_name.starts_with("arn:") {
            return Self::parse(function_name);
        }
        let parts: Vec<&str> = function_name.split(':').collect();
        let (acct, name, qualifier) = match parts.as_slice() {
            [name] => (account, *name, None),
            [name, q] => (account, *name, Some(q.to_string())),
            [acct, "function", name] => (*acct, *name, None),
            [acct, "function", name, q] => (*acct, *name, Some(q.to_string())),
            _ => return None,
        };
        if name.is_empty() {
            return None;
        }
        Some(Self {
            partition: partition.into(),
            region: region.into(),
            account: acct.into(),
            name: name.into(),
            qualifier,
        })
    }

    /// Whether the ARN names both a Region and an account (a function one can call).
    pub fn is_located(&self) -> bool {
        !self.region.is_empty() && !self.account.is_empty()
    }

    /// Whether both name the same function (partition aside), whatever their qualifiers.
    pub fn same_function(&self, other: &FunctionArn) -> bool {
        self.name == other.name && self.account == other.account && self.region == other.region
    }

    /// The ARN, with the qualifier if any.
    pub fn arn(&self) -> String {
        let base = function(&self.partition, &self.region, &self.account, &self.name);
        match &self.qualifier {
            Some(q) => format!("{base}:{q}"),
            None => base,
        }
    }

    /// The ARN with `$LATEST` when unqualified (as "Function not found" quotes it).
    pub fn versioned_arn(&self) -> String {
        match &self.qualifier {
            Some(_) => self.arn(),
            None => format!("{}:$LATEST", self.arn()),
        }
    }

    /// The version that runs: a numeric qualifier, else `$LATEST` (an alias or none).
    pub fn executed_version(&self) -> String {
        match &self.qualifier {
            Some(q) if q.bytes().all(|b| b.is_ascii_digit()) => q.clone(),
            _ => "$LATEST".into(),
        }
    }
}

/// The function name in a function ARN, a partial ARN, or a name with or without a
/// qualifier (what a Task's `Resource` or `FunctionName` may hold); `None` for other ARNs and
/// for text Lambda would not take as a function name.
pub fn function_name(text: &str) -> Option<&str> {
    if text.starts_with("arn:") {
        let parts: Vec<&str> = text.split(':').collect();
        let is_function = parts.len() >= 7 && parts[2] == "lambda" && parts[5] == "function";
        return parts
            .get(6)
            .filter(|n| is_function && !n.is_empty())
            .copied();
    }
    let parts: Vec<&str> = text.split(':').collect();
    let name = match parts.as_slice() {
        [acct, "function", name] | [acct, "function", name, _] if !acct.is_empty() => *name,
        [name, ..] => *name,
        [] => return None,
    };
    (!name.is_empty()).then_some(name)
}

/// The `NAME[:QUALIFIER]` end of a full function ARN (what a history's `resource` shows
/// briefly); `None` for any other text.
///
/// ```
/// assert_eq!(asl::arn::qualified_function_name("arn:aws:lambda:us-east-1:1:function:Hi:7"), Some("Hi:7"));
/// assert_eq!(asl::arn::qualified_function_name("arn:aws:states:::lambda:invoke"), None);
/// ```
pub fn qualified_function_name(text: &str) -> Option<&str> {
    let f = FunctionArn::parse(text)?;
    let len = f.name.len() + f.qualifier.as_ref().map_or(0, |q| q.len() + 1);
    text.get(text.len() - len..)
}

/// `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`.
pub fn function(partition: &str, region: &str, account: &str, name: &str) -> String {
    format!("arn:{partition}:lambda:{region}:{account}:function:{name}")
}

/// `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`.
pub fn state_machine(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:states:{region}:{account}:stateMachine:{name}")
}

/// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`: a STANDARD execution.
pub fn execution(region: &str, account: &str, machine: &str, name: &str) -> String {
    format!("arn:aws:states:{region}:{account}:execution:{machine}:{name}")
}

/// `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID`: an EXPRESS execution, its id
/// (UUID-shaped) derived from the name, so the same name always gives the same ARN.
pub fn express_execution(region: &str, account: &str, machine: &str, name: &str) -> String {
    // FNV-1a, twice, shaped as a UUID: stable for a name, no randomness needed.
    let fnv = |seed: u64| {
        name.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4));
    let h = format!("{a:016x}{b:016x}");
    format!(
        "arn:aws:states:{region}:{account}:express:{machine}:{name}:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// `arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID`: a Distributed Map's Map Run.
pub fn map_run(region: &str, account: &str, machine: &str, label: &str, id: &str) -> String {
    format!("arn:aws:states:{region}:{account}:mapRun:{machine}/{label}:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_function_arns() {
        let f =
            FunctionArn::parse("arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:prod")
                .unwrap();
        assert_eq!(
            (
                f.partition.as_str(),
                f.region.as_str(),
                f.account.as_str(),
                f.name.as_str(),
                f.qualifier.as_deref()
            ),
            (
                "aws",
                "us-east-1",
                "123456789012",
                "HelloFunction",
                Some("prod")
            )
        );
        assert!(f.is_located());
        assert!(FunctionArn::parse("arn:aws:states:::lambda:invoke").is_none());
        assert!(FunctionArn::parse("arn:aws:lambda:us-east-1:1:layer:x").is_none());
        assert!(FunctionArn::parse("F").is_none());
        assert!(!FunctionArn::parse("arn:aws:lambda:::function:f")
            .unwrap()
            .is_located());
    }

    #[test]
    fn resolves_names_and_partial_arns() {
        let r = FunctionArn::resolve(
            "111111111111:function:f",
            "aws",
            "eu-west-1",
            "222222222222",
        )
        .unwrap();
        assert_eq!(r.arn(), "arn:aws:lambda:eu-west-1:111111111111:function:f");
        let r = FunctionArn::resolve("f:7", "aws", "us-east-1", "1").unwrap();
        assert_eq!(
            (r.versioned_arn(), r.executed_version()),
            ("arn:aws:lambda:us-east-1:1:function:f:7".into(), "7".into())
        );
        assert_eq!(
            FunctionArn::resolve("f", "aws", "us-east-1", "1")
                .unwrap()
                .versioned_arn(),
            "arn:aws:lambda:us-east-1:1:function:f:$LATEST"
        );
        assert!(FunctionArn::resolve("a:b:c", "aws", "us-east-1", "1").is_none());
        let prod = FunctionArn::resolve("f:prod", "aws", "us-east-1", "1").unwrap();
        assert_eq!(prod.executed_version(), "$LATEST");
        assert!(prod.same_function(&FunctionArn::resolve("f", "aws-cn", "us-east-1", "1").unwrap()));
        assert!(!prod.same_function(&FunctionArn::resolve("f", "aws", "us-east-2", "1").unwrap()));
    }

    #[test]
    fn finds_function_names() {
        for (text, name) in [
            ("arn:aws:lambda:us-east-1:1:function:F", Some("F")),
            ("arn:aws:lambda:us-east-1:1:function:F:prod", Some("F")),
            ("arn:aws:states:::lambda:invoke", None),
            ("arn:aws:lambda:us-east-1:1:function:", None),
            ("F", Some("F")),
            ("F:prod", Some("F")),
            ("123456789012:function:F", Some("F")),
            ("123456789012:function:F:3", Some("F")),
            ("", None),
            (":x", None),
        ] {
            assert_eq!(function_name(text), name, "{text}");
        }
    }

    #[test]
    fn builds_arns() {
        assert_eq!(
            function("aws", "us-east-1", "1", "F"),
            "arn:aws:lambda:us-east-1:1:function:F"
        );
        assert_eq!(
            execution("us-east-1", "1", "M", "run"),
            "arn:aws:states:us-east-1:1:execution:M:run"
        );
        let express = express_execution("us-east-1", "1", "M", "run");
        assert!(express.starts_with("arn:aws:states:us-east-1:1:express:M:run:"));
        assert_eq!(express.rsplit(':').next().map(str::len), Some(36));
        assert_eq!(express, express_execution("us-east-1", "1", "M", "run"));
        assert_ne!(express, express_execution("us-east-1", "1", "M", "run2"));
        assert_eq!(
            map_run("us-east-1", "1", "M", "L", "id"),
            "arn:aws:states:us-east-1:1:mapRun:M/L:id"
        );
    }
}
