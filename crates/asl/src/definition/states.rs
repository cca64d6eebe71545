//! The fields of Task, Parallel and Map states (the ones that hold resources or
//! sub-machines).

use serde_json::{Map as Object, Value};

use super::build::{Builder, Scope};
use super::model::*;
use crate::diagnostic::DiagnosticCode;
use crate::path::Path;

impl Builder<'_> {
    pub(super) fn task(&mut self, o: &Object<String, Value>, ptr: &str) -> Task {
        let resource = self.opt_string(o, "Resource", ptr);
        if resource.is_none() && !o.contains_key("Resource") {
            self.error(
                DiagnosticCode::MissingField,
                "These fields are required: [Resource]",
                ptr,
            );
        }
        let resource = resource.unwrap_or_default();
        if let Some(message) = super::resource::unrecognized(&resource) {
            self.error(
                DiagnosticCode::InvalidResource,
                message,
                &format!("{ptr}/Resource"),
            );
        } else if !resource.is_empty()
            && !super::resource::Resource::classify(&resource).runs_here()
        {
            self.unsupported(
                format!("The resource '{resource}' is not supported by the playground yet: it names no Lambda function, service integration (arn:aws:states:::SERVICE:ACTION) or activity"),
                &format!("{ptr}/Resource"),
            );
        }
        if let Some(c) = o.get("Credentials") {
            let has_role = c.get("RoleArn").is_some() || c.get("RoleArn.$").is_some();
            if !has_role {
                self.error(
                    DiagnosticCode::MissingField,
                    "The field 'RoleArn' is required but was missing",
                    &format!("{ptr}/Credentials"),
                );
            }
        }
        let credentials = match self.ql {
            QueryLanguage::JsonPath => self.template(o, "Credentials", ptr).map(Template::JsonPath),
            QueryLanguage::JsonAta => self
                .jsonata_template(o, "Credentials", ptr)
                .map(Template::Jsonata),
        };
        let timeout = self.dynamic_u64(o, "TimeoutSeconds", ptr);
        let heartbeat = self.dynamic_u64(o, "HeartbeatSeconds", ptr);
        let literal = |d: &Option<Dynamic<u64>>| match d {
            Some(Dynamic::Literal(n)) => Some(*n),
            _ => None,
        };
        let (timeout_seconds, heartbeat_seconds) = (literal(&timeout), literal(&heartbeat));
        if timeout_seconds == Some(0) {
            self.error(
                DiagnosticCode::InvalidValue,
                "'TimeoutSeconds' must be a positive integer",
                &format!("{ptr}/TimeoutSeconds"),
            );
        }
        if let (Some(h), Some(t)) = (heartbeat_seconds, timeout_seconds) {
            if h >= t {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'",
                    &format!("{ptr}/HeartbeatSeconds"),
                );
            }
        }
        let timeout_seconds_path = self.path_field(o, "TimeoutSecondsPath", ptr).flatten();
        let heartbeat_seconds_path = self.path_field(o, "HeartbeatSecondsPath", ptr).flatten();
        Task {
            resource,
            timeout_seconds: Dynamic::either(timeout, timeout_seconds_path),
            heartbeat_seconds: Dynamic::either(heartbeat, heartbeat_seconds_path),
            credentials,
        }
    }

    pub(super) fn parallel(
        &mut self,
        o: &Object<String, Value>,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<Parallel> {
        let bptr = format!("{ptr}/Branches");
        let mut branches = Vec::new();
        match o.get("Branches") {
            Some(Value::Array(a)) if !a.is_empty() => {
                for (i, b) in a.iter().enumerate() {
                    let p = format!("{bptr}/{i}");
                    match b.as_object() {
                        Some(bo) => branches.extend(self.machine(bo, &p, Scope::Branch, ql)),
                        None => self.error(
                            DiagnosticCode::InvalidType,
                            "A branch must be an object",
                            &p,
                        ),
                    }
                }
            }
            Some(_) => self.error(
                DiagnosticCode::InvalidType,
                "'Branches' must be a non-empty array",
                &bptr,
            ),
            None => self.error(
                DiagnosticCode::MissingField,
                "These fields are required: [Branches]",
                ptr,
            ),
        }
        Some(Parallel { branches })
    }

    pub(super) fn map_state(
        &mut self,
        o: &Object<String, Value>,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<Map> {
        let (key, legacy) = match (o.get("ItemProcessor"), o.get("Iterator")) {
            (Some(_), Some(_)) => {
                self.key_error(
                    DiagnosticCode::InvalidValue,
                    "A Map state cannot have both 'ItemProcessor' and 'Iterator'",
                    &format!("{ptr}/Iterator"),
                );
                ("ItemProcessor", false)
            }
            (Some(_), None) => ("ItemProcessor", false),
            (None, Some(_)) => ("Iterator", true),
            (None, None) => {
                self.error(
                    DiagnosticCode::MissingField,
                    "These fields are required: [ItemProcessor] (or the legacy Iterator)",
                    ptr,
                );
                return None;
            }
        };
        let pptr = format!("{ptr}/{key}");
        let Some(po) = o.get(key).and_then(Value::as_object) else {
            self.error(
                DiagnosticCode::InvalidType,
                format!("'{key}' must be an object"),
                &pptr,
            );
            return None;
        };
        let processor = self.machine(po, &pptr, Scope::Processor, ql)?;
        let mode = po
            .get("ProcessorConfig")
            .and_then(|c| c.get("Mode"))
            .and_then(Value::as_str);
        let distributed = mode == Some("DISTRIBUTED");
        if !distributed {
            for &k in super::schema::DISTRIBUTED_MAP_FIELDS {
                if o.contains_key(k) {
                    self.warning(
                        DiagnosticCode::IgnoredField,
                        format!("'{k}' is only used by a Map in DISTRIBUTED mode (ProcessorConfig.Mode); this Map is INLINE"),
                        &format!("{ptr}/{k}"),
                    );
                }
            }
        }
        let mut run = self.map_run_config(o, ptr);
        if po
            .get("ProcessorConfig")
            .and_then(|c| c.get("ExecutionType"))
            .and_then(Value::as_str)
            == Some("EXPRESS")
        {
            run.child_machine_type = crate::machine_type::MachineType::Express;
        }
        let item_selector = match (o.get("ItemSelector"), o.get("Parameters")) {
            (Some(_), _) if self.ql == QueryLanguage::JsonAta => self
                .jsonata_template(o, "ItemSelector", ptr)
                .map(Template::Jsonata),
            (Some(_), Some(_)) => {
                self.key_error(
                    DiagnosticCode::InvalidValue,
                    "A Map state cannot have both 'ItemSelector' and 'Parameters'",
                    &format!("{ptr}/Parameters"),
                );
                self.template(o, "ItemSelector", ptr)
                    .map(Template::JsonPath)
            }
            (Some(_), None) => self
                .template(o, "ItemSelector", ptr)
                .map(Template::JsonPath),
            (None, Some(_)) => self.template(o, "Parameters", ptr).map(Template::JsonPath),
            (None, None) => None,
        };
        let items = match self.ql {
            QueryLanguage::JsonAta => Items::Jsonata(self.jsonata_template(o, "Items", ptr)),
            QueryLanguage::JsonPath => Items::Path(
                self.path_field(o, "ItemsPath", ptr)
                    .flatten()
                    .unwrap_or_else(Path::root),
            ),
        };
        let max_concurrency = self
            .dynamic_u64(o, "MaxConcurrency", ptr)
            .unwrap_or(Dynamic::Literal(0));
        let max_concurrency_path = self.path_field(o, "MaxConcurrencyPath", ptr).flatten();
        Some(Map {
            processor,
            legacy_iterator: legacy,
            distributed,
            items,
            item_selector,
            max_concurrency: Dynamic::either(Some(max_concurrency), max_concurrency_path)
                .unwrap_or(Dynamic::Literal(0)),
            run,
        })
    }

    /// `Label`, the tolerated failures and `ItemBatcher` (Distributed mode).
    fn map_run_config(&mut self, o: &Object<String, Value>, ptr: &str) -> MapRunConfig {
        let label = self.opt_string(o, "Label", ptr);
        if let Some(l) = &label {
            if l.chars().count() > 40 || crate::names::check_name("label", l).is_err() {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'Label' must be at most 40 characters, without whitespace or special characters",
                    &format!("{ptr}/Label"),
                );
            }
        }
        let percentage = self.dynamic_f64(o, "ToleratedFailurePercentage", ptr);
        if matches!(percentage, Some(Dynamic::Literal(p)) if p > 100.0) {
            self.error(
                DiagnosticCode::InvalidValue,
                "'ToleratedFailurePercentage' must be between 0 and 100",
                &format!("{ptr}/ToleratedFailurePercentage"),
            );
        }
        let item_batcher = match o.get("ItemBatcher") {
            Some(Value::Object(b)) => {
                let bptr = format!("{ptr}/ItemBatcher");
                let max_items = self.dynamic_u64(b, "MaxItemsPerBatch", &bptr);
                let max_items_path = self.path_field(b, "MaxItemsPerBatchPath", &bptr).flatten();
                let max_bytes = self.dynamic_u64(b, "MaxInputBytesPerBatch", &bptr);
                let max_bytes_path = self
                    .path_field(b, "MaxInputBytesPerBatchPath", &bptr)
                    .flatten();
                Some(ItemBatcher {
                    max_items_per_batch: Dynamic::either(max_items, max_items_path),
                    max_input_bytes_per_batch: Dynamic::either(max_bytes, max_bytes_path),
                    batch_input: match self.ql {
                        QueryLanguage::JsonPath => self
                            .template(b, "BatchInput", &bptr)
                            .map(Template::JsonPath),
                        QueryLanguage::JsonAta => self
                            .jsonata_template(b, "BatchInput", &bptr)
                            .map(Template::Jsonata),
                    },
                })
            }
            Some(_) => {
                self.error(
                    DiagnosticCode::InvalidType,
                    "'ItemBatcher' must be an object",
                    &format!("{ptr}/ItemBatcher"),
                );
                None
            }
            None => None,
        };
        let count = self.dynamic_u64(o, "ToleratedFailureCount", ptr);
        let count_path = self
            .path_field(o, "ToleratedFailureCountPath", ptr)
            .flatten();
        let percentage_path = self
            .path_field(o, "ToleratedFailurePercentagePath", ptr)
            .flatten();
        let item_reader = self
            .config_object(o, "ItemReader", ptr)
            .and_then(|r| self.item_reader(r, &format!("{ptr}/ItemReader")));
        let result_writer = self
            .config_object(o, "ResultWriter", ptr)
            .and_then(|w| self.result_writer(w, &format!("{ptr}/ResultWriter")));
        MapRunConfig {
            label,
            tolerated_failure_count: Dynamic::either(count, count_path),
            tolerated_failure_percentage: Dynamic::either(percentage, percentage_path),
            item_batcher,
            item_reader,
            result_writer,
            child_machine_type: Default::default(),
        }
    }

    /// An `ItemReader`'s or `ResultWriter`'s `Parameters` (JSONPath) or `Arguments` (JSONata).
    fn s3_parameters(&mut self, o: &Object<String, Value>, ptr: &str) -> Option<Template> {
        match self.ql {
            QueryLanguage::JsonPath => self.template(o, "Parameters", ptr).map(Template::JsonPath),
            QueryLanguage::JsonAta => self
                .jsonata_template(o, "Arguments", ptr)
                .map(Template::Jsonata),
        }
    }

    /// An object field (`ReaderConfig`, `WriterConfig`), if present; another type is reported.
    fn config_object<'o>(
        &mut self,
        o: &'o Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<&'o Object<String, Value>> {
        match o.get(key) {
            Some(Value::Object(c)) => Some(c),
            Some(_) => {
                self.error(
                    DiagnosticCode::InvalidType,
                    format!("'{key}' must be an object"),
                    &format!("{ptr}/{key}"),
                );
                None
            }
            None => None,
        }
    }

    /// A Map's `ResultWriter` (`ptr` points at it).
    fn result_writer(&mut self, w: &Object<String, Value>, ptr: &str) -> Option<ResultWriter> {
        let resource = self.opt_string(w, "Resource", ptr);
        if let Some(res) = &resource {
            if !res.ends_with(":states:::s3:putObject") {
                self.error(
                    DiagnosticCode::InvalidResource,
                    format!("The ResultWriter resource '{res}' is not supported: use arn:aws:states:::s3:putObject"),
                    &format!("{ptr}/Resource"),
                );
                return None;
            }
        }
        let parameters = self.s3_parameters(w, ptr);
        let empty = Object::new();
        let config = self.config_object(w, "WriterConfig", ptr).unwrap_or(&empty);
        let cptr = format!("{ptr}/WriterConfig");
        let mut pick = |key: &str, allowed: &[&str]| -> Option<String> {
            let v = self.opt_string(config, key, &cptr)?;
            if allowed.contains(&v.as_str()) {
                return Some(v);
            }
            self.error(
                DiagnosticCode::InvalidValue,
                format!("'{key}' must be one of {}", allowed.join(", ")),
                &format!("{cptr}/{key}"),
            );
            None
        };
        let json_lines = pick("OutputType", &["JSON", "JSONL"]).as_deref() == Some("JSONL");
        let transformation =
            match pick("Transformation", &["NONE", "COMPACT", "FLATTEN"]).as_deref() {
                Some("COMPACT") => Transformation::Compact,
                Some("FLATTEN") => Transformation::Flatten,
                _ => Transformation::None,
            };
        if resource.is_none() && config.is_empty() {
            self.error(
                DiagnosticCode::MissingField,
                "A ResultWriter needs a 'Resource' (with 'Parameters') or a 'WriterConfig'",
                ptr,
            );
        }
        if resource.is_some() && parameters.is_none() {
            self.error(
                DiagnosticCode::MissingField,
                "These fields are required: [Parameters]",
                ptr,
            );
        }
        Some(ResultWriter {
            parameters: if resource.is_some() { parameters } else { None },
            json_lines,
            transformation,
        })
    }

    /// A Map's `ItemReader` (`ptr` points at it).
    fn item_reader(&mut self, r: &Object<String, Value>, ptr: &str) -> Option<ItemReader> {
        let resource = self.opt_string(r, "Resource", ptr);
        let source = match resource.as_deref() {
            Some(res) if res.ends_with(":states:::s3:getObject") => ReaderSource::GetObject,
            Some(res) if res.ends_with(":states:::s3:listObjectsV2") => ReaderSource::ListObjects,
            Some(res) => {
                self.error(
                    DiagnosticCode::InvalidResource,
                    format!("The ItemReader resource '{res}' is not supported: use arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2"),
                    &format!("{ptr}/Resource"),
                );
                return None;
            }
            None => {
                self.error(
                    DiagnosticCode::MissingField,
                    "These fields are required: [Resource]",
                    ptr,
                );
                return None;
            }
        };
        let parameters = self.s3_parameters(r, ptr);
        let empty = Object::new();
        let config = self.config_object(r, "ReaderConfig", ptr).unwrap_or(&empty);
        let cptr = format!("{ptr}/ReaderConfig");
        let choice = |b: &mut Self, key: &str, allowed: &[&str]| -> Option<String> {
            let v = b.opt_string(config, key, &cptr)?;
            if allowed.contains(&v.as_str()) {
                Some(v)
            } else {
                b.error(
                    DiagnosticCode::InvalidValue,
                    format!("'{key}' must be one of {}", allowed.join(", ")),
                    &format!("{cptr}/{key}"),
                );
                None
            }
        };
        let input_type = match choice(
            self,
            "InputType",
            &["JSON", "JSONL", "CSV", "MANIFEST", "PARQUET"],
        )
        .as_deref()
        {
            Some("JSONL") => InputType::Jsonl,
            Some("CSV") => InputType::Csv,
            Some("MANIFEST") => InputType::Manifest,
            Some("PARQUET") => {
                self.unsupported(
                    "'InputType: PARQUET' is not supported by the playground yet".to_string(),
                    &format!("{cptr}/InputType"),
                );
                InputType::Json
            }
            _ => InputType::Json,
        };
        if source == ReaderSource::GetObject
            && !config.contains_key("InputType")
            && !config.is_empty()
        {
            self.error(
                DiagnosticCode::MissingField,
                "These fields are required: [InputType]",
                &cptr,
            );
        }
        let location = choice(self, "CSVHeaderLocation", &["FIRST_ROW", "GIVEN"]);
        let headers = match config.get("CSVHeaders") {
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => Some(
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect::<Vec<_>>(),
            ),
            Some(_) => {
                self.error(
                    DiagnosticCode::InvalidType,
                    "'CSVHeaders' must be an array of strings",
                    &format!("{cptr}/CSVHeaders"),
                );
                None
            }
            None => None,
        };
        let csv_headers = match (location.as_deref(), headers) {
            (Some("GIVEN"), Some(h)) => Some(h),
            (Some("GIVEN"), None) => {
                self.error(
                    DiagnosticCode::MissingField,
                    "'CSVHeaderLocation: GIVEN' needs 'CSVHeaders'",
                    &cptr,
                );
                None
            }
            (_, Some(_)) => {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'CSVHeaders' are only read with 'CSVHeaderLocation: GIVEN'",
                    &format!("{cptr}/CSVHeaders"),
                );
                None
            }
            (_, None) => None,
        };
        let csv_delimiter = match choice(
            self,
            "CSVDelimiter",
            &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
        )
        .as_deref()
        {
            Some("PIPE") => '|',
            Some("SEMICOLON") => ';',
            Some("SPACE") => ' ',
            Some("TAB") => '\t',
            _ => ',',
        };
        let max = self.dynamic_u64(config, "MaxItems", &cptr);
        let max_path = self.path_field(config, "MaxItemsPath", &cptr).flatten();
        Some(ItemReader {
            source,
            parameters,
            input_type,
            csv_headers,
            csv_delimiter,
            max_items: Dynamic::either(max, max_path),
        })
    }
}
