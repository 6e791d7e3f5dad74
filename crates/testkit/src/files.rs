//! Small filesystem helpers for staging plugin bundles and stand-in executables.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Copies the directory tree at `src` into `dst` (created if missing): directories and
/// regular files; symlinks are followed.
///
/// # Errors
/// [`Error::Io`] naming the path that could not be read or written.
pub fn copy_tree(src: &Path, dst: &Path) -> Result<()> {
    std::fs::create_dir_all(dst)
        .map_err(|e| Error::io(format!("creating {}", dst.display()), e))?;
    let entries =
        std::fs::read_dir(src).map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
        let from = entry.path();
        let to = dst.join(entry.file_name());
        if from.is_dir() {
            copy_tree(&from, &to)?;
        } else {
            std::fs::copy(&from, &to).map_err(|e| {
                Error::io(format!("copying {} to {}", from.display(), to.display()), e)
            })?;
        }
    }
    Ok(())
}

/// Writes an executable `/bin/sh` stand-in named `name` into `dir` that, when run,
/// appends its arguments to `marker` and exits 0; returns its path. Put `dir` first on
/// the host's `PATH` so that a command which must never run (`aws …`) leaves evidence
/// instead of reaching the real tool.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written or made executable.
pub fn write_standin(dir: &Path, name: &str, marker: &Path) -> Result<PathBuf> {
    let path = dir.join(name);
    let marker = crate::plugin::shell_quote(&marker.to_string_lossy());
    let text = format!(
        "#!/bin/sh\n# hookkit-testkit stand-in: records that it ran, touches nothing else.\nprintf '%s\\n' \"{name} $*\" >> {marker}\nexit 0\n"
    );
    std::fs::write(&path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(format!("chmod {}", path.display()), e))?;
    Ok(path)
}
