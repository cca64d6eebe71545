//! A SAM or CloudFormation template as a playground workspace.
//!
//! - Lambda functions (`AWS::Serverless::Function`, `AWS::Lambda::Function`) with their code
//!   inline (`InlineCode`, `Code.ZipFile`) become the workspace's functions, named by
//!   `FunctionName` (else their logical id), with their `Timeout` (else `Globals`, else 3 s).
//!   Code elsewhere (`CodeUri`, `Code.S3Bucket`, an image) cannot be embedded: the function
//!   comes with a handler that says so, and a note.
//! - State machines (`AWS::Serverless::StateMachine`, `AWS::StepFunctions::StateMachine`):
//!   the definition from `Definition` or `DefinitionString` (`Fn::Sub`, `Fn::Join`), with
//!   `DefinitionSubstitutions` applied; every ARN of an imported function (whatever its
//!   account and Region) is rewritten to the workspace's own. `DefinitionUri` and
//!   `DefinitionS3Location` cannot be embedded: an error naming the machine. The first
//!   machine is the edited one, the others join the workspace's machines.
//! - The execution role's policy: SAM's `Policies` statements, or the inline policies of the
//!   role `RoleArn` names.

use serde_json::{json, Map, Value};

use super::cfn::Scope;
use super::{pointer, ImportError, Place};
use crate::share::{SharedFunction, SharedMachine, SharedRole, SharedWorkspace};

const SAM_FUNCTION: &str = "AWS::Serverless::Function";
const LAMBDA_FUNCTION: &str = "AWS::Lambda::Function";
const SAM_MACHINE: &str = "AWS::Serverless::StateMachine";
const SFN_MACHINE: &str = "AWS::StepFunctions::StateMachine";

/// A resource of the template: its logical id, type and properties.
struct Resource<'a> {
    id: &'a str,
    kind: &'a str,
    props: &'a Map<String, Value>,
}

impl Resource<'_> {
    fn at(&self, property: &str) -> String {
        if property.is_empty() {
            pointer(&["Resources", self.id, "Properties"])
        } else {
            pointer(&["Resources", self.id, "Properties", property])
        }
    }
}

fn empty() -> &'static Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

