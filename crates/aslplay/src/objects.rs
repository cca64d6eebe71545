//! `--s3 DIR`: the playground's S3 as a directory — each subdirectory a bucket, each file
//! under it an object whose key is its path from the bucket (`DIR/data/in/rows.csv` is
//! `s3://data/in/rows.csv`).

use std::path::{Component, Path, PathBuf};

use asl::host::objects::{etag, ObjectInfo, ObjectStore};

/// Buckets in a directory.
#[derive(Debug)]
pub struct DirObjects {
    root: PathBuf,
}

impl DirObjects {
    /// The buckets under `root` (which must be a directory).
    pub fn new(root: &Path) -> Result<Self, String> {
        if !root.is_dir() {
            return Err(format!("--s3 {}: not a directory", root.display()));
        }
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// The file of an object; `None` for a bucket or key that would leave the bucket's
    /// directory (`..`, an absolute path).
    fn file(&self, bucket: &str, key: &str) -> Option<PathBuf> {
        let bucket_dir = self.bucket(bucket)?;
        let key = Path::new(key);
        key.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then(|| bucket_dir.join(key))
    }

    fn bucket(&self, bucket: &str) -> Option<PathBuf> {
        let ok = !bucket.is_empty()
            && Path::new(bucket)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && !bucket.contains('/');
        ok.then(|| self.root.join(bucket))
    }
}

/// The files under `dir`, as keys relative to `base` (with `/`), in any order.
fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(base, &path, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let key: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((key.join("/"), path));
        }
    }
}

impl ObjectStore for DirObjects {
    fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.file(bucket, key)?).ok()
    }

    fn list(&self, bucket: &str, prefix: &str) -> Option<Vec<ObjectInfo>> {
        let dir = self.bucket(bucket).filter(|d| d.is_dir())?;
        let mut files = Vec::new();
        walk(&dir, &dir, &mut files);
        files.retain(|(k, _)| k.starts_with(prefix));
        files.sort();
        Some(
            files
                .into_iter()
                .filter_map(|(key, path)| {
                    let body = std::fs::read(&path).ok()?;
                    let modified = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
                    Some(ObjectInfo {
                        key,
                        size: body.len() as u64,
                        last_modified_ms: modified,
                        etag: etag(&body),
                    })
                })
                .collect(),
        )
    }

    fn put(&self, bucket: &str, key: &str, body: Vec<u8>) {
        if let Some(file) = self.file(bucket, key) {
            if let Some(parent) = file.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(file, body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_holds_buckets_of_objects() {
        let root = std::env::temp_dir().join(format!("aslplay-objects-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("data/in")).unwrap();
        std::fs::write(root.join("data/in/b.csv"), "x").unwrap();
        std::fs::write(root.join("data/a.json"), "[]").unwrap();
        std::fs::write(root.join("secret.txt"), "no").unwrap();
        let s = DirObjects::new(&root).unwrap();
        assert_eq!(s.get("data", "in/b.csv"), Some(b"x".to_vec()));
        let keys: Vec<String> = s
            .list("data", "")
            .unwrap()
            .into_iter()
            .map(|o| o.key)
            .collect();
        assert_eq!(keys, ["a.json", "in/b.csv"]);
        assert_eq!(s.list("data", "in/").unwrap().len(), 1);
        // Nothing outside a bucket's directory is reachable.
        assert_eq!(s.get("data", "../secret.txt"), None);
        assert_eq!(s.get("..", "secret.txt"), None);
        assert_eq!(s.list("nope", ""), None);
        s.put("out", "run/1.json", b"{}".to_vec());
        assert_eq!(std::fs::read(root.join("out/run/1.json")).unwrap(), b"{}");
        let _ = std::fs::remove_dir_all(&root);
    }
}
