//! The examples menu: small machines that each teach one thing, embedded from
//! `static/examples/` (the AWS tutorial is the first, and the first-load default).

use asl::host::faults::{FaultKind, FunctionFaults};

use crate::state::{self, Function, TestEvent, Workspace};

/// One example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable id (the menu's option value).
    pub id: &'static str,
    /// The menu's label.
    pub title: &'static str,
    /// The state machine's name.
    pub machine_name: &'static str,
    /// The function's name (the Task states' ARNs name it).
    pub function_name: &'static str,
    /// The definition.
    pub definition: &'static str,
    /// The handler.
    pub function_code: &'static str,
    /// The execution input.
    pub input: &'static str,
    /// The function's test event (saved under the function's name).
    pub test_event: &'static str,
    /// Faults injected into the function's invocations, for an example about Retry: this
    /// error for the next N invocations of each execution.
    pub faults: Option<(FaultKind, u32)>,
    /// The workspace's other state machines (for an example of nested executions).
    pub machines: &'static [OtherMachine],
}

/// Another state machine of an example's workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtherMachine {
    /// Its name.
    pub name: &'static str,
    /// Its definition.
    pub definition: &'static str,
    /// Its execution input.
    pub input: &'static str,
}

impl Example {
    /// The example as a workspace.
    pub fn workspace(&self) -> Workspace {
        let mut function = Function::new(self.function_name, self.function_code)
            .with_test_events(vec![TestEvent::new(self.function_name, self.test_event)]);
        function.faults = self.faults.map(|(error, n)| FunctionFaults::next(error, n));
        let mut w = Workspace::new(
            self.machine_name,
            self.definition,
            vec![function],
            self.input,
        );
        w.machines = self
            .machines
            .iter()
            .map(|m| state::MachineDraft {
                name: m.name.into(),
                machine_type: state::MachineType::Standard,
                definition: m.definition.into(),
                input: m.input.into(),
            })
            .collect();
        w
    }
}

/// An example from `static/examples/<id>.{asl.json,js,input.json}`.
macro_rules! example {
    ($id:literal, $title:literal, $machine:literal, $function:literal, $test_event:literal) => {
        Example {
            id: $id,
            title: $title,
            machine_name: $machine,
            function_name: $function,
            definition: include_str!(concat!("../static/examples/", $id, ".asl.json")),
            function_code: include_str!(concat!("../static/examples/", $id, ".js")),
            input: include_str!(concat!("../static/examples/", $id, ".input.json")),
            test_event: $test_event,
            faults: None,
            machines: &[],
        }
    };
}

/// All examples, in menu order.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "map-lambda",
        title: "Map state calling Lambda (AWS tutorial)",
        machine_name: state::EXAMPLE_MACHINE_NAME,
        function_name: state::EXAMPLE_FUNCTION_NAME,
        definition: state::EXAMPLE_DEFINITION,
        function_code: state::EXAMPLE_FUNCTION,
        input: state::EXAMPLE_INPUT,
        test_event: state::EXAMPLE_TEST_EVENT,
        faults: None,
        machines: &[],
    },
    example!(
        "map-lambda-jsonata",
        "Map calling Lambda in JSONata, with a variable",
        "HelloJSONata",
        "HelloFunction",
        r#"{ "who": "AWS Step Functions" }"#
    ),
    example!(
        "retry-catch",
        "Retry and Catch a failing Lambda",
        "RetryCatch",
        "ChargeCard",
        r#"{ "orderId": "A-1001", "amount": 42.5, "busyFor": 1, "retryCount": 0 }"#
    ),
    Example {
        faults: Some((FaultKind::ServiceException, 2)),
        ..example!(
            "lambda-service-errors",
            "Retry Lambda service errors (injected faults)",
            "LambdaServiceErrors",
            "GetQuote",
            r#"{ "symbol": "AMZN" }"#
        )
    },
    example!(
        "choice-wait",
        "Choice and Wait (virtual time)",
        "ChoiceWait",
        "Approve",
        r#"{ "amount": 1500 }"#
    ),
    example!(
        "order-pipeline",
        "Order: Choice, Parallel, Map, Retry and Catch",
        "OrderPipeline",
        "Orders",
        r#"{ "step": "pack", "item": "book" }"#
    ),
    example!(
        "parallel",
        "Parallel branches",
        "ParallelLookUp",
        "LookUp",
        r#"{ "kind": "weather", "city": "Dublin" }"#
    ),
    example!(
        "human-approval",
        "Human approval: wait for a task token",
        "HumanApproval",
        "RequestApproval",
        r#"{ "order": "A-7", "amount": 250, "taskToken": "a token from a real execution" }"#
    ),
    Example {
        machines: &[OtherMachine {
            name: "ShipOrder",
            definition: include_str!("../static/examples/nested-workflow.ShipOrder.asl.json"),
            input: include_str!("../static/examples/nested-workflow.ShipOrder.input.json"),
        }],
        ..example!(
            "nested-workflow",
            "Nested workflow: start another state machine (.sync:2)",
            "PlaceOrder",
            "ChargeCard",
            r#"{ "order": "A-7", "amount": 42.5 }"#
        )
    },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}
