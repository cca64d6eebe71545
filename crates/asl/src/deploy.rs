//! The way out to AWS: a workspace (a state machine, its Lambda functions, its execution
//! role's policy) as an AWS SAM template or a plain CloudFormation template, ready for
//! `sam deploy` or `aws cloudformation deploy`.
//!
//! - Each JavaScript function becomes a function resource with its code inline (Node.js,
//!   `index.handler`, the timeout it has in the playground, its own name, so bare names in
//!   `lambda:invoke` Parameters still find it).
//! - The definition goes in as an object; each ARN of one of those functions becomes a
//!   `${NameArn}` placeholder, filled by `DefinitionSubstitutions` with the deployed function's
//!   ARN.
//! - The execution role's policy is the playground's simulated one, its account and Region
//!   turned into `${AWS::AccountId}` and `${AWS::Region}` (`Fn::Sub`), so it follows the stack.
//!
//! Functions named after a resource (service mocks, activity workers) are playground stand-ins
//! and are left out; the template's description says so.

use serde_json::{json, Map, Value};

/// The Lambda runtime the functions are deployed with.
pub const NODE_RUNTIME: &str = "nodejs22.x";

/// Which kind of template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    /// AWS SAM (`Transform: AWS::Serverless-2016-10-31`).
    Sam,
    /// Plain CloudFormation (IAM roles written out).
    CloudFormation,
}

impl TemplateFormat {
    /// `sam` or `cloudformation` (also `cfn`).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "sam" => Some(Self::Sam),
            "cloudformation" | "cfn" => Some(Self::CloudFormation),
            _ => None,
        }
    }
}

/// A Lambda function to deploy.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployFunction {
    /// Its name.
    pub name: String,
    /// Its Node.js handler source (exported as `handler`).
    pub code: String,
    /// Its timeout in seconds.
    pub timeout_s: u32,
}

/// What goes into a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    /// The state machine's name.
    pub machine_name: String,
    /// `STANDARD` or `EXPRESS`.
    pub machine_type: crate::MachineType,
    /// The definition (parsed JSON or YAML).
    pub definition: Value,
    /// The functions.
    pub functions: Vec<DeployFunction>,
    /// The execution role's permissions policy (a JSON policy document), if any.
    pub policy: Option<Value>,
    /// The account the playground placed it in (its ARNs name it).
    pub account: String,
    /// The Region likewise.
    pub region: String,
}

/// A CloudFormation logical id for `name` (letters and digits only), unique among `taken`.
fn logical_id(name: &str, suffix: &str, taken: &mut Vec<String>) -> String {
    let mut base: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base = format!("F{base}");
    }
    base.push_str(suffix);
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}{n}");
        n += 1;
    }
    taken.push(id.clone());
    id
}

/// `text` with every function ARN of `arns` (with or without a qualifier) replaced by its
/// `${Placeholder}`, exactly or followed by `:QUALIFIER`.
fn substitute(text: &str, arns: &[(String, String)]) -> String {
    for (arn, placeholder) in arns {
        if text == arn {
            return format!("${{{placeholder}}}");
        }
        if let Some(rest) = text.strip_prefix(&format!("{arn}:")) {
            return format!("${{{placeholder}}}:{rest}");
        }
    }
    text.to_string()
}

