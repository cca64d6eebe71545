//! Task `Resource` ARNs of AWS's optimized service integrations
//! (`arn:aws:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`): an action AWS does
//! not offer for a service it integrates is rejected at creation, as AWS does
//! (`arn:aws:states:::dynamodb:query` is "not recognized": DynamoDB's query goes through
//! `arn:aws:states:::aws-sdk:dynamodb:query`). Services not listed here are left alone.

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
    let rest = resource
        .strip_prefix("arn:")?
        .split_once(':')
        .and_then(|(_partition, r)| r.strip_prefix("states:::"))?;
    let (service, action) = rest.split_once(':')?;
    let (_, actions) = INTEGRATIONS.iter().find(|(s, _)| *s == service)?;
    let action = action
        .strip_suffix(".waitForTaskToken")
        .or_else(|| action.strip_suffix(".sync:2"))
        .or_else(|| action.strip_suffix(".sync"))
        .unwrap_or(action);
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
}
