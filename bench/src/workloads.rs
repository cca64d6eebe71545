//! The benchmark's workloads: a definition, an input and optional Lambda handlers each.

use serde_json::{json, Map, Value};

/// The tutorial's `HelloFunction` (DESIGN §1), as Node.js source.
pub const HELLO_SOURCE: &str =
    "exports.handler = (event, context, callback) => { callback(null, \"Hello, \" + event.who + \"!\"); };";

/// The tutorial's function ARN.
pub const HELLO_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction";

/// One workload at one size.
pub struct Workload {
    /// Short id: `a`, `b`, `c`, `d` plus the size (`a-10000`).
    pub id: String,
    /// What it does, for the table.
    pub title: String,
    /// The state machine definition.
    pub definition: Value,
    /// The execution input.
    pub input: Value,
    /// `{"<ARN>": "<source>"}` when the machine calls Lambda functions.
    pub handlers: Option<Value>,
    /// How many history events AWS (and asl) record for it: above 25,000 a STANDARD
    /// execution fails with the history limit.
    pub events: usize,
    /// Run by asl as an EXPRESS machine (`aslplay run --type EXPRESS`: no history limit).
    pub express: bool,
}

impl Workload {
    /// The same workload, run by asl as an EXPRESS machine.
    pub fn express(self) -> Self {
        Workload {
            id: format!("{}-express", self.id),
            title: format!("{}, EXPRESS", self.title),
            express: true,
            ..self
        }
    }
}

/// (a) A chain of `n` Pass states.
pub fn pass_chain(n: usize) -> Workload {
    let mut states = Map::new();
    for i in 0..n {
        let mut s = json!({"Type": "Pass"});
        if i + 1 == n {
            s["End"] = json!(true);
        } else {
            s["Next"] = json!(format!("P{}", i + 1));
        }
        states.insert(format!("P{i}"), s);
    }
    Workload {
        id: format!("a-{n}"),
        title: format!("(a) chain of {n} Pass states"),
        definition: json!({"StartAt": "P0", "States": states}),
        input: json!({}),
        handlers: None,
        // ExecutionStarted, Entered+Exited per state, ExecutionSucceeded.
        events: 2 * n + 2,
        express: false,
    }
}

/// (b) A Choice loop counting to `n` with `States.MathAdd`.
pub fn choice_loop(n: usize) -> Workload {
    Workload {
        id: format!("b-{n}"),
        title: format!("(b) Choice loop counting to {n} (States.MathAdd)"),
        definition: json!({"StartAt": "Check", "States": {
            "Check": {"Type": "Choice",
                      "Choices": [{"Variable": "$.i", "NumericLessThan": n, "Next": "Inc"}],
                      "Default": "Done"},
            "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}}}),
        input: json!({"i": 0}),
        handlers: None,
        // Choice and Pass (2 events each) per count, the last Choice, Succeed, start, end.
        events: 4 * n + 6,
        express: false,
    }
}

/// (c) A Map over `n` items of a Pass state with `States.Format`.
pub fn map_format(n: usize) -> Workload {
    Workload {
        id: format!("c-{n}"),
        title: format!("(c) Map over {n} items, Pass with States.Format"),
        definition: json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
            "Iterator": {"StartAt": "F", "States": {"F": {"Type": "Pass",
                "Parameters": {"msg.$": "States.Format('Hello, {}!', $.who)"}, "End": true}}},
            "End": true}}}),
        input: json!({"items": people(n)}),
        handlers: None,
        // MapIterationStarted/Succeeded + Pass Entered/Exited per item; 6 around.
        events: 4 * n + 6,
        express: false,
    }
}

/// (d) The AWS tutorial's Map calling `HelloFunction` over `n` items.
pub fn map_lambda(n: usize) -> Workload {
    Workload {
        id: format!("d-{n}"),
        title: format!("(d) tutorial Map → Lambda HelloFunction, {n} items"),
        definition: json!({"StartAt": "ExampleMapState", "States": {"ExampleMapState": {
            "Type": "Map", "Iterator": {"StartAt": "CallLambda", "States": {"CallLambda": {
                "Type": "Task", "Resource": HELLO_ARN, "End": true}}}, "End": true}}}),
        input: people(n),
        handlers: Some(json!({ HELLO_ARN: HELLO_SOURCE })),
        // Iteration Started/Succeeded, Task Entered/Scheduled/Started/Succeeded/Exited.
        events: 7 * n + 6,
        express: false,
    }
}

fn people(n: usize) -> Value {
    (0..n).map(|i| json!({"who": format!("user{i}")})).collect()
}

/// The largest size whose history stays within AWS's 25,000 events, for `events_per_item`
/// events per item plus `fixed`.
pub fn fitting(events_per_item: usize, fixed: usize) -> usize {
    let n = (asl::history::MAX_EVENTS - fixed) / events_per_item;
    n / 500 * 500
}
