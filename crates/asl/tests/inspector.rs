//! The state inspector on real executions (a fake HelloFunction, natively): the data flow of
//! each entry, with the context object and the workflow variables in scope rebuilt from the
//! recorded execution.

mod common;

use asl::host::{SplitMix64, VirtualClock};
use asl::inspect::{inspect, inspect_entry, Inspection};
use common::{Behavior, Fake, TUTORIAL};
use serde_json::json;

/// Runs `definition` on `input` with HelloFunction (`"Hello, <who>!"`) on the virtual clock;
/// the execution and its tree.
fn run(
    definition: &asl::Definition,
    input: serde_json::Value,
    config: &asl::ExecutionConfig,
) -> (asl::Execution, asl::TreeNode) {
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    let (clock, rng) = (VirtualClock::new(0), SplitMix64::new(1));
    let host = asl::Host::new(&fake, &clock, &rng);
    let execution = asl::block_on(asl::execute(definition, input, config, host));
    let tree = asl::execution_tree(&execution.history);
    (execution, tree)
}

#[test]
fn the_tutorial_inspected() {
    let definition = asl::load(TUTORIAL).unwrap();
    let input = json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]);
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
    let definition = asl::load(TUTORIAL).unwrap();
    let input = json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]);
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
    // The variablesOnEntry step shows what was in scope on entry: nothing yet; the
    // variables step (TestState's) what is in scope after A's Assign.
    assert_eq!(scope_of(&a), json!({}));
    assert_eq!(step_of(&a, "variables"), json!({"greeting": "ann", "n": 1}));
    let names: Vec<&str> = a.flow.steps.iter().map(|s| s.step).collect();
    assert_eq!(names.first(), Some(&"input"));
    assert_eq!(names[1], "variablesOnEntry");
    assert_eq!(names.last(), Some(&"variables"), "{names:?}");

    let b = inspect_entry(&definition, Some(&tree), history, "B", None, &config).unwrap();
    assert_eq!(
        serde_json::Value::Object(b.assigned.clone().unwrap()),
        json!({"n": 2})
    );
    assert_eq!(scope_of(&b), json!({"greeting": "ann", "n": 1}));
    assert_eq!(step_of(&b, "variables"), json!({"greeting": "ann", "n": 2}));

    // C reads the variables A and B assigned before it (B's n wins).
    let c = inspect_entry(&definition, Some(&tree), history, "C", None, &config).unwrap();
    assert!(c.assigned.is_none());
    assert_eq!(scope_of(&c), json!({"greeting": "ann", "n": 2}));
    let params = c
        .flow
        .steps
        .iter()
        .find(|s| s.step == "afterParameters")
        .unwrap();
    assert_eq!(params.value, json!({"g": "ann", "n": 2}));
    assert!(c.flow.error.is_none(), "{:?}", c.flow.error);
}

/// The inspection's `variablesOnEntry` step: the variables in scope on entry.
fn scope_of(i: &Inspection) -> serde_json::Value {
    step_of(i, "variablesOnEntry")
}

/// The value of the inspection's step `name`.
fn step_of(i: &Inspection, name: &str) -> serde_json::Value {
    let vars = i.flow.steps.iter().find(|s| s.step == name);
    vars.unwrap_or_else(|| panic!("a {name} step"))
        .value
        .clone()
}

/// Every entry of `name`: its iteration (if in a Map), the variables in scope on entry, and
/// those it assigned.
fn scopes(
    definition: &asl::Definition,
    execution: &asl::Execution,
    tree: &asl::TreeNode,
    name: &str,
    config: &asl::ExecutionConfig,
) -> Vec<(Option<u64>, serde_json::Value, serde_json::Value)> {
    let h = &execution.history;
    let all = inspect_entry(definition, Some(tree), h, name, None, config).unwrap();
    all.entry_list
        .iter()
        .map(|e| {
            let id = Some(e.first_event_id);
            let i = inspect_entry(definition, Some(tree), h, name, id, config).unwrap();
            let assigned = i
                .assigned
                .clone()
                .map_or(json!(null), serde_json::Value::Object);
            (e.iteration, scope_of(&i), assigned)
        })
        .collect()
}

