//! What a Task's `Resource` names ([`Resource::classify`]): a Lambda function, Lambda's
//! optimized `lambda:invoke` integration, another service integration
//! (`arn:aws:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`, `aws-sdk:…`), an
//! activity, or something else; and which of those the playground runs.
//!
//! An action AWS does not offer for a service it integrates is rejected at creation, as AWS
//! does ([`unrecognized`]: `arn:aws:states:::dynamodb:query` is "not recognized": DynamoDB's
//! query goes through `arn:aws:states:::aws-sdk:dynamodb:query`). Services not listed here
//! are left alone.

use crate::arn::FunctionArn;

/// The resource ARN of Lambda's optimized integration (request-response).
pub const LAMBDA_INVOKE: &str = "arn:aws:states:::lambda:invoke";

/// What a Task's `Resource` names.
#[derive(Debug, Clone, PartialEq)]
pub enum Resource<'a> {
    /// A Lambda function ARN: the handler's value is the Task's result, as is.
    LambdaFunction(FunctionArn),
    /// `arn:aws:states:::lambda:invoke`: `Parameters.FunctionName` and `Payload`, the result
    /// wrapped in the Invoke API's response.
    LambdaInvoke,
    /// Another service integration (`arn:aws:states:::SERVICE:ACTION`, with a pattern
    /// suffix or not; `aws-sdk:SERVICE:ACTION` has service `aws-sdk`), including
    /// `lambda:invoke` with `.waitForTaskToken`.
    Integration {
        /// The service (`dynamodb`, `aws-sdk`, `lambda`).
        service: &'a str,
        /// The action, without the pattern's suffix (`putItem`, `dynamodb:query`).
        action: &'a str,
        /// How the Task waits for it.
        pattern: Pattern,
    },
    /// An activity: `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    Activity,
    /// Anything else.
    Other,
}

/// How a Task waits for a service integration: AWS's integration patterns, named by the
/// resource's suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// No suffix: the Task ends when the service answers the call.
    RequestResponse,
    /// `.sync` or `.sync:2`: the Task waits for the job to complete.
    Sync,
    /// `.waitForTaskToken`: the Task waits for a callback with its task token.
    WaitForTaskToken,
}

impl Pattern {
    /// The pattern a resource's suffix asks for (any resource text).
    pub fn of(resource: &str) -> Pattern {
        if resource.ends_with(".waitForTaskToken") {
            Pattern::WaitForTaskToken
        } else if resource.ends_with(".sync") || resource.ends_with(".sync:2") {
            Pattern::Sync
        } else {
            Pattern::RequestResponse
        }
    }
}

impl<'a> Resource<'a> {
    /// What `resource` names.
    pub fn classify(resource: &'a str) -> Self {
        if resource == LAMBDA_INVOKE {
            return Resource::LambdaInvoke;
        }
        if let Some(f) = FunctionArn::parse(resource) {
            return Resource::LambdaFunction(f);
        }
        let Some((partition, rest)) = resource
            .strip_prefix("arn:")
            .and_then(|r| r.split_once(':'))
        else {
            return Resource::Other;
        };
        if let Some(integration) = rest.strip_prefix("states:::") {
            let Some((service, action)) = integration.split_once(':') else {
                return Resource::Other;
            };
            if (service, action) == ("lambda", "invoke") && partition.starts_with("aws") {
                return Resource::LambdaInvoke;
            }
            return Resource::Integration {
                service,
                action: without_pattern(action),
                pattern: Pattern::of(action),
            };
        }
        let parts: Vec<&str> = rest.split(':').collect();
        match parts.as_slice() {
            ["states", _region, _account, "activity", name] if !name.is_empty() => {
                Resource::Activity
            }
            _ => Resource::Other,
        }
    }

    /// Whether a mock (or worker) written by the user stands for it: a service integration
    /// other than Lambda's, or an activity.
    pub fn is_mocked(&self) -> bool {
        match self {
            Resource::Integration { service, .. } => *service != "lambda",
            Resource::Activity => true,
            _ => false,
        }
    }