/// `value` with each string replaced by what `f` makes of it (the rest copied as is; keys
/// stay).
pub(crate) fn map_strings(value: &Value, f: &impl Fn(&str) -> Value) -> Value {
    match value {
        Value::String(s) => f(s),
        Value::Array(a) => Value::Array(a.iter().map(|v| map_strings(v, f)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), map_strings(v, f)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `value` with each string that is one of the functions' ARNs replaced (see [`substitute`]).
fn substitute_all(value: &Value, arns: &[(String, String)]) -> Value {
    map_strings(value, &|s| Value::String(substitute(s, arns)))
}

/// `value` with the account and Region inside each string turned into CloudFormation's
/// pseudo parameters (`Fn::Sub`), for a policy that follows the stack.
fn follow_stack(value: &Value, account: &str, region: &str) -> Value {
    let in_region = format!(":{region}:");
    map_strings(value, &|s| {
        if s.contains(account) || s.contains(&in_region) {
            let subbed = s
                .replace(&in_region, ":${AWS::Region}:")
                .replace(account, "${AWS::AccountId}");
            json!({ "Fn::Sub": subbed })
        } else {
            Value::String(s.to_string())
        }
    })
}

/// The template for `deployment`, as JSON (CloudFormation and SAM read JSON templates).
pub fn template(deployment: &Deployment, format: TemplateFormat) -> Value {
    let d = deployment;
    let mut taken = Vec::new();
    let machine_id = logical_id(&d.machine_name, "StateMachine", &mut taken);
    let mut resources = Map::new();
    let mut arns = Vec::new();
    let mut substitutions = Map::new();
    let mut function_ids = Vec::new();
    for f in &d.functions {
        let id = logical_id(&f.name, "Function", &mut taken);
        let placeholder = format!("{id}Arn");
        arns.push((
            crate::arn::function("aws", &d.region, &d.account, &f.name),
            placeholder.clone(),
        ));
        substitutions.insert(placeholder, json!({ "Fn::GetAtt": [id, "Arn"] }));
        function_ids.push(id.clone());
        let resource = match format {
            TemplateFormat::Sam => json!({
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "FunctionName": f.name,
                    "Runtime": NODE_RUNTIME,
                    "Handler": "index.handler",
                    "InlineCode": f.code,
                    "Timeout": f.timeout_s,
                }
            }),
            TemplateFormat::CloudFormation => json!({
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "FunctionName": f.name,
                    "Runtime": NODE_RUNTIME,
                    "Handler": "index.handler",
                    "Code": { "ZipFile": f.code },
                    "Timeout": f.timeout_s,
                    "Role": { "Fn::GetAtt": ["FunctionsRole", "Arn"] },
                }
            }),
        };
        resources.insert(id, resource);
    }
    let definition = substitute_all(&d.definition, &arns);
    let policy = d
        .policy
        .as_ref()
        .map(|p| follow_stack(p, &d.account, &d.region));
    let machine_type = d.machine_type.as_str();
    match format {
        TemplateFormat::Sam => {
            let mut props = json!({
                "Name": d.machine_name,
                "Type": machine_type,
                "Definition": definition,
            });
            if !substitutions.is_empty() {
                props["DefinitionSubstitutions"] = Value::Object(substitutions);
            }
            if let Some(p) = policy {
                props["Policies"] = json!([p]);
            }
            resources.insert(
                machine_id.clone(),
                json!({"Type": "AWS::Serverless::StateMachine", "Properties": props}),
            );
        }
        TemplateFormat::CloudFormation => {
            if !function_ids.is_empty() {
                resources.insert(
                    "FunctionsRole".into(),
                    json!({
                        "Type": "AWS::IAM::Role",
                        "Properties": {
                            "AssumeRolePolicyDocument": assume("lambda.amazonaws.com"),
                            "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}],
                        }
                    }),
                );
            }
            let mut role = json!({
                "Type": "AWS::IAM::Role",
                "Properties": { "AssumeRolePolicyDocument": assume("states.amazonaws.com") }
            });
            if let Some(p) = policy {
                role["Properties"]["Policies"] =
                    json!([{ "PolicyName": "ExecutionPolicy", "PolicyDocument": p }]);
            }
            resources.insert("StateMachineRole".into(), role);
            let mut props = json!({
                "StateMachineName": d.machine_name,
                "StateMachineType": machine_type,
                "Definition": definition,
                "RoleArn": { "Fn::GetAtt": ["StateMachineRole", "Arn"] },
            });
            if !substitutions.is_empty() {
                props["DefinitionSubstitutions"] = Value::Object(substitutions);
            }
            resources.insert(
                machine_id.clone(),
                json!({"Type": "AWS::StepFunctions::StateMachine", "Properties": props}),
            );
        }
    }
    let mut t = Map::new();
    t.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if format == TemplateFormat::Sam {
        t.insert("Transform".into(), json!("AWS::Serverless-2016-10-31"));
    }
    t.insert(
        "Description".into(),
        json!(format!(
            "{}: exported from ASL Playground ({} Lambda function(s); service mocks and activity workers are playground stand-ins and are not deployed)",
            d.machine_name,
            d.functions.len()
        )),
    );
    t.insert("Resources".into(), Value::Object(resources));
    let arn = json!({ "Ref": machine_id });
    t.insert(
        "Outputs".into(),
        json!({ "StateMachineArn": { "Description": "The state machine's ARN (aws stepfunctions start-execution --state-machine-arn …)", "Value": arn } }),
    );
    Value::Object(t)
}

impl Deployment {
    /// What a workspace (as a share link carries it) deploys: its edited machine, its Lambda
    /// functions (service mocks and activity workers left out) and its role's policy (left
    /// out when it is not JSON). `Err` says why the definition does not parse.
    pub fn of_workspace(w: &crate::share::SharedWorkspace) -> Result<Self, String> {
        use crate::definition::{mock_key, Resource};
        let definition = crate::definition::document(&w.definition)
            .map_err(|d| format!("The definition does not parse: {}", d.message))?;
        let functions = w
            .functions
            .iter()
            .filter(|f| !(Resource::classify(&f.name).is_mocked() && mock_key(&f.name) == f.name))
            .map(|f| DeployFunction {
                name: f.name.clone(),
                code: f.code.clone(),
                timeout_s: f.timeout_seconds,
            })
            .collect();
        Ok(Self {
            machine_name: w.machine_name.clone(),
            machine_type: crate::MachineType::parse(&w.machine_type),
            definition,
            functions,
            policy: w
                .role
                .as_ref()
                .and_then(|r| serde_json::from_str(&r.policy).ok()),
            account: w.account.clone(),
            region: w.region.clone(),
        })
    }
}

/// A CloudFormation stack name for the machine (letters, digits and hyphens, starting with a
/// letter, at most 128 characters).
pub fn stack_name(machine_name: &str) -> String {
    let mut name: String = machine_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name = name.trim_matches('-').to_string();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("sfn-{name}");
    }
    name.truncate(128);
    name.trim_end_matches('-').to_string()
}

