//! A Distributed Map's `ItemReader`: its items read from the playground's S3
//! ([`crate::host::objects`]) instead of the state's input — a JSON array, JSON Lines, CSV
//! (with the first row or given headers, any of AWS's delimiters), an S3 inventory manifest,
//! or the listing of a bucket's objects under a prefix — at most `MaxItems` of them. What
//! cannot be read fails the state with `States.ItemReaderFailed`.

use serde_json::{json, Map, Value};

use super::io::integer;
use super::machine::StateVisit;
use super::Run;
use crate::definition::{InputType, ItemReader, ReaderSource, Template};
use crate::errors::RuntimeError;
use crate::host::objects::ObjectStore;
use crate::payload;

/// The error of an `ItemReader` that could not read its items.
pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";

fn failed(cause: impl Into<String>) -> RuntimeError {
    RuntimeError::new(ITEM_READER_FAILED, cause)
}

impl Run<'_> {
    /// The items `reader` reads, for the Map state of `visit` whose effective input is
    /// `effective`.
    pub(super) async fn read_items(
        &self,
        visit: &StateVisit<'_>,
        reader: &ItemReader,
        effective: &Value,
    ) -> Result<Vec<Value>, RuntimeError> {
        let (state, entered) = (visit.state, visit.entered);
        let at = |e| self.in_state(state, entered, e);
        let parameters = match &reader.parameters {
            Some(Template::JsonPath(t)) => {
                payload::evaluate_with(t, effective, &visit.context, self.host.rng).map_err(at)?
            }
            Some(Template::Jsonata(t)) => t
                .evaluate("ItemReader/Arguments", &self.scope(visit))
                .map_err(at)?,
            None => Value::Object(Map::new()),
        };
        let max = match &reader.max_items {
            Some(d) => d
                .resolve(&self.scope(visit), "MaxItems", integer("MaxItemsPath"))
                .map_err(at)?,
            None => 0,
        };
        let text = |field: &str| parameters.get(field).and_then(Value::as_str);
        let Some(bucket) = text("Bucket") else {
            return Err(at(failed(
                "The ItemReader's Parameters must name a 'Bucket'",
            )));
        };
        let store = self.host.objects;
        let mut items = match reader.source {
            ReaderSource::ListObjects => list(store, bucket, text("Prefix").unwrap_or(""))?,
            ReaderSource::GetObject => {
                let Some(key) = text("Key") else {
                    return Err(at(failed("The ItemReader's Parameters must name a 'Key'")));
                };
                let body = get(store, bucket, key)?;
                match reader.input_type {
                    InputType::Json => json_array(&body, key)?,
                    InputType::Jsonl => json_lines(&body, key)?,
                    InputType::Csv => {
                        let (headers, rows) = csv_table(
                            &body,
                            key,
                            reader.csv_delimiter,
                            reader.csv_headers.as_deref(),
                        )?;
                        let mut items = Vec::with_capacity(rows.len());
                        for (k, (line, fields)) in rows.into_iter().enumerate() {
                            if k % TURN_ITEMS == TURN_ITEMS - 1 {
                                self.take_turn().await;
                            }
                            items.push(csv_object(key, &headers, line, fields)?);
                        }
                        items
                    }
                    InputType::Manifest => manifest(store, &body, key)?,
                }
            }
        };
        if max > 0 {
            items.truncate(usize::try_from(max).unwrap_or(usize::MAX));
        }
        Ok(items)
    }
}

/// An object's content, or why there is none.
fn get(store: Option<&dyn ObjectStore>, bucket: &str, key: &str) -> Result<Vec<u8>, RuntimeError> {
    store
        .and_then(|s| s.get(bucket, key))
        .ok_or_else(|| failed(format!("The specified key does not exist: s3://{bucket}/{key} (Service: S3, Status Code: 404, Error Code: NoSuchKey)")))
}