/// The workspace the template `doc` describes, placed in `place`, with notes on what did
/// not come along.
pub fn workspace(
    doc: &Value,
    place: &Place,
) -> Result<(SharedWorkspace, Vec<String>), ImportError> {
    let resources = doc
        .get("Resources")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            ImportError::at("/Resources", "Resources must map logical ids to resources")
        })?;
    let mut all = Vec::new();
    for (id, r) in resources {
        let kind = r.get("Type").and_then(Value::as_str).unwrap_or_default();
        let props = r
            .get("Properties")
            .and_then(Value::as_object)
            .unwrap_or(empty());
        all.push(Resource { id, kind, props });
    }
    let mut scope = Scope::new(doc, resources, place);
    let mut notes = Vec::new();
    // Names first: definitions and each other's properties refer to them.
    let function_names: Vec<(&Resource, String)> = all
        .iter()
        .filter(|r| r.kind == SAM_FUNCTION || r.kind == LAMBDA_FUNCTION)
        .map(|r| {
            let name = r
                .props
                .get("FunctionName")
                .and_then(Value::as_str)
                .filter(|n| crate::arn::function_name(n) == Some(n))
                .unwrap_or(r.id)
                .to_string();
            (r, name)
        })
        .collect();
    for (r, name) in &function_names {
        let arn = crate::arn::function("aws", &place.region, &place.account, name);
        scope.define_ref(r.id, name.clone());
        scope.define_attribute(r.id, "Arn", arn);
    }
    let machines: Vec<&Resource> = all
        .iter()
        .filter(|r| r.kind == SAM_MACHINE || r.kind == SFN_MACHINE)
        .collect();
    let mut machine_names = Vec::new();
    for r in &machines {
        let key = if r.kind == SAM_MACHINE {
            "Name"
        } else {
            "StateMachineName"
        };
        let name = r
            .props
            .get(key)
            .and_then(Value::as_str)
            .filter(|n| crate::check_name("state machine name", n).is_ok())
            .unwrap_or(r.id)
            .to_string();
        let arn = crate::arn::state_machine(&place.region, &place.account, &name);
        scope.define_ref(r.id, arn.clone());
        scope.define_attribute(r.id, "Arn", arn);
        scope.define_attribute(r.id, "Name", name.clone());
        machine_names.push(name);
    }
    for r in all.iter().filter(|r| r.kind == "AWS::IAM::Role") {
        let arn = crate::iam::role_arn(&place.account, r.id);
        scope.define_ref(r.id, r.id.to_string());
        scope.define_attribute(r.id, "Arn", arn);
    }
    let Some(first) = machines.first() else {
        return Err(ImportError::at(
            "/Resources",
            format!("The template has no state machine ({SAM_MACHINE} or {SFN_MACHINE})"),
        ));
    };
    let globals = doc.pointer("/Globals/Function");
    let mut functions = Vec::new();
    for (r, name) in &function_names {
        functions.push(function(r, name, globals, &scope, &mut notes));
    }
    let function_arns: Vec<(String, String)> = function_names
        .iter()
        .map(|(_, name)| {
            let arn = crate::arn::function("aws", &place.region, &place.account, name);
            (name.clone(), arn)
        })
        .collect();
    let mut loaded = Vec::new();
    for (r, name) in machines.iter().zip(&machine_names) {
        let definition = definition(r, &scope, &function_arns)?;
        let machine_type = machine_type(r, &mut notes);
        loaded.push((r, name.clone(), definition, machine_type));
    }
    let role = role(doc, first, &scope, &mut notes);
    notes.extend(scope.take_notes());
    let mut loaded = loaded.into_iter();
    let Some((_, machine_name, definition, machine_type)) = loaded.next() else {
        return Err(ImportError::at(
            "/Resources",
            "The template has no state machine",
        ));
    };
    let machines = loaded
        .map(|(_, name, definition, machine_type)| SharedMachine {
            name,
            machine_type,
            definition,
            input: String::new(),
        })
        .collect();
    let workspace = SharedWorkspace {
        machine_name: machine_name.clone(),
        machine_type,
        definition,
        functions,
        input: String::new(),
        account: place.account.clone(),
        region: place.region.clone(),
        role: role.map(|policy| SharedRole {
            name: format!("StepFunctions-{machine_name}-role"),
            policy,
        }),
        real_time: false,
        speed: 0,
        machines,
    };
    Ok((workspace, notes))
}

/// `STANDARD` or `EXPRESS` (others default to STANDARD, with a note).
fn machine_type(r: &Resource, notes: &mut Vec<String>) -> String {
    let key = if r.kind == SAM_MACHINE {
        "Type"
    } else {
        "StateMachineType"
    };
    match r.props.get(key).and_then(Value::as_str) {
        Some(t) if t.eq_ignore_ascii_case("express") => "EXPRESS".into(),
        Some(t) if t.eq_ignore_ascii_case("standard") => "STANDARD".into(),
        None => "STANDARD".into(),
        Some(other) => {
            notes.push(format!(
                "The state machine {} has the type {other:?}: imported as STANDARD",
                r.id
            ));
            "STANDARD".into()
        }
    }
}