/// The README block at the top of a YAML template: how to deploy it and start an execution
/// with the playground's input (as `#` comment lines).
pub fn readme(deployment: &Deployment, format: TemplateFormat, input: &str) -> String {
    let stack = stack_name(&deployment.machine_name);
    let deploy = match format {
        TemplateFormat::Sam => "sam deploy --guided --template-file template.yaml".to_string(),
        TemplateFormat::CloudFormation => format!(
            "aws cloudformation deploy --template-file template.yaml --stack-name {stack} --capabilities CAPABILITY_IAM"
        ),
    };
    let mut lines = vec![
        format!(
            "{} exported from ASL Playground: the state machine {} ({}) and {} Lambda function(s).",
            match format {
                TemplateFormat::Sam => "An AWS SAM template",
                TemplateFormat::CloudFormation => "A CloudFormation template",
            },
            deployment.machine_name,
            deployment.machine_type.as_str(),
            deployment.functions.len()
        ),
        String::new(),
        "1. Deploy it (save this file as template.yaml):".into(),
        format!("     {deploy}"),
    ];
    if format == TemplateFormat::Sam {
        lines.push(format!(
            "   (name the stack {stack} when asked, or use that name below)"
        ));
    }
    lines.extend([
        "2. Save the execution input below as input.json, and start an execution:".to_string(),
        format!("     ARN=$(aws cloudformation describe-stacks --stack-name {stack} --query \"Stacks[0].Outputs[?OutputKey=='StateMachineArn'].OutputValue\" --output text)"),
        "     aws stepfunctions start-execution --state-machine-arn \"$ARN\" --input file://input.json".into(),
        "3. Watch it in the Step Functions console, or:".into(),
        "     aws stepfunctions describe-execution --execution-arn <executionArn printed above>".into(),
        String::new(),
        "input.json:".into(),
    ]);
    let input = input.trim_end();
    const MAX_INPUT_LINES: usize = 200;
    let input_lines: Vec<&str> = input.lines().collect();
    for l in input_lines.iter().take(MAX_INPUT_LINES) {
        lines.push(format!("  {l}"));
    }
    if input_lines.len() > MAX_INPUT_LINES {
        lines.push("  … (cut here: copy the input from the playground)".into());
    }
    let mut out = String::new();
    for l in lines {
        if l.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(&l.replace(['\r', '\n'], " "));
            out.push('\n');
        }
    }
    out
}