/// Variables in Map iterations and Parallel branches, as the AWS Developer Guide ("Passing
/// data between states with variables") sets the scopes: the top-level states share one
/// scope; each iteration and each branch has its own, which reads the outer scope as it was
/// when the Map or Parallel state was entered (the Map's own `Assign` applies on its exit),
/// and whose assignments reach neither the outer scope nor the other iterations or branches.
#[test]
fn iterations_and_branches_see_the_outer_scope_and_keep_their_own() {
    let definition = asl::load(
        r#"{"StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"x":1,"items":[10,20]},"Next":"M"},
        "M":{"Type":"Map","ItemsPath":"$items","Assign":{"x":2,"m":"after"},"ItemProcessor":{
          "ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I1","States":{
            "I1":{"Type":"Pass","Assign":{"inner.$":"$"},"Next":"I2"},
            "I2":{"Type":"Pass","Parameters":{"inner.$":"$inner","x.$":"$x"},"End":true}}},
          "Next":"P"},
        "P":{"Type":"Parallel","Assign":{"p":"done"},"Branches":[
          {"StartAt":"B1","States":{
            "B1":{"Type":"Pass","Assign":{"b":"one"},"Next":"B2"},
            "B2":{"Type":"Pass","End":true}}},
          {"StartAt":"C1","States":{"C1":{"Type":"Pass","End":true}}}],
          "Next":"Z"},
        "Z":{"Type":"Pass","Parameters":{"x.$":"$x","p.$":"$p"},"End":true}}}"#,
    )
    .unwrap();
    let config = asl::ExecutionConfig::new("Scopes", "run");
    let (execution, tree) = run(&definition, json!({}), &config);
    assert_eq!(execution.status, asl::Status::Succeeded, "{execution:?}");
    let scopes = |name| scopes(&definition, &execution, &tree, name, &config);
    let outer = json!({"x": 1, "items": [10, 20]});
    let after_map = json!({"x": 2, "items": [10, 20], "m": "after"});

    assert_eq!(scopes("A"), [(None, json!({}), outer.clone())]);
    // The Map state sees what A assigned; its own Assign applies when it exits.
    assert_eq!(
        scopes("M"),
        [(None, outer.clone(), json!({"x": 2, "m": "after"}))]
    );
    // Each iteration starts from the outer scope as the Map found it: not the Map's own x,
    // not what the other iteration assigned.
    assert_eq!(
        scopes("I1"),
        [
            (Some(0), outer.clone(), json!({"inner": 10})),
            (Some(1), outer.clone(), json!({"inner": 20})),
        ]
    );
    // Later states of the iteration see its own assignments too.
    assert_eq!(
        scopes("I2"),
        [
            (
                Some(0),
                json!({"x": 1, "items": [10, 20], "inner": 10}),
                json!(null)
            ),
            (
                Some(1),
                json!({"x": 1, "items": [10, 20], "inner": 20}),
                json!(null)
            ),
        ]
    );
    // The recomputed Parameters read the same scope.
    let i2 = inspect_entry(
        &definition,
        Some(&tree),
        &execution.history,
        "I2",
        None,
        &config,
    )
    .unwrap();
    let params = i2.flow.steps.iter().find(|s| s.step == "afterParameters");
    assert_eq!(params.unwrap().value, json!({"inner": 20, "x": 1}));

    // After the Map: its Assign, and nothing the iterations assigned.
    assert_eq!(
        scopes("P"),
        [(None, after_map.clone(), json!({"p": "done"}))]
    );
    // Branches: the first branch's B2 sees B1's b; the second branch does not.
    assert_eq!(
        scopes("B2"),
        [(
            None,
            json!({"x": 2, "items": [10, 20], "m": "after", "b": "one"}),
            json!(null)
        )]
    );
    assert_eq!(scopes("C1"), [(None, after_map, json!(null))]);
    // After the Parallel: its own Assign, nothing from the branches.
    assert_eq!(
        scopes("Z"),
        [(
            None,
            json!({"x": 2, "items": [10, 20], "m": "after", "p": "done"}),
            json!(null)
        )]
    );
}

