//! A Distributed Map's `ResultWriter`: once its child executions have run, their results go
//! to the playground's S3 as AWS lays them out — under `PREFIX/MAP_RUN_ID/`, a
//! `manifest.json` and `SUCCEEDED_0.json` / `FAILED_0.json` (a JSON array, or JSON Lines) —
//! and the state's result is where they are (`{"MapRunArn", "ResultWriterDetails": {"Bucket",
//! "Key"}}`). `WriterConfig.Transformation` keeps whole execution records (`NONE`), only the
//! outputs (`COMPACT`), or the outputs with arrays spread (`FLATTEN`); without a `Resource`
//! the transformed results are the state's result.

use serde_json::{json, Map, Value};

use super::item_reader::TURN_ITEMS;
use super::machine::StateVisit;
use super::map_run::Child;
use super::Run;
use crate::definition::{ResultWriter, Template, Transformation};
use crate::errors::RuntimeError;
use crate::history::{json_text, time};
use crate::payload;

/// The error of a `ResultWriter` that could not write.
pub const RESULT_WRITER_FAILED: &str = "States.ResultWriterFailed";

impl Run<'_> {
    /// Writes (or transforms) the children's results; the state's result.
    pub(super) async fn write_results(
        &self,
        visit: &StateVisit<'_>,
        writer: &ResultWriter,
        map_run_arn: &str,
        run_id: &str,
        children: &[Child],
    ) -> Result<Value, RuntimeError> {
        let mut records: Vec<(bool, Value)> = Vec::with_capacity(children.len());
        for (k, c) in children.iter().enumerate() {
            if k % TURN_ITEMS == TURN_ITEMS - 1 {
                self.take_turn().await;
            }
            records.push((
                c.result.is_ok(),
                self.child_record(c, writer.transformation),
            ));
        }
        let Some(template) = &writer.parameters else {
            // Transformed only: the results stay the state's result.
            return Ok(Value::Array(flatten(records, writer.transformation)));
        };
        let parameters = match template {
            Template::JsonPath(t) => {
                payload::evaluate_with(t, visit.input, &visit.context, self.host.rng)?
            }
            Template::Jsonata(t) => t.evaluate("ResultWriter/Arguments", &self.scope(visit))?,
        };
        let Some(bucket) = parameters.get("Bucket").and_then(Value::as_str) else {
            return Err(RuntimeError::new(
                RESULT_WRITER_FAILED,
                "The ResultWriter's Parameters must name a 'Bucket'",
            ));
        };
        let Some(store) = self.host.objects else {
            return Err(RuntimeError::new(
                RESULT_WRITER_FAILED,
                format!("The specified bucket does not exist: {bucket} (Service: S3, Status Code: 404, Error Code: NoSuchBucket)"),
            ));
        };
        let prefix = parameters
            .get("Prefix")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim_end_matches('/');
        let folder = if prefix.is_empty() {
            run_id.to_string()
        } else {
            format!("{prefix}/{run_id}")
        };
        let (succeeded, failed): (Vec<_>, Vec<_>) = records.into_iter().partition(|(ok, _)| *ok);
        let mut files = Map::new();
        for (status, list) in [("SUCCEEDED", succeeded), ("FAILED", failed)] {
            let mut entries = Vec::new();
            if !list.is_empty() {
                let values = flatten(list, writer.transformation);
                let body = self.file_body(&values, writer.json_lines).await;
                let key = format!("{folder}/{status}_0.json");
                entries.push(json!({"Key": key, "Size": body.len()}));
                store.put(bucket, &key, body.into_bytes());
            }
            files.insert(status.into(), Value::Array(entries));
        }
        files.insert("PENDING".into(), json!([]));
        let manifest = json!({
            "DestinationBucket": bucket,
            "MapRunArn": map_run_arn,
            "ResultFiles": files,
        });
        let manifest_key = format!("{folder}/manifest.json");
        store.put(bucket, &manifest_key, json_text(&manifest).into_bytes());
        Ok(json!({
            "MapRunArn": map_run_arn,
            "ResultWriterDetails": {"Bucket": bucket, "Key": manifest_key},
        }))
    }

    /// A result file's text: the values as one JSON array, or one JSON text per line.
    async fn file_body(&self, values: &[Value], json_lines: bool) -> String {
        let mut body = String::from(if json_lines { "" } else { "[" });
        for (k, v) in values.iter().enumerate() {
            if k % TURN_ITEMS == TURN_ITEMS - 1 {
                self.take_turn().await;
            }
            if k > 0 && !json_lines {
                body.push(',');
            }
            body.push_str(&json_text(v));
            if json_lines {
                body.push('\n');
            }
        }
        if !json_lines {
            body.push(']');
        }
        body
    }

    /// What the result files keep of one child execution.
    fn child_record(&self, child: &Child, transformation: Transformation) -> Value {
        if transformation != Transformation::None {
            return match &child.result {
                Ok(v) => v.clone(),
                Err(e) => json!({"Error": e.error, "Cause": e.cause}),
            };
        }
        let mut m = Map::new();
        m.insert("ExecutionArn".into(), child.arn.clone().into());
        if let Some(input) = &child.input {
            m.insert("Input".into(), json_text(input).into());
            m.insert("InputDetails".into(), json!({"Included": true}));
        }
        m.insert("Name".into(), child.name.clone().into());
        match &child.result {
            Ok(v) => {
                m.insert("Output".into(), json_text(v).into());
                m.insert("OutputDetails".into(), json!({"Included": true}));
                m.insert("Status".into(), "SUCCEEDED".into());
            }
            Err(e) => {
                m.insert("Error".into(), e.error.clone().into());
                m.insert("Cause".into(), e.cause.clone().into());
                m.insert("Status".into(), "FAILED".into());
            }
        }
        m.insert("StartDate".into(), time::iso8601(child.start_ms).into());
        m.insert("StopDate".into(), time::iso8601(child.stop_ms).into());
        m.insert("StateMachineArn".into(), child.machine_arn.clone().into());
        Value::Object(m)
    }
}

/// The records of one file: as they are, or (`FLATTEN`) an array output spread into the list.
fn flatten(records: Vec<(bool, Value)>, transformation: Transformation) -> Vec<Value> {
    let mut out = Vec::with_capacity(records.len());
    for (_, v) in records {
        match (transformation, v) {
            (Transformation::Flatten, Value::Array(items)) => out.extend(items),
            (_, v) => out.push(v),
        }
    }
    out
}
