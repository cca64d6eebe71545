//! The state inspector on a real execution of the tutorial (a fake Lambda runner, natively).

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};
use asl_playground::inspect::{inspect, inspect_entry};
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

#[test]
fn each_entry_of_a_state_can_be_inspected() {
    let definition = asl::load(EXAMPLE_DEFINITION).unwrap();
    let input = asl::parse_json(EXAMPLE_INPUT).unwrap();
    let config = asl::ExecutionConfig::new("MapLambda", "run");
    let (execution, tree) = run(&definition, input, &config);
    let history = &execution.history;

    let latest = inspect_entry(
        &definition,
        Some(&tree),
        history,
        "CallLambda",
        None,
        &config,
    )
    .unwrap();
    assert_eq!(latest.entry_list.len(), 3);
    assert_eq!(latest.selected, 2, "the latest by default");
    let iterations: Vec<_> = latest.entry_list.iter().map(|e| e.iteration).collect();
    assert_eq!(iterations, [Some(0), Some(1), Some(2)]);

    let second_id = latest.entry_list[1].first_event_id;
    let second = inspect_entry(
        &definition,
        Some(&tree),
        history,
        "CallLambda",
        Some(second_id),
        &config,
    )
    .unwrap();
    assert_eq!(second.selected, 1);
    assert_eq!(second.flow.steps[0].value, json!({"who": "meg"}));
    assert_eq!(
        second.flow.steps.last().unwrap().value,
        json!("Hello, meg!")
    );
    assert_eq!(second.invocations.len(), 1, "one attempt");
    assert_ne!(second.invocations, latest.invocations);
    assert!(second.assigned.is_none());

    let unknown = inspect_entry(
        &definition,
        Some(&tree),
        history,
        "CallLambda",
        Some(9999),
        &config,
    )
    .unwrap();
    assert_eq!(
        unknown.selected, 2,
        "an unknown entry id falls back to the latest"
    );
}

#[test]
fn assigned_variables_come_from_the_history_and_feed_later_states() {
    let definition = asl::load(
        r#"{"QueryLanguage":"JSONPath","StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"greeting.$":"$.who","n":1},"Next":"B"},
        "B":{"Type":"Pass","Assign":{"n":2},"Next":"C"},
        "C":{"Type":"Pass","Parameters":{"g.$":"$greeting","n.$":"$n"},"End":true}}}"#,
    )
    .unwrap();
    let config = asl::ExecutionConfig::new("Vars", "run");
    let (execution, tree) = run(&definition, json!({"who": "ann"}), &config);
    assert_eq!(execution.status, asl::Status::Succeeded, "{execution:?}");
    let history = &execution.history;

    let a = inspect_entry(&definition, Some(&tree), history, "A", None, &config).unwrap();
    let assigned = a.assigned.clone().expect("A assigned variables");
    assert_eq!(
        serde_json::Value::Object(assigned),
        json!({"greeting": "ann", "n": 1})
    );
    let vars = a.flow.steps.iter().find(|s| s.step == "variables").unwrap();
    assert_eq!(vars.value, json!({"greeting": "ann", "n": 1}));

    let b = inspect_entry(&definition, Some(&tree), history, "B", None, &config).unwrap();
    assert_eq!(
        serde_json::Value::Object(b.assigned.unwrap()),
        json!({"n": 2})
    );

    // C reads the variables A and B assigned before it (B's n wins).
    let c = inspect_entry(&definition, Some(&tree), history, "C", None, &config).unwrap();
    assert!(c.assigned.is_none());
    let params = c
        .flow
        .steps
        .iter()
        .find(|s| s.step == "afterParameters")
        .unwrap();
    assert_eq!(params.value, json!({"g": "ann", "n": 2}));
    assert!(c.flow.error.is_none(), "{:?}", c.flow.error);
}
