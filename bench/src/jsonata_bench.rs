//! `jsonata-bench`: times `crates/jsonata` against the reference jsonata-js 2.0.6 (the npm
//! package, run by Node.js in the same benchmark: `bench/node/jsonata.mjs`) on the JSONata
//! that Step Functions machines typically hold, and prints a Markdown table.
//!
//! ```text
//! jsonata-bench [--node PATH] [--seconds S]
//! ```
//!
//! One *evaluation* is what a state does with an expression it has not seen: parse the text,
//! then evaluate it against the input with `$states` bound (here: the input made a JSONata
//! value, the value made JSON again; jsonata-js works on JavaScript objects as they are). Each side repeats it in batches of
//! about `S/5` seconds (default S = 1) after a warm-up, and reports the median time per
//! evaluation; results are compared (the two must agree). Array workloads run at 1,000, 3,000
//! and 10,000 items, to show how the cost grows with size.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One expression on one input.
struct Workload {
    id: String,
    title: String,
    expression: &'static str,
    input: Value,
}

fn items(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| {
                json!({
                    "sku": format!("SKU-{i:05}"),
                    "name": format!("Item {i}"),
                    "price": (i % 97) as f64 + 0.99,
                    "qty": i % 7,
                    "tags": ["a", "b"],
                })
            })
            .collect(),
    )
}

fn order(n: usize) -> Value {
    json!({
        "order": {
            "id": "ORD-12345",
            "customer": {"name": "Bob", "email": "bob@example.com", "tier": "gold"},
            "status": "draft",
            "draft": true,
            "items": items(n),
        }
    })
}

fn workloads() -> Vec<Workload> {
    let mut out = vec![
        Workload {
            id: "field".into(),
            title: "field access".into(),
            expression: "$states.input.order.customer.name",
            input: order(10),
        },
        Workload {
            id: "string".into(),
            title: "string building".into(),
            expression: "\"Hello, \" & $states.input.order.customer.name & \"! Order \" & $states.input.order.id & \" has \" & $string($count($states.input.order.items)) & \" items.\"",
            input: order(10),
        },
        Workload {
            id: "transform".into(),
            title: "transform (update one field, delete one)".into(),
            expression: "$states.input ~> |order|{\"status\": \"shipped\"}, [\"draft\"]|",
            input: order(10),
        },
    ];
    for n in [1_000, 3_000, 10_000] {
        out.push(Workload {
            id: format!("map-{n}"),
            title: format!("$map over {n} items"),
            expression: "$map($states.input.order.items, function($i) { $i.price * $i.qty })",
            input: order(n),
        });
        out.push(Workload {
            id: format!("filter-{n}"),
            title: format!("$filter over {n} items"),
            expression: "$filter($states.input.order.items, function($i) { $i.qty > 3 }).sku",
            input: order(n),
        });
        out.push(Workload {
            id: format!("sum-{n}"),
            title: format!("$sum of a path over {n} items"),
            expression: "$sum($states.input.order.items.(price * qty))",
            input: order(n),
        });
    }
    out
}

/// Our side: the median seconds per evaluation, and the result.
fn ours(w: &Workload, seconds: f64) -> Result<(f64, Value), String> {
    // As a state evaluates a field: the input becomes a JSONata value once (it is both `$`
    // and `$states.input`), the expression is parsed, evaluated, and its value becomes JSON.
    let once = || -> Result<Value, String> {
        let expression =
            jsonata::Expression::parse(w.expression).map_err(|e| format!("{}: {e}", w.id))?;
        let input = jsonata::Value::from_json(&w.input);
        let mut states = jsonata::value::Object::new();
        states.insert("input".to_string(), input.clone());
        let mut bindings = jsonata::Bindings::new();
        bindings.bind("states", jsonata::Value::object(states));
        let result = expression
            .evaluate_value(input, &bindings)
            .map_err(|e| format!("{}: {e}", w.id))?;
        Ok(result.to_json().unwrap_or(Value::Null))
    };
    let result = once()?;
    let batch = Duration::from_secs_f64(seconds / 5.0);
    let warm = Instant::now();
    while warm.elapsed() < batch {
        once()?;
    }
    let mut per = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < batch {
            once()?;
            n += 1;
        }
        per.push(start.elapsed().as_secs_f64() / f64::from(n));
    }
    per.sort_by(f64::total_cmp);
    Ok((per[2], result))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("jsonata-bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut node = "node".to_string();
    let mut seconds = 1.0;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--node" => node = args.next().ok_or("--node needs a path")?,
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .filter(|s: &f64| *s > 0.0)
                    .ok_or("--seconds needs a positive number")?
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("node/jsonata.mjs");
    let all = workloads();
    let spec: Vec<Value> = all
        .iter()
        .map(|w| json!({"id": w.id, "expression": w.expression, "input": w.input}))
        .collect();
    let mut child = Command::new(&node)
        .arg(&script)
        .arg(seconds.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {node}: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(Value::Array(spec).to_string().as_bytes())
        .map_err(|e| e.to_string())?;
    // Our side runs after the reference's, not beside it: the machine has 2 cores to share.
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{} failed", script.display()));
    }
    let reference: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("reference output: {e}"))?;
    println!("| workload | crates/jsonata | jsonata-js 2.0.6 (Node) | reference / ours |");
    println!("|---|---:|---:|---:|");
    for w in &all {
        let r = &reference[&w.id];
        let (t, result) = ours(w, seconds)?;
        let want = r["result"].clone();
        if want != result {
            return Err(format!(
                "{}: the results differ: ours {result}, reference {want}",
                w.id
            ));
        }
        let theirs = r["seconds"].as_f64().ok_or("reference: no time")?;
        println!(
            "| {} | {} | {} | {:.2}× |",
            w.title,
            show(t),
            show(theirs),
            theirs / t
        );
    }
    Ok(())
}

fn show(seconds: f64) -> String {
    if seconds < 1e-3 {
        format!("{:.1} µs", seconds * 1e6)
    } else {
        format!("{:.2} ms", seconds * 1e3)
    }
}
