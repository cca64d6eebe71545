//! The handler host script (`static/handler-host.js`), embedded in the binary so `aslplay`
//! works from any directory, and written to a temporary file for `node` to run.

use std::path::PathBuf;

/// The handler host script.
pub const HOST_SCRIPT: &str = include_str!("../../../static/handler-host.js");

/// The script written to a fresh temporary file; the file is removed on drop.
pub struct HostScript {
    /// Where it is. The `.cjs` extension makes Node.js run it as a script whatever
    /// `package.json` lies above the temporary directory.
    pub path: PathBuf,
}

impl HostScript {
    /// Writes the script to a fresh file in the temporary directory.
    pub fn write() -> Result<Self, String> {
        let path = std::env::temp_dir().join(format!(
            "aslplay-handler-host-{}-{:08x}.cjs",
            std::process::id(),
            crate::clock::entropy() & 0xFFFF_FFFF
        ));
        std::fs::write(&path, HOST_SCRIPT)
            .map_err(|e| format!("cannot write the handler host to {}: {e}", path.display()))?;
        Ok(Self { path })
    }
}

impl Drop for HostScript {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_removes_the_script() {
        let script = HostScript::write().unwrap();
        let path = script.path.clone();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), HOST_SCRIPT);
        assert!(HOST_SCRIPT.contains("\"ready\""));
        drop(script);
        assert!(!path.exists());
    }
}
