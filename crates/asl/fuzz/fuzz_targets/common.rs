//! Shared fixtures for the fuzz targets: a state input and a context object that paths and
//! intrinsic calls are evaluated against.

#![allow(dead_code)] // each target uses only part of it

use serde_json::{json, Value};

/// An input with every JSON type, nesting, arrays of objects and awkward names.
pub fn input() -> Value {
    json!({
        "a": {"b": {"c": 1}, "list": [1, 2, 3]},
        "who": "bob",
        "n": 3.5,
        "neg": -2,
        "big": 1e300,
        "t": true,
        "z": null,
        "s": "a,b,c",
        "json": "{\"k\":[1,2]}",
        "b64": "aGVsbG8=",
        "items": [
            {"id": 1, "price": 8.95, "tag": "x", "who": "bob"},
            {"id": 2, "price": 12.99, "who": "meg"},
            {"id": 3, "price": 22, "tag": null, "who": "joe"}
        ],
        "matrix": [[1, 2], [3, [4, [5]]]],
        "odd keys": {"a.b": 1, "[0]": 2, "'q'": 3, "": 4, "ü": 5},
        "empty": {}, "arr": []
    })
}

/// A context object as the executor builds it (`$$`), with workflow variables.
pub fn context() -> Value {
    let mut c = json!({
        "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:M:e", "Input": input(),
                      "Name": "e", "StartTime": "2024-01-01T00:00:00.000Z"},
        "State": {"Name": "S", "EnteredTime": "2024-01-01T00:00:00.000Z", "RetryCount": 0},
        "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:M", "Name": "M"},
        "Map": {"Item": {"Index": 0, "Value": {"who": "bob"}}}
    });
    c[asl::path::VARIABLES] = json!({"x": 1, "name": "meg", "obj": {"k": [1, 2]}});
    c
}