/// A Map with a Task in each iteration, run twice by a loop: every iteration sees only the
/// outer scope and its own assignments, and the second pass sees what the first pass's Map
/// assigned on its exit.
#[test]
fn iterations_in_a_loop_keep_their_scopes() {
    let definition = asl::load(
        r#"{"StartAt":"Count","States":{
        "Count":{"Type":"Pass","Assign":{"round":1},"Next":"M"},
        "M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Name","States":{
            "Name":{"Type":"Pass","Assign":{"mine.$":"$.who"},"Next":"Call"},
            "Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","Next":"Seen"},
            "Seen":{"Type":"Pass","End":true}}},
          "ResultPath":null,"Assign":{"round.$":"States.MathAdd($round, 1)"},"Next":"Again"},
        "Again":{"Type":"Choice","Choices":[{"Variable":"$round","NumericLessThan":3,"Next":"M"}],"Default":"Done"},
        "Done":{"Type":"Succeed"}}}"#,
    )
    .unwrap();
    let config = asl::ExecutionConfig::new("Loop", "run");
    let input = json!([{"who": "bob"}, {"who": "meg"}, {"who": "joe"}]);
    let (execution, tree) = run(&definition, input, &config);
    assert_eq!(execution.status, asl::Status::Succeeded, "{execution:?}");
    let seen = scopes(&definition, &execution, &tree, "Seen", &config);
    let expected: Vec<_> = [1, 2]
        .into_iter()
        .flat_map(|round| {
            ["bob", "meg", "joe"]
                .into_iter()
                .enumerate()
                .map(move |(k, who)| {
                    (
                        Some(k as u64),
                        json!({"round": round, "mine": who}),
                        json!(null),
                    )
                })
        })
        .collect();
    assert_eq!(seen, expected);
    // The Choice after each pass sees the Map's Assign, and no iteration's `mine`.
    let again = scopes(&definition, &execution, &tree, "Again", &config);
    let rounds: Vec<_> = again.iter().map(|(_, scope, _)| scope.clone()).collect();
    assert_eq!(rounds, [json!({"round": 2}), json!({"round": 3})]);
}

/// The inspector's context object is the interpreter's: an EXPRESS execution has no
/// `$$.Execution.RedriveCount` (it cannot be redriven), a STANDARD one has 0, and what the
/// inspector recomputes is what the execution itself saw.
#[test]
fn the_context_object_is_the_interpreters_for_express_and_standard() {
    let definition = asl::load(
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"execution.$":"$$.Execution","state.$":"$$.State.Name"},"End":true}}}"#,
    )
    .unwrap();
    for machine_type in [asl::MachineType::Express, asl::MachineType::Standard] {
        let mut config = asl::ExecutionConfig::new("M", "run-1");
        config.machine_type = machine_type;
        let (execution, tree) = run(&definition, json!({"a": 1}), &config);
        assert_eq!(execution.status, asl::Status::Succeeded, "{execution:?}");
        let p = inspect(&definition, Some(&tree), "P", &config).unwrap();
        let seen = step_of(&p, "afterParameters");
        assert_eq!(Some(&seen), execution.output.as_ref(), "{machine_type:?}");
        assert_eq!(seen["state"], "P");
        assert_eq!(seen["execution"]["Input"], json!({"a": 1}));
        assert_eq!(seen["execution"]["Id"], config.execution_arn());
        let redrive = seen["execution"].get("RedriveCount");
        match machine_type {
            asl::MachineType::Express => assert_eq!(redrive, None),
            asl::MachineType::Standard => assert_eq!(redrive, Some(&json!(0))),
        }
    }
}
