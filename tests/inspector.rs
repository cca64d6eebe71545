//! The state inspector on a real execution of the tutorial (a fake Lambda runner, natively).

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};
use asl_playground::inspect::inspect;
use asl_playground::state::{EXAMPLE_DEFINITION, EXAMPLE_INPUT};
use serde_json::json;

struct Hello;

impl TaskRunner for Hello {
    fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        let who = inv.payload["who"].as_str().unwrap_or_default().to_string();
        Box::pin(async move {
            InvocationResult {
                outcome: InvocationOutcome::Succeeded {
                    payload: format!("Hello, {who}!").into(),
                },
                logs: vec![],
                duration_ms: 1.0,
            }
        })
    }
}

/// Runs `definition` on `input` with the fake runner; the execution and its tree.
fn run(
    definition: &asl::Definition,
    input: serde_json::Value,
    config: &asl::ExecutionConfig,
) -> (asl::Execution, asl::TreeNode) {
    let (clock, rng) = (VirtualClock::new(0), SplitMix64::new(1));
    let host = asl::Host {
        tasks: &Hello,
        clock: &clock,
        rng: &rng,
        observer: None,
    };
    let execution = asl::block_on(asl::execute(definition, input, config, host));
    let tree = asl::execution_tree(&execution.history);
    (execution, tree)
}

#[test]
fn the_tutorial_inspected() {
    let definition = asl::load(EXAMPLE_DEFINITION).unwrap();
    let input = asl::parse_json(EXAMPLE_INPUT).unwrap();
    let config = asl::ExecutionConfig::new("MapLambda", "run");
    let (_, tree) = run(&definition, input, &config);

    let task = inspect(&definition, Some(&tree), "CallLambda", &config).unwrap();
    assert_eq!((task.state_type, task.entries), ("Task", 3));
    let steps: Vec<_> = task.flow.steps.iter().map(|s| s.step).collect();
    assert_eq!(steps.first(), Some(&"input"));
    assert_eq!(steps.last(), Some(&"output"));
    assert_eq!(
        task.flow.steps[0].value,
        json!({"who": "joe"}),
        "the latest entry"
    );
    assert_eq!(task.flow.steps.last().unwrap().value, json!("Hello, joe!"));

    let map = inspect(&definition, Some(&tree), "ExampleMapState", &config).unwrap();
    assert_eq!(
        map.flow.steps.last().unwrap().value,
        json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"])
    );

    let not_run = inspect(&definition, None, "CallLambda", &config).unwrap();
    assert_eq!(not_run.entries, 0);
    assert!(not_run.flow.steps.is_empty());
    assert!(inspect(&definition, Some(&tree), "Nope", &config).is_none());
}

#[test]
fn the_context_object_is_rebuilt_for_parameters() {
    let definition = asl::load(
        r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Iterator":{"StartAt":"T","States":{"T":{"Type":"Task",
        "Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
        "Parameters":{"who.$":"$.who","exec.$":"$$.Execution.Name","retry.$":"$$.State.RetryCount"},
        "End":true}}},"End":true}}}"#,
    )
    .unwrap();
    let config = asl::ExecutionConfig::new("M", "run-7");
    let input = json!({"items": [{"who": "a"}, {"who": "b"}]});
    let (execution, tree) = run(&definition, input, &config);
    assert_eq!(execution.status, asl::Status::Succeeded, "{execution:?}");
    let t = inspect(&definition, Some(&tree), "T", &config).unwrap();
    let params = t
        .flow
        .steps
        .iter()
        .find(|s| s.step == "afterParameters")
        .unwrap();
    assert_eq!(
        params.value,
        json!({"who": "b", "exec": "run-7", "retry": 0})
    );
    assert!(t.flow.error.is_none());
}