/// The template as a YAML document with the [`readme`] block on top (what the page
/// downloads as `template.yaml`).
pub fn template_yaml(deployment: &Deployment, format: TemplateFormat, input: &str) -> String {
    let body = crate::yaml::to_yaml(&template(deployment, format));
    format!("{}\n{body}", readme(deployment, format, input))
}

/// A role trust policy letting `service` assume it.
fn assume(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tutorial() -> Deployment {
        Deployment {
            machine_name: "MapLambda".into(),
            machine_type: crate::MachineType::Standard,
            definition: json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {"C": {
                "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction", "End": true}}}, "End": true}}}),
            functions: vec![DeployFunction {
                name: "HelloFunction".into(),
                code: "exports.handler = async () => 1;".into(),
                timeout_s: 7,
            }],
            policy: Some(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction",
                "Resource": ["arn:aws:lambda:us-east-1:123456789012:function:HelloFunction", "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:*"]}]}),
            ),
            account: "123456789012".into(),
            region: "us-east-1".into(),
        }
    }

    #[test]
    fn sam_template() {
        let t = template(&tutorial(), TemplateFormat::Sam);
        assert_eq!(t["Transform"], "AWS::Serverless-2016-10-31");
        let f = &t["Resources"]["HelloFunctionFunction"];
        assert_eq!(f["Type"], "AWS::Serverless::Function");
        assert_eq!(f["Properties"]["Timeout"], 7);
        assert_eq!(f["Properties"]["FunctionName"], "HelloFunction");
        let m = &t["Resources"]["MapLambdaStateMachine"]["Properties"];
        assert_eq!(
            m["Definition"]["States"]["M"]["ItemProcessor"]["States"]["C"]["Resource"],
            "${HelloFunctionFunctionArn}"
        );
        assert_eq!(
            m["DefinitionSubstitutions"]["HelloFunctionFunctionArn"],
            json!({"Fn::GetAtt": ["HelloFunctionFunction", "Arn"]})
        );
        assert_eq!(
            m["Policies"][0]["Statement"][0]["Resource"][1],
            json!({"Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:HelloFunction:*"})
        );
        assert_eq!(m["Type"], "STANDARD");
    }

    #[test]
    fn cloudformation_template() {
        let t = template(&tutorial(), TemplateFormat::CloudFormation);
        assert!(t.get("Transform").is_none());
        let r = &t["Resources"];
        assert_eq!(r["HelloFunctionFunction"]["Type"], "AWS::Lambda::Function");
        assert_eq!(
            r["HelloFunctionFunction"]["Properties"]["Code"]["ZipFile"],
            "exports.handler = async () => 1;"
        );
        assert_eq!(r["FunctionsRole"]["Type"], "AWS::IAM::Role");
        assert_eq!(
            r["StateMachineRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]
                ["Action"],
            "lambda:InvokeFunction"
        );
        assert_eq!(
            r["MapLambdaStateMachine"]["Properties"]["RoleArn"],
            json!({"Fn::GetAtt": ["StateMachineRole", "Arn"]})
        );
    }

    #[test]
    fn logical_ids_are_alphanumeric_and_unique() {
        let mut taken = vec![];
        assert_eq!(
            logical_id("my-fn_1", "Function", &mut taken),
            "myfn1Function"
        );
        assert_eq!(
            logical_id("myfn-1", "Function", &mut taken),
            "myfn1Function2"
        );
        assert_eq!(logical_id("1st", "Function", &mut taken), "F1stFunction");
        assert_eq!(
            substitute("arn:x:fn:A:prod", &[("arn:x:fn:A".into(), "P".into())]),
            "${P}:prod"
        );
        assert_eq!(
            substitute("arn:x:fn:AB", &[("arn:x:fn:A".into(), "P".into())]),
            "arn:x:fn:AB"
        );
    }
}
