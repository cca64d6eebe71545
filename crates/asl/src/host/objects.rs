//! The playground's S3: buckets of objects a Distributed Map reads its items from
//! (`ItemReader`) — files the user uploaded or wrote in the page, a directory in the CLI.
//! [`MemoryObjects`] keeps them in memory.

use std::cell::RefCell;
use std::collections::BTreeMap;

/// One object of a listing (`ListObjectsV2`'s `Contents`).
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectInfo {
    /// Its key.
    pub key: String,
    /// Its size in bytes.
    pub size: u64,
    /// When it was last written (ms since the epoch).
    pub last_modified_ms: i64,
    /// Its entity tag (quoted, as S3 gives it).
    pub etag: String,
}

/// A store of buckets and objects.
pub trait ObjectStore {
    /// The object's content, if the bucket has it.
    fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>>;
    /// The bucket's objects whose keys start with `prefix`, in key order (`None`: no such
    /// bucket).
    fn list(&self, bucket: &str, prefix: &str) -> Option<Vec<ObjectInfo>>;
    /// Writes an object (a bucket is made as needed).
    fn put(&self, bucket: &str, key: &str, body: Vec<u8>);
}

/// A bucket's objects: key → (content, when written in ms since the epoch).
type Bucket = BTreeMap<String, (Vec<u8>, i64)>;

/// Buckets in memory.
#[derive(Debug, Default)]
pub struct MemoryObjects {
    buckets: RefCell<BTreeMap<String, Bucket>>,
    /// The objects [`ObjectStore::put`] wrote, in order (bucket, key).
    written: RefCell<Vec<(String, String)>>,
}

impl MemoryObjects {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an object written at `at_ms`.
    pub fn insert(&self, bucket: &str, key: &str, body: impl Into<Vec<u8>>, at_ms: i64) {
        self.buckets
            .borrow_mut()
            .entry(bucket.to_string())
            .or_default()
            .insert(key.to_string(), (body.into(), at_ms));
    }

    /// The objects written through [`ObjectStore::put`] (an execution's), as
    /// `(bucket, key, content)`, in the order first written.
    pub fn written(&self) -> Vec<(String, String, Vec<u8>)> {
        self.written
            .borrow()
            .iter()
            .filter_map(|(b, k)| Some((b.clone(), k.clone(), self.get(b, k)?)))
            .collect()
    }

    /// Every object, as `(bucket, key, content)`, in order.
    pub fn all(&self) -> Vec<(String, String, Vec<u8>)> {
        self.buckets
            .borrow()
            .iter()
            .flat_map(|(b, objects)| {
                objects
                    .iter()
                    .map(move |(k, (body, _))| (b.clone(), k.clone(), body.clone()))
            })
            .collect()
    }
}

/// S3's entity tag of a simple upload: the content's MD5, quoted.
pub fn etag(body: &[u8]) -> String {
    use md5::{Digest, Md5};
    let digest = Md5::digest(body);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

impl ObjectStore for MemoryObjects {
    fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.buckets
            .borrow()
            .get(bucket)?
            .get(key)
            .map(|(body, _)| body.clone())
    }

    fn list(&self, bucket: &str, prefix: &str) -> Option<Vec<ObjectInfo>> {
        let buckets = self.buckets.borrow();
        let objects = buckets.get(bucket)?;
        Some(
            objects
                .range(prefix.to_string()..)
                .take_while(|(k, _)| k.starts_with(prefix))
                .map(|(k, (body, at))| ObjectInfo {
                    key: k.clone(),
                    size: body.len() as u64,
                    last_modified_ms: *at,
                    etag: etag(body),
                })
                .collect(),
        )
    }

    fn put(&self, bucket: &str, key: &str, body: Vec<u8>) {
        self.insert(bucket, key, body, 0);
        let mut written = self.written.borrow_mut();
        if !written.iter().any(|(b, k)| b == bucket && k == key) {
            written.push((bucket.to_string(), key.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_by_prefix_in_key_order() {
        let s = MemoryObjects::new();
        s.insert("b", "data/2.csv", "x", 5);
        s.insert("b", "data/1.csv", "hello", 7);
        s.insert("b", "other.txt", "", 0);
        let keys: Vec<String> = s
            .list("b", "data/")
            .unwrap()
            .into_iter()
            .map(|o| o.key)
            .collect();
        assert_eq!(keys, ["data/1.csv", "data/2.csv"]);
        let first = &s.list("b", "data/1").unwrap()[0];
        assert_eq!((first.size, first.last_modified_ms), (5, 7));
        assert_eq!(first.etag, "\"5d41402abc4b2a76b9719d911017c592\"");
        assert_eq!(s.list("nope", ""), None);
        assert_eq!(s.get("b", "other.txt"), Some(vec![]));
        assert!(s.written().is_empty());
        s.put("b", "out/1.json", b"[]".to_vec());
        s.put("b", "out/1.json", b"[1]".to_vec());
        assert_eq!(
            s.written(),
            vec![("b".into(), "out/1.json".into(), b"[1]".to_vec())]
        );
    }
}