/// One function: its inline code, or a handler saying where the code is.
fn function(
    r: &Resource,
    name: &str,
    globals: Option<&Value>,
    scope: &Scope,
    notes: &mut Vec<String>,
) -> SharedFunction {
    let property = |key: &str| {
        r.props
            .get(key)
            .or_else(|| globals.and_then(|g| g.get(key)))
    };
    let timeout = property("Timeout")
        .and_then(Value::as_f64)
        .filter(|t| t.is_finite())
        .map_or(3, |t| t.clamp(1.0, 900.0) as u32);
    let (inline, at) = if r.kind == SAM_FUNCTION {
        (r.props.get("InlineCode"), r.at("InlineCode"))
    } else {
        (
            r.props.get("Code").and_then(|c| c.get("ZipFile")),
            format!("{}/ZipFile", r.at("Code")),
        )
    };
    // Inline code may be built with Fn::Sub or Fn::Join.
    let inline = inline.and_then(|v| match scope.string(v, &at, 0) {
        Ok(code) => Some(code),
        Err(e) => {
            notes.push(format!("The code of the function {name} was left out: {e}"));
            None
        }
    });
    let code = match inline {
        Some(code) => {
            if let Some(runtime) = property("Runtime").and_then(Value::as_str) {
                if !runtime.starts_with("nodejs") {
                    notes.push(format!(
                        "The function {name} ({}) has the runtime {runtime}: the playground runs Node.js handlers only",
                        r.id
                    ));
                }
            }
            match property("Handler").and_then(Value::as_str) {
                Some(h) if !h.ends_with(".handler") => notes.push(format!(
                    "The function {name} ({}) names its handler {h}: the playground calls the exported handler",
                    r.id
                )),
                _ => {}
            }
            code
        }
        None => {
            let source = if r.kind == SAM_FUNCTION {
                "CodeUri"
            } else {
                "Code"
            };
            notes.push(format!(
                "The function {name} ({}) keeps its code outside the template ({source}): it cannot be embedded; paste its handler into the function",
                r.id
            ));
            format!(
                "// The code of {name} was not in the template ({source} of {}): paste its handler here.\nexports.handler = async () => {{\n  throw new Error(\"The code of {name} was not imported\");\n}};\n",
                r.id
            )
        }
    };
    SharedFunction {
        name: name.to_string(),
        code,
        timeout_seconds: timeout,
        test_events: vec![],
        faults: None,
        fixed: None,
    }
}

/// The machine's definition as JSON text, its substitutions applied and the imported
/// functions' ARNs made the workspace's.
fn definition(
    r: &Resource,
    scope: &Scope,
    function_arns: &[(String, String)],
) -> Result<String, ImportError> {
    for outside in ["DefinitionUri", "DefinitionS3Location"] {
        if r.props.contains_key(outside) {
            return Err(ImportError::at(
                r.at(outside),
                format!(
                    "The state machine {} keeps its definition outside the template ({outside}): it cannot be embedded. Put the definition in the template (Definition), or import the definition file itself",
                    r.id
                ),
            ));
        }
    }
    let vars = match r.props.get("DefinitionSubstitutions") {
        None => Map::new(),
        Some(Value::Object(m)) => {
            let mut vars = Map::new();
            for (k, v) in m {
                let at = format!(
                    "{}/{}",
                    r.at("DefinitionSubstitutions"),
                    crate::definition::escape_segment(k)
                );
                vars.insert(k.clone(), Value::String(scope.string(v, &at, 0)?));
            }
            vars
        }
        Some(_) => {
            return Err(ImportError::at(
                r.at("DefinitionSubstitutions"),
                "DefinitionSubstitutions maps names to values",
            ))
        }
    };
    let value = if let Some(d) = r.props.get("Definition") {
        if !d.is_object() {
            return Err(ImportError::at(
                r.at("Definition"),
                "Definition is the state machine definition as an object",
            ));
        }
        // Intrinsic functions inside the definition itself are evaluated too.
        let d = scope.resolve(d, &r.at("Definition"), 0)?;
        substitute_strings(&d, &|s| {
            scope
                .sub(s, &vars, &r.at("Definition"))
                .unwrap_or_else(|_| s.to_string())
        })
    } else if let Some(d) = r.props.get("DefinitionString") {
        let at = r.at("DefinitionString");
        let text = scope.string(d, &at, 0)?;
        let text = scope.sub(&text, &vars, &at)?;
        crate::json::value_from_str(&text).map_err(|e| {
            ImportError::at(
                at.clone(),
                format!(
                    "The definition of {} is not JSON once substituted: {e}",
                    r.id
                ),
            )
        })?
    } else {
        return Err(ImportError::at(
            r.at(""),
            format!("The state machine {} has no Definition", r.id),
        ));
    };
    let value = substitute_strings(&value, &|s| own_arn(s, function_arns));
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    ))
}

/// `s` made the workspace's ARN when it is an ARN of one of the imported functions
/// (qualifier kept).
fn own_arn(s: &str, function_arns: &[(String, String)]) -> String {
    if let Some(f) = crate::arn::FunctionArn::parse(s) {
        if let Some((_, arn)) = function_arns.iter().find(|(name, _)| *name == f.name) {
            return match f.qualifier {
                Some(q) => format!("{arn}:{q}"),
                None => arn.clone(),
            };
        }
    }
    s.to_string()
}