/// `ListObjectsV2`'s objects as items: `Etag`, `Key`, `LastModified`, `Size`, `StorageClass`.
fn list(
    store: Option<&dyn ObjectStore>,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<Value>, RuntimeError> {
    let objects = store.and_then(|s| s.list(bucket, prefix)).ok_or_else(|| {
        failed(format!("The specified bucket does not exist: {bucket} (Service: S3, Status Code: 404, Error Code: NoSuchBucket)"))
    })?;
    Ok(objects
        .into_iter()
        .map(|o| {
            json!({
                "Etag": o.etag,
                "Key": o.key,
                // The Developer Guide's example gives milliseconds since the epoch.
                "LastModified": o.last_modified_ms,
                "Size": o.size,
                "StorageClass": "STANDARD",
            })
        })
        .collect())
}

/// The content as UTF-8 text (a gzip file, `.gz`, inflated first).
fn text_of(body: &[u8], key: &str) -> Result<String, RuntimeError> {
    let inflated;
    let bytes = if body.starts_with(&[0x1f, 0x8b]) {
        inflated = gunzip(body).ok_or_else(|| failed(format!("{key} is not a valid gzip file")))?;
        &inflated[..]
    } else {
        body
    };
    String::from_utf8(bytes.to_vec()).map_err(|_| failed(format!("{key} is not UTF-8 text")))
}

/// Inflates a gzip member (RFC 1952): its header, then raw deflate.
fn gunzip(body: &[u8]) -> Option<Vec<u8>> {
    let flags = *body.get(3)?;
    let mut at = 10usize;
    if flags & 0x04 != 0 {
        let len = usize::from(*body.get(at)?) | usize::from(*body.get(at + 1)?) << 8;
        at += 2 + len;
    }
    for bit in [0x08, 0x10] {
        if flags & bit != 0 {
            at += body.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & 0x02 != 0 {
        at += 2;
    }
    miniz_oxide::inflate::decompress_to_vec(body.get(at..)?).ok()
}

/// A JSON array's elements.
fn json_array(body: &[u8], key: &str) -> Result<Vec<Value>, RuntimeError> {
    let text = text_of(body, key)?;
    match crate::parse_json(&text) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(other) => Err(failed(format!(
            "{key} holds a JSON {}, not an array (InputType JSON reads an array)",
            crate::query::json_type(&other)
        ))),
        Err(d) => Err(failed(format!(
            "{key}:{}:{}: not JSON: {}",
            d.line, d.column, d.message
        ))),
    }
}

/// One JSON value per non-empty line.
fn json_lines(body: &[u8], key: &str) -> Result<Vec<Value>, RuntimeError> {
    let text = text_of(body, key)?;
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = crate::parse_json(line).map_err(|d| {
            failed(format!(
                "{key}:{}:{}: not JSON: {}",
                n + 1,
                d.column,
                d.message
            ))
        })?;
        items.push(value);
    }
    Ok(items)
}

/// CSV rows as objects of strings, keyed by `headers` or by the first row.
/// A CSV object's header (its first row, or the given one) and its other rows, each with
/// the line it starts on.
type CsvTable = (Vec<String>, Vec<(usize, Vec<String>)>);

/// Reads a CSV object as its header and rows (see [`csv_object`] for each row's item).
fn csv_table(
    body: &[u8],
    key: &str,
    delimiter: char,
    headers: Option<&[String]>,
) -> Result<CsvTable, RuntimeError> {
    let text = text_of(body, key)?;
    let mut rows = csv_rows(&text, delimiter)
        .map_err(|line| failed(format!("{key}:{line}: a quoted CSV field is not closed")))?;
    let headers: Vec<String> = match headers {
        Some(h) => h.to_vec(),
        None if rows.is_empty() => return Ok((vec![], vec![])),
        None => rows.remove(0).1,
    };
    Ok((headers, rows))
}

/// A CSV row as its item: an object of strings keyed by the header; a row of another width
/// fails, naming its line.
fn csv_object(
    key: &str,
    headers: &[String],
    line: usize,
    fields: Vec<String>,
) -> Result<Value, RuntimeError> {
    if fields.len() != headers.len() {
        return Err(failed(format!(
            "{key}:{line}: the row has {} field(s), the header has {}",
            fields.len(),
            headers.len()
        )));
    }
    let object: Map<String, Value> = headers
        .iter()
        .cloned()
        .zip(fields.into_iter().map(Value::String))
        .collect();
    Ok(Value::Object(object))
}

/// How many items are made between two turns the host may take (see
/// [`crate::Observer::take_turn`]).
pub(super) const TURN_ITEMS: usize = 2_000;

/// The rows of a CSV text (RFC 4180: quoted fields with `""` for a quote, CRLF or LF line
/// ends), each with the line it starts on; an empty line is no row. `Err(line)`: a quoted
/// field starting on that line is not closed.
pub(crate) fn csv_rows(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let mut rows = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut row_line) = (1usize, 1usize);
    let mut chars = text.chars().peekable();
    let mut in_row = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() => {
                let opened = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            field.push(ch);
                        }
                        None => return Err(opened),
                    }
                }
                in_row = true;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                in_row = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if in_row || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    rows.push((row_line, std::mem::take(&mut fields)));
                }
                in_row = false;
                line += 1;
                row_line = line;
            }
            c => {
                field.push(c);
                in_row = true;
            }
        }
    }
    if in_row || !field.is_empty() {
        fields.push(field);
        rows.push((row_line, fields));
    }
    Ok(rows)
}

