//! A Distributed Map reading its items from the playground's S3 (`ItemReader`): JSON, JSON
//! Lines, CSV (first-row or given headers, delimiters), S3 inventory manifests, bucket
//! listings; `MaxItems`; with `ItemSelector` and `ItemBatcher`; unreadable items fail with
//! `States.ItemReaderFailed`.

mod common;

use asl::host::objects::MemoryObjects;
use asl::Status;
use common::{run_with_objects, Fake};
use serde_json::{json, Value};

/// A Distributed Map whose processor passes its input through, reading with `reader`
/// (`extra` adds Map fields).
fn machine(reader: Value, extra: Value) -> String {
    let mut map = json!({
        "Type": "Map",
        "ItemReader": reader,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}
        },
        "End": true
    });
    if let (Value::Object(m), Value::Object(e)) = (&mut map, extra) {
        m.extend(e);
    }
    json!({"StartAt": "Read", "States": {"Read": map}}).to_string()
}

fn get_object(input_type: &str, key: &str, config: Value) -> Value {
    let mut reader_config = json!({"InputType": input_type});
    if let (Value::Object(m), Value::Object(c)) = (&mut reader_config, config) {
        m.extend(c);
    }
    json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": reader_config,
           "Parameters": {"Bucket": "data", "Key": key}})
}

fn store() -> MemoryObjects {
    let s = MemoryObjects::new();
    s.insert(
        "data",
        "people.csv",
        "name,age\nbob,31\n\"meg, jr\",27\r\njoe,40\n",
        0,
    );
    s.insert(
        "data",
        "people.json",
        r#"[{"n": 1}, {"n": 2}, {"n": 3}]"#,
        0,
    );
    s.insert("data", "people.jsonl", "{\"n\": 1}\n\n{\"n\": 2}\n", 0);
    s.insert("data", "semi.csv", "bob;31\nmeg;27\n", 0);
    s
}

fn run(definition: &str, objects: &MemoryObjects) -> asl::Execution {
    run_with_objects(
        definition,
        json!({"unused": true}),
        &Fake::default(),
        objects,
    )
}

#[test]
fn csv_rows_become_objects_of_strings() {
    let e = run(
        &machine(
            get_object(
                "CSV",
                "people.csv",
                json!({"CSVHeaderLocation": "FIRST_ROW"}),
            ),
            json!({}),
        ),
        &store(),
    );
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    assert_eq!(
        e.output,
        Some(
            json!([{"name": "bob", "age": "31"}, {"name": "meg, jr", "age": "27"}, {"name": "joe", "age": "40"}])
        )
    );
    let started = e
        .history
        .iter()
        .find(|ev| ev.kind == "MapStateStarted")
        .unwrap();
    assert_eq!(started.detail("length"), Some(&json!(3)));
}

#[test]
fn given_headers_and_delimiters() {
    let config = json!({"CSVHeaderLocation": "GIVEN", "CSVHeaders": ["name", "age"], "CSVDelimiter": "SEMICOLON"});
    let e = run(
        &machine(get_object("CSV", "semi.csv", config), json!({})),
        &store(),
    );
    assert_eq!(
        e.output,
        Some(json!([{"name": "bob", "age": "31"}, {"name": "meg", "age": "27"}])),
        "{e:?}"
    );
}

#[test]
fn json_and_json_lines_with_max_items() {
    let e = run(
        &machine(
            get_object("JSON", "people.json", json!({"MaxItems": 2})),
            json!({}),
        ),
        &store(),
    );
    assert_eq!(e.output, Some(json!([{"n": 1}, {"n": 2}])), "{e:?}");
    let e = run(
        &machine(get_object("JSONL", "people.jsonl", json!({})), json!({})),
        &store(),
    );
    assert_eq!(e.output, Some(json!([{"n": 1}, {"n": 2}])), "{e:?}");
}

#[test]
fn item_selector_and_item_batcher_apply_to_the_read_items() {
    let extra = json!({
        "ItemSelector": {"who.$": "$$.Map.Item.Value.name", "index.$": "$$.Map.Item.Index"},
        "ItemBatcher": {"MaxItemsPerBatch": 2}
    });
    let e = run(
        &machine(
            get_object(
                "CSV",
                "people.csv",
                json!({"CSVHeaderLocation": "FIRST_ROW"}),
            ),
            extra,
        ),
        &store(),
    );
    assert_eq!(
        e.output,
        Some(json!([
            {"Items": [{"who": "bob", "index": 0}, {"who": "meg, jr", "index": 1}]},
            {"Items": [{"who": "joe", "index": 2}]}
        ])),
        "{e:?}"
    );
}