/// `value` with each string (not the keys) replaced by what `f` makes of it.
fn substitute_strings(value: &Value, f: &impl Fn(&str) -> String) -> Value {
    crate::deploy::map_strings(value, &|s| Value::String(f(s)))
}

/// The execution role's permissions as one policy document (JSON text), if the template
/// gives them inline.
fn role(doc: &Value, machine: &Resource, scope: &Scope, notes: &mut Vec<String>) -> Option<String> {
    let (documents, at): (Vec<&Value>, String) = if machine.kind == SAM_MACHINE {
        let policies = machine.props.get("Policies")?;
        let list: Vec<&Value> = match policies {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let documents: Vec<&Value> = list
            .into_iter()
            .filter(|p| p.get("Statement").is_some())
            .collect();
        if documents.is_empty() {
            notes.push(format!(
                "The state machine {} gets its permissions from managed policies or SAM policy templates: the playground's role is made for the functions it calls",
                machine.id
            ));
        }
        (documents, machine.at("Policies"))
    } else {
        let role_id = match machine.props.get("RoleArn") {
            Some(Value::Object(m)) => match m.get("Fn::GetAtt") {
                Some(Value::Array(a)) => a.first().and_then(Value::as_str),
                Some(Value::String(s)) => s.split('.').next(),
                _ => None,
            },
            _ => None,
        }?;
        let policies = doc.pointer(&format!(
            "{}/Properties/Policies",
            pointer(&["Resources", role_id])
        ))?;
        let documents = policies
            .as_array()?
            .iter()
            .filter_map(|p| p.get("PolicyDocument"))
            .collect();
        (
            documents,
            pointer(&["Resources", role_id, "Properties", "Policies"]),
        )
    };
    let mut statements = Vec::new();
    for d in documents {
        match scope.resolve(d, &at, 0) {
            Ok(resolved) => match resolved.get("Statement") {
                Some(Value::Array(s)) => statements.extend(s.iter().cloned()),
                Some(s) => statements.push(s.clone()),
                None => {}
            },
            Err(e) => {
                notes.push(format!("A policy of the execution role was left out: {e}"));
            }
        }
    }
    if statements.is_empty() {
        return None;
    }
    let policy = json!({"Version": "2012-10-17", "Statement": statements});
    serde_json::to_string_pretty(&policy).ok()
}

#[cfg(test)]
mod tests {
    use super::super::{import, Imported};
    use super::*;

    fn here() -> Place {
        Place {
            account: "123456789012".into(),
            region: "us-east-1".into(),
        }
    }

    fn imported(text: &str) -> (SharedWorkspace, Vec<String>) {
        match import(text, &here()) {
            Ok(Imported::Workspace { workspace, notes }) => (*workspace, notes),
            other => panic!("{other:?}"),
        }
    }

    fn definition_of(w: &SharedWorkspace) -> Value {
        serde_json::from_str(&w.definition).unwrap()
    }

    #[test]
    fn cloudformation_yaml_with_short_tags() {
        let (w, notes) = imported(
            r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Hello:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Timeout: 12
      Role: !GetAtt FnRole.Arn
      Code:
        ZipFile: |
          exports.handler = async (e) => "Hi " + e.who;
  FnRole:
    Type: AWS::IAM::Role
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineName: Greeter
      StateMachineType: EXPRESS
      RoleArn: !GetAtt MachineRole.Arn
      DefinitionString: !Sub
        - |
          {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "${HelloArn}", "Next": "Put"},
           "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
             "Parameters": {"TableName": "${Table}", "Item": {}}, "End": true}}}
        - HelloArn: !GetAtt Hello.Arn
      DefinitionSubstitutions:
        Table: !Ref Items
  Items:
    Type: AWS::DynamoDB::Table
  MachineRole:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: Invoke
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: lambda:InvokeFunction
                Resource: !GetAtt Hello.Arn
"#,
        );
        assert_eq!(w.machine_name, "Greeter");
        assert_eq!(w.machine_type, "EXPRESS");
        assert_eq!(w.functions.len(), 1);
        assert_eq!(w.functions[0].name, "Hello");
        assert_eq!(w.functions[0].timeout_seconds, 12);
        assert_eq!(
            w.functions[0].code,
            "exports.handler = async (e) => \"Hi \" + e.who;\n"
        );
        let d = definition_of(&w);
        assert_eq!(
            d["States"]["Call"]["Resource"],
            "arn:aws:lambda:us-east-1:123456789012:function:Hello"
        );
        assert_eq!(d["States"]["Put"]["Parameters"]["TableName"], "Items");
        let policy: Value = serde_json::from_str(&w.role.unwrap().policy).unwrap();
        assert_eq!(
            policy["Statement"][0]["Resource"],
            "arn:aws:lambda:us-east-1:123456789012:function:Hello"
        );
        assert!(notes.iter().any(|n| n.contains("Ref Items")), "{notes:?}");
    }

    #[test]
    fn sam_with_several_machines_and_code_outside() {
        let (w, notes) = imported(
            r#"{"Transform": "AWS::Serverless-2016-10-31",
            "Globals": {"Function": {"Timeout": 9}},
            "Resources": {
              "First": {"Type": "AWS::Serverless::StateMachine", "Properties": {
                "Definition": {"StartAt": "A", "States": {"A": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "${Fn}"}, "Next": "B"},
                  "B": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-3:999999999999:function:Other:live", "End": true}}},
                "DefinitionSubstitutions": {"Fn": {"Fn::Sub": "${Worker.Arn}"}},
                "Policies": ["AWSLambdaRole"]}},
              "Second": {"Type": "AWS::Serverless::StateMachine", "Properties": {"Name": "Two", "Type": "EXPRESS",
                "Definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}},
              "Worker": {"Type": "AWS::Serverless::Function", "Properties": {"FunctionName": "Worker", "InlineCode": {"Fn::Sub": "exports.handler = async () => '${AWS::Region}';"}}},
              "Other": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "src/", "Handler": "app.handler", "Timeout": 30}}
            }}"#,
        );
        assert_eq!(w.machine_name, "First");
        let d = definition_of(&w);
        assert_eq!(
            d["States"]["A"]["Parameters"]["FunctionName"],
            "arn:aws:lambda:us-east-1:123456789012:function:Worker"
        );
        assert_eq!(
            d["States"]["B"]["Resource"],
            "arn:aws:lambda:us-east-1:123456789012:function:Other:live"
        );
        assert_eq!(w.functions[0].timeout_seconds, 9);
        assert_eq!(
            w.functions[0].code,
            "exports.handler = async () => 'us-east-1';"
        );
        assert_eq!(w.functions[1].timeout_seconds, 30);
        assert!(w.functions[1].code.contains("not imported"));
        assert!(
            notes
                .iter()
                .any(|n| n.contains("Other") && n.contains("CodeUri")),
            "{notes:?}"
        );
        assert!(w.role.is_none());
        assert_eq!(w.machines.len(), 1);
        assert_eq!(w.machines[0].name, "Two");
        assert_eq!(w.machines[0].machine_type, "EXPRESS");
    }

    #[test]
    fn definition_string_joined() {
        let (w, _) = imported(
            r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
              "DefinitionString": {"Fn::Join": ["", ["{\"StartAt\": \"P\",", " \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}"]]}}}}}"#,
        );
        assert_eq!(w.machine_name, "M");
        assert_eq!(definition_of(&w)["StartAt"], "P");
    }

    #[test]
    fn what_cannot_be_imported_says_where() {
        let e = import(
            r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionS3Location": {"Bucket": "b", "Key": "k"}}}}}"#,
            &here(),
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/Resources/M/Properties/DefinitionS3Location");
        assert!(e.message.contains("state machine M"), "{e}");
        let e = import(
            r#"{"Resources": {"F": {"Type": "AWS::Serverless::Function"}}}"#,
            &here(),
        )
        .unwrap_err();
        assert!(e.message.contains("no state machine"), "{e}");
        let e = import(
            r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": "{not json"}}}}"#,
            &here(),
        )
        .unwrap_err();
        assert!(e.message.contains("not JSON"), "{e}");
        assert!(e.position.is_some(), "{e}");
        let e = import(r#"{"Resources": []}"#, &here()).unwrap_err();
        assert_eq!(e.pointer, "/Resources");
    }
}
