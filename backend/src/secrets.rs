//! Secrets Kura needs to run. In embedded mode they are generated once and kept in the
//! data directory, so a fresh install needs no setup; with PostgreSQL they must be given,
//! because every replica has to share them.

use std::{fmt, fs, io::Write, path::Path};

use base64::Engine;
use rand::RngCore;

/// A secret value that never prints itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    const MIN_LEN: usize = 32;

    /// Accepts a configured secret of at least 32 characters.
    pub fn parse(value: String) -> Result<Self, String> {
        let value = value.trim().to_owned();
        if value.chars().count() < Self::MIN_LEN {
            return Err(format!(
                "must be at least {} characters (generate one with `openssl rand -base64 48`)",
                Self::MIN_LEN
            ));
        }
        Ok(Self(value))
    }

    /// The secret's bytes, for signing.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Why a stored secret could not be used.
#[derive(Debug, thiserror::Error)]
#[error("secret file {path}: {reason}")]
pub struct SecretsError {
    path: String,
    reason: String,
}

/// Reads `<data_dir>/secrets/<name>`, creating it with 48 random bytes on first use.
pub fn load_or_generate(data_dir: &Path, name: &str) -> Result<Secret, SecretsError> {
    let dir = data_dir.join("secrets");
    let path = dir.join(name);
    let fail = |reason: String| SecretsError {
        path: path.display().to_string(),
        reason,
    };
    match fs::read_to_string(&path) {
        Ok(existing) => return Secret::parse(existing).map_err(fail),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e.to_string())),
    }
    fs::create_dir_all(&dir).map_err(|e| fail(e.to_string()))?;
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    let value = base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => file
            .write_all(value.as_bytes())
            .map_err(|e| fail(e.to_string()))?,
        // Another process started at the same moment and won the race: use its secret.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let existing = fs::read_to_string(&path).map_err(|e| fail(e.to_string()))?;
            return Secret::parse(existing).map_err(fail);
        }
        Err(e) => return Err(fail(e.to_string())),
    }
    Secret::parse(value).map_err(fail)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_secret_is_kept_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_generate(dir.path(), "jwt_secret").unwrap();
        let second = load_or_generate(dir.path(), "jwt_secret").unwrap();
        assert_eq!(first, second);
        assert!(first.expose().len() >= 32);
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::parse("x".repeat(40)).unwrap();
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }
}