    /// Whether the playground runs it: Lambda (a function ARN, `lambda:invoke` with any
    /// pattern), any other service integration (through the mock written for it) and
    /// activities; not a resource of another kind.
    pub fn runs_here(&self) -> bool {
        !matches!(self, Resource::Other)
    }
}

/// The key a service integration's mock is found by (in the workspace's functions, the
/// CLI's handlers file): the resource without its pattern suffix
/// (`arn:aws:states:::sqs:sendMessage.waitForTaskToken` → `…:sqs:sendMessage`).
pub fn mock_key(resource: &str) -> &str {
    without_pattern(resource)
}

/// `text` without an integration pattern's suffix (`.waitForTaskToken`, `.sync:2`, `.sync`).
fn without_pattern(text: &str) -> &str {
    text.strip_suffix(".waitForTaskToken")
        .or_else(|| text.strip_suffix(".sync:2"))
        .or_else(|| text.strip_suffix(".sync"))
        .unwrap_or(text)
}

/// The optimized integrations: service and its actions.
const INTEGRATIONS: &[(&str, &[&str])] = &[
    ("lambda", &["invoke"]),
    (
        "dynamodb",
        &["getItem", "putItem", "deleteItem", "updateItem"],
    ),
    ("sns", &["publish"]),
    ("sqs", &["sendMessage"]),
    ("states", &["startExecution"]),
    ("batch", &["submitJob"]),
    ("ecs", &["runTask"]),
    ("glue", &["startJobRun"]),
    ("databrew", &["startJobRun"]),
    (
        "athena",
        &[
            "startQueryExecution",
            "stopQueryExecution",
            "getQueryExecution",
            "getQueryResults",
        ],
    ),
    ("events", &["putEvents"]),
    ("apigateway", &["invoke"]),
    ("http", &["invoke"]),
    ("mediaconvert", &["createJob"]),
    ("bedrock", &["invokeModel", "createModelCustomizationJob"]),
    (
        "eks",
        &[
            "createCluster",
            "deleteCluster",
            "createFargateProfile",
            "deleteFargateProfile",
            "createNodegroup",
            "deleteNodegroup",
            "runJob",
            "call",
        ],
    ),
    (
        "elasticmapreduce",
        &[
            "createCluster",
            "terminateCluster",
            "addStep",
            "cancelStep",
            "setClusterTerminationProtection",
            "modifyInstanceFleetByName",
            "modifyInstanceGroupByName",
        ],
    ),
    (
        "emr-containers",
        &[
            "startJobRun",
            "createVirtualCluster",
            "deleteVirtualCluster",
        ],
    ),
    (
        "emr-serverless",
        &[
            "createApplication",
            "startApplication",
            "stopApplication",
            "deleteApplication",
            "startJobRun",
            "cancelJobRun",
        ],
    ),
    (
        "sagemaker",
        &[
            "createEndpoint",
            "createEndpointConfig",
            "createHyperParameterTuningJob",
            "createLabelingJob",
            "createModel",
            "createProcessingJob",
            "createTrainingJob",
            "createTransformJob",
            "updateEndpoint",
        ],
    ),
    (
        "codebuild",
        &[
            "startBuild",
            "stopBuild",
            "batchDeleteBuilds",
            "batchGetReports",
            "startBuildBatch",
            "stopBuildBatch",
            "retryBuildBatch",
            "deleteBuildBatch",
        ],
    ),
];

