//! What a loaded definition answers from its model: every state at any depth, the Lambda
//! functions it calls, and its Map states.

use serde_json::Value;

use super::model::{Map, State, StateKind, StateMachine};
use super::resource::Resource;
use super::Definition;

impl StateMachine {
    /// Every state at any depth, depth first in definition order: each state, then the
    /// states of its Map item processor or of its Parallel branches.
    pub fn all_states(&self) -> Vec<&State> {
        fn walk<'a>(machine: &'a StateMachine, out: &mut Vec<&'a State>) {
            for state in &machine.states {
                out.push(state);
                for inner in state.sub_machines() {
                    walk(inner, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }

    /// The first state named `name` at any depth (in the order of [`StateMachine::all_states`]).
    pub fn find_state(&self, name: &str) -> Option<&State> {
        self.states.iter().find_map(|s| {
            if s.name == name {
                return Some(s);
            }
            s.sub_machines().find_map(|m| m.find_state(name))
        })
    }
}

impl State {
    /// The machines inside this state: a Map's item processor, a Parallel's branches.
    pub fn sub_machines(&self) -> impl Iterator<Item = &StateMachine> {
        let (processor, branches) = match &self.kind {
            StateKind::Map(m) => (Some(&m.processor), &[][..]),
            StateKind::Parallel(p) => (None, &p.branches[..]),
            _ => (None, &[][..]),
        };
        processor.into_iter().chain(branches)
    }

    /// The Lambda function a Task state calls, by name: a function ARN as its `Resource`
    /// (`arn:aws:lambda:…:function:NAME[:QUALIFIER]`), or the `lambda:invoke` integration
    /// (with any integration pattern suffix) given a literal `FunctionName` in `Parameters` or
    /// `Arguments` (a name, a name with a qualifier, a partial or a full ARN). `None` for
    /// other states and resources, and for a `FunctionName` only known at run time.
    pub fn called_function(&self) -> Option<String> {
        let StateKind::Task(task) = &self.kind else {
            return None;
        };
        match Resource::classify(&task.resource) {
            Resource::LambdaFunction(arn) => Some(arn.name),
            Resource::LambdaInvoke
            | Resource::Integration {
                service: "lambda",
                action: "invoke",
                ..
            } => {
                let arguments = match self.arguments() {
                    Some(crate::query::JsonataTemplate::Literal(v)) => Some(v),
                    Some(crate::query::JsonataTemplate::Object(m)) => m
                        .iter()
                        .find(|(k, _)| k == "FunctionName")
                        .and_then(|(_, t)| match t {
                            crate::query::JsonataTemplate::Literal(v) => Some(v),
                            _ => None,
                        }),
                    _ => None,
                };
                let from_arguments = arguments.and_then(|v| {
                    v.as_str()
                        .map_or_else(|| v.get("FunctionName"), |_| Some(v))
                });
                [
                    self.parameters.as_ref().and_then(|t| t.get("FunctionName")),
                    from_arguments,
                ]
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .find_map(crate::arn::function_name)
                .map(str::to_string)
            }
            _ => None,
        }
    }
}

impl Definition {
    /// The Lambda functions the definition calls, by name, in order of first use (see
    /// [`State::called_function`]).
    pub fn called_functions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in self
            .machine
            .all_states()
            .into_iter()
            .filter_map(State::called_function)
        {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// The resources whose mocks the definition's Task states call, by mock key
    /// ([`super::mock_key`]: `arn:aws:states:::dynamodb:putItem`), in order of first use:
    /// every service integration but Lambda's.
    pub fn mocked_resources(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for state in self.machine.all_states() {
            let StateKind::Task(task) = &state.kind else {
                continue;
            };
            let Resource::Integration { service, .. } = Resource::classify(&task.resource) else {
                continue;
            };
            let key = super::mock_key(&task.resource);
            if service != "lambda" && !out.iter().any(|k| k == key) {
                out.push(key.to_string());
            }
        }
        out
    }

    /// The Map states at any depth, in definition order, with their own fields (the item
    /// processor among them).
    pub fn map_states(&self) -> Vec<(&State, &Map)> {
        self.machine
            .all_states()
            .into_iter()
            .filter_map(|s| match &s.kind {
                StateKind::Map(m) => Some((s, &**m)),
                _ => None,
            })
            .collect()
    }

    /// The diagram of the machine (see [`crate::graph::layout`]).
    pub fn graph(&self) -> crate::graph::Layout {
        crate::graph::layout(&self.machine)
    }
}

#[cfg(test)]
mod tests {
    use crate::load;

    #[test]
    fn functions_a_definition_calls_in_order_of_first_use() {
        let d = load(r#"{"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:First:prod", "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "Second:$LATEST", "Payload.$": "$"}, "Next": "C"},
            "C": {"Type": "Parallel", "Branches": [{"StartAt": "D", "States": {
                "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Third"}, "End": true}}}],
                  "Next": "E"},
            "E": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:First", "Next": "F"},
            "F": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName.$": "$.fn"}, "Next": "G"},
            "G": {"Type": "Map", "ItemProcessor": {"StartAt": "H", "States": {
                "H": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters": {"FunctionName": "123456789012:function:Fourth", "Payload": {"t.$": "$$.Task.Token"}}, "End": true}}}, "Next": "I"},
            "I": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"FunctionName": "NotAFunction"}, "End": true}
        }}"#)
        .expect("loads");
        assert_eq!(d.called_functions(), ["First", "Second", "Third", "Fourth"]);
        // Lambda's integration is no mock; sqs:sendMessage is.
        assert_eq!(d.mocked_resources(), ["arn:aws:states:::sqs:sendMessage"]);
    }

    #[test]
    fn mocks_are_listed_once_without_their_pattern() {
        let d = load(r#"{"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken", "Parameters": {"t.$": "$$.Task.Token"}, "Next": "B"},
            "B": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Next": "C"},
            "C": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "D"},
            "D": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "End": true}
        }}"#)
        .expect("loads");
        assert_eq!(
            d.mocked_resources(),
            [
                "arn:aws:states:::sns:publish",
                "arn:aws:states:::aws-sdk:s3:getObject"
            ]
        );
    }

    #[test]
    fn jsonata_arguments_name_a_function_too() {
        let d = load(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "Fifth", "Payload": "{% $states.input %}"}, "End": true}
        }}"#)
        .expect("loads, with warnings");
        assert_eq!(d.called_functions(), ["Fifth"]);
    }

    #[test]
    fn map_states_at_any_depth_with_their_processor() {
        let d = load(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
            {"StartAt": "M", "States": {"M": {"Type": "Map", "Iterator": {"StartAt": "C", "States": {
                "C": {"Type": "Pass", "Next": "N"},
                "N": {"Type": "Map", "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}, "End": true}}},
            "End": true}}}
        ], "End": true}}}"#,
        )
        .expect("loads");
        let maps: Vec<(&str, &str)> = d
            .map_states()
            .iter()
            .map(|(s, m)| (s.name.as_str(), m.processor.start_at.as_str()))
            .collect();
        assert_eq!(maps, [("M", "C"), ("N", "X")]);
        assert_eq!(
            d.machine.find_state("X").map(|s| s.pointer.as_str()),
            Some("/States/P/Branches/0/States/M/Iterator/States/N/ItemProcessor/States/X")
        );
        let names: Vec<&str> = d
            .machine
            .all_states()
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["P", "M", "C", "N", "X"]);
        assert!(d.machine.find_state("Y").is_none());
    }
}