#[test]
fn a_listing_gives_the_objects_under_a_prefix() {
    let s = store();
    s.insert("data", "logs/a.txt", "hello", 1_700_000_000_000);
    s.insert("data", "logs/b.txt", "", 1_700_000_000_000);
    let reader = json!({"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "data", "Prefix": "logs/"}});
    let e = run(&machine(reader, json!({})), &s);
    let items = e.output.expect("output");
    assert_eq!(items.as_array().map(Vec::len), Some(2));
    assert_eq!(
        items[0],
        json!({"Etag": "\"5d41402abc4b2a76b9719d911017c592\"", "Key": "logs/a.txt",
               "LastModified": 1_700_000_000_000_i64, "Size": 5, "StorageClass": "STANDARD"})
    );
}

#[test]
fn an_inventory_manifest_reads_its_csv_files() {
    let s = store();
    s.insert(
        "inventory",
        "manifest.json",
        r#"{"sourceBucket": "data", "destinationBucket": "arn:aws:s3:::inventory", "fileFormat": "CSV",
            "fileSchema": "Bucket, Key, Size", "files": [{"key": "inv/1.csv"}, {"key": "inv/2.csv"}]}"#,
        0,
    );
    s.insert("inventory", "inv/1.csv", "\"data\",\"a.txt\",\"5\"\n", 0);
    s.insert("inventory", "inv/2.csv", "\"data\",\"b.txt\",\"0\"\n", 0);
    let mut reader = get_object("MANIFEST", "manifest.json", json!({}));
    reader["Parameters"]["Bucket"] = "inventory".into();
    let e = run(&machine(reader, json!({})), &s);
    assert_eq!(
        e.output,
        Some(
            json!([{"Bucket": "data", "Key": "a.txt", "Size": "5"}, {"Bucket": "data", "Key": "b.txt", "Size": "0"}])
        ),
        "{e:?}"
    );
}

#[test]
fn unreadable_items_fail_with_item_reader_failed() {
    let s = store();
    s.insert("data", "ragged.csv", "a,b\n1,2\n3\n", 0);
    s.insert("data", "object.json", "{\"not\": \"an array\"}", 0);
    for (reader, cause) in [
        (
            get_object(
                "CSV",
                "missing.csv",
                json!({"CSVHeaderLocation": "FIRST_ROW"}),
            ),
            "The specified key does not exist: s3://data/missing.csv",
        ),
        (
            get_object(
                "CSV",
                "ragged.csv",
                json!({"CSVHeaderLocation": "FIRST_ROW"}),
            ),
            "ragged.csv:3: the row has 1 field(s), the header has 2",
        ),
        (
            get_object("JSON", "object.json", json!({})),
            "object.json holds a JSON object, not an array",
        ),
        (
            json!({"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "nope"}}),
            "The specified bucket does not exist: nope",
        ),
    ] {
        let e = run(&machine(reader, json!({})), &s);
        assert_eq!(e.error.as_deref(), Some("States.ItemReaderFailed"), "{e:?}");
        assert!(
            e.cause.as_deref().unwrap_or("").contains(cause),
            "{cause}: {e:?}"
        );
    }
    // A catcher takes it like any other error.
    let mut caught: Value = serde_json::from_str(&machine(
        get_object("JSON", "missing.json", json!({})),
        json!({"Catch": [{"ErrorEquals": ["States.ItemReaderFailed"], "Next": "NoData"}]}),
    ))
    .unwrap();
    caught["States"]["NoData"] = json!({"Type": "Pass", "Result": "no data", "End": true});
    let caught = caught.to_string();
    let e = run(&caught, &s);
    assert_eq!(e.output, Some(json!("no data")), "{e:?}");
}

#[test]
fn a_hundred_thousand_line_csv_is_read() {
    let mut csv = String::from("id,amount\n");
    for i in 0..100_000 {
        csv.push_str(&format!("{i},{}\n", i % 97));
    }
    let s = MemoryObjects::new();
    s.insert("data", "big.csv", csv, 0);
    // The batches' results are over 256 KiB in all: the state keeps their count and the
    // last batch's last item.
    let extra = json!({
        "ItemBatcher": {"MaxItemsPerBatch": 1000},
        "ItemSelector": {"a.$": "$$.Map.Item.Value.amount"},
        "ResultSelector": {"batches.$": "States.ArrayLength($)", "last.$": "$[99].Items[999]"}
    });
    let e = run(
        &machine(
            get_object("CSV", "big.csv", json!({"CSVHeaderLocation": "FIRST_ROW"})),
            extra,
        ),
        &s,
    );
    assert_eq!(e.status, Status::Succeeded, "{:?}", e.error);
    // Row 99,999 has amount 99,999 % 97 = 89.
    assert_eq!(e.output, Some(json!({"batches": 100, "last": {"a": "89"}})));
}

#[test]
fn bad_reader_configurations_are_located() {
    let located = |reader: Value| -> Vec<(String, String)> {
        asl::diagnostics(&machine(reader, json!({})))
            .into_iter()
            .map(|d| (d.code.as_str().to_string(), d.pointer))
            .collect()
    };
    let base = "/States/Read/ItemReader";
    assert!(located(get_object("XML", "k", json!({}))).contains(&(
        "INVALID_VALUE".into(),
        format!("{base}/ReaderConfig/InputType")
    )));
    assert!(located(get_object(
        "CSV",
        "k",
        json!({"CSVHeaderLocation": "GIVEN"})
    ))
    .contains(&("MISSING_FIELD".into(), format!("{base}/ReaderConfig"))));
    assert!(
        located(get_object("CSV", "k", json!({"CSVDelimiter": "DASH"}))).contains(&(
            "INVALID_VALUE".into(),
            format!("{base}/ReaderConfig/CSVDelimiter")
        ))
    );
    assert!(
        located(json!({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {}}))
            .contains(&("INVALID_RESOURCE".into(), format!("{base}/Resource")))
    );
    assert!(located(get_object(
        "CSV",
        "k",
        json!({"CSVHeaderLocation": "FIRST_ROW"})
    ))
    .is_empty());
}

fn object_text(s: &MemoryObjects, bucket: &str, key: &str) -> String {
    String::from_utf8(s.get_object(bucket, key)).unwrap()
}

trait Get {
    fn get_object(&self, bucket: &str, key: &str) -> Vec<u8>;
}

impl Get for MemoryObjects {
    fn get_object(&self, bucket: &str, key: &str) -> Vec<u8> {
        use asl::host::objects::ObjectStore;
        self.get(bucket, key).unwrap_or_else(|| {
            panic!(
                "no s3://{bucket}/{key} in {:?}",
                self.all().iter().map(|o| &o.1).collect::<Vec<_>>()
            )
        })
    }
}

/// A Distributed Map over the people CSV whose children fail for "joe", tolerating one
/// failure, with `writer` as its ResultWriter.
fn written(writer: Value) -> (asl::Execution, MemoryObjects) {
    let s = store();
    let mut def: Value = serde_json::from_str(&machine(
        get_object(
            "CSV",
            "people.csv",
            json!({"CSVHeaderLocation": "FIRST_ROW"}),
        ),
        json!({"ResultWriter": writer, "ToleratedFailureCount": 1}),
    ))
    .unwrap();
    def["States"]["Read"]["ItemProcessor"]["StartAt"] = "Check".into();
    def["States"]["Read"]["ItemProcessor"]["States"] = json!({
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.name", "StringEquals": "joe", "Next": "No"}], "Default": "Echo"},
        "Echo": {"Type": "Pass", "Parameters": {"hello.$": "$.name"}, "End": true},
        "No": {"Type": "Fail", "Error": "NotJoe", "Cause": "joe is out"}
    });
    let e = run(&def.to_string(), &s);
    (e, s)
}

#[test]
fn a_result_writer_lays_the_results_out_as_aws_does() {
    let (e, s) = written(
        json!({"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "runs/"}}),
    );
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    let out = e.output.unwrap();
    let arn = out["MapRunArn"].as_str().unwrap();
    let run_id = arn.rsplit(':').next().unwrap();
    assert!(
        arn.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:Machine/"),
        "{arn}"
    );
    let manifest_key = format!("runs/{run_id}/manifest.json");
    assert_eq!(
        out["ResultWriterDetails"],
        json!({"Bucket": "out", "Key": manifest_key})
    );
    let manifest: Value = serde_json::from_str(&object_text(&s, "out", &manifest_key)).unwrap();
    let succeeded_key = format!("runs/{run_id}/SUCCEEDED_0.json");
    let failed_key = format!("runs/{run_id}/FAILED_0.json");
    let succeeded = object_text(&s, "out", &succeeded_key);
    assert_eq!(manifest["DestinationBucket"], "out");
    assert_eq!(manifest["MapRunArn"], arn);
    assert_eq!(
        manifest["ResultFiles"]["SUCCEEDED"],
        json!([{"Key": succeeded_key, "Size": succeeded.len()}])
    );
    assert_eq!(manifest["ResultFiles"]["PENDING"], json!([]));
    let records: Value = serde_json::from_str(&succeeded).unwrap();
    assert_eq!(records.as_array().map(Vec::len), Some(2));
    let bob = &records[0];
    assert_eq!(bob["Status"], "SUCCEEDED");
    assert_eq!(bob["Input"], "{\"name\":\"bob\",\"age\":\"31\"}");
    assert_eq!(bob["Output"], "{\"hello\":\"bob\"}");
    assert_eq!(bob["InputDetails"], json!({"Included": true}));
    assert!(bob["ExecutionArn"]
        .as_str()
        .unwrap()
        .contains(bob["Name"].as_str().unwrap()));
    let failed: Value = serde_json::from_str(&object_text(&s, "out", &failed_key)).unwrap();
    assert_eq!(
        (
            failed[0]["Status"].as_str(),
            failed[0]["Error"].as_str(),
            failed[0]["Cause"].as_str()
        ),
        (Some("FAILED"), Some("NotJoe"), Some("joe is out"))
    );
}

#[test]
fn compact_json_lines_and_flatten_keep_only_the_outputs() {
    let (e, s) = written(json!({
        "Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": ""},
        "WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}
    }));
    let key = e.output.unwrap()["ResultWriterDetails"]["Key"]
        .as_str()
        .unwrap()
        .replace("manifest.json", "SUCCEEDED_0.json");
    assert_eq!(
        object_text(&s, "out", &key),
        "{\"hello\":\"bob\"}\n{\"hello\":\"meg, jr\"}\n"
    );

    // No Resource: the transformed results are the state's result.
    let (e, _) = written(json!({"WriterConfig": {"Transformation": "COMPACT"}}));
    assert_eq!(
        e.output,
        Some(
            json!([{"hello": "bob"}, {"hello": "meg, jr"}, {"Error": "NotJoe", "Cause": "joe is out"}])
        )
    );
}

#[test]
fn flatten_spreads_each_batchs_array() {
    let mut def: Value = serde_json::from_str(&machine(
        get_object("CSV", "people.csv", json!({"CSVHeaderLocation": "FIRST_ROW"})),
        json!({"ItemBatcher": {"MaxItemsPerBatch": 2}, "ResultWriter": {"WriterConfig": {"Transformation": "FLATTEN"}}}),
    ))
    .unwrap();
    def["States"]["Read"]["ItemProcessor"]["States"]["Echo"]["OutputPath"] = "$.Items".into();
    let e = run(&def.to_string(), &store());
    assert_eq!(
        e.output,
        Some(
            json!([{"name": "bob", "age": "31"}, {"name": "meg, jr", "age": "27"}, {"name": "joe", "age": "40"}])
        ),
        "{e:?}"
    );
}

/// Counts the turns the interpreter offers its host.
#[derive(Default)]
struct Turns(std::cell::Cell<usize>);

impl asl::Observer for Turns {
    fn on_event(&self, _event: &asl::HistoryEvent) {}
    fn take_turn(&self) -> Option<asl::host::LocalBoxFuture<'_, ()>> {
        self.0.set(self.0.get() + 1);
        None
    }
}

#[test]
fn long_item_work_offers_the_host_turns() {
    // 10,000 rows: made into items, selected and batched, each 2,000 at a time between
    // turns (the page draws meanwhile).
    let mut csv = String::from("id\n");
    for i in 0..10_000 {
        csv.push_str(&format!("{i}\n"));
    }
    let s = MemoryObjects::new();
    s.insert("data", "ids.csv", csv, 0);
    let extra = json!({
        "ItemBatcher": {"MaxItemsPerBatch": 500},
        "ItemSelector": {"n.$": "$$.Map.Item.Value.id"},
        "ResultSelector": {"batches.$": "States.ArrayLength($)"}
    });
    let definition = machine(
        get_object("CSV", "ids.csv", json!({"CSVHeaderLocation": "FIRST_ROW"})),
        extra,
    );
    let turns = Turns::default();
    let def = asl::load(&definition).expect("loads");
    let fake = Fake::default();
    let (clock, rng) = (
        asl::host::VirtualClock::new(0),
        asl::host::SplitMix64::new(1),
    );
    let host = asl::Host {
        observer: Some(&turns),
        objects: Some(&s),
        ..asl::Host::new(&fake, &clock, &rng)
    };
    let config = asl::ExecutionConfig::new("Machine", "exec-1");
    let e = asl::block_on(asl::execute(&def, json!({}), &config, host));
    assert_eq!(e.output, Some(json!({"batches": 20})), "{e:?}");
    assert_eq!(turns.0.get(), 3 * (10_000 / 2_000));
}