/// AWS's message when `resource` names an action an optimized integration does not have;
/// `None` for anything else (Lambda function ARNs, `aws-sdk:`, activities, valid actions,
/// services not listed).
pub fn unrecognized(resource: &str) -> Option<String> {
    let Resource::Integration {
        service, action, ..
    } = Resource::classify(resource)
    else {
        return None;
    };
    let (_, actions) = INTEGRATIONS.iter().find(|(s, _)| *s == service)?;
    if actions.contains(&action) {
        return None;
    }
    Some(format!("The resource provided {resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_aws_integrations() {
        for (resource, ok) in [
            ("arn:aws:states:::dynamodb:query", false),
            ("arn:aws:states:::dynamodb:getItem", true),
            ("arn:aws:states:::lambda:invoke", true),
            ("arn:aws:states:::lambda:invoke.waitForTaskToken", true),
            ("arn:aws:states:::lambda:invokeAsync", false),
            ("arn:aws:states:::states:startExecution.sync:2", true),
            ("arn:aws:states:::aws-sdk:dynamodb:query", true),
            ("arn:aws:states:::somethingnew:doIt", true),
            ("arn:aws:lambda:us-east-1:123456789012:function:f", true),
            ("arn:aws-cn:states:::sqs:receiveMessage", false),
        ] {
            assert_eq!(unrecognized(resource).is_none(), ok, "{resource}");
        }
    }

    #[test]
    fn classifies_resources() {
        let f = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:prod";
        match Resource::classify(f) {
            Resource::LambdaFunction(f) => assert_eq!(
                (f.name.as_str(), f.qualifier.as_deref()),
                ("HelloFunction", Some("prod"))
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(Resource::classify(LAMBDA_INVOKE), Resource::LambdaInvoke);
        assert_eq!(
            Resource::classify("arn:aws-cn:states:::lambda:invoke"),
            Resource::LambdaInvoke
        );
        assert_eq!(
            Resource::classify("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            Resource::Integration {
                service: "lambda",
                action: "invoke",
                pattern: Pattern::WaitForTaskToken
            }
        );
        assert_eq!(
            Resource::classify("arn:aws:states:::states:startExecution.sync:2"),
            Resource::Integration {
                service: "states",
                action: "startExecution",
                pattern: Pattern::Sync
            }
        );
        assert_eq!(
            Resource::classify("arn:aws:states:::aws-sdk:dynamodb:query"),
            Resource::Integration {
                service: "aws-sdk",
                action: "dynamodb:query",
                pattern: Pattern::RequestResponse
            }
        );
        assert_eq!(
            Resource::classify("arn:aws:states:us-east-1:123456789012:activity:Review"),
            Resource::Activity
        );
        for other in [
            "arn:aws:lambda:us-east-1:1:layer:x",
            "arn:aws:s3:::bucket",
            "HelloFunction",
            "",
        ] {
            assert_eq!(Resource::classify(other), Resource::Other, "{other}");
        }
        assert!(Resource::classify(f).runs_here());
        assert!(Resource::classify(LAMBDA_INVOKE).runs_here());
        assert!(Resource::classify("arn:aws:states:::sqs:sendMessage").runs_here());
        assert!(Resource::classify("arn:aws:states:::lambda:invoke.waitForTaskToken").runs_here());
        assert!(!Resource::classify("arn:aws:s3:::bucket").runs_here());
        for (resource, mocked) in [
            ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", true),
            ("arn:aws:states:::aws-sdk:s3:getObject", true),
            (
                "arn:aws:states:us-east-1:123456789012:activity:Review",
                true,
            ),
            ("arn:aws:states:::lambda:invoke.waitForTaskToken", false),
            (LAMBDA_INVOKE, false),
            (f, false),
        ] {
            assert_eq!(
                Resource::classify(resource).is_mocked(),
                mocked,
                "{resource}"
            );
        }
    }

    #[test]
    fn mocks_are_keyed_without_the_pattern() {
        assert_eq!(
            mock_key("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            "arn:aws:states:::sqs:sendMessage"
        );
        assert_eq!(
            mock_key("arn:aws:states:::states:startExecution.sync:2"),
            "arn:aws:states:::states:startExecution"
        );
        assert_eq!(
            mock_key("arn:aws:states:::http:invoke"),
            "arn:aws:states:::http:invoke"
        );
    }

    #[test]
    fn patterns_follow_the_suffix() {
        for (resource, pattern) in [
            ("arn:aws:states:::sqs:sendMessage", Pattern::RequestResponse),
            (
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                Pattern::WaitForTaskToken,
            ),
            ("arn:aws:states:::batch:submitJob.sync", Pattern::Sync),
            (
                "arn:aws:states:::states:startExecution.sync:2",
                Pattern::Sync,
            ),
        ] {
            assert_eq!(Pattern::of(resource), pattern, "{resource}");
        }
    }
}
