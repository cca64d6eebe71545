//! The way out and back in: a workspace exported as a SAM or CloudFormation template and
//! imported again is the same workspace (definition, functions with their code and timeouts,
//! machine name and type, the role's policy).

use asl::deploy::{template, template_yaml, Deployment, TemplateFormat};
use asl::import::{import, Imported, Place};
use asl::share::{SharedFunction, SharedRole, SharedWorkspace};
use serde_json::Value;

fn tutorial() -> SharedWorkspace {
    let definition = include_str!("../../../static/examples/map-lambda.asl.json");
    let called = vec![asl::arn::function(
        "aws",
        "us-east-1",
        "123456789012",
        "HelloFunction",
    )];
    SharedWorkspace {
        machine_name: "MapLambda".into(),
        machine_type: "STANDARD".into(),
        definition: definition.into(),
        functions: vec![SharedFunction {
            name: "HelloFunction".into(),
            code: include_str!("../../../static/examples/map-lambda.js").into(),
            timeout_seconds: 7,
            test_events: vec![],
            faults: None,
            fixed: None,
        }],
        input: include_str!("../../../static/examples/map-lambda.input.json").into(),
        account: "123456789012".into(),
        region: "us-east-1".into(),
        role: Some(SharedRole {
            name: "StepFunctions-MapLambda-role".into(),
            policy: asl::iam::invoke_policy(&called),
        }),
        ..SharedWorkspace::default()
    }
}

fn here() -> Place {
    Place {
        account: "123456789012".into(),
        region: "us-east-1".into(),
    }
}

fn json(text: &str) -> Value {
    asl::definition::document(text).unwrap()
}

fn assert_same(before: &SharedWorkspace, text: &str) {
    let Ok(Imported::Workspace { workspace, notes }) = import(text, &here()) else {
        panic!("not imported as a workspace:\n{text}");
    };
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(workspace.machine_name, before.machine_name);
    assert_eq!(workspace.machine_type, before.machine_type);
    assert_eq!(json(&workspace.definition), json(&before.definition));
    assert_eq!(workspace.functions, before.functions);
    let policy = |w: &SharedWorkspace| json(&w.role.as_ref().unwrap().policy);
    assert_eq!(policy(&workspace), policy(before));
    assert_eq!(
        workspace.role.unwrap().name,
        before.role.as_ref().unwrap().name
    );
    // The definition runs as before: it loads and calls the same function.
    let d = asl::load(&workspace.definition).unwrap();
    assert_eq!(d.called_functions(), vec!["HelloFunction".to_string()]);
}

#[test]
fn the_tutorial_goes_out_as_sam_and_comes_back() {
    let w = tutorial();
    let d = Deployment::of_workspace(&w).unwrap();
    let yaml = template_yaml(&d, TemplateFormat::Sam, &w.input);
    assert!(yaml.starts_with("# An AWS SAM template"), "{yaml}");
    assert!(yaml.contains("#      sam deploy --guided"), "{yaml}");
    assert!(yaml.contains(
        "aws stepfunctions start-execution --state-machine-arn \"$ARN\" --input file://input.json"
    ));
    assert!(
        yaml.contains("#   [{\"who\":\"bob\"},{\"who\":\"meg\"},{\"who\":\"joe\"}]"),
        "{yaml}"
    );
    assert_same(&w, &yaml);
    let json_text = serde_json::to_string_pretty(&template(&d, TemplateFormat::Sam)).unwrap();
    assert_same(&w, &json_text);
}

#[test]
fn the_tutorial_goes_out_as_cloudformation_and_comes_back() {
    let w = tutorial();
    let d = Deployment::of_workspace(&w).unwrap();
    let yaml = template_yaml(&d, TemplateFormat::CloudFormation, &w.input);
    assert!(yaml.contains("aws cloudformation deploy --template-file template.yaml --stack-name MapLambda --capabilities CAPABILITY_IAM"), "{yaml}");
    assert_same(&w, &yaml);
    let json_text =
        serde_json::to_string_pretty(&template(&d, TemplateFormat::CloudFormation)).unwrap();
    assert_same(&w, &json_text);
}

#[test]
fn an_express_machine_elsewhere_keeps_its_type_and_follows_the_import() {
    let mut w = tutorial();
    w.machine_type = "EXPRESS".into();
    w.machine_name = "Greeter-2".into();
    let d = Deployment::of_workspace(&w).unwrap();
    let yaml = template_yaml(&d, TemplateFormat::Sam, "{}");
    let elsewhere = Place {
        account: "111122223333".into(),
        region: "eu-west-1".into(),
    };
    let Ok(Imported::Workspace { workspace, .. }) = import(&yaml, &elsewhere) else {
        panic!("{yaml}");
    };
    assert_eq!(workspace.machine_type, "EXPRESS");
    assert_eq!(workspace.machine_name, "Greeter-2");
    assert!(workspace
        .definition
        .contains("arn:aws:lambda:eu-west-1:111122223333:function:HelloFunction"));
    assert!(workspace
        .role
        .unwrap()
        .policy
        .contains("arn:aws:lambda:eu-west-1:111122223333:function:HelloFunction"));
}

#[test]
fn every_example_definition_comes_back() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".asl.json") {
            continue;
        }
        let mut w = tutorial();
        w.definition = std::fs::read_to_string(&path).unwrap();
        let d = Deployment::of_workspace(&w).unwrap();
        for format in [TemplateFormat::Sam, TemplateFormat::CloudFormation] {
            let yaml = template_yaml(&d, format, &w.input);
            let Ok(Imported::Workspace { workspace, .. }) = import(&yaml, &here()) else {
                panic!("{}: {yaml}", path.display());
            };
            assert_eq!(
                json(&workspace.definition),
                json(&w.definition),
                "{}",
                path.display()
            );
        }
        seen += 1;
    }
    assert!(seen >= 5, "{seen}");
}