/// An S3 inventory `manifest.json`: the rows of its CSV files (in its destination bucket),
/// as objects keyed by its `fileSchema`.
fn manifest(
    store: Option<&dyn ObjectStore>,
    body: &[u8],
    key: &str,
) -> Result<Vec<Value>, RuntimeError> {
    let text = text_of(body, key)?;
    let doc = crate::parse_json(&text).map_err(|d| {
        failed(format!(
            "{key}:{}:{}: not JSON: {}",
            d.line, d.column, d.message
        ))
    })?;
    let format = doc
        .get("fileFormat")
        .and_then(Value::as_str)
        .unwrap_or("CSV");
    if format != "CSV" {
        return Err(failed(format!(
            "{key}: the inventory's fileFormat {format} is not supported (CSV is)"
        )));
    }
    let schema: Vec<String> = doc
        .get("fileSchema")
        .and_then(Value::as_str)
        .ok_or_else(|| failed(format!("{key}: the manifest has no fileSchema")))?
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let bucket = doc
        .get("destinationBucket")
        .and_then(Value::as_str)
        .map(|b| b.strip_prefix("arn:aws:s3:::").unwrap_or(b))
        .ok_or_else(|| failed(format!("{key}: the manifest has no destinationBucket")))?;
    let mut items = Vec::new();
    for file in doc
        .get("files")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(file_key) = file.get("key").and_then(Value::as_str) else {
            return Err(failed(format!("{key}: a file of the manifest has no key")));
        };
        let content = get(store, bucket, file_key)?;
        let (headers, rows) = csv_table(&content, file_key, ',', Some(&schema))?;
        for (line, fields) in rows {
            items.push(csv_object(file_key, &headers, line, fields)?);
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_follow_rfc_4180() {
        let rows = csv_rows(
            "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\n\"multi\nline\",z\nlast,",
            ',',
        )
        .unwrap();
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".to_string(), "b".into()]),
                (2, vec!["x,1".into(), "say \"hi\"".into()]),
                (4, vec!["multi\nline".into(), "z".into()]),
                (6, vec!["last".into(), "".into()]),
            ]
        );
        assert_eq!(csv_rows("a\n\"open,\nb", ','), Err(2));
        assert_eq!(csv_rows("a|b", '|').unwrap()[0].1, ["a", "b"]);
    }

    #[test]
    fn gzip_is_inflated() {
        // "hi\n" compressed by gzip(1).
        let gz = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0xc8, 0xe4, 0x02,
            0x00, 0x7a, 0x7a, 0x6f, 0xed, 0x03, 0x00, 0x00, 0x00,
        ];
        assert_eq!(text_of(&gz, "k").unwrap(), "hi\n");
    }
}
